"""The callback workflow: leads, objections and questions for the team, who call back.
"""

from __future__ import annotations

import datetime as dt

from shared.dialogue.lexicon.questions import (
    CALL_ME_BACK,
    COMPLAINT,
    EARLIER_VISIT,
    HEALTH_QUESTION,
    NOT_FIXED,
    PRICE_TALK,
    PRICES_ASKED,
    TEAM_MATTER,
)
from shared.dialogue.lexicon.theirs import BOOKED_ELSEWHERE
from shared.dialogue.nlu import (
    BOOK,
    match_services,
)
from shared.dialogue.prompts import Prompt
from shared.dialogue.turns import Opening, Reply, Tools, Turn, ask, ask_number
from shared.dialogue.workflows.workflow import Workflow
from shared.domain.business import Business
from shared.domain.business_answers import price_list
from shared.domain.calls import DialogueState
from shared.domain.notes import NoteKind, note, of_kind
from shared.domain.phone import spoken_digits
from shared.errors import NotALead
from shared.language import speech

NAME_QUESTION = "Can I take your name?"


def objection(state: DialogueState, business: Business, text: str, tools: Tools,
              withheld: bool = False) -> Reply:
    state.task = "objection"
    state.pending = None
    state.lead_notes.append(note(NoteKind.NOT_READY, text))
    state.call_notes.append(state.lead_notes[-1])
    price_note = ""
    named = state.wanted.service or next(iter(match_services(text.lower(), business.service_names(),
                                                      business.service_aliases())), None)
    service = business.find_service(named) if named else None
    if service and service.price is not None and PRICE_TALK.search(text.lower()):
        price_note = f" For reference, {speech.a(service.name)} is {speech.price(service.price, business.currency_code)}."
    elif not service and PRICES_ASKED.search(text.lower()):
        listed = price_list(business)
        if listed:  # "just calling to get prices": the prices, then the follow-up
            price_note = f" {listed}"
            state.answers.topic = "price"
    if state.caller.name:
        return capture(state, business, tools, lead_in=f"No problem at all.{price_note} ",
                       withheld=withheld)
    return ask(state, f"No problem at all, there's no pressure.{price_note} Can I take your name so "
                      "we can follow up when you're ready?", Prompt.NAME, intent="not_interested")


def call_back(state: DialogueState, business: Business, tools: Tools, note: str, request: str,
              withheld: bool, intent: str = "callback", known: str | None = None,
              name_question: str = NAME_QUESTION, opening: Opening | None = None) -> Reply:
    """The team calls back: the note goes to the lead, with the caller's name (`request`, then
    `name_question`, if not known; if known, `known` is said first: by default `request`), after
    `opening` ("No problem.")."""
    if state.task == "callback" and state.awaiting == Prompt.NAME and not state.caller.name:
        request, name_question = "I'll pass that on to the team as well.", NAME_QUESTION  # a second question meanwhile
    state.task, state.pending, state.wanted.offered, state.answers.topic = "callback", None, [], None
    state.lead_notes.append(note)
    state.call_notes.append(note)
    if state.caller.name:
        known = request if known is None else known
        return capture(state, business, tools, lead_in=f"{known} " if known else "", withheld=withheld,
                       opening=opening)
    return ask(state, f"{request} {name_question}" if request and name_question else request or name_question,
               Prompt.NAME, intent=intent, opening=opening)


def capture(state: DialogueState, business: Business, tools: Tools, lead_in: str = "",
            withheld: bool = False, confirmed: bool = False, opening: Opening | None = None) -> Reply:
    """The lead with what the team is to call back about; `lead_in`, after its `opening`, said first."""
    task = state.task
    if withheld and not state.caller.callback_phone:
        return ask_number(state, f"Thanks, {state.caller.name.split()[0]}. ")
    details = {"name": state.caller.name, "email": state.caller.email, "interest": state.wanted.service,
               "notes": "\n".join(state.lead_notes)[:2000] or None, "source": "call", "area": None,
               "sms_consent": None}
    if withheld and not confirmed:
        # a number the caller said is kept only on their yes to it, read back digit by digit
        digits = spoken_digits(state.caller.callback_phone, business.country)
        state.pending = {"action": "capture_lead", "args": details, "task": task, "lead_in": lead_in,
                         "opening": opening.value if opening else None,
                         "summary": f"{state.caller.name}, on {digits}"}
        return ask(state, f"So that's {state.caller.name}, on {digits}. Is that right?", Prompt.CONFIRM,
                   intent=task or "callback")
    try:
        tools("capture_lead", details)
    except NotALead as not_ours:  # the pitch (or the wrong number) came out after Roxy offered to pass it on
        say = (f"Thanks for thinking of us, but {business.name} doesn't take sales calls by phone."
               if not_ours.kind == "sales_call" else "No problem at all.")
        return Reply(f"{say} Have a good day, goodbye.", "hangup", intent=not_ours.kind)
    state.task = None
    state.lead_notes = []
    state.done_something = True
    if task == "callback":
        number = spoken_digits(state.caller.callback_phone, business.country) if withheld else "this number"
        if lead_in:  # a caller whose name Roxy knew: what the team will do, then who and where
            return ask(state, f"{lead_in}I've passed it on, {state.caller.name.split()[0]}: {business.name} "
                              f"will call you back on {number}.", intent="callback", opening=opening,
                       anything_else=True)
        return ask(state, f"Thanks, {state.caller.name}. Someone from {business.name} will call you "
                          f"back on {number}.", intent="callback", anything_else=True)
    if len(of_kind(state.call_notes, NoteKind.NOT_READY)) > 1:  # noted once already: not said again
        return ask(state, f"{lead_in}I've added that to the note, {state.caller.name.split()[0]}, and there's no rush at "
                          f"all.", intent="not_interested", opening=opening, anything_else=True)
    return ask(state, f"{lead_in}Thanks, {state.caller.name}, I've made a note, and we'll be happy to help "
                      f"whenever you're ready.", intent="not_interested", opening=opening, anything_else=True)


# --- stages of a turn (engine.py) ------------------------------------------------------------------

# What the team sorts out, not Roxy: (pattern, the note's kind, what Roxy says, also while a
# read-back waits for a yes)
FOR_THE_TEAM = (
    (HEALTH_QUESTION, NoteKind.HEALTH_QUESTION, "That's one for the team, so I won't guess. I'll have someone call you "
                                         "back about it.", False),
    (COMPLAINT, NoteKind.COMPLAINT, "I'm really sorry to hear that. I'll pass it straight to the team and have someone "
                             "call you back.", True),
    (TEAM_MATTER, NoteKind.NEEDS_TEAM, "I can't sort that out myself, but I'll have someone from the team call you "
                                    "back about it.", False),  # a refund, a bill, lost property
)


def for_the_team(t: Turn) -> Reply | None:
    """Earlier work not fixed, a health question, a complaint, a refund: the team calls back."""
    state, heard = t.state, t.heard
    if t.intent in ("cancel", "reschedule", "transfer"):
        return None
    if NOT_FIXED.search(heard.text) and EARLIER_VISIT.search(heard.text) and not state.pending:
        return call_back(state, t.business, t.tools, note(NoteKind.NOT_FIXED, t.text), "I'm sorry it's still "
                         "not right. I'll have the team call you back to sort it out.",
                         t.withheld)
    for pattern, kind, said, while_pending in FOR_THE_TEAM:
        found = pattern.search(heard.text.lower() if pattern is TEAM_MATTER else heard.text)
        if found and (while_pending or not state.pending):
            return call_back(state, t.business, t.tools, note(kind, t.text), said, t.withheld)
    return None


def declined_name(t: Turn) -> Reply | None:
    state = t.state
    if t.intent in ("deny", "not_interested") and state.awaiting == Prompt.NAME \
            and state.task in ("callback", "objection") and not t.heard.slots:
        # No name for the follow-up: the team still hears of it after the call (call notes)
        state.task, state.lead_notes = None, []
        return ask(state, "No problem at all.", intent="declined_name", anything_else=True)
    return None


def name_for_team(t: Turn) -> Reply | None:
    state, heard = t.state, t.heard
    if state.awaiting != Prompt.NAME or state.task not in ("callback", "objection"):
        return None
    if t.intent == "affirm" and not heard.slots:
        return ask(state, "Great, what name should I give the team?", Prompt.NAME, intent="name")
    if state.task == "objection" and "name" not in heard.slots \
            and heard.slots.keys() & {"date", "part_of_day"} and not BOOK.search(heard.text):
        # "maybe after Christmas": when to follow up, not a booking
        state.lead_notes.append(note(NoteKind.FOLLOW_UP, t.text))
        return ask(state, "Got it. Can I take your name so we can follow up then?", Prompt.NAME,
                   intent="not_interested")
    return None


def not_ready(t: Turn) -> Reply | None:
    """Not ready to book: noted for a follow-up; but "I don't need an appointment, I need someone to
    call me back" asks for the team (call_me_back)."""
    if t.intent == "not_interested" and not CALL_ME_BACK.search(t.text.lower()):
        return objection(t.state, t.business, t.text, t.tools, t.withheld)
    return None


def call_me_back(t: Turn) -> Reply | None:
    state, text, intent = t.state, t.text, t.intent
    if state.awaiting == Prompt.BOOK_OFFER and state.answers.topic in ("cancel", "reschedule") and intent not in (
            "deny", "goodbye", "transfer") and (
            intent == state.answers.topic or BOOKED_ELSEWHERE.search(text.lower()) or CALL_ME_BACK.search(text.lower())):
        # Nothing booked under this number, and the caller says there is: the team looks it up.
        verb = "move" if state.answers.topic == "reschedule" else "cancel"
        return call_back(state, t.business, t.tools, f"Wants to {verb} an appointment not found under the "
                         f"number they called from: {text}", "Sorry about that. I'll have someone from the "
                         "team look it up and call you back to sort it out.", t.withheld)
    if CALL_ME_BACK.search(text.lower()) and intent not in ("cancel", "reschedule", "transfer"):
        return call_back(state, t.business, t.tools, f"Asked to be called back: {text}", "Of course.", t.withheld,
                         name_question="Can I take your name so the team knows who to call?")
    return None


def name_given(t: Turn) -> Reply | None:
    if t.state.task in ("callback", "objection") and t.state.caller.name:
        return capture(t.state, t.business, t.tools, withheld=t.withheld)
    return None


# --- what it does on a yes (confirm.py) ------------------------------------------------------------

def capture_confirmed(state: DialogueState, business: Business, pending: dict, local_now: dt.datetime,
                      tools: Tools) -> Reply:
    """A withheld caller's name and number, confirmed."""
    state.task = pending["task"]
    opening = pending.get("opening")  # (not kept by calls stored before)
    return capture(state, business, tools, pending["lead_in"], withheld=True, confirmed=True,
                   opening=Opening(opening) if opening else None)


def number_wrong(state: DialogueState, business: Business, pending: dict, leaving: bool) -> Reply:
    """A no to the number read back: it is asked again."""
    state.caller.callback_phone, state.task = None, pending["task"]
    return ask_number(state, "Sorry about that. ")


WORKFLOW = Workflow("callback", tasks=("callback", "objection"), step=name_given,
                    does={"capture_lead": capture_confirmed}, declined=number_wrong)
