"""Questions the business's own configuration answers: opening hours (with closures), the
services, their prices and durations, the address, reminders. Used when its FAQ has no entry."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from shared.domain.availability import bookable_today
from shared.domain.business import WEEKDAYS, Business, Service
from shared.domain.phone import spoken_digits
from shared.language import speech
from shared.language.services import CHEAPER_QUESTION, match_service, match_services, services_sharing
from shared.language.text import normalize
from shared.language.when import find_date


def _ranges(business: Business, day: dt.date) -> str:
    ranges = business.opening_ranges(day)
    if _around_the_clock(ranges):
        return "24 hours"
    clock = speech.clock
    spans = [f"{clock(dt.datetime.combine(day, r.open))} to {clock(dt.datetime.combine(day, r.close))}"
             for r in ranges]
    return speech.options(spans, "and")


def hours(business: Business, text: str, now: dt.datetime) -> str:
    local = now.astimezone(business.zone)
    whole_week = re.search(r"\b(?:this|the|a|each|every) week\b", text)
    asked = find_date(text, local.date(), bookable_today(business, now)) if not whole_week else None
    if asked:
        day = dt.date.fromisoformat(asked.value)
        when = speech.day(day, local.date())
        if day == local.date():
            return _today(business, local)
        if not business.opening_ranges(day):
            closure = next((e for e in business.exceptions if e.covers(day) and e.closed), None)
            return f"We're closed {when}" + (f" for {closure.reason}." if closure and closure.reason else ".")
        return f"{speech.upper_first(when)} we're open {_ranges(business, day)}."
    if re.search(r"\b(?:open|closed) (?:right )?now\b|\bstill open\b", text):
        return open_now_answer(business, local)
    if re.search(r"\b(?:today|now|tonight|right now)\b", text) or re.search(r"\bclos", text):
        return _today(business, local)
    if re.search(r"\b(?:evenings?|nights?|late|after work)\b", text):  # "do you do evening appointments?"
        return _evenings(business)
    if re.search(r"\b(?:early|mornings?|before work)\b", text):
        return _mornings(business)
    if re.search(r"\bweekends?\b|\bsaturdays and sundays\b", text):  # "are you open on weekends?"
        said = []
        for name in ("saturday", "sunday"):
            ranges = business.hours.get(name, [])
            said.append(f"on {name.capitalize()}s we're open {_week_ranges(ranges)}" if ranges
                        else f"we're closed on {name.capitalize()}s")
        return speech.upper_first(f"{said[0]}, and {said[1]}.")
    open_days, closed_days = [], []
    for name in WEEKDAYS:
        ranges = business.hours.get(name, [])
        if ranges:
            open_days.append(f"{name.capitalize()} {_week_ranges(ranges)}")
        else:
            closed_days.append(name.capitalize())
    closed = f" We're closed on {speech.options(closed_days, 'and')}." if closed_days else ""
    return "Our hours are " + "; ".join(open_days) + "." + closed


def _by_time(days: dict[str, dt.time], latest_first: bool) -> str:
    """{'thursday': 20:00, 'friday': 20:00, 'monday': 19:00} -> '8 PM on Thursdays and Fridays and 7 PM on Mondays'."""
    groups: dict[dt.time, list[str]] = {}
    for name, at in days.items():
        groups.setdefault(at, []).append(name)
    return speech.options([f"{speech.clock(dt.datetime.combine(dt.date(2000, 1, 3), at))} {_on_days(names)}"
                           for at, names in sorted(groups.items(), reverse=latest_first)], "and")


def _on_days(names: list[str]) -> str:
    """['monday', ..., 'friday'] -> 'Monday to Friday'; ['tuesday', 'thursday'] -> 'on Tuesdays and Thursdays'."""
    indexes = [WEEKDAYS.index(n) for n in names]
    if len(names) >= 3 and indexes == list(range(indexes[0], indexes[0] + len(names))):
        return f"{names[0].capitalize()} to {names[-1].capitalize()}"
    return "on " + speech.options([f"{n.capitalize()}s" for n in names], "and")


def _evenings(business: Business) -> str:
    """Which days are open after 6 PM, and until when."""
    closing = {name: max(r.close for r in ranges) for name in WEEKDAYS if (ranges := business.hours.get(name))}
    if not closing:
        return "I'm afraid we don't have regular opening hours."
    if any(at == dt.time.max for at in closing.values()):
        return "Yes, we're open around the clock on " + speech.options(
            [f"{n.capitalize()}s" for n, at in closing.items() if at == dt.time.max], "and") + "."
    late = {name: at for name, at in closing.items() if at > dt.time(18)}
    if late:
        return f"Yes, we're open until {_by_time(late, latest_first=True)}."
    latest = speech.clock(dt.datetime.combine(dt.date(2000, 1, 3), max(closing.values())))
    return f"I'm afraid we don't do evenings: we close by {latest} every day."


def _mornings(business: Business) -> str:
    """When each open day starts, earliest first."""
    opening = {name: min(r.open for r in ranges) for name in WEEKDAYS if (ranges := business.hours.get(name))}
    if not opening:
        return "I'm afraid we don't have regular opening hours."
    return f"We open at {_by_time(opening, latest_first=False)}."


def _today(business: Business, local: dt.datetime) -> str:
    ranges = business.opening_ranges(local.date())
    again = open_now_answer(business, local).removeprefix("We're closed right now.")  # " We open again ..."
    if ranges and local.time() >= max(r.close for r in ranges):  # asked at 11 PM
        return f"We've closed for today: we were open {_ranges(business, local.date())}.{again}"
    if ranges:
        return f"Today we're open {_ranges(business, local.date())}."
    closure = next((e for e in business.exceptions if e.covers(local.date()) and e.closed), None)
    return f"We're closed today{f' for {closure.reason}' if closure and closure.reason else ''}.{again}"


def open_now_answer(business: Business, local: dt.datetime) -> str:
    """'Are you open now?': yes until when, or when we open next (within a week)."""
    for r in business.opening_ranges(local.date()):
        if r.open <= local.time() < r.close:
            return f"Yes, we're open until {speech.clock(dt.datetime.combine(local.date(), r.close))} today."
    for ahead in range(8):
        day = local.date() + dt.timedelta(days=ahead)
        for r in business.opening_ranges(day):
            if ahead or r.open > local.time():
                when = speech.when(dt.datetime.combine(day, r.open), local.replace(tzinfo=None))
                return f"We're closed right now. We open again {when}."
    return "We're closed right now."


def _around_the_clock(ranges) -> bool:
    return len(ranges) == 1 and ranges[0].open == dt.time(0) and ranges[0].close == dt.time.max


def _week_ranges(ranges) -> str:
    if _around_the_clock(ranges):
        return "24 hours"
    base = dt.date(2000, 1, 3)
    return speech.options([f"{speech.clock(dt.datetime.combine(base, r.open))} to "
                           f"{speech.clock(dt.datetime.combine(base, r.close))}" for r in ranges], "and")


def services(business: Business, described: bool = False) -> str:
    listed = []
    for service in business.services:
        details = [speech.price(service.price, business.currency_code)] if service.price is not None else []
        if described and service.description:
            details.append(service.description[:1].lower() + service.description[1:])
        listed.append(service.name + (f" ({', '.join(details)})" if details else ""))
    return f"We offer {speech.options(listed, 'and')}."


WHEN_WORDS = re.compile(r"\b(?:today|tomorrow|tonight|week|weekend|\w+day|morning|afternoon|evening|available|"
                        r"availability|free|openings?|slots?|times?|spaces?|\d)\b")


def _areas(business: Business, text: str) -> str | None:
    """'Do you cover Evanston?': yes for an area the business lists; else the areas it covers."""
    if not business.service_areas:
        return None
    named = [a for a in business.service_areas if re.search(rf"\b{re.escape(a.casefold())}\b", text)]
    # "do you service Naperville?" asks about an area; "can you service my boiler?" does not
    if not re.search(r"\b(?:cover|covered|(?:serve|service)(?!\s+(?:my|your|our|his|her|their|a|an|it|this|that)\b)|"
                     r"come out to|come to|travel to|work in|areas?|go to|out as far as)\b", text) \
            and not (named and re.search(r"\b(?:what|how) about\b", text)):
        return None  # "what about Evanston?" after the areas were listed is asked about too
    listed = speech.options(business.service_areas, "and")
    if named:
        return f"Yes, we cover {speech.options(named, 'and')}."
    place = re.search(r"\b(?:cover|serve|service|come out to|come to|travel to|work in|go to|out as far as) "
                      r"(?!(?:what|which|your|the|my|our|any|all)\b)(\w[\w -]*)", text)
    if place and not re.fullmatch(r"(?:areas?|you|there|here|it|this|that)\W*", place.group(1)):
        return f"I don't see that on our list: we cover {listed}. The team can double-check for you."
    return f"We cover {listed}."


def about_service(business: Business, service: Service, question: str = "") -> str:
    """"A Haircut is $55 and takes about 45 minutes"; with the price rules the business wrote in the
    service's description ("Deep Clean ... up to 2 bedrooms; $60 per extra bedroom"), applied to what
    the caller said in `question` ("for three bedrooms": $340), or else said alongside the price."""
    takes = f"takes about {speech.duration(service.duration_minutes)}"
    if service.price is None:
        return f"{speech.upper_first(speech.a(service.name))} {takes}"
    cost = speech.price(service.price, business.currency_code)
    sized = sized_price(business, service, normalize(question), takes) if question else None
    if sized:
        return sized
    if PRICED.search(service.description):  # a rule of its own, said with the price
        cost += f" ({service.description[:1].lower()}{service.description[1:].rstrip('.')})"
    return f"{speech.upper_first(speech.a(service.name))} is {cost} and {takes}"


PRICED = re.compile(r"[$£€]\s?\d")
# "Up to 2 bedrooms; $60 per extra bedroom"
PER_EXTRA = re.compile(r"\b(?:up to )?(\d+|one|two|three|four|five|six) ([a-z]+?)s?\b.*?(?:[$£€]\s?(\d+(?:\.\d\d)?) "
                       r"(?:per|for each|each|a|an) (?:extra|additional|more) \2|(?:each|per|every|an?) (?:extra|"
                       r"additional) \2s? (?:is |costs? |at |for )?[$£€]\s?(\d+(?:\.\d\d)?))", re.I)
COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# "long hair from $170", "large dogs $20 extra": a price for a kind of job the caller can name
PRICE_FROM = re.compile(r"(?:^|[;,.]\s*)([a-z][a-z' -]{2,30}?)\s+(?:from|is|are|costs?)\s+[$£€]\s?(\d+(?:\.\d\d)?)",
                        re.I)


def sized_price(business: Business, service: Service, text: str, takes: str) -> str | None:
    """The price of `service` for the size the caller said, by the rule in its description ("...
    and `takes`"); None when the description has no rule for what was said."""
    a_service = speech.a(service.name)
    extra = PER_EXTRA.search(service.description)
    if extra:
        included = COUNTS.get(extra.group(1).lower()) or int(extra.group(1))
        unit, each = extra.group(2).lower(), float(extra.group(3) or extra.group(4))
        said = re.search(rf"\b(\d+)[ -]?(?:[a-z]+ )?{re.escape(unit)}s?\b", text)  # "2 blocked drains"
        if said and int(said.group(1)) > included:
            count = int(said.group(1))
            total = speech.price(service.price + (count - included) * each, business.currency_code)
            return (f"For {count} {unit}s, {a_service} is {total} and {takes} "
                    f"({speech.price(service.price, business.currency_code)} covers "
                    f"{f'up to {included} {unit}s' if included > 1 else f'one {unit}'}, and "
                    f"each extra {unit} is {speech.price(each, business.currency_code)})")
    for found in PRICE_FROM.finditer(service.description):
        kind = found.group(1).strip().lower()
        if re.search(rf"\b{re.escape(kind)}\b", text):
            amount = speech.price(float(found.group(2)), business.currency_code)
            return f"For {kind}, {a_service} is from {amount} and {takes}"
    return None


# A price question about a condition the service list does not price
# ("how much is a haircut on Saturday?" is the price; "do you charge extra on Saturdays?" is not)
PRICE_CONDITION = re.compile(
    r"\b(?:extra|more|surcharges?|additional|deposits?|discounts?|cheaper|higher|after hours|out of hours|per hour|"
    r"hourly|by the hour|parts|materials|vat|tax|taxes|insurance|finance|payment plans?|students?|seniors?|"
    r"pensioners?|mileage|travel|cancell?\w*|no[- ]shows?|late|missed?)\b")


def _said_as(service: Service, text: str) -> str | None:
    """The alias a caller used for `service` ("highlights" for Hair Colouring), if not its own name."""
    if re.search(rf"\b{re.escape(service.name.lower())}", text):
        return None
    return next((a for a in service.aliases if re.search(rf"\b{re.escape(a.lower())}\b", text)), None)


def price_list(business: Business) -> str | None:
    """"A Haircut is $55, a Beard Trim is $25 and a Consultation is free."; None if nothing is priced."""
    priced = [f"{speech.a(s.name)} is {speech.price(s.price, business.currency_code)}"
              for s in business.services if s.price is not None]
    return speech.upper_first(speech.options(priced, "and") + ".") if priced else None


# "How far in advance do I need to book?", "how much notice do you need?"
NOTICE_QUESTION = re.compile(r"\bhow (?:far|long|many days|many weeks) (?:in advance|ahead|before(?:hand)?)\b|"
                             r"\bhow much notice\b|\bhow (?:soon|early) do (?:i|we|you) (?:need|have) to book\b|"
                             r"\bhow far (?:out|ahead) (?:can|do) (?:i|you|we)\b")


# "Will I get a reminder?", "do you send reminders?", "can you remind me the day before?"
# ("remind me what time it is" asks for the appointment's time)
REMINDER_QUESTION = re.compile(r"\breminders?\b|\bremind (?:me|us|him|her|them)\b(?! (?:what|when|where|which|how|of|"
                               r"again))")


def reminders(business: Business) -> str:
    """'We'll send you a reminder a day before and 2 hours before your appointment.'"""
    if not business.reminder_minutes:
        return "We don't send reminders, but you'll get a confirmation when you book."

    def ahead(minutes: int) -> str:
        days, rest = divmod(minutes, 1440)
        if rest:
            return speech.duration(minutes)
        return "a day" if days == 1 else f"{days} days"

    times = speech.options([f"{ahead(m)} before" for m in sorted(business.reminder_minutes, reverse=True)], "and")
    return f"Yes, we'll send you a reminder {times} your appointment."


# "What's today's date?", "what day is tomorrow?", "what day is the 5th?"
DATE_QUESTION = re.compile(r"\bwhat(?:'s| is) (?:today'?s date|the date(?: today| tomorrow)?|the day today)\b"
                           r"(?! (?:of|for|on|is my|my))|"
                           r"\bwhat (?:day|date) (?:is it|is today|is tomorrow)\b|"
                           r"\bwhat day (?:of the week )?is (?:the )?\d{1,2}(?:st|nd|rd|th)?\b")


def cheaper(business: Business, than: Service | None) -> str | None:
    """What costs less than `than`, or the least expensive service; None if nothing is priced."""
    priced = sorted((s for s in business.services if s.price is not None), key=lambda s: s.price)
    if not priced:
        return None
    if than is None or than.price is None:
        return (f"Our least expensive is {speech.a(priced[0].name)}, which is "
                f"{speech.price(priced[0].price, business.currency_code)}.")
    less = [f"{speech.a(s.name)} is {speech.price(s.price, business.currency_code)}"
            for s in priced if s.price < than.price]
    if not less:
        return (f"{speech.upper_first(speech.a(than.name))} is our least expensive, at "
                f"{speech.price(than.price, business.currency_code)}.")
    return f"Yes: {speech.options(less, 'and')}."


def _compared(business: Business, text: str) -> str | None:
    """Two services or more compared ("the difference between a follow-up and an initial assessment"): each,
    side by side; None when fewer are named."""
    both = [business.find_service(n) for n in match_services(text, business.service_names(),
                                                               business.service_aliases())]
    if len(both) < 2:
        return None
    return " ".join(about_service(business, s) + (f" ({s.description})" if s.description else "") + "."
                    for s in both[:3])


def _date_said(business: Business, text: str, now: dt.datetime) -> str:
    """The date asked about ("what's the date on Friday?"), today's when none is said."""
    today = now.astimezone(business.zone).date()
    found = find_date(text, today, bookable_today(business, now))
    day = dt.date.fromisoformat(found.value) if found else today
    said = {today: "Today is", today + dt.timedelta(days=1): "Tomorrow is"}.get(day, "That's")
    return f"{said} {speech.full_date(day)}."


def _notice(business: Business) -> str:
    ahead = f"you can book up to {business.max_days_ahead} days ahead."
    if not business.min_notice_minutes:
        return f"You can book right up to the last minute, and {ahead}"
    notice = speech.duration(business.min_notice_minutes)
    owner = "'" if notice.endswith("s") else "'s"  # "2 hours' notice", "an hour's notice"
    return f"We need at least {notice}{owner} notice, and {ahead}"


def _fits(business: Business, service: Service | None, text: str) -> list[Service]:
    """The service named, or those the words fit when they name none ("a sports massage": each of them)."""
    if service:
        return [service]
    return [business.find_service(n) for n in services_sharing(text, business.service_names(),
                                                                business.service_aliases())]


def _price(business: Business, service: Service | None, text: str, fits: list[Service]) -> str | None:
    named = " ".join([service.name, *service.aliases]).lower() if service else ""
    if any(word not in named for word in PRICE_CONDITION.findall(text)):
        return None  # "do you charge extra on weekends?": not in the price list (the FAQ may say)
    if service and service.price is not None:
        alias = _said_as(service, text)
        if alias:  # "how much for highlights?": say which service that is
            return f"For {alias}, that's our {service.name}. {about_service(business, service, text)}."
        return about_service(business, service, text) + "."
    priced = [s for s in fits if s.price is not None]
    if not service and len(priced) > 1:  # "a sports massage": the price of each of them
        said = [f"{speech.a(s.name)} is {speech.price(s.price, business.currency_code)}" for s in priced]
        return speech.upper_first(speech.options(said, "and")) + "."
    return price_list(business)


def _contact(business: Business, text: str) -> str | None:
    """The business's number (never an email address) or address, when asked for."""
    if business.phone_numbers and re.search(r"\b(?:your|an|the (?:shop|salon|office|business|clinic)(?:'s)?) "
                                            r"e-?mail(?: address)?\b|\bemail you\b", text):
        return (f"I don't have an email address to give out, but you can reach us on "
                f"{spoken_digits(business.phone_numbers[0], business.country)}, or I can take a message for the team.")
    if business.phone_numbers and re.search(r"\b(?:your|the (?:shop|salon|office|business|clinic)(?:'s)?) (?:phone )?"
                                            r"number\b|\bnumber (?:for|to (?:reach|call|contact)) (?:you|the)\b|"
                                            r"\bwhat number (?:can|should|do) i (?:call|ring|use)\b", text):
        return f"You can reach us on {spoken_digits(business.phone_numbers[0], business.country)}."
    if business.address and re.search(r"\b(?:where|address|located|location|find you)\b", text):
        return f"We're at {business.address}."
    return None


def answer(business: Business, question: str, now: dt.datetime) -> str | None:
    found = configured_answer(business, question, now)
    return found.text if found else None


@dataclass(frozen=True)
class Answer:
    """An answer the configuration gives; `lists_services`: it is the list of services ("We offer ...")."""
    text: str
    lists_services: bool = False


def configured_answer(business: Business, question: str, now: dt.datetime) -> Answer | None:
    said = _answer(business, question, now)
    return Answer(said) if isinstance(said, str) else said


def _answer(business: Business, question: str, now: dt.datetime) -> str | Answer | None:
    text = normalize(question)
    if REMINDER_QUESTION.search(text):
        return reminders(business)
    if CHEAPER_QUESTION.search(text):
        named = match_service(text, business.service_names(), business.service_aliases())
        return cheaper(business, business.find_service(named or ""))
    if re.search(r"\bdifference between\b|\bcompare\b|\bversus\b|\bvs\b|\bor an? \w+ \w+ better\b", text):
        compared = _compared(business, text)
        if compared:
            return compared
    if DATE_QUESTION.search(text):
        return _date_said(business, text, now)
    service = business.find_service(match_service(text, business.service_names(), business.service_aliases()) or "")
    if NOTICE_QUESTION.search(text):
        return _notice(business)
    if re.search(r"\b(?:how much|price|prices|cost|costs|charges?|fees?|rates?|expensive)\b|"
                 r"\bis (?:it|the \w+|an? \w+)(?: (?:really|actually|totally|completely|definitely))? free\b"
                 r"|\bwhat(?:'s| is) the damage\b", text):
        return _price(business, service, text, _fits(business, service, text))
    fits = _fits(business, service, text) if re.search(r"\bhow long\b|\bduration\b", text) else []
    if fits:
        takes = speech.options([f"{speech.a(s.name)} takes about {speech.duration(s.duration_minutes)}" for s in fits],
                               "and")
        return f"{speech.upper_first(takes)}."
    if re.search(r"\b(?:hours|open|opening|close|closing|closed)\b|"
                 r"\bdo you (?:do|work|have) (?:on )?(?:any )?(?:early |late )?"
                 r"(?:weekends?|saturdays?|sundays?|evenings?|nights?|mornings?|late|early)\b", text) and not re.search(
            r"\bhow long have you\b|\bbeen open\b|\bopen(?:ing)? (?:a|an|another|new)\b", text):
        return hours(business, text, now)
    if re.search(r"\b(?:what|which)(?: one| service)? (?:do|would|should|could) (?:you|i) "
                 r"(?:suggest|recommend|get|go for)\b|\bwhat(?:'s| is) (?:the )?(?:difference|most popular|best)\b|"
                 r"\b(?:any|your) (?:suggestions?|recommendations?)\b", text):
        return Answer(services(business, described=True), lists_services=True)
    if re.search(r"\b(?:what|which) (?:services|treatments|do you (?:offer|do|have))\b|\bservices do you\b|"
                 r"\bwhat do you offer\b|\bmenu\b", text) and not WHEN_WORDS.search(text):
        # "what do you have next week?" asks for times, not services
        return Answer(services(business), lists_services=True)
    areas = _areas(business, text)
    if areas:
        return areas
    return _contact(business, text)
