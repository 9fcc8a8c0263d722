"""The offline engine's understanding of what callers say (general phrasings, not dataset lines)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from shared.dialogue.nlu import (
    find_email,
    find_name,
    find_phone,
    find_shift,
    match_service,
    match_services,
    understand,
    without_phone,
)

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("America/New_York"))  # a Wednesday
SERVICES = ["Haircut", "Beard Trim", "Hair Colouring", "Blow Dry", "Consultation"]


def parse(text):
    return understand(text, NOW, SERVICES)


@pytest.mark.parametrize("text, date, time", [
    ("next Tuesday at half past four", "2026-12-01", "16:30"),
    ("tomorrow at quarter to eleven in the morning", "2026-11-26", "10:45"),
    ("the 5th at 2", "2026-12-05", "14:00"),
    ("on the fifth of December at noon", "2026-12-05", "12:00"),
    ("Friday at 9:15 am", "2026-11-27", "09:15"),
    ("day after tomorrow around 3:30 in the afternoon", "2026-11-27", "15:30"),
    ("December 3rd at eleven thirty", "2026-12-03", "11:30"),
    ("Saturday this week, 10 o'clock", "2026-11-28", "10:00"),
    ("in 3 days at 5pm", "2026-11-28", "17:00"),
    ("today at 4", "2026-11-25", "16:00"),
    ("12/4 at 8 am", "2026-12-04", "08:00"),
])
def test_dates_and_times_as_people_say_them(text, date, time):
    slots = parse(text).slots
    assert (slots.get("date"), slots.get("time")) == (date, time)


def test_numbers_that_are_not_times():
    assert "time" not in parse("a table for 4 people on Friday").slots
    assert "time" not in parse("on second thought, make it Friday").slots
    assert parse("on second thought, make it Friday").slots["date"] == "2026-11-27"
    # a number with a unit: a quantity ("she's about twelve pounds" was noon)
    for said in ("a full groom for my shih tzu, she's about twelve pounds", "he's around eight years old",
                 "maybe nine pounds", "it's by five kilos"):
        assert "time" not in parse(said).slots, said
    assert parse("she's about twelve pounds, Wednesday at 10").slots["time"] == "10:00"
    # how many, for whom: "and one for my dad" (a booking for him, not 1 PM)
    for said in ("yes and one for my dad straight after", "and one for me too", "yes, two for the kids"):
        assert "time" not in parse(said).slots, said
    for said, time in (("at one for my dad", "13:00"), ("and 2 pm for me", "14:00"), ("ok 9 then", "09:00")):
        assert parse(said).slots["time"] == time, said


def test_dates_in_the_past_roll_forward():
    assert parse("the 2nd").slots["date"] == "2026-12-02"
    assert parse("March 5th").slots["date"] == "2027-03-05"


def test_part_of_day_without_a_time():
    slots = parse("tomorrow evening please").slots
    assert slots["date"] == "2026-11-26" and slots["part_of_day"] == "evening" and "time" not in slots


@pytest.mark.parametrize("text, intent", [
    ("I'd like to book a haircut", "book"),
    ("Can I get a beard trim tomorrow?", "book"),
    ("I need to see someone about my hair next week", "book"),
    ("I need to reschedule my appointment", "reschedule"),
    ("Can I move my booking to Friday?", "reschedule"),
    ("I want to cancel my appointment on Friday", "cancel"),
    ("I can't make it tomorrow, please cancel", "cancel"),
    ("What times do you have available on Saturday?", "check_availability"),
    ("Do you have any openings tomorrow?", "check_availability"),
    ("Where are you located?", "faq"),
    ("How much is a blow dry?", "faq"),
    ("Can I speak to a real person?", "transfer"),
    ("Let me talk to the manager", "transfer"),
    ("That's too expensive, I'll think about it", "not_interested"),
    ("Not right now, maybe later", "not_interested"),
    ("No thanks, that's all. Bye!", "goodbye"),
    ("Thank you so much for your help", "goodbye"),
    ("Yes, that's right", "affirm"),
    ("Sounds good", "affirm"),
    ("No", "deny"),
    ("Nope, that's wrong", "deny"),
    ("What time do you close on Saturday?", "faq"),
    ("Are you open on Sunday?", "faq"),
    ("How late are you open tonight?", "faq"),
    ("What time is available on Saturday?", "check_availability"),
    ("What's your cancellation policy?", "faq"),
    ("Is there a fee if I cancel?", "faq"),
    ("How much notice do you need if I cancel?", "faq"),
    ("Hi, do you do nails?", "faq"),
    ("yeah hi I wanna get a haircut", "book"),
    ("yes hello, I'd like to cancel", "cancel"),
    ("nothing else, thanks", "goodbye"),
])
def test_intents(text, intent):
    assert parse(text).intent == intent


@pytest.mark.parametrize("text, service", [
    ("a hair cut please", "Haircut"),
    ("I want my hair colored", "Hair Colouring"),
    ("a hair color", "Hair Colouring"),
    ("hair colouring", "Hair Colouring"),
    ("beard trims", "Beard Trim"),
    ("a blowdry", "Blow Dry"),
    ("a consultaton", "Consultation"),
    ("nails", None),
])
def test_services_are_matched_loosely(text, service):
    assert match_service(text.lower(), SERVICES) == service


def test_spoken_and_written_emails():
    assert find_email("it's jane dot doe at example dot com") == "jane.doe@example.com"
    assert find_email("my email is jane@example.co.uk thanks") == "jane@example.co.uk"
    assert find_email("i'll be there at noon") is None


def test_names():
    assert parse("my name is Jane Doe").slots["name"] == "Jane Doe"
    assert parse("this is Carlos").slots["name"] == "Carlos"
    assert "name" not in parse("I'm looking for a haircut").slots


@pytest.mark.parametrize("said, name", [
    ("Hi, I am allergic to latex, can I book a haircut tomorrow at 10am", None),
    ("I'm pregnant so no strong chemicals please", None),
    ("I am sensitive to fragrances", None),
    ("I'm worried about the price", None),
    ("I'm diabetic", None),
    ("i'm happy with that", None),
    ("I'm Grant", "Grant"),
    ("I'm Jane and I want a haircut", "Jane"),
    ("I'm Jane from Brooklyn", "Jane"),
    ("i'm jane doe", "Jane Doe"),
    ("I'm Vincent Price", "Vincent Price"),
])
def test_a_state_after_im_is_not_a_name(said, name):
    assert parse(said).slots.get("name") == name


def test_choices_among_offered_times_are_not_dates():
    assert "date" not in parse("the first one").slots
    assert "date" not in parse("the second option please").slots
    assert parse("the 1st of December").slots["date"] == "2026-12-01"


def test_next_weekday_said_earlier_in_the_same_week_means_next_week():
    assert parse("next Thursday").slots["date"] == "2026-12-03"   # said on Wednesday the 25th
    assert parse("this Thursday").slots["date"] == "2026-11-26"
    assert parse("next Monday").slots["date"] == "2026-11-30"


def test_hedged_times_and_single_word_services():
    slots = parse("could I come in tomorrow at like 3 for a trim").slots
    assert (slots["date"], slots["time"], slots["service"]) == ("2026-11-26", "15:00", "Beard Trim")


def test_reschedule_and_choices_said_plainly():
    assert parse("I need to reschedule").intent == "reschedule"
    assert parse("can I change my appointment").intent == "reschedule"
    assert "time" not in parse("the earliest one").slots
    assert parse("actually 11").slots["time"] == "11:00"
    assert parse("My son, Leo").slots["name"] == "Leo"


@pytest.mark.parametrize("said, digits", [
    ("212-555-0199", "2125550199"),
    ("Sure, (212) 555-0199.", "2125550199"),
    ("my number is two one two five five five oh one nine nine", "2125550199"),
    ("two one two, five five five, oh one nine nine", "2125550199"),
    ("one sec, it's 212 555 0199", "2125550199"),
    ("double five five one two three four five six seven", "5551234567"),
    ("plus 44 20 7946 0018", "+442079460018"),
    ("+44 20 7946 0018", "+442079460018"),
    ("2125550142", "2125550142"),
    ("It's 07700 900123 thanks", "07700900123"),
])
def test_phone_numbers_as_people_say_them(said, digits):
    assert find_phone(said) == digits


@pytest.mark.parametrize("said", ["call me at 555", "one two three", "at 3 pm on the 5th", "", "why?"])
def test_too_few_digits_are_not_a_phone_number(said):
    assert find_phone(said) is None


def test_several_services_in_one_request_in_the_order_named():
    names = ["Haircut", "Beard Trim", "Blow Dry", "Cut and Colour"]
    assert match_services("a haircut and a beard trim please", names) == ["Haircut", "Beard Trim"]
    assert match_services("beard trim, then a blow dry", names) == ["Beard Trim", "Blow Dry"]
    assert match_services("a cut and colour on friday", names) == ["Cut and Colour"]
    assert match_services("just a haircut", names) == ["Haircut"]
    assert match_services("what do you offer?", names) == []


def test_this_evening_is_today():
    assert parse("could I come in this evening").slots["date"] == parse("today").slots["date"]
    assert parse("this afternoon at 3").slots == {**parse("today at 3 pm").slots, "part_of_day": "afternoon"}


@pytest.mark.parametrize("said, minutes", [
    ("can you make it 30 minutes later", 30), ("half an hour earlier please", -30), ("an hour later", 60),
    ("2 hours later", 120), ("one hour earlier", -60), ("15 mins later", 15), ("later today", None),
    ("at 3 pm", None), ("a day later", 24 * 60), ("two days earlier", -2 * 24 * 60), ("a week later", 7 * 24 * 60),
    ("a minute later", 1),
])
def test_moving_by_an_amount(said, minutes):
    assert find_shift(said) == minutes


def test_british_half_ten_is_half_past_ten():
    assert parse("tomorrow at half ten").slots["time"] == "10:30"
    assert parse("half 3 in the afternoon").slots["time"] == "15:30"
    assert "time" not in parse("it takes half an hour").slots


def test_a_number_said_with_a_request_is_taken_out_before_reading_the_request():
    said = "book at 10 30 tomorrow, call me on 212-555-0199 please"
    assert "212" not in without_phone(said) and "10 30 tomorrow" in without_phone(said)
    assert without_phone("at 3 pm on the 5th") == "at 3 pm on the 5th"
    assert parse(without_phone("my number is two one two five five five oh one nine nine")).slots == {}


@pytest.mark.parametrize("said, part", [("a haircut friday after school", "late afternoon"),
                                        ("something after work tomorrow", "evening"),
                                        ("before work on monday", "morning"), ("on my lunch break", "lunchtime")])
def test_parts_of_the_day_as_lives_are_lived(said, part):
    assert parse(said).slots["part_of_day"] == part


def test_yesterday_is_a_date_in_the_past():
    assert parse("can I book for yesterday at 3").slots["date"] == "2026-11-24"


def test_nothing_earlier_is_not_a_goodbye():
    assert parse("nothing earlier?").intent != "goodbye"
    assert parse("nothing later than that?").intent != "goodbye"


@pytest.mark.parametrize("said, name", [
    ("Her name's Mia", "Mia"),
    ("his name is Leo", "Leo"),
    ("put it under Mia", "Mia"),
    ("put me down as Jo Smith", "Jo Smith"),
    ("book it under Dana please", "Dana"),
    ("put me down for a haircut", None),
    ("put me down for Friday", None),
])
def test_names_said_for_the_booking(said, name):
    assert parse(said).slots.get("name") == name


def test_the_end_of_a_compound_names_the_service_but_a_shared_word_does_not():
    assert match_services("a colour and a cut on friday", SERVICES) == ["Hair Colouring", "Haircut"]
    assert parse("just a cut please").slots["service"] == "Haircut"
    # "hair" is in Haircut and Hair Colouring: it names neither (nor does a salon's own name)
    assert match_services("i need my hair done", SERVICES) == []
    assert match_services("is this bella hair studio", SERVICES) == []
    assert parse("I want a colour and a cut on friday").slots["service"] == "Hair Colouring"


def test_a_hyphenated_part_of_one_service_name_names_it():
    trades = ["Emergency Call-out", "Drain Cleaning", "Follow-up Visit"]
    for said in ("what's the call-out fee", "how much is a call out", "what do you charge for a callout"):
        assert match_service(said, trades) == "Emergency Call-out", said
    assert match_service("i need a follow up", trades) == "Follow-up Visit"
    assert match_service("can you call me back", trades) is None
    # a part two services share names neither
    assert match_service("a call out", ["Emergency Call-out", "Weekend Call-out"]) is None


@pytest.mark.parametrize("said, minutes", [
    ("can i just push it back an hour", 60),
    ("bring it forward 30 minutes", -30),
    ("move my appointment up by half an hour", -30),
    ("push my haircut back 2 hours", 120),
    ("can you push it back a week", 7 * 24 * 60),
    ("move it to friday", None),
    ("push it back", None),
])
def test_moving_by_an_amount_said_as_push_back_or_bring_forward(said, minutes):
    assert find_shift(said) == minutes


@pytest.mark.parametrize("said, date", [
    ("in two weeks", "2026-12-09"),
    ("two weeks from today at 3", "2026-12-09"),
    ("in a couple of weeks", "2026-12-09"),
    ("in a fortnight", "2026-12-09"),
    ("a week from friday", "2026-12-04"),
    ("two weeks from tomorrow", "2026-12-10"),
    ("in a few days", "2026-11-28"),
    ("february 30th", None),  # no such day: not the 30th of this month
    ("for two weeks", None),
])
def test_weeks_from_now_and_impossible_dates(said, date):
    assert parse(said).slots.get("date") == date


@pytest.mark.parametrize("said, date", [
    ("a haircut on Monday the 7th", "2026-12-07"),    # not this coming Monday
    ("Friday the 4th of December", "2026-12-04"),
    ("monday 7th december at 10", "2026-12-07"),
    ("Friday, December 4th", "2026-12-04"),
    ("friday the 27th", "2026-11-27"),
    ("friday or the 8th", "2026-11-27"),              # two days offered: the first
    ("sometime next week, Tuesday ideally", "2026-12-01"),
    ("next week on thursday", "2026-12-03"),
    ("could I get seen this week", "2026-11-25"),     # the soonest this week
    ("a consultation for Friday week", "2026-12-04"),  # British: a week after Friday
    ("a week on tuesday", "2026-12-08"),
    ("tomorrow week", "2026-12-03"),
    ("have you got anything on Friday week", "2026-12-04"),
    ("anything on Thursday fortnight", "2026-12-10"),  # two weeks after Thursday
    ("a fortnight on Tuesday", "2026-12-15"),
])
def test_a_weekday_said_with_its_date_is_that_date(said, date):
    assert parse(said).slots.get("date") == date


def test_times_from_now_and_approximate_hours():
    at_ten_past_two = NOW.replace(hour=14, minute=7)
    assert understand("can I come in an hour", at_ten_past_two).slots == {"date": "2026-11-25", "time": "15:15"}
    assert understand("in half an hour?", at_ten_past_two).slots["time"] == "14:45"
    heard = understand("could you fit me in 2 hours", at_ten_past_two)
    assert heard.slots["time"] == "16:15" and heard.intent == "book"
    assert parse("around 4ish").slots["time"] == "16:00"


@pytest.mark.parametrize("said, name", [
    ("I'd like to book a beard trim for saturday at 11 for Jack", "Jack"),  # recognisers capitalise names
    ("a haircut for Christmas", None),
    ("book it for March 3rd", None),
    ("book for tomorrow", None),
    ("i need a cut for my wedding", None),
])
def test_a_capitalised_name_after_for(said, name):
    assert parse(said).slots.get("name") == name


def test_changing_the_time_is_a_move():
    assert parse("I need to change the time").intent == "reschedule"
    assert parse("can I change the day").intent == "reschedule"


@pytest.mark.parametrize("said", ["there's water leaking everywhere from under my sink",
                                  "my boiler's stopped working", "I've hurt my back", "the toilet won't flush"])
def test_a_problem_described_is_a_request_for_a_visit(said):
    assert parse(said).intent == "book"


def test_after_lunch_is_the_afternoon():
    assert parse("anytime after lunch").slots["part_of_day"] == "after lunch"


@pytest.mark.parametrize("said", ["thank you so much, have a good one", "ok take care", "have a lovely weekend"])
def test_goodbyes(said):
    assert parse(said).intent == "goodbye"


@pytest.mark.parametrize("said, part", [
    ("late afternoon", "late afternoon"), ("early morning please", "early morning"),
    ("around lunch time", "lunchtime"), ("in the evening", "evening"),
])
def test_parts_of_the_day(said, part):
    assert parse(said).slots.get("part_of_day") == part


@pytest.mark.parametrize("said", ["I've done my back in, could I get seen?", "I pulled a muscle",
                                  "I was wondering if I could get an appointment", "I'd like to see a physio"])
def test_problems_and_indirect_requests_are_bookings(said):
    assert parse(said).intent == "book"


@pytest.mark.parametrize("said", ["cheers", "ta", "lovely thanks", "brilliant, thank you", "cheers mate"])
def test_thanks_alone_is_a_goodbye(said):
    assert parse(said).intent == "goodbye"


@pytest.mark.parametrize("said, intent", [
    ("that's a bit pricey for me", "not_interested"), ("let me check my diary", "not_interested"),
    ("I'll call you back", "not_interested"), ("I'd like to check with the team if they can do Friday", "book"),
    ("I won't make Friday, sorry", "cancel"), ("I'm not going to be able to make my appointment", "cancel"),
    ("is it possible to bring my appointment forward to tomorrow", "reschedule"),
    ("Could I come in a bit later on Friday, say 2?", "reschedule"),
    ("can I move the Friday one to next Thursday afternoon", "reschedule"),
    ("I get my hair done elsewhere", "not_interested"), ("we found someone else to do it", "not_interested"),
    ("I already have a plumber, thanks", "not_interested"), ("I think I'll go elsewhere", "not_interested"),
    ("I usually go elsewhere but can I book a haircut", "book"), ("is there parking elsewhere?", "faq"),
    ("can I book for someone else", "book"), ("my back is killing me", "book"),
    ("my toilet's been playing up", "book"), ("can someone look at my shoulder", "book"),
    ("I want to talk to the physio about my exercises", "transfer"), ("can I speak to my stylist", "transfer"),
    ("could I speak with the plumber who came out", "transfer"),
])
def test_intents_in_callers_own_words(said, intent):
    assert parse(said).intent == intent


@pytest.mark.parametrize("said", ["I was talking to the plumber yesterday", "I spoke to someone last week"])
def test_talking_to_someone_before_is_no_transfer(said):
    assert parse(said).intent != "transfer"


def test_a_move_from_one_day_to_another_is_to_the_second():
    assert parse("can I change it from friday to saturday").slots["date"] == "2026-11-28"


@pytest.mark.parametrize("said, name", [
    ("this is ridiculous", None), ("it's terrible", None), ("this is Karen", "Karen"), ("it's Tom Baker", "Tom Baker"),
])
def test_this_is_an_adjective_is_not_a_name(said, name):
    assert parse(said).slots.get("name") == name


@pytest.mark.parametrize("said", ["do it", "that'd be great", "mhm", "aye", "go for it", "uh huh", "fine by me"])
def test_more_ways_of_saying_yes(said):
    assert parse(said).intent == "affirm"


@pytest.mark.parametrize("said, time", [
    ("next Tuesday at twenty past three", "15:20"), ("ten to five", "16:50"), ("5 past 9 in the morning", "09:05"),
    ("twenty five past 4 in the afternoon", "16:25"), ("are you open from 10 to 5", "10:00"),  # a range
    ("quarter to 13", "12:45"), ("quarter of five", "16:45"), ("noonish", "12:00"), ("at 1630", "16:30"),
    ("at 0930 tomorrow", "09:30"), ("we're at 1657 Willow Pass Road at 5 pm", "17:00"),  # an address, then the time
])
def test_minutes_past_and_to_the_hour(said, time):
    assert parse(said).slots.get("time") == time


@pytest.mark.parametrize("said, part", [
    ("tea time tomorrow", "early evening"), ("first thing Monday", "earliest"),
    ("end of the day friday", "late afternoon"),
])
def test_parts_of_the_day_in_other_words(said, part):
    assert parse(said).slots.get("part_of_day") == part


@pytest.mark.parametrize("said, email", [
    ("jane underscore doe at gmail dot com", "jane_doe@gmail.com"),
    ("j a n e at example dot co dot uk", "jane@example.co.uk"),
    ("it's jane dash smith at outlook dot com", "jane-smith@outlook.com"),
    ("email is bob 123 at yahoo dot com", "bob123@yahoo.com"),
    ("see you at 5 at the salon", None),
])
def test_emails_spelled_out(said, email):
    assert parse(said).slots.get("email") == email


@pytest.mark.parametrize("said, time", [("tomorrow at for", "16:00"), ("tomorrow at to pm", "14:00"),
                                        ("can I come at for on Friday", "16:00"), ("tomorrow at for thirty", "16:30"),
                                        ("can I come in at ate am", "08:00"), ("Friday at won", "13:00")])
def test_at_four_and_at_two_misheard_as_for_and_to(said, time):
    assert parse(said).slots["time"] == time


@pytest.mark.parametrize("said, name", [
    ("my name is Dr. Evans and my email is jo@example.com", "Dr Evans"), ("it's Mrs Jane Doe", "Mrs Jane Doe"),
    ("this is mr smith", "Mr Smith"), ("hi my name is Jo-Anne O'Neil", "Jo-Anne O'Neil"),
    ("this is Ronan McCarthy calling", "Ronan McCarthy"), ("my name is mary mcdonald", "Mary Mcdonald"),
    ("my name is Sam and I'd like a haircut", "Sam"), ("put it under my husband's name, John", "John"),
    ("no, it's Jon without the h", "Jon"), ("it's Katherine spelled with a K", "Katherine"),
    ("I've been looking around for somewhere new, and my name is Priyanka by the way", "Priyanka"),
    ("a haircut at 11 for Jack, my name is Sam", "Jack"),
])
def test_names_keep_titles_hyphens_and_capitals(said, name):
    assert find_name(said) == name


@pytest.mark.parametrize("said", ["cheers love, ta-ra", "cheerio", "ta ta then", "see ya"])
def test_british_and_casual_goodbyes(said):
    assert parse(said).intent == "goodbye"


@pytest.mark.parametrize("said, name", [("my name is José Núñez", "José Núñez"), ("this is Zoë calling", "Zoë"),
                                        ("it's my daughter Chloé", "Chloé")])
def test_names_with_accents(said, name):
    assert find_name(said) == name


@pytest.mark.parametrize("said, services", [
    ("it's not an emergency, whenever you can", []),
    ("nothing urgent, a drain cleaning", ["Drain Cleaning"]),
    ("not the emergency one, the drain cleaning", ["Drain Cleaning"]),
    ("it is an emergency, please come today", ["Emergency Call-out"]),
])
def test_a_service_the_caller_says_it_is_not_is_not_matched(said, services):
    trade = ["Emergency Call-out", "Drain Cleaning", "Water Heater Service"]
    assert match_services(said, trade) == services
    assert parse(said).intent != "goodbye"


@pytest.mark.parametrize("said", ["first thing Saturday", "what's the earliest you have", "the earliest appointment on "
                                  "Friday", "as early as possible tomorrow", "first available please"])
def test_the_earliest_time_of_a_day(said):
    assert parse(said).slots["part_of_day"] == "earliest"


@pytest.mark.parametrize("said, name", [
    ("it's S-A-R-A-H, Sarah Jones", "Sarah Jones"), ("my name is J-O-N", "Jon"), ("it's Kim, K I M", "Kim"),
    ("it's s.a.r.a.h.", "Sarah"),
])
def test_a_name_spelled_out_is_the_name(said, name):
    assert find_name(said) == name


def test_letters_that_are_not_a_spelling_stay():
    from shared.dialogue.nlu import unspell

    assert unspell("I need a U.S. address") == "I need a U.S. address"
    assert unspell("Book at 3 p.m.") == "Book at 3 p.m."


@pytest.mark.parametrize("said, hhmm", [("is 9 ok on monday", "09:00"), ("would 10 work tomorrow", "10:00"),
                                        ("does 3 work for you", "15:00")])
def test_an_hour_asked_about_is_a_time(said, hhmm):
    assert parse(said).slots["time"] == hhmm


def test_last_tuesday_is_gone():
    assert parse("can I come in last tuesday").slots["date"] == "2026-11-24"
    assert parse("is 5 minutes ok").slots.get("time") is None


@pytest.mark.parametrize("said, day", [("book me in for tues at 11:30", "2026-12-01"), ("on fri at 3", "2026-11-27"),
                                       ("next wed", "2026-12-02")])
def test_short_day_names(said, day):
    assert parse(said).slots["date"] == day


def test_short_words_that_are_not_days_stay():
    assert "date" not in parse("I sat in traffic").slots


def test_a_service_word_is_matched_within_words_only():
    names = ["Haircut", "Hair Colouring", "Blow Dry"]
    aliases = {"Hair Colouring": ["tint", "dye"]}
    assert match_services("what have you got in the morning", names, aliases) == []
    assert match_services("a hair cut and a tint", names, aliases) == ["Haircut", "Hair Colouring"]
    assert parse("anything around lunch").slots["part_of_day"] == "lunchtime"
    assert parse("after lunch").slots["part_of_day"] == "after lunch"


def test_words_said_about_anything_do_not_name_a_service():
    trade = ["Emergency Call-out", "Drain Cleaning", "Water Heater Service", "Free Estimate"]
    assert match_services("are you free tomorrow morning", trade) == []
    assert match_services("can you service my boiler", trade) == []
    assert match_services("I need a quote for a new bathroom", trade) == ["Free Estimate"]
    assert match_services("a free quote visit", ["Free Quote Visit", "Boiler Service"]) == ["Free Quote Visit"]


def test_the_end_of_a_word_is_a_compound_only_after_a_known_head():
    names = ["Haircut", "Hair Colouring", "Hairwash"]
    assert match_services("ring you back", names) == []
    assert match_services("just a cut", names) == ["Haircut"] and match_services("a wash", names) == ["Hairwash"]
    assert parse("um I'm not sure yet, let me check my calendar and call you back").intent == "not_interested"
    assert parse("not now, but can you book me for friday").intent == "book"


@pytest.mark.parametrize("said, name", [("tomorrow at 3, and it's for my son", None), ("it's for Tom", "Tom"),
                                        ("it's for tomorrow", None)])
def test_its_for_is_not_a_name(said, name):
    assert find_name(said) == name


def test_a_charge_for_cancelling_is_a_question():
    assert parse("if I cancel will I be charged").intent == "faq"
    assert parse("will I be charged if I cancel").intent == "faq"
    assert parse("I need to cancel, sorry").intent == "cancel"


def test_tomorrow_split_in_two_by_speech_recognition():
    assert parse("a hair cut for to morrow").slots["date"] == "2026-11-26"


@pytest.mark.parametrize("said, named", [("not a beard trim but a haircut", ["Haircut"]),
                                         ("not the blow dry, the haircut", ["Haircut"]),
                                         ("a beard trim, not a haircut", ["Beard Trim"])])
def test_what_the_caller_says_it_is_not_up_to_a_pause(said, named):
    assert match_services(said, SERVICES) == named


def test_a_problem_after_yeah_is_what_is_wrong_not_a_yes():
    assert parse("yeah my basement is flooding, I need someone right now").intent == "book"
    assert parse("ok my knee hurts").intent == "book"
    assert parse("yes please").intent == "affirm"


def test_the_words_of_an_email_are_not_a_name():
    assert "name" not in parse("it's mike hyphen jones at outlook dot com").slots
    assert parse("it's Jane, jane at example dot com").slots["name"] == "Jane"


def test_half_ten_before_tomorrow():
    assert parse("could I come in at half ten tomorrow").slots == {"date": "2026-11-26", "time": "10:30"}


def test_fillers_and_please_around_a_name():
    from shared.dialogue.reading import looks_like_name

    assert find_name("uh it's uh Kim") == "Kim" and find_name("my name is um Joe") == "Joe"
    assert looks_like_name("Kim Lee please") == "Kim Lee" and looks_like_name("erm, Sarah") == "Sarah"


@pytest.mark.parametrize("said", ["what should I bring to my first appointment",
                                  "how early should I arrive for my appointment", "do I need to fill in any forms"])
def test_questions_about_the_visit_are_questions(said):
    assert parse(said).intent == "faq"


def test_a_same_day_appointment_is_today():
    assert parse("is it possible to get a same day appointment").slots["date"] == "2026-11-25"


def test_an_hour_said_to_be_good_and_an_email_spelled_in_small_letters():
    assert parse("9 is good").slots["time"] == "09:00" and parse("10 works for me").slots["time"] == "10:00"
    assert "time" not in parse("2 is the number").slots
    assert parse("c l a i r e dot d at gmail dot com").slots["email"] == "claire.d@gmail.com"


def test_will_the_plumber_call_is_a_question():
    assert parse("will the plumber call before coming").intent == "faq"


@pytest.mark.parametrize("said", ["I think I booked the wrong day", "you've got me on the wrong day",
                                  "it should be thursday not wednesday"])
def test_a_wrong_day_is_a_move(said):
    assert parse(said).intent == "reschedule"


@pytest.mark.parametrize("said", ["the first one is fine", "the second one is good", "the last one works",
                                  "the middle one please", "first one please", "that one works for me"])
def test_the_first_one_is_a_choice_not_one_oclock(said):
    assert "time" not in parse(said).slots


@pytest.mark.parametrize("said, hhmm", [("the one o'clock", "13:00"), ("the one thirty", "13:30"),
                                        ("the one oh five", "13:05")])
def test_the_one_oclock_is_still_a_time(said, hhmm):
    assert parse(said).slots["time"] == hhmm


@pytest.mark.parametrize("said, date", [("the Monday after next", "2026-12-07"),
                                        ("a fortnight on Friday", "2026-12-11"), ("fortnight on friday", "2026-12-11"),
                                        ("the week after next", "2026-12-07"),
                                        ("the week after next on tuesday", "2026-12-08"),
                                        ("the end of next week", "2026-12-04"), ("sometime next month", "2026-12-01"),
                                        ("can I come in before christmas", "2026-11-25"),
                                        ("the day before christmas eve", "2026-12-23"),
                                        ("no later than friday", "2026-11-25"), ("next week on friday", "2026-12-04"),
                                        ("I'm away next week, so the week after", "2026-12-07"),
                                        ("can't do next week, what about the week after?", "2026-12-07"),
                                        ("next week or the week after", "2026-12-02")])
def test_weeks_and_months_as_people_say_them(said, date):
    assert parse(said).slots["date"] == date


@pytest.mark.parametrize("said, hhmm", [("fifteen thirty tomorrow", "15:30"), ("seventeen forty five", "17:45"),
                                        ("at fifteen hundred", "15:00")])
def test_twenty_four_hour_times_said_in_words(said, hhmm):
    assert parse(said).slots["time"] == hhmm


def test_a_question_about_the_appointment_they_have_books_nothing():
    assert parse("my appointment is at 3, where do I park").intent == "faq"
    assert parse("my appointment is tomorrow, can I move it").intent == "reschedule"


@pytest.mark.parametrize("said, name", [("first name Chris last name O'Neill", "Chris O'Neill"),
                                        ("my first name is Ana and my surname is Silva", "Ana Silva")])
def test_a_first_and_last_name_said_apart(said, name):
    assert parse(said).slots["name"] == name


def test_ish_times_are_about_that_time():
    assert parse("3-ish on saturday?").slots["time"] == "15:00"
    assert parse("3ish").slots["time"] == "15:00"
    assert parse("nine-ish tomorrow").slots["time"] == "09:00"
    assert parse("4:30 ish").slots["time"] == "16:30"
    assert parse("half 3 ish").slots["time"] == "15:30"
    assert "time" not in parse("it's a 2 ish hour job").slots


def test_never_mind_withdraws_and_anything_cheaper_is_a_question():
    for said in ("ok never mind", "never mind", "forget it", "oh don't worry about it"):
        assert parse(said).intent == "deny", said
    assert parse("never mind the time, is there parking").intent == "faq"
    assert parse("do you have anything cheaper than a haircut").intent == "faq"
    assert parse("I found it cheaper elsewhere").intent == "not_interested"


def test_something_to_have_done_is_a_booking():
    for said in ("hi there I need my boiler serviced", "I need the toilet fixed", "can I get my hair cut"):
        assert parse(said).intent == "book", said
    assert parse("I had my boiler serviced last year").intent != "book"


def test_how_the_caller_is_is_not_their_name():
    for said in ("I need to cancel tomorrow's appointment, I'm sick", "I'm Sick", "I'm ill", "i'm away"):
        assert "name" not in parse(said).slots, said
    assert parse("I'm Sarah").slots["name"] == "Sarah"


def test_a_bare_hour_with_ok_then_or_please_is_a_time_but_a_key_is_not():
    for said, time in (("ok 9 then", "09:00"), ("9 please", "09:00"), ("9 it is", "09:00"), ("so 4 then", "16:00")):
        assert parse(said).slots["time"] == time, said
    for said in ("service 2 please", "press 2 please", "yes 2 people", "ok 3 of us"):
        assert "time" not in parse(said).slots, said


@pytest.mark.parametrize("said, surname", [("no, my surname is Morse, M O R S E", "Morse"),
                                           ("my last name's Okafor", "Okafor"), ("the surname is wrong", None),
                                           ("first name Chris, last name O'Neill", None)])
def test_a_surname_said_alone(said, surname):
    assert parse(said).slots.get("surname") == surname


def test_a_weekday_said_on_that_weekday_is_today_while_today_can_be_booked():
    from shared.language.when import find_date

    saturday = dt.date(2026, 12, 5)
    for said in ("saturday at 2", "this saturday", "on saturday", "saturday this week"):
        assert find_date(said, saturday).value == "2026-12-05", said
        assert find_date(said, saturday, today_open=False).value == "2026-12-12", said
    assert find_date("next saturday", saturday).value == "2026-12-12"
    assert find_date("saturday next week", saturday).value == "2026-12-12"
    assert find_date("sunday", saturday).value == "2026-12-06"
    assert find_date("friday", saturday).value == "2026-12-11"
    assert find_date("this weekend", saturday).value == "2026-12-05"
    assert find_date("this weekend", saturday, today_open=False).value == "2026-12-06"
    assert find_date("this weekend", dt.date(2026, 12, 6)).value == "2026-12-06"
    assert find_date("this weekend", dt.date(2026, 12, 7)).value == "2026-12-12"


def test_one_of_a_shortlist_is_named_by_what_sets_it_apart():
    from shared.language.services import one_of, services_sharing

    massages = ["Sports Massage - 30 min", "Sports Massage - 60 min"]
    assert one_of("the 30 minute one", massages) == "Sports Massage - 30 min"
    assert one_of("the 60 min", massages) == massages[1]
    assert one_of("a sports massage", massages) is None  # what they share names neither
    grooms = ["Full Groom - Small Dog", "Full Groom - Large Dog"]
    assert one_of("the small one", grooms) == grooms[0] and one_of("the large dog one", grooms) == grooms[1]
    services = [*grooms, "Bath and Brush", "Nail Trim"]
    assert services_sharing("a full groom please", services) == grooms
    assert services_sharing("a bath please", services) == []          # named outright
    assert services_sharing("a full service", services) == []         # words said about anything
    assert services_sharing("not a groom, nails", services) == []     # what it is not
