"""Slot filling: the answers to Roxy's own questions, and what was heard merged into the call's state.
"""

from __future__ import annotations

import datetime as dt
import re

from shared.dialogue.lexicon import (
    ACCEPTING,
    BARE_ORDINAL,
    BARE_WEEKDAY,
    BARE_YES,
    CLOCK_ALONE,
    DATE_WORDS,
    NOT_A_NAME,
    ORDINAL_CHOICES,
    OTHER_OFFER,
)
from shared.dialogue.nlu import (
    CAP,
    Understanding,
    find_email,
    find_extension,
    find_phone,
)
from shared.dialogue.prompts import Prompt
from shared.dialogue.reading import looks_like_name, names_of_party
from shared.dialogue.turns import Reply, ask, local_time
from shared.domain.business import WEEKDAYS, Business
from shared.domain.calls import DialogueState
from shared.domain.phone import normalize_phone
from shared.language import speech


def take_free_answers(state: DialogueState, heard: Understanding, text: str, withheld: bool) -> None:  # noqa: C901 (tracked: tests/unit/test_code_limits.py)
    """Answers to Roxy's own question that the intent parser cannot know: a bare name, a number."""
    booking_number = withheld and state.pending and state.pending["action"] == "book_appointment"
    if state.awaiting == Prompt.PHONE or booking_number:
        number = find_phone(text)
        if number:
            for slot in ("date", "time", "part_of_day", "name"):  # the digits are not these
                heard.slots.pop(slot, None)
            heard.slots["phone"] = number
            if heard.intent in ("unknown", "faq", "book", "check_availability", "deny"):
                heard.intent = "affirm"
    if state.awaiting in (Prompt.TIME, Prompt.DATE, Prompt.SERVICE) and heard.intent == "unknown" and not heard.slots \
            and not state.name:
        name = looks_like_name(text, asked=False)
        if name:
            heard.slots["name"] = name
    names = names_of_party(text) if state.awaiting == Prompt.NAME else None
    if names and state.party > 1:  # "Joe and Ann": one booking each
        heard.slots["name"] = names[0]
        state.also_names = names[1:]
        heard.intent = "affirm" if heard.intent in ("unknown", "faq") else heard.intent
    elif names and len(names) == 2:  # one booking asked for: "John and Mary Smith" is whose it is
        heard.slots["name"] = " and ".join(names)
        heard.intent = "affirm" if heard.intent in ("unknown", "faq") else heard.intent
    if state.awaiting == Prompt.NAME and "name" not in heard.slots:
        booked_for = re.search(rf"\b(?:for|under)\s+({CAP}(?:\s+{CAP})?)[.!]?$", text.strip())
        if booked_for and not any(w.lower() in NOT_A_NAME for w in booked_for.group(1).split()):
            heard.slots["name"] = booked_for.group(1)  # "ok, book that for Lee"
    if state.awaiting == Prompt.NAME and not heard.slots.keys() & {"name", "service"} and heard.intent in (
            "unknown", "affirm", "book", "faq"):  # "beard" is the service, not a name
        name = looks_like_name(text)
        if not name and "email" in heard.slots:  # "Jess, and my email is jess at ..."
            name = looks_like_name(re.split(r",|\band\b|\bmy e-?mail\b", text, flags=re.I)[0])
        if name:
            heard.slots["name"] = name
            if heard.intent in ("unknown", "faq"):
                heard.intent = "affirm"
    if state.awaiting == Prompt.ADDRESS and not state.address and heard.intent not in (
            "faq", "transfer", "cancel", "goodbye") and "?" not in text:
        if not re.search(r"^(?:no|nope|nah|not really)\b|\brather not\b|\bsame (?:as|address)\b|\bon file\b|"
                         r"\b(?:has|have|got|knows?) (?:it|the address|where)\b|\bi'll (?:tell|give|show|text)\b|"
                         r"\b(?:don't|do not) know\b", heard.text.lower()):
            said = re.sub(r"^(?:(?:it's|it is|that's|that is|the address is|address is|we're at|i'm at|at)\s+)+",
                          "", text.strip(" .!"), flags=re.I)
            state.address = " ".join(w if i and w.lower() in ("in", "on", "at", "of", "and") else w.title()
                                     for i, w in enumerate(said.split()))[:200] or None
        for slot in ("date", "time", "part_of_day", "name", "phone"):  # "22 Oak" is no time, "Elm" no name
            heard.slots.pop(slot, None)
        heard.intent = "affirm"
    if state.awaiting == Prompt.EMAIL and "email" not in heard.slots:
        email = find_email(re.sub(r"\s+", " ", text.lower()))
        if email:
            heard.slots["email"] = email


def merge_slots(state: DialogueState, heard: Understanding, business: Business) -> None:  # noqa: C901 (tracked: tests/unit/test_code_limits.py)
    slots = heard.slots
    if state.task == "book" and state.service and slots.get("service") not in (None, state.service) \
            and not state.pending:
        state.offered = []  # "actually, make that a blow dry": times for the new service (a time they
        # asked for stays, and is checked for it)
    if "service" in slots and (state.task != "reschedule" or not state.appointment_id):
        state.service = slots["service"]  # for a move or a cancel: which appointment they mean
    if "name" in slots:
        state.name = slots["name"]
        if not state.for_other:
            state.own_name = state.name
    if "email" in slots:
        state.email = slots["email"]
    if "phone" in slots:
        try:
            state.callback_phone, state.unusable_number = normalize_phone(slots["phone"], business.country), None
            extension = find_extension(heard.text)
            if extension:  # "617 555 0190, extension 4": the number, and the extension for the team
                state.callback_extension = extension
                state.lead_notes.append(f"Callback number extension: {extension}")
        except ValueError:
            state.callback_phone, state.unusable_number = None, slots["phone"]  # asked again, digit by digit
    if "date" in slots and state.offered and BARE_ORDINAL.search(heard.text) and not DATE_WORDS.search(heard.text):
        del slots["date"]  # "the first" / "the 2nd" with times on offer: a choice, not a day of the month
    if state.offered and CLOCK_ALONE.fullmatch(heard.text.strip()):
        slots.pop("date", None)  # "the 11 one" / "10" with times on offer: a time, not the 11th
        slots.pop("time", None)  # (chosen among the offers below, or checked like any time asked for)
    if "date" in slots and re.search(r"\bnext week\b|\bweek after\b", heard.text):
        asked = dt.date.fromisoformat(slots["date"])
        state.week_of = (asked - dt.timedelta(days=asked.weekday())).isoformat()
        if re.search(r"\bnext week\b", heard.text) and not re.search(r"\b(?:" + "|".join(WEEKDAYS) + r")\b",
                                                                   heard.text) \
                and not re.search(r"\b(?:end|late|later|latter)\b[a-z ]{0,12}next week", heard.text.lower()):
            # "next week": its first open day (then the first with a time free), not a week from today
            week = [asked - dt.timedelta(days=asked.weekday() - n) for n in range(7)]
            slots["date"] = next((d for d in week if business.opening_ranges(d)), week[0]).isoformat()
    elif "date" in slots and state.week_of and BARE_WEEKDAY.search(heard.text):
        # "What do you have next week?" ... "Thursday evening": the Thursday of that week.
        said, week = dt.date.fromisoformat(slots["date"]), dt.date.fromisoformat(state.week_of)
        if said < week:
            slots["date"] = (week + dt.timedelta(days=said.weekday())).isoformat()
    if "date" in slots:
        said_day = dt.date.fromisoformat(slots["date"]).weekday()
        if said_day in state.avoid_days and WEEKDAYS[said_day] in heard.text:
            state.avoid_days.remove(said_day)  # "ok, Wednesday then": they chose it after all
        if slots["date"] != state.date:
            state.offered = [o for o in state.offered if o[:10] == slots["date"]]
        state.date = slots["date"]
    if "time" in slots:
        state.time = slots["time"]
        state.part_of_day = None
    elif "part_of_day" in slots:
        state.part_of_day = slots["part_of_day"]
        state.time = None
        state.offered = []  # new choices within that part of the day
    # not "yes" to "your name?", but "the 11:45" then is another of the times on offer
    choosing = state.offered and (not (state.time and state.awaiting != Prompt.TIME)
                                  or CLOCK_ALONE.fullmatch(heard.text.strip())
                                  or OTHER_OFFER.fullmatch(heard.text.strip(" .!?")))
    if choosing and "time" not in slots and "name" not in slots:  # "it's for my son Tom" picks no time
        choice = chosen_offer(heard.text, state.offered, named_day="date" in slots)
        other_time = None if choice else clock_alone(heard.text, state.offered)
        if choice is not None:
            state.date, state.time = choice[:10], choice[11:16]
        elif other_time:  # a time that was not offered: checked like any time asked for
            state.date, state.time = state.date or state.offered[0][:10], other_time
    if state.offered and "time" in slots and "date" not in slots:
        same_time = [o for o in state.offered if o[11:16] == slots["time"]]
        if same_time:
            state.date = same_time[0][:10]


def which_time(state: DialogueState, business: Business, heard: Understanding, offered_before: list[str],
                reply: Reply) -> Reply:
    """A bare "yes" to "9, 10 or 11?" chose none of them: asked which, not the same offer again."""
    if len(offered_before) > 1 and state.offered == offered_before and reply.say.endswith(
            "Which would you like?") and BARE_YES.fullmatch(heard.text.strip(" .,!?").lower()):
        times = speech.options([speech.clock(local_time(o, business)) for o in state.offered])
        return ask(state, f"Sure. Which time would you like: {times}?", Prompt.TIME)
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
