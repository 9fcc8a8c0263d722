"""What Roxy remembers about a caller: one memory = one text, scoped to one business and one caller.

`user_id` = sha256(business id + E.164 phone): the Mem0 user id and the Firestore key of a caller's
memories, never a bare phone, so the same person calling two businesses has two unrelated memories.
A memory's `key` is stable for what it records (one per call, one lead summary per caller), so a
repeated write replaces it, and replays into Mem0 never duplicate it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

KINDS = ("conversation", "lead_summary", "note")
MAX_TEXT = 2000
STOPWORDS = frozenset("a an the and or but i i'm me my we our you your it is are was were be to of in on at for with "
                      "this that there what when where how do does did can could would will just so she he her his "
                      "they them their caller customer any anything about".split())


# What a memory is about, found from its words, so that a question ("how do they pay?") meets a
# memory in the caller's words ("is it okay if I pay by Amex again") in embedding space too. The
# label is embedded with the text; the stored text stays as said.
TOPICS = {
    "Preferred time of day for appointments": r"\b(mornings?|afternoons?|evenings?|lunch ?time|weekends?|weekdays?|"
    r"early|late|after (work|school)|before (work|school)|[0-9]{1,2} ?(am|pm|o'clock))\b",
    "Allergies and sensitivities": r"\b(allerg\w*|rash\w*|react\w*|sensitiv\w*|irritat\w*|intoleran\w*|eczema)\b",
    "Family members who may book too": r"\b(daughter|son|husband|wife|mother|mom|mum|father|dad|kids?|child|children|"
    r"partner|sister|brother|grand\w+|family)\b",
    "Payment method": r"\b(pay|paying|paid|payment|card|cash|visa|amex|mastercard|apple pay|google pay|gift card|"
    r"invoice|bill)\b",
    "Transport and parking": r"\b(car|bike|bicycle|motorbike|scooter|bus|train|taxi|uber|drive|driving|park|parking|"
    r"lock it)\b",
    "Previous visits and past services": r"\b(last (time|visit)|previous|again|usual|before|had)\b",
    "Preferred staff member": r"\b((?-i:see [A-Z]\w+|have [A-Z]\w+)|stylist|barber|technician|therapist|"
    r"did an amazing job|was great)\b",
    "How to contact them": r"\b(text|email|e-mail|call|phone|whatsapp|reach|contact|message|voicemail)\b",
    "Accessibility and health needs": r"\b(wheelchair|cane|crutch\w*|mobility|back|pregnan\w*|step-free|stairs|"
    r"ground floor|disab\w*|hearing|deaf|blind|diabet\w*)\b",
    "Upcoming special occasion": r"\b(wedding|interview|graduation|birthday|party|shoot|anniversary|prom|funeral|"
    r"holiday|trip|event|date night)\b",
}
_TOPIC_PATTERNS = {label: re.compile(pattern, re.I) for label, pattern in TOPICS.items()}


def topics(text: str) -> list[str]:
    return [label for label, pattern in _TOPIC_PATTERNS.items() if pattern.search(text)]


def indexed_text(text: str) -> str:
    """The text to embed: its topics, then the words as said."""
    found = topics(text)
    return (f"{'; '.join(found)}. {text}" if found else text)[:MAX_TEXT + 300]


def user_id(business_id: str, e164: str) -> str:
    return hashlib.sha256(f"{business_id}:{e164}".encode()).hexdigest()[:32]


def conversation_key(uid: str, call_id: str) -> str:
    return hashlib.sha256(f"{uid}:{call_id}".encode()).hexdigest()[:24]


def lead_summary_key(uid: str) -> str:
    return f"lead-{uid}"


@dataclass(frozen=True)
class Hit:
    """A semantic store's answer to a search: which memory, its text there, how close."""

    key: str
    text: str
    score: float


@dataclass(frozen=True)
class Memory:
    key: str
    user_id: str
    business_id: str
    text: str
    kind: str
    created_at: dt.datetime
    call_id: str | None = None
    metadata: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown memory kind {self.kind!r}")
        object.__setattr__(self, "text", " ".join(self.text.split())[:MAX_TEXT])

    @property
    def digest(self) -> str:
        """Changes when what Mem0 must hold changes (its text or kind)."""
        return hashlib.sha256(f"{self.kind}\n{self.text}".encode()).hexdigest()[:16]

    def mem0_metadata(self) -> dict:
        return {"key": self.key, "digest": self.digest, "kind": self.kind, "business_id": self.business_id,
                "call_id": self.call_id or "", "created_at": self.created_at.isoformat()}


def words(text: str) -> set[str]:
    """Content words cut to 5 letters, a crude stem: allergic / allergies, prefer / preferred."""
    return {w[:5] for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in STOPWORDS and len(w) > 2}


def keyword_rank(memories: list[Memory], query: str, top_k: int) -> list[tuple[Memory, float]]:
    """Memories sharing content words (or topics) with `query`, most shared first, then newest."""
    wanted = words(indexed_text(query))
    scored = [(m, len(wanted & words(indexed_text(m.text))) / (len(wanted) or 1)) for m in memories]
    scored.sort(key=lambda pair: (pair[1], pair[0].created_at), reverse=True)
    return [pair for pair in scored if pair[1] > 0][:top_k]
