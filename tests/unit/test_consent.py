"""language.consent.affirmed: a clear yes with nothing contrary, never the action's own words."""

import pytest

from shared.language.consent import affirmed


@pytest.mark.parametrize("said", ["yes", "Yes please", "yeah go ahead", "Mm-hmm, yes", "uh-huh", "sure", "ok",
                                  "That's right.", "Yep, that's correct.", "book it", "lovely, thanks",
                                  "yes please, as soon as possible", "No problem, yes", "ｙｅｓ", "\u202eyes",
                                  "yes, and can you also book one for my dad straight after"])
def test_a_clear_yes(said):
    assert affirmed(said, "book_appointment")


@pytest.mark.parametrize("said", ["hmm I'm not sure about that appointment", "table", "drop table", "appointment",
                                  "book", "yes but at 3", "no", "I don't know", "yes, cancel it", "maybe",
                                  "ok and can I pay with Apple Pay next time?", "yeah wait", "yes? what time",
                                  "", "sure, actually make it Friday", "hmm", "yes... no"])
def test_not_a_yes(said):
    assert not affirmed(said, "book_appointment")


def test_the_action_asked_for_outright_is_a_yes_to_that_action_only():
    assert affirmed("cancel it", "cancel_appointment")
    assert not affirmed("cancel it", "book_appointment")
    assert not affirmed("keep it", "cancel_appointment")
