"""Signing in without a password, against the Firebase Auth emulator: an email link (asked for on
the sign-in page, read back from the emulator's out-of-band codes, opened); the Google button is
offered only where CONSOLE_GOOGLE_SIGN_IN is set. Someone who signs in but belongs to no business
sees "No access".

Google's own sign-in (the SDK's pop-up) is not driven here: the Firebase SDK loads Google's gapi
script from apis.google.com for it even against the emulator, which this machine cannot reach
(and the console's CSP does not allow)."""

import os
import signal
import subprocess
import sys
import time

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import ROOT


def invite(business, email: str, role: str = "staff") -> None:
    from shared.app import get_app

    get_app().members.grant(business.id, email, role, by="owner@example.com")


def ask_for_link(page, console, email: str) -> None:
    page.goto(console["CONSOLE_URL"] + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("alert")).to_have_text("Check your inbox: we sent you a sign-in link.")


def sign_in_link(console, stack, email: str) -> str:
    """The link the Auth emulator would have emailed (its REST API lists the out-of-band codes)."""
    url = f"http://{console['FIREBASE_AUTH_EMULATOR_HOST']}/emulator/v1/projects/{stack.project}/oobCodes"
    codes = [c for c in requests.get(url, timeout=5).json()["oobCodes"]
             if c["email"] == email and c["requestType"] == "EMAIL_SIGNIN"]
    assert codes, f"no sign-in link for {email}"
    return codes[-1]["oobLink"]


def test_an_email_link_signs_an_invited_person_in(browser, console, stack, owner):
    invite(owner.business, "sam@example.com")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    ask_for_link(page, console, "sam@example.com")
    page.goto(sign_in_link(console, stack, "sam@example.com"))   # the emulator sends it back to the console
    expect(page.get_by_role("navigation", name="Pages")).to_be_visible()
    expect(page.locator("header .who")).to_have_text("sam@example.com (staff)")
    assert "oobCode" not in page.url
    expect(page.get_by_role("link", name="Settings")).to_have_count(0)
    screenshot(page, "signed-in-by-link")
    context.close()


def test_an_email_link_opened_in_another_browser_asks_which_address(browser, console, stack, owner):
    invite(owner.business, "kim@example.com")
    asking = browser.new_context()
    ask_for_link(asking.new_page(), console, "kim@example.com")
    asking.close()
    page = browser.new_context().new_page()   # nothing remembered here
    page.goto(sign_in_link(console, stack, "kim@example.com"))
    expect(page.get_by_role("heading", name="Finish signing in")).to_be_visible()
    page.get_by_label("Email").fill("kim@example.com")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("header .who")).to_have_text("kim@example.com (staff)")


def test_a_used_link_says_so(browser, console, stack, owner):
    invite(owner.business, "lee@example.com")
    context = browser.new_context()
    page = context.new_page()
    ask_for_link(page, console, "lee@example.com")
    link = sign_in_link(console, stack, "lee@example.com")
    page.goto(link)
    expect(page.get_by_role("navigation", name="Pages")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.evaluate("() => localStorage.setItem('emailForSignIn', 'lee@example.com')")
    page.goto(link)
    expect(page.get_by_role("alert")).to_have_text(
        "That sign-in link was used already or has expired: ask for a new one.")
    context.close()


def test_a_person_of_no_business_sees_no_access_not_an_error(browser, console, stack, owner):
    context = browser.new_context()
    page = context.new_page()
    ask_for_link(page, console, "stranger@example.com")
    page.goto(sign_in_link(console, stack, "stranger@example.com"))
    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    expect(page.locator("main")).to_contain_text("signed in as stranger@example.com")
    expect(page.locator(".form-error")).to_have_count(0)
    page.goto(f"{console['CONSOLE_URL']}/b/{owner.business.id}/calls")
    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    context.close()


def test_google_is_not_offered_unless_configured(browser, console):
    page = browser.new_page()
    with page.expect_response(lambda r: r.url.endswith("/api/config")) as answered:
        page.goto(console["CONSOLE_URL"] + "/")
    assert answered.value.json() == {"google_sign_in": False}
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in with Google")).to_have_count(0)
    page.close()


@pytest.fixture(scope="module")
def google_console(console, stack):
    """A second console host on the same stack with CONSOLE_GOOGLE_SIGN_IN set."""
    from shared.local.stack import free_port

    port = free_port()
    env = {**os.environ, **stack.env(), "CONSOLE_GOOGLE_SIGN_IN": "true"}
    log = open(stack.run_dir / "console-google.log", "w")   # noqa: SIM115 (closed below)
    process = subprocess.Popen([sys.executable, "-m", "shared.local.console_host", "--port", str(port)], env=env,
                               cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/__/firebase/init.json", timeout=2).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        raise AssertionError((stack.run_dir / "console-google.log").read_text()[-2000:])
    yield {**console, "CONSOLE_URL": url}
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(10)
    log.close()


def test_google_is_offered_where_configured(browser, google_console):
    page = browser.new_page()
    page.goto(google_console["CONSOLE_URL"] + "/")
    expect(page.get_by_role("button", name="Sign in with Google")).to_be_visible()
    screenshot(page, "signin-with-google")
    page.close()
