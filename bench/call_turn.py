"""Server time of one call turn against the local stack, with a zero-latency scripted LLM.

Starts its own stack on free ports (Firestore emulator, Cloud Tasks emulator, a functions server
with OPENAI_BASE_URL pointing at a scripted OpenAI-compatible server that answers at once), rings
N calls of M turns each through signed HTTP, and reads the server's own per-turn figures from the
`X-VoiceHive-Turn` header (total time, Firestore reads and writes). In the same run it measures
the floor: one Firestore read + write round trip from this process. Target: p50 turn / floor <= 2.

A call's turns normally reach the instance that answered the previous one, which answers from the
version it wrote (no read). The same calls are also rung with their turns alternating between two
instances, so that every turn reads the call: that figure is printed beside the target's.

    .venv/bin/python bench/call_turn.py [--calls 20] [--turns 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.config import LOCAL_TWILIO_AUTH_TOKEN  # noqa: E402
from shared.local import scripted_llm  # noqa: E402
from shared.local.phone import SimulatedCall  # noqa: E402
from shared.local.stack import Stack, free_port  # noqa: E402

LINES = ["Hi, what services do you offer?", "How long does a haircut take?", "And what about colouring?",
         "Do you have parking nearby?", "I might come in next week.", "Is Saturday busy?",
         "What should I bring?", "Can I pay by card?", "Great, thanks for the info.", "One more thing."]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def parse_header(value: str) -> dict[str, float]:
    return {k: float(v) for k, v in (item.split("=") for item in value.split())}


def floor_round_trip(client, samples: int, call_ref) -> list[float]:
    """One read + one write of a real call document (its size as in a turn), from this process."""
    data = call_ref.get().to_dict()
    ref = client.collection("bench").document("floor")
    ref.set(data)
    timings = []
    for n in range(samples):
        began = time.perf_counter()
        ref.get()
        ref.set({**data, "turn": n})
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def ring(base: str, number: str, calls: int, turns: int, floor: list[float] | None = None,
         call_ref=None, first_caller: int = 3000, alternate: str | None = None) -> list[dict[str, float]]:
    """Ring `calls` calls of `turns` turns; between calls, sample the floor under the same load
    (post-call work of the previous calls included). `alternate`: another instance's base URL,
    which answers every other turn."""
    figures = []
    for c in range(calls):
        if floor is not None:
            floor.extend(floor_round_trip(call_ref._client, 10, call_ref))
        phone = SimulatedCall(base, LOCAL_TWILIO_AUTH_TOKEN, number, f"+1212555{first_caller + c:04d}")
        phone.start()
        for t in range(turns):
            line = LINES[t % len(LINES)]
            phone._action()
            params = phone._params(SpeechResult=line, Confidence="0.9")
            headers_seen = {}
            url = phone.last.action
            if alternate:
                url = (alternate if t % 2 == 0 else base) + "/voice_webhook" + url.split("/voice_webhook", 1)[1]
            status, body = _post_with_headers(phone, url, params, headers_seen)
            assert status == 200, body[:300]
            from shared.local.phone import parse

            phone.last = parse(body)
            figures.append(parse_header(headers_seen["X-VoiceHive-Turn"]))
        phone.hangup()
    return figures


def _post_with_headers(phone: SimulatedCall, url: str, params: dict, seen: dict) -> tuple[int, str]:
    import urllib.parse
    import urllib.request

    from twilio.request_validator import RequestValidator

    data = urllib.parse.urlencode(params).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": RequestValidator(phone.auth_token).compute_signature(url, params)})
    with urllib.request.urlopen(request, timeout=30) as response:
        seen.update(response.headers)
        return response.status, response.read().decode()


def report(label: str, figures: list[dict[str, float]], floor_p50: float) -> float:
    totals = [f["total_ms"] for f in figures]
    reads = statistics.mean(f["firestore_reads"] for f in figures)
    writes = statistics.mean(f["firestore_writes"] for f in figures)
    p50 = percentile(totals, 50)
    print(f"{label}: {len(totals)} turns  p50 {p50:.1f} ms  p95 {percentile(totals, 95):.1f} ms  "
          f"p99 {percentile(totals, 99):.1f} ms  Firestore per turn: {reads:.2f} reads, {writes:.2f} writes  "
          f"ratio p50/floor {p50 / floor_p50:.2f}")
    return p50 / floor_p50


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--returning", type=int, default=2, choices=(0, 2),
                        help="how many of the measured callers have called before (and have memories)")
    args = parser.parse_args()

    stack = Stack.on_free_ports(ROOT / ".run" / "bench-call-turn", "demo-voicehive-bench")
    model = scripted_llm.ScriptedLLM().start()
    model.responder = lambda request: scripted_llm.text("Happy to help with that. Anything else?")
    env = stack.start()
    os.environ.update(env)
    try:
        from google.cloud import firestore

        from shared.adapters.firestore_store import FirestoreBusinesses
        from shared.services.businesses import BusinessDirectory
        from tests.factories import every_day, make_business

        client = firestore.Client(project=stack.project)
        business = make_business(id="bench-salon", hours=every_day("00:00", "23:55"))
        BusinessDirectory(FirestoreBusinesses(client)).register(business, "bench-key")
        llm_env = {"OPENAI_API_KEY": "sk-bench", "OPENAI_BASE_URL": model.base_url}
        llm_base = stack.spawn_functions("functions-llm", free_port(), llm_env)
        other_base = stack.spawn_functions("functions-llm-b", free_port(), llm_env)

        floor: list[float] = []
        # Warm both servers' caches and imports; these callers ring again in the measured calls as
        # returning callers (their LLM turns also search their memories).
        returning_first = 3000 if args.returning else 2900
        ring(llm_base, business.phone_numbers[0], 2, args.turns, first_caller=returning_first)
        ring(env["FUNCTIONS_BASE_URL"], business.phone_numbers[0], 1, 3, first_caller=returning_first)
        ring(llm_base, business.phone_numbers[0], 1, 4, first_caller=2800, alternate=other_base)
        calls = client.collection("businesses").document(business.id).collection("calls")
        # Post-call work of the warm-up calls loads local Mem0 in the servers and leaves memories:
        # their callers ring again below as returning callers (their turns search their memories).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(c.get("post_call_done") for c in calls.stream()):
            time.sleep(0.2)
        sample_call = next(iter(calls.limit(1).stream())).reference
        llm_figures = ring(llm_base, business.phone_numbers[0], args.calls, args.turns, floor, sample_call)
        offline_figures = ring(env["FUNCTIONS_BASE_URL"], business.phone_numbers[0], args.calls, args.turns,
                               floor, sample_call)
        alternating = ring(llm_base, business.phone_numbers[0], args.calls, args.turns, floor, sample_call,
                           first_caller=3500, alternate=other_base)
        floor_p50 = percentile(floor, 50)
        print(f"floor: one read + one write of a call document (its real size), from this process, sampled "
              f"between calls: p50 {floor_p50:.1f} ms  p95 {percentile(floor, 95):.1f} ms  "
              f"({len(floor)} samples)")
        ratio = report("LLM engine (scripted, zero latency)", llm_figures, floor_p50)
        report("LLM engine, turns alternating between 2 instances", alternating, floor_p50)
        report("offline engine (reference)         ", offline_figures, floor_p50)
        split: dict[str, list[float]] = {}
        for call_doc in calls.stream():
            alternated = int(call_doc.get("caller_phone")[-4:]) >= 3500
            for turn in call_doc.reference.collection("turns").stream():
                record = turn.to_dict()
                engine = record["engine"] + (" (alternating)" if alternated else "")
                for key, value in record["latency_ms"].items():
                    split.setdefault(f"{engine} {key}", []).append(value)
        print("server-side split (p50 ms): " + ", ".join(
            f"{key} {statistics.median(values):.1f}" for key, values in sorted(split.items())))
        print(f"target p50 ratio <= 2 (LLM path): {'OK' if ratio <= 2 else 'MISSED'}")
        return 0 if ratio <= 2 else 1
    finally:
        model.stop()
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
