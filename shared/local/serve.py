"""Serves every Cloud Function of functions/main.py from one process, each at /{function_name},
each built by functions-framework's own app factory (what runs here is what deploys)."""

from __future__ import annotations

import argparse
import logging
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _slash_root(app):
    """Cloud URLs serve /{name} directly; Flask would 308-redirect it to /{name}/."""

    def wrapped(environ, start_response):
        if not environ.get("PATH_INFO"):
            environ["PATH_INFO"] = "/"
        return app(environ, start_response)

    return wrapped


def _health(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def _clock_endpoint(environ, start_response):
    """`GET /_clock` answers the server's now; `POST /_clock` with `{"now": ISO}` sets a pinned clock
    (VOICEHIVE_CLOCK_START, which Settings refuses in production). Local server only: no Cloud
    Function has this route."""
    import json

    from shared.app import get_app
    from shared.clock import TickingClock, parse_instant

    clock = get_app().clock
    status, body = "200 OK", {}
    if environ["REQUEST_METHOD"] == "POST":
        if not isinstance(clock, TickingClock):
            status, body = "409 Conflict", {"error": "the clock is not pinned (set VOICEHIVE_CLOCK_START)"}
        else:
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
                clock.set(parse_instant(json.loads(environ["wsgi.input"].read(min(length, 4096)))["now"]))
            except (ValueError, KeyError, TypeError) as exc:
                status, body = "422 Unprocessable Entity", {"error": f"now: {exc}"}
    body.setdefault("now", clock().isoformat())
    start_response(status, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]


def build_app():
    import functions_framework
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from functions.main import FUNCTIONS

    source = os.path.join(ROOT, "functions", "main.py")
    mounts = {f"/{name}": _slash_root(functions_framework.create_app(name, source))
              for name in FUNCTIONS}
    mounts["/_clock"] = _clock_endpoint
    return DispatcherMiddleware(_health, mounts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    from werkzeug.serving import run_simple

    run_simple(args.host, args.port, build_app(), threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
