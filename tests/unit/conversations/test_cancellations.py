"""Cancelling a booking, and what follows a cancellation.

Whole conversations the way real callers talk, answered by the offline engine through the real
functions in-process (tests/world.py); kept as regressions. Dates come from the world's clock."""

import datetime as dt
import re

import pytest

from shared.dialogue import speech
from tests import clock
from tests.unit.conversations.helpers import WEEKDAY_MORNING, book_haircut_and_beard_trim, weekday_in


def test_questions_in_the_middle_of_a_change_never_cancel_or_confirm_it(world, shop):
    said = world.converse(shop, [
        "I want to book a blow dry tomorrow afternoon", "the second", "Priya",
        "my email is priya dot shah at gmail dot com", "yes",
        "can you move it to the day after tomorrow in the morning?", "the first",
        "what's your cancellation policy?",          # a question, not a cancellation
        "ok and can I pay with Apple Pay?",          # not a yes: answered, then asked again
        "yes", "yes", "bye"], caller="+12125550166")
    assert "Which would you like?" in said[1]
    assert said[2].startswith("Great, tomorrow at")   # "the second" is the second time offered
    assert said[4].startswith("Thanks, I've added priya.shah@gmail.com. Shall I go ahead with a Blow Dry")
    assert said[5].startswith("You're all booked")
    assert said[7].startswith("So that's moving your Blow Dry")   # "the first" is a choice, not the 1st
    assert said[8].startswith("Please give us 24 hours' notice") and "shall I go ahead" in said[8]
    assert said[9].startswith("We accept cash") and "shall I go ahead" in said[9]
    assert said[10].startswith("Done. Your Blow Dry is now")
    assert said[11] == "Of course. What else can I do for you?"
    [record] = world.stored(shop, "appointments")
    assert record["status"] == "rescheduled" and record["caller"]["email"] == "priya.shah@gmail.com"


def test_choosing_which_booking_shifting_one_by_minutes_and_cancelling_all(world, shop):
    caller = "+12125550186"
    world.converse(shop, ["book a haircut tomorrow at 10am", "Sam", "yes",
                           "and a blow dry the day after tomorrow at 11", "yes", "bye"], caller=caller)
    said = world.converse(shop, ["I need to cancel my appointment", "the haircut",
                                  "actually, wait. Can you make the blow dry 30 minutes later instead?", "yes",
                                  "cancel all my appointments", "yes"], caller=caller)
    assert "Which one would you like to cancel?" in said[1]
    assert said[2].startswith("Do you want me to cancel your Haircut tomorrow at 10 AM?")
    assert said[3].startswith("So that's moving your Blow Dry from") and "at 11:30 AM" in said[3]
    assert said[4].startswith("Done. Your Blow Dry is now") and "11:30 AM" in said[4]
    assert said[5].startswith("Do you want me to cancel both your appointments: a Haircut tomorrow at 10 AM")
    assert said[6].startswith("Done. I've cancelled 2 appointments.")
    records = world.stored(shop, "appointments")
    assert sorted(a["status"] for a in records) == ["cancelled", "cancelled"]


@pytest.mark.now(WEEKDAY_MORNING)  # the premise: both bookings are before next week
def test_rebooking_while_choosing_which_to_cancel_moves_it_instead(world, shop):
    caller = "+12125550191"
    book_haircut_and_beard_trim(world, shop, caller)
    said = world.converse(shop, ["I'm sick so I need to cancel my appointment", "can I rebook for next week",
                                  "the haircut"], caller=caller)
    assert said[1].endswith("Which one would you like to cancel?")
    assert said[2].startswith("Sure, ")
    assert "Which appointment should I move: a Haircut tomorrow at 10 AM or a Beard Trim" in said[2]
    assert "Which would you like?" in said[3] and "I have" in said[3]


def test_a_bare_yes_to_cancel_or_move_is_asked_again_and_cancel_it_cancels(world, shop):
    caller = "+12125550192"
    world.converse(shop, ["book a haircut tomorrow at 9:30 am", "Tom", "yes", "bye"], caller=caller)
    said = world.converse(shop, ["I won't be able to make it tomorrow", "yes", "cancel it please"], caller=caller)
    assert said[2] == "Sorry, shall I cancel your Haircut tomorrow at 9:30 AM, or move it to another day?"
    assert said[3].startswith("Done. Your Haircut tomorrow at 9:30 AM is cancelled.")


def test_two_services_each_on_its_own_day_and_cancelling_a_day_they_have_nothing_on(world, shop):
    caller = "+12125550233"
    said = world.converse(shop, ["book a haircut the day after tomorrow at 10am and a blow dry in three days at 9",
                                  "Nina", "yes", "yes"], caller=caller)
    assert said[3].endswith("You also asked for a Blow Dry. Just to confirm: a Blow Dry "
                            + said[3].split("a Blow Dry ")[-1])
    assert "at 9 AM for Nina. Shall I book that?" in said[3]
    assert said[4].startswith("You're all booked: a Blow Dry")
    starts = sorted((a["service"], a["start"]) for a in world.stored(shop, "appointments"))
    assert [s for s, _ in starts] == ["Blow Dry", "Haircut"]
    assert (starts[0][1] - starts[1][1]).days == 0 and starts[0][1] > starts[1][1]  # the next day, 9 vs 10
    free = weekday_in(5)  # a day with nothing booked
    wrong = world.converse(shop, ["can you tell me what I've got booked", f"I need to cancel on {free}", "no",
                                   "can I move the haircut one to next Thursday afternoon"], caller=caller)
    assert wrong[1].startswith("You're booked for a Haircut") and "and a Blow Dry" in wrong[1]
    assert f"I don't see an appointment {free}" in wrong[2]
    today = clock.local_now(shop.zone).date()
    thursday = today + dt.timedelta(days=(3 - today.weekday() - 1) % 7 + 1)
    if thursday.isocalendar()[:2] == today.isocalendar()[:2]:
        thursday += dt.timedelta(days=7)  # "next Thursday" said earlier in the same week: the week after
    assert wrong[4].startswith(f"{speech.upper_first(speech.day(thursday, today))} I have ")


def test_cancelling_a_day_without_a_booking_names_the_one_they_have(world, shop):
    caller = "+12125550234"
    world.converse(shop, ["a haircut the day after tomorrow at 10am", "Nina", "yes"], caller=caller)
    free = weekday_in(5)
    said = world.converse(shop, [f"hi, I need to cancel {free}", "no, leave it", "can I change the haircut to a "
                                  "colour instead"], caller=caller)
    assert said[1].startswith(f"I don't see an appointment {free} booked. You're booked for a Haircut ")
    assert said[1].endswith("at 10 AM: do you want me to cancel that one?")
    assert said[2].startswith("Okay, I won't cancel it.")
    assert said[3].startswith("I can't change the service on a booking myself, so I'll have the team call you back "
                              "to change your Haircut to a Hair Colouring. I've passed it on, Nina: Bella Hair "
                              "Studio will call you back on this number.")


def test_any_cancellations_is_asking_for_a_free_slot(world, shop):
    said = world.converse(shop, ["do you have any cancellations tomorrow for a haircut"], caller="+12125550261")
    assert " I have " in said[1] and "cancel" not in said[1]


def test_change_it_from_2_to_3_moves_the_one_at_2_and_cancel_and_rebook_is_a_move(world, shop):
    caller = "+12125550283"
    day, later = weekday_in(2), weekday_in(3)
    world.converse(shop, [f"book a haircut {day} at 2pm for Alex", "yes", f"and a blow dry {later} at 5pm",
                           "yes", "bye"], caller=caller)
    said = world.converse(shop, ["can I change my appointment from 2 to 3?", "yes"], caller=caller)
    assert said[1].startswith(f"So that's moving your Haircut from {day} at 2 PM to {day} at 3 PM.")
    assert said[2].startswith(f"Done. Your Haircut is now {day} at 3 PM.")
    rebook = world.converse(shop, ["I'd like to cancel and rebook my blow dry for the week after", "yes"],
                      caller=caller)
    assert rebook[1].startswith(f"So that's moving your Blow Dry from {later} at 5 PM to")
    booked = {a["service"]: a for a in world.stored(shop, "appointments")}
    assert all(a["status"] != "cancelled" for a in booked.values())


def test_too_far_ahead_in_twenty_minutes_and_a_charge_for_cancelling(world):
    import datetime as dt

    salon = world.register(hours={day: [{"open": "09:00", "close": "17:00"}]
                               for day in ("monday", "tuesday", "wednesday", "thursday", "friday")},
                        max_days_ahead=30)
    today = clock.local_now(salon.zone).date()
    far = today + dt.timedelta(days=90)
    said = world.converse(salon, [f"can I book a haircut for {far:%B} {far.day}", "I'd like a blow dry in 20 minutes",
                                   "if I cancel will I be charged"], caller="+12125550342")
    furthest = today + dt.timedelta(days=30)
    while furthest.weekday() > 4:
        furthest -= dt.timedelta(days=1)
    assert said[1].startswith("I can only book up to 30 days ahead, so the furthest I can go is ")
    assert f"{furthest:%A}" in said[1] and said[1].endswith("Would a day before then work?")
    assert said[2].endswith("Would that work for you?") and len(re.findall(r"\d(?::\d\d)? [AP]M", said[2])) == 1
    assert said[3].startswith("Please give us 24 hours' notice to cancel")


def test_rebooking_just_after_cancelling_books_the_same_service_anew(world, shop):
    said = world.converse(shop, ["a blow dry tomorrow at 10, name is Ann", "yes", "actually I need to cancel that",
                                  "yes please", "actually can I rebook for the day after tomorrow instead",
                                  "11 am", "yes"], caller="+12125550361")
    assert "is cancelled" in said[4]
    assert said[5].startswith("Sure, let's book a new Blow Dry.") and "I have" in said[5]
    assert said[6].startswith("Just to confirm: a Blow Dry") and "for Ann" in said[6]
    statuses = sorted(a["status"] for a in world.stored(shop, "appointments"))
    assert statuses == ["booked", "cancelled"]


def test_cancel_the_other_one_after_moving_one(world, shop):
    caller = "+12125550377"
    book_haircut_and_beard_trim(world, shop, caller)
    said = world.converse(shop, ["I need to move my beard trim to 11 am", "yes", "and cancel the other one", "yes"],
                    caller=caller)
    assert said[2].startswith("Done. Your Beard Trim is now")
    assert said[3].startswith("Do you want me to cancel your Haircut tomorrow at 10 AM?")
    statuses = {a["service"]: a["status"] for a in world.stored(shop, "appointments")}
    assert statuses["Haircut"] == "cancelled" and statuses["Beard Trim"] != "cancelled"


def test_the_other_one_after_a_cancel_is_the_booking_left_and_reminders_are_explained(world, shop):
    caller = "+12125550416"
    book_haircut_and_beard_trim(world, shop, caller)
    said = world.converse(shop, ["I need to cancel", "the haircut", "yes",
                                  "can you move the other one to 3 days from now at 11", "will I get a reminder"],
                    caller=caller)
    assert said[4].startswith("So that's moving your Beard Trim from ")
    assert said[5].startswith("Yes, we'll send you a reminder a day before and 2 hours before your appointment. "
                              "So, shall I go ahead with your Beard Trim from ")  # the move still waits for a yes


def test_cancel_one_and_book_another_service_instead_books_it_after_the_cancel(world, shop):
    caller = "+12125550428"
    world.converse(shop, ["book a haircut tomorrow at 10, I'm Quinn", "yes"], caller=caller)
    said = world.converse(shop, ["I need to cancel my haircut tomorrow and book a colour instead in 3 days",
                                  "yes", "the first one", "yes"], caller=caller)
    in_3_days = clock.local_now(shop.timezone).date() + dt.timedelta(days=3)
    assert said[1] == (f"Do you want me to cancel your Haircut tomorrow at 10 AM, and then book a Hair Colouring "
                       f"{in_3_days:%A} instead?")  # the day said is the colouring's, not the cancel's
    assert said[2].startswith("Done. Your Haircut tomorrow at 10 AM is cancelled. Now for a Hair Colouring: ")
    assert said[3].startswith("Just to confirm: a Hair Colouring ")
    assert said[3].endswith("for Quinn. Shall I book that?")
    mine = {a["service"]: a["status"] for a in world.stored(shop, "appointments")
            if a["caller_phone"] == caller}
    assert mine == {"Haircut": "cancelled", "Hair Colouring": "booked"}
    kept = world.converse(shop, ["cancel my colour and book a blow dry instead", "no", "a haircut tomorrow at 3"],
                    caller=caller)
    assert kept[2].startswith("Okay, I won't cancel it.")
    assert "Blow Dry" not in kept[3]  # the blow dry went with the cancel that was not made


def test_a_cancel_that_fails_drops_the_booking_that_was_to_follow_it(world, shop):
    caller = "+12125550439"
    world.converse(shop, ["book a haircut tomorrow at 10, I'm Quinn", "yes"], caller=caller)
    first = world.ring(shop, caller)
    first.start()
    asked = first.say("cancel my haircut tomorrow and book a colour instead in 3 days").text
    assert asked.startswith("Do you want me to cancel your Haircut tomorrow at 10 AM, and then book a Hair Colouring ")
    world.converse(shop, ["cancel my haircut", "yes"], caller=caller)  # meanwhile, from another phone call
    failed = first.say("yes").text
    assert failed.startswith("I'm sorry, I couldn't do that:")
    later = first.say("a haircut in 4 days at 3").text
    assert later.startswith("Just to confirm: a Haircut ")
    done = first.say("yes").text
    assert done.startswith("You're all booked: a Haircut ") and "Colouring" not in done
    first.hangup()


def test_rebooking_a_cancelled_appointment_for_the_week_after_offers_that_slot_a_week_on(world, shop):
    caller = "+12125550444"
    world.converse(shop, ["book a haircut in 3 days at 10, I'm Quinn", "yes"], caller=caller)
    said = world.converse(shop, ["I'm poorly, can I cancel my haircut?", "yes please",
                                  "and can I rebook it for the week after?"], caller=caller)
    today = clock.local_now(shop.timezone).date()
    assert said[2].startswith("Done. Your Haircut ")
    assert said[3] == (f"Sure, let's book a new Haircut. Just to confirm: a Haircut "
                       f"{speech.full_date(today + dt.timedelta(days=10))} at 10 AM for Quinn. Shall I book that?")


def test_will_i_be_charged_while_cancelling_is_answered_from_the_cancellation_policy(world, shop):
    caller = "+12125550453"
    world.converse(shop, ["book a haircut in 3 days at 11, I'm Tess", "yes"], caller=caller)
    said = world.converse(shop, ["I need to cancel my haircut, will I be charged?"], caller=caller)
    assert said[1].startswith("Please give us 24 hours' notice to cancel or move an appointment. "
                              "Do you want me to cancel your Haircut ")


def test_the_day_of_the_booking_that_follows_a_cancel_is_not_the_cancels(world, shop):
    caller = "+12125550461"
    world.converse(shop, ["book a haircut tomorrow at 10, I'm Quinn", "yes"], caller=caller)
    said = world.converse(shop, ["cancel my haircut and book a colour instead in 3 days"], caller=caller)
    assert said[1].startswith("Do you want me to cancel your Haircut tomorrow at 10 AM, and then book a Hair "
                              "Colouring ")  # not "I don't see an appointment" that day


def test_a_swap_blocked_by_someone_booked_straight_after_cancels_nothing(world, shop):
    caller = "+12125550464"
    first = world.ring(shop, caller)
    first.start()
    first.say("a blow dry in 3 days at 11:30, I'm Jen")
    assert first.say("yes").text.startswith("You're all booked: a Blow Dry ")
    world.converse(shop, ["a beard trim in 3 days at 12:15, I'm Al", "yes"], caller="+12125550465")  # meanwhile
    said = first.say("actually can you make it a haircut instead?").text
    assert said.startswith("Your Blow Dry stays booked for now. ") and "11:30 AM" not in said.split(" I have ")[1]
    first.hangup()
    [kept] = [a for a in world.stored(shop, "appointments") if a["caller_phone"] == caller]
    assert kept["service"] == "Blow Dry" and kept["status"] == "booked"
