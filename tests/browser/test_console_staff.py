"""Staff in the console: the owner adds people with their services and a day off, the schedule
shows a column per person and books with one of them (or anyone), a calendar is connected through
Google's consent page (the local stand-in), and staff members cannot edit any of it."""

import datetime as dt

import pytest
import requests
from playwright.sync_api import expect

from shared.domain.business import WEEKDAYS
from tests.browser.conftest import axe_violations, person, screenshot, sign_in


def stored(business):
    from shared.app import get_app

    return get_app().businesses.get(business.id)


def add_staff(page, console, owner, day_off: str):
    page.goto(f"{console['CONSOLE_URL']}/b/{owner.business.id}/staff")
    page.get_by_role("button", name="Add a staff member").click()
    maria = page.locator("li.row[data-path='staff.0']")
    expect(maria.get_by_label("Name")).to_be_focused()
    page.keyboard.type("Maria Lopez")
    maria.get_by_label(f"Works {day_off.capitalize()}").uncheck()
    maria.get_by_label("Breaks every working day").fill("12:00-12:30")
    maria.get_by_role("button", name="Add time off").click()
    holiday = maria.locator("li.row[data-path='staff.0.time_off.0']")
    expect(holiday.get_by_label("From")).to_be_focused()
    holiday.get_by_label("From").fill("2026-12-24")
    holiday.get_by_label("To (optional, for a range)").fill("2026-12-26")
    holiday.get_by_label("Reason").fill("Holiday")
    page.get_by_role("button", name="Add a staff member").click()
    jo = page.locator("li.row[data-path='staff.1']")
    jo.get_by_label("Name").fill("Jo Chen")
    for service in ("Beard Trim", "Hair Colouring", "Blow Dry", "Consultation"):
        jo.get_by_label(service, exact=True).uncheck()
    jo.get_by_label("Monday hours").fill("12:00-17:00")
    page.get_by_role("button", name="Save staff").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: staff")
    expect(page.get_by_role("heading", name="Staff", exact=True)).to_be_focused()


def test_a_staff_member_with_a_day_off_gets_a_column_and_bookings_follow_it(browser, console, stack, owner):
    from shared.app import get_app

    business = owner.business
    day = get_app().clock().astimezone(business.zone).date() + dt.timedelta(days=2)
    day_off = WEEKDAYS[day.weekday()]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, console, owner)
    add_staff(page, console, owner, day_off)
    staff = stored(business).staff
    assert [(m.id, m.name) for m in staff] == [("maria-lopez", "Maria Lopez"), ("jo-chen", "Jo Chen")]
    assert day_off not in staff[0].hours and len(staff[0].hours) == 6 and staff[0].breaks[0].open == dt.time(12)
    assert (staff[0].time_off[0].date, staff[0].time_off[0].end_date) == (dt.date(2026, 12, 24), dt.date(2026, 12, 26))
    assert staff[1].services == ["Haircut"] and staff[1].hours is not None
    assert staff[1].hours["monday"][0].open == dt.time(12) and staff[1].hours["tuesday"][0].open == dt.time(9)
    page.get_by_role("link", name="Settings").click()
    expect(page.locator("ul.audit")).to_contain_text("settings.update: staff")

    page.goto(f"{console['CONSOLE_URL']}/b/{business.id}/today?day={day.isoformat()}")
    expect(page.locator("section.column h3")).to_have_text(["Maria Lopez", "Jo Chen"])
    page.get_by_text("Book an appointment").click()
    form = page.get_by_role("form", name="Book an appointment")
    form.get_by_label("Service").fill("Haircut")
    form.get_by_label("Start").fill(f"{day.isoformat()}T10:00")
    form.get_by_label("With").select_option(label="Maria Lopez")
    form.get_by_label("Name").fill("Ada Lovelace")
    form.get_by_label("Phone").fill("+12125550177")
    form.get_by_role("button", name="Book").click()
    expect(page.locator("#status.error")).to_be_visible()      # her day off
    assert not get_app().appointments.between(business.id, *_bounds(business, day))
    form.get_by_label("With").select_option(label="Anyone free")
    form.get_by_role("button", name="Book").click()
    expect(page.get_by_role("status")).to_contain_text("with Jo Chen")
    jo = page.locator("section.column[data-staff='jo-chen']")
    expect(jo.locator("li.appointment")).to_contain_text("Ada Lovelace")
    expect(page.locator("section.column[data-staff='maria-lopez']")).to_contain_text("Nothing booked.")
    screenshot(page, "schedule-staff")
    page.get_by_role("button", name="Week").click()
    booked = page.locator("li.appointment").filter(has_text="Ada Lovelace")
    expect(booked).to_contain_text("with Jo Chen")

    # Moved to the next day, with Maria (back from her day off).
    booked.get_by_text("Move", exact=True).click()
    booked.get_by_label("New start").fill(f"{(day + dt.timedelta(days=1)).isoformat()}T10:00")
    booked.get_by_label("With").select_option(label="Maria Lopez")
    booked.get_by_role("button", name="Move appointment").click()
    expect(page.get_by_role("status")).to_contain_text("Moved Haircut")
    expect(page.locator("li.appointment").filter(has_text="Ada Lovelace")).to_contain_text("with Maria Lopez")
    (moved,) = get_app().appointments.between(business.id, *_bounds(business, day + dt.timedelta(days=1)))
    assert moved.status == "rescheduled" and moved.staff_id == "maria-lopez"
    page.close()


def _bounds(business, day):
    start = dt.datetime.combine(day, dt.time(0), tzinfo=business.zone)
    return start, start + dt.timedelta(days=1)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_staff_page_and_columns_at_both_widths(browser, console, stack, width):
    from shared.app import get_app
    from tests.browser.conftest import business_with_owner
    from tests.browser.test_console_team_and_schedule import book

    team = [{"id": "maria", "name": "Maria Lopez"}, {"id": "jo", "name": "Jo Chen", "services": ["Haircut"],
                                                       "hours": {"monday": [{"open": "12:00", "close": "17:00"}]}}]
    owner, _ = business_with_owner(console, stack, staff=team)
    business = owner.business
    day = get_app().clock().astimezone(business.zone).date() + dt.timedelta(days=1)
    book(business, day, "10:00")
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, console, owner)
    page.goto(f"{console['CONSOLE_URL']}/b/{business.id}/staff")
    expect(page.locator("li.row")).to_have_count(2)
    screenshot(page, "staff")
    problems = {"staff": axe_violations(page)}
    page.goto(f"{console['CONSOLE_URL']}/b/{business.id}/today?day={day.isoformat()}")
    expect(page.locator("li.appointment")).to_have_count(1)
    page.get_by_label("Show").select_option(label="Jo Chen")
    expect(page.locator("section.column h3")).to_have_text(["Jo Chen"])
    page.get_by_label("Show").select_option(label="Everyone")
    expect(page.locator("section.column h3")).to_have_count(2)
    screenshot(page, "schedule-columns")
    problems["today"] = axe_violations(page)
    context.close()
    assert not any(problems.values()), problems


def test_a_calendar_is_connected_from_the_staff_page_and_kept_by_later_saves(browser, console, stack):
    from tests.browser.conftest import business_with_owner

    owner, _ = business_with_owner(console, stack, staff=[{"id": "maria", "name": "Maria Lopez"}])
    business = owner.business
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, console, owner)
    page.goto(f"{console['CONSOLE_URL']}/b/{business.id}/staff")
    row = page.locator("li.row[data-path='staff.0']")
    expect(row).to_contain_text("No calendar connected")
    with page.expect_popup() as opened:
        row.get_by_role("button", name="Connect Maria Lopez's Google Calendar").click()
    # Google's consent (the stand-in approves at once) redirects to calendar_webhook/oauth: a page
    # that says what was connected and links back to the console.
    google_tab = opened.value
    expect(google_tab.get_by_role("heading")).to_have_text("Google Calendar connected", timeout=20000)
    expect(google_tab.locator("main")).to_contain_text("Maria Lopez's calendar is connected: primary")
    back = google_tab.get_by_role("link", name="go back to the console")
    assert back.get_attribute("href") == f"{console['CONSOLE_URL']}/b/{business.id}/staff"
    google_tab.close()
    assert stored(business).staff[0].calendar.calendar_id == "primary"
    expect(row).to_contain_text("Google Calendar connected: primary", timeout=10000)   # no reload
    expect(page.get_by_role("status")).to_contain_text("Connected Maria Lopez's Google Calendar")
    row.get_by_label("Breaks every working day").fill("13:00-13:30")
    row.get_by_role("button", name="Add time off").click()
    away = row.locator("li.row[data-path='staff.0.time_off.0']")
    away.get_by_label("From").fill("2026-12-24")
    away.get_by_label("To (optional, for a range)").fill("2026-12-20")
    page.get_by_role("button", name="Save staff").click()
    expect(away.locator(".row-error")).to_contain_text("end_date is before date")
    expect(row.locator(":scope > .row-error")).to_be_empty()
    away.get_by_role("button", name="Remove").click()
    page.get_by_role("button", name="Save staff").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: staff")
    kept = stored(business).staff[0]
    assert kept.calendar.calendar_id == "primary" and kept.breaks[0].open.hour == 13
    page.get_by_role("link", name="Settings").click()
    expect(page.locator("ul.audit")).to_contain_text("calendar.connect")
    page.close()

    forged = requests.put(f"{console['CONSOLE_URL']}/api/businesses/{business.id}/settings", headers=owner.headers,
                          json={"config": {"staff": [{"id": "maria", "name": "Maria Lopez",
                                                      "calendar": {"calendar_id": "someone-else@example.com"}}]}},
                          timeout=10)
    assert forged.status_code == 200 and stored(business).staff[0].calendar.calendar_id == "primary"


def test_staff_members_cannot_open_or_change_staff(browser, console, stack, owner):
    from shared.app import get_app

    business = owner.business
    get_app().members.grant(business.id, "kim.staff@example.com", "staff", by=owner.email)
    staff = person(console, stack, "kim.staff@example.com")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, console, staff)
    expect(page.get_by_role("navigation", name="Pages").get_by_role("link", name="Staff")).to_have_count(0)
    page.goto(f"{console['CONSOLE_URL']}/b/{business.id}/staff")
    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    page.close()
    api = f"{console['CONSOLE_URL']}/api/businesses/{business.id}"
    assert requests.put(f"{api}/settings", json={"config": {"staff": [{"id": "kim", "name": "Kim"}]}},
                        headers=staff.headers, timeout=10).status_code == 403
    assert requests.post(f"{api}/calendar/connect", json={}, headers=staff.headers, timeout=10).status_code == 403
    assert stored(business).staff == []
