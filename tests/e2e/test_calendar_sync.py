"""Two-way Google Calendar sync on the running stack: the functions server, the emulators and the
Google Calendar stand-in, driven through Google's own client library (docs/calendar-sync.md)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

import pytest
import requests

from shared import cli
from tests import clock
from tests.e2e.conftest import Api, register, stored

TEAM = [{"id": "maria", "name": "Maria Lopez", "phone": "+12125550181"},
        {"id": "jo", "name": "Jo Chen", "services": ["Haircut"]},
        {"id": "sam", "name": "Sam Patel", "hours": {"saturday": [{"open": "09:00", "close": "17:00"}]}}]
ANN = "+12125550101"


def control(stack, path: str, body: dict | None = None, method: str | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{stack.calendar_url}/_control/{path}", data=data,
                                     method=method or ("POST" if data else "GET"),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def events(stack, calendar_id: str) -> list[dict]:
    return control(stack, f"calendars/{calendar_id}/events")["events"]


def wait_for(check, timeout: float = 10.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError("timed out waiting")


def connect(business, staff: str | None, calendar_id: str) -> None:
    """As an owner would: the consent link, Google's redirect to calendar_webhook/oauth."""
    argv = ["connect-calendar", business.id, "--calendar-id", calendar_id, "--approve-locally"]
    assert cli.main(argv + (["--staff", staff] if staff else [])) == 0


@pytest.fixture
def team(stack):
    business, key = register(staff=TEAM, transfer_number="+12125550199")
    calendar_id = f"maria-{secrets.token_hex(4)}@example.com"
    connect(business, "maria", calendar_id)
    api = Api(f"http://127.0.0.1:{stack.functions_port}", key, business)
    api.calendar_id = calendar_id
    return api


def event_at(api, day: dt.date, hhmm: str, minutes: int = 60, summary: str = "Dentist") -> dict:
    start = dt.datetime.fromisoformat(api.at(day, hhmm))
    return {"summary": summary, "start": {"dateTime": start.isoformat()},
            "end": {"dateTime": (start + dt.timedelta(minutes=minutes)).isoformat()}}


def offered(api, day: dt.date, hhmm: str, staff: str = "Maria Lopez") -> bool:
    slots = api.call("check_availability", {"service": "Haircut", "date": day.isoformat()}).json()["slots"]
    return any(s["start"] == api.at(day, hhmm) and staff in s["staff"] for s in slots)


def book(api, day, hhmm, staff="Maria", phone=ANN, name="Ann"):
    return api.call("book_appointment", {"service": "Haircut", "start": api.at(day, hhmm), "caller_phone": phone,
                                         "caller_name": name, "staff": staff})


def test_connecting_stores_the_refresh_token_encrypted_and_opens_a_channel(team, firestore_client, stack):
    [connection] = stored(firestore_client, team.business, "calendar_connections")
    assert connection["calendar_id"] == team.calendar_id and connection["resource"] == "maria"
    assert connection["refresh_token_encrypted"].startswith("gAAAA")  # Fernet, never the token itself
    assert "1//" not in json.dumps(connection, default=str)
    assert connection["sync_token"] and connection["last_full_sync_at"]
    channels = [c for c in control(stack, "channels")["channels"] if c["calendar_id"] == team.calendar_id]
    assert [c["id"] for c in channels] == [connection["channel_id"]]
    config = firestore_client.collection("businesses").document(team.business.id).get().to_dict()["config"]
    assert config["staff"][0]["calendar"] == {"provider": "google", "calendar_id": team.calendar_id}
    assert config["staff"][1]["calendar"] is None


def test_an_event_added_in_google_stops_the_time_being_offered_within_5_seconds(team, stack):
    day = team.day(3)
    assert offered(team, day, "10:00")
    began = time.monotonic()
    control(stack, f"calendars/{team.calendar_id}/events", event_at(team, day, "10:00"))
    wait_for(lambda: not offered(team, day, "10:00"), timeout=5.0)
    assert time.monotonic() - began < 5.0
    assert offered(team, day, "10:00", "Jo Chen")  # only Maria's time is taken
    assert book(team, day, "10:00").status_code == 409
    last = events(stack, team.calendar_id)[-1]
    control(stack, f"calendars/{team.calendar_id}/events/{last['id']}", method="DELETE")
    wait_for(lambda: offered(team, day, "10:00"), timeout=5.0)  # deleted in Google: free again


def test_a_booking_appears_once_a_move_patches_it_and_a_cancel_deletes_it(team, stack, firestore_client):
    day = team.day(3)
    booked = book(team, day, "10:00")
    assert booked.status_code == 200
    appointment = booked.json()["appointment"]
    event_id = "vh" + appointment["id"]
    [event] = wait_for(lambda: [e for e in events(stack, team.calendar_id) if e["id"] == event_id])
    assert event["start"]["dateTime"] == team.at(day, "10:00") and "Ann" in event["summary"]
    assert book(team, day, "10:00").json()["created"] is False  # a repeat of the booking: still one event
    time.sleep(1.0)  # the insert's own push has been synced by now
    assert len([e for e in events(stack, team.calendar_id) if e["id"] == event_id]) == 1
    assert stored(firestore_client, team.business, "external_events") == []  # not echoed as a busy block
    assert offered(team, day, "11:00")

    moved = team.call("reschedule_appointment", {"appointment_id": appointment["id"], "caller_phone": ANN,
                                                  "new_start": team.at(day, "14:00")})
    assert moved.status_code == 200 and moved.json()["appointment"]["staff"] == "Maria Lopez"
    wait_for(lambda: [e for e in events(stack, team.calendar_id)
                      if e["id"] == event_id and e["start"]["dateTime"] == team.at(day, "14:00")])
    assert len([e for e in events(stack, team.calendar_id) if e["id"] == event_id]) == 1
    assert offered(team, day, "10:00") and not offered(team, day, "14:00")

    cancelled = team.call("cancel_appointment", {"appointment_id": appointment["id"], "caller_phone": ANN})
    assert cancelled.status_code == 200
    wait_for(lambda: [e for e in events(stack, team.calendar_id)
                      if e["id"] == event_id and e["status"] == "cancelled"])
    assert offered(team, day, "14:00")


def test_a_move_to_another_stylist_leaves_the_first_ones_calendar(team, stack):
    day = team.day(3)
    appointment = book(team, day, "10:00").json()["appointment"]
    event_id = "vh" + appointment["id"]
    wait_for(lambda: [e for e in events(stack, team.calendar_id) if e["id"] == event_id])
    moved = team.call("reschedule_appointment", {"appointment_id": appointment["id"], "caller_phone": ANN,
                                                  "new_start": team.at(day, "10:00"), "staff": "Jo"})
    assert moved.status_code == 200 and moved.json()["appointment"]["staff"] == "Jo Chen"
    wait_for(lambda: [e for e in events(stack, team.calendar_id)
                      if e["id"] == event_id and e["status"] == "cancelled"])


def test_google_failures_are_retried_and_the_event_is_made_once(team, stack):
    day = team.day(4)
    control(stack, "fail", {"method": "POST", "status": 429, "count": 1})
    control(stack, "fail", {"method": "POST", "status": 503, "count": 1})
    appointment = book(team, day, "11:00").json()["appointment"]
    wait_for(lambda: [e for e in events(stack, team.calendar_id) if e["id"] == "vh" + appointment["id"]])
    inserts = [r for r in control(stack, "log")["requests"]
               if r["method"] == "POST" and unquote(r["path"]).endswith(f"{team.calendar_id}/events")]
    assert [r["status"] for r in inserts][-3:] == [429, 503, 200]
    assert len([e for e in events(stack, team.calendar_id) if e["id"] == "vh" + appointment["id"]]) == 1


def sweep(stack, minutes_later: float) -> dict:
    now = clock.now() + dt.timedelta(minutes=minutes_later)
    response = requests.post(f"http://127.0.0.1:{stack.functions_port}/reminders_sweep",
                             json={"now": now.isoformat()}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()["calendars"]


def test_a_missed_push_is_caught_by_the_periodic_sync(team, stack):
    day = team.day(5)
    control(stack, "pushes", {"enabled": False})
    try:
        control(stack, f"calendars/{team.calendar_id}/events", event_at(team, day, "15:00"))
        time.sleep(0.5)
        assert offered(team, day, "15:00")  # nobody told us yet
        assert sweep(stack, 1)["synced"] == 0  # synced a minute ago: not yet due
        assert sweep(stack, 20)["synced"] >= 1
    finally:
        control(stack, "pushes", {"enabled": True})
    assert not offered(team, day, "15:00")


def test_an_expired_sync_token_runs_a_full_sync(team, stack, firestore_client):
    day = team.day(6)
    before = stored(firestore_client, team.business, "calendar_connections")[0]["last_full_sync_at"]
    control(stack, "expire_sync_tokens", {"calendar_id": team.calendar_id})
    control(stack, f"calendars/{team.calendar_id}/events", event_at(team, day, "09:00", 120))
    wait_for(lambda: not offered(team, day, "10:00"), timeout=5.0)
    # the connection is updated just after the busy time is stored
    wait_for(lambda: stored(firestore_client, team.business, "calendar_connections")[0]["last_full_sync_at"] > before)
    gone = [r for r in control(stack, "log")["requests"] if r["status"] == 410]
    assert gone


def test_a_push_with_a_wrong_channel_token_changes_nothing(team, stack, firestore_client):
    day = team.day(3)
    [connection] = stored(firestore_client, team.business, "calendar_connections")
    control(stack, "pushes", {"enabled": False})
    try:
        control(stack, f"calendars/{team.calendar_id}/events", event_at(team, day, "12:00"))
    finally:
        control(stack, "pushes", {"enabled": True})
    url = f"http://127.0.0.1:{stack.functions_port}/calendar_webhook"
    forged = {"X-Goog-Channel-ID": connection["channel_id"], "X-Goog-Resource-State": "exists",
              "X-Goog-Channel-Token": f"{team.business.id}/maria/not-our-signature"}
    assert requests.post(url, headers=forged, timeout=10).status_code == 403
    assert requests.post(url, headers={**forged, "X-Goog-Channel-Token": ""}, timeout=10).status_code == 403
    for token in ("../../x/maria/sig", f"{team.business.id}/../sig", "a b/maria/sig"):
        assert requests.post(url, headers={**forged, "X-Goog-Channel-Token": token}, timeout=10).status_code == 403
    assert requests.post(url, timeout=10).status_code == 422
    assert offered(team, day, "12:00")
    assert stored(firestore_client, team.business, "calendar_connections")[0]["sync_token"] == connection["sync_token"]


def test_a_push_racing_a_call_never_double_books_silently(team, stack, firestore_client):
    day = team.day(3)
    outcomes = []
    for n, hhmm in enumerate(("09:00", "11:00", "13:00", "15:00")):
        with ThreadPoolExecutor(max_workers=2) as pool:
            pushed = pool.submit(control, stack, f"calendars/{team.calendar_id}/events",
                                 event_at(team, day, hhmm, 60, f"Walk-in {n}"))
            booked = pool.submit(book, team, day, hhmm, "Maria", f"+1212555{7000 + n}", f"Caller {n}")
            pushed.result()
            outcomes.append((hhmm, booked.result().status_code))
    time.sleep(2.0)  # every push synced
    alerts = {r["body"] for r in stored(firestore_client, team.business, "notifications")
              if r["kind"] == "staff_alert" and r["channel"] == "sms" and r["to"] == "+12125550181"}
    for hhmm, status in outcomes:
        assert status in (200, 409)
        assert not offered(team, day, hhmm)
        if status == 200:  # the booking won the race: the staff hear of the clash, with both items
            assert any("Calendar clash for Maria Lopez" in a and "Walk-in" in a and "Caller" in a for a in alerts)


def test_the_sweep_renews_a_channel_before_it_expires(team, stack, firestore_client):
    [before] = stored(firestore_client, team.business, "calendar_connections")
    assert sweep(stack, 60 * 24 * 5)["channels_renewed"] == 0  # five days on: a week's channel still has two
    renewed = sweep(stack, 60 * 24 * 6.5)  # within a day of expiry
    assert renewed["channels_renewed"] >= 1
    [after] = stored(firestore_client, team.business, "calendar_connections")
    assert after["channel_id"] != before["channel_id"]
    live = [c["id"] for c in control(stack, "channels")["channels"] if c["calendar_id"] == team.calendar_id]
    assert live == [after["channel_id"]]  # the old one was stopped


def test_a_staff_members_day_off_and_a_business_without_staff(team, stack, api, firestore_client):
    day = team.day(3)  # a Thursday in the default test week: Sam works Saturdays only
    off = team.call("check_availability", {"service": "Haircut", "date": day.isoformat(), "staff": "Sam"}).json()
    assert off["slots"] == [] and off["staff_off"] == "Sam Patel is not working then."
    plain = api.call("check_availability", {"service": "Haircut", "date": day.isoformat()}).json()
    assert plain["slots"] and "staff" not in plain["slots"][0]
    booked = api.call("book_appointment", {"service": "Haircut", "start": api.at(day, "10:00"),
                                           "caller_phone": ANN, "caller_name": "Ann"})
    assert booked.status_code == 200 and "staff" not in booked.json()["appointment"]
    assert stored(firestore_client, api.business, "calendar_connections") == []


def test_a_cancellation_by_text_deletes_the_event_too(team, stack):
    from tests.e2e.test_reminders_and_replies import text

    day = team.day(3)
    phone = "+12125550177"
    appointment = book(team, day, "13:00", phone=phone, name="Pat").json()["appointment"]
    event_id = "vh" + appointment["id"]
    wait_for(lambda: [e for e in events(stack, team.calendar_id) if e["id"] == event_id and e["status"] == "confirmed"])
    text(stack, team.business, "X", sender=phone)
    assert "is cancelled" in text(stack, team.business, "YES", sender=phone)
    wait_for(lambda: [e for e in events(stack, team.calendar_id) if e["id"] == event_id and e["status"] == "cancelled"])
