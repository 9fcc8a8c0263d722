"""Finding times to offer: the free slots on the day asked for (or the next day with any), the
three to offer, and the caller's pick among them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from shared.dialogue import team
from shared.dialogue.lexicon.times import PARTS_OF_DAY
from shared.dialogue.prompts import Prompt
from shared.dialogue.turns import Reply, Tools, ask, local_time, with_staff
from shared.dialogue.workflows import waitlist
from shared.domain.availability import free_slots
from shared.domain.business import Business, Service
from shared.domain.calls import DialogueState
from shared.language import speech


class Why(StrEnum):
    """Why a day could not be had, set where the reason is found (`reason_not`)."""
    NOTHING_LEFT_TODAY = "nothing_left_today"  # too late for today: no time left with the notice needed
    FULLY_BOOKED = "fully_booked"
    CLOSED = "closed"                          # a closure covers the day
    CLOSED_WEEKLY = "closed_weekly"            # the weekly hours have none that weekday
    STAFF_OFF = "staff_off"                    # the team member asked for is not free that day


@dataclass(frozen=True)
class Reason:
    """A reason a day could not be had: `why`, what it is about (the day, the weekday, who), and the
    words. `key` is what the call keeps (`Asked.why`) so the same reason is not said twice."""
    why: Why
    about: str
    words: str

    @property
    def key(self) -> str:
        return f"{self.why.value} {self.about}"


def reason_not(business: Business, day: dt.date, local_now: dt.datetime, services: list[Service]) -> Reason:
    """Why none of `services` can be booked on `day`: closed (a closure or the weekly hours), too
    late for today (no time left with the notice the business needs), or fully booked."""
    when = speech.day(day, local_now.date())
    ranges = business.opening_ranges(day)
    if ranges and day == local_now.date() and not any(
            free_slots(business, service, day, day, [], local_now) for service in services):
        # even an empty calendar has no time left
        return Reason(Why.NOTHING_LEFT_TODAY, "today", "There's nothing left I can book today.")
    if ranges:
        return Reason(Why.FULLY_BOOKED, day.isoformat(), f"We're fully booked {when}.")
    closure = next((e for e in business.exceptions if e.covers(day) and e.closed), None)
    if closure is not None:
        return Reason(Why.CLOSED, day.isoformat(),
                      f"We're closed {when}" + (f" for {closure.reason}." if closure.reason else "."))
    return Reason(Why.CLOSED_WEEKLY, f"{day:%A}", f"We're closed on {day:%A}s.")


def moving_id(state: DialogueState) -> str | None:
    return state.change.appointment_id if state.task == "reschedule" else None


def slots_for(state: DialogueState, business: Business, day: str, tools: Tools) -> list[str]:
    result = tools("check_availability", {"service": state.wanted.service, "date": day,
                                          "moving_appointment_id": moving_id(state), **with_staff(state)})
    return [slot["start"] for slot in result["slots"]]


def find_day(state: DialogueState, business: Business, local_now: dt.datetime,
             tools: Tools) -> tuple[str | None, list[str]]:
    """Slots on the asked day, or on the next day that has any (within two weeks)."""
    wanted = dt.date.fromisoformat(state.wanted.date)
    if wanted < local_now.date():
        return None, []
    slots = slots_for(state, business, state.wanted.date, tools) if wanted.weekday() not in state.wanted.avoid_days else []
    if slots:
        return state.wanted.date, slots
    end = wanted + dt.timedelta(days=14)
    result = tools("check_availability", {"service": state.wanted.service,
                                          "date": (wanted + dt.timedelta(days=1)).isoformat(),
                                          "end_date": end.isoformat(),
                                          "moving_appointment_id": moving_id(state), **with_staff(state)})
    free = [s["start"] for s in result["slots"]
            if dt.date.fromisoformat(s["start"][:10]).weekday() not in state.wanted.avoid_days]
    if not free:
        return None, []
    day = free[0][:10]
    if len(free) < len(result["slots"]):  # the days skipped may have used up the answer's slots
        return day, slots_for(state, business, day, tools)
    return day, [s for s in free if s.startswith(day)]


def pick_three(slots: list[str], business: Business, part: str | None,
               after: str | None = None, before: str | None = None) -> list[str]:
    if after:
        slots = [s for s in slots if s > after] or slots
    if before:
        slots = [s for s in slots if s < before] or slots
    if part in PARTS_OF_DAY:
        low, high = PARTS_OF_DAY[part]
        in_part = [s for s in slots if low <= local_time(s, business).hour < high]
        slots = in_part or slots
    elif part and re.fullmatch(r"\d\d:\d\d-\d\d:\d\d", part):  # "between 2 and 4"
        first, last = part.split("-")
        slots = [s for s in slots if first <= local_time(s, business).strftime("%H:%M") < last] or slots
    if part == "latest":
        return slots[-1:]
    if part == "earliest":
        return slots[:1]
    if len(slots) <= 3:
        return slots
    return [slots[0], slots[len(slots) // 2], slots[-1]]


def offer_times(state: DialogueState, business: Business, local_now: dt.datetime, slots: list[str],
                lead_in: str, runs_on: bool = False) -> Reply:
    """The times offered, after `lead_in`: a sentence of its own, or one the offer ends (`runs_on`:
    "4 PM isn't available, but tomorrow I have ...")."""
    state.wanted.offered = slots
    spoken = speech.options([speech.clock(local_time(s, business)) for s in slots])
    day = speech.day(local_time(slots[0], business).date(), local_now.date())
    if not runs_on:
        day = day[0].upper() + day[1:]
    question = "Would that work for you?" if len(slots) == 1 else "Which would you like?"
    return ask(state, f"{lead_in}{day} I have {spoken}.", Prompt.TIME, then=question)


def resolve_time(state: DialogueState, business: Business, local_now: dt.datetime,
                 tools: Tools) -> tuple[str | None, Reply | None]:
    """The exact slot to act on, or the question to ask to get one."""
    state.waitlist = None
    if not state.wanted.date:
        if state.wanted.time:
            return None, ask(state, f"What day would suit you for "
                                    f"{speech.clock(hm(state.wanted.time))}?", Prompt.DATE)
        return None, ask(state, "What day would suit you?", Prompt.DATE)
    day, slots = find_day(state, business, local_now, tools)
    asked_day = dt.date.fromisoformat(state.wanted.date)
    if day is None:
        return None, _nothing_around(state, business, local_now, asked_day)
    if day != state.wanted.date:
        return None, _another_day(state, business, local_now, asked_day, day, slots)
    if state.wanted.time:
        exact = [s for s in slots if s[11:16] == state.wanted.time]
        if exact:
            return exact[0], None
        return None, _nearest_to(state, business, local_now, slots)
    straight = _straight_after(state, business, slots) if state.booking.follow_on else None
    if straight:
        return None, straight
    if state.wanted.offered and not (state.wanted.after or state.wanted.before) and all(
            o[:10] == state.wanted.date and o in slots for o in state.wanted.offered):
        # Asked again (the caller said something else meanwhile): the same choices, not new ones.
        return None, offer_times(state, business, local_now, state.wanted.offered, "")
    return None, _offer_on_day(state, business, local_now, slots)


def _nothing_around(state: DialogueState, business: Business, local_now: dt.datetime, asked_day: dt.date) -> Reply:
    """No day with a free time around the one asked for: passed, too far ahead, or nothing free."""
    state.wanted.date = None
    when = speech.day(asked_day, local_now.date())
    if asked_day < local_now.date():
        return ask(state, "That day has already passed. Which day would you like?", Prompt.DATE)
    furthest = local_now.date() + dt.timedelta(days=business.max_days_ahead)
    if asked_day > furthest:  # "March 15th" when bookings open 60 days ahead
        furthest = next((furthest - dt.timedelta(days=n) for n in range(7)
                         if business.opening_ranges(furthest - dt.timedelta(days=n))), furthest)
        return ask(state, f"I can only book up to {business.max_days_ahead} days ahead, so the "
                          f"furthest I can go is {speech.day(furthest, local_now.date())}. Would "
                          "a day before then work?", Prompt.DATE)
    return ask(state, f"I'm sorry, I have nothing free around {when}. "
                      "Would another day work?", Prompt.DATE)


def _another_day(state: DialogueState, business: Business, local_now: dt.datetime, asked_day: dt.date, day: str,
                 slots: list[str]) -> Reply:
    """Nothing on the day asked for: the times on the next day that has some, and why."""
    wanted = f"{state.wanted.date}T{state.wanted.time}" if state.wanted.time else state.wanted.date
    state.wanted.date = day
    state.wanted.offered = pick_three(slots, business, state.wanted.part_of_day)
    exact = [s for s in slots if s[11:16] == state.wanted.time] if state.wanted.time else []
    if exact:  # "Monday at 3:30" when closed Mondays: Tuesday at 3:30, a yes books it
        state.wanted.offered, state.wanted.time = exact, None
    elif state.wanted.time:  # the times closest to the one they asked for, on the day that has openings
        target = dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(state.wanted.time),
                                     tzinfo=business.zone)
        state.wanted.offered = sorted(sorted(slots, key=lambda s: abs(local_time(s, business) - target))[:3])
        state.wanted.time = None
    spoken = speech.options([speech.clock(local_time(s, business)) for s in state.wanted.offered])
    first = speech.day(local_time(state.wanted.offered[0], business).date(), local_now.date())
    question = "Would that work for you?" if len(state.wanted.offered) == 1 else "Which would you like?"
    if asked_day.weekday() in state.wanted.avoid_days:  # not a day they can do: just the next one
        return ask(state, f"{first[0].upper() + first[1:]} I have {spoken}.", Prompt.TIME, then=question)
    why, said = _why_not_that_day(state, business, local_now, asked_day, wanted)
    if len(state.wanted.offered) == 1:
        reply = ask(state, f"{why}The next opening is "
                           f"{speech.when(local_time(state.wanted.offered[0], business), local_now)}.", Prompt.TIME,
                    then=question)
    else:
        reply = ask(state, f"{why}The next opening is {first}, when I have {spoken}.", Prompt.TIME, then=question)
    state.asked.why = said
    return reply


def _why_not_that_day(state: DialogueState, business: Business, local_now: dt.datetime, asked_day: dt.date,
                      wanted: str) -> tuple[str, str | None]:
    """ "We're fully booked tomorrow. " (the waitlist remembers it), "Maria isn't free ...", or ""
    when it was said a moment ago; and the reason's key, to keep (None when not said)."""
    service = business.find_service(state.wanted.service or "")
    reason = reason_not(business, asked_day, local_now, [service] if service else business.services)
    if reason.why is Why.FULLY_BOOKED:
        waitlist.remember(state, state.wanted.service, asked_day.isoformat(), state.wanted.part_of_day)
    if state.wanted.staff:  # "Maria's off? then whoever": the day they asked for is kept for that
        state.booking.staff_missed = wanted
        first = state.wanted.staff.split()[0]
        reason = Reason(Why.STAFF_OFF, f"{first} {asked_day.isoformat()}",
                        f"{first} isn't free {team.on_day(asked_day, local_now.date())} (I can "
                        "look for someone else that day if you like).")
    if reason.key == state.asked.why:
        return "", None  # said a moment ago ("We're closed on Sundays. I can find you another day ...")
    return f"{reason.words} ", reason.key


def _nearest_to(state: DialogueState, business: Business, local_now: dt.datetime, slots: list[str]) -> Reply:
    """The time asked for is not free: the nearest ones, and why ("we close at 4 that day")."""
    target = dt.datetime.combine(dt.date.fromisoformat(state.wanted.date), dt.time.fromisoformat(state.wanted.time),
                                 tzinfo=business.zone)
    pool = [s for s in slots if (not state.wanted.after or s > state.wanted.after)
            and (not state.wanted.before or s < state.wanted.before)] or slots
    nearest = sorted(pool, key=lambda s: abs(local_time(s, business) - target))[:3]
    state.wanted.time = None
    if any(r.open <= target.time() < r.close for r in business.opening_ranges(target.date())):
        waitlist.remember(state, state.wanted.service, state.wanted.date, state.wanted.part_of_day)  # taken, not closed
    return offer_times(state, business, local_now, sorted(nearest), _why_not_then(state, business, target),
                       runs_on=True)


def _why_not_then(state: DialogueState, business: Business, target: dt.datetime) -> str:
    lead_in = f"{speech.clock(target)} isn't available, but "
    ranges = business.opening_ranges(target.date())
    last = max(ranges, key=lambda r: r.open) if ranges else None
    service = business.find_service(state.wanted.service or "")
    if ranges and target.time() >= max(r.close for r in ranges):  # "Saturday at 4" when we close at 4
        closes = dt.datetime.combine(target.date(), max(r.close for r in ranges), tzinfo=business.zone)
        lead_in = f"We close at {speech.clock(closes)} that day, but "
    elif ranges and target.time() < min(r.open for r in ranges):
        opens = dt.datetime.combine(target.date(), min(r.open for r in ranges), tzinfo=business.zone)
        lead_in = f"We open at {speech.clock(opens)} that day, but "
    elif ranges and not any(r.open <= target.time() < r.close for r in ranges):  # a lunch break
        closed = max(r.close for r in ranges if r.close <= target.time())
        reopen = min(r.open for r in ranges if r.open > target.time())
        lead_in = (f"We're closed from {speech.clock(dt.datetime.combine(target.date(), closed))} to "
                   f"{speech.clock(dt.datetime.combine(target.date(), reopen))} that day, but ")
    elif ranges and service and target < last.closes_at(target.date(), business.zone) \
            < target + dt.timedelta(minutes=service.duration_minutes):  # "Friday at 4:30", closing at 5
        name = speech.a(service.name)
        lead_in = (f"{name[0].upper()}{name[1:]} takes {speech.duration(service.duration_minutes)} and we "
                   f"close at {speech.clock(last.closes_at(target.date(), business.zone))} that day, but ")
    return lead_in


def _straight_after(state: DialogueState, business: Business, slots: list[str]) -> Reply | None:
    """A second service for the same person: straight after the first, if free."""
    previous_end, state.booking.follow_on = local_time(state.booking.follow_on, business), None
    straight = [s for s in slots if local_time(s, business) >= previous_end]
    if straight and local_time(straight[0], business) - previous_end <= dt.timedelta(minutes=30):
        state.wanted.offered, state.wanted.after = straight[:1], None
        return ask(state, f"I can fit it in straight after, at {speech.clock(local_time(straight[0], business))}.",
                   Prompt.TIME, then="Would that work for you?")
    return None


def _offer_on_day(state: DialogueState, business: Business, local_now: dt.datetime, slots: list[str]) -> Reply:
    """Times on the day settled: in the part of the day asked for (or preferred), on the side of a
    bound ("after 3"), or the earliest / latest."""
    preferred = state.wanted.part_of_day or state.caller.preferences.get("part_of_day")
    lead_in, runs_on = "", False
    if not state.wanted.part_of_day and preferred:
        lead_in = f"I know you prefer {preferred}s. "
    edge = state.wanted.after or state.wanted.before
    picked = pick_three(slots, business, preferred, state.wanted.after, state.wanted.before)
    if state.wanted.after and not any(s > state.wanted.after for s in slots):  # offered anyway: say so
        lead_in, runs_on = f"I have nothing after {speech.clock(hm(state.wanted.after[11:16]))} that day, but ", True
    elif state.wanted.before and not any(s < state.wanted.before for s in slots):
        lead_in, runs_on = f"I have nothing before {speech.clock(hm(state.wanted.before[11:16]))} that day, but ", True
    state.wanted.after = state.wanted.before = None
    if edge and edge in picked and len(picked) == min(3, len(slots)) and (
            all(p <= edge for p in picked) or all(p >= edge for p in picked)):
        which = "latest" if picked[-1] == edge else "earliest"
        state.wanted.offered = [edge]
        when = speech.when(local_time(edge, business), local_now)
        return ask(state, f"{when[0].upper() + when[1:]} is the {which} I have that day.", Prompt.TIME,
                   then="Would that work, or would you like another day?")
    if preferred in ("latest", "earliest"):
        state.wanted.offered = picked
        when = speech.when(local_time(picked[0], business), local_now)
        return ask(state, f"The {preferred} I have is {when}.", Prompt.TIME, then="Would that work for you?")
    return offer_times(state, business, local_now, picked, lead_in, runs_on)


def hm(hhmm: str) -> dt.datetime:
    return dt.datetime.combine(dt.date(2000, 1, 1), dt.time.fromisoformat(hhmm))
