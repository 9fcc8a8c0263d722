"""Days as callers say them, relative to when they call: each test states its own now."""

import pytest


@pytest.mark.now("2026-12-05T10:00:00-05:00")  # a Saturday morning, open until 8 PM
def test_a_weekday_said_on_that_day_while_it_can_still_be_booked_is_today(world, shop):
    said = world.converse(shop, ["what are your hours on Saturday?", "can I book a haircut Saturday at 2 pm", "Ann"])
    assert said[1].startswith("Today we're open 8 AM to 8 PM")
    assert said[3].startswith("Just to confirm: a Haircut today at 2 PM for Ann.")


@pytest.mark.now("2026-12-05T22:50:00-05:00")  # Saturday night, closed since 8 PM
def test_a_weekday_said_on_that_day_after_closing_is_next_weeks_said_with_its_month(world, shop):
    said = world.converse(shop, ["what are your hours on Saturday?", "can I book a haircut Saturday at 2 pm", "Ann"])
    assert said[1].startswith("Saturday the 12th of December we're open 8 AM to 8 PM")
    assert said[3].startswith("Just to confirm: a Haircut Saturday the 12th of December at 2 PM for Ann.")


@pytest.mark.now("2026-12-06T09:00:00-05:00")  # a Sunday morning
def test_this_weekend_said_on_a_weekend_day_still_open_is_today(world, shop):
    said = world.converse(shop, ["do you have anything this weekend for a haircut?"])
    assert said[1].startswith("Today I have ")
