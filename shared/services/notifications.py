"""Notifications that are never lost and never doubled.

A notification is a Firestore record with a deterministic id (the event it is about) plus one
Cloud Task named after it. Creating the same record twice is refused by the store, enqueuing the
same task twice is harmless. The dispatcher claims the record with a precondition before it calls
the provider, so a task delivered several times, even at once, sends once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from shared.domain import messages
from shared.domain.appointments import Appointment
from shared.domain.business import Business
from shared.domain.notifications import RANK, SENDGRID_EVENT, TWILIO_STATUS, Notification, advance, task_name
from shared.domain.phone import phone_key, redact_phone, region_of
from shared.errors import Conflict, NotFound, ProviderError
from shared.ports import Clock, Mailer, NotificationRepository, SmsSender, TextQuota

if TYPE_CHECKING:
    from shared.services.leads import Crm

log = logging.getLogger(__name__)
INVITE_KINDS = ("confirmation", "reschedule", "cancellation")
SEEN_EVENTS = 50
# A delivery that claimed a notification and stopped (a crash, the 60 s timeout) is taken over
# after this; until then another delivery of the task is asked to retry later. The reminders
# sweep queues such records again, so one whose task is gone is not stuck in `sending`.
CLAIM_LEASE = dt.timedelta(minutes=2)
# An email taken over is sent again only once SendGrid has had this long to report it `processed`
# (its event moves the record to `sent`): no event by then means it never accepted the email.
EMAIL_EVENTS_WAIT = dt.timedelta(minutes=15)


class NotSentAgain(ProviderError):
    """An interrupted send that cannot be checked: it ends failed rather than risk a duplicate."""

    def __init__(self, message: str):
        super().__init__(message, retryable=False)


@dataclass
class Notifier:
    repo: NotificationRepository
    crm: Crm
    clock: Clock
    base_url: str
    enqueue: Callable[[str, str, dict], bool]
    sms: Callable[[], SmsSender]              # built on first use (the Twilio client is a slow import)
    mailer: Callable[[], Mailer | None]       # None: no email provider configured
    quota: TextQuota | None = None            # daily allowances of texts to unverified numbers

    # --- creating -------------------------------------------------------------------------

    def for_appointment(self, business: Business, appointment: Appointment, kind: str, key: str,
                        channels: tuple[str, ...] = ("sms", "email"), now: dt.datetime | None = None
                        ) -> list[Notification]:
        """The records for one appointment event, one per channel the caller can get."""
        now = now or self.clock()
        context = messages.appointment_context(business, appointment, now)
        records = []
        for channel, to in (("sms", appointment.caller_phone), ("email", appointment.caller.email)):
            if not to or channel not in channels:
                continue
            verified = channel != "sms" or appointment.caller.verified
            said = context if verified else {**context, "name": "there"}  # no caller-chosen words
            subject, body = messages.render(business, kind, channel, said)
            ics = None
            if channel == "email" and kind in INVITE_KINDS:
                ics = messages.calendar_invite(business, appointment, now, cancel=kind == "cancellation")
            record = Notification(id=f"{kind}-{appointment.id}-{key}-{channel}", business_id=business.id,
                                  kind=kind, channel=channel, to=to, subject=subject, body=body, ics=ics,
                                  appointment_id=appointment.id, lead_phone=appointment.caller_phone,
                                  verified=verified, created_at=now, updated_at=now)
            self.limit_unverified(business, record)
            records.append(record)
        return records

    def sms_allowed(self, business: Business, phone: str) -> bool:
        """Consent is checked when sending, so a STOP after queuing is respected too."""
        try:
            lead = self.crm.get_by_phone(business, phone)
        except Exception:  # an unparseable number has no lead; the provider will refuse it
            return True
        return not (lead is not None and lead.consent.sms is False)

    def appointment_event(self, business: Business, appointment: Appointment, kind: str,
                          key: str | None = None, channels: tuple[str, ...] = ("sms", "email")
                          ) -> list[Notification]:
        """Notify the caller of a booking, move or cancellation (or a re-send, with its own key)."""
        key = key or {"confirmation": "0", "reschedule": str(len(appointment.history)),
                      "cancellation": "x"}.get(kind, "0")
        records = self.for_appointment(business, appointment, kind, key, channels)
        created = [record for record in records if self.repo.create(record)]  # every record first
        for record in created:
            if record.status == "queued":  # not one skipped by the allowances for unverified numbers
                self.queue(record.business_id, record.id)
        return records

    def message(self, business: Business, kind: str, channel: str, to: str, note: str, key: str,
                headline: str = "", name: str = "", lead_phone: str | None = None,
                verified: bool = True) -> Notification:
        """A free-form notification (staff alert, follow-up, missed call, reply). `verified`: False
        when `to` is a number a caller said, not one the phone network vouched for; `note` is then
        ours alone, and the caller's name is left out."""
        now = self.clock()
        if channel == "sms" and not verified:
            name = ""
        subject, body = messages.render(business, kind, channel, {"note": note, "headline": headline or note[:60],
                                                                  "name": name or "there"})
        record = Notification(id=f"{kind}-{key}-{channel}", business_id=business.id, kind=kind, channel=channel,
                              to=to, subject=subject, body=body, lead_phone=lead_phone,
                              verified=channel != "sms" or verified, created_at=now, updated_at=now)
        self.limit_unverified(business, record)
        self.submit(record)
        return record

    def staff_alert(self, business: Business, note: str, key: str) -> list[Notification]:
        sent = []
        if business.transfer_number:
            sent.append(self.message(business, "staff_alert", "sms", business.transfer_number, note, key))
        if business.notify_email:
            sent.append(self.message(business, "staff_alert", "email", business.notify_email, note, key))
        return sent

    def limit_unverified(self, business: Business, record: Notification) -> None:
        """A text to a number nobody verified goes only to the business's countries and within the
        daily allowances (per number, per business); otherwise the record is kept, skipped, with why."""
        if record.channel != "sms" or record.verified or record.status != "queued":
            return
        countries = business.text_countries()
        why = None
        if region_of(record.to) not in countries:
            why = f"texts to numbers nobody verified go only to {', '.join(countries)}"
        elif self.quota is not None:
            day = record.created_at.astimezone(business.zone).date().isoformat()
            used = self.quota.take(business.id, day, record.id, phone_key(record.to),
                                   business.unverified_texts_per_number, business.unverified_texts_per_day)
            if used:
                why = f"the daily allowance of texts to unverified numbers ({used}) is used"
        if why:
            advance(record, "skipped", record.created_at, why)
            record.error = why
            log.warning("notification %s to %s not sent: %s", record.id, redact_phone(record.to), why)

    def submit(self, record: Notification) -> bool:
        """Store the record (once) and queue its task; True if the record is new."""
        created = self.repo.create(record)
        if record.status == "queued":
            self.queue(record.business_id, record.id)
        return created

    def resend(self, business: Business, notification_id: str) -> Notification:
        """A new copy of a sent (or failed) notification, queued. Its id carries the minute, so a
        double click sends one copy; the copy's record keeps the original's id for the trail."""
        found = self.repo.get(business.id, notification_id)
        if found is None:
            raise NotFound("No such message.")
        original, _ = found
        now = self.clock()
        base = original.id.split("-resent-")[0]
        copy = original.model_copy(update={
            "id": f"{base}-resent-{now:%Y%m%d%H%M}", "status": "queued", "history": [], "attempts": 0,
            "provider_id": None, "error": None, "seen_events": [], "created_at": now, "updated_at": now})
        self.submit(copy)
        return copy

    def queue(self, business_id: str, notification_id: str) -> bool:
        """Queue the record's task, best-effort: a failure leaves the record for the reminders sweep."""
        try:
            self.enqueue(task_name(business_id, notification_id), f"{self.base_url.rstrip('/')}/notifications_dispatch",
                         {"business_id": business_id, "notification_id": notification_id})
            return True
        except ProviderError as exc:
            log.warning("could not queue notification %s: %s", notification_id, exc.message)
        except Exception:
            log.exception("could not queue notification %s", notification_id)
        return False

    # --- sending ----------------------------------------------------------------------------

    def dispatch(self, business: Business, notification_id: str) -> dict:
        """Send once. ProviderError(retryable) propagates so Cloud Tasks retries."""
        found = self.repo.get(business.id, notification_id)
        if found is None:
            return {"status": "unknown"}
        record, version = found
        now = self.clock()
        claimed = record.updated_at if record.status == "sending" else None
        if claimed and now - claimed < CLAIM_LEASE:
            raise ProviderError("Another delivery of this task is sending it; retry later.", retryable=True)
        if record.status not in ("queued", "sending"):
            return self._repeat(record)
        if record.channel == "sms" and record.kind != "staff_alert" and not self.sms_allowed(business, record.to):
            advance(record, "skipped", now, "the recipient opted out of texts (STOP)")
            self.repo.save(record, version)
            return {"status": "skipped"}
        record.status = "sending"
        record.attempts += 1
        record.updated_at = now
        try:
            self.repo.save(record, version)  # the claim: only one delivery of the task gets past here
        except Conflict:
            return self._repeat(record)
        try:
            record.provider_id = (self._already_sent(business, record, claimed) if claimed else None) \
                or self._send(business, record)
        except NotSentAgain as exc:
            advance(record, "failed", self.clock(), exc.message)
            self._finish(record)
            log.warning("notification %s: %s", record.id, exc.message)
            return {"status": "failed", "error": exc.message}
        except ProviderError as exc:
            record.error = exc.message
            if exc.retryable:
                if claimed:  # a taken-over send stays taken over: the retry looks in Twilio's log again
                    record.updated_at = claimed
                else:
                    record.status = "queued"  # release the claim for the retry
                self._finish(record)
                raise
            advance(record, "failed", self.clock(), exc.message)
            self._finish(record)
            log.warning("notification %s failed for good: %s", record.id, exc.message)
            return {"status": "failed", "error": exc.message}
        except Exception as exc:  # not a provider's answer (a header the mail library refuses, a bug)
            reason = f"{type(exc).__name__}: {exc}"[:300]
            record.error = reason
            advance(record, "failed", self.clock(), reason)
            self._finish(record)
            log.exception("notification %s failed for good", record.id)
            return {"status": "failed", "error": reason}
        record.error = None
        advance(record, "sent", self.clock(), record.provider_id or "")
        self._finish(record)
        return {"status": "sent", "provider_id": record.provider_id}

    @staticmethod
    def _repeat(record: Notification) -> dict:
        """What another delivery of a task already handled answers: it did nothing itself."""
        return {"status": "repeat", "notification_status": record.status, "repeat": True}

    def _finish(self, record: Notification) -> None:
        """Write the outcome of a send. A status callback or event may have moved the record forward
        meanwhile (the provider reports within milliseconds): its status is kept, ours is merged in."""
        ours = record.model_copy(deep=True)
        for _ in range(5):
            found = self.repo.get(record.business_id, record.id)
            if found is None:
                return
            stored, version = found
            if RANK.get(stored.status, -1) > RANK.get(ours.status, -1) and stored.status != "sending":
                merged = stored
                merged.provider_id = merged.provider_id or ours.provider_id
                merged.attempts = max(merged.attempts, ours.attempts)
                merged.history = sorted(ours.history + [h for h in stored.history if h not in ours.history],
                                        key=lambda h: h.at)
            else:
                merged = ours
            try:
                self.repo.save(merged, version)
                return
            except Conflict:
                continue
        self.repo.save(ours, None)

    def _already_sent(self, business: Business, record: Notification, claimed: dt.datetime) -> str | None:
        """A taken-over text may have reached Twilio before the delivery that claimed it stopped:
        found in Twilio's message log (the same text to the same number since the claim), it is not
        sent again. An email is not looked up but waited for: SendGrid reports every email it
        accepted (`processed`, which moves the record to `sent`), so one still `sending` after
        EMAIL_EVENTS_WAIT was never accepted and is sent again. SMTP reports nothing: such an email
        ends `failed`, with the reason, rather than arrive twice."""
        if record.channel == "email":
            mailer = self.mailer()
            if mailer is None or not getattr(mailer, "reports_events", False):
                raise NotSentAgain("The send was interrupted after it was handed to the SMTP server, which "
                                   "cannot be asked whether it went: not sent again, so it cannot arrive twice.")
            if self.clock() - claimed < EMAIL_EVENTS_WAIT:
                raise ProviderError("An interrupted email: waiting for SendGrid's processed event.", retryable=True)
            return None
        if record.channel != "sms":
            return None
        try:
            sid = self.sms().find_sent(record.to, business.phone_numbers[0], record.body, claimed)
        except ProviderError as exc:
            if exc.retryable:
                raise
            # The log cannot be read (a key without that permission): sending twice beats never
            log.warning("notification %s: Twilio's message log is unreadable (%s); sending it", record.id,
                        exc.message)
            return None
        if sid:
            log.warning("notification %s was already accepted by Twilio as %s; not sent again", record.id, sid)
        return sid

    def _send(self, business: Business, record: Notification) -> str:
        if record.channel == "sms":
            callback = (f"{self.base_url.rstrip('/')}/messaging_status?"
                        + urlencode({"b": business.id, "n": record.id}))
            log.info("sms %s to %s", record.id, redact_phone(record.to))
            return self.sms().send(record.to, business.phone_numbers[0], record.body, callback)
        mailer = self.mailer()
        if mailer is None:
            raise ProviderError("Email is not configured (SENDGRID_API_KEY or SMTP_HOST).", retryable=False)
        return mailer.send(record.to, business.name, record.subject, record.body, record.ics,
                           {"business_id": business.id, "notification_id": record.id})

    # --- delivery tracking ------------------------------------------------------------------

    def _update(self, business_id: str, notification_id: str, change: Callable[[Notification], bool]) -> bool:
        for _ in range(5):
            found = self.repo.get(business_id, notification_id)
            if found is None:
                return False
            record, version = found
            if not change(record):
                return False
            try:
                self.repo.save(record, version)
                return True
            except Conflict:
                continue
        raise ProviderError("The notification kept changing; retry.", retryable=True)

    def sms_status(self, business_id: str, notification_id: str, message_sid: str, status: str,
                   error_code: str = "") -> bool:
        ours = TWILIO_STATUS.get(status)
        if ours is None:
            return False

        def change(record: Notification) -> bool:
            if record.provider_id and message_sid and record.provider_id != message_sid:
                return False
            detail = f"twilio {status}" + (f" error {error_code}" if error_code else "")
            return advance(record, ours, self.clock(), detail)

        return self._update(business_id, notification_id, change)

    def email_events(self, events: list[dict]) -> int:
        applied = 0
        for event in events:
            if not isinstance(event, dict):
                continue
            business_id, notification_id = event.get("business_id"), event.get("notification_id")
            ours = SENDGRID_EVENT.get(str(event.get("event")))
            event_id = str(event.get("sg_event_id") or "")
            if not (isinstance(business_id, str) and isinstance(notification_id, str) and ours and event_id):
                continue

            def change(record: Notification, event=event, ours=ours, event_id=event_id) -> bool:
                if event_id in record.seen_events:
                    return False
                record.seen_events = (record.seen_events + [event_id])[-SEEN_EVENTS:]
                advance(record, ours, self.clock(), f"sendgrid {event.get('event')} {event.get('reason', '')}")
                return True

            applied += self._update(business_id, notification_id, change)
        return applied
