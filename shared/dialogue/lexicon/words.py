"""Words more than one pattern says, written once here and put into each (their tables test them
where they are used)."""

from __future__ import annotations

# "I can't do Friday any more": a day they booked they can no longer make
CANT_DO_DAY = r"\b(?:can'?t|cannot|won'?t be able to) do (?:\w+day|tomorrow|today|tonight|it)(?: any ?more| after all| now)\b"

NOT_NOW = r"\bnot (?:right )?now\b"

THINK_ABOUT_IT = r"\bthink about it\b"

# "Water's coming through the kitchen ceiling"
THROUGH_CEILING = r"(?:coming|pouring|leaking|dripping) (?:in )?(?:through|from) (?:the|my|our) (?:\w+ )?ceiling"

SMELL_OF_GAS = r"smells? (?:of )?gas"

BOOKING_NOUN = r"(?:appointment|booking|visit|reservation)"
