"""What the owner reads about a caller matches what happened: the lead's stage follows its bookings,
stale notes go, an email given while booking is on the lead, wrong numbers and sales calls leave
no lead, a returning caller hears every upcoming booking, a voicemail alert says what it was about.
Through the real functions in-process (tests/world.py)."""

import pytest

from shared.domain.appointments import Caller
from tests.factories import every_day

CALLER = "+12125550411"


@pytest.fixture
def shop(world):
    return world.register(hours=every_day("00:00", "24:00"), min_notice_minutes=60, transfer_number="+12125550199")


def book(world, shop, days, hhmm="11:00", service="Haircut", name="Jane Doe", phone=CALLER):
    start = world.at(shop, world.day(shop, days), hhmm)
    appointment, _ = world.app.calendar.book(shop, service, start, Caller(phone=phone, name=name))
    world.app.crm.record(shop, phone, "booking", f"booking-{appointment.id}", stage="booked", name=name)
    return appointment


def lead_of(world, shop, phone=CALLER):
    return next(lead for lead in world.stored(shop, "leads") if lead["phone"] == phone)


def test_cancelling_the_only_booking_takes_the_lead_back_to_its_stage_before(world, shop):
    world.app.crm.capture(shop, phone=CALLER, name="Jane Doe", interest="Haircut")   # a new lead first
    book(world, shop, 2)
    assert lead_of(world, shop)["stage"] == "booked"
    said = world.converse(shop, ["I need to cancel my appointment", "yes", "no, bye"], caller=CALLER)
    assert "is cancelled" in said[2]
    lead = lead_of(world, shop)
    [back] = [c for c in lead["stage_history"] if c["reason"].startswith("cancelled Haircut on ")]
    assert back["stage"] == "new" and back["reason"].endswith("; nothing else booked")
    assert lead["stage"] != "booked"   # then the call's engagement may qualify it again, by its score


def test_cancelling_one_of_two_bookings_keeps_the_lead_booked(world, shop):
    book(world, shop, 2)
    book(world, shop, 4, service="Blow Dry")
    call = world.ring(shop, CALLER)
    call.start()
    answer = call.say("I need to cancel my blow dry")
    assert "Blow Dry" in answer.text and "cancel" in answer.text
    assert "is cancelled" in call.say("yes").text
    call.hangup()
    world.run_tasks()
    assert lead_of(world, shop)["stage"] == "booked"


def test_a_lead_with_no_stage_before_its_booking_is_lost_when_it_is_cancelled(world, shop):
    from shared.domain import leads as rules
    from shared.domain.leads import StageChange

    lead = world.app.crm.capture(shop, phone=CALLER, name="Jane Doe")
    lead.stage, lead.stage_history = "booked", [StageChange(stage="booked", at=world.now, reason="imported")]
    assert rules.unbook(lead, "cancelled Haircut", world.now) and lead.stage == "lost"
    assert lead.stage_history[-1].reason == "cancelled Haircut"
    assert not rules.unbook(lead, "again", world.now)   # only a booked lead goes back


def test_a_cancellation_counted_twice_steps_back_once(world, shop):
    world.app.crm.capture(shop, phone=CALLER, name="Jane Doe")
    book(world, shop, 2)
    crm = world.app.crm
    crm.booking_cancelled(shop, CALLER, "cancel-a1", "Haircut on Wed", still_booked=False)
    world.app.crm.record(shop, CALLER, "booking", "booking-a2", stage="booked")   # booked again since
    crm.booking_cancelled(shop, CALLER, "cancel-a1", "Haircut on Wed", still_booked=False)   # a retry
    assert lead_of(world, shop)["stage"] == "booked"


def test_a_booking_made_later_clears_the_nothing_was_booked_note(world, shop):
    said = world.converse(shop, ["a haircut tomorrow at 10 am", "Jane Doe"], caller=CALLER)
    assert said[2].startswith("Just to confirm")   # hung up at the read-back
    assert "nothing was booked" in lead_of(world, shop)["notes"]
    said = world.converse(shop, ["a haircut tomorrow at 11 am", "Jane Doe", "yes", "no, bye"], caller=CALLER)
    assert "booked" in said[3]
    lead = lead_of(world, shop)
    assert lead["stage"] == "booked" and "nothing was booked" not in lead["notes"]
    assert "Call ended before confirming" not in lead["notes"]


def test_a_call_ending_at_a_read_back_does_not_say_nothing_is_booked_when_something_is(world, shop):
    book(world, shop, 3)
    world.converse(shop, ["I'd also like a blow dry tomorrow at 10 am", "Jane Doe"], caller=CALLER)
    lead = lead_of(world, shop)
    assert "Call ended before confirming a Blow Dry" in lead["notes"] and "it was not booked" in lead["notes"]
    assert "nothing was booked" not in lead["notes"]
    [text] = [n for n in world.notifications(shop, kind="lead_followup") if n["to"] == CALLER]
    assert "it isn't booked yet" in text["body"] and "nothing is booked" not in text["body"]


def test_an_email_given_during_a_booking_is_on_the_lead_too(world, shop):
    said = world.converse(shop, ["a haircut tomorrow at 10 am", "Jane Doe",
                                 "yes that's right, oh and my email is jane.doe@example.com", "yes", "no, bye"],
                          caller=CALLER)
    assert "jane.doe@example.com" in said[3]
    [appointment] = world.stored(shop, "appointments")
    assert appointment["caller"]["email"] == "jane.doe@example.com"
    assert lead_of(world, shop)["email"] == "jane.doe@example.com"


@pytest.mark.parametrize("lines, outcome", [
    (["hi, is this the DMV?", "oh sorry, wrong number, my bad", "bye"], "wrong_number"),
    (["Hi, this is Mark from SEO Boost, we help salons get more customers online", "okay, bye"], "sales_call"),
])
def test_wrong_numbers_and_sales_calls_leave_a_call_record_and_no_lead(world, shop, lines, outcome):
    call = world.ring(shop, CALLER)
    call.start()
    for line in lines:
        if call.say(line).kind != "gather":
            break
    call.hangup()
    world.run_tasks()
    assert world.stored(shop, "leads") == []
    assert world.stored(shop, "notifications") == []
    record = world.doc(shop, "calls", call.call_sid)
    assert record["post_call_done"] and outcome in record["outcomes"]


@pytest.mark.parametrize("pitch", [
    "Good morning, this is Kelly from Northwind Payments, we can lower your card processing fees",
    "Hi, am I speaking to the business owner? I'm calling from Acme Web, we get you more customers",
    "Hello, Dan here with BrightPath, we help local businesses grow",
])
def test_a_sales_pitch_is_declined_at_once_and_a_question_after_it_makes_no_lead(world, shop, pitch):
    call = world.ring(shop, CALLER)
    call.start()
    answer = call.say(pitch)
    if answer.kind == "gather":  # still talking: the question for the team must not make a lead
        call.say("so when's a good time to call back?")
    call.hangup()
    world.run_tasks()
    assert answer.kind == "hangup" and "sales calls" in answer.text
    assert world.stored(shop, "leads") == [] and world.stored(shop, "notifications") == []


def test_a_caller_with_a_booking_who_says_wrong_number_keeps_their_lead(world, shop):
    world.converse(shop, ["a haircut tomorrow at 10 am", "Jane Doe", "yes", "no, bye"], caller=CALLER)
    world.converse(shop, ["sorry, wrong number"], caller=CALLER)
    assert lead_of(world, shop)["stage"] == "booked"


def test_a_returning_caller_hears_the_next_two_bookings_by_name_and_how_many_more(world, shop):
    book(world, shop, 2, service="Haircut")
    book(world, shop, 3, service="Blow Dry")
    book(world, shop, 5, service="Beard Trim", name="Leo Doe")
    greeting = world.ring(shop, CALLER).start().text
    assert "I see you're booked for a Haircut " in greeting and " and a Blow Dry " in greeting
    assert greeting.endswith(", and one more. How can I help you today?")
    assert "Beard Trim" not in greeting


def test_the_upcoming_sentence_names_whose_booking_it_is():
    from shared.domain.messages import upcoming_sentence

    one = [{"service": "Haircut", "when": "tomorrow at 10 AM", "name": "Jane Doe"}]
    assert upcoming_sentence(one, 1, "Jane") == "I see you're booked for a Haircut tomorrow at 10 AM."
    two = one + [{"service": "Kids Cut", "when": "Friday at 2 PM", "name": "Leo Doe"}]
    assert upcoming_sentence(two, 2, "Jane") == ("I see you're booked for a Haircut tomorrow at 10 AM and Leo for "
                                                 "a Kids Cut Friday at 2 PM.")
    assert upcoming_sentence(two + two, 5, "Jane").endswith(", and 3 more.")


def test_a_voicemail_after_an_unanswered_transfer_says_what_for_whom_and_that_the_team_was_rung(world, shop):
    call = world.ring(shop, CALLER)
    call.start()
    call.say("my boiler quote from last week, I'd like to talk it over")
    answer = call.say("can I speak to Maria please")
    assert answer.kind == "dial"
    _, outcome = call.staff(answered=False)
    assert outcome.kind == "record"
    call.leave_message("https://api.twilio.com/recordings/RE77")
    call.hangup()
    world.run_tasks()
    [alert] = [n["body"] for n in world.notifications(shop, kind="staff_alert") if "voicemail" in n["body"]]
    assert "left a voicemail for Maria" in alert
    assert "boiler quote" in alert and "speak to Maria" in alert
    assert "Roxy rang the team and nobody picked up." in alert and "RE77" in alert


def test_a_voicemail_when_closed_says_nobody_was_rung(world):
    closed = world.register(hours={"monday": []}, transfer_number="+12125550199",
                            exceptions=[{"date": world.today(world.register()).isoformat(), "closed": True,
                                         "reason": "holiday"}])
    call = world.ring(closed, CALLER)
    call.start()
    answer = call.say("I'd like to leave a message for Maria about my invoice please")
    assert answer.kind == "record"
    call.leave_message()
    call.hangup()
    world.run_tasks()
    [alert] = [n["body"] for n in world.notifications(closed, kind="staff_alert")]
    assert "left a voicemail for Maria" in alert and "about my invoice" in alert
    assert "Nobody was rung." in alert and "nobody picked up" not in alert


def text_in(world, shop, body, sender=CALLER):
    """A text to the business, signed as Twilio signs it; Roxy's reply."""
    import secrets
    import urllib.parse

    from twilio.request_validator import RequestValidator

    from shared.config import LOCAL_TWILIO_AUTH_TOKEN
    from tests.world import BASE_URL

    url = f"{BASE_URL}/sms_inbound"
    params = {"MessageSid": "SM" + secrets.token_hex(16), "From": sender, "To": shop.phone_numbers[0],
              "Body": body, "AccountSid": "AC" + "0" * 32, "NumMedia": "0"}
    status, xml = world.http(url, urllib.parse.urlencode(params).encode(), {
        "X-Twilio-Signature": RequestValidator(LOCAL_TWILIO_AUTH_TOKEN).compute_signature(url, params),
        "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    return xml


def test_cancelling_the_only_booking_by_text_takes_the_lead_back_too(world, shop):
    world.app.crm.capture(shop, phone=CALLER, name="Jane Doe")
    book(world, shop, 2)
    assert "Reply YES to cancel" in text_in(world, shop, "X")
    assert "is cancelled" in text_in(world, shop, "YES")
    lead = lead_of(world, shop)
    assert lead["stage"] != "booked"
    assert any(c["reason"].startswith("cancelled Haircut on ") for c in lead["stage_history"])


def test_the_lead_interest_and_call_log_are_what_the_caller_asked_about_not_what_they_mentioned(world, shop):
    world.converse(shop, ["hi, I had highlights with you last month and they were great, how much is a blow dry?",
                          "ok, I'll have a think about it, thanks", "Jane Doe", "no, bye"], caller=CALLER)
    lead = lead_of(world, shop)
    assert (lead["interest"], lead["interest_service"]) == ("Blow Dry", "Blow Dry")
    [logged] = [i["detail"] for i in lead["recent_interactions"] if i["kind"] == "call"]
    wanted = next(line for line in logged.splitlines() if line.startswith("Wanted:"))
    assert wanted == "Wanted: Blow Dry."


def test_the_call_log_says_what_was_booked(world, shop):
    world.converse(shop, ["a haircut tomorrow at 10 am", "Jane Doe", "yes", "no, bye"], caller=CALLER)
    lead = lead_of(world, shop)
    [logged] = [i["detail"] for i in lead["recent_interactions"] if i["kind"] == "call"]
    assert "Wanted: booked Haircut." in logged.splitlines()
    assert lead["interest_service"] == "Haircut"


def test_asked_about_is_the_service_named_where_the_caller_asks():
    from shared.domain.interest import asked_about
    from tests.factories import make_business

    business = make_business()
    assert asked_about(business, ["I had a blow dry with you last month, so I'd like to book a trim"]) == "Haircut"
    assert asked_about(business, ["my highlights have grown out", "how much is a blowout?"]) == "Blow Dry"
    assert asked_about(business, ["could I get a blow dry, no wait, a kids cut"]) == "Haircut"   # kids cut: Haircut
    assert asked_about(business, ["the stylist did my highlights last time"]) is None
    assert asked_about(business, ["I was looking into my roots done, a full dye, what does it cost?"]) == \
        "Hair Colouring"
    assert asked_about(business, ["could someone give us a quote?"]) is None


@pytest.mark.parametrize("first, ask", [
    ("the stylist left my fringe uneven on one side", "I want someone to call me back about this"),
    ("my colour from last week has gone patchy and brassy", "can someone ring me back about it?"),
    ("your receptionist double charged my card on Friday", "I'd like a call back regarding that please"),
])
def test_a_callback_asked_about_this_tells_the_team_what_this_was(world, shop, first, ask):
    call = world.ring(shop, CALLER)
    call.start()
    for line in (first, ask, "Jane Doe", "no, that's all, bye"):
        if call.say(line).kind != "gather":
            break
    call.hangup()
    world.run_tasks()
    alerts = [n["body"] for n in world.stored(shop, "notifications") if n["kind"] == "staff_alert"]
    assert alerts and any(first in a for a in alerts), alerts


@pytest.mark.parametrize("lines", [
    ["Hiya, is this Dr. Patel's office?", "oh sorry, wrong number, my bad"],
    ["Hi, is that Uncle Bob? ... oh, wrong number"],
    ["hello, I must have dialled wrong, sorry"],
    ["Hi there", "oh, my mistake, sorry to bother you"],
    ["Good morning, I'm looking for the DMV", "oops, sorry, wrong number"],
    ["hi, we're trying to reach Mike's Auto", "oh, I must have dialled wrong, sorry"],
])
def test_a_wrong_number_is_let_go_politely_with_no_lead(world, shop, lines):
    call = world.ring(shop, CALLER)
    call.start()
    answers = [call.say(line) for line in lines]
    call.hangup()
    world.run_tasks()
    assert answers[-1].kind == "hangup" and "you've reached Bella Hair Studio" in answers[-1].text
    assert not any("didn't quite get that" in a.text or a.text.startswith("Yes, you've reached") for a in answers)
    assert world.stored(shop, "leads") == [] and world.stored(shop, "notifications") == []
    assert "wrong_number" in world.doc(shop, "calls", call.call_sid)["outcomes"]


def test_a_wrong_number_of_their_own_is_not_a_wrong_call(world, shop):
    said = world.converse(shop, ["a haircut tomorrow at 10 am", "Jane Doe",
                                 "sorry, I gave you the wrong number, it's 212 555 0123"], caller=CALLER)
    assert "goodbye" not in said[3].lower()


@pytest.mark.parametrize("again", ["hmm, I need to check with my partner first, I'll call back",
                                   "okay, let me think about it, I'm just comparing prices",
                                   "I'm not ready to book just yet"])
def test_not_ready_said_twice_is_not_answered_with_the_same_sentence(world, shop, again):
    said = world.converse(shop, ["Hi, I was just looking into a haircut, what does it cost?",
                                 "Jane Doe", again], caller=CALLER)
    assert "I've made a note" in said[2]
    assert "I've made a note" not in said[3] and said[3].endswith("Is there anything else I can help you with?")


@pytest.mark.parametrize("opening, subject", [
    ("Hello, I'm not happy, the fade I got on Tuesday is uneven on one side", "uneven"),
    ("Hi, we're really disappointed, the cleaner broke a vase and didn't tell us", "vase"),
])
def test_an_unhappy_caller_is_a_complaint_for_the_team(world, shop, opening, subject):
    call = world.ring(shop, CALLER)
    call.start()
    first = call.say(opening)
    call.say("Jane Doe")
    call.hangup()
    world.run_tasks()
    assert first.text.startswith("I'm really sorry to hear that.")
    alerts = [n["body"] for n in world.stored(shop, "notifications") if n["kind"] == "staff_alert"]
    assert any(a.startswith("Roxy: Complaint from Jane Doe") and subject in a for a in alerts), alerts


@pytest.mark.parametrize("asked", ["I don't need an appointment, I need someone to call me back, it's urgent",
                                   "no, I don't want to book anything, can someone from the team call me back?"])
def test_no_booking_but_a_call_back_is_a_callback_not_an_objection(world, shop, asked):
    said = world.converse(shop, [asked], caller=CALLER)
    assert said[1] == "Of course. Can I take your name so the team knows who to call?"


@pytest.mark.parametrize("said, kept", [
    (["Hi, this is Mark from SEO Boost, we help salons get more customers online", "sure, Mark Jones"], False),
    (["can someone call me back about colour prices?", "sorry, I think I dialled the wrong number"], False),
    (["can someone call me back about colour prices?", "Mark Jones"], True),
])
def test_a_lead_is_never_kept_on_a_call_that_is_a_pitch_or_a_wrong_number_whichever_engine_asks(world, shop, said,
                                                                                                  kept):
    """The gate is the tool's, so the LLM (or a pitch heard only after Roxy offered a call back) is held to it."""
    from shared.errors import NotALead
    from shared.tools import registry
    from shared.tools.base import ToolContext

    context = ToolContext(shop, world.app.calendar, world.app.crm, source="call:CA-gate", caller_phone=CALLER,
                          clock=world.app.clock, caller_said=said)
    args = {"name": "Mark Jones", "phone": CALLER, "notes": "wants a call back"}
    if kept:
        registry.run("capture_lead", args, context)
        assert lead_of(world, shop)["name"] == "Mark Jones"
    else:
        with pytest.raises(NotALead):
            registry.run("capture_lead", args, context)
        assert world.stored(shop, "leads") == []
    assert registry.run("capture_lead", args, ToolContext(shop, world.app.calendar, world.app.crm,
                                                          clock=world.app.clock, caller_said=said))["lead"]
