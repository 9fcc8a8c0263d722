"""Roxy's memory of callers, kept in Firestore (the backend Mem0 falls back to).

Memories are scoped to one business and one caller: `user_id` = sha256(business id + E.164 phone),
never a bare phone. Recall ranks by shared content words, then recency. Authoritative facts
(name, appointments, stated preferences) live on the lead and the calendar; a memory never
changes a booking.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from shared.domain.business import Business
from shared.domain.phone import normalize_phone

log = logging.getLogger(__name__)
STOPWORDS = frozenset("a an the and or but i me my we our you your it is are was were be to of in on at for with "
                      "this that there what when where how do does did can could would will just so".split())


def user_id(business: Business, phone: str) -> str:
    return hashlib.sha256(f"{business.id}:{normalize_phone(phone, business.country)}".encode()).hexdigest()[:32]


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in STOPWORDS and len(w) > 2}


@dataclass
class MemoryService:
    client: object                         # google.cloud.firestore.Client
    crm: object                            # services.leads.Crm
    clock: Callable[[], dt.datetime]
    keep_per_caller: int = 200

    def _collection(self, business: Business):
        return self.client.collection("businesses").document(business.id).collection("memories")

    def store_conversation_memory(self, business: Business, phone: str, call_id: str, text: str,
                                  metadata: dict | None = None) -> str:
        """One memory per call (a repeat of the same call's write replaces it)."""
        uid = user_id(business, phone)
        memory_id = hashlib.sha256(f"{uid}:{call_id}".encode()).hexdigest()[:24]
        self._collection(business).document(memory_id).set({
            "user_id": uid, "call_id": call_id, "text": text[:2000], "kind": "conversation",
            "metadata": metadata or {}, "created_at": self.clock()})
        return memory_id

    def store_lead_summary(self, business: Business, phone: str) -> str | None:
        lead = self.crm.get_by_phone(business, phone)
        if lead is None:
            return None
        from shared.domain.preferences import describe

        facts = [f"Name: {lead.name}"] if lead.name else []
        facts += describe(lead.preferences) + ([f"Interested in {lead.interest}"] if lead.interest else [])
        uid = user_id(business, phone)
        memory_id = f"lead-{uid}"
        self._collection(business).document(memory_id).set({
            "user_id": uid, "call_id": None, "text": ". ".join(facts)[:2000], "kind": "lead_summary",
            "metadata": {"stage": lead.stage, "score": lead.score}, "created_at": self.clock()})
        return memory_id

    def retrieve_user_memories(self, business: Business, phone: str, limit: int = 20) -> list[dict]:
        from google.cloud.firestore_v1.base_query import FieldFilter

        query = self._collection(business).where(filter=FieldFilter("user_id", "==", user_id(business, phone)))
        memories = [snap.to_dict() | {"id": snap.id} for snap in query.limit(self.keep_per_caller).stream()]
        return sorted(memories, key=lambda m: m["created_at"], reverse=True)[:limit]

    def search_memories(self, business: Business, phone: str, query: str, top_k: int = 3) -> list[dict]:
        wanted = _words(query)
        memories = self.retrieve_user_memories(business, phone, self.keep_per_caller)

        def rank(memory: dict) -> tuple[int, dt.datetime]:
            return len(wanted & _words(memory["text"])), memory["created_at"]

        ranked = sorted(memories, key=rank, reverse=True)
        return [m for m in ranked if rank(m)[0] > 0][:top_k]

    def get_session_context(self, business: Business, phone: str, limit: int = 3) -> list[str]:
        """What the agent should remember at the start of a call: the latest memories, as text."""
        return [m["text"] for m in self.retrieve_user_memories(business, phone, limit)]

    def forget(self, business: Business, phone: str, requested_by: str, skip_call: str | None = None) -> dict:
        """Delete the caller's memories, anonymise their lead and scrub their call transcripts,
        and keep an audit record (without the personal data). `skip_call`: the call in progress,
        which its post-call work scrubs once it has ended."""
        from google.cloud.firestore_v1.base_query import FieldFilter

        e164 = normalize_phone(phone, business.country)
        uid = user_id(business, e164)
        root = self.client.collection("businesses").document(business.id)
        deleted = 0
        for snap in self._collection(business).where(filter=FieldFilter("user_id", "==", uid)).stream():
            snap.reference.delete()
            deleted += 1
        scrubbed = 0
        for snap in root.collection("calls").where(filter=FieldFilter("caller_phone", "==", e164)).stream():
            if snap.id == skip_call:
                continue
            for turn in snap.reference.collection("turns").stream():
                turn.reference.update({"caller": "[forgotten]", "roxy": "[forgotten]"})
            snap.reference.update({"transcript": [], "summary": "", "state.name": None, "state.email": None,
                                   "state.preferences": {}, "state.lead_notes": [], "state.call_notes": [],
                                   "profile": {}})
            scrubbed += 1
        anonymised = self.crm.anonymise(business, e164)
        audit = {"action": "forget_me", "user_id": uid, "memories_deleted": deleted, "calls_scrubbed": scrubbed,
                 "lead_anonymised": anonymised, "requested_by": requested_by, "at": self.clock()}
        root.collection("audit").add(audit)
        log.info("forget_me for user %s: %s memories, %s calls", uid, deleted, scrubbed)
        return {k: v for k, v in audit.items() if k != "at"}
