"""The nearest-example intent guess: used only where the rules say "unknown", its vectors in step
with its examples, and it generalises to paraphrases that are in neither the rules nor the examples."""

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from shared.adapters.embedder import MODEL_ID, shared_embedder
from shared.dialogue import intent_guess
from shared.dialogue.intent_guess import IntentGuess
from shared.dialogue.nlu import understand

NOW = dt.datetime(2030, 3, 4, 10, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture(scope="module")
def guess():
    return IntentGuess(shared_embedder, MODEL_ID).guess


def test_the_vectors_file_matches_the_examples():
    """Edit data/intent_examples.json, then run `python -m shared.cli intent-vectors`."""
    items = intent_guess.examples()
    stored = np.load(intent_guess.VECTORS)
    assert str(stored["digest"]) == intent_guess.digest(items, MODEL_ID)
    assert stored["vectors"].shape == (len(items), 384)
    labels = {label for label, _ in items}
    assert labels == {"affirm", "deny", "not_interested", "goodbye", "book", "check_availability", "faq"}


@pytest.mark.parametrize(("said", "meant"), [
    ("I've got what I needed, many thanks", "goodbye"),
    ("spot on, that's right", "affirm"),
    ("let me mull it over first", "not_interested"),
    ("perhaps another week", "not_interested"),
    ("could you squeeze me in somewhere", "book"),
    ("Not yet. I want to look at my diary first.", "not_interested"),  # the first sentence answers
])
def test_paraphrases_the_rules_cannot_place_get_the_nearest_examples_intent(guess, said, meant):
    assert understand(said, NOW).intent == "unknown"
    assert understand(said, NOW, guess=guess).intent == meant


@pytest.mark.parametrize("said", ["purple elephants dancing", "my grandmother says hello"])
def test_nothing_close_enough_stays_unknown(guess, said):
    assert understand(said, NOW, guess=guess).intent == "unknown"


def test_the_rules_win_where_they_are_certain_and_a_sentence_naming_something_is_not_guessed():
    calls = []

    def spy(text):
        calls.append(text)
        return "deny"

    assert understand("yes please", NOW, guess=spy).intent == "affirm"
    assert understand("the usual, tomorrow", NOW, guess=spy).intent != "deny"  # names a day: the slots decide
    assert calls == []
