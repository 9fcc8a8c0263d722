"""Memories in Firestore: `businesses/{id}/memories/{key}`. Every memory is written here first (the
authoritative copy and the fallback Mem0 falls back to); `synced_digest` records what Mem0 holds.
With an embedder each document carries a vector and recall uses `find_nearest`."""

from __future__ import annotations

import datetime as dt

from shared.adapters.roundtrips import track
from shared.domain.memories import Memory

QUERY_LIMIT = 500


def _memory(data: dict) -> Memory:
    return Memory(key=data["key"], user_id=data["user_id"], business_id=data["business_id"], text=data["text"],
                  kind=data["kind"], created_at=data["created_at"], call_id=data.get("call_id"),
                  metadata=data.get("metadata") or {})


class FirestoreMemories:
    def __init__(self, client):
        self.client = client

    def _collection(self, business_id: str):
        return self.client.collection("businesses").document(business_id).collection("memories")

    @track("write")
    def put(self, memory: Memory, embedding: list[float] | None, written_at: dt.datetime, to_sync: bool) -> None:
        """Store the memory; `to_sync`: Mem0 must receive it (`synced` stays False until it has)."""
        from google.cloud.firestore_v1.vector import Vector

        data = {"key": memory.key, "user_id": memory.user_id, "business_id": memory.business_id,
                "text": memory.text, "kind": memory.kind, "call_id": memory.call_id, "metadata": memory.metadata,
                "created_at": memory.created_at, "digest": memory.digest, "written_at": written_at,
                "synced": not to_sync}
        if embedding is not None:
            data["embedding"] = Vector(embedding)
        self._collection(memory.business_id).document(memory.key).set(data, merge=True)

    @track("read")
    def get(self, business_id: str, key: str) -> tuple[Memory, str | None] | None:
        snap = self._collection(business_id).document(key).get()
        if not snap.exists:
            return None
        data = snap.to_dict()
        return _memory(data), data.get("synced_digest")

    @track("read")
    def get_many(self, business_id: str, keys: list[str]) -> dict[str, Memory]:
        refs = [self._collection(business_id).document(k) for k in dict.fromkeys(keys)]
        return {snap.id: _memory(snap.to_dict()) for snap in self.client.get_all(refs) if snap.exists}

    @track("read", "write")
    def mark_synced(self, business_id: str, key: str, digest: str) -> None:
        """Record that Mem0 holds `digest`; `synced` only if the memory has not changed since."""
        from google.api_core.exceptions import FailedPrecondition, NotFound

        ref = self._collection(business_id).document(key)
        snap = ref.get()
        if not snap.exists:
            return  # forgotten meanwhile
        update = {"synced_digest": digest, "synced": snap.get("digest") == digest, "sync_claimed_until": None}
        try:
            ref.update(update, option=self.client.write_option(last_update_time=snap.update_time))
        except (NotFound, FailedPrecondition):
            pass  # forgotten or rewritten meanwhile: its own write (or the sweep) syncs it

    @track("read", "write")
    def claim_sync(self, business_id: str, key: str, now: dt.datetime, lease: dt.timedelta) -> bool:
        from google.api_core.exceptions import FailedPrecondition, NotFound

        ref = self._collection(business_id).document(key)
        snap = ref.get()
        if not snap.exists:
            return False
        claimed_until = (snap.to_dict() or {}).get("sync_claimed_until")
        if claimed_until is not None and claimed_until > now:
            return False
        try:
            ref.update({"sync_claimed_until": now + lease},
                       option=self.client.write_option(last_update_time=snap.update_time))
        except (NotFound, FailedPrecondition):
            return False  # claimed or changed meanwhile
        return True

    @track("write")
    def release_sync(self, business_id: str, key: str) -> None:
        from google.api_core.exceptions import NotFound

        try:
            self._collection(business_id).document(key).update({"sync_claimed_until": None})
        except NotFound:
            pass

    def unsynced_query(self, before: dt.datetime):
        from google.cloud.firestore_v1.base_query import FieldFilter

        return (self.client.collection_group("memories").where(filter=FieldFilter("synced", "==", False))
                .where(filter=FieldFilter("written_at", "<", before)).order_by("written_at"))

    @track("read")
    def unsynced(self, before: dt.datetime, limit: int) -> list[tuple[str, str, str, dt.datetime | None]]:
        """(business_id, key, digest, when the sweep last queued its replay) of memories written
        before `before` that Mem0 does not hold."""
        query = self.unsynced_query(before).limit(limit)
        return [(snap.get("business_id"), snap.id, snap.get("digest"), (snap.to_dict() or {}).get("requeued_at"))
                for snap in query.stream()]

    @track("write")
    def mark_requeued(self, business_id: str, key: str, at: dt.datetime) -> None:
        from google.api_core.exceptions import NotFound

        try:
            self._collection(business_id).document(key).update({"requeued_at": at})
        except NotFound:
            pass  # forgotten meanwhile

    def user_query(self, business_id: str, uid: str, limit: int):
        from google.cloud.firestore_v1 import Query
        from google.cloud.firestore_v1.base_query import FieldFilter

        return (self._collection(business_id).where(filter=FieldFilter("user_id", "==", uid))
                .order_by("created_at", direction=Query.DESCENDING).limit(min(limit, QUERY_LIMIT)))

    @track("read")
    def for_user(self, business_id: str, uid: str, limit: int = 20) -> list[Memory]:
        """The caller's memories, newest first."""
        return [_memory(snap.to_dict()) for snap in self.user_query(business_id, uid, limit).stream()]

    @track("read")
    def for_call(self, business_id: str, call_id: str) -> list[Memory]:
        from google.cloud.firestore_v1.base_query import FieldFilter

        query = self._collection(business_id).where(filter=FieldFilter("call_id", "==", call_id))
        return [_memory(snap.to_dict()) for snap in query.limit(QUERY_LIMIT).stream()]

    def nearest_query(self, business_id: str, uid: str, vector: list[float], top_k: int):
        from google.cloud.firestore_v1.base_query import FieldFilter
        from google.cloud.firestore_v1.base_vector_query import DistanceMeasure
        from google.cloud.firestore_v1.vector import Vector

        return self._collection(business_id).where(filter=FieldFilter("user_id", "==", uid)).find_nearest(
            vector_field="embedding", query_vector=Vector(vector), distance_measure=DistanceMeasure.COSINE,
            limit=top_k, distance_result_field="distance")

    @track("read")
    def nearest(self, business_id: str, uid: str, vector: list[float], top_k: int) -> list[tuple[Memory, float]]:
        """The caller's memories closest to `vector` (cosine), with a similarity in [-1, 1]."""
        query = self.nearest_query(business_id, uid, vector, top_k)
        return [(_memory(snap.to_dict()), 1.0 - snap.get("distance")) for snap in query.stream()]

    @track("write")
    def audit(self, business_id: str, record: dict, audit_id: str | None = None) -> None:
        """An audit record of a privacy action (hashed user id and counts only)."""
        audits = self.client.collection("businesses").document(business_id).collection("audit")
        audits.document(audit_id).set(record) if audit_id else audits.add(record)

    @track("read")
    def get_audit(self, business_id: str, audit_id: str) -> dict | None:
        if not audit_id or "/" in audit_id or len(audit_id) > 200:
            return None
        snap = self.client.collection("businesses").document(business_id).collection("audit").document(audit_id).get()
        return snap.to_dict() if snap.exists else None

    @track("read", "write")
    def delete_user(self, business_id: str, uid: str) -> int:
        from google.cloud.firestore_v1.base_query import FieldFilter

        deleted = 0
        query = self._collection(business_id).where(filter=FieldFilter("user_id", "==", uid))
        while True:
            snaps = list(query.limit(QUERY_LIMIT).stream())
            if not snaps:
                return deleted
            batch = self.client.batch()
            for snap in snaps:
                batch.delete(snap.reference)
            batch.commit()
            deleted += len(snaps)
