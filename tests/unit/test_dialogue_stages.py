"""The offline engine's stages, each asked directly (shared/dialogue/engine.py runs them in order):
what a stage answers, what it notes on the call for the stages after it, and when it lets the turn
go on (None). The whole conversations are in tests/unit/conversations.

The turns here use no tool: a stage that called one would fail the test (`no_tools`)."""

from __future__ import annotations

import pytest

from shared.dialogue import asides, engine, handoff, interrupts, routing, slots, understanding
from shared.dialogue.fallback import fallback
from shared.dialogue.prompts import Cue, Prompt
from shared.dialogue.turns import Reply, Tools, Turn, staff_notes
from shared.dialogue.workflows import answers, book, callback, change, registry
from shared.domain.calls import Asked, BookFrame, Call, Caller, ChangeFrame, DialogueState, Handoff, WaitlistAsk, Wanted
from shared.domain.notes import NoteKind, note
from shared.domain.phone import WITHHELD
from tests.factories import MONDAY_9AM_NY, make_business

BUSINESS = make_business()


def no_tools(name: str, args: dict) -> dict:
    raise AssertionError(f"no tool expected here, {name} was called")


def turn(text: str, state: DialogueState | None = None, caller: str = "+12125550100", hear: bool = True) -> Turn:
    """A turn of a call to the demo salon on a Monday at 9 AM (New York), understood as the engine
    understands it before its stages (`hear`)."""
    call = Call(call_sid="CA-stage", business_id=BUSINESS.id, caller_phone=caller, dialled=BUSINESS.phone_numbers[0],
                started_at=MONDAY_9AM_NY, updated_at=MONDAY_9AM_NY, state=state or DialogueState())
    t = Turn(call, BUSINESS, Tools(no_tools, []), MONDAY_9AM_NY.astimezone(BUSINESS.zone), text,
             again=lambda said: Reply(f"(the turn again for: {said})"))
    if hear:
        understanding.hear_turn(t, None)
        t.intent = t.heard.intent
    return t


# --- interrupts --------------------------------------------------------------------------------

def test_are_you_there_says_the_question_again_and_changes_nothing():
    state = DialogueState(task="book", awaiting=Prompt.DATE, last_prompt="What day would suit you?")
    reply = interrupts.are_you_there(turn("hello? are you still there", state, hear=False))
    assert reply.say == "Yes, I'm here. What day would suit you?" and state.task == "book"
    assert interrupts.are_you_there(turn("are you there on saturdays?", hear=False)) is None


def test_hold_on_waits_and_marks_the_call_on_hold():
    state = DialogueState()
    assert interrupts.hold_on(turn("hang on, let me check my diary", state, hear=False)).intent == "hold"
    assert state.on_hold
    assert interrupts.hold_on(turn("can you hold the 3 pm for me", hear=False)) is None


def test_a_sales_call_is_ended_politely():
    reply = interrupts.sales_call(turn("hi, i'm calling about your website"))
    assert reply.action == "hangup" and "doesn't take sales calls" in reply.say
    assert interrupts.sales_call(turn("I saw your website and want to book")) is None


def test_leave_a_message_goes_to_voicemail_noting_who_it_is_for():
    state = DialogueState()
    reply = interrupts.leave_message(turn("Can I leave a message for Dr Patel", state))
    assert reply.action == "message" and state.call_notes == [note(NoteKind.MESSAGE_FOR, "Dr Patel")]
    pending = DialogueState(pending={"action": "book_appointment", "args": {}, "summary": "a haircut"})
    assert interrupts.leave_message(turn("can I leave a message", pending)) is None  # the read-back comes first


def test_is_this_the_salon_with_a_request_answers_yes_then_the_request():
    reply = interrupts.reached(turn("is this bella's? I'd like to book a haircut"))
    assert reply.say == "Yes, you've reached Bella Hair Studio. (the turn again for: I'd like to book a haircut)"
    assert interrupts.reached(turn("is this a good time to call?")) is None


def test_goodbye_with_a_booking_unconfirmed_asks_once_more():
    state = DialogueState(task="book", pending={"action": "book_appointment", "args": {}, "summary": "a haircut"})
    t = turn("that's all, bye", state)
    t.intent = "goodbye"
    assert interrupts.goodbye(t).say == ("Before you go: I haven't booked it yet. Shall I go ahead with a "
                                         "haircut?")
    done = turn("bye now")
    done.intent = "goodbye"
    assert interrupts.goodbye(done).action == "hangup"


# --- asides ------------------------------------------------------------------------------------

def test_an_access_need_is_noted_and_the_turn_goes_on():
    state = DialogueState(task="book", awaiting=Prompt.DATE)
    t = turn("tomorrow please, she uses a wheelchair", state)
    assert asides.access(t) is None  # no booking yet: noted for it, and the date is taken as said
    assert state.caller.access == "uses a wheelchair" and "Access: uses a wheelchair" in staff_notes(state)


def test_avoided_days_are_kept_and_taken_out_of_what_is_understood():
    state = DialogueState()
    t = turn("a haircut any day except wednesday", state, hear=False)
    assert asides.avoided_days(t) is None
    assert state.wanted.avoid_days == [2] and t.text == "a haircut any day"


def test_an_emergency_is_noted_for_the_team_once():
    state = DialogueState(caller=Caller(problem="water through the ceiling"))
    asides.urgency(turn("it's an emergency, water is pouring through the ceiling", state))
    asides.urgency(turn("please hurry, it's urgent", state))
    assert [n for n in state.call_notes if n.startswith("Urgent")] == [
        "Urgent: it's an emergency, water is pouring through the ceiling"]


def test_a_town_outside_the_service_areas_is_said_before_the_next_question():
    state = DialogueState()
    t = turn("I'm in Naperville and need a haircut", state)
    asides.service_area(t)
    assert state.caller.address == "Naperville" and "Naperville isn't on our list of areas" in t.area_note
    inside = turn("I'm in Brooklyn and need a haircut")
    asides.service_area(inside)
    assert inside.area_note == ""


def test_dont_text_me_alone_is_acknowledged_and_the_question_asked_again():
    state = DialogueState(last_prompt="How can I help you today?")
    reply = asides.no_texts_said(turn("please don't text me", state))
    assert state.caller.no_texts and reply.say == "Of course, I won't send you texts. How can I help you today?"
    assert asides.no_texts_said(turn("please don't text me", caller=WITHHELD)) is None  # nothing to text


# --- understanding -----------------------------------------------------------------------------

def test_a_self_correction_keeps_what_follows_it():
    t = turn("a haircut tomorrow at 3, actually no, make it 4")
    assert t.heard.slots["time"] == "16:00" and t.heard.slots["date"] == "2030-03-05"


def test_a_service_corrected_is_the_service_meant():
    t = turn("a haircut, actually no, make it a blow dry tomorrow")
    assert t.instead == "Blow Dry" and t.heard.slots["service"] == "Blow Dry"


def test_the_day_after_is_the_day_after_the_one_in_hand():
    t = turn("what about the day after", DialogueState(task="book", wanted=Wanted(date="2030-03-06")))
    assert t.heard.slots["date"] == "2030-03-07" and t.heard.intent == "book"


# --- routing -----------------------------------------------------------------------------------

def test_the_soonest_is_a_booking_not_a_question():
    t = turn("what's the soonest you have?")
    t.intent = t.heard.intent = "faq"
    routing.soonest(t)
    assert t.intent == "book" and t.soonest is not None


def test_a_move_asked_before_anything_is_booked_is_the_booking_going_on():
    t = turn("can I change it to 2:15?", DialogueState(task="book", wanted=Wanted(service="Haircut")))
    t.intent = "reschedule"
    routing.soonest(t)
    assert t.intent == "book"


def test_the_workflow_started_follows_the_intent():
    state = DialogueState(awaiting=Prompt.BOOK_OFFER)
    t = turn("yes please", state)
    t.intent = "affirm"
    routing.start_workflow(t)
    assert state.task == "book"
    cancel = DialogueState(task="book", wanted=Wanted(offered=["2030-03-05T10:00"]))
    t = turn("cancel my appointment", cancel)
    routing.start_workflow(t)
    assert cancel.task == "cancel" and cancel.wanted.offered == []


def test_a_withheld_caller_cannot_move_a_booking_on_the_call():
    state = DialogueState(task="reschedule")
    reply = routing.withheld_number(turn("move it to friday", state, caller=WITHHELD))
    assert reply.say.startswith("I'm sorry, your number didn't come through") and state.task is None
    assert routing.withheld_number(turn("move it to friday", DialogueState(task="reschedule"))) is None


# --- slots -------------------------------------------------------------------------------------

def test_a_window_said_is_the_part_of_the_day_to_offer_from():
    state = DialogueState(task="book", wanted=Wanted(offered=["2030-03-05T10:00"], time="10:00"))
    t = turn("between 2 and 4", state)
    assert slots.time_bounds(t) is None
    assert t.heard.slots["part_of_day"] == "14:00-16:00" and state.wanted.offered == [] and state.wanted.time is None


def test_no_sooner_than_bounds_the_times_on_the_day_in_hand():
    state = DialogueState(task="book", wanted=Wanted(date="2030-03-05"))
    assert slots.time_bounds(turn("no sooner than 10", state)) is None
    assert state.wanted.after == "2030-03-05T10:00" and state.wanted.before is None


def test_no_to_the_times_offered_asks_for_another_day():
    state = DialogueState(task="book", awaiting=Prompt.TIME,
                          wanted=Wanted(offered=["2030-03-05T10:00", "2030-03-05T11:00"]))
    t = turn("no", state)
    assert slots.time_bounds(t).say == "No problem. What other day or time would suit you?"
    assert state.wanted.offered == [] and state.awaiting == Prompt.DATE


def test_a_bare_name_answers_the_name_question():
    state = DialogueState(task="book", awaiting=Prompt.NAME)
    t = turn("Priya Patel", state)
    slots.free_answers(t)
    assert t.heard.slots["name"] == "Priya Patel" and t.intent == "affirm"


# --- workflows' stages -------------------------------------------------------------------------

def test_a_complaint_is_for_the_team_who_call_back():
    state = DialogueState()
    reply = callback.for_the_team(turn("I'm not happy with my haircut", state))
    assert reply.say.startswith("I'm really sorry to hear that") and state.task == "callback"
    assert state.lead_notes == ["Complaint: I'm not happy with my haircut"]
    moving = turn("I'm not happy with my appointment time, can I move it")
    moving.intent = "reschedule"
    assert callback.for_the_team(moving) is None


def test_a_big_group_is_set_up_by_the_team():
    state = DialogueState(task="book")
    reply = book.party_size(turn("haircuts for a group of 6", state))
    assert state.booking.party == 6 and "the team will set that up with you" in reply.say
    small = DialogueState(task="book")
    assert book.party_size(turn("for me and my daughter", small)) is None and small.booking.party == 2


def test_the_key_pressed_for_a_service_is_that_service():
    state = DialogueState(task="book", awaiting=Prompt.SERVICE, last_prompt="press 1 for Haircut, 2 for Beard Trim",
                           asked=Asked(cues=[Cue.SERVICE_KEYS]))
    t = turn("two please", state)
    book.service_meant(t)
    assert t.heard.slots["service"] == "Beard Trim" and "time" not in t.heard.slots


def test_a_key_is_read_by_what_the_prompt_did_not_by_its_words():
    reworded = DialogueState(task="book", awaiting=Prompt.SERVICE, last_prompt="Pick a number: 1 is Haircut",
                             asked=Asked(cues=[Cue.SERVICE_KEYS]))
    t = turn("two please", reworded)
    book.service_meant(t)
    assert t.heard.slots["service"] == "Beard Trim"
    no_keys = DialogueState(task="book", awaiting=Prompt.SERVICE, last_prompt="press 1 for Haircut, 2 for Beard Trim")
    t = turn("two please", no_keys)
    book.service_meant(t)
    assert t.heard.slots.get("service") != "Beard Trim"


def test_a_move_offer_answered_yes_moves_that_appointment_to_that_day():
    state = DialogueState(awaiting=Prompt.MOVE_OFFER, wanted=Wanted(date="2030-03-09"),
                          change=ChangeFrame(appointment_id="a1"))
    t = turn("yes please", state)
    assert change.move_offer(t) is None
    assert t.moving == "a1" and t.intent == "reschedule" and t.heard.slots["date"] == "2030-03-09"


def test_a_question_the_business_cannot_answer_with_a_day_in_it_goes_on_as_a_booking():
    def faq_only(name: str, args: dict) -> dict:
        assert name == "answer_faq"
        return {"found": False}
    t = turn("anything at 3 tomorrow?", DialogueState())
    t.tools = Tools(faq_only, [])
    t.intent = "faq"
    assert answers.questions(t) is None and t.intent == "book"


# --- fallback and the pipeline -----------------------------------------------------------------

def test_the_fallback_is_marked_so_the_nearest_example_can_be_asked():
    reply = fallback(turn("blorp"))
    assert reply.fallback and reply.say.startswith("Sorry, I didn't quite get that")
    introduced = turn("it's Priya", DialogueState(caller=Caller(name="Priya")))
    introduced.heard.slots = {"name": "Priya"}
    assert fallback(introduced).say == "Nice to meet you, Priya! How can I help you today?"


def test_the_pipeline_puts_the_interrupts_before_the_workflows():
    assert engine.BEFORE_HEARING[:3] == (interrupts.are_you_there, interrupts.hold_on, interrupts.say_again)
    assert engine.STAGES == (engine.ANSWERED_FIRST + engine.ASIDES + engine.INTERRUPTS + engine.ANSWERS_TO_ROXY
                             + engine.CHOOSING + engine.ACTIVE_WORKFLOW)
    assert engine.STAGES[-1] is registry.step  # the active workflow's step comes last, before the fallback
    assert engine.STAGES.index(interrupts.goodbye) < engine.STAGES.index(registry.step)


@pytest.mark.parametrize("stage", engine.STAGES)
def test_every_stage_lets_a_plain_turn_go_on_or_answers_it(stage):
    """A stage takes a Turn and returns a Reply or None: nothing else (a stage is a function of the turn)."""
    t = turn("hello")
    result = stage(t)
    assert result is None or isinstance(result, Reply)


# --- the change workflow's frame and its handoff ----------------------------------------------------

def test_cancel_and_book_instead_fills_the_change_frame_with_a_handoff_to_book():
    state = DialogueState(task="cancel")
    change.then_book(state, BUSINESS, MONDAY_9AM_NY.astimezone(BUSINESS.zone),
                     "cancel my haircut on Tuesday and book a blow dry instead on Friday at 2")
    assert state.change.then == Handoff(workflow="book", slots={"service": "Blow Dry", "date": "2030-03-08",
                                                                "time": "14:00"})
    # nothing queued for the booking; Friday is the blow dry's
    assert state.booking.then is None and state.wanted.date is None


def test_a_change_done_returns_the_handoff_with_what_it_did_and_the_engine_follows_it():
    state = DialogueState(change=ChangeFrame(then=Handoff(workflow="book", slots={"service": "Blow Dry"})))
    handed = change.handing_over(state, "cancel_appointment", {"service": "Haircut"}, "Done. It's cancelled.")
    assert handed.workflow == "book" and handed.said == "Done. It's cancelled."
    assert handed.intent == "cancel_appointment"
    t = turn("yes", DialogueState(caller=Caller(name="Quinn")), hear=False)
    t.tools = Tools(lambda name, args: {"slots": []}, [])
    reply = handoff.follow(t, handed)
    assert reply.say.startswith("Done. It's cancelled. Now for a Blow Dry: ") and t.state.task == "book"
    assert t.state.wanted.service == "Blow Dry"


def test_a_call_stored_before_the_change_frame_keeps_what_it_cancelled():
    stored = {"task": "reschedule", "cancelled": "Haircut", "cancelled_start": "2030-03-05T10:00:00-05:00"}
    state = DialogueState.model_validate(stored)
    assert state.change == ChangeFrame(cancelled="Haircut", cancelled_start="2030-03-05T10:00:00-05:00")
    again = DialogueState.model_validate(state.model_dump())
    assert again == state and DialogueState().change == ChangeFrame()


def test_no_to_the_times_offered_for_a_full_day_hands_over_to_the_waitlist():
    wanted = WaitlistAsk(service="Haircut", date="2030-03-05", earliest="12:00", latest="16:59")
    state = DialogueState(task="book", awaiting=Prompt.TIME, wanted=Wanted(offered=["2030-03-06T10:00"]),
                          waitlist=wanted)
    t = turn("no", state)
    handed = slots.time_bounds(t)
    assert handed == Handoff(workflow="waitlist", slots={"service": "Haircut", "date": "2030-03-05",
                                                         "earliest": "12:00", "latest": "16:59"})
    state.waitlist = None  # the handoff carries it
    reply = handoff.follow(t, handed)
    assert reply.say.startswith("No problem. I can put you on the waitlist for a Haircut tomorrow")
    assert state.waitlist == wanted and state.awaiting == Prompt.WAITLIST and state.wanted.offered == []


def test_a_call_stored_before_the_booking_frame_keeps_the_services_still_to_book():
    stored = {"task": "book", "service": "Haircut", "also": ["Blow Dry"], "also_when": ["2030-03-05T14:00"],
              "follow_on": "2030-03-05T10:45:00-05:00", "staff_missed": "2030-03-06"}
    state = DialogueState.model_validate(stored)
    assert state.booking == BookFrame(then=Handoff(workflow="book", slots={"service": "Blow Dry",
                                                                           "date": "2030-03-05", "time": "14:00"}),
                                      follow_on="2030-03-05T10:45:00-05:00", staff_missed="2030-03-06")
    assert state.wanted.service == "Haircut" and DialogueState.model_validate(state.model_dump()) == state
