"""The console's settings handlers over the composition root built with fakes: staff saved through
the Business model with each error under its field's path, nothing written when one is bad, a
connected calendar kept whatever the form sends, and the Google consent link for a staff member."""

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.fernet import Fernet
from flask import Request
from werkzeug.test import EnvironBuilder

from shared.clock import TickingClock
from shared.config import Settings
from shared.console import admin
from shared.console.request import ConsoleRequest
from shared.domain.business import ConnectedCalendar
from shared.domain.members import Identity, Member
from shared.errors import InvalidInput
from tests.clock import test_start as suite_start
from tests.factories import make_business
from tests.fakes import Documents, fake_parts


@pytest.fixture
def app():
    from shared.app import build

    clock = TickingClock(suite_start())
    settings = Settings(env={"ENVIRONMENT": "development", "GOOGLE_CLOUD_PROJECT": "demo-unit",
                             "GOOGLE_CALENDAR_CLIENT_ID": "console-test.apps.googleusercontent.com",
                             "GOOGLE_CALENDAR_TOKEN_KEY": Fernet.generate_key().decode(), "LOG_LEVEL": "WARNING"})
    return build(settings, clock=clock, **fake_parts(Documents(), clock))


@pytest.fixture
def business(app):
    made = make_business(staff=[{"id": "maria", "name": "Maria Lopez"},
                                {"id": "jo", "name": "Jo Chen", "services": ["Haircut"]}])
    made.staff[0].calendar = ConnectedCalendar(calendar_id="maria@example.com")
    app.directory.register(made)
    return made


def call(app, business, handler, body: dict | None = None) -> dict:
    owner = Member(business_id=business.id, uid="u-own", email="own@example.com", role="owner",
                   added_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    raw = Request(EnvironBuilder(method="PUT", data=json.dumps(body or {}),
                                 content_type="application/json").get_environ())
    request = ConsoleRequest(app, Identity(uid="u-own", email="own@example.com", email_verified=True), owner,
                             {"b": business.id}, {}, raw)
    return handler(request)


def audit(app, business) -> list:
    return app.audit.list(business.id, 20, None)["entries"]


def staff_of(app, business) -> list[dict]:
    return app.businesses.get(business.id).model_dump(mode="json")["staff"]


def test_staff_errors_name_the_field_and_nothing_is_written(app, business):
    before = app.businesses.get(business.id)
    team = staff_of(app, business)
    team[1]["services"] = ["Nails"]
    team.append({"id": "maria", "name": "Maria Lopez"})
    team.append({"id": "al", "name": "Al", "phone": "12"})
    with pytest.raises(InvalidInput) as caught:
        call(app, business, admin.save_settings, {"config": {"staff": team}})
    fields = caught.value.fields
    assert "unknown services ['Nails']" in fields["staff.1.services"]
    assert "unique" in fields["staff.2.name"] and "staff.3.phone" in fields
    assert "body" not in fields
    with pytest.raises(InvalidInput) as caught:
        call(app, business, admin.save_settings,
             {"config": {"staff": [{"id": "jo", "name": "Jo", "services": ["Haircut"]}]}})
    assert caught.value.fields["services.1"] == "nobody on the staff does Beard Trim"
    with pytest.raises(InvalidInput) as caught:
        call(app, business, admin.save_settings, {"config": {"staff": [{"id": "Not An Id", "name": "X"}]}})
    assert list(caught.value.fields) == ["staff.0.id"]
    assert app.businesses.get(business.id) == before and audit(app, business) == []


def test_a_saved_team_is_audited_and_keeps_each_connected_calendar(app, business):
    team = staff_of(app, business)
    team[0]["calendar"] = {"calendar_id": "someone-else@example.com"}      # not settable from a form
    team[1]["hours"] = {"monday": [{"open": "12:00", "close": "17:00"}]}  # Jo: off every other day
    team.append({"id": "sam", "name": "Sam Patel", "calendar": {"calendar_id": "sam@example.com"}})
    saved = call(app, business, admin.save_settings, {"config": {"staff": team}})
    assert saved["changed"] == ["staff"]
    stored = app.businesses.get(business.id).staff
    assert stored[0].calendar.calendar_id == "maria@example.com" and stored[2].calendar is None
    assert list(stored[1].hours) == ["monday"]
    (entry,) = audit(app, business)
    assert entry["action"] == "settings.update" and entry["who"] == "own@example.com"
    assert [m["id"] for m in entry["detail"]["staff"]["after"]] == ["maria", "jo", "sam"]
    again = call(app, business, admin.save_settings, {"config": {"staff": staff_of(app, business)}})
    assert again["changed"] == [] and len(audit(app, business)) == 1


def test_connecting_a_staff_members_calendar_gives_googles_consent_link(app, business):
    answer = call(app, business, admin.connect_calendar, {"staff": "maria"})
    url = urlsplit(answer["url"])
    query = parse_qs(url.query)
    assert query["client_id"] == ["console-test.apps.googleusercontent.com"]
    assert query["access_type"] == ["offline"] and query["state"][0]
    (entry,) = audit(app, business)
    assert entry["action"] == "calendar.connect" and entry["detail"] == {"staff": "maria", "calendar_id": "primary"}
    with pytest.raises(InvalidInput) as caught:
        call(app, business, admin.connect_calendar, {"staff": "nobody"})
    assert "staff" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        call(app, business, admin.connect_calendar, {})      # a team: whose calendar?
    assert "staff" in caught.value.fields
    with pytest.raises(InvalidInput):
        call(app, business, admin.connect_calendar, {"staff": "maria", "calendar_id": "x" * 301})
    assert len(audit(app, business)) == 1


def test_model_messages_go_under_the_path_they_start_with():
    fields = admin._beside_their_fields({
        "body": "Value error, transfer_number: not a phone; services.2.name: duplicate names ['x']; "
                "services.2.name: again; something else: broke",
        "hours.monday.0": "Value error, opens at 18:00 but closes at 09:00"})
    assert fields == {"transfer_number": "not a phone", "services.2.name": "duplicate names ['x']; again",
                      "body": "something else: broke", "hours.monday.0": "opens at 18:00 but closes at 09:00"}
