"""Cloud Function entry points. Each one parses and verifies its request, calls one service and
maps typed errors to a response; the work lives in `shared`. Imports stay lazy for cold starts."""

from __future__ import annotations

import logging
import re
import time

import functions_framework

from shared import bootstrap, http
from shared.config import get_settings

log = logging.getLogger(__name__)

# Every function this module deploys; cloudbuild.yaml and the local stack are checked against it.
FUNCTIONS = ("tools", "voice_webhook", "voice_status", "post_call")
CALL_SID = re.compile(r"^[A-Za-z0-9]{10,64}$")
APOLOGY = "I'm sorry, something went wrong on our side. Please call us back in a moment. Goodbye."


@functions_framework.http
def tools(request):
    """`GET /tools` lists the tool schemas; `POST /tools/{name}` runs one (Bearer API key)."""
    from shared.tools import registry
    from shared.tools.base import ToolContext

    def handle():
        business = bootstrap.directory().for_api_key(request.headers.get("Authorization"))
        name = request.path.strip("/")
        if request.method == "GET" and not name:
            return {"tools": registry.http_schemas()}
        if request.method != "POST" or not name or "/" in name:
            raise http.MalformedRequest("Use GET /tools or POST /tools/{tool_name}.", 405)
        registry.get(name)
        args = http.json_object(request)
        context = ToolContext(business, bootstrap.calendar(), bootstrap.crm(), source="api")
        return registry.run(name, args, context)

    return http.respond(handle)


def _twilio_call(request, function: str):
    """Verified Twilio parameters as a CallInput, or a typed error (403 / 422)."""
    from shared.errors import InvalidInput
    from shared.services.calls import CallInput
    from shared.voice import signature

    settings = get_settings()
    params = signature.verify(request, function, settings.runtime.public_base_url, settings.twilio.auth_token)
    call_sid = params.get("CallSid", "")
    if not CALL_SID.match(call_sid):
        raise InvalidInput("CallSid is missing or malformed.", {"CallSid": "required, letters and digits"})
    turn = request.args.get("turn", "")
    return CallInput(
        call_sid=call_sid, caller=params.get("From", ""), dialled=params.get("To", ""),
        speech=params.get("SpeechResult", "")[:1000], digits=params.get("Digits", "")[:8],
        turn=int(turn) if turn.isdigit() else None, event=request.args.get("event") or None,
        dial_status=params.get("DialCallStatus", ""), recording_url=params.get("RecordingUrl", ""),
        call_status=params.get("CallStatus", ""),
    )


@functions_framework.http
def voice_webhook(request):
    """Twilio's voice webhook and every <Gather>/<Dial>/<Record> action: answers TwiML."""
    from shared.errors import DomainError
    from shared.voice import twiml

    try:
        call = _twilio_call(request, "voice_webhook")
    except DomainError as exc:
        return http.json_response(http.error_body(exc), http.status_of(exc))
    from shared.adapters.roundtrips import counting

    began = time.perf_counter()
    with counting() as round_trips:
        try:
            business = bootstrap.directory().for_number(call.dialled)
            if business is None:
                answer = twiml.hangup("Sorry, this number is not set up yet. Goodbye.")
            else:
                answer = bootstrap.call_service().webhook(business, call)
        except Exception:
            log.exception("voice_webhook failed for call %s", call.call_sid)
            answer = twiml.hangup(APOLOGY)
    response = http.xml_response(answer)
    response.headers["X-VoiceHive-Turn"] = (f"total_ms={(time.perf_counter() - began) * 1000:.1f} "
                                            f"firestore_reads={round_trips['read']} "
                                            f"firestore_writes={round_trips['write']}")
    return response


@functions_framework.http
def voice_status(request):
    """Twilio's call status callback: records the end and queues post-call work."""
    from shared.errors import DomainError, ProviderError

    try:
        call = _twilio_call(request, "voice_status")
    except DomainError as exc:
        return http.json_response(http.error_body(exc), http.status_of(exc))
    business = bootstrap.directory().for_number(call.dialled)
    if business is None:
        return http.json_response({"ignored": "unknown number"})
    service = bootstrap.call_service()
    try:
        queued = service.status(business, call)
    except ProviderError:
        log.warning("post-call task for %s could not be queued; doing it now", call.call_sid)
        service.post_call(business, call.call_sid)
        queued = False
    return http.json_response({"status": call.call_status, "post_call_queued": queued})


@functions_framework.http
def post_call(request):
    """Cloud Tasks target: post-call summary and lead update, once per call."""
    from shared.errors import InvalidInput

    def handle():
        body = http.json_object(request)
        business_id, call_sid = body.get("business_id"), body.get("call_sid")
        if not isinstance(business_id, str) or not isinstance(call_sid, str) or not CALL_SID.match(call_sid):
            raise InvalidInput("business_id and call_sid are required",
                               {"business_id": "string", "call_sid": "a CallSid"})
        business = bootstrap.directory().get(business_id)
        return bootstrap.call_service().post_call(business, call_sid)

    return http.respond(handle)
