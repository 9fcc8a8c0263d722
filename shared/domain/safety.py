"""What Roxy says before anything else when a caller describes a danger, whichever engine answers."""

from __future__ import annotations

import re

from shared.domain.business import Business
from shared.domain.calls import Call

GAS = re.compile(r"\b(?:smell(?:s|ing)? (?:of )?gas|gas (?:leak|smell)|leaking gas|smells like gas)\b")
GAS_NOTE = "Gas smell reported"
GAS_LINES = {"US": "call 911", "CA": "call 911", "GB": "call the gas emergency line on 0 800 111 999",
             "IE": "call Gas Networks Ireland on 1 800 20 50 50"}

# Water escaping now (not "a flood last year", not a dripping tap): electrics may be wet.
WATER = re.compile(r"\b(?:(?:is|are|'s|'re|keeps?) (?:flooding|flooded)|flooding (?:in|out|everywhere)|"
                   r"burst (?:pipe|water main)|pipe (?:has |'s |just )?burst|"
                   r"water (?:is |'s )?(?:everywhere|pouring|gushing|spraying|pissing|coming (?:in|out|through|down))|"
                   r"(?:leak\w*|pouring|dripping|coming) (?:in )?(?:through|from|out of) (?:the|my|our) (?:\w+ )?"
                   r"ceiling)")
WATER_NOTE = "Water escaping reported"
STOP_VALVES = {"GB": "the stopcock", "IE": "the stopcock"}


def gas_safety(business: Business) -> str:
    line = GAS_LINES.get(business.country, "call your gas emergency number")
    return (f"If you can smell gas, please leave the building now, don't use switches or flames, and {line} "
            "from outside.")


def water_safety(business: Business) -> str:
    valve = STOP_VALVES.get(business.country, "the main shut-off valve")
    return (f"If it's safe to, turn the water off at {valve}, and keep away from any sockets, switches or "
            "appliances the water has reached.")


def safety_first(call: Call, business: Business, said: str, reply: str) -> str:
    """`reply`, after the safety advice the first time a caller describes a danger (noted on the call)."""
    said = (said or "").lower()
    notes = call.state.call_notes
    if GAS.search(said) and GAS_NOTE not in notes:
        notes.append(GAS_NOTE)
        return f"{gas_safety(business)} {reply}"
    if WATER.search(said) and WATER_NOTE not in notes:
        notes.append(WATER_NOTE)
        return f"{water_safety(business)} {reply}"
    return reply
