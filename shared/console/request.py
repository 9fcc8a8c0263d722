"""What a console handler gets: the app, who is signed in, their membership, the path and query."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared import http
from shared.domain.business import Business
from shared.domain.members import Identity, Member
from shared.errors import InvalidInput


@dataclass
class ConsoleRequest:
    app: Any                       # shared.app.App
    identity: Identity | None      # None on public routes
    member: Member | None          # None on routes outside a business
    params: dict[str, str]         # from the path
    query: Mapping[str, str]
    raw: Any                       # the flask request

    def body(self) -> dict:
        return http.json_object(self.raw)

    @property
    def business(self) -> Business:
        return self.app.directory.get(self.member.business_id)

    def limit(self, default: int = 50, most: int = 200) -> int:
        raw = self.query.get("limit", str(default))
        if not raw.isdigit() or not 1 <= int(raw) <= most:
            raise InvalidInput(f"limit must be a whole number from 1 to {most}", {"limit": f"1-{most}"})
        return int(raw)
