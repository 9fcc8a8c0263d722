"""Nothing committed without a clear yes (issue 22, item 4): at the read-back, words of the action
("appointment", "table", "drop table") or doubt are asked again, in the offline engine and on the
LLM path, where the tools refuse a committing call the caller has not affirmed."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from shared.local import scripted_llm as llm
from shared.local.phone import SimulatedCall
from shared.local.stack import free_port
from tests import clock
from tests.e2e.conftest import register
from tests.factories import every_day

CALLER = "+12125550161"
NOT_A_YES = ["hmm I'm not sure about that appointment", "table", "drop table", "appointment", "book"]


@pytest.fixture
def shop(stack):
    business, _ = register(hours=every_day("00:00", "24:00"), transfer_number="+12125550199")
    return business


@pytest.fixture(scope="module")
def llm_base(stack, model):
    return stack.spawn_functions(f"functions-llm-{free_port()}", free_port(), {
        "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": model.base_url,
        "OPENAI_DEADLINE_SECONDS": "1.5", "OPENAI_MODEL": "gpt-test"})


def ring(base, business, caller=CALLER):
    return SimulatedCall(base, LOCAL_TWILIO_AUTH_TOKEN, business.phone_numbers[0], caller)


def appointments(firestore_client, business):
    ref = firestore_client.collection("businesses").document(business.id).collection("appointments")
    return [d.to_dict() for d in ref.stream()]


def tomorrow(business, hhmm):
    day = (clock.local_now(business.timezone) + dt.timedelta(days=1)).date()
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=ZoneInfo(business.timezone))


@pytest.mark.parametrize("answer", NOT_A_YES)
def test_offline_words_of_the_action_at_the_read_back_book_nothing(stack, shop, firestore_client, answer):
    call = ring(f"http://127.0.0.1:{stack.functions_port}", shop)
    call.start()
    call.say("I'd like a haircut tomorrow at 10 am")
    assert "Shall I book that?" in call.say("Jane Doe").text
    call.say(answer)
    assert appointments(firestore_client, shop) == []


def test_offline_a_clear_yes_still_books_and_a_not_a_yes_to_cancel_keeps_it(stack, shop, firestore_client):
    call = ring(f"http://127.0.0.1:{stack.functions_port}", shop)
    call.start()
    call.say("I'd like a haircut tomorrow at 10 am")
    call.say("Jane Doe")
    assert "booked" in call.say("Mm-hmm, yes").text
    [booked] = appointments(firestore_client, shop)
    again = ring(f"http://127.0.0.1:{stack.functions_port}", shop)
    again.start()
    assert "cancel" in again.say("I need to cancel my appointment").text.lower()
    again.say("drop table")
    assert [a["status"] for a in appointments(firestore_client, shop)] == ["booked"]
    assert booked["status"] == "booked"


def tool_results(model):
    return [json.loads(m["content"]) for r in model.requests for m in r["messages"] if m["role"] == "tool"]


def test_the_llm_cannot_book_on_words_that_are_not_a_yes(llm_base, model, shop, firestore_client):
    start = tomorrow(shop, "10:00")
    args = {"service": "Haircut", "start": start.isoformat(), "caller_name": "Jane Doe", "email": None,
            "notes": None}
    script = [llm.tool("book_appointment", **args), llm.text("A haircut tomorrow at 10 AM for Jane Doe?")]
    for _ in NOT_A_YES:  # the model takes each answer as a yes and calls the tool again
        script += [llm.tool("book_appointment", **args), llm.text("Shall I book it?")]
    script += [llm.tool("book_appointment", **args), llm.text("Booked!")]
    model.script(*script)
    call = ring(llm_base, shop)
    call.start()
    call.say("A haircut tomorrow at 10 for Jane Doe")
    first = tool_results(model)[-1]
    assert first["status"] == "confirmation_required"
    assert first["read_back"].startswith("So that's a Haircut on ") and "for Jane Doe" in first["read_back"]
    for answer in NOT_A_YES:
        call.say(answer)
        assert tool_results(model)[-1]["status"] == "confirmation_required", answer
        assert appointments(firestore_client, shop) == []
    assert call.say("Yes please").text == "Booked!"
    assert [a["status"] for a in appointments(firestore_client, shop)] == ["booked"]


def test_the_llm_cannot_commit_a_change_it_never_read_back(llm_base, model, shop, firestore_client):
    """A yes to one thing is not a yes to another: different details need their own read-back."""
    start = tomorrow(shop, "11:00")
    args = {"service": "Haircut", "start": start.isoformat(), "caller_name": "Jane Doe", "email": None,
            "notes": None}
    other = {**args, "start": tomorrow(shop, "15:00").isoformat()}
    model.script(llm.tool("book_appointment", **args), llm.text("A haircut tomorrow at 11 AM for Jane Doe?"),
                 llm.tool("book_appointment", **other), llm.text("Booked!"))
    call = ring(llm_base, shop, caller="+12125550162")
    call.start()
    call.say("A haircut tomorrow at 11 for Jane Doe")
    call.say("yes")
    assert tool_results(model)[-1]["status"] == "confirmation_required"
    assert appointments(firestore_client, shop) == []


def test_the_llm_path_alerts_the_team_of_a_callback_asked_for_without_a_name(llm_base, model, stack, firestore_client):
    """Issue 22, item 8, on the LLM path: the caller hangs up before the model has their name."""
    from tests.e2e.test_notifications import sink, wait_for

    sink(stack, "DELETE")
    business, _ = register(hours=every_day("00:00", "24:00"), transfer_number="+12125550198")
    model.script(llm.text("Of course. Can I take your name so the team knows who to call?"))
    call = ring(llm_base, business, caller="+12125550163")
    call.start()
    call.say("can someone call me back please")
    assert call.hangup() == 200
    alerts = wait_for(lambda: [m["body"] for m in sink(stack)["sms"] if m["to"] == "+12125550198"], timeout=20)
    assert any("Callback requested" in a and "call me back" in a for a in alerts), alerts
