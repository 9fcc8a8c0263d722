"""Verifies the OIDC token Cloud Tasks and Cloud Scheduler attach to what they deliver: signed by
Google (its published certificates, or OIDC_CERTS_URL's outside production), for this function's
URL (the audience), by the tasks service account, not expired. IAM checks the same in front of a
private function; checking it here too means a function deployed public by mistake, or reached
another way, still refuses everyone else."""

from __future__ import annotations

import threading

from cachetools import TTLCache

from shared.errors import Forbidden

GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
ISSUERS = ("accounts.google.com", "https://accounts.google.com")


class _CachedGet:
    """A google.auth transport that keeps the signing certificates for a few minutes (they rotate
    daily): one fetch per instance, not one per task."""

    def __init__(self):
        import google.auth.transport.requests

        self._inner = google.auth.transport.requests.Request()
        self._cache: TTLCache = TTLCache(maxsize=4, ttl=300)
        self._lock = threading.Lock()

    def __call__(self, url, method="GET", body=None, headers=None, timeout=None, **kwargs):
        with self._lock:
            cached = self._cache.get(url) if method == "GET" else None
        if cached is not None:
            return cached
        response = self._inner(url, method=method, body=body, headers=headers, timeout=timeout or 5, **kwargs)
        if method == "GET" and response.status == 200:
            with self._lock:
                self._cache[url] = response
        return response


_transport: list[_CachedGet] = []


def verify(authorization: str | None, audience: str, service_account: str, certs_url: str | None = None) -> dict:
    """The token's claims when it is what Cloud Tasks sends for `audience` as `service_account`;
    Forbidden otherwise (the reason is logged by the caller, not shown)."""
    from google.auth import exceptions
    from google.oauth2 import id_token

    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Forbidden("A Google-signed OIDC token is required.")
    if not _transport:
        _transport.append(_CachedGet())
    try:
        claims = id_token.verify_token(token.strip(), _transport[0], audience=audience,
                                       certs_url=certs_url or GOOGLE_CERTS_URL, clock_skew_in_seconds=10)
    except (ValueError, exceptions.GoogleAuthError) as exc:
        raise Forbidden(f"The OIDC token does not verify: {exc}"[:200]) from None
    if claims.get("iss") not in ISSUERS:
        raise Forbidden("The OIDC token was not issued by Google.")
    if claims.get("email") != service_account or claims.get("email_verified") is not True:
        raise Forbidden("The OIDC token is not the tasks service account's.")
    return claims
