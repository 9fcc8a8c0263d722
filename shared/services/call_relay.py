"""Calls over Twilio ConversationRelay: the same turn as on <Gather> (CallService._turn: the same
call document, engines, tools, confirmation gate and memory), reached through a WebSocket session
instead of a webhook per turn.

- `open`: the session's first message finds the call the greeting created (or greets, when a
  session starts without it).
- `turn`: one caller utterance (or key, or silence); the speaker streams the LLM's words as they
  come and says the rest; an end of the session (goodbye, transfer, message) carries its last
  words in the handoff, for the <Connect> action to say.
- `heard`: the caller talked over Roxy; the transcript keeps only what they heard, so the next
  turn's context is true.
- `after_session`: the <Connect> action: dial the team with the whisper, record a message, hang
  up; a session that ended without a handoff (the socket dropped) connects again and goes on.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

from shared.domain.business import Business
from shared.domain.calls import Call, TurnRecord
from shared.errors import Conflict, NotFound
from shared.services import whisper
from shared.voice import twiml

log = logging.getLogger(__name__)
_ABSENT = object()
MAX_RECONNECTS = 2  # sessions that may drop before the call goes on over <Gather>
LOST = "Sorry, I lost you for a moment."


@dataclass
class Relayed:
    """A turn answered over ConversationRelay: what is still to be said (`say`; whatever was
    streamed is out already), and for an end of the session, the data the <Connect> action gets."""
    say: str
    action: str                       # gather | hangup | transfer | message
    turn: int                         # the call's turn after this one
    handoff: dict | None = None


@dataclass
class Draft:
    """A turn answered but not yet written: the call after it, the turn's record, the call it was
    answered from (`base`, as stored) and that call's version (None: the session's own call, whose
    last write may still be under way)."""
    call: Call
    record: TurnRecord
    base: dict
    version: object | None


class RelayCalls:
    def __init__(self, service):
        self.service = service  # CallService

    def open(self, business: Business, inp) -> tuple[int, str]:
        """(the call's turn, words to say first): nothing when the greeting was the session's
        welcome; after a dropped session, the question Roxy was waiting on."""
        found = self.service.calls.get_to_answer(business.id, inp.call_sid)  # the first turn reads nothing
        if found is None:
            self.service._greet(business, inp)
            call = self.service.calls.get(business.id, inp.call_sid)[0]
            return call.turn, call.transcript[-1]["text"] if call.transcript else ""
        return found[0].turn, ""

    def answer(self, business: Business, inp, speaker, known: Call | None = None) -> Draft:
        """One turn's answer (the speaker streams it), not yet written. `known`: the call as the
        session's last turn left it (its write may still be under way), so the caller's words need
        no read; else the call is read (the repository remembers its own last write)."""
        speaker.mark("thread")
        began = time.perf_counter()
        if known is not None and known.turn == inp.turn:
            call, version = known.model_copy(deep=True), None
        else:
            found = self.service.calls.get(business.id, inp.call_sid, turn=inp.turn)
            if found is None:
                raise NotFound("No such call.")
            call, version = found
        read_ms = (time.perf_counter() - began) * 1000
        speaker.mark("read")
        base = call.model_dump()
        return self._draft(business, call, inp, read_ms, speaker, base, version)

    def _draft(self, business: Business, call: Call, inp, read_ms: float, speaker, base: dict, version) -> Draft:
        answer, record = self.service._turn(business, call, inp, read_ms, speaker)
        call.turn += 1
        call.last_twiml = answer
        call.updated_at = self.service.clock()
        return Draft(call, record, base, version)

    def commit(self, business: Business, inp, speaker, draft: Draft) -> tuple[Relayed, Call]:
        """Writes the turn (one commit, with the version it was answered from as the precondition):
        (what the session does next, the call as written). When the call it was answered from is
        not the one stored (something else wrote it, or the previous turn had to be answered
        again), the turn is answered again from a fresh read, and the speaker, already finished,
        says nothing twice."""
        if draft.version is None:  # answered from the session's call: the version of its last write
            found = self.service.calls.get(business.id, inp.call_sid, turn=inp.turn)
            if found is None or found[0].model_dump() != draft.base:
                draft = self._merged(draft, found) or self._again(business, inp, speaker, found)
            else:
                draft.version = found[1]
        for attempt in range(3):
            try:
                self.service.calls.save(draft.call, draft.version, draft.record)
            except Conflict:
                if attempt == 2:
                    break
                found = self.service.calls.get(business.id, inp.call_sid)
                draft = self._merged(draft, found) or self._again(business, inp, speaker, found)
                continue
            speaker.mark("written")
            handoff = None
            if speaker.action != "gather":
                handoff = {"action": speaker.action, "say": speaker.rest, "turn": draft.call.turn}
            return Relayed(speaker.rest, speaker.action, draft.call.turn, handoff), draft.call
        raise Conflict("The call kept changing during the turn.")

    @staticmethod
    def _merged(draft: Draft, found) -> Draft | None:
        """The turn on top of a write it did not see, when that write changed none of the fields
        the turn changed (the status callback's end of the call, as the caller hangs up on Roxy's
        last words): the other writer's fields are kept, the turn is not answered again."""
        if found is None:
            return None
        stored, version = found[0].model_dump(), found[1]
        ours = draft.call.model_dump()
        theirs = {k for k, v in stored.items() if v != draft.base.get(k, _ABSENT)} - {"updated_at"}
        if stored["turn"] != draft.base["turn"] or theirs & {k for k, v in ours.items() if v != draft.base.get(k)}:
            return None
        call = Call.model_validate({**ours, **{k: stored[k] for k in theirs}})
        return Draft(call, draft.record, stored, version)

    def _again(self, business: Business, inp, speaker, found) -> Draft:
        log.warning("call %s: turn %s answered again: the call changed meanwhile", inp.call_sid, inp.turn)
        found = found or self.service.calls.get(business.id, inp.call_sid)
        if found is None:
            raise NotFound("No such call.")
        call, version = found
        return self._draft(business, call, inp, 0.0, speaker, call.model_dump(), version)

    def turn(self, business: Business, inp, speaker) -> Relayed:
        """`answer` then `commit`, in one go."""
        return self.commit(business, inp, speaker, self.answer(business, inp, speaker))[0]

    def heard(self, business: Business, call_sid: str, turn: int, heard: str) -> int:
        """Roxy was interrupted in turn `turn` (0 = the greeting): the transcript and the turn's
        record keep `heard`. Returns the call's turn."""
        for _ in range(3):
            found = self.service.calls.get(business.id, call_sid)
            if found is None:
                return turn
            call, version = found
            said = [i for i, entry in enumerate(call.transcript) if entry["role"] == "roxy"]
            if not said:
                return call.turn
            cut = f"{heard.strip()} —" if heard.strip() else "(interrupted before a word)"
            call.transcript[said[-1]]["text"] = cut
            call.updated_at = self.service.clock()
            try:
                self.service.calls.save(call, version)
            except Conflict:
                continue
            if turn > 0:
                self.service.calls.mark_interrupted(business.id, call_sid, turn - 1, cut)
            return call.turn
        return turn

    def after_session(self, business: Business, call: Call, inp) -> str:
        """TwiML once a ConversationRelay session of the call has ended."""
        service = self.service
        try:
            handoff = json.loads(inp.handoff) if inp.handoff else None
        except ValueError:
            handoff = None
        if isinstance(handoff, dict) and handoff.get("action") in ("hangup", "transfer", "message"):
            say = str(handoff.get("say") or "")
            if handoff["action"] == "transfer" and business.transfer_number:
                return twiml.transfer(say, business.transfer_number, business.phone_numbers[0],
                                      service.url(turn=call.turn + 1, event="dial"),
                                      service.url(**whisper.query(service.url_key, business.id, call.call_sid)))
            if handoff["action"] in ("transfer", "message"):
                return twiml.record_message(say, service.url(turn=call.turn + 1, event="message"))
            return twiml.hangup(say)
        # No handoff: the socket dropped, or the session failed. The call state is all in
        # Firestore, so a new session goes on from the question Roxy was waiting on.
        call.relay_drops += 1
        again = call.state.prompt_said() or "How can I help you?"
        said = [t["text"] for t in call.transcript if t["role"] == "roxy" and not t["text"].startswith(LOST)]
        if said and not said[-1].endswith("—"):
            again = said[-1]
        log.warning("call %s: relay session ended without a handoff (%s); drop %d",
                    call.call_sid, inp.session_status or "no status", call.relay_drops)
        say = f"{LOST} {again}"
        call.add_exchange("", say)
        if call.relay_drops > MAX_RECONNECTS:
            return service._gather(business, say, turn=call.turn + 1)
        return service._listen(business, say, turn=call.turn + 1)

