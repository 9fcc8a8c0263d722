"""Calls over Twilio ConversationRelay, answered by the offline engine: the stack's voice_webhook
answers <Connect><ConversationRelay>, and a stand-in of Twilio (shared/local/relay_client.py)
talks to voice_relay through a real WebSocket on 127.0.0.1 with a signed handshake."""

import io
import json
import time

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from shared.local import callscript
from shared.local.phone import SimulatedCall
from shared.local.relay_client import RelayCall
from tests.e2e.conftest import register
from tests.e2e.test_calls_offline import appointments, doc, local_day
from tests.factories import ROOT, every_day

CALLER = "+12125550161"
SCRIPTS = ROOT / "infra" / "demo" / "calls"


@pytest.fixture
def shop(stack):
    business, _ = register(hours=every_day("00:00", "24:00"), transfer_number="+12125550199",
                           voice_transport="relay")
    return business


def ring(stack, business, caller=CALLER) -> RelayCall:
    base = f"http://127.0.0.1:{stack.functions_port}"
    return RelayCall(SimulatedCall(base, LOCAL_TWILIO_AUTH_TOKEN, business.phone_numbers[0], caller))


def seed_for(script: str, business) -> tuple[str, dict]:
    """The caller of one demo script and the days it names; the booking it changes, made first."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from shared.app import get_app
    from shared.domain.appointments import Caller
    from shared.local.demo import day_name

    day, day2 = local_day(business, 2), local_day(business, 3)
    caller = f"+121255501{70 + int(script[0])}"
    booked = {"2": ("Haircut", "10:00", "Jane Doe"), "3": ("Beard Trim", "15:00", "Bob Smith")}.get(script[0])
    if booked:
        start = dt.datetime.combine(day, dt.time.fromisoformat(booked[1]), tzinfo=ZoneInfo(business.timezone))
        get_app().calendar.book(business, booked[0], start, Caller(phone=caller, name=booked[2]))
    return caller, {"day": day_name(day), "day2": day_name(day2)}


EXPECTED = {"1": "book_appointment", "2": "reschedule_appointment", "3": "cancel_appointment",
            "4": "capture_lead", "5": "capture_lead"}


def call_doc(firestore_client, business, call, turns: int = 0, until=lambda record: True):
    """The call as stored, once it holds `turns` turn records and `until` holds: Roxy's words go
    out before the turn's write (the caller should not wait on Firestore)."""
    ref = doc(firestore_client, business, "calls", call.call_sid)
    deadline = time.monotonic() + 10
    while True:
        record = {**ref.get().to_dict(),
                  "turns": [d.to_dict() for d in ref.collection("turns").order_by("n").stream()]}
        if (len(record["turns"]) >= turns and until(record)) or time.monotonic() > deadline:
            return record
        time.sleep(0.05)


def test_greeting_connects_the_relay_with_the_business_voice_language_and_hints(stack, shop):
    call = ring(stack, shop)
    greeting = call.start()
    assert "<Connect" in greeting.twiml and "<ConversationRelay" in greeting.twiml
    assert 'dtmfDetection="true"' in greeting.twiml and 'language="en-US"' in greeting.twiml
    assert "Haircut" in greeting.twiml  # hints
    assert "event=relay" in greeting.twiml  # the <Connect> action
    assert "Bella Hair Studio" in greeting.text
    call.hangup()


def test_a_gather_business_still_answers_with_gather(stack, firestore_client):
    business, _ = register(hours=every_day("00:00", "24:00"))
    call = ring(stack, business)
    assert call.start().kind == "gather" and call.session is None
    call.hangup()


def test_new_booking_over_the_relay(stack, shop, firestore_client):
    call = ring(stack, shop)
    call.start()
    answer = call.say("Hi, I'd like to book a haircut tomorrow at 10 am")
    assert "name" in answer.text.lower() and "10 AM" in answer.text
    assert call.say("Jane Doe").text.startswith("Just to confirm: a Haircut tomorrow at 10 AM for Jane Doe")
    assert "all booked" in call.say("yes please").text
    goodbye = call.say("no, that's all, thanks")
    assert goodbye.kind == "hangup" and goodbye.text  # the goodbye is said by the <Connect> action
    assert call.hangup() == 200
    [stored] = appointments(firestore_client, shop)
    assert stored["caller"]["name"] == "Jane Doe" and stored["source"] == f"call:{call.call_sid}"
    record = call_doc(firestore_client, shop, call, 4, lambda r: r["post_call_done"])
    assert [t["n"] for t in record["turns"]] == [0, 1, 2, 3]
    assert record["turns"][0]["caller"].startswith("Hi, I'd like")
    assert record["post_call_done"]  # the same post-call via voice_status


@pytest.mark.parametrize("script", sorted(p.name for p in SCRIPTS.glob("*.txt")))
def test_the_five_seed_workflows_run_over_the_relay(stack, shop, firestore_client, script):
    """The demo's five calls (infra/demo/calls/), each after the booking it changes."""
    caller, fill = seed_for(script, shop)
    call = ring(stack, shop, caller)
    lines = (SCRIPTS / script).read_text().format(**fill).splitlines()
    out = io.StringIO()
    callscript.run(call, lines, out)
    assert EXPECTED[script[0]] in call_doc(firestore_client, shop, call)["outcomes"], out.getvalue()
    assert call.last.kind == "hangup", out.getvalue()


def test_interrupt_mid_sentence_keeps_what_the_caller_heard(stack, shop, firestore_client):
    call = ring(stack, shop)
    call.start()
    heard = call.say("what are your opening hours and what services do you have and how much is a haircut",
                     interrupt_after=2)
    assert heard.text.strip()
    answer = call.say("sorry, just the price of a haircut")
    assert "$" in answer.text or "haircut" in answer.text.lower()
    record = call_doc(firestore_client, shop, call, 2, lambda r: r["turns"][0].get("interrupted"))
    cut = [t for t in record["transcript"] if t["role"] == "roxy" and t["text"].endswith("—")]
    assert cut and cut[0]["text"] == f"{heard.text.strip()} —"
    assert record["turns"][0]["interrupted"] and record["turns"][0]["roxy"] == f"{heard.text.strip()} —"
    assert not record["turns"][1]["interrupted"]
    call.hangup()


def test_keypad_over_the_relay(stack, shop):
    call = ring(stack, shop)
    call.start()
    answer = call.press("3")  # keypad 3: leave a message
    assert answer.kind == "record", answer.text
    assert call.leave_message().kind == "hangup"
    call.hangup()


def test_silence_is_asked_about(stack, shop, firestore_client):
    call = ring(stack, shop)
    call.start()
    call.reply_timeout = 30
    answer = call.silence()
    assert answer.text.strip()
    record = call_doc(firestore_client, shop, call, 1)
    assert record["turns"][0]["caller"] == "" and record["turns"][0]["roxy"]
    call.hangup()


def test_transfer_ends_the_session_with_a_handoff_and_dials_the_team(stack, shop, firestore_client):
    call = ring(stack, shop)
    call.start()
    answer = call.say("Can I speak to a real person please?")
    assert answer.kind == "dial" and answer.number == "+12125550199"
    whisper, after = call.staff(answered=True)
    assert "transferred by Roxy" in whisper and "real person" in whisper
    assert after.kind == "hangup"
    assert "transfer" in call_doc(firestore_client, shop, call)["outcomes"]
    call.hangup()


def test_a_dropped_socket_reconnects_and_the_call_goes_on(stack, shop, firestore_client):
    call = ring(stack, shop)
    call.start()
    assert "name" in call.say("I'd like to book a haircut tomorrow at 10 am").text.lower()
    again = call.drop()
    assert again.kind == "gather" and call.session is not None
    assert "lost you" in again.text
    assert call.say("Jane Doe").text.startswith("Just to confirm: a Haircut tomorrow at 10 AM for Jane Doe")
    assert "all booked" in call.say("yes").text
    assert call_doc(firestore_client, shop, call)["relay_drops"] == 1
    call.hangup()
    assert appointments(firestore_client, shop)[0]["caller"]["name"] == "Jane Doe"


def test_repeated_and_out_of_order_messages_change_nothing(stack, shop, firestore_client):
    call = ring(stack, shop)
    call.start()
    call.send({"type": "setup", "callSid": call.call_sid, "from": CALLER, "to": shop.phone_numbers[0]})  # repeat
    call.send({"type": "nonsense"})
    call.socket.send("not json")
    call.send({"type": "dtmf", "digit": "x"})
    call.send({"type": "interrupt", "utteranceUntilInterrupt": "Thanks for calling", "durationUntilInterruptMs": "700"})
    answer = call.say("I'd like to book a haircut", pieces=3, pause=0.05)  # partial prompts make one turn
    assert answer.text == "What day would suit you?"
    record = call_doc(firestore_client, shop, call, 1)
    assert [t["caller"] for t in record["turns"]] == ["I'd like to book a haircut"]
    assert record["transcript"][0]["text"] == "Thanks for calling —"  # the greeting, as heard
    call.hangup()


def test_a_forged_handshake_is_refused(stack, shop):
    call = ring(stack, shop)
    call.start()
    url = call.session.url
    for headers in ({}, {"X-Twilio-Signature": "forged"},
                    RelayCall(SimulatedCall("", "another-token", "", "")).signed_headers(url)):
        with pytest.raises(InvalidStatus) as refused:
            connect(url, additional_headers=headers, open_timeout=5, proxy=None)
        assert refused.value.response.status_code == 403
    call.hangup()


def test_a_prompt_for_another_number_ends_politely(stack, shop):
    call = ring(stack, shop)
    call.start()
    call.hangup()
    other = RelayCall(SimulatedCall(f"http://127.0.0.1:{stack.functions_port}", LOCAL_TWILIO_AUTH_TOKEN,
                                    "+15550000000", CALLER))
    other.session = call.session
    other._connect()
    message = json.loads(other.socket.recv(timeout=10))
    assert message["type"] == "end" and json.loads(message["handoffData"])["action"] == "hangup"
    other.socket.close()



def test_cli_call_through_the_relay(stack, tmp_path, capsys, firestore_client):
    """`python -m shared.cli call --relay`: the same call through voice_relay, even for a business
    that answers on <Gather>."""
    from shared.cli import main

    business, _ = register(hours=every_day("00:00", "24:00"))
    script = tmp_path / "call.txt"
    script.write_text("I'd like to book a haircut tomorrow at 10 am\nJane Doe\n")
    assert main(["call", "--relay", "--script", str(script), "--base", f"http://127.0.0.1:{stack.functions_port}",
                 "--token", LOCAL_TWILIO_AUTH_TOKEN, "--to", business.phone_numbers[0], "--caller", CALLER,
                 "--relay-url", stack.relay_env()["VOICE_RELAY_URL"]]) == 0
    out = capsys.readouterr().out
    assert "Just to confirm: a Haircut tomorrow at 10 AM for Jane Doe" in out
