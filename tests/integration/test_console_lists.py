"""The console's leads and messages lists come from its read model (a few documents read by id,
shared/adapters/console_rows.py) and answer what the indexed queries of `search_leads` and
`list_notifications` answer: the same records, in the same order, page by page."""

import pytest
import requests

from tests.console_support import business_with_owner


@pytest.fixture(autouse=True)
def _clean(clean_firestore, console, stack):
    from shared.local import auth_users

    auth_users.reset(console["FIREBASE_AUTH_EMULATOR_HOST"], stack.project)
    yield


@pytest.fixture
def owner(console, stack):
    return business_with_owner(console, stack)[0]


def walk(console, owner, path: str, items: str, cursor_name: str, limit: int) -> list[dict]:
    """Every page of a console list, following its cursor."""
    base = f"{console['CONSOLE_URL']}/api/businesses/{owner.business.id}/{path}"
    found, cursor = [], None
    for _ in range(50):
        joint = "&" if "?" in base else "?"
        url = f"{base}{joint}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = requests.get(url, headers=owner.headers, timeout=10)
        assert response.status_code == 200, response.text
        page = response.json()
        found += page[items]
        cursor = page[cursor_name]
        if not cursor:
            return found
    raise AssertionError("the cursor never ended")


def instant(text: str):
    import datetime as dt

    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def tool(name: str, business, args: dict) -> list[dict]:
    """Every record the tool's indexed query finds (the reference)."""
    from shared.app import get_app
    from shared.tools import registry
    from shared.tools.base import ToolContext

    app = get_app()
    ctx = ToolContext(business, app.calendar, app.crm, source="api", notifier=app.notifier, clock=app.clock)
    key = "leads" if name == "search_leads" else "notifications"
    found, cursor = [], None
    while True:
        page = registry.run(name, {**args, "limit": 100, **({"cursor": cursor} if cursor else {})}, ctx)
        found += page[key]
        cursor = page["next_cursor"]
        if not cursor:
            return found


def test_leads_match_the_indexed_search_for_every_filter(console, owner):
    from shared.app import get_app

    crm, business = get_app().crm, owner.business
    service = business.services[0].name
    for n in range(14):
        name = f"{('Ada Smith', 'Grace Hopper', 'Alan Turing')[n % 3]} {n}"
        crm.capture(business, phone=f"+1212555{n:04d}", name=name,
                    interest=f"{service} soon" if n % 2 else "", notes="prefers mornings" if n % 4 == 0 else "",
                    email=f"c{n}@example.com" if n % 5 == 0 else None, source="call")
    for n in (1, 4, 9):
        crm.update_stage(business, f"+1212555{n:04d}", "qualified", "asked for a quote")
    crm.capture(business, phone="+12125550004", name="Ada Smith 4", email="ada@example.com",
                interest=f"{service} on Friday", notes="call back", source="sms")    # its score moves
    for query, args in (("", {}), ("stage=qualified", {"stage": "qualified"}), ("q=smi", {"text": "smi"}),
                        ("q=ada+mornings", {"text": "ada mornings"}), (f"service={service}", {"service": service}),
                        ("min_score=30", {"min_score": 30})):
        listed = walk(console, owner, f"leads?{query}" if query else "leads", "leads", "next_cursor", 4)
        expected = tool("search_leads", business, args)
        assert [(lead["id"], lead["score"], lead["stage"]) for lead in listed] == \
            [(lead["id"], lead["score"], lead["stage"]) for lead in expected], query
        assert [lead["name"] for lead in listed] == [lead["name"] for lead in expected], query
    everyone = walk(console, owner, "leads", "leads", "next_cursor", 50)
    moved = next(lead for lead in everyone if lead["phone"] == "+12125550004")
    assert moved["email"] == "ada@example.com" and "words" not in moved


def test_a_forgotten_caller_leaves_no_name_in_the_leads_list(console, owner):
    from shared.app import get_app

    crm, business = get_app().crm, owner.business
    crm.capture(business, phone="+12125550170", name="Secret Person", notes="lives nearby", source="call")
    found = walk(console, owner, "leads?q=secret", "leads", "next_cursor", 10)
    assert [lead["name"] for lead in found] == ["Secret Person"]
    crm.anonymise(business, "+12125550170")
    assert walk(console, owner, "leads?q=secret", "leads", "next_cursor", 10) == []
    (row,) = walk(console, owner, "leads", "leads", "next_cursor", 10)
    assert (row["name"], row["notes"], row["stage"], row["phone"]) == ("", "", "lost", "***0170")


def settled(business) -> None:
    """Wait until the queued messages went out and their statuses stopped changing."""
    import time

    last, deadline = None, time.monotonic() + 30
    while time.monotonic() < deadline:
        now = [(n["id"], n["status"]) for n in tool("list_notifications", business, {})]
        if now == last and not any(status in ("queued", "sending") for _, status in now):
            return
        last = now
        time.sleep(1)
    raise AssertionError(f"messages still changing: {last}")


def test_messages_match_the_indexed_listing_newest_first_with_their_status(console, owner, stack):
    from shared.app import get_app

    app, business = get_app(), owner.business
    made = [app.notifier.message(business, ("staff_alert", "missed_call")[n % 2], ("sms", "email")[n % 2],
                                 "+12125550191" if n % 2 == 0 else "owner@example.com", f"Note {n} " + "x" * 400,
                                 f"k{n}") for n in range(9)]
    settled(business)   # sent through the sinks, their status callbacks in
    record, version = app.notifier.repo.get(business.id, made[3].id)
    record.status, record.error = "failed", "30003 unreachable"   # as a status callback would record it
    app.notifier.repo.save(record, version)
    for query, args in (("", {}), ("status=failed", {"status": "failed"}),
                        ("kind=missed_call", {"kind": "missed_call"})):
        listed = walk(console, owner, f"messages?{query}" if query else "messages", "notifications", "next_cursor", 2)
        expected = tool("list_notifications", business, args)
        assert [(n["id"], n["status"], instant(n["created_at"])) for n in listed] == \
            [(n["id"], n["status"], instant(n["created_at"])) for n in expected], query
    failed = walk(console, owner, "messages?status=failed", "notifications", "next_cursor", 10)
    assert [(n["id"], n["error"]) for n in failed] == [(made[3].id, "30003 unreachable")]
    assert len(failed[0]["body"]) <= 300 and failed[0]["body"].endswith("…")


def test_a_filter_that_matches_little_answers_a_short_page_and_goes_on(firestore_client):
    from shared.adapters import console_pages
    from shared.adapters.console_rows import encode

    documents = firestore_client.collection("businesses").document("b-pages").collection("message_days")
    for day in ("2030-01-01", "2030-01-02", "2030-01-03", "2030-01-04"):
        documents.document(day).set({"rows": {f"{day}-{n}": encode({"id": f"{day}-{n}", "at": f"{day}T0{n}",
                                                                    "hit": day.endswith(("01", "04")) and n == 1})
                                               for n in range(3)}})
    days = ["2030-01-04", "2030-01-03", "2030-01-02", "2030-01-01"]
    seen, cursor, pages = [], None, 0
    while True:
        rows, cursor = console_pages.page(firestore_client, documents, days, lambda r: (r["at"], r["id"]), 5, cursor,
                                          (str, str), keep=lambda r: r["hit"], most_rows=3)
        seen += [r["id"] for r in rows]
        pages += 1
        if not cursor:
            break
    assert seen == ["2030-01-04-1", "2030-01-01-1"] and pages > 1
