import datetime as dt
import secrets
from zoneinfo import ZoneInfo

import pytest
import requests

from tests import clock
from tests.factories import every_day, make_business


@pytest.fixture(autouse=True)
def _clean(clean_firestore):
    yield


class Api:
    def __init__(self, base_url: str, key: str, business):
        self.base = f"{base_url}/tools"
        self.key = key
        self.business = business
        self.http = requests.Session()

    def headers(self, key=None):
        return {"Authorization": f"Bearer {key or self.key}"}

    def call(self, tool: str, args=None, key=None, raw=None, **kwargs):
        if raw is not None:
            return self.http.post(f"{self.base}/{tool}", data=raw, headers=self.headers(key), timeout=30,
                                  **kwargs)
        return self.http.post(f"{self.base}/{tool}", json=args, headers=self.headers(key), timeout=30)

    def day(self, days_ahead: int = 3) -> dt.date:
        return clock.local_now(self.business.timezone).date() + dt.timedelta(days=days_ahead)

    def at(self, day: dt.date, hhmm: str) -> str:
        hour, minute = map(int, hhmm.split(":"))
        zone = ZoneInfo(self.business.timezone)
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone).isoformat()


def register(**overrides):
    from shared.adapters.firestore_store import FirestoreBusinesses
    from shared.app import get_app
    from shared.services.businesses import BusinessDirectory

    defaults = dict(timezone="America/New_York", hours=every_day(), min_notice_minutes=60)
    business = make_business(**{**defaults, **overrides})
    key = "vh_test_" + secrets.token_hex(8)
    BusinessDirectory(FirestoreBusinesses(get_app().firestore)).register(business, key)
    return business, key


@pytest.fixture
def api(stack):
    business, key = register()
    return Api(f"http://127.0.0.1:{stack.functions_port}", key, business)


@pytest.fixture
def other_api(stack):
    business, key = register()
    return Api(f"http://127.0.0.1:{stack.functions_port}", key, business)


@pytest.fixture(scope="module")
def model():
    """A scripted OpenAI-compatible server on loopback (the real `openai` client talks to it)."""
    from shared.local import scripted_llm

    server = scripted_llm.ScriptedLLM().start()
    yield server
    server.stop()


def stored(firestore_client, business, collection: str) -> list[dict]:
    """The documents of one of a business's collections ("appointments", "leads", ...), as stored."""
    return [d.to_dict() for d in firestore_client.collection("businesses").document(business.id)
            .collection(collection).stream()]
