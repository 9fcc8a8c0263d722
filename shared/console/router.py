"""Routes of the console API and the one place that checks who may call them.

Every request carries a Firebase ID token; a route under /businesses/{id} also needs the signed-in
person to be a member of that business (`staff` or `owner`), and an owner-only route the owner.
Behind Firebase Hosting the path starts with /api (the rewrite keeps it); called directly it does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shared import http
from shared.console.request import ConsoleRequest

Handler = Callable[[ConsoleRequest], Any]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern
    handler: Handler
    access: str                    # "public" | "signed_in" | "staff" | "owner"


def routes() -> list[Route]:
    from shared.console import admin, views

    table = [
        ("GET", "/config", views.config, "public"),
        ("GET", "/me", views.me, "signed_in"),
        ("GET", "/businesses/{b}/overview", views.overview, "staff"),
        ("GET", "/businesses/{b}/calls", views.calls, "staff"),
        ("GET", "/businesses/{b}/calls/{sid}", views.call, "staff"),
        ("GET", "/businesses/{b}/appointments", views.appointments, "staff"),
        ("POST", "/businesses/{b}/appointments", views.book, "staff"),
        ("POST", "/businesses/{b}/appointments/{id}/move", views.move, "staff"),
        ("POST", "/businesses/{b}/appointments/{id}/cancel", views.cancel, "staff"),
        ("POST", "/businesses/{b}/appointments/{id}/outcome", views.outcome, "staff"),
        ("GET", "/businesses/{b}/leads", views.leads, "staff"),
        ("GET", "/businesses/{b}/leads.csv", views.leads_csv, "staff"),
        ("POST", "/businesses/{b}/leads/{id}/stage", views.lead_stage, "staff"),
        ("GET", "/businesses/{b}/messages", views.messages, "staff"),
        ("POST", "/businesses/{b}/messages/{id}/resend", views.resend, "staff"),
        ("GET", "/businesses/{b}/settings", admin.settings, "owner"),
        ("PUT", "/businesses/{b}/settings", admin.save_settings, "owner"),
        ("GET", "/businesses/{b}/members", admin.members, "owner"),
        ("POST", "/businesses/{b}/members", admin.invite, "owner"),
        ("DELETE", "/businesses/{b}/members/{email}", admin.remove_member, "owner"),
        ("GET", "/businesses/{b}/keys", admin.keys, "owner"),
        ("POST", "/businesses/{b}/keys", admin.create_key, "owner"),
        ("DELETE", "/businesses/{b}/keys/{id}", admin.revoke_key, "owner"),
        ("GET", "/businesses/{b}/audit", admin.audit, "owner"),
        ("POST", "/businesses/{b}/calendar/connect", admin.connect_calendar, "owner"),
    ]
    return [Route(method, _compile(path), handler, access) for method, path, handler, access in table]


def _compile(path: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]{1,200})", re.escape(path).replace(r"\{", "{")
                                   .replace(r"\}", "}")) + "$")


_ROUTES: list[Route] = []


def dispatch(app, request) -> Any:
    path = request.path[len("/api"):] if request.path.startswith("/api/") else request.path
    path = path.rstrip("/") or "/"
    if not _ROUTES:
        _ROUTES.extend(routes())
    matches = [(route, found) for route in _ROUTES if (found := route.pattern.match(path))]
    if not matches:
        raise http.MalformedRequest(f"No console API route {path}.", 404)
    chosen = next(((r, m) for r, m in matches if r.method == request.method), None)
    if chosen is None:
        raise http.MalformedRequest(f"{request.method} is not allowed on {path}.", 405)
    route, found = chosen
    if route.access == "public":
        return route.handler(ConsoleRequest(app, None, None, {}, request.args, request))
    identity = app.id_tokens.verify(request.headers.get("Authorization"))
    params = found.groupdict()
    member = None
    if "b" in params:
        member = app.members.authorize(identity, params["b"], owner_only=route.access == "owner")
    return route.handler(ConsoleRequest(app, identity, member, params, request.args, request))
