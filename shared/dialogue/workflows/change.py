"""The change workflow: moving or cancelling the caller's appointments (what they ask about them is
theirs.py's).
"""

from __future__ import annotations

import datetime as dt
import re

from shared.dialogue.lexicon.booking import FOR_OUR, FOR_SOMEONE_ELSE
from shared.dialogue.lexicon.requests import (
    CHANGE_TO,
    JUST_IT,
    MOVE_IT,
    THEN_BOOK,
    THEN_BOOK_AFTER_MOVE,
    TIME_CHANGE,
    WRONG_SERVICE,
)
from shared.dialogue.lexicon.theirs import (
    ALL_OF_THEM,
    CANT_MAKE_IT,
    THEIR_DAY_ONE,
)
from shared.dialogue.lexicon.times import DAY_WORD, EARLIER_OR_LATER
from shared.dialogue.nlu import (
    Understanding,
    match_service,
    match_services,
    without_negated,
)
from shared.dialogue.prompts import Cue, Prompt
from shared.dialogue.reading import at_position
from shared.dialogue.slots import which_time
from shared.dialogue.times import hm, offer_times, pick_three, resolve_time, slots_for
from shared.dialogue.turns import (
    NOT_FOUND,
    Opening,
    Reply,
    Tools,
    Turn,
    appointments_said,
    ask,
    asked,
    done_message,
    local_time,
    start_task,
    with_staff,
)
from shared.dialogue.workflows.book import book_step
from shared.dialogue.workflows.callback import call_back
from shared.dialogue.workflows.done import another_time, start_afresh, taken_meanwhile
from shared.dialogue.workflows.workflow import Workflow, run
from shared.domain.availability import bookable_today
from shared.domain.business import WEEKDAYS, Business
from shared.domain.calls import DialogueState, Handoff
from shared.errors import ConfirmationNeeded, DomainError, SlotTaken
from shared.language import speech
from shared.language.text import normalize
from shared.language.when import find_date, find_time


def service_change_asked(state: DialogueState, business: Business, heard: Understanding, tools: Tools,
                  withheld: bool) -> tuple[str, str] | None:
    """(their service, the one they want instead) for "change my haircut to a colour"."""
    change = CHANGE_TO.search(heard.text)
    # "I booked the wrong service, it should be a colour", "I meant to book a colour": their booking's
    wrong = WRONG_SERVICE.search(heard.text)
    if withheld or state.task or state.pending or not (change or wrong):
        return None
    if change:
        parts = change.groups()
        named = [match_service(part, business.service_names(), business.service_aliases()) for part in parts]
        pointing = named[0] is None and JUST_IT.fullmatch(parts[0])
    else:
        named = [None, match_service(without_negated(wrong.group(0)), business.service_names(),
                                     business.service_aliases())]
        pointing = True
    if named[1] is None or (named[0] is None and not pointing):
        return None
    upcoming = tools("list_appointments", {"include_past": None})["appointments"]
    if pointing:  # "change it to a blow dry": the one just made or moved, or their only booking
        meant = [a for a in upcoming if a["id"] == state.change.appointment_id] or (upcoming if len(upcoming) == 1 else [])
        named[0] = meant[0]["service"] if meant else None
    if named[0] is None or named[0] == named[1]:
        return None
    return (named[0], named[1]) if any(a["service"] == named[0] for a in upcoming) else None


def target_appointment(state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
            verb: str, said: str = "") -> tuple[dict | None, Reply | None]:
    listed = tools("list_appointments", {"include_past": None})["appointments"]
    if state.change.appointment_id:
        chosen = [a for a in listed if a["id"] == state.change.appointment_id]
        if chosen:
            return chosen[0], None
    if not listed:
        start_task(state, "book")
        state.task, state.answers.topic = None, verb
        return None, ask(state, NOT_FOUND, Prompt.BOOK_OFFER)
    if len(listed) == 1:
        state.change.appointment_id = listed[0]["id"]
        if verb == "reschedule" and state.wanted.date == listed[0]["start"][:10] and not (state.wanted.time or state.wanted.part_of_day):
            state.wanted.date = None  # "I'm booked in on Friday but I need to change it": Friday is the one they have
        return listed[0], None
    choosing = state.awaiting == Prompt.APPOINTMENT  # "which one?": a day or a position names one of theirs
    mentioned = [a for a in listed if (state.wanted.service and a["service"] == state.wanted.service)
                 or (state.wanted.date and a["start"][:10] == state.wanted.date and (verb == "cancel" or choosing))]
    chosen = at_position(said, listed[:4]) if choosing and len(mentioned) != 1 else None
    if chosen:
        mentioned = [chosen]
    named_day = THEIR_DAY_ONE.search(said.lower())
    if named_day and len(mentioned) != 1:  # "move my Tuesday one to Thursday": theirs is the Tuesday one
        day = WEEKDAYS.index(named_day.group(1) or named_day.group(2))
        on_day = [a for a in listed if local_time(a["start"], business).weekday() == day]
        mentioned = on_day[:1] if len(on_day) == 1 else mentioned
    if len(mentioned) == 1:
        state.change.appointment_id = mentioned[0]["id"]
        if verb == "reschedule":
            state.wanted.date = state.wanted.date if state.wanted.date != mentioned[0]["start"][:10] else None
        return mentioned[0], None
    described = appointments_said(listed[:4], business, local_now)
    if state.wanted.date and not mentioned:
        day = speech.day(dt.date.fromisoformat(state.wanted.date), local_now.date())
        if verb == "reschedule":  # "Thursday at 4": where to, not which one
            at = f" at {speech.clock(hm(state.wanted.time))}" if state.wanted.time else ""
            which = appointments_said(listed[:4], business, local_now, "or")
            return None, ask(state, f"Sure, {day}{at}. Which appointment should I move: {which}?",
                             Prompt.APPOINTMENT)
        return None, ask(state, f"I don't see an appointment {day}. You have {described}. Which one "
                                f"would you like to {verb}?", Prompt.APPOINTMENT)
    return None, ask(state, f"You have {described}. Which one would you like to {verb}?", Prompt.APPOINTMENT)


def reschedule(state: DialogueState, business: Business, local_now: dt.datetime,
               tools: Tools, same_day: bool = False, said: str = "") -> Reply:
    target, reply = target_appointment(state, business, local_now, tools, "reschedule", said)
    if reply:
        return reply
    state.wanted.service = target["service"]
    old = local_time(target["start"], business)
    direction = EARLIER_OR_LATER.search(said.lower()) if said else None
    if direction and not (state.wanted.time or state.wanted.part_of_day) and state.change.shift_minutes is None \
            and state.wanted.date in (None, old.date().isoformat()):
        return earlier_or_later(state, business, local_now, tools, target,
                                "later" in direction.groups())
    if state.change.shift_minutes == 0 and not state.wanted.date:
        state.wanted.time, state.change.shift_minutes = old.strftime("%H:%M"), None  # "same time": which day is still to say
        return ask(state, f"Sure, at {speech.clock(old)}. What day would you like to move it to?", Prompt.DATE)
    if state.change.shift_minutes is not None:
        moved = old + dt.timedelta(minutes=state.change.shift_minutes)
        if state.change.shift_minutes > 0:  # "push it back an hour": if that is taken, later times
            state.wanted.after = old.strftime("%Y-%m-%dT%H:%M")
        elif state.change.shift_minutes < 0:
            state.wanted.before = old.strftime("%Y-%m-%dT%H:%M")
        state.wanted.date = moved.date().isoformat() if state.change.shift_minutes else (state.wanted.date or old.date().isoformat())
        state.wanted.time, state.change.shift_minutes = moved.strftime("%H:%M"), None
    if state.wanted.date == old.date().isoformat() and state.wanted.time == old.strftime("%H:%M"):
        state.wanted.time = None
    if not state.wanted.date and (state.wanted.time or state.wanted.part_of_day or same_day):
        state.wanted.date = old.date().isoformat()  # "can I change it to 2:15?": the same day, another time
    if not state.wanted.date:
        return ask(state, f"Your {target['service']} is {speech.when(old, local_now)}. "
                          "What day would you like to move it to?", Prompt.DATE)
    start, reply = resolve_time(state, business, local_now, tools)
    if reply:
        return reply
    new = speech.when(local_time(start, business), local_now)
    with_whom = f", with {state.wanted.staff.split()[0]}" if state.wanted.staff else ""  # another person, asked for
    state.pending = {"action": "reschedule_appointment",
                     "args": {"appointment_id": target["id"], "new_start": start, **with_staff(state)},
                     "summary": f"your {target['service']} from {speech.when(old, local_now)} to {new}{with_whom}"}
    then = f", and then I'll {_handed_over(state.change.then, local_now)}" if state.change.then else ""
    return ask(state, f"So that's moving {state.pending['summary']}{then}. Shall I go ahead?", Prompt.CONFIRM)


def earlier_or_later(state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
                     target: dict, later: bool) -> Reply:
    """"Can I come in earlier?": times that day before (or after) theirs."""
    old = local_time(target["start"], business)
    slots = [s for s in slots_for(state, business, old.date().isoformat(), tools)
             if (local_time(s, business) > old if later else local_time(s, business) < old)]
    when = speech.day(old.date(), local_now.date())
    if not slots:
        word = "later" if later else "earlier"
        return ask(state, f"I'm sorry, there's nothing {word} {when} than your {speech.clock(old)}. Would "
                          "another day work?", Prompt.DATE)
    state.wanted.date = old.date().isoformat()
    return offer_times(state, business, local_now, pick_three(slots, business, None), "")


def cancel(state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
           every: bool = False, offer_move: bool = False, said: str = "") -> Reply:
    if every:
        listed = tools("list_appointments", {"include_past": None})["appointments"]
        if len(listed) > 1:
            described = appointments_said(listed, business, local_now)
            state.pending = {"action": "cancel_all", "args": {"ids": [a["id"] for a in listed]},
                             "summary": f"{'both' if len(listed) == 2 else f'all {len(listed)} of'} your "
                                        f"appointments: {described}"}
            return ask(state, f"Do you want me to cancel {state.pending['summary']}?", Prompt.CONFIRM)
    target, reply = target_appointment(state, business, local_now, tools, "cancel", said)
    if reply:
        return reply
    when = speech.when(local_time(target["start"], business), local_now)
    state.pending = {"action": "cancel_appointment",
                     "args": {"appointment_id": target["id"], "reason": "cancelled by the caller"},
                     "summary": f"your {target['service']} {when}"}
    if state.wanted.date and state.wanted.date != target["start"][:10] or state.wanted.service and state.wanted.service != target["service"]:
        # "Cancel Saturday" with only a Friday booked: say so before they agree to cancel it
        missing = f"an appointment {speech.day(dt.date.fromisoformat(state.wanted.date), local_now.date())}" \
            if state.wanted.date and state.wanted.date != target["start"][:10] else speech.a(state.wanted.service)
        return ask(state, f"I don't see {missing} booked. You're booked for {speech.a(target['service'])} "
                          f"{when}: do you want me to cancel that one?", Prompt.CONFIRM)
    if offer_move:
        state.pending["either"] = True  # a bare "yes" answers neither half
        return ask(state, f"Would you like me to cancel {state.pending['summary']}, or move it to "
                          "another day?", Prompt.CONFIRM)
    then = f", and then {_handed_over(state.change.then, local_now)} instead" if state.change.then else ""
    return ask(state, f"Do you want me to cancel {state.pending['summary']}{then}?", Prompt.CONFIRM)


def _handed_over(then: Handoff, local_now: dt.datetime) -> str:
    """The booking that follows the change, as the read-back says it: "book a Colour Saturday"."""
    day, clock = then.slots.get("date"), then.slots.get("time")
    at = (speech.when(dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(clock)),
                      local_now.replace(tzinfo=None)) if day and clock
          else speech.day(dt.date.fromisoformat(day), local_now.date()) if day else "")
    for_whom = f" {then.slots['for']}" if then.slots.get("for") else ""
    return f"book {speech.a(then.slots['service'])}{for_whom}{f' {at}' if at else ''}"


def handing_over(state: DialogueState, action: str, appointment: dict, said: str) -> Handoff | None:
    """The change is done (`said` reports it): the workflow that takes over, if the caller asked for
    one ("... and book a colour instead"), with the slots it carries. The engine follows it."""
    then = state.change.then
    if then is None:
        return None
    return then.model_copy(update={"said": said, "said_together": f"Done, your {appointment['service']} is "
                                                                   f"{'cancelled' if 'cancel' in action else 'moved'}.",
                                   "intent": action})


def swap_just_made(state: DialogueState, business: Business, local_now: dt.datetime, heard: Understanding,
                  tools: Tools) -> Reply | None:
    """"Actually, make it a haircut instead" just after booking a blow dry: the blow dry is cancelled
    and a haircut booked in its place on one yes, not a move to another day. Only when the haircut
    is free there (its own slot counting as free): else nothing is cancelled."""
    named = heard.slots.get("service")
    if not named or heard.slots.keys() & {"date", "time", "part_of_day"}:
        return None
    made = next((a for a in tools("list_appointments", {"include_past": None})["appointments"]
                 if a["id"] == state.change.appointment_id), None)
    if made is None or made["service"] == named:
        return None
    start = local_time(made["start"], business)
    when = speech.when(start, local_now)
    free = tools("check_availability", {"service": named, "date": start.date().isoformat(),
                                        "moving_appointment_id": made["id"]})["slots"]
    if not any(local_time(slot["start"], business) == start for slot in free):
        # it does not fit there (a colour at 3:30 with closing at 4, or someone booked after): nothing is
        # cancelled; other times are offered
        start_task(state, "book")
        state.wanted.service, state.wanted.date, state.wanted.time = named, start.date().isoformat(), start.strftime("%H:%M")
        follow = book_step(state, business, local_now, tools)
        return ask(state, f"Your {made['service']} stays booked for now.", state.awaiting, go_on=follow.again(),
               anything_else=asked(state, Cue.ANYTHING_ELSE))
    start_task(state, "cancel")
    state.change.then = Handoff(workflow="book", together=True, slots={
        "service": named, "date": start.date().isoformat(), "time": start.strftime("%H:%M")})
    state.pending = {"action": "cancel_appointment",
                     "args": {"appointment_id": made["id"], "reason": f"changed to {speech.a(named)} by the caller"},
                     "summary": f"your {made['service']} {when}"}
    return ask(state, f"I'll cancel your {made['service']} {when} and book {speech.a(named)} at that time "
                      "instead. Shall I go ahead?", Prompt.CONFIRM, opening=Opening.AGREED)


def then_book(state: DialogueState, business: Business, local_now: dt.datetime, text: str,
              pattern: re.Pattern = THEN_BOOK) -> None:
    """"Cancel my haircut and book a colour instead for Saturday", "move my haircut to Friday, and
    also book a colour for my son": the change hands over to a booking of the colour (with its own
    day and time, and for whom) once it is done. The day and time said for it are not the change's."""
    rebook = pattern.search(text)
    if state.change.then or not rebook:
        return
    part = normalize(rebook.group(1))
    services = match_services(part, business.service_names(), business.service_aliases())
    if not services:
        return  # "cancel it and rebook for Friday" is a move
    day, clock = find_date(part, local_now.date(), bookable_today(business, local_now)), find_time(part)
    slots = {"service": services[0]} | ({"date": day.value} if day else {}) | ({"time": clock.value} if clock else {})
    whose = FOR_SOMEONE_ELSE.search(part)
    if whose:  # "for my son": said back as "for your son"
        slots["for"] = FOR_OUR.sub("for your", whose.group(0))
    state.change.then = Handoff(workflow="book", slots=slots)
    changing = normalize(text[:rebook.start()])  # "for Saturday" was the new booking's day, not the change's
    own_day, own_clock = find_date(changing, local_now.date(), bookable_today(business, local_now)), find_time(changing)
    if day and (not own_day or state.wanted.date == day.value):
        state.wanted.date = own_day.value if own_day else None
    if clock and (not own_clock or state.wanted.time == clock.value):
        state.wanted.time = own_clock.value if own_clock else None
    if state.wanted.service in services and state.wanted.service not in match_services(changing, business.service_names(),
                                                                         business.service_aliases()):
        state.wanted.service = None  # "move it to Friday and book a colour": the colour is not the one to change


# --- stages of a turn (engine.py) ------------------------------------------------------------------

def move_offer(t: Turn) -> Reply | None:
    """The answer to "would you like me to move it to Saturday?"."""
    state, heard = t.state, t.heard
    if state.awaiting != Prompt.MOVE_OFFER:
        return None
    offered_day, state.wanted.date = state.wanted.date, None  # kept only for this answer
    if t.intent in ("deny", "not_interested", "goodbye") and not heard.slots:
        if t.intent == "goodbye":
            return Reply(f"No problem, I'll leave it as it is. Thank you for calling {t.business.name}. Have a "
                         "lovely day, goodbye!", "hangup", intent="goodbye")
        return ask(state, "No problem, I'll leave it as it is.", intent="deny", anything_else=True)
    if state.change.appointment_id and (t.intent in ("affirm", "reschedule") or (
            t.intent == "book" and "service" not in heard.slots)):
        t.moving, t.intent = state.change.appointment_id, "reschedule"  # "yes please": that booking, to that day
        heard.intent = t.intent
        heard.slots.setdefault("date", offered_day)
    return None


def service_change(t: Turn) -> Reply | None:
    """ "Can I change the haircut to a colour instead?": the team does that."""
    swap = service_change_asked(t.state, t.business, t.heard, t.tools, t.withheld)
    if not swap:
        return None
    explain = (f"I can't change the service on a booking myself, so I'll have the team call you back to "
               f"change your {swap[0]} to {speech.a(swap[1])}.")
    return call_back(t.state, t.business, t.tools, f"Wants to change their {swap[0]} to {speech.a(swap[1])}: "
                     f"{t.text}", explain, t.withheld)


def rebook_cancelled(t: Turn) -> Reply | None:
    """ "Actually, can I rebook it for next week?" just after cancelling it: a new booking of it."""
    state, business = t.state, t.business
    frame = state.change
    if not (state.task == "reschedule" and frame.cancelled and state.wanted.service in (None, frame.cancelled)
            and not state.change.appointment_id):
        return None
    state.task, state.wanted.service, state.change.appointment_id, frame.cancelled = "book", frame.cancelled, None, None
    if state.change.shift_minutes and frame.cancelled_start:  # "rebook it for the week after": that slot, a week on
        moved = local_time(frame.cancelled_start, business) + dt.timedelta(minutes=state.change.shift_minutes)
        state.wanted.date, state.wanted.time = moved.date().isoformat(), moved.strftime("%H:%M")
    state.change.shift_minutes = frame.cancelled_start = None
    follow = book_step(state, business, t.local_now, t.tools)
    return ask(state, f"Sure, let's book a new {state.wanted.service}.", state.awaiting, go_on=follow.again(),
               anything_else=asked(state, Cue.ANYTHING_ELSE))


def moving_it(t: Turn) -> Reply | None:
    state, text = t.state, t.text.lower()
    if state.task != "reschedule":
        return None
    only_time = TIME_CHANGE.search(text) \
        and not DAY_WORD.search(text)
    offered_before = list(state.wanted.offered)
    then_book(state, t.business, t.local_now, t.text, THEN_BOOK_AFTER_MOVE)
    return which_time(state, t.business, t.heard, offered_before, reschedule(
        state, t.business, t.local_now, t.tools, same_day=bool(only_time), said=t.heard.text))


def cancelling(t: Turn) -> Reply | None:
    state, text = t.state, t.text
    if state.task != "cancel":
        return None
    then_book(state, t.business, t.local_now, text)
    return cancel(state, t.business, t.local_now, t.tools, every=bool(ALL_OF_THEM.search(text.lower())),
                  said=t.heard.text,
                  offer_move=bool(CANT_MAKE_IT.search(text.lower())) and "cancel" not in text.lower())


# --- what it does on a yes (confirm.py) ------------------------------------------------------------

def do(state: DialogueState, business: Business, pending: dict, local_now: dt.datetime,
       tools: Tools) -> Reply | Handoff:
    """Move or cancel what the caller said yes to, and say so; or, when the caller asked for more
    ("... and book a colour instead"), hand over to the workflow that does it, with what was done."""
    action = pending["action"]
    try:
        result = tools(action, pending["args"])
    except ConfirmationNeeded:
        raise
    except SlotTaken as taken:
        return taken_meanwhile(state, business, local_now, taken)
    except DomainError as error:
        state.task = None
        if action == "cancel_appointment":
            state.booking.then, state.change.then = None, None  # what was to follow it waits for it
        return ask(state, f"I'm sorry, I couldn't do that: {error.message}", anything_else=True)
    appointment, said = result["appointment"], done_message(action, result, business, local_now)
    handoff = handing_over(state, action, appointment, said)
    start_afresh(state, action, appointment)
    if action == "cancel_appointment":
        state.change.cancelled, state.change.cancelled_start = appointment["service"], appointment["start"]
    if handoff is not None:  # "... and book a colour instead for Saturday"
        return handoff
    return ask(state, said, intent=action, anything_else=True)


def cancel_every(state: DialogueState, business: Business, pending: dict, local_now: dt.datetime,
                 tools: Tools) -> Reply:
    """ "Cancel all of them": each one, and how many were."""
    cancelled = []
    for appointment_id in pending["args"]["ids"]:
        try:
            tools("cancel_appointment", {"appointment_id": appointment_id, "reason": "cancelled by the caller"})
            cancelled.append(appointment_id)
        except ConfirmationNeeded:
            raise
        except DomainError:
            continue  # already cancelled meanwhile
    state.task, state.done_something = None, True
    return ask(state, f"Done. I've cancelled {len(cancelled)} appointments.",
               intent="cancel_appointment", anything_else=True)


# --- its interface (workflows/registry.py) ---------------------------------------------------------

def step(t: Turn) -> Reply | Handoff | None:
    """A booking just cancelled booked again, else the move's or the cancel's next slot or read-back."""
    return run((rebook_cancelled, moving_it, cancelling), t)


def read_back(t: Turn, pending: dict, changes: set[str]) -> None:
    """A cancel's read-back turned into a move ("I can't make it tomorrow" ... "can we do Friday
    instead?", "move it, please" to "cancel it, or move it?"): dropped, the turn goes on as a move of it."""
    state, heard = t.state, t.heard
    said_when = changes & {"date", "time", "part_of_day"}
    if pending["action"] != "cancel_appointment" or "service" in changes or not (
            said_when or heard.intent == "reschedule" or pending.get("either") and MOVE_IT.search(heard.text)):
        return None
    heard.intent, state.pending, t.moving = "reschedule", None, pending["args"].get("appointment_id")
    if not said_when:
        state.wanted.date = state.wanted.time = None  # the day they can't make is not where it goes
    return None


def agreed(state: DialogueState, pending: dict, heard: Understanding) -> Reply | None:
    """A yes to "would you like me to cancel it, or move it?" answers neither half: asked again."""
    if pending.pop("either", False) and heard.intent != "cancel":
        return ask(state, f"Sorry, shall I cancel {pending['summary']}, or move it to another day?", Prompt.CONFIRM)
    return None


def declined(state: DialogueState, business: Business, pending: dict, leaving: bool) -> Reply | None:
    """A no to the read-back of a cancel: nothing cancelled, and what was to follow it dropped; of a
    move: another time."""
    if pending["action"] == "reschedule_appointment":
        return another_time(state, business, pending, leaving)
    if leaving:
        return None
    state.task, state.booking.then, state.change.then = None, None, None
    them = "them" if pending["action"] == "cancel_all" else "it"
    return ask(state, f"Okay, I won't cancel {them}.", anything_else=True)


WORKFLOW = Workflow("change", tasks=("reschedule", "cancel"), step=step,
                    does={"reschedule_appointment": do, "cancel_appointment": do, "cancel_all": cancel_every},
                    read_back=read_back, agreed=agreed, declined=declined,
                    agrees_as={"cancel_all": "cancel_appointment"})  # "cancel them all"
