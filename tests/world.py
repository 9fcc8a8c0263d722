"""An in-process world for conversation tests: the real functions (functions/main.py, served by
shared/local/serve.py's WSGI app) over the composition root built with fakes (tests/fakes) and a
ticking clock, called through werkzeug's test client with requests signed as Twilio signs them.

Queued tasks (post-call work, notifications, memory replays) are delivered to the same app after
each request, as Cloud Tasks would POST them: at least once, again while they do not answer 2xx;
then each text sent gets Twilio's signed status callbacks (sent, delivered).
What the fakes hold reads as Firestore's documents (`stored`, `doc`), what was sent as the
sinks' outboxes (`texts`, `emails`).

"Now" is the suite's instant (tests/clock.py: TEST_NOW when set, else a Monday morning in New York);
a test states its own with `@pytest.mark.now("2026-12-05T22:50:00-05:00")` or `world.set_now(...)`.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from functools import cache
from typing import Any

from shared.clock import TickingClock, parse_instant
from shared.config import LOCAL_TWILIO_AUTH_TOKEN, Settings
from shared.domain.business import Business
from shared.local.phone import SimulatedCall
from tests.clock import test_start
from tests.factories import every_day, make_business
from tests.fakes import Documents, Task, fake_parts
from tests.fakes.documents import business_path

BASE_URL = "http://voicehive.test"


@cache
def functions_app():
    """The WSGI app of every function, built once per process (the functions read the App that
    `set_app` installed on each request)."""
    from shared.local.serve import build_app

    return build_app()


class World:
    def __init__(self, now: dt.datetime | None = None, deliveries: int = 1):
        from werkzeug.test import Client

        from shared.app import build, set_app

        self.clock = TickingClock(now or test_start())
        self.docs = Documents()
        self.parts = fake_parts(self.docs, self.clock)
        self.settings = Settings(env={
            "ENVIRONMENT": "development", "PUBLIC_BASE_URL": BASE_URL, "GOOGLE_CLOUD_PROJECT": "demo-inprocess",
            "MEMORY_BACKEND": "firestore", "MEMORY_EMBEDDINGS": "false", "LOG_LEVEL": "WARNING"})
        self.app = build(self.settings, clock=self.clock, **self.parts)
        self.deliveries = deliveries
        self._called_back = 0  # texts whose status callbacks were posted
        set_app(self.app)
        self.client = Client(functions_app())

    def close(self) -> None:
        from shared.app import set_app

        set_app(None)

    # --- time ------------------------------------------------------------------------------

    @property
    def now(self) -> dt.datetime:
        return self.clock()

    def set_now(self, instant: str | dt.datetime) -> None:
        self.clock.set(parse_instant(instant) if isinstance(instant, str) else instant)

    def today(self, business: Business) -> dt.date:
        return self.now.astimezone(business.zone).date()

    def day(self, business: Business, days_ahead: int) -> dt.date:
        return self.today(business) + dt.timedelta(days=days_ahead)

    def at(self, business: Business, day: dt.date, hhmm: str) -> dt.datetime:
        return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=business.zone)

    # --- businesses and calls ----------------------------------------------------------------

    def register(self, key: str | None = None, **overrides: Any) -> Business:
        defaults = dict(timezone="America/New_York", hours=every_day(), min_notice_minutes=60)
        business = make_business(**{**defaults, **overrides})
        self.app.directory.register(business, key)
        return business

    def http(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
        """POST to a function as Twilio or a tool client would; then the queued tasks run."""
        response = self.client.post(url, data=body, headers=headers)
        answer = response.status_code, response.get_data(as_text=True)
        self.run_tasks()
        return answer

    def post_json(self, url: str, payload: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        status, text = self.http(url, raw, {"Content-Type": "application/json", **(headers or {})})
        return status, json.loads(text) if text else None

    def ring(self, business: Business, caller: str = "+12125550111", to: str | None = None,
             auth_token: str = LOCAL_TWILIO_AUTH_TOKEN) -> SimulatedCall:
        return SimulatedCall(BASE_URL, auth_token, to or business.phone_numbers[0], caller,
                             call_sid="CA" + secrets.token_hex(16), transport=self.http)

    def converse(self, business: Business, lines: list[str], caller: str = "+12125550161") -> list[str]:
        """A whole call: the greeting, one answer per line, then the hang-up."""
        call = self.ring(business, caller)
        said = [call.start().text]
        for line in lines:
            said.append(call.say(line).text)
        call.hangup()
        return said

    # --- tasks ------------------------------------------------------------------------------

    @property
    def tasks(self):
        return self.parts["task_queue"]

    def run_tasks(self, times: int | None = None) -> int:
        """Deliver every queued task, as Cloud Tasks POSTs them; how many deliveries."""

        def post(task: Task, headers: dict[str, str]) -> int:
            response = self.client.post(task.url, data=json.dumps(task.payload).encode(),
                                        headers={"Content-Type": "application/json", **headers})
            return response.status_code

        made = self.tasks.deliver(post, times or self.deliveries)
        self._status_callbacks()
        return made

    def _status_callbacks(self) -> None:
        """What Twilio does after accepting a text (and the Twilio sink after it): signed status
        callbacks, sent then delivered, to the message's StatusCallback."""
        from twilio.request_validator import RequestValidator

        sms = self.parts["sms"]
        for message in sms.outbox[self._called_back:]:
            url = message["status_callback"]
            for status in ("sent", "delivered") if url else ():
                params = {"MessageSid": message["sid"], "SmsSid": message["sid"], "MessageStatus": status,
                          "SmsStatus": status, "To": message["to"], "From": message["from"],
                          "AccountSid": self.settings.twilio.account_sid, "ApiVersion": "2010-04-01"}
                signature = RequestValidator(self.settings.twilio.auth_token).compute_signature(url, params)
                response = self.client.post(url, data=params, headers={"X-Twilio-Signature": signature})
                assert response.status_code == 200, f"status callback answered {response.status_code}"
                message["status"] = status
        self._called_back = len(sms.outbox)

    def crashed_tasks(self) -> list[Task]:
        """Tasks a function answered with a 500 (a bug; a 503 asks for a retry)."""
        return [t for t in self.tasks.tasks.values() if 500 in t.statuses]

    # --- what is stored and what was sent ----------------------------------------------------------

    def stored(self, business: Business, *collection: str) -> list[dict]:
        """The documents of one of a business's collections ("appointments"; "calls", sid, "turns"),
        as Firestore stores them."""
        return [data for _, data, _ in self.docs.children(business_path(business.id, *collection))]

    def doc(self, business: Business, *path: str) -> dict | None:
        found = self.docs.get(business_path(business.id, *path))
        return found[0] if found else None

    def notifications(self, business: Business, **where: Any) -> list[dict]:
        return [d for d in self.stored(business, "notifications") if all(d.get(k) == v for k, v in where.items())]

    @property
    def texts(self) -> list[dict]:
        """Texts sent, as the Twilio sink's outbox lists them (sid, to, from, body, ...)."""
        return list(self.parts["sms"].outbox)

    @property
    def emails(self) -> list[dict]:
        """Emails sent: message_id, to, sender_name, subject, body, ics, tags."""
        return list(self.parts["mailer"].outbox)

    def wait_for(self, check: Callable[[], Any]) -> Any:
        """What an e2e test waits for: here the tasks run first, then it must hold."""
        self.run_tasks()
        value = check()
        assert value, "condition not met once the queued tasks ran"
        return value
