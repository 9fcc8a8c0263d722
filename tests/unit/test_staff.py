import datetime as dt

import pytest

from shared.domain import availability as av
from tests.factories import every_day, make_business, utc

MONDAY_9AM_NY = utc(2030, 3, 4, 14, 0)
TUESDAY = dt.date(2030, 3, 5)

TEAM = [
    {"id": "maria", "name": "Maria Lopez"},
    {"id": "jo", "name": "Jo Chen", "services": ["haircut"],
     "hours": {"tuesday": [{"open": "12:00", "close": "17:00"}]}, "breaks": [{"open": "14:00", "close": "15:00"}]},
    {"id": "sam", "name": "Sam Patel", "time_off": [{"date": "2030-03-05", "reason": "holiday"}]},
]


def business(**overrides):
    return make_business(**{"timezone": "America/New_York", "hours": every_day(), "min_notice_minutes": 60,
                            "staff": TEAM, **overrides})


def local_times(biz, slots):
    return [s.start.astimezone(biz.zone).strftime("%H:%M") for s in slots]


def test_a_staff_member_works_within_the_business_hours_minus_breaks_and_days_off():
    biz = business()
    haircut = biz.find_service("Haircut")
    jo, sam, maria = biz.find_staff("jo"), biz.find_staff("Sam"), biz.find_staff("maria lopez")
    jo_times = local_times(biz, av.free_slots(biz, haircut, TUESDAY, TUESDAY, [], MONDAY_9AM_NY, jo))
    assert jo_times[0] == "12:00" and "13:15" in jo_times and "13:30" not in jo_times  # 13:30+45 runs into the break
    assert "15:00" in jo_times and jo_times[-1] == "16:15"
    assert av.free_slots(biz, haircut, TUESDAY, TUESDAY, [], MONDAY_9AM_NY, sam) == []  # time off
    assert local_times(biz, av.free_slots(biz, haircut, TUESDAY, TUESDAY, [], MONDAY_9AM_NY, maria))[0] == "09:00"
    assert av.free_slots(biz, haircut, TUESDAY + dt.timedelta(days=1), TUESDAY + dt.timedelta(days=1), [],
                         MONDAY_9AM_NY, jo) == []  # Wednesday is not in Jo's hours: a day off


def test_team_slots_say_who_is_free_and_a_block_takes_only_its_owners_time():
    biz = business()
    haircut = biz.find_service("Haircut")
    maria_busy = av.Interval(utc(2030, 3, 5, 17, 0), utc(2030, 3, 5, 18, 0), "maria")  # 12:00-13:00 local
    slots = dict(av.team_slots(biz, haircut, TUESDAY, TUESDAY, [maria_busy], MONDAY_9AM_NY, biz.staff))
    at = {s.start.astimezone(biz.zone).strftime("%H:%M"): [m.id for m in who] for s, who in slots.items()}
    assert at["09:00"] == ["maria"] and at["12:00"] == ["jo"] and at["13:00"] == ["maria", "jo"]
    business_block = av.Interval(utc(2030, 3, 5, 17, 0), utc(2030, 3, 5, 18, 0), "")  # the whole shop
    slots = av.team_slots(biz, haircut, TUESDAY, TUESDAY, [business_block], MONDAY_9AM_NY, biz.staff)
    assert "12:00" not in [s.start.astimezone(biz.zone).strftime("%H:%M") for s, _ in slots]


def test_lock_cells_are_per_person():
    block = av.Interval(utc(2030, 1, 1, 10, 0), utc(2030, 1, 1, 10, 10))
    assert av.lock_cells(block) == ["20300101T1000Z", "20300101T1005Z"]
    assert av.lock_cells(block, "maria") == ["maria_20300101T1000Z", "maria_20300101T1005Z"]
    assert av.cell_time("maria_20300101T1005Z") == utc(2030, 1, 1, 10, 5)


def test_staff_config_is_checked():
    with pytest.raises(ValueError, match="unknown services"):
        business(staff=[{"id": "al", "name": "Al", "services": ["Nails"]}])
    with pytest.raises(ValueError, match="nobody on the staff does"):
        make_business(staff=[{"id": "al", "name": "Al", "services": ["Haircut"]}])
    with pytest.raises(ValueError, match="unique"):
        business(staff=[{"id": "al", "name": "Al"}, {"id": "al", "name": "Alan"}])
    biz = business()
    assert biz.find_staff("MARIA").id == "maria" and biz.find_staff("nobody") is None
    assert biz.find_staff("jo").services == ["Haircut"]  # a service named as callers say it, stored as listed


def test_confirmations_and_reminders_name_the_staff_member():
    from shared.domain import messages
    from shared.domain.appointments import Appointment, Caller

    biz = business()
    start = utc(2030, 3, 5, 15, 0)
    appointment = Appointment(
        id="a" * 20, business_id=biz.id, service="Haircut", start=start, end=start + dt.timedelta(minutes=45),
        block_start=start, block_end=start + dt.timedelta(hours=1), cells=[], caller=Caller(phone="+12125550101",
                                                                                           name="Ann"),
        caller_phone="+12125550101", staff_id="maria", staff_name="Maria Lopez", created_at=start,
        updated_at=start)
    context = messages.appointment_context(biz, appointment, MONDAY_9AM_NY)
    for kind in ("confirmation", "reschedule", "reminder"):
        _, body = messages.render(biz, kind, "sms", context)
        assert "Haircut with Maria" in body, body
    assert "Haircut with Maria Lopez at" in messages.calendar_invite(biz, appointment, MONDAY_9AM_NY)
    appointment.staff_id = appointment.staff_name = ""
    _, body = messages.render(biz, "confirmation", "sms", messages.appointment_context(biz, appointment,
                                                                                       MONDAY_9AM_NY))
    assert "with" not in body


def test_the_llm_prompt_lists_the_team_and_how_to_book_by_person():
    from shared.agent.prompt import system_prompt
    from shared.domain.calls import Call

    now = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
    call = Call(call_sid="CA1", business_id="b", caller_phone="+12125550100", dialled="+12125550101",
                started_at=now, updated_at=now)
    team, solo = business(), make_business()
    prompt = system_prompt(team, call, now, {})
    assert "Team (booked by person): Maria Lopez (all services); Jo Chen (Haircut; works Tuesday)" in prompt
    assert "pass staff (her name) to check_availability and book_appointment" in prompt
    assert "you cannot see who is working" not in prompt
    assert "Team (booked by person)" not in system_prompt(solo, call, now, {})
    assert "you cannot see who is working" in system_prompt(solo, call, now, {})


def test_what_a_caller_says_about_the_team():
    from shared.dialogue import team as said
    from shared.dialogue.lexicon.team import ANYONE, SAME_AS_LAST

    biz = business()
    assert ANYONE.search("ok then whoever is free") and ANYONE.search("anyone's fine")
    assert ANYONE.search("I don't mind who") and not ANYONE.search("any one of those times works")
    assert SAME_AS_LAST.search("the same person as last time please")
    assert SAME_AS_LAST.search("whoever I had last time") and not SAME_AS_LAST.search("same as last time")
    assert said.asked_about(biz, "Is Maria in on Friday?").id == "maria"
    assert said.asked_about(biz, "does Jo work Saturdays") is not None
    assert said.asked_about(biz, "Is Friday ok?") is None
    monday = dt.date(2030, 3, 4)
    assert said.rota(biz, biz.find_staff("jo"), monday + dt.timedelta(days=1), monday) == (
        "Yes, Jo is in tomorrow, noon to 2 PM and 3 PM to 5 PM.")
    assert said.rota(biz, biz.find_staff("sam"), monday + dt.timedelta(days=1), monday) == (
        "Sam isn't in tomorrow. Sam works Mondays, Wednesdays, Thursdays, Fridays, Saturdays and Sundays.")
