"""Signing in without a password, against the Firebase Auth emulator: an email link (asked for on
the sign-in page, read back from the emulator's out-of-band codes, opened); Google, offered only
where CONSOLE_GOOGLE_SIGN_IN is set: the button goes to the Google stand-in's OpenID Connect consent
page, whose ID token comes back in the URL fragment and signs in through the Auth emulator (a
forged state or nonce is refused). Someone who signs in but belongs to no business sees "No access"."""

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


def google_consent(page, google_console):
    """The sign-in page's Google button, up to the stand-in's consent page."""
    page.goto(google_console["CONSOLE_URL"] + "/")
    page.get_by_role("button", name="Sign in with Google").click()
    expect(page.get_by_role("heading", name="Sign in with Google")).to_be_visible()
    assert page.url.startswith(google_console["CONSOLE_GOOGLE_AUTH_URI"] + "?")


def test_google_signs_an_invited_person_in(browser, google_console, owner):
    invite(owner.business, "gale@example.com")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    hosts, refused = set(), []
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    google_consent(page, google_console)
    screenshot(page, "google-consent")
    page.get_by_label("Email").fill("gale@example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("navigation", name="Pages")).to_be_visible()
    expect(page.locator("header .who")).to_have_text("gale@example.com (staff)")
    assert "id_token" not in page.url
    assert all(host.startswith("127.0.0.1:") for host in hosts), hosts   # no gapi, no CDN
    assert refused == []
    from shared.app import get_app

    user = auth_user(google_console, "gale@example.com")
    assert [p["providerId"] for p in user["providerUserInfo"]] == ["google.com"]
    assert user["emailVerified"] is True
    listed = get_app().members.list(owner.business.id)
    assert {"uid": user["localId"], "email": "gale@example.com", "role": "staff"}.items() <= \
        next(m for m in listed["members"] if m["email"] == "gale@example.com").items()
    assert "gale@example.com" not in [i["email"] for i in listed["invites"]]
    context.close()


def auth_user(console, email: str) -> dict:
    """The Auth emulator's record of an account (its admin API takes `Bearer owner`)."""
    host, project = console["FIREBASE_AUTH_EMULATOR_HOST"], console["GOOGLE_CLOUD_PROJECT"]
    url = f"http://{host}/identitytoolkit.googleapis.com/v1/projects/{project}/accounts:lookup"
    found = requests.post(url, json={"email": [email]}, headers={"Authorization": "Bearer owner"}, timeout=5).json()
    assert found.get("users"), found
    return found["users"][0]


@pytest.mark.parametrize("field", ["state", "nonce"])
def test_a_forged_google_answer_is_refused(browser, google_console, owner, field):
    invite(owner.business, "gale@example.com")
    context = browser.new_context()
    page = context.new_page()
    google_consent(page, google_console)
    page.evaluate("(name) => { document.querySelector(`input[name=${name}]`).value = 'forged-' + name; }", field)
    page.get_by_label("Email").fill("gale@example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Google's answer does not match the sign-in this browser asked for, so it was refused: try again.")
    expect(page.get_by_role("navigation", name="Pages")).to_have_count(0)
    assert "id_token" not in page.url
    context.close()


def test_google_cancelled_and_a_stranger_by_google(browser, google_console, owner):
    context = browser.new_context()
    page = context.new_page()
    google_consent(page, google_console)
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("alert")).to_have_text("Google sign-in was cancelled.")
    google_consent(page, google_console)
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    expect(page.locator("main")).to_contain_text("signed in as nobody@example.com")
    context.close()
