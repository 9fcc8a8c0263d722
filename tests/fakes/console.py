"""The console's members, audit log and daily-summary targets in memory, with FirestoreMembers',
FirestoreAudit's and FirestoreSummaryTargets' semantics (tests/integration/contracts/test_console_stores.py)."""

from __future__ import annotations

from shared.adapters.firestore_store import decode_cursor, encode_cursor
from shared.domain.business import Business
from shared.domain.members import AuditEntry, Invite, Member
from shared.errors import InvalidInput
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

    def remove(self, business_id: str, uid: str | None, email: str) -> bool:
        paths = [business_path(business_id, "invites", email)]
        if uid:
            paths.append(business_path(business_id, "members", uid))
        with self.docs.lock:
            existed = any(self.docs.exists(path) for path in paths)
            for path in paths:
                self.docs.delete(path)
        return existed


class FakeSummaryTargets:
    def __init__(self, docs: Documents):
        self.docs = docs

    def with_summary(self) -> list[Business]:
        return [Business.model_validate(data["config"]) for _, data, _ in self.docs.children("businesses")
                if (data.get("config") or {}).get("daily_summary_at") is not None][:1000]


class FakeAudit:
    def __init__(self, docs: Documents):
        self.docs = docs

    def add(self, entry: AuditEntry) -> None:
        path = business_path(entry.business_id, "audit", entry.id)
        if not self.docs.exists(path):   # the same change recorded twice (a retried request)
            self.docs.set(path, entry.model_dump())

    def list(self, business_id: str, limit: int, cursor: str | None) -> tuple[list[AuditEntry], str | None]:
        found = sorted(self.docs.children(business_path(business_id, "audit")),
                       key=lambda item: (item[1]["at"], item[0]), reverse=True)
        ids = [doc_id for doc_id, _, _ in found]
        start = 0
        if cursor:
            after = decode_cursor(cursor)
            if after not in ids:
                raise InvalidInput("cursor is no longer valid", {"cursor": "start the audit log again"})
            start = ids.index(after) + 1
        page = found[start:start + limit]
        more = len(found) > start + limit
        return ([AuditEntry.model_validate(data) for _, data, _ in page],
                encode_cursor(page[-1][0]) if more else None)
