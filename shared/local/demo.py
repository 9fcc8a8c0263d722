"""`make demo`: brings the local stack up (if it is not already), then shows Roxy's calendar and
CRM through the same HTTP tools API an integrator or the agent uses. Stops what it started."""

from __future__ import annotations

import datetime as dt
import json
import sys
import urllib.error
import urllib.request
from zoneinfo import ZoneInfo

from shared.local.stack import StackError, dev_stack


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
    moment = dt.datetime.fromisoformat(iso)
    return moment.strftime("%a %d %b %H:%M")


def run_demo(env: dict[str, str]) -> None:
    tools = Tools(env["FUNCTIONS_BASE_URL"], env["DEMO_API_KEY"])
    zone = ZoneInfo("America/New_York")
    print(f"\nRoxy demo: business '{env['DEMO_BUSINESS_ID']}' on {env['DEMO_BUSINESS_NUMBER']}\n")

    today = dt.datetime.now(zone).date()
    status, found = tools.call("check_availability", {
        "service": "haircut", "date": (today + dt.timedelta(days=1)).isoformat(),
        "end_date": (today + dt.timedelta(days=14)).isoformat()})
    slots = found.get("slots", [])
    if status != 200 or not slots:
        raise SystemExit(f"no free haircut slot in the next two weeks: {status} {found}")
    first_day = slots[0]["start"][:10]
    same_day = [s for s in slots if s["start"].startswith(first_day)]
    print(f"1. Free haircut slots on {first_day}: {len(same_day)}, e.g. "
          + ", ".join(s["start"][11:16] for s in same_day[:5]))

    slot = same_day[len(same_day) // 2]
    status, booked = tools.call("book_appointment", {
        "service": "Haircut", "start": slot["start"], "caller_phone": "(212) 555-0142",
        "caller_name": "Jane Doe", "email": "jane@example.com", "notes": "demo booking"})
    appointment = booked["appointment"]
    print(f"2. Booked {appointment['service']} for {appointment['caller_name']} "
          f"({appointment['caller_phone']}) at {spoken(appointment['start'])} -> {status} "
          f"{appointment['status']}, id {appointment['id']}")

    clash_start = (dt.datetime.fromisoformat(slot["start"]) + dt.timedelta(minutes=15)).isoformat()
    status, clash = tools.call("book_appointment", {
        "service": "Haircut", "start": clash_start, "caller_phone": "+12125550143",
        "caller_name": "Bob Smith"})
    error = clash["error"]
    print(f"3. Bob asks for {spoken(clash_start)} -> {status} refused: {error['message']}")
    print("   Nearest free times offered: " + ", ".join(spoken(a["start"]) for a in error["alternatives"]))

    status, captured = tools.call("capture_lead", {
        "name": "Sam Lee", "phone": "212-555-0177", "email": "sam@example.com",
        "interest": "hair colouring", "area": "Brooklyn",
        "notes": "Not ready to book; wants a price for balayage"})
    lead = captured["lead"]
    print(f"4. Lead captured: {lead['name']} {lead['phone']} -> {status}, stage '{lead['stage']}', "
          f"score {lead['score']:g}/100")
    for item in lead["score_breakdown"]:
        print(f"     {item['points']:>5g}  {item['factor']:<16} {item['detail']}")

    status, listed = tools.call("list_appointments", {"caller_phone": "+12125550142"})
    print("5. Jane's upcoming appointments: "
          + ", ".join(f"{a['service']} {spoken(a['start'])}" for a in listed["appointments"]))
    print("\nEvery step above went through POST /tools/{name} on the local functions server, "
          "backed by the Firestore emulator.")


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
    except StackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if started:
            stack.stop()
            print("Local stack stopped (it was started for the demo; `make up` keeps one running).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
