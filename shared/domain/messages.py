"""What notifications say: Jinja2 templates per kind and channel, overridable per business, and the
calendar invite that travels with email confirmations; what the team's voicemail alert and a
returning caller's greeting say about them."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from shared.domain.appointments import Appointment
from shared.domain.calls import Call
from shared.domain.notes import NoteKind, of_kind
from shared.language import speech

if TYPE_CHECKING:  # business.py checks templates with this module: no circle at run time
    from shared.domain.business import Business

DEFAULTS: dict[str, dict[str, dict[str, str]]] = {
    "confirmation": {
        "sms": {"body": "{{ business }}: you're booked for {{ service | a }}{{ with_staff }} on {{ when }}. "
                        "Reply C to confirm, X to cancel, R to reschedule. Reply STOP to opt out."},
        "email": {"subject": "Your {{ service }} at {{ business }} on {{ when }}",
                  "body": "Hi {{ name }},\n\nYou're booked for {{ service | a }}{{ with_staff }} on {{ when }}"
                          " ({{ duration }} minutes).\n{% if address %}\nWhere: {{ address }}\n{% endif %}"
                          "\nThe attached invite adds it to your calendar. To change or cancel, call us at "
                          "{{ phone }}.\n\nSee you soon,\n{{ business }}"}},
    "held": {
        "sms": {"body": "{{ business }}: we have your request for {{ service | a }} on {{ when }}. The team will "
                        "confirm it with you before then. Reply STOP to opt out."},
        "email": {"subject": "Your request: {{ service }} at {{ business }} on {{ when }}",
                  "body": "Hello,\n\nWe have your request for {{ service | a }} on {{ when }}. The team will "
                          "confirm it with you before then.\n\n{{ business }}"}},
    "reschedule": {
        "sms": {"body": "{{ business }}: your {{ service }}{{ with_staff }} has moved to {{ when }}. "
                        "Reply X to cancel or R to reschedule."},
        "email": {"subject": "Moved: your {{ service }} at {{ business }} is now {{ when }}",
                  "body": "Hi {{ name }},\n\nYour {{ service }}{{ with_staff }} has moved to {{ when }}. "
                          "The attached invite updates your calendar.\n\n{{ business }}"}},
    "cancellation": {
        "sms": {"body": "{{ business }}: your {{ service }} on {{ when }} is cancelled. "
                        "Call {{ phone }} or reply R to book again."},
        "email": {"subject": "Cancelled: your {{ service }} at {{ business }} on {{ when }}",
                  "body": "Hi {{ name }},\n\nYour {{ service }} on {{ when }} is cancelled. "
                          "We hope to see you another time.\n\n{{ business }}"}},
    "reminder": {
        "sms": {"body": "Reminder from {{ business }}: {{ service }}{{ with_staff }} {{ relative }}, {{ when }}. "
                        "Reply C to confirm, X to cancel, R to reschedule."},
        "email": {"subject": "Reminder: {{ service }} at {{ business }} {{ relative }}",
                  "body": "Hi {{ name }},\n\nA reminder of your {{ service }}{{ with_staff }} {{ relative }}, "
                          "{{ when }}.\n\n{{ business }}"}},
    "lead_followup": {
        "sms": {"body": "Hi {{ name }}, thanks for calling {{ business }}. {{ note }} "
                        "Call us at {{ phone }} whenever you're ready."},
        "email": {"subject": "Following up from {{ business }}",
                  "body": "Hi {{ name }},\n\nThanks for calling {{ business }}. {{ note }}\n\n{{ business }}"}},
    "staff_alert": {
        "sms": {"body": "Roxy: {{ note }}"},
        "email": {"subject": "Roxy: {{ headline }}", "body": "{{ note }}"}},
    "missed_call": {
        "sms": {"body": "Sorry we missed you at {{ business }}! Reply here or call {{ phone }} and we'll "
                        "help you book."},
        "email": {"subject": "We missed your call", "body": "{{ note }}"}},
    "waitlist_offer": {
        "sms": {"body": "{{ business }}: {{ service | a }} opened up on {{ when }}. Reply YES by {{ until }} to "
                        "take it, or NO to pass. Reply STOP to opt out."},
        "email": {"subject": "{{ service }} at {{ business }} opened up on {{ when }}",
                  "body": "Hi {{ name }},\n\n{{ service | a }} opened up on {{ when }}. Text YES to {{ phone }} "
                          "by {{ until }} to take it.\n\n{{ business }}"}},
    "reply": {
        "sms": {"body": "{{ note }}"},
        "email": {"subject": "{{ business }}", "body": "{{ note }}"}},
    "daily_summary": {
        "sms": {"body": "{{ headline }}"},
        "email": {"subject": "{{ headline }}", "body": "{{ note }}"}},
}


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from shared.language.speech import a

    # Sandboxed: business owners write their own templates.
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True)
    env.filters["a"] = a  # "{{ service | a }}": "a Haircut", "an Initial Assessment"
    return env


SAMPLE = {"business": "Salon", "phone": "+12125550100", "address": "1 Main St", "name": "Jane",
          "service": "Haircut", "when": "Friday November 27 at 3 PM", "relative": "tomorrow",
          "duration": 45, "note": "note", "headline": "headline", "staff": "Maria",
          "with_staff": " with Maria", "until": "3:40 PM"}


def check_template(text: str) -> str | None:
    """None if `text` renders with the variables notifications provide, else the error."""
    from jinja2 import TemplateError

    try:
        _environment().from_string(text).render(SAMPLE)
    except TemplateError as exc:
        return str(exc)
    return None


@lru_cache(maxsize=512)
def _compiled(text: str):
    return _environment().from_string(text)


def template_for(business: Business, kind: str, channel: str) -> dict[str, str]:
    override = business.templates.get(kind, {}).get(channel, {})
    return {**DEFAULTS[kind][channel], **override}


def render(business: Business, kind: str, channel: str, context: dict) -> tuple[str, str]:
    """(subject, body) of `kind` on `channel`; a business override replaces the default."""
    template = template_for(business, kind, channel)
    values = {"business": business.name, "phone": business.phone_numbers[0], "address": business.address,
              "staff": "", "with_staff": "", **context}
    subject = _compiled(template.get("subject", "")).render(values).strip()
    body = _compiled(template["body"]).render(values).strip()
    return subject, body


def appointment_context(business: Business, appointment: Appointment, now: dt.datetime) -> dict:
    start = appointment.start.astimezone(business.zone)
    local_now = now.astimezone(business.zone)
    hours = (appointment.start - now).total_seconds() / 3600
    relative = "today" if start.date() == local_now.date() else (
        "tomorrow" if start.date() == local_now.date() + dt.timedelta(days=1) else f"in {round(hours / 24)} days")
    first_name = appointment.staff_name.split()[0] if appointment.staff_name else ""
    where = appointment.visit_address if business.visits_callers else business.address
    return {"name": appointment.caller.name, "service": appointment.service, "address": where,
            "when": f"{start:%A} {start:%B} {start.day} at {speech.clock(start)}", "relative": relative,
            "duration": int((appointment.end - appointment.start).total_seconds() // 60),
            "staff": first_name, "with_staff": f" with {first_name}" if first_name else ""}


def calendar_invite(business: Business, appointment: Appointment, now: dt.datetime, cancel: bool = False) -> str:
    """An iCalendar invite; the same UID with a higher SEQUENCE updates it, METHOD:CANCEL removes it."""
    from icalendar import Calendar, Event, vCalAddress, vText

    calendar = Calendar()
    calendar.add("prodid", "-//VoiceHive//Roxy//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", f"{appointment.id}@{business.id}.voicehive")
    event.add("sequence", len(appointment.history) - 1)
    event.add("dtstamp", now)
    event.add("dtstart", appointment.start)
    event.add("dtend", appointment.end)
    with_staff = f" with {appointment.staff_name}" if appointment.staff_name else ""
    event.add("summary", f"{appointment.service}{with_staff} at {business.name}")
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    where = appointment.visit_address if business.visits_callers else business.address
    if where:
        event.add("location", where)
    organizer = vCalAddress(f"MAILTO:{business.notify_email or 'roxy@voicehive.local'}")
    organizer.params["cn"] = vText(business.name)
    event["organizer"] = organizer
    if appointment.caller.email:
        attendee = vCalAddress(f"MAILTO:{appointment.caller.email}")
        attendee.params["cn"] = vText(appointment.caller.name)
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def upcoming_sentence(upcoming: list[dict], count: int, first: str) -> str:
    """'I see you're booked for a Haircut Thursday at 10 AM and a Blow Dry Friday at 2 PM, and one
    more.': the next two by name (whose, when it is not the caller's own), then how many more."""
    parts, before = [], None
    for item in upcoming[:2]:
        whose = item["name"].split()[0] if item.get("name") else first
        own = whose.lower() == first.lower()
        booked = f"{speech.a(item['service'])} {item['when']}"
        if before is None:
            who = "you're" if own else f"{whose} is"  # booked for their son
            parts.append(f"I see {who} booked for {booked}")
        elif whose.lower() == before.lower():
            parts.append(f"and {booked}")
        else:
            parts.append(f"and you're booked for {booked}" if own else f"and {whose} for {booked}")
        before = whose
    more = max(count, len(upcoming)) - len(parts)
    tail = f", and {'one' if more == 1 else more} more" if more > 0 else ""
    return " ".join(parts) + tail + "."


def voicemail_alert(call: Call, who: str, said: list[str]) -> str:
    """The team's alert of a voicemail: who left it and for whom, what they said before the beep,
    whether anyone was rung, and the recording."""
    notes = call.state.call_notes
    urgent = next(iter(of_kind(notes, NoteKind.URGENT)), None)
    meant = of_kind(notes, NoteKind.MESSAGE_FOR) + of_kind(notes, NoteKind.ASKED_FOR) + \
        ([call.state.caller.asked_for] if call.state.caller.asked_for else [])
    alert = f"{'URGENT: ' if urgent else ''}{who} left a voicemail for {meant[-1] if meant else 'the team'}."
    words = " / ".join(s[:150] for s in said[-3:])
    if words:
        alert += f" Before the beep they said: \"{words[:400]}\"."
    alert += " Roxy rang the team and nobody picked up." if "transfer_unanswered" in call.outcomes else \
        " Nobody was rung."
    if call.message_recording:
        alert += f" Voicemail: {call.message_recording}"
    return alert
