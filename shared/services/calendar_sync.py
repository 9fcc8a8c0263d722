"""Two-way sync with connected calendars (Google today; the provider is a port).

Outside → VoiceHive: a push on the calendar's channel (or the sweep) runs an incremental sync with
the stored sync token; the busy time lands in Firestore beside the bookings (availability stays a
local read). A 410 on the token runs a full sync. VoiceHive → outside: every booking, move and
cancellation queues a `calendar_push` task that makes the appointment's event (id derived from the
appointment's) match the appointment, so a repeat changes nothing. docs/calendar-sync.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from shared.domain import availability as av
from shared.domain.appointments import Appointment
from shared.domain.business import BUSINESS_ID, Business, ConnectedCalendar, StaffMember
from shared.domain.calendar_sync import (
    CalendarConnection,
    ExternalEvent,
    event_id_for,
    event_key,
    resource_of,
    staff_of,
)
from shared.errors import Forbidden, InvalidInput, NotFound, ProviderError, SyncTokenExpired
from shared.ports import AppointmentRepository, CalendarProvider, CalendarSyncStore, OAuth, TokenCipher
from shared.services.businesses import BusinessDirectory

log = logging.getLogger(__name__)
STATE_TTL = dt.timedelta(minutes=30)
FULL_SYNC_EVERY = dt.timedelta(hours=24)


@dataclass
class CalendarSync:
    store: CalendarSyncStore
    appointments: AppointmentRepository
    directory: BusinessDirectory
    provider: Callable[[str], CalendarProvider]     # refresh token -> the provider's API
    oauth: Callable[[], OAuth]
    cipher: TokenCipher
    clock: Callable[[], dt.datetime]
    enqueue: Callable[[str, str, dict], bool]
    base_url: str
    notifier: Callable[[], object]
    channel_hours: int = 168
    renew_hours: int = 24
    sync_minutes: int = 15

    # --- connecting -----------------------------------------------------------------------

    def _resource(self, business: Business, staff: str | None) -> tuple[str, StaffMember | None]:
        if not staff:
            if business.staff:
                raise InvalidInput("This business has a team: connect each person's calendar (--staff).",
                                   {"staff": "one of: " + ", ".join(m.id for m in business.staff)})
            return resource_of(""), None
        member = business.find_staff(staff)
        if member is None:
            raise InvalidInput(f"No staff member '{staff}'.", {"staff": "one of: " + ", ".join(m.id for m in
                                                                                          business.staff)})
        return resource_of(member.id), member

    def authorization_url(self, business: Business, staff: str | None, calendar_id: str) -> str:
        """Where the calendar's owner grants access; Google then sends the code to the redirect URI."""
        resource, _ = self._resource(business, staff)
        expires = int((self.clock() + STATE_TTL).timestamp())
        payload = "\n".join((business.id, resource, calendar_id, str(expires)))
        state = base64.urlsafe_b64encode(f"{payload}\n{self.cipher.sign(payload)}".encode()).decode()
        return self.oauth().authorization_url(state)

    def complete(self, state: str, code: str) -> CalendarConnection:
        """The redirect from Google: check the state we signed, then connect."""
        try:
            business_id, resource, calendar_id, expires, signature = (
                base64.urlsafe_b64decode(state.encode()).decode().split("\n"))
        except (ValueError, UnicodeDecodeError):
            raise Forbidden("The authorization state is not one we issued.") from None
        payload = "\n".join((business_id, resource, calendar_id, expires))
        if not self.cipher.verify(payload, signature) or int(expires) < self.clock().timestamp():
            raise Forbidden("The authorization state is not valid (or has expired): start again.")
        business = self.directory.get(business_id)
        return self.connect(business, staff_of(resource) or None, calendar_id, code)

    def connect(self, business: Business, staff: str | None, calendar_id: str, code: str) -> CalendarConnection:
        """Exchange the code for a refresh token (stored encrypted), note the calendar in the config,
        open a push channel and sync it in full."""
        resource, member = self._resource(business, staff)
        refresh_token = self.oauth().exchange(code)
        now = self.clock()
        connection = CalendarConnection(business_id=business.id, resource=resource, calendar_id=calendar_id,
                                        refresh_token_encrypted=self.cipher.encrypt(refresh_token), connected_at=now)
        previous = self.store.connection(business.id, resource)
        self.store.save_connection(connection)
        if previous is not None and previous.channel_id and previous.channel_resource_id:
            self._stop_quietly(previous)
        self._note_in_config(business, member, calendar_id)
        business = self.directory.get(business.id)
        self.renew_channel(business, connection)
        self.sync(business, resource, full=True)
        return self.store.connection(business.id, resource)

    def _note_in_config(self, business: Business, member: StaffMember | None, calendar_id: str) -> None:
        linked = ConnectedCalendar(calendar_id=calendar_id)
        updated = business.model_copy(deep=True)
        if member is None:
            updated.calendar = linked
        else:
            next(m for m in updated.staff if m.id == member.id).calendar = linked
        self.directory.register(updated)

    # --- push channels ----------------------------------------------------------------------

    def _api(self, connection: CalendarConnection) -> CalendarProvider:
        return self.provider(self.cipher.decrypt(connection.refresh_token_encrypted))

    def _channel_token(self, connection: CalendarConnection, channel_id: str) -> str:
        payload = f"{connection.business_id}/{connection.resource}/{channel_id}"
        return f"{connection.business_id}/{connection.resource}/{self.cipher.sign(payload)}"

    def renew_channel(self, business: Business, connection: CalendarConnection) -> None:
        """Open a new push channel, then stop the old one (no gap in between)."""
        channel_id = "vh-" + secrets.token_hex(16)
        wanted = self.clock() + dt.timedelta(hours=self.channel_hours)
        resource_id, expires = self._api(connection).watch(
            connection.calendar_id, channel_id, f"{self.base_url.rstrip('/')}/calendar_webhook",
            self._channel_token(connection, channel_id), wanted)
        self.store.update_connection(business.id, connection.resource, {
            "channel_id": channel_id, "channel_resource_id": resource_id, "channel_expires_at": expires})
        if connection.channel_id and connection.channel_resource_id:
            self._stop_quietly(connection)

    def _stop_quietly(self, connection: CalendarConnection) -> None:
        try:
            self._api(connection).stop(connection.channel_id, connection.channel_resource_id)
        except ProviderError as exc:  # it expires by itself; its pushes no longer match
            log.warning("could not stop channel %s: %s", connection.channel_id, exc.message)

    def on_push(self, channel_id: str, token: str, state: str) -> dict:
        """A push notification: a channel and token we issued for the current channel → sync."""
        business_id, _, rest = token.partition("/")
        resource, _, signature = rest.partition("/")
        ours = re.match(BUSINESS_ID, business_id) and re.match(r"^[a-z0-9_][a-z0-9-]{0,39}$", resource)
        connection = self.store.connection(business_id, resource) if ours else None
        if connection is None or not self.cipher.verify(f"{business_id}/{resource}/{channel_id}", signature):
            raise Forbidden("Unknown channel or wrong channel token.")
        if connection.channel_id != channel_id:
            return {"ignored": "an old channel"}
        if state == "sync":
            return {"ignored": "channel opened"}
        return self.sync(self.directory.get(business_id), resource)

    # --- Google → VoiceHive ----------------------------------------------------------------

    def window(self, business: Business) -> av.Interval:
        """The time availability can ask about: yesterday to past the last bookable day."""
        now = self.clock()
        last = av.local_today(business, now) + dt.timedelta(days=business.max_days_ahead + 2)
        return av.Interval(now - dt.timedelta(days=1), av.local_midnight(business, last))

    def sync(self, business: Business, resource: str, full: bool = False) -> dict:
        """Read what changed (everything when `full` or the token expired) and store the busy time."""
        connection = self.store.connection(business.id, resource)
        if connection is None:
            raise NotFound("No calendar is connected there.")
        api = self._api(connection)
        token = None if full else connection.sync_token
        try:
            events, next_token = api.changes(connection.calendar_id, token, business.zone)
        except SyncTokenExpired:
            log.info("sync token of %s/%s expired: full sync", business.id, resource)
            token = None
            events, next_token = api.changes(connection.calendar_id, None, business.zone)
        except ProviderError as exc:
            if not exc.retryable:
                self.store.update_connection(business.id, resource, {"status": "error", "error": exc.message})
            raise
        applied = self.store.apply(business.id, resource, events, self.window(business), full=token is None)
        now = self.clock()
        fields = {"sync_token": next_token, "last_sync_at": now, "status": "connected", "error": ""}
        if token is None:
            fields["last_full_sync_at"] = now
        self.store.update_connection(business.id, resource, fields)
        for event, appointment_id in applied.conflicts:
            self._alert_conflict(business, resource, event, appointment_id)
        return {"full": token is None, "events": len(events), "changed": applied.changed,
                "removed": applied.removed, "conflicts": len(applied.conflicts), "round_trips": api.round_trips}

    def _alert_conflict(self, business: Business, resource: str, event: ExternalEvent, appointment_id: str) -> None:
        found = self.appointments.get(business.id, appointment_id)
        if found is None:
            return
        appointment = found[0]
        zone = business.zone
        member = business.find_staff(staff_of(resource)) if staff_of(resource) else None
        note = (f"Calendar clash{' for ' + member.name if member else ''}: '{event.summary or 'busy'}' "
                f"{event.start.astimezone(zone):%a %d %b %H:%M}-{event.end.astimezone(zone):%H:%M} in Google "
                f"overlaps the {appointment.service} booked for {appointment.caller.name} "
                f"({appointment.caller_phone}) at {appointment.start.astimezone(zone):%a %d %b %H:%M}. "
                "Please move one of them.")
        key = re.sub(r"[^A-Za-z0-9_-]", "_", f"clash-{appointment_id}-{event_key(resource, event.id)}")
        notifier = self.notifier()
        if member is not None and member.phone:
            notifier.message(business, "staff_alert", "sms", member.phone, note, key)
        notifier.staff_alert(business, note, key)

    # --- VoiceHive → Google ----------------------------------------------------------------

    def appointment_changed(self, business: Business, appointment: Appointment, previous: Appointment | None) -> None:
        """After a booking, move or cancellation: queue the push to the connected calendar(s)."""
        before = previous.staff_id if previous is not None else appointment.staff_id
        if not (_linked(business, appointment.staff_id) or _linked(business, before)):
            return
        stamp = appointment.updated_at.strftime("%Y%m%dT%H%M%S%f")
        name = re.sub(r"[^A-Za-z0-9_-]", "_", f"calpush--{business.id}--{appointment.id}--{stamp}")[:500]
        payload = {"business_id": business.id, "appointment_id": appointment.id}
        if before != appointment.staff_id:
            payload["previous_staff"] = before
        try:
            self.enqueue(name, f"{self.base_url.rstrip('/')}/calendar_push", payload)
        except ProviderError as exc:  # the booking stands; the sweep's full sync does not repair this
            log.error("could not queue the calendar push of %s: %s", appointment.id, exc.message)

    def push(self, business: Business, appointment_id: str, previous_staff: str | None = None) -> dict:
        """Make the appointment's event in its person's calendar what the appointment is now. A
        retryable failure (429, 5xx) propagates so Cloud Tasks retries; a lasting one (access
        revoked) marks the connection and stops."""
        try:
            return self._push(business, appointment_id, previous_staff)
        except ProviderError as exc:
            if exc.retryable:
                raise
            log.error("calendar push of %s failed for good: %s", appointment_id, exc.message)
            return {"done": True, "failed": exc.message}

    def _push(self, business: Business, appointment_id: str, previous_staff: str | None) -> dict:
        found = self.appointments.get(business.id, appointment_id)
        if found is None:
            return {"done": True, "skipped": "no such appointment"}
        appointment = found[0]
        event_id = event_id_for(appointment.id)
        done = {}
        if previous_staff is not None and previous_staff != appointment.staff_id:
            old = self.store.connection(business.id, resource_of(previous_staff))
            if old is not None:
                self._api(old).remove_event(old.calendar_id, event_id)
                done["removed_from"] = old.resource
        connection = self.store.connection(business.id, resource_of(appointment.staff_id))
        if connection is None or connection.status == "error":
            return {"done": True, **done, "skipped": "no connected calendar"}
        api = self._api(connection)
        if appointment.is_active:
            api.put_event(connection.calendar_id, event_id, business, appointment)
            done["put"] = connection.resource
        else:
            api.remove_event(connection.calendar_id, event_id)
            done["removed"] = connection.resource
        return {"done": True, "event_id": event_id, **done}

    # --- the sweep ---------------------------------------------------------------------------

    def maintain(self, now: dt.datetime | None = None) -> dict:
        """Renew channels before they expire; sync what no push has synced lately (a missed
        push); a full sync once a day (the window moves on)."""
        now = now or self.clock()
        stats = {"calendars": 0, "channels_renewed": 0, "synced": 0, "failed": 0}
        for connection in self.store.connections():
            stats["calendars"] += 1
            try:
                business = self.directory.get(connection.business_id)
                if connection.channel_expires_at is None or \
                        connection.channel_expires_at - now < dt.timedelta(hours=self.renew_hours):
                    self.renew_channel(business, connection)
                    stats["channels_renewed"] += 1
                full = connection.last_full_sync_at is None or now - connection.last_full_sync_at > FULL_SYNC_EVERY
                stale = connection.last_sync_at is None or \
                    now - connection.last_sync_at >= dt.timedelta(minutes=self.sync_minutes)
                if full or stale:
                    self.sync(business, connection.resource, full=full)
                    stats["synced"] += 1
            except (ProviderError, NotFound) as exc:
                stats["failed"] += 1
                log.warning("calendar %s/%s: %s", connection.business_id, connection.resource, exc)
        return stats


def _linked(business: Business, staff_id: str) -> bool:
    if not staff_id:
        return business.calendar is not None
    member = business.find_staff(staff_id)
    return member is not None and member.calendar is not None
