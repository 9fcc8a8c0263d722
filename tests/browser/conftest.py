"""The owner console in a real browser: Chromium from Debian (/usr/bin/chromium) driven by
Playwright for Python, against the session's local stack with the Auth emulator and the console
host started on top of it. Screenshots go to .run/screenshots/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import requests

from tests.console_support import Person, business_with_owner, person  # noqa: F401 (the tests import them here)
from tests.factories import ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = ROOT / ".run" / "screenshots"
AXE = ROOT / "console" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(autouse=True)
def _clean(clean_firestore, console, stack):
    from shared.local import auth_users

    auth_users.reset(console["FIREBASE_AUTH_EMULATOR_HOST"], stack.project)
    requests.delete(f"{stack.sinks_url}/_outbox", timeout=5)
    yield


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Playwright's sync API keeps an event loop on this thread while
    it runs: a session-long browser would break later tests that call asyncio.run()."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's (apt-get install -y chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)  # Playwright's 5 s is short on a loaded CI machine; stated bounds stay
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def owner(console, stack):
    made, _ = business_with_owner(console, stack)
    return made


def sign_in(page, console, who: Person) -> None:
    page.goto(console["CONSOLE_URL"] + "/")
    page.get_by_label("Email").fill(who.email)
    page.get_by_label("Password").fill(who.password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("navigation", name="Pages").wait_for()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations of the page as it is now. axe is injected as a
    script element, which the console's CSP forbids: the context that calls this bypasses CSP."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in found if v["impact"] in ("serious", "critical")]
