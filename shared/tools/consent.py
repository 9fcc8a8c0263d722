"""The confirmation gate: on a call, a committing tool runs only after its read-back and a yes.

Both engines act through the tool registry, so this binds the offline engine and the LLM alike:
1. A read-back was put to the caller on an earlier turn of this call (at most READ_BACK_TURNS
   ago) naming this action and these details. The offline engine's read-back is its pending
   action; for the LLM, a refused call records its own read-back, which the model must say.
2. The caller's words on this turn are a clear yes with nothing contrary, or their key is the
   keypad's yes (language.consent).
Otherwise ConfirmationNeeded carries the read-back to say. The HTTP tool door has no gate: there
the business itself is the one acting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shared.domain.calls import DialogueState
from shared.errors import ConfirmationNeeded
from shared.language.consent import affirmed

if TYPE_CHECKING:
    from shared.tools.base import ToolContext

COMMITTING = frozenset({"book_appointment", "reschedule_appointment", "cancel_appointment", "forget_me"})
# A tool that stores a detail the caller said (an email to send to) needs the same yes when it does.
STORES_DETAIL = {"send_confirmation": "email"}
# The details a yes is given for: a call that changes any of them needs its own read-back.
IDENTITY = {"book_appointment": ("service", "start", "caller_name", "email", "visit_address", "for_someone_else",
                                 "caller_phone"),
            "reschedule_appointment": ("appointment_id", "new_start"),
            "cancel_appointment": ("appointment_id",), "forget_me": (),
            "send_confirmation": ("appointment_id", "email"), "capture_lead": ("name", "phone", "email")}
ANY = "*"   # a detail the read-back fixed in words ("at that time instead") but not as a value
READ_BACK_TURNS = 3


def needs_consent(action: str, args: dict, withheld: bool) -> bool:
    """On a call: committing tools; a detail kept for later (an email to send to); and a lead for a
    caller whose number is withheld (the number they said, and their name, are kept only on a yes)."""
    return action in COMMITTING or bool(STORES_DETAIL.get(action) and args.get(STORES_DETAIL[action])) \
        or (action == "capture_lead" and withheld)


def _value(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return " ".join(value.split()).casefold()
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    return value or None


def key(action: str, args: dict, wildcard: tuple[str, ...] = ()) -> dict:
    """What a yes to `action` with `args` agrees to."""
    fields = {name: ANY if name in wildcard else _value(args.get(name)) for name in IDENTITY[action]}
    return {"action": action, "fields": fields}


def _matches(recorded: dict, wanted: dict) -> bool:
    return recorded["action"] == wanted["action"] and all(
        value == ANY or wanted["fields"].get(name) == value for name, value in recorded["fields"].items())


@dataclass
class ConsentGate:
    state: DialogueState      # the read-back lives in the call's state between turns
    turn: int
    utterance: str
    key: str = ""             # a key pressed instead of words (1: yes)

    def record(self, keys: list[dict]) -> None:
        """The read-back of these actions was put to the caller on this turn."""
        self.state.read_back = {"turn": self.turn, "keys": keys} if keys else None

    def check(self, action: str, args: dict, read_back: str) -> None:
        """Return if the caller agreed to exactly this; else record it as the read-back to say and
        raise ConfirmationNeeded."""
        wanted = key(action, args)
        recorded = self.state.read_back or {}
        earlier = 0 < self.turn - recorded.get("turn", self.turn) <= READ_BACK_TURNS
        found = next((k for k in recorded.get("keys", []) if _matches(k, wanted)), None) if earlier else None
        if found is not None and affirmed(self.utterance, action, self.key):
            recorded["keys"].remove(found)  # one yes, one change
            return
        self.record([wanted])
        raise ConfirmationNeeded(
            "Not done yet: the caller has not said yes to this. Read it back to them in these words and ask "
            "them to confirm; when they clearly say yes, call this tool again with the same arguments.", read_back)


def _clock(moment: dt.datetime) -> str:
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes} {'AM' if moment.hour < 12 else 'PM'}"


def _when(moment: dt.datetime, zone) -> str:
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B} at {_clock(local)}"


def read_back(ctx: ToolContext, action: str, args: Any) -> str:
    """The sentence that puts `action` to the caller, every detail they are agreeing to in it."""
    from shared.domain.phone import spoken_digits
    from shared.language.spelling import spell_email

    zone = ctx.business.zone
    if action == "book_appointment":
        said = f"{args.service} on {_when(ctx.local(args.start), zone)} for {args.caller_name}"
        if ctx.on_call and ctx.caller_phone is None:  # the number a withheld caller said, digit by digit
            said += f", on {spoken_digits(args.caller_phone, ctx.business.country)}"
        if args.visit_address:
            said += f", at {args.visit_address}"
        if args.email:
            said += f", with the confirmation emailed to {spell_email(args.email)}"
        return f"So that's a {said}. Shall I book that?"
    if action == "forget_me":
        return "I'll delete what we know about you. Shall I go ahead?"
    if action == "capture_lead":
        email = f", and {spell_email(args.email)}" if args.email else ""
        return f"So that's {args.name}, on {spoken_digits(args.phone, ctx.business.country)}{email}. Is that right?"
    try:
        appointment = ctx.calendar.get(ctx.business, args.appointment_id)
        what = f"your {appointment.service} on {_when(appointment.start, zone)}"
    except Exception:  # not found: the tool itself says so once confirmed
        what = "that appointment"
    if action == "reschedule_appointment":
        return f"I'll move {what} to {_when(ctx.local(args.new_start), zone)}. Shall I go ahead?"
    if action == "send_confirmation":
        return f"I'll email the details of {what} to {spell_email(args.email)}. Is that right?"
    return f"I'll cancel {what}. Shall I go ahead?"
