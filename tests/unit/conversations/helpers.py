"""Helpers the conversation tests share."""

import datetime as dt
import re

from tests import clock

# For a test whose premise needs a time of day (times still left today, a Saturday in the coming
# week): a Monday morning in New York, as `@pytest.mark.now(WEEKDAY_MORNING)`.
WEEKDAY_MORNING = "2026-12-07T09:30:00-05:00"


def book_haircut_and_beard_trim(world, business, caller):
    """Ben's haircut tomorrow at 10 and beard trim the day after at 9."""
    world.converse(business, ["book a haircut tomorrow at 10, name is Ben", "yes",
                              "and a beard trim the day after tomorrow at 9", "yes", "bye"], caller=caller)


def weekday_in(days: int) -> str:
    return (clock.local_now("America/New_York") + dt.timedelta(days=days)).strftime("%A")


def offered_minutes(said: str) -> list[int]:
    """'Tomorrow I have 8 AM, 10:15 AM or noon.' -> [480, 615, 720]."""
    times = re.findall(r"\b(\d{1,2})(?::(\d{2}))? (AM|PM)\b|\b(noon)\b", said.split(" I have ", 1)[1])
    return [720 if noon else (int(h) % 12 + (12 if half == "PM" else 0)) * 60 + int(m or 0)
            for h, m, half, noon in times]
