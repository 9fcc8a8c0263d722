"""Understanding one caller utterance without an LLM: the intent and the slots.

The intent comes from the rules in intents.py and, where they say "unknown" and nothing is named,
the nearest labelled example (intent_guess.py). Slots: service, date, time, part_of_day, name,
email; a phone number when Roxy asked for one (find_phone).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from shared.dialogue.intents import (  # noqa: F401 (re-exported)
    classify,
    classify_turn,
    thanks_only,
)
from shared.dialogue.lexicon.details import (
    EMAIL_SAID,
    EMAIL_SPOKEN,
    EMAIL_WRITTEN,
    NAME_THEN_DIGITS,
    SAID_DASH,
    SAID_DOT,
    SAID_DOT_OR_POINT,
    SAID_UNDERSCORE,
    SPELT_OUT,
)
from shared.dialogue.lexicon.questions import OPEN_OR_CLOSE
from shared.dialogue.lexicon.requests import (  # noqa: F401 (re-exported)
    BOOK,
    CANCEL,
    CANCEL_QUESTION,
    GREETING,
    MY_BOOKINGS,
    PROBLEM,
    RESCHEDULE,
)
from shared.dialogue.lexicon.times import SOON, TO_WORDS
from shared.dialogue.shift import find_shift  # noqa: F401 (re-exported)
from shared.language.names import (  # noqa: F401 (re-exported)
    CAP,
    FILLERS,
    NOT_FOR_NAMES,
    find_name,
    find_surname,
    proper_name,
    unspell,
)
from shared.language.phone_numbers import (  # noqa: F401 (re-exported)
    find_extension,
    find_phone,
    without_phone,
)
from shared.language.services import (  # noqa: F401 (re-exported)
    CHEAPER_QUESTION,
    NEGATED,
    match_service,
    match_services,
    without_negated,
)
from shared.language.text import normalize
from shared.language.when import find_date, find_part_of_day, find_time


@dataclass
class Understanding:
    intent: str
    slots: dict[str, str] = field(default_factory=dict)
    text: str = ""

    def as_dict(self) -> dict:
        return {"intent": self.intent, "slots": dict(self.slots)}





def find_email(text: str) -> str | None:
    written = EMAIL_WRITTEN.search(text)
    if written:
        return written.group(0)
    # "jane underscore doe", "mary hyphen jane", "j a n e", "bob 123" before the "at": one local part
    said = SAID_UNDERSCORE.sub("_", text)
    said = SAID_DASH.sub("-", said)
    said = SPELT_OUT.sub(lambda m: m.group(0).replace(" ", ""), said)
    said = NAME_THEN_DIGITS.sub(r"\1\2", said)
    spoken = EMAIL_SPOKEN.search(said)
    if not spoken:
        return None
    local = SAID_DOT.sub(".", spoken.group(1)).replace(" ", "")
    domain = SAID_DOT_OR_POINT.sub(".", spoken.group(2)).replace(" ", "")
    return f"{local}@{domain}"






def understand(
    utterance: str,
    now: dt.datetime,
    services: list[str] | None = None,
    aliases: dict[str, list[str]] | None = None,
    today_open: bool = True,
    guess: Callable[[str], str | None] | None = None,
) -> Understanding:
    """Parse `utterance` said at `now` (an aware datetime in the business's timezone); `today_open`:
    the business can still book today (a weekday said on that weekday is then today); `guess`: the
    intent of a sentence the rules cannot place and that names nothing (intent_guess.py), or None."""
    text = normalize(utterance)
    slots: dict[str, str] = {}
    email = find_email(text)
    date = find_date(text, now.date(), today_open)
    if date:
        slots["date"] = date.value
    time_text = text
    if email:
        time_text = text.replace(email, " ")
    when = find_time(time_text)
    if when:
        slots["time"] = when.value
    soon = SOON.search(text)
    if soon and not when:  # "can I come in an hour?": from now, on the quarter hour
        amount = 30 if soon.group(0).endswith("half an hour") else int(soon.group(1) or 1)
        minutes = amount * 60 if (soon.group(2) or "hour").startswith("h") and "half" not in soon.group(0) else amount
        at = now + dt.timedelta(minutes=minutes)
        at += dt.timedelta(minutes=-at.minute % 15, seconds=-at.second, microseconds=-at.microsecond)
        slots["time"] = at.strftime("%H:%M")
        slots.setdefault("date", at.date().isoformat())
    part = find_part_of_day(text)
    if part:
        slots["part_of_day"] = "evening" if part in ("tonight", "night") else part
    service = next(iter(match_services(text, services or [], aliases)), None)
    if service:
        slots["service"] = service
    if email:
        slots["email"] = email
    name = find_name(EMAIL_SAID.sub(" ", utterance) if email else utterance)  # "mike hyphen jones at ..." is no name
    surname = find_surname(utterance)
    if surname:  # "my last name's Okafor": a surname (that corrects a name already given), else the name said
        slots["surname"] = name = surname
    if name:
        slots["name"] = name
    def when_in(part: str) -> bool:
        return bool(find_date(part, now.date(), today_open) or find_time(part) or SOON.search(part))

    intent = classify_turn(utterance, text, bool(date or when or soon), bool(service), when_in, guess)
    last_to = list(TO_WORDS.finditer(text))
    if intent == "reschedule" and date and last_to and last_to[-1].start() > date.start:
        moved_to = find_date(text[last_to[-1].end():], now.date(), today_open)  # "move the Friday one to next Thursday"
        if moved_to:
            slots["date"] = moved_to.value
    if soon and intent == "faq" and not OPEN_OR_CLOSE.search(text):
        intent = "book"  # "can I come in 2 hours?" is not about opening hours
    if intent == "unknown" and not slots and guess is not None:
        intent = guess(text) or "unknown"  # "you nailed it", "perhaps at a later date": the nearest example
    return Understanding(intent=intent, slots=slots, text=text)
