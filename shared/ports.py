"""The small interfaces services depend on. Adapters implement them; tests use the real ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from shared.domain.appointments import Appointment
from shared.domain.availability import Interval
from shared.domain.business import Business
from shared.domain.leads import Interaction, Lead

Clock = Callable[[], dt.datetime]


class BusinessRepository(Protocol):
    def get(self, business_id: str) -> Business | None: ...

    def save(self, business: Business) -> None:
        """Store the config and route its phone numbers to it (a number serves one business)."""

    def business_for_number(self, e164: str) -> Business | None:
        """The business a dialled number routes to (one read where possible)."""

    def business_for_key_hash(self, key_hash: str) -> str | None: ...

    def add_api_key(self, business_id: str, key_hash: str, label: str) -> None: ...


class AppointmentRepository(Protocol):
    def busy_between(self, business_id: str, start: dt.datetime, end: dt.datetime) -> list[Interval]:
        """Blocks of active appointments that overlap [start, end)."""

    def create(self, appointment: Appointment) -> None:
        """Store it with its lock cells atomically; raise SlotTaken if any cell is taken."""

    def get(self, business_id: str, appointment_id: str) -> tuple[Appointment, object] | None:
        """The appointment and an opaque version for `replace`."""

    def replace(self, previous: Appointment, appointment: Appointment, version: object) -> None:
        """Write it if unchanged since `version`, taking its new cells and releasing the ones
        `previous` held in the same commit.

        Raises SlotTaken if a new cell is taken, Conflict if the appointment changed meanwhile.
        """

    def for_caller(self, business_id: str, phone: str, since: dt.datetime | None) -> list[Appointment]: ...

    def between(self, business_id: str, start: dt.datetime, end: dt.datetime) -> list[Appointment]: ...


@dataclass(frozen=True)
class LeadFilters:
    stage: str | None = None
    min_score: float | None = None
    max_score: float | None = None
    text_tokens: tuple[str, ...] = ()
    service: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


class LeadRepository(Protocol):
    def get(self, business_id: str, lead_id: str) -> Lead | None: ...

    def upsert(
        self,
        business_id: str,
        lead_id: str,
        mutate: Callable[[Lead | None], tuple[Lead, Interaction | None]],
    ) -> Lead:
        """Read-modify-write in one transaction; `mutate` may run more than once."""

    def search(
        self, business_id: str, filters: LeadFilters, limit: int, cursor: str | None
    ) -> tuple[list[Lead], str | None]: ...
