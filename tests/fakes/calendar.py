"""Connected calendars in memory, with FirestoreCalendarSync's semantics: connections, and busy
time stored as day-map strings, per-person lock cells holding event keys (a booking's create()
then fails on them) and external_events records; a sync reports the bookings it overlaps.
The plan of what to write is the adapter's own (_plan_event); only the storage is faked."""

from __future__ import annotations

from google.cloud import firestore

from shared.adapters import day_blocks
from shared.adapters.firestore_calendar import Applied, _clipped, _Plan, _plan_event
from shared.adapters.firestore_store import LOCK_RETENTION, _utc_days
from shared.domain import availability as av
from shared.domain.calendar_sync import CalendarConnection, ExternalEvent, event_key, staff_of
from tests.fakes.documents import Documents, Missing, business_path


class FakeCalendarSync:
    def __init__(self, docs: Documents):
        self.docs = docs

    def connection(self, business_id: str, resource: str) -> CalendarConnection | None:
        if not resource or "/" in resource:
            return None
        found = self.docs.get(business_path(business_id, "calendar_connections", resource))
        return CalendarConnection.model_validate(found[0]) if found else None

    def save_connection(self, connection: CalendarConnection) -> None:
        self.docs.set(business_path(connection.business_id, "calendar_connections", connection.resource),
                      connection.model_dump())

    def update_connection(self, business_id: str, resource: str, fields: dict) -> None:
        try:
            self.docs.update(business_path(business_id, "calendar_connections", resource), fields)
        except Missing:
            raise AssertionError(f"no connection {business_id}/{resource}") from None  # Firestore: NotFound

    def connections(self) -> list[CalendarConnection]:
        found = [CalendarConnection.model_validate(data) for _, data, _ in self.docs.group("calendar_connections")]
        return sorted(found, key=lambda c: c.connected_at)

    def apply(self, business_id: str, resource: str, events: list[ExternalEvent], window: av.Interval,
              full: bool) -> Applied:
        staff = staff_of(resource)
        latest = {event_key(resource, e.id): e for e in events}
        stored = {key: data for key, data, _ in self.docs.children(business_path(business_id, "external_events"))
                  if data["resource"] == resource and (full or key in latest)}
        plan, applied = _Plan(), Applied()
        for key in set(latest) | (set(stored) if full else set()):
            event = latest.get(key) or ExternalEvent(stored[key]["event_id"])
            new = _clipped(event, window, staff)
            old = stored.get(key)
            before = av.Interval(old["start"], old["end"], staff) if old else None
            if new == before:
                continue
            _plan_event(plan, resource, key, event, before, new)
            applied.changed += new is not None
            applied.removed += new is None
        with self.docs.lock:
            self._write(business_id, plan)
        applied.conflicts = self._conflicts(business_id, plan.busy)
        return applied

    def _write(self, business_id: str, plan: _Plan) -> None:
        for key, data in plan.docs.items():
            path = business_path(business_id, "external_events", key)
            self.docs.set(path, data) if data else self.docs.delete(path)
        for day, blocks in plan.days.items():
            path = business_path(business_id, "calendar_days", day)
            found = self.docs.get(path)
            current = dict((found[0] if found else {}).get("blocks") or {})
            for key, block in blocks.items():
                if block is firestore.DELETE_FIELD:
                    current.pop(key, None)
                else:
                    current[key] = block
            self.docs.set(path, {"blocks": current}, merge=True)
        for cell, keys in plan.add_cells.items():
            path = business_path(business_id, "slot_locks", cell)
            found = self.docs.get(path)
            held = list((found[0] if found else {}).get("external") or [])
            at = av.cell_time(cell)
            self.docs.set(path, {"external": held + sorted(set(keys) - set(held)), "at": at,
                                 "expire_at": at + LOCK_RETENTION}, merge=True)
        for cell, keys in plan.remove_cells.items():
            path = business_path(business_id, "slot_locks", cell)
            found = self.docs.get(path)
            if not found:
                continue
            data = found[0]
            left = [k for k in data.get("external") or [] if k not in keys]
            if not data.get("appointment_id") and not left:
                self.docs.delete(path)
            else:
                self.docs.set(path, {"external": left}, merge=True)

    def _conflicts(self, business_id: str, busy: list[tuple[ExternalEvent, av.Interval]]):
        if not busy:
            return []
        appointments: dict[str, av.Interval] = {}
        for day in sorted({d for _, block in busy for d in _utc_days(block.start, block.end)}):
            found = self.docs.get(business_path(business_id, "calendar_days", day))
            for key, block in ((found[0] if found else {}).get("blocks") or {}).items():
                if not day_blocks.is_external(block):
                    appointments[key] = day_blocks.decode(block)
        found = []
        for event, block in busy:
            for appointment_id, taken in appointments.items():
                same_person = "" in (block.staff, taken.staff) or block.staff == taken.staff
                if same_person and av.cell_expanded(taken).overlaps(av.cell_expanded(block)):
                    found.append((event, appointment_id))
        return found
