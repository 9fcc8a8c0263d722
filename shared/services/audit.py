"""The audit log of the owner console: every change a member makes, with who and when."""

from __future__ import annotations

import hashlib
import json

from shared.clock import Clock
from shared.domain.members import AuditEntry, Member


class AuditLog:
    def __init__(self, repository, clock: Clock):
        self._repository = repository
        self._clock = clock

    def record(self, by: Member, action: str, detail: dict) -> AuditEntry:
        at = self._clock()
        digest = hashlib.sha256(json.dumps([by.uid, action, detail], sort_keys=True, default=str).encode())
        entry = AuditEntry(id=f"{at:%Y%m%dT%H%M%S%f}-{digest.hexdigest()[:12]}", business_id=by.business_id,
                           at=at, who=by.email, action=action, detail=detail)
        self._repository.add(entry)
        return entry

    def list(self, business_id: str, limit: int, cursor: str | None) -> dict:
        entries, next_cursor = self._repository.list(business_id, limit, cursor)
        return {"entries": [e.model_dump(mode="json") for e in entries], "cursor": next_cursor}
