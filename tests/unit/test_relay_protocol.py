"""ConversationRelay messages, phrase cutting and the speaker's record of what the caller heard."""

import asyncio
import json

import pytest

from shared.voice import twiml
from shared.voice.relay import protocol
from shared.voice.relay.session import FILLER, Speaker


def test_messages_from_twilio_parse_as_documented():
    setup = protocol.parse(json.dumps({
        "type": "setup", "sessionId": "VX1", "accountSid": "AC1", "parentCallSid": "", "callSid": "CA1",
        "from": "+18005550100", "to": "+18005550101", "forwardedFrom": "", "callType": "PSTN", "callerName": "",
        "direction": "inbound", "callStatus": "RINGING", "customParameters": {"a": "b"}, "newField": 1}))
    assert (setup.call_sid, setup.caller, setup.dialled, setup.custom) == ("CA1", "+18005550100", "+18005550101",
                                                                           {"a": "b"})
    assert protocol.parse('{"type":"prompt","voicePrompt":"Hi","lang":"en-US","last":true}') == \
        protocol.Prompt("Hi", "en-US", True)
    assert protocol.parse('{"type":"dtmf","digit":"#"}') == protocol.Dtmf("#")
    # Twilio's page shows durationUntilInterruptMs as "460" in one example and 460 in another
    for duration in ('"460"', "460"):
        message = protocol.parse('{"type":"interrupt","utteranceUntilInterrupt":"Life is a",'
                                 f'"durationUntilInterruptMs":{duration}}}')
        assert message == protocol.Interrupt("Life is a", 460)
    assert protocol.parse('{"type":"error","description":"Invalid message"}') == protocol.Error("Invalid message")


@pytest.mark.parametrize("raw", [
    "not json", "[]", '{"type":"nope"}', '{"type":"dtmf","digit":"12"}', '{"type":"prompt","voicePrompt":3}',
    '{"type":"prompt","voicePrompt":"a","last":"yes"}', '{"type":"setup","from":"+1"}',
    '{"type":"interrupt","durationUntilInterruptMs":"x"}'])
def test_bad_messages_are_protocol_errors(raw):
    with pytest.raises(protocol.ProtocolError):
        protocol.parse(raw)


def test_messages_to_twilio():
    assert json.loads(protocol.text("Hi", False)) == {"type": "text", "token": "Hi", "last": False}
    assert json.loads(protocol.text("", True, lang="en-US", interruptible=True)) == {
        "type": "text", "token": "", "last": True, "lang": "en-US", "interruptible": True}
    assert json.loads(protocol.play("https://x/a.mp3")) == {"type": "play", "source": "https://x/a.mp3", "loop": 1}
    assert json.loads(protocol.send_digits("12w#")) == {"type": "sendDigits", "digits": "12w#"}
    with pytest.raises(ValueError):
        protocol.send_digits("12a")
    assert json.loads(protocol.language("es-ES", "es-ES")) == {"type": "language", "ttsLanguage": "es-ES",
                                                               "transcriptionLanguage": "es-ES"}
    end = json.loads(protocol.end({"action": "transfer", "say": "One moment."}))
    assert end["type"] == "end" and json.loads(end["handoffData"]) == {"action": "transfer", "say": "One moment."}


def test_streamed_text_is_cut_at_phrase_boundaries_after_the_first_piece():
    cutter = protocol.PhraseCutter()
    out = []
    for piece in ["Sure", ",", " I", " have", " 10.30", " tomorrow", ".", " May", " I", " have", " your", " name", "?"]:
        out += cutter.feed(piece)
    out.append(cutter.flush())
    assert out[0] == "Sure"  # the first sound is not held back
    assert "".join(out) == "Sure, I have 10.30 tomorrow. May I have your name?"
    assert " I have 10.30 tomorrow." in out  # "10.30" is no phrase end
    long = protocol.phrases("one two three four five six seven eight nine ten eleven twelve")
    assert len(long) == 2 and "".join(long) == "one two three four five six seven eight nine ten eleven twelve"


def test_remainder_continues_the_stream_or_says_it_all():
    assert protocol.remainder("Sure, I have", "Sure, I have 10 AM.") == " 10 AM."
    assert protocol.remainder("Sure,  I", "Sure, I have") == " have"
    assert protocol.remainder("Let me see", "What day would suit you?") == " What day would suit you?"


def test_the_speaker_records_what_was_heard():
    async def run():
        out: asyncio.Queue = asyncio.Queue()
        speaker = Speaker(asyncio.get_running_loop(), out)
        speaker.tools()
        assert speaker.claim_filler()
        speaker.text("Yes, there's")
        speaker.text(" parking.")
        heard = speaker.finish("Yes, there's parking. Anything else?", "gather")
        await asyncio.sleep(0)
        sent = [out.get_nowait() for _ in range(out.qsize())]
        assert heard == f"{FILLER.strip()} Yes, there's parking. Anything else?"
        assert sent[-1] == ("say", " Anything else?")
        speaker.text("more")  # after the end of the turn: nothing
        assert speaker.finish("other", "gather") == heard
        cut = Speaker(asyncio.get_running_loop(), out)
        cut.cancel()
        cut.text("ignored")
        assert cut.streamed == "" and not cut.claim_filler()
        ends = Speaker(asyncio.get_running_loop(), out)
        assert ends.finish("Goodbye!", "hangup") == "Goodbye!" and ends.rest == "Goodbye!"

    asyncio.run(run())


def test_connect_relay_twiml():
    xml = twiml.connect_relay("wss://relay.example/voice_relay", "https://f/voice_webhook?event=relay",
                              "Hi & welcome", "en-GB", "", ["Haircut", "Beard Trim"])
    assert '<Connect action="https://f/voice_webhook?event=relay" method="POST">' in xml
    assert 'url="wss://relay.example/voice_relay"' in xml and 'language="en-GB"' in xml
    assert 'welcomeGreeting="Hi &amp; welcome"' in xml and 'hints="Haircut,Beard Trim"' in xml
    assert 'dtmfDetection="true"' in xml and 'interruptible="any"' in xml and "voice=" not in xml
