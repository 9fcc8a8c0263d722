"""Memory on the whole stack with Mem0 in the loop: the local default (open-source Mem0 in the
functions process), and the Mem0 platform (our stand-in speaking its REST routes) going down at
write time -- memories land in Firestore, the replay task is retried by the Cloud Tasks emulator
until Mem0 is back, and Mem0 ends with exactly one copy of each -- or slow at read time, where the
LLM turn still answers within its recall budget from Firestore and the call's log says so."""

import time

import pytest

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from shared.local import scripted_llm as llm
from shared.local.phone import SimulatedCall
from shared.local.stack import free_port
from tests.conftest import MEM0_TEST_KEY
from tests.e2e.conftest import Api, register
from tests.e2e.test_notifications import wait_for
from tests.factories import every_day

CALLER = "+12125550161"
BUDGET_MS = 250


def memory_docs(firestore_client, business):
    ref = firestore_client.collection("businesses").document(business.id).collection("memories")
    return [d.to_dict() for d in ref.stream()]


def all_synced(firestore_client, business, expected):
    docs = memory_docs(firestore_client, business)
    return len(docs) == expected and all(d.get("synced_digest") == d["digest"] for d in docs) and docs


def first_call(base, business, caller=CALLER):
    phone = SimulatedCall(base, LOCAL_TWILIO_AUTH_TOKEN, business.phone_numbers[0], caller)
    phone.start()
    phone.say("I'm allergic to latex. Can I book a haircut tomorrow at 10 am?")
    phone.say("Jane Doe")
    phone.say("yes")
    phone.say("bye")
    phone.hangup()
    return phone


# --- the local default: open-source Mem0 inside the functions process --------------------------


@pytest.fixture(scope="module")
def local_base(stack):
    name = f"functions-mem0-local-{free_port()}"
    return stack.spawn_functions(name, free_port(), {"MEMORY_BACKEND": "mem0_local",
                                                     "MEM0_DIR": str(stack.run_dir / f"{name}-mem0")})


def test_local_mem0_holds_the_calls_memories_and_forgets_them(stack, local_base, firestore_client):
    business, key = register(hours=every_day("08:00", "20:00"))
    first_call(local_base, business)
    docs = wait_for(lambda: all_synced(firestore_client, business, 2), timeout=40)
    assert {d["kind"] for d in docs} == {"conversation", "lead_summary"}
    assert any("latex" in d["text"] for d in docs) and all(len(d["embedding"]) == 384 for d in docs)
    forgotten = Api(local_base, key, business).call("forget_me", {"phone": CALLER}).json()["forgotten"]
    assert forgotten["memories_deleted"] == 2 and forgotten["mem0"] == "deleted"
    assert memory_docs(firestore_client, business) == []


# --- the Mem0 platform failing -----------------------------------------------------------------




@pytest.fixture(scope="module")
def platform_base(stack, platform_server, model):
    return stack.spawn_functions(f"functions-mem0-platform-{free_port()}", free_port(), {
        "MEMORY_BACKEND": "mem0_platform", "MEM0_API_KEY": MEM0_TEST_KEY,
        "MEM0_HOST": f"http://127.0.0.1:{platform_server.server_port}",
        "MEMORY_RECALL_BUDGET_MS": str(BUDGET_MS), "MEMORY_WRITE_BUDGET_MS": "1000",
        "MEMORY_RETRY_AFTER_SECONDS": "1",
        "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": model.base_url, "OPENAI_DEADLINE_SECONDS": "3"})


@pytest.fixture
def platform(platform_server):
    platform_server.platform.mode = {"mode": "ok", "delay": 0}
    yield platform_server.platform
    platform_server.platform.mode = {"mode": "ok", "delay": 0}


def held(platform, business):
    return [m for m in platform.memories.values() if m["metadata"].get("business_id") == business.id]


def booking_script():
    return [llm.text("Sure. What name should I put the booking under?"),
            llm.tool("capture_lead", name="Jane Doe", interest="Haircut", notes="Allergic to latex"),
            llm.text("Thanks Jane. Anything else?"), llm.text("Great."), llm.tool("end_call", reason="done")]


def test_mem0_down_after_a_call_is_replayed_by_cloud_tasks_without_duplicates(
        stack, platform_base, platform, model, firestore_client):
    business, _ = register(hours=every_day("08:00", "20:00"))
    platform.mode = {"mode": "down"}
    model.script(*booking_script())
    first_call(platform_base, business)
    docs = wait_for(lambda: len(memory_docs(firestore_client, business)) == 2
                    and memory_docs(firestore_client, business), timeout=30)
    assert all("synced_digest" not in d for d in docs) and held(platform, business) == []
    # the caller rings again while Mem0 is still down: valid TwiML on every turn, recall from Firestore
    model.script(llm.text("Of course, you're allergic to latex. What can I book for you?"))
    again = SimulatedCall(platform_base, LOCAL_TWILIO_AUTH_TOKEN, business.phone_numbers[0], CALLER)
    assert again.start().kind == "gather"
    answer = again.say("Do you remember anything about my allergies?")
    assert answer.status == 200 and answer.kind == "gather" and "latex" in answer.text
    assert "Related: " in model.requests[-1]["messages"][0]["content"]
    time.sleep(1.5)  # replay tasks are being delivered and refused (503) meanwhile
    assert held(platform, business) == []
    platform.mode = {"mode": "ok"}
    wait_for(lambda: all_synced(firestore_client, business, 2), timeout=40)
    time.sleep(1.0)  # any redelivery lands now
    copies = held(platform, business)
    assert sorted(m["metadata"]["key"] for m in copies) == sorted(d["key"] for d in docs)


def test_mem0_slow_at_read_the_llm_turn_answers_within_budget_from_firestore(
        stack, platform_base, platform, model, firestore_client):
    business, _ = register(hours=every_day("08:00", "20:00"))
    model.script(*booking_script())
    first_call(platform_base, business)
    wait_for(lambda: all_synced(firestore_client, business, 2), timeout=30)

    platform.mode = {"mode": "slow", "delay": 6.0}  # far past the budget: the turn can't be waiting for it
    model.script(llm.text("Noted: no latex. What can I do for you today?"))
    phone = SimulatedCall(platform_base, LOCAL_TWILIO_AUTH_TOKEN, business.phone_numbers[0], CALLER)
    assert "Jane" in phone.start().text
    began = time.perf_counter()
    answer = phone.say("Do you remember what I told you about my allergy?")
    elapsed = time.perf_counter() - began
    assert answer.kind == "gather" and "latex" in answer.text
    assert elapsed < BUDGET_MS / 1000 + 2.5
    turns = (firestore_client.collection("businesses").document(business.id).collection("calls")
             .document(phone.call_sid).collection("turns").stream())
    [turn] = [t.to_dict() for t in turns]
    assert turn["engine"] == "llm" and turn["latency_ms"]["memory"] < BUDGET_MS + 150
    prompt = model.requests[-1]["messages"][0]["content"]
    assert "Related: Name: Jane Doe. Allergies / sensitivities: latex. Interested in Haircut" in prompt
    logs = "".join(p.read_text() for p in stack.run_dir.glob("functions-mem0-platform-*.log"))
    assert f"call {phone.call_sid}: memory recall from firestore_vector (Mem0 took longer than" in logs

    # Mem0 is back: a degraded recall is tried again; then the same topic is not searched twice
    platform.mode = {"mode": "ok"}
    time.sleep(1.2)  # MEMORY_RETRY_AFTER_SECONDS
    model.script(llm.text("Yes, latex. Anything else?"), llm.text("Sure. Anything else?"))
    phone.say("Please tell me again what you know about my allergy")
    phone.say("Any other allergies on file?")
    turns = (firestore_client.collection("businesses").document(business.id).collection("calls")
             .document(phone.call_sid).collection("turns").order_by("n").stream())
    searched = ["memory" in t.to_dict()["latency_ms"] for t in turns]
    assert searched == [True, True, False]


@pytest.mark.parametrize("body, field", [
    ({}, "business_id"), ({"business_id": "x"}, "op"), ({"business_id": 5, "op": "upsert"}, "business_id"),
    ({"op": "upsert", "business_id": "b", "key": "a/b"}, "key"),
    ({"op": "upsert", "business_id": "b", "key": ""}, "key"),
    ({"op": "forget", "business_id": "b", "user_id": ["x"]}, "user_id"), ({"op": "explode", "business_id": "b"}, "op"),
])
def test_memory_replay_refuses_malformed_tasks_clearly(stack, platform_base, platform, body, field):
    import requests

    business, _ = register()
    if body.get("business_id") == "b":
        body = {**body, "business_id": business.id}
    answer = requests.post(f"{platform_base}/memory_replay", json=body, timeout=10)
    assert answer.status_code == 422, answer.text
    assert field in answer.json()["error"]["fields"]


def test_memory_replay_for_an_unknown_or_malformed_business_is_done(stack, platform_base, platform):
    import requests

    for business_id in ("no-such-business", "../x", "a/b/c"):
        answer = requests.post(f"{platform_base}/memory_replay", timeout=10,
                               json={"op": "upsert", "business_id": business_id, "key": "k"})
        assert answer.status_code == 200 and answer.json() == {"done": True, "skipped": "unknown business"}
