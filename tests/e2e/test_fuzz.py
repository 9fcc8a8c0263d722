"""Every public function under random and malformed input: never a 5xx, and nothing written by a
request that was refused. Bodies are random JSON, random forms (signed and unsigned), huge fields,
unicode, wrong content types."""

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from functions.main import FUNCTIONS  # noqa: E402  (every function, public or private)
from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from tests.e2e.conftest import register

TWILIO_SIGNED = ("voice_webhook", "voice_status", "messaging_status", "sms_inbound")
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
                           lambda children: st.lists(children, max_size=5)
                           | st.dictionaries(text, children, max_size=5), max_leaves=20)
form_keys = st.sampled_from(["CallSid", "From", "To", "SpeechResult", "Digits", "CallStatus", "MessageSid",
                             "MessageStatus", "Body", "DialCallStatus", "RecordingUrl", "ErrorCode", "AccountSid"])
forms = st.dictionaries(form_keys | text, text | st.just("x" * 20000), max_size=8)


def post(url, body: bytes, headers=None):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def document_count(firestore_client):
    return sum(1 for _ in firestore_client.collection_group("calls").stream()) + \
        sum(1 for _ in firestore_client.collection_group("notifications").stream()) + \
        sum(1 for _ in firestore_client.collection_group("sms_threads").stream())


@pytest.fixture(scope="module")
def base(stack):
    return f"http://127.0.0.1:{stack.functions_port}"


@pytest.mark.parametrize("function", FUNCTIONS)
@FUZZ
@given(body=json_values, content_type=st.sampled_from(["application/json", "text/plain",
                                                       "application/x-www-form-urlencoded", ""]))
def test_random_json_never_breaks_a_function(base, function, body, content_type):
    status = post(f"{base}/{function}", json.dumps(body).encode(), {"Content-Type": content_type})
    assert status < 500, (function, body)


@pytest.mark.parametrize("function", FUNCTIONS)
@FUZZ
@given(raw=st.binary(max_size=2000))
def test_random_bytes_never_break_a_function(base, function, raw):
    assert post(f"{base}/{function}", raw, {"Content-Type": "application/octet-stream"}) < 500


@pytest.mark.parametrize("function", TWILIO_SIGNED)
@FUZZ
@given(form=forms, query=st.dictionaries(st.sampled_from(["turn", "event", "b", "n", "call"]), text, max_size=3))
def test_signed_random_twilio_forms_get_a_clear_answer(base, firestore_client, function, form, query):
    url = f"{base}/{function}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
    signature = RequestValidator(LOCAL_TWILIO_AUTH_TOKEN).compute_signature(url, form)
    before = document_count(firestore_client)
    status = post(url, urllib.parse.urlencode(form).encode(), {
        "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"})
    assert status < 500, (function, form, query)
    assert document_count(firestore_client) == before  # no business answers a random number


@pytest.mark.parametrize("function", TWILIO_SIGNED + ("email_events",))
@FUZZ
@given(form=forms)
def test_unsigned_requests_are_refused_without_a_write(base, firestore_client, function, form):
    from shared.http import MAX_BODY_BYTES, MAX_FORM_BYTES

    before = document_count(firestore_client)
    body = urllib.parse.urlencode(form).encode()
    status = post(f"{base}/{function}", body,
                  {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "bm90IGEgc2ln"})
    cap = MAX_BODY_BYTES if function == "email_events" else MAX_FORM_BYTES
    assert status == (413 if len(body) > cap else 403)  # too big is refused before it is read
    assert document_count(firestore_client) == before


@FUZZ
@given(tool=st.sampled_from(["book_appointment", "capture_lead", "check_availability", "search_leads",
                             "reschedule_appointment", "cancel_appointment", "list_notifications",
                             "send_confirmation", "answer_faq", "list_schedule"]) | text,
       args=st.dictionaries(st.sampled_from(["service", "start", "date", "end_date", "caller_phone", "caller_name",
                                             "phone", "name", "email", "appointment_id", "new_start", "text",
                                             "min_score", "limit", "cursor", "status", "question"]) | text,
                            json_values, max_size=6))
def test_random_tool_calls_get_clear_errors(stack, base, firestore_client, tool, args):
    business, key = _business(stack)
    status = post(f"{base}/tools/{urllib.parse.quote(tool, safe='')}", json.dumps(args).encode(),
                  {"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    assert status < 500, (tool, args)


_registered = {}


def _business(stack):
    if "shop" not in _registered:
        _registered["shop"] = register()
    return _registered["shop"]
