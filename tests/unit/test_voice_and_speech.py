import datetime as dt
from zoneinfo import ZoneInfo

from twilio.request_validator import RequestValidator

from shared.dialogue.reading import looks_like_name
from shared.language import speech
from shared.local.phone import parse
from shared.voice import twiml
from shared.voice.signature import public_url

NY = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=NY)


def test_public_url_is_rebuilt_from_the_configured_base():
    assert public_url("https://x.cloudfunctions.net/", "voice_webhook", "/", "turn=2&event=dial") == \
        "https://x.cloudfunctions.net/voice_webhook?turn=2&event=dial"
    assert public_url("https://x.net", "voice_webhook", "", "") == "https://x.net/voice_webhook"
    assert public_url("https://x.net", "voice_webhook", "/sub", "") == "https://x.net/voice_webhook/sub"


def test_signature_covers_blank_params():
    validator = RequestValidator("token")
    params = {"CallSid": "CA1", "CallToken": ""}
    url = "https://x.net/voice_webhook"
    assert validator.validate(url, params, validator.compute_signature(url, params))
    assert not validator.validate(url, {"CallSid": "CA1"}, validator.compute_signature(url, params))


def test_spoken_times_and_days():
    assert speech.clock(dt.datetime(2026, 1, 1, 15, 30)) == "3:30 PM"
    assert speech.clock(dt.datetime(2026, 1, 1, 9, 0)) == "9 AM"
    assert speech.clock(dt.datetime(2026, 1, 1, 12, 0)) == "noon"
    assert speech.when(NOW + dt.timedelta(days=1, hours=5), NOW) == "tomorrow at 3 PM"
    assert speech.when(NOW + dt.timedelta(days=3), NOW) == "Saturday at 10 AM"
    assert speech.day(dt.date(2026, 12, 21), NOW.date()) == "Monday the 21st of December"
    assert speech.options(["A", "B", "C"]) == "A, B or C"
    assert speech.price(55.0) == "$55" and speech.price(12.5) == "$12.50"


def test_twiml_gather_listens_for_speech_and_keypad_and_reaches_us_on_silence():
    answer = parse(twiml.gather("Hello", "https://x/voice_webhook?turn=1", ["Haircut"]))
    assert answer.kind == "gather" and answer.text == "Hello"
    xml = twiml.gather("Hello", "https://x/voice_webhook?turn=1", ["Haircut"])
    assert 'input="speech dtmf"' in xml and 'actionOnEmptyResult="true"' in xml and 'hints="Haircut"' in xml


def test_bare_names_are_recognised_but_requests_are_not():
    assert looks_like_name("Jane Doe") == "Jane Doe"
    assert looks_like_name("it's maria garcia") == "Maria Garcia"
    assert looks_like_name("I want to book") is None
    assert looks_like_name("tomorrow please") is None


def test_the_article_before_a_service():
    a = speech.a
    assert a("Haircut") == "a Haircut"
    assert a("Initial Assessment") == "an Initial Assessment"
    assert a("Upper Lip Wax") == "an Upper Lip Wax"
    assert a("Uniform Fitting") == "a Uniform Fitting"
    assert a("Euro Cut") == "a Euro Cut"


def test_durations_are_said_as_people_say_them():
    from shared.language.speech import duration

    assert [duration(m) for m in (20, 45, 60, 90, 75, 120, 150)] == [
        "20 minutes", "45 minutes", "an hour", "an hour and a half", "an hour and 15 minutes", "2 hours",
        "2 and a half hours"]
