"""The waitlist on Firestore: `businesses/{id}/waitlist/{entry_id}`, written against the
document's update time so two offers of one entry cannot both win."""

from __future__ import annotations

import datetime as dt

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.adapters.roundtrips import track
from shared.domain.waitlist import OPEN_STATUSES, WaitlistEntry
from shared.errors import Conflict


def served_order(entries: list[tuple[WaitlistEntry, object]]) -> list[tuple[WaitlistEntry, object]]:
    return sorted(entries, key=lambda item: (item[0].created_at, item[0].id))


class FirestoreWaitlist:
    def __init__(self, client: firestore.Client):
        self._client = client

    def collection(self, business_id: str):
        return self._client.collection("businesses").document(business_id).collection("waitlist")

    @staticmethod
    def _versioned(snap) -> tuple[WaitlistEntry, object]:
        return WaitlistEntry.model_validate(snap.to_dict()), snap.update_time

    @track("write")
    def create(self, entry: WaitlistEntry) -> None:
        try:
            self.collection(entry.business_id).document(entry.id).create(entry.model_dump())
        except gexc.AlreadyExists as exc:
            raise Conflict("This waitlist entry exists already.") from exc

    @track("read")
    def get(self, business_id: str, entry_id: str) -> tuple[WaitlistEntry, object] | None:
        if not entry_id or "/" in entry_id:
            return None
        snap = self.collection(business_id).document(entry_id).get()
        return self._versioned(snap) if snap.exists else None

    @track("write")
    def save(self, entry: WaitlistEntry, version: object) -> None:
        ref = self.collection(entry.business_id).document(entry.id)
        try:
            ref.update(entry.model_dump(), option=self._client.write_option(last_update_time=version))
        except (gexc.FailedPrecondition, gexc.Aborted, gexc.NotFound) as exc:
            raise Conflict("The waitlist entry changed meanwhile.") from exc

    def open_query(self, business_id: str):
        return self.collection(business_id).where(filter=FieldFilter("status", "in", list(OPEN_STATUSES)))

    @track("read")
    def open_entries(self, business_id: str) -> list[tuple[WaitlistEntry, object]]:
        return served_order([self._versioned(s) for s in self.open_query(business_id).stream()])

    def caller_query(self, business_id: str, phone: str):
        return self.collection(business_id).where(filter=FieldFilter("caller_phone", "==", phone))

    @track("read")
    def for_caller(self, business_id: str, phone: str) -> list[tuple[WaitlistEntry, object]]:
        found = served_order([self._versioned(s) for s in self.caller_query(business_id, phone).stream()])
        return found[::-1]

    def list_query(self, business_id: str, status: str | None):
        query = self.collection(business_id)
        return query.where(filter=FieldFilter("status", "==", status)) if status else query

    @track("read")
    def list(self, business_id: str, status: str | None = None, limit: int = 100) -> list[WaitlistEntry]:
        found = served_order([self._versioned(s) for s in self.list_query(business_id, status).stream()])
        return [entry for entry, _ in found[:limit]]

    def holds_query(self, business_id: str, now: dt.datetime):
        return self.collection(business_id).where(filter=FieldFilter("hold_until", ">", now))

    @track("read")
    def holds(self, business_id: str, now: dt.datetime) -> list[WaitlistEntry]:
        return [self._versioned(s)[0] for s in self.holds_query(business_id, now).stream()]

    def expired_query(self, now: dt.datetime):
        return (self._client.collection_group("waitlist").where(filter=FieldFilter("hold_until", "<=", now))
                .order_by("hold_until"))

    @track("read")
    def expired_holds(self, now: dt.datetime, limit: int) -> list[tuple[str, str]]:
        return [(s.get("business_id"), s.id) for s in self.expired_query(now).limit(limit).stream()]
