"""Tools-API keys a business owner makes and revokes in the console. Only the key's SHA-256 is
stored; the key itself is shown once, when it is made."""

from __future__ import annotations

from shared.clock import Clock
from shared.errors import NotFound
from shared.services.businesses import hash_api_key, new_api_key


class ApiKeys:
    def __init__(self, repository, clock: Clock, forget: callable):
        self._repository = repository
        self._clock = clock
        self._forget = forget          # drops a revoked key from this instance's cache

    def create(self, business_id: str, label: str, by: str) -> tuple[str, str]:
        key = new_api_key()
        key_hash = hash_api_key(key)
        self._repository.add(business_id, key_hash, label, self._clock(), by)
        return key, key_hash

    def list(self, business_id: str) -> list[dict]:
        found = self._repository.list(business_id)
        return sorted(({"id": k["id"], "label": k.get("label", ""), "created_at": k.get("created_at"),
                        "created_by": k.get("created_by", "")} for k in found),
                      key=lambda k: str(k["created_at"]), reverse=True)

    def revoke(self, business_id: str, key_hash: str) -> None:
        if not self._repository.revoke(business_id, key_hash):
            raise NotFound("No such key.")
        self._forget(key_hash)
