"""voice_relay: the Cloud Run service Twilio ConversationRelay connects to (an ASGI app on uvicorn;
a Cloud Function cannot hold a WebSocket).

    python -m shared.voice.relay.app --port 8820          (the local stack runs it so)
    uvicorn --factory shared.voice.relay.app:build_app     (the container)

Routes: `GET /` health; `WS /voice_relay` one call's session, refused (403) unless the handshake
carries Twilio's signature for VOICE_RELAY_URL; `POST /_clock` sets a pinned clock (local runs
only, like the functions server's); `GET /_figures` gives the last turns' latency steps (not in
production). Nothing is built at import time.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial

log = logging.getLogger(__name__)
PATH = "/voice_relay"


def build_app():
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, PlainTextResponse
    from starlette.routing import Route, WebSocketRoute

    from shared.app import get_app
    from shared.config import get_settings

    settings = get_settings()
    pool = ThreadPoolExecutor(max_workers=settings.voice_relay.workers, thread_name_prefix="relay-turn")
    figures: collections.deque = collections.deque(maxlen=5000)

    async def run_blocking(function, *args):
        return await asyncio.get_running_loop().run_in_executor(pool, partial(function, *args))

    async def health(request):
        return PlainTextResponse("ok")

    async def session(websocket):
        from shared.errors import Forbidden
        from shared.services.call_relay import RelayCalls
        from shared.voice import signature
        from shared.voice.relay.session import RelaySession

        try:
            signature.verify_handshake(settings.voice_relay.url or "", websocket.url.path, websocket.url.query,
                                       websocket.headers.get("x-twilio-signature", ""),
                                       settings.twilio.auth_token or "")
        except Forbidden as exc:
            log.warning("voice_relay: handshake refused: %s", exc)
            await websocket.close(code=1008)  # before accept: the client gets HTTP 403
            return
        await websocket.accept()
        app = get_app()
        relay = RelayCalls(app.call_service)
        talk = RelaySession(websocket, relay, app.directory, run_blocking,
                            settings.voice_relay.silence_seconds, settings.voice_relay.filler_ms)
        await talk.run()
        try:
            await websocket.close()
        except Exception:
            pass  # already closed by Twilio
        log.info("voice_relay: session ended; first words per turn: %s", json.dumps(talk.figures))
        figures.extend(talk.figures)

    async def clock(request):
        from shared.clock import TickingClock, parse_instant

        now = get_app().clock
        if request.method == "POST":
            if not isinstance(now, TickingClock):
                return JSONResponse({"error": "the clock is not pinned (set VOICEHIVE_CLOCK_START)"}, 409)
            try:
                now.set(parse_instant((await request.json())["now"]))
            except (ValueError, KeyError, TypeError) as exc:
                return JSONResponse({"error": f"now: {exc}"}, 422)
        return JSONResponse({"now": now().isoformat()})

    routes = [Route("/", health), WebSocketRoute(PATH, session)]
    if settings.runtime.voicehive_clock_start:  # refused by Settings in production
        routes.append(Route("/_clock", clock, methods=["GET", "POST"]))
    if settings.runtime.environment != "production":
        routes.append(Route("/_figures", partial(_turn_figures, figures), methods=["GET", "DELETE"]))
    def warm_up() -> None:
        """Import and build what a turn uses before the first caller needs it (a long-lived
        service: the first turn should not pay the openai import or the tool schemas)."""
        service = get_app().call_service
        if service.llm is not None:
            service.llm()
        service.offline_engine()
        get_app().directory  # noqa: B018  (builds the Firestore client)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await run_blocking(warm_up)
        yield
        pool.shutdown(wait=False)

    return Starlette(routes=routes, lifespan=lifespan)


async def _turn_figures(figures: collections.deque, request):
    """The last turns' figures (ms from the caller's words to each step, the worker thread's CPU)
    and the process's CPU seconds; DELETE forgets them (bench/relay_latency.py prints them)."""
    from starlette.responses import JSONResponse

    if request.method == "DELETE":
        figures.clear()
    return JSONResponse({"turns": list(figures), "cpu_seconds": time.process_time()})


def main() -> None:
    import argparse

    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m shared.voice.relay.app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8820")))
    args = parser.parse_args()
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    uvicorn.run(build_app(), host=args.host, port=args.port, ws="websockets", log_level="warning",
                ws_ping_interval=20, ws_ping_timeout=20)


if __name__ == "__main__":
    main()
