"""Times and dates as callers say them, on normalised text (see `text.normalize`).

Times: "4:30 pm", "half past 4 in the afternoon", "quarter to 12 in the morning", "evening 7",
"12 oclock", "noon", "at 10" (a bare hour 1-7 means pm: appointments are in the daytime).
Dates, relative to the caller's local `today`: "today", "tomorrow", "day after tomorrow",
"friday" / "this saturday" (the first such weekday from today: today itself while the business can
still book today, see `find_date`), "next friday" / "friday next week",
"march 5th", "5th of march", "the 5th", "3/5", "in 3 days", "next week", "in two weeks", "a week from
friday", "in a fortnight" (a day that does not exist, "february 30th", is no date at all)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
MONTH_NAMES = {name: i + 1 for i, name in enumerate(MONTHS)}
MONTH_NAMES.update({name[:3]: i + 1 for i, name in enumerate(MONTHS)})
MONTH_NAMES["sept"] = 9
MONTH_RE = r"(?:" + "|".join(sorted(MONTH_NAMES, key=len, reverse=True)) + r")\b\.?"
DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"
PERIOD_RE = r"(morning|afternoon|evening|night|noon)"


@dataclass(frozen=True)
class Found:
    value: str          # "HH:MM" or "YYYY-MM-DD"
    start: int          # span in the normalised text
    end: int
    part_of_day: str | None = None


def _apply_period(hour: int, period: str | None) -> int | None:
    if hour > 23:
        return None
    if period == "am":
        return 0 if hour == 12 else hour if hour <= 12 else None
    if period in ("pm", "afternoon", "evening", "night", "tonight", "noon"):
        if hour == 12:
            return 0 if period == "night" else 12
        return hour + 12 if hour < 12 else hour
    if period == "morning":
        return hour if hour <= 12 else None
    if hour == 0 or hour >= 13:
        return hour
    return hour + 12 if 1 <= hour <= 7 else hour


def _period_after(text: str, end: int) -> str | None:
    tail = text[end:end + 30]
    match = re.match(r"\s*(am|pm)\b", tail)
    if match:
        return match.group(1)
    match = re.match(r"\s*(?:in the |at |this |tomorrow |today )?" + PERIOD_RE + r"\b", tail)
    if match:
        return match.group(1)
    if re.match(r"\s*tonight\b", tail):
        return "tonight"
    return None


def _period_before(text: str, start: int) -> str | None:
    head = text[max(0, start - 25):start]
    match = re.search(PERIOD_RE + r"\s+(?:at\s+|around\s+|of\s+)?$", head)
    if match:
        return match.group(1)
    if re.search(r"tonight\s+(?:at\s+)?$", head):
        return "tonight"
    return None


def _is_date_number(text: str, start: int, end: int) -> bool:
    """'the 5th', 'march 5', '5th of' are dates, not times."""
    if re.match(r"(?:st|nd|rd|th)\b", text[end:end + 2]):
        return True
    if re.search(MONTH_RE + r"\s*$", text[max(0, start - 12):start]):
        return True
    if re.match(r"\s*(?:of\s+)?" + MONTH_RE, text[end:end + 14]):
        return True
    return bool(re.match(r"\s*/\s*\d", text[end:end + 3]) or re.search(r"\d\s*/\s*$", text[max(0, start - 3):start]))


def _twenty_four_hour(text: str, candidates: list[Found]) -> None:
    for match in re.finditer(r"\b(?:at|for|around|about|by)\s+([01]\d|2[0-3])([0-5]\d)(?:\s*(?:hours|hrs))?"
                             r"(?=\s*(?:$|[,.?!]|tomorrow|today|tonight|please|this|next|on\b|\w+day\b))", text):
        candidates.append(Found(f"{match.group(1)}:{match.group(2)}", match.start(), match.end()))  # "at 1630"


def _noon_and_midnight(text: str, candidates: list[Found]) -> None:
    for match in re.finditer(r"\b(noon|midday|midnight)(?:ish)?\b", text):
        value = "00:00" if match.group(1) == "midnight" else "12:00"
        if not re.search(r"(after|this|in the)\s*$", text[max(0, match.start() - 8):match.start()]) \
                or match.group(1) != "noon":
            candidates.append(Found(value, match.start(), match.end()))


def _with_period(text: str, match: re.Match, hour: int, minute: int, candidates: list[Found]) -> None:
    """The time at `match`, read with the part of day said after or before it (if it is a time then)."""
    period = _period_after(text, match.end()) or _period_before(text, match.start())
    hour = _apply_period(hour, period)
    if hour is not None:
        candidates.append(Found(f"{hour:02d}:{minute:02d}", match.start(), match.end(), period))


def _minutes_past_or_to(text: str, candidates: list[Found]) -> None:
    for match in re.finditer(r"\b(half|quarter|5|10|20|25)(?: minutes)?\s+(past|after|to|til|till|of)\s+(\d{1,2})\b",
                             text):
        if match.group(1).isdigit() and re.search(r"\b(?:from|between)\s*$", text[:match.start()]):
            continue  # "open from 10 to 5" is a range
        hour = int(match.group(3))
        minute = {"half": 30, "quarter": 15}.get(match.group(1)) or int(match.group(1))  # "twenty past three"
        if match.group(1).isdigit() and not 1 <= hour <= 12:
            continue
        if match.group(2) in ("to", "til", "till", "of"):  # "quarter of five" (US) is 4:45
            if match.group(1) == "half":
                continue
            hour, minute = (hour - 1) % 12 or 12, 60 - minute
        _with_period(text, match, hour, minute, candidates)


def _half_hour(text: str, candidates: list[Found]) -> None:
    for match in re.finditer(r"\b(?:at |for |about |around )?half (\d{1,2})\b(?! (?:an?|hours?|past|after|to)\b)", text):
        # British "half ten" is 10:30
        if any(c.start <= match.start() < c.end for c in candidates) or int(match.group(1)) > 12:
            continue
        _with_period(text, match, int(match.group(1)), 30, candidates)


def _hours_and_minutes(text: str, candidates: list[Found]) -> None:
    for match in re.finditer(r"\b(\d{1,2})[:.](\d{2})\b(?!\s*/)", text):
        hour, minute = int(match.group(1)), int(match.group(2))
        if minute > 59:
            continue
        _with_period(text, match, hour, minute, candidates)


def _cued(text: str, match: re.Match, after: str) -> bool:
    """A bare number said as a time: "at 9", "is 9 ok?", "would 10 work?", "9 is good", "ok 9 then", "9 please"
    (not "press 9", "room 9")."""
    cue = re.search(r"\b(at|around|about|by|after|before|until|till|from|since|maybe|say|or|actually|instead|"
                    r"rather|it|earliest|latest|to|between|and|ok|okay|yes|yeah|yep|sure|alright|so|do|take|grab)\s+"
                    r"(?:like\s+|about\s+|around\s+)?$", text[max(0, match.start() - 16):match.start()])
    # "is 9 ok?", "would 10 work?": a time offered for a yes
    asked_ok = re.search(r"\b(?:is|does|would|could|will)\s+$", text[max(0, match.start() - 8):match.start()]) \
        and re.match(r"\s*(?:ok|okay|work|works|be ok|be okay|be fine|be good|be possible|good|fine|alright|"
                     r"possible|free|available|suit)\b", after)
    said_ok = re.match(r"\s*(?:works|would work|suits me|(?:is|would be|'d be|sounds) (?:good|fine|ok|okay|great|"
                       r"perfect|best|better|lovely|ideal)|then|please|it is|thanks|thank you)\b", after)
    # "9 is good", "10 works", "ok 9 then", "9 please"
    return bool((cue or asked_ok or said_ok) and not re.search(
        r"\b(?:service|press|pressed|number|option|key|line|extension|room|unit|apartment|flat|suite)\s+$",
        text[max(0, match.start() - 12):match.start()]))


# A number with a unit is a quantity, not an hour: "for 4 people", "about 12 pounds", "he's 8 years old"
QUANTITY = re.compile(r"\s*(?:people|persons|guests|of us|adults|kids|children|dogs|cats|pets|minutes|mins|hours|"
                      r"hrs|days|weeks|months|years?|yrs|pounds|lbs?|kilos?|kgs?|stone|ounces|oz|inches|inch|feet|"
                      r"foot|ft|metres|meters|miles|dollars|bucks|quid|euros|percent)\b")


def _bare_hour(text: str, match: re.Match) -> Found | None:
    """"at 9", "4 in the afternoon", "12 oclock": a number said as an hour (not "the 5th", "for 4 people")."""
    if _is_date_number(text, match.start(), match.end()):
        return None
    after = text[match.end():match.end() + 30]
    period = _period_after(text, match.end()) or _period_before(text, match.start())
    oclock = re.match(r"\s*oclock\b", after)
    cue = _cued(text, match, after)
    if not (period or oclock or cue):
        return None
    if cue and not (period or oclock) and re.match(QUANTITY, after):
        return None
    # "and 1 for my dad", "yes, 2 for the kids": how many, for whom (but "at 1 for my dad": a time)
    if not (period or oclock) and re.match(r"\s*for (?:me|my|him|her|them|us|the|each|both)\b", after) \
            and not re.search(r"\b(?:at|around|about|by|after|before|until|till|from|since)\s+$",
                              text[max(0, match.start() - 8):match.start()]):
        return None
    hour = _apply_period(int(match.group(1)), period)
    return Found(f"{hour:02d}:00", match.start(), match.end(), period) if hour is not None else None


def _bare_hours(text: str, candidates: list[Found]) -> None:
    for match in re.finditer(r"\b(\d{1,2})\b(?![:.]\d)", text):
        if any(c.start <= match.start() < c.end for c in candidates):
            continue
        found = _bare_hour(text, match)
        if found:
            candidates.append(found)


TIME_FINDERS = (_twenty_four_hour, _noon_and_midnight, _minutes_past_or_to, _half_hour, _hours_and_minutes,
                _bare_hours)  # in this order: a later finder skips what an earlier one read


def find_time(text: str) -> Found | None:
    """The first time of day said in normalised `text`, as HH:MM."""
    candidates: list[Found] = []
    for finder in TIME_FINDERS:
        finder(text, candidates)
    if not candidates:
        return None
    return min(candidates, key=lambda c: c.start)


LIFE_PARTS = {"after school": "late afternoon", "after work": "evening", "before work": "morning",
              "lunch break": "lunchtime", "on my lunch": "lunchtime", "after lunch": "after lunch",
              "before lunch": "morning", "first thing": "early morning", "tea time": "early evening",
              "teatime": "early evening", "end of the day": "late afternoon"}


def find_part_of_day(text: str) -> str | None:
    if re.search(r"(?<!my )\blatest\b|\bthe last (?:appointment|slot|time|opening) (?:you have|you've got|available|"
                 r"that day|of the day|in the day|on|there is)\b|\bas late as (?:possible|you can|you've got)\b", text):
        return "latest"
    if re.search(r"\bfirst thing\b|\b(?:the )?earliest (?:you (?:have|'ve got|can do|can fit me in)|available|"
                 r"appointment|slot|time|opening)\b|\bfirst available\b|\bas early as (?:possible|you can|you've got)\b|\b(?:the )?earliest (?:appointment |slot |"
                 r"time |opening )?(?:you have |you've got |available )?(?:on|that day|of the day|in the day|in the morning)\b",
                 text):
        return "earliest"
    match = re.search(r"\b((?:(?:early|late) )?(?:morning|afternoon|evening)|tonight|night|lunch ?time|"
                      r"(?<!after )(?<!before )lunch(?: hour)?)\b", text)
    if match:
        return re.sub(r"lunch(?: ?time| hour)?", "lunchtime", match.group(1))
    life = re.search(r"\b(" + "|".join(LIFE_PARTS) + r")\b", text)  # "after school", "before work"
    return LIFE_PARTS[life.group(1)] if life else None


def _next_weekday(today: dt.date, weekday: int) -> dt.date:
    return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _month_day(today: dt.date, month: int, day: int) -> dt.date | None:
    for year in (today.year, today.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate >= today:
            return candidate
    return None


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th `weekday` of the month (n = -1: the last)."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _holiday(name: str, today: dt.date) -> dt.date:
    """The next date of a named holiday (today counts)."""
    name = name.replace(".", "").replace("'", "")

    def on(year: int) -> dt.date:
        if name == "thanksgiving":
            return _nth_weekday(year, 11, 3, 4)
        if name.startswith("labo"):
            return _nth_weekday(year, 9, 0, 1)
        if name == "memorial day":
            return _nth_weekday(year, 5, 0, -1)
        if name.startswith("easter") or name == "good friday":
            offset = {"easter monday": 1, "good friday": -2}.get(name, 0)
            return _easter(year) + dt.timedelta(days=offset)
        month, day = {"halloween": (10, 31), "independence day": (7, 4), "fourth of july": (7, 4),
                      "st patricks day": (3, 17)}.get(name, (2, 14))  # valentines
        return dt.date(year, month, day)

    return on(today.year) if on(today.year) >= today else on(today.year + 1)


def _day_of_month(today: dt.date, day: int) -> dt.date | None:
    month, year = today.month, today.year
    for _ in range(3):
        try:
            candidate = dt.date(year, month, day)
            if candidate >= today:
                return candidate
        except ValueError:
            pass
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    return None


WEEKDAY_RE = "|".join(WEEKDAYS)


class _DateReader:
    """The dates said in one text. Each `read_*` adds what it finds, in `find_date`'s order: a later one skips
    the spans an earlier one read (`said`)."""

    def __init__(self, text: str, today: dt.date, today_open: bool) -> None:
        self.text, self.today, self.today_open = text, today, today_open
        self.candidates: list[Found] = []
        self.weekdays: list[Found] = []  # "Friday" in "Friday the 4th of December" only checks the date
        self.next_week: list[Found] = []  # "next week, Tuesday ideally": that week's Tuesday
        self.said: list[tuple[int, int]] = []  # spans read as dates, valid or not ("february 30th" is no 30th)

    def add(self, match: re.Match, value: dt.date | None) -> None:
        self.said.append((match.start(), match.end()))
        if value is not None:
            self.candidates.append(Found(value.isoformat(), match.start(), match.end()))

    def taken(self, match: re.Match) -> bool:
        return any(start <= match.start() < end for start, end in self.said)

    def _next_monday(self) -> dt.date:
        return self.today + dt.timedelta(days=7 - self.today.weekday())

    def read_weeks_from(self) -> None:
        """"in two weeks", "a couple of weeks from today", "a week from Friday", "in a fortnight"."""
        text, today = self.text, self.today
        for match in re.finditer(rf"\b(?:in\s+)?(a|1|2|3|4|5|6|a couple of|a few)\s+weeks?(?:'?s? time)?\s+"
                                 rf"(?:from|after)\s+(today|now|tomorrow|{WEEKDAY_RE})\b|"
                                 rf"\bin\s+(a|1|2|3|4|5|6|a couple of|a few)\s+weeks?\b|"
                                 rf"\b(?:in\s+)?a fortnight\b(?!\s+(?:on|next|from)\s+(?:{WEEKDAY_RE}))", text):
            count = match.group(1) or match.group(3) or "2"
            weeks = {"a": 1, "a couple of": 2, "a few": 3}.get(count) or int(count)
            base = match.group(2) or "today"
            start = today + dt.timedelta(days=1) if base == "tomorrow" else (
                _next_weekday(today, WEEKDAYS.index(base)) if base in WEEKDAYS else today)
            self.add(match, start + dt.timedelta(weeks=weeks))

    def read_british_weeks(self) -> None:
        """British: "Friday week", "a week on Friday", "tomorrow week", "Thursday fortnight": a week (two) after
        that day; "the Monday after next": a week after next Monday."""
        text, today = self.text, self.today
        for match in re.finditer(rf"\b({WEEKDAY_RE}|tomorrow) (week|fortnight)\b|"
                                 rf"\ba (week|fortnight) (?:on|next|from) ({WEEKDAY_RE})\b", text):
            base = match.group(1) or match.group(4)
            weeks = 2 if "fortnight" in (match.group(2), match.group(3)) else 1
            start = today + dt.timedelta(days=1) if base == "tomorrow" else _next_weekday(today, WEEKDAYS.index(base))
            self.add(match, start + dt.timedelta(weeks=weeks))
        for match in re.finditer(rf"\b(?:the\s+)?({WEEKDAY_RE})\s+after\s+next\b", text):
            self.add(match, _next_weekday(today, WEEKDAYS.index(match.group(1))) + dt.timedelta(weeks=1))
        for match in re.finditer(rf"\bfortnight (?:on|from) ({WEEKDAY_RE})\b", text):  # "(a) fortnight on Friday"
            if not self.taken(match):
                self.add(match, _next_weekday(today, WEEKDAYS.index(match.group(1))) + dt.timedelta(weeks=2))

    def read_weeks_ahead(self) -> None:
        """"the end of next week", "late this week": that week's Friday (the policy looks from there); "the week
        after next"; "I'm away next week, so the week after": the week after next (not "next week or the week
        after")."""
        text, today = self.text, self.today
        for match in re.finditer(r"\b(?:the\s+)?(?:end|back end|latter part|late|later part) (?:of\s+)?(?:the\s+)?"
                                 r"(this|next)\s+week\b", text):
            friday = today + dt.timedelta(days=4 - today.weekday())
            self.add(match, max(friday + dt.timedelta(weeks=1 if match.group(1) == "next" else 0), today))
        for match in re.finditer(r"\b(?:the\s+)?week after next\b", text):
            self.add(match, self._next_monday() + dt.timedelta(weeks=1))
            self.next_week.append(self.candidates[-1])
        for match in re.finditer(r"\b(?:the\s+)?week after\b(?!\s+(?:next|that|this)\b)", text):
            before = re.search(r"\bnext week\b(?!.*\bnext week\b)", text[:match.start()])
            if before and not re.search(r"\bor\b", text[before.end():match.start()]):
                self.said.append((before.start(), before.end()))  # only context now
                self.add(match, self._next_monday() + dt.timedelta(weeks=1))
                self.next_week.append(self.candidates[-1])

    def read_next_month_and_days(self) -> None:
        text, today = self.text, self.today
        for match in re.finditer(r"\b(?:early |sometime |some time |any ?time )?next month\b", text):
            first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            self.add(match, first)
        for match in re.finditer(r"\bin\s+(?:a couple of|a few)\s+days\b", text):
            self.add(match, today + dt.timedelta(days=2 if "couple" in match.group(0) else 3))

    def read_holidays(self) -> None:
        text, today = self.text, self.today
        for match in re.finditer(r"\b(christmas eve|christmas(?: day)?|new year'?s eve|new year'?s(?: day)?|"
                                 r"boxing day)\b", text):
            month, day = {"christmas eve": (12, 24), "boxing day": (12, 26)}.get(match.group(1), (0, 0))
            if not month:
                month, day = (12, 25) if match.group(1).startswith("christmas") else (
                    (12, 31) if match.group(1).endswith("eve") else (1, 1))
            self.add(match, _month_day(today, month, day))
        for match in re.finditer(r"\b(thanksgiving|halloween|valentine'?s(?: day)?|st\.? patrick'?s day|"
                                 r"independence day|fourth of july|labou?r day|memorial day|good friday|"
                                 r"easter(?: sunday| monday)?)\b", text):
            self.add(match, _holiday(match.group(1), today))

    def read_days_near(self) -> None:
        """"the day after tomorrow", "tomorrow", "today", "this afternoon", "yesterday"."""
        text, today = self.text, self.today
        for match in re.finditer(r"\b(?:the\s+)?day after (?:tomorrow|tmrw)\b", text):
            self.add(match, today + dt.timedelta(days=2))
        for match in re.finditer(r"\b(tomorrow|tmrw|tomorow|today|tonight)\b", text):
            if self.taken(match):
                continue
            self.add(match, today + dt.timedelta(days=1 if match.group(1).startswith("tom") or
                                                 match.group(1) == "tmrw" else 0))
        for match in re.finditer(r"\bthis (?:morning|afternoon|evening)\b|\blater today\b", text):
            self.add(match, today)
        for match in re.finditer(r"\byesterday\b", text):
            self.add(match, today - dt.timedelta(days=1))  # answered "that day has already passed"

    def _weekday(self, match: re.Match) -> dt.date:
        """"friday", "this friday", "next friday", "friday next week", "last tuesday"."""
        today = self.today
        day = _next_weekday(today, WEEKDAYS.index(match.group(2)))
        if self.today_open and day == today + dt.timedelta(days=7) and match.group(1) in (None, "this", "coming", "on") \
                and match.group(3) in (None, "this"):
            day = today
        if match.group(1) in ("last", "past") and not re.match(r"\s+(?:of|in)\b", self.text[match.end():]):
            day -= dt.timedelta(days=7)  # "last Tuesday": gone (said of a visit, or by mistake)
        said_next = match.group(1) == "next" or match.group(3) == "next"
        if said_next and day.isocalendar()[:2] == today.isocalendar()[:2]:
            day += dt.timedelta(days=7)  # "next Thursday" said on a Wednesday: not tomorrow
        return day

    def read_weekdays(self) -> None:
        for match in re.finditer(rf"\b(?:(next|this|coming|on|last|past)\s+)?({WEEKDAY_RE})s?\b"
                                 rf"(?:\s+(this|next)\s+week)?", self.text):
            if any(start <= match.start(2) < end for start, end in self.said):  # "on Friday week": read already
                continue
            self.add(match, self._weekday(match))
            self.weekdays.append(self.candidates[-1])

    def read_weekends(self) -> None:
        today = self.today
        for match in re.finditer(r"\b(this|next|the)\s+weekend\b", self.text):
            saturday = _next_weekday(today, 5)
            if today.weekday() >= 5 and match.group(1) != "next" and (self.today_open or today.weekday() == 5):
                # "this weekend" said on a weekend day: today while it is open, else Sunday after a Saturday
                self.add(match, today if self.today_open else today + dt.timedelta(days=1))
                continue
            self.add(match, saturday + dt.timedelta(days=7) if match.group(1) == "next" and today.weekday() < 5
                     else saturday)

    def read_days_and_weeks_ahead(self) -> None:
        """"in 3 days", "in a week", "next week", "a same-day appointment", "this week"."""
        text, today = self.text, self.today
        for match in re.finditer(r"\bin\s+(\d{1,2})\s+days?\b", text):
            self.add(match, today + dt.timedelta(days=int(match.group(1))))
        for match in re.finditer(r"\b(?:in\s+a|a)\s+week(?:\s+from\s+(?:today|now))?\b|\bnext week\b", text):
            if self.taken(match):
                continue
            self.add(match, today + dt.timedelta(days=7))
            if match.group(0) == "next week":
                self.next_week.append(self.candidates[-1])
        for match in re.finditer(r"\bsame[- ]day (?:appointment|booking|slot|visit|service|call-?out)s?\b", text):
            self.add(match, today)  # "a same-day appointment"
        for match in re.finditer(r"\b(?:later |sometime |some time )?this week\b", text):
            if not self.taken(match):
                self.add(match, today)  # the soonest day this week with a time free

    def read_calendar_dates(self) -> None:
        """"march 5th", "5th of march", "3/5", "the 5th" (not "the first one", a choice among times offered)."""
        text, today = self.text, self.today
        for match in re.finditer(rf"\b({MONTH_RE})\s+(?:the\s+)?{DAY_RE}\b", text):
            month = MONTH_NAMES[match.group(1).rstrip(".")]
            self.add(match, _month_day(today, month, int(match.group(2))))
        for match in re.finditer(rf"\b{DAY_RE}\s+(?:of\s+)?({MONTH_RE})", text):
            month = MONTH_NAMES[match.group(2).rstrip(".")]
            self.add(match, _month_day(today, month, int(match.group(1))))
        for match in re.finditer(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b", text):
            self.add(match, _month_day(today, int(match.group(1)), int(match.group(2))))
        for match in re.finditer(r"\b(\d{1,2})(?:st|nd|rd|th)\b(?:\s+of\s+(?:this|the|next)\s+month)?", text):
            if self.taken(match):
                continue
            if re.match(r"\s+(?:one|1|option|slot|time|choice|appointment)\b", text[match.end():]):
                continue  # "the first one": a choice among offered times, not the 1st of the month
            self.add(match, _day_of_month(today, int(match.group(1))))

    def drop_weekdays_before_dates(self) -> None:
        """"Friday the 4th of December": the weekday only checks the date after it."""
        text, candidates = self.text, self.candidates
        for weekday in self.weekdays:
            if any(c not in self.weekdays and c.start >= weekday.end and re.fullmatch(r"[\s,]*(?:the\s+)?",
                                                                                   text[weekday.end:c.start])
                   for c in candidates):
                candidates.remove(weekday)

    def place_weekdays_in_week(self) -> None:
        """"next week, Tuesday ideally": that week's Tuesday (next week's, or the week after's)."""
        candidates = self.candidates
        if not (self.next_week and any(w in candidates for w in self.weekdays)):
            return
        week = dt.date.fromisoformat(self.next_week[0].value)
        monday = week - dt.timedelta(days=week.weekday())
        for weekday in [w for w in self.weekdays if w in candidates]:
            day = dt.date.fromisoformat(weekday.value)
            candidates[candidates.index(weekday)] = Found((monday + dt.timedelta(days=day.weekday())).isoformat(),
                                                          weekday.start, weekday.end)
        for week_found in self.next_week:
            candidates.remove(week_found)


def _relative_to(first: Found, before: str, today: dt.date) -> Found:
    """"the day before Christmas", "before Christmas" (the soonest, not on it): the date said, moved."""
    if re.search(r"\b(?:the )?day (?:before|after) (?:the )?$", before):
        shift = -1 if re.search(r"before (?:the )?$", before) else 1  # "the day before Christmas"
        return Found((dt.date.fromisoformat(first.value) + dt.timedelta(days=shift)).isoformat(), first.start, first.end)
    if first.value > today.isoformat() and re.search(r"\b(?:before|no later than|ahead of) (?:the )?$", before):
        return Found(today.isoformat(), first.start, first.end)  # "before Christmas": the soonest, not on it
    return first


def find_date(text: str, today: dt.date, today_open: bool = True) -> Found | None:
    """The first date said in normalised `text`, resolved against the caller's `today`.

    `today_open`: the business can still book today. Then a weekday said on that weekday
    ("Saturday", said on a Saturday morning) and "this weekend" said on a weekend day mean today;
    once today is over they mean the next one."""
    reader = _DateReader(text, today, today_open)
    reader.read_weeks_from()
    reader.read_british_weeks()
    reader.read_weeks_ahead()
    reader.read_next_month_and_days()
    reader.read_holidays()
    reader.read_days_near()
    reader.read_weekdays()
    reader.read_weekends()
    reader.read_days_and_weeks_ahead()
    reader.read_calendar_dates()
    reader.drop_weekdays_before_dates()
    reader.place_weekdays_in_week()
    if not reader.candidates:
        return None
    first = min(reader.candidates, key=lambda c: c.start)
    return _relative_to(first, text[:first.start], today)
