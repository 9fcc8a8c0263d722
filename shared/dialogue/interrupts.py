"""Interrupts: what a caller says over any workflow (are you there, hold on, say that again,
goodbye, a person, a message, a sales call) and the keypad and silence.
"""

from __future__ import annotations

from shared.dialogue.prompts import Prompt
from shared.dialogue.turns import KEYPAD_MENU, Reply, question_again
from shared.domain.business import Business
from shared.domain.calls import DialogueState


def keypad(state: DialogueState, digits: str) -> str:
    if state.awaiting == Prompt.PHONE:
        return digits
    if state.awaiting == Prompt.NAME:
        return ""  # a key is no name: asked again
    if state.pending:
        return {"1": "yes", "2": "no"}.get(digits[0], "")
    if state.offered and digits[0].isdigit() and 1 <= int(digits[0]) <= len(state.offered):
        return ("the first one", "the second one", "the third one")[int(digits[0]) - 1]
    if state.awaiting == Prompt.SERVICE and digits[0] in "123456789":
        return f"service {digits[0]}"
    return {"1": "I'd like to book an appointment", "2": "I can't make my appointment",  # change or cancel
            "3": "I'd like to leave a message", "0": "I want to speak to a person"}.get(digits[0], "")


def silence(state: DialogueState, business: Business, counted: bool = False) -> Reply:
    if state.on_hold:
        state.on_hold = False
        return Reply("I'm still here whenever you're ready.", "gather", intent="hold")
    if not counted:
        state.silence += 1
    if state.silence <= 2:
        return Reply("Sorry, I didn't catch that. " + question_again(state), "gather", intent="no_input")
    if state.silence == 3:
        return Reply("I'm having trouble hearing you. " + KEYPAD_MENU, "gather", intent="no_input")
    return Reply(f"I'm sorry, I can't hear you. I'll send you a text so you can reach {business.name} "
                 "easily. Goodbye.", "hangup", intent="no_input")
