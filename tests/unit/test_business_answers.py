import datetime as dt
from zoneinfo import ZoneInfo

from shared.domain.business_answers import answer
from tests.factories import every_day, make_business

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("America/New_York"))  # Wednesday


def demo(**overrides):
    return make_business(timezone="America/New_York", address="120 West 23rd Street", **overrides)


def test_hours_for_the_week_a_day_and_closures():
    business = demo(exceptions=[{"date": "2026-12-24", "end_date": "2026-12-26", "closed": True,
                                 "reason": "Christmas"}])
    week = answer(business, "What are your hours?", NOW)
    assert week.startswith("Our hours are Tuesday 9 AM to 1 PM and 2 PM to 6 PM")
    assert "closed on Monday and Sunday" in week
    assert answer(business, "Are you open on Sunday?", NOW) == "We're closed Sunday."
    assert answer(business, "are you open on Saturday", NOW) == "Saturday we're open 8 AM to 4 PM."
    assert answer(business, "what time do you close today?", NOW) == "Today we're open 9 AM to 1 PM and 2 PM to 6 PM."
    assert answer(business, "what time do you close today?", NOW.replace(hour=23, minute=40)) == (
        "We've closed for today: we were open 9 AM to 1 PM and 2 PM to 6 PM. We open again tomorrow at 9 AM.")
    assert answer(business, "are you open today?", NOW.replace(day=30)) == (  # a Monday
        "We're closed today. We open again tomorrow at 9 AM.")
    assert answer(business, "Are you open on December 25th?", NOW) == \
        "We're closed Friday the 25th of December for Christmas."


def test_evenings_and_early_mornings_from_the_hours():
    business = demo()  # open until 8 PM on Thursdays and Fridays, 6 PM other weekdays; Saturday from 8 AM
    for asked in ("do you do evening appointments?", "are you open late?", "do you have any late appointments",
                  "are you open in the evening?"):
        assert answer(business, asked, NOW) == "Yes, we're open until 8 PM on Thursdays and Fridays.", asked
    assert answer(business, "do you do early morning appointments?", NOW) == \
        "We open at 8 AM on Saturdays and 9 AM Tuesday to Friday."
    early = demo(hours={**every_day("07:00", "16:00"), "sunday": []})
    assert answer(early, "do you do evenings?", NOW) == "I'm afraid we don't do evenings: we close by 4 PM every day."
    assert answer(early, "how early do you open?", NOW) == "We open at 7 AM Monday to Saturday."
    shifts = demo(hours={"monday": [{"open": "08:00", "close": "19:00"}], "wednesday": [{"open": "08:00",
                                                                                      "close": "21:00"}]})
    assert answer(shifts, "are you open in the evenings?", NOW) == \
        "Yes, we're open until 9 PM on Wednesdays and 7 PM on Mondays."


def test_services_prices_durations_and_address():
    business = demo()
    assert answer(business, "What services do you offer?", NOW).startswith("We offer Haircut ($55), Beard Trim ($25)")
    assert answer(business, "how much is a beard trim", NOW) == "A Beard Trim is $25 and takes about 20 minutes."
    assert answer(business, "How long does a blow dry take?", NOW) == "A Blow Dry takes about 30 minutes."
    assert answer(business, "what's your address", NOW) == "We're at 120 West 23rd Street."
    assert answer(business, "do you sell gift cards?", NOW) is None


def test_open_now_says_until_when_or_when_we_open_next():
    business = demo()
    at = lambda *hm, day=25: NOW.replace(day=day, hour=hm[0], minute=hm[1])  # noqa: E731
    assert answer(business, "Are you open now?", at(10, 0)) == "Yes, we're open until 1 PM today."
    assert answer(business, "are you still open", at(13, 30)) == "We're closed right now. We open again today at 2 PM."
    assert answer(business, "are you open right now?", at(19, 0)) == \
        "We're closed right now. We open again tomorrow at 9 AM."
    assert answer(business, "are you open now", at(12, 0, day=29)) == \
        "We're closed right now. We open again Tuesday at 9 AM."


def test_asked_for_a_suggestion_the_services_are_described():
    business = make_business()
    said = answer(business, "what would you recommend?", NOW)
    assert said.startswith("We offer Haircut ($55, wash, cut and style)")
    assert "Hair Colouring ($140, full colour with toner)" in said
    assert answer(business, "what do you suggest", NOW) == said
    assert answer(business, "what services do you offer", NOW).startswith("We offer Haircut ($55), Beard")


def test_prices_in_the_business_currency_and_free_services():
    clinic = make_business(country="GB", services=[{"name": "Initial Assessment", "duration_minutes": 60,
                                                    "price": 70}, {"name": "Phone Triage", "duration_minutes": 15,
                                                                   "price": 0}])
    assert answer(clinic, "how much is an initial assessment?", NOW) == (
        "An Initial Assessment is £70 and takes about an hour.")
    assert answer(clinic, "what are your prices", NOW) == "An Initial Assessment is £70 and a Phone Triage is free."
    assert answer(clinic, "what are your fees", NOW) == "An Initial Assessment is £70 and a Phone Triage is free."
    assert answer(clinic, "is there a fee for the initial assessment", NOW).startswith("An Initial Assessment is £70")
    assert answer(make_business(country="GB", currency="EUR"), "how much is a haircut", NOW).startswith(
        "A Haircut is €55")


def test_service_areas():
    trades = make_business(service_areas=["60601", "Evanston"])
    assert answer(trades, "do you cover Evanston?", NOW) == "Yes, we cover Evanston."
    assert answer(trades, "do you come out to 60601", NOW) == "Yes, we cover 60601."
    assert answer(trades, "what areas do you cover?", NOW) == "We cover 60601 and Evanston."
    assert answer(trades, "do you cover Skokie?", NOW) == (
        "I don't see that on our list: we cover 60601 and Evanston. The team can double-check for you.")
    assert answer(make_business(service_areas=[]), "do you cover Evanston?", NOW) is None


def test_what_do_you_have_with_a_day_asks_for_times_not_services():
    business = make_business()
    assert answer(business, "what do you have next week?", NOW) is None
    assert answer(business, "what do you have on Friday", NOW) is None
    assert answer(business, "what do you have?", NOW).startswith("We offer Haircut")


def test_holidays_by_name_and_the_business_number():
    business = demo(exceptions=[{"date": "2026-11-26", "closed": True, "reason": "Thanksgiving"}])
    assert answer(business, "are you open on thanksgiving?", NOW) == "We're closed tomorrow for Thanksgiving."
    assert answer(demo(), "are you open on thanksgiving?", NOW) == "Tomorrow we're open 9 AM to 1 PM and 2 PM to 8 PM."
    assert answer(demo(), "what about easter sunday", NOW) is None  # not asked about hours
    assert answer(demo(), "are you open easter sunday", NOW) == "We're closed Sunday the 28th of March."
    number = demo().phone_numbers[0]
    spoken = answer(demo(phone_numbers=[number]), "what's your phone number?", NOW)
    assert spoken.startswith("You can reach us on 2 1 2, 5 5 5, ")
    assert answer(demo(), "can you take my number?", NOW) is None


def test_is_it_free_and_weekends():
    business = demo(services=[{"name": "Free Estimate", "duration_minutes": 30, "price": 0},
                              {"name": "Drain Cleaning", "duration_minutes": 90, "price": 120}])
    assert answer(business, "is the estimate free?", NOW) == "A Free Estimate is free and takes about 30 minutes."
    assert answer(business, "do you do weekends?", NOW) == (
        "On Saturdays we're open 8 AM to 4 PM, and we're closed on Sundays.")


def test_hours_this_week_are_the_week():
    assert answer(demo(), "what are your opening hours this week?", NOW).startswith("Our hours are Tuesday")


def test_a_price_on_a_condition_the_list_does_not_price_is_not_answered_with_the_list():
    business = demo(services=[{"name": "Haircut", "duration_minutes": 45, "price": 55},
                              {"name": "Kids Haircut", "duration_minutes": 30, "price": 30}])
    assert answer(business, "do you charge extra on weekends?", NOW) is None
    assert answer(business, "is there a cancellation fee?", NOW) is None  # the FAQ says, not the price list
    assert answer(business, "do you charge for no-shows?", NOW) is None
    assert answer(business, "is a haircut more expensive on Sundays?", NOW) is None
    assert answer(business, "how much is a haircut on a Sunday?", NOW).startswith("A Haircut is $55")
    assert answer(business, "how much is the deposit?", NOW) is None
    assert answer(business, "how much is a kids haircut?", NOW).startswith("A Kids Haircut is $30")
    assert answer(business, "how much is a haircut?", NOW).startswith("A Haircut is $55")


def test_how_far_in_advance_and_what_is_the_damage():
    business = demo(min_notice_minutes=120, max_days_ahead=30)
    assert answer(business, "how far in advance do I need to book?", NOW) == \
        "We need at least 2 hours' notice, and you can book up to 30 days ahead."
    assert answer(demo(min_notice_minutes=60), "how much notice do you need?", NOW).startswith(
        "We need at least an hour's notice")
    assert answer(business, "what's the damage for a haircut?", NOW).startswith("A Haircut is")


def test_hours_on_weekends_are_saturday_and_sunday():
    assert answer(demo(), "are you open on weekends", NOW) == (
        "On Saturdays we're open 8 AM to 4 PM, and we're closed on Sundays.")


def test_a_business_open_around_the_clock_says_24_hours():
    business = demo(hours=every_day("00:00", "24:00"))
    assert answer(business, "what time do you close today?", NOW) == "Today we're open 24 hours."
    assert answer(business, "What are your hours?", NOW).startswith("Our hours are Monday 24 hours; Tuesday 24 hours")
    assert answer(business, "are you open now", NOW.replace(hour=23, minute=58)) == \
        "Yes, we're open until midnight today."


def test_a_price_asked_by_another_name_says_which_service_it_is():
    business = demo()
    assert answer(business, "how much for highlights?", NOW) == (
        "For highlights, that's our Hair Colouring. A Hair Colouring is $140 and takes about 2 hours.")
    assert answer(business, "how much is a haircut", NOW) == "A Haircut is $55 and takes about 45 minutes."


def test_reminders_are_answered_from_the_business_plan():
    assert answer(make_business(), "will I get a reminder?", NOW) == (
        "Yes, we'll send you a reminder a day before and 2 hours before your appointment.")
    assert answer(make_business(reminder_minutes=[2880, 30]), "can you remind me the day before", NOW) == (
        "Yes, we'll send you a reminder 2 days before and 30 minutes before your appointment.")
    assert answer(make_business(reminder_minutes=[]), "do you send reminders", NOW).startswith(
        "We don't send reminders")
    assert answer(make_business(), "remind me what time it is", NOW) != answer(make_business(), "reminders?", NOW)


def test_the_date_today_tomorrow_or_of_a_day_said():
    now = dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.UTC)
    business = make_business(timezone="America/New_York")
    assert answer(business, "what's today's date?", now) == "Today is Thursday the 26th of November."
    assert answer(business, "what day is tomorrow", now) == "Tomorrow is Friday the 27th of November."
    assert answer(business, "what day is the 5th", now) == "That's Saturday the 5th of December."
    assert answer(business, "what's the date of my appointment", now) is None


def test_cheaper_than_a_service_and_the_cheapest():
    business = make_business()
    assert answer(business, "do you have anything cheaper than a haircut", NOW) == (
        "Yes: a Consultation is free, a Beard Trim is $25 and a Blow Dry is $35.")
    assert answer(business, "what's your cheapest service?", NOW) == (
        "Our least expensive is a Consultation, which is free.")
    paid = make_business(services=[{"name": "Haircut", "duration_minutes": 30, "price": 30},
                                   {"name": "Colour", "duration_minutes": 90, "price": 90}])
    assert answer(paid, "anything cheaper than a haircut?", NOW) == "A Haircut is our least expensive, at $30."


def test_the_difference_between_two_services_describes_each():
    clinic = make_business(country="GB", services=[
        {"name": "Initial Assessment", "duration_minutes": 60, "price": 70, "description": "First visit"},
        {"name": "Follow-up Session", "duration_minutes": 30, "price": 50}])
    assert answer(clinic, "what's the difference between a follow up and an initial assessment", NOW) == (
        "A Follow-up Session is £50 and takes about 30 minutes. An Initial Assessment is £70 and takes about an hour "
        "(First visit).")


def test_a_day_more_than_a_week_ahead_keeps_its_month_capitalised():
    now = dt.datetime(2026, 12, 5, 15, 0, tzinfo=dt.UTC)  # Saturday 10 AM in New York
    business = make_business(timezone="America/New_York", hours={"saturday": [{"open": "08:00", "close": "20:00"}]})
    assert answer(business, "what time do you close on the 19th?", now) == (
        "Saturday the 19th of December we're open 8 AM to 8 PM.")
