"""Saying times, dates, lists and prices the way a receptionist would."""

from __future__ import annotations

import datetime as dt


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def a(noun: str) -> str:
    """'a Haircut', 'an Initial Assessment', 'a Uniform Fitting'."""
    lower = noun.lower()
    vowel = lower[:1] in ("a", "e", "i", "o") or (lower[:1] == "u" and not lower.startswith(
        ("uni", "use", "usu", "ura", "ure", "uro", "uti", "ute")))
    if lower.startswith(("eu", "one", "once")):
        vowel = False
    return f"{'an' if vowel else 'a'} {noun}"


def clock(moment: dt.datetime) -> str:
    if moment.time() == dt.time.max:  # a business closing at 24:00
        return "midnight"
    hour = moment.hour % 12 or 12
    if moment.minute == 0:
        if moment.hour == 12:
            return "noon"
        if moment.hour == 0:
            return "midnight"
        return f"{hour} {'AM' if moment.hour < 12 else 'PM'}"
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def day(moment: dt.date, today: dt.date) -> str:
    if moment == today:
        return "today"
    if moment == today + dt.timedelta(days=1):
        return "tomorrow"
    if today < moment < today + dt.timedelta(days=7):
        return moment.strftime("%A")
    return full_date(moment)


def full_date(moment: dt.date) -> str:
    """'Thursday the 26th of November'."""
    return f"{moment.strftime('%A')} the {_ordinal(moment.day)} of {moment.strftime('%B')}"


def upper_first(sentence: str) -> str:
    """The first letter in upper case, the rest as it is ("Saturday the 13th of December"; never
    str.capitalize(), which lower-cases the month)."""
    return sentence[:1].upper() + sentence[1:]


def when(moment: dt.datetime, now: dt.datetime) -> str:
    """'tomorrow at 3 PM', 'Friday at 10:30 AM' -- `moment` and `now` in the business's zone."""
    return f"{day(moment.date(), now.date())} at {clock(moment)}"


def options(items: list[str], joiner: str = "or") -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {joiner} " + items[-1]


SYMBOLS = {"USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "GBP": "£", "EUR": "€", "INR": "₹", "JPY": "¥"}


def price(amount: float | None, currency: str = "USD") -> str:
    """'$55', '£70', '€12.50', 'free'."""
    if amount is None:
        return ""
    if amount == 0:
        return "free"
    number = f"{amount:.0f}" if amount == int(amount) else f"{amount:.2f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def duration(minutes: int) -> str:
    """45 -> "45 minutes", 60 -> "an hour", 90 -> "an hour and a half", 120 -> "2 hours"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} minutes"
    whole = "an hour" if hours == 1 else f"{hours} hours"
    if rest == 30:
        return "an hour and a half" if hours == 1 else f"{hours} and a half hours"
    return f"{whole} and {rest} minutes" if rest else whole
