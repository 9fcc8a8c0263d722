"""Phone numbers are E.164 everywhere inside VoiceHive."""

from __future__ import annotations

import hashlib
import re

import phonenumbers

# A call's caller_phone when the caller ID is withheld or not a phone number (Twilio sends
# "+266696687" for anonymous, "+7378742833" for restricted, or a word such as "anonymous").
WITHHELD = "withheld"


def normalize_phone(raw: str, default_region: str = "US") -> str:
    """Return `raw` as E.164, or raise ValueError with a message a caller can act on."""
    text = (raw or "").strip()
    if not text:
        raise ValueError("a phone number is required")
    try:
        parsed = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"'{raw}' is not a phone number") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"'{raw}' is not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_key(e164: str) -> str:
    """A stable, non-reversible-at-a-glance document id for a phone number."""
    return hashlib.sha256(e164.encode()).hexdigest()[:24]


def redact_phone(e164: str | None) -> str:
    if not e164:
        return ""
    return "***" + e164[-4:]


def spoken_digits(e164: str, default_region: str = "US") -> str:
    """A number to read back digit by digit, grouped as written in its country: '2 1 2, 5 5 5, 0 1 9 9'."""
    parsed = phonenumbers.parse(e164, default_region)
    groups = re.findall(r"\d+", phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
    return ", ".join(" ".join(group) for group in groups)
