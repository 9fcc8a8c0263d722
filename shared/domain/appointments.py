"""Appointments as stored and as shown to callers and integrators."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

Status = Literal["booked", "rescheduled", "cancelled", "completed", "no_show"]
ACTIVE_STATUSES = ("booked", "rescheduled")


class StatusChange(BaseModel):
    status: Status
    at: dt.datetime
    reason: str = ""
    source: str = ""


class Caller(BaseModel):
    phone: str
    name: str
    email: str | None = None


class Appointment(BaseModel):
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
    notes: str = ""
    source: str = "api"
    history: list[StatusChange] = Field(default_factory=list)
    created_at: dt.datetime
    updated_at: dt.datetime

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
            "email": self.caller.email,
            "notes": self.notes,
            "source": self.source,
            "history": [
                {**change.model_dump(exclude={"at"}), "at": change.at.astimezone(zone).isoformat()}
                for change in self.history
            ],
        }
