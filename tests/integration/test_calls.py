"""The call store and the turn loop on the Firestore emulator, with two processes' worth of
objects (two FirestoreCalls / CallService on the same database) standing for two instances."""

import pytest

from shared.adapters.firestore_store import FirestoreCalls
from shared.adapters.roundtrips import counting
from shared.domain.calls import Call, TurnRecord
from shared.errors import Conflict
from shared.local.phone import parse
from shared.services.calls import CallInput, CallService
from tests.factories import MONDAY_9AM_NY, fixed_clock

NOW = MONDAY_9AM_NY
CALLER = "+12125550123"


def new_call(business, sid="CA" + "1" * 32) -> Call:
    return Call(call_sid=sid, business_id=business.id, caller_phone=CALLER, dialled=business.phone_numbers[0],
                started_at=NOW, updated_at=NOW)


def stored(firestore_client, business, sid="CA" + "1" * 32) -> dict:
    return (firestore_client.collection("businesses").document(business.id).collection("calls")
            .document(sid).get().to_dict())


def test_the_turn_this_process_wrote_last_is_not_read_again(firestore_client, business):
    calls = FirestoreCalls(firestore_client)
    call = new_call(business)
    calls.create(call)
    with counting() as round_trips:
        remembered, version = calls.get(business.id, call.call_sid, turn=0)
    assert round_trips["read"] == 0 and remembered == call
    remembered.turn = 1
    remembered.transcript.append({"role": "caller", "text": "hello"})
    calls.save(remembered, version)
    with counting() as round_trips:
        assert calls.get(business.id, call.call_sid, turn=1)[0].transcript == [{"role": "caller", "text": "hello"}]
    assert round_trips["read"] == 0


def test_any_other_turn_or_lookup_reads(firestore_client, business):
    calls = FirestoreCalls(firestore_client)
    call = new_call(business)
    calls.create(call)
    with counting() as round_trips:
        assert calls.get(business.id, call.call_sid, turn=3)[0].turn == 0  # not the turn it expects
        assert calls.get(business.id, call.call_sid, turn=0) is not None   # the entry was dropped
        assert calls.get(business.id, call.call_sid) is not None           # no turn: always read
    assert round_trips["read"] == 3


def test_a_call_read_to_be_answered_is_not_read_again_for_its_turn(firestore_client, business):
    """voice_relay reads the call when a session starts; its first turn reads nothing more, and a
    write by someone else since still conflicts."""
    here, there = FirestoreCalls(firestore_client), FirestoreCalls(firestore_client)
    there.create(new_call(business))
    with counting() as round_trips:
        call, _ = here.get_to_answer(business.id, "CA" + "1" * 32)
        again, version = here.get(business.id, call.call_sid, turn=0)
    assert round_trips["read"] == 1 and again == call
    assert here.get_to_answer(business.id, "CA" + "9" * 32) is None
    changed, changed_version = there.get(business.id, call.call_sid, turn=0)
    changed.turn = 1
    there.save(changed, changed_version)
    again.turn = 1
    with pytest.raises(Conflict):
        here.save(again, version)


def test_a_write_by_another_instance_makes_the_remembered_version_conflict(firestore_client, business):
    here, there = FirestoreCalls(firestore_client), FirestoreCalls(firestore_client)
    call = new_call(business)
    here.create(call)
    theirs, their_version = there.get(business.id, call.call_sid)
    theirs.status = "completed"
    there.save(theirs, their_version)
    mine, version = here.get(business.id, call.call_sid, turn=0)
    assert mine.status == "in-progress"  # from memory, out of date
    mine.turn, mine.summary = 1, "written from an old version"
    with pytest.raises(Conflict):
        here.save(mine, version, TurnRecord(n=0, caller="hi", roxy="hello", engine="offline", at=NOW))
    after = stored(firestore_client, business)
    assert after["status"] == "completed" and after["turn"] == 0 and after["summary"] == ""
    assert list(firestore_client.collection("businesses").document(business.id).collection("calls")
                .document(call.call_sid).collection("turns").stream()) == []


def test_a_value_changed_in_place_is_written(firestore_client, business):
    calls = FirestoreCalls(firestore_client)
    call = new_call(business)
    call.state.pending = {"tool": "book_appointment", "args": {"caller_name": "Jo"}}
    calls.create(call)
    for turn, name in ((0, "Joe"), (1, "Joan")):
        mine, version = calls.get(business.id, call.call_sid, turn=turn)
        mine.state.pending["args"]["caller_name"] = name  # nested, shared with what was read
        mine.turn += 1
        calls.save(mine, version)
        assert stored(firestore_client, business)["state"]["pending"]["args"]["caller_name"] == name


@pytest.fixture
def two_instances(firestore_client, calendar, crm):
    """Two instances' call services: each its own FirestoreCalls (and memory of what it wrote)."""
    return [CallService(calls=FirestoreCalls(firestore_client), calendar=calendar, crm=crm,
                        clock=fixed_clock(NOW), base_url="http://127.0.0.1:9/") for _ in range(2)]


def turn(business, n: int | None, speech: str = "", sid: str = "CA" + "2" * 32, **extra) -> CallInput:
    return CallInput(call_sid=sid, caller=CALLER, dialled=business.phone_numbers[0], speech=speech, turn=n,
                     **extra)


def test_a_turn_racing_the_status_callback_is_answered_not_lost(firestore_client, business, two_instances):
    here, there = two_instances
    sid = "CA" + "2" * 32
    here.webhook(business, turn(business, None))
    first = parse(here.webhook(business, turn(business, 0, "I'd like to book a haircut")))
    # The status callback (another function, another instance) records the end of the call
    # while the caller's last words are still on their way to this instance.
    there.status(business, turn(business, None, call_status="completed"))
    second = parse(here.webhook(business, turn(business, 1, "tomorrow at 3 pm")))
    assert second.text != first.text and "3" in second.text
    saved = stored(firestore_client, business, sid)
    assert saved["turn"] == 2 and saved["state"]["wanted"]["time"] == "15:00" and saved["status"] == "completed"
    turns = firestore_client.collection("businesses").document(business.id).collection("calls") \
        .document(sid).collection("turns").stream()
    assert sorted(t.id for t in turns) == ["0000", "0001"]


def test_a_turn_answered_by_another_instance_is_replayed_not_repeated(firestore_client, business,
                                                                      two_instances):
    here, there = two_instances
    here.webhook(business, turn(business, None))
    here.webhook(business, turn(business, 0, "book a beard trim tomorrow at 3 pm, my name is Al"))
    # Twilio's retry of the confirmation reaches the other instance first; then the original
    # delivery reaches this one, which remembers the call as it was before the confirmation.
    answered_there = there.webhook(business, turn(business, 1, "yes"))
    answered_here = here.webhook(business, turn(business, 1, "yes"))
    assert answered_here == answered_there and "booked" in parse(answered_here).text.lower()
    appointments = firestore_client.collection("businesses").document(business.id) \
        .collection("appointments").stream()
    assert len(list(appointments)) == 1
    assert stored(firestore_client, business, "CA" + "2" * 32)["turn"] == 2


def test_the_remembered_calls_are_bounded(firestore_client, business):
    calls = FirestoreCalls(firestore_client, remembered=2)
    for n in range(3):
        calls.create(new_call(business, sid=f"CA{n:032d}"))
    with counting() as round_trips:
        for n in range(3):
            calls.get(business.id, f"CA{n:032d}", turn=0)
    assert round_trips["read"] == 1  # the oldest was forgotten
