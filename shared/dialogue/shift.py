"""How far a caller asks to move an appointment: "an hour later", "push it back a week"."""

from __future__ import annotations

import re

_AMOUNT = r"(\d+|half an|an|a|one|two|three)"
_UNIT = r"(minutes?|mins?|hours?|hrs?|days?|weeks?)"
SHIFT = re.compile(rf"\b{_AMOUNT} {_UNIT} (later|earlier)\b")
SHIFT_COUNTS = {"half an": 0.5, "an": 1, "a": 1, "one": 1, "two": 2, "three": 3}
SHIFT_UNITS = {"m": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60}


# "push it back an hour", "bring it forward 30 minutes", "move my appointment up by half an hour"
SHIFT_PHRASAL = re.compile(r"\b(?:push|move|put|bump|bring|set)\w* (?:it|that|this|me|(?:my|the) \w+)? ?"
                           rf"(back|forward|up|later|earlier)(?: by)? {_AMOUNT} {_UNIT}\b")


def find_shift(text: str) -> int | None:
    """'30 minutes later' -> 30, 'an hour earlier' -> -60, 'push it back a week' -> 10080: how far
    to move an appointment, in minutes."""
    found = SHIFT.search(text)
    if found:
        amount, unit, direction = found.groups()
    else:
        found = SHIFT_PHRASAL.search(text)
        if not found:
            return None
        way, amount, unit = found.groups()
        direction = "later" if way in ("back", "later") else "earlier"
    count = SHIFT_COUNTS[amount] if amount in SHIFT_COUNTS else int(amount)
    minutes = round(count * SHIFT_UNITS[unit[0]])
    return minutes if direction == "later" else -minutes
