"""A scripted OpenAI-compatible server on 127.0.0.1 for tests and benchmarks.

It speaks `POST /v1/chat/completions` (the wire format the official `openai` client sends and
expects) and answers from a script: a queue of replies (text or tool calls), or a function of the
request. Every request body is kept for assertions. Replies can be delayed or fail with a status.
A request with `"stream": true` is answered with server-sent events, as OpenAI streams: the first
token after `first_token_latency` seconds, then one word every `token_interval` seconds.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def text(content: str) -> dict:
    return {"content": content}


def tool(tool_name: str, /, **arguments) -> dict:
    return {"tool_calls": [(tool_name, arguments)]}


def failure(status: int = 500, delay: float = 0.0) -> dict:
    return {"status": status, "delay": delay}


def slow(reply: dict, delay: float) -> dict:
    return {**reply, "delay": delay}


def completion(reply: dict, request: dict) -> dict:
    prompt_tokens = len(json.dumps(request.get("messages", []))) // 4
    message: dict = {"role": "assistant", "content": reply.get("content")}
    finish = "stop"
    if reply.get("tool_calls"):
        message["tool_calls"] = [
            {"id": f"call_{uuid.uuid4().hex[:12]}", "type": "function",
             "function": {"name": name, "arguments": json.dumps(arguments)}}
            for name, arguments in reply["tool_calls"]]
        finish = "tool_calls"
    completion_tokens = len(json.dumps(message)) // 4
    return {"id": f"chatcmpl-{uuid.uuid4().hex[:12]}", "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "scripted"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens}}


def chunks(reply: dict, request: dict) -> list[dict]:
    """The reply as the chat.completion.chunk objects of a stream: a role chunk, the content word
    by word (or each tool call whole), the finish, and the usage when asked for."""
    whole = completion(reply, request)
    base = {"id": whole["id"], "object": "chat.completion.chunk", "created": whole["created"],
            "model": whole["model"]}

    def chunk(delta: dict, finish: str | None = None) -> dict:
        return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]}

    message = whole["choices"][0]["message"]
    out = [chunk({"role": "assistant", "content": ""})]
    out += [chunk({"content": word}) for word in re.findall(r"\s*\S+", message.get("content") or "")]
    for i, call in enumerate(message.get("tool_calls") or []):
        out.append(chunk({"tool_calls": [{"index": i, **call}]}))
    out.append(chunk({}, whole["choices"][0]["finish_reason"]))
    if (request.get("stream_options") or {}).get("include_usage"):
        out.append({**base, "choices": [], "usage": whole["usage"]})
    return out


class ScriptedLLM:
    def __init__(self):
        self.first_token_latency = 0.0   # streamed replies: seconds before the first token
        self.token_interval = 0.0        # and between tokens
        self.replies: deque[dict] = deque()
        self.responder: Callable[[dict], dict] | None = None
        self.requests: list[dict] = []
        self.summary_requests: list[dict] = []
        self.summary_reply: dict = text("Jane called to book a haircut; it was booked. She is allergic to latex.")
        self._lock = threading.Lock()
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> ScriptedLLM:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def script(self, *replies: dict) -> None:
        with self._lock:
            self.replies.clear()
            self.replies.extend(replies)
            self.responder = None
            self.requests.clear()

    def next_reply(self, request: dict) -> dict:
        with self._lock:
            if "tools" not in request and self.responder is None:
                # An after-call summary request: answered aside, so it never takes a turn's reply.
                self.summary_requests.append(request)
                return self.summary_reply
            self.requests.append(request)
            if self.responder is not None:
                return self.responder(request)
            if not self.replies:
                return failure(500)
            return self.replies.popleft()

    def _handler(self):
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a real API endpoint
            disable_nagle_algorithm = True  # else headers and body wait on a delayed ACK (~40 ms)

            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "unknown route", "type": "invalid_request_error"}})
                    return
                reply = owner.next_reply(request)
                if reply.get("delay"):
                    time.sleep(reply["delay"])
                if reply.get("status"):
                    error = {"error": {"message": "scripted failure", "type": "server_error"}}
                    self._send(reply["status"], error)
                    return
                if request.get("stream"):
                    self._stream(chunks(reply, request))
                else:
                    self._send(200, completion(reply, request))

            def _stream(self, events: list[dict]):
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    self._event(events[0])  # the role chunk: headers and body start at once
                    time.sleep(owner.first_token_latency)
                    for n, event in enumerate(events[1:]):
                        if n and owner.token_interval and event["choices"]:
                            time.sleep(owner.token_interval)
                        self._event(event)
                    self._chunk(b"data: [DONE]\n\n")
                    self._chunk(b"")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (deadline)

            def _event(self, event: dict):
                self._chunk(b"data: " + json.dumps(event).encode() + b"\n\n")

            def _chunk(self, data: bytes):
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def _send(self, status: int, body: dict):
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (deadline); nothing to answer

        return Handler


def main() -> None:
    """`python -m shared.local.scripted_llm --port P --reply TEXT --delay S`: answer every request
    with the same text after a fixed delay (load tests run it in its own process)."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--reply", default="Sure, happy to help. Anything else?")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--first-token", type=float, default=0.0, help="streamed: seconds to the first token")
    parser.add_argument("--token-interval", type=float, default=0.0, help="streamed: seconds between tokens")
    args = parser.parse_args()
    server = ScriptedLLM()
    server.first_token_latency, server.token_interval = args.first_token, args.token_interval
    server.server.server_close()
    server.server = ThreadingHTTPServer(("127.0.0.1", args.port), server._handler())
    server.server.daemon_threads = True
    server.responder = lambda request: slow(text(args.reply), args.delay) if args.delay else text(args.reply)
    server.requests = _Discard()
    server.server.serve_forever()


class _Discard(list):
    """Keeps nothing: a long load test would otherwise hold every request body."""

    def append(self, item) -> None:
        pass


if __name__ == "__main__":
    main()
