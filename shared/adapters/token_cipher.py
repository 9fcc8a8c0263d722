"""Encryption of stored calendar refresh tokens and signatures of push channel tokens, with one
Fernet key (GOOGLE_CALENDAR_TOKEN_KEY, kept in Secret Manager). Firestore only ever holds the
ciphertext; the plain token lives in memory for the API call that needs it."""

from __future__ import annotations

import base64
import hashlib
import hmac

from shared.errors import ProviderError


class TokenCipher:
    def __init__(self, key: str | None):
        self._key = key

    def _fernet(self):
        from cryptography.fernet import Fernet

        if not self._key:
            raise ProviderError("GOOGLE_CALENDAR_TOKEN_KEY is not set: calendar tokens cannot be stored or read.",
                                retryable=False)
        try:
            return Fernet(self._key.encode())
        except ValueError:
            raise ProviderError("GOOGLE_CALENDAR_TOKEN_KEY is not a Fernet key "
                                "(`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())'`).",
                                retryable=False) from None

    def encrypt(self, plain: str) -> str:
        return self._fernet().encrypt(plain.encode()).decode()

    def decrypt(self, token: str) -> str:
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet().decrypt(token.encode()).decode()
        except InvalidToken:
            raise ProviderError("A stored calendar token does not decrypt with GOOGLE_CALENDAR_TOKEN_KEY "
                                "(was the key rotated?); connect the calendar again.", retryable=False) from None

    def sign(self, text: str) -> str:
        self._fernet()  # the same key, checked the same way
        digest = hmac.new(self._key.encode(), text.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def verify(self, text: str, signature: str) -> bool:
        return hmac.compare_digest(self.sign(text), signature)


def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()
