"""The task queue, SMS and email in memory, with CloudTasksQueue's, TwilioSms' and the mailers'
semantics (and the loopback sinks' outbox and scripted failures): a task name is taken once, a
task is delivered at least once until it answers 2xx, a provider failure is a ProviderError that
says whether a retry can help."""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from shared.clock import Clock
from shared.errors import ProviderError


@dataclass
class Task:
    name: str
    url: str
    payload: dict
    deliveries: int = 0
    statuses: list[int] = field(default_factory=list)
    done: bool = False


class FakeTaskQueue:
    """Cloud Tasks: `enqueue` keeps the task (a name already taken is refused, as Cloud Tasks
    does for about an hour); `deliver` hands pending tasks to a deliverer, as POSTs would be,
    retrying what does not answer 2xx up to `max_attempts`."""

    def __init__(self, max_attempts: int = 5):
        self.max_attempts = max_attempts
        self.tasks: dict[str, Task] = {}
        self._order: list[str] = []
        self._lock = threading.Lock()

    def enqueue(self, name: str, url: str, payload: dict) -> bool:
        with self._lock:
            if name in self.tasks:
                return False
            self.tasks[name] = Task(name, url, dict(payload))
            self._order.append(name)
            return True

    def resume(self) -> None:
        """Nothing to resume: the fake queue never pauses."""

    def pending(self) -> list[Task]:
        with self._lock:
            return [self.tasks[n] for n in self._order
                    if not self.tasks[n].done and self.tasks[n].deliveries < self.max_attempts]

    def deliver(self, post: Callable[[Task, dict[str, str]], int], times: int = 1) -> int:
        """Deliver every pending task (and those they enqueue) until none is left; each delivery
        `times` times (>1: what at-least-once delivery may do). How many deliveries were made."""
        made = 0
        while batch := self.pending():
            for task in batch:
                for _ in range(times):
                    if task.deliveries >= self.max_attempts:
                        break
                    headers = {"X-CloudTasks-TaskName": task.name, "X-CloudTasks-QueueName": "notifications",
                               "X-CloudTasks-TaskRetryCount": str(task.deliveries),
                               "X-CloudTasks-TaskExecutionCount": str(task.deliveries)}
                    status = post(task, headers)
                    task.deliveries += 1
                    task.statuses.append(status)
                    made += 1
                    if 200 <= status < 300:
                        task.done = True
        return made

    def failed(self) -> list[Task]:
        """Tasks that gave up: every delivery answered something else than 2xx."""
        with self._lock:
            return [t for t in self.tasks.values() if not t.done and t.deliveries >= self.max_attempts]


class _Failures:
    """The sinks' POST /_fail: the next N sends on a channel answer this HTTP status."""

    def __init__(self) -> None:
        self._queued: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def add(self, channel: str, status: int, count: int = 1) -> None:
        with self._lock:
            self._queued.setdefault(channel, []).extend([status] * count)

    def next(self, channel: str) -> int | None:
        with self._lock:
            queued = self._queued.get(channel) or []
            return queued.pop(0) if queued else None


def _valid_number(to: str) -> bool:
    return to.startswith("+") and to[1:].isdigit()


class FakeSms:
    """Twilio's Messages API as TwilioSms sees it; `outbox` in the Twilio sink's shape."""

    def __init__(self, clock: Clock):
        self.clock = clock
        self.outbox: list[dict] = []
        self.failures = _Failures()
        self._lock = threading.Lock()

    def fail_next(self, status: int, count: int = 1, channel: str = "sms") -> None:
        """`channel`: "sms" (sending) or "sms_log" (reading the message log)."""
        self.failures.add(channel, status, count)

    def send(self, to: str, sender: str, body: str, status_callback: str | None) -> str:
        failure = self.failures.next("sms")
        if failure == 400 or not _valid_number(to):
            raise ProviderError(f"Twilio 400 (code 21211): The 'To' number {to} is not a valid phone number.",
                                False)
        if failure:
            raise ProviderError(f"Twilio {failure} (code {20429 if failure == 429 else 20500}): Scripted failure",
                                failure == 429 or failure >= 500)
        message = {"sid": "SM" + secrets.token_hex(16), "to": to, "from": sender, "body": body, "status": "queued",
                   "status_callback": status_callback, "date_sent": self.clock()}
        with self._lock:
            self.outbox.append(message)
        return message["sid"]

    def find_sent(self, to: str, sender: str, body: str, since: dt.datetime) -> str | None:
        failure = self.failures.next("sms_log")
        if failure:
            raise ProviderError(f"Twilio {failure} reading the message log", failure == 429 or failure >= 500)
        with self._lock:
            found = [m for m in self.outbox if m["to"] == to and m["from"] == sender and m["body"] == body
                     and m["date_sent"] >= since and m["status"] not in ("failed", "undelivered", "canceled")]
        return found[-1]["sid"] if found else None


class FakeMailer:
    """An email provider as the mailers see it; `outbox` keeps what was sent."""

    def __init__(self) -> None:
        self.outbox: list[dict] = []
        self.failures = _Failures()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def fail_next(self, status: int, count: int = 1) -> None:
        self.failures.add("email", status, count)

    def send(self, to: str, sender_name: str, subject: str, body: str, ics: str | None,
             tags: dict[str, str]) -> str:
        failure = self.failures.next("email")
        if failure == 400 or "@" not in to:
            raise ProviderError(f"SendGrid 400: {to!r} does not contain a valid address.", False)
        if failure:
            raise ProviderError(f"SendGrid {failure}: Scripted failure", failure == 429 or failure >= 500)
        message = {"message_id": f"fake-{next(self._ids)}", "to": to, "sender_name": sender_name,
                   "subject": subject, "body": body, "ics": ics, "tags": dict(tags)}
        with self._lock:
            self.outbox.append(message)
        return message["message_id"]
