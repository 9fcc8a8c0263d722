import datetime as dt

from shared.domain import availability as av
from tests.factories import every_day, make_business, utc

MONDAY_9AM_NY = utc(2030, 3, 4, 14, 0)  # 09:00 EST


def business(**overrides):
    defaults = dict(timezone="America/New_York", hours=every_day(), min_notice_minutes=60,
                    max_days_ahead=60, slot_interval_minutes=15)
    return make_business(**{**defaults, **overrides})


def local_times(biz, slots):
    return [s.start.astimezone(biz.zone).strftime("%H:%M") for s in slots]


def test_slots_fill_opening_hours_and_respect_duration():
    biz = business()
    haircut = biz.find_service("haircut")
    slots = av.free_slots(biz, haircut, dt.date(2030, 3, 5), dt.date(2030, 3, 5), [], MONDAY_9AM_NY)
    times = local_times(biz, slots)
    assert times[0] == "09:00" and times[-1] == "16:15"
    assert len(times) == 30
    assert all(s.end - s.start == dt.timedelta(minutes=45) for s in slots)


def test_lunch_break_splits_the_day():
    biz = business(hours={"tuesday": [{"open": "09:00", "close": "12:00"},
                                      {"open": "13:00", "close": "15:00"}]})
    slots = av.free_slots(biz, biz.find_service("Haircut"), dt.date(2030, 3, 5), dt.date(2030, 3, 5), [],
                          MONDAY_9AM_NY)
    times = local_times(biz, slots)
    assert "11:15" in times and "11:30" not in times  # 11:30 + 45 min runs into lunch
    assert "13:00" in times and "14:15" in times and "14:30" not in times


def test_buffers_block_around_existing_appointments():
    biz = business()
    haircut = biz.find_service("Haircut")  # 45 min + 15 after
    colour = biz.find_service("Hair Colouring")  # 10 before, 120 min, 20 after
    existing = av.appointment_block(utc(2030, 3, 5, 15, 0), haircut)  # 10:00 local -> blocks to 11:00
    day = dt.date(2030, 3, 5)
    times = local_times(biz, av.free_slots(biz, haircut, day, day, [existing], MONDAY_9AM_NY))
    assert "09:00" in times and "09:15" not in times and "10:45" not in times and "11:00" in times
    colour_times = local_times(biz, av.free_slots(biz, colour, day, day, [existing], MONDAY_9AM_NY))
    assert "11:00" not in colour_times  # its 10-minute buffer before would overlap
    assert "11:15" in colour_times
    assert "09:00" not in colour_times  # its block runs 08:50-11:20, over the 10:00 booking


def test_minimum_notice_and_days_ahead():
    biz = business(min_notice_minutes=60, max_days_ahead=2)
    consult = biz.find_service("Consultation")
    today = dt.date(2030, 3, 4)
    slots = av.free_slots(biz, consult, today, today + dt.timedelta(days=10), [], MONDAY_9AM_NY)
    first = slots[0].start.astimezone(biz.zone)
    assert first.date() == today and first.strftime("%H:%M") == "10:00"
    assert max(s.start.astimezone(biz.zone).date() for s in slots) == today + dt.timedelta(days=2)


def test_past_days_have_no_slots():
    biz = business()
    day = dt.date(2030, 3, 1)
    assert av.free_slots(biz, biz.find_service("Haircut"), day, day, [], MONDAY_9AM_NY) == []


def test_closures_and_special_hours():
    biz = business(exceptions=[
        {"date": "2030-03-05", "closed": True, "reason": "holiday"},
        {"date": "2030-03-06", "end_date": "2030-03-07", "closed": False,
         "hours": [{"open": "12:00", "close": "13:00"}], "reason": "short days"},
    ])
    consult = biz.find_service("Consultation")
    slots = av.free_slots(biz, consult, dt.date(2030, 3, 5), dt.date(2030, 3, 8), [], MONDAY_9AM_NY)
    by_day = {}
    for slot in slots:
        local = slot.start.astimezone(biz.zone)
        by_day.setdefault(local.date().isoformat(), []).append(local.strftime("%H:%M"))
    assert "2030-03-05" not in by_day
    assert by_day["2030-03-06"] == ["12:00", "12:15", "12:30", "12:45"]
    assert by_day["2030-03-07"] == ["12:00", "12:15", "12:30", "12:45"]
    assert len(by_day["2030-03-08"]) == 32


def test_spring_forward_skips_the_missing_hour():
    biz = business(hours=every_day("00:00", "06:00"), min_notice_minutes=0)
    consult = biz.find_service("Consultation")
    day = dt.date(2030, 3, 10)  # US DST starts 02:00 -> 03:00
    slots = av.free_slots(biz, consult, day, day, [], utc(2030, 3, 9, 0, 0))
    times = local_times(biz, slots)
    assert not any(t.startswith("02:") for t in times)
    assert len(times) == 24 - 4
    offsets = {s.start.astimezone(biz.zone).utcoffset() for s in slots}
    assert offsets == {dt.timedelta(hours=-5), dt.timedelta(hours=-4)}
    assert all(s.end - s.start == dt.timedelta(minutes=15) for s in slots)


def test_fall_back_day_has_no_duplicate_slots_and_respects_closing():
    biz = business(hours=every_day("00:00", "04:00"), min_notice_minutes=0)
    colour = biz.find_service("Hair Colouring")
    day = dt.date(2030, 11, 3)  # US DST ends 02:00 -> 01:00
    slots = av.free_slots(biz, colour, day, day, [], utc(2030, 11, 2, 0, 0))
    starts = [s.start for s in slots]
    assert starts == sorted(set(starts))
    close = dt.datetime(2030, 11, 3, 4, 0, tzinfo=biz.zone)
    assert all(s.end <= close for s in slots)
    assert local_times(biz, slots)[-1] == "02:00"  # 02:00 EST + 2 h = 04:00 close


def test_offsets_follow_dst_across_days():
    biz = business()
    haircut = biz.find_service("Haircut")
    before = av.free_slots(biz, haircut, dt.date(2030, 3, 9), dt.date(2030, 3, 9), [], MONDAY_9AM_NY)
    after = av.free_slots(biz, haircut, dt.date(2030, 3, 11), dt.date(2030, 3, 11), [], MONDAY_9AM_NY)
    assert before[0].start.astimezone(biz.zone).isoformat().endswith("-05:00")
    assert after[0].start.astimezone(biz.zone).isoformat().endswith("-04:00")
    assert before[0].start.hour == 14 and after[0].start.hour == 13  # both 09:00 local


def test_lock_cells_cover_the_whole_block():
    block = av.Interval(utc(2030, 3, 5, 15, 0), utc(2030, 3, 5, 16, 0))
    cells = av.lock_cells(block)
    assert len(cells) == 12 and cells[0] == "20300305T1500Z" and cells[-1] == "20300305T1555Z"
    assert av.lock_cells(av.Interval(utc(2030, 1, 1, 10, 2), utc(2030, 1, 1, 10, 7))) == [
        "20300101T1000Z", "20300101T1005Z"]


def test_overlapping_blocks_share_a_cell_and_adjacent_ones_do_not():
    haircut = make_business().find_service("Haircut")
    a = av.appointment_block(utc(2030, 3, 5, 15, 0), haircut)
    b = av.appointment_block(utc(2030, 3, 5, 15, 45), haircut)  # starts in a's buffer
    c = av.appointment_block(utc(2030, 3, 5, 16, 0), haircut)
    assert set(av.lock_cells(a)) & set(av.lock_cells(b))
    assert not set(av.lock_cells(a)) & set(av.lock_cells(c))


def test_nearest_orders_by_distance_then_time():
    slots = [av.Interval(utc(2030, 1, 1, h), utc(2030, 1, 1, h, 30)) for h in (8, 9, 12, 13)]
    picked = av.nearest(slots, utc(2030, 1, 1, 11, 0), 2)
    assert [s.start.hour for s in picked] == [9, 12]


def test_a_business_open_around_the_clock_closes_at_24_00():
    biz = business(hours=every_day("00:00", "24:00"), slot_interval_minutes=15)
    haircut = biz.find_service("haircut")  # 45 minutes, 15 to tidy up
    slots = av.free_slots(biz, haircut, dt.date(2030, 3, 5), dt.date(2030, 3, 5), [], MONDAY_9AM_NY)
    assert local_times(biz, slots)[-1] == "23:15"  # ends at midnight, tidied after
    stored = biz.model_dump(mode="json")["hours"]["tuesday"][0]
    assert stored["close"] == "24:00" and type(biz).model_validate(biz.model_dump(mode="json")) == biz
