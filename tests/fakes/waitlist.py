"""The waitlist in memory, with the Firestore adapter's semantics: a write against a version
that changed raises Conflict, creating an existing entry is refused, lists come first come first
served."""

from __future__ import annotations

import datetime as dt

from shared.adapters.firestore_waitlist import served_order
from shared.domain.waitlist import OPEN_STATUSES, WaitlistEntry
from shared.errors import Conflict
from tests.fakes.documents import AlreadyExists, Documents, Missing, business_path


class FakeWaitlist:
    def __init__(self, docs: Documents):
        self.docs = docs

    def _all(self, business_id: str) -> list[tuple[WaitlistEntry, object]]:
        return served_order([(WaitlistEntry.model_validate(data), version)
                             for _, data, version in self.docs.children(business_path(business_id, "waitlist"))])

    def create(self, entry: WaitlistEntry) -> None:
        try:
            self.docs.create(business_path(entry.business_id, "waitlist", entry.id), entry.model_dump())
        except AlreadyExists as exc:
            raise Conflict("This waitlist entry exists already.") from exc

    def get(self, business_id: str, entry_id: str) -> tuple[WaitlistEntry, object] | None:
        if not entry_id or "/" in entry_id:
            return None
        found = self.docs.get(business_path(business_id, "waitlist", entry_id))
        return (WaitlistEntry.model_validate(found[0]), found[1]) if found else None

    def save(self, entry: WaitlistEntry, version: object) -> None:
        try:
            self.docs.update(business_path(entry.business_id, "waitlist", entry.id), entry.model_dump(), version)
        except Missing as exc:
            raise Conflict("The waitlist entry changed meanwhile.") from exc

    def open_entries(self, business_id: str) -> list[tuple[WaitlistEntry, object]]:
        return [item for item in self._all(business_id) if item[0].status in OPEN_STATUSES]

    def for_caller(self, business_id: str, phone: str) -> list[tuple[WaitlistEntry, object]]:
        return [item for item in self._all(business_id) if item[0].caller_phone == phone][::-1]

    def list(self, business_id: str, status: str | None = None, limit: int = 100) -> list[WaitlistEntry]:
        return [entry for entry, _ in self._all(business_id) if status is None or entry.status == status][:limit]

    def holds(self, business_id: str, now: dt.datetime) -> list[WaitlistEntry]:
        return [entry for entry, _ in self._all(business_id) if entry.hold_until is not None and entry.hold_until > now]

    def expired_holds(self, now: dt.datetime, limit: int) -> list[tuple[str, str]]:
        found = []
        for _, data, _ in self.docs.group("waitlist"):
            hold = data.get("hold_until")
            if hold is not None and hold <= now:
                found.append((hold, data["business_id"], data["id"]))
        return [(business, entry) for _, business, entry in sorted(found)[:limit]]
