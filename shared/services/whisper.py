"""The transfer whisper: what a staff member hears before the caller is put through.

Twilio fetches the whisper URL on the staff leg, whose CallSid and `To` are the staff's own, so
the URL carries the business and the caller's call, signed with HMAC-SHA256 under the Twilio auth
token: a URL naming any other call does not verify.
"""

from __future__ import annotations

import hashlib
import hmac

from shared.domain.calls import Call


def _signature(key: str, business_id: str, call_sid: str) -> str:
    return hmac.new(key.encode(), f"whisper|{business_id}|{call_sid}".encode(), hashlib.sha256).hexdigest()[:32]


def query(key: str, business_id: str, call_sid: str) -> dict[str, str]:
    """The whisper URL's query parameters."""
    return {"event": "whisper", "b": business_id, "call": call_sid, "sig": _signature(key, business_id, call_sid)}


def verified(key: str, business_id: str, call_sid: str, sig: str) -> bool:
    return bool(key) and hmac.compare_digest(sig, _signature(key, business_id, call_sid))


def summary(call: Call) -> str:
    said = [t["text"] for t in call.transcript if t["role"] == "caller"][-3:]
    who = call.state.caller.name or ("a returning caller" if call.profile.get("returning") else "a new caller")
    text = f"Call from {who}, transferred by Roxy."
    return text + (" They said: " + " ... ".join(s[:120] for s in said) if said else "")
