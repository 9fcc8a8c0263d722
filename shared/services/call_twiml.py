"""What a call hears next, as TwiML: the URLs Twilio is given (and signs), how Roxy listens
(<Gather>, or ConversationRelay for a business on `relay`), and a settled reply as the answer
that leads to the next turn (a transfer while nobody can answer becomes a message). Part of
CallService, kept apart to keep the turn's module short."""

from __future__ import annotations

from urllib.parse import urlencode

from shared.domain.business import Business
from shared.domain.calls import Call
from shared.ports import Clock
from shared.services import whisper
from shared.voice import twiml


class CallTwiml:
    base_url: str
    relay_url: str
    url_key: str
    clock: Clock

    def url(self, **query) -> str:
        clean = {k: v for k, v in query.items() if v is not None}
        return f"{self.base_url.rstrip('/')}/voice_webhook" + (f"?{urlencode(clean)}" if clean else "")

    @staticmethod
    def _hints(business: Business) -> list[str]:
        return business.service_names() + [a for s in business.services for a in s.aliases] + [
            "book", "reschedule", "cancel", "appointment", "yes", "no"]

    def _gather(self, business: Business, say: str, turn: int) -> str:
        return twiml.gather(say, self.url(turn=turn), self._hints(business))

    def _listen(self, business: Business, say: str, turn: int) -> str:
        """Say `say` and listen: over ConversationRelay for a business on `relay` (when the relay
        is deployed), else with <Gather>."""
        if business.voice_transport == "relay" and self.relay_url:
            return twiml.connect_relay(self.relay_url, self.url(event="relay"), say, business.language,
                                       business.relay_voice, self._hints(business))
        return self._gather(business, say, turn)

    def _twiml(self, business: Business, call: Call, reply) -> str:
        """The settled reply as TwiML for the turn after this one."""
        if reply.action == "hangup":
            return twiml.hangup(reply.say)
        if reply.action == "transfer":
            return twiml.transfer(reply.say, business.transfer_number, business.phone_numbers[0],
                                  self.url(turn=call.turn + 1, event="dial"),
                                  self.url(**whisper.query(self.url_key, business.id, call.call_sid)))
        if reply.action == "message":
            return twiml.record_message(reply.say, self.url(turn=call.turn + 1, event="message"))
        return self._gather(business, reply.say, turn=call.turn + 1)

    def _open_now(self, business: Business) -> bool:
        local = self.clock().astimezone(business.zone)
        return any(r.open <= local.time() < r.close for r in business.opening_ranges(local.date()))

    def _settle(self, business: Business, call: Call, reply) -> None:
        """What the reply ends up being on any transport: a transfer while nobody can answer
        becomes a message for the team."""
        if reply.action == "hangup":
            call.status = "ending"
            call.roxy_ended = True
        if reply.action != "transfer":
            return
        if business.transfer_number and self._open_now(business):
            reply.say = reply.say or "Of course, let me put you through to the team. One moment."
            call.outcomes.append("transfer")
            return
        from shared.domain.business_answers import open_now_answer

        reply.action = "message"
        closed = not self._open_now(business)  # "We're closed right now. We open again tomorrow at 7 AM."
        why = open_now_answer(business, self.clock().astimezone(business.zone)) if closed else \
            "Our team can't take the call right now."
        reply.say = f"{why} Please leave your name and a short message after the beep, and we'll call you back."
