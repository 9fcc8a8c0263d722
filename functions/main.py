"""Cloud Function entry points. Each one parses and verifies its request, calls one service and
maps typed errors to a response; the work lives in `shared`. Imports stay lazy for cold starts."""

from __future__ import annotations

import functools
import gc
import logging
import re
import time

# Importing builds thousands of long-lived objects (pydantic's models among them): collecting
# garbage meanwhile, or scanning them in every later collection, only slows a cold start (~20 ms),
# so they are frozen. The first request does the same (_first_request).
gc.disable()
try:
    import functions_framework

    from shared import http, logs
    from shared.app import get_app
    from shared.config import get_settings
finally:
    gc.freeze()
    gc.enable()

log = logging.getLogger(__name__)

# Every function this module deploys; cloudbuild.yaml and the local stack are checked against it.
FUNCTIONS = ("tools", "voice_webhook", "voice_status", "post_call", "notifications_dispatch",
             "messaging_status", "email_events", "sms_inbound", "reminders_sweep", "memory_replay", "calendar_push",
             "calendar_webhook", "console_api")
CALL_SID = re.compile(r"^[A-Za-z0-9]{10,64}$")


def observed(function):
    """Structured, redacted logs for the request, labelled with its trace and function name."""

    @functools.wraps(function)
    def wrapper(request):
        settings = get_settings()
        logs.configure(settings.runtime.log_level)
        trace = logs.trace_of(request.headers.get("X-Cloud-Trace-Context"), settings.google.google_cloud_project)
        with logs.request_context(trace=trace, function=function.__name__):
            if _instance["warm"]:
                return function(request)
            return _first_request(function, request)

    return wrapper


_instance = {"warm": False}


def _first_request(function, request):
    """An instance's first request imports and builds its clients: objects that live as long as
    the process. Collecting garbage meanwhile only delays the answer (~30 ms of a cold start), so
    the collector waits, then leaves those objects out of every later collection."""
    gc.disable()
    try:
        return function(request)
    finally:
        _instance["warm"] = True
        gc.freeze()
        gc.enable()


APOLOGY = "I'm sorry, something went wrong on our side. Please call us back in a moment. Goodbye."


@functions_framework.http
@observed
def tools(request):
    """`GET /tools` lists the tool schemas; `POST /tools/{name}` runs one (Bearer API key)."""
    from shared.tools import registry
    from shared.tools.base import ToolContext

    def handle():
        business = get_app().directory.for_api_key(request.headers.get("Authorization"),
                                                   http.client_address(request))
        name = request.path.strip("/")
        if request.method == "GET" and not name:
            return {"tools": registry.http_schemas()}
        if request.method != "POST" or not name or "/" in name:
            raise http.MalformedRequest("Use GET /tools or POST /tools/{tool_name}.", 405)
        registry.get(name)
        args = http.json_object(request)
        app = get_app()
        context = ToolContext(business, app.calendar, app.crm, source="api", notifier=app.notifier,
                              memory=app.memory, clock=app.clock, stats=app.stats, waitlist=app.waitlist)
        return registry.run(name, args, context)

    from shared.adapters.roundtrips import counting

    with counting() as round_trips:
        response = http.respond(handle)
    response.headers["X-VoiceHive-Firestore"] = f"reads={round_trips['read']} writes={round_trips['write']}"
    return response


def _twilio_params(request, function: str) -> dict[str, str]:
    """The form parameters of a request Twilio signed for `function`; Forbidden (403) otherwise."""
    from shared.voice import signature

    settings = get_app().settings
    return signature.verify(request, function, settings.runtime.public_base_url, settings.twilio.auth_token)


def _twilio_call(request, function: str):
    """Verified Twilio parameters as a CallInput, or a typed error (403 / 422)."""
    from shared.errors import InvalidInput
    from shared.services.calls import CallInput

    params = _twilio_params(request, function)
    call_sid = params.get("CallSid", "")
    if not CALL_SID.match(call_sid):
        raise InvalidInput("CallSid is missing or malformed.", {"CallSid": "required, letters and digits"})
    turn = request.args.get("turn", "")
    return CallInput(
        call_sid=call_sid, caller=params.get("From", ""), dialled=params.get("To", ""),
        speech=params.get("SpeechResult", "")[:1000], digits=params.get("Digits", "")[:20],
        turn=int(turn) if turn.isdigit() else None, event=request.args.get("event") or None,
        dial_status=params.get("DialCallStatus", ""), recording_url=params.get("RecordingUrl", ""),
        call_status=params.get("CallStatus", ""), caller_param=params.get("Caller"),
        handoff=params.get("HandoffData", "")[:4000], session_status=params.get("SessionStatus", ""),
    )


@functions_framework.http
@observed
def voice_webhook(request):
    """Twilio's voice webhook and every <Gather>/<Dial>/<Record>/<Connect> action: answers TwiML."""
    from shared.errors import DomainError
    from shared.voice import twiml

    try:
        call = _twilio_call(request, "voice_webhook")
    except DomainError as exc:
        return http.json_response(http.error_body(exc), http.status_of(exc))
    from shared.adapters.roundtrips import counting

    logs.label(call_sid=call.call_sid)
    if call.event == "whisper":
        return http.xml_response(_whisper(request))
    began = time.perf_counter()
    with counting() as round_trips:
        try:
            new_call = call.turn is None and call.event is None
            business = get_app().directory.for_number(call.dialled, fresh=new_call)
            if business is None:
                log.warning("call to a number no business answers")
                answer = twiml.hangup("Sorry, this number is not set up yet. Goodbye.")
            else:
                logs.label(business_id=business.id)
                answer = get_app().call_service.webhook(business, call)
        except Exception:
            log.exception("voice_webhook failed for call %s", call.call_sid)
            answer = twiml.hangup(APOLOGY)
    response = http.xml_response(answer)
    figures = (f"total_ms={(time.perf_counter() - began) * 1000:.1f} firestore_reads={round_trips['read']} "
               f"firestore_writes={round_trips['write']}")
    response.headers["X-VoiceHive-Turn"] = figures
    log.info("turn answered: %s", figures)
    return response


def _whisper(request) -> str:
    """The staff leg of a transfer: its own CallSid and `To` (the staff number) name neither the
    business nor the caller's call, so the signed URL does."""
    from shared.errors import NotFound
    from shared.services import whisper
    from shared.voice import twiml

    business_id, call_sid = request.args.get("b", ""), request.args.get("call", "")
    service = get_app().call_service
    if not whisper.verified(service.url_key, business_id, call_sid, request.args.get("sig", "")):
        log.warning("whisper URL with ids that are not signed")
        return twiml.say_only("Incoming call from Roxy.")
    try:
        return service.whisper(get_app().directory.get(business_id), call_sid)
    except NotFound:
        return twiml.say_only("Incoming call from Roxy.")


@functions_framework.http
@observed
def voice_status(request):
    """Twilio's call status callback: records the end and queues post-call work."""
    from shared.errors import DomainError

    try:
        call = _twilio_call(request, "voice_status")
    except DomainError as exc:
        return http.json_response(http.error_body(exc), http.status_of(exc))
    business = get_app().directory.for_number(call.dialled)
    if business is None:
        return http.json_response({"ignored": "unknown number"})
    queued = get_app().call_service.status(business, call)  # the reminders sweep queues what this could not
    return http.json_response({"status": call.call_status, "post_call_queued": queued})


@functions_framework.http
@observed
def post_call(request):
    """Cloud Tasks target: post-call summary and lead update, once per call."""
    from shared.errors import InvalidInput

    def handle():
        _private(request, "post_call")
        body = http.json_object(request)
        business_id, call_sid = body.get("business_id"), body.get("call_sid")
        if not isinstance(business_id, str) or not isinstance(call_sid, str) or not CALL_SID.match(call_sid):
            raise InvalidInput("business_id and call_sid are required",
                               {"business_id": "string", "call_sid": "a CallSid"})
        business = get_app().directory.get(business_id)
        return get_app().call_service.post_call(business, call_sid)

    return http.respond(handle)


def _private(request, function: str) -> None:
    """Cloud Tasks and Cloud Scheduler only: with TASKS_SERVICE_ACCOUNT set (required outside
    development) the request's OIDC token must verify for this function's URL; Forbidden otherwise."""
    google = get_app().settings.google
    if not google.tasks_service_account:
        return
    from shared.adapters import oidc
    from shared.errors import Forbidden

    audience = f"{get_app().settings.runtime.public_base_url.rstrip('/')}/{function}"
    try:
        oidc.verify(request.headers.get("Authorization"), audience, google.tasks_service_account,
                    google.oidc_certs_url)
    except Forbidden as exc:
        log.warning("%s refused: %s", function, exc.message)
        raise Forbidden("Only the tasks service account may call this function.") from None


def _task_body(request, *fields: str) -> dict[str, str]:
    from shared.errors import InvalidInput

    body = http.json_object(request)
    bad = {f: "required string" for f in fields if not isinstance(body.get(f), str) or not body.get(f)}
    if bad:
        raise InvalidInput("Missing fields: " + ", ".join(bad), bad)
    return body


@functions_framework.http
@observed
def notifications_dispatch(request):
    """Cloud Tasks target: send one notification, at most once. 503 asks Cloud Tasks to retry."""

    from shared.errors import NotFound

    def handle():
        _private(request, "notifications_dispatch")
        body = _task_body(request, "business_id", "notification_id")
        try:
            business = get_app().directory.get(body["business_id"])
        except NotFound:
            return {"status": "unknown business"}  # nothing to retry for
        return get_app().notifier.dispatch(business, body["notification_id"])

    return http.respond(handle)


@functions_framework.http
@observed
def memory_replay(request):
    """Cloud Tasks target: replay a memory write (or a forget) into Mem0 after an outage.
    503 while Mem0 is still down, so Cloud Tasks retries with backoff."""
    from shared.errors import NotFound

    def handle():
        _private(request, "memory_replay")
        body = _task_body(request, "business_id", "op")
        try:
            business = get_app().directory.get(body["business_id"])
        except NotFound:
            return {"done": True, "skipped": "unknown business"}
        return get_app().memory.replay(business, body)

    return http.respond(handle)


@functions_framework.http
@observed
def messaging_status(request):
    """Twilio's SMS status callback (signed): moves the notification's status forward."""
    from shared.errors import DomainError

    try:
        params = _twilio_params(request, "messaging_status")
    except DomainError as exc:
        return http.json_response(http.error_body(exc), http.status_of(exc))

    def handle():
        business_id, notification_id = request.args.get("b", ""), request.args.get("n", "")
        moved = get_app().notifier.sms_status(business_id, notification_id, params.get("MessageSid", ""),
                                                params.get("MessageStatus", ""), params.get("ErrorCode", ""))
        return {"updated": moved}

    return http.respond(handle)


@functions_framework.http
@observed
def email_events(request):
    """SendGrid's Event Webhook (ECDSA-signed JSON array): delivery status, once per event."""
    from shared.errors import Forbidden

    def handle():
        raw = http.capped_body(request, http.MAX_BODY_BYTES)
        key = get_app().settings.sendgrid.webhook_public_key
        signature = request.headers.get("X-Twilio-Email-Event-Webhook-Signature", "")
        timestamp = request.headers.get("X-Twilio-Email-Event-Webhook-Timestamp", "")
        if not (key and signature and timestamp) or not _sendgrid_signed(key, raw, signature, timestamp):
            raise Forbidden("Invalid SendGrid event signature.")
        events = http.json_array(request)
        return {"applied": get_app().notifier.email_events(events)}

    return http.respond(handle)


def _sendgrid_signed(public_key: str, raw: bytes, signature: str, timestamp: str) -> bool:
    from sendgrid.helpers.eventwebhook import EventWebhook

    try:
        return EventWebhook(public_key).verify_signature(raw.decode("utf-8"), signature, timestamp)
    except (ValueError, UnicodeDecodeError):
        return False


@functions_framework.http
@observed
def sms_inbound(request):
    """Replies to our texts (C, X, R, STOP, START, anything else): answers TwiML messaging."""
    from shared.errors import DomainError

    try:
        params = _twilio_params(request, "sms_inbound")
    except DomainError as exc:
        return http.json_response(http.error_body(exc), http.status_of(exc))
    business = get_app().directory.for_number(params.get("To", ""))
    from shared.voice import twiml

    if business is None:
        return http.xml_response(twiml.sms_reply(""))
    try:
        reply = get_app().sms_replies.handle(business, params.get("From", ""), params.get("Body", "")[:1600],
                                               params.get("MessageSid", ""))
    except Exception:
        log.exception("sms_inbound failed")
        reply = "Sorry, something went wrong. Please call us."
    return http.xml_response(twiml.sms_reply(reply))


@functions_framework.http
@observed
def reminders_sweep(request):
    """Cloud Scheduler target: queue every reminder that has come due, once (and the owners' daily
    summaries whose time has come, and memory replays that a long Mem0 outage left behind)."""
    import datetime as dt

    from shared.errors import InvalidInput

    def handle():
        _private(request, "reminders_sweep")
        body = http.json_object(request)
        now = None
        if body.get("now") is not None:
            if get_app().settings.runtime.environment != "development":
                raise InvalidInput("'now' is for tests; only development takes it.", {"now": "not allowed"})
            try:
                now = dt.datetime.fromisoformat(str(body["now"]))
            except ValueError:
                raise InvalidInput("now must be an ISO 8601 date-time", {"now": "ISO 8601"}) from None
            if now.tzinfo is None:
                raise InvalidInput("now needs a UTC offset", {"now": "ISO 8601 with offset"})
        app = get_app()
        app.task_queue.resume()  # the sweep is how queueing recovers: it tries even right after a failure
        stats = app.reminders.sweep(now)
        stats["daily_summaries"] = app.daily_summaries.sweep(now)
        # Memories Mem0 still lacks after an outage longer than the replay task's retries.
        stats["memory_replays_queued"] = app.memory.requeue_unsynced(now or app.clock())
        stats["post_calls_queued"] = app.reminders.requeue_post_calls(now or app.clock())
        stats["text_digests"] = app.sms_replies.send_digests(now or app.clock())  # texts held back from alerts
        # Connected calendars: channels renewed before they expire, a sync where no push came lately.
        stats["calendars"] = app.calendar_sync.maintain(now)
        return stats

    return http.respond(handle)


@functions_framework.http
@observed
def calendar_push(request):
    """Cloud Tasks target: make an appointment's event in its connected calendar match it
    (insert / patch / delete, idempotent). 503 on a retryable Google failure (429, 5xx)."""
    from shared.errors import NotFound

    def handle():
        body = _task_body(request, "business_id", "appointment_id")
        previous = body.get("previous_staff")
        try:
            business = get_app().directory.get(body["business_id"])
        except NotFound:
            return {"done": True, "skipped": "unknown business"}
        return get_app().calendar_sync.push(business, body["appointment_id"],
                                            previous if isinstance(previous, str) else None)

    return http.respond(handle)


@functions_framework.http
@observed
def calendar_webhook(request):
    """Google Calendar push notifications (POST, X-Goog-Channel-* headers): a channel and token we
    issued triggers an incremental sync; anything else changes nothing (403). `GET /oauth`: the
    OAuth redirect that completes connecting a calendar."""
    from shared.errors import InvalidInput

    def handle():
        if request.method == "GET" and request.path.rstrip("/") == "/oauth":
            code, state = request.args.get("code", ""), request.args.get("state", "")
            if not code or not state:
                raise InvalidInput("code and state are required",
                                   {"code": "from Google", "state": "from Google"})
            connection = get_app().calendar_sync.complete(state, code)
            if "text/html" in request.headers.get("Accept", ""):  # a person's browser, back from Google
                from shared.console.connected_page import connected_page

                business = get_app().directory.get(connection.business_id)
                return http.html_response(connected_page(connection, business, get_app().settings.console.console_url))
            return {"connected": connection.calendar_id, "business_id": connection.business_id,
                    "staff": connection.staff_id or None}
        if request.method != "POST":
            raise http.MalformedRequest("Google posts notifications here.", 405)
        headers = request.headers
        channel_id = headers.get("X-Goog-Channel-ID", "")
        if not channel_id:
            raise InvalidInput("X-Goog-Channel-ID is missing", {"X-Goog-Channel-ID": "required"})
        return get_app().calendar_sync.on_push(channel_id, headers.get("X-Goog-Channel-Token", ""),
                                               headers.get("X-Goog-Resource-State", ""))

    return http.respond(handle)
def console_api(request):
    """The owner console's API: a Firebase ID token on every request, and the member's role for the
    business in the path (shared/console/router.py)."""
    from shared.console import router

    response = http.respond(lambda: router.dispatch(get_app(), request))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
