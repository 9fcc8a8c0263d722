"""Leads: the record, the lifecycle and the explainable score."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Literal

from pydantic import Field

from shared.domain.base import Record
from shared.domain.business import Business, LeadScoring

Stage = Literal["new", "contacted", "qualified", "booked", "customer", "lost"]
STAGE_ORDER: tuple[str, ...] = ("new", "contacted", "qualified", "booked", "customer")
RECENT_INTERACTIONS = 50


class Interaction(Record):
    id: str
    kind: str
    at: dt.datetime
    detail: str = ""
    source: str = ""


class StageChange(Record):
    stage: Stage
    at: dt.datetime
    reason: str


class ScoreItem(Record):
    factor: str
    points: float
    detail: str


class Consent(Record):
    sms: bool | None = None
    email: bool | None = None


class Lead(Record):
    id: str
    business_id: str
    phone: str
    name: str = ""
    email: str | None = None
    interest: str = ""
    interest_service: str | None = None
    area: str = ""
    notes: str = ""
    source: str = "api"
    consent: Consent = Field(default_factory=Consent)
    preferences: dict = Field(default_factory=dict)   # stated facts: part_of_day, allergies
    stage: Stage = "new"
    stage_history: list[StageChange] = Field(default_factory=list)
    score: float = 0
    score_breakdown: list[ScoreItem] = Field(default_factory=list)
    scored_at: dt.datetime | None = None
    recent_interactions: list[Interaction] = Field(default_factory=list)
    interaction_count: int = 0
    search_terms: list[str] = Field(default_factory=list)
    created_at: dt.datetime
    updated_at: dt.datetime

    def public(self) -> dict:
        data = self.model_dump(mode="json", exclude={"search_terms", "recent_interactions"})
        data["recent_interactions"] = [
            i.model_dump(mode="json") for i in self.recent_interactions[-10:]
        ]
        return data


def search_tokens(*texts: str) -> list[str]:
    words = set()
    for text in texts:
        words.update(w for w in re.findall(r"[^\W_]+", (text or "").casefold()) if len(w) > 1)
    return sorted(words)


def index_terms(*texts: str) -> list[str]:
    """Words and their prefixes of three letters or more, so 'smi' finds 'Smith'."""
    terms = set()
    for word in search_tokens(*texts):
        terms.add(word)
        terms.update(word[:n] for n in range(3, len(word)))
    return sorted(terms)[:400]


def can_move(current: str, target: str) -> bool:
    """Forward along the funnel, to `lost` from anywhere, and back into the funnel from `lost`."""
    if target == current:
        return False
    if target == "lost":
        return True
    if current == "lost":
        return target in ("contacted", "qualified", "booked", "customer")
    return STAGE_ORDER.index(target) > STAGE_ORDER.index(current)


def move_stage(lead: Lead, target: str, reason: str, now: dt.datetime) -> bool:
    if not can_move(lead.stage, target):
        return False
    lead.stage = target  # type: ignore[assignment]
    lead.stage_history.append(StageChange(stage=target, at=now, reason=reason))  # type: ignore[arg-type]
    return True


def unbook(lead: Lead, reason: str, now: dt.datetime) -> bool:
    """A booked lead whose last booking is gone goes back to the stage it had before it booked
    (`lost` when it had none); other stages stay. True if the stage changed."""
    if lead.stage != "booked":
        return False
    before = [c.stage for c in lead.stage_history if c.stage not in ("booked", "customer")]
    previous = before[-1] if before else "lost"
    lead.stage = previous  # type: ignore[assignment]
    lead.stage_history.append(StageChange(stage=previous, at=now, reason=reason))  # type: ignore[arg-type]
    return True


# The post-call note of a booking the caller did not confirm; stale once they book.
UNCONFIRMED_NOTE = "Call ended before confirming"


def drop_unconfirmed_notes(lead: Lead) -> None:
    """A booking made: the notes no longer say an earlier call ended with nothing booked."""
    kept = [line for line in lead.notes.splitlines() if not line.startswith(UNCONFIRMED_NOTE)]
    lead.notes = "\n".join(kept)


def score(lead: Lead, business: Business, now: dt.datetime) -> tuple[float, list[ScoreItem]]:
    rules: LeadScoring = business.lead_scoring
    items: list[ScoreItem] = []
    if lead.interest_service:
        items.append(ScoreItem(factor="known_service", points=rules.known_service,
                               detail=f"asked for {lead.interest_service}"))
    if lead.email:
        items.append(ScoreItem(factor="has_email", points=rules.has_email, detail="email given"))
    if lead.name:
        items.append(ScoreItem(factor="has_name", points=rules.has_name, detail="name given"))
    if lead.area and business.service_areas:
        area = lead.area.casefold()
        if any(a.casefold() in area or area in a.casefold() for a in business.service_areas):
            items.append(ScoreItem(factor="in_service_area", points=rules.in_service_area,
                                   detail=f"{lead.area} is served"))
    if lead.consent.sms:
        items.append(ScoreItem(factor="sms_consent", points=rules.sms_consent,
                               detail="agreed to texts"))

    engagement = 0.0
    counts: dict[str, int] = {}
    for interaction in lead.recent_interactions:
        points = rules.engagement_points.get(interaction.kind, 0)
        age_days = max((now - interaction.at).total_seconds(), 0) / 86400
        engagement += points * math.pow(0.5, age_days / rules.half_life_days)
        counts[interaction.kind] = counts.get(interaction.kind, 0) + 1
    if engagement > 0:
        capped = min(engagement, rules.engagement_cap)
        summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        items.append(ScoreItem(
            factor="engagement", points=round(capped, 1),
            detail=f"{summary}; half-life {rules.half_life_days:g} days, cap {rules.engagement_cap}",
        ))
    total = min(round(sum(i.points for i in items), 1), 100.0)
    return total, items


def rescore(lead: Lead, business: Business, now: dt.datetime) -> None:
    lead.score, lead.score_breakdown = score(lead, business, now)
    lead.scored_at = now
    threshold = business.lead_scoring.qualified_threshold
    if lead.stage in ("new", "contacted") and lead.score >= threshold:
        move_stage(lead, "qualified", f"score {lead.score:g} reached {threshold}", now)


def new_lead(business_id: str, lead_id: str, phone: str, source: str, now: dt.datetime) -> Lead:
    return Lead(id=lead_id, business_id=business_id, phone=phone, source=source,
                stage_history=[StageChange(stage="new", at=now, reason=f"first contact via {source}")],
                created_at=now, updated_at=now)


def add_interaction(lead: Lead, interaction: Interaction) -> None:
    lead.recent_interactions = (lead.recent_interactions + [interaction])[-RECENT_INTERACTIONS:]
    lead.interaction_count += 1
