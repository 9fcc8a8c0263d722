import datetime as dt
import json
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest

from shared.adapters.google_calendar import parse_event
from shared.adapters.token_cipher import TokenCipher, new_key
from shared.domain.calendar_sync import event_id_for, event_key, is_ours
from shared.errors import ProviderError
from tests.factories import ROOT

NY = ZoneInfo("America/New_York")


def test_events_are_busy_unless_deleted_free_or_ours():
    timed = parse_event({"id": "abc12", "summary": "Dentist", "start": {"dateTime": "2030-03-05T10:00:00-05:00"},
                         "end": {"dateTime": "2030-03-05T11:00:00-05:00"}}, NY)
    assert timed.busy and timed.start == dt.datetime(2030, 3, 5, 15, tzinfo=dt.UTC)
    all_day = parse_event({"id": "abc13", "start": {"date": "2030-03-05"}, "end": {"date": "2030-03-06"}}, NY)
    assert all_day.busy and all_day.start == dt.datetime(2030, 3, 5, 5, tzinfo=dt.UTC)  # the business's midnight
    assert all_day.end - all_day.start == dt.timedelta(days=1)
    assert not parse_event({"id": "abc14", "status": "cancelled"}, NY).busy
    assert not parse_event({**{"id": "abc15", "transparency": "transparent"},
                            "start": {"date": "2030-03-05"}, "end": {"date": "2030-03-06"}}, NY).busy
    ours = event_id_for("0123456789abcdef0123")
    assert is_ours(ours) and not is_ours("abc12")
    assert not parse_event({"id": ours, "start": {"date": "2030-03-05"}, "end": {"date": "2030-03-06"}}, NY).busy
    assert not parse_event({"id": "other1", "start": {"date": "2030-03-05"}, "end": {"date": "2030-03-06"},
                            "extendedProperties": {"private": {"voicehive_appointment": "x"}}}, NY).busy
    assert event_key("maria", "a") != event_key("jo", "a") and event_key("maria", "a").startswith("x")


def test_refresh_tokens_are_encrypted_and_channel_tokens_signed():
    cipher = TokenCipher(new_key())
    stored = cipher.encrypt("1//refresh")
    assert "refresh" not in stored and cipher.decrypt(stored) == "1//refresh"
    assert cipher.verify("channel", cipher.sign("channel")) and not cipher.verify("channel", "forged")
    with pytest.raises(ProviderError, match="does not decrypt"):
        TokenCipher(new_key()).decrypt(stored)
    with pytest.raises(ProviderError, match="GOOGLE_CALENDAR_TOKEN_KEY is not set"):
        TokenCipher(None).encrypt("x")


IMPORTS = """
import json, sys
import functions.main
from shared.app import build
from shared.config import Settings
app = build(Settings({"FIRESTORE_EMULATOR_HOST": "127.0.0.1:9"}))
app.call_service, app.calendar, app.calendar_sync
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("googleapiclient", "httplib2"))))
"""


def test_a_call_turn_never_imports_googles_calendar_client():
    out = subprocess.run([sys.executable, "-c", IMPORTS], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
