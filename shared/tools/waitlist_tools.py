"""Waitlist tools: join it when the time a caller wants is taken, leave it, list it (staff)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from shared.errors import InvalidState
from shared.services.leads import valid_phone
from shared.tools.base import Tool, ToolArgs, ToolContext, caller_field


def _waitlist(ctx: ToolContext):
    if ctx.waitlist is None:
        raise InvalidState("The waitlist is not available here.")
    return ctx.waitlist


class JoinWaitlist(ToolArgs):
    """Put the caller on the waitlist for a service on a day (or a range of days), optionally
    between an earliest and a latest start time. Offer it only when the times check_availability
    gave do not suit the caller; if a matching time frees up, they get one text offering it and
    reply YES to take it."""

    service: str = Field(min_length=1, max_length=80, description="Service name as the business lists it.")
    date: dt.date = Field(description="The day wanted, YYYY-MM-DD, business local date (the first day of a range).")
    end_date: dt.date | None = Field(None, description="Last day wanted (inclusive); omit for one day.")
    earliest_time: dt.time | None = Field(None, description="Earliest start wanted, HH:MM local; omit for any.")
    latest_time: dt.time | None = Field(None, description="Latest start wanted, HH:MM local; omit for any.")
    caller_phone: str = caller_field("The caller's phone number (the offer is texted there).")
    caller_name: str = Field(min_length=1, max_length=120, description="The caller's name.")


def join_waitlist(ctx: ToolContext, args: JoinWaitlist) -> dict:
    phone = valid_phone(args.caller_phone, ctx.business, "caller_phone")
    entry, created = _waitlist(ctx).join(ctx.business, args.service, args.date, args.end_date, args.earliest_time,
                                         args.latest_time, phone, args.caller_name, ctx.source)
    return {"entry": entry.public(ctx.business.zone), "created": created}


class ListWaitlist(ToolArgs):
    """The business's waitlist, first come first served."""

    status: Literal["waiting", "offered", "booked", "left"] | None = Field(None, description="Only this status.")


def list_waitlist(ctx: ToolContext, args: ListWaitlist) -> dict:
    entries = _waitlist(ctx).list(ctx.business, args.status)
    return {"entries": [e.public(ctx.business.zone) for e in entries]}


class LeaveWaitlist(ToolArgs):
    """Take the caller off the waitlist (a time held for them goes to the next caller)."""

    entry_id: str = Field(min_length=1, max_length=64, description="Id from join_waitlist.")
    caller_phone: str = caller_field("The caller's phone number.")


def leave_waitlist(ctx: ToolContext, args: LeaveWaitlist) -> dict:
    phone = valid_phone(args.caller_phone, ctx.business, "caller_phone")
    return {"entry": _waitlist(ctx).leave(ctx.business, args.entry_id, phone).public(ctx.business.zone)}


TOOLS = [
    Tool("join_waitlist", JoinWaitlist, join_waitlist, stated_number_ok=True),
    Tool("leave_waitlist", LeaveWaitlist, leave_waitlist),
    Tool("list_waitlist", ListWaitlist, list_waitlist, on_calls=False),
]
