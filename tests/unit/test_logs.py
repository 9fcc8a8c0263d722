import json
import logging

from shared import logs


def emit(message, *args, **context):
    record = logging.LogRecord("t", logging.INFO, __file__, 1, message, args, None)
    with logs.request_context(**context):
        return json.loads(logs.CloudJsonFormatter().format(record))


def test_lines_are_cloud_logging_json_with_trace_and_labels():
    trace = logs.trace_of("105445aa7843bc8bf206b12000100000/1;o=1", "acme")
    entry = emit("turn answered", trace=trace, call_sid="CA123", business_id="bella")
    assert entry["severity"] == "INFO" and entry["message"] == "turn answered"
    assert entry["logging.googleapis.com/trace"] == "projects/acme/traces/105445aa7843bc8bf206b12000100000"
    assert entry["logging.googleapis.com/labels"] == {"call_sid": "CA123", "business_id": "bella"}


def test_phone_numbers_and_emails_are_redacted():
    entry = emit("sms to %s, email %s, from (212) 555-0142", "+12125550142", "jane.doe@example.com")
    assert "2125550142" not in entry["message"] and "***0142" in entry["message"]
    assert "jane.doe" not in entry["message"] and "j***@example.com" in entry["message"]
    for harmless in ("appointment 20261125T1430Z for 45 minutes", "127.0.0.1 - - [25/Nov/2026 14:46:58]",
                     "booked for 2026-11-27 10:00", "order 1234567"):
        assert emit(harmless)["message"] == harmless


def test_bad_trace_headers_are_ignored():
    assert logs.trace_of(None, "p") is None and logs.trace_of("not a trace", "p") is None
