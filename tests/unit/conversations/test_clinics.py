"""A clinic: first visits, problems in the caller's own words, health questions.

Whole conversations the way real callers talk, answered by the offline engine through the real
functions in-process (tests/world.py); kept as regressions. Dates come from the world's clock."""


import pytest

from tests.unit.conversations.helpers import weekday_in


def test_a_first_time_patient_gets_the_initial_assessment(world, clinic):
    said = world.converse(clinic, ["hiya, I need to see a physio", "it's my first time",
                                    "tomorrow at 2 pm", "Siobhan Kelly"], caller="+12125550181")
    assert "Which service would you like?" in said[1]
    assert said[2] == "For a first visit, it's an Initial Assessment. What day would suit you?"
    assert said[4] == "Just to confirm: an Initial Assessment tomorrow at 2 PM for Siobhan Kelly. Shall I book that?"
    referred = world.converse(clinic, ["good morning, I was referred by my GP for my shoulder, can I get an "
                                        "appointment"], caller="+12125550343")
    assert referred[1] == "For a first visit, it's an Initial Assessment. What day would suit you?"


def test_a_caller_who_describes_a_problem_hears_the_first_visit_service_and_the_team_reads_it(
        world, clinic):
    said = world.converse(clinic, ["Hi, I've done my back in, could I get seen this week?",
                                    "sometime next week, Tuesday ideally, late afternoon", "the first one",
                                    "it's Gemma Clarke", "lovely, thanks"], caller="+12125550184")
    assert said[1].startswith("I'd start with an Initial Assessment for that. ")
    assert " I have " in said[1]  # the soonest this week
    assert said[2].startswith("Tuesday the ") or said[2].startswith("Tuesday I have")
    first = said[2].split(" I have ")[1].split(",")[0]
    assert first.endswith("PM") and int(first.split()[0].split(":")[0]) in (3, 4, 5)  # late afternoon
    assert said[4].startswith("Just to confirm: an Initial Assessment Tuesday")
    assert said[5].startswith("You're all booked: an Initial Assessment")
    [booked] = world.stored(clinic, "appointments")
    assert booked["start"].astimezone(clinic.zone).weekday() == 1
    assert "Caller said: Hi, I've done my back in" in booked["notes"]
    salon = world.converse(clinic, ["I'd like to book an appointment"], caller="+12125550185")
    assert "first visit" not in salon[1]  # nothing said about a problem: no guess at the service


def test_a_service_not_understood_twice_offers_the_keypad_and_a_position_picks_it(world, clinic):
    call = world.ring(clinic, "+12125550182")
    call.start()
    assert "Which service would you like?" in call.say("I need to book something").text
    assert call.say("erm what was it called again").text == (
        "Sorry, which service would you like? You can say its name, or press 1 for Initial Assessment, "
        "2 for Follow-up Session, 3 for Sports Massage or 4 for Acupuncture.")
    assert call.press("3").text == "What day would suit you?"
    call.say("tomorrow at 3 pm")
    assert call.say("Dave").text.startswith("Just to confirm: a Sports Massage tomorrow at 3 PM for Dave")
    call.hangup()
    again = world.converse(clinic, ["I'd like to book an appointment", "the second one please",
                                     "tomorrow at 3 pm", "Kim"], caller="+12125550183")
    assert again[2] == "What day would suit you?"
    assert again[4].startswith("Just to confirm: a Follow-up Session tomorrow at 3 PM for Kim")


def test_an_address_a_problem_and_a_question_during_a_trade_booking(world, plumber):
    said = world.converse(plumber, [
        "my boiler is making a banging noise, can someone come out the day after tomorrow", "boiler service",
        "the first one", "Sam, and the address is 45 Oak Park Avenue", "do your guys wear masks", "yes go ahead"],
        caller="+12125550225")
    assert said[4].startswith("Just to confirm: a Boiler Service") and said[4].endswith("for Sam. Shall I book that?")
    assert said[5].startswith("I'm not sure about that, so I've noted it for the team to get back to you. "
                              "So, shall I go ahead with a Boiler Service")
    assert said[6].startswith("You're all booked: a Boiler Service")
    [booked] = world.stored(plumber, "appointments")
    assert "Caller said: my boiler is making a banging noise" in booked["notes"]
    assert "Address: 45 Oak Park Avenue" in booked["notes"]
    again = world.converse(plumber, ["a free quote visit the day after tomorrow at 10 am", "Mike",
                                      "my address? it's 12 Main street", "yes"], caller="+12125550226")
    assert again[3].startswith("Thanks, I've noted the address, 12 Main Street. Shall I go ahead with "
                               "a Free Quote Visit")
    assert again[4].startswith("You're all booked: a Free Quote Visit")


def test_a_complaint_reaches_the_team_and_a_caller_we_texted_hears_why(world, shop):

    said = world.converse(shop, ["I want to make a complaint about my haircut", "it's Karen", "no, bye"],
                    caller="+12125550228")
    assert said[1] == ("I'm really sorry to hear that. I'll pass it straight to the team and have someone call you "
                       "back. Can I take your name?")
    assert said[2].startswith("Thanks, Karen. Someone from Bella Hair Studio will call you back")
    alerts = world.wait_for(lambda: [a for a in world.notifications(shop, kind="staff_alert")
                               if "Complaint from Karen" in a["body"]])
    assert "about my haircut" in alerts[0]["body"]
    world.converse(shop, ["a blow dry tomorrow at 10 am", "Ann", "yes"], caller="+12125550229")
    heard = world.converse(shop, ["hi, I missed a call from you", "how much will that be"], caller="+12125550229")
    assert heard[1] == ("That was probably us: we call and text about appointments, like confirmations and "
                        "reminders. You're booked for a Blow Dry tomorrow at 10 AM. How can I help you today?")
    assert heard[2].startswith("A Blow Dry is $35")


def test_a_question_while_a_callback_waits_for_the_name_comes_back_to_the_name(world, clinic):
    said = world.converse(clinic, ["do I need a referral from my GP?", "how much is a sports massage?",
                                    "it's Helen"], caller="+12125550277")
    assert said[1].startswith("That's a good question, and I don't want to guess.")
    assert said[2] == ("A Sports Massage is $55 and takes about 45 minutes. And can I take your name, so the team "
                       "can get back to you?")
    assert said[3].startswith("Thanks, Helen. Someone from Riverside Physio Clinic will call you back")
    [lead] = world.stored(clinic, "leads")
    assert "referral" in lead["notes"]


def test_is_dr_patel_free_while_asking_to_book_goes_on_with_the_booking(world, clinic):
    day = weekday_in(2)
    said = world.converse(clinic, [f"I need to see a physio about my knee, is Dr Patel free on {day}?",
                                    "the first one", "the first one", "Ruth Evans", "yes"], caller="+12125550289")
    assert said[1].startswith("I can't see who's working when, but I'll note that you'd like Dr Patel. "
                              "Which service would you like?")
    assert said[2].startswith(f"{day} I have")
    assert "I've noted you'd like Dr Patel." in said[4] and said[5].startswith("You're all booked")
    [booked] = world.stored(clinic, "appointments")
    assert "Would like Dr Patel" in booked["notes"]


def test_not_an_emergency_and_not_sure_which_service(world, plumber, clinic):
    said = world.converse(plumber, ["I've got a leak under my kitchen sink", "it's not an emergency, whenever you can",
                                     "I'm not sure"], caller="+12125550318")
    assert "Which service would you like? You can say its name" in said[2]  # not the emergency call-out
    assert said[3].startswith("If you're not sure, a Free Quote Visit is the place to start.")
    physio = world.converse(clinic, ["I'd like to book an appointment", "I'm not sure what I need, my back hurts"],
                      caller="+12125550319")
    assert physio[2] == "I'd start with an Initial Assessment for that. What day would suit you?"
    barber = world.register(services=[{"name": "Haircut", "duration_minutes": 30, "price": 30},
                                   {"name": "Beard Trim", "duration_minutes": 20, "price": 20}])
    unsure = world.converse(barber, ["I want to book", "no idea", "Sam"], caller="+12125550320")
    assert unsure[2] == ("No problem. I'll have someone from the team call you back to help you choose. Can I take "
                         "your name?")
    [lead] = world.stored(barber, "leads")
    assert lead["name"] == "Sam" and "Not sure which service they need" in lead["notes"]


def test_a_spelled_name_an_hour_asked_about_and_a_day_gone_by(world, clinic):
    said = world.converse(clinic, ["can I book a follow-up session last tuesday", "ok, is 9 ok on the day after "
                                    "tomorrow", "it's S-A-R-A-H, Sarah Jones"], caller="+12125550326")
    assert said[1] == "That day has already passed. Which day would you like?"
    assert " at 9 AM. Can I take your name, please?" in said[2]
    assert said[3].startswith("Just to confirm: a Follow-up Session") and said[3].endswith(
        "at 9 AM for Sarah Jones. Shall I book that?")


def test_one_for_someone_else_too_is_booked_after_this_one_under_their_name(world, clinic):
    caller = "+12125550327"
    at_read_back = world.converse(clinic, ["an initial assessment for my mum tomorrow at 9", "Margaret Brown",
                                            "yes, and can you also book one for my dad straight after", "yes",
                                            "Peter Brown", "yes"], caller=caller)
    assert at_read_back[3].startswith("You're all booked: an Initial Assessment tomorrow at 9 AM. Now for the next "
                                      "person: an Initial Assessment. I can fit it in straight after, at 10 AM.")
    assert at_read_back[5] == ("Just to confirm: an Initial Assessment tomorrow at 10 AM for Peter Brown. Shall I "
                               "book that?")
    afterwards = world.converse(clinic, ["a sports massage the day after tomorrow at 2 pm, I'm Ann Brown", "yes",
                                          "can you book one for my son too, the day after tomorrow at 4", "Tom"],
                          caller=caller)
    assert afterwards[2].startswith("You're all booked: a Sports Massage")
    assert afterwards[3].endswith("at 4 PM. What name should I put the booking under?")  # not Margaret's
    assert afterwards[4].startswith("Just to confirm: a Sports Massage") and afterwards[4].endswith(
        "at 4 PM for Tom. Shall I book that?")
    names = sorted(a["caller"]["name"] for a in world.stored(clinic, "appointments"))
    assert names == ["Ann Brown", "Margaret Brown", "Peter Brown"]
    assert [x["name"] for x in world.stored(clinic, "leads") if x["phone"] == caller] == ["Ann Brown"]


def test_a_problem_with_a_service_named_is_acknowledged_and_weekends_are_answered(world, plumber):
    said = world.converse(plumber, ["hi my boiler is making a weird banging noise", "are you open on weekends"],
                    caller="+12125550340")
    assert said[1] == "I can book a Boiler Service for that. What day would suit you?"
    assert said[2].startswith("On Saturdays we're open 24 hours, and on Sundays we're open 24 hours.")


def test_a_town_outside_the_areas_is_said_and_noted_and_a_problem_with_its_service(world, plumber):
    said = world.converse(plumber, ["I'm in Naperville, can you service my boiler tomorrow at 9", "Jo", "yes"],
                    caller="+12125550349")
    assert said[1].startswith("Just so you know, Naperville isn't on our list of areas (we cover Evanston), so the "
                              "team will double-check.")
    [booked] = world.stored(plumber, "appointments")
    assert "Address: Naperville" in booked["notes"]
    inside = world.converse(plumber, ["my boiler is leaking, I live in Evanston, are you free tomorrow morning"],
                      caller="+12125550350")
    assert inside[1].startswith("I can book a Boiler Service for that. Tomorrow I have")


def test_new_patients_are_welcome_and_a_yes_for_a_callback_asks_the_name(world, clinic, shop):
    said = world.converse(clinic, ["are you taking new patients", "yes please"], caller="+12125550351")
    assert said[1] == ("Yes, we're happy to see new patients. For a first visit, it's an Initial Assessment. Would "
                       "you like to book one?")
    assert said[2] == "What day would suit you?"
    callback = world.converse(shop, ["are you wheelchair accessible", "yes please", "Mo"], caller="+12125550352")
    assert callback[2] == "Great, what name should I give the team?"
    assert callback[3].startswith("Thanks, Mo.")


def test_booked_the_wrong_day_moves_the_booking(world, clinic):
    caller = "+12125550360"
    world.converse(clinic, ["a sports massage the day after tomorrow at 10 for Lara", "yes", "bye"], caller=caller)
    said = world.converse(clinic, ["I booked in for a massage but I think I booked the wrong day"], caller=caller)
    assert said[1].startswith("Your Sports Massage is ") and said[1].endswith("What day would you like to move it to?")
    assert len(world.stored(clinic, "appointments")) == 1


def test_a_day_said_for_the_service_is_kept_and_a_key_number_can_be_said(world, clinic):
    said = world.converse(clinic, ["I'd like to book an appointment", "is there anything this week", "two"],
                    caller="+12125550364")
    assert said[2].startswith("I'll check that as soon as I know the service. Which service would you like? You "
                              "can say its name, or press 1 for Initial Assessment, 2 for Follow-up Session")
    assert "I have" in said[3] and "Which service" not in said[3]


def test_clinic_questions_a_problem_to_treat_the_first_visit_and_a_female_physio(world, clinic):
    knee = world.converse(clinic, ["I've got a bad knee, do you treat that", "yes please"], caller="+12125550386")
    assert knee[1] == ("The team can take a look at that: for something new, it's an Initial Assessment. Would you "
                       "like to book one?")
    assert knee[2] == "What day would suit you?"
    first = world.converse(clinic, ["how long is the first appointment"], caller="+12125550387")
    assert first[1].startswith("For a first visit, it's an Initial Assessment. An Initial Assessment is $70 and "
                               "takes about an hour.")
    female = world.converse(clinic, ["I'd like a female physio if possible", "follow-up session", "tomorrow at 10",
                                      "Ann", "yes"], caller="+12125550388")
    assert female[1].startswith("I can't promise who'll be in, but I'll note that you'd like a female physio. "
                                "Which service would you like?")
    assert "I've noted you'd like a female physio." in female[4]
    [booked] = world.stored(clinic, "appointments")
    assert "Would like a female physio" in booked["notes"]


def test_a_referral_question_starts_at_the_first_visit_and_cancellations_are_no_service(world, clinic):
    said = world.converse(clinic, ["I've got a referral letter from my GP, what do I do", "yes please"],
                    caller="+12125550397")
    assert said[1] == "For a first visit, it's an Initial Assessment. Would you like to book one?"
    assert said[2] == "What day would suit you?"
    today = world.converse(clinic, ["do you have any cancellations today"], caller="+12125550398")
    assert today[1].startswith("Sure! Which service would you like?") and "on our list" not in today[1]


def test_postpone_swap_to_another_service_and_late_on_a_named_day(world, clinic):
    caller = "+12125550405"
    day = weekday_in(3)
    world.converse(clinic, [f"a sports massage on {day} at 10, I'm Jo", "yes", "bye"], caller=caller)
    said = [world.converse(clinic, [line], caller=caller)[1] for line in (
        "I'm poorly, can we postpone", "can I swap to acupuncture instead", f"I'll be 10 minutes late on {day}")]
    assert said[0] == f"Your Sports Massage is {day} at 10 AM. What day would you like to move it to?"
    assert said[1].startswith("I can't change the service on a booking myself, so I'll have the team call you back "
                              "to change your Sports Massage to an Acupuncture.")
    assert said[2].startswith(f"Thanks for letting us know! I'll tell the team you'll be a little late for your "
                              f"Sports Massage {day} at 10 AM.")
    notes = [n for c in world.stored(clinic, "calls") for n in c["state"]["call_notes"]]
    assert any(n.startswith("Running late") for n in notes)


def test_a_service_changed_when_the_name_is_asked_asks_the_name_without_a_sorry(world, clinic):
    said = world.converse(clinic, ["I'd like to book an initial assessment", "tomorrow at 9",
                                    "actually can we make it a sports massage instead", "Kate Bell"],
                    caller="+12125550413")
    assert said[2] == "Great, tomorrow at 9 AM. Can I take your name, please?"
    assert said[3] == "Sure, a Sports Massage instead. What name should I put the booking under?"
    assert said[4] == "Just to confirm: a Sports Massage tomorrow at 9 AM for Kate Bell. Shall I book that?"


def test_a_time_too_close_to_closing_for_the_service_says_why(world, clinic):
    said = world.converse(clinic, ["a sports massage the day after tomorrow at 7:30 pm"], caller="+12125550414")
    assert said[1].startswith("A Sports Massage takes 45 minutes and we close at 8 PM that day, but ")
    assert "7:15 PM" in said[1] and "Which would you like?" in said[1]


def test_a_new_problem_starts_with_the_first_visit_service_and_a_general_question_keeps_the_read_back(
        world, clinic):
    said = world.converse(clinic, ["I've hurt my back, can I see someone tomorrow?", "the first one", "Mo Farah",
                                    "do you do evening appointments", "bye"], caller="+12125550421")
    assert said[1].startswith("I'd start with an Initial Assessment for that. Tomorrow I have ")
    assert said[3].startswith("Just to confirm: an Initial Assessment tomorrow at ")
    assert said[4].endswith("So, shall I go ahead with " + said[3].removeprefix("Just to confirm: ").split(
        ". Shall I")[0] + "?")
    assert said[5].startswith("Before you go: I haven't booked it yet.")
    follow = world.converse(clinic, ["my back is still sore, I need another session tomorrow"],
                      caller="+12125550422")
    assert not follow[1].startswith("I'd start with")  # not new: which service is asked


def test_another_after_a_booking_is_the_same_service_and_the_following_week_is_a_week_on(world, clinic):
    caller = "+12125550427"
    said = world.converse(clinic, ["a follow up in 3 days at 2, I'm Kay", "yes", "and another in 4 days at 3", "yes"],
                    caller=caller)
    assert said[3].startswith("Just to confirm: a Follow-up Session ") and said[3].endswith(
        "at 3 PM for Kay. Shall I book that?")
    moved = world.converse(clinic, ["can I move my follow up in 3 days to the following week same time"],
                     caller=caller)
    assert "the following" not in moved[1] and "at 2 PM to " in moved[1] and moved[1].endswith("Shall I go ahead?")
    kept = world.converse(clinic, ["cancel all my appointments", "no"], caller=caller)
    assert kept[1].startswith("Do you want me to cancel both your appointments")
    assert kept[2] == "Okay, I won't cancel them. Is there anything else I can help you with?"


def test_a_health_question_goes_to_the_team_and_is_never_answered_or_booked(world, clinic):
    caller = "+12125550431"
    said = world.converse(clinic, ["can I have acupuncture if I'm pregnant", "Nina"], caller=caller)
    assert said[1] == ("That's one for the team, so I won't guess. I'll have someone call you back about it. Can I "
                       "take your name?")
    assert said[2].startswith("Thanks, Nina. Someone from ")
    [lead] = [x for x in world.stored(clinic, "leads") if x["phone"] == caller]
    assert "Health question: can I have acupuncture if I'm pregnant" in lead["notes"]
    assert not [a for a in world.stored(clinic, "appointments") if a["caller_phone"] == caller]


def test_calling_on_behalf_of_a_parent_asks_whose_name_and_keeps_the_callers_apart(world, clinic):
    caller = "+12125550432"
    said = world.converse(clinic, ["hi, I'm calling on behalf of my elderly mother, she needs a follow up session, "
                                    "she uses a walker", "tomorrow morning", "the first one", "her name is Joan Smith",
                                    "yes", "will someone help her up the stairs?"], caller=caller)
    assert said[3].endswith("What name should I put the booking under?")
    assert said[4].startswith("Just to confirm: a Follow-up Session tomorrow at ") and "for Joan Smith." in said[4]
    assert said[6].endswith("Can I take your name?")  # the caller's, not Joan's
    [booked] = [a for a in world.stored(clinic, "appointments") if a["caller_phone"] == caller]
    assert booked["caller"]["name"] == "Joan Smith" and "walker" in booked["notes"]


def test_im_sick_cancels_and_rebooks_under_the_callers_name(world, clinic):
    caller = "+12125550435"
    world.converse(clinic, ["a follow up tomorrow at 9, I'm Al", "yes"], caller=caller)
    said = world.converse(clinic, ["I need to cancel tomorrow's appointment, I'm sick", "yes",
                                    "can I rebook for next week", "the first one", "yes"], caller=caller)
    assert said[1] == "Do you want me to cancel your Follow-up Session tomorrow at 9 AM?"
    assert said[4].startswith("Just to confirm: a Follow-up Session ")
    assert said[4].endswith("for Al. Shall I book that?")
    names = {a["caller"]["name"] for a in world.stored(clinic, "appointments")
             if a["caller_phone"] == caller}
    assert names == {"Al"}


def test_a_question_while_choosing_a_time_is_noted_and_the_choice_asked_again(world, clinic):
    said = world.converse(clinic, ["a sports massage tomorrow evening", "yes", "can I pay by card when I come in"],
                    caller="+12125550436")
    assert said[2].startswith("Sure. Which time would you like: ")
    assert said[3] == ("I'm not sure about that, so I've noted it for the team to get back to you. "
                       + said[2].removeprefix("Sure. "))


@pytest.mark.parametrize("said", ["my back is killing me", "I'd like a check up on my knee",
                                  "my shoulder's been playing up"])
def test_an_ache_in_the_callers_own_words_starts_with_the_first_visit_service(world, clinic, said):
    heard = world.converse(clinic, [said], caller="+12125550452")
    assert heard[1] == "I'd start with an Initial Assessment for that. What day would suit you?"
