"""The last stage of a turn: nothing before it took the turn. A few plain answers ("yes" to "how
can I help?", a name said alone), else "Sorry, I didn't quite get that" (marked `fallback`, so the
engine may ask the nearest-example guess, intent_guess.py, and answer the turn again)."""

from __future__ import annotations

from shared.dialogue.interrupts import silence
from shared.dialogue.lexicon.questions import A_QUESTION_COMING, ASKS, ELSEWHERE_SOUGHT
from shared.dialogue.prompts import Cue, Prompt
from shared.dialogue.turns import ANYTHING_ELSE, Opening, Reply, Turn, ask, asked, said_last


def _known_answer(t: Turn) -> Reply | None:
    """A question no rule placed ("I just wanted to ask, is there a trip charge?") that the business's
    FAQ or details answer: the answer, then the question that was waiting."""
    if not ("?" in t.text or ASKS.search(t.heard.text)):
        return None
    found = t.tools("answer_faq", {"question": t.text[:500]})
    if not found["found"]:
        return None
    state = t.state
    again = bool(state.task and state.awaiting)
    go_on = said_last(state) if again else ANYTHING_ELSE
    return ask(state, found["answer"], state.awaiting if state.task else None, intent="faq", go_on=go_on,
               anything_else=not again or asked(state, Cue.ANYTHING_ELSE))


def fallback(t: Turn) -> Reply:
    state, heard, intent = t.state, t.heard, t.intent
    if intent == "affirm" and (state.done_something or asked(state, Cue.ANYTHING_ELSE)):
        return ask(state, "Of course. What else can I do for you?")
    if A_QUESTION_COMING.search(heard.text) and not heard.slots:
        return ask(state, "Of course. What's your question?")
    if intent == "affirm" and not state.task and not state.awaiting:  # "yes" to "how can I help?"
        return ask(state, "I can book, move or cancel an appointment, or answer a question. What would you "
                          "like to do?", opening=Opening.SURE)
    if intent == "deny" and state.awaiting == Prompt.BOOK_OFFER:
        state.awaiting = None
        return ask(state, "", opening=Opening.NO_PROBLEM, anything_else=True)
    if set(heard.slots) == {"name"} and state.caller.name:
        # The caller only introduced themselves (outside a booking): greet them, then ask.
        return ask(state, f"Nice to meet you, {state.caller.name.split()[0]}! How can I help you today?", intent="name")
    answered = _known_answer(t)
    if answered:
        return answered
    if ELSEWHERE_SOUGHT.search(heard.text) and not heard.slots and not state.task:
        # "I'm looking for the DMV": where they are, so a wrong number can say so
        return ask(state, f"You've reached {t.business.name}, this is Roxy. How can I help you today?", intent="about")
    state.silence += 1
    if state.silence >= 3:
        return silence(state, t.business, counted=True)
    reply = ask(state, "I can book, move or cancel an appointment, or answer a question. What would you like to "
                       "do?", opening=Opening.NOT_CAUGHT)
    reply.fallback = True
    return reply
