"""The waitlist workflow: when the time a caller wanted is taken or the day is full and none of
the nearest times suits them, offer the waitlist for that day; on a yes (and a name), join it.

Its frame is `DialogueState.waitlist` (a `WaitlistAsk`: service, day, optional earliest/latest
start), filled by the booking workflow when it has to offer other times; its prompts are
`ASK_JOIN` ("Would you like that?") and `ASK_NAME`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from shared.dialogue.prompts import Prompt
from shared.dialogue.reading import looks_like_name
from shared.dialogue.turns import Opening, Reply, Turn
from shared.dialogue.turns import ask as ask_caller
from shared.dialogue.workflows.workflow import Workflow
from shared.domain.business import Business
from shared.domain.calls import DialogueState, Handoff, WaitlistAsk
from shared.errors import CallerNumberNeeded, DomainError
from shared.language import speech

ASK_JOIN = Prompt.WAITLIST
ASK_NAME = Prompt.WAITLIST_NAME
PROMPTS = (ASK_JOIN, ASK_NAME)
# "the morning" -> a start from 00:00 to 11:59 (the part of the day asked for, as start times)
PARTS = {"morning": ("00:00", "11:59"), "afternoon": ("12:00", "16:59"), "evening": ("17:00", "23:59")}

Ask = Callable[..., Any]  # the engine's _ask(state, say, awaiting=None, intent=None)
Run = Callable[[str, dict], dict]


def remember(state: DialogueState, service: str | None, day: str, part_of_day: str | None) -> None:
    """The booking workflow could not give the caller the day or time they asked for."""
    if state.task != "book" or not service:
        return
    earliest, latest = PARTS.get(part_of_day or "", (None, None))
    state.waitlist = WaitlistAsk(service=service, date=day, earliest=earliest, latest=latest)


def handoff(state: DialogueState) -> Handoff:
    """The booking hands over: none of the times offered suits, so the waitlist for what they wanted."""
    assert state.waitlist is not None
    return Handoff(workflow="waitlist", slots=state.waitlist.model_dump(exclude_none=True))


def take(state: DialogueState, slots: dict[str, str], business: Business, local_now: dt.datetime, ask: Ask) -> Any:
    """Taking over from the booking (a `Handoff`): the frame filled from its slots, the waitlist offered."""
    state.waitlist = WaitlistAsk.model_validate(slots)
    return offer(state, business, local_now, ask)


def offer(state: DialogueState, business: Business, local_now: dt.datetime, ask: Ask) -> Any:
    """None of the times offered suits: the waitlist for the day they wanted."""
    frame = state.waitlist
    assert frame is not None
    day = speech.day(dt.date.fromisoformat(frame.date), local_now.date())
    state.wanted.offered, state.wanted.time = [], None
    return ask(state, f"I can put you on the waitlist for {speech.a(frame.service)} {day}: if a time frees up, "
                      "we'll text you and you can reply YES to take it. Would you like that, or shall we look "
                      "at another day?", ASK_JOIN, opening=Opening.NO_PROBLEM)


def answered(state: DialogueState, intent: str, name: str | None, business: Business, local_now: dt.datetime,
             run: Run, ask: Ask) -> Any | None:
    """The caller's answer to a waitlist prompt; None: it is not one (the other workflows take it)."""
    frame = state.waitlist
    if frame is None:
        return None
    if state.awaiting == ASK_JOIN:
        if intent in ("deny", "not_interested"):
            state.waitlist = None
            return ask(state, "What other day or time would suit you?", Prompt.DATE, opening=Opening.NO_PROBLEM)
        if intent != "affirm":
            state.waitlist, state.awaiting = None, None  # "what about Friday?": the booking goes on
            return None
    name = name or state.caller.name
    if not name:
        return ask(state, "What name should I put you down under?", ASK_NAME, opening=Opening.AGREED)
    state.caller.name = name
    return _join(state, frame, name, business, local_now, run, ask)


def _join(state: DialogueState, frame: WaitlistAsk, name: str, business: Business, local_now: dt.datetime,
          run: Run, ask: Ask) -> Any:
    state.waitlist = None
    args = {"service": frame.service, "date": frame.date, "caller_name": name}
    if frame.earliest:
        args["earliest_time"] = frame.earliest
    if frame.latest:
        args["latest_time"] = frame.latest
    try:
        run("join_waitlist", args)
    except CallerNumberNeeded:
        return ask(state, "I'm sorry, I can only put you on the waitlist from a number we can text, and yours is "
                          "withheld. What other day would suit you?", Prompt.DATE)
    except DomainError as error:
        return ask(state, f"I'm sorry, I couldn't do that: {error.message}", anything_else=True)
    state.task, state.done_something = None, True
    day = speech.day(dt.date.fromisoformat(frame.date), local_now.date())
    return ask(state, f"Done, {name.split()[0]}: you're on the waitlist for {speech.a(frame.service)} {day}. If a "
                      f"time frees up, we'll text you and you can reply YES to take it.",
               intent="join_waitlist", anything_else=True)


# --- its interface (workflows/registry.py) ---------------------------------------------------------

def answer(t: Turn) -> Reply | None:
    """The caller's answer to a waitlist prompt, heard before anything else on the call."""
    state = t.state
    if state.awaiting not in PROMPTS:
        return None
    name = t.heard.slots.get("name") or (looks_like_name(t.text) if state.awaiting == ASK_NAME else None)
    return answered(state, t.heard.intent, name, t.business, t.local_now, t.tools, ask_caller)


def take_over(t: Turn, handoff: Handoff) -> Reply:
    """Handed over by the booking (`handoff`): the waitlist offered for what the caller wanted."""
    return take(t.state, handoff.slots, t.business, t.local_now, ask_caller)


WORKFLOW = Workflow("waitlist", take=take_over, prompts=PROMPTS, answer=answer)
