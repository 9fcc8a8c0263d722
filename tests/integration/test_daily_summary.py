"""The owners' daily summary: sent once its local time has passed, to each owner, through the
notification path (the SendGrid sink receives it), never twice."""

import datetime as dt
import time

import requests

from shared.domain.calls import Call
from tests.console_support import business_with_owner


def test_the_daily_summary_goes_to_the_owners_once(console, stack, clean_firestore):
    from shared.app import get_app
    from shared.local import auth_users

    auth_users.reset(console["FIREBASE_AUTH_EMULATOR_HOST"], stack.project)
    requests.delete(f"{stack.sinks_url}/_outbox", timeout=5)
    owner, _ = business_with_owner(console, stack, daily_summary_at="08:00")
    business = owner.business
    zone = business.zone
    today = dt.date(2030, 4, 10)
    yesterday = today - dt.timedelta(days=1)
    repository = get_app().calls_repository
    for n, outcomes in enumerate([["book_appointment"], ["message"], ["transfer_unanswered"], []]):
        at = dt.datetime.combine(yesterday, dt.time(10 + n), tzinfo=zone)
        repository.create(Call(call_sid=f"CA{n:032d}", business_id=business.id, caller_phone=f"+1212555017{n}",
                               dialled=business.phone_numbers[0], started_at=at, updated_at=at, outcomes=outcomes))
    summaries = get_app().daily_summaries

    assert summaries.sweep(dt.datetime.combine(today, dt.time(7, 55), tzinfo=zone)) == 0   # not yet
    assert summaries.sweep(dt.datetime.combine(today, dt.time(8, 5), tzinfo=zone)) == 1
    assert summaries.sweep(dt.datetime.combine(today, dt.time(8, 10), tzinfo=zone)) == 0   # never twice

    (record,) = get_app().notifier.repo.list(business.id, kind="daily_summary")[0]
    assert record.to == owner.email and record.channel == "email"
    assert record.subject == f"{business.name}: 4 calls, 0 bookings on Tuesday 9 April"
    assert "Callbacks owed: 2." in record.body and "Missed calls (a transfer nobody answered): 1." in record.body
    assert f"/b/{business.id}/calls/CA{1:032d}" in record.body   # a link into the console

    # Its task reaches notifications_dispatch, which sends it once. Delivered here as Cloud Tasks
    # would (the emulator's queue, one task at a time, may still be busy with other tests' retries),
    # twice: the queue's own delivery may run at the same moment, and whichever comes second is told
    # to retry (503) or finds it sent. The sink gets one mail whatever the order.
    for _ in range(2):
        delivered = deliver_as_cloud_tasks(f"http://127.0.0.1:{stack.functions_port}/notifications_dispatch",
                                           {"business_id": business.id, "notification_id": record.id})
        assert delivered.status_code == 200, delivered.text
    deadline, mails = time.monotonic() + 15, []
    while time.monotonic() < deadline and not mails:
        mails = requests.get(f"{stack.sinks_url}/_outbox", timeout=5).json()["email"]
        time.sleep(0.3)
    (mail,) = mails
    assert mail["personalizations"][0]["to"][0]["email"] == owner.email and mail["subject"] == record.subject


def deliver_as_cloud_tasks(url: str, body: dict, within: float = 30.0) -> requests.Response:
    """POST as a Cloud Tasks delivery does: a 503 (another delivery holds the task) is retried."""
    deadline = time.monotonic() + within
    while True:
        response = requests.post(url, timeout=30, json=body)
        if response.status_code != 503 or time.monotonic() > deadline:
            return response
        time.sleep(0.5)
