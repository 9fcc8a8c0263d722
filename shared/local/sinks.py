"""Loopback stand-ins for Twilio's Messages API and SendGrid's Mail Send API.

They speak the real endpoints the official clients call, keep an outbox, and act like the real
services afterwards: Twilio posts signed status callbacks (sent, then delivered) to the
message's StatusCallback; SendGrid posts signed Event Webhook batches (processed, delivered)
with the message's custom_args to the configured events URL.

    POST /2010-04-01/Accounts/{AccountSid}/Messages.json   Basic auth, form: To, From, Body, StatusCallback
    GET  /2010-04-01/Accounts/{AccountSid}/Messages.json   the message log: To, From, DateSent> filters
    POST /v3/mail/send                                     Bearer, JSON (personalizations, from, content...)
    GET  /_outbox   DELETE /_outbox                        what was sent / forget it
    POST /_fail     {"channel": "sms"|"email"|"sms_log", "status": 500|429|400, "count": N}   fail the next N
    POST /_callbacks {"enabled": false}                    stop (or resume) status callbacks

    python -m shared.local.sinks --port P --twilio-token T [--events-url U --events-key-file F]
"""

from __future__ import annotations

import argparse
import base64
import json
import secrets
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Outbox:
    def __init__(self, twilio_token: str, events_url: str | None, events_key_pem: bytes | None,
                 clock_start: str | None = None):
        from shared.clock import TickingClock, parse_instant, system_clock

        # The stand-ins keep the stack's time: with a pinned clock, Twilio's log dates its messages
        # as the functions would see them.
        self.clock = TickingClock(parse_instant(clock_start)) if clock_start else system_clock
        self.lock = threading.Lock()
        self.sms: list[dict] = []
        self.email: list[dict] = []
        self.failures: dict[str, list[int]] = {"sms": [], "email": [], "sms_log": []}
        self.callbacks = True
        self.twilio_token = twilio_token
        self.events_url = events_url
        self.events_key = None
        if events_key_pem:
            from cryptography.hazmat.primitives.serialization import load_pem_private_key

            self.events_key = load_pem_private_key(events_key_pem, password=None)

    def next_failure(self, channel: str) -> int | None:
        with self.lock:
            return self.failures[channel].pop(0) if self.failures[channel] else None

    def later(self, delay: float, action) -> None:
        timer = threading.Timer(delay, action)
        timer.daemon = True
        timer.start()

    def twilio_callback(self, url: str, params: dict) -> None:
        from twilio.request_validator import RequestValidator

        signature = RequestValidator(self.twilio_token).compute_signature(url, params)
        request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), method="POST",
                                         headers={"X-Twilio-Signature": signature,
                                                  "Content-Type": "application/x-www-form-urlencoded"})
        try:
            urllib.request.urlopen(request, timeout=10).read()
        except Exception:
            pass  # Twilio does not retry status callbacks either

    def sendgrid_events(self, events: list[dict]) -> None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        if not (self.events_url and self.events_key):
            return
        body = json.dumps(events)
        timestamp = str(int(self.clock().timestamp()))
        signature = self.events_key.sign((timestamp + body).encode(), ec.ECDSA(hashes.SHA256()))
        request = urllib.request.Request(self.events_url, data=body.encode(), method="POST", headers={
            "Content-Type": "application/json",
            "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
            "X-Twilio-Email-Event-Webhook-Timestamp": timestamp})
        try:
            urllib.request.urlopen(request, timeout=10).read()
        except Exception:
            pass


class SinkHandler(BaseHTTPRequestHandler):
    """The Twilio and SendGrid stand-in's HTTP API over `outbox` (bound by `handler_for`)."""

    outbox: Outbox

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _json(self, status: int, body: object, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.startswith("/_outbox"):
            with self.outbox.lock:
                self._json(200, {"sms": self.outbox.sms, "email": self.outbox.email})
        elif self.path.split("?")[0].startswith("/2010-04-01/Accounts/") and \
                self.path.split("?")[0].endswith("/Messages.json"):
            self._twilio_list()
        else:
            self._json(404, {"message": "not found"})

    def _authorised(self) -> bool:
        account = self.path.split("/")[3]
        expected = "Basic " + base64.b64encode(f"{account}:{self.outbox.twilio_token}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
            return False
        return True

    def _twilio_list(self) -> None:
        """Twilio's message log, filtered by To, From and DateSent> (a date) like the real one."""
        if not self._authorised():
            return
        failure = self.outbox.next_failure("sms_log")
        if failure:
            self._json(failure, {"code": 20003 if failure < 500 else 20500, "message": "Scripted failure",
                                 "status": failure})
            return
        path, _, query = self.path.partition("?")
        asked = {k: v[0] for k, v in urllib.parse.parse_qs(query).items()}
        since = (asked.get("DateSent>") or "")[:10]
        with self.outbox.lock:
            found = [m for m in self.outbox.sms if m["account_sid"] == path.split("/")[3]
                     and m["to"] == asked.get("To", m["to"]) and m["from"] == asked.get("From", m["from"])
                     and m["date_sent_iso"][:10] >= since]
        size = int(asked.get("PageSize", 50))
        self._json(200, {"messages": list(reversed(found))[:size], "page": 0, "page_size": size, "start": 0,
                         "end": min(size, len(found)) - 1, "uri": self.path, "first_page_uri": self.path,
                         "next_page_uri": None, "previous_page_uri": None})

    def do_DELETE(self):
        if self.path.startswith("/_outbox"):
            with self.outbox.lock:
                self.outbox.sms.clear()
                self.outbox.email.clear()
                self.outbox.failures = {"sms": [], "email": [], "sms_log": []}
            self._json(200, {"cleared": True})
        else:
            self._json(404, {"message": "not found"})

    def do_POST(self):
        raw = self._body()
        if self.path == "/_fail":
            order = json.loads(raw)
            with self.outbox.lock:
                self.outbox.failures[order["channel"]] += [int(order["status"])] * int(order.get("count", 1))
            self._json(200, order)
        elif self.path == "/_clock":
            self._set_clock(raw)
        elif self.path == "/_callbacks":
            self.outbox.callbacks = bool(json.loads(raw).get("enabled", True))
            self._json(200, {"enabled": self.outbox.callbacks})
        elif self.path.startswith("/2010-04-01/Accounts/") and self.path.endswith("/Messages.json"):
            self._twilio(raw)
        elif self.path == "/v3/mail/send":
            self._sendgrid(raw)
        else:
            self._json(404, {"message": "not found"})

    def _set_clock(self, raw: bytes) -> None:
        from shared.clock import TickingClock, parse_instant

        if not isinstance(self.outbox.clock, TickingClock):
            self._json(409, {"message": "the clock is not pinned (--clock-start)"})
            return
        try:
            self.outbox.clock.set(parse_instant(json.loads(raw)["now"]))
        except (ValueError, KeyError, TypeError) as exc:
            self._json(422, {"message": f"now: {exc}"})
            return
        self._json(200, {"now": self.outbox.clock().isoformat()})

    def _twilio(self, raw: bytes) -> None:
        account = self.path.split("/")[3]
        if not self._authorised():
            return
        form = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode(), keep_blank_values=True).items()}
        failure = self.outbox.next_failure("sms")
        if failure == 400 or not form.get("To", "").startswith("+") or not form.get("To", "")[1:].isdigit():
            self._json(400, {"code": 21211, "message": f"The 'To' number {form.get('To')} is not a valid "
                             "phone number.", "more_info": "https://www.twilio.com/docs/errors/21211",
                             "status": 400})
            return
        if failure:
            self._json(failure, {"code": 20429 if failure == 429 else 20500, "message": "Scripted failure",
                                 "status": failure})
            return
        sid = "SM" + secrets.token_hex(16)
        sent = self.outbox.clock()
        message = {"sid": sid, "account_sid": account, "to": form["To"],
                   "from": form.get("From") or form.get("MessagingServiceSid"), "body": form.get("Body", ""),
                   "status": "queued", "status_callback": form.get("StatusCallback"),
                   "date_created": sent.strftime("%a, %d %b %Y %H:%M:%S +0000"),
                   "date_sent": sent.strftime("%a, %d %b %Y %H:%M:%S +0000"),
                   "date_sent_iso": sent.strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "direction": "outbound-api", "num_segments": "1", "error_code": None}
        with self.outbox.lock:
            self.outbox.sms.append(message)
        self._json(201, message)
        callback = form.get("StatusCallback")
        if callback and self.outbox.callbacks:
            for delay, status in ((0.2, "sent"), (0.4, "delivered")):
                self.outbox.later(delay, lambda s=status: self.outbox.twilio_callback(callback, {
                    "MessageSid": sid, "SmsSid": sid, "AccountSid": account, "MessageStatus": s,
                    "SmsStatus": s, "To": form["To"], "From": message["from"] or "", "ApiVersion": "2010-04-01"}))

    def _sendgrid(self, raw: bytes) -> None:
        if not (self.headers.get("Authorization") or "").startswith("Bearer "):
            self._json(401, {"errors": [{"message": "authorization required"}]})
            return
        failure = self.outbox.next_failure("email")
        if failure:
            self._json(failure, {"errors": [{"message": "Scripted failure", "field": None}]})
            return
        mail = json.loads(raw)
        recipients = [to["email"] for p in mail.get("personalizations", []) for to in p.get("to", [])]
        if not recipients or any("@" not in r for r in recipients):
            self._json(400, {"errors": [{"message": "Does not contain a valid address.",
                                         "field": "personalizations.0.to"}]})
            return
        message_id = secrets.token_urlsafe(16)
        with self.outbox.lock:
            self.outbox.email.append({"message_id": message_id, **mail})
        self.send_response(202)
        self.send_header("X-Message-Id", message_id)
        self.send_header("Content-Length", "0")
        self.end_headers()
        custom = mail.get("custom_args", {})
        if self.outbox.callbacks:
            events = [{"email": r, "timestamp": int(self.outbox.clock().timestamp()), "event": e,
                       "sg_event_id": secrets.token_urlsafe(12), "sg_message_id": f"{message_id}.filter0001",
                       **custom} for r in recipients for e in ("processed", "delivered")]
            self.outbox.later(0.2, lambda: self.outbox.sendgrid_events(events))


def handler_for(outbox: Outbox) -> type[SinkHandler]:
    return type("Handler", (SinkHandler,), {"outbox": outbox})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--twilio-token", required=True)
    parser.add_argument("--events-url")
    parser.add_argument("--events-key-file")
    parser.add_argument("--clock-start", help="pin the stand-ins' clock at this ISO instant (it ticks on)")
    args = parser.parse_args()
    key = open(args.events_key_file, "rb").read() if args.events_key_file else None
    outbox = Outbox(args.twilio_token, args.events_url, key, args.clock_start)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(outbox))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
