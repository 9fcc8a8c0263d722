"""Firestore storage of the owner console: members, invites, the audit log, and the paged
listings the console reads (calls, appointments by day). Layout in docs/data-model.md."""

from __future__ import annotations

import datetime as dt
import json

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.adapters import console_pages
from shared.adapters.console_rows import (
    SCORE_BUCKETS,
    call_day_list,
    call_days,
    lead_scores,
    message_day_list,
    message_days,
    rows_of,
    schedule_days,
    score_bucket,
    stamp,
)
from shared.adapters.firestore_store import decode_cursor, encode_cursor
from shared.domain.members import AuditEntry, Invite, Member
from shared.errors import InvalidInput
from shared.ports import LeadFilters


def _business(client: firestore.Client, business_id: str):
    return client.collection("businesses").document(business_id)


def _page(collection, query, limit: int, cursor: str | None, what: str):
    """`limit` snapshots of `query` after the cursor's document, and the next page's cursor."""
    if cursor:
        after = collection.document(decode_cursor(cursor)).get()
        if not after.exists:
            raise InvalidInput("cursor is no longer valid", {"cursor": f"start the {what} again"})
        query = query.start_after(after)
    snaps = list(query.limit(limit + 1).stream())
    return snaps[:limit], encode_cursor(snaps[limit - 1].id) if len(snaps) > limit else None


class FirestoreMembers:
    """businesses/{id}/members/{uid} and .../invites/{email}, and for `/me` (every page load) two
    documents read by id instead of two collection-group queries: console_users/{uid}
    {"members": {business_id: member}} and console_invites/{email} {"invites": {business_id:
    invite}}, written in the same batch as the membership or invite."""

    def __init__(self, client: firestore.Client):
        self._client = client

    def _members(self, business_id: str):
        return _business(self._client, business_id).collection("members")

    def _invites(self, business_id: str):
        return _business(self._client, business_id).collection("invites")

    def _user(self, uid: str):
        return self._client.collection("console_users").document(uid)

    def _invited(self, email: str):
        return self._client.collection("console_invites").document(email)

    def get(self, business_id: str, uid: str) -> Member | None:
        snap = self._members(business_id).document(uid).get()
        return Member.model_validate(snap.to_dict()) if snap.exists else None

    def of_user(self, uid: str) -> list[Member]:
        found = (self._user(uid).get().to_dict() or {}).get("members") or {}
        return [Member.model_validate(found[b]) for b in sorted(found)]

    def invites_for(self, email: str) -> list[Invite]:
        found = (self._invited(email).get().to_dict() or {}).get("invites") or {}
        return [Invite.model_validate(found[b]) for b in sorted(found)]

    def invite(self, business_id: str, email: str) -> Invite | None:
        snap = self._invites(business_id).document(email).get()
        return Invite.model_validate(snap.to_dict()) if snap.exists else None

    def list(self, business_id: str) -> tuple[list[Member], list[Invite]]:
        members = [Member.model_validate(s.to_dict()) for s in self._members(business_id).limit(500).stream()]
        invites = [Invite.model_validate(s.to_dict()) for s in self._invites(business_id).limit(500).stream()]
        return members, invites

    def save_invite(self, invite: Invite) -> None:
        batch = self._client.batch()
        batch.set(self._invites(invite.business_id).document(invite.email), invite.model_dump())
        batch.set(self._invited(invite.email), {"invites": {invite.business_id: invite.model_dump()}}, merge=True)
        batch.commit()

    def claim(self, invite: Invite, member: Member) -> None:
        """The invite becomes a membership, in one commit (a second claim changes nothing)."""
        batch = self._client.batch()
        self._add(batch, member)
        batch.delete(self._invites(invite.business_id).document(invite.email))
        batch.set(self._invited(invite.email), {"invites": {invite.business_id: firestore.DELETE_FIELD}}, merge=True)
        batch.commit()

    def add(self, member: Member) -> None:
        batch = self._client.batch()
        self._add(batch, member)
        batch.commit()

    def _add(self, batch, member: Member) -> None:
        batch.set(self._members(member.business_id).document(member.uid), member.model_dump())
        batch.set(self._user(member.uid), {"members": {member.business_id: member.model_dump()}}, merge=True)

    def remove(self, business_id: str, uid: str | None, email: str) -> bool:
        """Delete the membership (by uid) and any invite (by email); True if there was either."""
        refs = [self._invites(business_id).document(email)]
        if uid:
            refs.append(self._members(business_id).document(uid))
        existed = any(s.exists for s in self._client.get_all(refs))
        batch = self._client.batch()
        for ref in refs:
            batch.delete(ref)
        batch.set(self._invited(email), {"invites": {business_id: firestore.DELETE_FIELD}}, merge=True)
        if uid:
            batch.set(self._user(uid), {"members": {business_id: firestore.DELETE_FIELD}}, merge=True)
        batch.commit()
        return existed


class FirestoreAudit:
    def __init__(self, client: firestore.Client):
        self._client = client

    def _entries(self, business_id: str):
        return _business(self._client, business_id).collection("audit")

    def add(self, entry: AuditEntry) -> None:
        try:
            self._entries(entry.business_id).document(entry.id).create(entry.model_dump())
        except gexc.AlreadyExists:
            pass  # the same change recorded twice (a retried request)

    def list_query(self, business_id: str):
        return self._entries(business_id).order_by("at", direction=firestore.Query.DESCENDING).order_by(
            "__name__", direction=firestore.Query.DESCENDING)

    def list(self, business_id: str, limit: int, cursor: str | None) -> tuple[list[AuditEntry], str | None]:
        snaps, next_cursor = _page(self._entries(business_id), self.list_query(business_id), limit, cursor,
                                   "audit log")
        return [_entry(business_id, s.id, s.to_dict()) for s in snaps], next_cursor


def _entry(business_id: str, entry_id: str, data: dict) -> AuditEntry:
    """An audit record: the console's, or a privacy action's (forget_me: no `who`, its counts at
    the top level), which the log shows too."""
    if "who" in data:
        return AuditEntry.model_validate(data)
    detail = {k: v for k, v in data.items() if k not in ("action", "at")}
    return AuditEntry(id=entry_id, business_id=business_id, at=data["at"], who="a caller (by phone)",
                      action=str(data.get("action", "unknown")), detail=detail)


class FirestoreConsoleReads:
    """The console's listings, from its read model (shared/adapters/console_rows.py): a few day
    documents per page, whatever the number of calls or appointments."""

    DAYS_PER_READ = 3

    def __init__(self, client: firestore.Client):
        self._client = client

    def calls(self, business_id: str, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
        """Rows of the calls, newest first; the cursor is the last row's (day, start, sid)."""
        after = _position(cursor, 3) if cursor else None
        listed = (call_day_list(self._client, business_id).get().to_dict() or {}).get("days") or []
        days = sorted((d for d in listed if after is None or d <= after[0]), reverse=True)
        documents = call_days(self._client, business_id)
        rows: list[dict] = []
        taken, per_read = 0, 1   # a busy day fills a page: one day first, then a few at a time
        while len(rows) <= limit and taken < len(days):
            chunk = days[taken:taken + per_read]
            read = {s.id: s for s in self._client.get_all([documents.document(day) for day in chunk])}
            for day in chunk:
                found = sorted(rows_of(read[day].to_dict()), key=_call_key, reverse=True)
                if after:
                    found = [r for r in found if _call_key(r) < tuple(after[1:])]
                rows += found
            taken += len(chunk)
            per_read = self.DAYS_PER_READ
        page = rows[:limit]
        if len(rows) <= limit:
            return page, None
        last = page[-1]
        return page, encode_cursor(json.dumps([last["started_at"][:10], *_call_key(last)]))

    def schedule(self, business_id: str, start: dt.datetime, end: dt.datetime, limit: int,
                 cursor: str | None) -> tuple[list[dict], str | None]:
        """Rows of the appointments starting in [start, end), by start; the cursor is the last
        row's (start, id)."""
        after = tuple(_position(cursor, 2)) if cursor else None
        low, high = stamp(start), stamp(end)
        rows = sorted((row for row in self._day_rows(schedule_days(self._client, business_id), start, end)
                       if low <= row["start"] < high and (after is None or (row["start"], row["id"]) > after)),
                      key=lambda row: (row["start"], row["id"]))
        page = rows[:limit]
        if len(rows) <= limit:
            return page, None
        return page, encode_cursor(json.dumps([page[-1]["start"], page[-1]["id"]]))

    def _day_rows(self, days, start: dt.datetime, end: dt.datetime) -> list[dict]:
        """Every row of the UTC day documents that [start, end) touches: one batched read."""
        first, last = start.astimezone(dt.UTC).date(), (end - dt.timedelta(microseconds=1)).astimezone(dt.UTC).date()
        refs = [days.document((first + dt.timedelta(days=n)).isoformat()) for n in range((last - first).days + 1)]
        return [row for snap in self._client.get_all(refs) for row in rows_of(snap.to_dict())]

    def messages(self, business_id: str, limit: int, cursor: str | None, status: str | None = None,
                 kind: str | None = None) -> tuple[list[dict], str | None]:
        """Rows of the texts and emails, newest first, of that status and kind."""
        days = sorted((message_day_list(self._client, business_id).get().to_dict() or {}).get("days") or [],
                      reverse=True)
        return console_pages.page(
            self._client, message_days(self._client, business_id), days, _message_key, limit, cursor, (str, str),
            lambda row: (status is None or row["status"] == status) and (kind is None or row["kind"] == kind),
            reads=console_pages.READS if status is None and kind is None else console_pages.WIDE_READS)

    def leads(self, business_id: str, filters: LeadFilters, limit: int,
              cursor: str | None) -> tuple[list[dict], str | None]:
        """Rows of the leads that match `filters`, best score first (as `search_leads` orders them)."""
        low = score_bucket(filters.min_score) if filters.min_score is not None else "000"
        high = score_bucket(filters.max_score) if filters.max_score is not None else "100"
        buckets = [b for b in SCORE_BUCKETS if low <= b <= high]
        return console_pages.page(self._client, lead_scores(self._client, business_id), buckets, _lead_key, limit,
                                  cursor, (float, str), lambda row: _lead_matches(row, filters),
                                  reads=console_pages.WIDE_READS)

    def backfill(self, business_id: str) -> dict:
        """Write the read model's rows for records stored before it existed."""
        from shared.adapters.console_rows import write_call_row, write_lead_row, write_message_row, write_schedule_row
        from shared.domain.appointments import Appointment

        writers = {
            "calls": lambda batch, data: write_call_row(self._client, batch, business_id, data, None),
            "appointments": lambda batch, data: write_schedule_row(self._client, batch,
                                                                   Appointment.model_validate(data), None),
            "leads": lambda batch, data: write_lead_row(self._client, batch, data, None),
            "notifications": lambda batch, data: write_message_row(self._client, batch, data, new=True),
            "members": lambda batch, data: batch.set(self._client.collection("console_users").document(data["uid"]),
                                                     {"members": {business_id: data}}, merge=True),
            "invites": lambda batch, data: batch.set(
                self._client.collection("console_invites").document(data["email"]),
                {"invites": {business_id: data}}, merge=True),
        }
        root = _business(self._client, business_id)
        counts = dict.fromkeys(writers, 0)
        batch, pending = self._client.batch(), 0
        for kind, write in writers.items():
            for snap in root.collection(kind).stream():
                write(batch, snap.to_dict())
                counts[kind] += 1
                pending += 1
                if pending == 200:
                    batch.commit()
                    batch, pending = self._client.batch(), 0
        if pending:
            batch.commit()
        return counts

    def call_rows(self, business_id: str, start: dt.datetime, end: dt.datetime) -> list[dict]:
        """The rows of the calls started in [start, end)."""
        low, high = stamp(start), stamp(end)
        return [row for row in self._day_rows(call_days(self._client, business_id), start, end)
                if low <= row["started_at"] < high]

    def daily_calls(self, business_id: str, spans: list[tuple[dt.datetime, dt.datetime]]) -> list[dict]:
        """Calls and calls that booked, per span, from the call day documents (one read for
        each UTC day the spans touch)."""
        rows = self.call_rows(business_id, spans[0][0], spans[-1][1])
        counts = []
        for start, end in spans:
            low, high = stamp(start), stamp(end)
            inside = [row for row in rows if low <= row["started_at"] < high]
            counts.append({"calls": len(inside),
                           "booked": sum("book_appointment" in row.get("outcomes", []) for row in inside)})
        return counts


def _message_key(row: dict) -> tuple[str, str]:
    return row["created_at"], row["id"]


def _lead_key(row: dict) -> tuple[float, str]:
    return float(row["score"]), row["id"]


def _lead_matches(row: dict, filters: LeadFilters) -> bool:
    """The filters of `search_leads`; a word of the text matches a word of the lead or (three
    letters or more) its start, as the `search_terms` index does."""
    score, created = float(row["score"]), row["created_at"]
    return ((filters.stage is None or row["stage"] == filters.stage)
            and (filters.service is None or row.get("interest_service") == filters.service)
            and (filters.min_score is None or score >= filters.min_score)
            and (filters.max_score is None or score <= filters.max_score)
            and (filters.since is None or created >= stamp(filters.since))
            and (filters.until is None or created < stamp(filters.until))
            and all(any(w == t or (len(t) >= 3 and w.startswith(t)) for w in row.get("words", []))
                    for t in filters.text_tokens))


def _call_key(row: dict) -> tuple[str, str]:
    return row["started_at"], row["call_sid"]


def _position(cursor: str, size: int) -> list[str]:
    try:
        found = json.loads(decode_cursor(cursor))
        if not isinstance(found, list) or len(found) != size or not all(isinstance(p, str) for p in found):
            raise ValueError("not a position")
        return found
    except ValueError as exc:
        raise InvalidInput("cursor is not valid", {"cursor": "not a cursor this API returned"}) from exc


class FirestoreApiKeys:
    """api_keys/{sha256}: the tools-API keys, found by their hash; listed per business."""

    def __init__(self, client: firestore.Client):
        self._client = client

    def add(self, business_id: str, key_hash: str, label: str, created_at: dt.datetime, by: str) -> None:
        self._client.collection("api_keys").document(key_hash).set(
            {"business_id": business_id, "label": label, "created_at": created_at, "created_by": by})

    def list(self, business_id: str) -> list[dict]:
        query = self._client.collection("api_keys").where(filter=FieldFilter("business_id", "==", business_id))
        return [{"id": s.id, **s.to_dict()} for s in query.limit(200).stream()]

    def revoke(self, business_id: str, key_hash: str) -> bool:
        ref = self._client.collection("api_keys").document(key_hash)
        snap = ref.get()
        if not snap.exists or snap.get("business_id") != business_id:
            return False
        ref.delete()
        return True


class FirestoreSummaryTargets:
    """The businesses that asked for a daily summary (config.daily_summary_at set)."""

    def __init__(self, client: firestore.Client):
        self._client = client

    def query(self):
        return self._client.collection("businesses").where(filter=FieldFilter("config.daily_summary_at", ">=", ""))

    def with_summary(self) -> list:
        from shared.domain.business import Business

        return [Business.model_validate(s.get("config")) for s in self.query().limit(1000).stream()]
