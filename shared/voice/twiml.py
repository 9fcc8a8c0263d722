"""TwiML answers, built with twilio's own voice_response."""

from __future__ import annotations

from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

VOICE = "Polly.Joanna"


def gather(say: str, action: str, hints: list[str] | None = None) -> str:
    response = VoiceResponse()
    prompt = Gather(
        input="speech dtmf", action=action, method="POST", speech_timeout="auto",
        action_on_empty_result=True, language="en-US", num_digits=1, timeout=6,
        hints=", ".join(hints or [])[:900] or None, speech_model="phone_call",
    )
    prompt.say(say, voice=VOICE)
    response.append(prompt)
    return str(response)


def hangup(say: str) -> str:
    response = VoiceResponse()
    if say:
        response.say(say, voice=VOICE)
    response.hangup()
    return str(response)


def transfer(say: str, number: str, caller_id: str, action: str, whisper_url: str) -> str:
    response = VoiceResponse()
    if say:
        response.say(say, voice=VOICE)
    dial = Dial(caller_id=caller_id, action=action, method="POST", timeout=20)
    dial.number(number, url=whisper_url, method="POST")
    response.append(dial)
    return str(response)


def record_message(say: str, action: str) -> str:
    response = VoiceResponse()
    response.say(say, voice=VOICE)
    response.record(action=action, method="POST", max_length=120, play_beep=True, timeout=5,
                    finish_on_key="#")
    response.say("I didn't get a message. Goodbye.", voice=VOICE)
    return str(response)


def connect_relay(url: str, action: str, greeting: str, language: str, voice: str,
                  hints: list[str] | None = None) -> str:
    """Hand the call to Twilio ConversationRelay: a WebSocket to `url` (our voice_relay service)
    carries the caller's words and Roxy's; when the session ends Twilio posts `action`."""
    response = VoiceResponse()
    connect = response.connect(action=action, method="POST")
    connect.conversation_relay(
        url=url, welcome_greeting=greeting, language=language, voice=voice or None,
        dtmf_detection=True, interruptible="any", welcome_greeting_interruptible="any",
        hints=",".join(hints or [])[:900] or None)
    return str(response)


def say_only(say: str) -> str:
    response = VoiceResponse()
    response.say(say, voice=VOICE)
    return str(response)


def sms_reply(text: str) -> str:
    from twilio.twiml.messaging_response import MessagingResponse

    response = MessagingResponse()
    if text:
        response.message(text)
    return str(response)
