"""The read-back: the caller's answer to "shall I go ahead?", and doing it on a yes.
"""

from __future__ import annotations

import datetime as dt

from shared.dialogue.lexicon.questions import GENERAL_QUESTION
from shared.dialogue.nlu import (
    Understanding,
)
from shared.dialogue.prompts import Cue, Prompt
from shared.dialogue.reading import question_in
from shared.dialogue.turns import (
    NOTED_FOR_TEAM,
    Reply,
    Tools,
    Turn,
    ask,
    asked,
)
from shared.dialogue.workflows.answers import scoped_question
from shared.dialogue.workflows.done import as_agreed
from shared.dialogue.workflows.registry import doer, owner
from shared.domain.business import Business
from shared.domain.calls import DialogueState, Handoff
from shared.domain.notes import NoteKind, note
from shared.language.consent import affirmed


def answer_to_confirmation(t: Turn) -> Reply | Handoff | None:
    """The answer to "shall I go ahead with ...?": the answers of the workflow that owns the action
    first; then a yes does it; a no, a change or a question each have their answer. None: not an
    answer to it (the turn goes on, the read-back dropped)."""
    state, business, heard, pending = t.state, t.business, t.heard, t.state.pending
    own = owner(pending["action"])
    changes = heard.slots.keys() & {"date", "time", "service", "part_of_day", "phone"}
    if "service" in changes and not own.service_changes_it \
            and heard.slots["service"].lower() in pending["summary"].lower():
        changes.discard("service")  # "yeah, the haircut": the one asked about
    if changes == {"part_of_day"} and GENERAL_QUESTION.search(heard.text):
        changes = set()  # "do you do evening appointments?": about the business, not this booking
    answered = own.read_back(t, pending, changes) if own.read_back else None
    if answered is not None or state.pending is None:  # its workflow's own ("no, one each"), or not an answer
        return answered
    # Only a clear yes with nothing contrary commits (the tools' gate holds the same test on the same
    # words, what was said): words of the action itself ("book", "table", "not sure about that
    # appointment") are asked again.
    yes = affirmed(t.text, own.agrees_as.get(pending["action"], pending["action"]))
    return _question_first(state, business, pending, heard, changes, yes, t.tools) \
        or _yes_or_no(state, business, pending, heard, changes, yes, t.local_now, t.tools)


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
    agreed = owner(pending["action"]).agreed
    if yes and not changes and agreed:  # "cancel it, or move it?": a yes answers neither
        reply = agreed(state, pending, heard)
        if reply is not None:
            return reply
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
    return as_agreed(state, pending, lambda: doer(pending["action"])(state, business, pending, local_now, tools))


# --- stage of a turn (engine.py) ---------------------------------------------------------------------

def read_back(t: Turn) -> Reply | Handoff | None:
    """The answer to the read-back, when one is waiting for a yes."""
    if not t.state.pending:
        return None
    reply = answer_to_confirmation(t)
    if reply is None:
        t.intent = t.heard.intent
    return reply
