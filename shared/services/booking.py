"""Calendar use cases: availability, book, reschedule, cancel, list.

Read-then-write is safe here because the adapter's lock cells make the write itself refuse an
overlap: the read only chooses what to try and what to offer instead.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from shared.domain import availability as av
from shared.domain.appointments import Appointment, Caller, StatusChange
from shared.domain.business import Business, Service, StaffMember
from shared.errors import InvalidInput, InvalidState, NotFound, SlotTaken
from shared.ports import AppointmentRepository, Clock

MAX_RANGE_DAYS = 31
ALTERNATIVES = 3
NOTES_LIMIT = 2000


ANYONE = ("any", "anyone", "anybody", "whoever", "whoever is free", "no preference")

# Calendar.changed: (business, appointment as it is now, as it was before or None), after a write.
Changed = Callable[[Business, Appointment, Appointment | None], None]


@dataclass
class Calendar:
    appointments: AppointmentRepository
    clock: Clock
    changed: Changed | None = None  # e.g. queue the push to a connected Google Calendar

    def service(self, business: Business, name: str) -> Service:
        service = business.find_service(name)
        if service is None:
            known = ", ".join(business.service_names())
            raise InvalidInput(f"Unknown service '{name}'. Known services: {known}.",
                               {"service": f"one of: {known}"})
        return service

    def member(self, business: Business, service: Service, staff: str | None) -> StaffMember | None:
        """The staff member asked for, or None for whoever is free (or a business without staff)."""
        if not staff or staff.strip().casefold() in ANYONE:
            return None
        if not business.staff:
            raise InvalidInput("This business does not book by staff member.", {"staff": "leave it out"})
        member = business.find_staff(staff)
        if member is None:
            names = ", ".join(m.name for m in business.staff)
            raise InvalidInput(f"Nobody called '{staff}' works here. The team: {names}.", {"staff": f"one of: {names}"})
        if not member.does(service):
            who = ", ".join(m.name for m in business.staff_for(service))
            raise InvalidInput(f"{member.name} doesn't do {service.name}; {who} can.", {"staff": f"one of: {who}"})
        return member

    def _team(self, business: Business, service: Service, member: StaffMember | None) -> list[StaffMember]:
        return [member] if member is not None else business.staff_for(service)

    def _busy(self, business: Business, first: dt.date, last: dt.date,
              ignore: Appointment | None = None) -> list[av.Interval]:
        window_start = av.local_midnight(business, first)
        window_end = av.local_midnight(business, last + dt.timedelta(days=1))
        busy = self.appointments.busy_between(business.id, window_start, window_end)
        if ignore is not None and ignore.is_active:
            own = av.Interval(ignore.block_start, ignore.block_end, ignore.staff_id)
            busy = [b for b in busy if b != own]
        return busy

    def free_slots(
        self, business: Business, service: Service, first: dt.date, last: dt.date,
        ignore: Appointment | None = None, member: StaffMember | None = None,
    ) -> list[tuple[av.Interval, list[StaffMember]]]:
        """Free times, each with who is free then ([] in a business without staff)."""
        if last < first:
            raise InvalidInput("end_date is before date", {"end_date": "must be on or after date"})
        if (last - first).days >= MAX_RANGE_DAYS:
            raise InvalidInput(f"Ask for at most {MAX_RANGE_DAYS} days at a time.",
                               {"end_date": f"at most {MAX_RANGE_DAYS} days after date"})
        busy = self._busy(business, first, last, ignore)
        if not business.staff:
            return [(slot, []) for slot in av.free_slots(business, service, first, last, busy, self.clock())]
        return av.team_slots(business, service, first, last, busy, self.clock(), self._team(business, service, member))

    def check_availability(
        self, business: Business, service_name: str, first: dt.date, last: dt.date | None = None,
        moving: Appointment | None = None, staff: str | None = None,
    ) -> dict:
        """Free start times; `moving`: an appointment being moved, whose own time counts as free (its own
        start is left out: that is no move) and whose staff member stays unless `staff` says otherwise;
        `staff`: only that person's times."""
        service = self.service(business, service_name)
        if staff is None and moving is not None and moving.staff_chosen:
            staff = moving.staff_id or None
        member = self.member(business, service, staff)
        slots = self.free_slots(business, service, first, last or first, moving, member)
        if moving is not None and moving.service == service.name:
            slots = [(s, who) for s, who in slots if s.start != moving.start]
        found = {"service": service.name, "timezone": business.timezone,
                 "slots": [_slot(business, s, who) for s, who in slots]}
        if member is not None:
            found["staff"] = member.name
            days = [first + dt.timedelta(days=n) for n in range(((last or first) - first).days + 1)]
            if not any(av.working_ranges(business, day, member) for day in days):
                found["staff_off"] = f"{member.name} is not working then."
        return found

    def _alternatives(self, business: Business, service: Service, target: dt.datetime,
                      member: StaffMember | None = None) -> list[dict]:
        day = target.astimezone(business.zone).date()
        slots = self.free_slots(business, service, day - dt.timedelta(days=1), day + dt.timedelta(days=2),
                                member=member)
        near = av.nearest([s for s, _ in slots], target, ALTERNATIVES)
        who = {s.start: members for s, members in slots}
        return [_slot(business, s, who[s.start]) for s in near]

    def _free_at(self, business: Business, service: Service, start: dt.datetime, member: StaffMember | None,
                 ignore: Appointment | None = None) -> list[StaffMember | None]:
        """Who can take `start` (least booked that day first); [None] in a business without staff.
        SlotTaken (with alternatives) when nobody can."""
        day = start.astimezone(business.zone).date()
        busy = self._busy(business, day, day, ignore)
        now = self.clock()
        if not business.staff:
            if any(s.start == start for s in av.free_slots(business, service, day, day, busy, now)):
                return [None]
            free: list = []
        else:
            team = self._team(business, service, member)
            free = [m for m in team if any(s.start == start for s in av.free_slots(business, service, day, day, busy,
                                                                                   now, m))]
            free.sort(key=lambda m: av.booked_minutes(busy, m.id))
            if free:
                return free
        reason = _why_not_bookable(business, service, start, now, member)
        raise SlotTaken(reason, self._alternatives(business, service, start, member))

    def book(
        self,
        business: Business,
        service_name: str,
        start: dt.datetime,
        caller: Caller,
        notes: str = "",
        source: str = "api",
        visit_address: str = "",
        staff: str | None = None,
    ) -> tuple[Appointment, bool]:
        """Book it with `staff` (a name or id) or whoever is free, spreading the day's load; returns
        (appointment, created). A repeat of the same booking returns the first."""
        service = self.service(business, service_name)
        member = self.member(business, service, staff)
        start = start.astimezone(dt.UTC)
        existing = self._same_booking(business, service, start, caller.phone)
        if existing is not None:
            return existing, False
        candidates = self._free_at(business, service, start, member)
        for candidate in candidates:
            appointment = self._new(business, service, start, caller, notes, source, candidate, member is not None,
                                    visit_address)
            try:
                self.appointments.create(appointment)
            except SlotTaken:
                continue  # someone took this person's time meanwhile: the next free one, if any
            self._notify_change(business, appointment, None)
            return appointment, True
        existing = self._same_booking(business, service, start, caller.phone)
        if existing is not None:
            return existing, False
        raise SlotTaken("That time was just taken.", self._alternatives(business, service, start, member))

    def _new(self, business: Business, service: Service, start: dt.datetime, caller: Caller, notes: str,
             source: str, member: StaffMember | None, chosen: bool, visit_address: str) -> Appointment:
        now = self.clock()
        block = av.appointment_block(start, service)
        appointment = Appointment(
            id=uuid.uuid4().hex[:20],
            business_id=business.id,
            service=service.name,
            start=start,
            end=start + dt.timedelta(minutes=service.duration_minutes),
            block_start=block.start,
            block_end=block.end,
            cells=av.lock_cells(block, member.id if member else ""),
            caller=caller,
            caller_phone=caller.phone,
            staff_id=member.id if member else "",
            staff_name=member.name if member else "",
            staff_chosen=chosen,
            notes=notes,
            visit_address=visit_address,
            source=source,
            status="booked" if caller.verified else "held",
            history=[StatusChange(status="booked" if caller.verified else "held", at=now, source=source)],
            created_at=now,
            updated_at=now,
        )
        appointment.plan_reminders(business.reminder_minutes, now)
        return appointment

    def _notify_change(self, business: Business, appointment: Appointment, previous: Appointment | None) -> None:
        if self.changed is not None:
            self.changed(business, appointment, previous)

    def _same_booking(self, business: Business, service: Service, start: dt.datetime,
                      phone: str) -> Appointment | None:
        for appointment in self.appointments.for_caller(business.id, phone, start):
            if appointment.start > start:
                break
            if appointment.is_active and appointment.service == service.name:
                return appointment
        return None

    def _lookup(self, business: Business, appointment_id: str, caller_phone: str | None):
        """(appointment, version) if it exists and, given a phone, is that caller's; else None."""
        found = self.appointments.get(business.id, appointment_id)
        if found is None or (caller_phone is not None and found[0].caller_phone != caller_phone):
            return None
        return found

    def find(self, business: Business, appointment_id: str, caller_phone: str | None = None) -> Appointment | None:
        """The appointment, if it exists (and, given a phone, if it is that caller's)."""
        found = self._lookup(business, appointment_id, caller_phone)
        return found[0] if found else None

    def _owned(self, business: Business, appointment_id: str, caller_phone: str):
        found = self._lookup(business, appointment_id, caller_phone)
        if found is None:
            raise NotFound("No appointment with that id for this caller.")
        return found

    def reschedule(
        self, business: Business, appointment_id: str, caller_phone: str, new_start: dt.datetime,
        source: str = "api", staff: str | None = None,
    ) -> Appointment:
        """Move it. A staff member the caller chose keeps it unless `staff` names another (or "anyone");
        one assigned by the calendar keeps it when free at the new time, else whoever is."""
        appointment, version = self._owned(business, appointment_id, caller_phone)
        if not appointment.is_active:
            raise InvalidState(f"This appointment is {appointment.status} and cannot be moved.")
        new_start = new_start.astimezone(dt.UTC)
        service = self.service(business, appointment.service)
        keep = staff is None and appointment.staff_chosen and business.find_staff(appointment.staff_id)
        member = keep or self.member(business, service, staff)
        if new_start == appointment.start and (member is None or member.id == appointment.staff_id):
            return appointment
        if appointment.start <= self.clock():
            raise InvalidState("This appointment has already started and cannot be moved.")
        candidates = self._free_at(business, service, new_start, member, ignore=appointment)
        candidates.sort(key=lambda c: c is not None and c.id != appointment.staff_id)
        for candidate in candidates:
            moved = self._moved(business, service, appointment, new_start, candidate, source,
                                appointment.staff_chosen if keep else member is not None)
            try:
                self.appointments.replace(appointment, moved, version)
            except SlotTaken:
                continue
            self._notify_change(business, moved, appointment)
            return moved
        raise SlotTaken("That time was just taken.", self._alternatives(business, service, new_start, member))

    def _moved(self, business: Business, service: Service, appointment: Appointment, new_start: dt.datetime,
               member: StaffMember | None, source: str, chosen: bool) -> Appointment:
        now = self.clock()
        block = av.appointment_block(new_start, service)
        moved = appointment.model_copy(deep=True)
        moved.start = new_start
        moved.end = new_start + dt.timedelta(minutes=service.duration_minutes)
        moved.block_start, moved.block_end = block.start, block.end
        moved.staff_id, moved.staff_name = (member.id, member.name) if member else ("", "")
        moved.staff_chosen = chosen
        moved.cells = av.lock_cells(block, moved.staff_id)
        moved.status = "held" if appointment.status == "held" else "rescheduled"  # still for the team to confirm
        moved.history.append(StatusChange(
            status=moved.status, at=now, source=source,
            reason=f"moved from {appointment.start.astimezone(business.zone).isoformat()}",
        ))
        moved.updated_at = now
        moved.confirmed_by_caller = False
        moved.plan_reminders(business.reminder_minutes, now)
        return moved

    def cancel(
        self, business: Business, appointment_id: str, caller_phone: str, reason: str = "",
        source: str = "api",
    ) -> Appointment:
        appointment, version = self._owned(business, appointment_id, caller_phone)
        if not appointment.is_active:
            raise InvalidState(f"This appointment is already {appointment.status}.")
        now = self.clock()
        if appointment.start <= now:
            raise InvalidState("This appointment has already started and cannot be cancelled.")
        cancelled = appointment.model_copy(deep=True)
        cancelled.status = "cancelled"
        cancelled.cells = []
        cancelled.history.append(StatusChange(status="cancelled", at=now, reason=reason, source=source))
        cancelled.updated_at = now
        cancelled.plan_reminders([], now)
        self.appointments.replace(appointment, cancelled, version)
        self._notify_change(business, cancelled, appointment)
        return cancelled

    def get(self, business: Business, appointment_id: str) -> Appointment:
        found = self.appointments.get(business.id, appointment_id)
        if found is None:
            raise NotFound("No appointment with that id.")
        return found[0]

    def mark_outcome(self, business: Business, appointment_id: str, status: str, reason: str = "",
                     source: str = "api") -> Appointment:
        """Record how a started appointment went: `completed` or `no_show`."""
        if status not in ("completed", "no_show"):
            raise InvalidInput("status must be completed or no_show", {"status": "completed or no_show"})
        found = self.appointments.get(business.id, appointment_id)
        if found is None:
            raise NotFound("No appointment with that id.")
        appointment, version = found
        if not appointment.is_active:
            raise InvalidState(f"This appointment is already {appointment.status}.")
        now = self.clock()
        if appointment.start > now:
            raise InvalidState("This appointment has not started yet.")
        updated = appointment.model_copy(deep=True)
        updated.status = status  # type: ignore[assignment]
        updated.history.append(StatusChange(status=status, at=now, reason=reason, source=source))  # type: ignore[arg-type]
        updated.updated_at = now
        updated.plan_reminders([], now)
        self.appointments.replace(appointment, updated, version)
        return updated

    def set_email(self, business: Business, appointment_id: str, caller_phone: str, email: str) -> Appointment:
        """The caller gave (or corrected) the email for their appointment's confirmations."""
        appointment, version = self._owned(business, appointment_id, caller_phone)
        if appointment.caller.email == email:
            return appointment
        updated = appointment.model_copy(deep=True)
        updated.caller.email = email
        updated.updated_at = self.clock()
        self.appointments.replace(appointment, updated, version)
        return updated

    def add_note(self, business: Business, appointment_id: str, caller_phone: str, note: str) -> Appointment:
        """Something the caller said for the team (an address, how to get in), added to the booking's
        notes once: the same note again changes nothing."""
        appointment, version = self._owned(business, appointment_id, caller_phone)
        if not appointment.is_active:
            raise InvalidState(f"This appointment is {appointment.status}.")
        if note in appointment.notes.split("; "):
            return appointment
        notes = "; ".join(n for n in (appointment.notes, note) if n)
        if len(notes) > NOTES_LIMIT:
            raise InvalidInput("The appointment's notes are full.", {"note": f"notes are limited to {NOTES_LIMIT} "
                                                                             "characters"})
        updated = appointment.model_copy(deep=True)
        updated.notes = notes
        updated.updated_at = self.clock()
        self.appointments.replace(appointment, updated, version)
        return updated

    def approve(self, business: Business, appointment_id: str, source: str = "api") -> Appointment:
        """The team confirms a held booking (one made for a number nobody verified): it is booked,
        and its reminders are planned. Approving it again changes nothing."""
        found = self.appointments.get(business.id, appointment_id)
        if found is None:
            raise NotFound("No appointment with that id.")
        appointment, version = found
        if appointment.status != "held":
            if appointment.is_active:
                return appointment
            raise InvalidState(f"This appointment is {appointment.status}.")
        now = self.clock()
        updated = appointment.model_copy(deep=True)
        updated.status = "booked"
        updated.history.append(StatusChange(status="booked", at=now, reason="confirmed by the team", source=source))
        updated.updated_at = now
        updated.plan_reminders(business.reminder_minutes, now)
        self.appointments.replace(appointment, updated, version)
        self._notify_change(business, updated, appointment)
        return updated

    def confirm(self, business: Business, appointment_id: str, caller_phone: str) -> Appointment:
        """The caller confirmed they are coming (e.g. replied C to a reminder)."""
        appointment, version = self._owned(business, appointment_id, caller_phone)
        if not appointment.is_active:
            raise InvalidState(f"This appointment is {appointment.status}.")
        if appointment.confirmed_by_caller:
            return appointment
        confirmed = appointment.model_copy(deep=True)
        confirmed.confirmed_by_caller = True
        confirmed.updated_at = self.clock()
        self.appointments.replace(appointment, confirmed, version)
        return confirmed

    def for_caller(self, business: Business, caller_phone: str, include_past: bool = False
                   ) -> list[Appointment]:
        since = None if include_past else self.clock()
        return self.appointments.for_caller(business.id, caller_phone, since)

    def on_days(self, business: Business, first: dt.date, last: dt.date) -> list[Appointment]:
        return self.appointments.between(
            business.id, av.local_midnight(business, first),
            av.local_midnight(business, last + dt.timedelta(days=1)),
        )


def _slot(business: Business, slot: av.Interval, who: list[StaffMember]) -> dict:
    found = {"start": slot.start.astimezone(business.zone).isoformat(),
             "end": slot.end.astimezone(business.zone).isoformat()}
    if business.staff:
        found["staff"] = [m.name for m in who]
    return found


def _why_not_bookable(business: Business, service: Service, start: dt.datetime, now: dt.datetime,
                      member: StaffMember | None = None) -> str:
    earliest, last_day = av.bookable_window(business, now)
    local = start.astimezone(business.zone)
    if start < now:
        return "That time is in the past."
    if start < earliest:
        return f"We need at least {business.min_notice_minutes} minutes' notice for a booking."
    if local.date() > last_day:
        return f"We only book up to {business.max_days_ahead} days ahead."
    if start not in av.candidate_starts(business, service, local.date()):
        return "We're not open for a full appointment at that time."
    if member is not None and start not in av.candidate_starts(business, service, local.date(), member):
        return f"{member.name} is not working at that time."
    if member is not None:
        return f"{member.name} is already booked at that time."
    return "That time is already taken."
