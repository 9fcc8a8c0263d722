"""After a call: the texts to the caller and the alerts to the team, saying what happened.

Every message has a deterministic id (the call's), so a retried post-call sends nothing twice. A
number the caller said (not one the network vouched for) is texted under the unverified-number
rules (Notifier.limit_unverified).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.domain.business import Business
from shared.domain.calls import Call
from shared.domain.leads import UNCONFIRMED_NOTE
from shared.domain.messages import voicemail_alert
from shared.domain.notes import NoteKind, is_kind, last_of, of_kind, text_of
from shared.language import speech
from shared.ports import Clock

if TYPE_CHECKING:
    from shared.services.booking import Calendar
    from shared.services.leads import Crm
    from shared.services.notifications import Notifier

# An emergency booked further off than this alerts the team (they may come sooner, or send help).
EMERGENCY_WAIT = dt.timedelta(hours=3)
# "Call me back about this": words that point back at what the caller said before
REFERS_BACK = re.compile(r"\b(?:about|regarding|concerning) (?:this|that|it)\b", re.I)


def what_about(notes: list[str], said: list[str]) -> str:
    """What a callback is about when the note only points back ("call me back about this"): the
    caller's words before they asked, as they said them; '' when the notes say it already."""
    pointing = next((i for i, s in enumerate(said) if REFERS_BACK.search(s)), None)
    if pointing is None or not any(REFERS_BACK.search(n) for n in notes):
        return ""
    noted = " ".join(notes).lower()
    before = [s for s in said[:pointing] if s.strip() and s.lower() not in noted]
    return f"About: \"{' / '.join(before)[:300]}\". " if before else ""


@dataclass
class FollowUp:
    notifier: Notifier
    crm: Crm
    calendar: Calendar
    clock: Clock

    def send(self, business: Business, call: Call, heard: bool, said: list[str]) -> None:
        """Texts and alerts after the call: each has a deterministic id, so a retry sends nothing twice."""
        notifier = self.notifier
        turns_said = said
        key = call.call_sid
        caller = call.caller_phone if call.caller_known else None
        gave = f", gave {call.state.caller.callback_phone}" if call.state.caller.callback_phone else ""
        them = call.state.caller
        who = f"{them.own_name or them.name or 'A caller'} ({caller or 'number withheld' + gave})"
        notes = call.state.call_notes
        if not heard and caller:
            notifier.message(business, "missed_call", "sms", caller, "", key, lead_phone=caller)
            notifier.staff_alert(business, f"Missed call from {who}: Roxy could not hear them. A text was sent.",
                                 f"missed-{key}")
            return
        reach = caller or call.state.caller.callback_phone
        verified = reach is not None and reach == caller  # a number the caller said is not
        questions = self._unanswered(business, call, notes)
        if questions:
            notifier.staff_alert(business, f"Callback needed: {who} asked \"{questions[-1]}\".", f"question-{key}")
            if reach and not call.state.caller.no_texts:
                notifier.message(business, "lead_followup", "sms", reach, "We're looking into your question and "
                                 "will get back to you shortly.", key, name=call.state.caller.own_name or "",
                                 lead_phone=reach, verified=verified)
        elif of_kind(notes, NoteKind.NOT_READY) and caller:
            notifier.message(business, "lead_followup", "sms", caller, "We'd love to see you, and we're happy to "
                             "answer any questions.", key, name=call.state.caller.own_name or "", lead_phone=caller)
        unconfirmed = self._unconfirmed_booking(business, call)
        if unconfirmed and reach:
            # They chose a time and gave a name, and the call ended before their yes: the lead says so,
            # and one text says what happened. "Nothing" only when nothing else of theirs is booked.
            booked = any(a.is_active for a in self.calendar.for_caller(business, reach))
            self.crm.capture(business, phone=reach, name=call.state.caller.own_name or "", source="call",
                             notes=f"{UNCONFIRMED_NOTE} {unconfirmed}; "
                                   + ("it was not booked." if booked else "nothing was booked."),
                             interaction_id=f"unconfirmed-{key}")
            not_yet = "it isn't booked yet." if booked else "nothing is booked yet."
            happened = (f"We didn't book {unconfirmed}, as we didn't get your go-ahead on the call."
                        if call.roxy_ended else f"We got cut off before I could book {unconfirmed}, so {not_yet}")
            if not call.state.caller.no_texts:
                notifier.message(business, "lead_followup", "sms", reach, happened, f"unconfirmed-{key}",
                                 name=call.state.caller.own_name or "", lead_phone=reach, verified=verified)
        from shared.dialogue.lexicon.questions import CALL_ME_BACK

        asked_back = (call.state.task == "callback" and call.state.lead_notes) or any(
            CALL_ME_BACK.search(s.lower()) for s in turns_said or [])  # either engine
        callback = asked_back and "capture_lead" not in call.outcomes
        if callback and not questions:  # they asked for a callback and the call ended before their name
            said = next((s for s in turns_said or [] if CALL_ME_BACK.search(s.lower())), "")
            notifier.staff_alert(business, f"Callback requested by {who}, who gave no name: "
                                 + what_about(notes or [said], turns_said or [])
                                 + (" ".join(call.state.lead_notes) or said)[:300], f"callback-{key}")
        if "capture_lead" in call.outcomes and "book_appointment" not in call.outcomes:  # booked: no follow-up
            notifier.staff_alert(business, f"New lead from a call: {who}. " + what_about(notes, turns_said or [])
                                 + " ".join(notes)[:300], f"lead-{key}")
        self._emergency_alert(business, call, who, turns_said)
        complaint = last_of(notes, NoteKind.COMPLAINT)
        if complaint is not None:
            notifier.staff_alert(business, f"Complaint from {who}: {complaint[:300]}", f"complaint-{key}")
        late = last_of(notes, NoteKind.RUNNING_LATE)
        if late is not None:
            notifier.staff_alert(business, f"{who} says they're running late: {late[:200]}", f"late-{key}")
        if "transfer_unanswered" in call.outcomes or "message" in call.outcomes:
            notifier.staff_alert(business, voicemail_alert(call, who, turns_said), f"transfer-{key}")

    def _emergency_alert(self, business: Business, call: Call, who: str, said: list[str] | None) -> None:
        """An emergency (a danger or urgency the caller described, or an emergency service chosen) that
        is not served within EMERGENCY_WAIT alerts the team, whatever words the caller used."""
        from shared.dialogue.lexicon.asides import URGENT
        from shared.dialogue.lexicon.booking import EMERGENCY_SERVICE
        from shared.dialogue.nlu import without_negated
        from shared.domain.safety import GAS_NOTE, WATER_NOTE

        notes = call.state.call_notes
        if of_kind(notes, NoteKind.URGENT) and ("message" in call.outcomes
                                                             or "transfer_unanswered" in call.outcomes):
            return  # the team's message alert says URGENT already
        urgent_words = next((s for s in said or [] if URGENT.search(without_negated(s.lower()))), None)
        phone = call.caller_phone if call.caller_known else call.state.caller.callback_phone
        made = [a for a in self.calendar.for_caller(business, phone, True)
                if a.source == f"call:{call.call_sid}" and a.is_active] if phone else []
        booked = min(made, key=lambda a: a.start) if made else None
        emergency_service = booked is not None and EMERGENCY_SERVICE.search(booked.service)
        what = next((n for n in notes if n in (GAS_NOTE, WATER_NOTE) or is_kind(n, NoteKind.URGENT)), None) \
            or (f"Caller said: {urgent_words[:200]}" if urgent_words else None) \
            or (f"{booked.service} booked" if emergency_service else None)
        if what is None:
            return
        ended = call.ended_at or self.clock()
        if booked is not None and booked.start - ended <= EMERGENCY_WAIT:
            return  # served soon
        when = (f"The soonest booking made is {booked.start.astimezone(business.zone):%A %-d %B at %-I:%M %p}."
                if booked is not None else "Nothing was booked.")
        said_then = (text_of(what, NoteKind.URGENT) or what)[:200]
        self.notifier.staff_alert(business, f"URGENT: {who} has an emergency ({said_then}). "
                                       f"{when} Please call them.", f"emergency-{call.call_sid}")

    def _unanswered(self, business: Business, call: Call, notes: list[str]) -> list[str]:
        """The questions noted as unanswered that the business's FAQ does not answer after all (a
        question answered later in the call, or in other words, needs no callback)."""
        from shared.tools import registry
        from shared.tools.base import ToolContext

        asked = of_kind(notes, NoteKind.QUESTION)
        if not asked:
            return []
        context = ToolContext(business, self.calendar, self.crm, source=f"call:{call.call_sid}", clock=self.clock)
        return [q for q in asked if not registry.run("answer_faq", {"question": q[:500]}, context)["found"]]

    @staticmethod
    def _unconfirmed_booking(business: Business, call: Call) -> str | None:
        """'a Haircut on Friday 4 December at 2 PM' when the call ended at a booking's read-back."""
        pending = call.state.pending or {}
        args = pending.get("args") or {}
        if not pending:  # the LLM's read-back is recorded by the confirmation gate instead
            put = [k for k in (call.state.read_back or {}).get("keys", []) if k["action"] == "book_appointment"]
            fields = put[-1]["fields"] if put else {}
            service = next((s.name for s in business.services if s.name.casefold() == fields.get("service")), None)
            pending = {"action": "book_appointment"} if service else {}
            args = {"service": service, "start": fields.get("start")}
        if pending.get("action") != "book_appointment" or "book_appointment" in call.outcomes \
                or not args.get("service") or not args.get("start") or args["start"] == "*":
            return None
        try:
            start = dt.datetime.fromisoformat(str(args["start"])).astimezone(business.zone)
        except ValueError:
            return None
        return f"{speech.a(str(args['service']))} on {start:%A} {start.day} {start:%B} at {speech.clock(start)}"
