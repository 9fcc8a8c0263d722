"""The wiring of a phone call, end to end through HTTP with Twilio-signed requests, answered by the
offline dialogue engine (no OpenAI key on the stack's functions server): signatures, <Gather>,
<Dial> and <Record>, the status callback, the post-call task through the Cloud Tasks emulator, the
sinks. The conversations themselves run in-process: tests/unit/conversations."""

import datetime as dt
import time
import urllib.parse
from zoneinfo import ZoneInfo

import pytest

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from shared.local.phone import SimulatedCall
from tests import clock
from tests.e2e.conftest import register
from tests.factories import every_day

CALLER = "+12125550111"


@pytest.fixture
def shop(stack):
    # open around the clock so that transfers and bookings do not depend on when the suite runs
    business, key = register(hours=every_day("00:00", "24:00"), min_notice_minutes=60,
                             transfer_number="+12125550199")
    return business


def ring(stack, business, caller=CALLER):
    base = f"http://127.0.0.1:{stack.functions_port}"
    return SimulatedCall(base, LOCAL_TWILIO_AUTH_TOKEN, business.phone_numbers[0], caller)


def doc(firestore_client, business, *path):
    ref = firestore_client.collection("businesses").document(business.id)
    for i, part in enumerate(path):
        ref = ref.collection(part) if i % 2 == 0 else ref.document(part)
    return ref


def appointments(firestore_client, business):
    return [d.to_dict() for d in doc(firestore_client, business, "appointments").stream()]


def local_day(business, days):
    return (clock.local_now(business.timezone) + dt.timedelta(days=days)).date()


def test_new_booking(stack, shop, firestore_client):
    call = ring(stack, shop)
    greeting = call.start()
    assert greeting.kind == "gather" and "Bella Hair Studio" in greeting.text
    answer = call.say("Hi, I'd like to book a haircut tomorrow at 10 am")
    assert "name" in answer.text.lower() and "10 AM" in answer.text
    answer = call.say("Jane Doe")
    assert answer.text.startswith("Just to confirm: a Haircut tomorrow at 10 AM for Jane Doe")
    answer = call.say("yes please")
    assert "all booked" in answer.text
    assert call.say("no, that's all, thanks").kind == "hangup"
    assert call.hangup() == 200

    [stored] = appointments(firestore_client, shop)
    start = stored["start"].astimezone(ZoneInfo(shop.timezone))
    assert (start.date(), start.hour, start.minute) == (local_day(shop, 1), 10, 0)
    assert stored["caller_phone"] == CALLER and stored["caller"]["name"] == "Jane Doe"
    assert stored["source"] == f"call:{call.call_sid}"
    record = doc(firestore_client, shop, "calls", call.call_sid).get().to_dict()
    assert "book_appointment" in record["outcomes"] and record["status"] == "completed"
    turns = [d.to_dict() for d in doc(firestore_client, shop, "calls", call.call_sid, "turns").stream()]
    assert [t["n"] for t in turns] == [0, 1, 2, 3] and all(t["engine"] == "offline" for t in turns)
    assert "check_availability" in turns[0]["tools"] and turns[2]["tools"] == ["book_appointment"]
    leads = [d.to_dict() for d in doc(firestore_client, shop, "leads").stream()]
    assert leads[0]["stage"] == "booked" and leads[0]["name"] == "Jane Doe"
    _wait_for(lambda: doc(firestore_client, shop, "calls", call.call_sid).get().get("post_call_done"))


def _wait_for(check, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def book_directly(stack, shop, days=2, hhmm="11:00", name="Jane Doe"):
    from tests.e2e.conftest import Api

    business, key = shop, None
    start = dt.datetime.combine(local_day(shop, days), dt.time.fromisoformat(hhmm),
                                tzinfo=ZoneInfo(shop.timezone))
    from shared.app import get_app
    calendar = get_app().calendar
    crm = get_app().crm
    from shared.domain.appointments import Caller

    appointment, _ = calendar.book(business, "Haircut", start, Caller(phone=CALLER, name=name))
    crm.record(business, CALLER, "booking", f"booking-{appointment.id}", stage="booked", name=name)
    del Api, key
    return appointment


def test_reschedule(stack, shop, firestore_client):
    existing = book_directly(stack, shop)
    call = ring(stack, shop)
    greeting = call.start()
    assert "welcome back" in greeting.text.lower() and "Jane" in greeting.text and "Haircut" in greeting.text
    answer = call.say("Could I move my appointment to 3 days from now? In 3 days at 2 pm")
    assert "moving your Haircut" in answer.text and "2 PM" in answer.text
    answer = call.say("yes")
    assert answer.text.startswith("Done. Your Haircut is now")
    call.say("that's all, bye")
    call.hangup()
    [stored] = appointments(firestore_client, shop)
    assert stored["id"] == existing.id and stored["status"] == "rescheduled"
    start = stored["start"].astimezone(ZoneInfo(shop.timezone))
    assert (start.date(), start.hour) == (local_day(shop, 3), 14)


def test_cancel(stack, shop, firestore_client):
    book_directly(stack, shop)
    call = ring(stack, shop)
    call.start()
    answer = call.say("I need to cancel my appointment")
    assert answer.text.startswith("Do you want me to cancel your Haircut")
    answer = call.say("yes, cancel it")
    assert "is cancelled" in answer.text
    [stored] = appointments(firestore_client, shop)
    assert stored["status"] == "cancelled" and stored["cells"] == []


def test_repeated_turn_does_not_repeat_the_booking(stack, shop, firestore_client):
    call = ring(stack, shop)
    call.start()
    call.say("book a beard trim tomorrow at 3 pm, my name is Al")
    confirm_text = "yes"
    first = call.say(confirm_text)
    again = call.repeat_last_turn(confirm_text)
    assert first.twiml == again.twiml
    assert len(appointments(firestore_client, shop)) == 1


def test_forged_signature_is_refused_without_side_effects(stack, shop, firestore_client):
    call = ring(stack, shop)
    status, body = call.post(f"{call.base_url}/voice_webhook", call._params(), sign=False)
    assert status == 403 and "signature" in body.lower()
    forged = SimulatedCall(call.base_url, "wrong-token", shop.phone_numbers[0], CALLER)
    assert forged.start().status == 403
    assert list(doc(firestore_client, shop, "calls").stream()) == []


def test_silence_reprompts_then_keypad_then_goodbye(stack, shop):
    call = ring(stack, shop)
    call.start()
    assert "didn't catch" in call.silence().text
    assert "didn't catch" in call.silence().text
    assert "keypad" in call.silence().text
    answer = call.press("1")
    assert "service" in answer.text.lower()
    assert "Which service" in call.silence().text  # the question is repeated
    assert "didn't catch" in call.silence().text
    assert "keypad" in call.silence().text
    goodbye = call.silence()
    assert goodbye.kind == "hangup" and "send you a text" in goodbye.text


def test_transfer_whispers_and_takes_a_message_when_unanswered(stack, shop, firestore_client):
    call = ring(stack, shop)
    call.start()
    call.say("I'd like to move my appointment")
    answer = call.say("Can I talk to a real person please?")
    assert answer.kind == "dial" and answer.number == "+12125550199"
    whisper, outcome = call.staff(answered=False)
    assert whisper == ""  # Twilio fetches the whisper only for a staff member who answers
    assert outcome.kind == "record"
    done = call.leave_message()
    assert done.kind == "hangup"
    [lead] = [d.to_dict() for d in doc(firestore_client, shop, "leads").stream()]
    assert "Voicemail" in lead["notes"]


def test_unknown_number_gets_a_polite_message(stack, shop):
    call = SimulatedCall(f"http://127.0.0.1:{stack.functions_port}", LOCAL_TWILIO_AUTH_TOKEN, "+19995550000",
                         CALLER)
    answer = call.start()
    assert answer.status == 200 and answer.kind == "hangup" and "not set up" in answer.text


def test_hanging_up_before_the_yes_writes_no_booking(stack, shop, firestore_client):
    call = ring(stack, shop, caller="+12125550155")
    call.start()
    call.say("book a blow dry tomorrow at 11 am, my name is Kim")
    assert "Shall I book that?" in call.last.text
    assert call.hangup() == 200
    _wait_for(lambda: doc(firestore_client, shop, "calls", call.call_sid).get().get("post_call_done"))
    assert appointments(firestore_client, shop) == []
    [lead] = [d.to_dict() for d in doc(firestore_client, shop, "leads").stream()]
    assert any("blow dry" in i["detail"] for i in lead["recent_interactions"])
    # They had chosen a time and given a name: the lead says what was left unconfirmed, and one text asks
    # them back (a repeated post-call sends nothing twice)
    assert "Call ended before confirming a Blow Dry on " in lead["notes"] and "nothing was booked" in lead["notes"]
    texts = _wait_for(lambda: [d.to_dict() for d in doc(firestore_client, shop, "notifications").stream()
                               if d.to_dict()["kind"] == "lead_followup"])
    assert len(texts) == 1 and texts[0]["to"] == "+12125550155"
    assert "We got cut off before I could book a Blow Dry on " in texts[0]["body"]


def test_status_and_post_call_refuse_bad_requests_and_run_once(stack, shop, firestore_client):
    import json
    import urllib.request

    call = ring(stack, shop, caller="+12125550156")
    call.start()
    status, _ = call.post(f"{call.base_url}/voice_status", call._params(CallStatus="completed"), sign=False)
    assert status == 403
    status, body = call.post(f"{call.base_url}/voice_status", call._params(CallSid="x"))
    assert status == 422 and "CallSid" in body
    assert call.hangup() == 200
    _wait_for(lambda: doc(firestore_client, shop, "calls", call.call_sid).get().get("post_call_done"))
    url = f"{call.base_url}/post_call"

    def post(body: bytes):
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    status, again = post(json.dumps({"business_id": shop.id, "call_sid": call.call_sid}).encode())
    assert status == 200 and again["repeat"] is True
    assert post(b"{oops")[0] == 400
    status, body = post(json.dumps({"business_id": shop.id}).encode())
    assert status == 422 and "call_sid" in body["error"]["fields"]
    lead = [d.to_dict() for d in doc(firestore_client, shop, "leads").stream()][0]
    assert lead["interaction_count"] == 1  # the call counted once


@pytest.mark.parametrize("withheld", ["+266696687", "anonymous", ""])
def test_a_caller_with_a_withheld_number_books_on_the_number_they_give(stack, shop, firestore_client, withheld):
    # Twilio sends +266696687 for an anonymous caller, a word or nothing from some SIP trunks.
    call = ring(stack, shop, caller=withheld)
    greeting = call.start()
    assert greeting.kind == "gather" and "Bella Hair Studio" in greeting.text
    call.say("Hi, I'd like to book a haircut tomorrow at 10 am")
    answer = call.say("Jane Doe")
    assert "number didn't come through" in answer.text and answer.kind == "gather"
    answer = call.say("sure, it's two one two, five five five, oh one nine nine")
    assert answer.text.startswith("Just to confirm: a Haircut tomorrow at 10 AM for Jane Doe, "
                                  "on 2 1 2, 5 5 5, 0 1 9 9")
    assert "all booked" in call.say("yes").text
    call.hangup()

    [stored] = appointments(firestore_client, shop)
    assert stored["caller_phone"] == "+12125550199" and stored["caller"]["name"] == "Jane Doe"
    record = doc(firestore_client, shop, "calls", call.call_sid).get().to_dict()
    assert record["caller_phone"] == "withheld" and record["state"]["caller"]["callback_phone"] == "+12125550199"
    [lead] = [d.to_dict() for d in doc(firestore_client, shop, "leads").stream()]
    assert lead["phone"] == "+12125550199" and lead["stage"] == "booked"
    _wait_for(lambda: doc(firestore_client, shop, "calls", call.call_sid).get().to_dict()["post_call_done"])
    # No memories or call history are filed under a number the caller only said.
    assert not list(doc(firestore_client, shop, "memories").stream())


def test_the_call_simulator_runs_a_script_and_explains_a_script_that_does_not_fit(stack, shop, tmp_path):
    import subprocess
    import sys

    from tests.factories import ROOT

    def simulate(*lines):
        script = tmp_path / "call.txt"
        script.write_text("\n".join(lines) + "\n")
        return subprocess.run(
            [sys.executable, "-m", "shared.cli", "call", "--script", str(script), "--caller", "+12125550190",
             "--base", f"http://127.0.0.1:{stack.functions_port}", "--token", LOCAL_TWILIO_AUTH_TOKEN,
             "--to", shop.phone_numbers[0]],
            cwd=ROOT, capture_output=True, text=True, timeout=60)

    done = simulate("# a comment", "What are your hours?", "[press 1]", "a haircut tomorrow at 10 am", "Zoe",
                    "yes", "bye")
    assert done.returncode == 0, done.stderr
    assert "caller: What are your hours?" in done.stdout and "roxy: Our hours are" in done.stdout
    assert "caller: [press 1]" in done.stdout and "all booked" in done.stdout and "(call ended)" in done.stdout
    wrong = simulate("hello", "[staff answers]")
    assert wrong.returncode == 2
    assert "error: [staff answers] needs Roxy to be putting the call through" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_the_whisper_reaches_staff_on_their_own_leg_and_its_url_cannot_name_another_call(stack, shop):
    other = ring(stack, shop, caller="+12125550331")
    other.start()
    other.say("I'd like to book a perm and my allergy is to latex")
    call = ring(stack, shop, caller="+12125550330")
    call.start()
    call.say("I'd like to move my appointment")
    answer = call.say("Can I talk to a real person please?")
    assert answer.kind == "dial" and answer.caller_id == shop.phone_numbers[0]
    # Twilio's request for the whisper comes from the staff leg: its own CallSid, To = the staff number
    whisper, outcome = call.staff(answered=True)
    assert whisper.startswith("Call from a new caller, transferred by Roxy.") and "move my appointment" in whisper
    assert outcome.kind == "hangup"
    # the URL is signed: naming the other caller's call (or dropping the signature) reveals nothing
    url = urllib.parse.urlsplit(answer.whisper_url)
    query = dict(urllib.parse.parse_qsl(url.query))
    leg = {"CallSid": "CA" + "7" * 32, "From": shop.phone_numbers[0], "To": "+12125550199",
           "AccountSid": "AC" + "0" * 32, "Direction": "outbound-dial", "CallStatus": "in-progress"}
    for forged in ({**query, "call": other.call_sid}, {k: v for k, v in query.items() if k != "sig"}):
        forged_url = f"{url.scheme}://{url.netloc}{url.path}?{urllib.parse.urlencode(forged)}"
        status, body = call.post(forged_url, leg)  # signed as Twilio signs: only the ids are forged
        assert status == 200 and "latex" not in body and "perm" not in body and "Incoming call from Roxy" in body
