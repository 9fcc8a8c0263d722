"""A local stand-in for the Mem0 platform's REST API (the routes `mem0.MemoryClient` calls), for
tests and benchmarks: ping, add, list, search, delete, delete all. Memories are kept in memory and
ranked with the local ONNX embedder. `POST /_mode {"mode": "down" | "slow" | "ok", "delay": s}`
makes it fail (503) or answer late; `GET /_memories` lists everything it holds.

    python -m shared.local.mem0_platform --port 8820 --api-key KEY
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

HOST = "127.0.0.1"


class Mem0Platform:
    def __init__(self, api_key: str):
        self.api_key = api_key
        self.memories: dict[str, dict] = {}
        self.mode = {"mode": "ok", "delay": 0.0}
        self.lock = threading.Lock()
        self._embedder = None

    def embed(self, text: str) -> list[float]:
        if self._embedder is None:
            from shared.adapters.embedder import LocalEmbedder

            self._embedder = LocalEmbedder()
        return self._embedder.embed(text)

    def add(self, body: dict) -> dict:
        user = body.get("user_id")
        if not user:
            return {"status": 400, "detail": "user_id is required"}
        for message in body.get("messages") or []:
            if message.get("role") != "user" or not str(message.get("content", "")).strip():
                continue
            text = str(message["content"])
            now = dt.datetime.now(dt.UTC).isoformat()
            memory = {"id": str(uuid.uuid4()), "memory": text, "user_id": user,
                      "metadata": body.get("metadata") or {}, "created_at": now, "updated_at": now,
                      "vector": self.embed(text)}
            with self.lock:
                self.memories[memory["id"]] = memory
        # The platform processes adds in the background and answers with an event to poll.
        return {"message": "Memory processing has been queued for background execution",
                "status": "PENDING", "event_id": str(uuid.uuid4())}

    def of_user(self, filters: dict) -> list[dict]:
        user = (filters or {}).get("user_id")
        if not user:
            raise ValueError("filters.user_id is required")
        with self.lock:
            return [m for m in self.memories.values() if m["user_id"] == user]

    @staticmethod
    def public(memory: dict, score: float | None = None) -> dict:
        shown = {k: v for k, v in memory.items() if k != "vector"}
        if score is not None:
            shown["score"] = score
        return shown

    def search(self, body: dict) -> dict:
        query = self.embed(str(body.get("query", "")))
        ranked = sorted(((sum(a * b for a, b in zip(query, m["vector"], strict=True)), m)
                         for m in self.of_user(body.get("filters"))), key=lambda pair: pair[0], reverse=True)
        return {"results": [self.public(m, round(s, 4)) for s, m in ranked[:int(body.get("top_k") or 10)]]}


class Mem0Handler(BaseHTTPRequestHandler):
    """The Mem0 platform stand-in's HTTP API over `platform` (bound by `handler_for`)."""

    platform: Mem0Platform

    def log_message(self, *args):
        pass

    def _reply(self, status: int, body: dict) -> None:
        raw = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (its budget); nothing to answer

    def _body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def _serve(self, method: str) -> None:
        url = urlparse(self.path)
        if url.path == "/_mode" and method == "POST":
            self.platform.mode = {"mode": "ok", "delay": 0.0} | self._body()
            return self._reply(200, self.platform.mode)
        if url.path == "/_memories":
            with self.platform.lock:
                return self._reply(200, {"results": [self.platform.public(m) for m in self.platform.memories.values()]})
        if self.platform.mode["mode"] == "down":
            return self._reply(503, {"detail": "Service Unavailable"})
        if self.platform.mode["mode"] == "slow":
            time.sleep(float(self.platform.mode.get("delay") or 1.0))
        if self.headers.get("Authorization") != f"Token {self.platform.api_key}":
            return self._reply(401, {"detail": "Invalid API key"})
        try:
            self._route(method, url)
        except ValueError as exc:
            self._reply(400, {"detail": str(exc)})

    def _route(self, method: str, url) -> None:
        path, query = url.path, parse_qs(url.query)
        if method == "GET" and path == "/v1/ping/":
            return self._reply(200, {"status": "ok", "org_id": "org-local", "project_id": "project-local",
                                     "user_email": "developer@voicehive.local"})
        if method == "POST" and path == "/v3/memories/add/":
            answer = self.platform.add(self._body())
            return self._reply(answer.pop("status", 200) if "detail" in answer else 200, answer)
        if method == "POST" and path == "/v3/memories/":
            found = [self.platform.public(m) for m in self.platform.of_user(self._body().get("filters"))]
            size = int(query.get("page_size", ["100"])[0])
            return self._reply(200, {"count": len(found), "next": None, "previous": None,
                                     "results": found[:size]})
        if method == "POST" and path == "/v3/memories/search/":
            return self._reply(200, self.platform.search(self._body()))
        if method == "DELETE" and path == "/v1/memories/":
            user = query.get("user_id", [""])[0]
            if not user:
                raise ValueError("user_id is required")
            with self.platform.lock:
                for key in [k for k, m in self.platform.memories.items() if m["user_id"] == user]:
                    del self.platform.memories[key]
            return self._reply(200, {"message": "Memories deleted successfully!"})
        if method == "DELETE" and path.startswith("/v1/memories/"):
            with self.platform.lock:
                gone = self.platform.memories.pop(path.split("/")[3], None)
            if gone is None:
                return self._reply(404, {"detail": "Memory not found"})
            return self._reply(200, {"message": "Memory deleted successfully!"})
        self._reply(404, {"detail": f"no route {method} {path}"})

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_DELETE(self):
        self._serve("DELETE")


def handler_for(platform: Mem0Platform) -> type[Mem0Handler]:
    return type("Handler", (Mem0Handler,), {"platform": platform})


def serve(port: int, api_key: str) -> ThreadingHTTPServer:
    """Start the server in a thread (tests and benchmarks); `server.platform` is its state."""
    platform = Mem0Platform(api_key)
    server = ThreadingHTTPServer((HOST, port), handler_for(platform))
    server.platform = platform
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-key", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer((HOST, args.port), handler_for(Mem0Platform(args.api_key)))
    server.serve_forever()


if __name__ == "__main__":
    main()
