"""A salon with a team, answered by the offline engine in-process (tests/world.py): "with Maria",
"is Maria in on Friday?", "the same person as last time", "Maria's off? then whoever"."""

import datetime as dt

import pytest

from shared.domain.appointments import Caller
from tests.factories import every_day
from tests.unit.conversations.helpers import WEEKDAY_MORNING

pytestmark = pytest.mark.now(WEEKDAY_MORNING)  # a Monday: Thursday is three days on


@pytest.fixture
def salon(world):
    thursday = dt.date.fromisoformat(WEEKDAY_MORNING[:10]) + dt.timedelta(days=3)
    team = [{"id": "maria", "name": "Maria Lopez", "time_off": [{"date": thursday.isoformat()}]},
            {"id": "jo", "name": "Jo Chen", "services": ["Haircut", "Beard Trim"]},
            {"id": "sam", "name": "Sam Patel", "hours": {"saturday": [{"open": "09:00", "close": "17:00"}]}}]
    return world.register(hours=every_day("09:00", "17:00"), min_notice_minutes=60, staff=team)


def appointments(world, business):
    return world.stored(business, "appointments")


def test_a_booking_with_a_named_stylist_reads_her_back_and_books_her(world, salon):
    said = world.converse(salon, ["Hi, I'd like a haircut with Maria tomorrow at 10am", "Jen", "yes"],
                          caller="+12125550301")
    assert said[2] == "Just to confirm: a Haircut tomorrow at 10 AM with Maria for Jen. Shall I book that?"
    [booked] = appointments(world, salon)
    assert booked["staff_id"] == "maria" and booked["staff_chosen"] and "Would like" not in booked["notes"]


def test_is_someone_in_on_a_day(world, salon):
    said = world.converse(salon, ["Is Maria in on Friday?", "Is Sam working on Friday?"], caller="+12125550302")
    assert said[1] == "Yes, Maria is in on Friday, 9 AM to 5 PM. Would you like to book with Maria?"
    assert said[2] == "Sam isn't in on Friday. Sam works Saturdays. Would you like to book with Sam?"


def test_the_same_person_as_last_time(world, salon):
    phone = "+12125550303"
    last, _ = world.app.calendar.book(salon, "Beard Trim", world.at(salon, world.day(salon, 2), "11:00"),
                                      Caller(phone=phone, name="Lee"), staff="Jo")
    said = world.converse(salon, ["Can I book a haircut with the same person as last time, tomorrow at 2pm?",
                                  "Lee", "yes"], caller=phone)
    assert said[2].startswith("Just to confirm: a Haircut tomorrow at 2 PM with Jo for Lee"), said[2]
    booked = [a for a in appointments(world, salon) if a["id"] != last.id]
    assert [a["staff_id"] for a in booked] == ["jo"]


def test_when_the_chosen_stylist_is_off_then_whoever(world, salon):
    said = world.converse(salon, ["a haircut with Maria on Thursday at 10am", "ok then whoever is free",
                                  "Kim", "yes"], caller="+12125550304")
    assert said[1].startswith("Maria isn't free on Thursday (I can look for someone else that day if you like). "
                              "The next opening is Friday"), said[1]
    assert said[2] == "Great, Thursday at 10 AM. Can I take your name, please?", said[2]
    assert said[3].startswith("Just to confirm: a Haircut Thursday at 10 AM for Kim"), said[3]
    [booked] = appointments(world, salon)
    assert booked["staff_id"] == "jo" and not booked["staff_chosen"]


def test_a_salon_without_a_team_keeps_a_name_as_a_note(world, shop):
    said = world.converse(shop, ["I'd like a haircut with Maria tomorrow at 3 pm", "Sam"], caller="+12125550305")
    assert said[2].endswith("for Sam. I've noted you'd like Maria. Shall I book that?")


def test_a_stylist_who_does_not_do_the_service_is_said_and_someone_who_does_books_it(world, salon):
    said = world.converse(salon, ["I'd like a colouring with Jo tomorrow at 10am", "Kim", "yes"],
                          caller="+12125550306")
    assert said[1] == ("Jo doesn't do Hair Colouring, but Maria or Sam can. Great, tomorrow at 10 AM. Can I take "
                       "your name, please?")
    assert said[2].startswith("Just to confirm: a Hair Colouring tomorrow at 10 AM for Kim.")
    [booked] = appointments(world, salon)
    assert booked["staff_id"] == "maria"


def test_a_move_can_name_another_stylist_and_keeps_the_stylist_otherwise(world, salon):
    """#21: "move it to Friday, with Maria this time" switches the person; a plain move keeps Jo."""
    phone = "+12125550307"
    tomorrow, friday = world.day(salon, 1), world.day(salon, 4)
    first, _ = world.app.calendar.book(salon, "Haircut", world.at(salon, tomorrow, "11:00"),
                                       Caller(phone=phone, name="Lee"), staff="Jo")
    second, _ = world.app.calendar.book(salon, "Beard Trim", world.at(salon, tomorrow, "15:00"),
                                        Caller(phone=phone, name="Lee"), staff="Jo")
    said = world.converse(salon, ["Can I move my haircut to Friday at 2pm, with Maria this time?", "yes"],
                          caller=phone)
    assert said[1] == ("So that's moving your Haircut from tomorrow at 11 AM to Friday at 2 PM, with Maria. "
                       "Shall I go ahead?"), said[1]
    said = world.converse(salon, ["Can I move my beard trim to Friday at 4pm?", "yes"], caller=phone)
    assert said[1] == "So that's moving your Beard Trim from tomorrow at 3 PM to Friday at 4 PM. Shall I go ahead?"
    moved = {a["id"]: a for a in appointments(world, salon)}
    assert moved[first.id]["staff_id"] == "maria" and moved[first.id]["start"] == world.at(salon, friday, "14:00")
    assert moved[second.id]["staff_id"] == "jo" and moved[second.id]["start"] == world.at(salon, friday, "16:00")


@pytest.mark.parametrize("asked", ["Hi, so I'm trying to get hold of Maria", "Oh hi, is Dr. Keller there?",
                                   "could you put me through to Jess please?", "is Sam around at the moment?"])
def test_a_person_asked_for_in_other_words_is_put_through(world, asked):
    shop = world.register(hours=every_day("00:00", "24:00"), transfer_number="+12125550199")
    said = world.converse(shop, [asked])
    assert said[1] == "Of course. Let me put you through to the team, one moment."
