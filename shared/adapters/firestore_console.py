"""Firestore storage of the owner console: members, invites, the audit log, and the paged
listings the console reads (calls, appointments by day). Layout in docs/data-model.md."""

from __future__ import annotations

import datetime as dt

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.adapters.firestore_store import decode_cursor, encode_cursor
from shared.domain.calls import Call
from shared.domain.members import AuditEntry, Invite, Member
from shared.errors import InvalidInput


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
    def __init__(self, client: firestore.Client):
        self._client = client

    def _members(self, business_id: str):
        return _business(self._client, business_id).collection("members")

    def _invites(self, business_id: str):
        return _business(self._client, business_id).collection("invites")

    def get(self, business_id: str, uid: str) -> Member | None:
        snap = self._members(business_id).document(uid).get()
        return Member.model_validate(snap.to_dict()) if snap.exists else None

    def of_user_query(self, uid: str):
        return self._client.collection_group("members").where(filter=FieldFilter("uid", "==", uid))

    def invites_query(self, email: str):
        return self._client.collection_group("invites").where(filter=FieldFilter("email", "==", email))

    def of_user(self, uid: str) -> list[Member]:
        return [Member.model_validate(s.to_dict()) for s in self.of_user_query(uid).limit(100).stream()]

    def invites_for(self, email: str) -> list[Invite]:
        return [Invite.model_validate(s.to_dict()) for s in self.invites_query(email).limit(100).stream()]

    def invite(self, business_id: str, email: str) -> Invite | None:
        snap = self._invites(business_id).document(email).get()
        return Invite.model_validate(snap.to_dict()) if snap.exists else None

    def list(self, business_id: str) -> tuple[list[Member], list[Invite]]:
        members = [Member.model_validate(s.to_dict()) for s in self._members(business_id).limit(500).stream()]
        invites = [Invite.model_validate(s.to_dict()) for s in self._invites(business_id).limit(500).stream()]
        return members, invites

    def save_invite(self, invite: Invite) -> None:
        self._invites(invite.business_id).document(invite.email).set(invite.model_dump())

    def claim(self, invite: Invite, member: Member) -> None:
        """The invite becomes a membership, in one commit (a second claim changes nothing)."""
        batch = self._client.batch()
        batch.set(self._members(member.business_id).document(member.uid), member.model_dump())
        batch.delete(self._invites(invite.business_id).document(invite.email))
        batch.commit()

    def add(self, member: Member) -> None:
        self._members(member.business_id).document(member.uid).set(member.model_dump())

    def remove(self, business_id: str, uid: str | None, email: str) -> bool:
        """Delete the membership (by uid) and any invite (by email); True if there was either."""
        refs = [self._invites(business_id).document(email)]
        if uid:
            refs.append(self._members(business_id).document(uid))
        existed = any(s.exists for s in self._client.get_all(refs))
        batch = self._client.batch()
        for ref in refs:
            batch.delete(ref)
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
        return [AuditEntry.model_validate(s.to_dict()) for s in snaps], next_cursor


class FirestoreConsoleReads:
    """The console's listings, each one indexed query over one business, paged by cursor."""

    def __init__(self, client: firestore.Client):
        self._client = client

    def calls_query(self, business_id: str):
        newest = firestore.Query.DESCENDING
        return _business(self._client, business_id).collection("calls").order_by(
            "started_at", direction=newest).order_by("__name__", direction=newest)

    def calls(self, business_id: str, limit: int, cursor: str | None) -> tuple[list[Call], str | None]:
        collection = _business(self._client, business_id).collection("calls")
        snaps, next_cursor = _page(collection, self.calls_query(business_id), limit, cursor, "call list")
        return [Call.model_validate(s.to_dict()) for s in snaps], next_cursor

    def appointments_query(self, business_id: str, start: dt.datetime, end: dt.datetime):
        collection = _business(self._client, business_id).collection("appointments")
        return (collection.where(filter=FieldFilter("start", ">=", start))
                .where(filter=FieldFilter("start", "<", end)).order_by("start").order_by("__name__"))

    def appointments(self, business_id: str, start: dt.datetime, end: dt.datetime, limit: int,
                     cursor: str | None) -> tuple[list[dict], str | None]:
        collection = _business(self._client, business_id).collection("appointments")
        snaps, next_cursor = _page(collection, self.appointments_query(business_id, start, end), limit, cursor,
                                   "schedule")
        return [s.to_dict() for s in snaps], next_cursor

    def daily_queries(self, business_id: str, start: dt.datetime, end: dt.datetime):
        """Calls started in [start, end), and those of them that booked."""
        calls = _business(self._client, business_id).collection("calls")
        booked = calls.where(filter=FieldFilter("outcomes", "array_contains", "book_appointment"))
        return tuple(q.where(filter=FieldFilter("started_at", ">=", start))
                     .where(filter=FieldFilter("started_at", "<", end)) for q in (calls, booked))

    def daily_calls(self, business_id: str, spans: list[tuple[dt.datetime, dt.datetime]]) -> list[dict]:
        """Calls and calls that booked, per span: two aggregation counts each, run together."""
        from concurrent.futures import ThreadPoolExecutor

        def count(query) -> int:
            return int(query.count().get()[0][0].value)

        with ThreadPoolExecutor(max_workers=8) as pool:
            totals = list(pool.map(lambda span: count(self.daily_queries(business_id, *span)[0]), spans))
            bookings = list(pool.map(lambda span: count(self.daily_queries(business_id, *span)[1]), spans))
        return [{"calls": t, "booked": b} for t, b in zip(totals, bookings, strict=True)]


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
