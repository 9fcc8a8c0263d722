"""Finding a business: by id, by the number a caller dialled, by a tool API key. Cached per instance."""

from __future__ import annotations

import hashlib
import re
import secrets
import threading

from cachetools import TTLCache

from shared.domain.business import BUSINESS_ID, Business
from shared.domain.phone import normalize_phone
from shared.errors import NotFound, TooManyRequests, Unauthorized
from shared.ports import BusinessRepository


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_api_key() -> str:
    return "vh_" + secrets.token_urlsafe(24)


class BusinessDirectory:
    def __init__(self, repository: BusinessRepository, ttl_seconds: float = 60.0, miss_seconds: float = 30.0,
                 failures_per_minute: int = 60):
        self._repository = repository
        self._configs: TTLCache = TTLCache(maxsize=256, ttl=ttl_seconds)
        self._numbers: TTLCache = TTLCache(maxsize=1024, ttl=ttl_seconds)
        self._keys: TTLCache = TTLCache(maxsize=1024, ttl=ttl_seconds)
        # Wrong keys cost no Firestore read for a while, and a client sending many is refused (per instance).
        self._unknown_keys: TTLCache = TTLCache(maxsize=4096, ttl=miss_seconds) if miss_seconds else None
        self._failures: TTLCache = TTLCache(maxsize=4096, ttl=60)
        self._failures_per_minute = failures_per_minute
        self._lock = threading.Lock()

    def get(self, business_id: str) -> Business:
        if not isinstance(business_id, str) or not re.match(BUSINESS_ID, business_id):
            raise NotFound(f"No business '{str(business_id)[:80]}'.")
        business = self._configs.get(business_id)
        if business is None:
            business = self._repository.get(business_id)
            if business is None:
                raise NotFound(f"No business '{business_id}'.")
            self._configs[business_id] = business
        return business

    def for_number(self, dialled: str, fresh: bool = False) -> Business | None:
        """The business answering `dialled`. `fresh` (a call's first webhook) reads the stored
        config, so a change saved on any instance is used by the next call, not after the TTL."""
        try:
            e164 = normalize_phone(dialled)
        except ValueError:
            return None
        business_id = self._numbers.get(e164)
        if fresh or business_id is None or business_id not in self._configs:
            # A miss is not cached: a number just set up answers at once on every instance.
            business = self._repository.business_for_number(e164)
            if business is None:
                return None
            self._numbers[e164] = business.id
            self._configs[business.id] = business
            return business
        return self.get(business_id)

    def for_api_key(self, authorization: str | None, client: str = "") -> Business:
        """The business of a tools API key. `client` (the caller's address) is refused with 429 once it
        has sent too many unknown keys in a minute (a missing header costs no lookup and is not counted)."""
        scheme, _, key = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise Unauthorized("Send 'Authorization: Bearer <API key>'.")
        with self._lock:
            if self._failures.get(client, 0) >= self._failures_per_minute:
                raise TooManyRequests("Too many requests with unknown API keys; try again in a minute.", 60)
        try:
            return self._business_for_key(hash_api_key(key.strip()))
        except Unauthorized:
            with self._lock:
                self._failures[client] = self._failures.get(client, 0) + 1
            raise

    def _business_for_key(self, key_hash: str) -> Business:
        business_id = self._keys.get(key_hash)
        if business_id is None:
            if self._unknown_keys is not None and key_hash in self._unknown_keys:
                raise Unauthorized("Unknown API key.")
            business_id = self._repository.business_for_key_hash(key_hash)
            if business_id is None:
                if self._unknown_keys is not None:
                    with self._lock:
                        self._unknown_keys[key_hash] = True
                raise Unauthorized("Unknown API key.")
            self._keys[key_hash] = business_id
        return self.get(business_id)

    def forget_key(self, key_hash: str) -> None:
        self._keys.pop(key_hash, None)

    def register(self, business: Business, api_key: str | None = None, label: str = "default") -> None:
        """Save a business (seed/admin path) and optionally attach an API key."""
        self._repository.save(business)
        if api_key:
            self._repository.add_api_key(business.id, hash_api_key(api_key), label)
            if self._unknown_keys is not None:
                with self._lock:
                    self._unknown_keys.pop(hash_api_key(api_key), None)
        self._configs.pop(business.id, None)
        self._numbers.clear()
