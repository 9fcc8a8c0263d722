"""Who Roxy acts for and texts: a caller ID that is not a strict E.164 number is withheld, and a
number a withheld caller says is texted only within the business's countries and allowances,
with no words the caller chose; a booking for it is held for the team (issue 22, items 1 and 3)."""

import datetime as dt
import time

import pytest

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from shared.local.phone import SimulatedCall
from tests import clock
from tests.e2e.conftest import Api, register
from tests.e2e.test_notifications import sink, wait_for
from tests.factories import every_day

OWNER = "+12125550123"


@pytest.fixture
def shop(stack):
    sink(stack, "DELETE")
    business, key = register(hours=every_day("00:00", "24:00"), transfer_number="+12125550199")
    return business, key


def ring(stack, business, caller, **extra):
    call = SimulatedCall(f"http://127.0.0.1:{stack.functions_port}", LOCAL_TWILIO_AUTH_TOKEN,
                         business.phone_numbers[0], caller)
    if extra:
        original = call._params
        call._params = lambda **more: {**original(**more), **extra}
    return call


def notifications(firestore_client, business):
    ref = firestore_client.collection("businesses").document(business.id).collection("notifications")
    return [d.to_dict() for d in ref.stream()]


def appointments(firestore_client, business):
    ref = firestore_client.collection("businesses").document(business.id).collection("appointments")
    return [d.to_dict() for d in ref.stream()]


def post_call_done(firestore_client, business, call):
    ref = firestore_client.collection("businesses").document(business.id).collection("calls").document(call.call_sid)
    return wait_for(lambda: (ref.get().to_dict() or {}).get("post_call_done"))


def book_as_withheld(stack, business, number_said: str, name: str, answer_read_back: str | None,
                     when: str = "tomorrow at 4pm"):
    """A withheld caller books a haircut `when` giving `number_said` and `name`; at the
    read-back they say `answer_read_back`, or hang up (None)."""
    call = ring(stack, business, "Anonymous")
    call.start()
    answer = call.say(f"I'd like a haircut {when}")
    for _ in range(6):
        asked = answer.text.lower()
        if "shall i" in asked or "just to confirm" in asked:
            break
        answer = call.say(number_said if "number" in asked else name)
    else:
        raise AssertionError(f"never read back: {call.transcript}")
    if answer_read_back is not None:
        call.say(answer_read_back)
        call.say("no, that's all, thanks")
    assert call.hangup() == 200
    return call


def test_a_withheld_caller_cannot_make_roxy_text_abroad_or_with_their_words(stack, shop, firestore_client):
    business, _ = shop
    call = book_as_withheld(stack, business, "my number is plus 4 4 7 9 1 1 1 2 3 4 5 6", "Win Free Prizes", None)
    post_call_done(firestore_client, business, call)
    time.sleep(1.0)  # any text would have been dispatched by now
    to_uk = [n for n in notifications(firestore_client, business) if n["to"] == "+447911123456"]
    assert all(n["status"] == "skipped" and "only to US" in n["error"] for n in to_uk), to_uk
    assert not [m for m in sink(stack)["sms"] if m["to"] == "+447911123456"]
    assert not any("Win" in m["body"] for m in sink(stack)["sms"])


def test_a_withheld_callers_booking_is_held_for_the_team_and_their_texts_are_capped(stack, firestore_client):
    sink(stack, "DELETE")
    business, key = register(hours=every_day("00:00", "24:00"), transfer_number="+12125550199",
                             unverified_texts_per_number=1)
    said = "two one two five five five oh one four four"
    first = book_as_withheld(stack, business, said, "Win Free Prizes", "yes please")
    [held] = appointments(firestore_client, business)
    assert held["status"] == "held" and held["caller"]["verified"] is False and held["reminder_plan"] == []
    texts = wait_for(lambda: [m for m in sink(stack)["sms"] if m["to"] == "+12125550144"])
    assert "request" in texts[0]["body"] and "Win" not in texts[0]["body"]
    post_call_done(firestore_client, business, first)

    # A second call for the same number: booked (held), but its text is over the number's allowance
    second = book_as_withheld(stack, business, said, "Win Free Prizes", "yes", when="tomorrow at 6pm")
    post_call_done(firestore_client, business, second)
    time.sleep(1.0)
    assert len([m for m in sink(stack)["sms"] if m["to"] == "+12125550144"]) == 1
    skipped = [n for n in notifications(firestore_client, business)
               if n["to"] == "+12125550144" and n["status"] == "skipped"]
    assert skipped and all("allowance" in n["error"] for n in skipped)

    # The team confirms a held booking through the tools API: booked, reminders planned
    api = Api(f"http://127.0.0.1:{stack.functions_port}", key, business)
    response = api.call("approve_booking", {"appointment_id": held["id"]})
    assert response.status_code == 200, response.text
    assert response.json()["appointment"]["status"] == "booked"
    [approved] = [a for a in appointments(firestore_client, business) if a["id"] == held["id"]]
    assert approved["status"] == "booked" and approved["reminder_plan"]


@pytest.mark.parametrize("caller_id, extra", [
    ("client:+12125550123", {}), ("tel:+12125550123", {}), ("2125550123", {}), ("+12125550123;ext=1", {}),
    ("\u202e+12125550123", {}), ("+１２１２５５５０１２３", {}), ("+12125550123", {"Caller": "client:alice"}),
])
def test_a_caller_id_that_is_not_a_strict_number_is_withheld(stack, shop, firestore_client, caller_id, extra):
    from shared.app import get_app
    from shared.domain.appointments import Caller

    business, _ = shop
    start = (clock.local_now(business.timezone) + dt.timedelta(days=2)).replace(
        hour=11, minute=0, second=0, microsecond=0)
    get_app().calendar.book(business, "Haircut", start, Caller(phone=OWNER, name="Dana Owner"))
    get_app().crm.capture(business, phone=OWNER, name="Dana Owner", source="call", notes="")
    genuine = ring(stack, business, OWNER).start()
    assert "Dana" in genuine.text  # the owner's own number is recognised

    call = ring(stack, business, caller_id, **extra)
    greeting = call.start()
    assert "Dana" not in greeting.text and "booked" not in greeting.text
    call.say("cancel my appointment")
    call.say("yes")
    assert [a["status"] for a in appointments(firestore_client, business)] == ["booked"]
    record = (firestore_client.collection("businesses").document(business.id).collection("calls")
              .document(call.call_sid).get().to_dict())
    assert record["caller_phone"] == "withheld"


@pytest.fixture(scope="module")
def llm_base(stack, model):
    from shared.local.stack import free_port

    return stack.spawn_functions(f"functions-llm-{free_port()}", free_port(), {
        "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": model.base_url,
        "OPENAI_DEADLINE_SECONDS": "1.5", "OPENAI_MODEL": "gpt-test"})


def test_the_llm_path_holds_a_withheld_callers_booking_and_texts_no_other_country(
        stack, llm_base, model, shop, firestore_client):
    import json

    from shared.local import scripted_llm as llm

    business, _ = shop
    start = (clock.local_now(business.timezone) + dt.timedelta(days=1)).replace(hour=16, minute=0, second=0,
                                                                                 microsecond=0)
    args = {"service": "Haircut", "start": start.isoformat(), "caller_name": "Win Free Prizes", "email": None,
            "notes": None}
    model.script(llm.tool("set_callback_number", phone="plus 4 4 7 9 1 1 1 2 3 4 5 6"),
                 llm.tool("book_appointment", **args), llm.text("Shall I book that?"),
                 llm.tool("book_appointment", **args), llm.text("Booked."))
    call = SimulatedCall(llm_base, LOCAL_TWILIO_AUTH_TOKEN, business.phone_numbers[0], "Anonymous")
    call.start()
    call.say("A haircut tomorrow at 4 for Win Free Prizes, my number is plus 4 4 7 9 1 1 1 2 3 4 5 6")
    results = [json.loads(m["content"]) for r in model.requests for m in r["messages"] if m["role"] == "tool"]
    assert results[-1]["status"] == "confirmation_required"
    assert "for Win Free Prizes, on " in results[-1]["read_back"] and "1 2 3 4 5 6" in results[-1]["read_back"]
    assert call.say("yes").text == "Booked."
    [held] = appointments(firestore_client, business)
    assert held["status"] == "held" and held["caller_phone"] == "+447911123456"
    time.sleep(1.0)
    assert not [m for m in sink(stack)["sms"] if m["to"] == "+447911123456"]
    [text] = [n for n in notifications(firestore_client, business) if n["channel"] == "sms"]
    assert text["status"] == "skipped" and "Win" not in text["body"]


def test_the_llm_keeps_a_withheld_callers_lead_only_after_the_read_back_and_a_yes(
        llm_base, model, shop, firestore_client):
    import json

    from shared.local import scripted_llm as llm

    business, _ = shop
    lead = {"name": "Jo Park", "email": None, "interest": None, "notes": "call back about prices", "source": "call",
            "area": None, "sms_consent": None}
    model.script(llm.tool("set_callback_number", phone="212 555 0147"), llm.tool("capture_lead", **lead),
                 llm.text("So that's Jo Park, on 2 1 2, 5 5 5, 0 1 4 7. Is that right?"),
                 llm.tool("capture_lead", **lead), llm.text("Thanks Jo, the team will call you back."))
    call = SimulatedCall(llm_base, LOCAL_TWILIO_AUTH_TOKEN, business.phone_numbers[0], "Anonymous")
    call.start()
    call.say("Can someone call me back about prices? I'm Jo Park, 212 555 0147")
    results = [json.loads(m["content"]) for r in model.requests for m in r["messages"] if m["role"] == "tool"]
    assert results[-1]["status"] == "confirmation_required"
    assert results[-1]["read_back"] == "So that's Jo Park, on 2 1 2, 5 5 5, 0 1 4 7. Is that right?"
    leads = firestore_client.collection("businesses").document(business.id).collection("leads")
    assert [d.to_dict() for d in leads.stream()] == []
    call.say("yes that's right")
    [stored] = [d.to_dict() for d in leads.stream()]
    assert stored["phone"] == "+12125550147" and stored["name"] == "Jo Park"
