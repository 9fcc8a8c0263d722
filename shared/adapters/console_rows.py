"""The console's read model: one document per UTC day with a small row for each call (or
appointment) of that day, written in the same commit as the call or appointment itself.

    businesses/{business_id}/call_days/{YYYY-MM-DD}       {"rows": {call_sid: row}}
    businesses/{business_id}/console/call_days            {"days": ["YYYY-MM-DD", ...]}  (the days with calls)
    businesses/{business_id}/schedule_days/{YYYY-MM-DD}   {"rows": {appointment_id: row}}

Listing then reads a few documents by id (the list of days with calls, then the newest of those
days) and runs no query: Firestore would serve an ordered query from an index, but the emulator
answers each query in time that grows with the data stored (about 0.4 s to order 10,000 calls,
~0.1 s for any query once a business holds 60,000 records), and a day document is one read where
a page of calls is fifty.

Each row is stored as a JSON string, its times as UTC stamps that sort as text: a day of a busy
business holds hundreds of rows, and the client decodes one string per row far faster than a
map of ten values per row.
"""

from __future__ import annotations

import datetime as dt
import json

from shared.domain.appointments import Appointment


def utc_day(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).date().isoformat()


def stamp(moment: dt.datetime | None) -> str | None:
    """A UTC time as fixed-width text (sorts as it reads)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if moment else None


def moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def encode(row: dict) -> str:
    return json.dumps(row, separators=(",", ":"))


def rows_of(document: dict | None) -> list[dict]:
    return [json.loads(text) for text in ((document or {}).get("rows") or {}).values() if isinstance(text, str)]


def call_days(client, business_id: str):
    return client.collection("businesses").document(business_id).collection("call_days")


def call_day_list(client, business_id: str):
    return client.collection("businesses").document(business_id).collection("console").document("call_days")


def schedule_days(client, business_id: str):
    return client.collection("businesses").document(business_id).collection("schedule_days")


def call_row(fields: dict, scrubbed: bool = False) -> dict:
    """What the call list shows, from a stored call (Call.model_dump()); it changes a few times a
    call (start, outcomes, end, the after-call note), not every turn."""
    state, profile = fields.get("state") or {}, fields.get("profile") or {}
    caller = state.get("caller") or state  # a call stored before the frames: flat
    name = caller.get("own_name") or caller.get("name") or profile.get("name") or ""
    return {
        "call_sid": fields["call_sid"], "started_at": stamp(fields["started_at"]),
        "ended_at": stamp(fields.get("ended_at")), "caller_phone": fields["caller_phone"],
        "caller_name": "" if scrubbed else name, "status": fields.get("status", ""),
        "outcomes": list(dict.fromkeys(fields.get("outcomes") or [])), "engine": fields.get("engine", ""),
        "summary": fields.get("summary", "") if fields.get("post_call_done") and not scrubbed else "",
    }


def write_call_row(client, batch, business_id: str, fields: dict, before: dict | None,
                   scrubbed: bool = False) -> None:
    """The call's row on its day, in `batch`, when it differs from the row of `before`."""
    row = call_row(fields, scrubbed)
    if before is None or call_row(before) != row:
        day = utc_day(fields["started_at"])
        batch.set(call_days(client, business_id).document(day), {"rows": {fields["call_sid"]: encode(row)}},
                  merge=True)
    if before is None:   # a new call: its day joins the list of days with calls
        from google.cloud import firestore

        batch.set(call_day_list(client, business_id), {"days": firestore.ArrayUnion([day])}, merge=True)


def schedule_row(appointment: Appointment) -> dict:
    return {"id": appointment.id, "service": appointment.service, "start": stamp(appointment.start),
            "end": stamp(appointment.end), "status": appointment.status, "caller_name": appointment.caller.name,
            "caller_phone": appointment.caller_phone, "email": appointment.caller.email, "notes": appointment.notes,
            "source": appointment.source, "confirmed_by_caller": appointment.confirmed_by_caller,
            "staff_id": appointment.staff_id, "staff_name": appointment.staff_name}


def write_schedule_row(client, batch, appointment: Appointment, previous: Appointment | None) -> None:
    """Keep the appointment's row on its day (and off the day it moved from), in `batch`."""
    days = schedule_days(client, appointment.business_id)
    day = utc_day(appointment.start)
    batch.set(days.document(day), {"rows": {appointment.id: encode(schedule_row(appointment))}}, merge=True)
    if previous is not None and utc_day(previous.start) != day:
        from google.cloud import firestore

        batch.update(days.document(utc_day(previous.start)), {f"rows.`{appointment.id}`": firestore.DELETE_FIELD})


# Messages: one document per UTC day of creation, like the calls.
#     businesses/{business_id}/message_days/{YYYY-MM-DD}   {"rows": {notification_id: row}}
#     businesses/{business_id}/console/message_days        {"days": ["YYYY-MM-DD", ...]}
MESSAGE_BODY_CHARS = 300


def message_days(client, business_id: str):
    return client.collection("businesses").document(business_id).collection("message_days")


def message_day_list(client, business_id: str):
    return client.collection("businesses").document(business_id).collection("console").document("message_days")


def message_row(fields: dict) -> dict:
    """What the message list shows, from a stored notification (Notification.model_dump())."""
    body = fields.get("body") or ""
    return {"id": fields["id"], "created_at": stamp(fields["created_at"]), "kind": fields["kind"],
            "channel": fields["channel"], "to": fields["to"], "subject": fields.get("subject") or "",
            "body": body if len(body) <= MESSAGE_BODY_CHARS else body[:MESSAGE_BODY_CHARS - 1] + "…",
            "status": fields.get("status", ""), "error": fields.get("error"),
            "appointment_id": fields.get("appointment_id")}


def write_message_row(client, batch, fields: dict, new: bool) -> None:
    """The notification's row on its day, in `batch` (its first write also lists the day)."""
    day = utc_day(fields["created_at"])
    batch.set(message_days(client, fields["business_id"]).document(day),
              {"rows": {fields["id"]: encode(message_row(fields))}}, merge=True)
    if new:
        from google.cloud import firestore

        batch.set(message_day_list(client, fields["business_id"]), {"days": firestore.ArrayUnion([day])},
                  merge=True)


# Leads: one document per whole score (000-100), read from the best score down.
#     businesses/{business_id}/lead_scores/{NNN}           {"rows": {lead_id: row}}
LEAD_NOTES_CHARS = 300


def lead_scores(client, business_id: str):
    return client.collection("businesses").document(business_id).collection("lead_scores")


def score_bucket(score: float) -> str:
    return f"{min(100, max(0, int(score))):03d}"


SCORE_BUCKETS = [f"{n:03d}" for n in range(100, -1, -1)]   # best first


def lead_row(fields: dict) -> dict:
    """What the leads page shows, from a stored lead (Lead.model_dump()), and the words its search
    matches (the same words the `search_terms` index is made of)."""
    from shared.domain.leads import search_tokens

    notes = fields.get("notes") or ""
    return {"id": fields["id"], "phone": fields["phone"], "name": fields.get("name") or "",
            "email": fields.get("email"), "stage": fields["stage"], "score": float(fields.get("score") or 0),
            "score_breakdown": [{"factor": i["factor"], "points": i["points"], "detail": i["detail"]}
                                for i in fields.get("score_breakdown") or []],
            "interest": fields.get("interest") or "", "interest_service": fields.get("interest_service"),
            "notes": notes if len(notes) <= LEAD_NOTES_CHARS else notes[:LEAD_NOTES_CHARS - 1] + "…",
            "source": fields.get("source", ""), "created_at": stamp(fields["created_at"]),
            "words": search_tokens(fields.get("name") or "", fields.get("notes") or "", fields.get("interest") or "")}


def write_lead_row(client, writer, fields: dict, before: dict | None) -> None:
    """The lead's row in its score's document (and off the one it left), with `writer`: the
    transaction or batch that writes the lead."""
    from google.cloud import firestore

    scores = lead_scores(client, fields["business_id"])
    bucket = score_bucket(fields.get("score") or 0)
    row = lead_row(fields)
    if before is None or lead_row(before) != row:
        writer.set(scores.document(bucket), {"rows": {fields["id"]: encode(row)}}, merge=True)
    if before is not None and score_bucket(before.get("score") or 0) != bucket:
        writer.set(scores.document(score_bucket(before.get("score") or 0)),
                   {"rows": {fields["id"]: firestore.DELETE_FIELD}}, merge=True)
