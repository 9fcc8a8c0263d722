"""Latency of the streaming voice path (voice_relay), in one run:

1. the scripted model's own first-token time (a streaming request straight to it), and ours: from
   the `prompt` message to the first `text` token on the socket (target: p50 within 20 ms of the
   model's, p95 within 50 ms);
2. a turn with a tool round: the first sound (the filler) within 700 ms;
3. 50 concurrent sessions (ringing over `--spread` seconds, callers talking `--think` seconds
   between turns, as bench/load.py; the callers in 5 processes): no errors, p99 within 2x of one
   session's;
4. on <Gather>, a hung model: the caller hears the offline engine within 2.5 s.

Starts its own stack on free ports; the scripted OpenAI-compatible server streams (server-sent
events) with a first-token latency and a token interval; a functions server and a voice_relay use
it. Prints figures and ratios.

    .venv/bin/python bench/relay_latency.py [--turns 30] [--first-token 0.3] [--token-interval 0.02]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.config import LOCAL_TWILIO_AUTH_TOKEN  # noqa: E402
from shared.local import scripted_llm as llm  # noqa: E402
from shared.local.phone import SimulatedCall  # noqa: E402
from shared.local.relay_client import RelayCall  # noqa: E402
from shared.local.stack import Stack, free_port  # noqa: E402

REPLY = "Sure, we're open every day from nine to five, and Saturdays until four. Anything else I can help with?"
LINES = ["When are you open?", "And on Saturdays?", "Do you take walk-ins?", "Is it busy on Fridays?"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process group's leader and its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


STEPS = [("dequeued", "the turn starts (event loop)"), ("thread", "in a worker thread"),
         ("read", "call read (or remembered)"), ("recalled", "profile + memory recall"),
         ("request", "LLM request leaves"), ("first_token", "first token parsed"),
         ("loop", "on the event loop"), ("sent", "first text frame sent")]


def relay_figures(relay_url: str, clear: bool = False) -> dict:
    """voice_relay's own per-turn figures (GET /_figures; DELETE clears them)."""
    import json
    import urllib.request

    url = relay_url.replace("ws://", "http://").rsplit("/", 1)[0] + "/_figures"
    with urllib.request.urlopen(urllib.request.Request(url, method="DELETE" if clear else "GET"), timeout=10) as r:
        return json.loads(r.read())


def print_steps(figures: dict, cpu_seconds_before: float) -> None:
    """p50/p95 of ms from the `prompt` message to each step of voice_relay's turn, and the CPU."""
    turns = [t for t in figures["turns"] if not t["filler"]]
    print(f"  voice_relay steps (ms after the prompt arrived; n={len(turns)} turns):")
    for step, label in STEPS:
        values = [t["steps"][step] for t in turns if step in t["steps"]]
        if values:
            print(f"    {label:<30} p50 {percentile(values, 50):7.1f}  p95 {percentile(values, 95):7.1f}")
    ours = [t["steps"]["request"] for t in turns if "request" in t["steps"]]
    tail = [t["steps"]["sent"] - t["steps"]["first_token"] for t in turns if "first_token" in t["steps"]]
    if ours and tail:
        print(f"    ours before the request p50 {percentile(ours, 50):.1f} ms; first token -> frame out p50 "
              f"{percentile(tail, 50):.1f} ms p95 {percentile(tail, 95):.1f} ms")
    before = [t["cpu_ms"]["request"] for t in turns if "request" in t.get("cpu_ms", {})]
    whole = [t["cpu_ms"]["written"] for t in turns if "written" in t.get("cpu_ms", {})]
    process = (figures["cpu_seconds"] - cpu_seconds_before) * 1000 / max(len(figures["turns"]), 1)
    if before and whole:
        print(f"  CPU per turn: worker thread to the request p50 {percentile(before, 50):.2f} ms, whole turn "
              f"p50 {percentile(whole, 50):.2f} ms; voice_relay process {process:.1f} ms per turn "
              f"(all threads, sessions' setup included); load average {os.getloadavg()[0]:.1f}")


def responder(request: dict) -> dict:
    last = request["messages"][-1]
    said = str(last.get("content") or "").lower()
    if last["role"] == "tool":
        return llm.text("Yes, there's free parking right behind the salon.")
    if "parking" in said:
        return llm.tool("answer_faq", question="parking")
    if "hang" in said:
        return llm.slow(llm.text("far too late"), 30)
    return llm.text(REPLY)


def serve_model(port: int, first_token: float, token_interval: float) -> None:
    from http.server import ThreadingHTTPServer

    model = llm.ScriptedLLM()
    model.server.server_close()
    model.server = ThreadingHTTPServer(("127.0.0.1", port), model._handler())
    model.server.daemon_threads = True
    model.first_token_latency, model.token_interval = first_token, token_interval
    model.responder = responder
    model.requests = llm._Discard()
    model.server.serve_forever()


def model_first_token(base_url: str, samples: int) -> list[float]:
    from openai import OpenAI

    client = OpenAI(api_key="sk-bench", base_url=base_url, max_retries=0)
    times = []
    for _ in range(samples):
        began = time.perf_counter()
        stream = client.chat.completions.create(model="m", stream=True, tools=[{"type": "function", "function": {
            "name": "noop", "parameters": {"type": "object", "properties": {}}}}],
            messages=[{"role": "user", "content": "When are you open?"}])
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                times.append((time.perf_counter() - began) * 1000)
                break
        stream.close()
    return times


def session(base: str, number: str, caller: str, lines: list[str], out: list, errors: list,
            think: float = 0.0, delay: float = 0.0) -> None:
    """One call: `delay` before it rings, `think` seconds of the caller speaking before each line."""
    try:
        time.sleep(delay)
        call = RelayCall(SimulatedCall(base, LOCAL_TWILIO_AUTH_TOKEN, number, caller))
        call.start()
        for line in lines:
            time.sleep(think)
            call.say(line)
        call.hangup()
        out.extend(t["first_ms"] for t in call.timings)
    except Exception as exc:  # counted, and the run goes on
        errors.append(f"{type(exc).__name__}: {exc}")


def session_group(base: str, number: str, callers: list[str], think: float, spread: float, results, go) -> None:
    """Some of the concurrent callers, in a process of their own: a hundred client threads in one
    process would measure the bench's own GIL more than the relay. Starts when all are ready."""
    results.put("ready")
    go.wait()
    many: list[float] = []
    errors: list[str] = []
    threads = [threading.Thread(target=session, args=(base, number, caller, LINES, many, errors, think,
                                                      random.uniform(0, spread))) for caller in callers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((many, errors))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--first-token", type=float, default=0.3)
    parser.add_argument("--token-interval", type=float, default=0.02)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0, help="seconds a caller talks between turns")
    parser.add_argument("--spread", type=float, default=2.0, help="the calls ring over this many seconds")
    args = parser.parse_args()

    # The model in its own process (started before this one opens any gRPC channel): the 50
    # callers' threads here must not share a GIL with it.
    model_port = free_port()
    model_process = multiprocessing.get_context("fork").Process(
        target=serve_model, args=(model_port, args.first_token, args.token_interval), daemon=True)
    model_process.start()
    model_url = f"http://127.0.0.1:{model_port}/v1"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            model_first_token(model_url, 1)
            break
        except Exception:
            time.sleep(0.1)
    stack = Stack.on_free_ports(ROOT / ".run" / "bench-relay", "demo-voicehive-bench", memory_backend="firestore")
    env = stack.start()
    os.environ.update(env)
    try:
        from shared.app import get_app
        from tests.factories import every_day, make_business

        relay_business = make_business(hours=every_day("00:00", "24:00"), voice_transport="relay")
        gather_business = make_business(hours=every_day("00:00", "24:00"))
        for business in (relay_business, gather_business):
            get_app().directory.register(business)
        llm_env = {"OPENAI_API_KEY": "sk-bench", "OPENAI_BASE_URL": model_url, "OPENAI_MODEL": "m",
                   "LOG_LEVEL": "WARNING"}
        relay_port, functions_port = free_port(), free_port()
        relay = stack.spawn_relay("relay-bench", relay_port, llm_env)
        base = stack.spawn_functions("functions-bench", functions_port, {**llm_env, "VOICE_RELAY_URL": relay})
        number = relay_business.phone_numbers[0]

        # warm both processes and the model's connection
        session(base, number, "+12125550100", LINES[:2], [], [])
        stub = model_first_token(model_url, args.turns)
        ours: list[float] = []
        errors: list[str] = []
        calls = max(1, args.turns // len(LINES))
        cpu_before = relay_figures(relay, clear=True)["cpu_seconds"]
        for n in range(calls):
            session(base, number, f"+1212555{1000 + n:04d}", LINES, ours, errors)
        single = relay_figures(relay)
        print(f"model first token (stub, direct): p50 {percentile(stub, 50):.1f} ms  p95 {percentile(stub, 95):.1f} ms"
              f"  (n={len(stub)})")
        print(f"ours, prompt -> first text token: p50 {percentile(ours, 50):.1f} ms  p95 {percentile(ours, 95):.1f} ms"
              f"  (n={len(ours)}, errors {len(errors)})")
        d50, d95 = percentile(ours, 50) - percentile(stub, 50), percentile(ours, 95) - percentile(stub, 95)
        print(f"  overhead p50 {d50:+.1f} ms (target <= 20)  p95 {d95:+.1f} ms (target <= 50)")
        print_steps(single, cpu_before)

        fillers = []
        for n in range(5):
            call = RelayCall(SimulatedCall(base, LOCAL_TWILIO_AUTH_TOKEN, number, f"+1212555{2000 + n:04d}"))
            call.start()
            answer = call.say("Is there parking nearby?")
            call.hangup()
            fillers.append((call.timings[-1]["first_ms"], answer.text.startswith("Let me check")))
        worst = max(ms for ms, _ in fillers)
        print(f"tool round: first sound (filler) max {worst:.0f} ms over {len(fillers)} turns (target <= 700); "
              f"filler said in {sum(said for _, said in fillers)}/{len(fillers)}")

        one: list[float] = []
        session(base, number, "+12125553000", LINES * 2, one, errors, args.think)
        spawn = multiprocessing.get_context("spawn")
        results, go = spawn.Queue(), spawn.Event()
        callers = [f"+1212556{n:04d}" for n in range(args.sessions)]
        groups = [spawn.Process(target=session_group, args=(base, number, callers[i::5], args.think, args.spread,
                                                             results, go)) for i in range(5)]
        for group in groups:
            group.start()
        for _ in groups:
            assert results.get(timeout=120) == "ready"
        time.sleep(1.0)  # let the processes' imports settle
        relay_pid = stack.pids["relay-bench"]
        cpu_before = cpu_seconds(relay_pid)
        began = time.perf_counter()
        go.set()
        many: list[float] = []
        many_errors: list[str] = []
        for _ in groups:
            turns, errors_here = results.get(timeout=300)
            many += turns
            many_errors += errors_here
        for group in groups:
            group.join()
        relay_cpu = cpu_seconds(relay_pid) - cpu_before
        crowd = relay_figures(relay)
        p99_one = max(percentile(one, 99), 1e-9)
        print(f"{args.sessions} concurrent sessions: {len(many)} turns, errors {len(many_errors)} "
              f"in {time.perf_counter() - began:.1f} s; first token p50 {percentile(many, 50):.1f} ms "
              f"p99 {percentile(many, 99):.1f} ms vs one session p99 {p99_one:.1f} ms: "
              f"ratio {percentile(many, 99) / p99_one:.2f} (target <= 2); p90 {percentile(many, 90):.1f} ms; "
              f"voice_relay CPU {relay_cpu * 1000 / max(len(many), 1):.1f} ms per turn "
              f"({relay_cpu / (time.perf_counter() - began):.2f} cores over the run); load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print_steps({**crowd, "turns": crowd["turns"][-len(many):] if many else []},
                    crowd["cpu_seconds"] - relay_cpu)
        for error in many_errors[:3]:
            print(f"  error: {error}")

        warm = SimulatedCall(base, LOCAL_TWILIO_AUTH_TOKEN, gather_business.phone_numbers[0], "+12125554999")
        warm.start()
        warm.say("When are you open?")  # the functions server's first LLM turn builds its agent
        warm.hangup()
        hung = []
        for n in range(3):
            phone = SimulatedCall(base, LOCAL_TWILIO_AUTH_TOKEN, gather_business.phone_numbers[0],
                                  f"+1212555{4000 + n:04d}")
            phone.start()
            began = time.perf_counter()
            answer = phone.say("please hang on, I'd like to book a haircut")
            hung.append((time.perf_counter() - began, answer.kind == "gather" and bool(answer.text)))
            phone.hangup()
        print(f"<Gather>, hung model: answered in max {max(s for s, _ in hung):.2f} s "
              f"({', '.join(f'{s:.2f}' for s, _ in hung)}; target <= 2.5), answered {sum(ok for _, ok in hung)}/3")
    finally:
        stack.stop()
        model_process.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
