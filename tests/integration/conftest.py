import pytest

from shared.adapters.firestore_store import FirestoreAppointments, FirestoreBusinesses, FirestoreLeads
from shared.services.booking import Calendar
from shared.services.businesses import BusinessDirectory
from shared.services.leads import Crm
from tests.factories import MONDAY_9AM_NY, every_day, fixed_clock, make_business

NOW = MONDAY_9AM_NY


@pytest.fixture(autouse=True)
def _clean(clean_firestore):
    yield


@pytest.fixture
def business(firestore_client):
    business = make_business(timezone="America/New_York", hours=every_day(), min_notice_minutes=60)
    FirestoreBusinesses(firestore_client).save(business)
    return business


@pytest.fixture
def calendar(firestore_client):
    return Calendar(FirestoreAppointments(firestore_client), fixed_clock(NOW))


@pytest.fixture
def crm(firestore_client):
    return Crm(FirestoreLeads(firestore_client), fixed_clock(NOW))


@pytest.fixture
def directory(firestore_client):
    return BusinessDirectory(FirestoreBusinesses(firestore_client), ttl_seconds=60)
