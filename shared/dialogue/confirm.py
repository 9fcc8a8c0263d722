"""The read-back: the caller's answer to "shall I go ahead?", and doing it on a yes.
"""

from __future__ import annotations

import datetime as dt
import re

from shared.dialogue.lexicon.details import EMAIL_WORD
from shared.dialogue.lexicon.questions import GENERAL_QUESTION
from shared.dialogue.lexicon.reactions import NO_LEAD
from shared.dialogue.lexicon.requests import MOVE_IT
from shared.dialogue.lexicon.theirs import SEND_ME
from shared.dialogue.nlu import (
    Understanding,
)
from shared.dialogue.prompts import Cue, Prompt
from shared.dialogue.reading import looks_like_name, question_in
from shared.dialogue.turns import (
    NOTED_FOR_TEAM,
    Reply,
    Tools,
    Turn,
    ask,
    asked,
    question_again,
    thanks_to,
)
from shared.dialogue.workflows.answers import scoped_question
from shared.dialogue.workflows.registry import doer, owner
from shared.domain.business import Business
from shared.domain.calls import DialogueState, Handoff
from shared.domain.notes import NoteKind, note
from shared.language.consent import affirmed
from shared.language.spelling import spell_email


def answer_to_confirmation(state: DialogueState, business: Business, heard: Understanding,
                           local_now: dt.datetime, tools: Tools) -> Reply | Handoff | None:
    """The answer to "shall I go ahead with ...?": a yes does it; a no, a change, a question or a
    correction of the name each have their answer. None: not an answer to it (the turn goes on,
    the read-back dropped)."""
    pending = state.pending
    changes = heard.slots.keys() & {"date", "time", "service", "part_of_day", "phone"}
    if "service" in changes and heard.slots["service"].lower() in pending["summary"].lower() \
            and pending["action"] != "book_appointment":
        changes.discard("service")  # "yeah, the haircut": the one asked about
    if changes == {"part_of_day"} and GENERAL_QUESTION.search(heard.text):
        changes = set()  # "do you do evening appointments?": about the business, not this booking
    moving = pending.get("either") and MOVE_IT.search(heard.text)  # "move it, please" to "cancel it, or move it?"
    own = owner(pending["action"]).read_back
    answered = own(state, business, pending, heard, changes, local_now, tools) if own else None
    if answered is not None:  # its workflow's own: "no, one each", "yes, and one for my dad straight after"
        return answered
    if pending["action"] == "cancel_appointment" and "service" not in changes and (
            changes & {"date", "time", "part_of_day"} or heard.intent == "reschedule" or moving):
        # "I can't make it tomorrow" ... "can we do Friday instead?": move it, don't cancel it
        heard.intent = "reschedule"
        state.pending = None
        if not changes & {"date", "time", "part_of_day"}:
            state.wanted.date = state.wanted.time = None  # the day they can't make is not where it goes
        return None
    # Only a clear yes with nothing contrary commits (the tools' gate holds the same test): words of
    # the action itself ("book", "table", "not sure about that appointment") are asked again.
    yes = affirmed(heard.text, "cancel_appointment" if pending["action"] == "cancel_all" else pending["action"])
    return _email_or_name(state, pending, heard, changes, yes) \
        or _question_first(state, business, pending, heard, changes, yes, tools) \
        or _yes_or_no(state, business, pending, heard, changes, yes, local_now, tools)


def _email_or_name(state: DialogueState, pending: dict, heard: Understanding, changes: set, yes: bool
                   ) -> Reply | None:
    """An email given at the read-back, or the name corrected ("no, it's Kim")."""
    if "email" in heard.slots and pending["action"] == "book_appointment" and not changes:
        # stored with the booking only on the yes to this read-back, spelled out
        state.caller.email = pending["args"]["email"] = heard.slots["email"]
        reach = re.sub(r", with the confirmation emailed to .*$", "", pending.get("reach", ""))
        pending["reach"] = f"{reach}, with the confirmation emailed to {spell_email(state.caller.email)}"
        pending["summary"] = f"{pending['what']} for {pending['args']['caller_name']}{pending['reach']}"
        return ask(state, f"Thanks, I've added {state.caller.email}. Shall I go ahead with {pending['summary']}?",
                   Prompt.CONFIRM)
    if pending["action"] != "book_appointment" or changes or yes:
        return None
    corrected = heard.slots.get("name") or looks_like_name(NO_LEAD.sub("", heard.text))
    if heard.slots.get("surname") and state.caller.name:  # "no, my surname is Morse": the first name stays
        corrected = f"{state.caller.name.split()[0]} {heard.slots['surname']}"
    if corrected and corrected == state.caller.name and "what" in pending:  # "no, it's Paula with a P"
        return ask(state, f"Got it, {corrected}. So that's {pending['summary']}. Shall I book that?",
                   Prompt.CONFIRM)
    if corrected and corrected != state.caller.name and "what" in pending:  # "Kim" / "no, it's Kim": not a no
        state.caller.name = pending["args"]["caller_name"] = corrected
        if not state.booking.for_other:
            state.caller.own_name = corrected
        pending["summary"] = f"{pending['what']} for {corrected}{pending['reach']}"
        return ask(state, f"{thanks_to(state)}So that's {pending['summary']}. Shall I book that?",
                   Prompt.CONFIRM)
    return None


def _question_first(state: DialogueState, business: Business, pending: dict, heard: Understanding, changes: set,
                    yes: bool, tools: Tools) -> Reply | None:
    """A question before the yes ("ok, and can I pay by card?"): answer it, then ask again."""
    asked = question_in(heard.text)
    if not asked or changes or heard.intent in ("cancel", "reschedule", "transfer"):
        return None
    found = tools("answer_faq", {"question": scoped_question(asked, state, business, tools)[:500]})
    if found["found"]:
        return ask(state, found["answer"], Prompt.CONFIRM, go_on=f"So, shall I go ahead with {pending['summary']}?")
    if yes:
        return ask(state, f"Sorry, was that a yes? Shall I go ahead with {pending['summary']}?", Prompt.CONFIRM)
    return None


def _yes_or_no(state: DialogueState, business: Business, pending: dict, heard: Understanding, changes: set,
               yes: bool, local_now: dt.datetime, tools: Tools) -> Reply | Handoff | None:
    summary = pending["summary"]
    if yes and not changes and pending.pop("either", False) and heard.intent != "cancel":
        return ask(state, f"Sorry, shall I cancel {summary}, or move it to another day?", Prompt.CONFIRM)
    if yes and not changes:
        state.pending = None
        return execute(state, business, pending, local_now, tools)
    if heard.intent in ("deny", "not_interested") and not changes:
        return _not_that(state, business, pending)
    if heard.intent == "faq" and not changes:
        found = tools("answer_faq", {"question": scoped_question(heard.text, state, business, tools)[:500]})
        if not found["found"]:
            state.call_notes.append(note(NoteKind.QUESTION, heard.text))
        said = found["answer"] if found["found"] else NOTED_FOR_TEAM
        reply = ask(state, said, Prompt.CONFIRM, go_on=f"So, shall I go ahead with {summary}?")
        reply.noted = not found["found"]
        return reply
    if changes or heard.intent in ("cancel", "reschedule", "faq", "transfer"):
        state.pending = None
        return None
    return ask(state, f"Sorry, was that a yes? Shall I go ahead with {summary}?", Prompt.CONFIRM)


def _not_that(state: DialogueState, business: Business, pending: dict) -> Reply:
    """A no to the read-back: the answer of the workflow that owns the action (another time for a
    booking or a move, a number read back wrong, nothing cancelled); else the call ended (the caller
    was saying goodbye), or nothing done."""
    state.pending = None
    leaving = asked(state, Cue.BEFORE_YOU_GO)
    own = owner(pending["action"]).declined
    answered = own(state, business, pending, leaving) if own else None
    if answered is not None:
        return answered
    if leaving:
        return Reply(f"No problem, I've left it as it was. Thank you for calling {business.name}. Have a "
                     "lovely day, goodbye!", "hangup", intent="goodbye")
    return ask(state, "No problem, I've left it as it was.", anything_else=True)


def execute(state: DialogueState, business: Business, pending: dict, local_now: dt.datetime,
            tools: Tools) -> Reply | Handoff:
    """Do what the caller said yes to: the workflow that owns the action does it and says so (or
    hands over to the workflow that follows it)."""
    return doer(pending["action"])(state, business, pending, local_now, tools)


# --- stage of a turn (engine.py) ---------------------------------------------------------------------

def read_back(t: Turn) -> Reply | Handoff | None:
    """The answer to the read-back, when one is waiting for a yes."""
    state, heard = t.state, t.heard
    if not state.pending:
        return None
    if state.pending["action"] == "book_appointment" and SEND_ME.search(t.text.lower()) \
            and "email" not in heard.slots:
        # "can you email me the confirmation?" at the read-back: the address, then the same question
        by_email = EMAIL_WORD.search(t.text.lower()) is not None
        if by_email and not state.caller.email:
            return Reply("Of course. What's your email address?", "gather", intent="book")
        return Reply(f"Sure, you'll get the confirmation by {'email' if by_email else 'text'} once it's booked. "
                     f"{question_again(state)}", "gather", intent="book")
    cancelling = state.pending["args"].get("appointment_id") \
        if state.pending["action"] == "cancel_appointment" else None
    cancelling_what = state.pending["summary"]
    reply = answer_to_confirmation(state, t.business, heard, t.local_now, t.tools)
    if reply is not None:
        return reply
    t.intent = heard.intent
    named = heard.slots.get("service")
    # "can we do Friday instead?": the one being cancelled; "make the blow dry later": the blow dry
    t.moving = cancelling if t.intent == "reschedule" and (
        not named or named.lower() in cancelling_what.lower()) else None
    return None
