"""Scoring a finished call on the final state, as tau2-bench scores agents: the appointments, the
lead, the texts and the staff alerts must be what the goal implies; then the turn checks.

Each check returns failures as (group, detail); a call passes when it has none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bench.calls.caller import Caller, Goal

ACTIVE = ("booked", "confirmed", "rescheduled")
# Courtesies a call may say after each thing done: not a repeat
FORMULAS = re.compile(r"anything else|look forward to seeing you|how can i help you today")
# A read-back: said again with a correction made, its unchanged parts are the summary, not a loop
READ_BACK = re.compile(r"shall i (?:book that|go ahead)", re.I)
NOT_HEARD = re.compile(r"didn'?t (quite )?(get|catch) that|didn'?t understand|say that again|could you repeat",
                       re.I)


@dataclass
class Outcome:
    """What a finished call left behind, read from the fakes."""

    goal: Goal
    caller: Caller
    zone: dt.tzinfo
    transcript: list[tuple[str, str]]
    call_sid: str
    appointments: list[dict]        # every appointment of the business
    leads: list[dict]
    notifications: list[dict]
    call_record: dict | None
    existing_id: str | None         # the seeded appointment (move, cancel)
    staff_phone: str

    @property
    def phone(self) -> str:
        return self.caller.persona.phone

    def lead(self) -> dict | None:
        return next((lead for lead in self.leads if lead["phone"] == self.phone), None)

    def made(self) -> list[dict]:
        """Appointments this call created and that are still active."""
        return [a for a in self.appointments
                if a.get("source") == f"call:{self.call_sid}" and a["status"] in ACTIVE and a["id"] != self.existing_id]

    def alerts(self) -> list[str]:
        return [n["body"] for n in self.notifications if n["kind"] == "staff_alert"]

    def texts(self) -> list[dict]:
        return [n for n in self.notifications if n["to"] == self.phone]

    def local(self, appointment: dict) -> dt.datetime:
        return appointment["start"].astimezone(self.zone)

    def roxy(self) -> list[str]:
        return [text for who, text in self.transcript if who == "roxy"]


def score(out: Outcome) -> list[tuple[str, str]]:
    checks = {"book": _book, "move": _move, "cancel": _cancel, "ask": _ask, "message": _message,
              "person": _person, "not_ready": _not_ready, "complaint": _complaint, "emergency": _emergency,
              "wrong_number": _no_trace, "sales": _no_trace}
    failures = checks[out.goal.kind](out)
    failures += _turns(out) + _texts(out) + _log(out)
    return failures


def _log(out: Outcome) -> list[tuple[str, str]]:
    """The lead's log of this call names no service but the ones the caller wanted."""
    g, lead = out.goal, out.lead()
    wanted = {s for s in (g.service, g.emergency_service, (g.also or {}).get("service"),
                          (g.question or {}).get("service")) if s}
    if lead is None or not wanted:
        return []
    logged = [i["detail"] for i in lead.get("recent_interactions", []) if i["id"] == f"call-{out.call_sid}"]
    lines = [line for text in logged for line in text.splitlines()
             if line.startswith("Wanted:") and not line.startswith("Wanted: booked")]  # a booking is a fact
    named = {s for s in out.caller.services for line in lines if s.lower() in line.lower()}
    others = named - wanted
    return [("lead: call log names a service not asked for", f"{sorted(others)} in {lines}")] if others else []


def _mentions(texts: list[str], expect: list[str]) -> bool:
    joined = " ".join(texts).lower()
    return any(e.lower() in joined for e in expect)


# --- goals -------------------------------------------------------------------------------------

def _book(out: Outcome) -> list[tuple[str, str]]:
    g, fails = out.goal, []
    made = out.made()
    wanted = [(g.service, g.other or out.caller.persona.first)]
    if g.also:
        wanted.append((g.also["service"], g.also.get("name") or out.caller.persona.first))
    if len(made) != len(wanted):
        got = ", ".join(f"{a['service']} {out.local(a):%a %H:%M}" for a in made) or "nothing"
        fails.append(("book: wrong number of bookings", f"wanted {len(wanted)}, got {got}"))
    unmatched = list(made)
    for service, name in wanted:
        match = sorted((a for a in unmatched if a["service"] == service),
                       key=lambda a: name.lower() not in a["caller"]["name"].lower())  # theirs first
        if match:
            unmatched.remove(match[0])
        if not match:
            if made:
                fails.append(("book: wrong service", f"wanted {service}, got {[a['service'] for a in made]}"))
            continue
        appointment = match[0]
        start = out.local(appointment)
        if not g.fits(start):
            fails.append(("book: wrong day or time", f"wanted {g.day:%a} {g.part}, got {start:%a %H:%M}"))
        if name and name.lower() not in appointment["caller"]["name"].lower():
            fails.append(("book: wrong name on the booking", f"wanted {name}, got {appointment['caller']['name']}"))
        if g.email and (appointment["caller"].get("email") or "").lower() != out.caller.persona.email:
            fails.append(("book: email not on the booking", f"got {appointment['caller'].get('email')}"))
        if not any(n.get("appointment_id") == appointment["id"] and n["kind"] == "confirmation" for n in out.texts()):
            fails.append(("book: no confirmation text", appointment["service"]))
    lead = out.lead()
    if made:
        if lead is None or lead["stage"] != "booked":
            fails.append(("lead: stage not booked after a booking", str(lead and lead["stage"])))
        elif "nothing was booked" in lead.get("notes", ""):
            fails.append(("lead: says nothing was booked", lead["notes"][-120:]))
        on_booking = {(a["caller"].get("email") or "").lower() for a in made} - {""}
        if lead and on_booking and (lead.get("email") or "").lower() not in on_booking:
            fails.append(("lead: email given during the booking missing", str(lead.get("email"))))
    return fails


def _existing(out: Outcome) -> dict | None:
    return next((a for a in out.appointments if a["id"] == out.existing_id), None)


def _move(out: Outcome) -> list[tuple[str, str]]:
    fails = []
    moved = _existing(out)
    if moved["status"] != "rescheduled":
        fails.append(("move: not moved", f"status {moved['status']}"))
    elif not out.goal.fits(out.local(moved)):
        fails.append(("move: wrong new time",
                      f"wanted {out.goal.day:%a} {out.goal.part}, got {out.local(moved):%a %H:%M}"))
    if out.made():
        fails.append(("move: a new booking instead", ", ".join(a["service"] for a in out.made())))
    if moved["status"] == "rescheduled" and not any(n["kind"] == "reschedule" for n in out.texts()):
        fails.append(("move: no text of the new time", ""))
    return fails


def _cancel(out: Outcome) -> list[tuple[str, str]]:
    fails = []
    cancelled = _existing(out)
    if cancelled["status"] != "cancelled":
        fails.append(("cancel: not cancelled", f"status {cancelled['status']}"))
    else:
        if not any(n["kind"] == "cancellation" for n in out.texts()):
            fails.append(("cancel: no cancellation text", ""))
        lead = out.lead()
        if lead and lead["stage"] == "booked":
            fails.append(("lead: still booked after its only booking was cancelled", ""))
    if out.made():
        fails.append(("cancel: a new booking instead", ", ".join(a["service"] for a in out.made())))
    return fails


def _nothing_booked(out: Outcome, kind: str) -> list[tuple[str, str]]:
    made = out.made()
    return [(f"{kind}: booked something", ", ".join(a["service"] for a in made))] if made else []


def _ask(out: Outcome) -> list[tuple[str, str]]:
    q = out.goal.question
    fails = _nothing_booked(out, "ask")
    if not _mentions(out.roxy()[1:], q["expect"]):
        fails.append(("ask: answer not given", f"{q['say'][0]!r} wanted {q['expect']}"))
    lead = out.lead()
    if lead and lead.get("interest_service") and q.get("service") and lead["interest_service"] != q["service"]:
        fails.append(("lead: interest is not what was asked about", f"{lead['interest_service']} vs {q['service']}"))
    return fails


def _alert_about(out: Outcome, expect: list[str], group: str) -> list[tuple[str, str]]:
    alerts = out.alerts()
    if not alerts:
        return [(f"{group}: no staff alert", "")]
    if not _mentions(alerts, expect):
        return [(f"{group}: staff alert does not say what it was about", alerts[-1][:160])]
    return []


def _message(out: Outcome) -> list[tuple[str, str]]:
    m = out.goal.message
    return _nothing_booked(out, "message") + _alert_about(out, m["expect"] + [], "message") + \
        _alert_about(out, [m["staff"].split()[-1]], "message for a person")


def _person(out: Outcome) -> list[tuple[str, str]]:
    staff = out.goal.staff
    fails = _nothing_booked(out, "person")
    outcomes = (out.call_record or {}).get("outcomes", [])
    alerts = out.alerts()
    if "transfer" not in outcomes and not _mentions(alerts, [staff.split()[-1]]):
        fails.append(("person: neither put through nor a message for them", ""))
    if "transfer_unanswered" in outcomes:
        if not _mentions(alerts, [staff.split()[-1]]):
            fails.append(("voicemail alert: does not say who it was for", (alerts or [""])[-1][:160]))
        if not _mentions(alerts, ["nobody", "no one", "no answer", "unanswered", "rang"]):
            fails.append(("voicemail alert: does not say whether anyone was rung", (alerts or [""])[-1][:160]))
    return fails


def _not_ready(out: Outcome) -> list[tuple[str, str]]:
    fails = _nothing_booked(out, "not ready")
    lead = out.lead()
    if lead is None:
        fails.append(("not ready: no lead", ""))
        return fails
    if lead.get("interest_service") != out.goal.service:
        fails.append(("lead: interest is not what was asked about",
                      f"{lead.get('interest_service')} vs {out.goal.service}"))
    if lead["stage"] in ("booked", "customer"):
        fails.append(("lead: stage booked with nothing booked", lead["stage"]))
    if not any(n["kind"] == "lead_followup" for n in out.texts()):
        fails.append(("not ready: no follow-up text", ""))
    return fails


def _complaint(out: Outcome) -> list[tuple[str, str]]:
    return _nothing_booked(out, "complaint") + _alert_about(out, out.goal.complaint["expect"], "complaint")


def _emergency(out: Outcome) -> list[tuple[str, str]]:
    g = out.goal
    made = out.made()
    urgent = [a for a in out.alerts() if "urgent" in a.lower() or _mentions([a], g.emergency["expect"])]
    fitting = [a for a in made if a["service"] == g.emergency_service
               and (out.local(a).date() - out.caller.today).days <= 1]
    wrong = [a for a in made if a not in fitting]
    fails = []
    if wrong:
        fails.append(("emergency: booked an ordinary service", ", ".join(a["service"] for a in wrong)))
    if not urgent and not fitting:
        fails.append(("emergency: no urgent alert to the team", (out.alerts() or ["no alert"])[-1][:160]))
    return fails


def _no_trace(out: Outcome) -> list[tuple[str, str]]:
    fails = []
    kind = out.goal.kind.replace("_", " ")
    if out.lead():
        fails.append((f"{kind}: a lead was created", out.lead().get("notes", "")[:80]))
    if out.made():
        fails.append((f"{kind}: booked something", ""))
    if out.notifications:
        fails.append((f"{kind}: something was sent", out.notifications[0]["body"][:100]))
    return fails


# --- turns and texts ---------------------------------------------------------------------------

def _turns(out: Outcome) -> list[tuple[str, str]]:
    fails = []
    previous = ""
    seen: dict[str, int] = {}
    for i, (who, text) in enumerate(out.transcript):
        if who == "caller":
            previous = text
            continue
        if NOT_HEARD.search(text) and previous:
            fails.append(("turn: 'didn't get that' for a grammar sentence", previous[:120]))
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            key = re.sub(r"\W+", " ", sentence.lower()).strip()
            if len(key.split()) >= 6 and not FORMULAS.search(key):
                revised = READ_BACK.search(text) and key in seen and out.transcript[seen[key]][1] != text
                if key in seen and seen[key] != i and not revised:
                    fails.append(("turn: a sentence said twice", sentence[:120]))
                seen.setdefault(key, i)
    for fact in out.caller.repeats:
        fails.append(("turn: asked again for what was given", fact))
    return fails


def _texts(out: Outcome) -> list[tuple[str, str]]:
    """No text to the caller says something false about their bookings."""
    fails = []
    by_id = {a["id"]: a for a in out.appointments}
    active_now = [a for a in out.appointments if a["status"] in ACTIVE and a["caller_phone"] == out.phone]
    for note in out.texts():
        body = note["body"]
        appointment = by_id.get(note.get("appointment_id") or "")
        if note["kind"] in ("confirmation", "reschedule", "cancellation") and \
                (appointment is None or appointment["service"] not in body):
            fails.append(("text: false statement", f"{note['kind']} names no real booking: {body[:100]}"))
        if re.search(r"nothing (is|was) booked", body, re.I) and any(
                a.get("source") == f"call:{out.call_sid}" for a in active_now):
            fails.append(("text: false statement", f"says nothing is booked: {body[:100]}"))
    return fails
