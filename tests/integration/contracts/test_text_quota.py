"""The contract of TextQuota (texts to numbers nobody verified): FakeTextQuota against
FirestoreTextQuota on the emulator."""

from __future__ import annotations

import pytest

from tests.fakes import Documents, FakeTextQuota


@pytest.fixture(params=["fake", "firestore"])
def quota(request):
    if request.param == "fake":
        return FakeTextQuota(Documents())
    from shared.adapters.firestore_text_quota import FirestoreTextQuota

    return FirestoreTextQuota(request.getfixturevalue("firestore_client"))


def test_a_number_gets_its_allowance_a_day_and_a_repeat_counts_once(quota):
    assert quota.take("b1", "2026-12-07", "n1", "k1", 2, 10) is None
    assert quota.take("b1", "2026-12-07", "n1", "k1", 2, 10) is None       # the same text again: no count
    assert quota.take("b1", "2026-12-07", "n2", "k1", 2, 10) is None
    assert quota.take("b1", "2026-12-07", "n3", "k1", 2, 10) == "number"
    assert quota.take("b1", "2026-12-08", "n4", "k1", 2, 10) is None       # a new day
    assert quota.take("b2", "2026-12-07", "n5", "k1", 2, 10) is None       # another business


def test_the_business_allowance_caps_every_number_together(quota):
    assert quota.take("b3", "2026-12-07", "a", "k1", 5, 2) is None
    assert quota.take("b3", "2026-12-07", "b", "k2", 5, 2) is None
    assert quota.take("b3", "2026-12-07", "c", "k3", 5, 2) == "business"
