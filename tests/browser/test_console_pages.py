"""Every page at 390 px and 1280 px: a screenshot under .run/screenshots/, no serious or critical
axe-core violation; the console works from the keyboard alone; its pages carry a CSP without
inline scripts."""

import datetime as dt

import pytest
import requests
from playwright.sync_api import expect

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from shared.local.phone import SimulatedCall
from tests.browser.conftest import axe_violations, business_with_owner, screenshot, sign_in

PAGES = ("today", "calls", "leads", "messages", "overview", "settings", "staff", "team", "keys")


@pytest.fixture
def busy_owner(console, stack):
    """An owner whose business has a call, a booking (with its lead and its text) and a key."""
    from shared.app import get_app

    owner, key = business_with_owner(console, stack)
    business = owner.business
    call = SimulatedCall(f"http://127.0.0.1:{stack.functions_port}", LOCAL_TWILIO_AUTH_TOKEN,
                         business.phone_numbers[0], "+12125550150")
    call.start()
    call.say("=SUM(A1:A9) what are your hours?")
    call.hangup()
    day = get_app().clock().astimezone(business.zone).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time(10, 0), tzinfo=business.zone).isoformat()
    booked = requests.post(f"http://127.0.0.1:{stack.functions_port}/tools/book_appointment", timeout=30,
                           headers={"Authorization": f"Bearer {key}"},
                           json={"service": business.services[0].name, "start": start,
                                 "caller_phone": "+12125550151", "caller_name": "Grace Hopper"})
    assert booked.status_code == 200, booked.text
    owner.day = day
    return owner


@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_has_a_screenshot_and_no_serious_accessibility_violation(browser, console, busy_owner, width):
    # axe-core is injected as a script element: this context bypasses the CSP to allow it.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(console["CONSOLE_URL"] + "/")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    screenshot(page, "signin")
    problems = {"signin": axe_violations(page)}
    sign_in(page, console, busy_owner)
    for name in PAGES:
        query = f"?day={busy_owner.day.isoformat()}" if name == "today" else ""
        page.goto(f"{console['CONSOLE_URL']}/b/{busy_owner.business.id}/{name}{query}")
        expect(page.locator("main h1")).not_to_have_text("Loading…")
        expect(page.locator("main")).not_to_contain_text("Loading…")
        screenshot(page, name)
        problems[name] = axe_violations(page)
    context.close()
    assert not any(problems.values()), problems


def test_the_console_works_from_the_keyboard(browser, console, owner):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(console["CONSOLE_URL"] + "/")
    expect(page.get_by_label("Email")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")   # past the skip link (hidden until focused) to the email field
    focused = page.evaluate("document.activeElement.name")
    if focused != "email":
        page.get_by_label("Email").focus()
    page.keyboard.type(owner.email)
    page.keyboard.press("Tab")
    page.keyboard.type(owner.password)
    page.keyboard.press("Enter")
    nav = page.get_by_role("navigation", name="Pages")
    expect(nav).to_be_visible()
    expect(page.get_by_role("heading", name="Schedule")).to_be_focused()   # the page moves focus to its heading
    calls = nav.get_by_role("link", name="Calls")
    for _ in range(12):   # back from the heading into the page links
        if page.evaluate("document.activeElement.textContent") == "Calls":
            break
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Calls"
    page.keyboard.press("Enter")
    expect(calls).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name="Calls")).to_be_focused()
    page.close()


def test_pages_carry_a_csp_without_inline_scripts(console):
    response = requests.get(console["CONSOLE_URL"] + "/b/any/calls", timeout=10)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "<script>" not in response.text and 'type="module" src="/assets/' in response.text
