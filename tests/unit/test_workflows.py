"""The workflow registry (shared/dialogue/workflows/registry.py) and each workflow's interface:
its step, how it takes over from a handoff, and what it does on a yes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from shared.dialogue import confirm, engine, handoff
from shared.dialogue.prompts import Prompt
from shared.dialogue.turns import Reply, Tools
from shared.dialogue.workflows import answers, book, callback, change, forget_me, registry, waitlist
from shared.dialogue.workflows.workflow import Workflow
from shared.domain.calls import Caller, ChangeFrame, DialogueState, Handoff, WaitlistAsk, Wanted
from shared.errors import ConfirmationNeeded, DomainError, SlotTaken
from tests.factories import MONDAY_9AM_NY
from tests.unit.test_dialogue_stages import BUSINESS, no_tools, turn

DIALOGUE = Path(__file__).resolve().parents[2] / "shared" / "dialogue"
HAIRCUT = {"id": "apt-1", "service": "Haircut", "start": "2030-03-05T10:00:00-05:00",
           "end": "2030-03-05T10:45:00-05:00", "caller_name": "Quinn", "status": "booked"}


def tools_of(**answers_by_tool) -> Tools:
    """Tools answering each named tool with what is given (a callable gets the args)."""
    def run(name: str, args: dict) -> dict:
        if name not in answers_by_tool:
            raise AssertionError(f"no {name} expected here")
        found = answers_by_tool[name]
        return found(args) if callable(found) else found
    return Tools(run, [])


# --- the registry --------------------------------------------------------------------------------------------

def _task_values_set_in(source: str) -> set[str]:
    """The `state.task` values a module sets: `state.task = "x"`, `state.task, ... = "x", ...`,
    `start_task(state, "x")`, `DialogueState(task="x")`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                pairs = zip(target.elts, node.value.elts, strict=False) \
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple) else [(target, node.value)]
                found |= {value.value for name, value in pairs if isinstance(name, ast.Attribute)
                          and name.attr == "task" and isinstance(value, ast.Constant) and isinstance(value.value, str)}
        if isinstance(node, ast.Call):
            callee = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if callee == "start_task" and isinstance(node.args[1], ast.Constant):
                found.add(node.args[1].value)
            found |= {k.value.value for k in node.keywords if k.arg == "task" and isinstance(k.value, ast.Constant)
                      and isinstance(k.value.value, str)}
    return found


def test_every_task_the_engine_sets_has_a_registered_workflow():
    tasks = set().union(*(_task_values_set_in(path.read_text()) for path in DIALOGUE.rglob("*.py")))
    assert {"book", "reschedule", "cancel", "resend", "callback", "objection"} <= tasks  # the scan finds them
    assert tasks <= registry.BY_TASK.keys(), f"no workflow serves {tasks - registry.BY_TASK.keys()}"


def test_the_registry_finds_each_workflow_by_task_handoff_action_and_prompt():
    assert registry.serving("book") is book.WORKFLOW
    assert registry.serving("reschedule") is registry.serving("cancel") is change.WORKFLOW
    assert registry.serving("resend") is answers.WORKFLOW
    assert registry.serving("callback") is registry.serving("objection") is callback.WORKFLOW
    assert registry.serving(None) is None and registry.serving("nothing we do") is None
    assert registry.TAKES == {"book": book.take, "waitlist": waitlist.take_over}
    assert registry.BY_PROMPT == {Prompt.WAITLIST: waitlist.WORKFLOW, Prompt.WAITLIST_NAME: waitlist.WORKFLOW}


def test_names_tasks_actions_and_prompts_are_each_served_once():
    flows = registry.WORKFLOWS
    assert all(isinstance(w, Workflow) for w in flows)
    for part in ("tasks", "does", "prompts"):
        every = [key for w in flows for key in getattr(w, part)]
        assert len(every) == len(set(every)), f"two workflows claim the same {part}"
    assert len({w.name for w in flows}) == len(flows)


@pytest.mark.parametrize("stage", [s for w in registry.WORKFLOWS for s in (*w.hears, w.step, w.answer) if s])
def test_every_workflow_stage_lets_a_plain_turn_go_on_or_answers_it(stage):
    result = stage(turn("hello"))
    assert result is None or isinstance(result, Reply | Handoff)


def test_the_engine_runs_the_active_workflow_only():
    t = turn("hello", DialogueState(task=None))
    assert registry.hear(t) is None and registry.step(t) is None  # no workflow under way: the fallback has it
    assert engine.ACTIVE_WORKFLOW[-1] is registry.step and registry.hear in engine.ACTIVE_WORKFLOW


# --- each workflow's step --------------------------------------------------------------------------------------

def test_book_step_asks_for_the_service_first():
    t = turn("I'd like to book an appointment", DialogueState(task="book"))
    t.tools = Tools(no_tools, [])
    reply = registry.step(t)
    assert reply.say.startswith("Sure! Which service would you like? We offer")
    assert t.state.awaiting == Prompt.SERVICE


def test_book_hears_the_services_named_and_keeps_the_rest_for_after():
    t = turn("a haircut and a blow dry please", DialogueState(task="book"))
    assert registry.hear(t) is None
    assert t.heard.slots["service"] == "Haircut"
    assert t.state.booking.then == Handoff(workflow="book", slots={"service": "Blow Dry"})


def test_change_step_reads_back_the_cancel():
    t = turn("I need to cancel my appointment", DialogueState(task="cancel"))
    t.tools = tools_of(list_appointments={"appointments": [HAIRCUT]})
    reply = change.WORKFLOW.step(t)
    assert reply.say == "Do you want me to cancel your Haircut tomorrow at 10 AM?"
    assert t.state.pending["action"] == "cancel_appointment" and t.state.awaiting == Prompt.CONFIRM


def test_change_step_books_again_what_was_just_cancelled():
    state = DialogueState(task="reschedule", caller=Caller(name="Quinn"))
    state.change.cancelled = "Haircut"
    t = turn("can I rebook it", state)
    t.tools = tools_of(check_availability={"slots": []}, list_appointments={"appointments": []})
    reply = change.WORKFLOW.step(t)
    assert reply.say.startswith("Sure, let's book a new Haircut.") and state.task == "book"


def test_answers_step_texts_the_confirmation_instead_of_an_email():
    sent = []
    t = turn("just text it to me", DialogueState(task="resend"))
    t.tools = tools_of(list_appointments={"appointments": [HAIRCUT]},
                       send_confirmation=lambda args: sent.append(args) or {"sent": True})
    reply = answers.WORKFLOW.step(t)
    assert sent == [{"appointment_id": "apt-1", "channel": "sms", "email": None}]
    assert reply.say.startswith("Done, I've sent you a text") and t.state.task is None


def test_callback_step_passes_the_name_on_to_the_team():
    leads = []
    t = turn("it's Quinn", DialogueState(task="callback", caller=Caller(name="Quinn"),
                                         lead_notes=["Asked to be called back"]))
    t.tools = tools_of(capture_lead=lambda args: leads.append(args) or {"lead": {"id": "lead-1"}})
    reply = callback.WORKFLOW.step(t)
    assert leads[0]["name"] == "Quinn" and leads[0]["notes"] == "Asked to be called back"
    assert f"Someone from {BUSINESS.name} will call you back on this number" in reply.say


def test_the_waitlist_answers_its_own_prompt_first():
    wanted = WaitlistAsk(service="Haircut", date="2030-03-05")
    t = turn("no", DialogueState(task="book", awaiting=Prompt.WAITLIST, waitlist=wanted))
    reply = engine.STAGES[0](t)
    assert reply.say == "No problem. What other day or time would suit you?" and t.state.waitlist is None
    assert engine.STAGES[0](turn("no thanks", DialogueState(task="book", awaiting=Prompt.TIME))) is None


def test_a_step_of_one_workflow_leaves_the_others_tasks_alone():
    for task, workflow in registry.BY_TASK.items():
        for other in (w for w in registry.WORKFLOWS if w.step and w is not workflow):
            assert other.step(turn("hello", DialogueState(task=task))) is None, f"{other.name} took a turn of {task}"


# --- what each workflow does on a yes (confirm.execute through the registry) ----------------------------------

def test_every_action_a_read_back_puts_to_the_caller_has_a_workflow_that_does_it():
    actions = set()
    for path in DIALOGUE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Dict):
                actions |= {v.value for k, v in zip(node.keys, node.values, strict=True)
                            if isinstance(k, ast.Constant) and k.value == "action" and isinstance(v, ast.Constant)}
    assert {"book_appointment", "reschedule_appointment", "cancel_appointment", "cancel_all", "capture_lead",
            "send_confirmation", "forget_me"} == actions
    assert registry.BY_ACTION.keys() == actions
    assert registry.BY_ACTION["book_appointment"] is book.WORKFLOW
    assert registry.BY_ACTION["reschedule_appointment"] is registry.BY_ACTION["cancel_all"] is change.WORKFLOW
    assert registry.BY_ACTION["capture_lead"] is callback.WORKFLOW
    assert registry.BY_ACTION["send_confirmation"] is answers.WORKFLOW


def _booked(args: dict) -> dict:
    return {"appointment": {**HAIRCUT, "id": "apt-2", "service": args["service"], "start": args["start"],
                            "caller_name": args["caller_name"]}}


def test_confirm_has_the_booking_done_by_the_book_workflow():
    state = DialogueState(task="book", caller=Caller(name="Quinn"), wanted=Wanted(service="Haircut", date="2030-03-05",
                                        time="10:00"))
    pending = {"action": "book_appointment", "summary": "a Haircut tomorrow at 10 AM for Quinn",
               "args": {"service": "Haircut", "start": "2030-03-05T10:00", "caller_name": "Quinn"}}
    reply = confirm.execute(state, BUSINESS, pending, MONDAY_9AM_NY.astimezone(BUSINESS.zone),
                            tools_of(book_appointment=_booked))
    assert reply.say.startswith("You're all booked") and reply.say.endswith("anything else I can help you with?")
    assert state.task is None and state.change.appointment_id == "apt-2" and state.booking.booked_day == "2030-03-05"
    # who they are stays; the booking's slots start afresh
    assert state.caller.name == "Quinn" and state.wanted.service is None


@pytest.mark.parametrize("action, args", [
    ("book_appointment", {"service": "Haircut", "start": "2030-03-05T10:00", "caller_name": "Quinn"}),
    ("reschedule_appointment", {"appointment_id": "apt-1", "new_start": "2030-03-06T10:00"}),
    ("cancel_appointment", {"appointment_id": "apt-1", "reason": "cancelled by the caller"}),
    ("cancel_all", {"ids": ["apt-1", "apt-2"]}),
    ("forget_me", {}),
    ("send_confirmation", {"appointment_id": "apt-1", "email": "q@example.com"}),
])
def test_a_yes_the_confirmation_gate_did_not_hear_does_nothing_and_asks_again(action, args):
    """Should the engine take words for a yes that the tools' gate does not (they judge the same
    words, so this is a safety net), the read-back is asked again: its message for a model is
    never said, and the same yes is still waited for."""
    def refused(args):
        raise ConfirmationNeeded("Not done yet: the caller has not said yes to this. Read it back ...", "So ...")
    state = DialogueState(task="book", caller=Caller(name="Quinn"))
    pending = {"action": action, "summary": "a Haircut tomorrow at 10 AM for Quinn", "args": args}
    tool = {"cancel_all": "cancel_appointment", "send_confirmation": "send_confirmation"}.get(action, action)
    reply = confirm.execute(state, BUSINESS, pending, MONDAY_9AM_NY.astimezone(BUSINESS.zone),
                            tools_of(**{tool: refused, "capture_lead": {}}))
    assert reply.say == "Sorry, was that a yes? Shall I go ahead with a Haircut tomorrow at 10 AM for Quinn?"
    assert state.pending is pending and state.awaiting == Prompt.CONFIRM


def test_a_time_taken_before_the_yes_offers_the_nearest_others():
    def taken(args):
        raise SlotTaken("taken", alternatives=[{"start": "2030-03-05T11:00:00-05:00"}])
    state = DialogueState(task="book", caller=Caller(name="Quinn"), wanted=Wanted(service="Haircut", date="2030-03-05",
                                        time="10:00"))
    pending = {"action": "book_appointment", "args": {"service": "Haircut", "start": "2030-03-05T10:00",
                                                      "caller_name": "Quinn"}}
    reply = book.do(state, BUSINESS, pending, MONDAY_9AM_NY.astimezone(BUSINESS.zone), tools_of(book_appointment=taken))
    assert reply.say.startswith("I'm sorry, that time was just taken.") and state.wanted.time is None
    assert state.wanted.offered == ["2030-03-05T11:00:00-05:00"] and state.task == "book"


def test_the_change_workflow_returns_its_own_handoff_from_its_do():
    then = Handoff(workflow="book", slots={"service": "Blow Dry"})
    state = DialogueState(task="cancel", caller=Caller(name="Quinn"))
    state.change.then = then
    pending = {"action": "cancel_appointment", "args": {"appointment_id": "apt-1", "reason": "cancelled by the caller"},
               "summary": "your Haircut tomorrow at 10 AM"}
    handed = change.do(state, BUSINESS, pending, MONDAY_9AM_NY.astimezone(BUSINESS.zone),
                       tools_of(cancel_appointment={"appointment": {**HAIRCUT, "status": "cancelled"}}))
    assert isinstance(handed, Handoff) and handed.workflow == "book" and handed.slots == {"service": "Blow Dry"}
    assert handed.said.startswith("Done.") and handed.intent == "cancel_appointment"
    assert state.change.then is None and state.change.cancelled == "Haircut" and state.change.appointment_id is None


def test_a_change_that_fails_drops_what_was_to_follow_it():
    def gone(args):
        raise DomainError("that appointment was already cancelled.")
    state = DialogueState(task="cancel")
    state.change.then = Handoff(workflow="book", slots={"service": "Blow Dry"})
    pending = {"action": "cancel_appointment", "args": {"appointment_id": "apt-1"}}
    reply = change.do(state, BUSINESS, pending, MONDAY_9AM_NY.astimezone(BUSINESS.zone),
                      tools_of(cancel_appointment=gone))
    assert reply.say.startswith("I'm sorry, I couldn't do that: that appointment was already cancelled.")
    assert state.change.then is None and state.task is None


def test_cancel_all_cancels_each_and_says_how_many():
    cancelled = []
    state = DialogueState(task="cancel")
    reply = registry.doer("cancel_all")(state, BUSINESS, {"action": "cancel_all", "args": {"ids": ["a", "b"]}},
                                        MONDAY_9AM_NY, tools_of(cancel_appointment=lambda a: cancelled.append(a) or {}))
    assert [a["appointment_id"] for a in cancelled] == ["a", "b"]
    assert reply.say.startswith("Done. I've cancelled 2 appointments.") and state.done_something


def test_forget_me_is_read_back_then_done_by_its_workflow():
    t = turn("please delete my details", DialogueState(caller=Caller(name="Quinn", email="q@example.com")))
    assert forget_me.forget_me(t).say.startswith("I can do that. Just to confirm")
    forgotten = []
    reply = confirm.execute(t.state, BUSINESS, t.state.pending, MONDAY_9AM_NY,
                            tools_of(forget_me=lambda args: forgotten.append(args) or {}))
    assert forgotten == [{}] and reply.say.startswith("Done. We've deleted what we knew about you.")
    assert t.state.caller.name is None and t.state.caller.email is None and t.state.done_something


def test_a_new_email_said_yes_to_is_kept_and_mailed_by_the_answers_workflow():
    state = DialogueState()
    pending = {"action": "send_confirmation", "args": {"appointment_id": "apt-1", "channel": "email",
                                                       "email": "q@example.com"},
               "summary": "the details of your Haircut tomorrow at 10 AM, to q at example dot com"}
    reply = registry.doer("send_confirmation")(state, BUSINESS, pending, MONDAY_9AM_NY,
                                               tools_of(send_confirmation={"sent": True}))
    assert reply.say.startswith("Done, I've sent you an email with the details of your Haircut tomorrow at 10 AM.")
    assert state.caller.email == "q@example.com"


# --- several services in a row: the booking hands over to itself -----------------------------------------------

TOMORROW_10 = "2030-03-05T10:00:00-05:00"


def _book_the_haircut(state: DialogueState) -> Handoff | Reply:
    pending = {"action": "book_appointment", "summary": "a Haircut tomorrow at 10 AM for Quinn",
               "args": {"service": "Haircut", "start": TOMORROW_10, "caller_name": state.caller.name}}
    return book.do(state, BUSINESS, pending, MONDAY_9AM_NY.astimezone(BUSINESS.zone),
                   tools_of(book_appointment=_booked))


def test_after_the_first_of_several_services_the_booking_hands_over_to_itself():
    state = DialogueState(task="book", caller=Caller(name="Quinn"), wanted=Wanted(service="Haircut"))
    state.booking.then = Handoff(workflow="book", slots={"service": "Blow Dry"},
                                 then=Handoff(workflow="book", slots={"service": "Beard Trim"}))
    handed = _book_the_haircut(state)
    assert handed == Handoff(workflow="book", slots={
        "service": "Blow Dry", "date": "2030-03-05", "name": "Quinn", "next": "You also asked for",
        "after": TOMORROW_10, "follow_on": "2030-03-05T10:45:00-05:00"},
        said="You're all booked: a Haircut tomorrow at 10 AM.", intent="book_appointment",
        then=Handoff(workflow="book", slots={"service": "Beard Trim"}))  # the rest go with the next
    assert state.booking.then is None and state.task is None

    t = turn("yes", state, hear=False)
    t.tools = tools_of(check_availability={"slots": [{"start": "2030-03-05T10:45:00-05:00"}]})
    reply = handoff.follow(t, handed)
    assert reply.say.startswith("You're all booked: a Haircut tomorrow at 10 AM. You also asked for a Blow Dry. ")
    assert state.task == "book" and state.wanted.service == "Blow Dry" and state.caller.name == "Quinn" \
            and not state.booking.for_other
    assert "10:45" in reply.say and state.booking.follow_on is None  # straight after the haircut (times.py)
    assert state.booking.then == Handoff(workflow="book", slots={"service": "Beard Trim"})  # the booking took the rest
    assert state.asked.question == reply.say.split("a Blow Dry. ", 1)[1]  # said again: the question alone


def test_the_next_service_said_with_its_own_day_and_time_goes_then():
    state = DialogueState(task="book", caller=Caller(name="Quinn"), wanted=Wanted(service="Haircut"))
    state.booking.then = Handoff(workflow="book", slots={"service": "Blow Dry", "date": "2030-03-06", "time": "14:00"})
    handed = _book_the_haircut(state)
    assert handed.slots == {"service": "Blow Dry", "date": "2030-03-06", "time": "14:00", "name": "Quinn",
                            "next": "You also asked for"}  # not straight after the haircut


def test_the_next_persons_booking_carries_their_name_or_asks_it():
    named = DialogueState(task="book", caller=Caller(name="Jo"), wanted=Wanted(service="Haircut"))
    named.booking.then = Handoff(workflow="book", slots={"service": "Haircut", "name": "Sam"})
    assert _book_the_haircut(named).slots | {} == {
        "service": "Haircut", "date": "2030-03-05", "name": "Sam", "next": "Now for Sam:", "for_other": "yes",
        "after": TOMORROW_10, "follow_on": "2030-03-05T10:45:00-05:00"}
    unnamed = DialogueState(task="book", caller=Caller(name="Jo"), wanted=Wanted(service="Haircut"))
    unnamed.booking.then = Handoff(workflow="book", slots={"service": "Haircut"})  # the same again: the next person's
    handed = _book_the_haircut(unnamed)
    assert handed.slots["name"] == "" and handed.slots["next"] == "Now for the next person:"
    t = turn("yes", unnamed, hear=False)
    t.tools = tools_of(check_availability={"slots": [{"start": "2030-03-05T10:45:00-05:00"}]})
    reply = handoff.follow(t, handed)
    assert "Now for the next person: a Haircut. " in reply.say and unnamed.caller.name is None \
            and unnamed.booking.for_other


def test_after_a_handoff_the_question_said_again_is_the_taking_workflows_alone():
    handed = Handoff(workflow="book", slots={"service": "Blow Dry"}, said="Done. Your Haircut is cancelled.")
    t = turn("yes", DialogueState(caller=Caller(name="Quinn")), hear=False)
    t.tools = tools_of(check_availability={"slots": []})
    reply = handoff.follow(t, handed)
    assert reply.say.startswith("Done. Your Haircut is cancelled. Now for a Blow Dry: ")
    assert t.state.asked.question and not t.state.asked.question.startswith("Done.")  # not what was done again


# --- the read-back's answers: the workflow that owns the action ----------------------------------------------

def test_the_workflow_that_owns_the_action_answers_its_own_read_back():
    assert registry.owner("book_appointment").read_back is book.read_back
    assert registry.owner("cancel_appointment").declined is registry.owner("cancel_all").declined is change.declined
    assert registry.owner("capture_lead").declined is callback.number_wrong
    assert registry.owner("cancel_appointment").read_back is registry.owner("reschedule_appointment").read_back \
        is change.read_back
    assert registry.owner("capture_lead").read_back is None  # the generic yes / no / correction


def actions_named(source: str) -> set[str]:
    """The registered actions a module names by a string literal."""
    return {node.value for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in registry.BY_ACTION}


def test_the_read_back_names_no_action():
    """confirm.py keeps the generic yes / no / correction; an answer for one action (a cancel turned
    into a move, the booking's name and email, "yeah, the haircut") is its workflow's."""
    assert actions_named((DIALOGUE / "confirm.py").read_text()) == set()
    assert actions_named('if pending["action"] == "cancel_appointment": pass') == {"cancel_appointment"}


def _reading_back(pending: dict, said: str, **state) -> tuple:
    t = turn(said, DialogueState(pending=pending, awaiting=Prompt.CONFIRM, **state))
    return t, confirm.answer_to_confirmation(t)


def test_no_one_each_to_a_booking_for_two_is_the_booking_workflows_answer():
    pending = {"action": "book_appointment", "summary": "a Haircut tomorrow at 10 AM for Jo and Sam",
               "args": {"service": "Haircut", "start": TOMORROW_10, "caller_name": "Jo and Sam"}}
    t = turn("no, one each", DialogueState(task="book", pending=pending, wanted=Wanted(service="Haircut")))
    reply = book.read_back(t, pending, set())
    assert isinstance(reply, Reply) and t.state.pending is None and t.state.caller.name == "Jo"
    assert t.state.booking.then == Handoff(workflow="book", slots={"service": "Haircut", "name": "Sam"})
    # any other answer is left to the generic ones
    assert book.read_back(turn("yes", DialogueState(pending=pending)), pending, set()) is None


def test_a_no_to_a_cancel_is_the_change_workflows_answer_and_leaving_is_the_generic_one():
    pending = {"action": "cancel_appointment", "summary": "your Haircut tomorrow at 10 AM", "args": {}}
    state = DialogueState(task="cancel", change=ChangeFrame(then=Handoff(workflow="book")))
    state.booking.book_next(["Blow Dry"])
    reply = change.declined(state, BUSINESS, pending, leaving=False)
    assert reply.say.startswith("Okay, I won't cancel it.") and state.task is None
    assert state.booking.then is None and state.change.then is None
    assert change.declined(DialogueState(), BUSINESS, pending, leaving=True) is None
    moving = DialogueState(wanted=Wanted(time="10:00", offered=[TOMORROW_10]))
    reply = change.declined(moving, BUSINESS, {**pending, "action": "reschedule_appointment"}, False)
    assert reply.asks == Prompt.DATE and moving.wanted.time is None and moving.wanted.offered == []
    assert change.declined(DialogueState(), BUSINESS, {**pending, "action": "reschedule_appointment"}, True) is None
    t, reply = _reading_back(pending, "no", task="cancel")
    assert reply.say.startswith("Okay, I won't cancel it.") and t.state.pending is None


def test_a_no_to_the_number_read_back_is_the_callback_workflows_answer():
    pending = {"action": "capture_lead", "summary": "a call back on 212 555 0199", "args": {}, "task": "callback"}
    t, reply = _reading_back(pending, "no", caller=Caller(callback_phone="+12125550199"))
    assert reply.say.startswith("Sorry about that.") and t.state.caller.callback_phone is None
    assert t.state.task == "callback" and t.state.pending is None


def test_a_no_to_a_booking_asks_for_another_time():
    pending = {"action": "book_appointment", "summary": "a Haircut tomorrow at 10 AM",
               "args": {"service": "Haircut", "start": TOMORROW_10, "caller_name": "Jo"}}
    t, reply = _reading_back(pending, "no", task="book", wanted=Wanted(service="Haircut", time="10:00"))
    assert reply.asks == Prompt.DATE and t.state.wanted.time is None and t.state.pending is None


@pytest.mark.parametrize("action", ["forget_me", "send_confirmation"])
def test_a_no_to_what_has_no_time_leaves_it_as_it_was_and_asks_no_time(action):
    """Only a booking or a move is about a time: a no to deleting their details or to sending the
    confirmation again does nothing and asks what else, never "what day or time would suit you"."""
    pending = {"action": action, "summary": "that", "args": {}}
    t, reply = _reading_back(pending, "no")
    assert reply.say.startswith("No problem, I've left it as it was.") and reply.asks is None
    assert t.state.pending is None and not t.tools.used


CANCEL = {"action": "cancel_appointment", "summary": "your Haircut tomorrow at 10 AM",
          "args": {"appointment_id": "a1", "reason": "cancelled by the caller"}}


def test_a_cancel_read_back_turned_into_a_move_is_the_change_workflows_and_the_turn_goes_on():
    t, reply = _reading_back(dict(CANCEL), "can we do Friday instead?", task="cancel")
    assert reply is None and t.state.pending is None and t.heard.intent == "reschedule" and t.moving == "a1"
    either = _reading_back(dict(CANCEL, either=True), "move it please", task="cancel",
                           wanted=Wanted(date="2026-12-08", time="10:00"))[0]
    assert either.moving == "a1" and either.state.wanted.date is None and either.state.wanted.time is None
    moving = {**CANCEL, "action": "reschedule_appointment", "summary": "your Haircut from tomorrow to Friday"}
    t, reply = _reading_back(moving, "can we do Saturday instead?", task="reschedule")
    assert reply is None and t.state.pending is None and t.moving is None  # a move's: only dropped


def test_a_yes_to_cancel_it_or_move_it_answers_neither_and_a_yes_to_cancel_them_all_cancels_them():
    t, reply = _reading_back(dict(CANCEL, either=True), "yes", task="cancel")
    assert reply.say == "Sorry, shall I cancel your Haircut tomorrow at 10 AM, or move it to another day?"
    assert t.state.pending == CANCEL and not t.tools.used  # asked once: the next yes cancels it
    every = {"action": "cancel_all", "summary": "both your appointments", "args": {"ids": ["a1", "a2"]}}
    t = turn("cancel both of them", DialogueState(pending=every, awaiting=Prompt.CONFIRM))
    t.tools = tools_of(cancel_appointment={})
    assert confirm.answer_to_confirmation(t).say.startswith("Done. I've cancelled 2 appointments.")


def test_the_service_named_at_a_cancels_read_back_is_the_one_asked_about_at_a_bookings_another():
    t, reply = _reading_back(dict(CANCEL), "no, the haircut", task="cancel")
    assert reply.say.startswith("Okay, I won't cancel it.")  # "no": not a change of service
    booking = {"action": "book_appointment", "summary": "a Haircut tomorrow at 10 AM for Jo", "what": "x",
               "reach": "", "args": {"service": "Haircut", "start": TOMORROW_10, "caller_name": "Jo"}}
    t, reply = _reading_back(booking, "no, the haircut", task="book")
    assert reply is None and t.state.pending is None  # the service said again: read back afresh


def test_the_name_and_email_corrected_at_a_bookings_read_back_are_the_booking_workflows():
    pending = {"action": "book_appointment", "summary": "a Haircut tomorrow at 10 AM for Jo",
               "what": "a Haircut tomorrow at 10 AM", "reach": "",
               "args": {"service": "Haircut", "start": TOMORROW_10, "caller_name": "Jo", "email": None}}
    t, reply = _reading_back(pending, "no, it's Kim", task="book", caller=Caller(name="Jo"))
    assert reply.say.endswith("So that's a Haircut tomorrow at 10 AM for Kim. Shall I book that?")
    assert t.state.caller.name == t.state.pending["args"]["caller_name"] == "Kim"
    for email in ("kim@example.com", "kim@example.org"):  # said again: the one address read back
        t, reply = _reading_back(t.state.pending, f"my email is {email}", task="book", caller=Caller(name="Kim"))
        assert reply.say.startswith(f"Thanks, I've added {email}.") and t.state.pending["args"]["email"] == email
    assert t.state.pending["summary"].count("with the confirmation emailed to") == 1
    assert t.state.pending["summary"].endswith("for Kim, with the confirmation emailed to k i m, at example dot org")
