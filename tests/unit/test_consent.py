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


def test_the_keypad_answers_a_read_back_when_nothing_is_said():
    assert affirmed("", "book_appointment", key="1")
    assert not affirmed("", "book_appointment", key="2")
    assert not affirmed("", "book_appointment", key="9")
    assert not affirmed("no", "book_appointment", key="1")  # words said with it are what counts


def test_the_gate_takes_the_keypad_yes_and_refuses_the_keypad_no():
    from shared.domain.calls import DialogueState
    from shared.errors import ConfirmationNeeded
    from shared.tools.consent import ConsentGate, key

    args = {"appointment_id": "a1"}
    for pressed, agreed in (("1", True), ("2", False)):
        state = DialogueState()
        ConsentGate(state, 3, "").record([key("cancel_appointment", args)])
        gate = ConsentGate(state, 4, "", pressed)
        if agreed:
            gate.check("cancel_appointment", args, "I'll cancel it. Shall I go ahead?")
        else:
            with pytest.raises(ConfirmationNeeded):
                gate.check("cancel_appointment", args, "I'll cancel it. Shall I go ahead?")
