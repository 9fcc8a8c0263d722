"""The console's read model: one document per UTC day with a small row for each call (or
appointment) of that day, written in the same commit as the call or appointment itself.

    businesses/{business_id}/call_days/{YYYY-MM-DD}       {"day": "YYYY-MM-DD", "rows": {call_sid: row}}
    businesses/{business_id}/schedule_days/{YYYY-MM-DD}   {"rows": {appointment_id: row}}

Listing then reads a few day documents (a day's document by id, or the newest days by name)
instead of ordering a collection of every call: Firestore serves both from indexes, but the
emulator scans a whole collection for each query (about 0.4 s at 10,000 calls), and a day
document is also one read where a page of calls is fifty.
"""

from __future__ import annotations

import datetime as dt

from shared.domain.appointments import Appointment


def utc_day(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).date().isoformat()


def call_row(fields: dict) -> dict:
    """What the call list shows, from a stored call (Call.model_dump()); it changes a few times a
    call (start, outcomes, end, the after-call note), not every turn."""
    state, profile = fields.get("state") or {}, fields.get("profile") or {}
    return {
        "call_sid": fields["call_sid"], "started_at": fields["started_at"], "ended_at": fields.get("ended_at"),
        "caller_phone": fields["caller_phone"],
        "caller_name": state.get("own_name") or state.get("name") or profile.get("name") or "",
        "status": fields.get("status", ""), "outcomes": list(dict.fromkeys(fields.get("outcomes") or [])),
        "engine": fields.get("engine", ""),
        "summary": fields.get("summary", "") if fields.get("post_call_done") else "",
    }


def write_call_row(client, batch, business_id: str, fields: dict, before: dict | None) -> None:
    """The call's row on its day, in `batch`, when it differs from the row of `before`."""
    row = call_row(fields)
    if before is None or call_row(before) != row:
        day = utc_day(fields["started_at"])
        batch.set(call_days(client, business_id).document(day), {"day": day, "rows": {fields["call_sid"]: row}},
                  merge=True)


def call_days(client, business_id: str):
    return client.collection("businesses").document(business_id).collection("call_days")


def schedule_days(client, business_id: str):
    return client.collection("businesses").document(business_id).collection("schedule_days")


def schedule_row(appointment: Appointment) -> dict:
    return {**appointment.model_dump(include={"id", "service", "start", "end", "status", "caller_phone", "notes",
                                              "source", "confirmed_by_caller"}),
            "caller_name": appointment.caller.name, "email": appointment.caller.email}


def write_schedule_row(client, batch, appointment: Appointment, previous: Appointment | None) -> None:
    """Keep the appointment's row on its day (and off the day it moved from), in `batch`."""
    days = schedule_days(client, appointment.business_id)
    day = utc_day(appointment.start)
    batch.set(days.document(day), {"rows": {appointment.id: schedule_row(appointment)}}, merge=True)
    if previous is not None and utc_day(previous.start) != day:
        from google.cloud import firestore

        batch.update(days.document(utc_day(previous.start)), {f"rows.`{appointment.id}`": firestore.DELETE_FIELD})
