"""A workflow handing the call over to another with the slots it carries (docs/dialogue.md,
"Handoff"): "cancel my haircut and book a colour instead", "move my haircut, and also book a
colour for my son". The change is read back with what follows it, done on the yes, and then the
booking takes over, asking only for what was not said."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests import clock
from tests.unit.conversations.helpers import weekday_in

CALLER = "+12125550871"


@pytest.fixture
def quinn(world, shop):
    """Quinn, with a haircut tomorrow at 10."""
    world.converse(shop, ["book a haircut tomorrow at 10, I'm Quinn", "yes"], caller=CALLER)
    return CALLER


def mine(world, shop) -> dict[str, tuple[str, dt.datetime, str]]:
    zone = ZoneInfo(shop.timezone)
    return {a["service"]: (a["status"], a["start"].astimezone(zone), a["caller"]["name"])
            for a in world.stored(shop, "appointments") if a["caller_phone"] == CALLER}


def in_days(shop, days: int, hour: int) -> tuple[dt.date, int]:
    return clock.local_now(shop.timezone).date() + dt.timedelta(days=days), hour


@pytest.mark.parametrize("asked", ["cancel my haircut and book a colour instead",
                                   "can you cancel my haircut? I'd rather book a hair colouring",
                                   "cancel the haircut, then book me a colour instead"])
def test_cancel_one_and_book_another_hands_over_to_the_booking_with_the_service(world, shop, quinn, asked):
    said = world.converse(shop, [asked, "yes", "in 4 days at 2", "yes"], caller=quinn)
    assert said[1] == "Do you want me to cancel your Haircut tomorrow at 10 AM, and then book a Hair Colouring instead?"
    assert said[2] == ("Done. Your Haircut tomorrow at 10 AM is cancelled. Now for a Hair Colouring: What day would "
                       "suit you?")
    assert said[3].startswith("Just to confirm: a Hair Colouring ") and said[3].endswith(
        "at 2 PM for Quinn. Shall I book that?")
    assert said[4].startswith("You're all booked: a Hair Colouring ")
    booked = mine(world, shop)
    assert booked["Haircut"][0] == "cancelled"
    assert booked["Hair Colouring"][0] == "booked"
    assert (booked["Hair Colouring"][1].date(), booked["Hair Colouring"][1].hour) == in_days(shop, 4, 14)


def test_the_day_said_for_the_booking_that_follows_is_its_own(world, shop, quinn):
    said = world.converse(shop, ["can you cancel my haircut tomorrow? I'd rather book a blow dry in 3 days",
                                 "yes"], caller=quinn)
    assert said[1].startswith("Do you want me to cancel your Haircut tomorrow at 10 AM, and then book a Blow Dry ")
    assert said[1].endswith(" instead?") and "I don't see" not in said[1]
    assert said[2].startswith("Done. Your Haircut tomorrow at 10 AM is cancelled. Now for a Blow Dry: ")
    assert " I have " in said[2]  # the times of its own day, offered at once


def test_move_one_and_also_book_another_for_my_son_hands_over_after_the_move(world, shop, quinn):
    said = world.converse(shop, [f"move my haircut to {weekday_in(3)} at 2, and also book a colour for my son",
                                 "yes", "in 4 days at 11", "Leo", "yes"], caller=quinn)
    assert said[1].startswith("So that's moving your Haircut from tomorrow at 10 AM to ")
    assert said[1].endswith(" at 2 PM, and then I'll book a Hair Colouring for your son. Shall I go ahead?")
    assert said[2].startswith("Done. Your Haircut is now ")
    assert said[2].endswith(" at 2 PM. Now for a Hair Colouring: What day would suit you?")
    assert "name" in said[3].lower()  # the booking is the son's: his name is asked
    assert said[4].startswith("Got it, it's for Leo. Just to confirm: a Hair Colouring ") or \
        said[4].startswith("Just to confirm: a Hair Colouring ")
    assert said[4].endswith("for Leo. Shall I book that?")
    assert said[5].startswith("You're all booked: a Hair Colouring ")
    booked = mine(world, shop)
    assert booked["Haircut"][0] in ("booked", "rescheduled") and booked["Haircut"][2] == "Quinn"
    assert (booked["Haircut"][1].date(), booked["Haircut"][1].hour) == in_days(shop, 3, 14)
    assert booked["Hair Colouring"][0] == "booked" and booked["Hair Colouring"][2] == "Leo"
    assert (booked["Hair Colouring"][1].date(), booked["Hair Colouring"][1].hour) == in_days(shop, 4, 11)


def test_move_one_and_book_another_with_its_own_day_and_time(world, shop, quinn):
    said = world.converse(shop, ["I need to move my haircut to the day after tomorrow at 3 and also book a "
                                 "beard trim in 5 days at 9", "yes", "yes"], caller=quinn)
    assert said[1].startswith("So that's moving your Haircut from tomorrow at 10 AM to ")
    assert " at 3 PM, and then I'll book a Beard Trim " in said[1]
    assert said[2].startswith("Done. Your Haircut is now ")
    assert "Now for a Beard Trim: Just to confirm: a Beard Trim " in said[2] and "at 9 AM for Quinn" in said[2]
    booked = mine(world, shop)
    assert (booked["Haircut"][1].date(), booked["Haircut"][1].hour) == in_days(shop, 2, 15)
    assert booked["Beard Trim"][0] == "booked"
    assert (booked["Beard Trim"][1].date(), booked["Beard Trim"][1].hour) == in_days(shop, 5, 9)


def test_a_no_to_the_move_keeps_the_booking_that_was_to_follow_out_of_the_call(world, shop, quinn):
    said = world.converse(shop, ["cancel my haircut and book a colour instead", "no", "bye"], caller=quinn)
    assert said[2].startswith("Okay, I won't cancel it.")
    assert mine(world, shop) == {"Haircut": ("booked", mine(world, shop)["Haircut"][1], "Quinn")}
