"""A team's calendar on the Firestore emulator: per-person availability, booking and locking."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from shared.adapters.firestore_store import FirestoreBusinesses
from shared.domain.appointments import Caller
from shared.errors import InvalidInput, SlotTaken
from tests.factories import every_day, make_business, utc

TUESDAY = dt.date(2030, 3, 5)
TUESDAY_10 = utc(2030, 3, 5, 15, 0)  # 10:00 EST
ANN = Caller(phone="+12125550101", name="Ann")
BOB = Caller(phone="+12125550102", name="Bob")
TEAM = [{"id": "maria", "name": "Maria Lopez"}, {"id": "jo", "name": "Jo Chen", "services": ["Haircut"]},
        {"id": "sam", "name": "Sam Patel", "hours": {"monday": [{"open": "09:00", "close": "17:00"}]}}]


@pytest.fixture
def team(firestore_client):
    business = make_business(timezone="America/New_York", hours=every_day(), min_notice_minutes=60, staff=TEAM)
    FirestoreBusinesses(firestore_client).save(business)
    return business


def starts(result, staff=None):
    return [s["start"][11:16] for s in result["slots"] if staff is None or staff in s["staff"]]


def test_each_slot_says_who_is_free_and_a_booking_takes_only_that_persons_time(calendar, team):
    before = calendar.check_availability(team, "Haircut", TUESDAY)
    assert before["slots"][0]["staff"] == ["Maria Lopez", "Jo Chen"]  # Sam works Mondays only
    booked, created = calendar.book(team, "Haircut", TUESDAY_10, ANN, staff="Maria")
    assert created and booked.staff_id == "maria" and booked.staff_chosen
    assert booked.public(team.zone)["staff"] == "Maria Lopez" and booked.cells[0].startswith("maria_")
    after = calendar.check_availability(team, "Haircut", TUESDAY)
    assert "10:00" in starts(after, "Jo Chen") and "10:00" not in starts(after, "Maria Lopez")
    only_maria = calendar.check_availability(team, "haircut", TUESDAY, staff="maria")
    assert only_maria["staff"] == "Maria Lopez" and "10:00" not in starts(only_maria)
    with pytest.raises(SlotTaken) as caught:
        calendar.book(team, "Haircut", TUESDAY_10, BOB, staff="Maria Lopez")
    assert "Maria Lopez is already booked" in caught.value.message
    assert all("Maria Lopez" in a["staff"] for a in caught.value.alternatives)
    other, _ = calendar.book(team, "Haircut", TUESDAY_10, BOB)  # anyone: Jo is free
    assert other.staff_id == "jo" and not other.staff_chosen


def test_whoever_is_free_spreads_the_days_load(calendar, team):
    first, _ = calendar.book(team, "Consultation", TUESDAY_10, ANN)
    second, _ = calendar.book(team, "Consultation", TUESDAY_10 + dt.timedelta(hours=2), BOB)
    assert {first.staff_id, second.staff_id} == {"maria"}  # only Maria (and Sam, off) do consultations
    cut_1, _ = calendar.book(team, "Haircut", TUESDAY_10 + dt.timedelta(hours=4), Caller(phone="+12125550103",
                                                                                          name="Cy"))
    assert cut_1.staff_id == "jo"  # Maria already has two bookings that day


def test_a_staff_member_who_is_off_or_does_not_do_the_service(calendar, team):
    off = calendar.check_availability(team, "Haircut", TUESDAY, staff="Sam")
    assert off["slots"] == [] and off["staff_off"] == "Sam Patel is not working then."
    with pytest.raises(InvalidInput) as caught:
        calendar.check_availability(team, "Hair Colouring", TUESDAY, staff="Jo")
    assert "Jo Chen doesn't do Hair Colouring" in caught.value.message and "staff" in caught.value.fields
    with pytest.raises(InvalidInput):
        calendar.book(team, "Haircut", TUESDAY_10, ANN, staff="Nobody")
    with pytest.raises(SlotTaken, match="Sam Patel is not working"):
        calendar.book(team, "Haircut", TUESDAY_10, ANN, staff="Sam")


def test_two_callers_one_stylist_one_slot_one_wins_two_stylists_both_win(calendar, team):
    def attempt(args):
        i, staff = args
        try:
            calendar.book(team, "Haircut", TUESDAY_10, Caller(phone=f"+1212555{3000 + i}", name=f"C{i}"), staff=staff)
            return "ok"
        except SlotTaken:
            return "taken"

    with ThreadPoolExecutor(max_workers=6) as pool:
        one_stylist = list(pool.map(attempt, [(i, "maria") for i in range(6)]))
    assert one_stylist.count("ok") == 1
    with ThreadPoolExecutor(max_workers=2) as pool:
        two = list(pool.map(attempt, [(10, "jo"), (11, "maria")]))
    assert two == ["ok", "taken"]  # Maria's slot went to the first race
    later = TUESDAY_10 + dt.timedelta(hours=3)

    def anyone(i):
        try:
            return calendar.book(team, "Haircut", later, Caller(phone=f"+1212555{4000 + i}", name=f"A{i}"))[0].staff_id
        except SlotTaken:
            return "taken"

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(anyone, range(4)))
    assert sorted(r for r in results if r != "taken") == ["jo", "maria"] and results.count("taken") == 2


def test_a_move_keeps_the_chosen_person_unless_asked(calendar, team):
    booked, _ = calendar.book(team, "Haircut", TUESDAY_10, ANN, staff="Jo")
    moved = calendar.reschedule(team, booked.id, ANN.phone, TUESDAY_10 + dt.timedelta(hours=1))
    assert moved.staff_id == "jo" and moved.cells[0].startswith("jo_")
    switched = calendar.reschedule(team, booked.id, ANN.phone, moved.start, staff="Maria")
    assert switched.staff_id == "maria" and switched.start == moved.start
    listing = calendar.check_availability(team, "Haircut", TUESDAY, moving=switched)
    assert "Jo Chen" not in {name for s in listing["slots"] for name in s["staff"]}  # Maria was chosen: hers only


def test_a_business_without_staff_books_as_before(calendar, business):
    booked, _ = calendar.book(business, "Haircut", TUESDAY_10, ANN)
    assert booked.staff_id == "" and "staff" not in booked.public(business.zone)
    assert not booked.cells[0].count("_")
    assert "staff" not in calendar.check_availability(business, "Haircut", TUESDAY)["slots"][0]
    with pytest.raises(InvalidInput):
        calendar.book(business, "Haircut", TUESDAY_10 + dt.timedelta(hours=1), BOB, staff="Maria")
