"""The small interfaces services depend on: one Protocol per dependency a service takes.

shared/adapters implements them on Firestore, Cloud Tasks, Twilio, SendGrid/SMTP and Mem0;
tests/fakes implements them in memory, and tests/integration/contracts runs the same
assertions against both, so the two cannot drift. Versions (`object` below) are opaque tokens a
repository hands out with a read and checks on the write that follows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from shared.clock import Clock as Clock  # re-exported: services type their clock with it

if TYPE_CHECKING:  # annotations only: importing ports costs a cold start nothing
    from shared.domain.appointments import Appointment
    from shared.domain.availability import Interval
    from shared.domain.business import Business
    from shared.domain.calendar_sync import CalendarConnection, ExternalEvent
    from shared.domain.calls import Call, TurnRecord
    from shared.domain.leads import Interaction, Lead
    from shared.domain.memories import Hit, Memory
    from shared.domain.notifications import Notification


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

    def due_for_reminders(self, now: dt.datetime, limit: int, after: object | None = None
                          ) -> list[tuple[Appointment, object, object]]:
        """Appointments of every business whose next reminder is due at `now`, earliest first:
        (appointment, version, a cursor to pass as `after` for the next page)."""

    def commit_reminders(self, updates: list[tuple[Appointment, object]], notifications: list[Notification]) -> None:
        """Store each appointment's reminder plan (if unchanged since its version) and create the
        notification records, all or nothing; Conflict if any precondition fails or a record exists."""


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

    def clear_interactions(self, business_id: str, lead_id: str) -> None:
        """Delete the lead's interaction records (forget_me)."""


class CallRepository(Protocol):
    def get(self, business_id: str, call_sid: str, turn: int | None = None) -> tuple[Call, object] | None:
        """The call and its version; `turn`: the turn being answered, which the repository may
        answer from its own last write of the call."""

    def create(self, call: Call) -> object | None:
        """Store a new call; its version, or None if the call exists (a repeated first webhook)."""

    def save(self, call: Call, version: object, turn: TurnRecord | None = None) -> None:
        """Write the call (and the turn's record) if unchanged since `version`, in one commit;
        Conflict if anything else wrote it meanwhile."""

    def get_to_answer(self, business_id: str, call_sid: str) -> tuple[Call, object] | None:
        """Read the call, and let the next `get(..., turn=call.turn)` answer from this read
        (voice_relay, when a session starts)."""

    def mark_interrupted(self, business_id: str, call_sid: str, n: int, heard: str) -> None:
        """Turn `n`'s record keeps only what the caller heard (`roxy`) and says it was
        interrupted; nothing when the turn was never written."""

    def turns(self, business_id: str, call_sid: str) -> list[TurnRecord]:
        """The call's turn records in order."""

    def scrub_caller(self, business_id: str, e164: str, skip_call: str | None = None) -> int:
        """Remove what the caller said from their calls and turns (except `skip_call`); how many calls."""

    def unfinished(self, before: dt.datetime, since: dt.datetime, limit: int) -> list[tuple[str, str]]:
        """(business_id, call_sid) of calls of every business that ended `completed` in [since, before)
        whose post-call work is not done, oldest first."""


class NotificationRepository(Protocol):
    def create(self, notification: Notification) -> bool:
        """Store it; False if a record with its id exists (the same event notified before)."""

    def get(self, business_id: str, notification_id: str) -> tuple[Notification, object] | None: ...

    def save(self, notification: Notification, version: object | None) -> None:
        """Write it if unchanged since `version` (None: unconditionally); Conflict otherwise."""

    def stale_queued(self, before: dt.datetime, limit: int) -> list[tuple[str, str]]:
        """(business_id, notification_id) of records of every business still queued, created
        before `before`, oldest first."""

    def stale_sending(self, before: dt.datetime, limit: int) -> list[tuple[str, str]]:
        """(business_id, notification_id) of records of every business still `sending`, claimed
        (updated) before `before`, oldest first."""

    def list(self, business_id: str, status: str | None = None, kind: str | None = None,
             since: dt.datetime | None = None, until: dt.datetime | None = None, limit: int = 50,
             cursor: str | None = None) -> tuple[list[Notification], str | None]:
        """Newest first (then by id, descending), with a cursor to the next page or None."""


class SmsThreadRepository(Protocol):
    def get(self, business_id: str, phone_key: str) -> tuple[dict, object | None]:
        """The thread and its version; a new thread (`{"pending": None, "answered": []}`, None)."""

    def save(self, business_id: str, phone_key: str, thread: dict, version: object | None) -> None:
        """Create it (version None) or write it if unchanged since `version`; Conflict otherwise."""

    def due_digests(self, now: dt.datetime, limit: int) -> list[tuple[str, str]]:
        """(business_id, phone_key) of threads of every business whose `digest_due_at` <= now, oldest first."""


class MemoryRepository(Protocol):
    def put(self, memory: Memory, embedding: list[float] | None, written_at: dt.datetime, to_sync: bool) -> None:
        """Store (or overwrite) the memory under its key; `to_sync`: the semantic store must get it."""

    def get(self, business_id: str, key: str) -> tuple[Memory, str | None] | None:
        """The memory and the digest the semantic store holds (None if none)."""

    def get_many(self, business_id: str, keys: list[str]) -> dict[str, Memory]: ...

    def mark_synced(self, business_id: str, key: str, digest: str) -> None:
        """The semantic store holds `digest`; the memory is synced only if it still has that digest.
        Ends a sync claim."""

    def claim_sync(self, business_id: str, key: str, now: dt.datetime, lease: dt.timedelta) -> bool:
        """Claim writing this memory to the semantic store until `now + lease`: False when the memory
        is gone or another writer holds an unexpired claim (two deliveries of a replay never both
        write)."""

    def release_sync(self, business_id: str, key: str) -> None:
        """End a claim without a sync (the write failed)."""

    def unsynced(self, before: dt.datetime, limit: int) -> list[tuple[str, str, str, dt.datetime | None]]:
        """(business_id, key, digest, requeued_at) of memories written before `before` not yet synced."""

    def mark_requeued(self, business_id: str, key: str, at: dt.datetime) -> None: ...

    def for_user(self, business_id: str, uid: str, limit: int = 20) -> list[Memory]:
        """The user's memories, newest first."""

    def for_call(self, business_id: str, call_id: str) -> list[Memory]: ...

    def nearest(self, business_id: str, uid: str, vector: list[float], top_k: int) -> list[tuple[Memory, float]]:
        """The user's memories closest to `vector` by cosine, with the similarity, closest first."""

    def audit(self, business_id: str, record: dict, audit_id: str | None = None) -> None:
        """Store an audit record of a privacy action (under `audit_id` when given)."""

    def get_audit(self, business_id: str, audit_id: str) -> dict | None:
        """The business's audit record `audit_id`, or None."""

    def delete_user(self, business_id: str, uid: str) -> int:
        """Delete every memory of the user; how many."""


class SemanticMemory(Protocol):
    """Mem0 (platform or open source): memories by user, searched by meaning."""

    def upsert(self, memory: Memory) -> str: ...

    def search(self, uid: str, query: str, top_k: int) -> list[Hit]: ...

    def delete_user(self, uid: str) -> None: ...


class Embedder(Protocol):
    def embed(self, text: str) -> list[float]: ...


class StatsReader(Protocol):
    def counts(self, business_id: str, since: dt.datetime, until: dt.datetime) -> dict[str, int]:
        """Dashboard counts: calls (started in range) and calls_with_{outcome}, appointments_created,
        notifications_{status} (created in range), leads_{stage} (all time)."""


class TaskQueue(Protocol):
    def enqueue(self, name: str, url: str, payload: dict) -> bool:
        """POST `payload` as JSON to `url`, at least once; False if a task of that name exists.
        ProviderError when it cannot be queued now (the caller keeps its record for the sweep)."""

    def resume(self) -> None:
        """Try the queue again now, even right after a failure (the reminders sweep)."""


class TextQuota(Protocol):
    def take(self, business_id: str, day: str, notification_id: str, phone_key: str, per_number: int,
             per_business: int) -> str | None:
        """Grant one text to an unverified number on `day` (once per notification id); None when
        granted, else which allowance is used up ("number" or "business")."""


class SmsSender(Protocol):
    def send(self, to: str, sender: str, body: str, status_callback: str | None) -> str:
        """Send a text; the provider's message id. ProviderError(retryable) on failure."""

    def find_sent(self, to: str, sender: str, body: str, since: dt.datetime) -> str | None:
        """The id of a message with this body sent from `sender` to `to` since `since`, if any."""


class Mailer(Protocol):
    def send(self, to: str, sender_name: str, subject: str, body: str, ics: str | None,
             tags: dict[str, str]) -> str:
        """Send an email (with a calendar invite when `ics`); the provider's message id."""


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
