"""In-memory implementations of the ports in shared/ports.py, for fast in-process tests.

Each keeps the semantics of its real adapter (shared/adapters), and tests/integration/contracts
runs the same assertions against both: a fake that drifts fails there.
"""

from tests.fakes.appointments import FakeAppointments, FakeBusinesses
from tests.fakes.calendar import FakeCalendarSync
from tests.fakes.console import FakeAudit, FakeMembers, FakeSummaryTargets
from tests.fakes.documents import Documents
from tests.fakes.memories import FakeMemories, FakeStats
from tests.fakes.messaging import FakeMailer, FakeSms, FakeTaskQueue, Task
from tests.fakes.records import FakeCalls, FakeLeads, FakeNotifications, FakeSmsThreads, FakeTextQuota
from tests.fakes.waitlist import FakeWaitlist

__all__ = ["Documents", "FakeAppointments", "FakeAudit", "FakeBusinesses", "FakeCalendarSync", "FakeCalls", "FakeLeads",
           "FakeMailer", "FakeMembers", "FakeMemories", "FakeNotifications", "FakeSms", "FakeSmsThreads", "FakeStats",
           "FakeTaskQueue", "FakeSummaryTargets", "FakeTextQuota", "FakeWaitlist", "Task", "fake_parts"]


def fake_parts(docs: Documents, clock) -> dict:
    """Every part of shared.app.App that reaches outside the process, as a fake over `docs`."""
    return {"businesses": FakeBusinesses(docs), "appointments": FakeAppointments(docs), "leads": FakeLeads(docs),
            "calls_repository": FakeCalls(docs), "notifications": FakeNotifications(docs),
            "sms_threads": FakeSmsThreads(docs), "memories": FakeMemories(docs), "stats": FakeStats(docs),
            "waitlist_repository": FakeWaitlist(docs),
            "text_quota": FakeTextQuota(docs),
            "task_queue": FakeTaskQueue(), "sms": FakeSms(clock), "mailer": FakeMailer(),
            "calendar_store": FakeCalendarSync(docs), "member_store": FakeMembers(docs), "audit_store": FakeAudit(docs),
            "summary_targets": FakeSummaryTargets(docs)}
