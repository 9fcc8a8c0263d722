"""What every tool shares: the argument base class, the call context and the registry entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.domain.business import Business
from shared.services.booking import Calendar
from shared.services.leads import Crm

# Marks an argument the server fills on a call (the caller's phone comes from Twilio, never the LLM).
FROM_CALL = {"x-from-call": True}


def caller_field(description: str) -> Any:
    return Field(min_length=3, max_length=40, description=description, json_schema_extra=FROM_CALL)


class ToolArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


@dataclass
class ToolContext:
    business: Business
    calendar: Calendar
    crm: Crm
    source: str = "api"
    caller_phone: str | None = None

    def local(self, moment: dt.datetime) -> dt.datetime:
        """A time without an offset is the business's local time."""
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.business.zone)
        return moment


@dataclass(frozen=True)
class Tool:
    name: str
    args: type[ToolArgs]
    run: Callable[[ToolContext, Any], dict]
    on_calls: bool = True

    @property
    def description(self) -> str:
        return " ".join((self.args.__doc__ or "").split())
