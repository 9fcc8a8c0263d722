"""A loopback stand-in for Google Calendar API v3 and Google's OAuth 2.0 endpoints.

It speaks the part of the REST surface VoiceHive uses, so the real client library
(google-api-python-client with its bundled discovery document) drives it unchanged:

    GET    /o/oauth2/auth?client_id&redirect_uri&state...    302 to redirect_uri?code=...&state=...
    GET|POST /o/oauth2/v2/auth    OpenID Connect sign-in (response_type=id_token): shared/local/google_signin.py
    GET    /oauth2/v3/certs       the keys that sign its id_tokens
    POST   /token                 grant_type=authorization_code | refresh_token (form)
    GET    /calendar/v3/calendars/{cid}/events               syncToken / pageToken / maxResults / showDeleted
    POST   /calendar/v3/calendars/{cid}/events               insert (409 when the id exists, even deleted)
    GET|PATCH|PUT|DELETE /calendar/v3/calendars/{cid}/events/{eid}   (DELETE of a deleted event: 410)
    POST   /calendar/v3/calendars/{cid}/events/watch         a web_hook channel: pushes on every change
    POST   /calendar/v3/channels/stop

Pushes go to the channel's address with X-Goog-Channel-ID, -Token, -Expiration, X-Goog-Resource-ID,
-URI, -State (`sync` once, then `exists`) and X-Goog-Message-Number, as Google sends them. A sync
token from before `_control/expire_sync_tokens` answers 410 (full sync required).

Control (tests and the demo; not Google's):
    POST /_control/calendars/{cid}/events   {event}   as if someone typed it in Google (pushes);
                                            [events]  many at once, no push
    PATCH|DELETE /_control/calendars/{cid}/events/{eid}
    GET  /_control/calendars/{cid}/events   every event, deleted ones too
    POST /_control/fail  {"method": "POST"|"PATCH"|"DELETE"|"GET"|"*", "status": 429, "count": N}
    POST /_control/expire_sync_tokens {"calendar_id": cid}
    POST /_control/pushes {"enabled": false}   drop pushes (a missed notification)
    GET  /_control/log    requests served (method, path, status)      DELETE /_control/log
    POST /_control/reset

    python -m shared.local.google_calendar --port P
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import re
import secrets
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from shared.local import google_signin

EVENT_ID = re.compile(r"^[a-v0-9]{5,1024}$")
MAX_PAGE = 2500


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")


class Calendars:
    """Every calendar's events (deleted ones kept as `cancelled`), numbered by change."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.events: dict[str, dict[str, dict]] = {}
        self.seq = 0
        self.epoch: dict[str, int] = {}
        self.channels: dict[str, dict] = {}
        self.failures: list[dict] = []
        self.log: list[dict] = []
        self.pushes = True
        self.access_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.codes: set[str] = set()

    def _touch(self, calendar_id: str, event: dict) -> dict:
        self.seq += 1
        event["_seq"] = self.seq
        event["updated"] = _now()
        event["etag"] = f'"{self.seq}"'
        self.events.setdefault(calendar_id, {})[event["id"]] = event
        return event

    def put(self, calendar_id: str, event: dict) -> dict:
        with self.lock:
            event = {"kind": "calendar#event", "status": "confirmed", **event}
            event.setdefault("id", secrets.token_hex(13))
            return public(self._touch(calendar_id, event))

    def get(self, calendar_id: str, event_id: str) -> dict | None:
        return self.events.get(calendar_id, {}).get(event_id)

    def patch(self, calendar_id: str, event_id: str, changes: dict, replace: bool = False) -> dict:
        with self.lock:
            current = self.events[calendar_id][event_id]
            kept = {k: current[k] for k in ("kind", "id")}
            merged = {**kept, "status": "confirmed", **changes} if replace else {**current, **changes}
            return public(self._touch(calendar_id, merged))

    def delete(self, calendar_id: str, event_id: str) -> None:
        with self.lock:
            current = self.events[calendar_id][event_id]
            self._touch(calendar_id, {**current, "status": "cancelled"})

    def sync_token(self, calendar_id: str, seq: int) -> str:
        return f"{self.epoch.get(calendar_id, 0)}.{seq}"

    def since(self, calendar_id: str, sync_token: str | None, upto: int, show_deleted: bool) -> list[dict] | None:
        """Events changed after the token (deleted included), or all live ones; None: token expired."""
        after = 0
        if sync_token is not None:
            epoch, _, seq = sync_token.partition(".")
            if not seq.isdigit() or epoch != str(self.epoch.get(calendar_id, 0)):
                return None
            after = int(seq)
        found = [e for e in self.events.get(calendar_id, {}).values() if after < e["_seq"] <= upto]
        if sync_token is None and not show_deleted:
            found = [e for e in found if e["status"] != "cancelled"]
        return sorted(found, key=lambda e: e["_seq"])

    def next_failure(self, method: str) -> int | None:
        with self.lock:
            for failure in self.failures:
                if failure["method"] in ("*", method) and failure["count"] > 0:
                    failure["count"] -= 1
                    return failure["status"]
        return None


def public(event: dict) -> dict:
    return {k: v for k, v in event.items() if not k.startswith("_")}


def _error(status: int, message: str, reason: str) -> dict:
    return {"error": {"code": status, "message": message, "errors": [{"domain": "global", "reason": reason,
                                                                       "message": message}]}}


class Handler(BaseHTTPRequestHandler):
    server_version = "GoogleCalendarStandIn/1"
    calendars: Calendars
    google_key: google_signin.SigningKey

    def log_message(self, *args) -> None:
        pass

    def _reply(self, status: int, body: dict | None = None, headers: dict | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        if not self.path.startswith("/_control"):
            with self.calendars.lock:
                self.calendars.log.append({"method": self.command, "path": self.path.split("?")[0], "status": status})

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _json(self) -> dict:
        raw = self._body()
        return json.loads(raw) if raw else {}

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PATCH(self) -> None:
        self._route("PATCH")

    def do_PUT(self) -> None:
        self._route("PUT")

    def do_DELETE(self) -> None:
        self._route("DELETE")

    def _route(self, method: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        path = url.path
        try:
            if path.startswith("/_control/"):
                return self._control(method, path.removeprefix("/_control/"))
            if path == "/o/oauth2/auth" and method == "GET":
                return self._authorize(query)
            if path == "/token" and method == "POST":
                return self._token()
            if path == google_signin.AUTH_PATH:
                return self._sign_in(method, query)
            if path == google_signin.CERTS_PATH and method == "GET":
                return self._reply(200, self.google_key.jwks())
            if not path.startswith("/calendar/v3/"):
                return self._reply(404, _error(404, "Not Found", "notFound"))
            if not self._authorized():
                return self._reply(401, _error(401, "Invalid Credentials", "authError"))
            status = self.calendars.next_failure(method)
            if status is not None:
                self._body()
                return self._reply(status, _error(status, "Injected failure", "backendError"))
            self._calendar(method, path.removeprefix("/calendar/v3/"), query)
        except (ValueError, KeyError) as exc:
            self._reply(400, _error(400, f"Bad Request: {exc}", "badRequest"))

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization", "")
        return header.startswith("Bearer ") and header[7:] in self.calendars.access_tokens

    def _authorize(self, query: dict) -> None:
        code = "code-" + secrets.token_urlsafe(12)
        self.calendars.codes.add(code)
        target = query["redirect_uri"] + ("&" if "?" in query["redirect_uri"] else "?") + urllib.parse.urlencode(
            {"code": code, "state": query.get("state", ""), "scope": query.get("scope", "")})
        self._reply(302, {"code": code}, {"Location": target})

    def _sign_in(self, method: str, query: dict) -> None:
        """OpenID Connect sign-in: the consent page (GET), its answer (POST) as a redirect."""
        if method == "POST":
            form = dict(urllib.parse.parse_qsl(self._body().decode(), keep_blank_values=True))
            refused = google_signin.request_error({**form, "response_type": "id_token", "scope": "openid"})
            if refused:
                return self._page(400, google_signin.error_page(refused))
            return self._reply(302, None, {"Location": google_signin.answer(self.google_key, form)})
        refused = google_signin.request_error(query)
        if refused:
            return self._page(400, google_signin.error_page(refused))
        self._page(200, google_signin.consent_page(query))

    def _page(self, status: int, text: str) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        with self.calendars.lock:
            self.calendars.log.append({"method": self.command, "path": self.path.split("?")[0], "status": status})

    def _token(self) -> None:
        form = dict(urllib.parse.parse_qsl(self._body().decode()))
        calendars = self.calendars
        grant = form.get("grant_type")
        if not form.get("client_id") or not form.get("client_secret"):
            return self._reply(401, {"error": "invalid_client"})
        access = "ya29." + secrets.token_urlsafe(16)
        if grant == "authorization_code" and form.get("code") in calendars.codes:
            calendars.codes.discard(form["code"])
            refresh = "1//" + secrets.token_urlsafe(24)
            calendars.refresh_tokens.add(refresh)
            calendars.access_tokens.add(access)
            return self._reply(200, {"access_token": access, "refresh_token": refresh, "expires_in": 3599,
                                     "token_type": "Bearer", "scope": "https://www.googleapis.com/auth/calendar"})
        if grant == "refresh_token" and form.get("refresh_token") in calendars.refresh_tokens:
            calendars.access_tokens.add(access)
            return self._reply(200, {"access_token": access, "expires_in": 3599, "token_type": "Bearer"})
        self._reply(400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."})

    def _calendar(self, method: str, path: str, query: dict) -> None:
        parts = [urllib.parse.unquote(p) for p in path.split("/")]
        if parts == ["channels", "stop"] and method == "POST":
            body = self._json()
            with self.calendars.lock:
                found = self.calendars.channels.pop(body.get("id", ""), None)
            return self._reply(204 if found else 404, None if found else _error(404, "Channel not found", "notFound"))
        if len(parts) < 3 or parts[0] != "calendars" or parts[2] != "events":
            return self._reply(404, _error(404, "Not Found", "notFound"))
        calendar_id = parts[1]
        if len(parts) == 3:
            return self._list(calendar_id, query) if method == "GET" else self._insert(calendar_id)
        if parts[3] == "watch" and method == "POST":
            return self._watch(calendar_id)
        self._one(method, calendar_id, parts[3])

    def _list(self, calendar_id: str, query: dict) -> None:
        calendars = self.calendars
        size = min(int(query.get("maxResults", 250)), MAX_PAGE)
        offset, upto = 0, calendars.seq
        if query.get("pageToken"):
            offset, upto = (int(n) for n in base64.urlsafe_b64decode(query["pageToken"]).decode().split("."))
        with calendars.lock:
            found = calendars.since(calendar_id, query.get("syncToken"), upto, query.get("showDeleted") == "true")
        if found is None:
            return self._reply(410, _error(410, "Sync token is no longer valid, a full sync is required.",
                                           "fullSyncRequired"))
        page = {"kind": "calendar#events", "summary": calendar_id, "timeZone": "UTC",
                "items": [public(e) for e in found[offset:offset + size]]}
        if offset + size < len(found):
            page["nextPageToken"] = base64.urlsafe_b64encode(f"{offset + size}.{upto}".encode()).decode()
        else:
            page["nextSyncToken"] = calendars.sync_token(calendar_id, upto)
        self._reply(200, page)

    def _insert(self, calendar_id: str) -> None:
        body = self._json()
        if "id" in body and not EVENT_ID.match(body["id"]):
            return self._reply(400, _error(400, "Invalid resource id value.", "invalid"))
        if "id" in body and self.calendars.get(calendar_id, body["id"]) is not None:
            return self._reply(409, _error(409, "The requested identifier already exists.", "duplicate"))
        for key in ("start", "end"):
            if not isinstance(body.get(key), dict):
                return self._reply(400, _error(400, f"Missing {key}.", "required"))
        created = self.calendars.put(calendar_id, body)
        self._reply(200, created)
        self.server.push(calendar_id)  # type: ignore[attr-defined]

    def _one(self, method: str, calendar_id: str, event_id: str) -> None:
        calendars = self.calendars
        current = calendars.get(calendar_id, event_id)
        if current is None:
            return self._reply(404, _error(404, "Not Found", "notFound"))
        if method == "GET":
            return self._reply(200, public(current))
        if method == "DELETE":
            if current["status"] == "cancelled":
                return self._reply(410, _error(410, "Resource has been deleted", "deleted"))
            calendars.delete(calendar_id, event_id)
            self._reply(204)
        elif method in ("PATCH", "PUT"):
            self._reply(200, calendars.patch(calendar_id, event_id, self._json(), replace=method == "PUT"))
        else:
            return self._reply(405, _error(405, "Method not allowed", "notAllowed"))
        self.server.push(calendar_id)  # type: ignore[attr-defined]

    def _watch(self, calendar_id: str) -> None:
        body = self._json()
        if body.get("type") not in ("web_hook", "webhook") or not body.get("address") or not body.get("id"):
            return self._reply(400, _error(400, "type web_hook, id and address are required", "required"))
        expiration = int(body.get("expiration") or 0) or int((dt.datetime.now(dt.UTC).timestamp() + 7 * 86400) * 1000)
        channel = {"kind": "api#channel", "id": body["id"], "resourceId": "res-" + secrets.token_hex(8),
                   "resourceUri": f"/calendar/v3/calendars/{calendar_id}/events?alt=json",
                   "token": body.get("token", ""), "expiration": str(expiration)}
        with self.calendars.lock:
            self.calendars.channels[body["id"]] = {**channel, "address": body["address"],
                                                   "calendar_id": calendar_id, "number": 0}
        self._reply(200, {k: v for k, v in channel.items() if k != "token" or v})
        self.server.push(calendar_id, body["id"], "sync")  # type: ignore[attr-defined]

    def _control(self, method: str, path: str) -> None:
        calendars = self.calendars
        parts = [urllib.parse.unquote(p) for p in path.split("/")]
        if parts == ["reset"] and method == "POST":
            calendars.reset()
            return self._reply(200, {"reset": True})
        if parts == ["log"]:
            if method == "DELETE":
                with calendars.lock:
                    calendars.log.clear()
            return self._reply(200, {"requests": list(calendars.log)})
        if parts == ["fail"] and method == "POST":
            body = self._json()
            with calendars.lock:
                calendars.failures.append({"method": body.get("method", "*").upper(),
                                           "status": int(body["status"]), "count": int(body.get("count", 1))})
            return self._reply(200, {"queued": True})
        if parts == ["expire_sync_tokens"] and method == "POST":
            calendar_id = self._json()["calendar_id"]
            with calendars.lock:
                calendars.epoch[calendar_id] = calendars.epoch.get(calendar_id, 0) + 1
            return self._reply(200, {"expired": calendar_id})
        if parts == ["pushes"] and method == "POST":
            calendars.pushes = bool(self._json().get("enabled", True))
            return self._reply(200, {"enabled": calendars.pushes})
        if parts == ["channels"]:
            return self._reply(200, {"channels": list(calendars.channels.values())})
        if len(parts) >= 3 and parts[0] == "calendars" and parts[2] == "events":
            return self._control_events(method, parts[1], parts[3] if len(parts) > 3 else None)
        self._reply(404, {"error": "unknown control path"})

    def _control_events(self, method: str, calendar_id: str, event_id: str | None) -> None:
        calendars = self.calendars
        if method == "GET" and event_id is None:
            events = sorted(calendars.events.get(calendar_id, {}).values(), key=lambda e: e["_seq"])
            return self._reply(200, {"events": [public(e) for e in events]})
        if method == "POST" and event_id is None:
            body = self._json()
            if isinstance(body, list):  # many at once (benchmarks)
                return self._reply(200, {"events": [calendars.put(calendar_id, e)["id"] for e in body]})
            self._reply(200, calendars.put(calendar_id, body))
        elif event_id is None or calendars.get(calendar_id, event_id) is None:
            return self._reply(404, {"error": "no such event"})
        elif method == "PATCH":
            self._reply(200, calendars.patch(calendar_id, event_id, self._json()))
        elif method == "DELETE":
            calendars.delete(calendar_id, event_id)
            self._reply(200, {"deleted": event_id})
        else:
            return self._reply(405, {"error": "method"})
        self.server.push(calendar_id)  # type: ignore[attr-defined]


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, calendars: Calendars):
        handler = type("BoundHandler", (Handler,), {"calendars": calendars, "google_key": google_signin.SigningKey()})
        super().__init__(address, handler)
        self.calendars = calendars

    def push(self, calendar_id: str, channel_id: str | None = None, state: str = "exists") -> None:
        """Notify the calendar's channels (or one) in the background, as Google does."""
        calendars = self.calendars
        if not calendars.pushes:
            return
        with calendars.lock:
            targets = [dict(c) for c in calendars.channels.values()
                       if c["calendar_id"] == calendar_id and channel_id in (None, c["id"])]
            for channel in targets:
                calendars.channels[channel["id"]]["number"] += 1
                channel["number"] = calendars.channels[channel["id"]]["number"]
        for channel in targets:
            threading.Thread(target=_deliver, args=(channel, state), daemon=True).start()


def _deliver(channel: dict, state: str) -> None:
    expires = dt.datetime.fromtimestamp(int(channel["expiration"]) / 1000, dt.UTC)
    headers = {"X-Goog-Channel-ID": channel["id"], "X-Goog-Channel-Token": channel["token"],
               "X-Goog-Channel-Expiration": expires.strftime("%a, %d %b %Y %H:%M:%S GMT"),
               "X-Goog-Resource-ID": channel["resourceId"], "X-Goog-Resource-URI": channel["resourceUri"],
               "X-Goog-Resource-State": state, "X-Goog-Message-Number": str(channel["number"]),
               "Content-Length": "0"}
    request = urllib.request.Request(channel["address"], data=b"", method="POST", headers=headers)
    try:
        urllib.request.urlopen(request, timeout=30).read()
    except Exception:
        pass  # Google retries failed pushes with backoff; the periodic sync covers a lost one


def serve(port: int, host: str = "127.0.0.1") -> Server:
    server = Server((host, port), Calendars())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.local.google_calendar")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    server = Server(("127.0.0.1", args.port), Calendars())
    server.serve_forever()


if __name__ == "__main__":
    main()
