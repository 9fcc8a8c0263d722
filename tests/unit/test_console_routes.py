"""The console API's routing (before any token is looked at) and the local host's headers."""

from types import SimpleNamespace

import pytest

from shared import http
from shared.console import router


def request(method: str, path: str):
    return SimpleNamespace(method=method, path=path, headers={}, args={})


class NoTokens:
    """An app whose token check refuses everyone: routing decides before it is asked."""

    class id_tokens:  # noqa: N801
        @staticmethod
        def verify(authorization):
            from shared.errors import Unauthorized

            raise Unauthorized("no token")


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/api/nowhere", 404), ("GET", "/nowhere", 404),
    ("DELETE", "/api/businesses/b/calls", 405), ("PUT", "/api/me", 405),
])
def test_unknown_routes_and_methods(method, path, status):
    with pytest.raises(http.MalformedRequest) as caught:
        router.dispatch(NoTokens, request(method, path))
    assert caught.value.status == status


@pytest.mark.parametrize("path", ["/api/me", "/me", "/api/businesses/b/calls/", "/businesses/b/leads.csv"])
def test_known_routes_ask_for_a_token_with_or_without_the_hosting_prefix(path):
    from shared.errors import Unauthorized

    with pytest.raises(Unauthorized):
        router.dispatch(NoTokens, request("GET", path))


def test_every_business_route_says_who_may_call_it():
    for route in router.routes():
        assert route.access in ("public", "signed_in", "staff", "owner")
        if route.access in ("public", "signed_in"):
            assert "(?P<b>" not in route.pattern.pattern
    # Only what the sign-in page needs before anyone signs in.
    assert [(r.method, r.pattern.pattern) for r in router.routes() if r.access == "public"] == [("GET", "^/config$")]


def test_the_local_host_adds_only_the_auth_emulator_to_the_csp():
    from shared.local.console_host import headers_for, hosting_config

    config = hosting_config()
    cloud = dict(headers_for("/b/x/calls", config, None))["Content-Security-Policy"]
    local = dict(headers_for("/b/x/calls", config, "http://127.0.0.1:9099"))["Content-Security-Policy"]
    assert local == cloud.replace("connect-src 'self'", "connect-src 'self' http://127.0.0.1:9099").replace(
        "frame-src 'self'", "frame-src 'self' http://127.0.0.1:9099")
    assert "script-src 'self';" in cloud and "unsafe" not in cloud
    assert dict(headers_for("/assets/app-X.js", config, None))["Cache-Control"].endswith("immutable")
