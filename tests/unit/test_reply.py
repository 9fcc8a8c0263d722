"""A reply's words are made of its parts (shared/dialogue/turns.py `Reply`): stages add parts and
decide by what the reply asks, never by its English."""

from shared.dialogue.prompts import Prompt
from shared.dialogue.turns import NOTED_FOR_TEAM, Opening, Reply, ask
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
