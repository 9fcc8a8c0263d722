"""Serves the owner console locally as Firebase Hosting does in the cloud, from firebase.json's
`hosting` section: the built assets of console/dist with its headers (the Content-Security-Policy
among them), its /api/** rewrite to console_api (run in this process by functions-framework, as
deployed), the single-page fallback to index.html, and /__/firebase/init.json.

Why not the Hosting emulator of firebase-tools: its function rewrites reach only the Functions
emulator of firebase-tools, which does not run our functions-framework layout, and its CLI takes
about 10 s to start. The CSP here adds the Auth emulator's origin, which the page talks to.
"""

from __future__ import annotations

import argparse
import json
import logging
import mimetypes
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "console" / "dist"


def hosting_config() -> dict:
    return json.loads((ROOT / "firebase.json").read_text())["hosting"]


def headers_for(path: str, config: dict, auth_origin: str | None) -> list[tuple[str, str]]:
    found = []
    for rule in config["headers"]:
        source = rule["source"]
        if source == "**" or (source.endswith("/**") and path.startswith(source[:-2])):
            for header in rule["headers"]:
                value = header["value"]
                if header["key"] == "Content-Security-Policy" and auth_origin:   # the page talks to it, and
                    value = value.replace("connect-src 'self'", f"connect-src 'self' {auth_origin}")  # frames its
                    value = value.replace("frame-src 'self'", f"frame-src 'self' {auth_origin}")   # sign-in helper
                found.append((header["key"], value))
    return found


def build_app(project: str, auth_host: str | None, dist: Path = DIST):
    import functions_framework
    from werkzeug.wrappers import Request, Response

    config = hosting_config()
    api = functions_framework.create_app("console_api", str(ROOT / "functions" / "main.py"))
    auth_origin = f"http://{auth_host}" if auth_host else None
    init = {"projectId": project, "apiKey": "local-emulator-key", "authDomain": f"{project}.firebaseapp.com",
            "authEmulatorUrl": auth_origin}

    def app(environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        if path.startswith("/api/") or path == "/api":
            return api(environ, start_response)
        if path == "/_clock":   # the pinned clock of console_api here, as on the functions server
            from shared.local.serve import _clock_endpoint

            return _clock_endpoint(environ, start_response)
        request = Request(environ)
        if path == "/__/firebase/init.json":
            response = Response(json.dumps(init), mimetype="application/json")
        else:
            response = _static(request, dist)
        for key, value in headers_for(path, config, auth_origin):
            response.headers[key] = value
        return response(environ, start_response)

    return app


def _static(request, dist: Path):
    from werkzeug.wrappers import Response

    relative = request.path.lstrip("/")
    target = (dist / relative).resolve() if relative else dist / "index.html"
    if not str(target).startswith(str(dist.resolve())) or not target.is_file():
        html = target.suffix in ("", ".html")
        target = dist / "index.html" if html else None   # the single-page app's own routes
    if target is None or not target.is_file():
        return Response("Not found", status=404, mimetype="text/plain")
    kind = mimetypes.guess_type(str(target))[0] or "application/octet-stream"
    return Response(target.read_bytes(), mimetype=kind)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    from werkzeug.serving import run_simple

    app = build_app(os.environ.get("GOOGLE_CLOUD_PROJECT", "demo-voicehive"),
                    os.environ.get("FIREBASE_AUTH_EMULATOR_HOST"))
    run_simple(args.host, args.port, app, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
