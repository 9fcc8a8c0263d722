"""The contract of WaitlistRepository."""

import datetime as dt

import pytest

from shared.domain.waitlist import Offer, WaitlistEntry
from shared.errors import Conflict
from tests.factories import MONDAY_9AM_NY

NOW = MONDAY_9AM_NY


def at(minutes: float) -> dt.datetime:
    return NOW + dt.timedelta(minutes=minutes)


def entry(id: str, business="b1", phone="+12125550101", created=0.0, status="waiting") -> WaitlistEntry:
    return WaitlistEntry(id=id, business_id=business, service="Haircut", first_day="2030-03-05",
                         last_day="2030-03-06", earliest="09:00", caller_phone=phone, caller_name="Ben",
                         status=status, created_at=at(created), updated_at=at(created))


def offered(found: WaitlistEntry, hold_minutes: float) -> WaitlistEntry:
    found.status = "offered"
    found.offer = Offer(start=at(60), end=at(105), offered_at=NOW, expires_at=at(hold_minutes),
                        notification_id=f"waitlist_offer-{found.id}-1-sms")
    found.hold_until = at(hold_minutes)
    return found


def test_an_entry_is_created_once_and_read_back_as_stored(store):
    store.waitlist.create(entry("e1"))
    with pytest.raises(Conflict):
        store.waitlist.create(entry("e1"))
    found, version = store.waitlist.get("b1", "e1")
    assert found == entry("e1") and version is not None
    assert store.waitlist.get("b2", "e1") is None and store.waitlist.get("b1", "") is None
    assert store.waitlist.get("b1", "a/b") is None


def test_a_save_against_a_stale_version_is_a_conflict(store):
    store.waitlist.create(entry("e1"))
    found, version = store.waitlist.get("b1", "e1")
    store.waitlist.save(offered(found, 30), version)  # the first offer wins
    stale = entry("e1")
    stale.status = "left"
    with pytest.raises(Conflict):
        store.waitlist.save(stale, version)  # a second offer (or a leave) read the old version
    stored, _ = store.waitlist.get("b1", "e1")
    assert stored.status == "offered" and stored.offer.expires_at == at(30)


def test_open_entries_come_first_come_first_served_with_versions(store):
    store.waitlist.create(entry("late", created=5))
    store.waitlist.create(entry("b-early", created=1))
    store.waitlist.create(entry("a-early", created=1))
    store.waitlist.create(entry("gone", created=0, status="left"))
    store.waitlist.create(entry("other", business="b2"))
    listed = store.waitlist.open_entries("b1")
    assert [e.id for e, _ in listed] == ["a-early", "b-early", "late"]
    found, version = listed[0]
    store.waitlist.save(found, version)  # the version it hands out is the one to write against
    assert [e.id for e in store.waitlist.list("b1")] == ["gone", "a-early", "b-early", "late"]
    assert [e.id for e in store.waitlist.list("b1", "left")] == ["gone"]
    assert [e.id for e in store.waitlist.list("b1", limit=2)] == ["gone", "a-early"]


def test_a_callers_entries_newest_first(store):
    store.waitlist.create(entry("old", created=1))
    store.waitlist.create(entry("new", created=2))
    store.waitlist.create(entry("someone", phone="+12125550102"))
    assert [e.id for e, _ in store.waitlist.for_caller("b1", "+12125550101")] == ["new", "old"]


def test_holds_and_the_holds_that_ran_out(store):
    for id, business, hold in (("soon", "b1", 10), ("later", "b1", 40), ("first", "b2", 5)):
        store.waitlist.create(entry(id, business))
        found, version = store.waitlist.get(business, id)
        store.waitlist.save(offered(found, hold), version)
    store.waitlist.create(entry("waiting"))
    assert sorted(e.id for e in store.waitlist.holds("b1", at(0))) == ["later", "soon"]
    assert [e.id for e in store.waitlist.holds("b1", at(10))] == ["later"]
    assert store.waitlist.expired_holds(at(4), 10) == []
    assert store.waitlist.expired_holds(at(10), 10) == [("b2", "first"), ("b1", "soon")]
    assert store.waitlist.expired_holds(at(60), 1) == [("b2", "first")]
