"""The reminder sweep (Cloud Scheduler, every few minutes).

An indexed range query finds appointments whose next reminder is due, across businesses. For
each, the closest due reminder is queued (a sweep that missed an hour sends one reminder, not a
backlog; past appointments get none) and the appointment's plan is updated -- with a precondition,
in the same batch as the notification records. A second, overlapping sweep therefore finds the
work done or loses the race cleanly; a cancelled or rescheduled appointment carries a fresh plan.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.domain.appointments import Appointment
from shared.domain.notifications import Notification
from shared.errors import Conflict, NotFound
from shared.ports import AppointmentRepository, CallRepository, Clock
from shared.services.notifications import CLAIM_LEASE

if TYPE_CHECKING:
    from shared.services.businesses import BusinessDirectory
    from shared.services.notifications import Notifier

log = logging.getLogger(__name__)
PAGE = 500
WRITES_PER_BATCH = 500
STALE_AFTER = dt.timedelta(minutes=10)
POST_CALL_STALE = dt.timedelta(minutes=10)


@dataclass
class Reminders:
    appointments: AppointmentRepository
    directory: BusinessDirectory
    notifier: Notifier
    clock: Clock
    calls: CallRepository | None = None
    queue_post_call: Callable[[str, str], bool] | None = None  # CallService.queue_post_call

    def plan(self, appointment: Appointment, now: dt.datetime) -> list[Notification]:
        """Update the appointment's plan for `now`; the reminder records to send (maybe none)."""
        due = appointment.due_reminders(now)
        appointment.reminder_plan = [m for m in appointment.reminder_plan if m not in due]
        appointment.next_reminder_at = (appointment.start - dt.timedelta(minutes=appointment.reminder_plan[0])
                                        if appointment.reminder_plan else None)
        if not due or appointment.start <= now or not appointment.is_active:
            return []
        try:
            business = self.directory.get(appointment.business_id)
        except NotFound:
            return []
        minutes = min(due)  # the reminder closest to the start; earlier ones missed are not sent late
        key = f"{minutes}m-{int(appointment.start.timestamp())}"
        return self.notifier.for_appointment(business, appointment, "reminder", key, now=now)

    def sweep(self, now: dt.datetime | None = None) -> dict:
        now = now or self.clock()
        stats = {"appointments": 0, "notifications": 0, "conflicts": 0, "batches": 0, "queries": 0}
        queued: list[Notification] = []
        after = None
        while True:
            page = self.appointments.due_for_reminders(now, PAGE, after)
            stats["queries"] += 1
            if not page:
                break
            after = page[-1][2]
            chunk: list[tuple[Appointment, object]] = []
            records: list[Notification] = []
            for appointment, version, _ in page:
                planned = self.plan(appointment, now)
                if len(chunk) + len(records) + 1 + len(planned) > WRITES_PER_BATCH:
                    queued += self._commit(chunk, records, stats)
                    chunk, records = [], []
                chunk.append((appointment, version))
                records += planned
            queued += self._commit(chunk, records, stats)
            if len(page) < PAGE:
                break
        began = time.perf_counter()
        self._enqueue(queued)
        stats["notifications"] = len(queued)
        stats["enqueue_seconds"] = round(time.perf_counter() - began, 3)
        stats["requeued"] = self.requeue_stale(now)
        return stats

    def requeue_stale(self, now: dt.datetime) -> int:
        """Queue again records whose task was lost (create_task failed or timed out after the record
        was written, Cloud Tasks was down) and records claimed for sending past the claim's lease
        (the delivery stopped; the dispatcher re-checks before it sends again). The dispatcher's
        claim makes a second task harmless."""
        repo = self.notifier.repo
        stale = repo.stale_queued(now - STALE_AFTER, PAGE) + repo.stale_sending(now - CLAIM_LEASE, PAGE)
        with ThreadPoolExecutor(max_workers=8) as pool:
            queued = list(pool.map(lambda item: self.notifier.queue(*item), stale))
        return sum(queued)

    def requeue_post_calls(self, now: dt.datetime) -> int:
        """Queue post-call work again for completed calls that ended over POST_CALL_STALE ago (up to
        a day) and still lack it: Cloud Tasks was down at the hang-up, or the task ran out of retries."""
        if self.calls is None or self.queue_post_call is None:
            return 0
        unfinished = self.calls.unfinished(now - POST_CALL_STALE, now - dt.timedelta(days=1), PAGE)
        return sum(self.queue_post_call(business_id, call_sid) for business_id, call_sid in unfinished)

    def _commit(self, chunk: list[tuple[Appointment, object]], records: list[Notification], stats: dict
                ) -> list[Notification]:
        if not chunk:
            return []
        stats["batches"] += 1
        try:
            self.appointments.commit_reminders(chunk, records)
            stats["appointments"] += len(chunk)
            return records
        except Conflict:
            if len(chunk) == 1:
                stats["conflicts"] += 1
                return []
        done: list[Notification] = []  # one appointment changed meanwhile: retry them one by one
        for appointment, version in chunk:
            own = [r for r in records if r.appointment_id == appointment.id]
            done += self._commit([(appointment, version)], own, stats)
        return done

    def _enqueue(self, records: list[Notification]) -> None:
        if not records:
            return
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda r: self.notifier.queue(r.business_id, r.id), records))
