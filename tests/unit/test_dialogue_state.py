"""The call state's frames: a call stored in the old flat shape loads with every field in its frame,
one stored in the frames' shape loads as it was, and the console's call row reads either."""

from shared.adapters.console_rows import call_row
from shared.domain.calls import (
    EARLIER_FIELDS,
    AnswersFrame,
    BookFrame,
    Caller,
    ChangeFrame,
    DialogueState,
    Handoff,
    Wanted,
    forgotten,
)

# One value for every field that was flat, as a call stored before the frames holds it.
FLAT = {
    "task": "book", "awaiting": "time", "pending": {"action": "book_appointment", "args": {}},
    "asked": {"cues": ["offer"], "question": "Would 10 work?", "why": None}, "last_prompt": "Would 10 work?",
    "silence": 1,
    "on_hold": True, "done_something": True, "read_back": {"turn": 3, "keys": []},
    "lead_notes": ["a question"], "call_notes": ["a note"],
    "waitlist": {"service": "Haircut", "date": "2030-03-05", "earliest": "00:00", "latest": "11:59"},
    "service": "Haircut", "date": "2030-03-05", "time": "10:00", "part_of_day": "morning",
    "after": "2030-03-05T09:00:00-05:00", "before": "2030-03-05T12:00:00-05:00", "week_of": "2030-03-04",
    "staff": "Maria", "avoid_days": [2], "offered": ["2030-03-05T10:00:00-05:00"],
    "name": "Sam Lee", "own_name": "Jo Lee", "email": "jo@example.com", "callback_phone": "+12125550199",
    "callback_extension": "4", "other_phone": "+12125550111", "unusable_number": "555 12",
    "no_texts": True, "address": "12 Elm Street", "address_asked": True, "access": "uses a wheelchair",
    "asked_for": "Maria", "problem": "my boiler's leaking", "preferences": {"part_of_day": "morning"},
    "party": 2, "for_other": True, "name_for": "2030-03-05T10:00:00-05:00", "recurring": "every two weeks",
    "booked_day": "2030-03-04", "also": ["Blow Dry"], "also_names": ["Ann"], "also_when": [""],
    "follow_on": "2030-03-05T10:45:00-05:00", "staff_missed": "2030-03-06",
    "appointment_id": "a1", "shift_minutes": 30, "cancelled": "Colour", "cancelled_start": "2030-03-07T14:00:00-05:00",
    "topic": "price",
}
WANTED = Wanted(service="Haircut", date="2030-03-05", time="10:00", part_of_day="morning",
                after="2030-03-05T09:00:00-05:00", before="2030-03-05T12:00:00-05:00", week_of="2030-03-04",
                staff="Maria", avoid_days=[2], offered=["2030-03-05T10:00:00-05:00"])
CALLER = Caller(name="Sam Lee", own_name="Jo Lee", email="jo@example.com", callback_phone="+12125550199",
                callback_extension="4", other_phone="+12125550111", unusable_number="555 12", no_texts=True,
                address="12 Elm Street", address_asked=True, access="uses a wheelchair", asked_for="Maria",
                problem="my boiler's leaking", preferences={"part_of_day": "morning"})
BOOKING = BookFrame(party=2, for_other=True, name_for="2030-03-05T10:00:00-05:00", recurring="every two weeks",
                    booked_day="2030-03-04",
                    then=Handoff(workflow="book", slots={"service": "Blow Dry", "name": "Ann"}),
                    follow_on="2030-03-05T10:45:00-05:00", staff_missed="2030-03-06")
CHANGE = ChangeFrame(appointment_id="a1", shift_minutes=30, cancelled="Colour",
                     cancelled_start="2030-03-07T14:00:00-05:00")


def test_the_table_names_every_field_that_moved_once():
    moved = [name for names in EARLIER_FIELDS.values() for name in names]
    assert len(moved) == len(set(moved))
    assert set(moved) <= set(FLAT)  # the example above sets each
    assert not set(moved) & set(DialogueState.model_fields)  # none is a field of the state any more


def test_a_call_stored_in_the_flat_shape_loads_each_field_into_its_frame():
    state = DialogueState.model_validate(FLAT)
    assert state.wanted == WANTED and state.caller == CALLER
    assert state.booking == BOOKING and state.change == CHANGE and state.answers == AnswersFrame(topic="price")
    stays = {"task", "awaiting", "pending", "asked", "last_prompt", "silence", "on_hold", "done_something",
             "read_back", "lead_notes", "call_notes", "waitlist"}
    assert set(FLAT) - {name for names in EARLIER_FIELDS.values() for name in names} == stays
    assert {name: state.model_dump()[name] for name in stays} == {name: FLAT[name] for name in stays}


def test_a_call_stored_between_the_first_frames_and_these_keeps_both():
    """Stored with `booking` and `change` frames already, the other fields still flat."""
    stored = {**FLAT, "booking": {"also": ["Nails"]}, "change": {"then": {"workflow": "book"}}}
    for name in ("also", "also_names", "also_when", "follow_on", "staff_missed", "cancelled", "cancelled_start"):
        stored.pop(name)
    state = DialogueState.model_validate(stored)
    assert state.booking == BookFrame(party=2, for_other=True, name_for="2030-03-05T10:00:00-05:00",
                                      recurring="every two weeks", booked_day="2030-03-04",
                                      then=Handoff(workflow="book", slots={"service": "Nails"}))
    assert state.change == ChangeFrame(appointment_id="a1", shift_minutes=30, then=Handoff(workflow="book"))
    assert state.wanted == WANTED and state.caller == CALLER


def test_a_call_stored_in_the_frames_shape_loads_as_it_was():
    state = DialogueState(task="book", wanted=WANTED, caller=CALLER, booking=BOOKING, change=CHANGE,
                          answers=AnswersFrame(topic="price"))
    stored = state.model_dump()
    assert not set(stored) & {name for names in EARLIER_FIELDS.values() for name in names}  # nothing flat is written
    assert stored["wanted"]["service"] == "Haircut" and stored["caller"]["own_name"] == "Jo Lee"
    assert DialogueState.model_validate(stored) == state


def test_a_frame_value_already_held_wins_over_a_flat_one():
    """A scrubbed call stored flat: the forget-me update writes `state.caller.name` beside the old `name`."""
    state = DialogueState.model_validate({"name": "Sam Lee", "own_name": "Jo Lee",
                                          "caller": {"name": None, "email": None, "preferences": {}}})
    assert state.caller.name is None and state.caller.own_name == "Jo Lee"


def test_the_console_row_names_the_caller_from_either_shape():
    fields = {"call_sid": "CA1", "started_at": None, "caller_phone": "+12125550101"}
    flat = call_row({**fields, "state": {"own_name": "Jo Lee", "name": "Sam Lee"}})
    framed = call_row({**fields, "state": DialogueState(caller=CALLER).model_dump()})
    assert flat["caller_name"] == framed["caller_name"] == "Jo Lee"


def _updated(document: dict, fields: dict) -> dict:
    """A Firestore update of dotted field paths, applied to a stored document."""
    document = {**document, "state": dict(document["state"])}
    for path, value in fields.items():
        *parents, last = path.split(".")
        target = document
        for parent in parents:
            target = target.setdefault(parent, {})
        target[last] = value
    return document


def test_forget_me_clears_every_fact_of_the_caller_in_either_shape():
    flat = {name: value for name, value in CALLER.model_dump().items()}
    for stored in ({"task": "book", **flat, "pending": {"action": "book_appointment"}},
                   DialogueState(task="book", caller=CALLER, pending={"action": "book_appointment"}).model_dump()):
        document = _updated({"state": stored}, forgotten(stored))
        state = DialogueState.model_validate(document["state"])
        assert state.caller == Caller() and state.pending is None and state.task == "book"


def test_a_booking_frame_stored_with_the_queue_as_lists_loads_it_as_a_chain_of_handoffs():
    """`also`, `also_names`, `also_when` (the queue before the chain): each booking still to make a
    handoff to the booking, in order, with its service, name and day; the lists of unequal length."""
    stored = {"task": "book", "booking": {"party": 1, "also": ["Blow Dry", "Manicure", "Beard Trim"],
                                          "also_names": ["Ann", "Bo"], "also_when": ["", "2030-03-06T14:00", "T09:00"]}}
    state = DialogueState.model_validate(stored)
    assert state.booking.then == Handoff(workflow="book", slots={"service": "Blow Dry", "name": "Ann"}, then=Handoff(
        workflow="book", slots={"service": "Manicure", "name": "Bo", "date": "2030-03-06", "time": "14:00"},
        then=Handoff(workflow="book", slots={"service": "Beard Trim", "time": "09:00"})))
    assert "also" not in state.booking.model_dump() and DialogueState.model_validate(state.model_dump()) == state
    emptied = {"booking": {"also": [], "also_names": [], "also_when": []}}
    assert DialogueState.model_validate(emptied).booking == BookFrame()

