"""Typed errors → HTTP responses, in one place, plus the JSON body parsing every endpoint shares."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from shared import errors

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
# Twilio's webhook forms are a few KiB (an SMS of 1,600 characters with ten media URLs is under 8).
MAX_FORM_BYTES = 64 * 1024
MAX_FORM_FIELDS = 500

_STATUS = [
    (errors.InvalidInput, 422),
    (errors.NotFound, 404),
    (errors.Unauthorized, 401),
    (errors.Forbidden, 403),
    (errors.TooManyRequests, 429),
    (errors.Conflict, 409),
    (errors.DomainError, 400),
]


class MalformedRequest(errors.DomainError):
    code = "malformed_request"

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def error_body(exc: errors.VoiceHiveError) -> dict:
    body: dict[str, Any] = {"code": exc.code, "message": exc.message}
    if isinstance(exc, errors.InvalidInput) and exc.fields:
        body["fields"] = exc.fields
    if isinstance(exc, errors.SlotTaken):
        body["alternatives"] = exc.alternatives
    return {"error": body}


def status_of(exc: errors.VoiceHiveError) -> int:
    if isinstance(exc, MalformedRequest):
        return exc.status
    if isinstance(exc, errors.ProviderError):
        return 503 if exc.retryable else 502
    for kind, status in _STATUS:
        if isinstance(exc, kind):
            return status
    return 500


def json_response(body: Any, status: int = 200):
    from flask import Response

    return Response(json.dumps(body, default=str), status=status, mimetype="application/json")


def html_response(body: str, status: int = 200):
    from flask import Response

    response = Response(body, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def xml_response(body: str, status: int = 200):
    from flask import Response

    return Response(body, status=status, mimetype="text/xml")


def respond(handler: Callable[[], Any]):
    """Run `handler` and turn its result (unless it is a response already), or its typed error,
    into a JSON response."""
    try:
        result = handler()
        return result if hasattr(result, "status_code") else json_response(result)
    except errors.VoiceHiveError as exc:
        if isinstance(exc, errors.ProviderError):
            log.warning("provider error: %s", exc.message)
        response = json_response(error_body(exc), status_of(exc))
        if isinstance(exc, errors.TooManyRequests):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except Exception:
        log.exception("unhandled error")
        return json_response({"error": {"code": "internal", "message": "Internal error."}}, 500)


def client_address(request) -> str:
    """Who sent the request: Google's front end appends the client's address to X-Forwarded-For
    (anything before it is what the client claimed), locally the socket's peer."""
    forwarded = request.headers.get("X-Forwarded-For", "")
    return forwarded.rsplit(",", 1)[-1].strip() if forwarded else (request.remote_addr or "")


def json_array(request) -> list:
    body = _parse(request)
    if not isinstance(body, list):
        raise MalformedRequest("Body must be a JSON array.")
    return body


def capped_body(request, limit: int) -> bytes:
    """The raw body, read no further than `limit` bytes; 413 when it is longer. Nothing is parsed
    (and no multi-megabyte body is read) before this."""
    if request.content_length and request.content_length > limit:
        raise MalformedRequest(f"Body larger than {limit} bytes.", 413)
    raw = request.environ.get("voicehive.body")
    if raw is None:
        raw = request.environ["voicehive.body"] = request.stream.read(limit + 1)
    if len(raw) > limit:
        raise MalformedRequest(f"Body larger than {limit} bytes.", 413)
    return raw


def form(request) -> dict[str, str]:
    """A webhook's urlencoded form (first value of each name, blanks kept), capped before parsing."""
    if request.mimetype != "application/x-www-form-urlencoded":
        return {}
    raw = capped_body(request, MAX_FORM_BYTES)
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                          max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise MalformedRequest(f"Body is not a form of at most {MAX_FORM_FIELDS} UTF-8 fields.") from None
    params: dict[str, str] = {}
    for name, value in pairs:
        params.setdefault(name, value)
    return params


def _parse(request):
    raw = capped_body(request, MAX_BODY_BYTES)
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise MalformedRequest("Body is not valid JSON.") from None
    except RecursionError:
        raise MalformedRequest("Body is nested too deeply.") from None


def json_object(request) -> dict:
    """The request body as a JSON object, or a 400/413 naming what is wrong."""
    body = _parse(request)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise MalformedRequest("Body must be a JSON object.")
    return body
