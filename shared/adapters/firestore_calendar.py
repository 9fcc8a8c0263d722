"""Connected calendars in Firestore: the connections, and the busy time read from them.

Busy time from an outside calendar lives where availability already reads, so a caller's turn
never waits on Google:
- `calendar_days/{utc day}` `blocks.{key}`: "start:end:staff" (adapters/day_blocks.py) beside the
  appointments' blocks (one batched read per searched day, as before);
- `slot_locks/{staff}_{cell}` `external: [keys]`: the same lock cells a booking creates. A booking
  `create()`s its cells, so it fails on a cell an outside event holds; a sync `set(merge)`s its
  cells, then reads the day's appointment blocks, so an event over a booking made first is found
  and alerted. Either way nothing is double-booked silently;
- `external_events/{key}`: what each synced event blocks, to undo it when the event moves or goes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.adapters import day_blocks
from shared.adapters.firestore_store import LOCK_RETENTION, _businesses, _utc_days
from shared.adapters.roundtrips import track
from shared.domain import availability as av
from shared.domain.calendar_sync import CalendarConnection, ExternalEvent, event_key, staff_of

BATCH = 450  # writes per commit (Firestore allows 500)


@dataclass
class Applied:
    """What one sync changed: events stored or removed, and bookings an outside event now overlaps."""

    changed: int = 0
    removed: int = 0
    conflicts: list[tuple[ExternalEvent, str]] = field(default_factory=list)  # (event, appointment id)


@dataclass
class _Plan:
    docs: dict[str, dict | None] = field(default_factory=dict)           # external_events writes
    days: dict[str, dict] = field(default_factory=dict)                  # day -> {key: block | DELETE}
    add_cells: dict[str, set[str]] = field(default_factory=dict)         # cell -> keys
    remove_cells: dict[str, set[str]] = field(default_factory=dict)
    busy: list[tuple[ExternalEvent, av.Interval]] = field(default_factory=list)


class FirestoreCalendarSync:
    def __init__(self, client: firestore.Client):
        self._client = client

    def _root(self, business_id: str):
        return _businesses(self._client).document(business_id)

    # --- connections ------------------------------------------------------------------------

    @track("read")
    def connection(self, business_id: str, resource: str) -> CalendarConnection | None:
        if not resource or "/" in resource:
            return None
        snap = self._root(business_id).collection("calendar_connections").document(resource).get()
        return CalendarConnection.model_validate(snap.to_dict()) if snap.exists else None

    @track("write")
    def save_connection(self, connection: CalendarConnection) -> None:
        (self._root(connection.business_id).collection("calendar_connections").document(connection.resource)
         .set(connection.model_dump()))

    @track("write")
    def update_connection(self, business_id: str, resource: str, fields: dict) -> None:
        self._root(business_id).collection("calendar_connections").document(resource).update(fields)

    def connections_query(self):
        """Across businesses; ordered so it has its single-field collection-group index."""
        return self._client.collection_group("calendar_connections").order_by("connected_at")

    @track("read")
    def connections(self) -> list[CalendarConnection]:
        """Every connection of every business (the sweep renews and syncs them)."""
        return [CalendarConnection.model_validate(s.to_dict()) for s in self.connections_query().stream()]

    def stored_query(self, business_id: str, resource: str):
        return (self._root(business_id).collection("external_events")
                .where(filter=FieldFilter("resource", "==", resource)))

    # --- busy time ----------------------------------------------------------------------------

    @track("read", "write")
    def apply(self, business_id: str, resource: str, events: list[ExternalEvent], window: av.Interval,
              full: bool) -> Applied:
        """Store what `events` block within `window` (a full listing also removes what it lacks)."""
        staff = staff_of(resource)
        stored_ref = self._root(business_id).collection("external_events")
        latest = {event_key(resource, e.id): e for e in events}
        if full:
            stored = {s.id: s.to_dict() for s in self.stored_query(business_id, resource).stream()}
        else:
            snaps = self._client.get_all([stored_ref.document(k) for k in latest]) if latest else []
            stored = {s.id: s.to_dict() for s in snaps if s.exists}
        plan = _Plan()
        applied = Applied()
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
        self._commit_plan(business_id, plan)
        self._release_cells(business_id, plan.remove_cells)
        applied.conflicts = self._conflicts(business_id, plan.busy)
        return applied

    def _commit_plan(self, business_id: str, plan: _Plan) -> None:
        root = self._root(business_id)
        writes = []
        for key, data in plan.docs.items():
            ref = root.collection("external_events").document(key)
            writes.append((lambda b, r=ref, d=data: b.set(r, d)) if data else (lambda b, r=ref: b.delete(r)))
        for day, blocks in plan.days.items():
            ref = root.collection("calendar_days").document(day)
            writes.append(lambda b, r=ref, blocks=blocks: b.set(r, {"blocks": blocks}, merge=True))
        for cell, keys in plan.add_cells.items():
            at = av.cell_time(cell)
            ref = root.collection("slot_locks").document(cell)
            writes.append(lambda b, r=ref, k=sorted(keys), at=at: b.set(
                r, {"external": firestore.ArrayUnion(k), "at": at, "expire_at": at + LOCK_RETENTION}, merge=True))
        for start in range(0, len(writes), BATCH):
            batch = self._client.batch()
            for write in writes[start:start + BATCH]:
                write(batch)
            batch.commit()

    def _release_cells(self, business_id: str, remove: dict[str, set[str]], attempts: int = 3) -> None:
        """Take the keys off their cells; a cell nothing else holds is deleted (only if unchanged
        since read, so a booking or another event taking it meanwhile keeps it)."""
        locks = self._root(business_id).collection("slot_locks")
        cells = sorted(remove)
        for start in range(0, len(cells), BATCH):
            chunk = cells[start:start + BATCH]
            for attempt in range(attempts):
                batch = self._client.batch()
                for snap in self._client.get_all([locks.document(c) for c in chunk]):
                    if not snap.exists:
                        continue
                    data = snap.to_dict()
                    keys = sorted(remove[snap.id])
                    if not data.get("appointment_id") and set(data.get("external") or []) <= set(keys):
                        unchanged = self._client.write_option(last_update_time=snap.update_time)
                        batch.delete(snap.reference, option=unchanged)
                    else:
                        batch.update(snap.reference, {"external": firestore.ArrayRemove(keys)})
                try:
                    batch.commit()
                    break
                except (gexc.FailedPrecondition, gexc.Aborted):
                    if attempt == attempts - 1:
                        raise

    def _conflicts(self, business_id: str,
                   busy: list[tuple[ExternalEvent, av.Interval]]) -> list[tuple[ExternalEvent, str]]:
        """Bookings the newly busy time overlaps: read after the cells were written, so a booking
        that got its cells first is seen here, and one that did not could not book."""
        if not busy:
            return []
        days = sorted({d for _, block in busy for d in _utc_days(block.start, block.end)})
        refs = [self._root(business_id).collection("calendar_days").document(d) for d in days]
        appointments: dict[str, av.Interval] = {}
        for snap in self._client.get_all(refs):
            for key, block in ((snap.to_dict() or {}).get("blocks") or {}).items():
                if not day_blocks.is_external(block):
                    appointments[key] = day_blocks.decode(block)
        found = []
        for event, block in busy:
            for appointment_id, taken in appointments.items():
                same_person = "" in (block.staff, taken.staff) or block.staff == taken.staff
                if same_person and av.cell_expanded(taken).overlaps(av.cell_expanded(block)):
                    found.append((event, appointment_id))
        return found


def _clipped(event: ExternalEvent, window: av.Interval, staff: str) -> av.Interval | None:
    """The part of a busy event inside the window (what availability can ever ask about), or None."""
    if not event.busy or event.start is None or event.end is None:
        return None
    start, end = max(event.start, window.start), min(event.end, window.end)
    return av.Interval(start, end, staff) if start < end else None


def _plan_event(plan: _Plan, resource: str, key: str, event: ExternalEvent, before: av.Interval | None,
                new: av.Interval | None) -> None:
    staff = staff_of(resource)
    old_days = set(_utc_days(before.start, before.end)) if before else set()
    new_days = set(_utc_days(new.start, new.end)) if new else set()
    old_cells = set(av.lock_cells(before, staff)) if before else set()
    new_cells = set(av.lock_cells(new, staff)) if new else set()
    for day in old_days - new_days:
        plan.days.setdefault(day, {})[key] = firestore.DELETE_FIELD
    for day in new_days:
        plan.days.setdefault(day, {})[key] = day_blocks.encode_external(new)
    for cell in new_cells - old_cells:
        plan.add_cells.setdefault(cell, set()).add(key)
    for cell in old_cells - new_cells:
        plan.remove_cells.setdefault(cell, set()).add(key)
    if new is None:
        plan.docs[key] = None
        return
    plan.docs[key] = {"resource": resource, "staff": staff, "event_id": event.id, "summary": event.summary[:200],
                      "start": new.start, "end": new.end}
    plan.busy.append((event, new))
