"""voice_relay's turns on the Firestore emulator (shared/services/call_relay.py): a turn answered
from the call as the session's last turn left it, while that turn's write is still under way, needs
no read; the writes stay in order, one commit per turn; a call changed meanwhile is answered again
from what is stored."""

import asyncio

import pytest

from shared.adapters.firestore_store import FirestoreCalls
from shared.services.call_relay import RelayCalls
from shared.services.calls import CallService
from shared.voice.relay.session import Speaker
from tests.factories import fixed_clock
from tests.integration.test_calls import NOW, stored, turn

SID = "CA" + "2" * 32


class CountedCalls(FirestoreCalls):
    """The real adapter, counting the call documents it reads."""
    reads = 0

    def _read(self, business_id: str, call_sid: str):
        self.reads += 1
        return super()._read(business_id, call_sid)


@pytest.fixture
def two_instances(firestore_client, calendar, crm):
    """voice_relay's call service (counting its reads of the call) and another instance's."""
    return [CallService(calls=calls, calendar=calendar, crm=crm, clock=fixed_clock(NOW), base_url="http://127.0.0.1:9/")
            for calls in (CountedCalls(firestore_client), FirestoreCalls(firestore_client))]


def speaker() -> Speaker:
    return Speaker(asyncio.new_event_loop(), asyncio.Queue())


def turns_written(firestore_client, business) -> list[dict]:
    ref = firestore_client.collection("businesses").document(business.id).collection("calls").document(SID)
    return [t.to_dict() for t in ref.collection("turns").order_by("n").stream()]


def test_the_next_turn_is_answered_before_the_last_one_is_written_and_both_are_written_in_order(
        firestore_client, business, two_instances):
    here, _ = two_instances
    relay = RelayCalls(here)
    here.webhook(business, turn(business, None))
    said = [turn(business, 0, "I'd like to book a haircut"), turn(business, 1, "tomorrow at 3 pm")]
    first = relay.answer(business, said[0], speaker())
    # the caller talks again before the first turn's write: answered from the session's call
    second = relay.answer(business, said[1], speaker(), first.call)
    assert stored(firestore_client, business, SID)["turn"] == 0
    one, _ = relay.commit(business, said[0], speaker(), first)
    two, call = relay.commit(business, said[1], speaker(), second)
    assert here.calls.reads == 0  # each write's version came from the write before it
    assert (one.turn, two.turn, call.turn) == (1, 2, 2)
    saved = stored(firestore_client, business, SID)
    assert saved["turn"] == 2 and saved["state"]["wanted"]["time"] == "15:00"
    assert [t["caller"] for t in turns_written(firestore_client, business)] == [
        "I'd like to book a haircut", "tomorrow at 3 pm"]


def test_the_end_of_the_call_written_meanwhile_is_kept_and_the_turn_not_answered_again(
        firestore_client, business, two_instances, caplog):
    here, there = two_instances
    relay = RelayCalls(here)
    here.webhook(business, turn(business, None))
    said = [turn(business, 0, "I'd like to book a haircut"), turn(business, 1, "tomorrow at 3 pm")]
    first = relay.answer(business, said[0], speaker())
    relay.commit(business, said[0], speaker(), first)
    # The status callback (another instance) writes the call while the next turn is answered
    # from the session's call.
    there.status(business, turn(business, None, call_status="completed", sid=SID))
    talking = speaker()
    second = relay.answer(business, said[1], talking, first.call)
    heard = talking.heard()
    answer, call = relay.commit(business, said[1], talking, second)
    saved = stored(firestore_client, business, SID)
    assert saved["status"] == "completed" and saved["turn"] == 2 and saved["state"]["wanted"]["time"] == "15:00"
    assert answer.turn == 2 and call.status == "completed"
    assert saved["transcript"][-1] == {"role": "roxy", "text": heard}  # what the caller heard, once
    assert [t["n"] for t in turns_written(firestore_client, business)] == [0, 1]
    assert "answered again" not in caplog.text


def test_a_session_call_that_is_not_the_turn_answered_is_not_used(firestore_client, business, two_instances):
    here, _ = two_instances
    relay = RelayCalls(here)
    here.webhook(business, turn(business, None))
    said = turn(business, 0, "I'd like to book a haircut")
    first = relay.answer(business, said, speaker())
    relay.commit(business, said, speaker(), first)
    stale = first.call.model_copy(deep=True)
    stale.turn = 0
    again = relay.answer(business, turn(business, 1, "tomorrow at 3 pm"), speaker(), stale)
    assert again.version is not None and again.base["turn"] == 1  # the repository's own last write
    assert here.calls.reads == 0


def test_a_turn_whose_fields_were_changed_meanwhile_is_answered_again_from_what_is_stored(
        firestore_client, business, two_instances, caplog):
    here, there = two_instances
    relay = RelayCalls(here)
    here.webhook(business, turn(business, None))
    said = [turn(business, 0, "I'd like to book a haircut"), turn(business, 1, "tomorrow at 3 pm")]
    first = relay.answer(business, said[0], speaker())
    relay.commit(business, said[0], speaker(), first)
    # Another writer corrects Roxy's last words (as an interrupt does) while the next turn is answered.
    theirs, version = there.calls.get(business.id, SID)
    theirs.transcript[-1]["text"] = "Sure, what day —"
    there.calls.save(theirs, version)
    talking = speaker()
    second = relay.answer(business, said[1], talking, first.call)
    answer, call = relay.commit(business, said[1], talking, second)
    saved = stored(firestore_client, business, SID)
    assert "answered again" in caplog.text and answer.turn == 2 and saved["turn"] == 2
    assert saved["transcript"][-3]["text"] == "Sure, what day —"
    assert saved["transcript"][-1] == {"role": "roxy", "text": talking.heard()}
