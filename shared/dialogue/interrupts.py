"""Interrupts: what a caller says over any workflow (are you there, hold on, say that again,
goodbye, a person, a message, a sales call) and the keypad and silence.
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.booking import NOT_A_NAME
from shared.dialogue.lexicon.interrupts import (
    ABOUT_ROXY,
    ARE_YOU_THERE,
    FRUSTRATED,
    HOLD_ON,
    LEAVE_MESSAGE,
    MESSAGE_FOR,
    NOT_ENGLISH,
    ONLY_GREETING,
    PLACES,
    REACHED,
    REPEAT,
    SALES_CALL,
    WRONG_NUMBER,
)
from shared.dialogue.lexicon.reactions import DECLINED
from shared.dialogue.nlu import thanks_only
from shared.dialogue.prompts import Cue, Prompt
from shared.dialogue.turns import BEFORE_YOU_GO, KEYPAD_MENU, UNDONE, Reply, Turn, ask, asked, question_again, said_last
from shared.dialogue.workflows.message import transfer
from shared.domain.business import Business
from shared.domain.calls import DialogueState
from shared.domain.notes import NoteKind, note
from shared.language.consent import KEYPAD_ANSWERS


def keypad(state: DialogueState, digits: str) -> str:
    if state.awaiting == Prompt.PHONE:
        return digits
    if state.awaiting == Prompt.NAME:
        return ""  # a key is no name: asked again
    if state.pending:
        return KEYPAD_ANSWERS.get(digits[0], "")
    if state.wanted.offered and digits[0].isdigit() and 1 <= int(digits[0]) <= len(state.wanted.offered):
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
        return Reply(f"Sorry, I didn't catch that. {question_again(state)}", "gather", intent="no_input")
    if state.silence == 3:
        return Reply("I'm having trouble hearing you. " + KEYPAD_MENU, "gather", intent="no_input")
    return Reply(f"I'm sorry, I can't hear you. I'll send you a text so you can reach {business.name} "
                 "easily. Goodbye.", "hangup", intent="no_input")


# --- stages of a turn (engine.py): each returns the reply, or None to let the turn go on ----------

def are_you_there(t: Turn) -> Reply | None:
    if ARE_YOU_THERE.match(t.text.lower().strip()):
        return Reply(f"Yes, I'm here. {question_again(t.state)}", "gather", intent="repeat")
    return None


def hold_on(t: Turn) -> Reply | None:
    if HOLD_ON.match(t.text.lower()):
        t.state.on_hold = True
        return Reply("Sure, take your time.", "gather", intent="hold")
    return None


def say_again(t: Turn) -> Reply | None:
    if REPEAT.match(t.text.lower().strip(" ,?!.")) or REPEAT.match(t.text.lower()):
        # "Sorry, what?": say it again, nothing else changes.
        return Reply(t.state.prompt_said() or "How can I help you today?", "gather", intent="repeat")
    return None


def sales_call(t: Turn) -> Reply | None:
    if SALES_CALL.search(t.heard.text):
        return Reply(f"Thanks for thinking of us, but {t.business.name} doesn't take sales calls by phone. Have a "
                     "good day, goodbye.", "hangup", intent="sales_call")
    return None


def wrong_number(t: Turn) -> Reply | None:
    """ "Oh sorry, wrong number": no harm done, and goodbye (the call keeps its outcome; no lead is
    made). Not while something of theirs waits for a yes or has been done on this call."""
    state = t.state
    if not WRONG_NUMBER.search(t.heard.text) or state.pending or state.done_something:
        return None
    return Reply(f"No problem at all, you've reached {t.business.name}. Have a good day, goodbye!", "hangup",
                 intent="wrong_number")


def leave_message(t: Turn) -> Reply | None:
    """ "Can I leave a message?" (also keypad 3): the voicemail, noting who it is for."""
    if not LEAVE_MESSAGE.search(t.heard.text) or t.state.pending:
        return None
    meant = MESSAGE_FOR.search(t.text)
    if meant and meant.group(1).split()[-1].lower() not in NOT_A_NAME:
        t.state.call_notes.append(note(NoteKind.MESSAGE_FOR, meant.group(1)))
    return Reply("Of course. Please leave your name and a short message after the beep, and we'll call you "
                 "back.", "message", intent="message")


def about_roxy(t: Turn) -> Reply | None:
    if not ABOUT_ROXY.search(t.heard.text):
        return None
    state = t.state
    go_on = said_last(state) if state.task and state.awaiting else "What can I do for you?"
    return ask(state, f"I'm Roxy, the virtual receptionist at {t.business.name}. I can book, move or "
                      "cancel appointments, answer questions about us, or put you through to the team.",
               state.awaiting, intent="about", go_on=go_on,
               anything_else=bool(state.task and state.awaiting) and asked(state, Cue.ANYTHING_ELSE))


def reached(t: Turn) -> Reply | None:
    """ "Hello? Is this Bella's?": yes (or where they are), and then their request if they made one."""
    state, heard, business = t.state, t.heard, t.business
    found = REACHED.match(heard.text)
    said = set(re.findall(r"[a-z]+", found.group(1).replace("'s", ""))) if found else set()
    named = set(re.findall(r"[a-z]+", business.name.lower())) - {"the", "and", "of", "a"}
    # "is this the salon?" is; "is this Dr. Hendricks' office?" names another place
    place = set(re.findall(r"[a-z]+", t.text.lower().partition("?")[0].replace("'s", ""))) - {
        "hi", "hiya", "hello", "hey", "yes", "yeah", "um", "uh", "oh", "sorry", "well", "so", "there", "okay", "ok",
        "is", "this", "that", "the", "a", "an", "your", "hair", "nail", "beauty", "dental", "physio", "vet"}
    right = said & named or "right number" in heard.text or (said & PLACES and place <= PLACES | named)
    if not (found and not (heard.slots.keys() - {"name", "service"}) and (
            right or not heard.text.startswith(("is this", "is that")))):
        return None
    _, mark, rest = t.text.partition("?")
    if mark and len(rest.split()) >= 2 and not REACHED.match(rest.strip().lower()):
        # "is this the salon? I wanna get a fade": yes, and then the request
        answer = t.again(rest.strip())
        answer.say = f"{'Yes, you' if right else 'You'}'ve reached {business.name}. {answer.say}"
        return answer
    go_on = said_last(state) if state.task and state.awaiting else "How can I help you today?"
    return ask(state, f"{'Yes, you' if right else 'You'}'ve reached {business.name}, this is Roxy.",
               state.awaiting, intent="about", go_on=go_on,
               anything_else=bool(state.task and state.awaiting) and asked(state, Cue.ANYTHING_ELSE))


def a_person(t: Turn) -> Reply | None:
    """A person asked for, an upset caller, or one who speaks another language: the team."""
    heard = t.heard
    if t.intent == "transfer":
        return transfer(t.state, t.business, t.local_now)
    foreign = re.search(r"[^\W\d_]", heard.text) and not re.search(r"[a-zA-Z\u00C0-\u024F]", heard.text)
    if FRUSTRATED.search(heard.text) or NOT_ENGLISH.search(heard.text) or foreign:
        # An upset caller, or one who speaks another language: a person helps them better
        return transfer(t.state, t.business, t.local_now, "I'm sorry about that." if FRUSTRATED.search(
            heard.text) else "I'm sorry, I can only help in English.")
    return None


def greeting(t: Turn) -> Reply | None:
    if t.intent == "unknown" and not t.heard.slots and ONLY_GREETING.fullmatch(t.heard.text):
        return ask(t.state, "Hi there! How can I help you today?")
    return None


def thanks(t: Turn) -> Reply | None:
    state = t.state
    thankful = t.intent == "goodbye" and thanks_only(t.heard.text)
    if thankful and state.pending:
        t.intent = t.heard.intent = "affirm"  # "lovely, thanks" to "shall I book that?"
    elif thankful and state.task in ("book", "reschedule", "cancel") and state.awaiting:
        return ask(state, "You're welcome!", state.awaiting, intent="thanks", go_on=said_last(state),
                   anything_else=asked(state, Cue.ANYTHING_ELSE))
    return None


def goodbye(t: Turn) -> Reply | None:
    """ "That's all, thanks": goodbye, unless something is still waiting for a yes or a time."""
    state, intent = t.state, t.intent
    done_asking = state.done_something or asked(state, Cue.ANYTHING_ELSE)
    if intent == "goodbye" and state.pending and not asked(state, Cue.BEFORE_YOU_GO):
        # "that's it, thanks" to "shall I book that?": nothing is done without a yes, so ask once more
        return ask(state, f"{BEFORE_YOU_GO} I haven't {UNDONE[state.pending['action']]} yet. Shall I go "
                          f"ahead with {state.pending['summary']}?", Prompt.CONFIRM, intent="confirm",
                   cues=(Cue.BEFORE_YOU_GO,))
    if intent == "goodbye" and state.task in ("book", "reschedule") and state.awaiting == Prompt.TIME \
            and state.wanted.offered and not asked(state, Cue.BEFORE_YOU_GO) \
            and not DECLINED.search(t.heard.text):
        # "no that's it, thanks" while times are on offer: they may think it's done ("no thanks": declined)
        undone = "moved it" if state.task == "reschedule" else (
            f"booked the {state.wanted.service}" if state.done_something and state.wanted.service else "booked anything")
        question = state.asked.question or state.last_prompt or ""
        return ask(state, f"{BEFORE_YOU_GO} I haven't {undone} yet. {question}", Prompt.TIME,
                   cues=(Cue.BEFORE_YOU_GO,))
    if intent == "goodbye" or (intent == "deny" and done_asking and not state.pending and not state.task):
        return Reply(f"Thank you for calling {t.business.name}. Have a lovely day, goodbye!", "hangup",
                     intent="goodbye")
    return None
