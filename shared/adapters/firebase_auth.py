"""Verifies Firebase ID tokens (the console's sign-in) with firebase-admin.

Firebase signs production tokens with Google's keys; the Auth emulator's tokens are unsigned
(`alg: none`). firebase-admin accepts those only while FIREBASE_AUTH_EMULATOR_HOST is set, and
Settings refuses that variable in production, so production never accepts an unsigned token.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time

from cachetools import TLRUCache

from shared.domain.members import Identity
from shared.errors import ProviderError, Unauthorized

log = logging.getLogger(__name__)


class FirebaseTokens:
    def __init__(self, project: str, emulator_host: str | None, production: bool):
        if emulator_host and production:
            raise RuntimeError("FIREBASE_AUTH_EMULATOR_HOST is set in production: refusing unsigned tokens")
        self._project = project
        self._emulator_host = emulator_host
        self._app = None
        self._lock = threading.Lock()
        # Tokens verified lately, until they expire: a page's requests share one token for an hour.
        self._verified: TLRUCache = TLRUCache(maxsize=4096, ttu=lambda _key, found, _now: found[1], timer=time.time)

    def _firebase(self):
        if self._app is None:
            with self._lock:
                if self._app is None:
                    import firebase_admin

                    if self._emulator_host:
                        # firebase-admin reads the emulator address only from the environment.
                        os.environ.setdefault("FIREBASE_AUTH_EMULATOR_HOST", self._emulator_host)
                    options = {"projectId": self._project}
                    name = f"console-{self._project}"
                    try:
                        self._app = firebase_admin.get_app(name)
                    except ValueError:
                        self._app = firebase_admin.initialize_app(_no_credential(), options, name=name)
        return self._app

    def verify(self, authorization: str | None) -> Identity:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Sign in first (send 'Authorization: Bearer <Firebase ID token>').")
        key = hashlib.sha256(token.strip().encode()).digest()
        with self._lock:
            known = self._verified.get(key)
        if known is not None:
            return known[0]
        identity, expires = self._check(token.strip())
        with self._lock:
            self._verified[key] = (identity, expires)
        return identity

    def _check(self, token: str) -> tuple[Identity, float]:
        from firebase_admin import auth

        try:
            claims = auth.verify_id_token(token, app=self._firebase(), clock_skew_seconds=10)
        except auth.CertificateFetchError as exc:
            raise ProviderError(f"Google's token keys could not be fetched: {exc}", retryable=True) from None
        except (auth.ExpiredIdTokenError, auth.RevokedIdTokenError):
            raise Unauthorized("Your sign-in has expired; sign in again.") from None
        except (auth.InvalidIdTokenError, ValueError) as exc:
            log.info("rejected an ID token: %s", exc)
            raise Unauthorized("That sign-in is not valid; sign in again.") from None
        identity = Identity(uid=claims["uid"], email=str(claims.get("email") or "").lower(),
                            email_verified=bool(claims.get("email_verified")))
        return identity, float(claims["exp"])


def _no_credential():
    """Verifying a token needs the project id and Google's public keys, no credential (and
    Application Default Credentials may not exist locally)."""
    from firebase_admin import credentials
    from google.auth.credentials import AnonymousCredentials

    class Anonymous(credentials.Base):
        def get_credential(self):
            return AnonymousCredentials()

    return Anonymous()
