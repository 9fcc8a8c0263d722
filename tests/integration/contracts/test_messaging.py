"""The contract of TaskQueue, SmsSender and Mailer: the fakes against CloudTasksQueue on the Cloud
Tasks emulator and TwilioSms / SendGridMailer on the loopback sinks (the real SDKs, real wire)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from shared.errors import ProviderError
from tests.factories import MONDAY_9AM_NY, fixed_clock
from tests.fakes import FakeMailer, FakeSms, FakeTaskQueue

LONG_AGO = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
FAR_AHEAD = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


def _sink(stack, method: str, path: str, body=None):
    request = urllib.request.Request(f"{stack.sinks_url}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def _settings(stack):
    from shared.config import Settings

    return Settings(env=stack.env())


@pytest.fixture(params=["fake", "twilio"])
def sms(request):
    if request.param == "fake":
        fake = FakeSms(fixed_clock(MONDAY_9AM_NY))
        return SimpleNamespace(sender=fake, fail=fake.fail_next, outbox=lambda: fake.outbox)
    from shared.adapters.messaging import TwilioSms

    stack = request.getfixturevalue("stack")
    _sink(stack, "DELETE", "/_outbox")
    return SimpleNamespace(sender=TwilioSms(_settings(stack)),
                           fail=lambda status, count=1, channel="sms": _sink(
                               stack, "POST", "/_fail", {"channel": channel, "status": status, "count": count}),
                           outbox=lambda: _sink(stack, "GET", "/_outbox")["sms"])


def test_a_text_is_sent_once_and_found_in_the_log(sms):
    sid = sms.sender.send("+12125550101", "+12125550100", "See you at 10", None)
    assert sid.startswith("SM")
    [sent] = sms.outbox()
    assert (sent["sid"], sent["to"], sent["from"], sent["body"]) == (sid, "+12125550101", "+12125550100",
                                                                     "See you at 10")
    assert sms.sender.find_sent("+12125550101", "+12125550100", "See you at 10", LONG_AGO) == sid
    assert sms.sender.find_sent("+12125550101", "+12125550100", "Another text", LONG_AGO) is None
    assert sms.sender.find_sent("+12125550102", "+12125550100", "See you at 10", LONG_AGO) is None
    assert sms.sender.find_sent("+12125550101", "+12125550100", "See you at 10", FAR_AHEAD) is None


def test_a_bad_number_is_not_retried_and_a_provider_outage_is(sms):
    with pytest.raises(ProviderError) as bad:
        sms.sender.send("12345", "+12125550100", "Hi", None)
    assert bad.value.retryable is False and "21211" in bad.value.message
    for status in (500, 429):
        sms.fail(status)
        with pytest.raises(ProviderError) as outage:
            sms.sender.send("+12125550101", "+12125550100", "Hi", None)
        assert outage.value.retryable is True
    sms.fail(500, channel="sms_log")
    with pytest.raises(ProviderError) as log_down:
        sms.sender.find_sent("+12125550101", "+12125550100", "Hi", LONG_AGO)
    assert log_down.value.retryable is True
    assert sms.outbox() == []
    assert sms.sender.send("+12125550101", "+12125550100", "Hi", None).startswith("SM")


def _sendgrid_view(mail: dict) -> dict:
    attachments = mail.get("attachments") or []
    return {"to": mail["personalizations"][0]["to"][0]["email"], "sender_name": mail["from"].get("name"),
            "subject": mail["subject"], "body": mail["content"][0]["value"],
            "ics": base64.b64decode(attachments[0]["content"]).decode() if attachments else None,
            "tags": mail.get("custom_args") or {}}


def _fake_view(mail: dict) -> dict:
    return {k: mail[k] for k in ("to", "sender_name", "subject", "body", "ics", "tags")}


@pytest.fixture(params=["fake", "sendgrid"])
def mail(request):
    if request.param == "fake":
        fake = FakeMailer()
        return SimpleNamespace(mailer=fake, fail=fake.fail_next, outbox=lambda: [_fake_view(m) for m in fake.outbox])
    from shared.adapters.messaging import SendGridMailer

    stack = request.getfixturevalue("stack")
    _sink(stack, "DELETE", "/_outbox")
    _sink(stack, "POST", "/_callbacks", {"enabled": False})
    request.addfinalizer(lambda: _sink(stack, "POST", "/_callbacks", {"enabled": True}))
    return SimpleNamespace(mailer=SendGridMailer(_settings(stack)),
                           fail=lambda status, count=1: _sink(stack, "POST", "/_fail",
                                                              {"channel": "email", "status": status, "count": count}),
                           outbox=lambda: [_sendgrid_view(m) for m in _sink(stack, "GET", "/_outbox")["email"]])


def test_an_email_is_sent_with_its_invite_and_tags(mail):
    ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    message_id = mail.mailer.send("ann@example.com", "Bella Hair Studio", "Your booking", "See you at 10", ics,
                                  {"business_id": "b1", "notification_id": "n1"})
    assert message_id
    assert mail.outbox() == [{"to": "ann@example.com", "sender_name": "Bella Hair Studio", "subject": "Your booking",
                              "body": "See you at 10", "ics": ics,
                              "tags": {"business_id": "b1", "notification_id": "n1"}}]


def test_a_bad_address_is_not_retried_and_an_outage_is(mail):
    with pytest.raises(ProviderError) as bad:
        mail.mailer.send("not-an-address", "Bella", "Hi", "Hi", None, {})
    assert bad.value.retryable is False
    mail.fail(500)
    with pytest.raises(ProviderError) as outage:
        mail.mailer.send("ann@example.com", "Bella", "Hi", "Hi", None, {})
    assert outage.value.retryable is True
    assert mail.outbox() == []


class _Target:
    """An HTTP endpoint a task is delivered to: answers 503 to the first delivery, then 200."""

    def __init__(self) -> None:
        self.seen: list[dict] = []
        target = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                target.seen.append({"body": body, "headers": {k.lower(): v for k, v in self.headers.items()}})
                self.send_response(503 if len(target.seen) == 1 else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/post_call"

    def post(self, task, headers: dict[str, str]) -> int:
        request = urllib.request.Request(task.url, data=json.dumps(task.payload).encode(), method="POST",
                                         headers={"Content-Type": "application/json", **headers})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture(params=["fake", "cloud_tasks"])
def queue(request):
    target = _Target()
    # Closed, not only stopped: a stopped server's socket still accepts, and the emulator's next
    # delivery to it would hang its dispatcher (every later test's tasks waited behind it).
    request.addfinalizer(lambda: (target.server.shutdown(), target.server.server_close()))
    if request.param == "fake":
        fake = FakeTaskQueue()
        return SimpleNamespace(kind="fake", queue=fake, target=target, run=lambda: fake.deliver(target.post))
    from shared.adapters.cloud_tasks import CloudTasksQueue

    stack = request.getfixturevalue("stack")
    return SimpleNamespace(kind="cloud_tasks", queue=CloudTasksQueue(_settings(stack).google), target=target,
                           run=lambda: None)


def test_a_task_is_posted_as_json_and_posted_again_until_it_answers_2xx(queue):
    name = f"contract-{queue.kind}-task"
    assert queue.queue.enqueue(name, queue.target.url, {"business_id": "b1", "call_sid": "CA1"}) is True
    queue.run()
    deadline = time.monotonic() + 15
    while len(queue.target.seen) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    first, second = queue.target.seen[:2]
    for delivery in (first, second):
        assert json.loads(delivery["body"]) == {"business_id": "b1", "call_sid": "CA1"}
        assert delivery["headers"]["content-type"] == "application/json"
        assert delivery["headers"]["x-cloudtasks-taskname"] == name
    assert first["headers"]["x-cloudtasks-taskretrycount"] == "0"
    assert second["headers"]["x-cloudtasks-taskretrycount"] == "1"
    # A repeated enqueue of the same name is harmless (Cloud Tasks refuses it, the emulator does not
    # enforce it: FACTS.md); what matters is that it does not raise.
    if queue.queue.enqueue(name, queue.target.url, {"business_id": "b1", "call_sid": "CA1"}):
        queue.run()   # taken again: it is delivered (200) before the target goes, so nothing is left queued
        deadline = time.monotonic() + 15
        while len(queue.target.seen) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(queue.target.seen) == 3


def test_the_fake_refuses_a_task_name_already_taken_as_cloud_tasks_does():
    fake = FakeTaskQueue()
    assert fake.enqueue("postcall-CA1", "http://x/post_call", {}) is True
    assert fake.enqueue("postcall-CA1", "http://x/post_call", {"other": 1}) is False
    assert [t.payload for t in fake.pending()] == [{}]
