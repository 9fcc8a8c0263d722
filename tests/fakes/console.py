"""The console's members and daily-summary targets in memory, with FirestoreMembers' and
FirestoreSummaryTargets' semantics (tests/integration/contracts/test_console_stores.py)."""

from __future__ import annotations

from shared.domain.business import Business
from shared.domain.members import Invite, Member
from tests.fakes.documents import Documents, business_path


class FakeMembers:
    def __init__(self, docs: Documents):
        self.docs = docs

    def get(self, business_id: str, uid: str) -> Member | None:
        found = self.docs.get(business_path(business_id, "members", uid))
        return Member.model_validate(found[0]) if found else None

    def of_user(self, uid: str) -> list[Member]:
        return [Member.model_validate(data) for _, data, _ in self.docs.group("members") if data["uid"] == uid][:100]

    def invites_for(self, email: str) -> list[Invite]:
        return [Invite.model_validate(data) for _, data, _ in self.docs.group("invites")
                if data["email"] == email][:100]

    def invite(self, business_id: str, email: str) -> Invite | None:
        found = self.docs.get(business_path(business_id, "invites", email))
        return Invite.model_validate(found[0]) if found else None

    def list(self, business_id: str) -> tuple[list[Member], list[Invite]]:
        members = [Member.model_validate(d) for _, d, _ in self.docs.children(business_path(business_id, "members"))]
        invites = [Invite.model_validate(d) for _, d, _ in self.docs.children(business_path(business_id, "invites"))]
        return members[:500], invites[:500]

    def save_invite(self, invite: Invite) -> None:
        self.docs.set(business_path(invite.business_id, "invites", invite.email), invite.model_dump())

    def claim(self, invite: Invite, member: Member) -> None:
        with self.docs.lock:
            self.docs.set(business_path(member.business_id, "members", member.uid), member.model_dump())
            self.docs.delete(business_path(invite.business_id, "invites", invite.email))

    def add(self, member: Member) -> None:
        self.docs.set(business_path(member.business_id, "members", member.uid), member.model_dump())


class FakeSummaryTargets:
    def __init__(self, docs: Documents):
        self.docs = docs

    def with_summary(self) -> list[Business]:
        return [Business.model_validate(data["config"]) for _, data, _ in self.docs.children("businesses")
                if (data.get("config") or {}).get("daily_summary_at") is not None][:1000]
