"""What callers ask about the bookings they have: "am I still on for Friday?", "when is my
appointment?", "I'm calling to confirm", "I'm running 15 minutes late". Answered whatever workflow
is active (stages of engine.py); a move or a cancel is the change workflow's.
"""

from __future__ import annotations

import datetime as dt

from shared.dialogue.lexicon.theirs import ABOUT_MINE, CONFIRM_MINE, DAY_IN_DOUBT, RUNNING_LATE, THE_NEXT_ONE
from shared.dialogue.nlu import MY_BOOKINGS, Understanding
from shared.dialogue.prompts import Cue, Prompt
from shared.dialogue.turns import (
    ANYTHING_ELSE,
    BOOK_ONE,
    NO_APPOINTMENTS,
    WITHHELD_LOOKUP,
    Again,
    Reply,
    Tools,
    Turn,
    appointments_said,
    ask,
    asked,
    local_time,
    said_last,
)
from shared.domain.appointments import ACTIVE_STATUSES
from shared.domain.business import Business
from shared.domain.calls import DialogueState
from shared.domain.notes import NoteKind, note
from shared.language import speech


def running_late(state: DialogueState, business: Business, local_now: dt.datetime, text: str,
                 tools: Tools, withheld: bool, day: str | None = None) -> Reply:
    """"I'm running 15 minutes late": the team hears it for today's appointment (or the one on the
    `day` they name); a caller whose appointment is another day hears when it is (no alert)."""
    mine = [] if withheld else [a for a in tools("list_appointments", {"include_past": True})["appointments"]
                                if a["status"] in ACTIVE_STATUSES]
    today = [a for a in mine if local_time(a["start"], business).date() == local_now.date()
             and local_time(a["end"], business) > local_now]
    later = sorted((a for a in mine if local_time(a["start"], business).date() > local_now.date()),
                   key=lambda a: a["start"])
    on_day = [a for a in later if day and a["start"][:10] == day]
    if not today and on_day:  # "I'll be 10 minutes late on Monday": told ahead, the team hears it
        state.call_notes.append(note(NoteKind.RUNNING_LATE, text))
        when = speech.when(local_time(on_day[0]["start"], business), local_now)
        return ask(state, f"Thanks for letting us know! I'll tell the team you'll be a little late for "
                          f"your {on_day[0]['service']} {when}.", intent="running_late", anything_else=True)
    if not today and later:
        first = later[0]
        when = speech.when(local_time(first["start"], business), local_now)
        return ask(state, f"No rush: your {first['service']} is {when}, not today.",
                   intent="running_late", anything_else=True)
    state.call_notes.append(note(NoteKind.RUNNING_LATE, text))
    for_what = ""
    if today:
        for_what = f" for your {speech.clock(local_time(today[0]['start'], business))} {today[0]['service']}"
    return ask(state, f"Thanks for letting us know! I'll tell the team you're on your way{for_what}.", intent="running_late", anything_else=True)


def confirm_mine(state: DialogueState, business: Business, local_now: dt.datetime,
                 heard: Understanding, tools: Tools, withheld: bool) -> Reply:
    """'I'm calling to confirm my appointment tomorrow': mark it confirmed and say when it is."""
    if withheld:
        return ask(state, WITHHELD_LOOKUP, intent="confirm")
    upcoming = tools("list_appointments", {"include_past": None})["appointments"]
    on_day = [a for a in upcoming if heard.slots.get("date") and a["start"][:10] == heard.slots["date"]]
    if not upcoming:
        return ask(state, BOOK_ONE, Prompt.BOOK_OFFER, intent="confirm")
    target = (on_day or upcoming)[0]
    tools("confirm_attendance", {"appointment_id": target["id"]})
    when = speech.when(local_time(target["start"], business), local_now)
    state.done_something = True
    return ask(state, f"You're all set: your {target['service']} is confirmed for {when}. We look "
                      f"forward to seeing you!", intent="confirm", anything_else=True)


def booked_when(state: DialogueState, business: Business, local_now: dt.datetime, heard: Understanding,
                tools: Tools) -> Reply:
    """Their next booking with its weekday and date in full, and a move offered if they named another day."""
    upcoming = tools("list_appointments", {"include_past": None})["appointments"]
    if not upcoming:
        return ask(state, BOOK_ONE, Prompt.BOOK_OFFER, intent="my_appointments")
    named = heard.slots.get("date")
    target = next((a for a in upcoming if named and a["start"][:10] == named), upcoming[0])
    start = local_time(target["start"], business)
    relative = speech.day(start.date(), local_now.date())
    said = f"You're booked for {speech.a(target['service'])} on {speech.full_date(start.date())} at " \
           f"{speech.clock(start)}" + (f", which is {relative}." if relative in ("today", "tomorrow") else ".")
    state.change.appointment_id, state.answers.topic = target["id"], "my_appointments"
    if named and named != target["start"][:10]:
        other = speech.day(dt.date.fromisoformat(named), local_now.date())
        state.wanted.date = named
        return ask(state, f"{said} Would you like me to move it to {other}?", Prompt.MOVE_OFFER,
                   intent="my_appointments")
    return ask(state, said, intent="my_appointments", anything_else=True)


def my_bookings(state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
                withheld: bool, go_on: str | Again | None = None) -> Reply:
    """'When is my appointment?': their upcoming bookings; then back to where the call was."""
    if withheld:
        return ask(state, WITHHELD_LOOKUP, intent="my_appointments")
    upcoming = tools("list_appointments", {"include_past": None})["appointments"]
    anything_else = False
    if state.pending:
        go_on = f"So, shall I go ahead with {state.pending['summary']}?"
    elif not go_on and state.task and state.awaiting:
        go_on, anything_else = said_last(state), asked(state, Cue.ANYTHING_ELSE)
    elif not go_on:
        go_on, anything_else = ANYTHING_ELSE, True
    if not upcoming:
        if state.task:
            return ask(state, NO_APPOINTMENTS, go_on=go_on, awaiting=state.awaiting, intent="my_appointments",
                       anything_else=anything_else)
        return ask(state, BOOK_ONE, Prompt.BOOK_OFFER, intent="my_appointments")
    if len(upcoming) == 1 and not state.task:
        state.change.appointment_id = upcoming[0]["id"]  # "how much will that be?", "can I move it?"
    listed = appointments_said(upcoming[:3], business, local_now)
    more = f" and {len(upcoming) - 3} more" if len(upcoming) > 3 else ""
    reply = ask(state, f"You're booked for {listed}{more}.", state.awaiting, go_on=go_on,
                intent="my_appointments", anything_else=anything_else)
    state.answers.topic = "my_appointments"  # "and the one after that?"
    return reply


def about_theirs(t: Turn) -> Reply | None:
    """ "Am I still on for Friday?", "what have I got booked?", "I'm calling about my booking"."""
    state, heard, business, local_now = t.state, t.heard, t.business, t.local_now
    changing = t.intent in ("cancel", "reschedule")
    if CONFIRM_MINE.search(heard.text) and not changing and not state.pending:
        return confirm_mine(state, business, local_now, heard, t.tools, t.withheld)
    if DAY_IN_DOUBT.search(heard.text) and not changing and not state.task \
            and not t.withheld and t.call.profile.get("upcoming"):
        return booked_when(state, business, local_now, heard, t.tools)
    if MY_BOOKINGS.search(heard.text) and not changing:
        return my_bookings(state, business, local_now, t.tools, t.withheld)
    if state.answers.topic == "my_appointments" and not t.withheld and not state.task and not state.wanted.offered \
            and THE_NEXT_ONE.fullmatch(heard.text.lower().strip()):
        upcoming = t.tools("list_appointments", {"include_past": None})["appointments"]  # "and the one after that?"
        if len(upcoming) < 2:
            return ask(state, "That's the only appointment you have booked.",
                       intent="my_appointments", anything_else=True)
        after = appointments_said(upcoming[1:2], business, local_now)
        return ask(state, f"After that, you're booked for {after}.", intent="my_appointments", anything_else=True)
    if ABOUT_MINE.search(heard.text) and not changing and not state.task:
        return my_bookings(state, business, local_now, t.tools, t.withheld,
                           go_on="Would you like to move it, cancel it, or something else?")
    return None


def running_late_said(t: Turn) -> Reply | None:
    if RUNNING_LATE.search(t.text.lower()):
        return running_late(t.state, t.business, t.local_now, t.text, t.tools, t.withheld, t.heard.slots.get("date"))
    return None
