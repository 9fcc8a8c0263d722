"""The composition root: `build(settings, clock=None, **overrides)` wires every dependency once,
lazily, on first use. The functions, the CLI, the benches and the tests all go through it; a part
passed as an override (a fake repository, a pinned clock) replaces the real one.

Nothing here runs at import time, and a part is built only when asked for: a function pays only
for the clients it touches (bench/cold_start.py).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from shared.clock import Clock, TickingClock, parse_instant, system_clock
from shared.config import Settings, get_settings


def part(build: Callable[[App], Any]) -> property:
    """A dependency built on first use (or taken from the overrides) and kept for the process."""
    name = build.__name__

    def get(self: App) -> Any:
        if name not in self._parts:
            with self._lock:
                if name not in self._parts:
                    self._parts[name] = self._overrides[name] if name in self._overrides else build(self)
        return self._parts[name]

    get.__doc__ = build.__doc__
    return property(get)


class App:
    def __init__(self, settings: Settings, clock: Clock | None = None, **overrides: Any):
        unknown = sorted(set(overrides) - set(PARTS))
        if unknown:
            raise TypeError(f"unknown parts: {', '.join(unknown)}; known: {', '.join(PARTS)}")
        self.settings = settings
        self.clock: Clock = clock or _clock_of(settings)
        self._overrides = overrides
        self._parts: dict[str, Any] = {}
        self._lock = threading.RLock()

    def enqueue(self, name: str, url: str, payload: dict) -> bool:
        return self.task_queue.enqueue(name, url, payload)

    @part
    def firestore(self):
        from google.cloud import firestore

        google = self.settings.google
        if google.firestore_emulator_host:
            # The client library reads the emulator address only from the environment.
            os.environ.setdefault("FIRESTORE_EMULATOR_HOST", google.firestore_emulator_host)
        return firestore.Client(project=google.google_cloud_project)

    @part
    def businesses(self):
        from shared.adapters.firestore_store import FirestoreBusinesses

        return FirestoreBusinesses(self.firestore)

    @part
    def appointments(self):
        from shared.adapters.firestore_store import FirestoreAppointments

        return FirestoreAppointments(self.firestore)

    @part
    def leads(self):
        from shared.adapters.firestore_store import FirestoreLeads

        return FirestoreLeads(self.firestore)

    @part
    def calls_repository(self):
        from shared.adapters.firestore_store import FirestoreCalls

        return FirestoreCalls(self.firestore)

    @part
    def notifications(self):
        from shared.adapters.firestore_notifications import FirestoreNotifications

        return FirestoreNotifications(self.firestore)

    @part
    def text_quota(self):
        from shared.adapters.firestore_text_quota import FirestoreTextQuota

        return FirestoreTextQuota(self.firestore)

    @part
    def sms_threads(self):
        from shared.adapters.firestore_notifications import FirestoreSmsThreads

        return FirestoreSmsThreads(self.firestore)

    @part
    def waitlist_repository(self):
        from shared.adapters.firestore_waitlist import FirestoreWaitlist

        return FirestoreWaitlist(self.firestore)

    @part
    def memories(self):
        from shared.adapters.firestore_memories import FirestoreMemories

        return FirestoreMemories(self.firestore)

    @part
    def stats(self):
        from shared.adapters.firestore_stats import FirestoreStats

        return FirestoreStats(self.firestore)

    @part
    def task_queue(self):
        from shared.adapters.cloud_tasks import CloudTasksQueue

        google = self.settings.google
        return CloudTasksQueue(google, deadline_seconds=google.tasks_deadline_seconds,
                               pause_seconds=google.tasks_pause_seconds)

    @part
    def directory(self):
        from shared.services.businesses import BusinessDirectory

        runtime = self.settings.runtime
        return BusinessDirectory(self.businesses, runtime.cache_ttl_seconds, runtime.api_key_miss_seconds,
                                 runtime.api_key_failures_per_minute)

    @part
    def calendar(self):
        from shared.services.booking import Calendar

        def changed(business, now, before):
            # Only a business with a connected calendar builds the sync (and its Firestore client).
            if business.calendar is not None or any(m.calendar is not None for m in business.staff):
                self.calendar_sync.appointment_changed(business, now, before)

        return Calendar(self.appointments, self.clock, changed=changed, waitlist=self.waitlist_repository)

    @part
    def calendar_store(self):
        from shared.adapters.firestore_calendar import FirestoreCalendarSync

        return FirestoreCalendarSync(self.firestore)

    @part
    def calendar_providers(self):
        """What builds a connected calendar's API from its refresh token (imports Google's client
        library on first use only)."""
        settings = self.settings.google_calendar

        def build(refresh_token: str):
            from shared.adapters.google_calendar import GoogleCalendar

            return GoogleCalendar(settings, refresh_token)

        return build

    @part
    def calendar_sync(self):
        from shared.adapters.token_cipher import TokenCipher
        from shared.services.calendar_sync import CalendarSync

        settings = self.settings.google_calendar

        def oauth():
            from shared.adapters.google_calendar import GoogleOAuth

            return GoogleOAuth(settings)

        return CalendarSync(
            store=self.calendar_store, appointments=self.appointments, directory=self.directory,
            provider=self.calendar_providers, oauth=oauth, cipher=TokenCipher(settings.token_key),
            clock=self.clock, enqueue=self.enqueue, base_url=self.settings.runtime.public_base_url,
            notifier=lambda: self.notifier, channel_hours=settings.channel_hours, renew_hours=settings.renew_hours,
            sync_minutes=settings.sync_minutes,
        )

    @part
    def crm(self):
        from shared.services.leads import Crm

        return Crm(self.leads, self.clock)

    @part
    def llm_agent_factory(self):
        """What builds the LLM agent, or None when no OpenAI key is set (the offline engine answers)."""
        settings = self.settings.openai
        if not settings.api_key:
            return None
        built: list = []

        def build():
            if not built:
                from shared.agent.llm import LlmAgent

                built.append(LlmAgent(settings))
            return built[0]

        return build

    @part
    def sms(self):
        from shared.adapters.messaging import TwilioSms

        return TwilioSms(self.settings)

    @part
    def mailer(self):
        """SMTP when SMTP_HOST is set, else SendGrid when SENDGRID_API_KEY is set, else None."""
        if self.settings.smtp.host:
            from shared.adapters.messaging import SmtpMailer

            return SmtpMailer(self.settings)
        if self.settings.sendgrid.api_key:
            from shared.adapters.messaging import SendGridMailer

            return SendGridMailer(self.settings)
        return None

    @part
    def notifier(self):
        from shared.services.notifications import Notifier

        return Notifier(repo=self.notifications, crm=self.crm, clock=self.clock,
                        base_url=self.settings.runtime.public_base_url, enqueue=self.enqueue,
                        sms=lambda: self.sms, mailer=lambda: self.mailer, quota=self.text_quota)

    @part
    def waitlist(self):
        from shared.services.waitlist import Waitlist

        return Waitlist(self.waitlist_repository, self.calendar, self.notifier, self.clock)

    @part
    def intent_guess(self):
        """The offline engine's nearest-example intent guess; the model loads on its first guess."""
        from shared.adapters.embedder import MODEL_ID, shared_embedder
        from shared.dialogue.intent_guess import IntentGuess

        return IntentGuess(shared_embedder, MODEL_ID).guess

    @part
    def call_service(self):
        from shared.services.calls import CallService

        return CallService(
            calls=self.calls_repository, calendar=self.calendar, crm=self.crm, clock=self.clock,
            base_url=self.settings.runtime.public_base_url, llm=self.llm_agent_factory,
            enqueue=self.enqueue, notifier=lambda: self.notifier, memory=lambda: self.memory,
            waitlist=lambda: self.waitlist, intent_guess=self.intent_guess,
            url_key=self.settings.twilio.auth_token or "",
            relay_url=self.settings.voice_relay.url or "",
        )

    @part
    def reminders(self):
        from shared.services.reminders import Reminders

        return Reminders(self.appointments, self.directory, self.notifier, self.clock, self.calls_repository,
                         lambda business_id, call_sid: self.call_service.queue_post_call(business_id, call_sid),
                         waitlist=self.waitlist)

    @part
    def sms_replies(self):
        from shared.services.sms_replies import SmsReplies

        return SmsReplies(self.calendar, self.crm, self.notifier, self.sms_threads, self.clock, self.directory,
                          waitlist=self.waitlist)

    @part
    def semantic_memory_factory(self):
        """What builds the Mem0 client of `MEMORY_BACKEND`, or None for Firestore only. Building it
        imports mem0 (about a second): MemoryService does that on first use, off the caller's turn."""
        settings = self.settings
        backend = settings.memory_backend
        if backend == "mem0_platform":
            from shared.adapters import mem0_store

            return lambda: mem0_store.platform(settings.mem0.api_key, settings.mem0.host, settings.mem0.infer)
        if backend == "mem0_local":
            from shared.adapters import mem0_store

            return lambda: mem0_store.local(settings.mem0.dir, settings.openai.api_key, settings.openai.base_url,
                                            settings.openai.model, settings.mem0.infer)
        return None

    @part
    def embedder(self):
        if not self.settings.memory.embeddings:
            return None
        from shared.adapters.embedder import shared_embedder

        return shared_embedder

    @part
    def memory(self):
        from shared.services.memory import MemoryService

        settings = self.settings
        return MemoryService(
            store=self.memories, crm=self.crm, calendar=self.calendar, clock=self.clock,
            calls=self.calls_repository, semantic=self.semantic_memory_factory,
            semantic_name=settings.memory_backend, embedder=self.embedder, enqueue=self.enqueue,
            base_url=settings.runtime.public_base_url,
            recall_budget_ms=settings.memory.recall_budget_ms, write_budget_ms=settings.memory.write_budget_ms,
            retry_after_seconds=settings.memory.retry_after_seconds,
        )

    @part
    def id_tokens(self):
        from shared.adapters.firebase_auth import FirebaseTokens

        return FirebaseTokens(self.settings.google.google_cloud_project,
                              self.settings.console.firebase_auth_emulator_host,
                              production=self.settings.runtime.environment == "production")

    @part
    def member_store(self):
        from shared.adapters.firestore_console import FirestoreMembers

        return FirestoreMembers(self.firestore)

    @part
    def summary_targets(self):
        from shared.adapters.firestore_console import FirestoreSummaryTargets

        return FirestoreSummaryTargets(self.firestore)

    @part
    def members(self):
        from shared.services.members import Members

        return Members(self.member_store, self.clock, self.settings.console.console_member_cache_seconds)

    @part
    def audit_store(self):
        from shared.adapters.firestore_console import FirestoreAudit

        return FirestoreAudit(self.firestore)

    @part
    def audit(self):
        from shared.services.audit import AuditLog

        return AuditLog(self.audit_store, self.clock)

    @part
    def api_keys(self):
        from shared.adapters.firestore_console import FirestoreApiKeys
        from shared.services.api_keys import ApiKeys

        return ApiKeys(FirestoreApiKeys(self.firestore), self.clock, self.directory.forget_key)

    @part
    def daily_summaries(self):
        from shared.services.daily_summary import DailySummaries

        return DailySummaries(self.summary_targets, self.member_store,
                              lambda: self.console_reads, self.stats, self.notifier, self.clock,
                              self.settings.console.console_url)

    @part
    def console_reads(self):
        from shared.adapters.firestore_console import FirestoreConsoleReads

        return FirestoreConsoleReads(self.firestore)


PARTS = tuple(name for name, value in vars(App).items() if isinstance(value, property))


def _clock_of(settings: Settings) -> Clock:
    """The system clock, or where VOICEHIVE_CLOCK_START pins it (checked by Settings: never in
    production, only with the emulators) a clock that starts there and ticks."""
    start = settings.runtime.voicehive_clock_start
    return TickingClock(parse_instant(start)) if start else system_clock


def build(settings: Settings | None = None, clock: Clock | None = None, **overrides: Any) -> App:
    return App(settings or get_settings(), clock, **overrides)


_current: list[App] = []
_current_lock = threading.Lock()


def get_app() -> App:
    """The process's App, built from the environment's settings on first use."""
    if not _current:
        with _current_lock:
            if not _current:
                _current.append(build())
    return _current[0]


def set_app(app: App | None) -> None:
    """Use `app` for this process from now on (the local server and in-process tests); None forgets it."""
    with _current_lock:
        _current.clear()
        if app is not None:
            _current.append(app)
