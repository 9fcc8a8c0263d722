"""The contract of CalendarSyncStore (shared/ports.py): connections, and the busy time of an
outside calendar stored so availability reads it and a booking interlocks with it."""

import datetime as dt

import pytest

from shared.domain import availability as av
from shared.domain.appointments import Appointment, Caller
from shared.domain.calendar_sync import CalendarConnection, ExternalEvent, event_key
from shared.errors import SlotTaken
from tests.factories import MONDAY_9AM_NY, make_business

NOW = MONDAY_9AM_NY
WINDOW = av.Interval(NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=62))
HAIRCUT = make_business().find_service("Haircut")


def at(hours: float) -> dt.datetime:
    return NOW + dt.timedelta(hours=hours)


def event(id: str, start: float, hours: float = 1.0, busy: bool = True) -> ExternalEvent:
    return ExternalEvent(id, at(start), at(start + hours), busy, f"Event {id}")


def booking(id: str, start: float, staff: str, phone: str = "+12125550101") -> Appointment:
    block = av.appointment_block(at(start), HAIRCUT)
    return Appointment(id=id, business_id="b1", service="Haircut", start=at(start),
                       end=at(start) + dt.timedelta(minutes=45), block_start=block.start, block_end=block.end,
                       cells=av.lock_cells(block, staff), caller=Caller(phone=phone, name="Ann"), caller_phone=phone,
                       staff_id=staff, staff_name=staff.title(), created_at=NOW, updated_at=NOW)


def test_a_connection_is_saved_updated_and_listed(store):
    connection = CalendarConnection(business_id="b1", resource="maria", calendar_id="m@example.com",
                                    refresh_token_encrypted="gAAAA-cipher", connected_at=NOW)
    store.calendar.save_connection(connection)
    store.calendar.update_connection("b1", "maria", {"sync_token": "t1", "last_sync_at": at(1)})
    found = store.calendar.connection("b1", "maria")
    assert found.sync_token == "t1" and found.last_sync_at == at(1) and found.calendar_id == "m@example.com"
    assert store.calendar.connection("b1", "jo") is None and store.calendar.connection("b1", "a/b") is None
    assert [c.resource for c in store.calendar.connections()] == ["maria"]


def test_busy_events_block_that_persons_time_and_a_booking_over_them_is_refused(store):
    applied = store.calendar.apply("b1", "maria", [event("e1", 24), event("e2", 30, busy=False),
                                                   event("e3", 24 * 90)], WINDOW, full=True)
    assert (applied.changed, applied.removed, applied.conflicts) == (1, 0, [])
    busy = store.appointments.busy_between("b1", at(23), at(26))
    assert busy == [av.Interval(at(24), at(25), "maria")]
    with pytest.raises(SlotTaken):
        store.appointments.create(booking("a1", 24.25, "maria"))
    store.appointments.create(booking("a2", 24.25, "jo"))  # another person's time is free
    cell = av.lock_cells(av.Interval(at(24), at(25)), "maria")[0]
    assert store.raw(f"businesses/b1/slot_locks/{cell}")["external"] == [event_key("maria", "e1")]


def test_an_event_over_a_booking_made_first_is_a_conflict(store):
    store.appointments.create(booking("a1", 24, "maria"))
    applied = store.calendar.apply("b1", "maria", [event("e1", 24.5)], WINDOW, full=False)
    assert [(e.id, appointment_id) for e, appointment_id in applied.conflicts] == [("e1", "a1")]
    assert store.calendar.apply("b1", "jo", [event("e9", 24.5)], WINDOW, full=False).conflicts == []


def test_a_moved_or_deleted_event_frees_its_time_and_a_full_listing_drops_what_is_gone(store):
    store.calendar.apply("b1", "maria", [event("e1", 24), event("e2", 48)], WINDOW, full=True)
    store.calendar.apply("b1", "maria", [event("e1", 26)], WINDOW, full=False)  # e1 moved
    assert store.appointments.busy_between("b1", at(23), at(27)) == [av.Interval(at(26), at(27), "maria")]
    store.appointments.create(booking("a1", 24, "maria"))  # its old time is bookable again
    applied = store.calendar.apply("b1", "maria", [event("e1", 26)], WINDOW, full=True)  # e2 no longer listed
    assert applied.removed == 1 and store.appointments.busy_between("b1", at(47), at(50)) == []
    store.calendar.apply("b1", "maria", [ExternalEvent("e1")], WINDOW, full=False)  # e1 deleted in Google
    assert [b.staff for b in store.appointments.busy_between("b1", at(23), at(27))] == ["maria"]  # a1 alone
    assert all(store.raw(f"businesses/b1/slot_locks/{c}") is None
               for c in av.lock_cells(av.Interval(at(26), at(27)), "maria"))
