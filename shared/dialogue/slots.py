"""Slot filling: the answers to Roxy's own questions, and what was heard merged into the call's state.
"""

from __future__ import annotations

import datetime as dt
import re

from shared.dialogue.lexicon.asides import ADDRESS_INTRO, ADDRESS_KNOWN
from shared.dialogue.lexicon.booking import NOT_A_NAME
from shared.dialogue.lexicon.details import ABOUT_THE_NAME, BOOKED_UNDER, DETAILS_BREAK
from shared.dialogue.lexicon.times import (
    ACCEPTING,
    ALL_OF_THOSE,
    BARE_ORDINAL,
    BARE_WEEKDAY,
    BARE_YES,
    BETWEEN,
    BOUND,
    CLOCK_ALONE,
    DATE_WORDS,
    IS_IT_TOO,
    LATE_NEXT_WEEK,
    LATER_EARLIER,
    NEXT_OR_WEEK_AFTER,
    NEXT_WEEK_SAID,
    ORDINAL_CHOICES,
    OTHER_OFFER,
    SAME_DAY,
    SOONER_ASKED,
    TOO_EARLY_OR_LATE,
    WEEKDAY_NAMED,
)
from shared.dialogue.nlu import (
    Understanding,
    find_email,
    find_extension,
    find_phone,
)
from shared.dialogue.prompts import Prompt
from shared.dialogue.reading import looks_like_name, names_of_party, window_times
from shared.dialogue.turns import DAY_EXAMPLES, Opening, Reply, Turn, ask, local_time
from shared.dialogue.workflows import waitlist
from shared.domain.business import WEEKDAYS, Business
from shared.domain.calls import DialogueState, Handoff
from shared.domain.notes import NoteKind, note
from shared.domain.phone import normalize_phone
from shared.language import speech
from shared.language.services import services_sharing


def take_free_answers(state: DialogueState, heard: Understanding, text: str, withheld: bool) -> None:
    """Answers to Roxy's own question that the intent parser cannot know: a bare name, a number."""
    _number_answer(state, heard, text, withheld)
    _name_answer(state, heard, text)
    if state.awaiting == Prompt.ADDRESS and not state.caller.address and heard.intent not in (
            "faq", "transfer", "cancel", "goodbye") and "?" not in text:
        _address_answer(state, heard, text)
    if state.awaiting == Prompt.EMAIL and "email" not in heard.slots:
        email = find_email(re.sub(r"\s+", " ", text.lower()))
        if email:
            heard.slots["email"] = email


def _number_answer(state: DialogueState, heard: Understanding, text: str, withheld: bool) -> None:
    booking_number = withheld and state.pending and state.pending["action"] == "book_appointment"
    if state.awaiting == Prompt.PHONE or booking_number:
        number = find_phone(text)
        if number:
            for slot in ("date", "time", "part_of_day", "name"):  # the digits are not these
                heard.slots.pop(slot, None)
            heard.slots["phone"] = number
            if heard.intent in ("unknown", "faq", "book", "check_availability", "deny"):
                heard.intent = "affirm"




def _name_answer(state: DialogueState, heard: Understanding, text: str) -> None:
    """A name said unasked while choosing; the names of a party; "book it for Lee"; a name alone."""
    if state.awaiting in (Prompt.TIME, Prompt.DATE, Prompt.SERVICE) and heard.intent == "unknown" and not heard.slots \
            and not state.caller.name:
        name = looks_like_name(text, asked=False)
        if name:
            heard.slots["name"] = name
    if state.awaiting != Prompt.NAME:
        return
    about_the_name = heard.intent == "faq" and ABOUT_THE_NAME.search(text)
    if about_the_name and "name" not in heard.slots:  # "do you want my full name? Sam Okafor"
        name = looks_like_name(text.rpartition("?")[2].strip(" ,.!"))
        if name:
            heard.slots["name"] = name
    if about_the_name and "name" in heard.slots:
        heard.intent = "affirm"  # "do you need my last name? It's Jo Bloggs": the question is answered by asking it
    names = names_of_party(text)
    if names and state.booking.party > 1:  # "Joe and Ann": one booking each
        heard.slots["name"] = names[0]
        state.booking.name_each(names[1:])
        heard.intent = "affirm" if heard.intent in ("unknown", "faq") else heard.intent
    elif names and len(names) == 2:  # one booking asked for: "John and Mary Smith" is whose it is
        heard.slots["name"] = " and ".join(names)
        heard.intent = "affirm" if heard.intent in ("unknown", "faq") else heard.intent
    if "name" not in heard.slots:
        booked_for = BOOKED_UNDER.search(text.strip())
        if booked_for and not any(w.lower() in NOT_A_NAME for w in booked_for.group(1).split()):
            heard.slots["name"] = booked_for.group(1)  # "ok, book that for Lee"
    if not heard.slots.keys() & {"name", "service"} and heard.intent in (
            "unknown", "affirm", "book", "faq"):  # "beard" is the service, not a name
        name = looks_like_name(text)
        if not name and "email" in heard.slots:  # "Jess, and my email is jess at ..."
            name = looks_like_name(DETAILS_BREAK.split(text)[0])
        if name:
            heard.slots["name"] = name
            if heard.intent in ("unknown", "faq"):
                heard.intent = "affirm"


def _address_answer(state: DialogueState, heard: Understanding, text: str) -> None:
    """The answer to "what's the address?" ("22 Oak" is no time, "Elm" no name)."""
    if not ADDRESS_KNOWN.search(heard.text.lower()):
        said = ADDRESS_INTRO.sub("", text.strip(" .!"))
        state.caller.address = " ".join(w if i and w.lower() in ("in", "on", "at", "of", "and") else w.title()
                                 for i, w in enumerate(said.split()))[:200] or None
    for slot in ("date", "time", "part_of_day", "name", "phone"):
        heard.slots.pop(slot, None)
    heard.intent = "affirm"


def merge_slots(state: DialogueState, heard: Understanding, business: Business) -> None:
    """What was heard, into the state: the service, who and how to reach them, the day, the time."""
    slots = heard.slots
    if state.task == "book" and state.wanted.service and slots.get("service") not in (None, state.wanted.service) \
            and not state.pending:
        state.wanted.offered = []  # "actually, make that a blow dry": times for the new service (a time they
        # asked for stays, and is checked for it)
    if "service" in slots and (state.task != "reschedule" or not state.change.appointment_id):
        state.wanted.service = slots["service"]  # for a move or a cancel: which appointment they mean
    _merge_contact(state, heard, business)
    if "date" in slots and state.wanted.offered and BARE_ORDINAL.search(heard.text) and not DATE_WORDS.search(heard.text):
        del slots["date"]  # "the first" / "the 2nd" with times on offer: a choice, not a day of the month
    if state.wanted.offered and CLOCK_ALONE.fullmatch(heard.text.strip()):
        slots.pop("date", None)  # "the 11 one" / "10" with times on offer: a time, not the 11th
        slots.pop("time", None)  # (chosen among the offers below, or checked like any time asked for)
    _merge_day(state, heard, business)
    if "time" in slots:
        state.wanted.time = slots["time"]
        state.wanted.part_of_day = None
    elif "part_of_day" in slots:
        state.wanted.part_of_day = slots["part_of_day"]
        state.wanted.time = None
        state.wanted.offered = []  # new choices within that part of the day
    _merge_choice(state, heard)


def _merge_contact(state: DialogueState, heard: Understanding, business: Business) -> None:
    slots = heard.slots
    if "name" in slots:
        state.caller.name = slots["name"]
        if not state.booking.for_other:
            state.caller.own_name = state.caller.name
    if "email" in slots:
        state.caller.email = slots["email"]
    if "phone" in slots:
        try:
            state.caller.callback_phone, state.caller.unusable_number = normalize_phone(slots["phone"], business.country), None
            extension = find_extension(heard.text)
            if extension:  # "617 555 0190, extension 4": the number, and the extension for the team
                state.caller.callback_extension = extension
                state.lead_notes.append(note(NoteKind.EXTENSION, extension))
        except ValueError:
            state.caller.callback_phone, state.caller.unusable_number = None, slots["phone"]  # asked again, digit by digit


def _merge_day(state: DialogueState, heard: Understanding, business: Business) -> None:
    slots = heard.slots
    if "date" in slots and NEXT_OR_WEEK_AFTER.search(heard.text):
        asked = dt.date.fromisoformat(slots["date"])
        state.wanted.week_of = (asked - dt.timedelta(days=asked.weekday())).isoformat()
        if NEXT_WEEK_SAID.search(heard.text) and not WEEKDAY_NAMED.search(heard.text) \
                and not LATE_NEXT_WEEK.search(heard.text.lower()):
            # "next week": its first open day (then the first with a time free), not a week from today
            week = [asked - dt.timedelta(days=asked.weekday() - n) for n in range(7)]
            slots["date"] = next((d for d in week if business.opening_ranges(d)), week[0]).isoformat()
    elif "date" in slots and state.wanted.week_of and BARE_WEEKDAY.search(heard.text):
        # "What do you have next week?" ... "Thursday evening": the Thursday of that week.
        said, week = dt.date.fromisoformat(slots["date"]), dt.date.fromisoformat(state.wanted.week_of)
        if said < week:
            slots["date"] = (week + dt.timedelta(days=said.weekday())).isoformat()
    if "date" in slots:
        said_day = dt.date.fromisoformat(slots["date"]).weekday()
        if said_day in state.wanted.avoid_days and WEEKDAYS[said_day] in heard.text:
            state.wanted.avoid_days.remove(said_day)  # "ok, Wednesday then": they chose it after all
        if slots["date"] != state.wanted.date:
            state.wanted.offered = [o for o in state.wanted.offered if o[:10] == slots["date"]]
        state.wanted.date = slots["date"]


def _merge_choice(state: DialogueState, heard: Understanding) -> None:
    """One of the times on offer chosen ("the second", "the 11 one"), or another time said."""
    slots = heard.slots
    # not "yes" to "your name?", but "the 11:45" then is another of the times on offer
    choosing = state.wanted.offered and (not (state.wanted.time and state.awaiting != Prompt.TIME)
                                  or CLOCK_ALONE.fullmatch(heard.text.strip())
                                  or OTHER_OFFER.fullmatch(heard.text.strip(" .!?")))
    if choosing and "time" not in slots and "name" not in slots:  # "it's for my son Tom" picks no time
        choice = chosen_offer(heard.text, state.wanted.offered, named_day="date" in slots)
        other_time = None if choice else clock_alone(heard.text, state.wanted.offered)
        if choice is not None:
            state.wanted.date, state.wanted.time = choice[:10], choice[11:16]
        elif other_time:  # a time that was not offered: checked like any time asked for
            state.wanted.date, state.wanted.time = state.wanted.date or state.wanted.offered[0][:10], other_time
    if state.wanted.offered and "time" in slots and "date" not in slots:
        same_time = [o for o in state.wanted.offered if o[11:16] == slots["time"]]
        if same_time:
            state.wanted.date = same_time[0][:10]


def which_time(state: DialogueState, business: Business, heard: Understanding, offered_before: list[str],
               reply: Reply) -> Reply:
    """A bare "yes" to "9, 10 or 11?" chose none of them: asked which, not the same offer again."""
    if len(offered_before) > 1 and state.wanted.offered == offered_before and reply.asks == Prompt.TIME \
            and BARE_YES.fullmatch(heard.text.strip(" .,!?").lower()):
        times = speech.options([speech.clock(local_time(o, business)) for o in state.wanted.offered])
        return ask(state, f"Which time would you like: {times}?", Prompt.TIME, opening=Opening.AGREED)
    return reply


def clock_alone(text: str, offered: list[str]) -> str | None:
    """"10" / "10 30" said with times on offer but none at that time: the HH:MM meant, morning or
    afternoon by whichever is closer to the times offered."""
    clock = CLOCK_ALONE.fullmatch(text.strip())
    if not clock or not 1 <= int(clock.group(1)) <= 12 or int(clock.group(2) or 0) > 59:
        return None
    hour, minute = int(clock.group(1)) % 12, int(clock.group(2) or 0)
    if clock.group(3) in ("am", "pm"):
        hours = [hour + (12 if clock.group(3) == "pm" else 0)]
    else:
        hours = [hour, hour + 12]
    offered_minutes = [int(o[11:13]) * 60 + int(o[14:16]) for o in offered]
    best = min(hours, key=lambda h: min(abs(h * 60 + minute - m) for m in offered_minutes))
    return f"{best:02d}:{minute:02d}"


def chosen_offer(text: str, offered: list[str], named_day: bool = False) -> str | None:
    clock = CLOCK_ALONE.fullmatch(text.strip())
    if clock:  # "9", "10 30" said with times on offer: the one at that hour (and minute)
        hour, minute = int(clock.group(1)) % 12, int(clock.group(2) or 0)
        # "10" is 10 o'clock, not the 10:30 on offer (that is checked as any time asked for);
        # "the 10 one" points at an offer
        pointing = clock.group(2) is None and clock.group("one")
        for start in offered:
            local = dt.datetime.fromisoformat(start)
            if local.hour % 12 == hour and (pointing or local.minute == minute):
                return start
        return None  # "9 is fine" with 9:30 on offer: 9 o'clock, checked like any time (not "fine": the first)
    for word, index in ORDINAL_CHOICES.items():
        if re.search(rf"\b{word}\b", text):
            return offered[index] if index < len(offered) else offered[-1]
    if len(offered) > 1 and BARE_YES.fullmatch(text.strip(" .,!?").lower()):
        return None  # "yes" to "9, 10 or 11?" chooses none of them: asked which
    # "that's fine", "any of them", "whichever": the earliest; the read-back lets them correct it
    # ("ok, Tuesday then" names the day, not a time; "can I get that in writing?" chooses nothing)
    short = len(text.split()) <= 5 or ACCEPTING.match(text.strip().lower())
    if not named_day and short and ACCEPTING.search(text.lower()):
        return offered[0]
    return None


# --- stages of a turn (engine.py) ------------------------------------------------------------------



def free_answers(t: Turn) -> None:
    take_free_answers(t.state, t.heard, t.text, t.withheld)
    t.intent = t.heard.intent


def time_bounds(t: Turn) -> Reply | Handoff | None:
    """ "Between 2 and 4", "no sooner than 10", "that's too early", "anything later?": the side of
    the day to offer from; "no" to the times offered: another day (or the waitlist)."""
    state, heard = t.state, t.heard
    moved = _moved_from(t)
    window = BETWEEN.search(heard.text) if state.task in ("book", "reschedule") and not moved else None
    bound = BOUND.search(heard.text) if state.task in ("book", "reschedule") and not window else None
    if window:  # kept as the part of the day to offer from, on whichever day is settled
        heard.slots.pop("time", None)
        heard.slots["part_of_day"] = "-".join(window_times(window))
        state.wanted.offered, state.wanted.time, state.wanted.after, state.wanted.before = [], None, None, None
    elif bound and (heard.slots.get("date") or state.wanted.date or state.wanted.offered):
        _bounded(t, bound)
    elif state.wanted.offered and TOO_EARLY_OR_LATE.search(t.text.lower()) and not IS_IT_TOO.search(t.text.lower()):
        _too_early_or_late(t)
    elif state.wanted.offered and LATER_EARLIER.search(t.text.lower()):
        later = "later" in t.text.lower()
        state.wanted.after = state.wanted.offered[-1] if later else None
        state.wanted.before = None if later else state.wanted.offered[0]
        state.wanted.offered, state.wanted.time = [], None
    elif state.awaiting == Prompt.DATE and state.task in ("book", "reschedule") and not heard.slots \
            and BARE_YES.fullmatch(heard.text.strip(" .,!?").lower()):
        return ask(state, f"Which day would suit you? {DAY_EXAMPLES}", Prompt.DATE)  # "yes" names no day
    elif t.intent == "deny" and state.awaiting == Prompt.TIME and not heard.slots \
            and not BARE_ORDINAL.search(heard.text.lower()) \
            and not services_sharing(heard.text, t.business.service_names(), t.business.service_aliases()):
        # not "no sorry, the second one" (a choice), nor "no, a full groom" (which one: the booking's)
        if state.waitlist is not None:  # the day they wanted was taken or full: its waitlist
            return waitlist.handoff(state)
        state.wanted.offered, state.wanted.time = [], None
        return ask(state, "What other day or time would suit you?", Prompt.DATE, opening=Opening.NO_PROBLEM)
    return None


def _moved_from(t: Turn) -> bool:
    """ "Change it from 2 to 3": the one at 2, to 3."""
    state, heard = t.state, t.heard
    moved = BETWEEN.search(heard.text) if state.task == "reschedule" and not t.withheld else None
    if not (moved and moved.group(0).startswith("from")):
        return False
    old_time, new_time = window_times(moved)
    listed = t.tools("list_appointments", {"include_past": None})["appointments"]
    at_old = [a for a in listed if local_time(a["start"], t.business).strftime("%H:%M") == old_time
              and heard.slots.get("date") in (None, a["start"][:10])]
    if len(at_old) == 1:
        state.change.appointment_id = at_old[0]["id"]
        if heard.slots.get("date") == at_old[0]["start"][:10]:
            heard.slots.pop("date")
        heard.slots.pop("part_of_day", None)
        heard.slots["time"] = new_time
    return True


def _bounded(t: Turn, bound: re.Match) -> None:
    """ "No sooner than 10", "anytime after 3", "before noon": the times on that side of it."""
    state, heard = t.state, t.heard
    hour, minute = int(bound.group(2)) % 12, int(bound.group(3) or 0)
    if bound.group(4) == "pm" or (bound.group(4) != "am" and 1 <= hour <= 7):
        hour += 12
    day = heard.slots.get("date") or state.wanted.date or state.wanted.offered[0][:10]
    edge = f"{day}T{hour:02d}:{minute:02d}"
    heard.slots.pop("time", None)
    state.wanted.offered, state.wanted.time = [], None
    if bound.group(1) in ("before", "no later than", "not after", "by", "until"):
        state.wanted.before, state.wanted.after = edge, None
    else:
        state.wanted.after, state.wanted.before = edge, None
    state.wanted.date = day


def _too_early_or_late(t: Turn) -> None:
    """ "Not 7, that's too early": from an hour after the first offered ("too late": up to an hour
    before the last); "they're all too early": after the last offered (before the first)."""
    state, text = t.state, t.text.lower()
    early = TOO_EARLY_OR_LATE.search(text).group(1) == "early"
    every = ALL_OF_THOSE.search(text)
    edge = state.wanted.offered[-1 if early == bool(every) else 0]
    if not every:
        edge = (dt.datetime.fromisoformat(edge) + dt.timedelta(hours=1 if early else -1)).isoformat()
    state.wanted.after, state.wanted.before = (edge, None) if early else (None, edge)
    t.heard.slots.pop("time", None)
    state.wanted.offered, state.wanted.time = [], None


def day_to_search(t: Turn) -> None:
    """The day to search when none was said: today for "the soonest" (one time, the first), the day
    just booked for "and one for me at 11", today for "anything sooner?"."""
    state, heard, soonest = t.state, t.heard, t.soonest
    if soonest and not state.wanted.offered and state.task in ("book", "reschedule") \
            and soonest.group(0) not in ("anyday", "any day", "whenever") \
            and not heard.slots.keys() & {"time", "part_of_day"}:
        heard.slots["part_of_day"] = "earliest"  # "the soonest you can", "flooding": one time, the first
    if soonest and "date" not in heard.slots and not state.wanted.offered \
            and state.task in ("book", "reschedule"):
        heard.slots["date"] = t.local_now.date().isoformat()
    elif state.task == "book" and state.booking.booked_day and not state.wanted.date and "time" in heard.slots \
            and "date" not in heard.slots:
        heard.slots["date"] = state.booking.booked_day  # "and one for me at 11", just after booking: that day
    elif t.intent == "reschedule" and "date" not in heard.slots and state.change.shift_minutes is None \
            and SOONER_ASKED.search(heard.text) and not SAME_DAY.search(heard.text):
        heard.slots["date"] = t.local_now.date().isoformat()  # "anything sooner for my haircut?": from today


def merge(t: Turn) -> None:
    """What was heard, into the call's state."""
    state, heard = t.state, t.heard
    t.service_before = state.wanted.service
    merge_slots(state, heard, t.business)
    state.silence = 0 if (t.intent != "unknown" or heard.slots or state.awaiting) else state.silence
