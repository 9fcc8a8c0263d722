"""Twilio ConversationRelay's WebSocket messages (docs/voice_relay.md: each field, and where in
Twilio's docs it was checked).

From Twilio: setup, prompt, dtmf, interrupt, error. To Twilio: text, play, sendDigits, language,
end. Parsing is strict about what we use and lenient about the rest: Twilio adds fields without
notice, and documents `durationUntilInterruptMs` both as a number and as a string.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

DIGITS = frozenset("0123456789*#")


class ProtocolError(ValueError):
    """A message we cannot use (malformed JSON, unknown type, a field of the wrong kind)."""


@dataclass(frozen=True)
class Setup:
    session_id: str
    call_sid: str
    account_sid: str
    caller: str
    dialled: str
    custom: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Prompt:
    text: str
    lang: str
    last: bool  # False for the partial prompts of `partialPrompts="true"`: more of the same utterance follows


@dataclass(frozen=True)
class Dtmf:
    digit: str


@dataclass(frozen=True)
class Interrupt:
    heard: str            # utteranceUntilInterrupt: what Twilio had spoken when the caller talked over it
    duration_ms: int


@dataclass(frozen=True)
class Error:
    description: str


Inbound = Setup | Prompt | Dtmf | Interrupt | Error


def _string(message: dict, name: str, required: bool = True) -> str:
    value = message.get(name, "" if not required else None)
    if value is None or not isinstance(value, str):
        raise ProtocolError(f"{message.get('type')}: {name} must be a string")
    return value


def parse(raw: str | bytes) -> Inbound:
    try:
        message = json.loads(raw)
    except ValueError as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError("not a JSON object")
    kind = message.get("type")
    if kind == "setup":
        custom = message.get("customParameters") or {}
        return Setup(_string(message, "sessionId", False), _string(message, "callSid"),
                     _string(message, "accountSid", False), _string(message, "from", False),
                     _string(message, "to"), custom if isinstance(custom, dict) else {})
    if kind == "prompt":
        last = message.get("last", True)
        if not isinstance(last, bool):
            raise ProtocolError("prompt: last must be true or false")
        return Prompt(_string(message, "voicePrompt")[:1000], _string(message, "lang", False), last)
    if kind == "dtmf":
        digit = _string(message, "digit")
        if len(digit) != 1 or digit not in DIGITS:
            raise ProtocolError("dtmf: digit must be one of 0-9 * #")
        return Dtmf(digit)
    if kind == "interrupt":
        duration = message.get("durationUntilInterruptMs", 0)
        try:
            duration_ms = int(float(duration))
        except (TypeError, ValueError):
            raise ProtocolError("interrupt: durationUntilInterruptMs must be a number") from None
        return Interrupt(_string(message, "utteranceUntilInterrupt", False), duration_ms)
    if kind == "error":
        return Error(_string(message, "description", False))
    raise ProtocolError(f"unknown message type {kind!r}")


def _dump(message: dict) -> str:
    return json.dumps({k: v for k, v in message.items() if v is not None})


def text(token: str, last: bool, lang: str | None = None, interruptible: bool | None = None,
         preemptible: bool | None = None) -> str:
    """Words for Twilio to speak; `last` closes the talk cycle (Twilio then listens again)."""
    return _dump({"type": "text", "token": token, "last": last, "lang": lang, "interruptible": interruptible,
                  "preemptible": preemptible})


def play(source: str, loop: int = 1, interruptible: bool | None = None, preemptible: bool | None = None) -> str:
    return _dump({"type": "play", "source": source, "loop": loop, "interruptible": interruptible,
                  "preemptible": preemptible})


def send_digits(digits: str) -> str:
    if not digits or any(d not in DIGITS | {"w"} for d in digits):
        raise ValueError("digits: 0-9, *, # and w (a half-second pause)")
    return _dump({"type": "sendDigits", "digits": digits})


def language(tts: str | None = None, transcription: str | None = None) -> str:
    return _dump({"type": "language", "ttsLanguage": tts, "transcriptionLanguage": transcription})


def end(handoff: dict | None = None) -> str:
    """End the session; Twilio posts `handoffData` (a string: ours is JSON) to the <Connect> action."""
    return _dump({"type": "end", "handoffData": json.dumps(handoff) if handoff is not None else None})


# A phrase ends at punctuation followed by a space ("Sure, " / "10 AM. "); "1.5" and "10:30" do not.
PHRASE_END = re.compile(r"[.,!?;:](?=\s)|[—–](?=\s)")
MAX_WORDS = 8  # a long run without punctuation goes out in phrases of about this many words


class PhraseCutter:
    """Cuts streamed text into phrases for text-to-speech. The first piece of a reply goes out at
    once (the caller's first sound is what they wait for); after it, text waits for the end of its
    phrase, so each message is a natural unit to speak. Spaces are kept exactly: Twilio joins
    tokens as sent."""

    def __init__(self):
        self.buffer = ""
        self.started = False

    def feed(self, piece: str) -> list[str]:
        if not piece:
            return []
        if not self.started:
            self.started = True
            return [piece]
        self.buffer += piece
        out = []
        while True:
            end = None
            for match in PHRASE_END.finditer(self.buffer):
                end = match.end()
                break
            if end is None and len(self.buffer.split()) > MAX_WORDS:
                end = self.buffer.rstrip().rfind(" ")
                end = end if end > 0 else None
            if end is None:
                return out
            out.append(self.buffer[:end])
            self.buffer = self.buffer[end:]

    def flush(self) -> str:
        rest, self.buffer = self.buffer, ""
        return rest


def phrases(say: str) -> list[str]:
    """A whole reply cut as it would stream: the phrases, in order, joining back to `say`."""
    cutter = PhraseCutter()
    cutter.started = True
    out = cutter.feed(say)
    rest = cutter.flush()
    return out + ([rest] if rest else [])


def remainder(streamed: str, say: str) -> str:
    """What is left to say of `say` once `streamed` is out: the rest when `say` goes on from it,
    else all of `say` (the model failed mid-reply and the offline engine answered)."""
    done = " ".join(streamed.split())
    if not done:
        return say
    words = " ".join(say.split())
    if words.startswith(done):
        # find where the streamed words end in the original spacing
        seen, i = 0, 0
        while i < len(say) and seen < len(done.replace(" ", "")):
            if not say[i].isspace():
                seen += 1
            i += 1
        return say[i:]
    return (" " if not streamed.endswith(" ") else "") + say
