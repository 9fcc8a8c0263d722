"""Asides that enrich whatever workflow is going on: an address, another number, a team member.
"""

from __future__ import annotations

import datetime as dt
import re

from shared.dialogue import team
from shared.dialogue.lexicon.asides import (
    ACCESS_NEEDS,
    ADDRESS_FILLER,
    ADDRESS_LEAD,
    ADDRESS_LEAD_ANY_CASE,
    ASKS_FOR,
    AVOID_DAY,
    JOINING_WORDS,
    LIVES_IN,
    NO_TEXTS,
    OTHER_NUMBER,
    PRACTITIONER,
    RECURRING,
    SITE_ACCESS,
    STREET_ADDRESS,
    TEAM_MEMBER,
    UNIT_BEFORE,
    URGENT,
    URGENT_WORD,
)
from shared.dialogue.lexicon.booking import NOT_A_NAME
from shared.dialogue.lexicon.team import WORKING
from shared.dialogue.nlu import (
    BOOK,
    NOT_FOR_NAMES,
    PROBLEM,
    Understanding,
    find_phone,
    without_negated,
)
from shared.dialogue.prompts import Cue, Prompt
from shared.dialogue.reading import clause_around
from shared.dialogue.turns import (
    Reply,
    Tools,
    Turn,
    ask,
    asked,
    hear,
    no_texts,
    note_on_booking,
    question_again,
    renote,
    said_last,
)
from shared.dialogue.workflows.book import book_step, with_team
from shared.dialogue.workflows.message import transfer
from shared.domain.business import WEEKDAYS, Business
from shared.domain.calls import Call, DialogueState
from shared.domain.notes import NoteKind, note, of_kind
from shared.domain.phone import normalize_phone, spoken_digits
from shared.domain.preferences import extract as extract_preferences
from shared.domain.preferences import merge as merge_preferences
from shared.language import speech


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
    if tail and len(tail.split()) <= 4 and not JOINING_WORDS.search(tail):
        told = hear(tail, business, local_now)
        if told.intent == "unknown" and not told.slots.keys() - {"name"}:
            end = len(heard.text.rstrip(" ,.!?"))  # "123 Main Street Evanston": the town is the address's
    begin = address.start()
    unit = UNIT_BEFORE.search(heard.text[:begin])  # "Flat 2, 14 Rose Court"
    said = re.sub(r"\s+", " ", heard.text[unit.start() if unit else begin:end]).strip(" ,").split()
    state.caller.address = " ".join(w if i and w.lower() in ("in", "on", "at", "of", "and") else w.title()
                             for i, w in enumerate(said))
    renote(state)
    on_booking = note_on_booking(state, tools, f"Address: {state.caller.address}")
    rest = set(re.findall(r"[a-z0-9]+", heard.text[:address.start()] + heard.text[end:]))
    if rest <= ADDRESS_FILLER and state.awaiting == Prompt.ADDRESS:  # the answer to "what's the address?"
        return None, Understanding("affirm", {}, heard.text), text
    if rest <= ADDRESS_FILLER:
        go_on = f"Shall I go ahead with {state.pending['summary']}?" if state.pending else question_again(state)
        noted = "added the address to your booking" if on_booking else "noted the address"
        reply = ask(state, f"Thanks, I've {noted}, {state.caller.address}.", state.awaiting,
                    intent="address", go_on=go_on,
                    anything_else=not state.pending and asked(state, Cue.ANYTHING_ELSE))
        return reply, heard, text
    before = ADDRESS_LEAD.sub("", heard.text[:address.start()])
    heard = hear(f"{before} {heard.text[end:]}".strip(), business, local_now)
    number = re.search(rf"\b{address.group(0).split()[0]}\b", text)
    return None, heard, ADDRESS_LEAD_ANY_CASE.sub("", text[:number.start()]) if number else before


def other_number(state: DialogueState, business: Business, call: Call, number: str,
                 tools: Tools) -> Reply | None:
    """A number to reach them on other than the one calling: texts still go to the number that
    called (it is what proves the bookings are theirs), and the team gets the other in the notes."""
    try:
        other = normalize_phone(number, business.country)
    except ValueError:
        return None
    go_on, anything_else = question_again(state), asked(state, Cue.ANYTHING_ELSE)
    if other == call.caller_phone:
        return ask(state, "That's the number you're calling from, so that's where your texts go.",
                   state.awaiting, intent="phone", go_on=go_on, anything_else=anything_else)
    state.caller.other_phone = other
    renote(state)
    said = note(NoteKind.OTHER_PHONE, other)
    if not note_on_booking(state, tools, said):
        state.lead_notes.append(said)
    return ask(state, "I can only send texts to the number you're calling from, but I've noted "
                      f"{spoken_digits(other, business.country)} for the team.", state.awaiting,
               intent="phone", go_on=go_on, anything_else=anything_else)


# --- stages of a turn (engine.py): each notes what it found; a reply only when nothing else was said ---

def avoided_days(t: Turn) -> Reply | None:
    """ "Any day except Wednesday": that day is not the day they asked for (before the rest is read)."""
    state = t.state
    avoided = [m.group(1).lower() for m in AVOID_DAY.finditer(t.text)]
    if not avoided:
        return None
    state.wanted.avoid_days = sorted(set(state.wanted.avoid_days) | {WEEKDAYS.index(d) for d in avoided})
    t.text = AVOID_DAY.sub("", t.text).strip(" ,.!?")
    filler = r"(?:either|too|as well|actually|sorry|though|then|please|unfortunately|i'?m afraid|so|and|but|" \
             r"um|uh|oh|no|nope|hmm|well)"
    if re.fullmatch(rf"(?:{filler}[ ,.!?]*)*", t.text.lower()) and state.task == "book":
        # "I can't do Fridays" while choosing: the next day that isn't one
        if state.wanted.date and dt.date.fromisoformat(state.wanted.date).weekday() in state.wanted.avoid_days:
            state.wanted.offered, state.wanted.time = [], None
        return book_step(state, t.business, t.local_now, t.tools, t.withheld)
    return None


def preferences_and_problem(t: Turn) -> None:
    state = t.state
    state.caller.preferences = merge_preferences(state.caller.preferences, extract_preferences(t.text))
    t.problem_now = not state.caller.problem and PROBLEM.search(t.heard.text) is not None
    if t.problem_now:
        state.caller.problem = t.text[:300]  # for the team, in the booking's notes


def access(t: Turn) -> Reply | None:
    """ "She uses a wheelchair", "the gate code is 4512": on the booking's notes."""
    state, heard, text = t.state, t.heard, t.text
    need = ACCESS_NEEDS.search(text)
    site = SITE_ACCESS.search(text)
    said_access = need.group(0).lower() if need else clause_around(text, site) if site else None
    if not said_access or said_access in (state.caller.access or ""):
        return None
    state.caller.access = "; ".join(filter(None, [state.caller.access, said_access]))[:300]
    renote(state)
    quiet = not heard.slots.keys() - {"phone"} and heard.intent in ("unknown", "affirm", "faq", "book")
    if note_on_booking(state, t.tools, f"Access: {said_access}") and quiet:
        # "oh, and I use a wheelchair" after the yes
        return ask(state, "Thanks for letting us know. I've added that to your booking so the team is "
                          "ready.", intent="access", anything_else=True)
    if state.pending and state.pending["action"] == "book_appointment" and quiet:
        # "the gate code is 4512" at the read-back: noted, and the question asked again
        return ask(state, f"Thanks, I've noted that for the team. Shall I go ahead with "
                          f"{state.pending['summary']}?", Prompt.CONFIRM, intent="access")
    return None


def urgency(t: Turn) -> None:
    state, heard = t.state, t.heard
    t.urgent_now = URGENT.search(without_negated(heard.text.lower())) is not None
    if t.urgent_now and (state.caller.problem or URGENT_WORD.search(heard.text)) \
            and not of_kind(state.call_notes, NoteKind.URGENT):
        state.call_notes.append(note(NoteKind.URGENT, t.text[:300]))  # the team's alert says so


def recurring(t: Turn) -> None:
    regular = RECURRING.search(t.heard.text)
    if regular:  # the tools book one appointment at a time: the first now, the repeats by the team
        t.state.booking.recurring = regular.group(0)
        renote(t.state)


def staff(t: Turn) -> Reply | None:
    """A team Roxy books by person: "with Maria", "anyone", "the same person"."""
    t.member = team_member(t.text, t.business)
    if not t.business.staff:
        return None
    reply = with_team(t.state, t.business, t.heard, t.text, t.member, t.local_now, t.tools, t.withheld)
    if reply is not None:
        return reply
    if team.member_named(t.business, t.member) and not ASKS_FOR.search(t.text):
        t.member = None  # booked with them, not a note for the team
    return None


def asked_for(t: Turn) -> Reply | None:
    """ "Can I speak to Maria?": the team picks up; "with Maria": noted for the team."""
    state, heard, member = t.state, t.heard, t.member
    if member and ASKS_FOR.search(t.text):
        state.call_notes.append(note(NoteKind.ASKED_FOR, member))
        return transfer(state, t.business, t.local_now)
    if not member:
        return None
    state.caller.asked_for = member
    renote(state)
    asking_to_book = heard.intent in ("book", "check_availability") and (
        BOOK.search(heard.text) or PROBLEM.search(heard.text))  # "I need to see a physio, is Dr Patel free?"
    if WORKING.search(t.text) and asking_to_book:
        t.rota_note = f"I can't see who's working when, but I'll note that you'd like {member}. "
    elif WORKING.search(t.text) and not (heard.slots.keys() & {"service", "time"}):
        # "Is Maria working on Saturday?": Roxy cannot see the rota, but the wish is kept
        go_on = said_last(state) if state.task and state.awaiting else "Would you like to book an appointment?"
        return ask(state, f"I can't see who's working when, but I'll note that you'd like {member} "
                          "on your booking.", state.awaiting if state.task else Prompt.BOOK_OFFER,
                   intent="team_member", go_on=go_on,
                   anything_else=bool(state.task and state.awaiting) and asked(state, Cue.ANYTHING_ELSE))
    return None


def practitioner(t: Turn) -> None:
    state = t.state
    kind = PRACTITIONER.search(t.heard.text)
    if kind and not t.member and not state.caller.asked_for:  # "a female physio if possible": noted, not promised
        state.caller.asked_for = f"a {kind.group(1).lower()} {kind.group(2).lower()}"
        renote(state)
        t.rota_note = f"I can't promise who'll be in, but I'll note that you'd like {state.caller.asked_for}. "


def no_texts_said(t: Turn) -> Reply | None:
    state, heard = t.state, t.heard
    if not NO_TEXTS.search(heard.text) or t.withheld:
        return None
    state.caller.no_texts = True
    no_texts(state, t.tools)
    if not heard.slots and heard.intent in ("unknown", "deny", "faq", "not_interested", "affirm"):
        return ask(state, "Of course, I won't send you texts.", state.awaiting,
                   intent="no_texts", go_on=question_again(state), anything_else=asked(state, Cue.ANYTHING_ELSE))
    return None


def service_area(t: Turn) -> None:
    """ "I'm in Naperville": not a listed area; the booking notes say where, the team double-checks."""
    state, business = t.state, t.business
    town = LIVES_IN.search(t.text) if business.service_areas and not state.caller.address else None
    if town and town.group(1).lower() not in {a.lower() for a in business.service_areas} \
            and town.group(1).split()[-1].lower() not in NOT_A_NAME:
        state.caller.address = town.group(1)
        renote(state)
        t.area_note = (f"Just so you know, {town.group(1)} isn't on our list of areas (we cover "
                       f"{speech.options(business.service_areas, 'and')}), so the team will double-check. ")


def street_address(t: Turn) -> Reply | None:
    address = STREET_ADDRESS.search(t.heard.text) if t.state.awaiting != Prompt.PHONE else None
    if not address:
        return None
    reply, t.heard, t.text = take_address(t.state, t.business, t.heard, t.text, address, t.local_now, t.tools)
    return reply or None


def number_given(t: Turn) -> Reply | None:
    """ "Text me at 917 555 0123 instead": another number, from a caller whose number came through."""
    number = find_phone(t.text) if not t.withheld and OTHER_NUMBER.search(t.heard.text) else None
    if number and t.state.awaiting != Prompt.PHONE:
        return other_number(t.state, t.business, t.call, number, t.tools) or None
    return None
