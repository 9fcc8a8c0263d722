"""The contract of BusinessRepository and AppointmentRepository (shared/ports.py)."""

import datetime as dt

import pytest

from shared.domain import availability as av
from shared.domain.appointments import Appointment, Caller
from shared.domain.notifications import Notification
from shared.errors import Conflict, InvalidInput, SlotTaken
from tests.factories import MONDAY_9AM_NY, make_business

NOW = MONDAY_9AM_NY
HAIRCUT = make_business().find_service("Haircut")


def appointment(business_id: str, start: dt.datetime, id: str, phone: str = "+12125550101",
                status: str = "booked", reminder_at: dt.datetime | None = None) -> Appointment:
    block = av.appointment_block(start, HAIRCUT)
    return Appointment(id=id, business_id=business_id, service="Haircut", start=start,
                       end=start + dt.timedelta(minutes=45), block_start=block.start, block_end=block.end,
                       cells=av.lock_cells(block) if status == "booked" else [], status=status,
                       caller=Caller(phone=phone, name="Ann"), caller_phone=phone, created_at=NOW, updated_at=NOW,
                       reminder_plan=[120] if reminder_at else [], next_reminder_at=reminder_at)


def at(hours: float) -> dt.datetime:
    return NOW + dt.timedelta(hours=hours)


def test_a_business_is_found_by_id_and_number_and_api_key(store):
    business = make_business()
    store.businesses.save(business)
    assert store.businesses.get(business.id) == business
    assert store.businesses.business_for_number(business.phone_numbers[0]) == business
    assert store.businesses.get("nobody") is None and store.businesses.business_for_number("+19995550000") is None
    store.businesses.add_api_key(business.id, "hash-1", "default")
    assert store.businesses.business_for_key_hash("hash-1") == business.id
    assert store.businesses.business_for_key_hash("hash-2") is None


def test_a_number_answers_for_one_business_and_a_dropped_number_stops_routing(store):
    first = make_business()
    store.businesses.save(first)
    thief = make_business(phone_numbers=first.phone_numbers)
    with pytest.raises(InvalidInput) as refused:
        store.businesses.save(thief)
    assert "phone_numbers" in refused.value.fields
    assert store.businesses.get(thief.id) is None
    moved = first.model_copy(update={"phone_numbers": ["+12125559999"]})
    store.businesses.save(moved)
    assert store.businesses.business_for_number(first.phone_numbers[0]) is None
    assert store.businesses.business_for_number("+12125559999").id == first.id


def test_an_appointment_is_stored_as_its_fields_in_utc_and_found_every_way(store):
    booked = appointment("b1", at(24), "a1")
    store.appointments.create(booked)
    found, version = store.appointments.get("b1", "a1")
    assert found == booked and version is not None
    raw = store.raw("businesses/b1/appointments/a1")
    assert raw["start"] == booked.start and raw["start"].utcoffset() == dt.timedelta(0)
    assert raw["cells"] == booked.cells and raw["caller"] == {"phone": "+12125550101", "name": "Ann", "email": None,
                                                                "verified": True}
    assert store.raw(f"businesses/b1/slot_locks/{booked.cells[0]}")["appointment_id"] == "a1"
    assert store.appointments.busy_between("b1", at(23), at(26)) == [av.Interval(booked.block_start, booked.block_end)]
    assert store.appointments.busy_between("b1", at(26), at(30)) == []
    assert store.appointments.busy_between("b2", at(23), at(26)) == []
    assert store.appointments.between("b1", at(24), at(25)) == [booked]
    assert store.appointments.between("b1", at(24.5), at(30)) == []
    assert store.appointments.for_caller("b1", "+12125550101", None) == [booked]
    assert store.appointments.for_caller("b1", "+12125550101", at(25)) == []
    assert store.appointments.for_caller("b1", "+12125550102", None) == []
    assert store.appointments.get("b1", "") is None and store.appointments.get("b1", "a/b") is None
    assert store.appointments.get("b1", "nope") is None


def test_lists_are_in_start_order(store):
    for n, hours in enumerate((30, 24, 27)):
        store.appointments.create(appointment("b1", at(hours), f"a{n}"))
    assert [a.id for a in store.appointments.between("b1", at(0), at(48))] == ["a1", "a2", "a0"]
    assert [a.id for a in store.appointments.for_caller("b1", "+12125550101", None)] == ["a1", "a2", "a0"]


def test_an_overlapping_booking_is_refused_and_writes_nothing(store):
    store.appointments.create(appointment("b1", at(24), "a1"))
    clash = appointment("b1", at(24.5), "a2", phone="+12125550102")
    with pytest.raises(SlotTaken):
        store.appointments.create(clash)
    assert store.appointments.get("b1", "a2") is None
    free_cells = [c for c in clash.cells if c not in appointment("b1", at(24), "a1").cells]
    assert free_cells and all(store.raw(f"businesses/b1/slot_locks/{c}") is None for c in free_cells)
    assert store.appointments.for_caller("b1", "+12125550102", None) == []
    with pytest.raises(SlotTaken):  # the same id again (a repeated create)
        store.appointments.create(appointment("b1", at(48), "a1"))
    store.appointments.create(appointment("b2", at(24), "a1"))  # another business's calendar is its own


def with_staff(booked: Appointment, staff: str) -> Appointment:
    block = av.Interval(booked.block_start, booked.block_end)
    return booked.model_copy(update={"staff_id": staff, "staff_name": staff.title(),
                                     "cells": av.lock_cells(block, staff)})


def test_each_staff_members_time_locks_on_its_own(store):
    maria = with_staff(appointment("b1", at(24), "a1"), "maria")
    store.appointments.create(maria)
    store.appointments.create(with_staff(appointment("b1", at(24), "a2", phone="+12125550102"), "jo"))
    with pytest.raises(SlotTaken):  # Maria again at an overlapping time
        store.appointments.create(with_staff(appointment("b1", at(24.5), "a3", phone="+12125550103"), "maria"))
    assert store.appointments.get("b1", "a3") is None
    busy = sorted(store.appointments.busy_between("b1", at(23), at(26)), key=lambda b: b.staff)
    assert [b.staff for b in busy] == ["jo", "maria"] and busy[1].start == maria.block_start
    assert store.raw(f"businesses/b1/slot_locks/{maria.cells[0]}")["appointment_id"] == "a1"


def test_a_move_takes_the_new_time_frees_the_old_one_and_needs_the_version_it_read(store):
    booked = appointment("b1", at(24), "a1")
    store.appointments.create(booked)
    _, version = store.appointments.get("b1", "a1")
    moved = appointment("b1", at(28), "a1", status="booked")
    moved.status = "rescheduled"
    store.appointments.replace(booked, moved, version)
    assert store.appointments.get("b1", "a1")[0] == moved
    assert store.appointments.busy_between("b1", at(23), at(30)) == [av.Interval(moved.block_start, moved.block_end)]
    store.appointments.create(appointment("b1", at(24), "a2"))  # the old time is free again
    with pytest.raises(Conflict):
        store.appointments.replace(booked, appointment("b1", at(40), "a1"), version)  # stale version
    assert store.appointments.get("b1", "a1")[0] == moved


def test_a_move_onto_a_taken_time_is_refused_and_changes_nothing(store):
    first = appointment("b1", at(24), "a1")
    store.appointments.create(first)
    store.appointments.create(appointment("b1", at(30), "a2"))
    _, version = store.appointments.get("b1", "a1")
    with pytest.raises(SlotTaken):
        store.appointments.replace(first, appointment("b1", at(30.25), "a1"), version)
    found, same = store.appointments.get("b1", "a1")
    assert found == first and same == version
    assert store.raw(f"businesses/b1/slot_locks/{first.cells[0]}")["appointment_id"] == "a1"


def test_a_cancellation_releases_its_cells_and_leaves_the_busy_map(store):
    booked = appointment("b1", at(24), "a1")
    store.appointments.create(booked)
    _, version = store.appointments.get("b1", "a1")
    cancelled = booked.model_copy(update={"status": "cancelled", "cells": []})
    store.appointments.replace(booked, cancelled, version)
    assert store.appointments.busy_between("b1", at(23), at(26)) == []
    assert all(store.raw(f"businesses/b1/slot_locks/{c}") is None for c in booked.cells)
    assert store.appointments.between("b1", at(23), at(26))[0].status == "cancelled"


def test_reminders_due_come_from_every_business_in_order_and_page(store):
    store.appointments.create(appointment("b1", at(5), "late", reminder_at=at(3)))
    store.appointments.create(appointment("b2", at(2), "early", reminder_at=at(0)))
    store.appointments.create(appointment("b1", at(8), "later", reminder_at=at(6)))
    store.appointments.create(appointment("b1", at(9), "none"))
    due = store.appointments.due_for_reminders(at(4), 10)
    assert [a.id for a, _, _ in due] == ["early", "late"]
    first = store.appointments.due_for_reminders(at(4), 1)
    assert [a.id for a, _, _ in first] == ["early"]
    rest = store.appointments.due_for_reminders(at(4), 10, after=first[0][2])
    assert [a.id for a, _, _ in rest] == ["late"]


def record(business_id: str, id: str, status: str = "queued", created: float = 0) -> Notification:
    return Notification(id=id, business_id=business_id, kind="reminder", channel="sms", to="+12125550101",
                        body="See you soon", status=status, created_at=at(created), updated_at=at(created))


def test_reminders_commit_all_or_nothing(store):
    store.appointments.create(appointment("b1", at(5), "a1", reminder_at=at(3)))
    [(due, version, _)] = store.appointments.due_for_reminders(at(4), 10)
    due.reminder_plan, due.next_reminder_at = [], None
    store.notifications.create(record("b1", "taken"))
    with pytest.raises(Conflict):
        store.appointments.commit_reminders([(due, version)], [record("b1", "new"), record("b1", "taken")])
    assert store.appointments.get("b1", "a1")[0].next_reminder_at == at(3)
    assert store.notifications.get("b1", "new") is None
    store.appointments.commit_reminders([(due, version)], [record("b1", "new")])
    assert store.appointments.get("b1", "a1")[0].next_reminder_at is None
    assert store.notifications.get("b1", "new")[0].body == "See you soon"
    with pytest.raises(Conflict):  # the version it read is gone now
        store.appointments.commit_reminders([(due, version)], [])
