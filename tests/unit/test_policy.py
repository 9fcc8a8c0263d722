import datetime as dt
from zoneinfo import ZoneInfo

from shared.dialogue.times import Why, reason_not
from shared.domain.business import Service
from tests.factories import every_day, make_business

NY = ZoneInfo("America/New_York")


def test_why_nothing_can_be_booked_on_a_day():
    business = make_business(hours={**every_day("09:00", "18:00"), "sunday": []}, min_notice_minutes=120)
    today = dt.date(2026, 11, 25)  # a Wednesday
    morning, late, later = (dt.datetime.combine(today, dt.time(h, m), tzinfo=NY)
                            for h, m in ((10, 0), (15, 0), (15, 31)))
    half_hour, hour_and_a_half = (Service(name="S", duration_minutes=m, price=10) for m in (30, 90))
    trim = Service(name="Trim", duration_minutes=20, price=10, buffer_after_minutes=10)
    assert reason_not(business, today, morning, [half_hour]).words == "We're fully booked today."
    # 2 h notice: 5 to 6 free
    assert reason_not(business, today, late, [half_hour]).words == "We're fully booked today."
    # 2 h notice and closing at 6 leave no room for it: too late, not fully booked
    assert reason_not(business, today, later, [half_hour]).words == "There's nothing left I can book today."
    assert reason_not(business, today, late, [hour_and_a_half]).words == "There's nothing left I can book today."
    assert reason_not(business, today, late, [hour_and_a_half, half_hour]).words == "We're fully booked today."
    assert reason_not(business, today, later, [trim]).words == "There's nothing left I can book today."  # slot grid
    assert reason_not(business, dt.date(2026, 11, 29), morning, [half_hour]).words == "We're closed on Sundays."


def test_the_reason_is_typed_where_it_is_found():
    """The waitlist is offered for a fully booked day, not a closed one: decided by `Reason.why`, and a
    reason is kept (`Reason.key`) by what it is and what it is about, never by its words."""
    business = make_business(hours={**every_day("09:00", "18:00"), "sunday": []}, min_notice_minutes=120)
    today = dt.date(2026, 11, 25)  # a Wednesday
    morning, later = (dt.datetime.combine(today, dt.time(h, m), tzinfo=NY) for h, m in ((10, 0), (15, 31)))
    half_hour = Service(name="S", duration_minutes=30, price=10)
    full = reason_not(business, today, morning, [half_hour])
    assert (full.why, full.key) == (Why.FULLY_BOOKED, "fully_booked 2026-11-25")
    assert reason_not(business, today, later, [half_hour]).why is Why.NOTHING_LEFT_TODAY
    one, next_one = (reason_not(business, day, morning, [half_hour])
                     for day in (dt.date(2026, 11, 29), dt.date(2026, 12, 6)))
    assert one.why is Why.CLOSED_WEEKLY and one.key == next_one.key == "closed_weekly Sunday"  # said the same way
