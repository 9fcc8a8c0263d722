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
