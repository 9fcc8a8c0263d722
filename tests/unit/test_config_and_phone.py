import datetime as dt

import pytest

from shared.config import LOCAL_TWILIO_AUTH_TOKEN, Settings
from shared.domain.phone import normalize_phone, phone_key, redact_phone, spoken_digits
from shared.services.leads import valid_email


def test_development_falls_back_to_local_defaults(monkeypatch):
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    monkeypatch.setenv("ENVIRONMENT", "development")
    settings = Settings()
    assert settings.twilio.auth_token == LOCAL_TWILIO_AUTH_TOKEN
    assert settings.openai.api_key is None


def test_production_lists_every_missing_setting_at_once(monkeypatch):
    for name in ("TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID", "SENDGRID_API_KEY", "GOOGLE_CLOUD_PROJECT",
                 "SENDGRID_WEBHOOK_PUBLIC_KEY", "SMTP_HOST", "PUBLIC_BASE_URL", "VOICEHIVE_CLOCK_START",
                 "TASKS_SERVICE_ACCOUNT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ENVIRONMENT", "production")
    with pytest.raises(ValueError) as caught:
        Settings()
    message = str(caught.value)
    for name in ("GOOGLE_CLOUD_PROJECT", "PUBLIC_BASE_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
                 "SENDGRID_API_KEY", "SENDGRID_WEBHOOK_PUBLIC_KEY", "TASKS_SERVICE_ACCOUNT"):
        assert name in message


def test_production_starts_with_its_secrets(monkeypatch):
    values = {"ENVIRONMENT": "production", "GOOGLE_CLOUD_PROJECT": "acme-prod",
              "PUBLIC_BASE_URL": "https://example.run.app", "TWILIO_ACCOUNT_SID": "AC1",
              "TWILIO_AUTH_TOKEN": "t", "SENDGRID_API_KEY": "k", "SENDGRID_WEBHOOK_PUBLIC_KEY": "p",
              "TASKS_SERVICE_ACCOUNT": "voicehive-tasks@acme-prod.iam.gserviceaccount.com"}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("VOICEHIVE_CLOCK_START", raising=False)
    settings = Settings()
    assert settings.twilio.auth_token == "t" and settings.google.google_cloud_project == "acme-prod"
    monkeypatch.setenv("OIDC_CERTS_URL", "http://127.0.0.1:1/certs")  # production trusts Google's keys only
    with pytest.raises(ValueError, match="OIDC_CERTS_URL"):
        Settings()


def test_values_are_parsed_by_their_type():
    settings = Settings({"SMTP_PORT": "2525", "SMTP_STARTTLS": "off", "OPENAI_TEMPERATURE": "0.7",
                         "MEMORY_BACKEND": "firestore", "LOG_LEVEL": "debug", "OPENAI_API_KEY": ""})
    assert settings.smtp.port == 2525 and settings.smtp.starttls is False
    assert settings.openai.temperature == 0.7 and settings.openai.api_key == ""
    assert settings.memory_backend == "firestore" and settings.runtime.log_level == "DEBUG"
    assert settings.memory.recall_budget_ms == 300  # unset: the default


def test_every_value_that_does_not_parse_is_named_at_once():
    with pytest.raises(ValueError) as caught:
        Settings({"SMTP_PORT": "smtp", "SMTP_STARTTLS": "maybe", "MEMORY_BACKEND": "redis",
                  "MEMORY_RECALL_BUDGET_MS": "5", "LOG_LEVEL": "loud"})
    message = str(caught.value)
    for name in ("SMTP_PORT", "SMTP_STARTTLS", "MEMORY_BACKEND", "MEMORY_RECALL_BUDGET_MS", "LOG_LEVEL"):
        assert name in message
    assert "expected at least 10" in message and "'redis'" in message


def test_secrets_stay_out_of_the_repr():
    settings = Settings({"TWILIO_AUTH_TOKEN": "tok-123", "OPENAI_API_KEY": "sk-456", "SMTP_PASSWORD": "pw-789"})
    shown = " ".join(repr(group) for group in (settings.twilio, settings.openai, settings.smtp))
    assert "tok-123" not in shown and "sk-456" not in shown and "pw-789" not in shown
    assert settings.twilio.auth_token == "tok-123"


@pytest.mark.parametrize("raw", ["(212) 555-0142", "212.555.0142", "+1 212 555 0142", "1-212-555-0142"])
def test_phone_forms_normalize_to_e164(raw):
    assert normalize_phone(raw) == "+12125550142"


@pytest.mark.parametrize("raw", ["", "12", "not a phone", "+1 555 0100"])
def test_invalid_phones_are_rejected(raw):
    with pytest.raises(ValueError):
        normalize_phone(raw)


def test_uk_number_with_business_region():
    assert normalize_phone("020 7946 0018", "GB") == "+442079460018"


def test_phone_key_is_stable_and_redaction_keeps_last_four():
    assert phone_key("+12125550142") == phone_key("+12125550142") != phone_key("+12125550143")
    assert redact_phone("+12125550142") == "***0142"


def test_email_validation():
    assert valid_email(" Jane@Example.COM ") == "Jane@example.com"
    assert valid_email("") is None
    with pytest.raises(Exception, match="email"):
        valid_email("jane at example")


def test_numbers_are_read_back_digit_by_digit_in_their_groups():
    assert spoken_digits("+12125550199") == "2 1 2, 5 5 5, 0 1 9 9"
    assert spoken_digits("+442079460018", "GB") == "0 2 0, 7 9 4 6, 0 0 1 8"


def test_a_pinned_clock_only_on_local_runs_with_emulators():
    local = {"FIRESTORE_EMULATOR_HOST": "127.0.0.1:8780", "VOICEHIVE_CLOCK_START": "2026-12-05T22:50:00-05:00"}
    assert Settings(local).runtime.voicehive_clock_start == "2026-12-05T22:50:00-05:00"
    with pytest.raises(ValueError, match="VOICEHIVE_CLOCK_START: a pinned clock needs the emulators"):
        Settings({"VOICEHIVE_CLOCK_START": "2026-12-05T22:50:00-05:00"})
    with pytest.raises(ValueError, match="VOICEHIVE_CLOCK_START: a pinned clock is refused in production"):
        Settings({**local, "ENVIRONMENT": "production"})
    with pytest.raises(ValueError, match="VOICEHIVE_CLOCK_START: expected an ISO 8601 instant with an offset"):
        Settings({**local, "VOICEHIVE_CLOCK_START": "2026-12-05 22:50"})


def test_the_app_clock_starts_where_it_is_pinned_and_ticks():
    from shared.app import build
    from shared.clock import TickingClock, parse_instant

    app = build(Settings({"FIRESTORE_EMULATOR_HOST": "127.0.0.1:8780",
                          "VOICEHIVE_CLOCK_START": "2026-12-31T23:59:00-05:00"}))
    assert isinstance(app.clock, TickingClock)
    first = app.clock()
    assert dt.timedelta(0) <= first - parse_instant("2026-12-31T23:59:00-05:00") < dt.timedelta(seconds=5)
    assert app.clock() >= first
    with pytest.raises(TypeError, match="unknown parts: calender"):
        build(Settings({}), calender=object())
