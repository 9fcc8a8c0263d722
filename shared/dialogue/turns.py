"""What every stage and workflow of a turn shares: the `Reply`, the `Tools` a turn acts through, and
how Roxy asks (`ask`), notes and words what she says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from shared.dialogue.nlu import (
    Understanding,
    understand,
)
from shared.dialogue.prompts import Cue, Prompt
from shared.domain.availability import bookable_today
from shared.domain.business import Business
from shared.domain.calls import Asked, Call, DialogueState
from shared.domain.notes import NoteKind
from shared.domain.notes import note as note_of
from shared.domain.preferences import allergies
from shared.errors import DomainError
from shared.language import speech

KEYPAD_MENU = ("You can also use your keypad: press 1 to book, 2 to change or cancel an appointment, "
               "3 to leave a message, or 0 to speak to someone.")
ANYTHING_ELSE = "Is there anything else I can help you with?"
NOTED_FOR_TEAM = "I'm not sure about that, so I've noted it for the team to get back to you."
BEFORE_YOU_GO = "Before you go:"
UNDONE = {"book_appointment": "booked it", "reschedule_appointment": "moved it", "cancel_appointment": "cancelled it",
          "cancel_all": "cancelled them", "forget_me": "deleted anything"}
DAY_EXAMPLES = "You can say tomorrow, a day of the week, or the soonest."
NO_APPOINTMENTS = "I don't see any upcoming appointments for this phone number."
BOOK_ONE = f"{NO_APPOINTMENTS} Would you like to book one?"
NOT_FOUND = (f"{NO_APPOINTMENTS} If it was booked with another number, I can have the team call you back to "
             "sort it out. Or would you like to book a new appointment?")
WITHHELD_LOOKUP = ("I'm sorry, your number didn't come through, so I can't look up or change bookings on this "
                   "call. Please call back from the number you booked with, or say 'speak to someone' and I'll "
                   "put you through to the team.")


class Opening(StrEnum):
    """How a reply opens, set apart from the rest of its words, so that what is asked again (`Again`)
    and remembered (`Asked.question`) is composed without it, never cut. "Sure!" acknowledges what
    was asked, so it goes when a stage says something first; "Sorry," apologises for asking again,
    and goes only where nothing was missed."""
    SURE = "Sure!"
    AGREED = "Sure."                                # to a step asked for: said after what stages say first too
    NO_PROBLEM = "No problem."
    SORRY = "Sorry,"
    NOT_CAUGHT = "Sorry, I didn't quite get that."  # the fallback's: silence has its own ("I didn't catch that")

    @property
    def acknowledges(self) -> bool:
        """It answers what the caller just said, so the question remembered (`Asked.question`) goes without it."""
        return self in (Opening.SURE, Opening.AGREED, Opening.NO_PROBLEM)

    @property
    def agrees(self) -> bool:
        """ "Sure": it agreed to the turn it was first said in, so asked again after an answer, the
        question goes without it."""
        return self in (Opening.SURE, Opening.AGREED)


@dataclass(frozen=True)
class Again:
    """A question asked again (`ask(..., go_on=...)`, after silence): its words and, apart, the
    opening they were said with."""
    words: str
    opening: Opening | None = None

    def __str__(self) -> str:
        return f"{self.opening} {self.words}" if self.opening else self.words

    @property
    def question(self) -> str:
        """The question as remembered (`Asked.question`): without an opening that only acknowledged."""
        return self.words if self.opening and self.opening.acknowledges else str(self)


@dataclass
class Reply:
    """What Roxy says and does. The words, `say`, are made of parts: what stages said first (`first`,
    added with `lead`), the `opening`, the `report` and the `question`. `asks` is the prompt the reply
    asks (set by `ask`), `noted` that its report is NOTED_FOR_TEAM. Stages decide by these and add
    parts; none reads or edits the words."""
    report: str
    action: str = "gather"          # gather | hangup | transfer | message
    intent: str | None = None
    tokens: int = 0
    fallback: bool = False          # nothing the caller said was understood
    question: str = ""
    asks: Prompt | None = None
    opening: Opening | None = None
    noted: bool = False
    first: list[str] = field(default_factory=list)

    @property
    def say(self) -> str:
        body = self._body
        if self.opening and not (self.opening is Opening.SURE and self.first):
            body = f"{self.opening} {body}"
        return " ".join([*self.first, body] if body else self.first)

    @say.setter
    def say(self, words: str) -> None:
        """Words that replace the reply's (a safety notice, the voice's ending): what it asks stays."""
        self.first, self.opening, self.report, self.question, self.noted = [], None, words, "", False

    def lead(self, words: str) -> None:
        """Say `words` before everything said so far (and instead of "Sure!")."""
        self.first.insert(0, words.strip())

    @property
    def _body(self) -> str:
        return " ".join(part for part in (self.report, self.question) if part)

    def again(self) -> Again:
        """Its words to ask again: the opening apart, when nothing is said before it."""
        return Again(self.say) if self.first or not self.opening else Again(self._body, self.opening)

    def drop_opening(self) -> None:
        """Say it without its opening: "Sorry, what name ...?" becomes "What name ...?"."""
        self.opening, self.report = None, speech.upper_first(self.report)


class Tools:
    """Runs registry tools for one call: the caller's phone always comes from the call."""

    def __init__(self, run, used: list[str]):
        self._run = run
        self.used = used
        self.results: list[tuple[str, dict]] = []  # (name, result) of each tool that succeeded

    def __call__(self, name: str, args: dict) -> dict:
        self.used.append(name)
        result = self._run(name, args)
        self.results.append((name, result))
        return result

    @property
    def succeeded(self) -> list[str]:
        return [name for name, _ in self.results]


@dataclass
class Turn:
    """One turn as its stages see it (engine.py): what was said and heard, and what the stages before
    found that the later ones use. A stage reads and updates it and returns a `Reply`, or None to let
    the next stage have the turn."""
    call: Call
    business: Business
    tools: Tools
    local_now: dt.datetime
    text: str                                  # what was said (a key pressed, as words)
    again: Callable[[str], Reply]              # the turn answered for other words ("is this Bella's? I want a fade")
    heard: Understanding = field(default_factory=lambda: Understanding("unknown", {}, ""))
    intent: str = "unknown"                    # the intent the workflows act on (heard's, or corrected)
    instead: str | None = None                 # "a haircut, actually no, make it a blow dry": the service meant
    problem_now: bool = False                  # a problem described for the first time in this turn
    urgent_now: bool = False                   # an emergency said in this turn
    member: str | None = None                  # a team member named
    rota_note: str = ""                        # said before the booking's next question
    service_note: str = ""
    area_note: str = ""
    soonest: re.Match | None = None            # "the soonest you have", "flooding"
    moving: str | None = None                  # the appointment a "yes, move it" or "Friday instead" is about
    just_made: str | None = None               # "actually, make it Saturday instead": the one just booked
    shift: int | None = None                   # "the same time next week": minutes to move it by
    last_booked: str | None = None             # the appointment made, moved or cancelled just before
    named: list[str] = field(default_factory=list)   # the services said
    urgent: list[str] = field(default_factory=list)  # the business's emergency services
    service_before: str | None = None          # the booking's service before this turn

    @property
    def state(self) -> DialogueState:
        return self.call.state

    @property
    def withheld(self) -> bool:
        return not self.call.caller_known


def done_message(action: str, result: dict, business: Business, local_now: dt.datetime) -> str:
    """What Roxy says once a change is made (before "anything else?")."""
    if action == "capture_lead":
        return "Thanks, I've passed that on to the team, and someone will get back to you."
    if action == "forget_me":
        return "Done. We've deleted what we knew about you."
    appointment = result["appointment"]
    when = speech.when(local_time(appointment["start"], business), local_now)
    if action == "book_appointment":
        return f"You're all booked: {speech.a(appointment['service'])} {when}. We look forward to seeing you!"
    if action == "reschedule_appointment":
        return f"Done. Your {appointment['service']} is now {when}."
    return f"Done. Your {appointment['service']} {when} is cancelled."


def thanks_to(state: DialogueState) -> str:
    """'Thanks, Leo. ' to the caller; 'Got it, it's for Leo. ' when the booking is someone else's."""
    first = state.caller.name.split()[0]
    return f"Got it, it's for {first}. " if state.booking.for_other else f"Thanks, {first}. "


def local_time(iso: str, business: Business) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).astimezone(business.zone)


def appointments_said(appointments: list[dict], business: Business, local_now: dt.datetime, joiner: str = "and") -> str:
    """'a Haircut tomorrow at 10 AM and a Blow Dry Saturday at 11 AM'."""
    return speech.options([f"{speech.a(a['service'])} {speech.when(local_time(a['start'], business), local_now)}"
                           for a in appointments], joiner)


def with_staff(state: DialogueState) -> dict:
    """The staff argument of the booking and moving tools when the caller chose someone in this
    call ("with Maria", "with Maria this time"); none given, a move keeps its person (the tools'
    default)."""
    return {"staff": state.wanted.staff} if state.wanted.staff and state.task in ("book", "reschedule") else {}


def hear(text: str, business: Business, local_now: dt.datetime,
         guess: Callable[[str], str | None] | None = None) -> Understanding:
    """What the caller said, with the business's services, and a weekday said on that weekday read
    as today while today can still be booked; `guess`: the intent of what the rules cannot place."""
    return understand(text, local_now, business.service_names(), business.service_aliases(),
                      today_open=bookable_today(business, local_now), guess=guess)


def ask(state: DialogueState, say: str, awaiting: Prompt | None = None, intent: str | None = None,
        go_on: str | Again | None = None, cues: tuple[Cue, ...] = (), question: str | None = None,
        then: str | None = None, opening: Opening | None = None, anything_else: bool = False) -> Reply:
    """Say `say` (an answer, then `go_on`: the question asked again, as `said_last(state)` or
    `question_again(state)` give it, or words; or a report, then `then`: the question asked again with
    it, as an offer of times is). `cues`: what this prompt does besides asking, for the decisions of the
    next turn; `question`: the question alone when `say` reports something first ("You're all booked:
    ... Which time?"). `anything_else`: the prompt ends with ANYTHING_ELSE (`Cue.ANYTHING_ELSE`): said
    here after `say`, unless `go_on` is given (and ends with it)."""
    state.awaiting = Prompt(awaiting).value if awaiting else None  # a name that is no Prompt fails here
    if isinstance(go_on, str):
        go_on = Again(go_on) if go_on else None
    if go_on and say and go_on.opening and go_on.opening.agrees:
        go_on = Again(go_on.words)  # "Sure." answered the earlier turn, not this one
    if anything_else and not go_on:
        say = f"{say} {ANYTHING_ELSE}" if say else ANYTHING_ELSE
    reply = Reply(say, "gather", intent=intent, question=str(go_on) if go_on else then or "", opening=opening,
                  asks=Prompt(awaiting) if awaiting else None)
    said = go_on or reply.again()
    facts = [Cue(cue).value for cue in cues]
    if anything_else and Cue.ANYTHING_ELSE not in cues:
        facts.append(Cue.ANYTHING_ELSE.value)
    state.asked = Asked(cues=facts, question=question or said.question)
    keep_prompt(state, said)
    return reply


def keep_prompt(state: DialogueState, said: Again) -> None:
    """`said` is the prompt said again ("sorry, what?", silence, after an answer): its words, and its
    opening apart."""
    state.last_prompt, state.last_opening = said.words, said.opening.value if said.opening else None


def said_last(state: DialogueState) -> Again | None:
    """The last prompt as it was said, to ask again after an answer (`ask(..., go_on=said_last(state))`)."""
    if not state.last_prompt:
        return None
    return Again(state.last_prompt, Opening(state.last_opening) if state.last_opening else None)


def asked(state: DialogueState, cue: Cue) -> bool:
    """The last prompt did `cue` (set where it was made)."""
    return cue.value in state.asked.cues


def start_task(state: DialogueState, task: str) -> None:
    if state.task != task:
        state.task = task
        state.wanted.offered = []
        state.pending = None
        state.change.appointment_id = None
        state.change.shift_minutes = None


def question_again(state: DialogueState) -> Again:
    """What to ask again when the caller was silent: the last prompt (without the fallback's "Sorry, I
    didn't quite get that": "Sorry, I didn't catch that" comes first), but not what it reported before
    "anything else?" (the booking just read back, an answer already given)."""
    if asked(state, Cue.ANYTHING_ELSE):
        return Again(ANYTHING_ELSE)
    last = said_last(state) or Again("How can I help you today?")
    return Again(last.words) if last.opening is Opening.NOT_CAUGHT else last


def no_texts(state: DialogueState, tools: Tools) -> None:
    """Their lead records no consent to texts (notifications check it when sending); the lead
    needs a name, so without one this waits for the booking."""
    if state.caller.no_texts and state.caller.name:
        tools("capture_lead", {"name": state.caller.name, "email": state.caller.email, "interest": None, "notes": None,
                               "source": "call", "area": None, "sms_consent": False})


def staff_notes(state: DialogueState) -> str | None:
    """What the team should know about the booking: allergies, what is wrong, the address, who."""
    notes = [line for line in (allergies(state.caller.preferences),) if line]
    if state.caller.problem:
        notes.append(f"Caller said: {state.caller.problem}")
    if state.caller.address:
        notes.append(f"Address: {state.caller.address}")
    if state.caller.access:
        notes.append(f"Access: {state.caller.access}")
    if state.caller.asked_for:
        notes.append(f"Would like {state.caller.asked_for}")
    if state.caller.other_phone:
        notes.append(note_of(NoteKind.OTHER_PHONE, state.caller.other_phone))
    if state.caller.callback_extension:
        notes.append(note_of(NoteKind.EXTENSION, state.caller.callback_extension))
    if state.booking.recurring:
        notes.append(f"Would like this {state.booking.recurring}: book the repeats")
    return "; ".join(notes) or None


def note_on_booking(state: DialogueState, tools: Tools, note: str) -> bool:
    """Said after the yes ("... and the address is 42 Elm Street"): the booking just made gets it;
    if it cannot (cancelled meanwhile, notes full), the caller's lead does. True if the booking did."""
    if state.pending or state.task or not state.done_something or not state.change.appointment_id:
        return False
    try:
        tools("add_appointment_note", {"appointment_id": state.change.appointment_id, "note": note})
        return True
    except DomainError:
        state.lead_notes.append(note_of(NoteKind.FOR_THEIR_BOOKING, note))
        return False


def renote(state: DialogueState) -> None:
    """Something for the notes said at the read-back: the booking waiting for the yes carries it."""
    if state.pending and state.pending["action"] == "book_appointment":
        state.pending["args"]["notes"] = staff_notes(state)


def ask_number(state: DialogueState, lead_in: str = "") -> Reply:
    """A caller whose number is withheld gives one to book or to be called back."""
    if state.awaiting == Prompt.PHONE and state.caller.unusable_number:
        heard, state.caller.unusable_number = " ".join(state.caller.unusable_number.lstrip("+")), None
        return ask(state, f"I heard {heard}, which isn't a full phone number here. Could you say it "
                          "again with the area code, or type it on your keypad?", Prompt.PHONE, opening=Opening.SORRY)
    if state.awaiting == Prompt.PHONE:
        return ask(state, "I didn't get a full phone number. Could you say it again, digit by digit, or "
                          "type it on your keypad?", Prompt.PHONE, opening=Opening.SORRY)
    return ask(state, f"{lead_in}Your number didn't come through on my end: what's the best number "
                      "to reach you on?", Prompt.PHONE)
