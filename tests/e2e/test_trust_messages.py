"""What is stored and sent must be what the caller confirmed and what happened (issue 22, items
5 to 8): details read back before they are kept, true follow-ups, emergencies that reach the
team, callbacks without a name, a number said with an extension."""

import time

import pytest

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from shared.local.phone import SimulatedCall
from tests.e2e.conftest import register
from tests.e2e.test_notifications import sink, wait_for
from tests.factories import every_day

STAFF = "+12125550199"
PLUMBING = [{"name": "Emergency Callout", "duration_minutes": 60, "price": 150},
            {"name": "Drain Cleaning", "duration_minutes": 60, "price": 180}]


@pytest.fixture
def salon(stack):
    sink(stack, "DELETE")
    business, _ = register(hours=every_day("00:00", "24:00"), transfer_number=STAFF,
                           notify_email="owner@salon.example")
    return business


@pytest.fixture
def plumber(stack):
    sink(stack, "DELETE")
    business, _ = register(name="Acme Plumbing", services=PLUMBING, faq=[], visits_callers=True,
                           address="1 Shop Street, Evanston", hours=every_day("00:00", "24:00"),
                           transfer_number=STAFF, min_notice_minutes=600)
    return business


def converse(stack, business, lines, caller):
    call = SimulatedCall(f"http://127.0.0.1:{stack.functions_port}", LOCAL_TWILIO_AUTH_TOKEN,
                         business.phone_numbers[0], caller)
    said = [call.start().text]
    for line in lines:
        if call.last.kind != "gather":
            break
        said.append(call.say(line).text)
    return call, said


def finish(call, firestore_client, business):
    assert call.hangup() == 200
    ref = firestore_client.collection("businesses").document(business.id).collection("calls").document(call.call_sid)
    wait_for(lambda: (ref.get().to_dict() or {}).get("post_call_done"))
    time.sleep(0.8)  # the follow-ups' tasks run


def stored(firestore_client, business, collection):
    ref = firestore_client.collection("businesses").document(business.id).collection(collection)
    return [d.to_dict() for d in ref.stream()]


def texts(stack, to):
    return [m["body"] for m in sink(stack)["sms"] if m["to"] == to]


# --- 5. details nobody confirmed are not used --------------------------------------------------

def test_a_sentence_is_not_an_email_and_a_said_email_is_spelled_back_before_it_is_kept(
        stack, plumber, firestore_client):
    caller = "+12125550501"
    sentence = "the drain's blocked and the water's not going down at all. Can someone come in 3 days at 9?"
    call, said = converse(stack, plumber, [sentence, "Dan Cole", "Flat 2, 14 Rose Court, Evanston"], caller)
    assert "@" not in said[-1] and "dot can" not in said[-1], said
    reply = call.say("and my email is dan dot cole at example dot com").text
    assert "d a n, dot, c o l e, at example dot com" in reply
    assert stored(firestore_client, plumber, "appointments") == []  # nothing kept before the yes
    call.say("yes")
    [booked] = stored(firestore_client, plumber, "appointments")
    assert booked["caller"]["email"] == "dan.cole@example.com"


def test_fillers_and_a_name_said_twice_make_no_name(stack, salon, firestore_client):
    caller = "+12125550502"
    call, said = converse(stack, salon, ["a haircut in 3 days at 10", "It's Jess, Jess Morales"], caller)
    assert said[-1].endswith("for Jess Morales. Shall I book that?"), said
    call.say("Mm-hmm, yes")
    finish(call, firestore_client, salon)
    [booked] = stored(firestore_client, salon, "appointments")
    assert booked["caller"]["name"] == "Jess Morales"
    assert [lead["name"] for lead in stored(firestore_client, salon, "leads")] == ["Jess Morales"]


def test_a_withheld_callers_name_and_number_are_kept_only_on_their_yes(stack, salon, firestore_client):
    call, said = converse(stack, salon, ["can someone call me back please", "Sam Hill", "617 555 0191"],
                          "Anonymous")
    assert said[-1] == "So that's Sam Hill, on 6 1 7, 5 5 5, 0 1 9 1. Is that right?", said
    assert stored(firestore_client, salon, "leads") == []  # nothing kept before the yes
    assert "number" in call.say("no, that's wrong").text
    assert call.say("617 555 0192").text == "So that's Sam Hill, on 6 1 7, 5 5 5, 0 1 9 2. Is that right?"
    call.say("yes")
    [lead] = stored(firestore_client, salon, "leads")
    assert lead["phone"] == "+16175550192" and lead["name"] == "Sam Hill"


# --- 6. what is sent says what happened --------------------------------------------------------

def test_a_caller_who_says_goodbye_at_the_read_back_is_not_told_we_got_cut_off(stack, salon, firestore_client):
    caller = "+12125550503"
    call, said = converse(stack, salon, ["a haircut in 3 days at 11", "Ann Lee", "hmm", "no thanks, goodbye",
                                        "goodbye"],
                          caller)
    assert call.last.kind == "hangup", said
    finish(call, firestore_client, salon)
    sent = wait_for(lambda: texts(stack, caller))
    assert not any("cut off" in body for body in sent), sent


def test_a_question_the_faq_answered_brings_no_callback(stack, salon, firestore_client):
    caller = "+12125550509"
    call, said = converse(stack, salon, ["a haircut in 3 days at 10", "Ann Lee",
                                         "do you take Apple Pay and is there parking"], caller)
    assert "Apple Pay" in said[-1] and "parking" in said[-1] and "noted it for the team" not in said[-1], said
    call.say("yes")
    finish(call, firestore_client, salon)
    assert not any("Callback needed" in a for a in texts(stack, STAFF))
    assert not any("your question" in t for t in texts(stack, caller))


def test_a_not_ready_follow_up_says_whenever_youre_ready_once(stack, salon, firestore_client):
    caller = "+12125550504"
    call, _ = converse(stack, salon, ["how much is a haircut", "that's too expensive for me", "Ann Lee"], caller)
    finish(call, firestore_client, salon)
    [body] = wait_for(lambda: texts(stack, caller))
    assert body.count("whenever you're ready") == 1, body


def test_a_message_the_caller_chose_to_leave_is_not_nobody_could_answer(stack, salon, firestore_client):
    caller = "+12125550505"
    call, _ = converse(stack, salon, ["I'd like to leave a message please"], caller)
    assert call.last.kind == "record"
    call.leave_message()
    finish(call, firestore_client, salon)
    alerts = wait_for(lambda: texts(stack, STAFF))
    # the caller chose the message: nobody was rung, and the alert says so
    assert any("left a voicemail for the team" in a and "Nobody was rung" in a for a in alerts)
    assert not any("nobody could answer" in a or "nobody picked up" in a for a in alerts)


def test_a_visits_confirmation_gives_the_visits_address(stack, plumber, firestore_client):
    caller = "+12125550506"
    call, said = converse(stack, plumber, ["my drain is blocked, can someone come in 3 days at 9?", "Dan Cole",
                                           "Flat 2, 14 Rose Court, Evanston", "my email is dan at example dot com",
                                           "yes"], caller)
    assert "booked" in said[-1], said
    emails = wait_for(lambda: [m for m in sink(stack)["email"] if "dan@example.com" in str(m)])
    body = str(emails[0])
    assert "Flat 2 14 Rose Court" in body and "1 Shop Street" not in body


# --- 7. an emergency that cannot be served soon reaches the team -------------------------------

def test_an_emergency_booked_far_off_alerts_the_team_whatever_the_words(stack, plumber, firestore_client):
    caller = "+12125550507"
    call, said = converse(stack, plumber, ["my water heater burst, can someone come?",
                                           "yes please, as soon as possible", "Dan Cole", "14 Rose Court, Evanston",
                                           "yes"], caller)
    assert any("booked" in s for s in said), said
    finish(call, firestore_client, plumber)
    alerts = wait_for(lambda: [a for a in texts(stack, STAFF) if "URGENT" in a])
    assert "emergency" in alerts[0] and "Please call them" in alerts[0]


# --- 8. callbacks -----------------------------------------------------------------------------

def test_a_callback_request_without_a_name_still_alerts_the_team(stack, salon, firestore_client):
    caller = "+12125550508"
    call, said = converse(stack, salon, ["can someone call me back please"], caller)
    assert "name" in said[-1]
    finish(call, firestore_client, salon)
    alerts = wait_for(lambda: texts(stack, STAFF))
    assert any("Callback" in a for a in alerts), alerts


def test_a_callback_number_said_with_an_extension_is_taken(stack, salon, firestore_client):
    call, said = converse(stack, salon, ["can someone call me back please", "Sam Hill",
                                         "617 555 0190, extension 4"], "Anonymous")
    assert said[-1] == "So that's Sam Hill, on 6 1 7, 5 5 5, 0 1 9 0. Is that right?", said
    assert call.say("yes").text.startswith("Thanks, Sam Hill. Someone from ")
    finish(call, firestore_client, salon)
    [lead] = stored(firestore_client, salon, "leads")
    assert lead["phone"] == "+16175550190" and "extension: 4" in lead["notes"]
