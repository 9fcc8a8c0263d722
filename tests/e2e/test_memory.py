"""Roxy's memory (Firestore backend): written after calls, recalled for the next, scoped to one
business and caller, and forgotten on request (through the tools API or during a call)."""

import pytest

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from shared.local.phone import SimulatedCall
from tests.e2e.conftest import Api, register
from tests.e2e.test_notifications import wait_for
from tests.factories import every_day

CALLER = "+12125550181"


@pytest.fixture
def shop(stack):
    business, key = register(hours=every_day("08:00", "20:00"))
    return Api(f"http://127.0.0.1:{stack.functions_port}", key, business)


def call(stack, business, lines, caller=CALLER):
    phone = SimulatedCall(f"http://127.0.0.1:{stack.functions_port}", LOCAL_TWILIO_AUTH_TOKEN,
                          business.phone_numbers[0], caller)
    said = [phone.start().text] + [phone.say(line).text for line in lines]
    phone.hangup()
    return phone.call_sid, said


def root(business):
    from shared.app import get_app

    return get_app().firestore.collection("businesses").document(business.id)


def post_call_done(business, call_sid):
    return wait_for(lambda: root(business).collection("calls").document(call_sid).get().get("post_call_done"))


def test_memories_are_written_after_a_call_and_recalled_for_that_caller_only(stack, shop):
    from shared.app import get_app
    memory = get_app().memory

    sid, _ = call(stack, shop.business, ["I'd like a haircut tomorrow at 10 am, I'm allergic to latex", "Jane",
                                         "yes", "bye"])
    post_call_done(shop.business, sid)
    service = memory
    texts = [m["text"] for m in service.retrieve_user_memories(shop.business, CALLER)]
    assert any("haircut" in t.lower() for t in texts) and any("latex" in t for t in texts)
    assert service.search_memories(shop.business, CALLER, "what is she allergic to?")[0]["kind"] == "lead_summary"
    other, _ = register()
    assert service.retrieve_user_memories(other, CALLER) == []              # another business
    assert service.retrieve_user_memories(shop.business, "+12125550182") == []  # another caller
    profile = __import__("shared.app", fromlist=["get_app"]).get_app().call_service.caller_profile(
        shop.business, CALLER)
    assert any(m.startswith("Earlier call:") for m in profile["memories"])


def test_forget_me_through_the_tools_api(stack, shop):
    sid, _ = call(stack, shop.business, ["book a haircut tomorrow at 11 am", "Jane Doe", "yes", "bye"])
    post_call_done(shop.business, sid)
    forgotten = shop.call("forget_me", {"phone": CALLER}).json()["forgotten"]
    assert forgotten["memories_deleted"] == 2 and forgotten["calls_scrubbed"] == 1 and forgotten["lead_anonymised"]
    assert list(root(shop.business).collection("memories").stream()) == []
    [lead] = [d.to_dict() for d in root(shop.business).collection("leads").stream()]
    assert lead["name"] == "" and lead["phone"] == "***0181" and lead["stage"] == "lost"
    record = root(shop.business).collection("calls").document(sid).get().to_dict()
    assert record["transcript"] == []
    turns = [t.to_dict() for t in root(shop.business).collection("calls").document(sid).collection("turns").stream()]
    assert {t["caller"] for t in turns} == {"[forgotten]"}
    [audit] = [d.to_dict() for d in root(shop.business).collection("audit").stream()]
    assert audit["action"] == "forget_me" and CALLER not in str(audit)
    appointments = [d.to_dict() for d in root(shop.business).collection("appointments").stream()]
    assert appointments[0]["status"] == "booked"  # forgetting does not cancel bookings


def test_forget_me_during_a_call_writes_nothing_afterwards(stack, shop):
    first, _ = call(stack, shop.business, ["what are your hours?", "I prefer mornings", "bye"])
    post_call_done(shop.business, first)
    sid, said = call(stack, shop.business, ["Please forget me and delete my data", "yes", "bye"])
    assert "Just to confirm" in said[1] and said[2].startswith("Done. We've deleted")
    post_call_done(shop.business, sid)
    assert list(root(shop.business).collection("memories").stream()) == []
    [lead] = [d.to_dict() for d in root(shop.business).collection("leads").stream()]
    assert lead["preferences"] == {} and lead["phone"] == "***0181"
    for call_doc in root(shop.business).collection("calls").stream():
        assert call_doc.to_dict()["transcript"] == []
