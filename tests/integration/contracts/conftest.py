"""Each contract test runs twice: against the in-memory fake (tests/fakes) and against the real
adapter on the emulators. The same assertions hold for both, or the fake has drifted."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.fakes import (
    Documents,
    FakeAppointments,
    FakeBusinesses,
    FakeCalendarSync,
    FakeCalls,
    FakeLeads,
    FakeMemories,
    FakeNotifications,
    FakeSmsThreads,
    FakeStats,
)


@pytest.fixture(params=["fake", "firestore"])
def store(request):
    """The repositories, and `raw(path)`: a stored document as a dict (None if absent)."""
    if request.param == "fake":
        docs = Documents()

        def raw(path: str):
            found = docs.get(path)
            return found[0] if found else None

        return SimpleNamespace(kind="fake", businesses=FakeBusinesses(docs), appointments=FakeAppointments(docs),
                               leads=FakeLeads(docs), calls=FakeCalls(docs), notifications=FakeNotifications(docs),
                               sms_threads=FakeSmsThreads(docs), memories=FakeMemories(docs), stats=FakeStats(docs),
                               calendar=FakeCalendarSync(docs), raw=raw)
    from shared.adapters.firestore_calendar import FirestoreCalendarSync
    from shared.adapters.firestore_memories import FirestoreMemories
    from shared.adapters.firestore_store import (
        FirestoreAppointments,
        FirestoreBusinesses,
        FirestoreCalls,
        FirestoreLeads,
        FirestoreNotifications,
        FirestoreSmsThreads,
        FirestoreStats,
    )

    client = request.getfixturevalue("firestore_client")

    def raw(path: str):
        snap = client.document(path).get()
        return snap.to_dict() if snap.exists else None

    return SimpleNamespace(kind="firestore", businesses=FirestoreBusinesses(client),
                           appointments=FirestoreAppointments(client), leads=FirestoreLeads(client),
                           calls=FirestoreCalls(client), notifications=FirestoreNotifications(client),
                           sms_threads=FirestoreSmsThreads(client), memories=FirestoreMemories(client),
                           stats=FirestoreStats(client), calendar=FirestoreCalendarSync(client), raw=raw)
