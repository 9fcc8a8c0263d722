"""Notifications and two-way SMS threads on Firestore."""

from __future__ import annotations

import datetime as dt

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.adapters.console_rows import write_message_row
from shared.adapters.firestore_store import _businesses, decode_cursor, encode_cursor
from shared.adapters.roundtrips import track
from shared.domain.notifications import Notification
from shared.errors import Conflict, InvalidInput


class FirestoreNotifications:
    def __init__(self, client: firestore.Client):
        self._client = client

    def collection(self, business_id: str):
        return _businesses(self._client).document(business_id).collection("notifications")

    @track("write")
    def create(self, notification: Notification) -> bool:
        """Store it; False if a record with this id exists (the same event notified before)."""
        stored = notification.model_dump()
        batch = self._client.batch()
        batch.create(self.collection(notification.business_id).document(notification.id), stored)
        write_message_row(self._client, batch, stored, new=True)
        try:
            batch.commit()
        except gexc.AlreadyExists:
            return False
        return True

    @track("read")
    def get(self, business_id: str, notification_id: str) -> tuple[Notification, object] | None:
        if not notification_id or "/" in notification_id:
            return None
        snap = self.collection(business_id).document(notification_id).get()
        return (Notification.model_validate(snap.to_dict()), snap.update_time) if snap.exists else None

    @track("write")
    def save(self, notification: Notification, version: object | None) -> None:
        """Write it if unchanged since `version` (None: unconditionally); Conflict otherwise."""
        ref = self.collection(notification.business_id).document(notification.id)
        stored = notification.model_dump()
        batch = self._client.batch()
        if version is not None:
            batch.update(ref, stored, option=self._client.write_option(last_update_time=version))
        else:
            batch.set(ref, stored)
        write_message_row(self._client, batch, stored, new=version is None)
        try:
            batch.commit()
        except (gexc.FailedPrecondition, gexc.Aborted) as exc:
            raise Conflict("The notification changed meanwhile.") from exc

    def stale_query(self, before: dt.datetime, status: str = "queued"):
        """Records in `status` since before `before`: queued ones by creation, sending ones by their claim."""
        since = "created_at" if status == "queued" else "updated_at"
        return (self._client.collection_group("notifications").where(filter=FieldFilter("status", "==", status))
                .where(filter=FieldFilter(since, "<", before)).order_by(since))

    @track("read")
    def stale_queued(self, before: dt.datetime, limit: int) -> list[tuple[str, str]]:
        """(business_id, notification_id) of records still queued since before `before`."""
        return [(s.get("business_id"), s.id) for s in self.stale_query(before).limit(limit).stream()]

    @track("read")
    def stale_sending(self, before: dt.datetime, limit: int) -> list[tuple[str, str]]:
        """(business_id, notification_id) of records claimed for sending before `before` and never finished."""
        return [(s.get("business_id"), s.id) for s in self.stale_query(before, "sending").limit(limit).stream()]

    def list_query(self, business_id: str, status: str | None, kind: str | None,
                   since: dt.datetime | None, until: dt.datetime | None):
        query = self.collection(business_id)
        if status:
            query = query.where(filter=FieldFilter("status", "==", status))
        if kind:
            query = query.where(filter=FieldFilter("kind", "==", kind))
        if since:
            query = query.where(filter=FieldFilter("created_at", ">=", since))
        if until:
            query = query.where(filter=FieldFilter("created_at", "<", until))
        return query.order_by("created_at", direction=firestore.Query.DESCENDING).order_by(
            "__name__", direction=firestore.Query.DESCENDING)

    @track("read")
    def list(self, business_id: str, status: str | None = None, kind: str | None = None,
             since: dt.datetime | None = None, until: dt.datetime | None = None, limit: int = 50,
             cursor: str | None = None) -> tuple[list[Notification], str | None]:
        collection = self.collection(business_id)
        query = self.list_query(business_id, status, kind, since, until)
        if cursor:
            after = collection.document(decode_cursor(cursor)).get()
            if not after.exists:
                raise InvalidInput("cursor is no longer valid", {"cursor": "start the listing again"})
            query = query.start_after(after)
        snaps = list(query.limit(limit + 1).stream())
        found = [Notification.model_validate(s.to_dict()) for s in snaps[:limit]]
        return found, encode_cursor(snaps[limit - 1].id) if len(snaps) > limit else None


class FirestoreSmsThreads:
    """One document per caller phone: the pending action of a two-way SMS exchange, and the
    MessageSids already answered (Twilio retries inbound webhooks)."""

    def __init__(self, client: firestore.Client):
        self._client = client

    def _ref(self, business_id: str, phone_key: str):
        return _businesses(self._client).document(business_id).collection("sms_threads").document(phone_key)

    @track("read")
    def get(self, business_id: str, phone_key: str) -> tuple[dict, object | None]:
        snap = self._ref(business_id, phone_key).get()
        return (snap.to_dict(), snap.update_time) if snap.exists else ({"pending": None, "answered": []}, None)

    @track("write")
    def save(self, business_id: str, phone_key: str, thread: dict, version: object | None) -> None:
        ref = self._ref(business_id, phone_key)
        try:
            if version is None:
                ref.create(thread)
            else:
                ref.update(thread, option=self._client.write_option(last_update_time=version))
        except (gexc.AlreadyExists, gexc.FailedPrecondition, gexc.Aborted) as exc:
            raise Conflict("The conversation changed meanwhile.") from exc

    def digest_query(self, now: dt.datetime):
        return (self._client.collection_group("sms_threads").where(filter=FieldFilter("digest_due_at", "<=", now))
                .order_by("digest_due_at"))

    @track("read")
    def due_digests(self, now: dt.datetime, limit: int) -> list[tuple[str, str]]:
        """(business_id, phone key) of threads whose held texts are due to go to the team."""
        return [(s.get("business_id"), s.id) for s in self.digest_query(now).limit(limit).stream()]
