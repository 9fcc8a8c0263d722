"""Builds each dependency once per process, on first use, from Settings.

Nothing here runs at import time: a function pays only for the clients it touches.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache

from shared.config import get_settings


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@lru_cache(maxsize=1)
def firestore_client():
    from google.cloud import firestore

    settings = get_settings()
    if settings.google.firestore_emulator_host:
        # The client library reads the emulator address only from the environment.
        os.environ.setdefault("FIRESTORE_EMULATOR_HOST", settings.google.firestore_emulator_host)
    return firestore.Client(project=settings.google.google_cloud_project)


@lru_cache(maxsize=1)
def directory():
    from shared.adapters.firestore_store import FirestoreBusinesses
    from shared.services.businesses import BusinessDirectory

    return BusinessDirectory(FirestoreBusinesses(firestore_client()),
                             get_settings().runtime.cache_ttl_seconds)


@lru_cache(maxsize=1)
def calendar():
    from shared.adapters.firestore_store import FirestoreAppointments
    from shared.services.booking import Calendar

    return Calendar(FirestoreAppointments(firestore_client()), utc_now)


@lru_cache(maxsize=1)
def crm():
    from shared.adapters.firestore_store import FirestoreLeads
    from shared.services.leads import Crm

    return Crm(FirestoreLeads(firestore_client()), utc_now)


@lru_cache(maxsize=1)
def calls_repository():
    from shared.adapters.firestore_store import FirestoreCalls

    return FirestoreCalls(firestore_client())


@lru_cache(maxsize=1)
def task_queue():
    from shared.adapters.cloud_tasks import CloudTasksQueue

    return CloudTasksQueue(get_settings().google)


@lru_cache(maxsize=1)
def llm_agent_factory():
    """None when no OpenAI key is set: the offline engine answers every turn."""
    settings = get_settings().openai
    if not settings.api_key:
        return None

    @lru_cache(maxsize=1)
    def build():
        from shared.agent.llm import LlmAgent

        return LlmAgent(settings)

    return build


@lru_cache(maxsize=1)
def call_service():
    from shared.services.calls import CallService

    settings = get_settings()
    return CallService(
        calls=calls_repository(), calendar=calendar(), crm=crm(), clock=utc_now,
        base_url=settings.runtime.public_base_url, llm=llm_agent_factory(),
        enqueue=lambda name, url, payload: task_queue().enqueue(name, url, payload),
        notifier=notifier, memory=memory,
    )


@lru_cache(maxsize=1)
def sms():
    from shared.adapters.messaging import TwilioSms

    return TwilioSms(get_settings())


@lru_cache(maxsize=1)
def mailer():
    """SMTP when SMTP_HOST is set, else SendGrid when SENDGRID_API_KEY is set, else None."""
    settings = get_settings()
    if settings.smtp.host:
        from shared.adapters.messaging import SmtpMailer

        return SmtpMailer(settings)
    if settings.sendgrid.api_key:
        from shared.adapters.messaging import SendGridMailer

        return SendGridMailer(settings)
    return None


@lru_cache(maxsize=1)
def notifier():
    from shared.adapters.firestore_store import FirestoreNotifications
    from shared.services.notifications import Notifier

    return Notifier(repo=FirestoreNotifications(firestore_client()), crm=crm(), clock=utc_now,
                    base_url=get_settings().runtime.public_base_url,
                    enqueue=lambda name, url, payload: task_queue().enqueue(name, url, payload),
                    sms=sms, mailer=mailer)


@lru_cache(maxsize=1)
def reminders():
    from shared.adapters.firestore_store import FirestoreAppointments
    from shared.services.reminders import Reminders

    return Reminders(FirestoreAppointments(firestore_client()), directory(), notifier(), utc_now)


@lru_cache(maxsize=1)
def sms_replies():
    from shared.adapters.firestore_store import FirestoreSmsThreads
    from shared.services.sms_replies import SmsReplies

    return SmsReplies(calendar(), crm(), notifier(), FirestoreSmsThreads(firestore_client()), utc_now)


def semantic_memory_factory():
    """What builds the Mem0 client of `MEMORY_BACKEND`, or None for Firestore only. Building it
    imports mem0 (about a second): MemoryService does that on first use, off the caller's turn."""
    settings = get_settings()
    backend = settings.memory_backend
    if backend == "mem0_platform":
        from shared.adapters import mem0_store

        return lambda: mem0_store.platform(settings.mem0.api_key, settings.mem0.host, settings.mem0.infer)
    if backend == "mem0_local":
        from shared.adapters import mem0_store

        return lambda: mem0_store.local(settings.mem0.dir, settings.openai.api_key, settings.openai.base_url,
                                        settings.openai.model, settings.mem0.infer)
    return None


@lru_cache(maxsize=1)
def memory():
    from shared.adapters.firestore_memories import FirestoreMemories
    from shared.services.memory import MemoryService

    settings = get_settings()
    embedder = None
    if settings.memory.embeddings:
        from shared.adapters.embedder import shared_embedder

        embedder = shared_embedder
    return MemoryService(
        store=FirestoreMemories(firestore_client()), crm=crm(), calendar=calendar(), clock=utc_now,
        calls=calls_repository(),
        semantic=semantic_memory_factory(), semantic_name=settings.memory_backend, embedder=embedder,
        enqueue=lambda name, url, payload: task_queue().enqueue(name, url, payload),
        base_url=settings.runtime.public_base_url,
        recall_budget_ms=settings.memory.recall_budget_ms, write_budget_ms=settings.memory.write_budget_ms,
        retry_after_seconds=settings.memory.retry_after_seconds,
    )
