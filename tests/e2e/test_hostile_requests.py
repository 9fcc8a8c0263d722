"""Requests an attacker or a broken client sends: each gets a quick 4xx naming what is wrong, never a
500, and costs little before it is refused (issue #22: 12, 14, 15)."""

import base64
import json
import time

import pytest
import requests

from shared.config import LOCAL_TWILIO_AUTH_TOKEN


def cursor_of(doc_id) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": doc_id}).encode()).decode()


@pytest.mark.parametrize("doc_id", ["..", ".", "__x__", "\ud800", "x" * 1501])
def test_a_search_cursor_naming_an_impossible_document_is_a_422_on_the_cursor(api, doc_id):
    response = api.call("search_leads", {"cursor": cursor_of(doc_id)})
    assert response.status_code == 422, response.text
    assert "cursor" in response.json()["error"]["fields"]


def test_json_nested_a_hundred_thousand_deep_is_a_400_not_a_500(api):
    response = api.call("capture_lead", raw=b"[" * 100_000 + b"]" * 100_000)
    assert response.status_code == 400 and "nested" in response.json()["error"]["message"]
    inner = api.call("capture_lead", raw=b'{"name": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert inner.status_code == 400


@pytest.mark.parametrize("function", ["voice_webhook", "voice_status", "sms_inbound", "messaging_status"])
def test_an_unsigned_16_mb_form_to_a_twilio_webhook_is_refused_before_it_is_read(stack, function):
    url = f"http://127.0.0.1:{stack.functions_port}/{function}"
    body = b"SpeechResult=" + b"a" * (16 * 1024 * 1024)
    began = time.perf_counter()
    response = requests.post(url, data=body, timeout=30, headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "forged"})
    assert response.status_code == 413, response.text
    assert time.perf_counter() - began < 2.0  # was 11.6 s of CPU before its 403
    unsigned = requests.post(url, data=body, timeout=30, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert unsigned.status_code == 403  # no signature: refused without reading the body at all


def test_a_signed_form_over_the_cap_or_with_too_many_fields_is_a_4xx(stack):
    from twilio.request_validator import RequestValidator

    url = f"http://127.0.0.1:{stack.functions_port}/voice_webhook"
    for params, status in (({"CallSid": "CA" + "1" * 32, "SpeechResult": "a" * 70_000}, 413),
                           ({f"p{n}": "" for n in range(600)}, 400)):
        signature = RequestValidator(LOCAL_TWILIO_AUTH_TOKEN).compute_signature(url, params)
        response = requests.post(url, data=params, timeout=30, headers={"X-Twilio-Signature": signature})
        assert response.status_code == status, response.text


def test_wrong_api_keys_cost_one_read_each_once_and_a_client_sending_many_is_held_off(stack, api):
    http = requests.Session()
    url = f"{api.base}/answer_faq"

    def ask(key, forwarded="203.0.113.7"):
        return http.post(url, json={"question": "hours?"}, timeout=30,
                         headers={"Authorization": f"Bearer {key}", "X-Forwarded-For": forwarded})

    first = ask("vh_wrong_key_1")
    assert first.status_code == 401 and first.headers["X-VoiceHive-Firestore"] == "reads=1 writes=0"
    again = ask("vh_wrong_key_1")  # the same wrong key: answered from memory
    assert again.status_code == 401 and again.headers["X-VoiceHive-Firestore"] == "reads=0 writes=0"
    statuses = [ask(f"vh_wrong_key_{n}").status_code for n in range(2, 300)]
    assert statuses.count(401) == 58 and set(statuses[58:]) == {429}  # 60 a minute, then held off
    held = ask("vh_wrong_key_999")
    assert held.status_code == 429 and held.headers["Retry-After"] == "60"
    assert held.headers["X-VoiceHive-Firestore"] == "reads=0 writes=0"
    # another client, and the right key from it, are not held off
    assert ask(api.key, forwarded="198.51.100.9").status_code == 200
    spoofed = ask("vh_wrong_key_1000", forwarded="198.51.100.77, 203.0.113.7")  # the appended address counts
    assert spoofed.status_code == 429
