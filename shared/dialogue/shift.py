"""How far a caller asks to move an appointment: "an hour later", "push it back a week"."""

from __future__ import annotations

from shared.dialogue.lexicon.times import SHIFT, SHIFT_COUNTS, SHIFT_PHRASAL, SHIFT_UNITS


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
