"""A stand-in for Twilio ConversationRelay: rings voice_webhook as Twilio does, and when the answer
is <Connect><ConversationRelay>, opens the WebSocket with a signed handshake, sends `setup`, then
the caller's words as `prompt`s (in pieces, with pauses, when asked), keys as `dtmf`, talks over
Roxy (`interrupt` with what was heard so far) and hangs up. When the session ends (`end`, or the
socket drops) it posts the <Connect> action with HandoffData and follows the TwiML (a dial, a
recording, a new session).

Same methods as shared/local/phone.SimulatedCall, so call scripts run over either transport.
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from twilio.request_validator import RequestValidator

from shared.local.phone import Answer, SimulatedCall, parse


@dataclass
class Session:
    url: str
    action: str
    greeting: str


def relay_of(twiml: str) -> Session | None:
    root = ET.fromstring(twiml)
    connect = root.find("Connect")
    relay = connect.find("ConversationRelay") if connect is not None else None
    if relay is None:
        return None
    return Session(relay.get("url"), connect.get("action"), relay.get("welcomeGreeting") or "")


@dataclass
class RelayCall:
    phone: SimulatedCall
    session: Session | None = None
    socket: object = None
    last: Answer | None = None
    handoff: dict | None = None
    timings: list[dict] = field(default_factory=list)    # per reply: ms to the first text, to `last`
    heard_partial: str = ""
    reply_timeout: float = 15.0
    relay_url: str | None = None   # talk through voice_relay even when the business answers on <Gather>

    @property
    def call_sid(self) -> str:
        return self.phone.call_sid

    @property
    def transcript(self):
        return self.phone.transcript

    # --- the phone side (HTTP) --------------------------------------------------------------

    def start(self) -> Answer:
        self.phone.start()
        return self._after_twiml(self.phone.last)

    def _after_twiml(self, answer: Answer) -> Answer:
        """Follow TwiML: a <Connect><ConversationRelay> opens a session (its welcome greeting is
        what Roxy says); anything else is the phone's."""
        session = relay_of(answer.twiml) if answer.kind == "end" and answer.twiml.startswith("<?xml") else None
        if session is None and self.relay_url and answer.kind == "gather" and self.session is None:
            # the greeting came as <Gather>: go on as if it had been <Connect><ConversationRelay>
            self.phone.transcript.pop()
            session = Session(self.relay_url, f"{self.phone.base_url}/voice_webhook?event=relay", answer.text)
        if session is None:
            self.last = answer
            return answer
        self.session = session
        self._connect()
        says = [session.greeting] if session.greeting else []
        if says:
            self.phone.transcript.append(("roxy", session.greeting))
        self.last = Answer(says, "gather", twiml=answer.twiml)
        return self.last

    def signed_headers(self, url: str) -> dict[str, str]:
        return {"X-Twilio-Signature": RequestValidator(self.phone.auth_token).compute_signature(url, {})}

    def _connect(self, headers: dict | None = None) -> None:
        from websockets.sync.client import connect

        self.socket = connect(self.session.url, additional_headers=headers or self.signed_headers(self.session.url),
                              open_timeout=10, max_size=2**20, proxy=None, legacy=True)
        self.socket.send(json.dumps({
            "type": "setup", "sessionId": "VX" + self.phone.call_sid[2:], "accountSid": self.phone.account_sid,
            "parentCallSid": "", "callSid": self.phone.call_sid, "from": self.phone.caller, "to": self.phone.to,
            "forwardedFrom": "", "callType": "PSTN", "callerName": "", "direction": "inbound",
            "callStatus": "IN-PROGRESS", "customParameters": {}}))

    def _session_ended(self, handoff: str | None, status: str) -> Answer:
        """Twilio posts the <Connect> action once the session is over."""
        try:
            self.socket.close()
        except Exception:
            pass
        self.socket = None
        params = self.phone._params(SessionId="VX" + self.phone.call_sid[2:], SessionStatus=status,
                                    SessionDuration="30")
        if handoff is not None:
            params["HandoffData"] = handoff
        code, body = self.phone.post(self.session.action, params)
        if code != 200:
            self.last = Answer([], "error", twiml=body, status=code)
            return self.last
        answer = parse(body, code)
        self.phone.last = answer
        if answer.says:
            self.phone.transcript.append(("roxy", answer.text))
        return self._after_twiml(answer)

    # --- the caller -------------------------------------------------------------------------

    def send(self, message: dict) -> None:
        self.socket.send(json.dumps(message))

    def _reply(self, sent_at: float, interrupt_after: int | None = None) -> Answer:
        """Roxy's words until `last` (or the session's end); with `interrupt_after`, the caller
        talks over her after that many pieces."""
        tokens: list[str] = []
        first = None
        deadline = time.monotonic() + self.reply_timeout
        while True:
            try:
                raw = self.socket.recv(timeout=max(deadline - time.monotonic(), 0.01))
            except TimeoutError:
                said = "".join(tokens)
                raise AssertionError(f"Roxy said nothing more within {self.reply_timeout}s: {said!r}") from None
            except Exception:  # the server closed the socket
                return self._session_ended(None, "failed")
            message = json.loads(raw)
            if message["type"] == "text":
                if message["token"] and first is None:
                    first = time.monotonic()
                tokens.append(message["token"])
                if interrupt_after is not None and len([t for t in tokens if t.strip()]) >= interrupt_after:
                    heard = "".join(tokens)
                    self.send({"type": "interrupt", "utteranceUntilInterrupt": heard,
                               "durationUntilInterruptMs": 900})
                    self.heard_partial = heard
                    self._drain()
                    self.phone.transcript.append(("roxy", heard + " —"))
                    self.last = Answer([heard], "gather")
                    return self.last
                if message["last"]:
                    break
            elif message["type"] == "end":
                if "".join(tokens).strip():
                    self.phone.transcript.append(("roxy", "".join(tokens)))
                return self._session_ended(message.get("handoffData"), "completed")
        done = time.monotonic()
        self.timings.append({"first_ms": (first - sent_at) * 1000 if first else None,
                             "last_ms": (done - sent_at) * 1000})
        text = "".join(tokens)
        self.phone.transcript.append(("roxy", text))
        self.last = Answer([text], "gather")
        return self.last

    def _drain(self, quiet: float = 0.3) -> None:
        """What was in flight when the caller talked over Roxy (Twilio drops it, unheard)."""
        while True:
            try:
                self.socket.recv(timeout=quiet)
            except TimeoutError:
                return

    def say(self, text: str, pieces: int = 1, pause: float = 0.0, interrupt_after: int | None = None) -> Answer:
        """The caller's words, as one prompt or in `pieces` partial prompts `pause` seconds apart."""
        self.phone.transcript.append(("caller", text))
        words = text.split()
        size = max(1, -(-len(words) // pieces))
        chunks = [" ".join(words[i:i + size]) for i in range(0, len(words), size)] or [""]
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            self.send({"type": "prompt", "voicePrompt": chunk + ("" if last else " "), "lang": "en-US",
                       "last": last})
            if not last and pause:
                time.sleep(pause)
        return self._reply(time.monotonic(), interrupt_after)

    def press(self, digits: str) -> Answer:
        self.phone.transcript.append(("caller", f"[presses {digits}]"))
        for digit in digits:
            self.send({"type": "dtmf", "digit": digit})
        return self._reply(time.monotonic())

    def silence(self) -> Answer:
        """Say nothing; Roxy speaks again after the relay's silence time."""
        self.phone.transcript.append(("caller", "[silence]"))
        return self._reply(time.monotonic())

    def drop(self) -> Answer:
        """The WebSocket breaks mid-call: Twilio posts the action with no handoff."""
        self.socket.close()
        return self._session_ended(None, "failed")

    def staff(self, answered: bool = True) -> tuple[str, Answer]:
        whisper, answer = self.phone.staff(answered)
        self.last = answer
        return whisper, answer

    def leave_message(self, recording_url: str = "https://api.twilio.com/recordings/RE123") -> Answer:
        self.last = self.phone.leave_message(recording_url)
        return self.last

    def hangup(self, duration: int = 60) -> int:
        if self.socket is not None:
            try:
                self.socket.close()
            except Exception:
                pass
            self.socket = None
        return self.phone.hangup(duration)
