"""Time as an input. Services take a `Clock` (a callable answering an aware UTC datetime); the
composition root picks which one: the system's in the cloud, or one pinned to a start instant that
ticks from there (the local stack and the tests), so a run does not depend on when it happens."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def parse_instant(text: str) -> dt.datetime:
    """An ISO 8601 instant with its offset (`2026-12-05T22:50:00-05:00`); ValueError otherwise."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"expected an ISO 8601 instant with an offset, got {text!r}") from None
    if moment.tzinfo is None:
        raise ValueError(f"expected an ISO 8601 instant with an offset, got {text!r}")
    return moment.astimezone(dt.UTC)


class TickingClock:
    """Starts at `start` and moves on with real (monotonic) time; `set` and `advance` jump it."""

    def __init__(self, start: dt.datetime, ticks: bool = True):
        self._lock = threading.Lock()
        self._ticks = ticks
        self.set(start)

    def set(self, moment: dt.datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        with self._lock:
            self._base = moment.astimezone(dt.UTC)
            self._since = time.monotonic()

    def advance(self, delta: dt.timedelta) -> None:
        with self._lock:
            self._base += delta

    def __call__(self) -> dt.datetime:
        with self._lock:
            if not self._ticks:
                return self._base
            return self._base + dt.timedelta(seconds=time.monotonic() - self._since)


def fixed_clock(moment: dt.datetime) -> TickingClock:
    """A clock that stays at `moment` until it is set or advanced."""
    return TickingClock(moment, ticks=False)
