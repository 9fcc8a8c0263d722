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


# What the phone network puts in `From` for a caller it identified: "+" and 8 to 15 ASCII digits,
# nothing else (no "client:", "tel:", extension, direction mark, full-width digit or spaces).
_STRICT_E164 = re.compile(r"\+[1-9][0-9]{7,14}")


def verified_caller(from_: str, caller: str | None = None) -> str | None:
    """The caller's number when Twilio's `From` is a strict, valid E.164 number (and `Caller`, when
    sent, is the same); None otherwise: the caller is then treated as withheld."""
    if not isinstance(from_, str) or not _STRICT_E164.fullmatch(from_):
        return None
    if caller and caller != from_:
        return None
    try:
        parsed = phonenumbers.parse(from_, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return from_


def region_of(e164: str) -> str | None:
    """The ISO country code of an E.164 number ("GB" for +44...), None if it has none."""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return None


def phone_key(e164: str) -> str:
    """A stable, non-reversible-at-a-glance document id for a phone number."""
    return hashlib.sha256(e164.encode()).hexdigest()[:24]


def redact_phone(e164: str | None) -> str:
    if not e164:
        return ""
    return "***" + e164[-4:]


def spoken_digits(e164: str, default_region: str = "US") -> str:
    """A number to read back digit by digit, grouped as written in its country: '2 1 2, 5 5 5, 0 1 9 9';
    another country's with its code: 'plus 4 4, 7 9 1 1, 1 2 3 4 5 6'."""
    parsed = phonenumbers.parse(e164, default_region)
    abroad = parsed.country_code != phonenumbers.country_code_for_region(default_region)
    style = phonenumbers.PhoneNumberFormat.INTERNATIONAL if abroad else phonenumbers.PhoneNumberFormat.NATIONAL
    groups = re.findall(r"\d+", phonenumbers.format_number(parsed, style))
    said = ", ".join(" ".join(group) for group in groups)
    return f"plus {said}" if abroad else said  # another country's number is read with its country code
