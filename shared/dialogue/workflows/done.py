"""What a yes to a booking, a move or a cancel leaves on the call (the book and change workflows'
`do`): the call's state afresh, or the nearest other times when the one asked for was just taken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from shared.dialogue.prompts import Prompt
from shared.dialogue.times import offer_times
from shared.dialogue.turns import Opening, Reply, ask
from shared.domain.business import Business
from shared.domain.calls import Caller, ChangeFrame, DialogueState, Handoff, Wanted
from shared.errors import ConfirmationNeeded, SlotTaken


def as_agreed(state: DialogueState, pending: dict, do: Callable[[], Reply | Handoff]) -> Reply | Handoff:
    """Do what the caller said yes to. Should the tools' confirmation gate not hear a clear yes in
    their words (ConfirmationNeeded: the engine and the gate disagree), nothing is done and the
    read-back is put to them again; its message is for a model, never said."""
    try:
        return do()
    except ConfirmationNeeded:
        state.pending = pending
        return ask(state, f"Sorry, was that a yes? Shall I go ahead with {pending['summary']}?", Prompt.CONFIRM)


def taken_meanwhile(state: DialogueState, business: Business, local_now: dt.datetime, taken: SlotTaken) -> Reply:
    """The time was taken between the read-back and the yes: the nearest others, or another day."""
    state.wanted.time = None
    starts = [a["start"] for a in taken.alternatives]
    if not starts:
        return ask(state, "I'm sorry, that time was just taken. What other day would suit you?", Prompt.DATE)
    return offer_times(state, business, local_now, starts, "I'm sorry, that time was just taken. ")


def start_afresh(state: DialogueState, action: str, appointment: dict) -> None:
    """Booked, moved or cancelled: the call's state starts afresh, keeping who they are (and the
    appointment, unless it was cancelled, for "actually, make it Saturday instead")."""
    for_other = state.booking.for_other
    for name, value in DialogueState(caller=Caller(name=state.caller.own_name if for_other else state.caller.name,
                                                   own_name=state.caller.own_name, email=state.caller.email,
                                                   no_texts=state.caller.no_texts, preferences=state.caller.preferences,
                                                   callback_phone=state.caller.callback_phone,
                                                   callback_extension=state.caller.callback_extension,
                                                   address=state.caller.address,  # asked once a call
                                                   address_asked=state.caller.address_asked), done_something=True,
                                     wanted=Wanted(avoid_days=state.wanted.avoid_days), call_notes=state.call_notes,
                                     read_back=state.read_back,
                                     change=ChangeFrame(appointment_id=None if action == "cancel_appointment" else appointment["id"])):
        setattr(state, name, value)


def another_time(state: DialogueState, business: Business, pending: dict, leaving: bool) -> Reply | None:
    """A no to the read-back of a booking or a move: the time was not right, another is asked for
    (a caller saying goodbye is let go: None)."""
    if leaving:
        return None
    state.wanted.time = None
    state.wanted.offered = []
    return ask(state, "What day or time would suit you better?", Prompt.DATE, opening=Opening.NO_PROBLEM)
