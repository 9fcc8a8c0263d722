"""The owners' daily summary email: yesterday's calls, bookings, missed calls and callbacks owed,
with links into the console. The reminders sweep (every few minutes) sends each business's
summary once its local `daily_summary_at` has passed, through the notification path: the record's
id is the day and the owner, so a summary is recorded, and sent, once."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from shared.clock import Clock
from shared.domain.business import Business

if TYPE_CHECKING:
    from shared.adapters.firestore_console import FirestoreConsoleReads, FirestoreMembers, FirestoreSummaryTargets
    from shared.ports import StatsReader
    from shared.services.notifications import Notifier

CALLBACK_OUTCOMES = {"message", "capture_lead", "transfer_unanswered"}


class DailySummaries:
    def __init__(self, targets: FirestoreSummaryTargets, members: FirestoreMembers,
                 reads: Callable[[], FirestoreConsoleReads], stats: StatsReader, notifier: Notifier, clock: Clock,
                 console_url: str):
        self._targets = targets          # businesses with a summary time
        self._members = members
        self._reads = reads              # built when a summary is composed, not on every sweep
        self._stats = stats
        self._notifier = notifier
        self._clock = clock
        self._console_url = console_url.rstrip("/")

    def sweep(self, now: dt.datetime | None = None) -> int:
        now = now or self._clock()
        sent = 0
        for business in self._targets.with_summary():
            local = now.astimezone(business.zone)
            if business.daily_summary_at is None or local.time() < business.daily_summary_at:
                continue
            sent += self.send(business, local.date() - dt.timedelta(days=1))
        return sent

    def send(self, business: Business, day: dt.date) -> int:
        """Queue `day`'s summary to each owner who has not had it; the number queued."""
        owners = [m.email for m in self._members.list(business.id)[0] if m.role == "owner"]
        waiting = [(email, self._key(day, email)) for email in owners]
        waiting = [(email, key) for email, key in waiting
                   if self._notifier.repo.get(business.id, f"daily_summary-{key}-email") is None]
        if not waiting:
            return 0
        headline, note = self.compose(business, day)
        for email, key in waiting:
            self._notifier.message(business, "daily_summary", "email", email, note, key, headline=headline,
                                   name=email.split("@")[0])
        return len(waiting)

    @staticmethod
    def _key(day: dt.date, email: str) -> str:
        return f"{day.isoformat()}-{hashlib.sha256(email.encode()).hexdigest()[:10]}"

    def compose(self, business: Business, day: dt.date) -> tuple[str, str]:
        zone = business.zone
        start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        rows = [r for r in self._reads().call_rows(business.id, start, end)]
        counts = self._stats.counts(business.id, start, end)
        missed = [r for r in rows if "transfer_unanswered" in r.get("outcomes", [])]
        owed = [r for r in rows if CALLBACK_OUTCOMES & set(r.get("outcomes", []))
                and "book_appointment" not in r.get("outcomes", [])]
        label = f"{day:%A} {day.day} {day:%B}"
        headline = f"{business.name}: {len(rows)} calls, {counts['appointments_created']} bookings on {label}"
        base = f"{self._console_url}/b/{business.id}"
        lines = [f"Yesterday ({label}) Roxy answered {len(rows)} calls for {business.name}.",
                 f"Bookings made: {counts['appointments_created']} "
                 f"({counts['calls_with_book_appointment']} of them on a call).",
                 f"Missed calls (a transfer nobody answered): {len(missed)}.",
                 f"Callbacks owed: {len(owed)}."]
        lines += [f"  - {r.get('caller_name') or r['caller_phone']} ({r['caller_phone']}): {base}/calls/{r['call_sid']}"
                  for r in owed[:20]]
        lines += ["", f"Calls: {base}/calls", f"Schedule: {base}/today", f"Leads: {base}/leads"]
        return headline, "\n".join(lines)
