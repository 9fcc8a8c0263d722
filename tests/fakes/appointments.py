"""Businesses and appointments in memory, with FirestoreBusinesses' and FirestoreAppointments'
semantics: routes carry the config, lock cells make overlapping bookings raise SlotTaken, a
replace has its version as a precondition (Conflict), the per-day busy map follows every write."""

from __future__ import annotations

import datetime as dt

from shared.adapters import day_blocks
from shared.domain.appointments import Appointment
from shared.domain.availability import Interval, cell_time
from shared.domain.business import Business
from shared.domain.notifications import Notification
from shared.errors import Conflict, InvalidInput, SlotTaken
from tests.fakes.documents import AlreadyExists, Documents, Missing, business_path

LOCK_RETENTION = dt.timedelta(days=2)


class FakeBusinesses:
    def __init__(self, docs: Documents):
        self.docs = docs

    def get(self, business_id: str) -> Business | None:
        found = self.docs.get(business_path(business_id))
        return Business.model_validate(found[0]["config"]) if found else None

    def save(self, business: Business) -> None:
        with self.docs.lock:
            for number in business.phone_numbers:
                owner = self.docs.get(f"phone_numbers/{number}")
                if owner and owner[0]["business_id"] != business.id:
                    raise InvalidInput(f"{number} already answers for another business",
                                       {"phone_numbers": f"{number} is taken"})
            previous = self.get(business.id)
            config = business.model_dump(mode="json")
            self.docs.set(business_path(business.id), {"config": config})
            for number in business.phone_numbers:
                self.docs.set(f"phone_numbers/{number}", {"business_id": business.id, "config": config})
            for number in set(previous.phone_numbers if previous else []) - set(business.phone_numbers):
                self.docs.delete(f"phone_numbers/{number}")

    def business_for_number(self, e164: str) -> Business | None:
        found = self.docs.get(f"phone_numbers/{e164}")
        return Business.model_validate(found[0]["config"]) if found else None

    def business_for_key_hash(self, key_hash: str) -> str | None:
        found = self.docs.get(f"api_keys/{key_hash}")
        return found[0]["business_id"] if found else None

    def add_api_key(self, business_id: str, key_hash: str, label: str) -> None:
        self.docs.set(f"api_keys/{key_hash}", {"business_id": business_id, "label": label})


def utc_days(start: dt.datetime, end: dt.datetime) -> list[str]:
    first = start.astimezone(dt.UTC).date()
    last = (end - dt.timedelta(microseconds=1)).astimezone(dt.UTC).date()
    return [(first + dt.timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


class FakeAppointments:
    def __init__(self, docs: Documents):
        self.docs = docs

    def _path(self, business_id: str, appointment_id: str) -> str:
        return business_path(business_id, "appointments", appointment_id)

    def _lock(self, business_id: str, cell: str) -> str:
        return business_path(business_id, "slot_locks", cell)

    def _lock_data(self, appointment: Appointment, cell: str) -> dict:
        at = cell_time(cell)
        return {"appointment_id": appointment.id, "at": at, "expire_at": at + LOCK_RETENTION}

    def busy_between(self, business_id: str, start: dt.datetime, end: dt.datetime) -> list[Interval]:
        busy = {}
        for day in utc_days(start, end):
            found = self.docs.get(business_path(business_id, "calendar_days", day))
            for appointment_id, block in ((found[0] if found else {}).get("blocks") or {}).items():
                interval = day_blocks.decode(block)
                if interval.overlaps(Interval(start, end)):
                    busy[appointment_id] = interval
        return list(busy.values())

    def _write_days(self, appointment: Appointment, previous: Appointment | None) -> None:
        now_days = set(utc_days(appointment.block_start, appointment.block_end)) if appointment.is_active else set()
        before = set(utc_days(previous.block_start, previous.block_end)) if previous else set()
        block = {"start": appointment.block_start, "end": appointment.block_end, "staff": appointment.staff_id}
        for day in sorted(now_days):
            path = business_path(appointment.business_id, "calendar_days", day)
            found = self.docs.get(path)
            blocks = (found[0] if found else {}).get("blocks") or {}
            self.docs.set(path, {"blocks": {**blocks, appointment.id: block}}, merge=True)
        for day in sorted(before - now_days):
            path = business_path(appointment.business_id, "calendar_days", day)
            found = self.docs.get(path)
            if found:
                blocks = {k: v for k, v in (found[0].get("blocks") or {}).items() if k != appointment.id}
                self.docs.set(path, {"blocks": blocks}, merge=True)

    def create(self, appointment: Appointment) -> None:
        business = appointment.business_id
        with self.docs.lock:
            if self.docs.exists(self._path(business, appointment.id)) or any(
                    self.docs.exists(self._lock(business, cell)) for cell in appointment.cells):
                raise SlotTaken("That time was just taken.")
            self.docs.create(self._path(business, appointment.id), appointment.model_dump())
            for cell in appointment.cells:
                self.docs.create(self._lock(business, cell), self._lock_data(appointment, cell))
            self._write_days(appointment, None)

    def get(self, business_id: str, appointment_id: str) -> tuple[Appointment, object] | None:
        if not appointment_id or "/" in appointment_id:
            return None
        found = self.docs.get(self._path(business_id, appointment_id))
        return (Appointment.model_validate(found[0]), found[1]) if found else None

    def replace(self, previous: Appointment, appointment: Appointment, version: object) -> None:
        business = appointment.business_id
        add_cells = [c for c in appointment.cells if c not in previous.cells]
        remove_cells = [c for c in previous.cells if c not in appointment.cells]
        with self.docs.lock:
            if any(self.docs.exists(self._lock(business, cell)) for cell in add_cells):
                raise SlotTaken("That time was just taken.")
            if self.docs.version(self._path(business, appointment.id)) != version:
                raise Conflict("The appointment changed at the same moment; please try again.")
            self.docs.update(self._path(business, appointment.id), appointment.model_dump(), version)
            for cell in add_cells:
                self.docs.create(self._lock(business, cell), self._lock_data(appointment, cell))
            for cell in remove_cells:
                self.docs.delete(self._lock(business, cell))
            self._write_days(appointment, previous)

    def _all(self, business_id: str) -> list[Appointment]:
        return [Appointment.model_validate(data)
                for _, data, _ in self.docs.children(business_path(business_id, "appointments"))]

    def for_caller(self, business_id: str, phone: str, since: dt.datetime | None) -> list[Appointment]:
        found = [a for a in self._all(business_id)
                 if a.caller_phone == phone and (since is None or a.start >= since)]
        return sorted(found, key=lambda a: a.start)[:200]

    def between(self, business_id: str, start: dt.datetime, end: dt.datetime) -> list[Appointment]:
        return sorted((a for a in self._all(business_id) if start <= a.start < end), key=lambda a: a.start)

    def due_for_reminders(self, now: dt.datetime, limit: int, after=None) -> list[tuple[Appointment, object, object]]:
        due = []
        for path, data, version in self.docs.group("appointments"):
            at = data.get("next_reminder_at")
            if at is not None and at <= now:
                due.append(((at, path), Appointment.model_validate(data), version))
        due.sort(key=lambda item: item[0])
        if after is not None:
            due = [item for item in due if item[0] > after]
        return [(appointment, version, cursor) for cursor, appointment, version in due[:limit]]

    def commit_reminders(self, updates: list[tuple[Appointment, object]], notifications: list[Notification]) -> None:
        with self.docs.lock:
            stale = any(self.docs.version(self._path(a.business_id, a.id)) != version for a, version in updates)
            taken = any(self.docs.exists(business_path(n.business_id, "notifications", n.id)) for n in notifications)
            if stale or taken:
                raise Conflict("Another sweep or a change got there first.")
            try:
                for appointment, version in updates:
                    self.docs.update(self._path(appointment.business_id, appointment.id),
                                     {"reminder_plan": appointment.reminder_plan,
                                      "next_reminder_at": appointment.next_reminder_at}, version)
                for record in notifications:
                    self.docs.create(business_path(record.business_id, "notifications", record.id),
                                     record.model_dump())
            except (AlreadyExists, Missing) as exc:  # checked above under the same lock
                raise AssertionError("unreachable") from exc
