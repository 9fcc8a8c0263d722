"""How a busy block is stored in a `calendar_days` document's `blocks` map.

An appointment's block is a map {start, end, staff}. An outside calendar's block is one string,
"<start>:<end>:<staff>" in minutes since the epoch: a day can hold many of them, and a string
decodes several times faster than a map of timestamps, so availability reads stay as fast with a
busy Google Calendar as without (bench/calendar_sync.py)."""

from __future__ import annotations

import datetime as dt

from shared.domain.availability import Interval

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


def encode_external(block: Interval) -> str:
    return f"{(block.start - EPOCH) // MINUTE}:{-((EPOCH - block.end) // MINUTE)}:{block.staff}"


def decode(value: dict | str) -> Interval:
    """A stored block of either kind."""
    if isinstance(value, str):
        start, end, staff = value.split(":", 2)
        return Interval(EPOCH + int(start) * MINUTE, EPOCH + int(end) * MINUTE, staff)
    return Interval(value["start"], value["end"], value.get("staff", ""))


def is_external(value: dict | str) -> bool:
    return isinstance(value, str)
