"""The waitlist: callers waiting for a time that is taken, offered one when it frees up.

An entry is `waiting` until a freed time that fits it is offered (`offered`, held for it until
`hold_until`); a YES books it (`booked`), a NO or the hold running out puts it back to `waiting`
with that time in `passed` (never offered to it again), and the time goes to the next entry.
`left`: the caller took themselves off. Entries are served first come, first served
(`created_at`, then id).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field

from shared.domain.base import Record

Status = Literal["waiting", "offered", "booked", "left"]
OPEN_STATUSES = ("waiting", "offered")
OfferOutcome = Literal["open", "taken", "declined", "expired", "lost"]


class Offer(Record):
    start: dt.datetime
    end: dt.datetime
    offered_at: dt.datetime
    expires_at: dt.datetime
    notification_id: str
    outcome: OfferOutcome = "open"


class WaitlistEntry(Record):
    id: str
    business_id: str
    service: str
    first_day: str                    # YYYY-MM-DD, business local
    last_day: str
    earliest: str | None = None       # HH:MM, business local: the start may not be earlier
    latest: str | None = None         # HH:MM: the start may not be later
    caller_phone: str
    caller_name: str
    status: Status = "waiting"
    offer: Offer | None = None        # the latest offer (kept after it is answered or runs out)
    offers_made: int = 0
    hold_until: dt.datetime | None = None   # while offered: when the hold runs out (indexed)
    passed: list[str] = Field(default_factory=list)  # starts (UTC ISO) offered and not taken
    appointment_id: str | None = None
    source: str = "api"
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def wants(self, start: dt.datetime, zone: ZoneInfo) -> bool:
        """Whether a start time fits the entry's days and time of day (and was not passed on)."""
        local = start.astimezone(zone)
        day = local.date().isoformat()
        if not self.first_day <= day <= self.last_day:
            return False
        hhmm = f"{local:%H:%M}"
        if self.earliest and hhmm < self.earliest:
            return False
        if self.latest and hhmm > self.latest:
            return False
        return start.astimezone(dt.UTC).isoformat() not in self.passed

    def holds(self, now: dt.datetime) -> bool:
        """An open offer whose hold has not run out."""
        return (self.status == "offered" and self.offer is not None and self.offer.outcome == "open"
                and now < self.offer.expires_at)

    def public(self, zone: ZoneInfo) -> dict:
        offer = None
        if self.offer is not None:
            offer = {"start": self.offer.start.astimezone(zone).isoformat(),
                     "end": self.offer.end.astimezone(zone).isoformat(),
                     "expires_at": self.offer.expires_at.astimezone(zone).isoformat(),
                     "outcome": self.offer.outcome, "notification_id": self.offer.notification_id}
        return {"id": self.id, "status": self.status, "service": self.service, "date": self.first_day,
                "end_date": self.last_day, "earliest_time": self.earliest, "latest_time": self.latest,
                "caller_name": self.caller_name, "caller_phone": self.caller_phone, "offer": offer,
                "appointment_id": self.appointment_id, "source": self.source,
                "created_at": self.created_at.astimezone(zone).isoformat()}
