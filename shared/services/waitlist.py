"""The waitlist: join, leave, and offering freed time to the first caller waiting for it.

When a cancellation or a move frees time, `freed` offers it to the first waiting entry it fits
(first come, first served): the entry is marked `offered` with a version precondition (two
offers racing for one entry: one wins, the other tries the next entry), the time is held for
it for the business's `waitlist_hold_minutes` (the calendar counts it as busy for everyone
else), and one text goes out through a notification record and its Cloud Task (its id names the
entry and the offer: at most one text per offer). A YES books it (`take`); a NO (`decline`) or
the hold running out (`expire_holds`, run by the reminders sweep) puts the entry back to waiting
and offers the same time to the next entry.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.domain import availability as av
from shared.domain import messages
from shared.domain.appointments import Appointment, Caller
from shared.domain.business import Business
from shared.domain.notifications import Notification
from shared.domain.waitlist import Offer, WaitlistEntry
from shared.errors import Conflict, InvalidInput, InvalidState, NotFound, SlotTaken
from shared.language import speech
from shared.ports import Clock, WaitlistRepository

if TYPE_CHECKING:
    from shared.services.booking import Calendar
    from shared.services.businesses import BusinessDirectory
    from shared.services.notifications import Notifier

log = logging.getLogger(__name__)
MAX_RANGE_DAYS = 31
SWEEP_PAGE = 200
ATTEMPTS = 5


def _hhmm(value: dt.time | None) -> str | None:
    return f"{value:%H:%M}" if value is not None else None


@dataclass
class Waitlist:
    entries: WaitlistRepository
    calendar: Calendar
    notifier: Notifier
    clock: Clock

    # --- joining and leaving ------------------------------------------------------------------

    def join(self, business: Business, service_name: str, first: dt.date, last: dt.date | None,
             earliest: dt.time | None, latest: dt.time | None, phone: str, name: str,
             source: str = "api") -> tuple[WaitlistEntry, bool]:
        """Add the caller; (entry, created). The same request again returns the open entry."""
        service = self.calendar.service(business, service_name)
        last = last or first
        now = self.clock()
        today = av.local_today(business, now)
        if last < first:
            raise InvalidInput("end_date is before date", {"end_date": "must be on or after date"})
        if (last - first).days >= MAX_RANGE_DAYS:
            raise InvalidInput(f"Wait for at most {MAX_RANGE_DAYS} days at a time.",
                               {"end_date": f"at most {MAX_RANGE_DAYS} days after date"})
        if last < today:
            raise InvalidInput("Those days are in the past.", {"date": "today or later"})
        if first > today + dt.timedelta(days=business.max_days_ahead):
            raise InvalidInput(f"We only book up to {business.max_days_ahead} days ahead.",
                               {"date": f"at most {business.max_days_ahead} days ahead"})
        if earliest and latest and latest < earliest:
            raise InvalidInput("latest_time is before earliest_time", {"latest_time": "after earliest_time"})
        wanted = (service.name, max(first, today).isoformat(), last.isoformat(), _hhmm(earliest), _hhmm(latest))
        for entry, _ in self.entries.for_caller(business.id, phone):
            if entry.is_open and (entry.service, entry.first_day, entry.last_day, entry.earliest,
                                  entry.latest) == wanted:
                return entry, False
        entry = WaitlistEntry(id=uuid.uuid4().hex[:20], business_id=business.id, service=service.name,
                              first_day=wanted[1], last_day=wanted[2], earliest=wanted[3], latest=wanted[4],
                              caller_phone=phone, caller_name=name, source=source, created_at=now, updated_at=now)
        self.entries.create(entry)
        return entry, True

    def leave(self, business: Business, entry_id: str, phone: str) -> WaitlistEntry:
        for _ in range(ATTEMPTS):
            found = self.entries.get(business.id, entry_id)
            if found is None or found[0].caller_phone != phone:
                raise NotFound("No waitlist entry with that id for this caller.")
            entry, version = found
            if entry.status == "left":
                return entry
            if entry.status == "booked":
                raise InvalidState("This waitlist entry was booked; cancel the appointment instead.")
            held = entry.offer if entry.status == "offered" else None
            entry.status, entry.hold_until, entry.updated_at = "left", None, self.clock()
            if held is not None:
                held.outcome = "declined"
            try:
                self.entries.save(entry, version)
            except Conflict:
                continue
            if held is not None:  # the time they were holding goes to the next caller
                self.calendar.holds_changed(business.id)
                self.freed(business, held.start, held.start + dt.timedelta(minutes=1))
            return entry
        raise Conflict("The waitlist entry kept changing; try again.")

    def list(self, business: Business, status: str | None = None) -> list[WaitlistEntry]:
        return self.entries.list(business.id, status)

    # --- offering -------------------------------------------------------------------------------

    def freed(self, business: Business, start: dt.datetime, end: dt.datetime) -> WaitlistEntry | None:
        """Time [start, end) came free: offer the first start in it to the first entry it fits."""
        zone = business.zone
        for entry, version in self.entries.open_entries(business.id):
            if entry.status != "waiting":
                continue  # one offer at a time per entry
            service = business.find_service(entry.service)
            if service is None:
                continue
            day = start.astimezone(zone).date()
            slots = [s for s, _ in self.calendar.free_slots(business, service, day, day, fresh=True)]
            fitting = [s for s in slots if start <= s.start < end and entry.wants(s.start, zone)]
            if not fitting:
                continue
            if self._offer(business, entry, version, fitting[0]):
                return entry
        return None

    def _offer(self, business: Business, entry: WaitlistEntry, version: object, slot: av.Interval) -> bool:
        now = self.clock()
        expires = now + dt.timedelta(minutes=business.waitlist_hold_minutes)
        entry.offers_made += 1
        notification_id = f"waitlist_offer-{entry.id}-{entry.offers_made}-sms"
        entry.offer = Offer(start=slot.start, end=slot.end, offered_at=now, expires_at=expires,
                            notification_id=notification_id)
        entry.status, entry.hold_until, entry.updated_at = "offered", expires, now
        try:
            self.entries.save(entry, version)
        except Conflict:
            return False  # another offer (or the caller leaving) got there first: try the next entry
        self.calendar.holds_changed(business.id)
        self.notifier.submit(self._offer_text(business, entry, notification_id, now))
        return True

    def _offer_text(self, business: Business, entry: WaitlistEntry, notification_id: str,
                    now: dt.datetime) -> Notification:
        offer = entry.offer
        assert offer is not None
        local = offer.start.astimezone(business.zone)
        context = {"name": entry.caller_name, "service": entry.service,
                   "when": f"{local:%A} {local:%B} {local.day} at {speech.clock(local)}",
                   "until": speech.clock(offer.expires_at.astimezone(business.zone))}
        _, body = messages.render(business, "waitlist_offer", "sms", context)
        return Notification(id=notification_id, business_id=business.id, kind="waitlist_offer", channel="sms",
                            to=entry.caller_phone, body=body, lead_phone=entry.caller_phone, created_at=now,
                            updated_at=now)

    def _release(self, business: Business, entry_id: str, outcome: str) -> Offer | None:
        """Put an offered entry back to waiting with the offer's time passed; the offer released
        (None if it was no longer open)."""
        for _ in range(ATTEMPTS):
            found = self.entries.get(business.id, entry_id)
            if found is None:
                return None
            entry, version = found
            offer = entry.offer
            if entry.status != "offered" or offer is None or offer.outcome != "open":
                return None
            offer.outcome = outcome  # type: ignore[assignment]
            entry.status, entry.hold_until, entry.updated_at = "waiting", None, self.clock()
            entry.passed = (entry.passed + [offer.start.astimezone(dt.UTC).isoformat()])[-50:]
            try:
                self.entries.save(entry, version)
            except Conflict:
                continue
            self.calendar.holds_changed(business.id)
            return offer
        return None

    def _pass_on(self, business: Business, entry_id: str, outcome: str) -> None:
        offer = self._release(business, entry_id, outcome)
        if offer is not None:  # the same start, not another one in the same opening
            self.freed(business, offer.start, offer.start + dt.timedelta(minutes=1))

    # --- answers by text ----------------------------------------------------------------------

    def open_offer(self, business: Business, phone: str) -> WaitlistEntry | None:
        """The caller's latest offer still open or whose hold ran out within the last hold period
        (a late YES is told so, not taken for something else)."""
        now = self.clock()
        window = dt.timedelta(minutes=business.waitlist_hold_minutes)
        for entry, _ in self.entries.for_caller(business.id, phone):
            offer = entry.offer
            if offer is None:
                continue
            if entry.status == "offered" and offer.outcome == "open":
                return entry
            if offer.outcome == "expired" and now < offer.expires_at + window and entry.status == "waiting":
                return entry
        return None

    def take(self, business: Business, entry: WaitlistEntry) -> str:
        offer = entry.offer
        assert offer is not None
        when = self._when(business, offer.start)
        if not entry.holds(self.clock()):
            self._pass_on(business, entry.id, "expired")
            return (f"Sorry, {when} was held for you until {self._clock(business, offer.expires_at)} and has gone "
                    f"to the next person waiting. You're still on the waitlist: we'll text if another time "
                    "opens up.")
        caller = Caller(phone=entry.caller_phone, name=entry.caller_name)
        try:
            appointment, _ = self.calendar.book(business, entry.service, offer.start, caller, source="waitlist")
        except SlotTaken:
            self._release(business, entry.id, "lost")
            return (f"Sorry, {when} was just taken. You're still on the waitlist: we'll text if another time "
                    "opens up.")
        self._booked(business, entry.id, appointment)
        self.notifier.appointment_event(business, appointment, "confirmation")
        return f"You're booked for {speech.a(appointment.service)} {when}. See you then!"

    def _booked(self, business: Business, entry_id: str, appointment: Appointment) -> None:
        for _ in range(ATTEMPTS):
            found = self.entries.get(business.id, entry_id)
            if found is None:
                return
            entry, version = found
            if entry.status == "booked":
                return
            if entry.offer is not None:
                entry.offer.outcome = "taken"
            entry.status, entry.hold_until, entry.appointment_id = "booked", None, appointment.id
            entry.updated_at = self.clock()
            try:
                self.entries.save(entry, version)
                return
            except Conflict:
                continue

    def decline(self, business: Business, entry: WaitlistEntry) -> str:
        offer = entry.offer
        assert offer is not None
        if entry.holds(self.clock()):
            self._pass_on(business, entry.id, "declined")
        return (f"Okay, we've passed on {self._when(business, offer.start)}. You're still on the waitlist: "
                "we'll text if another time opens up.")

    def _when(self, business: Business, moment: dt.datetime) -> str:
        return speech.when(moment.astimezone(business.zone), self.clock().astimezone(business.zone))

    @staticmethod
    def _clock(business: Business, moment: dt.datetime) -> str:
        return speech.clock(moment.astimezone(business.zone))

    # --- the sweep ------------------------------------------------------------------------------

    def expire_holds(self, directory: BusinessDirectory, now: dt.datetime | None = None) -> int:
        """Holds that ran out: each entry back to waiting, its time offered to the next entry."""
        now = now or self.clock()
        passed = 0
        for business_id, entry_id in self.entries.expired_holds(now, SWEEP_PAGE):
            try:
                business = directory.get(business_id)
            except NotFound:
                continue
            try:
                self._pass_on(business, entry_id, "expired")
                passed += 1
            except Exception:  # one business's failure must not stop the others'
                log.exception("passing on the waitlist hold of %s failed", entry_id)
        return passed

    def after_change(self, business: Business, previous: Appointment) -> None:
        """An appointment was cancelled or moved: its old time is free. Never fails the change itself."""
        try:
            self.freed(business, previous.start, previous.end)
        except Exception:
            log.exception("offering the time of %s to the waitlist failed", previous.id)
