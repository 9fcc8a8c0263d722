"""Several services or people asked for at once ("a haircut, a blow dry and a manicure", "a cut for
me and a trim for my son"), for the booking workflow: the day and time said for each, a service
next to one of theirs, the services of their usual visit, and the next of them as a handoff to the
booking when one is booked (the rest of the chain with it).
"""

from __future__ import annotations

import datetime as dt
import re

from shared.dialogue.lexicon.booking import ALREADY_BOOKED_WORDS
from shared.dialogue.lexicon.times import NEXT_TO_THEIRS
from shared.dialogue.nlu import Understanding, match_service, match_services
from shared.dialogue.turns import Tools, local_time
from shared.domain.availability import bookable_today
from shared.domain.business import Business
from shared.domain.calls import BookFrame, DialogueState, Handoff
from shared.errors import DomainError
from shared.language import speech
from shared.language.when import find_date, find_time


def when_each(text: str, named: list[str], business: Business, local_now: dt.datetime) -> list[str]:
    """'A haircut Friday at 10 and a blow dry Saturday at 9': the day and time said for each
    service after the first ("YYYY-MM-DD", "THH:MM" or both), when the first has its own too; else
    none (one after the other, on the first's day)."""
    said: dict[str, str] = {}
    for part in re.split(r"\band\b|,|\bplus\b|\balso\b|\bthen\b", text):
        service = match_service(part, business.service_names(), business.service_aliases())
        day, clock = find_date(part, local_now.date(), bookable_today(business, local_now)), find_time(part)
        if service in named and service not in said and (day or clock):
            said[service] = (day.value if day else "") + (f"T{clock.value}" if clock else "")
    if named[0] not in said:
        return []
    return [said.get(s, "") for s in named[1:]]


def next_to_theirs(state: DialogueState, heard: Understanding, business: Business, named: list[str],
                   tools: Tools) -> list[str]:
    """'Can I add a beard trim straight after?', 'a blow dry right before my haircut': the day and
    time next to one of their appointments. Returns the services asked for, less the one they have."""
    said = NEXT_TO_THEIRS.search(heard.text)
    if not said or state.wanted.service or state.pending:  # in the middle of a booking: "after that" is that one
        return named
    mine = said.group("mine")
    referred = match_services(mine, business.service_names(), business.service_aliases()) if mine else []
    if mine and not referred and mine.split()[0] not in ("appointment", "booking", "visit", "one"):
        return named  # "after the weekend"
    if not referred and len(named) > 1:
        return named  # "a haircut and a beard trim straight after": both are new
    try:
        upcoming = tools("list_appointments", {"include_past": None})["appointments"]
    except DomainError:
        return named
    pointed = said.group("pointed")  # "after that" / "after it": the one just talked about
    # ... or, first thing in the call, "can I add a blow dry after it?": their one booking
    theirs_meant = not state.done_something and ALREADY_BOOKED_WORDS.search(heard.text)
    anchors = ([a for a in upcoming if a["service"] in referred]
               or [a for a in upcoming if a["id"] == state.change.appointment_id]
               or (upcoming if len(upcoming) == 1 and (not pointed or theirs_meant) else []))
    if not anchors:
        return named
    anchor = anchors[0]
    wanted = [s for s in named if s not in referred]
    if wanted:
        heard.slots["service"] = wanted[0]
    elif heard.slots.get("service") in referred:
        del heard.slots["service"]
    start, end = dt.datetime.fromisoformat(anchor["start"]), dt.datetime.fromisoformat(anchor["end"])
    theirs = business.find_service(anchor["service"])
    new = business.find_service(wanted[0] if wanted else (state.wanted.service or ""))
    gap = (theirs.buffer_after_minutes if theirs else 0) + (new.buffer_before_minutes if new else 0)
    step = dt.timedelta(minutes=business.slot_interval_minutes)
    midnight = end.replace(hour=0, minute=0, second=0, microsecond=0)
    after = end + dt.timedelta(minutes=gap)
    at = midnight + -((midnight - after) // step) * step  # the first start on the grid after it
    if said.group("before") or said.group("before2"):
        if new is None:
            return wanted
        before = start - dt.timedelta(minutes=new.duration_minutes + new.buffer_after_minutes
                                      + (theirs.buffer_before_minutes if theirs else 0))
        at = midnight + ((before - midnight) // step) * step  # the last start on the grid before it
    heard.slots["date"], heard.slots["time"] = at.date().isoformat(), at.strftime("%H:%M")
    heard.slots.pop("part_of_day", None)
    return wanted


def usual_services(tools: Tools) -> list[str]:
    """The services of their last visit: the last booking and those back to back with it that
    day under the same name (a haircut, then a beard trim)."""
    history = tools("list_appointments", {"include_past": True})["appointments"]
    kept = sorted((a for a in history if a["status"] != "cancelled"), key=lambda a: a["start"])
    if not kept:
        return []
    visit = [kept[-1]]
    for earlier in reversed(kept[:-1]):
        gap = dt.datetime.fromisoformat(visit[0]["start"]) - dt.datetime.fromisoformat(earlier["end"])
        if dt.timedelta(0) <= gap <= dt.timedelta(minutes=30) and earlier["caller_name"] == visit[0]["caller_name"]:
            visit.insert(0, earlier)
        else:
            break
    return [a["service"] for a in visit]


def next_booking(state: DialogueState, business: Business, appointment: dict, asked_for: BookFrame, party: int,
                 for_other: bool, local_now: dt.datetime) -> Handoff:
    """The next service they asked for (or the next person's), the first of the booking's chain, as
    a handoff to the booking with its slots: on the day just booked, straight after this one, unless
    a day or time was said for it; for the same person, unless it is the next person's. The rest of
    the chain goes with it."""
    following = asked_for.then
    service, day, clock = following.slots["service"], following.slots.get("date"), following.slots.get("time")
    slots = {"service": service, "date": day or appointment["start"][:10], "name": appointment["caller_name"],
             "next": "You also asked for"}
    if clock:  # "... and a blow dry Saturday at 9": its own day and time ("at 2": that day's)
        slots["time"] = clock
    if not (day or clock):
        slots["after"], slots["follow_on"] = appointment["start"], appointment["end"]
    if "name" in following.slots:
        slots["name"], slots["next"], for_other = following.slots["name"], f"Now for {following.slots['name']}:", True
    elif service == appointment["service"] or party > 1:
        slots["name"], slots["next"], for_other = "", "Now for the next person:", True  # their name is asked
    if for_other:
        slots["for_other"] = "yes"
    when = speech.when(local_time(appointment["start"], business), local_now)
    return Handoff(workflow="book", slots=slots, said=f"You're all booked: {speech.a(appointment['service'])} {when}.",
                   intent="book_appointment", then=following.then)
