"""Settings as forms: a service's price edited in its row is kept and quoted on the next call; a
bad value shows its error beside its field and nothing is saved; a question added as a row is
answered on a call. Both widths: screenshots and no serious or critical axe-core violation."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.browser.test_console_calls import ring


def settings_page(browser, console, owner, width=1280, **context):
    page = browser.new_context(viewport={"width": width, "height": 900}, **context).new_page()
    sign_in(page, console, owner)
    page.goto(f"{console['CONSOLE_URL']}/b/{owner.business.id}/settings")
    expect(page.locator("li.row[data-path='services.0']")).to_be_visible()
    return page


def stored(business):
    from shared.app import get_app

    return get_app().businesses.get(business.id)


def test_a_price_edited_in_its_row_is_kept_and_the_next_call_quotes_it(browser, console, stack, owner):
    call = ring(stack, owner.business)
    call.start()
    assert "$35" in call.say("how much is a blow dry?").text
    call.hangup()   # the functions server now has this config cached

    page = settings_page(browser, console, owner, width=390)
    row = page.locator("li.row[data-path='services.3']")
    expect(row.get_by_label("Name")).to_have_value("Blow Dry")
    row.get_by_label("Price").fill("42.50")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: services")
    expect(page.locator("ul.audit")).to_contain_text("settings.update: services")
    page.reload()
    row = page.locator("li.row[data-path='services.3']")
    expect(row.get_by_label("Price")).to_have_value("42.5")
    screenshot(page, "settings-services")
    page.context.close()
    assert stored(owner.business).services[3].price == 42.5

    call = ring(stack, owner.business, caller="+12125550190")
    call.start()
    assert "$42.50" in call.say("how much is a blow dry?").text
    call.hangup()


def test_a_bad_value_shows_beside_its_field_and_nothing_is_saved(browser, console, owner):
    before = stored(owner.business)
    page = settings_page(browser, console, owner)
    trim = page.locator("li.row[data-path='services.1']")
    duration = trim.get_by_label("Duration (minutes)")
    duration.fill("7")
    page.get_by_role("button", name="Add a closure or special hours").click()
    closure = page.locator("li.row[data-path='exceptions.0']")
    expect(closure.get_by_label("From")).to_be_focused()
    closure.get_by_label("From").fill("2026-12-24")
    closure.get_by_label("To (optional, for a range)").fill("2026-12-20")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#" + duration.get_attribute("id") + "-error")).to_contain_text("multiple of 5")
    expect(duration).to_have_attribute("aria-invalid", "true")
    expect(duration).to_be_focused()
    expect(closure.locator(".row-error")).to_contain_text("end_date is before date")
    expect(page.get_by_role("status")).to_contain_text("services.1.duration_minutes")
    screenshot(page, "settings-errors")

    # Checks across rows (the Business model's own) land beside their field too.
    duration.fill("20")
    closure.get_by_role("button", name="Remove").click()
    colour = page.locator("li.row[data-path='services.2']")
    name = colour.get_by_label("Name")
    name.fill("haircut")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#" + name.get_attribute("id") + "-error")).to_contain_text("duplicate")
    expect(page.locator("#" + duration.get_attribute("id") + "-error")).to_be_empty()
    expect(name).to_be_focused()
    page.context.close()
    assert stored(owner.business) == before


def test_a_question_added_as_a_row_is_answered_on_the_next_call(browser, console, stack, owner):
    page = settings_page(browser, console, owner)
    page.get_by_role("button", name="Add a question").click()
    added = page.locator("li.row[data-path='faq.6']")
    expect(added.get_by_label("Question")).to_be_focused()   # keyboard: straight into the new row
    page.keyboard.type("Do you have wifi for customers?")
    added.get_by_label("Answer").fill("Yes: free wifi, the password is on the mirror.")
    added.get_by_label("Keywords (comma-separated, optional)").fill("wifi, internet")
    expect(added.get_by_role("heading")).to_have_text("7. Do you have wifi for customers?")
    # Reorder from the keyboard: the new row moves to the top, and so is it saved.
    added.get_by_role("button", name="Move Do you have wifi for customers? up").focus()
    for _ in range(6):
        page.keyboard.press("Enter")
    expect(page.locator("li.row[data-path='faq.0'] h3")).to_have_text("1. Do you have wifi for customers?")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: faq")
    page.context.close()
    assert stored(owner.business).faq[0].question == "Do you have wifi for customers?"

    call = ring(stack, owner.business, caller="+12125550191")
    call.start()
    assert "free wifi" in call.say("do you have wifi?").text
    call.hangup()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_settings_form_at_both_widths_has_no_serious_accessibility_violation(browser, console, owner, width):
    page = settings_page(browser, console, owner, width=width, bypass_csp=True)
    page.get_by_role("button", name="Add a closure or special hours").click()
    page.locator("li.row[data-path='exceptions.0']").get_by_label("Closed or special hours").select_option("special")
    page.locator("li.row[data-path='services.0']").get_by_label("Duration (minutes)").fill("3")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("li.row[data-path='services.0'] .field.invalid .field-error")).to_contain_text("multiple of 5")
    screenshot(page, "settings-form")
    problems = axe_violations(page)
    page.context.close()
    assert not problems, problems
