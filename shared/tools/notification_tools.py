"""Notification tools for the business (not offered on calls)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from shared.errors import InvalidState
from shared.tools.base import Tool, ToolArgs, ToolContext


class ListNotifications(ToolArgs):
    """The business's notifications with their delivery status, newest first."""

    status: Literal["queued", "sending", "sent", "delivered", "undelivered", "failed", "bounced", "skipped",
                    "read"] | None = None
    kind: Literal["confirmation", "held", "reschedule", "cancellation", "reminder", "lead_followup", "staff_alert",
                  "missed_call", "reply"] | None = None
    since: dt.datetime | None = Field(None, description="Created at or after (ISO 8601).")
    until: dt.datetime | None = Field(None, description="Created before (ISO 8601).")
    limit: int | None = Field(None, ge=1, le=100, description="Page size, default 50.")
    cursor: str | None = Field(None, max_length=500)


def list_notifications(ctx: ToolContext, args: ListNotifications) -> dict:
    if ctx.notifier is None:
        raise InvalidState("Notifications are not available here.")
    found, cursor = ctx.notifier.repo.list(
        ctx.business.id, args.status, args.kind, ctx.local(args.since) if args.since else None,
        ctx.local(args.until) if args.until else None, args.limit or 50, args.cursor)
    return {"notifications": [n.public() for n in found], "next_cursor": cursor}


TOOLS = [Tool("list_notifications", ListNotifications, list_notifications, on_calls=False)]
