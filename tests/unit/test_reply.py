"""A reply's words are made of its parts (shared/dialogue/turns.py `Reply`): stages add parts and
decide by what the reply asks, never by its English."""

from shared.dialogue.prompts import Prompt
from shared.dialogue.turns import NOTED_FOR_TEAM, Again, Opening, Reply, ask, question_again, said_last
from shared.domain.calls import DialogueState, Wanted


def test_sure_opens_a_reply_only_when_nothing_is_said_before_it():
    state = DialogueState(task="book")
    reply = ask(state, "Which service would you like? We offer Haircut or Beard Trim.", Prompt.SERVICE,
                opening=Opening.SURE)
    assert reply.say == state.prompt_said() == "Sure! Which service would you like? We offer Haircut or Beard Trim."
    assert state.last_opening == Opening.SURE  # kept apart from the words said again
    assert reply.asks == Prompt.SERVICE and state.awaiting == Prompt.SERVICE
    assert state.asked.question == "Which service would you like? We offer Haircut or Beard Trim."
    reply.lead("I don't see an updo on our list.")
    reply.lead("That sounds like a job for our Haircut. ")
    assert reply.say == ("That sounds like a job for our Haircut. I don't see an updo on our list. Which service "
                         "would you like? We offer Haircut or Beard Trim.")


def test_sorry_stays_after_a_lead_in_and_goes_only_where_nothing_was_missed():
    reply = ask(DialogueState(), "what name should I put the booking under?", Prompt.NAME, opening=Opening.SORRY)
    assert reply.say == "Sorry, what name should I put the booking under?"
    reply.lead("Sure, a Sports Massage instead.")
    assert reply.say == "Sure, a Sports Massage instead. Sorry, what name should I put the booking under?"
    reply.drop_opening()
    assert reply.say == "Sure, a Sports Massage instead. What name should I put the booking under?"


def test_an_offer_is_its_report_then_its_question_and_both_are_asked_again():
    state = DialogueState(task="book",
                          wanted=Wanted(offered=["2026-12-08T09:00:00-05:00", "2026-12-08T10:00:00-05:00"]))
    reply = ask(state, "Tomorrow I have 9 AM or 10 AM.", Prompt.TIME, then="Which would you like?")
    assert reply.say == state.last_prompt == "Tomorrow I have 9 AM or 10 AM. Which would you like?"
    reply.report += " If it can't wait until then, I can take an urgent message for the team instead."
    assert reply.say == ("Tomorrow I have 9 AM or 10 AM. If it can't wait until then, I can take an urgent message "
                         "for the team instead. Which would you like?")
    assert state.last_prompt == "Tomorrow I have 9 AM or 10 AM. Which would you like?"  # said again as asked


def test_an_answer_then_the_question_that_goes_on_asks_only_the_question_again():
    state = DialogueState(task="book")
    reply = ask(state, NOTED_FOR_TEAM, Prompt.CONFIRM, go_on="So, shall I go ahead with a Haircut tomorrow at 10 AM?")
    reply.noted = True
    assert reply.say == f"{NOTED_FOR_TEAM} So, shall I go ahead with a Haircut tomorrow at 10 AM?"
    assert state.last_prompt == "So, shall I go ahead with a Haircut tomorrow at 10 AM?"
    reply.lead("We accept cash and cards.")
    reply.report, reply.noted = "", False  # the question was answered after all (engine.py)
    assert reply.say == "We accept cash and cards. So, shall I go ahead with a Haircut tomorrow at 10 AM?"


def test_words_set_whole_replace_the_parts_and_keep_what_is_asked():
    reply = ask(DialogueState(), "Which service would you like?", Prompt.SERVICE, opening=Opening.SURE)
    reply.lead("Thanks, Leo.")
    reply.say = "Please note: call 911 in an emergency. Which service would you like?"
    assert reply.say == "Please note: call 911 in an emergency. Which service would you like?"
    assert reply.asks == Prompt.SERVICE and reply.opening is None and not reply.first
    assert Reply("Goodbye!", "hangup").say == "Goodbye!" and Reply("", "transfer").say == ""


def test_an_opening_is_kept_apart_and_a_question_said_again_is_composed_without_cutting():
    """ "Sure." agreed to the turn it was said in: asked again after an answer, the question goes
    without it; the words said again are never searched for it."""
    state = DialogueState(task="book")
    reply = ask(state, "Which time would you like: 9 AM or 10 AM?", Prompt.TIME, opening=Opening.AGREED)
    assert reply.say == state.prompt_said() == "Sure. Which time would you like: 9 AM or 10 AM?"
    assert state.last_prompt == state.asked.question == "Which time would you like: 9 AM or 10 AM?"
    assert state.last_opening == Opening.AGREED
    again = ask(state, "We're at 12 Elm Street.", state.awaiting, go_on=said_last(state))
    assert again.say == "We're at 12 Elm Street. Which time would you like: 9 AM or 10 AM?"
    assert state.prompt_said() == "Which time would you like: 9 AM or 10 AM?" and state.last_opening is None
    # words given as they are stay as they are, even when they start like an opening
    assert ask(DialogueState(), "Thanks.", go_on="Sure. Which time?").say == "Thanks. Sure. Which time?"


def test_an_opening_that_did_not_agree_is_said_again_and_alone_the_prompt_is_said_whole():
    state = DialogueState(task="book")
    ask(state, "What other day or time would suit you?", Prompt.DATE, opening=Opening.NO_PROBLEM)
    assert state.asked.question == "What other day or time would suit you?"  # it only acknowledged
    assert ask(state, "We're at 12 Elm Street.", state.awaiting, go_on=said_last(state)).say == (
        "We're at 12 Elm Street. No problem. What other day or time would suit you?")
    ask(state, "Which service would you like?", Prompt.SERVICE, opening=Opening.SURE)
    assert ask(state, "", state.awaiting, go_on=said_last(state)).say == "Sure! Which service would you like?"
    assert str(question_again(state)) == "Sure! Which service would you like?"


def test_a_reply_asked_again_keeps_its_opening_apart_unless_something_is_said_before_it():
    follow = ask(DialogueState(), "Which service would you like?", Prompt.SERVICE, opening=Opening.SURE)
    assert follow.again() == Again("Which service would you like?", Opening.SURE)
    assert ask(DialogueState(), "Your Haircut stays booked for now.", go_on=follow.again()).say == (
        "Your Haircut stays booked for now. Which service would you like?")
    follow.lead("I don't see an updo on our list.")
    assert follow.again() == Again("I don't see an updo on our list. Which service would you like?")


def test_after_silence_the_fallbacks_apology_is_not_asked_again_but_a_repeat_says_it_whole():
    state = DialogueState()
    reply = ask(state, "I can book, move or cancel an appointment, or answer a question. What would you like to do?",
                opening=Opening.NOT_CAUGHT)
    assert reply.say == state.prompt_said() == state.asked.question == (
        "Sorry, I didn't quite get that. I can book, move or cancel an appointment, or answer a question. What "
        "would you like to do?")
    assert question_again(state) == Again(
        "I can book, move or cancel an appointment, or answer a question. What would you like to do?")
    assert str(question_again(DialogueState())) == "How can I help you today?"


def test_a_call_stored_before_the_opening_was_kept_apart_says_its_prompt_as_stored():
    state = DialogueState.model_validate({"last_prompt": "Sure! Which service would you like?"})
    assert state.prompt_said() == "Sure! Which service would you like?" and said_last(state).opening is None
