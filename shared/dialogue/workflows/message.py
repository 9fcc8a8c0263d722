"""The message workflow: a transfer to the team, or a voicemail when they cannot pick up.
"""

from __future__ import annotations

import datetime as dt

from shared.dialogue.turns import Reply
from shared.domain.business import Business
from shared.domain.business_answers import open_now_answer
from shared.domain.calls import DialogueState


def transfer(state: DialogueState, business: Business, local_now: dt.datetime,
             lead_in: str | None = None) -> Reply:
    """Put through to the team while open, after `lead_in` ("Of course." if none); else a voicemail,
    after `lead_in` if one was given."""
    open_now = any(r.open <= local_now.time() < r.close for r in business.opening_ranges(local_now.date()))
    if business.transfer_number and open_now:
        return Reply(f"{lead_in or 'Of course.'} Let me put you through to the team, one moment.", "transfer",
                     intent="transfer")
    sorry = f"{lead_in} " if lead_in else ""
    why = "Our team can't take the call right now."
    if not open_now:  # "We're closed right now. We open again tomorrow at 7 AM."
        why = open_now_answer(business, local_now)
    return Reply(f"{sorry}{why} Please leave your name and a short message after the beep, and we'll call you "
                 "back.", "message", intent="transfer")
