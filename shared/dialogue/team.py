"""A business's team on a call: who the caller asks for, "anyone is fine", "the same person as
last time", and whether someone is in on a day. Only for businesses that list their `staff`;
elsewhere a name asked for stays a note for the team (policy.TEAM_MEMBER)."""

from __future__ import annotations

import datetime as dt
import re

from shared.dialogue.lexicon.team import TITLE, WORKING
from shared.domain.availability import working_ranges
from shared.domain.business import WEEKDAYS, Business, StaffMember
from shared.language import speech


def asked_about(business: Business, text: str) -> StaffMember | None:
    """The staff member a rota question is about."""
    said = WORKING.search(text)
    if not said:
        return None
    words = said.group("name").split()
    return business.find_staff(said.group("name")) or business.find_staff(words[0])


def named_in(business: Business, text: str) -> StaffMember | None:
    """A staff member asked for by name ("with Jo", "can I see Maria Lopez"), short names too."""
    for member in business.staff:
        names = "|".join(re.escape(n) for n in (member.name, member.name.split()[0]))
        if re.search(rf"\b(?:with|see|ask for|prefer|by)\s+(?:{names})\b", text, re.I):
            return member
    return None


def member_named(business: Business, name: str | None) -> StaffMember | None:
    if not name or not business.staff:
        return None
    words = TITLE.sub("", name.strip())
    return business.find_staff(words)


def cannot_do(business: Business, staff: str | None, service_name: str | None) -> str | None:
    """What to say when the person asked for does not do the service ("Jo doesn't do Hair
    Colouring, but Maria or Sam can."), else None."""
    member = business.find_staff(staff) if staff else None
    service = business.find_service(service_name) if service_name else None
    if member is None or service is None or member.does(service):
        return None
    others = speech.options([first_name(m) for m in business.staff_for(service)])
    return f"{first_name(member)} doesn't do {service.name}, but {others} can."


def first_name(member: StaffMember) -> str:
    return member.name.split()[0]


def last_seen(business: Business, history: list[dict]) -> StaffMember | None:
    """Who did the caller's latest visit (of those with a named person still on the team)."""
    for appointment in sorted(history, key=lambda a: a["start"], reverse=True):
        if appointment.get("status") != "cancelled" and appointment.get("staff"):
            member = business.find_staff(appointment["staff"])
            if member is not None:
                return member
    return None


def on_day(day: dt.date, today: dt.date) -> str:
    """'today', 'tomorrow', 'on Friday', 'on Thursday the 17th of December'."""
    said = speech.day(day, today)
    return said if said in ("today", "tomorrow") else f"on {said}"


def _hours(business: Business, day: dt.date, member: StaffMember) -> str:
    ranges = working_ranges(business, day, member)
    times = [(dt.time(a // 60, a % 60), dt.time(b // 60 % 24, b % 60)) for a, b in ranges]
    return speech.options([f"{speech.clock(dt.datetime.combine(day, a))} to {speech.clock(dt.datetime.combine(day, b))}"
                           for a, b in times], "and")


def rota(business: Business, member: StaffMember, day: dt.date | None, today: dt.date) -> str:
    """Whether `member` is in on `day` (and when), or the days they work."""
    name = first_name(member)
    if day is not None:
        when = on_day(day, today)
        if working_ranges(business, day, member):
            return f"Yes, {name} is in {when}, {_hours(business, day, member)}."
        return f"{name} isn't in {when}. {_days(business, member, today)}"
    return _days(business, member, today)


def _days(business: Business, member: StaffMember, today: dt.date) -> str:
    week = [today + dt.timedelta(days=n) for n in range(7)]
    days = sorted({d.weekday() for d in week if working_ranges(business, d, member)})
    if not days:
        return f"{first_name(member)} isn't in this week."
    names = [WEEKDAYS[d].capitalize() + "s" for d in days]
    return f"{first_name(member)} works {speech.options(names, 'and')}."
