"""The intent of a whole turn: a reaction said first and what follows it, closings that judge
what was said, a caller leaving (general phrasings written for the project, not dataset lines)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from shared.dialogue.nlu import understand

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("America/New_York"))  # a Wednesday


@pytest.mark.parametrize(("said", "intent"), [
    ("Not right now, but could you tell me when you're free on Friday?", "check_availability"),
    ("Maybe another time. Would you have anything open on the 3rd?", "check_availability"),
    ("No, not at the moment. Please book me a beard trim for Saturday.", "book"),
    ("Okay. Put me down for a haircut on Friday at 2.", "book"),
    ("That sounds lovely, but can I cancel my other appointment?", "cancel"),
])
def test_a_reaction_then_a_request_is_the_request(said, intent):
    assert understand(said, NOW).intent == intent


def test_a_day_named_in_the_reaction_does_not_make_what_follows_a_booking():
    assert understand("Not tonight, thanks.", NOW).intent in ("not_interested", "goodbye")
    assert understand("No, that's everything for today. Thanks a lot.", NOW).intent == "goodbye"


@pytest.mark.parametrize(("said", "intent"), [
    ("Maybe later. Do you have parking?", "not_interested"),  # a question after it asks for nothing
    ("Yes please.", "affirm"),
])
def test_a_reaction_without_a_request_after_it_stays_what_it_was(said, intent):
    assert understand(said, NOW).intent == intent


@pytest.mark.parametrize("said", [
    "When would I be free on Thursday?", "What day will you be free next week?", "when are you guys available",
])
def test_asking_when_someone_is_free_asks_for_availability_whatever_the_verb(said):
    assert understand(said, NOW).intent == "check_availability"


@pytest.mark.parametrize(("said", "intent"), [
    ("Yep, that all looks right.", "affirm"),
    ("That's it exactly.", "affirm"),
    ("Sure, I'm good with this.", "affirm"),
    ("That would be all right.", "affirm"),
    ("That's all, thanks.", "goodbye"),
    ("I'm all set.", "goodbye"),
    ("No, I'm good.", "goodbye"),
])
def test_a_closing_that_goes_on_to_judge_what_was_said_is_a_yes(said, intent):
    assert understand(said, NOW).intent == intent


def test_fine_with_that_is_no_goodbye_and_goes_to_the_nearest_example():
    assert understand("I'm fine with that.", NOW).intent == "unknown"
    assert understand("I'm fine with that.", NOW, guess=lambda text: "affirm").intent == "affirm"


@pytest.mark.parametrize("said", [
    "Sorry, I have to run now.", "Lovely. I'll go now, bye.", "Great, thanks, but I've got to go now.",
    "No, that doesn't suit me. I'll be going now.", "Cheers for that, I need to go now",
])
def test_a_caller_leaving_is_a_goodbye(said):
    assert understand(said, NOW).intent == "goodbye"


def test_going_somewhere_is_not_leaving():
    assert understand("I have to go to work at 9 tomorrow", NOW).intent != "goodbye"


def test_would_not_like_to_declines():
    assert understand("No, I would not like to make a booking.", NOW).intent == "not_interested"


def test_a_no_then_words_the_rules_cannot_place_asks_the_nearest_example():
    asked = []

    def guess(text):
        asked.append(text)
        return "goodbye"

    assert understand("No, you've been a star.", NOW, guess=guess).intent == "goodbye"
    assert asked == ["you've been a star."]
    assert understand("No, you've been a star.", NOW).intent == "deny"  # without the guess: the no


def test_a_yes_then_words_the_rules_cannot_place_stays_a_yes():
    assert understand("Yes, you've been a star.", NOW, guess=lambda text: "goodbye").intent == "affirm"


@pytest.mark.parametrize("said", [
    "Perhaps later. Is it busy on Friday?", "Later perhaps, what's the parking like on Friday?",
])
def test_perhaps_later_declines_and_a_day_in_the_question_after_it_books_nothing(said):
    assert understand(said, NOW).intent == "not_interested"
