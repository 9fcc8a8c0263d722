"""Firestore implementations of the repositories.

Layout (see docs/data-model.md):
    businesses/{business_id}                         config
    businesses/{business_id}/appointments/{id}
    businesses/{business_id}/slot_locks/{cell}       one per 5-minute cell an appointment blocks
    businesses/{business_id}/calendar_days/{date}    UTC date -> busy blocks that touch it
    businesses/{business_id}/leads/{phone_key}
    businesses/{business_id}/leads/{id}/interactions/{interaction_id}
    phone_numbers/{e164}                             routing: dialled number -> business (and its config)
    api_keys/{sha256}                                routing: tool API key -> business
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from shared.adapters import day_blocks
from shared.adapters.console_rows import write_call_row, write_lead_row, write_message_row, write_schedule_row
from shared.adapters.roundtrips import track
from shared.domain.appointments import Appointment
from shared.domain.availability import Interval, cell_time
from shared.domain.business import Business
from shared.domain.calls import Call, TurnRecord, forgotten
from shared.domain.leads import Interaction, Lead
from shared.domain.notifications import Notification
from shared.errors import Conflict, InvalidInput, SlotTaken
from shared.ports import LeadFilters

LOCK_RETENTION = dt.timedelta(days=2)


def _businesses(client: firestore.Client):
    return client.collection("businesses")


class FirestoreBusinesses:
    def __init__(self, client: firestore.Client):
        self._client = client

    @track("read")
    def get(self, business_id: str) -> Business | None:
        snap = _businesses(self._client).document(business_id).get()
        return Business.model_validate(snap.to_dict()["config"]) if snap.exists else None

    def save(self, business: Business) -> None:
        routes = self._client.collection("phone_numbers")
        for number in business.phone_numbers:
            owner = routes.document(number).get()
            if owner.exists and owner.get("business_id") != business.id:
                raise InvalidInput(
                    f"{number} already answers for another business",
                    {"phone_numbers": f"{number} is taken"},
                )
        previous = self.get(business.id)
        config = business.model_dump(mode="json")
        batch = self._client.batch()
        batch.set(
            _businesses(self._client).document(business.id),
            {"config": config, "updated_at": firestore.SERVER_TIMESTAMP},
        )
        # The route carries a copy of the config, written in the same batch: a call's greeting
        # finds its business in one read.
        for number in business.phone_numbers:
            batch.set(routes.document(number), {"business_id": business.id, "config": config})
        for number in set(previous.phone_numbers if previous else []) - set(business.phone_numbers):
            batch.delete(routes.document(number))
        batch.commit()

    @track("read")
    def business_for_number(self, e164: str) -> Business | None:
        snap = self._client.collection("phone_numbers").document(e164).get()
        if not snap.exists:
            return None
        route = snap.to_dict()
        if "config" not in route:  # routed before routes carried the config
            return self.get(route["business_id"])
        return Business.model_validate(route["config"])

    @track("read")
    def business_for_key_hash(self, key_hash: str) -> str | None:
        snap = self._client.collection("api_keys").document(key_hash).get()
        return snap.get("business_id") if snap.exists else None

    def add_api_key(self, business_id: str, key_hash: str, label: str) -> None:
        self._client.collection("api_keys").document(key_hash).set(
            {"business_id": business_id, "label": label, "created_at": firestore.SERVER_TIMESTAMP}
        )


class FirestoreAppointments:
    def __init__(self, client: firestore.Client):
        self._client = client

    def _appointments(self, business_id: str):
        return _businesses(self._client).document(business_id).collection("appointments")

    def _locks(self, business_id: str):
        return _businesses(self._client).document(business_id).collection("slot_locks")

    def _lock_data(self, appointment: Appointment, cell: str) -> dict:
        at = cell_time(cell)
        return {"appointment_id": appointment.id, "at": at, "expire_at": at + LOCK_RETENTION}

    def _days(self, business_id: str):
        return _businesses(self._client).document(business_id).collection("calendar_days")

    @track("read")
    def busy_between(self, business_id: str, start: dt.datetime, end: dt.datetime) -> list[Interval]:
        refs = [self._days(business_id).document(day) for day in _utc_days(start, end)]
        busy = {}
        for snap in self._client.get_all(refs):
            for appointment_id, block in ((snap.to_dict() or {}).get("blocks") or {}).items():
                interval = day_blocks.decode(block)
                if interval.overlaps(Interval(start, end)):
                    busy[appointment_id] = interval
        return list(busy.values())

    def _write_days(self, batch, appointment: Appointment, previous: Appointment | None) -> None:
        """Keep the per-day busy map in step with the appointment, in the same commit."""
        days = self._days(appointment.business_id)
        now_days = set(_utc_days(appointment.block_start, appointment.block_end)) if appointment.is_active \
            else set()
        before = set(_utc_days(previous.block_start, previous.block_end)) if previous else set()
        block = {"start": appointment.block_start, "end": appointment.block_end, "staff": appointment.staff_id}
        for day in sorted(now_days):
            batch.set(days.document(day), {"blocks": {appointment.id: block}}, merge=True)
        for day in sorted(before - now_days):
            batch.update(days.document(day), {f"blocks.`{appointment.id}`": firestore.DELETE_FIELD})

    @track("write")
    def create(self, appointment: Appointment) -> None:
        batch = self._client.batch()
        batch.create(self._appointments(appointment.business_id).document(appointment.id),
                     appointment.model_dump())
        locks = self._locks(appointment.business_id)
        for cell in appointment.cells:
            batch.create(locks.document(cell), self._lock_data(appointment, cell))
        self._write_days(batch, appointment, None)
        write_schedule_row(self._client, batch, appointment, None)
        try:
            batch.commit()
        except gexc.AlreadyExists as exc:
            raise SlotTaken("That time was just taken.") from exc

    @track("read")
    def get(self, business_id: str, appointment_id: str) -> tuple[Appointment, object] | None:
        if not appointment_id or "/" in appointment_id:
            return None
        snap = self._appointments(business_id).document(appointment_id).get()
        if not snap.exists:
            return None
        return Appointment.model_validate(snap.to_dict()), snap.update_time

    @track("write")
    def replace(self, previous: Appointment, appointment: Appointment, version: object) -> None:
        add_cells = [c for c in appointment.cells if c not in previous.cells]
        remove_cells = [c for c in previous.cells if c not in appointment.cells]
        batch = self._client.batch()
        batch.update(
            self._appointments(appointment.business_id).document(appointment.id),
            appointment.model_dump(),
            option=self._client.write_option(last_update_time=version),
        )
        locks = self._locks(appointment.business_id)
        for cell in add_cells:
            batch.create(locks.document(cell), self._lock_data(appointment, cell))
        for cell in remove_cells:
            batch.delete(locks.document(cell))
        self._write_days(batch, appointment, previous)
        write_schedule_row(self._client, batch, appointment, previous)
        try:
            batch.commit()
        except gexc.AlreadyExists as exc:
            raise SlotTaken("That time was just taken.") from exc
        except (gexc.FailedPrecondition, gexc.Aborted) as exc:
            raise Conflict("The appointment changed at the same moment; please try again.") from exc

    def caller_query(self, business_id: str, phone: str, since: dt.datetime | None):
        query = self._appointments(business_id).where(filter=FieldFilter("caller_phone", "==", phone))
        if since is not None:
            query = query.where(filter=FieldFilter("start", ">=", since))
        return query.order_by("start")

    def due_query(self, now: dt.datetime):
        return (self._client.collection_group("appointments")
                .where(filter=FieldFilter("next_reminder_at", "<=", now)).order_by("next_reminder_at"))

    @track("read")
    def due_for_reminders(self, now: dt.datetime, limit: int, after=None) -> list[tuple[Appointment, object, object]]:
        """Appointments across businesses with a reminder due: (appointment, version, snapshot)."""
        query = self.due_query(now)
        if after is not None:
            query = query.start_after(after)
        return [(Appointment.model_validate(s.to_dict()), s.update_time, s) for s in query.limit(limit).stream()]

    @track("write")
    def commit_reminders(self, updates: list[tuple[Appointment, object]], notifications: list[Notification]) -> None:
        """Mark reminders handled (precondition on each appointment) and create their records, atomically."""
        batch = self._client.batch()
        for appointment, version in updates:
            batch.update(self._appointments(appointment.business_id).document(appointment.id),
                         {"reminder_plan": appointment.reminder_plan,
                          "next_reminder_at": appointment.next_reminder_at},
                         option=self._client.write_option(last_update_time=version))
        for record in notifications:
            stored = record.model_dump()
            batch.create(_businesses(self._client).document(record.business_id).collection("notifications")
                         .document(record.id), stored)
            write_message_row(self._client, batch, stored, new=True)
        try:
            batch.commit()
        except (gexc.FailedPrecondition, gexc.Aborted, gexc.AlreadyExists, gexc.NotFound) as exc:
            raise Conflict("Another sweep or a change got there first.") from exc

    @track("read")
    def for_caller(self, business_id: str, phone: str, since: dt.datetime | None) -> list[Appointment]:
        query = self.caller_query(business_id, phone, since).limit(200)
        return [Appointment.model_validate(s.to_dict()) for s in query.stream()]

    def between_query(self, business_id: str, start: dt.datetime, end: dt.datetime):
        return (
            self._appointments(business_id)
            .where(filter=FieldFilter("start", ">=", start))
            .where(filter=FieldFilter("start", "<", end))
            .order_by("start")
        )

    @track("read")
    def between(self, business_id: str, start: dt.datetime, end: dt.datetime) -> list[Appointment]:
        query = self.between_query(business_id, start, end)
        return [Appointment.model_validate(s.to_dict()) for s in query.stream()]


def _utc_days(start: dt.datetime, end: dt.datetime) -> list[str]:
    """UTC dates (YYYY-MM-DD) that [start, end) touches."""
    first = start.astimezone(dt.timezone.utc).date()
    last = (end - dt.timedelta(microseconds=1)).astimezone(dt.timezone.utc).date()
    return [(first + dt.timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def encode_cursor(doc_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": doc_id}).encode()).decode()


def decode_cursor(cursor: str) -> str:
    try:
        doc_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))["after"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor is not valid", {"cursor": "not a cursor this API returned"}) from exc
    if not isinstance(doc_id, str) or not valid_document_id(doc_id):
        raise InvalidInput("cursor is not valid", {"cursor": "not a cursor this API returned"})
    return doc_id


def valid_document_id(doc_id: str) -> bool:
    """Firestore's rules for a document id: anything else makes the client or the server raise."""
    try:
        size = len(doc_id.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate from JSON's \ud800
        return False
    return (0 < size <= 1500 and "/" not in doc_id and doc_id not in (".", "..")
            and not (doc_id.startswith("__") and doc_id.endswith("__")))


def lead_query(collection, filters: LeadFilters):
    """The Firestore query for `filters`, and the filters left to apply in memory.

    Firestore allows one range field per query: a score range sorts by score, otherwise a date
    range sorts by created_at; the other range and every text token after the first are checked
    in memory. Each shape has an index in firestore.indexes.json (tests/integration checks it).
    """
    query = collection
    if filters.stage:
        query = query.where(filter=FieldFilter("stage", "==", filters.stage))
    if filters.service:
        query = query.where(filter=FieldFilter("interest_service", "==", filters.service))
    if filters.text_tokens:
        query = query.where(filter=FieldFilter("search_terms", "array_contains", filters.text_tokens[0]))
    by_score = filters.min_score is not None or filters.max_score is not None
    by_date = not by_score and (filters.since is not None or filters.until is not None)
    if by_score:
        if filters.min_score is not None:
            query = query.where(filter=FieldFilter("score", ">=", filters.min_score))
        if filters.max_score is not None:
            query = query.where(filter=FieldFilter("score", "<=", filters.max_score))
    if by_date:
        if filters.since is not None:
            query = query.where(filter=FieldFilter("created_at", ">=", filters.since))
        if filters.until is not None:
            query = query.where(filter=FieldFilter("created_at", "<", filters.until))
    order_field = "created_at" if by_date else "score"
    query = query.order_by(order_field, direction=firestore.Query.DESCENDING).order_by(
        "__name__", direction=firestore.Query.DESCENDING
    )

    def in_memory(lead: Lead) -> bool:
        if any(token not in lead.search_terms for token in filters.text_tokens[1:]):
            return False
        if by_score and filters.since is not None and lead.created_at < filters.since:
            return False
        if by_score and filters.until is not None and lead.created_at >= filters.until:
            return False
        return True

    return query, in_memory


class FirestoreLeads:
    SCAN_LIMIT = 1000

    def __init__(self, client: firestore.Client):
        self._client = client

    def collection(self, business_id: str):
        return _businesses(self._client).document(business_id).collection("leads")

    @track("read")
    def get(self, business_id: str, lead_id: str) -> Lead | None:
        if not lead_id or "/" in lead_id:
            return None
        snap = self.collection(business_id).document(lead_id).get()
        return Lead.model_validate(snap.to_dict()) if snap.exists else None

    @track("read", "write")
    def upsert(
        self,
        business_id: str,
        lead_id: str,
        mutate: Callable[[Lead | None], tuple[Lead, Interaction | None]],
    ) -> Lead:
        ref = self.collection(business_id).document(lead_id)

        @firestore.transactional
        def run(transaction: firestore.Transaction) -> Lead:
            snap = ref.get(transaction=transaction)
            before = snap.to_dict() if snap.exists else None   # `mutate` may change the lead it is given
            current = Lead.model_validate(before) if before is not None else None
            lead, interaction = mutate(current)
            stored = lead.model_dump()
            transaction.set(ref, stored)
            write_lead_row(self._client, transaction, stored, before)
            if interaction is not None:
                transaction.set(ref.collection("interactions").document(interaction.id),
                                interaction.model_dump())
            return lead

        return run(self._client.transaction())

    def clear_interactions(self, business_id: str, lead_id: str) -> None:
        for snap in self.collection(business_id).document(lead_id).collection("interactions").stream():
            snap.reference.delete()

    @track("read")
    def search(
        self, business_id: str, filters: LeadFilters, limit: int, cursor: str | None
    ) -> tuple[list[Lead], str | None]:
        collection = self.collection(business_id)
        query, keep = lead_query(collection, filters)
        if cursor:
            after = collection.document(decode_cursor(cursor)).get()
            if not after.exists:
                raise InvalidInput("cursor is no longer valid", {"cursor": "start the search again"})
            query = query.start_after(after)
        found: list[Lead] = []
        scanned = 0
        last_id: str | None = None
        page_size = min(max(limit * 2, 20), 200)
        while scanned < self.SCAN_LIMIT:
            snaps = list(query.limit(page_size).stream())
            for snap in snaps:
                scanned += 1
                last_id = snap.id
                lead = Lead.model_validate(snap.to_dict())
                if keep(lead):
                    found.append(lead)
                    if len(found) == limit:
                        return found, encode_cursor(snap.id)
            if len(snaps) < page_size:
                return found, None
            query = query.start_after(snaps[-1])
        return found, encode_cursor(last_id) if last_id else None


_ABSENT = object()


@dataclass(frozen=True)
class _CallVersion:
    """A call document as this process knows it: its update time (the write precondition) and its
    fields, so a turn writes only the fields it changed."""

    update_time: object
    stored: dict


class _LastWritten:
    """The calls this process wrote last, each with the update time of that write (bounded, oldest
    dropped first). Taking an entry removes it, so a turn that fails half-way leaves nothing behind."""

    def __init__(self, size: int):
        self._size = size
        self._entries: OrderedDict[tuple[str, str], _CallVersion] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: tuple[str, str]) -> _CallVersion | None:
        with self._lock:
            return self._entries.pop(key, None)

    def put(self, key: tuple[str, str], version: _CallVersion) -> None:
        with self._lock:
            known = self._entries.get(key)
            if known is not None and known.update_time > version.update_time:
                return
            self._entries[key] = version
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


class FirestoreCalls:
    """Calls, with a read-your-own-writes shortcut: when the turn Twilio posts is the one this
    process's last write of the call expects, the call comes from that write instead of a read.
    Every write has the update time it started from as a precondition, so if anything else wrote
    the call since (another instance, the status callback), the write fails with Conflict and the
    caller reads it again (`get(..., turn=None)`)."""

    def __init__(self, client: firestore.Client, remembered: int = 256):
        self._client = client
        self._written = _LastWritten(remembered)

    def _calls(self, business_id: str):
        return _businesses(self._client).document(business_id).collection("calls")

    def get(self, business_id: str, call_sid: str, turn: int | None = None) -> tuple[Call, _CallVersion] | None:
        """The call and its version; `turn`: the turn being answered, which may come from memory."""
        if turn is not None:
            known = self._written.take((business_id, call_sid))
            if known is not None and known.stored["turn"] == turn:
                return self._versioned(known.update_time, known.stored)
        return self._read(business_id, call_sid)

    def unfinished_query(self, before: dt.datetime, since: dt.datetime):
        """Completed calls that ended between `since` and `before` whose post-call work never finished."""
        return (self._client.collection_group("calls").where(filter=FieldFilter("status", "==", "completed"))
                .where(filter=FieldFilter("post_call_done", "==", False))
                .where(filter=FieldFilter("ended_at", ">=", since)).where(filter=FieldFilter("ended_at", "<", before))
                .order_by("ended_at"))

    @track("read")
    def unfinished(self, before: dt.datetime, since: dt.datetime, limit: int) -> list[tuple[str, str]]:
        """(business_id, call_sid) of completed calls whose post-call work is not done."""
        return [(s.get("business_id"), s.id) for s in self.unfinished_query(before, since).limit(limit).stream()]

    def get_to_answer(self, business_id: str, call_sid: str) -> tuple[Call, _CallVersion] | None:
        """Read the call and remember it, as if this process had written it: the next turn
        (`get(..., turn=call.turn)`) then needs no read (voice_relay, at a session's start)."""
        found = self._read(business_id, call_sid)
        if found is not None:
            self._written.put((business_id, call_sid), found[1])
        return found

    @track("read")
    def _read(self, business_id: str, call_sid: str) -> tuple[Call, _CallVersion] | None:
        if not call_sid or "/" in call_sid:
            return None
        snap = self._calls(business_id).document(call_sid).get()
        if not snap.exists:
            return None
        return self._versioned(snap.update_time, snap.to_dict())

    @staticmethod
    def _versioned(update_time, stored: dict) -> tuple[Call, _CallVersion]:
        call = Call.model_validate(stored)
        # The baseline is a dump of its own: a turn that changes a nested value in place still
        # differs from it.
        return call, _CallVersion(update_time, call.model_dump())

    @track("write")
    def create(self, call: Call) -> object | None:
        """Store a new call; None if it already exists (a repeated first webhook)."""
        fields = call.model_dump()
        batch = self._client.batch()
        batch.create(self._calls(call.business_id).document(call.call_sid), fields)
        write_call_row(self._client, batch, call.business_id, fields, None)
        try:
            result = batch.commit()[0]
        except gexc.AlreadyExists:
            return None
        self._written.put((call.business_id, call.call_sid), _CallVersion(result.update_time, fields))
        return result.update_time

    @track("write")
    def save(self, call: Call, version: _CallVersion, turn: TurnRecord | None = None) -> None:
        """Write it (and the turn's record) if unchanged since `version`, in one commit;
        Conflict if anything else wrote it meanwhile (another delivery of the same turn)."""
        ref = self._calls(call.business_id).document(call.call_sid)
        batch = self._client.batch()
        fields = call.model_dump()
        changed = {k: v for k, v in fields.items() if version.stored.get(k, _ABSENT) != v}
        batch.update(ref, changed or {"updated_at": call.updated_at},
                     option=self._client.write_option(last_update_time=version.update_time))
        if turn is not None:
            batch.set(ref.collection("turns").document(f"{turn.n:04d}"), turn.model_dump())
        write_call_row(self._client, batch, call.business_id, fields, version.stored)
        try:
            results = batch.commit()
        except (gexc.FailedPrecondition, gexc.Aborted, gexc.NotFound) as exc:
            raise Conflict("The call changed meanwhile.") from exc
        self._written.put((call.business_id, call.call_sid), _CallVersion(results[0].update_time, fields))

    @track("write")
    def mark_interrupted(self, business_id: str, call_sid: str, n: int, heard: str) -> None:
        """Turn `n`'s record keeps only what the caller heard before talking over Roxy."""
        turn = self._calls(business_id).document(call_sid).collection("turns").document(f"{n:04d}")
        try:
            turn.update({"roxy": heard, "interrupted": True})
        except gexc.NotFound:
            pass  # the turn was never written (the call ended first): nothing to correct

    @track("read")
    def turns(self, business_id: str, call_sid: str) -> list[TurnRecord]:
        query = self._calls(business_id).document(call_sid).collection("turns").order_by("n")
        return [TurnRecord.model_validate(s.to_dict()) for s in query.stream()]

    @track("read", "write")
    def scrub_caller(self, business_id: str, e164: str, skip_call: str | None = None) -> int:
        """Remove what the caller said and told us from their calls and turn records (forget_me);
        `skip_call`: the call in progress, scrubbed by its own post-call work. Returns the count."""
        scrubbed = 0
        for snap in self._calls(business_id).where(filter=FieldFilter("caller_phone", "==", e164)).stream():
            if snap.id == skip_call:
                continue
            batch = self._client.batch()
            for turn in snap.reference.collection("turns").stream():
                batch.update(turn.reference, {"caller": "[forgotten]", "roxy": "[forgotten]"})
            batch.update(snap.reference, {"transcript": [], "summary": "", "profile": {},
                                          **forgotten((snap.to_dict() or {}).get("state") or {})})
            write_call_row(self._client, batch, business_id, snap.to_dict(), None, scrubbed=True)
            batch.commit()
            scrubbed += 1
        return scrubbed
