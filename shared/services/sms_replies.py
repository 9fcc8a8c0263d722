"""Two-way SMS: what a caller texts back to Roxy's confirmations and reminders.

    C / YES / Y / CONFIRM     confirms the next appointment (or, after X, confirms the cancellation)
    X / CANCEL                asks "Reply YES to cancel ..." and cancels on YES (the slot is freed, a
                              cancellation notice goes out)
    R / RESCHEDULE            asks the team to call back (staff alert) and says so
    "I need to cancel ..." /  a request in words is taken as X / R
    "can I move it?"
    STOP / START              texting consent (Twilio also enforces STOP at the carrier); while opted
                              out, nothing but START is answered
    "when is my appointment?" the next appointment
    anything else             filed on the caller's lead, and the team is alerted

Each MessageSid is answered once: a retried webhook gets the same reply and no second effect.

No reply loops: a text from a number one of our businesses answers (another Roxy's auto-reply)
gets no answer and no alert, and "anything else" gets at most one auto-reply per number per
TEXT_WINDOW (an auto-responder on the other side stops after one exchange). Staff alerts for such
texts are batched: the first of a window alerts at once, the rest are held on the thread and the
reminders sweep sends them in one alert when the window ends.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.dialogue import speech
from shared.dialogue.nlu import CANCEL, CANCEL_QUESTION, MY_BOOKINGS, RESCHEDULE
from shared.domain.business import Business
from shared.domain.phone import normalize_phone, phone_key, redact_phone
from shared.errors import Conflict, DomainError, NotFound
from shared.ports import Clock, SmsThreadRepository
from shared.services.leads import record_cancellation

if TYPE_CHECKING:
    from shared.services.booking import Calendar
    from shared.services.businesses import BusinessDirectory
    from shared.services.leads import Crm
    from shared.services.notifications import Notifier

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "OPTOUT"}
START_WORDS = {"START", "UNSTOP", "SUBSCRIBE", "YES START"}
CONFIRM_WORDS = {"C", "YES", "Y", "CONFIRM", "CONFIRMED", "OK", "OKAY", "YEP", "YEAH", "SURE"}
CANCEL_WORDS = {"X", "CANCEL", "CANCELLED"}
NO_WORDS = {"NO", "N", "NOPE", "KEEP"}
RESCHEDULE_WORDS = {"R", "RESCHEDULE", "MOVE", "CHANGE"}
PENDING_MINUTES = 60
ANSWERED_KEPT = 20
TEXT_WINDOW = dt.timedelta(minutes=30)
HELD_KEPT = 20
log = logging.getLogger(__name__)


@dataclass
class SmsReplies:
    calendar: Calendar
    crm: Crm
    notifier: Notifier
    threads: SmsThreadRepository
    clock: Clock
    directory: BusinessDirectory | None = None  # which numbers are ours

    def handle(self, business: Business, sender: str, body: str, message_sid: str) -> str:
        try:
            phone = normalize_phone(sender, business.country)
        except ValueError:
            return ""
        if self.directory is not None and self.directory.for_number(phone) is not None:
            log.warning("text from %s, a number we answer: not answered (no reply loops)", redact_phone(phone))
            return ""
        key = phone_key(phone)
        for _ in range(3):
            thread, version = self.threads.get(business.id, key)
            for answered in thread.get("answered", []):
                if message_sid and answered["sid"] == message_sid:
                    return answered["reply"]
            now = self.clock()
            reply = self._reply(business, phone, body, message_sid, thread, now)
            thread["answered"] = (thread.get("answered", []) + [{"sid": message_sid, "reply": reply}])[-ANSWERED_KEPT:]
            try:
                self.threads.save(business.id, key, thread, version)
                return reply
            except Conflict:
                continue  # two texts at once from the same phone: read again and answer in order
        return reply

    def _next_appointment(self, business: Business, phone: str):
        upcoming = [a for a in self.calendar.for_caller(business, phone) if a.is_active]
        return upcoming[0] if upcoming else None

    def _when(self, business: Business, appointment, now: dt.datetime) -> str:
        return speech.when(appointment.start.astimezone(business.zone), now.astimezone(business.zone))

    def _reply(self, business: Business, phone: str, body: str, sid: str, thread: dict, now: dt.datetime) -> str:
        text = re.sub(r"[^A-Z ]", "", body.upper()).strip()
        word = text.split()[0] if text.split() else ""
        pending = thread.get("pending")
        if pending and dt.datetime.fromisoformat(pending["expires_at"]) < now:
            pending = thread["pending"] = None

        if word in STOP_WORDS:
            self.crm.capture(business, phone=phone, sms_consent=False, source="sms", kind="reply",
                             interaction_id=f"sms-{sid}", notes="Texted STOP")
            thread["pending"] = None
            return ""  # Twilio sends the carrier's opt-out confirmation
        if text in START_WORDS or word == "START" or word == "UNSTOP":
            self.crm.capture(business, phone=phone, sms_consent=True, source="sms", kind="reply",
                             interaction_id=f"sms-{sid}")
            return f"You're subscribed to texts from {business.name} again. Reply STOP to opt out."
        lead = self.crm.get_by_phone(business, phone)
        reply = self._answer(business, phone, body, sid, thread, now, word, pending)
        # Opted out: what they asked for is done, but no text goes back (Twilio would refuse it).
        return "" if lead is not None and lead.consent.sms is False else reply

    def _answer(self, business: Business, phone: str, body: str, sid: str, thread: dict, now: dt.datetime,
                word: str, pending: dict | None) -> str:
        said = body.lower()
        if word not in CONFIRM_WORDS | CANCEL_WORDS | RESCHEDULE_WORDS or len(said.split()) > 2:
            # "Hi, I need to cancel tomorrow, sorry!" / "no wait, can I move it to Friday?": as X / R
            if RESCHEDULE.search(said):
                word, pending = "R", None
                thread["pending"] = None
            elif CANCEL.search(said) and not CANCEL_QUESTION.search(said) and word not in CONFIRM_WORDS:
                word = "X"
        if pending and pending["action"] == "cancel" and word in CONFIRM_WORDS:
            thread["pending"] = None
            return self._cancel(business, phone, pending["appointment_id"], now)
        if pending and word in NO_WORDS:
            thread["pending"] = None
            return "Okay, your appointment stays as it is. See you then!"

        appointment = self._next_appointment(business, phone)
        if word in CONFIRM_WORDS:
            if appointment is None:
                return ("We couldn't find an upcoming appointment for this number. "
                        f"Call us at {business.phone_numbers[0]}.")
            self.calendar.confirm(business, appointment.id, phone)
            return f"Thanks, you're confirmed for your {appointment.service} {self._when(business, appointment, now)}."
        if word in CANCEL_WORDS:
            if appointment is None:
                return "We couldn't find an upcoming appointment for this number to cancel."
            thread["pending"] = {"action": "cancel", "appointment_id": appointment.id,
                                 "expires_at": (now + dt.timedelta(minutes=PENDING_MINUTES)).isoformat()}
            return (f"Reply YES to cancel your {appointment.service} {self._when(business, appointment, now)}, "
                    "or NO to keep it.")
        if MY_BOOKINGS.search(body.lower()):
            if appointment is None:
                return ("We couldn't find an upcoming appointment for this number. "
                        f"Call us at {business.phone_numbers[0]}.")
            return (f"Your next appointment: {appointment.service} {self._when(business, appointment, now)}. "
                    "Reply C to confirm, X to cancel or R to reschedule.")
        if word in RESCHEDULE_WORDS:
            self.crm.capture(business, phone=phone, source="sms", kind="reply", interaction_id=f"sms-{sid}",
                             notes="Asked by text to reschedule")
            what = f" their {appointment.service} {self._when(business, appointment, now)}" if appointment else ""
            self.notifier.staff_alert(business, f"{phone} asked by text to reschedule{what}. Please call them.",
                                      f"resched-{sid}")
            return (f"No problem! Someone from {business.name} will call you to find a new time, or call us at "
                    f"{business.phone_numbers[0]}.")
        self.crm.capture(business, phone=phone, source="sms", kind="reply", interaction_id=f"sms-{sid}",
                         notes=f"Texted: {body.strip()[:500]}")
        self._alert_text(business, phone, body.strip()[:300], sid, thread, now)
        replied = thread.get("auto_replied_at")
        if replied is not None and now - replied < TEXT_WINDOW:
            return ""  # one auto-reply a window: an auto-responder answering us gets no second one
        thread["auto_replied_at"] = now
        return f"Thanks for your message! We've passed it on to the team at {business.name}."

    def _alert_text(self, business: Business, phone: str, text: str, sid: str, thread: dict, now: dt.datetime
                    ) -> None:
        """The first text of a window alerts the team at once; later ones wait for the window's digest."""
        alerted = thread.get("alerted_at")
        if alerted is None or now - alerted >= TEXT_WINDOW:
            thread["alerted_at"] = now
            self.notifier.staff_alert(business, f"Text from {phone}: {text}", f"text-{sid}")
            return
        thread["held"] = (thread.get("held") or [])[-(HELD_KEPT - 1):] + [text]
        thread["digest_due_at"] = alerted + TEXT_WINDOW
        thread["business_id"], thread["phone"] = business.id, phone

    def send_digests(self, now: dt.datetime, limit: int = 200) -> int:
        """One staff alert per thread whose window has ended with texts held back (reminders sweep)."""
        sent = 0
        for business_id, key in self.threads.due_digests(now, limit):
            thread, version = self.threads.get(business_id, key)
            held, due = thread.get("held") or [], thread.get("digest_due_at")
            if due is None or due > now:
                continue
            if held:
                try:
                    business = self.directory.get(business_id)
                except NotFound:
                    business = None
                if business is not None:
                    self.notifier.staff_alert(
                        business, f"{len(held)} more texts from {thread['phone']}: " + " / ".join(held)[:1200],
                        f"texts-{key}-{int(due.timestamp())}")
                    sent += 1
            thread.update(held=[], digest_due_at=None, alerted_at=now if held else thread.get("alerted_at"))
            try:
                self.threads.save(business_id, key, thread, version)
            except Conflict:
                pass  # a text arrived meanwhile: the next sweep sends what it held (the alert's id is the same)
        return sent

    def _cancel(self, business: Business, phone: str, appointment_id: str, now: dt.datetime) -> str:
        try:
            cancelled = self.calendar.cancel(business, appointment_id, phone, "cancelled by text", source="sms")
        except DomainError as error:
            return f"We couldn't cancel that: {error.message}"
        self.notifier.appointment_event(business, cancelled, "cancellation")
        record_cancellation(self.crm, self.calendar, business, cancelled, "sms")
        return (f"Done, your {cancelled.service} {self._when(business, cancelled, now)} is cancelled. "
                f"Text R or call {business.phone_numbers[0]} to book again.")
