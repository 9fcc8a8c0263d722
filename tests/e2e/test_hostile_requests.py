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
