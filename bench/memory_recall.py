"""Recall quality, isolation and latency of Roxy's memory, per backend.

Stores, for 50 callers of 2 businesses, 10 memories each, written as callers speak (preferences,
facts, past requests; 5 phone numbers call both businesses with different stories), then asks 3
paraphrased questions per caller and prints recall@1 and recall@3, the leaks across callers and
across businesses (must be 0), add and search p50/p95, and each backend's import + first-call cost
in a fresh process. Backends: local Mem0 (the local default: open-source Mem0, qdrant on disk, the
ONNX embedder), Firestore with vectors (find_nearest), Firestore with words only, and the Mem0
platform client against the local stand-in (its ranking is the stand-in's, not the platform's).

    .venv/bin/python bench/memory_recall.py [--callers 50] [--seed 7] [--backends ...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.local.stack import Stack, free_port  # noqa: E402

BACKENDS = ("mem0_local", "firestore_vector", "firestore_keyword", "mem0_platform")
FILLERS = ("", "", "um, ", "so ", "yeah, ", "oh and ", "just so you know, ", "honestly ")

# Each topic: what a caller says (one memory), and questions staff or the agent would ask about it.
TOPICS = {
    "time": (["I prefer {when} appointments if that's possible", "{When} work best for me, I'm busy otherwise",
              "could you always try to book me in the {when}"],
             ["When does this caller like to come in?", "What time of day suits them best?",
              "Which slots should we offer them?"],
             {"when": ["morning", "afternoon", "evening", "early morning", "lunchtime"]}),
    "allergy": (["I'm allergic to {thing}", "I get a rash from {thing}, so please be careful",
                 "I react badly to {thing}"],
                ["Does the customer have any allergies we should know about?",
                 "Is there anything that irritates their skin?", "Any sensitivities to be careful with?"],
                {"thing": ["latex", "lavender oil", "peroxide", "nickel", "fragrances", "ammonia"]}),
    "family": (["my {who} {name} might want to book as well", "I'll probably bring my {who} {name} next time",
                "can you fit in my {who} {name} after me"],
               ["Did they mention any family members?", "Is anyone coming with them?",
                "Who else might they book for?"],
               {"who": ["daughter", "son", "husband", "wife", "mother"],
                "name": ["Emma", "Liam", "Noah", "Olivia", "Ava", "Lucas"]}),
    "payment": (["I usually pay with {method}", "is it okay if I pay by {method} again",
                 "I'll be paying with {method} like before"],
                ["How do they normally settle the bill?", "What payment method do they use?",
                 "How will they pay?"],
                {"method": ["Amex", "cash", "Apple Pay", "a Visa card", "a gift card"]}),
    "transport": (["I come by {mode}, is there somewhere to {where}", "I'll be on my {mode} so I need to {where}",
                   "I always arrive by {mode} and have to {where}"],
                  ["How do they get here?", "Do they need parking or a place for their bike?",
                   "How are they travelling to the appointment?"],
                  {"mode": ["car", "bike", "motorbike", "scooter"],
                   "where": ["park", "leave it", "lock it up"]}),
    "last_visit": (["last time I asked for {style} and I loved it", "I had {style} on my last visit",
                    "can I get {style} again like last time"],
                   ["What did they ask for on their previous visit?", "What did they have done before?",
                    "What style did they get last time?"],
                   {"style": ["a shorter fringe", "long layers", "a beard trim", "a colour touch-up",
                              "a bob cut", "balayage highlights"]}),
    "staff": (["I'd really like to see {staff} again, {pronoun} was great", "can I have {staff} please",
               "{staff} did an amazing job, I want {staff} every time"],
              ["Which stylist do they want?", "Do they have a favourite member of the team?",
               "Who should look after them?"],
              {"staff": ["Maria", "Tom", "Aisha", "Kenji", "Sofia"], "pronoun": ["she", "he"]}),
    "contact": (["please {channel} me rather than call, I'm at work all day",
                 "the best way to reach me is by {channel}", "don't phone me, just {channel} me"],
                ["How should we get in touch with them?", "What's the best way to reach them?",
                 "Do they mind phone calls?"],
                {"channel": ["text", "email", "WhatsApp"]}),
    "access": (["I {need} so I need {fix}", "just a heads up, I {need}, so {fix} would help"],
               ["Do they have any accessibility needs?", "Is there anything we should arrange for their visit?",
                "Any mobility or health requirements?"],
               {"need": ["use a wheelchair", "have a bad back", "walk with a cane", "am pregnant"],
                "fix": ["step-free access", "a comfortable chair", "the ground floor room"]}),
    "occasion": (["I have a {event} on {date}, I need to look my best", "it's for my {event} on {date}",
                  "I'm getting ready for a {event} on {date}"],
                 ["Is there an upcoming event they're preparing for?", "What's the special occasion?",
                  "Why do they want to look good soon?"],
                 {"event": ["wedding", "job interview", "graduation", "birthday party", "photo shoot"],
                  "date": ["June 12th", "the 3rd", "next Saturday", "Friday"]}),
}


def say(rng: random.Random, topic: str) -> str:
    lines, _, slots = TOPICS[topic]
    chosen = {k: rng.choice(v) for k, v in slots.items()}
    chosen.update({k.capitalize(): v.capitalize() for k, v in chosen.items()})
    return rng.choice(FILLERS) + rng.choice(lines).format(**chosen)


def dataset(callers: int, seed: int) -> list[dict]:
    """Callers with 10 memories (one per topic) and 3 questions, each aimed at one memory."""
    rng = random.Random(seed)
    people = []
    for n in range(callers):
        business = n % 2
        phone = f"+1212555{1000 + n // 2 if n < 10 else 1000 + n:04d}"  # the first 5 phones call both
        memories = {topic: say(rng, topic) for topic in TOPICS}
        asked = rng.sample(sorted(TOPICS), 3)
        questions = [(rng.choice(TOPICS[t][1]), t) for t in asked]
        people.append({"business": business, "phone": phone, "memories": memories, "questions": questions})
    return people


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def build(backend: str, firestore_client, folder: Path, platform_port: int | None):
    from shared.adapters import mem0_store
    from shared.adapters.embedder import shared_embedder
    from shared.adapters.firestore_memories import FirestoreMemories
    from shared.app import get_app
    from shared.services.memory import MemoryService

    semantic, embedder = None, shared_embedder
    if backend == "mem0_local":
        client = mem0_store.local(str(folder / "mem0"))
        semantic = lambda: client  # noqa: E731
    elif backend == "mem0_platform":
        client = mem0_store.platform("bench-key", f"http://127.0.0.1:{platform_port}", infer=False)
        semantic = lambda: client  # noqa: E731
    elif backend == "firestore_keyword":
        embedder = None
    return MemoryService(store=FirestoreMemories(firestore_client), crm=get_app().crm,
                         calendar=get_app().calendar, clock=get_app().clock,
                         calls=get_app().calls_repository, semantic=semantic,
                         semantic_name=backend if semantic else "firestore", embedder=embedder,
                         enqueue=None, recall_budget_ms=10_000, write_budget_ms=30_000)


def first_call_cost(backend: str, folder: Path, env: dict, platform_port: int | None) -> dict:
    """Import + first add + first search, in a fresh process (what a cold function pays)."""
    code = f"""
import json, sys, time
sys.path.insert(0, {str(ROOT)!r})
began = time.perf_counter()
backend = {backend!r}
if backend.startswith("mem0"):
    from shared.adapters import mem0_store
    from shared.domain.memories import Memory
    import datetime as dt
    client = (mem0_store.local({str(folder / 'mem0-cold')!r}) if backend == "mem0_local" else
              mem0_store.platform("bench-key", "http://127.0.0.1:{platform_port}", False))
    imported = time.perf_counter()
    memory = Memory(key="cold", user_id="cold-user", business_id="cold", text="I prefer mornings",
                    kind="conversation", created_at=dt.datetime.now(dt.UTC))
    client.upsert(memory); client.search("cold-user", "when do they like to come?", 3)
else:
    from shared.adapters.embedder import LocalEmbedder
    embedder = LocalEmbedder() if backend == "firestore_vector" else None
    imported = time.perf_counter()
    if embedder: embedder.embed("when do they like to come?")
done = time.perf_counter()
print(json.dumps({{"import_ms": (imported - began) * 1000, "first_call_ms": (done - imported) * 1000}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env},
                         timeout=120)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_backend(backend, people, businesses, firestore_client, folder, platform_port) -> dict:
    service = build(backend, firestore_client, folder, platform_port)
    adds, searches = [], []
    keys: dict[tuple[int, str], dict[str, str]] = {}
    for n, person in enumerate(people):
        business = businesses[person["business"]]
        mine = keys.setdefault((person["business"], person["phone"]), {})
        for topic, text in person["memories"].items():
            began = time.perf_counter()
            stored = service.store_conversation_memory(business, person["phone"], f"CAbench{n:04d}{topic}", text)
            adds.append((time.perf_counter() - began) * 1000)
            mine[stored["key"]] = topic
    all_keys = {key: owner for owner, owned in keys.items() for key in owned}
    at1 = at3 = asked = cross_caller = cross_business = 0
    for person in people:
        business = businesses[person["business"]]
        owner = (person["business"], person["phone"])
        for question, topic in person["questions"]:
            began = time.perf_counter()
            found = service.search_memories(business, person["phone"], question, top_k=3)
            searches.append((time.perf_counter() - began) * 1000)
            asked += 1
            topics = [keys[owner].get(m["key"]) for m in found]
            at1 += bool(topics[:1] == [topic])
            at3 += topic in topics
            for m in found:
                other = all_keys.get(m["key"])
                if other is not None and other != owner:
                    cross_business += other[0] != owner[0]
                    cross_caller += other[0] == owner[0]
                elif other is None:
                    cross_caller += 1  # not a memory of this caller at all
    return {"recall@1": at1 / asked, "recall@3": at3 / asked, "questions": asked,
            "leaks_cross_caller": cross_caller, "leaks_cross_business": cross_business,
            "add_p50_ms": statistics.median(adds), "add_p95_ms": percentile(adds, 0.95),
            "search_p50_ms": statistics.median(searches), "search_p95_ms": percentile(searches, 0.95)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--callers", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--backends", nargs="+", default=list(BACKENDS), choices=BACKENDS)
    args = parser.parse_args()
    stack = Stack.on_free_ports(ROOT / ".run" / "bench-memory", "demo-voicehive-bench", memory_backend="firestore")
    env = stack.start()
    os.environ.update(env)
    folder = Path(tempfile.mkdtemp(prefix="roxy-memory-bench-"))
    from shared.local import mem0_platform

    platform = mem0_platform.serve(free_port(), "bench-key")
    try:
        from google.cloud import firestore

        from shared.app import get_app
        from tests.factories import every_day, make_business

        client = firestore.Client(project=stack.project)
        businesses = [make_business(id=f"bench-memory-{n}", hours=every_day()) for n in range(2)]
        for business in businesses:
            get_app().directory.register(business)
        people = dataset(args.callers, args.seed)
        print(f"{len(people)} callers x {len(TOPICS)} memories in {len(businesses)} businesses "
              f"(5 phone numbers call both), {3 * len(people)} paraphrased questions\n")
        header = (f"{'backend':<18} {'recall@1':>8} {'recall@3':>8} {'leaks':>6} {'add p50/p95 ms':>15} "
                  f"{'search p50/p95 ms':>18} {'import ms':>10} {'1st call ms':>11}")
        print(header)
        print("-" * len(header))
        results, nan = {}, float("nan")
        for backend in args.backends:
            stack.reset_firestore()
            for business in businesses:
                get_app().directory.register(business)
            figures = run_backend(backend, people, businesses, client, folder, platform.server_port)
            figures.update(first_call_cost(backend, folder, env, platform.server_port))
            results[backend] = figures
            leaks = figures["leaks_cross_caller"] + figures["leaks_cross_business"]
            print(f"{backend:<18} {figures['recall@1']:>8.3f} {figures['recall@3']:>8.3f} {leaks:>6} "
                  f"{figures['add_p50_ms']:>7.1f}/{figures['add_p95_ms']:<7.1f} "
                  f"{figures['search_p50_ms']:>9.1f}/{figures['search_p95_ms']:<8.1f} "
                  f"{figures.get('import_ms', nan):>10.0f} {figures.get('first_call_ms', nan):>11.0f}")
        print()
        local = results.get("mem0_local")
        if local:
            ok = local["recall@3"] >= 0.9
            print(f"local default recall@3 {local['recall@3']:.3f} (target >= 0.9): {'met' if ok else 'MISSED'}")
        leaks = sum(r["leaks_cross_caller"] + r["leaks_cross_business"] for r in results.values())
        print(f"leaks across callers and businesses, all backends: {leaks} (target 0)")
        print(json.dumps(results, indent=1))
        return 0 if leaks == 0 and (not local or local["recall@3"] >= 0.9) else 1
    finally:
        platform.shutdown()
        stack.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
