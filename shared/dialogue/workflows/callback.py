"""The callback workflow: leads, objections and questions for the team, who call back.
"""

from __future__ import annotations

import re

from shared.dialogue.nlu import (
    match_services,
)
from shared.dialogue.prompts import Prompt
from shared.dialogue.turns import ANYTHING_ELSE, Reply, Tools, ask, ask_number
from shared.domain.business import Business
from shared.domain.business_answers import price_list
from shared.domain.calls import DialogueState
from shared.domain.phone import spoken_digits
from shared.language import speech


def objection(state: DialogueState, business: Business, text: str, tools: Tools,
               withheld: bool = False) -> Reply:
    state.task = "objection"
    state.pending = None
    state.lead_notes.append(f"Not ready to book: {text}")
    state.call_notes.append(state.lead_notes[-1])
    price_note = ""
    named = state.service or next(iter(match_services(text.lower(), business.service_names(),
                                                      business.service_aliases())), None)
    service = business.find_service(named) if named else None
    if service and service.price is not None and re.search(r"expensive|pricey|price|cost|afford|cheap|how much",
                                                           text.lower()):
        price_note = f" For reference, {speech.a(service.name)} is {speech.price(service.price, business.currency_code)}."
    elif not service and re.search(r"\bprices?\b|\bhow much\b|\bprice list\b|\bcosts?\b", text.lower()):
        listed = price_list(business)
        if listed:  # "just calling to get prices": the prices, then the follow-up
            price_note = f" {listed}"
            state.topic = "price"
    if state.name:
        return capture(state, business, tools, lead_in=f"No problem at all.{price_note} ",
                             withheld=withheld)
    return ask(state, f"No problem at all, there's no pressure.{price_note} Can I take your name so "
                            "we can follow up when you're ready?", Prompt.NAME, intent="not_interested")


def call_back(state: DialogueState, business: Business, tools: Tools, note: str, request: str,
              withheld: bool, intent: str = "callback", known: str | None = None) -> Reply:
    """The team calls back: the note goes to the lead, with the caller's name (asked if not known;
    if known, `known` is said first: by default `request` without its name question)."""
    if state.task == "callback" and state.awaiting == Prompt.NAME and not state.name:
        request = "I'll pass that on to the team as well. Can I take your name?"  # a second question meanwhile
    state.task, state.pending, state.offered, state.topic = "callback", None, [], None
    state.lead_notes.append(note)
    state.call_notes.append(note)
    if state.name:
        if known is None:
            known = re.sub(r"\s*Can I (?:take|have|get) your name(?:, please)?\?$", "", request)
        return capture(state, business, tools, lead_in=f"{known} " if known else "", withheld=withheld)
    return ask(state, request, Prompt.NAME, intent=intent)


def capture(state: DialogueState, business: Business, tools: Tools, lead_in: str = "",
             withheld: bool = False, confirmed: bool = False) -> Reply:
    task = state.task
    if withheld and not state.callback_phone:
        return ask_number(state, f"Thanks, {state.name.split()[0]}. ")
    details = {"name": state.name, "email": state.email, "interest": state.service,
               "notes": "\n".join(state.lead_notes)[:2000] or None, "source": "call", "area": None,
               "sms_consent": None}
    if withheld and not confirmed:
        # a number the caller said is kept only on their yes to it, read back digit by digit
        digits = spoken_digits(state.callback_phone, business.country)
        state.pending = {"action": "capture_lead", "args": details, "task": task, "lead_in": lead_in,
                         "summary": f"{state.name}, on {digits}"}
        return ask(state, f"So that's {state.name}, on {digits}. Is that right?", Prompt.CONFIRM,
                         intent=task or "callback")
    tools("capture_lead", details)
    state.task = None
    state.lead_notes = []
    state.done_something = True
    if task == "callback":
        number = spoken_digits(state.callback_phone, business.country) if withheld else "this number"
        if lead_in:  # a caller whose name Roxy knew: what the team will do, then who and where
            return ask(state, f"{lead_in}I've passed it on, {state.name.split()[0]}: {business.name} "
                                    f"will call you back on {number}. {ANYTHING_ELSE}", intent="callback")
        return ask(state, f"Thanks, {state.name}. Someone from {business.name} will call you "
                                f"back on {number}. {ANYTHING_ELSE}", intent="callback")
    return ask(state, f"{lead_in}Thanks, {state.name}, I've made a note, and we'll be happy to help "
                            f"whenever you're ready. {ANYTHING_ELSE}", intent="not_interested")
