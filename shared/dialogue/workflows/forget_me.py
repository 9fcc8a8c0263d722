"""The forget-me workflow: "delete my details" is read back, and on a yes what is known about the
caller is deleted (their upcoming appointments stay booked).
"""

from __future__ import annotations

import datetime as dt

from shared.dialogue.lexicon.requests import FORGET_ME
from shared.dialogue.prompts import Prompt
from shared.dialogue.turns import WITHHELD_LOOKUP, Reply, Tools, Turn, ask
from shared.dialogue.workflows.workflow import Workflow
from shared.domain.business import Business
from shared.domain.calls import DialogueState


def forget_me(t: Turn) -> Reply | None:
    """ "Delete my details": read back, done on a yes (confirm.py)."""
    state = t.state
    if not FORGET_ME.search(t.text.lower()):
        return None
    if t.withheld:
        return ask(state, WITHHELD_LOOKUP, intent="forget_me")
    state.pending = {"action": "forget_me", "args": {},
                     "summary": "deleting what we know about you (your details, notes and call history)"}
    return ask(state, "I can do that. Just to confirm: you'd like us to delete what we know about "
                      "you, including your notes and call history? Your upcoming appointments stay "
                      "booked.", Prompt.CONFIRM, intent="forget_me")


def do(state: DialogueState, business: Business, pending: dict, local_now: dt.datetime, tools: Tools) -> Reply:
    tools("forget_me", {})
    for name, value in DialogueState(done_something=True):
        setattr(state, name, value)
    return ask(state, "Done. We've deleted what we knew about you.", intent="forget_me", anything_else=True)


WORKFLOW = Workflow("forget_me", does={"forget_me": do})
