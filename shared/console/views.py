"""Console handlers staff and owners share: calls, schedule, leads, messages, overview. Each one
parses the request and calls a service; appointment changes go through the same tools a call uses,
so the caller gets the same texts and emails."""

from __future__ import annotations

import datetime as dt

from shared.adapters.console_rows import moment
from shared.console.request import ConsoleRequest
from shared.errors import InvalidInput, NotFound

MAX_SCHEDULE_DAYS = 31


def config(request: ConsoleRequest) -> dict:
    """What the sign-in page offers (no sign-in needed)."""
    console = request.app.settings.console
    if not console.console_google_sign_in:
        return {"google_sign_in": False}
    return {"google_sign_in": True,
            "google": {"client_id": console.console_google_client_id, "auth_uri": console.console_google_auth_uri}}


def me(request: ConsoleRequest) -> dict:
    app = request.app
    found = []
    for member in app.members.memberships(request.identity):
        try:
            name = app.directory.get(member.business_id).name
        except NotFound:
            continue
        found.append({"id": member.business_id, "name": name, "role": member.role})
    return {"email": request.identity.email, "businesses": sorted(found, key=lambda b: b["name"])}


def _tool_context(request: ConsoleRequest):
    from shared.tools.base import ToolContext

    app = request.app
    return ToolContext(request.business, app.calendar, app.crm, source="console", notifier=app.notifier,
                       memory=app.memory, clock=app.clock, stats=app.stats)


def _run(request: ConsoleRequest, tool: str, args: dict) -> dict:
    from shared.tools import registry

    return registry.run(tool, args, _tool_context(request))


def calls(request: ConsoleRequest) -> dict:
    found, cursor = request.app.console_reads.calls(request.member.business_id, request.limit(),
                                                    request.query.get("cursor") or None)
    zone = request.business.zone
    return {"calls": [_call_row(row, zone) for row in found], "cursor": cursor}


def _call_row(row: dict, zone) -> dict:
    from shared.adapters.console_rows import moment

    started, ended = moment(row["started_at"]), moment(row.get("ended_at"))
    return {**row, "started_at": started.astimezone(zone).isoformat(),
            "ended_at": ended.astimezone(zone).isoformat() if ended else None,
            "duration_seconds": round((ended - started).total_seconds()) if ended else None}


def call(request: ConsoleRequest) -> dict:
    app, business = request.app, request.business
    found = app.calls_repository.get(business.id, request.params["sid"])
    if found is None:
        raise NotFound("No such call.")
    record = found[0]
    turns = app.calls_repository.turns(business.id, record.call_sid)
    lead = app.crm.get_by_phone(business, record.caller_phone) if record.caller_known else None
    meant = record.state.change.appointment_id
    appointment = app.calendar.find(business, meant) if meant else None
    from shared.adapters.console_rows import call_row

    return {
        "call": {**_call_row(call_row(record.model_dump()), business.zone), "summary": record.summary},
        "turns": [t.model_dump(mode="json") for t in turns],
        "voicemail": record.message_recording,
        "lead": {"id": lead.id, "name": lead.name, "stage": lead.stage} if lead else None,
        "appointment": appointment.public(business.zone) if appointment else None,
    }


def _day(raw: str | None, field: str, default: dt.date) -> dt.date:
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{field} must be a date YYYY-MM-DD", {field: "YYYY-MM-DD"}) from None


def appointments(request: ConsoleRequest) -> dict:
    business = request.business
    zone = business.zone
    today = request.app.clock().astimezone(zone).date()
    first = _day(request.query.get("from"), "from", today)
    last = _day(request.query.get("to"), "to", first)
    if last < first or (last - first).days >= MAX_SCHEDULE_DAYS:
        raise InvalidInput(f"to must be 0-{MAX_SCHEDULE_DAYS - 1} days after from", {"to": "after from"})
    start = dt.datetime.combine(first, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    from shared.adapters.console_rows import moment

    rows, cursor = request.app.console_reads.schedule(business.id, start, end, request.limit(300, 1000),
                                                      request.query.get("cursor") or None)
    found = [{**row, "start": moment(row["start"]).astimezone(zone).isoformat(),
              "end": moment(row["end"]).astimezone(zone).isoformat()} for row in rows]
    return {"from": first.isoformat(), "to": last.isoformat(), "today": today.isoformat(), "appointments": found,
            "cursor": cursor, "staff": [{"id": m.id, "name": m.name, "services": m.services} for m in business.staff]}


def book(request: ConsoleRequest) -> dict:
    body = request.body()
    args = {k: body.get(k) for k in ("service", "start", "caller_phone", "caller_name", "email", "notes", "staff")
            if body.get(k) not in (None, "")}
    return _run(request, "book_appointment", args)


def _appointment_phone(request: ConsoleRequest) -> str:
    return request.app.calendar.get(request.business, request.params["id"]).caller_phone


def move(request: ConsoleRequest) -> dict:
    body = request.body()
    args = {"appointment_id": request.params["id"], "caller_phone": _appointment_phone(request),
            "new_start": body.get("new_start")}
    if body.get("staff"):
        args["staff"] = body["staff"]     # left out: the same person keeps it
    return _run(request, "reschedule_appointment", args)


def cancel(request: ConsoleRequest) -> dict:
    body = request.body()
    return _run(request, "cancel_appointment", {"appointment_id": request.params["id"],
                                                "caller_phone": _appointment_phone(request),
                                                "reason": body.get("reason") or None})


def outcome(request: ConsoleRequest) -> dict:
    body = request.body()
    return _run(request, "record_appointment_outcome", {"appointment_id": request.params["id"],
                                                        "status": body.get("status"),
                                                        "reason": body.get("reason") or None})


def _lead_filters(request: ConsoleRequest) -> dict:
    query = request.query
    args = {"text": query.get("q") or None, "stage": query.get("stage") or None,
            "service": query.get("service") or None, "min_score": query.get("min_score") or None,
            "limit": query.get("limit") or 50, "cursor": query.get("cursor") or None}
    return {k: v for k, v in args.items() if v is not None}


def _parsed(model, raw: dict):
    """The query's arguments through a tool's argument model (422 naming each bad field)."""
    from pydantic import ValidationError

    from shared.tools.registry import validation_fields

    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        fields = validation_fields(exc)
        raise InvalidInput("Invalid arguments: " + "; ".join(f"{k}: {v}" for k, v in fields.items()), fields) from None


def leads(request: ConsoleRequest) -> dict:
    """`search_leads` from the console's read model (a few documents read by id, no query)."""
    from shared.tools.crm_tools import SearchLeads

    args = _parsed(SearchLeads, _lead_filters(request))
    business = request.business
    filters = request.app.crm.filters(business, stage=args.stage, min_score=args.min_score, text=args.text,
                                      service=args.service)
    rows, cursor = request.app.console_reads.leads(business.id, filters, args.limit or 50, args.cursor)
    zone = business.zone
    return {"leads": [{**{k: v for k, v in row.items() if k != "words"},
                       "created_at": moment(row["created_at"]).astimezone(zone).isoformat()} for row in rows],
            "next_cursor": cursor}


def leads_csv(request: ConsoleRequest):
    from shared.console.csv_export import leads_csv as render

    args = {**_lead_filters(request), "limit": 100}
    rows: list[dict] = []
    while True:
        page = _run(request, "search_leads", args)
        rows += page["leads"]
        if not page.get("next_cursor") or len(rows) >= 10_000:
            break
        args["cursor"] = page["next_cursor"]
    return render(rows)


def lead_stage(request: ConsoleRequest) -> dict:
    body = request.body()
    lead = request.app.leads.get(request.business.id, request.params["id"])
    if lead is None:
        raise NotFound("No such lead.")
    reason = str(body.get("reason") or "").strip()
    if not reason:
        raise InvalidInput("Say why the stage changes.", {"reason": "required"})
    return _run(request, "update_lead_stage", {"phone": lead.phone, "stage": body.get("stage"), "reason": reason})


def messages(request: ConsoleRequest) -> dict:
    """`list_notifications` from the console's read model (a few day documents read by id)."""
    from shared.tools.notification_tools import ListNotifications

    query = request.query
    args = _parsed(ListNotifications, {k: v for k, v in {"status": query.get("status") or None,
                                                         "kind": query.get("kind") or None,
                                                         "cursor": query.get("cursor") or None}.items() if v})
    rows, cursor = request.app.console_reads.messages(request.member.business_id, request.limit(), args.cursor,
                                                      args.status, args.kind)
    zone = request.business.zone
    return {"notifications": [{**row, "created_at": moment(row["created_at"]).astimezone(zone).isoformat()}
                              for row in rows], "next_cursor": cursor}


def resend(request: ConsoleRequest) -> dict:
    record = request.app.notifier.resend(request.business, request.params["id"])
    return {"notification": record.public()}


def overview(request: ConsoleRequest) -> dict:
    stats = _run(request, "business_stats", {})
    zone = request.business.zone
    today = request.app.clock().astimezone(zone).date()
    days = [today - dt.timedelta(days=n) for n in range(13, -1, -1)]
    spans = [(dt.datetime.combine(d, dt.time(0), tzinfo=zone),
              dt.datetime.combine(d + dt.timedelta(days=1), dt.time(0), tzinfo=zone)) for d in days]
    daily = request.app.console_reads.daily_calls(request.business.id, spans)
    stats["by_day"] = [{"day": d.isoformat(), **counts} for d, counts in zip(days, daily, strict=True)]
    return stats
