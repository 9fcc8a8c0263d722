"""The Google stand-in's OpenID Connect sign-in (shared/local/google_signin.py) over HTTP: the
consent page, Google's refusals, the id_token it redirects with (verified with the keys it
publishes), a cancel; and the console settings it goes with."""

import base64
import urllib.parse

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers
from google.auth import jwt as google_jwt

from shared.config import Settings
from shared.local.google_calendar import serve
from shared.local.google_signin import subject

CLIENT = "local-console.apps.googleusercontent.com"
CONSOLE = "http://127.0.0.1:8830/"


@pytest.fixture(scope="module")
def google():
    server = serve(0)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def ask(**changes) -> dict:
    query = {"client_id": CLIENT, "redirect_uri": CONSOLE, "response_type": "id_token",
             "scope": "openid email profile", "state": "s-123", "nonce": "n-456"}
    return {k: v for k, v in {**query, **changes}.items() if v is not None}


def consent(google: str, **form) -> dict:
    """The consent form submitted: the redirect's fragment."""
    fields = {"client_id": CLIENT, "redirect_uri": CONSOLE, "state": "s-123", "nonce": "n-456",
              "email": "gale@example.com", "choice": "allow", **form}
    answer = requests.post(f"{google}/o/oauth2/v2/auth", data=fields, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    location = answer.headers["Location"]
    assert location.startswith(CONSOLE + "#")
    return dict(urllib.parse.parse_qsl(location.split("#", 1)[1]))


def published_keys(google: str) -> dict[str, bytes]:
    certs = {}
    for key in requests.get(f"{google}/oauth2/v3/certs", timeout=5).json()["keys"]:
        n, e = (int.from_bytes(base64.urlsafe_b64decode(key[k] + "=="), "big") for k in ("n", "e"))
        certs[key["kid"]] = RSAPublicNumbers(e, n).public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return certs


def test_the_consent_page_carries_the_request(google):
    page = requests.get(f"{google}/o/oauth2/v2/auth", params=ask(login_hint="gale@example.com"), timeout=5)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    for value in ('name="nonce" value="n-456"', 'name="state" value="s-123"', 'value="gale@example.com"',
                  f'name="redirect_uri" value="{CONSOLE}"'):
        assert value in page.text


@pytest.mark.parametrize("change, reason", [
    ({"nonce": None}, "nonce is required"),
    ({"client_id": None}, "client_id"),
    ({"scope": "email profile"}, "scope must include openid"),
    ({"response_type": "token"}, "Unsupported response_type"),
    ({"redirect_uri": "javascript:alert(1)"}, "Invalid redirect_uri"),
])
def test_google_refuses_a_bad_request_without_redirecting(google, change, reason):
    page = requests.get(f"{google}/o/oauth2/v2/auth", params=ask(**change), allow_redirects=False, timeout=5)
    assert page.status_code == 400 and "Location" not in page.headers
    assert reason in page.text


def test_the_answer_is_a_signed_id_token_for_the_client_with_the_nonce(google):
    answer = consent(google)
    assert answer["state"] == "s-123"
    claims = google_jwt.decode(answer["id_token"], certs=published_keys(google), audience=CLIENT)
    assert claims["iss"] == "https://accounts.google.com" and claims["azp"] == CLIENT
    assert claims["email"] == "gale@example.com" and claims["email_verified"] is True
    assert claims["nonce"] == "n-456" and claims["exp"] - claims["iat"] == 3600
    assert claims["sub"] == subject("gale@example.com") and claims["sub"].isdigit()
    again = google_jwt.decode(consent(google)["id_token"], certs=published_keys(google), audience=CLIENT)
    other = google_jwt.decode(consent(google, email="kim@example.com")["id_token"],
                              certs=published_keys(google), audience=CLIENT)
    assert again["sub"] == claims["sub"] != other["sub"]


def test_a_token_for_another_client_fails_verification(google):
    token = consent(google, client_id="someone-else.apps.googleusercontent.com")["id_token"]
    with pytest.raises(ValueError):
        google_jwt.decode(token, certs=published_keys(google), audience=CLIENT)


def test_cancel_answers_access_denied_with_the_state(google):
    assert consent(google, choice="deny", email="") == {"error": "access_denied", "state": "s-123"}


def test_a_consent_without_nonce_or_address_is_refused(google):
    url = f"{google}/o/oauth2/v2/auth"
    no_nonce = requests.post(url, data={"client_id": CLIENT, "redirect_uri": CONSOLE, "email": "a@example.com"},
                             allow_redirects=False, timeout=5)
    no_email = requests.post(url, data={"client_id": CLIENT, "redirect_uri": CONSOLE, "nonce": "n"},
                             allow_redirects=False, timeout=5)
    assert no_nonce.status_code == 400 and no_email.status_code == 400
    assert "Location" not in no_nonce.headers and "Location" not in no_email.headers


def test_google_sign_in_needs_the_client_id():
    with pytest.raises(ValueError, match="CONSOLE_GOOGLE_CLIENT_ID: required when CONSOLE_GOOGLE_SIGN_IN"):
        Settings({"CONSOLE_GOOGLE_SIGN_IN": "true"})
    on = Settings({"CONSOLE_GOOGLE_SIGN_IN": "true", "CONSOLE_GOOGLE_CLIENT_ID": CLIENT})
    assert on.console.console_google_auth_uri == "https://accounts.google.com/o/oauth2/v2/auth"
