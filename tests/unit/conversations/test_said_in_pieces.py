"""Details callers give in the forms people use on the phone: a name with the surname said to be
one, a booking's name followed by who they are, a house number said in pieces, an offered time
taken by its bare hour, a service corrected or only mentioned in passing, a question about the name
asked while giving it, the visit's address once a call. Through the real functions in-process
(tests/world.py)."""

import pytest

from tests.factories import every_day
from tests.unit.conversations.helpers import WEEKDAY_MORNING, weekday_in


@pytest.mark.parametrize("said, name", [
    ("Priya. Fischer is the last name, spelled F I S C H E R", "Priya Fischer"),
    ("Kenji, and Kowalski is my surname, that's K O W A L S K I", "Kenji Kowalski"),
    ("It's Sam. Okafor's my last name", "Sam Okafor"),
])
def test_a_first_name_then_the_surname_said_to_be_one_is_the_whole_name(world, shop, said, name):
    replies = world.converse(shop, ["I'd like a haircut tomorrow at 10 am", said])
    assert replies[2].startswith("Just to confirm: a Haircut tomorrow at 10 AM for " + name + ".")


@pytest.mark.parametrize("said", ["Ethan, my son", "Ethan, he's my son", "Ethan, my boy"])
def test_a_name_then_who_they_are_names_the_booking(world, shop, said):
    replies = world.converse(shop, ["I'd like to book a haircut for my son tomorrow at 10 am", said])
    assert replies[2].startswith("Just to confirm: a Haircut tomorrow at 10 AM for Ethan.")


@pytest.mark.now(WEEKDAY_MORNING)
@pytest.mark.parametrize("when", ["Saturday the twelfth", "Friday", "this Thursday"])
def test_a_day_said_after_the_name_is_no_surname(world, shop, when):
    replies = world.converse(shop, [f"can I book a haircut for my son Ethan {when} at 10 am"])
    assert "for Ethan." in replies[1] and "Ethan " + when.split()[-1].title() not in replies[1]


@pytest.mark.parametrize("opening", ["it's been doing it all week, can I book a boiler service tomorrow at 10 am",
                                     "it's been going on for days, I need a boiler service tomorrow at 10 am"])
def test_it_has_been_is_no_name(world, plumber, opening):
    replies = world.converse(plumber, [opening])
    assert "Been" not in " ".join(replies) and "name" in replies[1]


@pytest.mark.parametrize("said, address", [
    ("we're at fourteen twenty Oak Lane", "1420 Oak Lane"),
    ("two twenty Park Road", "220 Park Road"),
    ("it's five oh six Elm Street", "506 Elm Street"),
    ("thirty one oh five Maple Avenue, Evanston", "3105 Maple Avenue"),
])
def test_a_house_number_said_in_pieces_is_the_address_not_a_time(world, plumber, said, address):
    plumber = world.register(**{**plumber.model_dump(), "visits_callers": True})
    replies = world.converse(plumber, ["I need a boiler service tomorrow at 10 am", "Jane Doe", said])
    assert replies[2].endswith("And what's the address for the visit?")
    assert replies[3].startswith("Just to confirm: a Boiler Service tomorrow at 10 AM for Jane Doe, at " + address)


@pytest.mark.now(WEEKDAY_MORNING)
@pytest.mark.parametrize("pick", ["I'll take {hour}", "I'll take {hour}, thanks", "I'll grab {hour}"])
def test_an_offered_time_taken_by_its_bare_hour(world, shop, pick):
    day = weekday_in(3)
    offered = world.converse(shop, [f"can I get a haircut on {day} afternoon"])[1]
    first = offered.split(" I have ")[1].split(",")[0].split(" or ")[0]   # "noon", "2 PM", "1:30 PM"
    hour = "12" if first == "noon" else first.split()[0].split(":")[0]
    if ":" in first:
        pytest.skip("the first offer is not on the hour")
    replies = world.converse(shop, [f"can I get a haircut on {day} afternoon", pick.format(hour=hour)],
                             caller="+12125550188")
    assert replies[2].startswith(f"Great, {day} at {first}.") or replies[2].startswith(f"Great, {day} at {first} ")


@pytest.mark.parametrize("opening, wanted", [
    ("I had a blow dry with you last month, so I'd like to book a haircut tomorrow at 10 am", "Haircut"),
    ("Jess did my beard trim last time and it was great, so can I get a haircut tomorrow at 10 am?", "Haircut"),
    ("I got a haircut here two weeks ago, and I'd like a beard trim tomorrow at 10 am", "Beard Trim"),
])
def test_a_service_had_before_is_not_booked_with_the_one_asked_for(world, shop, opening, wanted):
    replies = world.converse(shop, [opening, "Jane Doe"])
    assert replies[2].startswith(f"Just to confirm: a {wanted} tomorrow at 10 AM for Jane Doe."), replies
    assert " and a " not in replies[1]


@pytest.mark.parametrize("told", ["I had my colour done yesterday and now my scalp is burning",
                                  "I got a haircut during my lunch yesterday and it's really uneven"])
def test_a_service_had_before_told_about_is_no_booking_request(world, shop, told):
    replies = world.converse(shop, [told])
    assert "already passed" not in replies[1] and "I have" not in replies[1], replies[1]  # no day was asked for
    assert "Colouring" not in replies[1].split("We offer")[0] and "Haircut" not in replies[1].split("We offer")[0]


@pytest.mark.parametrize("opening, wanted", [
    ("can I book in for a cut and blow dry, well just a cut, tomorrow at 10 am", "Haircut"),
    ("could I get a colour and a blow dry, sorry, I mean just a colour, tomorrow at 10 am", "Hair Colouring"),
    ("a beard trim and a haircut, actually no, only the beard trim, tomorrow at 10 am", "Beard Trim"),
])
def test_a_service_corrected_as_it_is_said_is_replaced(world, shop, opening, wanted):
    replies = world.converse(shop, [opening, "Jane Doe", "yes", "no, bye"])
    assert replies[2].startswith(f"Just to confirm: a {wanted} tomorrow at 10 AM for Jane Doe."), replies
    assert replies[3].startswith("You're all booked") and "also asked" not in replies[3]


def test_a_second_service_added_after_actually_is_kept(world, shop):
    replies = world.converse(shop, ["a haircut tomorrow at 10 am, actually, can I also get a blow dry?", "Jane Doe",
                                    "yes"])
    assert "Blow Dry" in " ".join(replies[1:])


@pytest.mark.parametrize("said", ["a pipe burst in the basement and there's water everywhere",
                                  "burst pipe, and water all over the kitchen floor, can someone come today?",
                                  "I've got a burst pipe and water coming through the ceiling"])
def test_a_word_that_only_qualifies_a_service_does_not_add_it_beside_one_named(world, said):
    services = [{"name": "Emergency Call-out", "duration_minutes": 60, "price": 295, "aliases": ["burst pipe"]},
                {"name": "Water Heater Service", "duration_minutes": 90, "price": 220},
                {"name": "Leak Repair", "duration_minutes": 60, "price": 180}]
    plumbing = world.register(name="FlowRight", services=services, faq=[], hours=every_day("00:00", "24:00"))
    replies = world.converse(plumbing, [said, "the earliest", "Jane Doe", "yes"])
    assert "Emergency Call-out" in " ".join(replies) and "Water Heater" not in " ".join(replies), replies


@pytest.mark.parametrize("said, name", [
    ("Do you need my last name? It's Hannah Ramirez", "Hannah Ramirez"),
    ("Do you want my full name? Sam Okafor", "Sam Okafor"),
    ("first name or full name? It's Jo Bloggs", "Jo Bloggs"),
])
def test_a_question_about_the_name_asked_while_giving_it_is_the_answer(world, shop, said, name):
    replies = world.converse(shop, ["a haircut tomorrow at 10 am", said])
    assert replies[2].startswith(f"Just to confirm: a Haircut tomorrow at 10 AM for {name}."), replies[2]


def test_the_email_given_with_a_question_about_the_name_is_kept(world, shop):
    replies = world.converse(shop, ["a haircut tomorrow at 10 am",
                                    "Do you need my last name? It's Hannah Ramirez, and my email's hannah dot ramirez "
                                    "at yahoo dot com", "yes"])
    assert "h a n n a h" in replies[2] and replies[3].startswith("You're all booked")
    [booking] = world.stored(shop, "appointments")
    assert booking["caller"]["email"] == "hannah.ramirez@yahoo.com"


@pytest.mark.parametrize("second", ["yes", "11 works", "that's fine"])
def test_the_visit_address_is_asked_once_a_call(world, plumber, second):
    plumber = world.register(**{**plumber.model_dump(), "visits_callers": True})
    replies = world.converse(plumber, ["I need an emergency callout and a boiler service tomorrow at 10 am", "Jane Doe",
                                       "14 Elm Street", "yes", second])
    assert replies[3].startswith("Just to confirm: an Emergency Callout tomorrow at 10 AM for Jane Doe, "
                                 "at 14 Elm Street")
    assert "address" not in replies[5] and "14 Elm Street" in replies[5], replies[5]
