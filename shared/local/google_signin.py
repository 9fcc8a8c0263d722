"""Google's OpenID Connect sign-in, as the Google stand-in (shared/local/google_calendar.py) serves it:

    GET  /o/oauth2/v2/auth?client_id&redirect_uri&response_type=id_token&scope=openid email profile
                          &nonce&state[&login_hint]          a consent page: which account, Continue / Cancel
    POST /o/oauth2/v2/auth  (that page's form)               302 to redirect_uri#id_token=...&state=...
                                                             (Cancel: #error=access_denied&state=...)
    GET  /oauth2/v3/certs                                    the keys that sign the id_tokens (JWKS)

An id_token is an RS256 JWT as Google issues it: iss https://accounts.google.com, aud and azp the
client id, sub (stable per address), email, email_verified, name, nonce, iat, exp. The key is made
when the stand-in starts. A request Google would refuse (no client_id, redirect_uri or nonce, scope
without openid, another response_type) gets Google's 400 page, never a redirect.
"""

from __future__ import annotations

import base64
import hashlib
import html
import time
import urllib.parse

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import crypt
from google.auth import jwt as google_jwt

ISSUER = "https://accounts.google.com"
AUTH_PATH = "/o/oauth2/v2/auth"
CERTS_PATH = "/oauth2/v3/certs"
KEY_ID = "voicehive-local-google"
LIFETIME_SECONDS = 3600


class SigningKey:
    """The stand-in's RSA key: signs id_tokens, published as a JWKS."""

    def __init__(self) -> None:
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = self.private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption())
        self.signer = crypt.RSASigner.from_string(pem, KEY_ID)

    def jwks(self) -> dict:
        numbers = self.private.public_key().public_numbers()
        return {"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": KEY_ID,
                          "n": _b64(numbers.n), "e": _b64(numbers.e)}]}

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo)


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def subject(email: str) -> str:
    """A Google account's `sub`: digits, the same for the same address."""
    return str(int(hashlib.sha256(email.strip().lower().encode()).hexdigest(), 16) % 10**21)


def id_token(key: SigningKey, client_id: str, email: str, nonce: str, now: float | None = None) -> str:
    issued = int(time.time() if now is None else now)
    email = email.strip()
    claims = {"iss": ISSUER, "azp": client_id, "aud": client_id, "sub": subject(email), "email": email,
              "email_verified": True, "name": email.split("@")[0], "nonce": nonce,
              "iat": issued, "exp": issued + LIFETIME_SECONDS}
    return google_jwt.encode(key.signer, claims).decode()


def request_error(query: dict) -> str | None:
    """Why Google would refuse this authorization request (None: it would not)."""
    for name in ("client_id", "redirect_uri", "response_type", "scope"):
        if not query.get(name):
            return f"Required parameter is missing: {name}"
    if query["response_type"].split() != ["id_token"]:
        return f"Unsupported response_type: {query['response_type']}"
    if "openid" not in query["scope"].split():
        return "Missing required parameter: scope must include openid"
    if not query.get("nonce"):
        return "Parameter not allowed for this message type: nonce is required for response_type id_token"
    if urllib.parse.urlsplit(query["redirect_uri"]).scheme not in ("http", "https"):
        return f"Invalid redirect_uri: {query['redirect_uri']}"
    return None


def error_page(message: str) -> str:
    return (f"<!doctype html><title>400. That's an error.</title><h1>400. That's an error.</h1>"
            f"<p>Error 400: invalid_request</p><p>{html.escape(message)}</p>")


def consent_page(query: dict) -> str:
    """Google's account chooser, reduced to an address and Continue / Cancel."""
    hidden = "".join(f'<input type="hidden" name="{name}" value="{html.escape(query.get(name, ""))}">'
                     for name in ("client_id", "redirect_uri", "state", "nonce"))
    hint = html.escape(query.get("login_hint", ""))
    return ("<!doctype html><html lang=\"en\"><title>Sign in - Google Accounts</title><main>"
            "<h1>Sign in with Google</h1>"
            f"<p>to continue to {html.escape(query['client_id'])}</p>"
            f'<form method="post" action="{AUTH_PATH}">{hidden}'
            f'<label>Email <input type="email" name="email" value="{hint}" required></label>'
            '<button type="submit" name="choice" value="allow">Continue</button>'
            '<button type="submit" name="choice" value="deny" formnovalidate>Cancel</button>'
            "</form></main></html>")


def answer(key: SigningKey, form: dict) -> str:
    """Where the consent form sends the browser: the redirect URI with the answer in its fragment."""
    if form.get("choice") == "deny":
        fragment = {"error": "access_denied", "state": form.get("state", "")}
    else:
        if not form.get("email"):
            raise ValueError("email")
        fragment = {"id_token": id_token(key, form["client_id"], form["email"], form["nonce"]),
                    "state": form.get("state", ""), "authuser": "0", "prompt": "consent"}
    return form["redirect_uri"].split("#")[0] + "#" + urllib.parse.urlencode(fragment)
