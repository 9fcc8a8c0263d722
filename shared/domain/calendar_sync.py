"""Connected outside calendars (Google today): what is stored about a connection, and the events
read from one, in provider-neutral terms. See docs/calendar-sync.md."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from shared.domain.base import Record

BUSINESS_RESOURCE = "_business"  # the connection of a business without staff
OUR_EVENT_PREFIX = "vh"           # events VoiceHive writes: "vh" + the appointment id


def resource_of(staff_id: str) -> str:
    """The connection document id of a staff member's calendar (or the business's)."""
    return staff_id or BUSINESS_RESOURCE


def staff_of(resource: str) -> str:
    return "" if resource == BUSINESS_RESOURCE else resource


def event_id_for(appointment_id: str) -> str:
    """The event id of an appointment in every connected calendar: the same id on every retry, so
    an insert can never make a second event (Google: 5-1024 characters of a-v and 0-9)."""
    return OUR_EVENT_PREFIX + appointment_id.lower()


def is_ours(event_id: str) -> bool:
    return event_id.startswith(OUR_EVENT_PREFIX) and len(event_id) == len(OUR_EVENT_PREFIX) + 20


def event_key(resource: str, event_id: str) -> str:
    """A short, field-path-safe key of an outside event (its ids can be long)."""
    return "x" + hashlib.sha1(f"{resource}/{event_id}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class ExternalEvent:
    """An event of an outside calendar as a sync sees it: busy time, or gone (deleted, cancelled,
    marked free, or one of our own bookings, which its appointment already blocks)."""

    id: str
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    busy: bool = False
    summary: str = ""


class CalendarConnection(Record):
    business_id: str
    resource: str                      # staff id, or "_business"
    provider: str = "google"
    calendar_id: str
    refresh_token_encrypted: str       # Fernet token; the plain refresh token is never stored
    status: str = "connected"          # connected | error
    error: str = ""
    sync_token: str | None = None
    channel_id: str | None = None
    channel_resource_id: str | None = None
    channel_expires_at: dt.datetime | None = None
    connected_at: dt.datetime
    last_sync_at: dt.datetime | None = None
    last_full_sync_at: dt.datetime | None = None

    @property
    def staff_id(self) -> str:
        return staff_of(self.resource)
