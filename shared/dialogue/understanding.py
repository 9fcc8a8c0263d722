"""What the caller said, understood: the intent parser's reading (turns.hear), then what it cannot
know alone: a self-correction ("at 3, actually no, make it 4"), "in 20 minutes", "the day after",
a phone number said along with a request, and a question after a yes ("ok, and do you take cards?").
"""

from __future__ import annotations

import datetime as dt

from shared.dialogue.lexicon.times import DAY_NEXT_TO, SELF_CORRECTION
from shared.dialogue.nlu import SOON, find_phone, without_phone
from shared.dialogue.prompts import Prompt
from shared.dialogue.reading import question_in
from shared.dialogue.turns import Turn, hear
from shared.language.when import find_time


def hear_turn(t: Turn, guessed: str | None) -> None:
    """Fill `t.heard`; `guessed`: the nearest example's intent, for what the rules could not place."""
    state, local_now = t.state, t.local_now
    heard = t.heard = hear(t.text, t.business, local_now)
    if guessed and heard.intent == "unknown":
        heard.intent = guessed
    _corrected(t)
    if SOON.search(heard.text) and "time" in heard.slots and not find_time(heard.text):
        # "in 20 minutes": the earliest time from then on (today, or the next day that has one)
        state.wanted.after = f"{heard.slots['date']}T{heard.slots.pop('time')}"
        heard.slots["part_of_day"] = "earliest"
    next_to = DAY_NEXT_TO.match(heard.text)
    if next_to and "date" not in heard.slots and (state.wanted.date or state.wanted.offered) \
            and state.task in ("book", "reschedule"):
        base = dt.date.fromisoformat(state.wanted.date or state.wanted.offered[0][:10])
        heard.slots["date"] = (base + dt.timedelta(days=1 if next_to.group(1) == "after" else -1)).isoformat()
        heard.intent = "book" if state.task == "book" else heard.intent  # "the day after?": that day
    volunteered = find_phone(t.text.lower()) if t.withheld and state.awaiting != Prompt.PHONE \
        and not state.pending else None
    if volunteered and len(volunteered.lstrip("+")) >= 9:
        # A number said along with a request ("... at half ten, my number is 07911 123457"):
        # the request without the number, plus the number.
        t.heard = hear(without_phone(t.text), t.business, local_now)
        t.heard.slots["phone"] = volunteered
    asked = question_in(t.heard.text) if t.heard.intent == "affirm" and not state.pending else None
    if asked:  # "ok, and can I pay by card?": the question is what they said
        t.heard = hear(asked, t.business, local_now)


def _corrected(t: Turn) -> None:
    """ "Tomorrow at 3, actually no, make it 4": what follows the correction wins."""
    heard = t.heard
    corrected = SELF_CORRECTION.search(heard.text)
    if not (corrected and heard.slots.keys() & {"date", "time", "service"}):
        return
    rest = corrected.group("rest")
    after = hear(f"at {rest}" if rest[0].isdigit() else rest, t.business, t.local_now)
    heard.slots.update({k: v for k, v in after.slots.items() if k in ("date", "time", "part_of_day")})
    t.instead = after.slots.get("service")  # "a haircut, actually no, make it a blow dry": the service meant
    if t.instead:
        heard.slots["service"] = t.instead
