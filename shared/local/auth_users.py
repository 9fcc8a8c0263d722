"""People in the local Firebase Auth emulator, made through its REST API (the one the Firebase
SDKs call): the demo owner of `make up`, and the owners and staff the tests sign in as."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass(frozen=True)
class AuthUser:
    uid: str
    email: str
    password: str
    id_token: str


def _post(url: str, body: dict, headers: dict | None = None) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")
        raise RuntimeError(f"Auth emulator refused {url.split('/v1/')[-1]}: {detail}") from None


def user(auth_host: str, project: str, email: str, password: str, verified: bool = True) -> AuthUser:
    """Sign up (or, if the email exists, sign in) and return a fresh ID token. `verified` marks
    the email as proven, as an email-link or Google sign-in would."""
    base = f"http://{auth_host}/identitytoolkit.googleapis.com/v1"
    credentials = {"email": email, "password": password, "returnSecureToken": True}
    try:
        signed = _post(f"{base}/accounts:signUp?key=local", credentials)
    except RuntimeError as exc:
        if "EMAIL_EXISTS" not in str(exc):
            raise
        signed = _post(f"{base}/accounts:signInWithPassword?key=local", credentials)
    if verified:
        _post(f"{base}/projects/{project}/accounts:update", {"localId": signed["localId"], "emailVerified": True},
              {"Authorization": "Bearer owner"})
        signed = _post(f"{base}/accounts:signInWithPassword?key=local", credentials)
    return AuthUser(uid=signed["localId"], email=email, password=password, id_token=signed["idToken"])


def reset(auth_host: str, project: str) -> None:
    request = urllib.request.Request(f"http://{auth_host}/emulator/v1/projects/{project}/accounts", method="DELETE")
    urllib.request.urlopen(request, timeout=10).read()
