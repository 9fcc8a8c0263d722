"""Notifications: one record per message to one recipient on one channel.

Statuses only move forward (providers report out of order):
    queued (0) -> sending (1) -> sent (2) -> delivered / undelivered / failed (3) -> read (4)
`skipped` (no consent, no address) and `failed` before sending are final too.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field

from shared.domain.base import Record

Channel = Literal["sms", "email"]
Kind = Literal["confirmation", "held", "reschedule", "cancellation", "reminder", "lead_followup", "staff_alert",
               "missed_call", "reply", "waitlist_offer", "daily_summary"]
RANK = {"queued": 0, "sending": 1, "sent": 2, "delivered": 3, "undelivered": 3, "failed": 3, "bounced": 3,
        "skipped": 3, "read": 4}

# Provider vocabularies mapped onto ours.
TWILIO_STATUS = {"accepted": "queued", "queued": "queued", "scheduled": "queued", "sending": "sending",
                 "sent": "sent", "delivered": "delivered", "undelivered": "undelivered", "failed": "failed",
                 "read": "read", "canceled": "failed", "receiving": None, "received": None}
SENDGRID_EVENT = {"processed": "sent", "deferred": None, "delivered": "delivered", "open": "read",
                  "click": "read", "bounce": "bounced", "dropped": "failed", "spamreport": None,
                  "unsubscribe": None, "group_unsubscribe": None, "group_resubscribe": None}


class StatusEvent(Record):
    status: str
    at: dt.datetime
    detail: str = ""


class Notification(Record):
    id: str
    business_id: str
    kind: Kind
    channel: Channel
    to: str
    subject: str = ""
    body: str
    ics: str | None = None
    appointment_id: str | None = None
    lead_phone: str | None = None
    verified: bool = True        # False: `to` is a number nobody verified (see Notifier.limit_unverified)
    status: str = "queued"
    history: list[StatusEvent] = Field(default_factory=list)
    attempts: int = 0
    provider_id: str | None = None
    error: str | None = None
    seen_events: list[str] = Field(default_factory=list)
    created_at: dt.datetime
    updated_at: dt.datetime

    def public(self) -> dict:
        data = self.model_dump(mode="json", exclude={"ics", "seen_events"})
        data["has_invite"] = self.ics is not None
        return data


def advance(notification: Notification, status: str, at: dt.datetime, detail: str = "") -> bool:
    """Move to `status` if that is forward; record it either way it moves."""
    if RANK.get(status, -1) <= RANK.get(notification.status, -1):
        return False
    notification.status = status
    notification.history.append(StatusEvent(status=status, at=at, detail=detail[:300]))
    notification.updated_at = at
    return True


def task_name(business_id: str, notification_id: str) -> str:
    """A Cloud Tasks task id: letters, digits, hyphens and underscores, at most 500."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", f"{business_id}--{notification_id}")[:500]
