"""A business whose team visits callers (a plumber): emergencies, addresses, quotes.

Whole conversations the way real callers talk, answered by the offline engine through the real
functions in-process (tests/world.py); kept as regressions. Dates come from the world's clock."""

import pytest

from tests import clock
from tests.factories import every_day
from tests.unit.conversations.helpers import WEEKDAY_MORNING, weekday_in


def test_the_usual_is_the_service_of_the_last_visit(world, shop):
    caller = "+12125550217"
    world.converse(shop, ["book a beard trim tomorrow at 10am", "Sam", "yes", "bye"], caller=caller)
    said = world.converse(shop, ["hi it's Sam again, can I book the usual for the day after tomorrow at 11?"],
                    caller=caller)
    assert said[1].startswith("Just to confirm: a Beard Trim")
    no_day = world.converse(shop, ["can I book the usual"], caller=caller)
    assert no_day[1] == "A Beard Trim, as usual. What day would suit you?"
    first_time = world.converse(shop, ["can I book the usual tomorrow?"], caller="+12125550218")
    assert "Which service would you like?" in first_time[1]


def test_a_caller_who_forgot_when_they_are_booked_and_asks_for_the_address_by_text(world, shop):
    world.converse(shop, ["book a beard trim tomorrow at 2 pm", "Al", "yes", "bye"], caller="+12125550176")
    said = world.converse(shop, ["I booked something with you guys but I can't remember when",
                                  "oh wait can you text me the address too"], caller="+12125550176")
    assert said[1].startswith("You're booked for a Beard Trim tomorrow at 2 PM")
    assert "120 West 23rd Street" in said[2]


@pytest.mark.now(WEEKDAY_MORNING)  # the premise: the soonest emergency time is today
def test_an_emergency_gets_the_emergency_service_soonest_and_its_price(world, plumber):
    said = world.converse(plumber, ["there's water leaking everywhere, please hurry", "the first one", "Mike",
                                     "yes", "how much will it cost?", "do you cover Evanston?"],
                    caller="+12125550184")
    assert "The earliest I have is " in said[1] and said[1].endswith("Would that work for you?")
    assert said[3].startswith("Just to confirm: an Emergency Callout")
    assert said[4].startswith("You're all booked: an Emergency Callout")
    assert said[5].startswith("An Emergency Callout is $150")  # the one just booked, not every price
    assert said[6].startswith("Yes, we cover Evanston.")
    overflowing = world.converse(plumber, ["my toilet is overflowing!", "the first one", "Mo"], caller="+12125550245")
    assert overflowing[3].startswith("Just to confirm: an Emergency Callout")


def test_what_about_another_area_while_booking_is_answered_once(world, plumber):
    said = world.converse(plumber, ["I need a free quote visit", "do you come out to Skokie",
                                     "ok what about Evanston then"], caller="+12125550227")
    assert said[2] == ("I don't see that on our list: we cover Evanston. The team can double-check for you. "
                       "What day would suit you?")
    assert said[3] == "Yes, we cover Evanston. What day would suit you?"


def test_email_me_the_confirmation_while_booking_asks_the_address_and_goes_on(world, shop):
    said = world.converse(shop, ["I'd like a blow dry tomorrow at 11am", "can you email me the confirmation?",
                                  "dana at example dot com", "Dana", "text me too please", "yes"],
                    caller="+12125550265")
    assert said[2] == "Of course, I'll email the confirmation once it's booked. What's your email address?"
    assert said[3] == "Thanks, I've noted dana@example.com. Great, tomorrow at 11 AM. Can I take your name, please?"
    assert said[4].startswith("Just to confirm: a Blow Dry tomorrow at 11 AM for Dana.")
    assert said[5].startswith("Sure, you'll get the confirmation by text once it's booked. Just to confirm:")
    assert said[6].startswith("You're all booked")
    at_read_back = world.converse(shop, ["a haircut tomorrow at 3pm for Lee", "could you email me the details too",
                                          "lee at example dot com", "yes"], caller="+12125550266")
    assert at_read_back[2] == "Of course. What's your email address?"
    assert at_read_back[3].startswith("Thanks, I've added lee@example.com. Shall I go ahead")
    booked = {a["caller"]["name"]: a for a in world.stored(shop, "appointments")}
    assert booked["Dana"]["caller"]["email"] == "dana@example.com"
    assert booked["Lee"]["caller"]["email"] == "lee@example.com"


@pytest.mark.now(WEEKDAY_MORNING)  # the premise: the soonest emergency time is today
def test_water_through_the_ceiling_is_an_emergency_and_how_soon_offers_the_soonest(world):
    services = [{"name": "Emergency Call-out", "duration_minutes": 60, "price": 149},
                {"name": "Drain Cleaning", "duration_minutes": 60, "price": 99},
                {"name": "Water Heater Service", "duration_minutes": 90, "price": 129}]
    business = world.register(name="Lakeside Plumbing", services=services, faq=[], greeting="",
                           hours=every_day("00:00", "24:00"), min_notice_minutes=60)
    said = world.converse(business, ["there's water coming through my kitchen ceiling"], caller="+12125550274")
    blocked = world.converse(business, ["my kitchen sink is blocked"], caller="+12125550300")
    assert blocked[1] == "That sounds like a job for our Drain Cleaning. What day would suit you?"
    soon = world.converse(business, ["I need someone to look at my drains", "how soon can you get here?"],
                    caller="+12125550275")
    assert " I have " in said[1] and "What day" not in said[1]
    assert " I have " in soon[2] and "noted" not in soon[2]
    day = weekday_in(2)
    listed = world.converse(business, [f"can you book someone to look at a dripping tap on {day}", "the first",
                                        "Karen", "the first one"], caller="+12125550276")
    assert listed[1].startswith("Sure! Which service would you like?")
    assert listed[2].startswith(f"{day} I have")  # "the first" on the list, not the 1st of the month
    assert f"an Emergency Call-out {day} at" in listed[4]


def test_an_address_with_its_town_at_the_read_back_is_the_address_not_a_name(world, plumber):
    said = world.converse(plumber, ["I need a free quote visit tomorrow at 2 pm", "Dave Miller",
                                     "123 Main Street Evanston", "yes"], caller="+12125550317")
    assert said[3] == ("Thanks, I've noted the address, 123 Main Street Evanston. Shall I go ahead with a Free Quote "
                       "Visit tomorrow at 2 PM for Dave Miller?")
    [booked] = world.stored(plumber, "appointments")
    assert booked["caller"]["name"] == "Dave Miller" and "123 Main Street Evanston" in booked["notes"]


def test_an_emergency_with_nothing_today_can_leave_an_urgent_message(world):


    zone = "America/Chicago"
    today = clock.local_now(zone).strftime("%A").lower()
    hours = {day: spans for day, spans in every_day("07:00", "18:00").items() if day != today}
    trade = world.register(timezone=zone, hours=hours, services=[
        {"name": "Emergency Call-out", "duration_minutes": 60, "price": 149},
        {"name": "Drain Cleaning", "duration_minutes": 90, "price": 120}])
    call = world.ring(trade, "+12125550321")
    call.start()
    offer = call.say("I need somebody out today, my toilet is overflowing").text
    assert "If it can't wait until then, I can take an urgent message for the team instead." in offer
    assert call.say("can I leave an urgent message").kind == "record"
    assert call.leave_message().kind == "hangup"
    call.hangup()
    alerts = world.wait_for(lambda: [a for a in world.notifications(trade, kind="staff_alert")
                               if "URGENT: A caller" in a["body"]])
    assert "toilet is overflowing" in alerts[0]["body"] and "Voicemail" in alerts[0]["body"]


def test_common_words_in_a_service_name_do_not_pick_it(world, plumber):
    free = world.converse(plumber, ["are you free tomorrow morning"], caller="+12125550332")
    assert free[1].startswith("Sure! Which service would you like?")  # "free" picked no Free Quote Visit
    softener = world.converse(plumber, ["can you service my water softener"], caller="+12125550333")
    assert softener[1].startswith("I don't see your water softener on our list of services")
    quote = world.converse(plumber, ["I need a quote for a new bathroom tomorrow at 10", "Sam"],
                     caller="+12125550334")
    assert quote[2].startswith("Just to confirm: a Free Quote Visit tomorrow at 10 AM for Sam")


@pytest.mark.now(WEEKDAY_MORNING)  # the premise: the soonest emergency time is today
def test_yeah_before_an_emergency_and_when_they_will_arrive(world, plumber):
    said = world.converse(plumber, ["yeah my basement is flooding, I need someone right now", "the first one",
                                     "Kevin", "yes", "how long will it take them to get here"],
                    caller="+12125550346")
    assert "Sure! I can book" not in said[1] and " I have " in said[1]
    assert said[3].startswith("Just to confirm: an Emergency Callout")
    when = said[4].removeprefix("You're all booked: an Emergency Callout ").split(".")[0]
    assert said[5] == (f"The team will be with you at the time booked, {when}. Is there anything else I can help "
                       "you with?")


def test_a_quote_for_something_is_the_estimate_visit(world, plumber):
    said = world.converse(plumber, ["I need a quote for a new boiler", "do you charge for that"],
                    caller="+12125550365")
    assert said[1] == "I can book a Free Quote Visit for that. What day would suit you?"
    assert said[2].startswith("A Free Quote Visit is free")


def test_an_address_said_after_booking_is_added_to_the_booking(world, plumber):
    said = world.converse(plumber, ["a boiler service tomorrow at 10, I'm Greg", "yes",
                                     "it's 42 Elm Street in Evanston", "and 42 elm street in evanston"],
                    caller="+12125550366")
    assert said[3].startswith("Thanks, I've added the address to your booking, 42 Elm Street in Evanston.")
    [booked] = world.stored(plumber, "appointments")
    assert booked["notes"] == "Address: 42 Elm Street in Evanston"  # said twice, noted once


def test_a_closed_day_asked_about_is_said_once_and_a_jammed_disposal_is_a_drain_job(world):
    services = [{"name": "Emergency Call-out", "duration_minutes": 60, "price": 149},
                {"name": "Drain Cleaning", "duration_minutes": 60, "price": 99},
                {"name": "Free Estimate", "duration_minutes": 30, "price": 0}]
    weekdays = {d: [{"open": "07:00", "close": "18:00"}]
                for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")}
    business = world.register(name="Lakeside Plumbing", services=services, faq=[], hours=weekdays)
    said = world.converse(business, ["are you guys available on sunday", "drain cleaning"], caller="+12125550384")
    assert said[1].startswith("We're closed on Sundays. I can find you another day. Which service would you like?")
    assert said[2].startswith("The next opening is ")
    jammed = world.converse(business, ["my garbage disposal is jammed", "is the estimate really free"],
                      caller="+12125550385")
    assert jammed[1].startswith("That sounds like a job for our Drain Cleaning.")
    assert jammed[2].startswith("A Free Estimate is free")


def test_an_address_for_a_booking_cancelled_meanwhile_goes_on_the_lead(world, plumber):
    calendar = world.app.calendar

    caller = "+12125550393"
    call = world.ring(plumber, caller)
    call.start()
    call.say("a boiler service tomorrow at 11, I'm Greg")
    assert call.say("yes").text.startswith("You're all booked")
    [booked] = world.stored(plumber, "appointments")
    calendar.cancel(plumber, booked["id"], caller, "staff cancelled", "test")  # the team cancels it meanwhile
    assert call.say("it's 42 Elm Street in Evanston").text.startswith("Thanks, I've noted the address")
    call.hangup()
    [after] = world.stored(plumber, "appointments")
    assert after["status"] == "cancelled" and "Elm" not in after["notes"]
    world.run_tasks()  # filed by the post-call task
    lead_notes = next((x["notes"] for x in world.stored(plumber, "leads") if x["phone"] == caller), "")
    assert "For their booking: Address: 42 Elm Street in Evanston" in lead_notes


def test_a_gas_smell_is_told_to_leave_and_call_the_emergency_line_first_once(world, plumber):
    said = world.converse(plumber, ["I can smell gas in my kitchen", "is that going to be expensive",
                                     "it smells of gas everywhere"], caller="+12125550399")
    assert said[1].startswith("If you can smell gas, please leave the building now, don't use switches or flames, "
                              "and call 911 from outside.")
    assert not any("leave the building" in s for s in said[2:])
    uk = world.register(country="GB", timezone="Europe/London", phone_numbers=["+442071230001"],
                     services=[{"name": "Emergency Call-out", "duration_minutes": 60, "price": 99}])
    british = world.converse(uk, ["there's a gas leak"], caller="+447911123999")
    assert "call the gas emergency line on 0 800 111 999 from outside." in british[1]


@pytest.mark.now(WEEKDAY_MORNING)  # the premise: the soonest emergency time is today
def test_escaping_water_gets_the_stop_valve_advice_once_and_the_first_emergency_time(world, plumber):
    said = world.converse(plumber, ["my basement is flooding, there's water everywhere", "yes please",
                                     "the water is still pouring in"], caller="+12125550407")
    assert said[1].startswith("If it's safe to, turn the water off at the main shut-off valve, and keep away from "
                              "any sockets, switches or appliances the water has reached. ")
    assert "The earliest I have is " in said[1] and "Which would you like" not in said[1]
    assert said[2].startswith("Great, ") and said[2].endswith("Can I take your name, please?")
    assert "shut-off valve" not in said[3]
    last_year = world.converse(plumber, ["we had a flood last year, can someone check the pipes"],
                         caller="+12125550408")
    assert "shut-off" not in last_year[1]
    uk = world.register(country="GB", timezone="Europe/London", phone_numbers=["+442071230002"],
                     services=[{"name": "Emergency Call-out", "duration_minutes": 60, "price": 99}])
    british = world.converse(uk, ["I've got a burst pipe"], caller="+447911123998")
    assert british[1].startswith("If it's safe to, turn the water off at the stopcock")


def test_a_price_for_new_work_is_the_estimate_and_a_recommendation_is_thanked(world, plumber):
    said = world.converse(plumber, ["can you give me a rough price for a new toilet install", "yes please"],
                    caller="+12125550400")
    assert said[1] == ("That depends on the job, so the team prices it after a look: I can book a Free Quote Visit. "
                       "Would you like to book one?")
    assert said[2] == "What day would suit you?"
    replace = world.converse(plumber, ["how much would it cost to replace my boiler", "how much is a boiler service"],
                       caller="+12125550401")
    assert replace[1].startswith("That depends on the job") and replace[2].startswith("A Boiler Service is $120")
    neighbour = world.converse(plumber, ["my neighbour recommended you", "a boiler service tomorrow at 10, I'm Al"],
                         caller="+12125550402")
    assert neighbour[1] == "That's lovely to hear, thank you! How can I help you today?"
    assert neighbour[2].startswith("Just to confirm: a Boiler Service tomorrow at 10 AM for Al")


def test_an_address_said_as_im_at_while_confirming_is_noted_not_a_question(world, plumber):
    said = world.converse(plumber, ["can someone come and service my boiler tomorrow at 10", "Bob Kerr",
                                     "I'm at 1420 Maple Avenue", "yes"], caller="+12125550415")
    assert said[2].startswith("Just to confirm: ")
    assert said[3].startswith("Thanks, I've noted the address, 1420 Maple Avenue. Shall I go ahead with ")
    assert said[4].startswith("You're all booked")
    booked = [a for a in world.stored(plumber, "appointments") if a["caller_phone"] == "+12125550415"]
    assert "Address: 1420 Maple Avenue" in booked[0]["notes"]


def test_a_gate_code_at_the_read_back_is_noted_and_unfixed_work_goes_to_the_team(world, plumber):
    caller = "+12125550425"
    said = world.converse(plumber, ["can someone service my boiler tomorrow at 8 am", "Pat Doyle",
                                     "the gate code is 4512", "yes", "oh and the key is under the mat"], caller=caller)
    assert said[3] == ("Thanks, I've noted that for the team. Shall I go ahead with a Boiler Service tomorrow at 8 AM "
                       "for Pat Doyle?")
    assert said[4].startswith("You're all booked")
    assert said[5].startswith("Thanks for letting us know. I've added that to your booking")
    [booked] = [a for a in world.stored(plumber, "appointments") if a["caller_phone"] == caller]
    assert "Access: the gate code is 4512" in booked["notes"] and "the key is under the mat" in booked["notes"]
    again = world.converse(plumber, ["you had someone out last week but it's still leaking", "Rob",
                                      "can the plumber call me when he's on the way"], caller="+12125550426")
    assert again[1] == ("I'm sorry it's still not right. I'll have the team call you back to sort it out. Can I "
                        "take your name?")
    assert again[2].startswith("Thanks, Rob. Someone from ")
    assert "When" not in again[3]  # a question, not a name
    [lead] = [x for x in world.stored(plumber, "leads") if x["phone"] == "+12125550426"]
    assert lead["name"] == "Rob" and "Earlier work not fixed: you had someone out last week" in lead["notes"]


@pytest.mark.now(WEEKDAY_MORNING)  # the premise: the soonest emergency time is today
def test_my_boiler_serviced_is_the_heater_service_and_the_soonest_is_one_time(world):
    business = world.register(services=[{"name": "Emergency Call-out", "duration_minutes": 60, "price": 149},
                                     {"name": "Water Heater Service", "duration_minutes": 120, "price": 180}],
                           hours=every_day("00:00", "24:00"))
    said = world.converse(business, ["hi there I need my boiler serviced", "what's the soonest"],
                    caller="+12125550433")
    assert said[1] == "That sounds like a job for our Water Heater Service. What day would suit you?"
    assert said[2].startswith("The earliest I have is ")


def test_a_business_that_visits_asks_the_address_before_the_read_back(world):
    services = [{"name": "Drain Cleaning", "duration_minutes": 60, "price": 180}]
    business = world.register(name="Acme Plumbing", services=services, faq=[], service_areas=["Evanston"],
                           visits_callers=True, hours=every_day("00:00", "24:00"), min_notice_minutes=60)
    caller = "+12125550456"
    said = world.converse(business, ["my kitchen sink is blocked, can someone come in 3 days at 9?", "Dan Cole",
                                      "Flat 2, 14 Rose Court, Evanston", "yes"], caller=caller)
    assert said[2] == "Thanks, Dan. And what's the address for the visit?"
    assert said[3].startswith("Just to confirm: a Drain Cleaning ") and said[3].endswith(
        " for Dan Cole, at Flat 2 14 Rose Court Evanston. Shall I book that?")
    [booked] = [a for a in world.stored(business, "appointments") if a["caller_phone"] == caller]
    assert "Address: Flat 2 14 Rose Court Evanston" in booked["notes"]
    # "they have it already" is an answer too: asked once, then the read-back
    hidden = world.converse(business, ["a drain cleaning in 5 days at 9", "Dan", "312 555 0199"], caller="anonymous")
    assert hidden[3] == "Thanks. And what's the address for the visit?"  # Dan was thanked for his name already
    other = world.converse(business, ["a drain cleaning in 4 days at 9", "Dan Cole", "the engineer has it already"],
                     caller="+12125550457")
    assert other[3].startswith("Just to confirm: a Drain Cleaning ") and other[3].endswith(
        " for Dan Cole. Shall I book that?")


def test_text_me_your_address_texts_the_address_once(world, shop):

    caller = "+12125550459"
    said = world.converse(shop, ["can you text me your address?", "sorry, can you text me the address again?", "bye"],
                    caller=caller)
    assert said[1] == ("Sure, I've texted you our address: 120 West 23rd Street in Manhattan, between 6th and 7th "
                       "Avenue. Is there anything else I can help you with?")
    assert said[2] == said[1]  # once a call: the text already sent
    world.wait_for(lambda: [m for m in world.texts if m["to"] == caller] or None)
    world.run_tasks()  # a second text, had one been queued, would have been sent by now
    [text] = [m for m in world.texts if m["to"] == caller]
    assert "120 West 23rd Street" in text["body"] and shop.phone_numbers[0] in text["body"]
    hidden = world.converse(shop, ["can you send me the address by text?"], caller="anonymous")
    assert hidden[1].startswith("I can't text a hidden number, but we're at 120 West 23rd Street in Manhattan")


def test_the_usual_of_a_two_service_visit_books_both_back_to_back(world, shop):
    caller = "+12125550463"
    first = world.converse(shop, ["a haircut and a beard trim in 3 days at 2 pm, I'm Ben", "yes", "yes", "yes"],
                     caller=caller)
    assert first[4].startswith("You're all booked: a Beard Trim ")
    said = world.converse(shop, ["can I book the usual in 4 days at 11?", "yes", "yes", "yes"], caller=caller)
    assert said[1].startswith("Just to confirm: a Haircut ")
    assert said[1].endswith(" at 11 AM for Ben. Shall I book that?")
    assert "Beard Trim" in said[2] and "straight after" in said[2]
    assert said[4].startswith("You're all booked: a Beard Trim ")
    mine = [a for a in world.stored(shop, "appointments") if a["caller_phone"] == caller]
    assert sorted(a["service"] for a in mine) == ["Beard Trim", "Beard Trim", "Haircut", "Haircut"]
