"""CRM use cases: capture (one lead per phone per business), interactions, stages, search."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from dataclasses import dataclass

from shared.domain import leads as rules
from shared.domain.business import Business
from shared.domain.leads import Consent, Interaction, Lead
from shared.domain.phone import normalize_phone, phone_key
from shared.errors import InvalidInput, InvalidState, NotFound
from shared.ports import Clock, LeadFilters, LeadRepository

MAX_NOTES = 4000
log = logging.getLogger(__name__)


def valid_phone(raw: str, business: Business, field: str = "phone") -> str:
    try:
        return normalize_phone(raw, business.country)
    except ValueError as exc:
        raise InvalidInput(f"{field}: {exc}", {field: str(exc)}) from exc


def valid_email(raw: str | None, field: str = "email") -> str | None:
    if raw is None or not raw.strip():
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidInput(f"{field}: {exc}", {field: str(exc)}) from exc


def match_service(business: Business, interest: str) -> str | None:
    if not interest:
        return None
    exact = business.find_service(interest)
    if exact:
        return exact.name
    text = interest.casefold()
    hits = [s.name for s in business.services if s.name.casefold() in text]
    if hits:
        return max(hits, key=len)
    words = set(re.findall(r"[^\W_]+", text))
    partial = [s.name for s in business.services
               if words and words <= set(re.findall(r"[^\W_]+", s.name.casefold()))]
    return partial[0] if len(partial) == 1 else None


def _interaction_id(kind: str, payload: dict, day: dt.date) -> str:
    """Same content on the same day = same interaction, so a retried request counts once."""
    digest = hashlib.sha256(json.dumps([kind, payload, day.isoformat()], sort_keys=True,
                                       default=str).encode()).hexdigest()
    return f"{kind}-{digest[:20]}"


@dataclass
class Crm:
    leads: LeadRepository
    clock: Clock

    def capture(
        self,
        business: Business,
        *,
        phone: str,
        name: str = "",
        email: str | None = None,
        interest: str = "",
        notes: str = "",
        source: str = "api",
        area: str = "",
        sms_consent: bool | None = None,
        email_consent: bool | None = None,
        kind: str = "capture",
        interaction_id: str | None = None,
    ) -> Lead:
        e164 = valid_phone(phone, business)
        email = valid_email(email)
        name, interest, notes, area = (name or "").strip(), (interest or "").strip(), \
            (notes or "").strip(), (area or "").strip()
        now = self.clock()
        payload = {"name": name, "email": email, "interest": interest, "notes": notes, "area": area}
        interaction = Interaction(
            id=interaction_id or _interaction_id(kind, payload, now.date()),
            kind=kind, at=now, source=source,
            detail=interest or notes[:200],
        )
        service = match_service(business, interest)

        def merge(current: Lead | None) -> tuple[Lead, Interaction | None]:
            lead = current or rules.new_lead(business.id, phone_key(e164), e164, source, now)
            if name:
                lead.name = name
            if email:
                lead.email = email
            if interest:
                lead.interest = interest
                lead.interest_service = service or lead.interest_service
            if area:
                lead.area = area
            if notes and notes not in lead.notes:
                lead.notes = (f"{lead.notes}\n{notes}" if lead.notes else notes)[-MAX_NOTES:]
            lead.consent = Consent(
                sms=lead.consent.sms if sms_consent is None else sms_consent,
                email=lead.consent.email if email_consent is None else email_consent,
            )
            return self._finish(lead, business, interaction, now)

        return self.leads.upsert(business.id, phone_key(e164), merge)

    def _finish(self, lead: Lead, business: Business, interaction: Interaction | None,
                now: dt.datetime) -> tuple[Lead, Interaction | None]:
        seen = {i.id for i in lead.recent_interactions}
        if interaction is not None and interaction.id in seen:
            interaction = None
        if interaction is not None:
            rules.add_interaction(lead, interaction)
        lead.search_terms = rules.index_terms(lead.name, lead.notes, lead.interest)
        lead.updated_at = now
        rules.rescore(lead, business, now)
        return lead, interaction

    def record(
        self,
        business: Business,
        phone: str,
        kind: str,
        interaction_id: str,
        detail: str = "",
        source: str = "system",
        stage: str | None = None,
        name: str = "",
        email: str | None = None,
    ) -> Lead:
        """Count an interaction (call, booking, reply...) once, and move the stage forward."""
        e164 = valid_phone(phone, business)
        email = valid_email(email)
        now = self.clock()
        interaction = Interaction(id=interaction_id, kind=kind, at=now, detail=detail, source=source)

        def merge(current: Lead | None) -> tuple[Lead, Interaction | None]:
            lead = current or rules.new_lead(business.id, phone_key(e164), e164, source, now)
            if name and not lead.name:
                lead.name = name
            if email:
                lead.email = email
            if stage:
                rules.move_stage(lead, stage, f"{kind}: {detail}".strip(": "), now)
            if stage == "booked":
                rules.drop_unconfirmed_notes(lead)
            return self._finish(lead, business, interaction, now)

        return self.leads.upsert(business.id, phone_key(e164), merge)

    def set_interest(self, business: Business, phone: str, interest: str) -> Lead | None:
        """What the caller asked about, found after the call: the lead's interest (no interaction).
        None if there is no lead."""
        e164 = valid_phone(phone, business)
        if self.leads.get(business.id, phone_key(e164)) is None:
            return None
        service = match_service(business, interest)
        now = self.clock()

        def merge(current: Lead | None) -> tuple[Lead, Interaction | None]:
            lead = current or rules.new_lead(business.id, phone_key(e164), e164, "call", now)
            lead.interest, lead.interest_service = interest, service or lead.interest_service
            return self._finish(lead, business, None, now)

        return self.leads.upsert(business.id, phone_key(e164), merge)

    def booking_cancelled(self, business: Business, phone: str, interaction_id: str, detail: str,
                          still_booked: bool, source: str = "system") -> Lead | None:
        """Count a cancellation once; when it was the lead's last active booking, its stage goes back
        to what it was before it booked (or `lost`), with the reason. None if there is no lead."""
        e164 = valid_phone(phone, business)
        if self.leads.get(business.id, phone_key(e164)) is None:
            return None  # booked through the API for someone who never became a lead
        now = self.clock()
        interaction = Interaction(id=interaction_id, kind="cancellation", at=now, detail=detail, source=source)

        def merge(current: Lead | None) -> tuple[Lead, Interaction | None]:
            lead = current or rules.new_lead(business.id, phone_key(e164), e164, source, now)
            seen = interaction.id in {i.id for i in lead.recent_interactions}
            if not still_booked and not seen:
                rules.unbook(lead, f"cancelled {detail}; nothing else booked", now)
            return self._finish(lead, business, interaction, now)

        return self.leads.upsert(business.id, phone_key(e164), merge)

    def update_stage(self, business: Business, phone: str, stage: str, reason: str) -> Lead:
        e164 = valid_phone(phone, business)
        if not reason.strip():
            raise InvalidInput("Give a reason for the change.", {"reason": "required"})
        now = self.clock()

        def merge(current: Lead | None) -> tuple[Lead, Interaction | None]:
            if current is None:
                raise NotFound("No lead with that phone number.")
            if not rules.move_stage(current, stage, reason.strip(), now):
                raise InvalidState(f"A lead cannot move from {current.stage} to {stage}.")
            current.updated_at = now
            return current, None

        return self.leads.upsert(business.id, phone_key(e164), merge)

    def remember(self, business: Business, phone: str, preferences: dict, name: str = "") -> Lead:
        """Keep what the caller said about themselves (authoritative, on the lead)."""
        from shared.domain.preferences import merge

        e164 = valid_phone(phone, business)
        now = self.clock()

        def apply(current: Lead | None) -> tuple[Lead, Interaction | None]:
            lead = current or rules.new_lead(business.id, phone_key(e164), e164, "call", now)
            lead.preferences = merge(lead.preferences, preferences)
            if name and not lead.name:
                lead.name = name
            lead.updated_at = now
            return lead, None

        return self.leads.upsert(business.id, phone_key(e164), apply)

    def anonymise(self, business: Business, phone: str) -> bool:
        """Remove what identifies or describes the caller; keep the record (and its STOP consent)."""
        e164 = valid_phone(phone, business)
        now = self.clock()

        def scrub(current: Lead | None) -> tuple[Lead, Interaction | None]:
            if current is None:
                raise NotFound("No lead for that phone number.")
            current.name, current.email, current.notes, current.interest, current.area = "", None, "", "", ""
            current.interest_service, current.preferences, current.search_terms = None, {}, []
            current.phone = "***" + e164[-4:]
            current.recent_interactions = [i.model_copy(update={"detail": ""}) for i in current.recent_interactions]
            rules.move_stage(current, "lost", "the caller asked to be forgotten", now)
            current.updated_at = now
            return current, None

        try:
            self.leads.upsert(business.id, phone_key(e164), scrub)
        except NotFound:
            return False
        self.leads.clear_interactions(business.id, phone_key(e164))
        return True

    def get_by_phone(self, business: Business, phone: str) -> Lead | None:
        return self.leads.get(business.id, phone_key(valid_phone(phone, business)))

    def search(
        self,
        business: Business,
        *,
        stage: str | None = None,
        min_score: float | None = None,
        max_score: float | None = None,
        text: str | None = None,
        service: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> tuple[list[Lead], str | None]:
        filters = self.filters(business, stage=stage, min_score=min_score, max_score=max_score, text=text,
                               service=service, since=since, until=until)
        return self.leads.search(business.id, filters, limit, cursor)

    @staticmethod
    def filters(
        business: Business,
        *,
        stage: str | None = None,
        min_score: float | None = None,
        max_score: float | None = None,
        text: str | None = None,
        service: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
    ) -> LeadFilters:
        """A lead search's filters, checked: the score and date ranges, the service by its name or
        alias, the words of `text`."""
        if min_score is not None and max_score is not None and min_score > max_score:
            raise InvalidInput("min_score is above max_score", {"min_score": "must be <= max_score"})
        if since and until and since >= until:
            raise InvalidInput("since is not before until", {"since": "must be before until"})
        canonical_service = None
        if service:
            found = business.find_service(service)
            if found is None:
                known = ", ".join(business.service_names())
                raise InvalidInput(f"Unknown service '{service}'.", {"service": f"one of: {known}"})
            canonical_service = found.name
        tokens = tuple(sorted(rules.search_tokens(text or ""), key=len, reverse=True))
        if text and text.strip() and not tokens:
            raise InvalidInput("text has no searchable words", {"text": "use at least two letters"})
        return LeadFilters(stage=stage, min_score=min_score, max_score=max_score,
                           text_tokens=tokens, service=canonical_service, since=since, until=until)


def record_cancellation(crm: Crm, calendar, business: Business, appointment, source: str) -> None:
    """After `appointment` was cancelled: the caller's lead counts it and, when nothing else of
    theirs is booked, stops saying `booked`. The cancellation stands if this fails (retried with it)."""
    try:
        others = [a for a in calendar.for_caller(business, appointment.caller_phone)
                  if a.is_active and a.id != appointment.id]
        start = appointment.start.astimezone(business.zone)
        crm.booking_cancelled(business, appointment.caller_phone, f"cancel-{appointment.id}",
                              f"{appointment.service} on {start:%a %d %b %H:%M}", still_booked=bool(others),
                              source=source)
    except Exception:
        log.warning("lead update after cancelling %s failed", appointment.id, exc_info=True)
