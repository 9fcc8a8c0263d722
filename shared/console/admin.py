"""Owner-only console handlers: settings, members, tools-API keys and the audit log. Every change
is written to the audit log (who, when, what)."""

from __future__ import annotations

from urllib.parse import unquote

from pydantic import ValidationError

from shared.console.request import ConsoleRequest
from shared.errors import InvalidInput, NotFound

# What the console edits; the rest of the config (id, numbers, templates, scoring) stays as stored.
EDITABLE = ("name", "hours", "exceptions", "services", "faq", "greeting", "transfer_number", "reminder_minutes",
            "service_areas", "visits_callers", "address", "notify_email", "min_notice_minutes",
            "daily_summary_at", "staff")


def _stored(request: ConsoleRequest):
    business = request.app.businesses.get(request.member.business_id)  # not the cache: the latest
    if business is None:
        raise NotFound("No such business.")
    return business


def settings(request: ConsoleRequest) -> dict:
    config = _stored(request).model_dump(mode="json")
    return {"config": config, "editable": list(EDITABLE)}


def save_settings(request: ConsoleRequest) -> dict:
    from shared.domain.business import Business
    from shared.tools.registry import validation_fields

    body = request.body()
    changes = body.get("config")
    if not isinstance(changes, dict) or not changes:
        raise InvalidInput("Send {\"config\": {...}} with the fields to change.", {"config": "an object"})
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(f"These cannot be changed here: {', '.join(unknown)}",
                           {name: "not editable in the console" for name in unknown})
    before = _stored(request).model_dump(mode="json")
    if "staff" in changes:
        changes = {**changes, "staff": _keep_calendars(changes["staff"], before.get("staff") or [])}
    try:
        business = Business.model_validate({**before, **changes})
    except ValidationError as exc:
        fields = _beside_their_fields(validation_fields(exc))
        raise InvalidInput("Please fix: " + "; ".join(f"{k}: {v}" for k, v in fields.items()), fields) from None
    after = business.model_dump(mode="json")
    changed = {name: {"before": before.get(name), "after": after.get(name)}
               for name in EDITABLE if before.get(name) != after.get(name)}
    if changed:
        request.app.directory.register(business)
        request.app.audit.record(request.member, "settings.update", changed)
    return {"config": after, "changed": sorted(changed)}


def _keep_calendars(staff, stored: list[dict]):
    """A staff member's connected calendar is set by connecting it (OAuth), never by a form: each
    keeps the one stored under their id, whatever the request says."""
    if not isinstance(staff, list):
        return staff        # the model names the error
    linked = {m.get("id"): m.get("calendar") for m in stored}
    return [{**m, "calendar": linked.get(m.get("id"))} if isinstance(m, dict) else m for m in staff]


def _beside_their_fields(fields: dict[str, str]) -> dict[str, str]:
    """The Business model checks some fields together and starts each message with the path of its
    field ("services.2.name: ...; transfer_number: ..."): put each such message under that path."""
    placed: dict[str, str] = {}
    for key, message in fields.items():
        if key != "body":
            placed[key] = message.removeprefix("Value error, ")
            continue
        for part in message.removeprefix("Value error, ").split("; "):
            path, _, text = part.partition(": ")
            if not (text and " " not in path and path.split(".")[0] in (*EDITABLE, "phone_numbers")):
                path, text = "body", part
            placed[path] = f"{placed[path]}; {text}" if path in placed else text
    return placed


def connect_calendar(request: ConsoleRequest) -> dict:
    """Where the owner (or the staff member, sent the link) grants access to a Google Calendar;
    Google's redirect to calendar_webhook/oauth then connects it (shared/services/calendar_sync.py)."""
    body = request.body()
    staff = str(body.get("staff") or "").strip() or None
    calendar_id = str(body.get("calendar_id") or "primary").strip()
    if not 1 <= len(calendar_id) <= 300:
        raise InvalidInput("calendar_id is 1-300 characters (primary: the account's main calendar).",
                           {"calendar_id": "1-300 characters"})
    business = _stored(request)
    url = request.app.calendar_sync.authorization_url(business, staff, calendar_id)
    request.app.audit.record(request.member, "calendar.connect", {"staff": staff, "calendar_id": calendar_id})
    return {"url": url}


def members(request: ConsoleRequest) -> dict:
    return request.app.members.list(request.member.business_id)


def invite(request: ConsoleRequest) -> dict:
    body = request.body()
    made = request.app.members.invite(request.member, body.get("email"), body.get("role", "staff"))
    request.app.audit.record(request.member, "member.invite", {"email": made.email, "role": made.role})
    return {"invite": made.model_dump(mode="json")}


def remove_member(request: ConsoleRequest) -> dict:
    email = unquote(request.params["email"])
    request.app.members.remove(request.member, email)
    request.app.audit.record(request.member, "member.remove", {"email": email})
    return {"removed": email}


def keys(request: ConsoleRequest) -> dict:
    return {"keys": request.app.api_keys.list(request.member.business_id)}


def create_key(request: ConsoleRequest) -> dict:
    label = str(request.body().get("label") or "").strip()
    if not 1 <= len(label) <= 60:
        raise InvalidInput("Give the key a label (1-60 characters).", {"label": "1-60 characters"})
    key, key_id = request.app.api_keys.create(request.member.business_id, label, request.member.email)
    request.app.audit.record(request.member, "key.create", {"id": key_id[:12], "label": label})
    return {"key": key, "id": key_id, "label": label}


def revoke_key(request: ConsoleRequest) -> dict:
    key_id = request.params["id"]
    request.app.api_keys.revoke(request.member.business_id, key_id)
    request.app.audit.record(request.member, "key.revoke", {"id": key_id[:12]})
    return {"revoked": key_id}


def audit(request: ConsoleRequest) -> dict:
    return request.app.audit.list(request.member.business_id, request.limit(), request.query.get("cursor") or None)
