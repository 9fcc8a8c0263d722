"""Typed errors → HTTP responses, in one place, plus the JSON body parsing every endpoint shares."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from shared import errors

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024

_STATUS = [
    (errors.InvalidInput, 422),
    (errors.NotFound, 404),
    (errors.Unauthorized, 401),
    (errors.Forbidden, 403),
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
        return json_response(error_body(exc), status_of(exc))
    except Exception:
        log.exception("unhandled error")
        return json_response({"error": {"code": "internal", "message": "Internal error."}}, 500)


def json_array(request) -> list:
    body = _parse(request)
    if not isinstance(body, list):
        raise MalformedRequest("Body must be a JSON array.")
    return body


def _parse(request):
    if request.content_length and request.content_length > MAX_BODY_BYTES:
        raise MalformedRequest(f"Body larger than {MAX_BODY_BYTES} bytes.", 413)
    raw = request.get_data(cache=True)
    if len(raw) > MAX_BODY_BYTES:
        raise MalformedRequest(f"Body larger than {MAX_BODY_BYTES} bytes.", 413)
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise MalformedRequest("Body is not valid JSON.") from None


def json_object(request) -> dict:
    """The request body as a JSON object, or a 400/413 naming what is wrong."""
    body = _parse(request)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise MalformedRequest("Body must be a JSON object.")
    return body
