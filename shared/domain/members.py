"""Who may use the owner console for a business, and what each role may do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from shared.domain.base import Record

Role = Literal["owner", "staff"]
ROLES: tuple[str, ...] = ("owner", "staff")


@dataclass(frozen=True)
class Identity:
    """A signed-in person, as their verified Firebase ID token says."""

    uid: str
    email: str
    email_verified: bool


class Member(Record):
    """businesses/{business_id}/members/{uid}: one person's role in one business."""

    business_id: str
    uid: str
    email: str
    role: Role
    added_at: dt.datetime
    added_by: str = ""


class Invite(Record):
    """businesses/{business_id}/invites/{email}: a role waiting for whoever proves this email."""

    business_id: str
    email: str = Field(max_length=254)
    role: Role
    invited_at: dt.datetime
    invited_by: str


class AuditEntry(Record):
    """businesses/{business_id}/audit/{id}: who changed what, and when."""

    id: str
    business_id: str
    at: dt.datetime
    who: str
    action: str
    detail: dict = Field(default_factory=dict)
