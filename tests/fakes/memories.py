"""Memories and dashboard counts in memory, with FirestoreMemories' and FirestoreStats' semantics."""

from __future__ import annotations

import datetime as dt
import itertools
import math

from shared.adapters.firestore_memories import QUERY_LIMIT
from shared.adapters.firestore_store import FirestoreStats
from shared.domain.memories import Memory
from tests.fakes.documents import Documents, Missing, business_path


def _memory(data: dict) -> Memory:
    return Memory(key=data["key"], user_id=data["user_id"], business_id=data["business_id"], text=data["text"],
                  kind=data["kind"], created_at=data["created_at"], call_id=data.get("call_id"),
                  metadata=data.get("metadata") or {})


def _cosine(a: list[float], b: list[float]) -> float:
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0


class FakeMemories:
    def __init__(self, docs: Documents):
        self.docs = docs
        self._audit_ids = itertools.count(1)

    def _collection(self, business_id: str) -> str:
        return business_path(business_id, "memories")

    def put(self, memory: Memory, embedding: list[float] | None, written_at: dt.datetime, to_sync: bool) -> None:
        data = {"key": memory.key, "user_id": memory.user_id, "business_id": memory.business_id,
                "text": memory.text, "kind": memory.kind, "call_id": memory.call_id, "metadata": memory.metadata,
                "created_at": memory.created_at, "digest": memory.digest, "written_at": written_at,
                "synced": not to_sync}
        if embedding is not None:
            data["embedding"] = list(embedding)
        self.docs.set(f"{self._collection(memory.business_id)}/{memory.key}", data, merge=True)

    def get(self, business_id: str, key: str) -> tuple[Memory, str | None] | None:
        found = self.docs.get(f"{self._collection(business_id)}/{key}")
        return (_memory(found[0]), found[0].get("synced_digest")) if found else None

    def get_many(self, business_id: str, keys: list[str]) -> dict[str, Memory]:
        found = {}
        for key in dict.fromkeys(keys):
            stored = self.docs.get(f"{self._collection(business_id)}/{key}")
            if stored:
                found[key] = _memory(stored[0])
        return found

    def mark_synced(self, business_id: str, key: str, digest: str) -> None:
        path = f"{self._collection(business_id)}/{key}"
        with self.docs.lock:
            found = self.docs.get(path)
            if found is None:
                return
            try:
                self.docs.update(path, {"synced_digest": digest, "synced": found[0]["digest"] == digest,
                                        "sync_claimed_until": None}, found[1])
            except Missing:
                pass

    def claim_sync(self, business_id: str, key: str, now: dt.datetime, lease: dt.timedelta) -> bool:
        path = f"{self._collection(business_id)}/{key}"
        with self.docs.lock:
            found = self.docs.get(path)
            if found is None:
                return False
            claimed_until = found[0].get("sync_claimed_until")
            if claimed_until is not None and claimed_until > now:
                return False
            self.docs.update(path, {"sync_claimed_until": now + lease}, found[1])
            return True

    def release_sync(self, business_id: str, key: str) -> None:
        try:
            self.docs.update(f"{self._collection(business_id)}/{key}", {"sync_claimed_until": None})
        except Missing:
            pass

    def unsynced(self, before: dt.datetime, limit: int) -> list[tuple[str, str, str, dt.datetime | None]]:
        found = sorted((data["written_at"], path, data) for path, data, _ in self.docs.group("memories")
                       if data.get("synced") is False and data["written_at"] < before)
        return [(data["business_id"], path.rsplit("/", 1)[1], data["digest"], data.get("requeued_at"))
                for _, path, data in found[:limit]]

    def mark_requeued(self, business_id: str, key: str, at: dt.datetime) -> None:
        try:
            self.docs.update(f"{self._collection(business_id)}/{key}", {"requeued_at": at})
        except Missing:
            pass

    def _of_user(self, business_id: str, uid: str) -> list[dict]:
        return [data for _, data, _ in self.docs.children(self._collection(business_id)) if data["user_id"] == uid]

    def for_user(self, business_id: str, uid: str, limit: int = 20) -> list[Memory]:
        found = sorted(self._of_user(business_id, uid), key=lambda d: d["created_at"], reverse=True)
        return [_memory(data) for data in found[:min(limit, QUERY_LIMIT)]]

    def for_call(self, business_id: str, call_id: str) -> list[Memory]:
        found = [data for _, data, _ in self.docs.children(self._collection(business_id))
                 if data.get("call_id") == call_id]
        return [_memory(data) for data in found[:QUERY_LIMIT]]

    def nearest(self, business_id: str, uid: str, vector: list[float], top_k: int) -> list[tuple[Memory, float]]:
        scored = [(_cosine(data["embedding"], vector), data) for data in self._of_user(business_id, uid)
                  if data.get("embedding")]
        scored.sort(key=lambda item: item[0], reverse=True)
        return [(_memory(data), similarity) for similarity, data in scored[:top_k]]

    def audit(self, business_id: str, record: dict, audit_id: str | None = None) -> None:
        self.docs.set(business_path(business_id, "audit", audit_id or f"audit-{next(self._audit_ids):06d}"), record)

    def get_audit(self, business_id: str, audit_id: str) -> dict | None:
        if not audit_id or "/" in audit_id:
            return None
        found = self.docs.get(business_path(business_id, "audit", audit_id))
        return found[0] if found else None

    def delete_user(self, business_id: str, uid: str) -> int:
        with self.docs.lock:
            found = [data["key"] for data in self._of_user(business_id, uid)]
            for key in found:
                self.docs.delete(f"{self._collection(business_id)}/{key}")
        return len(found)


class FakeStats:
    def __init__(self, docs: Documents):
        self.docs = docs

    def counts(self, business_id: str, since: dt.datetime, until: dt.datetime) -> dict[str, int]:
        def rows(collection: str) -> list[dict]:
            return [data for _, data, _ in self.docs.children(business_path(business_id, collection))]

        def within(data: dict, field: str) -> bool:
            return data.get(field) is not None and since <= data[field] < until

        calls = [c for c in rows("calls") if within(c, "started_at")]
        counts = {"calls": len(calls),
                  "appointments_created": sum(within(a, "created_at") for a in rows("appointments"))}
        for outcome in FirestoreStats.OUTCOMES:
            counts[f"calls_with_{outcome}"] = sum(outcome in (c.get("outcomes") or []) for c in calls)
        notifications = [n for n in rows("notifications") if within(n, "created_at")]
        for status in FirestoreStats.NOTIFICATION_STATUSES:
            counts[f"notifications_{status}"] = sum(n.get("status") == status for n in notifications)
        leads = rows("leads")
        for stage in FirestoreStats.STAGES:
            counts[f"leads_{stage}"] = sum(lead.get("stage") == stage for lead in leads)
        return counts
