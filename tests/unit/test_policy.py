import datetime as dt
from zoneinfo import ZoneInfo

from shared.dialogue.policy import _why_not
from tests.factories import every_day, make_business

NY = ZoneInfo("America/New_York")


def test_why_nothing_can_be_booked_on_a_day():
    business = make_business(hours={**every_day("09:00", "18:00"), "sunday": []}, min_notice_minutes=120)
    today = dt.date(2026, 11, 25)  # a Wednesday
    morning, late = (dt.datetime.combine(today, dt.time(h), tzinfo=NY) for h in (10, 17))
    assert _why_not(business, today, morning) == "We're fully booked today."
    assert _why_not(business, today, late) == "There's nothing left I can book today."  # 2 h notice, closes at 6
    assert _why_not(business, dt.date(2026, 11, 29), morning) == "We're closed on Sundays."
