"""The memory service's contract, the same on every backend available offline: Firestore alone
(vectors, or words without an embedder), local Mem0 (open source, qdrant on disk, ONNX embedder) and
the Mem0 platform (the real `MemoryClient` against a local server speaking its REST routes). Then the
faults: Mem0 down or slow at write and at read, replay without duplicates, forgetting while down."""

import datetime as dt
import os
import time

import pytest

from shared.adapters import mem0_store
from shared.adapters.embedder import shared_embedder
from shared.adapters.firestore_memories import FirestoreMemories
from shared.adapters.firestore_store import FirestoreCalls
from shared.domain.appointments import Caller
from shared.domain.memories import indexed_text
from shared.errors import ProviderError
from shared.services.memory import MemoryService
from tests.conftest import MEM0_TEST_KEY
from tests.factories import fixed_clock
from tests.integration.conftest import NOW

JANE, JOHN = "+12125550181", "+12125550182"
BACKENDS = ["firestore_vector", "firestore_keyword", "mem0_local", "mem0_platform"]



@pytest.fixture(scope="module")
def local_mem0(tmp_path_factory):
    return mem0_store.local(str(tmp_path_factory.mktemp("mem0")))


def platform_client(server):
    return mem0_store.platform(MEM0_TEST_KEY, f"http://127.0.0.1:{server.server_port}", infer=False)


class Queue:
    """The real Cloud Tasks queue (emulator), keeping a copy of each task it accepted so a test can
    replay it itself; its tasks also reach the session's functions server, whose memory is
    Firestore-only, so they change nothing there."""

    def __init__(self):
        from shared.app import get_app
        task_queue = get_app().task_queue

        self.queue = task_queue
        self.tasks = {}

    def __call__(self, name, url, payload):
        created = self.queue.enqueue(name, url, payload)
        if created:
            self.tasks[name] = (url, payload)
        return created


def service_for(backend, firestore_client, crm, calendar, request, **options):
    semantic, embedder = None, shared_embedder
    if backend == "mem0_local":
        client = request.getfixturevalue("local_mem0")
        semantic = lambda: client  # noqa: E731
    elif backend == "mem0_platform":
        server = request.getfixturevalue("platform_server")
        server.platform.mode = {"mode": "ok", "delay": 0}
        semantic = lambda: platform_client(server)  # noqa: E731
    elif backend == "firestore_keyword":
        embedder = None
    return MemoryService(store=FirestoreMemories(firestore_client), crm=crm, calendar=calendar,
                         clock=fixed_clock(NOW), calls=FirestoreCalls(firestore_client), semantic=semantic,
                         semantic_name=backend if semantic else "firestore", embedder=embedder,
                         enqueue=options.pop("enqueue", Queue()), base_url=os.environ["FUNCTIONS_BASE_URL"],
                         **options)


@pytest.fixture(params=BACKENDS)
def memory(request, firestore_client, crm, calendar):
    return service_for(request.param, firestore_client, crm, calendar, request)


@pytest.fixture(params=[b for b in BACKENDS if b != "firestore_keyword"])
def semantic_memory(request, firestore_client, crm, calendar):
    """Backends that match meaning, not shared words (keyword recall has its own unit tests)."""
    return service_for(request.param, firestore_client, crm, calendar, request)


FACTS = ["I prefer morning appointments before work", "I'm allergic to latex gloves",
         "My daughter Emma also needs a trim next time", "I paid with my Visa card last visit",
         "Please park around the back, the front lot is for the bakery"]


def remember(memory, business, phone, texts):
    for n, text in enumerate(texts):
        memory.store_conversation_memory(business, phone, f"CA{phone[-4:]}{n:04d}", text)


def test_store_retrieve_and_replace(memory, business):
    remember(memory, business, JANE, FACTS[:2])
    assert {m["text"] for m in memory.retrieve_user_memories(business, JANE)} == set(FACTS[:2])
    memory.store_conversation_memory(business, JANE, f"CA{JANE[-4:]}0000", "I prefer evening appointments")
    texts = [m["text"] for m in memory.retrieve_user_memories(business, JANE)]
    assert len(texts) == 2 and "I prefer evening appointments" in texts and FACTS[0] not in texts
    found = memory.search_memories(business, JANE, "what appointment times does she prefer?", top_k=2)
    assert "evening" in " ".join(m["text"] for m in found) and len(found) <= 2


@pytest.mark.parametrize("question, expected", [
    ("What time of day does she like to come in?", 0),
    ("Is she sensitive to any materials?", 1),
    ("Who else in the family is coming?", 2),
    ("Where should she leave the car?", 4),
])
def test_recall_finds_the_paraphrased_memory(semantic_memory, business, question, expected):
    remember(semantic_memory, business, JANE, FACTS)
    found = semantic_memory.search_memories(business, JANE, question, top_k=3)
    assert FACTS[expected] in [m["text"] for m in found]


def test_memories_stay_with_their_caller_and_business(memory, business, firestore_client):
    from shared.adapters.firestore_store import FirestoreBusinesses
    from tests.factories import every_day, make_business

    other = make_business(timezone="America/New_York", hours=every_day())
    FirestoreBusinesses(firestore_client).save(other)
    remember(memory, business, JANE, FACTS)
    remember(memory, other, JOHN, ["I am allergic to peanuts and latex"])
    assert memory.retrieve_user_memories(other, JANE) == []
    assert memory.search_memories(other, JANE, "allergic to latex") == []
    assert memory.search_memories(business, JOHN, "allergic to latex") == []
    assert all("peanut" not in m["text"] for m in memory.search_memories(business, JANE, "peanuts allergy", 5))


def test_lookup_by_call_and_by_name(memory, business, crm):
    crm.capture(business, phone=JANE, name="Jane Doe", source="call")
    remember(memory, business, JANE, FACTS[:2])
    by_call = memory.retrieve_user_memories(business, call_id=f"CA{JANE[-4:]}0001")
    assert [m["text"] for m in by_call] == [FACTS[1]]
    assert {m["text"] for m in memory.retrieve_user_memories(business, name="jane")} == set(FACTS[:2])
    assert memory.retrieve_user_memories(business, name="nobody") == []


def test_lead_summary_and_session_context(memory, business, crm, calendar):
    crm.remember(business, JANE, {"part_of_day": "morning", "allergies": ["latex"]}, name="Jane Doe")
    start = dt.datetime(2030, 3, 6, 15, 0, tzinfo=dt.UTC)
    calendar.book(business, business.services[0].name, start, Caller(phone=JANE, name="Jane Doe"))
    remember(memory, business, JANE, FACTS[2:4])
    assert memory.store_lead_summary(business, JANE)["key"].startswith("lead-")
    lead = crm.get_by_phone(business, JANE)
    assert memory.store_lead_summary(business, lead)["key"] == f"lead-{memory._uid(business, JANE)}"
    context = memory.get_session_context(business, JANE, call_id="CAnow", query="is she allergic to anything?")
    assert context["profile"]["name"] == "Jane Doe" and context["profile"]["preferences"]["part_of_day"] == "morning"
    assert context["upcoming"][0]["start"] == start.isoformat()
    assert "latex" in context["memories"][0]["text"]
    assert len(context["recent_calls"]) == 2 and context["memory_count"] == 3
    assert memory.get_session_context(business, "+12125550199")["profile"] is None


def test_forget_removes_the_caller_everywhere(memory, business, crm):
    crm.capture(business, phone=JANE, name="Jane Doe", source="call")
    remember(memory, business, JANE, FACTS[:3])
    remember(memory, business, JOHN, FACTS[3:4])
    result = memory.forget(business, JANE, requested_by="test")
    assert result["memories_deleted"] == 3 and result["lead_anonymised"]
    assert memory.retrieve_user_memories(business, JANE) == []
    assert memory.search_memories(business, JANE, "allergic to latex") == []
    if memory.semantic is not None:
        assert result["mem0"] == "deleted"
        assert memory._client().search(memory._uid(business, JANE), "latex", 5) == []
    assert len(memory.retrieve_user_memories(business, JOHN)) == 1


# --- Mem0 failing ---------------------------------------------------------------------------------


@pytest.fixture
def platform(request, firestore_client, crm, calendar, platform_server):
    def build(**options):
        return service_for("mem0_platform", firestore_client, crm, calendar, request, **options)

    yield build
    platform_server.platform.mode = {"mode": "ok", "delay": 0}


def held_by_platform(server, business, phone):
    from shared.domain.memories import user_id

    return [m for m in server.platform.memories.values() if m["user_id"] == user_id(business.id, phone)]


def test_mem0_down_at_write_keeps_it_in_firestore_and_replays_once(platform, platform_server, business):
    queue = Queue()
    memory = platform(enqueue=queue)
    platform_server.platform.mode = {"mode": "down"}
    stored = memory.store_conversation_memory(business, JANE, "CA0000000001", FACTS[1])
    assert stored["stored"] == "queued"
    assert [m["text"] for m in memory.retrieve_user_memories(business, JANE)] == [FACTS[1]]
    [(name, (url, payload))] = queue.tasks.items()
    assert url.endswith("/memory_replay") and payload == {"op": "upsert", "business_id": business.id,
                                                          "key": stored["key"]}
    with pytest.raises(ProviderError) as still_down:
        memory.replay(business, payload)
    assert still_down.value.retryable
    platform_server.platform.mode = {"mode": "ok"}
    memory._state["down_until"] = 0  # Mem0's rest period is over
    assert memory.replay(business, payload) == {"done": True, "mem0": "added"}
    assert memory.replay(business, payload)["skipped"] == "already in Mem0"      # Cloud Tasks redelivers
    memory.store_conversation_memory(business, JANE, "CA0000000001", FACTS[1])  # post-call retried
    # Mem0 holds the text with its topics in front (what is embedded): once
    assert [m["memory"] for m in held_by_platform(platform_server, business, JANE)] == [indexed_text(FACTS[1])]
    assert memory.search_memories(business, JANE, "latex")[0]["text"] == FACTS[1]


def test_a_write_that_times_out_and_lands_late_is_not_duplicated_by_its_replay(platform, platform_server, business):
    queue = Queue()
    # budgets with room for a loaded machine: the warm write must fit in it, the slow one must not
    memory = platform(enqueue=queue, write_budget_ms=2000)
    memory.store_conversation_memory(business, JANE, "CA0000000002", FACTS[0])  # warm: Mem0 is up
    assert not queue.tasks
    platform_server.platform.mode = {"mode": "slow", "delay": 5.0}
    late = memory.store_conversation_memory(business, JANE, "CA0000000003", FACTS[2])
    assert late["stored"] == "queued"
    # the slow write lands in Mem0 after we gave up on it, and records itself (however loaded the machine)
    deadline = time.monotonic() + 30
    while (memory.store.get(business.id, late["key"]) or (None, None))[1] is None and time.monotonic() < deadline:
        time.sleep(0.1)
    platform_server.platform.mode = {"mode": "ok"}
    memory._state["down_until"] = 0
    [(_, (_, payload))] = queue.tasks.items()
    # the late write recorded itself once it landed: its replay writes nothing more
    assert memory.replay(business, payload) == {"done": True, "skipped": "already in Mem0"}
    held = sorted(m["memory"] for m in held_by_platform(platform_server, business, JANE))
    assert held == sorted(indexed_text(text) for text in FACTS[0:3:2])


def test_mem0_slow_or_down_at_read_answers_from_firestore_within_the_budget(platform, platform_server, business):
    memory = platform(recall_budget_ms=150, retry_after_seconds=60)
    remember(memory, business, JANE, FACTS)
    assert memory.recall(business, JANE, "is she allergic to anything?").source == "mem0_platform"
    # Mem0 answers in 5 s: 2 s proves the 150 ms budget cut it short, however loaded the machine
    platform_server.platform.mode = {"mode": "slow", "delay": 5.0}
    began = time.perf_counter()
    recall = memory.recall(business, JANE, "is she allergic to anything?")
    assert time.perf_counter() - began < 2.0
    assert recall.source == "firestore_vector" and "longer than 150 ms" in recall.degraded
    assert FACTS[1] in [m["text"] for m in recall.memories]
    began = time.perf_counter()  # Mem0 now rests: straight to Firestore without waiting
    again = memory.recall(business, JANE, "who else in the family is coming?")
    assert time.perf_counter() - began < 2.0 and again.degraded == "Mem0 failed recently"
    platform_server.platform.mode = {"mode": "down"}
    memory._state["down_until"] = 0
    down = memory.recall(business, JANE, "where do I park?")
    assert down.source == "firestore_vector" and "Mem0 failed" in down.degraded and down.memories


def test_forget_while_mem0_is_down_is_replayed(platform, platform_server, business, crm):
    queue = Queue()
    memory = platform(enqueue=queue)
    remember(memory, business, JANE, FACTS[:2])
    platform_server.platform.mode = {"mode": "down"}
    assert memory.forget(business, JANE, requested_by="test")["mem0"] == "queued"
    [(_, (_, payload))] = queue.tasks.items()
    assert payload["op"] == "forget" and JANE not in str(payload)
    assert memory.search_memories(business, JANE, "latex") == []  # Firestore already forgot
    platform_server.platform.mode = {"mode": "ok"}
    memory._state["down_until"] = 0
    assert memory.replay(business, payload)["done"]
    assert held_by_platform(platform_server, business, JANE) == []


def test_a_memory_forgotten_in_firestore_is_never_recalled_from_a_stale_mem0(platform, platform_server, business):
    memory = platform()
    remember(memory, business, JANE, FACTS[:2])
    platform_server.platform.mode = {"mode": "down"}
    memory.forget(business, JANE, requested_by="test")          # Mem0 still holds them until the replay
    platform_server.platform.mode = {"mode": "ok"}
    memory._state["down_until"] = 0
    assert len(held_by_platform(platform_server, business, JANE)) == 2
    recall = memory.recall(business, JANE, "latex allergy")
    assert recall.source == "mem0_platform" and recall.memories == []


def test_bad_input_is_a_clear_error(business, firestore_client, crm, calendar, request):
    from shared.errors import InvalidInput

    memory = service_for("firestore_vector", firestore_client, crm, calendar, request)
    with pytest.raises(InvalidInput) as bad_phone:
        memory.store_conversation_memory(business, "not a phone", "CA1", "hello")
    assert "phone" in bad_phone.value.fields
    with pytest.raises(InvalidInput):
        memory.store_conversation_memory(business, JANE, "CA1", "   ")
    with pytest.raises(InvalidInput):
        memory.retrieve_user_memories(business)
    replaying = service_for("mem0_platform", firestore_client, crm, calendar, request)
    with pytest.raises(InvalidInput):
        replaying.replay(business, {"op": "explode"})
    with pytest.raises(InvalidInput):
        replaying.replay(business, {"op": "forget"})


def test_functions_and_the_greeting_do_not_import_mem0(stack, tmp_path):
    """Mem0 (about a second to import) and the embedder load only where memory is searched or
    written: not when the functions module loads, nor for a greeting's session context."""
    import os
    import subprocess
    import sys

    from tests.factories import ROOT

    code = """
import sys
import main
from shared.app import get_app
from shared.adapters.firestore_store import FirestoreBusinesses
from tests.factories import make_business
business = make_business()
FirestoreBusinesses(get_app().firestore).save(business)
get_app().crm.capture(business, phone="+12125550181", name="Jane Doe", source="call")
context = get_app().memory.get_session_context(business, "+12125550181")
assert context["profile"]["name"] == "Jane Doe", context
get_app().call_service.caller_profile(business, "+12125550181")
heavy = sorted(m for m in ("mem0", "qdrant_client", "onnxruntime", "tokenizers", "openai") if m in sys.modules)
print(",".join(heavy) or "none")
"""
    env = {**os.environ, **stack.env(), "MEMORY_BACKEND": "mem0_local", "MEM0_DIR": str(tmp_path)}
    env.pop("OPENAI_API_KEY", None)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "none"


def test_a_call_turn_never_waits_for_the_embedding_model_to_load(business, firestore_client, crm, calendar, request):
    from shared.adapters.embedder import LocalEmbedder

    writer = service_for("firestore_vector", firestore_client, crm, calendar, request)
    remember(writer, business, JANE, FACTS)
    cold = LocalEmbedder()  # a fresh process: the model is not loaded yet
    reader = service_for("firestore_vector", firestore_client, crm, calendar, request)
    reader.embedder = lambda: cold
    began = time.perf_counter()
    first = reader.recall(business, JANE, "is she allergic to latex?")
    assert time.perf_counter() - began < 0.25
    assert first.source == "firestore_keyword" and first.degraded == "embedder loading"
    assert FACTS[1] in [m["text"] for m in first.memories]
    deadline = time.monotonic() + 10
    while not cold.ready and time.monotonic() < deadline:  # it loaded in the background meanwhile
        time.sleep(0.05)
    assert reader.recall(business, JANE, "is she sensitive to any materials?").source == "firestore_vector"


def test_local_mem0_with_fact_extraction_keeps_one_memory_per_key(business, firestore_client, crm, calendar,
                                                                    tmp_path):
    """MEM0_INFER=true with an OpenAI key: Mem0 asks the model (our scripted OpenAI-compatible
    server) for facts; each fact carries our key, a repeat changes nothing, recall returns the memory once."""
    import json

    from shared.local import scripted_llm as llm

    model = llm.ScriptedLLM().start()
    model.responder = lambda request: llm.text(json.dumps(
        {"memory": [{"id": "0", "text": "Allergic to latex"}, {"id": "1", "text": "Prefers mornings"}]}))
    try:
        client = mem0_store.local(str(tmp_path / "mem0"), "sk-test", model.base_url, "gpt-test", infer=True)
        memory = MemoryService(store=FirestoreMemories(firestore_client), crm=crm, calendar=calendar,
                               clock=fixed_clock(NOW), calls=FirestoreCalls(firestore_client),
                               semantic=lambda: client, semantic_name="mem0_local", embedder=shared_embedder,
                               enqueue=Queue(), base_url=os.environ["FUNCTIONS_BASE_URL"])
        text = "I'm allergic to latex and I prefer mornings"
        assert memory.store_conversation_memory(business, JANE, "CA0000000009", text)["stored"] == "mem0"
        memory.store_conversation_memory(business, JANE, "CA0000000009", text)
        facts = client._all(memory._uid(business, JANE))
        assert sorted(f["memory"] for f in facts) == ["Allergic to latex", "Prefers mornings"]
        assert {f["metadata"]["key"] for f in facts} == {memory.retrieve_user_memories(business, JANE)[0]["key"]}
        assert len(model.requests) == 1 and model.requests[0]["response_format"] == {"type": "json_object"}
        recall = memory.recall(business, JANE, "any allergies?", on_call=False)
        assert recall.source == "mem0_local" and [m["text"] for m in recall.memories] == [text]
    finally:
        model.stop()


def test_the_sweep_requeues_replays_that_a_long_outage_left_behind(platform, platform_server, business,
                                                                    firestore_client):
    import datetime as dt

    queue = Queue()
    memory = platform(enqueue=queue)
    platform_server.platform.mode = {"mode": "down"}
    key = memory.store_conversation_memory(business, JANE, "CA0000000011", FACTS[4])["key"]
    assert len(queue.tasks) == 1  # ... and suppose its retries ran out while Mem0 stayed down
    assert memory.requeue_unsynced(NOW + dt.timedelta(minutes=5)) == 0     # too recent to call lost
    assert memory.requeue_unsynced(NOW + dt.timedelta(minutes=20)) == 1
    assert memory.requeue_unsynced(NOW + dt.timedelta(minutes=25)) == 0     # one task per hour
    [(name, (_, payload))] = list(queue.tasks.items())[1:]
    assert name.startswith(f"memory-{key}-") and payload["key"] == key
    platform_server.platform.mode = {"mode": "ok"}
    memory._state["down_until"] = 0
    assert memory.replay(business, payload)["mem0"] == "added"
    assert memory.requeue_unsynced(NOW + dt.timedelta(hours=3)) == 0
    doc = firestore_client.collection("businesses").document(business.id).collection("memories").document(key)
    assert doc.get().get("synced") is True


@pytest.mark.parametrize("backend", ["firestore_vector", "firestore_keyword"])
def test_firestore_only_memories_are_never_pending(backend, business, firestore_client, crm, calendar, request):
    import datetime as dt

    memory = service_for(backend, firestore_client, crm, calendar, request)
    remember(memory, business, JANE, FACTS[:1])
    assert memory.requeue_unsynced(NOW + dt.timedelta(days=1)) == 0
    [doc] = firestore_client.collection("businesses").document(business.id).collection("memories").stream()
    assert doc.get("synced") is True
