"""Counts Firestore round trips made while serving one request (for per-turn metrics)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_counts: ContextVar[dict[str, int] | None] = ContextVar("firestore_round_trips", default=None)


def track(*kinds: str):
    """Decorate an adapter method that makes one round trip of each kind ('read', 'write')."""

    def decorate(method):
        @functools.wraps(method)
        def wrapped(*args, **kwargs):
            counts = _counts.get()
            if counts is not None:
                for kind in kinds:
                    counts[kind] = counts.get(kind, 0) + 1
            return method(*args, **kwargs)

        return wrapped

    return decorate


@contextmanager
def counting() -> Iterator[dict[str, int]]:
    counts: dict[str, int] = {"read": 0, "write": 0}
    token = _counts.set(counts)
    try:
        yield counts
    finally:
        _counts.reset(token)
