"""An instance of console_api trusts a membership it read for CONSOLE_MEMBER_CACHE_SECONDS: a
removal reaches it within that time, at once when it made the removal; an absence is never kept."""

import datetime as dt

import pytest

from shared.clock import fixed_clock
from shared.domain.members import Identity, Member
from shared.errors import Forbidden
from shared.services.members import Members
from tests.fakes import Documents, FakeMembers

AT = dt.datetime(2030, 3, 4, 14, 0, tzinfo=dt.UTC)
OWNER = Identity(uid="u-own", email="own@example.com", email_verified=True)
STAFF = Identity(uid="u-sam", email="sam@example.com", email_verified=True)


class Counted(FakeMembers):
    reads = 0

    def get(self, business_id, uid):
        self.reads += 1
        return super().get(business_id, uid)


class Timer:
    now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def world():
    store, timer = Counted(Documents()), Timer()
    for who, role in ((OWNER, "owner"), (STAFF, "staff")):
        store.add(Member(business_id="b1", uid=who.uid, email=who.email, role=role, added_at=AT))
    here = Members(store, fixed_clock(AT), cache_seconds=5, timer=timer)
    there = Members(store, fixed_clock(AT), cache_seconds=5, timer=timer)   # another instance
    return store, timer, here, there


def test_a_membership_is_read_once_while_it_is_trusted(world):
    store, timer, here, _ = world
    for _ in range(3):
        assert here.authorize(STAFF, "b1").role == "staff"
    assert store.reads == 1
    timer.now = 6
    here.authorize(STAFF, "b1")
    assert store.reads == 2


def test_a_removed_member_loses_access_at_once_here_and_within_the_time_elsewhere(world):
    _, timer, here, there = world
    here.authorize(STAFF, "b1")
    there.authorize(STAFF, "b1")
    here.remove(here.authorize(OWNER, "b1"), "sam@example.com")
    with pytest.raises(Forbidden):
        here.authorize(STAFF, "b1")
    there.authorize(STAFF, "b1")   # still trusted over there, for at most 5 s
    timer.now = 5.1
    with pytest.raises(Forbidden):
        there.authorize(STAFF, "b1")


def test_no_membership_is_never_remembered(world):
    store, _, here, _ = world
    stranger = Identity(uid="u-new", email="new@example.com", email_verified=True)
    with pytest.raises(Forbidden):
        here.authorize(stranger, "b1")
    store.add(Member(business_id="b1", uid="u-new", email="new@example.com", role="staff", added_at=AT))
    assert here.authorize(stranger, "b1").role == "staff"
