"""Phone calls: the greeting, each turn, transfers and messages, the end of the call.

One turn = the call document (read, or as this instance last wrote it when that write expects
this turn), the engine's decision (LLM, or the offline engine when the LLM is off, slow or
failing), the side effects through the tool registry, and one write of the call with a
precondition. A repeated delivery of a turn replays the stored answer.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.domain.business import Business
from shared.domain.calls import Call, TurnRecord, no_business
from shared.domain.messages import upcoming_sentence
from shared.domain.notes import NoteKind, last_of
from shared.domain.phone import WITHHELD, redact_phone, verified_caller
from shared.errors import Conflict, ProviderError
from shared.language import speech
from shared.ports import CallRepository, Clock
from shared.services.call_twiml import CallTwiml
from shared.services.whisper import summary as whisper_summary
from shared.voice import twiml

# The dialogue engine and the tool registry load on the first turn, not for the greeting: a cold
# instance answers the incoming call sooner (bench/cold_start.py).
if TYPE_CHECKING:
    from shared.agent.llm import LlmAgent
    from shared.dialogue.engine import OfflineEngine
    from shared.services.booking import Calendar
    from shared.services.leads import Crm
    from shared.services.memory import MemoryService
    from shared.services.notifications import Notifier
    from shared.services.waitlist import Waitlist

log = logging.getLogger(__name__)
_building = threading.Lock()
OUTCOME_TOOLS = ("book_appointment", "reschedule_appointment", "cancel_appointment", "capture_lead", "forget_me")


@dataclass
class CallInput:
    call_sid: str
    caller: str
    dialled: str
    speech: str = ""
    digits: str = ""
    turn: int | None = None
    event: str | None = None
    dial_status: str = ""
    recording_url: str = ""
    call_status: str = ""
    handoff: str = ""                 # HandoffData of a ConversationRelay session that ended
    session_status: str = ""          # SessionStatus of that session
    caller_param: str | None = None   # Twilio's `Caller` (the same as `From` on a PSTN call)


@dataclass
class CallService(CallTwiml):
    calls: CallRepository
    calendar: Calendar
    crm: Crm
    clock: Clock
    base_url: str
    llm: Callable[[], LlmAgent] | None = None          # builds the LLM agent, or None for offline only
    enqueue: Callable[[str, str, dict], bool] | None = None
    offline: OfflineEngine | None = None                # built on the first turn
    notifier: Callable[[], Notifier] | None = None      # builds the Notifier
    memory: Callable[[], MemoryService] | None = None   # builds the MemoryService
    waitlist: Callable[[], Waitlist] | None = None      # builds the Waitlist
    intent_guess: Callable[[str], str | None] | None = None  # the offline engine's guess for what its rules miss
    url_key: str = ""                                   # signs the ids a whisper URL carries
    relay_url: str = ""                                 # voice_relay's wss:// URL (businesses on `relay`)

    # --- entry ------------------------------------------------------------------------------

    def webhook(self, business: Business, inp: CallInput) -> str:
        if inp.turn is None and inp.event is None:
            # The first webhook: create the call (a repeat finds it and answers what it answered).
            return self._greet(business, inp)
        try:
            return self._answer(business, inp, remembered=True)
        except Conflict:
            pass
        # Something else wrote the call since this process last did (or since the read): another
        # delivery of this turn (its answer is replayed) or the status callback (answered afresh).
        try:
            return self._answer(business, inp, remembered=False)
        except Conflict:
            again = self.calls.get(business.id, inp.call_sid)
            if again is None:
                raise
            return again[0].last_twiml  # the other delivery's answer

    def _answer(self, business: Business, inp: CallInput, remembered: bool) -> str:
        """Answer one turn from the stored call (`remembered`: as this process last wrote it, when
        that write expects this turn); Conflict if the call changed before the write."""
        began = time.perf_counter()
        found = self.calls.get(business.id, inp.call_sid, turn=inp.turn if remembered else None)
        read_ms = (time.perf_counter() - began) * 1000
        if found is None:
            return self._greet(business, inp)
        call, version = found
        if inp.turn is not None and inp.turn < call.turn:
            return call.last_twiml  # Twilio repeated a turn we already answered
        record = None
        if inp.event == "dial":
            answer = self._after_dial(business, call, inp)
        elif inp.event == "message":
            answer = self._after_message(business, call, inp)
        elif inp.event == "relay":
            from shared.services.call_relay import RelayCalls

            answer = RelayCalls(self).after_session(business, call, inp)
        else:
            answer, record = self._turn(business, call, inp, read_ms)
        call.turn += 1
        call.last_twiml = answer
        call.updated_at = self.clock()
        self.calls.save(call, version, record)
        return answer

    @staticmethod
    def _caller_phone(inp: CallInput) -> str:
        """Only a number the phone network vouched for is the caller's: a strict E.164 `From` (and a
        `Caller` that agrees); `client:...`, `tel:...`, national digits, extensions and look-alike
        characters are treated as withheld."""
        return verified_caller(inp.caller, inp.caller_param) or WITHHELD

    # --- greeting ---------------------------------------------------------------------------

    def caller_profile(self, business: Business, phone: str) -> dict:
        """Who is calling, from the CRM, the calendar and the caller's memories (one read each)."""
        profile: dict = {"name": None, "returning": False, "upcoming": [], "upcoming_count": 0, "memories": [],
                         "memory_count": 0}
        if not phone.startswith("+"):
            return profile
        lead = self.crm.get_by_phone(business, phone)
        if lead is None:
            return profile  # every booking and memory records its caller's lead: a new caller, one read
        from shared.domain.preferences import describe

        context = None
        if self.memory is not None:
            try:
                context = self.memory().get_session_context(business, phone, lead=lead)
            except Exception:  # memory is a nicety: the call goes on without it
                log.warning("memory context failed for the greeting; using the CRM alone", exc_info=True)
        if context is None:
            active = [a for a in self.calendar.for_caller(business, phone) if a.is_active]
            context = {"profile": {"name": lead.name or None, "preferences": lead.preferences, "notes": lead.notes},
                       "upcoming": [{"id": a.id, "service": a.service, "start": a.start.isoformat(),
                                     "name": a.caller.name} for a in active[:3]],
                       "upcoming_count": len(active), "recent_calls": [], "memory_count": 0}
        lead = context["profile"]
        if lead is None:
            return profile
        profile.update(name=lead["name"], returning=True, preferences=lead["preferences"],
                       memory_count=context["memory_count"],
                       upcoming_count=context.get("upcoming_count", len(context["upcoming"])))
        profile["memories"] += describe(lead["preferences"])
        if lead["notes"]:
            profile["memories"].append(f"Notes: {lead['notes'][-300:]}")
        profile["memories"] += [f"Earlier call: {c['summary'][:300]}" for c in context["recent_calls"][:2]]
        local_now = self.clock().astimezone(business.zone)
        for upcoming in context["upcoming"]:
            start = dt.datetime.fromisoformat(upcoming["start"]).astimezone(business.zone)
            profile["upcoming"].append({"id": upcoming["id"], "service": upcoming["service"],
                                        "when": speech.when(start, local_now), "name": upcoming.get("name") or ""})
        return profile

    def _greet(self, business: Business, inp: CallInput) -> str:
        now = self.clock()
        phone = self._caller_phone(inp)
        profile = self.caller_profile(business, phone)
        greeting = (business.greeting
                    or f"Thanks for calling {business.name}, this is Roxy. How can I help you today?")
        if profile["name"]:
            first = profile["name"].split()[0]
            greeting = f"Hi {first}, welcome back to {business.name}! This is Roxy. "
            if profile["upcoming"]:
                greeting += upcoming_sentence(profile["upcoming"], profile["upcoming_count"], first) + " "
            greeting += "How can I help you today?"
        call = Call(call_sid=inp.call_sid, business_id=business.id, caller_phone=phone, dialled=inp.dialled,
                    started_at=now, updated_at=now)
        call.state.caller.name = call.state.caller.own_name = profile["name"]
        call.state.caller.preferences = dict(profile.get("preferences") or {})
        call.profile = profile
        call.state.last_prompt = "How can I help you today?"
        call.add_exchange("", greeting)
        call.last_twiml = self._listen(business, greeting, turn=0)
        if self.calls.create(call) is None:
            again = self.calls.get(business.id, inp.call_sid)
            return again[0].last_twiml
        log.info("call %s started for %s from %s", inp.call_sid, business.id, redact_phone(phone))
        return call.last_twiml

    # --- a turn -----------------------------------------------------------------------------

    def _tools(self, business: Business, call: Call, used: list[str], utterance: str, key: str = ""):
        from shared.dialogue.turns import Tools
        from shared.tools import registry
        from shared.tools.base import ToolContext
        from shared.tools.consent import ConsentGate

        context = ToolContext(business, self.calendar, self.crm, source=f"call:{call.call_sid}",
                              caller_phone=call.caller_phone if call.caller_known else None,
                              notifier=self.notifier() if self.notifier else None,
                              memory=self.memory() if self.memory else None,
                              waitlist=self.waitlist() if self.waitlist else None,
                              consent=ConsentGate(call.state, call.turn, utterance, key),
                              caller_said=[t["text"] for t in call.transcript if t["role"] == "caller"] + [utterance])

        def run(name: str, args: dict) -> dict:
            context.callback_phone = call.state.caller.callback_phone  # the caller may have just given it
            return registry.run(name, args, context)

        return Tools(run, used)

    def _turn(self, business: Business, call: Call, inp: CallInput, read_ms: float, speaker=None
              ) -> tuple[str, TurnRecord]:
        """`speaker`: voice_relay's (streams the LLM's words, says the rest; see services/call_relay.py)."""
        turn_began = time.perf_counter()
        now = self.clock()
        used: list[str] = []
        tools = self._tools(business, call, used, inp.speech, inp.digits)
        latency = {"firestore_read": round(read_ms, 1)}
        engine_name, tokens = "offline", 0
        reply = None
        agent = self.llm() if self.llm else None
        if agent is not None and self.offline is None:  # built while the model thinks, in case it fails
            threading.Thread(target=self.offline_engine, daemon=True).start()
        # One deadline for the rest of the turn: profile, recall, every round. Building the agent
        # (once an instance: importing openai) is left out; voice_relay builds it at start.
        deadline_from = time.monotonic()
        if agent is not None:
            began = time.perf_counter()
            try:
                if call.profile_stale or not call.profile:
                    call.profile = self.caller_profile(business, call.caller_phone)
                    call.profile_stale = False
                    latency["profile"] = round((time.perf_counter() - began) * 1000, 1)
                caller = self._with_recall(business, call, inp.speech, latency)
                if speaker is not None:
                    speaker.mark("recalled")
                began = time.perf_counter()
                reply = agent.turn(call, business, inp.speech, inp.digits, now, tools, caller,
                                   began=deadline_from, listener=speaker)
                engine_name, tokens = "llm", reply.tokens
            except Exception as exc:  # the caller must never hear an error: fall back
                done = [(name, result) for name, result in tools.results if name in OUTCOME_TOOLS]
                if done:  # the model made a change, then failed: the caller hears it was made
                    from shared.dialogue.turns import ANYTHING_ELSE, Reply, done_message

                    log.warning("call %s: LLM failed after %s: %s", call.call_sid, done[-1][0], exc)
                    engine_name = "offline (llm failed after acting)"
                    said = done_message(*done[-1], business, now.astimezone(business.zone))
                    reply = Reply(f"{said} {ANYTHING_ELSE}", "gather", intent=done[-1][0])
                    call.state.pending, call.state.done_something = None, True
                else:
                    log.warning("call %s: LLM failed, offline engine answers: %s", call.call_sid, exc)
                    engine_name = "offline (llm failed)"
                    used.clear()
                    tools.results.clear()
            latency["llm"] = round((time.perf_counter() - began) * 1000, 1)
        if reply is None:
            began = time.perf_counter()
            reply = self.offline_engine().turn(call, business, inp.speech, inp.digits, now, tools)
            latency["engine"] = round((time.perf_counter() - began) * 1000, 1)
            self._record_read_back(call)
        from shared.domain.safety import safety_first

        reply.say = safety_first(call, business, inp.speech, reply.say)
        call.outcomes += [name for name in tools.succeeded if name in OUTCOME_TOOLS]
        if any(name in OUTCOME_TOOLS for name in tools.succeeded):
            call.profile_stale = True
        caller_said = inp.speech or (f"[keypad {inp.digits}]" if inp.digits else "")
        self._settle(business, call, reply)
        answer = self._twiml(business, call, reply)
        if speaker is not None:  # the caller hears what was streamed, then the rest
            reply.say = speaker.finish(reply.say, reply.action)
        latency["total_before_write"] = round((time.perf_counter() - turn_began) * 1000 + read_ms, 1)
        record = TurnRecord(n=call.turn, caller=caller_said, roxy=reply.say, engine=engine_name,
                            intent=reply.intent, tools=used, latency_ms=latency, tokens=tokens, at=now)
        from shared.agent.prompt import fold_summary

        fold_summary(call, record)
        call.engine = engine_name
        call.add_exchange(caller_said, reply.say)
        return answer, record

    def offline_engine(self):
        """The offline engine, built on first use (importing the dialogue engine takes a while)."""
        with _building:
            if self.offline is None:
                from shared.dialogue.engine import OfflineEngine

                self.offline = OfflineEngine(self.intent_guess)
        return self.offline

    def _record_read_back(self, call: Call) -> None:
        """The offline engine's pending action is the read-back it just put to the caller: the
        confirmation gate lets exactly that through on a yes (tools.consent)."""
        from shared.tools import consent

        pending = call.state.pending or {}
        action, args = pending.get("action"), pending.get("args") or {}
        keys = []
        if action == "cancel_all":
            keys = [consent.key("cancel_appointment", {"appointment_id": i}) for i in args.get("ids", [])]
        elif action in consent.IDENTITY:
            number = call.caller_phone if call.caller_known else call.state.caller.callback_phone
            keys = [consent.key(action, {**args, "caller_phone": number, "phone": number})]
            if action == "book_appointment" and not call.caller_known:  # the same yes keeps the lead's details
                keys.append(consent.key("capture_lead", {"name": args.get("caller_name"), "phone": number,
                                                         "email": args.get("email")}))
            then = call.state.change.then
            if then is not None and then.together:  # "cancel the blow dry and book a haircut then": one yes
                keys.append(consent.key("book_appointment", {"service": then.slots["service"]},
                                        wildcard=consent.IDENTITY["book_appointment"][1:]))
        if keys or call.state.read_back:
            consent.ConsentGate(call.state, call.turn, "").record(keys)

    def _with_recall(self, business: Business, call: Call, utterance: str, latency: dict) -> dict:
        """The caller's profile plus the memories closest to what they just said, within the recall
        budget (Mem0, else Firestore). Skipped for callers with no memories, and while the caller
        stays on topics already recalled in this call (the recalled memories stay in the prompt)."""
        from shared.domain.memories import topics

        profile = call.profile
        if self.memory is None or not profile.get("memory_count") or len(utterance.split()) < 3:
            return profile
        about = set(topics(utterance)) or {"general"}
        if not about <= set(profile.get("recalled_topics", [])):
            began = time.perf_counter()
            try:
                recall = self.memory().recall(business, call.caller_phone, utterance, top_k=3)
            except Exception:
                log.warning("call %s: memory recall failed; the turn goes on without it", call.call_sid,
                            exc_info=True)
                return profile
            finally:
                latency["memory"] = round((time.perf_counter() - began) * 1000, 1)
            if recall.degraded:
                log.warning("call %s: memory recall from %s (%s)", call.call_sid, recall.source, recall.degraded)
            known = profile["memories"] + profile.get("recalled", [])
            found = [f"Related: {m['text'][:300]}" for m in recall.memories
                     if not any(m["text"][:200] in k for k in known)]
            profile["recalled"] = (profile.get("recalled", []) + found)[-6:]
            if not recall.degraded:  # a degraded recall is tried again on the next turn
                profile["recalled_topics"] = sorted(about | set(profile.get("recalled_topics", [])))
        return {**profile, "memories": profile["memories"] + profile.get("recalled", [])}

    # --- transfer and messages --------------------------------------------------------------

    def whisper(self, business: Business, call_sid: str) -> str:
        """What the staff member hears (the URL's ids checked by `services.whisper.verified`)."""
        found = self.calls.get(business.id, call_sid)
        return twiml.say_only(whisper_summary(found[0]) if found else "Incoming call from Roxy.")

    def _after_dial(self, business: Business, call: Call, inp: CallInput) -> str:
        if inp.dial_status == "completed":
            return twiml.hangup(f"Thank you for calling {business.name}. Goodbye.")
        say = ("Sorry, nobody could pick up. Please leave your name and a short message after the beep, "
               "and we'll call you back.")
        call.outcomes.append("transfer_unanswered")
        return twiml.record_message(say, self.url(turn=call.turn + 1, event="message"))

    def _after_message(self, business: Business, call: Call, inp: CallInput) -> str:
        if inp.recording_url:
            call.message_recording = inp.recording_url
            call.outcomes.append("message")
            phone = call.caller_phone if call.caller_known else call.state.caller.callback_phone
            said = [t["text"] for t in call.transcript if t["role"] == "caller"]
            if phone and not no_business(said, [], call.outcomes):  # a salesman's voicemail is no lead
                meant = last_of(call.state.call_notes, NoteKind.MESSAGE_FOR)  # "a message for Maria"
                self.crm.capture(business, phone=phone, name=call.state.caller.own_name or "",
                                 notes=f"Voicemail left for the team: {inp.recording_url}"
                                       + (f" (Message for {meant})" if meant else ""), source="call",
                                 kind="message", interaction_id=f"message-{call.call_sid}")
        return twiml.hangup(f"Thank you, we'll get back to you soon. Goodbye from {business.name}.")

    # --- end of call ------------------------------------------------------------------------

    def status(self, business: Business, inp: CallInput) -> bool:
        """Record the final status; on completion enqueue post-call work once. True if enqueued."""
        terminal = inp.call_status in ("completed", "busy", "no-answer", "failed", "canceled")
        if not terminal:
            return False
        for _ in range(3):
            found = self.calls.get(business.id, inp.call_sid)
            if found is None:
                return False
            call, version = found
            if call.ended_at is not None:
                break
            call.status = inp.call_status
            call.ended_at = self.clock()
            try:
                self.calls.save(call, version)
                break
            except Conflict:
                continue
        if inp.call_status != "completed" or self.enqueue is None:
            return False
        return self.queue_post_call(business.id, inp.call_sid)

    def queue_post_call(self, business_id: str, call_sid: str) -> bool:
        """Best-effort: a call whose task could not be queued is queued again by the reminders sweep."""
        try:
            self.enqueue(f"postcall-{call_sid}", f"{self.base_url.rstrip('/')}/post_call",
                         {"business_id": business_id, "call_sid": call_sid})
            return True
        except ProviderError as exc:
            log.warning("post-call task for %s not queued (the sweep will): %s", call_sid, exc.message)
            return False

    def summarize(self, call: Call, turns: list[TurnRecord], business: Business | None = None) -> str:
        """The after-call note: written by the LLM when one is configured, else extracted from what
        the offline engine understood and what the caller said."""
        said = [t.caller for t in turns if t.caller]
        if said and business is not None and self.llm is not None:
            lines = [f"{who}: {text}" for t in turns for who, text in (("Caller", t.caller), ("Roxy", t.roxy))
                     if text]
            try:
                return self.llm().summarize(business, lines, call.outcomes)
            except Exception as exc:  # the extractive note is always there
                log.warning("call %s: LLM summary failed, extractive summary used: %s", call.call_sid, exc)
        return self.extractive_summary(call, said, self.wanted(business, call, said) if business else None)

    def booked_this_call(self, business: Business, call: Call) -> list[str]:
        """The services this call booked that are still booked."""
        phone = call.caller_phone if call.caller_known else call.state.caller.callback_phone
        if not phone:
            return []
        return [a.service for a in self.calendar.for_caller(business, phone)
                if a.source == f"call:{call.call_sid}" and a.is_active]

    def wanted(self, business: Business, call: Call, said: list[str]) -> str | None:
        """What the caller wanted, for the call's note: what they booked, else the service they asked
        about (never one they only mentioned), with the day and time when it is the one discussed."""
        from shared.domain.interest import asked_about

        booked = self.booked_this_call(business, call)
        if booked:
            return "booked " + ", ".join(booked)
        asked = asked_about(business, said)
        state = call.state
        if asked and asked != state.wanted.service:
            return " ".join(x for x in (state.task, asked) if x)
        return None

    @staticmethod
    def extractive_summary(call: Call, said: list[str], wanted: str | None = None) -> str:
        from shared.domain.preferences import describe, extract, merge

        state = call.state
        preferences = dict(state.caller.preferences)
        for sentence in said:
            preferences = merge(preferences, extract(sentence))
        lines = []
        if state.caller.own_name or state.caller.name:
            lines.append(f"Caller: {state.caller.own_name or state.caller.name}.")
        sought = state.wanted
        wanted = wanted or " ".join(x for x in (state.task, sought.service, sought.date, sought.time) if x)
        if wanted:
            lines.append(f"Wanted: {wanted}.")
        lines += [f"{fact}." for fact in describe(preferences)]
        if said:
            lines.append("Caller said: " + " / ".join(s[:100] for s in said[:6]))
        if call.outcomes:
            lines.append("Outcome: " + ", ".join(dict.fromkeys(call.outcomes)))
        if state.lead_notes:
            lines.append("Open: " + "; ".join(state.lead_notes))
        if not said:
            lines.append("The caller was not heard; call them back.")
        return "\n".join(lines)

    def _set_interest(self, business: Business, call: Call, turns: list[TurnRecord]) -> None:
        """The lead's interest: what this call booked, else what the caller asked about."""
        from shared.domain.interest import asked_about

        booked = self.booked_this_call(business, call)
        interest = booked[0] if booked else asked_about(business, [t.caller for t in turns if t.caller])
        if interest:
            self.crm.set_interest(business, call.caller_phone, interest)

    def _stated_preferences(self, turns: list[TurnRecord]) -> dict:
        from shared.domain.preferences import extract, merge

        found: dict = {}
        for turn in turns:
            found = merge(found, extract(turn.caller))
        return found

    def post_call(self, business: Business, call_sid: str) -> dict:
        """After the call: summary and lead engagement, once."""
        found = self.calls.get(business.id, call_sid)
        if found is None:
            return {"done": False, "reason": "unknown call"}
        call, version = found
        if call.post_call_done:
            return {"done": True, "repeat": True}
        if "forget_me" in call.outcomes:
            # The caller asked to be forgotten: write nothing about them, and scrub this call too
            # (its later turns were saved after the first scrub).
            if self.memory is not None and call.caller_known:
                self.memory().forget(business, call.caller_phone, "post-call")
                call, version = self.calls.get(business.id, call_sid)
        else:
            self._remember_call(business, call)
        call.post_call_done = True
        try:
            self.calls.save(call, version)
        except Conflict as exc:
            raise ProviderError("The call changed during post-call work; retry.", retryable=True) from exc
        return {"done": True}

    def _remember_call(self, business: Business, call: Call) -> None:
        """Summary, lead engagement, stated preferences, memories and follow-ups of a finished call.
        A wrong number or a sales call keeps its call record and outcome only: no lead, no memory,
        no follow-up."""
        turns = self.calls.turns(business.id, call.call_sid)
        none_of_ours = no_business([t.caller for t in turns if t.caller], [t.intent for t in turns], call.outcomes)
        if none_of_ours:
            call.outcomes.append(none_of_ours)
            call.summary = self.extractive_summary(call, [t.caller for t in turns if t.caller])
            return
        summary = self.summarize(call, turns, business)
        if call.caller_known:  # memories and history only for a number the network vouched for
            self.crm.record(business, call.caller_phone, "call", f"call-{call.call_sid}",
                            detail=summary[:300], source="call", name=call.state.caller.own_name or "")
            stated = self._stated_preferences(turns)
            if stated:
                self.crm.remember(business, call.caller_phone, stated, name=call.state.caller.own_name or "")
            if self.memory is not None and any(t.caller for t in turns):
                memory = self.memory()
                memory.store_conversation_memory(business, call.caller_phone, call.call_sid, summary,
                                                 {"outcomes": list(dict.fromkeys(call.outcomes))})
                memory.store_lead_summary(business, call.caller_phone)
            if call.state.lead_notes:
                self.crm.capture(business, phone=call.caller_phone, name=call.state.caller.own_name or "",
                                 notes="\n".join(call.state.lead_notes), source="call",
                                 interaction_id=f"call-notes-{call.call_sid}")
            self._set_interest(business, call, turns)
        if self.notifier is not None:
            from shared.services.call_follow_up import FollowUp

            FollowUp(self.notifier(), self.crm, self.calendar, self.clock).send(
                business, call, heard=any(t.caller for t in turns), said=[t.caller for t in turns if t.caller])
        call.summary = summary
