"""Structured logs that Cloud Logging understands, with personal data redacted.

Each record is one JSON line: severity, message, time, the request's trace
(`logging.googleapis.com/trace` from X-Cloud-Trace-Context) and labels such as the call and the
business. Phone numbers keep their last 4 digits, emails their first letter and domain.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
from contextlib import contextmanager

_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("log_context", default=None)
PHONE = re.compile(r"(?<![\w/])\+?\d[\d\s().-]{7,}\d(?![\w/])")
EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")


def _phone(match: re.Match) -> str:
    candidate = match.group(0)
    digits = re.sub(r"\D", "", candidate)
    if not 10 <= len(digits) <= 15 or re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", candidate):
        return candidate  # an address, a date or a count, not a phone number
    return "***" + digits[-4:]


def redact(text: str) -> str:
    text = EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    return PHONE.sub(_phone, text)


class CloudJsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + self.formatException(record.exc_info)
        entry = {"severity": record.levelname, "message": redact(message),
                 "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
                 "logger": record.name}
        context = _context.get() or {}
        if context.get("trace"):
            entry["logging.googleapis.com/trace"] = context["trace"]
        labels = {k: redact(str(v)) for k, v in context.items() if k != "trace" and v}
        if labels:
            entry["logging.googleapis.com/labels"] = labels
        return json.dumps(entry)


def configure(level: str = "INFO") -> None:
    """JSON lines on stderr for every logger (once per process)."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, CloudJsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(CloudJsonFormatter())
    root.handlers = [handler]
    root.setLevel(level)


def trace_of(header: str | None, project: str) -> str | None:
    """`X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=1` -> projects/PROJECT/traces/TRACE_ID."""
    if not header:
        return None
    trace_id = header.split("/", 1)[0].strip()
    return f"projects/{project}/traces/{trace_id}" if re.fullmatch(r"[0-9a-fA-F]{8,64}", trace_id) else None


@contextmanager
def request_context(**labels):
    token = _context.set({k: v for k, v in labels.items() if v})
    try:
        yield
    finally:
        _context.reset(token)


def label(**labels) -> None:
    """Add labels (e.g. the call id once it is known) to the current request's logs."""
    _context.set({**(_context.get() or {}), **{k: v for k, v in labels.items() if v}})
