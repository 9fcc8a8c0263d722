"""The offline dialogue engine: a slot-filling policy over `nlu.understand`.

It runs the same workflows as the LLM agent (book, reschedule, cancel, availability, FAQ,
objection, transfer, goodbye), asks only for what is missing, confirms before any change, and
acts only through the tool registry (`Tools`), so the same guardrails apply to both engines.

A turn is a pipeline of small stages (docs/dialogue.md): the interrupts that need no understanding,
the understanding, then, in order, interrupts (goodbye, a person, a message, a sales call), asides
that enrich any workflow (an access need, a team member, an address, "don't text me"), the choice of
workflow and the active workflow's step, and a fallback. Each stage takes the `Turn` and returns the
reply, or None to let the next stage have it. The order is the engine's behaviour: a stage placed
earlier wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from shared.dialogue import asides, confirm, handoff, interrupts, routing, slots
from shared.dialogue.fallback import fallback
from shared.dialogue.interrupts import keypad, silence
from shared.dialogue.turns import Reply, Tools, Turn
from shared.dialogue.understanding import hear_turn
from shared.dialogue.workflows import answers, callback, change, forget_me, theirs
from shared.dialogue.workflows import registry as workflows
from shared.domain.business import Business
from shared.domain.calls import Call, Handoff
from shared.language.text import normalize

Stage = Callable[[Turn], Reply | Handoff | None]

# Before the words are understood: what is answered from the words alone.
BEFORE_HEARING: tuple[Stage, ...] = (
    interrupts.are_you_there, interrupts.hold_on, interrupts.say_again,
    asides.avoided_days,                     # "any day but Friday": taken out of what is understood
)

# The answer to a prompt of a workflow that hears its answers first (the waitlist's "would you like that?")
ANSWERED_FIRST: tuple[Stage, ...] = (workflows.prompt_answered,)

# Asides noted on the call (and on the booking), with the interrupts among them whose place matters;
# then a bare name or number taken as the answer to Roxy's question
ASIDES: tuple[Stage, ...] = (
    asides.preferences_and_problem, asides.access, asides.urgency,
    interrupts.sales_call, interrupts.wrong_number,
    asides.recurring,
    interrupts.leave_message,
    asides.staff, asides.asked_for, asides.practitioner, asides.no_texts_said, asides.service_area,
    asides.street_address, asides.number_given,
    slots.free_answers,
)

# Interrupts over any workflow
INTERRUPTS: tuple[Stage, ...] = (
    interrupts.about_roxy, interrupts.reached, interrupts.a_person, interrupts.greeting, interrupts.thanks,
    callback.declined_name, interrupts.goodbye,
)

# What Roxy asked that waits for an answer (the read-back, "shall I move it?"), and requests outside
# the workflows' slots (their own bookings, "delete my details", "text me the address", running late)
ANSWERS_TO_ROXY: tuple[Stage, ...] = (
    theirs.about_theirs, confirm.read_back, change.move_offer, forget_me.forget_me, answers.confirmation_by,
    theirs.running_late_said,
)

# Which workflow: the intent corrected by the call so far; the team's matters; questions answered
CHOOSING: tuple[Stage, ...] = (
    routing.soonest, change.service_change, callback.for_the_team,
    answers.missed_call, routing.hours_again, answers.estimate, answers.recommended, answers.first_visit,
    callback.name_for_team, routing.a_question, answers.arrival, routing.booking_or_question, answers.questions,
    callback.not_ready, callback.call_me_back,
    routing.just_made_instead, routing.shifted, routing.start_workflow, routing.the_other_one,
    routing.for_someone_else,
)

# The active workflow (workflows/registry.py, by `state.task`): the day and time bounds it searches
# (a booking's or a move's), its own slots, the slots merged into the state, then its step
ACTIVE_WORKFLOW: tuple[Stage, ...] = (
    slots.time_bounds, slots.day_to_search,
    workflows.hear,
    slots.merge, routing.withheld_number,
    workflows.step,
)

STAGES: tuple[Stage, ...] = ANSWERED_FIRST + ASIDES + INTERRUPTS + ANSWERS_TO_ROXY + CHOOSING + ACTIVE_WORKFLOW


class OfflineEngine:
    name = "offline"

    def __init__(self, guess: Callable[[str], str | None] | None = None):
        self.guess = guess  # the nearest labelled example (intent_guess.py), for what the rules cannot place

    def turn(self, call: Call, business: Business, speech_text: str, digits: str, now: dt.datetime,
             tools: Tools) -> Reply:
        before = call.state.model_copy(deep=True) if self.guess and speech_text else None
        noted_before = len(call.state.call_notes)
        reply = self._respond(call, business, speech_text, digits, now, tools)
        if reply.fallback and before is not None:
            # No rule placed it: the nearest labelled example's intent, the turn answered again with it
            guessed = self.guess(normalize(speech_text))
            if guessed:
                for name, value in before:  # in place: the tools' consent gate holds this state
                    setattr(call.state, name, value)
                reply = self._respond(call, business, speech_text, digits, now, tools, guessed)
        if reply.action == "gather" and reply.intent != "faq" and call.state.task in ("book", "reschedule", "cancel"):
            # "a haircut on Friday, and is there parking?": the question is answered too
            found, unanswered = answers.side_answers(call.state, business, speech_text or "", tools)
            if found:
                reply.lead(" ".join(found))
            if found and not unanswered:
                # every question in it was answered piece by piece: nothing is left for the team
                answers.unnote_questions(call.state, noted_before)
                if reply.noted:
                    reply.report, reply.noted = "", False
        return reply

    def _respond(self, call: Call, business: Business, speech_text: str, digits: str, now: dt.datetime,
                 tools: Tools, guessed: str | None = None) -> Reply:
        state = call.state
        text = (speech_text or "").strip()
        if digits and not text:
            text = keypad(state, digits)
        if not text:
            return silence(state, business)
        state.on_hold = False
        t = Turn(call, business, tools, now.astimezone(business.zone), text,
                 again=lambda said: self._respond(call, business, said, "", now, tools))
        for stage in BEFORE_HEARING:
            reply = stage(t)
            if reply is not None:
                return reply
        hear_turn(t, guessed)
        for stage in STAGES:
            reply = stage(t)
            if isinstance(reply, Handoff):  # a workflow handed the call over to another
                return handoff.follow(t, reply)
            if reply is not None:
                return reply
        return fallback(t)
