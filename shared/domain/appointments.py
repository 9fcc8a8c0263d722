"""Appointments as stored and as shown to callers and integrators."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field

from shared.domain.base import Record

Status = Literal["held", "booked", "rescheduled", "cancelled", "completed", "no_show"]
# "held": booked for a number the phone network did not verify (a withheld caller's callback
# number); it keeps its time, and the team confirms it (approve_booking) before reminders start.
ACTIVE_STATUSES = ("held", "booked", "rescheduled")


class StatusChange(Record):
    status: Status
    at: dt.datetime
    reason: str = ""
    source: str = ""


class Caller(Record):
    phone: str
    name: str
    email: str | None = None
    verified: bool = True     # the phone network vouched for `phone` (False: a number said on a withheld call)


class Appointment(Record):
    id: str
    business_id: str
    service: str
    start: dt.datetime
    end: dt.datetime
    block_start: dt.datetime
    block_end: dt.datetime
    cells: list[str]
    status: Status = "booked"
    caller: Caller
    caller_phone: str
    staff_id: str = ""          # who does it ("" in a business without staff)
    staff_name: str = ""
    staff_chosen: bool = False  # the caller asked for this person (read back and kept on a move)
    notes: str = ""
    visit_address: str = ""     # where the team goes (a business that visits its callers)
    source: str = "api"
    history: list[StatusChange] = Field(default_factory=list)
    created_at: dt.datetime
    updated_at: dt.datetime
    reminder_plan: list[int] = Field(default_factory=list)      # minutes before start, still to send
    next_reminder_at: dt.datetime | None = None                 # when the sweep should look again
    confirmed_by_caller: bool = False

    def plan_reminders(self, minutes_before: list[int], now: dt.datetime) -> None:
        """Reminders still ahead of `now` for the current start; none for an inactive appointment."""
        ahead = [m for m in minutes_before if self.start - dt.timedelta(minutes=m) > now]
        self.reminder_plan = sorted(ahead, reverse=True) if self.is_active and self.status != "held" else []
        self.next_reminder_at = (self.start - dt.timedelta(minutes=self.reminder_plan[0])
                                 if self.reminder_plan else None)

    def due_reminders(self, now: dt.datetime) -> list[int]:
        return [m for m in self.reminder_plan if self.start - dt.timedelta(minutes=m) <= now]

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def public(self, zone: ZoneInfo) -> dict:
        """What the tools API and the agent see: local times with offsets, no lock internals."""
        return {
            "id": self.id,
            "service": self.service,
            "start": self.start.astimezone(zone).isoformat(),
            "end": self.end.astimezone(zone).isoformat(),
            "status": self.status,
            "caller_name": self.caller.name,
            "caller_phone": self.caller.phone,
            **({"staff": self.staff_name} if self.staff_id else {}),
            "email": self.caller.email,
            "caller_verified": self.caller.verified,
            "notes": self.notes,
            "visit_address": self.visit_address,
            "source": self.source,
            "confirmed_by_caller": self.confirmed_by_caller,
            "history": [
                {**change.model_dump(exclude={"at"}), "at": change.at.astimezone(zone).isoformat()}
                for change in self.history
            ],
        }
