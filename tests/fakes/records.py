"""Leads, calls, notifications and SMS threads in memory, with the Firestore adapters' semantics:
the lead upsert runs `mutate` on the current lead, search filters and pages like the Firestore
query (one indexed range, the rest in memory, cursors by document id), writes with a version
precondition raise Conflict, creating an existing record is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from shared.adapters.firestore_store import FirestoreLeads, decode_cursor, encode_cursor
from shared.domain.calls import Call, TurnRecord, forgotten
from shared.domain.leads import Interaction, Lead
from shared.domain.notifications import Notification
from shared.errors import Conflict, InvalidInput
from shared.ports import LeadFilters
from tests.fakes.documents import AlreadyExists, Documents, Missing, business_path


def _after(items: list[tuple[tuple, str]], cursor_key: tuple) -> list:
    """What follows the cursor's document in a descending order (Firestore's start_after)."""
    return [item for item in items if item[0] < cursor_key]


class FakeLeads:
    SCAN_LIMIT = FirestoreLeads.SCAN_LIMIT

    def __init__(self, docs: Documents):
        self.docs = docs

    def _collection(self, business_id: str) -> str:
        return business_path(business_id, "leads")

    def get(self, business_id: str, lead_id: str) -> Lead | None:
        if not lead_id or "/" in lead_id:
            return None
        found = self.docs.get(f"{self._collection(business_id)}/{lead_id}")
        return Lead.model_validate(found[0]) if found else None

    def upsert(self, business_id: str, lead_id: str,
               mutate: Callable[[Lead | None], tuple[Lead, Interaction | None]]) -> Lead:
        path = f"{self._collection(business_id)}/{lead_id}"
        with self.docs.lock:
            lead, interaction = mutate(self.get(business_id, lead_id))
            self.docs.set(path, lead.model_dump())
            if interaction is not None:
                self.docs.set(f"{path}/interactions/{interaction.id}", interaction.model_dump())
            return lead

    def clear_interactions(self, business_id: str, lead_id: str) -> None:
        collection = f"{self._collection(business_id)}/{lead_id}/interactions"
        for interaction_id, _, _ in self.docs.children(collection):
            self.docs.delete(f"{collection}/{interaction_id}")

    def search(self, business_id: str, filters: LeadFilters, limit: int, cursor: str | None
               ) -> tuple[list[Lead], str | None]:
        by_score = filters.min_score is not None or filters.max_score is not None
        by_date = not by_score and (filters.since is not None or filters.until is not None)
        field = "created_at" if by_date else "score"

        def indexed(lead: Lead) -> bool:
            return ((not filters.stage or lead.stage == filters.stage)
                    and (not filters.service or lead.interest_service == filters.service)
                    and (not filters.text_tokens or filters.text_tokens[0] in lead.search_terms)
                    and (not by_score or filters.min_score is None or lead.score >= filters.min_score)
                    and (not by_score or filters.max_score is None or lead.score <= filters.max_score)
                    and (not by_date or filters.since is None or lead.created_at >= filters.since)
                    and (not by_date or filters.until is None or lead.created_at < filters.until))

        def in_memory(lead: Lead) -> bool:
            return (all(t in lead.search_terms for t in filters.text_tokens[1:])
                    and (not by_score or filters.since is None or lead.created_at >= filters.since)
                    and (not by_score or filters.until is None or lead.created_at < filters.until))

        rows = []
        for lead_id, data, _ in self.docs.children(self._collection(business_id)):
            lead = Lead.model_validate(data)
            if indexed(lead):
                rows.append(((data[field], lead_id), lead))
        rows.sort(key=lambda row: row[0], reverse=True)
        if cursor:
            after = self.docs.get(f"{self._collection(business_id)}/{decode_cursor(cursor)}")
            if after is None:
                raise InvalidInput("cursor is no longer valid", {"cursor": "start the search again"})
            rows = _after(rows, (after[0][field], decode_cursor(cursor)))
        found: list[Lead] = []
        scanned = 0
        page_size = min(max(limit * 2, 20), 200)
        while scanned < self.SCAN_LIMIT:
            page, rows = rows[:page_size], rows[page_size:]
            for (_, lead_id), lead in page:
                scanned += 1
                if in_memory(lead):
                    found.append(lead)
                    if len(found) == limit:
                        return found, encode_cursor(lead_id)
            if len(page) < page_size:
                return found, None
        return found, encode_cursor(page[-1][0][1])


class FakeCalls:
    def __init__(self, docs: Documents):
        self.docs = docs

    def _path(self, business_id: str, call_sid: str) -> str:
        return business_path(business_id, "calls", call_sid)

    def get(self, business_id: str, call_sid: str, turn: int | None = None) -> tuple[Call, object] | None:
        if not call_sid or "/" in call_sid:
            return None
        found = self.docs.get(self._path(business_id, call_sid))
        return (Call.model_validate(found[0]), found[1]) if found else None

    def create(self, call: Call) -> object | None:
        try:
            return self.docs.create(self._path(call.business_id, call.call_sid), call.model_dump())
        except AlreadyExists:
            return None

    def save(self, call: Call, version: object, turn: TurnRecord | None = None) -> None:
        path = self._path(call.business_id, call.call_sid)
        with self.docs.lock:
            try:
                self.docs.update(path, call.model_dump(), version)
            except Missing as exc:
                raise Conflict("The call changed meanwhile.") from exc
            if turn is not None:
                self.docs.set(f"{path}/turns/{turn.n:04d}", turn.model_dump())

    def get_to_answer(self, business_id: str, call_sid: str) -> tuple[Call, object] | None:
        return self.get(business_id, call_sid)

    def mark_interrupted(self, business_id: str, call_sid: str, n: int, heard: str) -> None:
        try:
            self.docs.update(f"{self._path(business_id, call_sid)}/turns/{n:04d}", {"roxy": heard, "interrupted": True})
        except Missing:
            pass

    def turns(self, business_id: str, call_sid: str) -> list[TurnRecord]:
        found = [TurnRecord.model_validate(data)
                 for _, data, _ in self.docs.children(f"{self._path(business_id, call_sid)}/turns")]
        return sorted(found, key=lambda t: t.n)

    def scrub_caller(self, business_id: str, e164: str, skip_call: str | None = None) -> int:
        scrubbed = 0
        for call_sid, data, _ in self.docs.children(business_path(business_id, "calls")):
            if data.get("caller_phone") != e164 or call_sid == skip_call:
                continue
            path = self._path(business_id, call_sid)
            with self.docs.lock:
                for n, _, _ in self.docs.children(f"{path}/turns"):
                    self.docs.update(f"{path}/turns/{n}", {"caller": "[forgotten]", "roxy": "[forgotten]"})
                self.docs.update(path, {"transcript": [], "summary": "", "profile": {},
                                        **forgotten(data.get("state") or {})})
            scrubbed += 1
        return scrubbed

    def unfinished(self, before: dt.datetime, since: dt.datetime, limit: int) -> list[tuple[str, str]]:
        found = sorted((data["ended_at"], data["business_id"], path.rsplit("/", 1)[1])
                       for path, data, _ in self.docs.group("calls")
                       if data.get("status") == "completed" and data.get("post_call_done") is False
                       and data.get("ended_at") is not None and since <= data["ended_at"] < before)
        return [(business_id, call_sid) for _, business_id, call_sid in found[:limit]]


class FakeNotifications:
    def __init__(self, docs: Documents):
        self.docs = docs

    def _collection(self, business_id: str) -> str:
        return business_path(business_id, "notifications")

    def create(self, notification: Notification) -> bool:
        try:
            self.docs.create(f"{self._collection(notification.business_id)}/{notification.id}",
                             notification.model_dump())
        except AlreadyExists:
            return False
        return True

    def get(self, business_id: str, notification_id: str) -> tuple[Notification, object] | None:
        if not notification_id or "/" in notification_id:
            return None
        found = self.docs.get(f"{self._collection(business_id)}/{notification_id}")
        return (Notification.model_validate(found[0]), found[1]) if found else None

    def save(self, notification: Notification, version: object | None) -> None:
        path = f"{self._collection(notification.business_id)}/{notification.id}"
        if version is None:
            self.docs.set(path, notification.model_dump())
            return
        try:
            self.docs.update(path, notification.model_dump(), version)
        except Missing as exc:
            raise Conflict("The notification changed meanwhile.") from exc

    def stale_queued(self, before: dt.datetime, limit: int) -> list[tuple[str, str]]:
        found = sorted((data["created_at"], path, data["business_id"]) for path, data, _ in
                       self.docs.group("notifications") if data["status"] == "queued" and data["created_at"] < before)
        return [(business_id, path.rsplit("/", 1)[1]) for _, path, business_id in found[:limit]]

    def stale_sending(self, before: dt.datetime, limit: int) -> list[tuple[str, str]]:
        found = sorted((data["updated_at"], path, data["business_id"]) for path, data, _ in
                       self.docs.group("notifications") if data["status"] == "sending" and data["updated_at"] < before)
        return [(business_id, path.rsplit("/", 1)[1]) for _, path, business_id in found[:limit]]

    def list(self, business_id: str, status: str | None = None, kind: str | None = None,
             since: dt.datetime | None = None, until: dt.datetime | None = None, limit: int = 50,
             cursor: str | None = None) -> tuple[list[Notification], str | None]:
        rows = [((data["created_at"], record_id), data)
                for record_id, data, _ in self.docs.children(self._collection(business_id))
                if (not status or data["status"] == status) and (not kind or data["kind"] == kind)
                and (not since or data["created_at"] >= since) and (not until or data["created_at"] < until)]
        rows.sort(key=lambda row: row[0], reverse=True)
        if cursor:
            after_id = decode_cursor(cursor)
            after = self.docs.get(f"{self._collection(business_id)}/{after_id}")
            if after is None:
                raise InvalidInput("cursor is no longer valid", {"cursor": "start the listing again"})
            rows = _after(rows, (after[0]["created_at"], after_id))
        page = rows[:limit + 1]
        found = [Notification.model_validate(data) for _, data in page[:limit]]
        return found, encode_cursor(page[limit - 1][0][1]) if len(page) > limit else None


class FakeSmsThreads:
    def __init__(self, docs: Documents):
        self.docs = docs

    def get(self, business_id: str, phone_key: str) -> tuple[dict, object | None]:
        found = self.docs.get(business_path(business_id, "sms_threads", phone_key))
        return found if found else ({"pending": None, "answered": []}, None)

    def save(self, business_id: str, phone_key: str, thread: dict, version: object | None) -> None:
        path = business_path(business_id, "sms_threads", phone_key)
        try:
            if version is None:
                self.docs.create(path, thread)
            else:
                self.docs.update(path, thread, version)
        except (AlreadyExists, Missing) as exc:
            raise Conflict("The conversation changed meanwhile.") from exc

    def due_digests(self, now: dt.datetime, limit: int) -> list[tuple[str, str]]:
        found = sorted((data["digest_due_at"], data["business_id"], path.rsplit("/", 1)[1])
                       for path, data, _ in self.docs.group("sms_threads")
                       if data.get("digest_due_at") is not None and data["digest_due_at"] <= now)
        return [(business_id, key) for _, business_id, key in found[:limit]]


class FakeTextQuota:
    """FirestoreTextQuota's daily allowances: one document per business and day, a grant counted
    once per notification id."""

    def __init__(self, docs: Documents):
        self.docs = docs

    def take(self, business_id: str, day: str, notification_id: str, phone_key: str, per_number: int,
             per_business: int) -> str | None:
        path = f"{business_path(business_id, 'text_quota')}/{day}"
        with self.docs.lock:
            found = self.docs.get(path)
            granted = dict(found[0].get("granted", {})) if found else {}
            if notification_id in granted:
                return None
            if sum(1 for key in granted.values() if key == phone_key) >= per_number:
                return "number"
            if len(granted) >= per_business:
                return "business"
            self.docs.set(path, {"granted": {**granted, notification_id: phone_key}})
            return None
