"""Which workflow takes the turn: the intent as the workflows act on it, corrected by what is going
on in the call ("what's the soonest you have?" is a booking, not a question; "actually, make it
Saturday instead" moves the one just made), and the workflow started for it.
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.asides import URGENT
from shared.dialogue.lexicon.booking import BOOKING_FOR_OTHER, FOR_ME_TOO, ONE_MORE
from shared.dialogue.lexicon.questions import HOURS_FOLLOW_UP, OPEN_WORD
from shared.dialogue.lexicon.theirs import THE_OTHER_ONE
from shared.dialogue.lexicon.times import (
    EARLIER_OR_LATER,
    LATER_EARLIER,
    MAKE_IT_INSTEAD,
    NEXT_WEEK,
    SAME_TIME,
    SOONEST,
    WEEK_AFTER,
)
from shared.dialogue.nlu import find_shift, without_negated
from shared.dialogue.prompts import Cue, Prompt
from shared.dialogue.reading import other_service
from shared.dialogue.turns import WITHHELD_LOOKUP, Opening, Reply, Turn, ask, asked, start_task
from shared.dialogue.workflows.callback import call_back
from shared.dialogue.workflows.change import swap_just_made
from shared.domain.business_answers import DATE_QUESTION
from shared.domain.notes import NoteKind, note


def soonest(t: Turn) -> None:
    state, heard = t.state, t.heard
    t.soonest = SOONEST.search(t.text.lower()) or URGENT.search(without_negated(t.text.lower()))
    if t.soonest and t.soonest.group(0) not in ("anyday", "any day", "whenever") and t.intent in (
            "faq", "check_availability", "unknown") and not OPEN_WORD.search(heard.text):
        t.intent = heard.intent = "book"  # "what's the soonest you have?" asks for a time, not an FAQ
    if t.intent == "reschedule" and state.task == "book" and not state.done_something and (
            heard.slots.keys() & {"date", "time", "part_of_day"} or LATER_EARLIER.search(heard.text)):
        t.intent = heard.intent = "book"  # "can I change it to 2:15?" before anything is booked


def hours_again(t: Turn) -> None:
    if t.state.answers.topic == "hours" and not t.state.task and HOURS_FOLLOW_UP.match(t.heard.text.strip(" ?.!")):
        # "and tomorrow?" after the hours: that day's hours (a day said alone; "what about a
        # haircut then?" is a booking)
        t.intent = t.heard.intent = "faq"


def a_question(t: Turn) -> None:
    if t.intent == "unknown" and other_service(t.text.lower()):
        t.intent = t.heard.intent = "faq"  # "can you service my boiler?": do they do it
    if t.intent == "faq" and t.heard.slots.get("service") and not t.state.wanted.service:
        t.state.wanted.service = t.heard.slots["service"]


def booking_or_question(t: Turn) -> None:
    state, heard = t.state, t.heard
    if t.intent == "faq" and state.task in ("book", "reschedule") \
            and heard.slots.get("part_of_day") in ("latest", "earliest"):
        t.intent = heard.intent = "book"  # "what's the latest you have?" while choosing a time
    if not state.task and not state.wanted.offered and not t.withheld and t.call.profile.get("upcoming") \
            and t.intent not in ("cancel", "reschedule") and EARLIER_OR_LATER.search(heard.text.lower()):
        t.intent = heard.intent = "reschedule"  # "is there anything earlier on Saturday?" from a caller booked then
    if DATE_QUESTION.search(heard.text) and t.intent in ("book", "check_availability", "unknown"):
        t.intent = heard.intent = "faq"  # "what day is tomorrow?": the date, not a booking


def just_made_instead(t: Turn) -> Reply | None:
    """ "Actually, make it Saturday instead" just after booking: the one just made is moved."""
    state = t.state
    if t.intent in ("book", "affirm") and state.done_something and state.change.appointment_id and not state.task \
            and MAKE_IT_INSTEAD.search(t.text.lower()) and not ONE_MORE.search(t.text.lower()):
        t.intent = t.heard.intent = "reschedule"
        t.just_made = state.change.appointment_id
        return swap_just_made(state, t.business, t.local_now, t.heard, t.tools)
    return None


def shifted(t: Turn) -> None:
    """ "The same time next week", "move it to the week after": moved by a shift, not to a day."""
    state, heard, text = t.state, t.heard, t.text.lower()
    shift = find_shift(text)
    if shift is None and "reschedule" in (t.intent, state.task) and "time" not in heard.slots \
            and WEEK_AFTER.search(text):
        shift = 7 * 24 * 60  # "move (my Monday one) to the week after": the same day and time, a week on
        if heard.slots.get("date") and not t.withheld and not t.moving:  # "my Monday one": which it is
            on_day = [a for a in t.tools("list_appointments", {"include_past": None})["appointments"]
                      if a["start"][:10] == heard.slots["date"]]
            t.moving = on_day[0]["id"] if len(on_day) == 1 else None
    if shift is None and "reschedule" in (t.intent, state.task) and SAME_TIME.search(text):
        # "the same time next week": a week on; "the same time on Friday": that day, same time
        shift = 7 * 24 * 60 if NEXT_WEEK.search(text) else 0
    if shift is not None and t.intent != "cancel" and (state.task != "book" or state.done_something):
        t.intent = heard.intent = "reschedule"
        for slot in ("date", "time", "part_of_day") if shift else ("time", "part_of_day"):
            heard.slots.pop(slot, None)
    t.shift = shift


def start_workflow(t: Turn) -> None:
    state, intent = t.state, t.intent
    t.last_booked = state.change.appointment_id if state.done_something and not state.task else None
    if intent == "cancel":
        start_task(state, "cancel")
    elif intent == "reschedule":
        start_task(state, "reschedule")
    elif intent in ("book", "check_availability") and state.task not in ("book", "reschedule") \
            and state.awaiting != Prompt.APPOINTMENT:  # "the haircut": which booking, not a new one
        start_task(state, "book")
    elif intent in ("book", "affirm") and state.task is None and state.awaiting == Prompt.BOOK_OFFER:
        start_task(state, "book")


def the_other_one(t: Turn) -> None:
    """ "... and cancel the other one" just after moving, making or cancelling one: not that one."""
    state = t.state
    if state.task in ("cancel", "reschedule") and (t.last_booked or state.change.cancelled) and not t.withheld \
            and THE_OTHER_ONE.search(t.heard.text.lower()):
        others = [a for a in t.tools("list_appointments", {"include_past": None})["appointments"]
                  if a["id"] != t.last_booked]
        if len(others) == 1:
            state.change.appointment_id = others[0]["id"]


def for_someone_else(t: Turn) -> None:
    """ "Can I book my son in?": the booking is theirs; their name is asked unless said."""
    state, heard = t.state, t.heard
    if state.task == "book" and BOOKING_FOR_OTHER.search(heard.text) and not state.booking.for_other \
            and not FOR_ME_TOO.search(heard.text):
        # not the caller's (known) name: theirs is asked, unless said ("my son Leo", "her name is Anna")
        state.booking.for_other = True
        said = heard.slots.get("name")
        if not said or re.search(rf"\b(?:I'?m|I am|[Mm]y name(?:'s| is)|[Tt]his is) {re.escape(said)}", t.text, re.I):
            state.caller.name, state.caller.own_name = None, said or state.caller.own_name
            heard.slots.pop("name", None)
    if t.just_made or t.moving:
        state.change.appointment_id = t.just_made or t.moving
    if t.shift is not None and t.intent == "reschedule":
        state.change.shift_minutes = t.shift


def withheld_number(t: Turn) -> Reply | None:
    """What a caller whose number is withheld cannot do on the call, and the number they give instead."""
    state = t.state
    if not t.withheld and state.awaiting != Prompt.PHONE:
        return None
    if t.withheld and asked(state, Cue.WITHHELD_LOOKUP) and state.caller.callback_phone and "phone" in t.heard.slots:
        # A number said after "I can't change bookings on this call": the team calls them back on it
        said = ("Thanks. I can't change bookings from a number said on the call, but I'll have the team call "
                "you back on that number to sort it out.")
        wanted = [line["text"] for line in t.call.transcript if line["role"] == "caller"][-1:] or [t.text]
        return call_back(state, t.business, t.tools, note(NoteKind.WITHHELD_BOOKING, wanted[0]),
                         said, t.withheld)
    if t.withheld and state.task in ("reschedule", "cancel"):
        state.task = None
        return ask(state, WITHHELD_LOOKUP, intent=t.intent, cues=(Cue.WITHHELD_LOOKUP,))
    if state.awaiting == Prompt.PHONE and "phone" not in t.heard.slots and t.intent in ("deny", "not_interested"):
        state.task = None
        return ask(state, "I need a number to hold a booking or to call you back, so I can't do that on this "
                          "call. You can call back from your own phone, or say 'speak to someone' and I'll put "
                          "you through.", opening=Opening.NO_PROBLEM, anything_else=True)
    return None
