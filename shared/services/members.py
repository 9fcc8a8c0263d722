"""Members of a business in the owner console: who may act on it, with which role, and the
owner's invitations. Every console request passes through `authorize`."""

from __future__ import annotations

import re
import threading
import time

from cachetools import TTLCache

from shared.clock import Clock
from shared.domain.members import ROLES, Identity, Invite, Member
from shared.errors import Forbidden, InvalidInput, NotFound

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}$")


def normal_email(raw: object) -> str:
    email = str(raw or "").strip().lower()
    if not EMAIL.match(email):
        raise InvalidInput("Enter an email address like name@example.com.", {"email": "not an email address"})
    return email


class Members:
    def __init__(self, repository, clock: Clock, cache_seconds: float = 0, timer=time.monotonic):
        self._repository = repository
        self._clock = clock
        # Memberships this instance read lately (not their absence: a new member gets in at once).
        self._known: TTLCache | None = (TTLCache(maxsize=4096, ttl=cache_seconds, timer=timer)
                                        if cache_seconds > 0 else None)
        self._lock = threading.Lock()

    def authorize(self, identity: Identity, business_id: str, owner_only: bool = False) -> Member:
        """The member's record for this business; Forbidden (403) if they are none, or staff asking
        for an owner's action. An invite for their verified email becomes a membership here. A
        membership read lately is trusted for `cache_seconds`, so a removal reaches the other
        instances within that time (this one forgets it at once)."""
        member = self._remembered((business_id, identity.uid))
        if member is None:
            member = self._repository.get(business_id, identity.uid) or self._claim(identity, business_id)
            if member is not None:
                self._remember((business_id, identity.uid), member)
        if member is None:
            raise Forbidden("You are not a member of this business.")
        if owner_only and member.role != "owner":
            raise Forbidden("Only the owner can do this.")
        return member

    def _remembered(self, key: tuple[str, str]) -> Member | None:
        if self._known is None:
            return None
        with self._lock:
            return self._known.get(key)

    def _remember(self, key: tuple[str, str], member: Member | None) -> None:
        if self._known is None:
            return
        with self._lock:
            if member is None:
                self._known.pop(key, None)
            else:
                self._known[key] = member

    def _claim(self, identity: Identity, business_id: str) -> Member | None:
        # An unverified address proves nothing: anyone can sign up with someone else's email.
        if not identity.email_verified or not identity.email:
            return None
        invite = self._repository.invite(business_id, identity.email.lower())
        if invite is None:
            return None
        member = Member(business_id=business_id, uid=identity.uid, email=invite.email, role=invite.role,
                        added_at=self._clock(), added_by=invite.invited_by)
        self._repository.claim(invite, member)
        return member

    def memberships(self, identity: Identity) -> list[Member]:
        """Every business this person belongs to (claiming their invites first)."""
        if identity.email_verified and identity.email:
            for invite in self._repository.invites_for(identity.email.lower()):
                if self._repository.get(invite.business_id, identity.uid) is None:
                    self._claim(identity, invite.business_id)
        return self._repository.of_user(identity.uid)

    def list(self, business_id: str) -> dict:
        members, invites = self._repository.list(business_id)
        return {"members": [m.model_dump(mode="json") for m in members],
                "invites": [i.model_dump(mode="json") for i in invites]}

    def invite(self, by: Member, email: object, role: object = "staff") -> Invite:
        address = normal_email(email)
        if role not in ROLES:
            raise InvalidInput("role must be owner or staff", {"role": "owner or staff"})
        members, _ = self._repository.list(by.business_id)
        if any(m.email == address for m in members):
            raise InvalidInput(f"{address} is already a member.", {"email": "already a member"})
        invite = Invite(business_id=by.business_id, email=address, role=role, invited_at=self._clock(),
                        invited_by=by.email)
        self._repository.save_invite(invite)
        return invite

    def remove(self, by: Member, email: object) -> None:
        address = normal_email(email)
        members, invites = self._repository.list(by.business_id)
        member = next((m for m in members if m.email == address), None)
        if member is not None and member.uid == by.uid:
            raise InvalidInput("You cannot remove yourself.", {"email": "that is you"})
        if member is None and not any(i.email == address for i in invites):
            raise NotFound(f"{address} is not a member of this business.")
        self._repository.remove(by.business_id, member.uid if member else None, address)
        if member is not None:
            self._remember((by.business_id, member.uid), None)

    def grant(self, business_id: str, email: object, role: str, by: str) -> Invite:
        """An invite made outside the console (the CLI: a business's first owner)."""
        if role not in ROLES:
            raise InvalidInput("role must be owner or staff", {"role": "owner or staff"})
        invite = Invite(business_id=business_id, email=normal_email(email), role=role, invited_at=self._clock(),
                        invited_by=by)
        self._repository.save_invite(invite)
        return invite

    def add_owner(self, business_id: str, uid: str, email: str, added_by: str = "cli") -> Member:
        """Seed path (CLI, local demo): make this signed-up user an owner."""
        member = Member(business_id=business_id, uid=uid, email=normal_email(email), role="owner",
                        added_at=self._clock(), added_by=added_by)
        self._repository.add(member)
        return member
