"""The dashboard's counts on Firestore (StatsReader)."""

from __future__ import annotations

import datetime as dt

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter


def _businesses(client: firestore.Client):
    return client.collection("businesses")


class FirestoreStats:
    """Dashboard counts with aggregation queries: one round trip and one read per count."""

    OUTCOMES = ("book_appointment", "reschedule_appointment", "cancel_appointment", "capture_lead", "transfer",
                "message")
    NOTIFICATION_STATUSES = ("queued", "sending", "sent", "delivered", "undelivered", "failed", "bounced",
                             "skipped", "read")
    STAGES = ("new", "contacted", "qualified", "booked", "customer", "lost")

    def __init__(self, client: firestore.Client):
        self._client = client

    def _business(self, business_id: str):
        return _businesses(self._client).document(business_id)

    def queries(self, business_id: str, since: dt.datetime, until: dt.datetime) -> dict[str, object]:
        root = self._business(business_id)

        def in_range(query, field):
            return query.where(filter=FieldFilter(field, ">=", since)).where(filter=FieldFilter(field, "<", until))

        calls = root.collection("calls")
        found = {"calls": in_range(calls, "started_at"),
                 "appointments_created": in_range(root.collection("appointments"), "created_at")}
        for outcome in self.OUTCOMES:
            found[f"calls_with_{outcome}"] = in_range(
                calls.where(filter=FieldFilter("outcomes", "array_contains", outcome)), "started_at")
        for status in self.NOTIFICATION_STATUSES:
            found[f"notifications_{status}"] = in_range(
                root.collection("notifications").where(filter=FieldFilter("status", "==", status)), "created_at")
        for stage in self.STAGES:
            found[f"leads_{stage}"] = root.collection("leads").where(filter=FieldFilter("stage", "==", stage))
        return found

    def counts(self, business_id: str, since: dt.datetime, until: dt.datetime) -> dict[str, int]:
        from concurrent.futures import ThreadPoolExecutor

        queries = self.queries(business_id, since, until)

        def count(item):
            name, query = item
            return name, int(query.count().get()[0][0].value)

        with ThreadPoolExecutor(max_workers=8) as pool:
            return dict(pool.map(count, queries.items()))
