"""Roxy's memory of callers: Firestore always, Mem0 (platform or open source) for semantic recall.

Every write goes to Firestore first (the authoritative copy, with an embedding when an embedder is
configured), then to Mem0 within a budget. When Mem0 errors or is too slow the write is queued (a
Cloud Task) and replayed into Mem0 later, once (Mem0 memories carry our key). Reads ask Mem0 within
a budget and fall back to Firestore (vector `find_nearest`, or shared words and recency); after a
failure Mem0 is skipped for `retry_after` seconds. Authoritative facts (name, appointments,
preferences) live on the lead and the calendar: a memory never changes a booking.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shared.domain.business import Business
from shared.domain.leads import Lead
from shared.domain.memories import Memory, conversation_key, indexed_text, keyword_rank, lead_summary_key, user_id
from shared.domain.phone import normalize_phone
from shared.errors import Forbidden, InvalidInput, ProviderError
from shared.ports import CallRepository, Clock, Embedder, MemoryRepository, SemanticMemory

if TYPE_CHECKING:
    from shared.services.booking import Calendar
    from shared.services.leads import Crm

log = logging.getLogger(__name__)
REPLAY_FUNCTION = "memory_replay"
MEMORY_KEY = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
REQUEUE_EVERY = dt.timedelta(hours=1)
# Longest one replay may hold a memory before another delivery may write it (Mem0 writes take ms).
SYNC_LEASE = dt.timedelta(minutes=2)


class MemoryUnavailable(Exception):
    """Mem0 failed, was too slow, or is resting after a failure."""


class SyncBusy(Exception):
    """Another writer holds the memory's claim."""


@dataclass
class Recall:
    memories: list[dict]
    source: str                 # mem0_platform | mem0_local | firestore_vector | firestore_keyword
    ms: float
    degraded: str | None = None  # why Mem0 did not answer, when it should have


@dataclass
class MemoryService:
    store: MemoryRepository
    crm: Crm
    calendar: Calendar
    clock: Clock
    calls: CallRepository                                # forget_me scrubs the caller's calls
    semantic: Callable[[], SemanticMemory] | None = None  # builds the Mem0 client (lazily: a slow import)
    semantic_name: str = "firestore"
    embedder: Callable[[], Embedder] | None = None
    enqueue: Callable[[str, str, dict], bool] | None = None  # (task name, url, payload)
    base_url: str = ""
    recall_budget_ms: int = 300
    write_budget_ms: int = 5000
    retry_after_seconds: float = 30.0
    _pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(4, "memory"), repr=False)
    _reads: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(4, "memory-reads"), repr=False)
    _state: dict = field(default_factory=lambda: {"ready": False, "down_until": 0.0, "client": None}, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _submit(self, function, *args):
        """Run a Firestore read on the reads pool, in the caller's context (round-trip counting)."""
        return self._reads.submit(contextvars.copy_context().run, function, *args)

    # --- Mem0 within a budget ------------------------------------------------------------------

    def _client(self):
        with self._lock:
            if self._state["client"] is None:
                self._state["client"] = self.semantic()
            return self._state["client"]

    def _mem0(self, operation: Callable[[SemanticMemory], Any], budget_ms: float | None):
        """Run `operation(client)`; MemoryUnavailable when Mem0 fails, rests, or exceeds the budget."""
        if self.semantic is None:
            raise MemoryUnavailable("no Mem0 configured")
        if time.monotonic() < self._state["down_until"]:
            raise MemoryUnavailable("Mem0 failed recently")
        future = self._pool.submit(lambda: operation(self._client()))
        try:
            result = future.result(timeout=None if budget_ms is None else budget_ms / 1000)
        except SyncBusy as exc:  # another writer holds this memory: Mem0 itself is fine
            raise MemoryUnavailable(str(exc)) from exc
        except FutureTimeout:
            if self._state["ready"]:  # a warm Mem0 that is slow is treated as down for a while
                self._state["down_until"] = time.monotonic() + self.retry_after_seconds
                raise MemoryUnavailable(f"Mem0 took longer than {budget_ms:.0f} ms") from None
            raise MemoryUnavailable(f"Mem0 is starting (over {budget_ms:.0f} ms)") from None
        except Exception as exc:
            self._state["down_until"] = time.monotonic() + self.retry_after_seconds
            raise MemoryUnavailable(f"Mem0 failed: {type(exc).__name__}: {str(exc)[:200]}") from exc
        self._state["ready"] = True
        self._state["down_until"] = 0.0
        return result

    def _embed(self, text: str) -> list[float] | None:
        if self.embedder is None:
            return None
        try:
            return self.embedder().embed(text)
        except Exception:
            log.warning("embedding failed; the memory is stored without a vector", exc_info=True)
            return None

    # --- writes ---------------------------------------------------------------------------------

    def _uid(self, business: Business, phone: str) -> str:
        try:
            return user_id(business.id, normalize_phone(phone, business.country))
        except ValueError as exc:
            raise InvalidInput("A caller's memory needs a valid phone number.", {"phone": str(exc)}) from exc

    def _write(self, memory: Memory) -> str:
        """Firestore, then Mem0: 'firestore' (no Mem0), 'mem0', or 'queued' (replayed later)."""
        self.store.put(memory, self._embed(indexed_text(memory.text)), self.clock(), self.semantic is not None)
        if self.semantic is None:
            return "firestore"
        try:
            self._mem0(lambda client: self._sync(client, memory), self.write_budget_ms)
        except MemoryUnavailable as exc:
            log.warning("memory %s kept in Firestore, Mem0 replay queued: %s", memory.key, exc)
            self._queue_replay(memory.business_id, memory.key, memory.digest)
            return "queued"
        return "mem0"

    def _sync(self, client: SemanticMemory, memory: Memory) -> str:
        """Write `memory` to Mem0 and record it, holding the memory's claim meanwhile: one writer at a
        time, including a write its caller stopped waiting for that lands late, and two deliveries of
        a replay at once. SyncBusy while another holds it."""
        if not self.store.claim_sync(memory.business_id, memory.key, self.clock(), SYNC_LEASE):
            raise SyncBusy(f"another write of memory {memory.key} to Mem0 is under way")
        try:
            outcome = client.upsert(memory)
        except BaseException:
            self.store.release_sync(memory.business_id, memory.key)
            raise
        self.store.mark_synced(memory.business_id, memory.key, memory.digest)
        return outcome

    def _queue_replay(self, business_id: str, key: str, digest: str, attempt: str = "") -> bool:
        return self._queue({"op": "upsert", "business_id": business_id, "key": key},
                           f"memory-{key}-{digest}{attempt}")

    def requeue_unsynced(self, now: dt.datetime, older_than: dt.timedelta = dt.timedelta(minutes=15),
                         limit: int = 500) -> int:
        """Queue a replay again for memories Mem0 still lacks (a replay that ran out of retries
        during a long outage, or a process that died between the two writes). Scheduled with the
        reminders sweep; at most once an hour per memory."""
        if self.semantic is None:
            return 0
        queued = 0
        for business_id, key, digest, requeued_at in self.store.unsynced(now - older_than, limit):
            if requeued_at is not None and now - requeued_at < REQUEUE_EVERY:
                continue
            self._queue_replay(business_id, key, digest, f"-{now:%Y%m%d%H%M}")
            self.store.mark_requeued(business_id, key, now)
            queued += 1
        return queued

    def _queue(self, payload: dict, name: str) -> bool:
        if self.enqueue is None:
            raise ProviderError("Mem0 is unavailable and no replay queue is configured.", retryable=True)
        return self.enqueue(name, f"{self.base_url}/{REPLAY_FUNCTION}", payload)

    def store_conversation_memory(self, business: Business, phone: str, call_id: str, text: str,
                                  metadata: dict | None = None) -> dict:
        """One memory per call (a repeat for the same call replaces it)."""
        if not text.strip():
            raise InvalidInput("A memory needs some text.", {"text": "required"})
        uid = self._uid(business, phone)
        memory = Memory(key=conversation_key(uid, call_id), user_id=uid, business_id=business.id, text=text,
                        kind="conversation", created_at=self.clock(), call_id=call_id, metadata=metadata or {})
        return {"key": memory.key, "stored": self._write(memory)}

    def store_lead_summary(self, business: Business, lead_or_phone) -> dict | None:
        """The caller's name, stated preferences, interest and notes as one memory (replaced on
        update). Takes the lead, or the caller's phone to read it."""
        lead = self.crm.get_by_phone(business, lead_or_phone) if isinstance(lead_or_phone, str) else lead_or_phone
        if lead is None or not lead.phone.startswith("+"):
            return None
        phone = lead.phone
        from shared.domain.preferences import describe

        facts = [f"Name: {lead.name}"] if lead.name else []
        facts += describe(lead.preferences) + ([f"Interested in {lead.interest}"] if lead.interest else [])
        if lead.notes:
            facts.append(f"Notes: {lead.notes[-500:]}")
        if not facts:
            return None
        uid = self._uid(business, phone)
        memory = Memory(key=lead_summary_key(uid), user_id=uid, business_id=business.id, text=". ".join(facts),
                        kind="lead_summary", created_at=self.clock(),
                        metadata={"stage": lead.stage, "score": lead.score})
        return {"key": memory.key, "stored": self._write(memory)}

    def replay(self, business: Business, payload: dict) -> dict:
        """Cloud Tasks target: bring Mem0 up to date with Firestore. ProviderError (retry) while down."""
        op = payload.get("op")
        uid = payload.get("user_id")
        if op == "forget":
            if not isinstance(uid, str) or not MEMORY_KEY.match(uid):
                raise InvalidInput("user_id is required", {"user_id": "a memory user id"})
            # a user id is a hash: only the business's own record of the forget ties it to that business
            audit = self.store.get_audit(business.id, str(payload.get("audit_id") or ""))
            if audit is None or audit.get("action") != "forget_me" or audit.get("user_id") != uid:
                raise Forbidden("No forget of this caller was recorded for this business.")
        if self.semantic is None:
            return {"done": True, "skipped": "no Mem0 configured"}
        try:
            if op == "forget":
                self._mem0(lambda client: client.delete_user(uid), None)
                return {"done": True, "forgotten": uid}
            if op != "upsert":
                raise InvalidInput("op must be upsert or forget", {"op": "upsert | forget"})
            key = payload.get("key")
            if not isinstance(key, str) or not MEMORY_KEY.match(key):
                raise InvalidInput("key must be a memory key", {"key": "letters, digits and dashes"})
            found = self.store.get(business.id, key)
            if found is None:
                return {"done": True, "skipped": "memory no longer exists"}
            memory, synced = found
            if synced == memory.digest:
                self.store.mark_synced(business.id, memory.key, memory.digest)
                return {"done": True, "skipped": "already in Mem0"}
        except MemoryUnavailable as exc:
            raise ProviderError(f"Mem0 is still unavailable: {exc}", retryable=True) from exc
        try:
            outcome = self._mem0(lambda client: self._sync(client, memory), None)
        except MemoryUnavailable as exc:
            raise ProviderError(f"Mem0 is still unavailable: {exc}", retryable=True) from exc
        return {"done": True, "mem0": outcome}

    # --- reads ----------------------------------------------------------------------------------

    @staticmethod
    def _view(memory: Memory, score: float | None = None) -> dict:
        view = {"key": memory.key, "text": memory.text, "kind": memory.kind, "call_id": memory.call_id,
                "created_at": memory.created_at.isoformat()}
        if score is not None:
            view["score"] = round(score, 4)
        return view

    def retrieve_user_memories(self, business: Business, phone: str | None = None, name: str | None = None,
                               call_id: str | None = None, limit: int = 20) -> list[dict]:
        """A caller's memories, newest first, found by phone, by the name on their lead, or by call."""
        if call_id:
            memories = sorted(self.store.for_call(business.id, call_id), key=lambda m: m.created_at, reverse=True)
            return [self._view(m) for m in memories[:limit]]
        if phone:
            return [self._view(m) for m in self.store.for_user(business.id, self._uid(business, phone), limit)]
        if name:
            leads, _ = self.crm.search(business, text=name, limit=10)
            found: list[Memory] = []
            for lead in leads:
                if lead.phone.startswith("+"):
                    found += self.store.for_user(business.id, user_id(business.id, lead.phone), limit)
            found.sort(key=lambda m: m.created_at, reverse=True)
            return [self._view(m) for m in found[:limit]]
        raise InvalidInput("Give a phone, a name or a call id.", {"phone": "one of phone, name, call_id"})

    def recall(self, business: Business, phone: str, query: str, top_k: int = 3, on_call: bool = True) -> Recall:
        """The caller's memories closest to `query`: from Mem0 within the recall budget, else from
        Firestore. `on_call=False` (API lookups, post-call work) waits longer and loads models."""
        began = time.perf_counter()
        uid = self._uid(business, phone)
        degraded = None
        if self.semantic is not None:
            try:
                hits = self._mem0(lambda client: client.search(uid, query, top_k),
                                  self.recall_budget_ms if on_call else self.write_budget_ms)
                # Firestore is authoritative: a memory forgotten there is not recalled from Mem0.
                best = {}  # with fact extraction (MEM0_INFER) one memory can match as several facts
                for hit in hits:
                    best.setdefault(hit.key, hit)
                known = self.store.get_many(business.id, list(best)) if best else {}
                memories = [self._view(known[k], h.score) for k, h in best.items() if k in known]
                return Recall(memories, self.semantic_name, (time.perf_counter() - began) * 1000)
            except MemoryUnavailable as exc:
                degraded = str(exc)
        vector = None
        if self.embedder is not None:
            embedder = self.embedder()
            if embedder.ready or not on_call:
                vector = self._embed(indexed_text(query))
            else:  # loading the model takes longer than a turn may wait: words now, vectors next time
                self._pool.submit(self._embed, "warm up")
                degraded = (degraded + "; " if degraded else "") + "embedder loading"
        if vector is not None:
            ranked = self.store.nearest(business.id, uid, vector, top_k)
            source = "firestore_vector"
        else:
            ranked = keyword_rank(self.store.for_user(business.id, uid, 200), query, top_k)
            source = "firestore_keyword"
        return Recall([self._view(m, s) for m, s in ranked], source, (time.perf_counter() - began) * 1000,
                      degraded)

    def search_memories(self, business: Business, phone: str, query: str, top_k: int = 3) -> list[dict]:
        return self.recall(business, phone, query, top_k, on_call=False).memories

    def get_session_context(self, business: Business, phone: str, call_id: str | None = None,
                            query: str | None = None, limit: int = 3, lead: Lead | None = None) -> dict:
        """What the agent needs at the start of a turn: the caller's profile, upcoming appointments,
        the memories most related to `query` (the newest without one) and their recent calls.
        `lead`: the caller's lead if the caller already has it (else it is read)."""
        uid = self._uid(business, phone)
        e164 = normalize_phone(phone, business.country)
        # A caller without a lead has neither appointments nor memories (both write the lead first):
        # one read for them; a returning caller's two other reads run at once.
        lead = lead or self.crm.get_by_phone(business, e164)
        appointments, newest = [], []
        if lead is not None:
            appointments_read = self._submit(self.calendar.for_caller, business, e164)
            newest = self.store.for_user(business.id, uid, 20)
            appointments = appointments_read.result()
        context: dict = {"user_id": uid, "call_id": call_id, "profile": None, "upcoming": [], "memories": [],
                         "recent_calls": [], "memory_source": "firestore", "degraded": None}
        if lead is not None:
            context["profile"] = {"name": lead.name or None, "email": lead.email or None, "stage": lead.stage,
                                  "preferences": lead.preferences, "notes": lead.notes[-500:] if lead.notes else ""}
            now = self.clock()
            upcoming = [{"id": a.id, "service": a.service, "start": a.start.isoformat(), "name": a.caller.name}
                        for a in appointments if a.is_active and a.start >= now]
            context["upcoming"], context["upcoming_count"] = upcoming[:3], len(upcoming)
        context["recent_calls"] = [{"call_id": m.call_id, "summary": m.text[:300], "at": m.created_at.isoformat()}
                                   for m in newest if m.kind == "conversation" and m.call_id != call_id][:limit]
        context["memory_count"] = len(newest)
        if query and newest:
            recall = self.recall(business, e164, query, limit)
            context.update(memories=recall.memories, memory_source=recall.source, degraded=recall.degraded)
        else:
            context["memories"] = [self._view(m) for m in newest[:limit]]
        return context

    # --- privacy --------------------------------------------------------------------------------

    def forget(self, business: Business, phone: str, requested_by: str, skip_call: str | None = None) -> dict:
        """Delete the caller's memories everywhere, anonymise their lead, scrub their call transcripts,
        and keep an audit record without personal data. `skip_call`: the call in progress, which its
        post-call work scrubs once it has ended."""
        e164 = normalize_phone(phone, business.country)
        uid = user_id(business.id, e164)
        deleted = self.store.delete_user(business.id, uid)
        mem0 = "none"
        if self.semantic is not None:
            try:
                self._mem0(lambda client: client.delete_user(uid), self.write_budget_ms)
                mem0 = "deleted"
            except MemoryUnavailable as exc:
                log.warning("Mem0 forget of %s queued: %s", uid, exc)
                mem0 = "queued"
        scrubbed = self.calls.scrub_caller(business.id, e164, skip_call)
        anonymised = self.crm.anonymise(business, e164)
        audit = {"action": "forget_me", "user_id": uid, "memories_deleted": deleted, "mem0": mem0,
                 "calls_scrubbed": scrubbed, "lead_anonymised": anonymised, "requested_by": requested_by,
                 "at": self.clock()}
        audit_id = f"forget-{uid}-{int(self.clock().timestamp())}"
        self.store.audit(business.id, audit, audit_id)
        if mem0 == "queued":  # the replay is only done for a forget this business recorded (audit_id)
            self._queue({"op": "forget", "business_id": business.id, "user_id": uid, "audit_id": audit_id},
                        audit_id)
        log.info("forget_me for user %s: %s memories, %s calls, mem0 %s", uid, deleted, scrubbed, mem0)
        return {k: v for k, v in audit.items() if k != "at"}
