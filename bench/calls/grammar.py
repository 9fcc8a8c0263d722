"""The caller's phrase grammar: tables of templates (common.json plus a business type's own), and
the spoken forms of what a caller says (times and numbers as words, spelled names, emails "at ...
dot com", vague and relative days).

A template picks one of `(a|b|c)`, keeps `[x]` half the time, and fills `{slot}` from the call's
facts or, when a table has that name, from that table. Every choice comes from one seeded
random.Random, so a seed replays the same call.
"""

from __future__ import annotations

import datetime as dt
import random
import re

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINALS = {1: "first", 2: "second", 3: "third", 5: "fifth", 8: "eighth", 9: "ninth", 12: "twelfth"}
SLOT = re.compile(r"\{(\w+)\}")
CHOICE = re.compile(r"\(([^()]*\|[^()]*)\)")
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


def words(n: int) -> str:
    """23 -> 'twenty three'; 1420 -> 'fourteen twenty' (as house numbers are said)."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if 1000 <= n < 10000 and n % 100:
        return f"{words(n // 100)} {'oh ' + ONES[n % 100] if n % 100 < 10 else words(n % 100)}"
    if n < 1000:
        rest = n % 100
        return f"{ONES[n // 100]} hundred" + (f" {words(rest)}" if rest else "")
    return str(n)


def ordinal(n: int) -> str:
    if n in ORDINALS:
        return ORDINALS[n]
    if n < 20:
        return ONES[n] + "th"
    if n % 10 == 0:
        return TENS[n // 10][:-1] + "ieth"
    return f"{TENS[n // 10]} {ORDINALS.get(n % 10, ONES[n % 10] + 'th')}"


class Grammar:
    def __init__(self, tables: dict[str, list[str]], rng: random.Random):
        self.tables = tables
        self.rng = rng

    def pick(self, options: list):
        return options[self.rng.randrange(len(options))]

    def say(self, name: str, facts: dict) -> str:
        """One sentence from table `name`, filled from `facts`."""
        return tidy(self.expand(self.pick(self.tables[name]), facts, depth=0))

    def expand(self, template: str, facts: dict, depth: int) -> str:
        if depth > 6:
            return template
        text = CHOICE.sub(lambda m: self.pick(m.group(1).split("|")), template)
        text = OPTIONAL.sub(lambda m: m.group(1) if self.rng.random() < 0.5 else "", text)

        def fill(match: re.Match) -> str:
            key = match.group(1)
            if key in facts:
                value = facts[key]
                return self.expand(self.pick(value) if isinstance(value, list) else str(value), facts, depth + 1)
            if key in self.tables:
                return self.expand(self.pick(self.tables[key]), facts, depth + 1)
            raise KeyError(f"no fact or table '{key}' in: {template}")

        return SLOT.sub(fill, text)

    # --- spoken forms ----------------------------------------------------------------------

    def time(self, moment: dt.time) -> str:
        """How a caller says a time: 'two thirty', 'half past two', '2:30', 'two o'clock'."""
        hour12 = moment.hour % 12 or 12
        if moment.hour == 12 and moment.minute == 0:
            return self.pick(["noon", "twelve", "midday", "12"])
        suffix = self.pick(["", "", " pm" if moment.hour >= 12 else " am",
                            " in the afternoon" if 12 <= moment.hour < 17 else (" in the morning" if moment.hour < 12
                                                                                else " in the evening")])
        if moment.minute == 0:
            said = self.pick([words(hour12), f"{words(hour12)} o'clock", str(hour12)])
        elif moment.minute == 30:
            said = self.pick([f"{words(hour12)} thirty", f"half past {words(hour12)}", f"{hour12}:30"])
        elif moment.minute == 15:
            said = self.pick([f"quarter past {words(hour12)}", f"{words(hour12)} fifteen", f"{hour12}:15"])
        elif moment.minute == 45:
            said = self.pick([f"{words(hour12)} forty five", f"quarter to {words(hour12 % 12 + 1)}", f"{hour12}:45"])
        else:
            said = self.pick([f"{words(hour12)} {words(moment.minute)}", f"{hour12}:{moment.minute:02d}"])
        return (said + suffix).strip()

    def day(self, day: dt.date, today: dt.date) -> str:
        ahead = (day - today).days
        name = f"{day:%A}"
        options = [name, f"this {name}" if ahead < 7 else f"next {name}", f"on {name}",
                   f"{name} the {ordinal(day.day)}"]
        if ahead == 1:
            options += ["tomorrow", "tomorrow"]
        if ahead == 2:
            options.append("the day after tomorrow")
        return self.pick(options)

    def part(self, part: str) -> str:
        """'afternoon' -> 'in the afternoon' / 'after lunch'; 'after 16:00' -> 'any time after four'."""
        if part == "any":
            return self.pick(["whenever", "any time", "whenever suits", ""])
        if part == "morning":
            return self.pick(["in the morning", "first thing", "sometime in the morning", "morning-ish",
                              "before lunch"])
        if part == "afternoon":
            return self.pick(["in the afternoon", "after lunch", "sometime in the afternoon", "afternoon"])
        if part == "evening":
            return self.pick(["in the evening", "after work", "later in the day, like evening"])
        kind, hhmm = part.split()
        moment = dt.time.fromisoformat(hhmm)
        spoken = self.time(moment)
        if kind == "after":
            return self.pick([f"after {spoken}", f"any time after {spoken}", f"{spoken} or later",
                              f"not before {spoken}"])
        if kind == "before":
            return self.pick([f"before {spoken}", f"no later than {spoken}"])
        return self.pick([f"at {spoken}", f"around {spoken}", f"{spoken}-ish"])

    def email(self, user: str, domain: str) -> str:
        spoken_user = user.replace(".", " dot ").replace("_", " underscore ")
        spoken_user = re.sub(r"(\d+)", lambda m: " " + " ".join(ONES[int(c)] for c in m.group(1)), spoken_user)
        return self.pick([f"{spoken_user} at {domain} dot com", f"{spoken_user} at {domain}.com",
                          f"{spoken_user}, at, {domain} dot com"])

    def spelled(self, name: str) -> str:
        letters = " ".join(name.upper())
        return self.pick([f"that's {letters}", f"{letters}", f"spelled {letters}"])

    def address(self, number: int, street: str) -> str:
        """'fourteen twenty Elm Street', 'five oh six Elm Street', '1420 Elm Street'."""
        said = words(number)
        if 100 <= number < 1000:
            said = f"{ONES[number // 100]} {'oh ' + ONES[number % 100] if number % 100 < 10 else words(number % 100)}"
        return self.pick([f"{said} {street}", f"{number} {street}", f"{said} {street}"])


def tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.?!])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"^[,.\s]+", "", text)
    return text[:1].upper() + text[1:]
