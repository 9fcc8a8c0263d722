"""Twilio webhook signatures, checked against the URL Twilio was given.

Behind Google's front end the request URL seen by the function is not the one Twilio signed
(scheme, host, path prefix differ), so the URL is rebuilt from PUBLIC_BASE_URL + /{function} +
the raw sub-path + the raw query string. Blank parameters are part of the signature.
"""

from __future__ import annotations

from shared.errors import Forbidden


def public_url(base_url: str, function: str, path: str, query: str) -> str:
    url = f"{base_url.rstrip('/')}/{function}"
    if path and path != "/":
        url += path if path.startswith("/") else f"/{path}"
    if query:
        url += f"?{query}"
    return url


def verify(request, function: str, base_url: str, auth_token: str) -> dict[str, str]:
    """The form parameters of a genuine Twilio request; Forbidden otherwise."""
    from twilio.request_validator import RequestValidator

    from shared import http

    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not auth_token:
        raise Forbidden("Missing Twilio signature.")
    params = http.form(request)  # capped before it is parsed: the signature covers the parsed form
    query = request.query_string.decode("latin-1")
    validator = RequestValidator(auth_token)
    candidates = {public_url(base_url, function, request.path, query)}
    candidates.add(public_url(base_url, function, request.path.rstrip("/") + "/", query))
    if any(validator.validate(url, params, signature) for url in candidates):
        return params
    raise Forbidden("Invalid Twilio signature.")


def verify_handshake(relay_url: str, path: str, query: str, signature: str, auth_token: str) -> None:
    """A ConversationRelay WebSocket handshake (a GET, no parameters) signed by Twilio for the
    URL it was given (`relay_url`'s scheme and host, and the path and query it asked for);
    Forbidden otherwise. Twilio's docs say it signs the handshake as it signs webhooks; the scheme
    it signs is not stated, so both the wss:// URL and its https:// twin are accepted."""
    from urllib.parse import urlsplit

    from twilio.request_validator import RequestValidator

    if not signature or not auth_token or not relay_url:
        raise Forbidden("Missing Twilio signature.")
    given = urlsplit(relay_url)
    validator = RequestValidator(auth_token)
    for scheme in dict.fromkeys((given.scheme, "wss", "https")):
        url = f"{scheme}://{given.netloc}{path or '/'}" + (f"?{query}" if query else "")
        if validator.validate(url, {}, signature):
            return
    raise Forbidden("Invalid Twilio signature.")
