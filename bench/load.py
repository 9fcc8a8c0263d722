"""Concurrent calls through the local stack: C = 1, 10, 50 simulated callers at once.

Starts its own stack on free ports, a scripted OpenAI-compatible server in its own process that
answers every turn after a fixed latency, and a functions server using it. Each simulated caller
rings, then speaks M turns, pausing between turns as a caller does while talking (--think).
Prints, per C, the turns, the errors (non-200 or a non-TwiML answer) and the p50/p99 server time
per turn (from the server's X-VoiceHive-Turn header) and the p50/p99 time the caller waited.
Target: no errors at 50 and p99 at 50 within 3x of p99 at 1.

    .venv/bin/python bench/load.py [--turns 6] [--llm-latency 0.3] [--think 1.0]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.config import LOCAL_TWILIO_AUTH_TOKEN  # noqa: E402
from shared.local.phone import SimulatedCall, parse  # noqa: E402
from shared.local.stack import Stack, _wait, free_port  # noqa: E402

LINES = ["Hi, what services do you offer?", "How much is a haircut?", "Do you have parking?",
         "What are your hours on Saturday?", "Great, thank you.", "One more question about colouring."]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def one_caller(base: str, number: str, caller: str, turns: int, think: float, results: list, lock) -> None:
    from twilio.request_validator import RequestValidator

    phone = SimulatedCall(base, LOCAL_TWILIO_AUTH_TOKEN, number, caller)
    answer = phone.start()
    mine = []
    for n in range(turns):
        if answer.kind != "gather":
            mine.append(("error", 0.0, 0.0))
            break
        time.sleep(think)
        url = answer.action
        params = phone._params(SpeechResult=LINES[n % len(LINES)], Confidence="0.9")
        data = urllib.parse.urlencode(params).encode()
        request = urllib.request.Request(url, data=data, method="POST", headers={
            "X-Twilio-Signature": RequestValidator(LOCAL_TWILIO_AUTH_TOKEN).compute_signature(url, params),
            "Content-Type": "application/x-www-form-urlencoded"})
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read().decode()
                header = response.headers.get("X-VoiceHive-Turn", "")
            waited = (time.perf_counter() - began) * 1000
            answer = parse(body)
            server = float(dict(item.split("=") for item in header.split())["total_ms"])
            mine.append(("ok" if answer.kind == "gather" else "error", server, waited))
        except Exception:
            mine.append(("error", 0.0, (time.perf_counter() - began) * 1000))
            break
    phone.hangup()
    with lock:
        results.extend(mine)


def run(base: str, number: str, concurrency: int, turns: int, think: float) -> dict:
    results: list = []
    lock = threading.Lock()
    threads = [threading.Thread(target=one_caller, args=(base, number, f"+1212555{4000 + n:04d}", turns, think,
                                                         results, lock)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ok = [r for r in results if r[0] == "ok"]
    return {"turns": len(results), "errors": len(results) - len(ok),
            "server_p50": percentile([r[1] for r in ok], 50), "server_p99": percentile([r[1] for r in ok], 99),
            "wait_p50": percentile([r[2] for r in ok], 50), "wait_p99": percentile([r[2] for r in ok], 99)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=6)
    parser.add_argument("--llm-latency", type=float, default=0.3)
    parser.add_argument("--think", type=float, default=1.0, help="seconds a caller talks between turns")
    parser.add_argument("--levels", default="1,10,50")
    args = parser.parse_args()
    stack = Stack.on_free_ports(ROOT / ".run" / "bench-load", "demo-voicehive-bench")
    env = stack.start()
    os.environ.update(env)
    llm_port = free_port()
    llm = subprocess.Popen([sys.executable, "-m", "shared.local.scripted_llm", "--port", str(llm_port),
                            "--delay", str(args.llm_latency)], cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        from shared.app import get_app
        from tests.factories import every_day, make_business

        business = make_business(id="load-salon", hours=every_day("00:00", "23:55"))
        get_app().directory.register(business)
        _wait(lambda: _socket_open(llm_port), "The scripted LLM", stack.run_dir / "llm.log")
        base = stack.spawn_functions("functions-load", free_port(), {
            "OPENAI_API_KEY": "sk-load", "OPENAI_BASE_URL": f"http://127.0.0.1:{llm_port}/v1",
            "OPENAI_DEADLINE_SECONDS": "5", "LOG_LEVEL": "WARNING"})
        run(base, business.phone_numbers[0], 2, 2, 0.0)  # warm up
        print(f"scripted LLM latency {args.llm_latency * 1000:.0f} ms, {args.turns} turns per call, "
              f"{args.think:.1f} s of caller speech between turns")
        figures = {}
        for level in (int(c) for c in args.levels.split(",")):
            figures[level] = result = run(base, business.phone_numbers[0], level, args.turns, args.think)
            print(f"C={level:>3}: {result['turns']:>4} turns, {result['errors']} errors; server p50 "
                  f"{result['server_p50']:.0f} ms p99 {result['server_p99']:.0f} ms; caller waited p50 "
                  f"{result['wait_p50']:.0f} ms p99 {result['wait_p99']:.0f} ms")
        low, high = min(figures), max(figures)
        ratio = figures[high]["server_p99"] / figures[low]["server_p99"]
        ok = figures[high]["errors"] == 0 and ratio <= 3
        print(f"p99 at C={high} / p99 at C={low}: {ratio:.2f} (target <= 3, no errors) -> {'OK' if ok else 'MISSED'}")
        return 0 if ok else 1
    finally:
        os.killpg(llm.pid, 15)
        llm.wait()
        stack.stop()


def _socket_open(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


if __name__ == "__main__":
    sys.exit(main())
