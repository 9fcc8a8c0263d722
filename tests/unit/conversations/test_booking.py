"""Booking conversations: services, days and times asked for and offered, choosing among them.

Whole conversations the way real callers talk, answered by the offline engine through the real
functions in-process (tests/world.py); kept as regressions. Dates come from the world's clock."""

import datetime as dt
import re

import pytest

from shared.language import speech
from tests import clock
from tests.factories import every_day
from tests.unit.conversations.helpers import WEEKDAY_MORNING, book_haircut_and_beard_trim, offered_minutes, weekday_in


def test_choosing_among_offered_times_by_position(world, shop):
    said = world.converse(shop, ["I'd like to book an appointment", "a haircut", "the day after tomorrow",
                                  "the first one", "Lisa Ray", "yep"])
    assert "Which service" in said[1] and "What day" in said[2] and "Which would you like?" in said[3]
    first_offered = said[3].split(" I have ")[1].split(",")[0]
    assert said[4].startswith("Great") and first_offered in said[4]
    assert said[5].startswith("Just to confirm: a Haircut") and said[6].startswith("You're all booked")


def test_changing_the_service_midway_and_hedged_times(world, shop):
    said = world.converse(shop, ["hello?", "um could I come in tomorrow at like 3 for a trim",
                                  "actually make it a blow dry instead", "Bob", "correct"])
    assert said[1] == "Hi there! How can I help you today?"
    assert "tomorrow at 3 PM" in said[2]
    assert said[4].startswith("Just to confirm: a Blow Dry tomorrow at 3 PM for Bob")
    assert said[5].startswith("You're all booked: a Blow Dry")


def test_soonest_later_no_and_any_of_them(world, shop):
    said = world.converse(shop, ["I'd like to book a consultation", "whenever is soonest", "anything later?",
                                  "no", "the day after tomorrow", "that's fine", "Dana", "yes please"])
    assert "I have" in said[2] and (said[2].split(" I have ")[0] in ("Today", "Tomorrow")
                                    or "The next opening is tomorrow, when I have" in said[2])  # late evening
    assert said[3] != said[2]
    assert " I have " in said[3] or "is the latest" in said[3]
    assert said[4] == "No problem. What other day or time would suit you?"
    assert "Can I take your name" in said[6] and said[7].startswith("Just to confirm: a Consultation")
    assert said[8].startswith("You're all booked")


def test_two_services_in_one_breath_are_both_booked_one_after_the_other(world, shop):
    said = world.converse(shop, ["Hi this is Mark, I'd like a haircut and a beard trim tomorrow at 10",
                                  "yes", "the first one", "yes", "When is my appointment?", "bye"],
                    caller="+12125550170")
    assert said[1].startswith("Just to confirm: a Haircut tomorrow at 10 AM for Mark")
    assert said[2].startswith("You're all booked: a Haircut tomorrow at 10 AM. You also asked for a Beard Trim. "
                              "I can fit it in straight after, at ")
    straight_after = said[2].split("straight after, at ")[1].split(".")[0]
    assert said[3].startswith(f"Just to confirm: a Beard Trim tomorrow at {straight_after} for Mark")
    assert said[4].startswith("You're all booked: a Beard Trim")
    assert said[5].startswith("You're booked for a Haircut tomorrow at 10 AM and a Beard Trim tomorrow at")
    booked = world.stored(shop, "appointments")
    assert sorted(a["service"] for a in booked) == ["Beard Trim", "Haircut"]
    haircut = next(a for a in booked if a["service"] == "Haircut")
    trim = next(a for a in booked if a["service"] == "Beard Trim")
    assert trim["start"] >= haircut["end"]


def test_asking_when_the_appointment_is_in_the_middle_of_a_booking(world, shop):
    said = world.converse(shop, ["book a blow dry tomorrow at 4 pm", "Dana", "What time is my appointment again?",
                                  "yes"], caller="+12125550172")
    assert said[3].startswith("I don't see any upcoming appointments for this phone number. So, shall I go "
                               "ahead with a Blow Dry tomorrow at 4 PM for Dana?")
    assert said[4].startswith("You're all booked")


def test_a_caller_who_asks_to_be_called_back_becomes_a_callback_lead(world, shop):
    said = world.converse(shop, ["Can you call me back later? I'm driving", "It's Omar", "no thanks, bye"],
                    caller="+12125550181")
    assert said[1] == "Of course. Can I take your name so the team knows who to call?"
    assert said[2].startswith("Thanks, Omar. Someone from Bella Hair Studio will call you back on this number.")
    [lead] = world.stored(shop, "leads")
    assert lead["name"] == "Omar" and "Asked to be called back" in lead["notes"]


def test_a_caller_whose_name_is_known_asking_to_be_called_back_is_not_asked_it_again(world, shop):
    said = world.converse(shop, ["Hi, this is Omar Haddad", "Can you call me back later? I'm driving"],
                          caller="+12125550182")
    assert "your name" not in said[2]
    assert said[2].startswith("Of course. I've passed it on, Omar: Bella Hair Studio will call you back on this "
                              "number.")
    [lead] = world.stored(shop, "leads")
    assert lead["name"] == "Omar Haddad" and "Asked to be called back" in lead["notes"]


def test_a_weekday_said_after_next_week_is_that_weeks_day(world, shop):
    import datetime as dt

    today = clock.local_now(shop.zone).date()
    said = world.converse(shop, ["yeah hi I wanna get my hair colored", "um what do you have like next week",
                                  f"{(today + dt.timedelta(days=1)):%A} evening"], caller="+12125550195")
    assert "Which would you like?" in said[2]
    week_start = today + dt.timedelta(days=7) - dt.timedelta(days=(today + dt.timedelta(days=7)).weekday())
    wanted = week_start + dt.timedelta(days=(today + dt.timedelta(days=1)).weekday())  # in next week
    from shared.language import speech

    assert said[3].startswith(speech.day(wanted, today)[0].upper() + speech.day(wanted, today)[1:] + " I have")


def test_an_hour_alone_picks_that_offered_time(world, shop):
    said = world.converse(shop, ["I'd like to book a consultation the day after tomorrow in the morning"],
                    caller="+12125550212")
    offered = said[1].split(" I have ")[1].split(". Which")[0].replace(" or ", ", ").split(", ")
    second = offered[1]                                   # e.g. "10:15 AM"
    spoken = second.split()[0].replace(":", " ")          # said as "10 15"
    more = world.converse(shop, ["I'd like to book a consultation the day after tomorrow in the morning", spoken],
                    caller="+12125550214")
    assert more[1] == said[1]
    assert more[2].startswith("Great,") and f"at {second}" in more[2] and "Can I take your name" in more[2]


def test_a_day_in_the_past_is_said_to_have_passed(world, shop):
    said = world.converse(shop, ["can I book a haircut for yesterday at 3"], caller="+12125550221")
    assert said[1] == "That day has already passed. Which day would you like?"


def test_an_hour_that_was_not_offered_and_is_taken_is_said_to_be_taken(world, shop):
    world.converse(shop, ["book a haircut tomorrow at 10 am", "Jane", "yes", "bye"], caller="+12125550172")
    said = world.converse(shop, ["a blow dry tomorrow please", "10"], caller="+12125550173")
    assert "10 AM" not in said[1]
    assert said[2].startswith("10 AM isn't available, but tomorrow I have")


def test_is_that_the_earliest_is_not_asking_who_answered(world, shop):
    said = world.converse(shop, ["is that the earliest you have?"], caller="+12125550174")
    assert "reached" not in said[1]


def test_ok_with_the_day_offered_is_not_a_choice_of_time(world, shop):
    said = world.converse(shop, ["I'd like to book a consultation", "tomorrow", "ok tomorrow then"],
                    caller="+12125550179")
    assert said[2].startswith("Tomorrow I have") and said[3] == said[2]


def test_calling_about_my_booking_then_changing_the_time(world, shop):
    caller = "+12125550180"
    world.converse(shop, ["book a beard trim tomorrow at 11 for Jack", "yes", "bye"], caller=caller)
    said = world.converse(shop, ["I'm calling about my booking", "I need to change the time",
                                  "make it 2 pm instead", "what time did you say again"], caller=caller)
    assert said[1] == ("You're booked for a Beard Trim tomorrow at 11 AM. Would you like to move it, cancel it, "
                       "or something else?")
    assert said[2].startswith("Tomorrow I have")  # the same day: it was the time they wanted to change
    assert said[3] == ("So that's moving your Beard Trim from tomorrow at 11 AM to tomorrow at 2 PM. "
                       "Shall I go ahead?")
    assert said[4] == said[3]  # asked to repeat: said again, nothing changed


def test_no_sooner_than_and_a_day_after_a_time_bound_the_offers(world, shop):
    said = world.converse(shop, ["can I book a haircut for the day after tomorrow in the morning",
                                  "no sooner than 10", "the first one", "no wait, tomorrow after 3", "the last one"],
                    caller="+12125550185")
    assert "Which would you like?" in said[1]
    assert " I have 10 AM," in said[2]  # nothing before 10, still in the morning
    assert said[3].endswith("at 10 AM. Can I take your name, please?")
    assert said[4].startswith("Tomorrow I have 3 PM") and "AM" not in said[4]


def test_a_service_asked_about_while_choosing_one_is_booked_not_a_callback(world, shop):
    said = world.converse(shop, ["I want a manicure tomorrow", "ok what about a blow dry then"],
                    caller="+12125550186")
    assert "Which service would you like?" in said[1]
    assert said[2].startswith("Tomorrow I have")


def test_an_hour_said_alone_is_that_hour_not_a_half_past_on_offer(world, shop):
    said = world.converse(shop, ["can I book a blow dry for the day after tomorrow in the morning"],
                    caller="+12125550216")
    offered = said[1].split(" I have ")[1].split(". Which")[0].replace(" or ", ", ").split(", ")
    half_past = next(o for o in offered if ":" in o)      # e.g. "9:30 AM"
    hour, meridiem = half_past.split(":")[0], half_past.split()[1]
    more = world.converse(shop, ["can I book a blow dry for the day after tomorrow in the morning",
                                  f"{hour} please"], caller="+12125550217")
    assert f"at {half_past}" not in more[2]
    assert f"at {hour} {meridiem}" in more[2] or more[2].startswith(f"{hour} {meridiem} isn't available")
    pointed = world.converse(shop, ["can I book a blow dry for the day after tomorrow in the morning",
                                     f"the {hour} one"], caller="+12125550218")
    assert pointed[2].startswith("Great,") and f"at {half_past}" in pointed[2]


def test_silence_after_a_booking_asks_only_whether_there_is_anything_else(world, shop):
    call = world.ring(shop, "+12125550219")
    call.start()
    call.say("a haircut tomorrow at 11 am please")
    call.say("Dana")
    booked = call.say("yes")
    assert booked.text.startswith("You're all booked")
    assert call.silence().text == "Sorry, I didn't catch that. Is there anything else I can help you with?"
    assert call.say("hello? are you there?").text == "Yes, I'm here. Is there anything else I can help you with?"
    assert call.say("sorry, what did you say?").text == booked.text
    call.hangup()


def test_a_service_added_straight_after_or_right_before_the_one_they_have(world, shop):
    caller = "+12125550223"
    world.converse(shop, ["a haircut the day after tomorrow at 2 pm", "Leo", "yes", "bye"], caller=caller)
    said = world.converse(shop, ["what time is my appointment again", "can I add a beard trim straight after",
                                  "lovely, thanks", "could you book me a blow dry right before my haircut",
                                  "yes", "cheers"], caller=caller)
    # the haircut ends at 2:45 and leaves 15 minutes to tidy up
    assert said[2].startswith("Just to confirm: a Beard Trim") and "at 3 PM for Leo" in said[2]
    assert said[3].startswith("You're all booked: a Beard Trim")
    # a 30-minute blow dry and its 10 minutes after, on the quarter hour, before 2 PM
    assert said[4].startswith("Just to confirm: a Blow Dry") and "at 1:15 PM for Leo" in said[4]
    assert said[6] == f"Thank you for calling {shop.name}. Have a lovely day, goodbye!"
    booked = sorted((a["service"], a["start"].astimezone(shop.zone).strftime("%H:%M"))
                    for a in world.stored(shop, "appointments"))
    assert booked == [("Beard Trim", "15:00"), ("Blow Dry", "13:15"), ("Haircut", "14:00")]
    world.converse(shop, ["a haircut in 3 days at 2 pm", "Mia", "yes", "bye"], caller="+12125550370")
    first_thing = world.converse(shop, ["hi, can I add a blow dry after it?"], caller="+12125550370")
    assert first_thing[1].startswith("Just to confirm: a Blow Dry") and "at 3 PM for Mia" in first_thing[1]


def test_thanks_while_choosing_a_time_is_not_goodbye(world, shop):
    said = world.converse(shop, ["a blow dry tomorrow afternoon", "great, thanks", "no thanks, bye"],
                    caller="+12125550224")
    assert said[2] == f"You're welcome! {said[1]}"
    assert said[3].endswith("goodbye!")


def test_a_service_the_business_does_or_does_not_list(world, shop):
    said = world.converse(shop, ["Do you do nails?", "Jo Smith"], caller="+12125550230")
    assert said[1] == ("I don't see nails on our list of services: we offer Haircut, Beard Trim, Hair Colouring, "
                       "Blow Dry or Consultation. I can have someone from the team call you back about nails. "
                       "Can I take your name?")
    [lead] = world.stored(shop, "leads")
    assert lead["name"] == "Jo Smith" and "Question Roxy could not answer: Do you do nails?" in lead["notes"]
    yes = world.converse(shop, ["do you do balayage?", "yes please, tomorrow at 3 pm"], caller="+12125550231")
    assert yes[1] == ("Yes, we do! A Hair Colouring is $140 and takes about 2 hours. Would you like to book one?")
    assert yes[2].startswith("Great, tomorrow at 3 PM.")
    booking = world.converse(shop, ["I'd like a haircut tomorrow", "do you do nails too?"], caller="+12125550232")
    assert booking[2] == booking[1].replace("Tomorrow I have", "I don't see nails on our list of services: we offer "
                                            "Haircut, Beard Trim, Hair Colouring, Blow Dry or Consultation. "
                                            "Tomorrow I have")


def test_changing_the_service_while_choosing_and_refusing_every_time_offered(world, shop):
    said = world.converse(shop, ["I want a haircut the day after tomorrow", "hmm actually make that a blow dry",
                                  "what times again?", "is there anything earlier?", "none of those work",
                                  "the day after tomorrow at 10:30", "it's Paula", "no, it's Paula with a P"],
                    caller="+12125550243")
    assert said[2].startswith("Sure, a Blow Dry instead. ") and " I have " in said[2]
    assert said[3] == said[2].removeprefix("Sure, a Blow Dry instead. ")  # times for the blow dry, said again
    assert "is the earliest I have that day" in said[4]
    assert said[5] == "No problem. What other day or time would suit you?"
    assert said[7].startswith("Just to confirm: a Blow Dry")
    assert said[8].startswith("Got it, Paula. So that's a Blow Dry") and said[8].endswith("Shall I book that?")


@pytest.mark.parametrize("no_more", ["no", "all good", "nah you're alright"])
def test_no_to_anything_else_after_an_answer_ends_the_call(world, shop, no_more):
    said = world.converse(shop, ["where are you located", no_more], caller="+12125550256")
    assert said[2] == "Thank you for calling Bella Hair Studio. Have a lovely day, goodbye!"


def test_the_week_after_same_time_and_keep_it(world, shop):
    caller = "+12125550267"
    world.converse(shop, ["book a haircut tomorrow at 2pm for Alex", "yes", "bye"], caller=caller)
    week_after = world.converse(shop, ["can I move my appointment to the week after?", "yes"], caller=caller)
    assert week_after[1].startswith("So that's moving your Haircut from tomorrow at 2 PM to") \
        and week_after[1].endswith("at 2 PM. Shall I go ahead?")
    same_time = world.converse(shop, ["I need to move my appointment", "same time", "the day after tomorrow",
                                       "yes"], caller=caller)
    assert same_time[2] == "Sure, at 2 PM. What day would you like to move it to?"
    assert same_time[3].startswith("So that's moving your Haircut from")
    assert same_time[3].endswith("at 2 PM. Shall I go ahead?") and same_time[4].startswith("Done.")
    kept = world.converse(shop, ["I want to cancel my appointment", "actually no, keep it"], caller=caller)
    assert kept[2].startswith("Okay, I won't cancel it.")
    [record] = world.stored(shop, "appointments")
    import datetime as dt

    start = record["start"].astimezone(shop.zone)
    assert record["status"] != "cancelled" and start.hour == 14
    assert start.date() == clock.local_now(shop.zone).date() + dt.timedelta(days=2)


def test_days_the_caller_cannot_do_are_not_offered(world, shop):
    tomorrow, after = weekday_in(1), weekday_in(2)
    said = world.converse(shop, ["a haircut tomorrow please", f"I can't do {tomorrow}s actually", "the first one",
                                  "Ivy", "yes"], caller="+12125550270")
    assert said[1].startswith("Tomorrow I have")
    assert said[2].startswith(f"{after} I have") and said[2].endswith("Which would you like?")
    assert f"{after} at" in said[4] and said[5].startswith("You're all booked")
    # the day named after "except" was taken as the day asked for
    not_that_day = world.converse(shop, [f"a beard trim, any day except {after}"], caller="+12125550271")
    assert not not_that_day[1].startswith(f"{after} I have") and "I have" in not_that_day[1]


def test_the_day_after_the_one_offered_and_at_for_heard_for_at_four(world, shop):
    day, next_day = weekday_in(2), weekday_in(3)
    said = world.converse(shop, [f"a haircut on {day} please", "what about the day after"], caller="+12125550278")
    assert said[1].startswith(f"{day} I have") and said[2].startswith(f"{next_day} I have")
    four = world.converse(shop, [f"I want to book a hair cut for {day} at for"], caller="+12125550279")
    assert four[1] == f"Great, {day} at 4 PM. Can I take your name, please?"


def test_the_same_as_last_time_is_not_the_latest_time(world, shop):
    caller = "+12125550284"
    day = weekday_in(2)
    world.converse(shop, [f"book a beard trim {day} at 10am for Sam", "yes", "bye"], caller=caller)
    said = world.converse(shop, [f"can I book the same as last time for {weekday_in(3)}"], caller=caller)
    assert said[1].startswith(f"A Beard Trim, as usual. {weekday_in(3)} I have") and "latest" not in said[1]


def test_a_day_the_caller_cannot_do_stays_out_after_a_booking(world, shop):
    tomorrow = weekday_in(1)
    said = world.converse(shop, [f"I can't do {tomorrow}s, but a haircut the day after tomorrow at 10 for Ann",
                                  "yes", "and a beard trim too, whenever's soonest"], caller="+12125550301")
    assert said[2].startswith("You're all booked")
    assert " I have " in said[3] and not said[3].startswith("Tomorrow") and "tomorrow, when" not in said[3]


def test_nothing_after_the_time_asked_is_said_before_other_times(world, shop):
    day = weekday_in(2)
    late = world.converse(shop, [f"a haircut on {day}, anytime after 8pm"], caller="+12125550302")
    assert late[1].startswith(f"I have nothing after 8 PM that day, but {day} I have")
    both = world.converse(shop, [f"a haircut and a hair colouring {day} at 7pm for Kay", "yes"],
                    caller="+12125550303")
    assert "You also asked for a Hair Colouring. I have nothing after 7 PM that day, but" in both[2]


def test_leaving_before_the_yes_is_asked_once_more_and_nothing_is_booked_without_it(world, shop):
    said = world.converse(shop, ["a haircut tomorrow at 11 am", "Rebecca", "that's it, thanks", "no"],
                    caller="+12125550310")
    assert said[2].startswith("Just to confirm: a Haircut tomorrow at 11 AM for Rebecca")
    assert said[3] == ("Before you go: I haven't booked it yet. Shall I go ahead with a Haircut tomorrow at 11 AM "
                       "for Rebecca?")
    assert said[4].startswith("No problem, I've left it as it was. Thank you for calling")
    assert world.stored(shop, "appointments") == []
    booked = world.converse(shop, ["a blow dry tomorrow at 2 pm", "Ann", "ok bye", "oh yes please"],
                      caller="+12125550311")
    assert booked[3].startswith("Before you go") and booked[4].startswith("You're all booked: a Blow Dry")
    twice = world.converse(shop, ["a beard trim tomorrow at 3 pm", "Tom", "bye", "bye"], caller="+12125550312")
    assert twice[3].startswith("Before you go") and twice[4].startswith("Thank you for calling")
    assert [a["service"] for a in world.stored(shop, "appointments")] == ["Blow Dry"]


def test_two_services_are_said_back_and_the_second_goes_straight_after_the_first(world, shop):
    said = world.converse(shop, ["I'd like to book", "a cut and blow dry", "tomorrow at 10", "Ann", "yes", "yes",
                                  "yes"], caller="+12125550313")
    assert said[2] == "A Haircut and a Blow Dry. What day would suit you?"
    assert said[4].startswith("Just to confirm: a Haircut tomorrow at 10 AM for Ann")
    assert said[5].startswith("You're all booked: a Haircut tomorrow at 10 AM. You also asked for a Blow Dry. "
                              "I can fit it in straight after, at ") and said[5].endswith("Would that work for you?")
    assert said[6].startswith("Just to confirm: a Blow Dry tomorrow at") and said[7].startswith("You're all booked")
    booked = {a["service"]: a for a in world.stored(shop, "appointments")}
    gap = booked["Blow Dry"]["start"] - booked["Haircut"]["end"]
    assert 0 <= gap.total_seconds() <= 30 * 60


def test_first_thing_and_the_earliest_offer_the_one_earliest_time(world, shop):
    said = world.converse(shop, ["can I get a haircut first thing the day after tomorrow"], caller="+12125550314")
    assert said[1].startswith("The earliest I have is ") and said[1].endswith(" at 8 AM. Would that work for you?")
    soonest = world.converse(shop, ["what's the earliest you have for a beard trim", "yes", "Max"],
                       caller="+12125550315")
    assert soonest[1].endswith("Would that work for you?")
    assert len(re.findall(r"\d(?::\d\d)? [AP]M", soonest[1])) == 1 or "noon" in soonest[1]
    assert soonest[3].startswith("Just to confirm: a Beard Trim")


def test_ok_and_do_you_do_a_service_after_another_answer(world, shop):
    said = world.converse(shop, ["what time do you close tomorrow", "ok and do you do highlights"],
                    caller="+12125550316")
    assert said[2].startswith("Yes, we do! A Hair Colouring is $140")


def test_saying_who_the_booking_is_for_while_choosing_books_one(world, shop):
    said = world.converse(shop, ["I'd like a haircut", "tomorrow at 3, and it's for my son", "Tom", "yes"],
                    caller="+12125550341")
    elderly = world.converse(shop, ["I'm calling for my elderly father, he needs a haircut tomorrow at 4"],
                       caller="+12125550344")
    assert elderly[1].endswith("What name should I put the booking under?")
    assert said[2].endswith("What name should I put the booking under?")
    assert said[3].startswith("Just to confirm: a Haircut tomorrow at 3 PM for Tom")
    assert said[4].startswith("You're all booked") and "next person" not in said[4]
    assert len(world.stored(shop, "appointments")) == 1


def test_do_i_have_anything_booked_lists_their_bookings(world, shop):
    caller = "+12125550355"
    world.converse(shop, ["a blow dry the day after tomorrow at 2 pm for Dana", "yes", "bye"], caller=caller)
    said = world.converse(shop, ["do I have anything booked next week", "am I booked in at all"], caller=caller)
    assert said[1].startswith("You're booked for a Blow Dry")
    assert said[2].startswith("You're booked for a Blow Dry")


def test_a_bare_yes_to_several_times_asks_which(world, shop):
    said = world.converse(shop, ["a haircut tomorrow afternoon", "yes", "the second one"], caller="+12125550371")
    offered = said[1].split(" I have ")[1].removesuffix(". Which would you like?")
    assert said[2] == f"Sure. Which time would you like: {offered}?"
    assert said[3].startswith(f"Great, tomorrow at {re.split(r', | or ', offered)[1]}.")


def test_asking_for_it_in_writing_while_choosing_picks_no_time(world, shop):
    said = world.converse(shop, ["a haircut tomorrow afternoon", "can I get that in writing by email",
                                  "sam at example dot com", "the last one", "Sam"], caller="+12125550372")
    assert said[2] == "Of course, I'll email the confirmation once it's booked. What's your email address?"
    assert said[3].startswith("Thanks, I've noted sam@example.com.") and said[3].endswith("Which would you like?")
    last = re.split(r", | or ", said[1].split(" I have ")[1].removesuffix(". Which would you like?"))[-1]
    assert said[4].startswith(f"Great, tomorrow at {last}.")
    assert said[5].startswith("Just to confirm: a Haircut tomorrow at")


def test_the_end_of_next_week_looks_at_its_friday_and_before_christmas_the_soonest(world, shop):
    said = world.converse(shop, ["a haircut at the end of next week"], caller="+12125550375")
    assert said[1].startswith("Friday") and "I have" in said[1]
    soon = world.converse(shop, ["can I get a haircut before christmas?"], caller="+12125550376")
    assert soon[1].startswith(("Today I have", "Tomorrow I have")) or "next opening is" in soon[1]


def test_and_the_one_after_that_after_their_bookings_are_listed(world, shop):
    caller = "+12125550395"
    book_haircut_and_beard_trim(world, shop, caller)
    said = world.converse(shop, ["when's my next appointment", "and the one after that"], caller=caller)
    assert said[1].startswith("You're booked for a Haircut tomorrow at 10 AM and a Beard Trim")
    assert said[2].startswith("After that, you're booked for a Beard Trim")
    alone = world.converse(shop, ["book a blow dry tomorrow at 4, I'm Ivy", "yes", "when is my appointment",
                                   "and the next one"], caller="+12125550396")
    assert alone[4].startswith("That's the only appointment you have booked.")


@pytest.mark.now(WEEKDAY_MORNING)  # the premise: the soonest is today
def test_the_soonest_time_is_one_time_the_first(world, shop):
    said = world.converse(shop, ["what's the soonest you can do a haircut", "yes", "Mia Long"],
                    caller="+12125550409")
    assert said[1].startswith("The earliest I have is ") and said[1].endswith("Would that work for you?")
    assert said[2].startswith("Great, ")
    assert said[3].startswith("Just to confirm: a Haircut ") and said[3].endswith("for Mia Long. Shall I book that?")


def test_goodbye_while_times_are_on_offer_hears_nothing_is_booked_once(world, shop):
    said = world.converse(shop, ["a haircut tomorrow afternoon", "Emma Stone", "yes", "no that's it thanks",
                                  "no bye"], caller="+12125550411")
    assert said[3].startswith("Sure. Which time would you like: ")
    assert said[4] == "Before you go: I haven't booked anything yet. " + said[3].removeprefix("Sure. ")
    assert said[5].startswith("Thank you for calling ")
    assert not [a for a in world.stored(shop, "appointments") if a["caller_phone"] == "+12125550411"]
    second = world.converse(shop, ["can I get a haircut and a beard trim tomorrow morning", "the first one", "Dom",
                                    "yes", "bye"], caller="+12125550434")
    assert second[4].startswith("You're all booked: a Haircut tomorrow at ")
    assert second[5].startswith("Before you go: I haven't booked the Beard Trim yet. ")
    assert "You're all booked" not in second[5]


def test_ok_9_then_picks_9_not_the_first_time_offered_and_two_please_is_the_second_service(world, shop):
    said = world.converse(shop, ["can I book a blow dry in 3 days", "ok 9 then"], caller="+12125550437")
    assert " I have " in said[1] and "9 AM" not in said[1].split(" I have ")[1]
    assert said[2].startswith("Great, ") and said[2].endswith("at 9 AM. Can I take your name, please?")
    fine = world.converse(shop, ["can I book a blow dry in 3 days", "9 is fine"], caller="+12125550448")
    assert fine[1] == said[1] and fine[2] == said[2]  # "fine" does not take the first time offered
    keyed = world.converse(shop, ["I want to book something", "um", "two please", "tomorrow at 10", "Sid"],
                     caller="+12125550438")
    assert "press 1 for Haircut, 2 for Beard Trim" in keyed[2]
    assert keyed[5].startswith("Just to confirm: a Beard Trim tomorrow at 10 AM for Sid.")


def test_away_next_week_so_the_week_after_offers_the_week_after_next(world, shop):
    said = world.converse(shop, ["I'm away next week, so can I get a haircut the week after?"], caller="+12125550442")
    today = clock.local_now(shop.timezone).date()
    monday = today + dt.timedelta(days=14 - today.weekday())  # of the week after next (the shop opens every day)
    assert said[1].startswith(speech.full_date(monday) + " I have ")


def test_going_elsewhere_is_an_objection_on_the_lead_not_a_booking(world, shop):
    caller = "+12125550443"
    said = world.converse(shop, ["how much is a colour?", "hmm, that's a lot, I think I'll go elsewhere", "Ann Po"],
                    caller=caller)
    assert said[2].startswith("No problem at all") and "name" in said[2]
    [lead] = [lead for lead in world.stored(shop, "leads") if lead["phone"] == caller]
    assert "go elsewhere" in lead["notes"] and lead["name"] == "Ann Po"
    assert not [a for a in world.stored(shop, "appointments") if a["caller_phone"] == caller]


@pytest.mark.now(WEEKDAY_MORNING)  # the premise: the soonest is today
def test_whatevers_first_when_asked_for_a_day_offers_the_earliest_time(world, shop):
    said = world.converse(shop, ["I'd like to book a haircut", "whatever's first"], caller="+12125550445")
    assert said[1] == "What day would suit you?"
    assert said[2].startswith("The earliest I have is ")


def test_a_service_that_does_not_fit_in_place_of_the_booking_leaves_it_booked(world, shop):
    caller = "+12125550447"
    said = world.converse(shop, ["a beard trim tomorrow at 7:30 pm, I'm Jen", "yes",
                                  "actually can you make it a colour instead?"], caller=caller)
    assert said[3].startswith("Your Beard Trim stays booked for now. A Hair Colouring takes 2 hours and we close at "
                              "8 PM that day, but tomorrow I have ")
    [trim] = [a for a in world.stored(shop, "appointments") if a["caller_phone"] == caller]
    assert trim["service"] == "Beard Trim" and trim["status"] == "booked"


def test_too_early_offers_later_times_and_all_too_late_earlier_ones(world, shop):
    said = world.converse(shop, ["a haircut in 3 days in the afternoon", "not that first one, too early"],
                    caller="+12125550449")
    first, then = offered_minutes(said[1]), offered_minutes(said[2])
    assert len(then) == 3 and min(then) > first[0] + 60  # from an hour after the first offered
    late = world.converse(shop, ["a haircut in 3 days in the afternoon", "they're all too late for me"],
                    caller="+12125550450")
    assert max(offered_minutes(late[2])) < min(offered_minutes(late[1]))


def test_a_bit_later_the_same_day_offers_later_times_that_day(world, shop):
    caller = "+12125550451"
    world.converse(shop, ["book a haircut in 3 days at 11, I'm Tess", "yes"], caller=caller)
    for asked, later in (("can I move my appointment to a bit later the same day?", True),
                         ("same day but earlier please", False)):
        said = world.converse(shop, [asked], caller=caller)[1]
        day = clock.local_now(shop.timezone).date() + dt.timedelta(days=3)
        assert said.startswith(f"{day:%A} I have "), said
        assert all((m > 11 * 60) == later for m in offered_minutes(said)), said


def test_no_sorry_the_second_one_picks_the_second_time_offered(world, shop):
    said = world.converse(shop, ["a haircut in 3 days", "no sorry, the second one"], caller="+12125550454")
    second = offered_minutes(said[1])[1]
    assert said[2].startswith("Great, ") and said[2].endswith("Can I take your name, please?")
    assert offered_minutes(said[2].replace("Great, ", " I have ", 1)) == [second]


@pytest.mark.now(WEEKDAY_MORNING)  # the premise: the soonest is today
def test_a_yes_to_what_day_is_asked_again_with_examples_not_the_same_words(world, shop):
    said = world.converse(shop, ["I want a haircut", "yes", "the soonest"], caller="+12125550462")
    assert said[1] == "What day would suit you?"
    assert said[2] == "Which day would suit you? You can say tomorrow, a day of the week, or the soonest."
    assert said[3].startswith("The earliest I have is ")


@pytest.fixture
def spa(world):
    services = [{"name": "Sports Massage - 30 min", "duration_minutes": 30, "price": 40},
                {"name": "Sports Massage - 60 min", "duration_minutes": 60, "price": 70},
                {"name": "Facial", "duration_minutes": 45, "price": 55}]
    return world.register(name="Calm Rooms Spa", services=services, faq=[], hours=every_day("08:00", "20:00"),
                          min_notice_minutes=60)


def test_words_that_fit_several_services_are_asked_about_among_those_only(world, spa):
    """"A sports massage" when there are two: which of those two, not the whole list; "the second
    one" is the second of them."""
    said = world.converse(spa, ["can I book a sports massage tomorrow at 10", "the second one", "Dana", "yes"],
                          caller="+12125550431")
    assert said[1] == "Sure! Which would you like: a Sports Massage - 30 min or a Sports Massage - 60 min?"
    assert said[3].startswith("Just to confirm: a Sports Massage - 60 min tomorrow at 10 AM for Dana.")
    assert [a["service"] for a in world.stored(spa, "appointments")] == ["Sports Massage - 60 min"]


def test_a_no_that_names_other_services_asks_which_instead_of_another_time(world, spa):
    """"No, a sports massage" while times for a facial are offered, or at its read-back: the service
    was wrong, not the time."""
    said = world.converse(spa, ["a facial tomorrow morning", "no sorry, a sports massage", "the 30 minute one",
                                "9 am", "Dana", "yes"], caller="+12125550432")
    assert said[2] == "Sure! Which would you like: a Sports Massage - 30 min or a Sports Massage - 60 min?"
    assert said[3].startswith("Tomorrow I have ")  # "the 30 minute one": which of them, and no 30th
    assert said[5] == "Just to confirm: a Sports Massage - 30 min tomorrow at 9 AM for Dana. Shall I book that?"
    said = world.converse(spa, ["a facial tomorrow at 10, I'm Dana", "no no, a sports massage", "the first one",
                                "yes"], caller="+12125550433")
    assert said[2] == "Sure! Which would you like: a Sports Massage - 30 min or a Sports Massage - 60 min?"
    assert said[3] == "Just to confirm: a Sports Massage - 30 min tomorrow at 10 AM for Dana. Shall I book that?"
    assert [a["service"] for a in world.stored(spa, "appointments")] == ["Sports Massage - 30 min"] * 2


def test_a_question_about_words_that_fit_several_services_is_answered_for_each(world, spa):
    """Not the first of them, nor the service talked about before."""
    said = world.converse(spa, ["how long is a facial?", "how much is a sports massage?",
                                "and how long is a sports massage?"], caller="+12125550434")
    assert said[2].startswith("A Sports Massage - 30 min is $40 and a Sports Massage - 60 min is $70.")
    assert said[3].startswith("A Sports Massage - 30 min takes about 30 minutes and a Sports Massage - 60 min "
                              "takes about an hour.")
