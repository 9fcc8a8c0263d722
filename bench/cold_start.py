"""Cold start: a fresh process serving only `voice_webhook` (deploy layout: root main.py) until its
first TwiML answer to a signed incoming-call webhook, beside a trivial functions-framework function
in the same run. Target: <= 3x the trivial one. Imports are lazy; the first request pays for the
clients it uses (Firestore, Twilio's validator), not for OpenAI, Cloud Tasks or Mem0. A third function
shows the floor under that: the Firestore client alone making the greeting's three round trips
(route, caller, call create) and answering a fixed TwiML, with none of our code. Like the
deploy, the source is compiled to bytecode first (cloudbuild.yaml's `bytecode` step, run here with
this interpreter).

    .venv/bin/python bench/cold_start.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.config import LOCAL_TWILIO_AUTH_TOKEN  # noqa: E402
from shared.local.stack import Stack, free_port  # noqa: E402

FF = str(ROOT / ".venv" / "bin" / "functions-framework")

TRIVIAL = "def hello(request):\n    return 'ok'\n"

FIRESTORE_FLOOR = """
import hashlib
import os


def greet(request):
    from google.cloud import firestore

    form = request.form
    client = firestore.Client(project=os.environ["GOOGLE_CLOUD_PROJECT"])
    route = client.collection("phone_numbers").document(form["To"]).get().to_dict()
    business = client.collection("businesses").document(route["business_id"])
    business.collection("leads").document(hashlib.sha256(form["From"].encode()).hexdigest()[:24]).get()
    business.collection("calls").document(form["CallSid"]).create({"caller": form["From"]})
    return '<Response><Gather input="speech dtmf"><Say>Hello</Say></Gather></Response>'
"""


def compile_like_the_deploy() -> None:
    import yaml

    step = next(s for s in yaml.safe_load((ROOT / "cloudbuild.yaml").read_text())["steps"] if s["id"] == "bytecode")
    subprocess.run([sys.executable, *step["args"]], cwd=ROOT, check=True)


def first_answer(argv: list[str], env: dict[str, str], request) -> float:
    """Seconds from starting the process to the first 200 answer of `request()`."""
    began = time.perf_counter()
    process = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        while time.perf_counter() - began < 60:
            try:
                if request() == 200:
                    return time.perf_counter() - began
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.005)
        raise RuntimeError("no answer within 60 s")
    finally:
        os.killpg(process.pid, 15)
        process.wait()


def get(url: str):
    def request() -> int:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status

    return request


def signed_call(url: str, public_url: str, to: str, counter: list[int]):
    """Twilio signs the public URL (base + /voice_webhook); the process serves it at `url`."""
    from twilio.request_validator import RequestValidator

    def request() -> int:
        counter[0] += 1
        params = {"CallSid": f"CA{counter[0]:032d}", "From": "+12125550100", "To": to,
                  "CallStatus": "ringing", "AccountSid": "AC" + "0" * 32}
        signature = RequestValidator(LOCAL_TWILIO_AUTH_TOKEN).compute_signature(public_url, params)
        data = urllib.parse.urlencode(params).encode()
        req = urllib.request.Request(url, data=data, method="POST", headers={"X-Twilio-Signature": signature})
        with urllib.request.urlopen(req, timeout=30) as response:
            body = response.read()
            return response.status if b"<Gather" in body else 500

    return request


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_like_the_deploy()
    stack = Stack.on_free_ports(ROOT / ".run" / "bench-cold", "demo-voicehive-bench")
    env = stack.start()
    os.environ.update(env)
    try:
        from google.cloud import firestore

        from shared.adapters.firestore_store import FirestoreBusinesses
        from shared.services.businesses import BusinessDirectory
        from tests.factories import make_business

        business = make_business(id="cold-salon")
        BusinessDirectory(FirestoreBusinesses(firestore.Client(project=stack.project))).register(business)
        with tempfile.TemporaryDirectory() as tmp:
            trivial, floor = Path(tmp) / "trivial.py", Path(tmp) / "floor.py"
            trivial.write_text(TRIVIAL)
            floor.write_text(FIRESTORE_FLOOR)
            trivial_times, floor_times, voice_times = [], [], []
            counter = [0]
            for _ in range(args.runs):
                port = free_port()
                trivial_times.append(first_answer(
                    [FF, f"--source={trivial}", "--target=hello", "--host=127.0.0.1", f"--port={port}"],
                    dict(os.environ), get(f"http://127.0.0.1:{port}/")))
                port = free_port()
                base = f"http://127.0.0.1:{port}"
                floor_times.append(first_answer(
                    [FF, f"--source={floor}", "--target=greet", "--host=127.0.0.1", f"--port={port}"],
                    dict(os.environ), signed_call(f"{base}/", f"{base}/greet", business.phone_numbers[0], counter)))
                port = free_port()
                base = f"http://127.0.0.1:{port}"
                voice_times.append(first_answer(
                    [FF, "--source=main.py", "--target=voice_webhook", "--host=127.0.0.1", f"--port={port}"],
                    {**os.environ, "PUBLIC_BASE_URL": base},
                    signed_call(f"{base}/", f"{base}/voice_webhook", business.phone_numbers[0], counter)))
        trivial_p50, floor_p50, voice_p50 = (statistics.median(t) for t in (trivial_times, floor_times, voice_times))
        for label, times in (("trivial function, start to first 200:      ", trivial_times),
                             ("Firestore floor, start to first TwiML:     ", floor_times),
                             ("voice_webhook, start to first TwiML answer:", voice_times)):
            print(f"{label} p50 {statistics.median(times) * 1000:6.0f} ms "
                  f"(runs: {', '.join(f'{t * 1000:.0f}' for t in times)})")
        print(f"Firestore floor ratio {floor_p50 / trivial_p50:.2f}; "
              f"voice_webhook over the floor: {(voice_p50 - floor_p50) * 1000:.0f} ms")
        ratio = voice_p50 / trivial_p50
        print(f"ratio {ratio:.2f} (target <= 3) -> {'OK' if ratio <= 3 else 'MISSED'}")
        return 0 if ratio <= 3 else 1
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
