"""The console's member store and daily-summary targets: the fake and Firestore agree."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.adapters.firestore_console import FirestoreAudit, FirestoreMembers, FirestoreSummaryTargets
from shared.adapters.firestore_store import encode_cursor
from shared.domain.members import AuditEntry, Invite, Member
from shared.errors import InvalidInput
from tests.factories import make_business
from tests.fakes import Documents, FakeAudit, FakeBusinesses, FakeMembers, FakeSummaryTargets

AT = dt.datetime(2030, 3, 4, 14, 0, tzinfo=dt.UTC)


@pytest.fixture(params=["fake", "firestore"])
def stores(request):
    if request.param == "fake":
        docs = Documents()
        return FakeBusinesses(docs), FakeMembers(docs), FakeSummaryTargets(docs)
    from shared.adapters.firestore_store import FirestoreBusinesses

    client = request.getfixturevalue("firestore_client")
    return FirestoreBusinesses(client), FirestoreMembers(client), FirestoreSummaryTargets(client)


def test_an_invite_is_claimed_into_a_membership_once(stores):
    _, members, _ = stores
    invite = Invite(business_id="b1", email="sam@example.com", role="staff", invited_at=AT, invited_by="owner")
    members.save_invite(invite)
    assert members.invite("b1", "sam@example.com") == invite
    assert members.invites_for("sam@example.com") == [invite]
    member = Member(business_id="b1", uid="u-sam", email="sam@example.com", role="staff", added_at=AT)
    members.claim(invite, member)
    members.claim(invite, member)
    assert members.invite("b1", "sam@example.com") is None
    assert members.get("b1", "u-sam") == member and members.of_user("u-sam") == [member]
    owner = Member(business_id="b1", uid="u-own", email="own@example.com", role="owner", added_at=AT)
    members.add(owner)
    listed, invites = members.list("b1")
    assert sorted(m.uid for m in listed) == ["u-own", "u-sam"] and invites == []
    assert members.get("b2", "u-sam") is None and members.list("b2") == ([], [])
    members.save_invite(Invite(business_id="b1", email="kim@example.com", role="staff", invited_at=AT,
                               invited_by="owner"))
    assert members.remove("b1", "u-sam", "sam@example.com") is True
    assert members.remove("b1", None, "kim@example.com") is True
    assert members.remove("b1", None, "nobody@example.com") is False
    assert members.get("b1", "u-sam") is None and members.of_user("u-sam") == []
    assert members.invites_for("kim@example.com") == [] and members.of_user("u-own") == [owner]


def test_only_businesses_that_asked_for_a_summary_are_targets(stores):
    businesses, _, targets = stores
    asked = make_business(daily_summary_at="07:30")
    businesses.save(asked)
    businesses.save(make_business())
    assert [b.id for b in targets.with_summary()] == [asked.id]


@pytest.fixture(params=["fake", "firestore"])
def audit_store(request):
    if request.param == "fake":
        return FakeAudit(Documents())
    return FirestoreAudit(request.getfixturevalue("firestore_client"))


def test_the_audit_log_pages_newest_first_and_records_a_retry_once(audit_store):
    def entry(n: int, who: str = "own@example.com") -> AuditEntry:
        return AuditEntry(id=f"2030030{n}-x", business_id="b1", at=AT + dt.timedelta(minutes=n), who=who,
                          action="settings.update", detail={"n": n})

    for n in (1, 2, 3):
        audit_store.add(entry(n))
    audit_store.add(entry(2, who="someone-else@example.com"))   # the same id again: kept as first written
    first, cursor = audit_store.list("b1", 2, None)
    assert [e.detail["n"] for e in first] == [3, 2] and first[1].who == "own@example.com" and cursor
    rest, end = audit_store.list("b1", 2, cursor)
    assert [e.detail["n"] for e in rest] == [1] and end is None
    assert audit_store.list("b2", 5, None) == ([], None)
    with pytest.raises(InvalidInput):
        audit_store.list("b1", 2, encode_cursor("not-a-doc"))
