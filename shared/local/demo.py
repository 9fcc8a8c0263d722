"""`make demo`: brings the local stack up (if it is not already running), shows the calendar through
the tools API, then rings Roxy five times as Twilio would -- new booking, reschedule, cancel,
objection, FAQ fallback -- with the scripts in infra/demo/calls/, and prints the conversations and
the appointments, leads and calls they left behind, and ends with the owner console's address and
login (the stack stays up for it; `make down` stops it).

Roxy answers with the offline dialogue engine unless OPENAI_API_KEY is set for the stack.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time
import urllib.error
import urllib.request
from zoneinfo import ZoneInfo

from shared.local.stack import ROOT, StackError, dev_stack

SCRIPTS = ROOT / "infra" / "demo" / "calls"


class Tools:
    def __init__(self, base_url: str, api_key: str):
        self.base = f"{base_url}/tools"
        self.key = api_key

    def call(self, name: str, args: dict) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"{self.base}/{name}", data=json.dumps(args).encode(), method="POST",
            headers={"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())


def spoken(iso: str) -> str:
    return dt.datetime.fromisoformat(iso).strftime("%a %d %b %H:%M")


def day_name(day: dt.date) -> str:
    n = day.day
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{day:%A} {day:%B} {n}{suffix}"


def open_day(tools: Tools, service: str, after: dt.date, hhmm: str) -> tuple[dt.date, list[dict]]:
    """The first day after `after` where `service` is free at `hhmm`, and that day's slots."""
    _, found = tools.call("check_availability", {"service": service, "date": after.isoformat(),
                                                 "end_date": (after + dt.timedelta(days=30)).isoformat()})
    by_day: dict[str, list[dict]] = {}
    for slot in found.get("slots", []):
        by_day.setdefault(slot["start"][:10], []).append(slot)
    for day, slots in sorted(by_day.items()):
        if any(s["start"][11:16] == hhmm for s in slots):
            return dt.date.fromisoformat(day), slots
    raise SystemExit(f"no {service} free at {hhmm} in the next month")


def run_demo(env: dict[str, str]) -> None:
    from shared.local import callscript
    from shared.local.phone import SimulatedCall

    tools = Tools(env["FUNCTIONS_BASE_URL"], env["DEMO_API_KEY"])
    zone = ZoneInfo("America/New_York")
    today = dt.datetime.now(zone).date()
    numbers = random.sample(range(2000, 9999), 5)
    jane, bob, sam, maria, walker = (f"+1212555{n:04d}" for n in numbers)
    engine = "the LLM agent" if os.environ.get("OPENAI_API_KEY") else "the offline dialogue engine"
    print(f"\nRoxy demo: '{env['DEMO_BUSINESS_ID']}' answers {env['DEMO_BUSINESS_NUMBER']} with {engine}.\n")

    day, slots = open_day(tools, "Haircut", today + dt.timedelta(days=2), "10:00")
    day2, _ = open_day(tools, "Haircut", day + dt.timedelta(days=1), "14:00")
    print("== The calendar through the tools API ==")
    print(f"  Free haircuts on {day_name(day)}: {len(slots)} slots, e.g. "
          + ", ".join(s["start"][11:16] for s in slots[:6]))
    trim_start = next(s["start"] for s in slots if s["start"][11:16] >= "15:00")
    _, booked = tools.call("book_appointment", {"service": "Beard Trim", "start": trim_start,
                                                "caller_phone": bob, "caller_name": "Bob Smith",
                                                "email": "bob@example.com"})
    print(f"  Bob books a Beard Trim at {spoken(trim_start)} -> {booked['appointment']['status']}")
    clash = (dt.datetime.fromisoformat(trim_start) + dt.timedelta(minutes=15)).isoformat()
    stylist = booked["appointment"].get("staff")  # the same chair: the demo salon has a team
    status, refused = tools.call("book_appointment", {"service": "Haircut", "start": clash, "caller_phone": walker,
                                                      "caller_name": "Walk In",
                                                      **({"staff": stylist} if stylist else {})})
    print(f"  Someone else asks for {spoken(clash)}" + (f" with {stylist}" if stylist else "")
          + f" -> {status}: {refused['error']['message']} "
          f"Offered: {', '.join(spoken(a['start']) for a in refused['error']['alternatives'])}")

    calls = []
    for script, caller in zip(sorted(SCRIPTS.glob("*.txt")), (jane, jane, bob, sam, maria), strict=True):
        title = script.stem.split("-", 1)[1].replace("-", " ")
        print(f"\n== Call: {title} (from {caller}) ==")
        lines = script.read_text().format(day=day_name(day), day2=day_name(day2)).splitlines()
        phone = SimulatedCall(env["FUNCTIONS_BASE_URL"], env["TWILIO_AUTH_TOKEN"], env["DEMO_BUSINESS_NUMBER"],
                              caller)
        callscript.run(phone, lines, sys.stdout)
        calls.append(phone.call_sid)

    print("\n== Appointments of the demo callers ==")
    _, schedule = tools.call("list_schedule", {"date": today.isoformat(),
                                               "end_date": (today + dt.timedelta(days=31)).isoformat(),
                                               "include_cancelled": True})
    for appointment in schedule["appointments"]:
        if appointment["caller_phone"] in (jane, bob):
            print(f"  {spoken(appointment['start'])}  {appointment['service']:<12} {appointment['caller_name']:<10}"
                  f" {appointment['status']:<12} via {appointment['source'][:12]}")

    print("\n== Leads of the demo callers ==")
    _, leads = tools.call("search_leads", {"limit": 100})
    for lead in leads["leads"]:
        if lead["phone"] in (jane, bob, sam, maria):
            notes = lead["notes"].replace("\n", " / ")
            print(f"  {lead['name'] or '?':<12} {lead['phone']}  stage {lead['stage']:<9} score {lead['score']:>4g}"
                  + (f"  notes: {notes[:70]}" if notes else ""))


    os.environ.setdefault("FIRESTORE_EMULATOR_HOST", env["FIRESTORE_EMULATOR_HOST"])
    from google.cloud import firestore

    client = firestore.Client(project=env["GOOGLE_CLOUD_PROJECT"])
    collection = client.collection("businesses").document(env["DEMO_BUSINESS_ID"]).collection("calls")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(
            (collection.document(sid).get().to_dict() or {}).get("post_call_done") for sid in calls):
        time.sleep(0.2)
    time.sleep(1.0)  # let the queued texts go out
    show_outbox(env, {jane, bob, sam, maria})
    print("\n== Calls ==")
    for sid in calls:
        record = collection.document(sid).get().to_dict()
        outcome = ", ".join(dict.fromkeys(record["outcomes"])) or "-"
        turns = len(list(collection.document(sid).collection("turns").stream()))
        print(f"  {sid[:10]}...  {turns} turns  status {record['status']:<10} outcome {outcome}"
              f"  post-call {'done' if record['post_call_done'] else 'pending'}")
    show_memories(client, env["DEMO_BUSINESS_ID"])


def show_memories(client, business_id: str) -> None:
    print("\n== What Roxy remembers (Firestore, and local Mem0 when synced) ==")
    memories = client.collection("businesses").document(business_id).collection("memories")
    for memory in sorted((m.to_dict() for m in memories.stream()), key=lambda m: (m["user_id"], m["kind"])):
        synced = "in Mem0" if memory.get("synced_digest") == memory["digest"] else "Firestore only"
        text = memory["text"].replace("\n", " / ")
        print(f"  {memory['user_id'][:8]}  {memory['kind']:<12} {synced:<14} {text[:80]}")


def show_outbox(env: dict[str, str], callers: set[str]) -> None:
    with urllib.request.urlopen(f"{env['SINKS_URL']}/_outbox", timeout=10) as response:
        outbox = json.loads(response.read())
    print("\n== Texts and emails Roxy sent (local Twilio/SendGrid sinks) ==")
    for sms in outbox["sms"]:
        if sms["to"] in callers or sms["to"] == "+12125550199":
            print(f"  SMS to {sms['to']}: {sms['body'][:110]}")
    for mail in outbox["email"]:
        print(f"  Email to {mail['personalizations'][0]['to'][0]['email']}: {mail['subject']}"
              + ("  [+ calendar invite]" if mail.get("attachments") else ""))


def main() -> int:
    stack = dev_stack()
    started = False
    try:
        if not stack.running():
            print("Starting the local stack (Firestore emulator, Cloud Tasks emulator, functions)...")
            stack.start()
            started = True
        env = dict(line.split("=", 1) for line in stack.env_file.read_text().splitlines() if "=" in line)
        run_demo(env)
    except BaseException as exc:
        if started:
            stack.stop()
        if isinstance(exc, StackError):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        raise
    print("\n== The owner console ==")
    print(f"  Open {env['CONSOLE_URL']} and sign in as {env['CONSOLE_DEMO_EMAIL']} / {env['CONSOLE_DEMO_PASSWORD']}")
    if started:
        print("  (the stack stays up for it; `make down` stops it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
