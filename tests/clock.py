"""The instant the tests run at. The stack's functions and this process share one pinned clock
(VOICEHIVE_CLOCK_START), set back to it before every test: a run does not depend on when it happens.
`TEST_NOW=<ISO instant>` runs the suite as if it were then."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from shared.clock import parse_instant

# A weekday morning in New York (Monday), far from the demo business's holiday closures.
DEFAULT_TEST_NOW = "2026-12-07T09:30:00-05:00"


def test_start() -> dt.datetime:
    return parse_instant(os.environ.get("TEST_NOW") or DEFAULT_TEST_NOW)


def now() -> dt.datetime:
    """The stack's now (UTC), as its functions see it."""
    from shared.app import get_app

    return get_app().clock()


def local_now(zone: str | dt.tzinfo) -> dt.datetime:
    return now().astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone)


def local_today(zone: str | dt.tzinfo) -> dt.date:
    return local_now(zone).date()
