"""The console API through HTTP, as the console host serves it (console_api in functions-framework),
with real ID tokens from the Auth emulator: who may do what, validation, the audit log, keys,
CSV export and resending."""

import csv
import io
import time

import pytest
import requests

from tests.console_support import business_with_owner, person


@pytest.fixture(autouse=True)
def _clean(clean_firestore, console, stack):
    from shared.local import auth_users

    auth_users.reset(console["FIREBASE_AUTH_EMULATOR_HOST"], stack.project)
    yield


@pytest.fixture
def owner(console, stack):
    return business_with_owner(console, stack)[0]


def api(console, path: str) -> str:
    return f"{console['CONSOLE_URL']}/api/businesses{path}"


def concrete_routes(business_id: str):
    """Every business route of the console API, with ids filled in: (route, path)."""
    from shared.console.router import routes

    for route in routes():
        path = route.pattern.pattern.strip("^$").replace("\\", "")
        if "(?P<b>" not in path:
            continue
        path = path.replace("(?P<b>[^/]{1,200})", business_id)
        for name in ("sid", "id", "email"):
            path = path.replace(f"(?P<{name}>[^/]{{1,200}})", "x")
        yield route, path


def test_every_request_needs_a_valid_id_token(console, owner):
    url = api(console, f"/{owner.business.id}/calls")
    assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(url, headers={"Authorization": "Bearer not-a-token"}, timeout=10).status_code == 401
    assert requests.get(url, headers=owner.headers, timeout=10).status_code == 200
    me = requests.get(f"{console['CONSOLE_URL']}/api/me", headers=owner.headers, timeout=10).json()
    assert me["businesses"] == [{"id": owner.business.id, "name": owner.business.name, "role": "owner"}]


def test_a_member_of_one_business_gets_403_for_every_route_of_another(console, stack, owner):
    other, _ = business_with_owner(console, stack)
    checked = 0
    for route, path in concrete_routes(other.business.id):
        response = requests.request(route.method, f"{console['CONSOLE_URL']}/api{path}", json={},
                                    headers=owner.headers, timeout=10)
        assert response.status_code == 403, (route.method, path, response.text)
        checked += 1
    assert checked >= 20


def test_staff_get_403_for_owner_routes_and_in_for_the_rest(console, stack, owner):
    staff = person(console, stack, "staff@example.com")
    invited = requests.post(api(console, f"/{owner.business.id}/members"), json={"email": "STAFF@example.com"},
                            headers=owner.headers, timeout=10)
    assert invited.status_code == 200 and invited.json()["invite"]["role"] == "staff"
    owner_only = 0
    for route, path in concrete_routes(owner.business.id):
        response = requests.request(route.method, f"{console['CONSOLE_URL']}/api{path}", json={},
                                    headers=staff.headers, timeout=10)
        if route.access == "owner":
            assert response.status_code == 403, (route.method, path)
            owner_only += 1
        else:
            assert response.status_code != 403, (route.method, path, response.text)
    assert owner_only >= 8


def test_an_unverified_email_does_not_claim_an_invite(console, stack, owner):
    from shared.local import auth_users

    requests.post(api(console, f"/{owner.business.id}/members"), json={"email": "who@example.com"},
                  headers=owner.headers, timeout=10)
    impostor = auth_users.user(console["FIREBASE_AUTH_EMULATOR_HOST"], stack.project, "who@example.com",
                               "secret123", verified=False)
    headers = {"Authorization": f"Bearer {impostor.id_token}"}
    assert requests.get(api(console, f"/{owner.business.id}/calls"), headers=headers, timeout=10).status_code == 403
    me = requests.get(f"{console['CONSOLE_URL']}/api/me", headers=headers, timeout=10).json()
    assert me["businesses"] == []


def test_settings_are_validated_by_the_business_model_and_audited(console, owner, firestore_client):
    import datetime as dt

    url = api(console, f"/{owner.business.id}/settings")
    bad = requests.put(url, json={"config": {"hours": {"monday": [{"open": "18:00", "close": "09:00"}]}}},
                       headers=owner.headers, timeout=10)
    assert bad.status_code == 422 and "closes at" in bad.json()["error"]["fields"]["hours.monday.0"]
    bad = requests.put(url, json={"config": {"transfer_number": "not a number"}}, headers=owner.headers, timeout=10)
    assert bad.status_code == 422 and list(bad.json()["error"]["fields"]) == ["transfer_number"]
    assert requests.put(url, json={"config": {"id": "someone-else"}}, headers=owner.headers,
                        timeout=10).status_code == 422
    good = requests.put(url, json={"config": {"greeting": "Hello from the console", "visits_callers": True}},
                        headers=owner.headers, timeout=10)
    assert good.status_code == 200 and good.json()["changed"] == ["greeting", "visits_callers"]
    stored = firestore_client.collection("businesses").document(owner.business.id).get().to_dict()["config"]
    assert stored["greeting"] == "Hello from the console" and stored["visits_callers"] is True
    from shared.app import get_app

    get_app().memories.audit(owner.business.id, {"action": "forget_me", "user_id": "hashed", "memories_deleted": 2,
                                                 "at": get_app().clock() - dt.timedelta(days=1)})
    entries = requests.get(api(console, f"/{owner.business.id}/audit"), headers=owner.headers, timeout=10).json()
    entry, privacy = entries["entries"]
    assert privacy["action"] == "forget_me" and privacy["detail"]["memories_deleted"] == 2
    assert entry["who"] == owner.email and entry["action"] == "settings.update"
    assert entry["detail"]["greeting"] == {"before": owner.business.greeting, "after": "Hello from the console"}


def test_keys_are_shown_once_work_for_the_tools_api_and_stop_when_revoked(console, stack, owner):
    url = api(console, f"/{owner.business.id}/keys")
    made = requests.post(url, json={"label": "Zapier"}, headers=owner.headers, timeout=10).json()
    listed = requests.get(url, headers=owner.headers, timeout=10).json()["keys"]
    assert [k["label"] for k in listed if k["id"] == made["id"]] == ["Zapier"]
    assert made["key"] not in str(listed)
    tools = f"http://127.0.0.1:{stack.functions_port}/tools"
    assert requests.get(tools, headers={"Authorization": f"Bearer {made['key']}"}, timeout=10).status_code == 200
    assert requests.delete(f"{url}/{made['id']}", headers=owner.headers, timeout=10).status_code == 200
    assert requests.delete(f"{url}/{made['id']}", headers=owner.headers, timeout=10).status_code == 404
    from shared.app import get_app

    assert get_app().businesses.business_for_key_hash(made["id"]) is None


def test_lead_csv_is_safe_against_formula_injection(console, owner):
    from shared.app import get_app

    get_app().crm.capture(owner.business, phone="+12125550190", name='=HYPERLINK("http://evil","x")',
                          notes="+1 call back; @mention -2", source="call")
    response = requests.get(api(console, f"/{owner.business.id}/leads.csv"), headers=owner.headers, timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil","x")'
    assert rows[0]["notes"].startswith("'+1")
    assert rows[0]["phone"] == "'+12125550190"


def test_a_message_can_be_sent_again(console, stack, owner):
    from shared.app import get_app

    record = get_app().notifier.message(owner.business, "staff_alert", "sms", "+12125550191", "Call Ada back", "k1")
    url = api(console, f"/{owner.business.id}/messages")
    again = requests.post(f"{url}/{record.id}/resend", headers=owner.headers, timeout=10)
    assert again.status_code == 200 and again.json()["notification"]["id"].startswith(f"{record.id}-resent-")
    listed = requests.get(url, headers=owner.headers, timeout=10).json()["notifications"]
    assert {n["id"] for n in listed} == {record.id, again.json()["notification"]["id"]}
    assert requests.post(f"{url}/nope/resend", headers=owner.headers, timeout=10).status_code == 404


def test_the_call_list_pages_newest_first_across_days(console, owner):
    import datetime as dt

    from shared.app import get_app
    from shared.domain.calls import Call

    repository = get_app().calls_repository
    start = dt.datetime(2030, 3, 10, 23, 50, tzinfo=dt.UTC)
    made = []
    for n in range(7):   # 20 minutes apart: across midnight UTC, two or three a day
        at = start + dt.timedelta(hours=9 * n)
        call = Call(call_sid=f"CA{n:032d}", business_id=owner.business.id, caller_phone="+12125550150",
                    dialled=owner.business.phone_numbers[0], started_at=at, updated_at=at)
        repository.create(call)
        made.append(call.call_sid)
    url, seen, cursor = api(console, f"/{owner.business.id}/calls?limit=3"), [], None
    for _ in range(5):
        page = requests.get(url + (f"&cursor={cursor}" if cursor else ""), headers=owner.headers, timeout=10).json()
        seen += [c["call_sid"] for c in page["calls"]]
        cursor = page["cursor"]
        if not cursor:
            break
    assert seen == made[::-1]


def test_a_moved_appointment_leaves_its_old_day(console, owner):
    import datetime as dt

    from shared.app import get_app
    from shared.domain.appointments import Caller

    business, calendar = owner.business, get_app().calendar
    day = get_app().clock().astimezone(business.zone).date() + dt.timedelta(days=3)
    booked, _ = calendar.book(business, business.services[0].name,
                              dt.datetime.combine(day, dt.time(10), tzinfo=business.zone),
                              Caller(phone="+12125550160", name="Ada"), "", "api")
    calendar.reschedule(business, booked.id, "+12125550160",
                        dt.datetime.combine(day + dt.timedelta(days=1), dt.time(11), tzinfo=business.zone), "api")
    url = api(console, f"/{owner.business.id}/appointments")
    first = requests.get(f"{url}?from={day}", headers=owner.headers, timeout=10).json()["appointments"]
    second = requests.get(f"{url}?from={day + dt.timedelta(days=1)}", headers=owner.headers, timeout=10).json()
    assert first == []
    assert [(a["id"], a["start"][11:16]) for a in second["appointments"]] == [(booked.id, "11:00")]


def test_records_from_before_the_console_are_backfilled(console, owner, firestore_client):
    import datetime as dt

    from shared.app import get_app
    from shared.domain.appointments import Caller

    business = owner.business
    day = get_app().clock().astimezone(business.zone).date() + dt.timedelta(days=2)
    booked, _ = get_app().calendar.book(business, business.services[0].name,
                                        dt.datetime.combine(day, dt.time(10), tzinfo=business.zone),
                                        Caller(phone="+12125550161", name="Old"), "", "api")
    lead = get_app().crm.capture(business, phone="+12125550162", name="Older Lead", source="call")
    note = get_app().notifier.message(business, "staff_alert", "sms", "+12125550163", "Call back", "old")
    for _ in range(60):   # sent (its status written) before the read model is taken away
        if get_app().notifier.repo.get(business.id, note.id)[0].status not in ("queued", "sending"):
            break
        time.sleep(0.5)
    root = firestore_client.collection("businesses").document(business.id)
    for kind in ("schedule_days", "lead_scores", "message_days", "console"):   # as if written before the read model
        for snap in root.collection(kind).stream():
            snap.reference.delete()
    urls = {"appointments": api(console, f"/{business.id}/appointments?from={day}"),
            "leads": api(console, f"/{business.id}/leads"), "notifications": api(console, f"/{business.id}/messages")}
    for key, url in urls.items():
        assert requests.get(url, headers=owner.headers, timeout=10).json()[key] == []
    firestore_client.collection("console_users").document(owner.uid).delete()
    me_url = f"{console['CONSOLE_URL']}/api/me"
    assert requests.get(me_url, headers=owner.headers, timeout=10).json()["businesses"] == []
    assert get_app().console_reads.backfill(business.id) == {"calls": 0, "appointments": 1, "leads": 1,
                                                             "notifications": 1, "members": 1, "invites": 0}
    me = requests.get(me_url, headers=owner.headers, timeout=10).json()
    assert [b["id"] for b in me["businesses"]] == [business.id]
    listed = {key: [row["id"] for row in requests.get(url, headers=owner.headers, timeout=10).json()[key]]
              for key, url in urls.items()}
    assert listed == {"appointments": [booked.id], "leads": [lead.id], "notifications": [note.id]}


def test_the_schedule_pages_by_start(console, owner):
    import datetime as dt

    from shared.app import get_app
    from shared.domain.appointments import Caller

    business = owner.business
    day = get_app().clock().astimezone(business.zone).date() + dt.timedelta(days=4)
    booked = [get_app().calendar.book(business, business.services[0].name,
                                      dt.datetime.combine(day, dt.time(hour), tzinfo=business.zone),
                                      Caller(phone=f"+1212555017{hour - 9}", name="Ada"), "", "api")[0].id
              for hour in (14, 10, 12)]
    url = api(console, f"/{business.id}/appointments?from={day}&limit=2")
    first = requests.get(url, headers=owner.headers, timeout=10).json()
    second = requests.get(f"{url}&cursor={first['cursor']}", headers=owner.headers, timeout=10).json()
    assert [a["id"] for a in first["appointments"] + second["appointments"]] == [booked[1], booked[2], booked[0]]
    assert second["cursor"] is None
