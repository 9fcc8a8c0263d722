import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from shared.domain.appointments import Caller
from shared.errors import InvalidInput, InvalidState, NotFound, SlotTaken
from tests.factories import MONDAY_9AM_NY as NOW
from tests.factories import utc

TUESDAY_10 = utc(2030, 3, 5, 15, 0)  # 10:00 EST
ANN = Caller(phone="+12125550101", name="Ann", email="ann@example.com")
BOB = Caller(phone="+12125550102", name="Bob")


def lock_ids(firestore_client, business):
    locks = firestore_client.collection("businesses").document(business.id).collection("slot_locks")
    return sorted(doc.id for doc in locks.stream())


def test_book_then_the_same_time_is_refused_with_alternatives(calendar, business, firestore_client):
    appointment, created = calendar.book(business, "haircut", TUESDAY_10, ANN)
    assert created and appointment.service == "Haircut" and appointment.status == "booked"
    assert appointment.end - appointment.start == dt.timedelta(minutes=45)
    assert len(lock_ids(firestore_client, business)) == 12  # 45 min + 15 min buffer

    with pytest.raises(SlotTaken) as caught:
        calendar.book(business, "Haircut", TUESDAY_10 + dt.timedelta(minutes=30), BOB)
    alternatives = caught.value.alternatives
    assert len(alternatives) == 3
    assert all(a["start"].endswith("-05:00") for a in alternatives)
    day = calendar.check_availability(business, "Haircut", dt.date(2030, 3, 5))["slots"]
    starts = [s["start"][11:16] for s in day]
    assert "10:00" not in starts and "10:45" not in starts and "11:00" in starts


def test_repeating_the_same_booking_returns_the_first(calendar, business, firestore_client):
    first, created = calendar.book(business, "Haircut", TUESDAY_10, ANN)
    again, created_again = calendar.book(business, "Haircut", TUESDAY_10, ANN)
    assert created and not created_again and again.id == first.id
    assert len(calendar.for_caller(business, ANN.phone)) == 1


def test_invalid_times_are_refused_without_writing(calendar, business, firestore_client):
    for start in (utc(2030, 3, 5, 12, 0),          # 07:00 local, before opening
                  utc(2030, 3, 5, 15, 7),          # off the slot grid
                  NOW + dt.timedelta(minutes=30),  # inside the minimum notice
                  utc(2030, 9, 1, 15, 0)):         # beyond max days ahead
        with pytest.raises(SlotTaken):
            calendar.book(business, "Haircut", start, ANN)
    assert lock_ids(firestore_client, business) == []
    with pytest.raises(InvalidInput) as caught:
        calendar.book(business, "Nails", TUESDAY_10, ANN)
    assert "Haircut" in caught.value.fields["service"]


def test_concurrent_bookings_of_overlapping_times_yield_one(calendar, business, firestore_client):
    starts = [TUESDAY_10 + dt.timedelta(minutes=15 * (i % 3)) for i in range(12)]

    def attempt(i):
        try:
            calendar.book(business, "Haircut", starts[i], Caller(phone=f"+1212555{2000 + i}", name=f"C{i}"))
            return "ok"
        except SlotTaken:
            return "taken"

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(attempt, range(12)))
    assert results.count("ok") == 1 and results.count("taken") == 11
    appointments = calendar.on_days(business, dt.date(2030, 3, 5), dt.date(2030, 3, 5))
    assert len(appointments) == 1
    assert lock_ids(firestore_client, business) == sorted(appointments[0].cells)


def test_reschedule_moves_atomically(calendar, business, firestore_client):
    appointment, _ = calendar.book(business, "Haircut", TUESDAY_10, ANN)
    other, _ = calendar.book(business, "Haircut", TUESDAY_10 + dt.timedelta(hours=2), BOB)

    with pytest.raises(SlotTaken):
        calendar.reschedule(business, appointment.id, ANN.phone, other.start)
    unchanged, _ = calendar.appointments.get(business.id, appointment.id)
    assert unchanged.start == TUESDAY_10 and unchanged.status == "booked"
    assert set(lock_ids(firestore_client, business)) == set(appointment.cells) | set(other.cells)

    # Overlapping its own old time is fine: shared cells are kept, the rest swapped.
    moved = calendar.reschedule(business, appointment.id, ANN.phone, TUESDAY_10 + dt.timedelta(minutes=30))
    assert moved.status == "rescheduled" and moved.history[-1].status == "rescheduled"
    assert set(lock_ids(firestore_client, business)) == set(moved.cells) | set(other.cells)
    assert calendar.appointments.get(business.id, appointment.id)[0].start == moved.start


def test_cancel_frees_the_slot_and_cannot_repeat(calendar, business, firestore_client):
    appointment, _ = calendar.book(business, "Haircut", TUESDAY_10, ANN)
    cancelled = calendar.cancel(business, appointment.id, ANN.phone, "sick")
    assert cancelled.status == "cancelled" and cancelled.history[-1].reason == "sick"
    assert lock_ids(firestore_client, business) == []
    with pytest.raises(InvalidState):
        calendar.cancel(business, appointment.id, ANN.phone)
    with pytest.raises(InvalidState):
        calendar.reschedule(business, appointment.id, ANN.phone, TUESDAY_10 + dt.timedelta(hours=1))
    rebooked, created = calendar.book(business, "Haircut", TUESDAY_10, BOB)
    assert created and rebooked.id != appointment.id


def test_callers_cannot_touch_each_others_appointments(calendar, business):
    appointment, _ = calendar.book(business, "Haircut", TUESDAY_10, ANN)
    with pytest.raises(NotFound):
        calendar.cancel(business, appointment.id, BOB.phone)
    with pytest.raises(NotFound):
        calendar.reschedule(business, appointment.id, BOB.phone, TUESDAY_10 + dt.timedelta(hours=1))
    with pytest.raises(NotFound):
        calendar.cancel(business, "does-not-exist", ANN.phone)
    assert calendar.for_caller(business, BOB.phone) == []


def test_lists_by_caller_and_by_day(calendar, business):
    calendar.book(business, "Haircut", TUESDAY_10, ANN)
    calendar.book(business, "Beard Trim", TUESDAY_10 + dt.timedelta(days=1), ANN)
    calendar.book(business, "Beard Trim", TUESDAY_10 + dt.timedelta(hours=3), BOB)
    mine = calendar.for_caller(business, ANN.phone)
    assert [a.service for a in mine] == ["Haircut", "Beard Trim"]
    tuesday = calendar.on_days(business, dt.date(2030, 3, 5), dt.date(2030, 3, 5))
    assert sorted(a.caller.name for a in tuesday) == ["Ann", "Bob"]


def test_availability_range_limits(calendar, business):
    with pytest.raises(InvalidInput):
        calendar.check_availability(business, "Haircut", dt.date(2030, 3, 5), dt.date(2030, 3, 4))
    with pytest.raises(InvalidInput):
        calendar.check_availability(business, "Haircut", dt.date(2030, 3, 5), dt.date(2030, 5, 5))
    week = calendar.check_availability(business, "Haircut", dt.date(2030, 3, 5), dt.date(2030, 3, 11))
    assert len({s["start"][:10] for s in week["slots"]}) == 7


def test_blocks_crossing_utc_midnight_are_seen_from_both_days(firestore_client):
    from shared.adapters.firestore_store import FirestoreAppointments, FirestoreBusinesses
    from shared.services.booking import Calendar
    from tests.factories import every_day, fixed_clock, make_business

    business = make_business(timezone="America/Los_Angeles", hours=every_day("09:00", "20:00"),
                             min_notice_minutes=0)
    FirestoreBusinesses(firestore_client).save(business)
    calendar = Calendar(FirestoreAppointments(firestore_client), fixed_clock(NOW))
    late = utc(2030, 3, 5, 23, 45)  # 15:45 in Los Angeles; the block runs to 00:45 UTC next day
    calendar.book(business, "Haircut", late, ANN)
    with pytest.raises(SlotTaken):
        calendar.book(business, "Haircut", utc(2030, 3, 6, 0, 30), BOB)  # 16:30 local, in the buffer
    starts = [s["start"][11:16] for s in
              calendar.check_availability(business, "Haircut", dt.date(2030, 3, 5))["slots"]]
    assert "14:45" in starts and "15:00" not in starts and "16:30" not in starts and "16:45" in starts


def test_day_map_follows_reschedule_and_cancel(calendar, business, firestore_client):
    days = firestore_client.collection("businesses").document(business.id).collection("calendar_days")
    appointment, _ = calendar.book(business, "Haircut", TUESDAY_10, ANN)
    assert appointment.id in days.document("2030-03-05").get().get("blocks")
    moved = calendar.reschedule(business, appointment.id, ANN.phone, TUESDAY_10 + dt.timedelta(days=1))
    assert appointment.id not in (days.document("2030-03-05").get().to_dict()["blocks"])
    assert days.document("2030-03-06").get().get("blocks")[appointment.id]["start"] == moved.start
    calendar.cancel(business, appointment.id, ANN.phone)
    assert days.document("2030-03-06").get().to_dict()["blocks"] == {}


def test_outcomes_are_recorded_only_after_the_start(calendar, business, firestore_client):
    from shared.adapters.firestore_store import FirestoreAppointments
    from shared.services.booking import Calendar
    from tests.factories import fixed_clock

    appointment, _ = calendar.book(business, "Haircut", TUESDAY_10, ANN)
    with pytest.raises(InvalidState):
        calendar.mark_outcome(business, appointment.id, "completed")
    later = Calendar(FirestoreAppointments(firestore_client), fixed_clock(TUESDAY_10 + dt.timedelta(hours=1)))
    done = later.mark_outcome(business, appointment.id, "no_show", "did not come")
    assert done.status == "no_show" and done.history[-1].reason == "did not come"
    assert later.get(business, appointment.id).status == "no_show"
    with pytest.raises(InvalidState):
        later.mark_outcome(business, appointment.id, "completed")
    with pytest.raises(InvalidInput):
        later.mark_outcome(business, appointment.id, "exploded")
    with pytest.raises(NotFound):
        later.get(business, "nope")
