"""The contract of NotificationRepository, SmsThreadRepository, MemoryRepository and StatsReader."""

import datetime as dt

import pytest

from shared.domain.calls import Call
from shared.domain.leads import new_lead
from shared.domain.memories import Memory
from shared.domain.notifications import Notification
from shared.errors import Conflict, InvalidInput
from tests.factories import MONDAY_9AM_NY

NOW = MONDAY_9AM_NY


def at(minutes: float) -> dt.datetime:
    return NOW + dt.timedelta(minutes=minutes)


def record(id: str, business="b1", status="queued", created=0.0, kind="reminder") -> Notification:
    return Notification(id=id, business_id=business, kind=kind, channel="sms", to="+12125550101", body="Hi",
                        status=status, created_at=at(created), updated_at=at(created))


def test_a_notification_is_created_once_and_saved_against_its_version(store):
    assert store.notifications.create(record("n1")) is True
    assert store.notifications.create(record("n1")) is False
    found, version = store.notifications.get("b1", "n1")
    assert found == record("n1")
    found.status = "sending"
    store.notifications.save(found, version)  # the claim
    again = record("n1")
    again.status = "sent"
    with pytest.raises(Conflict):
        store.notifications.save(again, version)  # a second delivery with the old version
    assert store.notifications.get("b1", "n1")[0].status == "sending"
    store.notifications.save(again, None)
    assert store.notifications.get("b1", "n1")[0].status == "sent"
    assert store.notifications.get("b1", "") is None and store.notifications.get("b1", "a/b") is None
    assert store.notifications.get("b2", "n1") is None


def test_stale_queued_records_of_every_business_oldest_first(store):
    store.notifications.create(record("late", created=5))
    store.notifications.create(record("early", business="b2", created=1))
    store.notifications.create(record("sent", status="sent", created=0))
    store.notifications.create(record("fresh", created=20))
    assert store.notifications.stale_queued(at(10), 10) == [("b2", "early"), ("b1", "late")]
    assert store.notifications.stale_queued(at(10), 1) == [("b2", "early")]


def test_the_list_filters_orders_newest_first_and_pages(store):
    for n in range(5):
        store.notifications.create(record(f"n{n}", created=n, kind="reminder" if n % 2 else "confirmation"))
    store.notifications.create(record("other", business="b2", created=9))
    listed, cursor = store.notifications.list("b1", limit=2)
    assert [r.id for r in listed] == ["n4", "n3"] and cursor
    listed, cursor = store.notifications.list("b1", limit=2, cursor=cursor)
    assert [r.id for r in listed] == ["n2", "n1"] and cursor
    listed, cursor = store.notifications.list("b1", limit=2, cursor=cursor)
    assert [r.id for r in listed] == ["n0"] and cursor is None
    assert [r.id for r in store.notifications.list("b1", kind="reminder")[0]] == ["n3", "n1"]
    assert [r.id for r in store.notifications.list("b1", since=at(1), until=at(3))[0]] == ["n2", "n1"]
    assert store.notifications.list("b1", status="sent") == ([], None)
    with pytest.raises(InvalidInput):
        store.notifications.list("b1", cursor="garbage")


def test_an_sms_thread_starts_empty_and_is_written_against_its_version(store):
    assert store.sms_threads.get("b1", "p1") == ({"pending": None, "answered": []}, None)
    store.sms_threads.save("b1", "p1", {"pending": "cancel", "answered": []}, None)
    with pytest.raises(Conflict):
        store.sms_threads.save("b1", "p1", {"pending": None, "answered": []}, None)  # created meanwhile
    thread, version = store.sms_threads.get("b1", "p1")
    assert thread == {"pending": "cancel", "answered": []} and version is not None
    store.sms_threads.save("b1", "p1", {"pending": None, "answered": [{"sid": "SM1", "reply": "Done"}]}, version)
    with pytest.raises(Conflict):
        store.sms_threads.save("b1", "p1", {"pending": "x", "answered": []}, version)
    assert store.sms_threads.get("b1", "p1")[0]["answered"] == [{"sid": "SM1", "reply": "Done"}]


def memory(key: str, uid="u1", text="prefers mornings", minutes=0.0, call_id=None, business="b1") -> Memory:
    return Memory(key=key, user_id=uid, business_id=business, text=text, kind="note",
                  created_at=at(minutes), call_id=call_id)


def test_memories_are_kept_by_key_and_synced_by_digest(store):
    first = memory("k1")
    store.memories.put(first, None, at(0), to_sync=True)
    assert store.memories.get("b1", "k1") == (first, None)
    assert store.memories.unsynced(at(1), 10) == [("b1", "k1", first.digest, None)]
    assert store.memories.unsynced(at(0), 10) == []
    store.memories.mark_requeued("b1", "k1", at(2))
    assert store.memories.unsynced(at(1), 10) == [("b1", "k1", first.digest, at(2))]
    changed = memory("k1", text="prefers evenings")
    store.memories.put(changed, None, at(3), to_sync=True)
    store.memories.mark_synced("b1", "k1", first.digest)  # Mem0 got the old text: still unsynced
    assert store.memories.get("b1", "k1") == (changed, first.digest)
    assert [key for _, key, _, _ in store.memories.unsynced(at(4), 10)] == ["k1"]
    store.memories.mark_synced("b1", "k1", changed.digest)
    assert store.memories.unsynced(at(4), 10) == []
    store.memories.mark_synced("b1", "gone", "x")
    store.memories.mark_requeued("b1", "gone", at(5))
    assert store.memories.get("b1", "gone") is None
    store.memories.put(memory("k2"), None, at(0), to_sync=False)
    assert store.memories.unsynced(at(9), 10) == []


def test_one_writer_at_a_time_may_sync_a_memory(store):
    lease = dt.timedelta(minutes=2)
    store.memories.put(memory("k1"), None, at(0), to_sync=True)
    assert store.memories.claim_sync("b1", "k1", at(1), lease) is True
    assert store.memories.claim_sync("b1", "k1", at(2), lease) is False  # another delivery, meanwhile
    assert store.memories.claim_sync("b1", "k1", at(4), lease) is True   # the first one's lease ran out
    store.memories.release_sync("b1", "k1")
    assert store.memories.claim_sync("b1", "k1", at(4), lease) is True
    store.memories.mark_synced("b1", "k1", memory("k1").digest)          # a sync ends the claim
    assert store.memories.claim_sync("b1", "k1", at(4), lease) is True
    assert store.memories.claim_sync("b1", "gone", at(4), lease) is False
    store.memories.release_sync("b1", "gone")


def test_memories_by_user_call_and_nearness_and_forgetting_a_user(store):
    store.memories.put(memory("old", minutes=0, call_id="CA1"), [1.0, 0.0, 0.0], at(0), False)
    store.memories.put(memory("new", minutes=5, text="allergic to latex", call_id="CA1"), [0.0, 1.0, 0.0], at(5),
                       False)
    store.memories.put(memory("mid", minutes=3, text="likes Maria"), [0.6, 0.8, 0.0], at(3), False)
    store.memories.put(memory("else", uid="u2"), [1.0, 0.0, 0.0], at(0), False)
    assert [m.key for m in store.memories.for_user("b1", "u1")] == ["new", "mid", "old"]
    assert [m.key for m in store.memories.for_user("b1", "u1", limit=1)] == ["new"]
    assert sorted(m.key for m in store.memories.for_call("b1", "CA1")) == ["new", "old"]
    assert set(store.memories.get_many("b1", ["old", "else", "nope", "old"])) == {"old", "else"}
    nearest = store.memories.nearest("b1", "u1", [0.0, 1.0, 0.0], 2)
    assert [m.key for m, _ in nearest] == ["new", "mid"]
    assert [round(similarity, 3) for _, similarity in nearest] == [1.0, 0.8]
    store.memories.audit("b1", {"action": "forget", "count": 3})
    assert store.memories.delete_user("b1", "u1") == 3
    assert store.memories.for_user("b1", "u1") == [] and len(store.memories.for_user("b1", "u2")) == 1


def test_stats_count_in_the_range(store):
    for n, (minutes, outcomes) in enumerate([(0, ["book_appointment"]), (10, ["capture_lead", "transfer"]),
                                             (-60, ["book_appointment"])]):
        call = Call(call_sid=f"CA{n:032d}", business_id="b1", caller_phone="+12125550101", dialled="+1",
                    started_at=at(minutes), updated_at=at(minutes), outcomes=outcomes)
        store.calls.create(call)
    for n, status in enumerate(["queued", "delivered", "delivered"]):
        store.notifications.create(record(f"n{n}", status=status, created=n))
    store.notifications.create(record("old", status="failed", created=-120))
    for n, stage in enumerate(["new", "booked", "booked"]):
        store.leads.upsert("b1", f"p{n}", lambda current, s=stage, n=n: (
            new_lead("b1", f"p{n}", "+12125550101", "call", at(-9999)).model_copy(update={"stage": s}), None))
    counts = store.stats.counts("b1", at(-1), at(30))
    assert counts["calls"] == 2 and counts["calls_with_book_appointment"] == 1
    assert counts["calls_with_capture_lead"] == 1 and counts["calls_with_transfer"] == 1
    assert counts["notifications_queued"] == 1 and counts["notifications_delivered"] == 2
    assert counts["notifications_failed"] == 0 and counts["appointments_created"] == 0
    assert (counts["leads_new"], counts["leads_booked"], counts["leads_lost"]) == (1, 2, 0)
    assert store.stats.counts("b2", at(-1), at(30))["calls"] == 0


def test_records_stuck_in_sending_of_every_business_oldest_claim_first(store):
    for id, business, status, claimed in (("late", "b1", "sending", 5), ("early", "b2", "sending", 1),
                                          ("queued", "b1", "queued", 0), ("fresh", "b1", "sending", 20)):
        store.notifications.create(record(id, business=business, created=0))
        found, version = store.notifications.get(business, id)
        found.status, found.updated_at = status, at(claimed)
        store.notifications.save(found, version)
    assert store.notifications.stale_sending(at(10), 10) == [("b2", "early"), ("b1", "late")]
    assert store.notifications.stale_sending(at(10), 1) == [("b2", "early")]


def test_threads_with_a_digest_due_of_every_business(store):
    for business, key, due in (("b1", "k-late", 5), ("b2", "k-early", 1), ("b1", "k-later", 30)):
        store.sms_threads.save(business, key, {"pending": None, "answered": [], "held": ["hi"],
                                               "digest_due_at": at(due), "business_id": business}, None)
    store.sms_threads.save("b1", "k-none", {"pending": None, "answered": [], "digest_due_at": None}, None)
    assert store.sms_threads.due_digests(at(10), 10) == [("b2", "k-early"), ("b1", "k-late")]
    assert store.sms_threads.due_digests(at(10), 1) == [("b2", "k-early")]


def test_an_audit_record_is_found_by_its_id_in_its_business_only(store):
    store.memories.audit("b1", {"action": "forget_me", "user_id": "u1", "at": NOW}, "forget-u1-1")
    store.memories.audit("b1", {"action": "forget_me", "user_id": "u2", "at": NOW})
    assert store.memories.get_audit("b1", "forget-u1-1")["user_id"] == "u1"
    assert store.memories.get_audit("b2", "forget-u1-1") is None
    assert store.memories.get_audit("b1", "") is None and store.memories.get_audit("b1", "a/b") is None
