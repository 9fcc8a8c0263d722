"""Signing in, a call placed with the simulator appearing without a reload, its transcript shown
as text (caller speech is untrusted), and a settings change the next call uses."""

import re

from playwright.sync_api import expect

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from shared.local.phone import SimulatedCall
from tests.browser.conftest import screenshot, sign_in

HOSTILE = "<script>alert(1)</script> =HYPERLINK(\"http://evil.example\",\"x\") what are your hours"


def ring(stack, business, caller="+12125550188"):
    return SimulatedCall(f"http://127.0.0.1:{stack.functions_port}", LOCAL_TWILIO_AUTH_TOKEN,
                         business.phone_numbers[0], caller)


def test_a_new_call_appears_within_five_seconds_and_opens_to_its_transcript(browser, console, stack, owner):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, console, owner)
    page.get_by_role("link", name="Calls").click()
    expect(page.get_by_text("No calls yet.")).to_be_visible()

    call = ring(stack, owner.business)
    call.start()
    call.say(HOSTILE)
    call.hangup()

    row = page.locator("tr[data-call]").first
    expect(row).to_be_visible(timeout=5000)   # no reload: the list polls
    expect(row).to_contain_text("+12125550188")
    screenshot(page, "calls")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile("Call from"))).to_be_visible()
    transcript = page.locator("ol.transcript")
    expect(transcript).to_contain_text("<script>alert(1)</script>")       # shown as the characters said
    expect(transcript).to_contain_text('=HYPERLINK("http://evil.example","x")')
    expect(transcript.locator("li.turn")).to_have_count(1)   # the greeting is not a turn
    expect(transcript).to_contain_text("Our hours are")
    assert page.locator("ol.transcript script").count() == 0 and dialogs == []
    screenshot(page, "call")
    page.close()


def test_changed_opening_hours_are_what_the_next_call_hears(browser, console, stack, owner):
    call = ring(stack, owner.business)
    call.start()
    assert "we're open 9 AM to 5 PM" in call.say("what time do you close on Saturday?").text
    call.hangup()   # the functions server now has this config cached

    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, console, owner)
    page.goto(f"{console['CONSOLE_URL']}/b/{owner.business.id}/settings")
    saturday = page.get_by_label("Saturday")
    saturday.fill("17:00-09:00")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#" + saturday.get_attribute("id") + "-error")).to_contain_text("closes at")
    saturday.fill("10:00-14:00")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: hours")
    expect(page.locator("ul.audit")).to_contain_text("settings.update: hours")
    screenshot(page, "settings-saved")
    page.close()

    call = ring(stack, owner.business, caller="+12125550189")
    call.start()
    assert "we're open 10 AM to 2 PM" in call.say("what time do you close on Saturday?").text
    call.hangup()
