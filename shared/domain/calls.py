"""A phone call as Roxy keeps it between turns: one Firestore document per CallSid."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from pydantic import Field, model_validator

from shared.domain.base import Record

# The call document keeps only the recent exchanges the agent needs; every turn's full record
# lives in calls/{sid}/turns.
MAX_TRANSCRIPT = 12


class WaitlistAsk(Record):
    """The day (and time) a caller wanted when it was taken or full: what the waitlist is offered for."""

    service: str
    date: str                                # YYYY-MM-DD, business local
    earliest: str | None = None              # HH:MM: from a part of the day they asked for
    latest: str | None = None


class Handoff(Record):
    """One workflow handing the call to another with the slots it carries: "cancel my haircut and
    book a colour instead" is the change workflow handing over to `book` with the service (and the
    day and time said for it). Kept in the frame that hands over until its own action is done."""

    workflow: str                            # the workflow that takes over: book
    slots: dict[str, str] = Field(default_factory=dict)   # service, date (YYYY-MM-DD), time (HH:MM), for
    together: bool = False                   # one yes covers both: the next is done at once if it can be
    said: str = ""                           # what the workflow handing over reports ("Done. Your ...")
    said_together: str = ""                  # the same, before the next one's own report when done at once
    intent: str | None = None                # the intent of the turn (the action done)
    then: Handoff | None = None              # the handoff after this one: the rest of a chain


def booking_chain(services: Sequence[str], names: Sequence[str] = (), whens: Sequence[str] = ()) -> Handoff | None:
    """The services (or people) asked for at once, after the one being booked, as a chain of
    handoffs to the booking: each with its service, the name it is for ("a cut for me and a trim
    for my son"), and the day and time said for it ("YYYY-MM-DD[THH:MM]", or "")."""
    then = None
    for index in reversed(range(max(len(services), len(names), len(whens)))):
        day, _, clock = (whens[index] if index < len(whens) else "").partition("T")
        slots = {"service": services[index] if index < len(services) else None,
                 "name": names[index] if index < len(names) else None, "date": day or None, "time": clock or None}
        then = Handoff(workflow="book", slots={k: v for k, v in slots.items() if v is not None}, then=then)
    return then


class ChangeFrame(Record):
    """The change workflow's frame (moving or cancelling one of the caller's appointments): the
    appointment meant and how far to move it, what follows the change, and what was cancelled this
    call. A booking leaves the appointment it made here too: "can I move it?" means that one. The new
    day and time are what the caller wants (`DialogueState.wanted`), searched as a booking searches."""

    appointment_id: str | None = None        # the appointment meant (the one being moved, or just made)
    shift_minutes: int | None = None         # "30 minutes later": move the appointment by this
    then: Handoff | None = None              # the workflow that takes over once the change is done
    cancelled: str | None = None             # the service cancelled this call ("can I rebook it?")
    cancelled_start: str | None = None       # when it was ("rebook it for the week after")


class BookFrame(Record):
    """The booking workflow's frame: who the booking is for, the services still to book after this
    one (a chain of handoffs to the booking), and what a team member's missed day leaves to offer.
    The service, day and time are what the caller wants (`DialogueState.wanted`), the name theirs
    (`DialogueState.caller`)."""

    party: int = 1                           # "for my husband and me": people to book for
    for_other: bool = False                  # "a haircut for my son": their name is asked
    name_for: str | None = None              # the slot Roxy asked the caller's name for
    recurring: str | None = None             # "every two weeks": noted for the team to book the repeats
    booked_day: str | None = None            # the day of the last booking made this call
    then: Handoff | None = None              # the next service or person asked for at once; its `then` the one after
    follow_on: str | None = None             # the end of their first service: the next goes straight after
    staff_missed: str | None = None          # the day asked for when that person wasn't free

    @model_validator(mode="before")
    @classmethod
    def _earlier_queue(cls, data: Any) -> Any:
        """A call stored with the queue as lists (`also`, `also_names`, `also_when`) loads as a chain."""
        if not isinstance(data, dict) or not data.keys() & {"also", "also_names", "also_when"}:
            return data
        data = dict(data)
        lists = [data.pop(name, None) or [] for name in ("also", "also_names", "also_when")]
        data.setdefault("then", booking_chain(*lists))
        return data

    @property
    def has_next(self) -> bool:
        """A service still to book after this one: the chain's first link names it (the names of a
        party, said before their services are known, are not a booking yet)."""
        return self.then is not None and "service" in self.then.slots

    def book_next(self, services: Sequence[str], whens: Sequence[str] = ()) -> None:
        """The services to book after this one, in order, set afresh from what was said, each with the
        day and time said for it ("YYYY-MM-DD[THH:MM]", or ""); the people already named keep their
        turn ("Joe and Ann": Ann's is the next booking, whatever it is for)."""
        self.then = _rebooked(self.then, services, whens)

    def put_first(self, link: Handoff) -> None:
        """One more booking straight after this one, before those already asked for."""
        self.then = link.model_copy(update={"then": self.then})

    def name_each(self, names: Sequence[str]) -> None:
        """The names of the people after the first ("Joe, Ann and Bo"), one to each booking still to
        make, in order; a booking of its own for each name beyond them (its service still to come)."""
        self.then = _named(self.then, names)


def _rebooked(link: Handoff | None, services: Sequence[str], whens: Sequence[str]) -> Handoff | None:
    """`link` and those after it booking `services` (with `whens`) in order, each keeping its name."""
    if link is None and not services:
        return None
    rest = _rebooked(link.then if link else None, services[1:], whens[1:])
    day, _, clock = (whens[0] if whens else "").partition("T")
    slots = {"service": services[0] if services else None, "name": link.slots.get("name") if link else None,
             "date": day or None, "time": clock or None}
    return _link(slots, rest)


def _named(link: Handoff | None, names: Sequence[str]) -> Handoff | None:
    """`link` and those after it, each with the next of `names` (or none)."""
    if link is None and not names:
        return None
    rest = _named(link.then if link else None, names[1:])
    return _link({**(link.slots if link else {}), "name": names[0] if names else None}, rest)


def _link(slots: dict[str, str | None], then: Handoff | None) -> Handoff | None:
    """A booking with the slots that have a value, before `then`; none when it has none and nothing follows."""
    kept = {name: value for name, value in slots.items() if value is not None}
    return Handoff(workflow="book", slots=kept, then=then) if kept or then else None


class Wanted(Record):
    """What the caller is looking for: a service at a time, searched the same way by a booking, a
    move and the waitlist, and carried by a handoff; with what Roxy offered for it. Every workflow
    that finds a time reads it; the price of the service asked about and a callback's interest too."""

    service: str | None = None
    date: str | None = None                  # YYYY-MM-DD, business local
    time: str | None = None                  # HH:MM
    part_of_day: str | None = None           # morning | afternoon | evening
    after: str | None = None                 # "anything later?": offer slots after this start
    before: str | None = None                # "anything earlier?"
    week_of: str | None = None               # the Monday of the week the caller asked about
    staff: str | None = None                 # who the booking is with (a team booked by person)
    avoid_days: list[int] = Field(default_factory=list)  # "any day except Wednesday": weekdays (Monday 0) not to offer
    offered: list[str] = Field(default_factory=list)     # ISO starts Roxy last offered
    shortlist: list[str] = Field(default_factory=list)   # the services the words said fit ("a full groom": two)


class Caller(Record):
    """What the caller said about themselves: read by every workflow, by the LLM agent, the call
    service, the console and the post-call follow-up, and kept when a booking starts the state afresh."""

    name: str | None = None                  # the name a booking is made under (their son's, when for him)
    own_name: str | None = None              # the caller's own name (not their son's): for their lead
    email: str | None = None
    callback_phone: str | None = None        # the number a caller with a withheld ID gave
    callback_extension: str | None = None    # "..., extension 4": for the team, with the number
    other_phone: str | None = None           # "text me at ...": another number, for the team's notes
    unusable_number: str | None = None       # digits heard that are no number in this country
    no_texts: bool = False                   # "please don't text me": their lead says no SMS
    address: str | None = None               # where the visit is, when the caller gives it
    address_asked: bool = False              # a visit's address was asked for (once a call)
    access: str | None = None                # "she uses a wheelchair": for the team, in the notes
    asked_for: str | None = None             # the team member they'd like ("with Maria")
    problem: str | None = None               # what's wrong, in the caller's words ("my boiler's leaking")
    preferences: dict[str, Any] = Field(default_factory=dict)   # known + stated this call (part_of_day, allergies)


class AnswersFrame(Record):
    """The answers workflow's frame: what the last answer was about, so that "and on Saturday?" or
    "what about a colour?" follows it. The change workflow sets it when it lists the caller's
    appointments ("my_appointments") or asks which to move ("reschedule") or cancel ("cancel"), the
    callback workflow when it takes a question about a price."""

    topic: str | None = None                 # hours | price | my_appointments | reschedule | cancel | callback


class Asked(Record):
    """What the last prompt did, set where it was made (the dialogue's `ask`): decisions read this,
    never the English of `DialogueState.last_prompt`, which is only the text to say again."""

    cues: list[str] = Field(default_factory=list)   # dialogue.prompts.Cue values
    question: str | None = None              # the question alone, without what was reported before it
    why: str | None = None                   # the reason given why a day could not be had (dialogue.times.Reason.key)


# The flat fields of DialogueState that moved into a frame, by frame: a call stored before the frames
# (or a state built from flat fields) loads with each in its frame.
EARLIER_FIELDS = {
    "change": ("appointment_id", "shift_minutes", "cancelled", "cancelled_start"),
    "booking": ("party", "for_other", "name_for", "recurring", "booked_day",
                "also", "also_names", "also_when", "follow_on", "staff_missed"),
    "wanted": ("service", "date", "time", "part_of_day", "after", "before", "week_of", "staff", "avoid_days",
               "offered"),
    "caller": ("name", "own_name", "email", "callback_phone", "callback_extension", "other_phone",
               "unusable_number", "no_texts", "address", "address_asked", "access", "asked_for", "problem",
               "preferences"),
    "answers": ("topic",),
}



def forgotten(stored_state: dict[str, Any]) -> dict[str, Any]:
    """The field paths (under a call document) that forget-me clears: everything the caller said about
    themselves, the action waiting for their yes (it carries their name) and the notes, also where a
    call stored before the frames keeps them flat."""
    cleared: dict[str, Any] = {"state.caller": {}, "state.pending": None, "state.lead_notes": [],
                               "state.call_notes": []}
    cleared.update({f"state.{name}": Caller.model_fields[name].get_default(call_default_factory=True)
                    for name in EARLIER_FIELDS["caller"] if name in stored_state})
    return cleared

class DialogueState(Record):
    """What Roxy understood so far; the offline engine's memory between turns. The conversation's own
    (the task, what was last asked, what waits for a yes, the notes) is flat; what a workflow or the
    caller's facts hold is in a typed frame: `wanted` (the service and time looked for), `caller`
    (what they said about themselves), `booking`, `change`, `answers`, `waitlist`."""

    task: str | None = None                  # book | reschedule | cancel | resend | callback | objection
    pending: dict[str, Any] | None = None                # an action waiting for the caller's yes
    awaiting: str | None = None                          # what Roxy just asked for: a dialogue.prompts.Prompt value
    asked: Asked = Field(default_factory=Asked)            # what the last prompt did: read by decisions
    last_prompt: str | None = None                        # said again after silence (never read), without:
    last_opening: str | None = None                       # its opening ("Sure!": a dialogue.turns.Opening value)
    silence: int = 0                                     # consecutive turns with nothing understood
    on_hold: bool = False                                 # "hold on a sec": the next silence is them away
    done_something: bool = False
    read_back: dict[str, Any] | None = None               # committing actions put to the caller: {turn, keys}
    lead_notes: list[str] = Field(default_factory=list)   # objections, unanswered questions, not yet filed
    call_notes: list[str] = Field(default_factory=list)   # the same, kept for the post-call follow-up
    wanted: Wanted = Field(default_factory=Wanted)          # the service and time looked for, and what was offered
    caller: Caller = Field(default_factory=Caller)          # what the caller said about themselves
    booking: BookFrame = Field(default_factory=BookFrame)       # the booking workflow's frame
    change: ChangeFrame = Field(default_factory=ChangeFrame)   # moving or cancelling: the change workflow's frame
    answers: AnswersFrame = Field(default_factory=AnswersFrame)  # the answers workflow's frame
    waitlist: WaitlistAsk | None = None                   # the wanted day was taken or full: the waitlist's frame

    @model_validator(mode="before")
    @classmethod
    def _earlier_fields(cls, data: Any) -> Any:
        """A call stored before the frames keeps what it had in flat fields: each lands in its frame
        (beside what that frame already holds, which wins)."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for frame, names in EARLIER_FIELDS.items():
            earlier = {name: data.pop(name) for name in names if name in data}
            if not earlier:
                continue
            held = data.get(frame) or {}
            data[frame] = {**earlier, **(held.model_dump(exclude_unset=True) if isinstance(held, Record) else held)}
        return data

    def prompt_said(self) -> str | None:
        """The last prompt as Roxy said it: its opening, then its words."""
        return f"{self.last_opening} {self.last_prompt}" if self.last_opening else self.last_prompt


class TurnRecord(Record):
    n: int
    caller: str
    roxy: str
    engine: str
    intent: str | None = None
    tools: list[str] = Field(default_factory=list)
    latency_ms: dict[str, float] = Field(default_factory=dict)
    tokens: int = 0
    at: dt.datetime
    interrupted: bool = False                # the caller talked over Roxy: `roxy` is what they heard


class Call(Record):
    call_sid: str
    business_id: str
    caller_phone: str                        # E.164, or phone.WITHHELD
    dialled: str
    status: str = "in-progress"
    started_at: dt.datetime
    updated_at: dt.datetime
    ended_at: dt.datetime | None = None
    turn: int = 0
    last_twiml: str = ""
    state: DialogueState = Field(default_factory=DialogueState)
    transcript: list[dict[str, str]] = Field(default_factory=list)
    summary: str = ""
    outcomes: list[str] = Field(default_factory=list)
    post_call_done: bool = False
    profile: dict[str, Any] = Field(default_factory=dict)   # caller name, upcoming, memories (greeting)
    profile_stale: bool = False
    message_recording: str | None = None
    roxy_ended: bool = False                 # Roxy said goodbye and hung up (the caller was not cut off)
    relay_drops: int = 0                     # ConversationRelay sessions that ended without a handoff
    engine: str = ""                         # the engine of the last turn (llm, offline, ...)

    @property
    def caller_known(self) -> bool:
        """The caller ID came through: their number is verified by the phone network."""
        return self.caller_phone.startswith("+")

    def add_exchange(self, caller: str, roxy: str) -> None:
        if caller:
            self.transcript.append({"role": "caller", "text": caller})
        if roxy:
            self.transcript.append({"role": "roxy", "text": roxy})
        if len(self.transcript) > MAX_TRANSCRIPT:
            self.transcript = self.transcript[-MAX_TRANSCRIPT:]


# What a call that was no business of the business sounds like, in the caller's words.
WRONG_NUMBER = re.compile(r"\bwrong (?:number|line)\b|\bdial(?:l)?ed (?:the )?wrong\b|\bmis-?dial|"
                          r"\bmy mistake\b.{0,20}\bsorry to bother\b", re.I)
SALES_PITCH = re.compile(
    r"\b(?:are you|am i speaking (?:to|with)|i'm speaking (?:to|with)) the (?:business )?owner"
    r"(?: of the business)?\b|\bdecision maker\b|"
    r"\b(?:calling|ringing|reaching out|this is \w+|\w+ here) (?:from|with|on behalf of)\b.{0,80}\b(?:seo|"
    r"marketing|websites?|web design|google (?:listing|ranking)|merchant services|card processing|processing fees|"
    r"advertising|business loans?|more customers|listing audit)\b|"
    r"\bwe (?:help|can help|work with) (?:small |local )?businesses\b|"
    r"\bwe can (?:lower|cut|reduce) your (?:card |payment )?(?:processing )?(?:fees|rates|costs)\b", re.I)
BUSINESS_OUTCOMES = ("book_appointment", "reschedule_appointment", "cancel_appointment")


def no_business(said: list[str], intents: list[str | None], outcomes: list[str]) -> str | None:
    """'wrong_number' or 'sales_call' when the call was one (the engine said so, or the caller's
    words do) and nothing was booked, moved or cancelled; else None."""
    if any(o in BUSINESS_OUTCOMES for o in outcomes):
        return None
    if "sales_call" in intents or any(SALES_PITCH.search(s) for s in said):
        return "sales_call"
    if "wrong_number" in intents or any(WRONG_NUMBER.search(s) for s in said):
        return "wrong_number"
    return None
