"""Counts a dashboard shows: calls and what they led to, bookings, notifications, leads."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from shared.errors import InvalidInput
from shared.tools.base import Tool, ToolArgs, ToolContext


class BusinessStats(ToolArgs):
    """Calls, bookings, conversion, notifications by status and leads by stage over a period
    (default: the last 30 days)."""

    since: dt.datetime | None = Field(None, description="Start of the period (ISO 8601).")
    until: dt.datetime | None = Field(None, description="End of the period (ISO 8601), default now.")


def business_stats(ctx: ToolContext, args: BusinessStats) -> dict:
    until = ctx.local(args.until) if args.until else ctx.now()
    since = ctx.local(args.since) if args.since else until - dt.timedelta(days=30)
    if since >= until:
        raise InvalidInput("since must be before until", {"since": "before until"})
    counts = ctx.stats.counts(ctx.business.id, since, until)
    calls = counts["calls"]
    return {
        "period": {"since": since.isoformat(), "until": until.isoformat()},
        "calls": {"total": calls, **{k.removeprefix("calls_with_"): v for k, v in counts.items()
                                     if k.startswith("calls_with_")}},
        "booking_conversion": round(counts["calls_with_book_appointment"] / calls, 3) if calls else None,
        "appointments_created": counts["appointments_created"],
        "notifications_by_status": {k.removeprefix("notifications_"): v for k, v in counts.items()
                                    if k.startswith("notifications_")},
        "leads_by_stage": {k.removeprefix("leads_"): v for k, v in counts.items() if k.startswith("leads_")},
    }


TOOLS = [Tool("business_stats", BusinessStats, business_stats, on_calls=False)]
