"""A phone that rings the stack the way Twilio does: signed form posts to voice_webhook, following
<Gather>, <Redirect>, <Dial> and <Record>, and the status callback at hang-up.

Used by `python -m shared.cli call`, by the e2e tests and by the benchmarks over HTTP, and by the
in-process tests (tests/world.py) with a transport that hands the request to the functions' WSGI
app directly: the same requests, signed the same way, without a socket.
"""

from __future__ import annotations

import secrets
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from twilio.request_validator import RequestValidator


@dataclass
class Answer:
    says: list[str]
    kind: str                 # gather | hangup | dial | record | end
    action: str | None = None
    number: str | None = None
    whisper_url: str | None = None
    caller_id: str | None = None
    twiml: str = ""
    status: int = 200

    @property
    def text(self) -> str:
        return " ".join(self.says)


def parse(twiml: str, status: int = 200) -> Answer:
    root = ET.fromstring(twiml)
    says = [el.text or "" for el in root.iter("Say")]
    for element in root:
        if element.tag == "Gather":
            return Answer(says, "gather", element.get("action"), twiml=twiml, status=status)
        if element.tag == "Dial":
            number = element.find("Number")
            return Answer(says, "dial", element.get("action"),
                          number=number.text if number is not None else None,
                          whisper_url=number.get("url") if number is not None else None,
                          caller_id=element.get("callerId"), twiml=twiml, status=status)
        if element.tag == "Record":
            return Answer(says, "record", element.get("action"), twiml=twiml, status=status)
        if element.tag == "Redirect":
            return Answer(says, "redirect", element.text, twiml=twiml, status=status)
        if element.tag == "Hangup":
            return Answer(says, "hangup", twiml=twiml, status=status)
    return Answer(says, "end", twiml=twiml, status=status)


Transport = Callable[[str, bytes, dict[str, str]], tuple[int, str]]


def urllib_transport(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST over HTTP: (status, body text)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@dataclass
class SimulatedCall:
    base_url: str
    auth_token: str
    to: str
    caller: str
    call_sid: str = field(default_factory=lambda: "CA" + secrets.token_hex(16))
    account_sid: str = "AC" + "0" * 32
    last: Answer | None = None
    transcript: list[tuple[str, str]] = field(default_factory=list)
    transport: Transport = urllib_transport

    def _params(self, **extra) -> dict[str, str]:
        params = {"CallSid": self.call_sid, "AccountSid": self.account_sid, "From": self.caller,
                  "To": self.to, "CallStatus": "in-progress", "Direction": "inbound",
                  "ApiVersion": "2010-04-01", "CallerName": "", "CallToken": ""}
        params.update(extra)
        return params

    def post(self, url: str, params: dict[str, str], sign: bool = True) -> tuple[int, str]:
        body = urllib.parse.urlencode(params).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if sign:
            headers["X-Twilio-Signature"] = RequestValidator(self.auth_token).compute_signature(url, params)
        return self.transport(url, body, headers)

    def _follow(self, url: str, params: dict[str, str]) -> Answer:
        status, body = self.post(url, params)
        if status != 200 or not body.lstrip().startswith("<?xml"):
            self.last = Answer([], "error", twiml=body, status=status)
            return self.last
        self.last = parse(body, status)
        if self.last.says:
            self.transcript.append(("roxy", self.last.text))
        return self.last

    def start(self) -> Answer:
        return self._follow(f"{self.base_url}/voice_webhook", self._params())

    def say(self, text: str, confidence: str = "0.92") -> Answer:
        self.transcript.append(("caller", text))
        return self._follow(self._action(), self._params(SpeechResult=text, Confidence=confidence))

    def press(self, digits: str) -> Answer:
        self.transcript.append(("caller", f"[presses {digits}]"))
        return self._follow(self._action(), self._params(Digits=digits))

    def silence(self) -> Answer:
        self.transcript.append(("caller", "[silence]"))
        return self._follow(self._action(), self._params())

    def repeat_last_turn(self, text: str) -> Answer:
        """Deliver the previous caller turn again, as Twilio does on a retry."""
        return self._follow(self._previous_action, self._params(SpeechResult=text, Confidence="0.92"))

    def staff(self, answered: bool = True) -> tuple[str, Answer]:
        """After <Dial>: Twilio calls the staff number on a new (child) leg and fetches the whisper
        for it with that leg's parameters (its own CallSid, From = the Dial's callerId, To = the
        staff number), then posts the Dial outcome on the caller's leg."""
        assert self.last is not None and self.last.kind == "dial"
        leg = "CA" + secrets.token_hex(16)
        whisper_text = ""
        if answered:
            params = {"CallSid": leg, "ParentCallSid": self.call_sid, "AccountSid": self.account_sid,
                      "From": self.last.caller_id or self.to, "To": self.last.number or "",
                      "CallStatus": "in-progress", "Direction": "outbound-dial", "ApiVersion": "2010-04-01",
                      "CallerName": "", "CallToken": ""}
            _, whisper = self.post(self.last.whisper_url, params)
            whisper_text = parse(whisper).text if whisper.startswith("<?xml") else ""
        dial_status = "completed" if answered else "no-answer"
        outcome = self._follow(self.last.action, self._params(DialCallStatus=dial_status, DialCallSid=leg))
        return whisper_text, outcome

    def leave_message(self, recording_url: str = "https://api.twilio.com/recordings/RE123") -> Answer:
        assert self.last is not None and self.last.kind == "record"
        params = self._params(RecordingUrl=recording_url, RecordingDuration="12")
        return self._follow(self.last.action, params)

    def hangup(self, duration: int = 60) -> int:
        status, _ = self.post(f"{self.base_url}/voice_status",
                              self._params(CallStatus="completed", CallDuration=str(duration)))
        return status

    def _action(self) -> str:
        assert self.last is not None and self.last.action, f"no action to follow: {self.last}"
        self._previous_action = self.last.action
        return self.last.action
