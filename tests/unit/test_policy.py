import datetime as dt
from zoneinfo import ZoneInfo

from shared.dialogue.times import why_not
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
    assert why_not(business, today, morning, [half_hour]) == "We're fully booked today."
    assert why_not(business, today, late, [half_hour]) == "We're fully booked today."  # 2 h notice: 5 to 6 free
    # 2 h notice and closing at 6 leave no room for it: too late, not fully booked
    assert why_not(business, today, later, [half_hour]) == "There's nothing left I can book today."
    assert why_not(business, today, late, [hour_and_a_half]) == "There's nothing left I can book today."
    assert why_not(business, today, late, [hour_and_a_half, half_hour]) == "We're fully booked today."
    assert why_not(business, today, later, [trim]) == "There's nothing left I can book today."  # slot grid
    assert why_not(business, dt.date(2026, 11, 29), morning, [half_hour]) == "We're closed on Sundays."
