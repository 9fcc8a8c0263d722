"""What every tool shares: the argument base class, the call context and the registry entry."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from shared.clock import Clock
from shared.domain.business import Business
from shared.ports import StatsReader
from shared.services.booking import Calendar
from shared.services.leads import Crm

if TYPE_CHECKING:
    from shared.services.memory import MemoryService
    from shared.services.notifications import Notifier
    from shared.services.waitlist import Waitlist
    from shared.tools.consent import ConsentGate

log = logging.getLogger(__name__)

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
    caller_phone: str | None = None      # on a call: the caller ID; None when it is withheld
    callback_phone: str | None = None    # on a call from a withheld number: the number the caller gave
    notifier: Notifier | None = None   # None = do not notify
    memory: MemoryService | None = None
    clock: Clock | None = None         # default: the calendar's
    stats: StatsReader | None = None   # for business_stats
    consent: ConsentGate | None = None  # on a call: committing tools need a read-back and a yes
    waitlist: Waitlist | None = None   # None: no waitlist here (its tools refuse; freed time is not offered)
    caller_said: list[str] = field(default_factory=list)  # on a call: the caller's words so far, this turn's last

    def now(self) -> dt.datetime:
        clock = self.clock or (self.calendar.clock if self.calendar is not None else None)
        if clock is None:
            raise RuntimeError("this tool context has no clock")
        return clock()

    @property
    def on_call(self) -> bool:
        return self.source.startswith("call:")

    def notify(self, appointment, kind: str, key: str | None = None) -> list[str]:
        """Queue the caller's notifications for an appointment event; the change itself stands
        even if queuing fails (it is logged, and the record can be re-sent with send_confirmation)."""
        if self.notifier is None:
            return []
        try:
            return [n.id for n in self.notifier.appointment_event(self.business, appointment, kind, key)]
        except Exception:
            log.exception("notifying %s of appointment %s failed", kind, appointment.id)
            return []

    def freed(self, previous) -> None:
        """An appointment's old time came free (cancelled or moved): offer it to the waitlist."""
        if self.waitlist is not None:
            self.waitlist.after_change(self.business, previous)

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
    # On a call from a withheld number, the number the caller gave may stand in for their caller ID:
    # for new records about them (a booking, a lead), never to reach existing ones.
    stated_number_ok: bool = False

    @property
    def description(self) -> str:
        return " ".join((self.args.__doc__ or "").split())
