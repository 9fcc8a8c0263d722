"""The answers workflow: FAQ, hours, prices, the business's address, a confirmation sent again.
"""

from __future__ import annotations

import datetime as dt
import re

from shared.dialogue.lexicon.booking import FIRST_VISIT, INTRO_SERVICE, LOOK_FIRST
from shared.dialogue.lexicon.details import EMAIL_WORD, MAIL_WORD, TEXT_WORD
from shared.dialogue.lexicon.questions import (
    AND_WHAT_ABOUT,
    ARRIVAL,
    AVAILABILITY_WORDS,
    CHARGE_WORDS,
    HOURS_WORDS,
    HOW_LONG_OR_MUCH,
    NEW_CLIENTS,
    NEW_WORK,
    NEW_WORK_SERVICE,
    NOT_A_SERVICE,
    PRICE_FOR_WORK,
    PRICE_OR_LENGTH,
    PRICE_WORDS,
    QUESTION_LEAD,
    RECOMMENDED,
    SIDE_QUESTION,
)
from shared.dialogue.lexicon.theirs import HEARD_FROM_US, SEND_ME, TEXT_ADDRESS
from shared.dialogue.lexicon.times import LATER_EARLIER
from shared.dialogue.nlu import (
    find_email,
    find_phone,
    match_services,
)
from shared.dialogue.prompts import Cue, Prompt
from shared.dialogue.reading import estimate_service, hours_follow_up, intro_service, other_service
from shared.dialogue.turns import (
    ANYTHING_ELSE,
    BOOK_ONE,
    NOTED_FOR_TEAM,
    WITHHELD_LOOKUP,
    Reply,
    Tools,
    Turn,
    appointments_said,
    ask,
    asked,
    local_time,
    question_again,
    said_last,
)
from shared.dialogue.workflows.callback import call_back
from shared.dialogue.workflows.workflow import Workflow
from shared.domain.business import Business
from shared.domain.business_answers import about_service
from shared.domain.calls import DialogueState
from shared.domain.notes import NoteKind, is_kind, note
from shared.errors import ConfirmationNeeded, DomainError
from shared.language import speech
from shared.language.services import services_sharing
from shared.language.spelling import spell_email


def unnote_questions(state: DialogueState, since: int) -> None:
    unanswered = [n for n in state.call_notes[since:] if is_kind(n, NoteKind.QUESTION)]
    state.call_notes = [n for n in state.call_notes if n not in unanswered]
    state.lead_notes = [n for n in state.lead_notes if n not in unanswered]


def side_answers(state: DialogueState, business: Business, text: str, tools: Tools
                  ) -> tuple[list[str], int]:
    """The answers to the questions asked beside the request, and how many found none."""
    clauses = [c.strip() for c in re.split(r"[,;?]|\band\b|\balso\b", text.lower()) if c.strip()]
    if len(clauses) < 2:
        return [], 0
    answers, unanswered = [], 0
    for clause in clauses:
        clause = QUESTION_LEAD.sub("", clause)
        if not SIDE_QUESTION.match(clause) or AVAILABILITY_WORDS.search(clause):
            continue
        found = tools("answer_faq", {"question": scoped_question(clause, state, business, tools)[:500]})
        if found["found"] and found["answer"] not in answers:
            answers.append(found["answer"])
        unanswered += not found["found"]
    return answers[:2], unanswered


def scoped_question(question: str, state: DialogueState, business: Business, tools: Tools) -> str:
    """'How much will it cost?' about the service being booked, or just booked; 'will I be
    charged?' while cancelling, about cancelling."""
    if state.task in ("cancel", "reschedule") and CHARGE_WORDS.search(question.lower()):
        return f"cancellation fee: {question}"
    names, aliases = business.service_names(), business.service_aliases()
    if PRICE_OR_LENGTH.search(question.lower()) and not match_services(question.lower(), names, aliases) \
            and not services_sharing(question.lower(), names, aliases):  # "a sports massage": of those
        about = service_in_hand(state, tools)
        if about:
            return f"{question} for {speech.a(about)}"
    return question


def heard_from_us(state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
                  withheld: bool) -> Reply:
    """'I missed a call from you' / 'I got a text from this number': what we send, and their bookings."""
    said = "That was probably us: we call and text about appointments, like confirmations and reminders."
    upcoming = [] if withheld else tools("list_appointments", {"include_past": None})["appointments"]
    if upcoming:
        more = f" and {len(upcoming) - 3} more" if len(upcoming) > 3 else ""
        said += f" You're booked for {appointments_said(upcoming[:3], business, local_now)}{more}."
        if len(upcoming) == 1:
            state.change.appointment_id = upcoming[0]["id"]
    return ask(state, said, go_on="How can I help you today?", intent="heard_from_us")


def faq(state: DialogueState, business: Business, text: str, tools: Tools,
        callback: bool = True, withheld: bool = False) -> Reply | None:
    """The answers the business has to the question(s) asked; else, with `callback`, what Roxy can
    say (a service they do or not) and the team calls back. None: no answer and no callback."""
    answers, listed = _answers(state, business, text, tools)
    if answers:
        if state.task in ("book", "reschedule", "cancel", "callback", "objection") and state.awaiting \
                and state.last_prompt:
            # A question in the middle of a booking: answer it, then back to where we were.
            go_on, anything_else = said_last(state), asked(state, Cue.ANYTHING_ELSE)
            if state.task in ("callback", "objection") and state.awaiting == Prompt.NAME:
                go_on, anything_else = "And can I take your name, so the team can get back to you?", False
            if state.awaiting == Prompt.SERVICE and listed:
                go_on, anything_else = "Which would you like?", False  # the services were just listed
            return ask(state, " ".join(answers), state.awaiting, intent="faq", go_on=go_on,
                       anything_else=anything_else)
        return ask(state, " ".join(answers), intent="faq", anything_else=True)
    if not callback:
        return None
    return _no_answer(state, business, text, tools, withheld)


def _answers(state: DialogueState, business: Business, text: str, tools: Tools) -> tuple[list[str], bool]:
    """The business's answers to each question in `text` (up to three), and whether the last lists the
    services; the topic kept for "and tomorrow?" (hours) and "what about a colour?" (prices)."""
    parts = [p.strip() for p in re.split(r"\?|\band (?=(?:is|are|do|does|can|what|where|when|how)\b)", text)
             if len(p.strip()) > 3] or [text]
    answers: list[str] = []
    listed = False
    if state.answers.topic == "hours" and hours_follow_up(text.lower()):
        parts = [f"are you open {text}"]
    elif state.answers.topic == "price" and AND_WHAT_ABOUT.match(text.lower()) \
            and match_services(text.lower(), business.service_names(), business.service_aliases()):
        parts = [f"how much is {text}"]  # "what about a colour?" after prices: its price
    for part in parts[:3]:
        found = tools("answer_faq", {"question": scoped_question(part, state, business, tools)[:500]})
        if found["found"] and found.get("matched_question") == "business details" and HOURS_WORDS.search(part.lower()):
            state.answers.topic = "hours"
        elif found["found"] and PRICE_WORDS.search(part.lower()):
            state.answers.topic = "price"
        if found["found"] and found["answer"] not in answers:
            answers.append(found["answer"])
            listed = bool(found.get("lists_services"))
    return answers, listed


def _no_answer(state: DialogueState, business: Business, text: str, tools: Tools, withheld: bool) -> Reply:
    """No answer on file: a service they do ("do you do haircuts?"), a problem the team looks at
    first, a service they don't, or the question noted for the team, who call back."""
    other = other_service(text.lower())
    if other and NOT_A_SERVICE.search(other.group("thing")):
        other = None  # "do you do student discounts?": a question for the team, not a service
    named = match_services(text.lower(), business.service_names(), business.service_aliases())
    if other and len(named) == 1 and not state.task:  # "do you do haircuts?"
        service = business.find_service(named[0])
        state.wanted.service = service.name
        return ask(state, f"Yes, we do! {about_service(business, service)}.", Prompt.BOOK_OFFER, intent="faq",
                   go_on="Would you like to book one?")
    starters = [s.name for s in business.services if LOOK_FIRST.search(s.name) or INTRO_SERVICE.search(s.name)]
    if other and not named and other.group("verb") in ("treat", "fix", "repair") and len(starters) == 1 \
            and not state.task:
        # "I've got a bad knee, do you treat that?": a problem, not a service; the team looks first
        state.wanted.service = starters[0]
        state.caller.problem = state.caller.problem or text[:300]
        return ask(state, f"The team can take a look at that: for something new, it's "
                          f"{speech.a(starters[0])}.", Prompt.BOOK_OFFER, intent="faq",
                   go_on="Would you like to book one?")
    if other and not named and other.group("verb") != "have":  # "do you have toilets?" is not a service
        # "Do you do nails?": what they do instead, and the team can say more
        thing = re.sub(r"^(?:an?|any|some) ", "", other.group("thing").strip())
        thing = re.sub(r"\b(?:my|our)\b", "your", re.sub(r"\b(?:me|us)\b", "you", thing))  # said back
        thing, it = (thing, thing) if len(thing.split()) <= 3 else ("that", "it")  # not a long phrase again
        listed = f"I don't see {thing} on our list of services: we offer {speech.options(business.service_names())}."
        if state.task in ("book", "reschedule") and state.awaiting and state.last_prompt:
            return ask(state, listed, state.awaiting, intent="faq", go_on=said_last(state),
                       anything_else=asked(state, Cue.ANYTHING_ELSE))
        return call_back(state, business, tools, note(NoteKind.QUESTION, text),
                         f"{listed} I can have someone from the team call you back about {it}.", withheld)
    if state.task in ("book", "reschedule") and state.awaiting and state.last_prompt:
        # In the middle of a booking: the team gets the question, the booking goes on.
        state.call_notes.append(note(NoteKind.QUESTION, text))
        reply = ask(state, NOTED_FOR_TEAM, state.awaiting, intent="faq", go_on=said_last(state),
                    anything_else=asked(state, Cue.ANYTHING_ELSE))
        reply.noted = True
        return reply
    return call_back(state, business, tools, note(NoteKind.QUESTION, text),
                     "That's a good question, and I don't want to guess. I'll have someone from the team "
                     "call you back with the answer.", withheld, intent="faq")


def service_in_hand(state: DialogueState, tools: Tools) -> str | None:
    if state.wanted.service or not state.change.appointment_id:
        return state.wanted.service
    try:
        listed = tools("list_appointments", {"include_past": None})["appointments"]
    except DomainError:  # a withheld caller's bookings cannot be listed
        return None
    mine = [a for a in listed if a["id"] == state.change.appointment_id]
    return mine[0]["service"] if mine else None


def text_address(state: DialogueState, business: Business, tools: Tools, withheld: bool) -> Reply:
    """The business's address by text (said too); said only when texts cannot reach the caller."""
    again = bool(state.task and state.awaiting)
    go_on, anything_else = (said_last(state), asked(state, Cue.ANYTHING_ELSE)) if again else (ANYTHING_ELSE, True)
    found = None if business.address else tools("answer_faq", {"question": "where are you located? address"})
    aloud = (f"we're at {business.address}." if business.address
             else found["answer"][0].lower() + found["answer"][1:] if found["found"] else "")
    if withheld or not aloud:
        said = f"I can't text a hidden number, but {aloud}" if aloud else \
            "I'm sorry, I don't have our address to hand. The team can send it to you."
        return ask(state, said, state.awaiting, intent="faq", go_on=go_on, anything_else=anything_else)
    try:
        sent = tools("send_business_details", {})
    except DomainError:  # opted out of texts
        return ask(state, f"I can't text you, but {aloud}", state.awaiting, intent="faq", go_on=go_on, anything_else=anything_else)
    return ask(state, f"Sure, I've texted you our address: {sent['address'].rstrip('.')}.", state.awaiting,
               intent="faq", go_on=go_on, anything_else=anything_else)


def resend(state: DialogueState, business: Business, local_now: dt.datetime, text: str,
           tools: Tools) -> Reply:
    channel = "email" if MAIL_WORD.search(text) else "sms"
    upcoming = tools("list_appointments", {"include_past": None})["appointments"]
    if not upcoming:
        return ask(state, BOOK_ONE, Prompt.BOOK_OFFER)
    first = upcoming[0]
    when = speech.when(local_time(first["start"], business), local_now)
    given = find_email(re.sub(r"\s+", " ", text)) or state.caller.email
    if channel == "email" and not first.get("email") and not given:
        state.task = "resend"
        return ask(state, f"I don't have an email address on your {first['service']} {when}. What's "
                          "the best email for you? Or I can text you the details instead.", Prompt.EMAIL,
                   intent="resend")
    state.task = None if state.task == "resend" else state.task
    if channel == "email" and given and given != first.get("email"):
        # a new address is kept (and mailed) only on the yes to it, spelled out
        state.pending = {"action": "send_confirmation",
                         "args": {"appointment_id": first["id"], "channel": "email", "email": given},
                         "summary": f"the details of your {first['service']} {when}, to {spell_email(given)}"}
        return ask(state, f"Just to check, that's {spell_email(given)}. Shall I email you the details of "
                          f"your {first['service']} {when}?", Prompt.CONFIRM, intent="resend")
    tools("send_confirmation", {"appointment_id": first["id"], "channel": channel, "email": None})
    how = "an email" if channel == "email" else "a text"
    other = find_phone(text) if channel == "sms" else None
    only = "I can only text the number you're calling from, so " if other and len(other.lstrip("+")) >= 9 else ""
    done = f"{only}I've sent you {how}" if only else f"Done, I've sent you {how}"
    return ask(state, f"{done} with the details of your {first['service']} {when}.", intent="resend", anything_else=True)


# --- stages of a turn (engine.py) ------------------------------------------------------------------

def confirmation_by(t: Turn) -> Reply | None:
    """ "Can you text me your address?", "email me the details": sent, or said how it will come."""
    state, text, heard = t.state, t.text.lower(), t.heard
    if t.intent in ("cancel", "reschedule"):
        return None
    if TEXT_ADDRESS.search(text):
        return text_address(state, t.business, t.tools, t.withheld)
    if not SEND_ME.search(text):
        return None
    if state.task == "book":  # about the booking being made: it is confirmed once it is booked
        by_email = EMAIL_WORD.search(text) is not None
        if "email" in heard.slots:
            state.caller.email = heard.slots["email"]
        elif by_email and not state.caller.email:
            return ask(state, "Of course, I'll email the confirmation once it's booked. What's your "
                              "email address?", Prompt.EMAIL, intent="book")
        how = "email" if by_email else "text"
        return Reply(f"Sure, you'll get the confirmation by {how} once it's booked. {question_again(state)}",
                     "gather", intent="book")
    if t.withheld:
        return ask(state, WITHHELD_LOOKUP, intent="resend")
    return resend(state, t.business, t.local_now, text, t.tools)


def missed_call(t: Turn) -> Reply | None:
    """ "I missed a call from you": what it was probably about."""
    if HEARD_FROM_US.search(t.heard.text) and not t.state.task:
        return heard_from_us(t.state, t.business, t.local_now, t.tools, t.withheld)
    return None


def estimate(t: Turn) -> Reply | None:
    """ "A rough price for a new toilet install?": the team prices it after a look."""
    state, text, heard = t.state, t.text.lower(), t.heard
    visit = estimate_service(t.business) if PRICE_FOR_WORK.search(text) and not state.task \
        and not state.pending and not heard.slots.keys() & {"date", "time"} else None
    new_work = visit and NEW_WORK.search(text) and not NEW_WORK_SERVICE.search(heard.slots.get("service", ""))  # not a "Boiler Installation" they list
    if visit and ("service" not in heard.slots or new_work):
        state.wanted.service = visit
        return ask(state, f"That depends on the job, so the team prices it after a look: I can book "
                          f"{speech.a(visit)}.", Prompt.BOOK_OFFER, intent="faq",
                   go_on="Would you like to book one?")
    return None


def recommended(t: Turn) -> Reply | None:
    state = t.state
    if RECOMMENDED.search(t.text.lower()) and not state.task and not t.heard.slots \
            and t.heard.intent in ("unknown", "affirm"):
        state.call_notes.append(note(NoteKind.REFERRED, t.text[:200]))
        return ask(state, "That's lovely to hear, thank you! How can I help you today?", intent="referred")
    return None


def first_visit(t: Turn) -> Reply | None:
    """ "How long is the first appointment?", "are you taking new patients?": where a first visit
    starts (with its price and length when asked)."""
    state, text, heard, business = t.state, t.text.lower(), t.heard, t.business
    intro = intro_service(business)
    cost_or_length = HOW_LONG_OR_MUCH.search(text)
    if FIRST_VISIT.search(text) and intro and "service" not in heard.slots and not state.task \
            and not state.pending and (cost_or_length or heard.intent in ("unknown", "faq")):
        first = business.find_service(intro)
        state.wanted.service = first.name
        about = f" {about_service(business, first)}." if cost_or_length else ""
        return ask(state, f"For a first visit, it's {speech.a(first.name)}.{about}", Prompt.BOOK_OFFER,
                   intent="faq", go_on="Would you like to book one?")
    new_clients = NEW_CLIENTS.search(heard.text)
    if not new_clients or state.task:
        return None
    if intro:
        state.wanted.service = intro
        return ask(state, f"Yes, we're happy to see new {new_clients.group(1)}. For a first visit, "
                          f"it's {speech.a(intro)}. Would you like to book one?", Prompt.BOOK_OFFER, intent="faq")
    return ask(state, f"Yes, new {new_clients.group(1)} are very welcome. Would you like to book an "
                      "appointment?", Prompt.BOOK_OFFER, intent="faq")


def arrival(t: Turn) -> Reply | None:
    """ "How long will it take them to get here?" after booking a visit: the time booked."""
    state = t.state
    if not ARRIVAL.search(t.heard.text) or t.withheld or state.pending or state.task:
        return None
    upcoming = t.tools("list_appointments", {"include_past": None})["appointments"]
    if upcoming:
        when = speech.when(local_time(upcoming[0]["start"], t.business), t.local_now)
        return ask(state, f"The team will be with you at the time booked, {when}.", intent="faq", anything_else=True)
    return None


def questions(t: Turn) -> Reply | None:
    """A question answered, or for the team; one with a day or time in it ("anything at 3
    tomorrow?") that the business cannot answer goes on as a booking request, and so does a service
    named while booking ("what about a blow dry then?")."""
    if t.intent != "faq":
        return None
    state, heard = t.state, t.heard
    booking = state.task == "book" and heard.slots.keys() & {"service", "part_of_day"} or bool(
        state.wanted.offered and LATER_EARLIER.search(heard.text))  # "is there anything earlier?"
    reply = faq(state, t.business, t.text, t.tools, withheld=t.withheld,
                callback=not (heard.slots.keys() & {"date", "time"} or booking))
    if reply is not None:
        return reply
    t.intent = heard.intent = "book"
    return None


def resend_asked(t: Turn) -> Reply | None:
    """The answer to "what's the best email for you? Or I can text you the details instead"."""
    state = t.state
    if state.task == "resend" and state.caller.email:
        return resend(state, t.business, t.local_now, "email", t.tools)
    if state.task == "resend" and TEXT_WORD.search(t.text.lower()):
        state.task = None
        return resend(state, t.business, t.local_now, "text", t.tools)
    return None


# --- what it does on a yes (confirm.py) ------------------------------------------------------------

def send_again(state: DialogueState, business: Business, pending: dict, local_now: dt.datetime,
               tools: Tools) -> Reply:
    """The confirmation sent to the new email address the caller said yes to."""
    try:
        tools("send_confirmation", pending["args"])
    except ConfirmationNeeded:
        raise
    except DomainError as error:
        return ask(state, f"I'm sorry, I couldn't do that: {error.message}", anything_else=True)
    state.caller.email = pending["args"]["email"]
    return ask(state, f"Done, I've sent you an email with {pending['summary'].split(', to ')[0]}.", intent="resend", anything_else=True)


WORKFLOW = Workflow("answers", tasks=("resend",), step=resend_asked, does={"send_confirmation": send_again})
