"""Cancelling from the schedule texts the caller (the same path as on a call); an invited staff
member sees the schedule, calls and leads but not the owner's pages; no one sees another business."""

import datetime as dt
import re
import time

import requests
from playwright.sync_api import expect

from tests.browser.conftest import business_with_owner, person, screenshot, sign_in


def book(business, day: dt.date, hhmm: str, phone="+12125550177", name="Ada Lovelace"):
    from shared.app import get_app
    from shared.domain.appointments import Caller

    hour, minute = map(int, hhmm.split(":"))
    start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=business.zone)
    appointment, _ = get_app().calendar.book(business, business.services[0].name, start,
                                             Caller(phone=phone, name=name), "", "api")
    return appointment


def outbox(stack, to: str, seconds: float = 15) -> list[dict]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sent = [m for m in requests.get(f"{stack.sinks_url}/_outbox", timeout=5).json()["sms"] if m["to"] == to]
        if sent:
            return sent
        time.sleep(0.3)
    return []


def test_cancelling_from_the_schedule_texts_the_caller(browser, console, stack, owner):
    from shared.app import get_app

    business = owner.business
    day = get_app().clock().astimezone(business.zone).date() + dt.timedelta(days=2)
    appointment = book(business, day, "11:00")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, console, owner)
    page.goto(f"{console['CONSOLE_URL']}/b/{business.id}/today?day={day.isoformat()}")
    item = page.locator(f"li[data-appointment='{appointment.id}']")
    expect(item).to_contain_text("Ada Lovelace")
    expect(item).to_contain_text("11:00")
    screenshot(page, "schedule")
    item.get_by_text("Cancel", exact=True).click()
    item.get_by_label("Reason (optional)").fill("Stylist is ill")
    item.get_by_role("button", name="Cancel appointment").click()
    expect(page.get_by_role("status")).to_contain_text("Cancelled")
    expect(item).to_contain_text("cancelled")
    texts = outbox(stack, "+12125550177")
    assert texts and "cancel" in texts[0]["body"].lower(), texts
    stored = get_app().calendar.get(business, appointment.id)
    assert stored.status == "cancelled" and stored.history[-1].source == "console"
    page.close()


def test_staff_invited_by_the_owner_cannot_reach_owner_pages_or_other_businesses(browser, console, stack, owner):
    url = console["CONSOLE_URL"]
    business = owner.business
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, console, owner)
    page.get_by_role("link", name="Team").click()
    page.get_by_label("Email").fill("Sam.Staff@Example.com")
    page.get_by_role("button", name="Send invite").click()
    expect(page.locator("table")).to_contain_text("sam.staff@example.com")
    expect(page.locator("table")).to_contain_text("invited")
    screenshot(page, "team")
    page.close()

    staff = person(console, stack, "sam.staff@example.com")   # signs up with the invited, proven email
    other_owner, _ = business_with_owner(console, stack)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, console, staff)
    nav = page.get_by_role("navigation", name="Pages")
    expect(nav.get_by_role("link", name="Calls")).to_be_visible()
    expect(nav.get_by_role("link", name="Leads")).to_be_visible()
    for hidden in ("Settings", "Team", "API keys"):
        expect(nav.get_by_role("link", name=hidden)).to_have_count(0)
    page.goto(f"{url}/b/{business.id}/settings")
    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    expect(page.get_by_text(re.compile("Only the owner"))).to_be_visible()
    page.goto(f"{url}/b/{other_owner.business.id}/calls")
    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    screenshot(page, "no-access")
    context.close()

    api = f"{url}/api/businesses"
    assert requests.get(f"{api}/{business.id}/calls", headers=staff.headers, timeout=10).status_code == 200
    assert requests.get(f"{api}/{business.id}/settings", headers=staff.headers, timeout=10).status_code == 403
    assert requests.put(f"{api}/{business.id}/settings", json={"config": {"greeting": "hi"}},
                        headers=staff.headers, timeout=10).status_code == 403
    assert requests.post(f"{api}/{business.id}/keys", json={"label": "x"}, headers=staff.headers,
                         timeout=10).status_code == 403
    assert requests.get(f"{api}/{other_owner.business.id}/calls", headers=staff.headers, timeout=10).status_code == 403
    assert requests.get(f"{api}/{business.id}/calls", headers=other_owner.headers, timeout=10).status_code == 403

    # Removed by the owner: no access any more.
    removed = requests.delete(f"{api}/{business.id}/members/sam.staff%40example.com", headers=owner.headers, timeout=10)
    assert removed.status_code == 200
    assert requests.get(f"{api}/{business.id}/calls", headers=staff.headers, timeout=10).status_code == 403
