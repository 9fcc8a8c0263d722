"""The small interfaces services depend on. Adapters implement them; tests use the real ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from shared.domain.appointments import Appointment
from shared.domain.availability import Interval
from shared.domain.business import Business
from shared.domain.calendar_sync import CalendarConnection, ExternalEvent
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


# --- connected calendars (docs/calendar-sync.md) ----------------------------------------------------

class CalendarProvider(Protocol):
    """One connected calendar's API (Google today; Microsoft 365 or Cal.com would be others).
    Failures are ProviderError (retryable for rate limits and outages)."""

    round_trips: int

    def changes(self, calendar_id: str, sync_token: str | None, zone) -> tuple[list[ExternalEvent], str]:
        """Events changed since the token (None: all), all pages, and the next token;
        SyncTokenExpired when the token is no longer valid."""

    def put_event(self, calendar_id: str, event_id: str, business: Business, appointment: Appointment) -> None:
        """Create or update the appointment's event under `event_id`; a repeat changes nothing."""

    def remove_event(self, calendar_id: str, event_id: str) -> None:
        """Delete it; already gone is fine."""

    def watch(self, calendar_id: str, channel_id: str, address: str, token: str,
              expires_at: dt.datetime) -> tuple[str, dt.datetime]:
        """Open a push channel to `address`; (its resource id, when it expires)."""

    def stop(self, channel_id: str, resource_id: str) -> None: ...


class OAuth(Protocol):
    def authorization_url(self, state: str) -> str: ...

    def exchange(self, code: str) -> str: ...


class TokenCipher(Protocol):
    def encrypt(self, plain: str) -> str: ...

    def decrypt(self, token: str) -> str: ...

    def sign(self, text: str) -> str: ...

    def verify(self, text: str, signature: str) -> bool: ...


class CalendarSyncStore(Protocol):
    def connection(self, business_id: str, resource: str) -> CalendarConnection | None: ...

    def save_connection(self, connection: CalendarConnection) -> None: ...

    def update_connection(self, business_id: str, resource: str, fields: dict) -> None: ...

    def connections(self) -> list[CalendarConnection]: ...

    def apply(self, business_id: str, resource: str, events: list[ExternalEvent], window: Interval, full: bool):
        """Store the busy time `events` make within `window` (full: remove what the listing lacks);
        returns what changed and the bookings an event now overlaps (adapters.firestore_calendar.Applied)."""
