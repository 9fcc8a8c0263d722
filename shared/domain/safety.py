"""What Roxy says before anything else when a caller describes a danger, whichever engine answers."""

from __future__ import annotations

import re

from shared.domain.business import Business
from shared.domain.calls import Call

GAS = re.compile(r"\b(?:smell(?:s|ing)? (?:of )?gas|gas (?:leak|smell)|leaking gas|smells like gas)\b")
GAS_NOTE = "Gas smell reported"
GAS_LINES = {"US": "call 911", "CA": "call 911", "GB": "call the gas emergency line on 0 800 111 999",
             "IE": "call Gas Networks Ireland on 1 800 20 50 50"}


def gas_safety(business: Business) -> str:
    line = GAS_LINES.get(business.country, "call your gas emergency number")
    return (f"If you can smell gas, please leave the building now, don't use switches or flames, and {line} "
            "from outside.")


def safety_first(call: Call, business: Business, said: str, reply: str) -> str:
    """`reply`, after the safety advice the first time a caller says they smell gas (noted on the call)."""
    if not GAS.search((said or "").lower()) or GAS_NOTE in call.state.call_notes:
        return reply
    call.state.call_notes.append(GAS_NOTE)
    return f"{gas_safety(business)} {reply}"
