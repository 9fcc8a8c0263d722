"""Asides that enrich whatever workflow is going on: an address, another number, a team member.
"""

from __future__ import annotations

import datetime as dt
import re

from shared.dialogue.lexicon import ADDRESS_FILLER, NOT_A_NAME, TEAM_MEMBER
from shared.dialogue.nlu import (
    NOT_FOR_NAMES,
    Understanding,
)
from shared.dialogue.prompts import Prompt
from shared.dialogue.turns import Reply, Tools, ask, hear, note_on_booking, question_again, renote
from shared.domain.business import Business
from shared.domain.calls import Call, DialogueState
from shared.domain.phone import normalize_phone, spoken_digits


def team_member(text: str, business: Business) -> str | None:
    said = TEAM_MEMBER.search(text)
    if not said:
        return None
    name = said.group(1) or said.group(2)
    last = name.split()[-1].lower()
    services = {w.lower() for w in " ".join(business.service_names()).split()}
    if last in NOT_A_NAME | services | NOT_FOR_NAMES | {"roxy", "you", "there", "here"}:
        return None
    return name


def take_address(state: DialogueState, business: Business, heard: Understanding, text: str,
                  address: re.Match, local_now: dt.datetime,
                  tools: Tools) -> tuple[Reply | None, Understanding, str]:
    """A street address said: kept for the booking's notes (added to the booking if it is already
    made). Said alone, it is acknowledged and the question asked again; said with more ("Sam, and
    the address is ..."), the rest is understood."""
    end = address.end()
    tail = heard.text[end:].strip(" ,.!?")
    if tail and len(tail.split()) <= 4 and not re.search(r"\b(?:and|but|so|please|for)\b", tail):
        told = hear(tail, business, local_now)
        if told.intent == "unknown" and not told.slots.keys() - {"name"}:
            end = len(heard.text.rstrip(" ,.!?"))  # "123 Main Street Evanston": the town is the address's
    begin = address.start()
    unit = re.search(r"\b(?:flat|apartment|apt|unit|suite)(?:\s+\w{1,5})?[\s,]*$", heard.text[:begin],
                     re.I)  # "Flat 2, 14 Rose Court"
    said = re.sub(r"\s+", " ", heard.text[unit.start() if unit else begin:end]).strip(" ,").split()
    state.address = " ".join(w if i and w.lower() in ("in", "on", "at", "of", "and") else w.title()
                             for i, w in enumerate(said))
    renote(state)
    on_booking = note_on_booking(state, tools, f"Address: {state.address}")
    rest = set(re.findall(r"[a-z0-9]+", heard.text[:address.start()] + heard.text[end:]))
    if rest <= ADDRESS_FILLER and state.awaiting == Prompt.ADDRESS:  # the answer to "what's the address?"
        return None, Understanding("affirm", {}, heard.text), text
    if rest <= ADDRESS_FILLER:
        go_on = f"Shall I go ahead with {state.pending['summary']}?" if state.pending else question_again(state)
        noted = "added the address to your booking" if on_booking else "noted the address"
        reply = ask(state, f"Thanks, I've {noted}, {state.address}.", state.awaiting,
                          intent="address", go_on=go_on)
        return reply, heard, text
    intro = r"[\s,]*(?:(?:and|so)\s+)?(?:(?:the|my|our)\s+)?address(?:\s+(?:is|it's))?[\s,]*$"
    before = re.sub(intro, "", heard.text[:address.start()])
    heard = hear(f"{before} {heard.text[end:]}".strip(), business, local_now)
    number = re.search(rf"\b{address.group(0).split()[0]}\b", text)
    return None, heard, re.sub(intro, "", text[:number.start()], flags=re.I) if number else before


def other_number(state: DialogueState, business: Business, call: Call, number: str,
                  tools: Tools) -> Reply | None:
    """A number to reach them on other than the one calling: texts still go to the number that
    called (it is what proves the bookings are theirs), and the team gets the other in the notes."""
    try:
        other = normalize_phone(number, business.country)
    except ValueError:
        return None
    go_on = question_again(state)
    if other == call.caller_phone:
        return ask(state, "That's the number you're calling from, so that's where your texts go.",
                         state.awaiting, intent="phone", go_on=go_on)
    state.other_phone = other
    renote(state)
    if not note_on_booking(state, tools, f"Also reachable on {other}"):
        state.lead_notes.append(f"Also reachable on {other}")
    return ask(state, "I can only send texts to the number you're calling from, but I've noted "
                            f"{spoken_digits(other, business.country)} for the team.", state.awaiting,
                     intent="phone", go_on=go_on)
