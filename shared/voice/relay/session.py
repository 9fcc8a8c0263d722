"""One ConversationRelay session: a phone call's WebSocket, from `setup` to `end`.

The socket is read by one task; the caller's turns run one after another in a worker thread (the
call service is synchronous: Firestore, the LLM); Roxy's words go out as the turn makes them.

    reader ──prompt/dtmf/silence──▶ jobs ──▶ turn (worker thread) ──Speaker──▶ sender ──▶ socket
       └──interrupt──▶ Speaker.cancel() (nothing more is sent) + a job that corrects the transcript

Silence: Twilio sends nothing while the caller says nothing, so the session keeps the time itself:
`silence_seconds` after Roxy's last words were sent, an empty turn runs (as <Gather> posts an empty
result), and the engine asks again or says goodbye.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from dataclasses import dataclass

from shared.voice.relay import protocol

log = logging.getLogger(__name__)
FILLER = "Let me check that for you. "
APOLOGY = "I'm sorry, something went wrong on our side. Please call us back in a moment. Goodbye."


class Speaker:
    """The turn's voice. The turn calls it from its worker thread (text as the model streams it,
    `tools()` when a tool round starts, `finish()` with the reply); it hands what to send to the
    session's event loop. After `cancel()` (the caller talked over Roxy) it sends nothing more."""

    def __init__(self, loop: asyncio.AbstractEventLoop, out: asyncio.Queue):
        self._loop = loop
        self._out = out
        self._lock = threading.Lock()
        self.streamed = ""        # the model's words, sent as they came
        self.filler = ""          # said while a tool round ran
        self.rest = ""            # what was left to say at the end of the turn
        self.action = "gather"
        self.finished = False
        self.cancelled = False
        self.marks: dict[str, float] = {}   # step -> time.monotonic() (bench/relay_latency.py prints them)
        self.cpu_ms: dict[str, float] = {}  # the worker thread's CPU: to the LLM request, the whole turn
        self._cpu_began = 0.0

    def mark(self, step: str) -> None:
        """The first time the turn reaches `step` (from either thread)."""
        if step not in self.marks:
            self.marks[step] = time.monotonic()
            if step == "thread":
                self._cpu_began = time.thread_time()
            elif step in ("request", "written"):
                self.cpu_ms[step] = round((time.thread_time() - self._cpu_began) * 1000, 2)

    def _put(self, item: tuple) -> None:
        self._loop.call_soon_threadsafe(self._out.put_nowait, item)

    def text(self, piece: str) -> None:
        with self._lock:
            if self.finished or self.cancelled:
                return
            self.streamed += piece
        self.mark("first_token")
        self._put(("text", piece))

    def tools(self) -> None:
        with self._lock:
            if self.finished or self.cancelled or self.streamed or self.filler:
                return
        self._put(("tools", time.monotonic()))

    def claim_filler(self) -> bool:
        """True (and the filler counts as said) when nothing has been said yet this turn."""
        with self._lock:
            if self.finished or self.cancelled or self.streamed or self.filler:
                return False
            self.filler = FILLER
            return True

    def finish(self, say: str, action: str) -> str:
        """The turn's reply: sends what the stream has not said yet (for an end of the session,
        that goes to the <Connect> action instead). Returns all the caller hears this turn."""
        with self._lock:
            if self.finished:
                return self.heard()
            self.finished = True
            self.action = action
            self.rest = protocol.remainder(self.streamed, say) if self.streamed else say
            heard = self.heard()
        # An end of the session: its last words go to the <Connect> action's <Say>, after `end`.
        self._put(("say", self.rest) if action == "gather" else ("end", None))
        return heard

    def heard(self) -> str:
        return " ".join(" ".join(part.split()) for part in (self.filler, self.streamed, self.rest)
                        if part.strip())

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True


def _settle(future: asyncio.Future, result, exc: BaseException | None) -> None:
    if not future.done():
        future.set_exception(exc) if exc is not None else future.set_result(result)


@dataclass
class Turn:
    speech: str = ""
    digits: str = ""


class RelaySession:
    """`socket`: send_text(str) / receive_text() -> str (raises on close); `relay`: RelayCalls;
    `directory`: finds the business by the dialled number; `run_blocking(fn, *args)`: awaits `fn`
    run in a worker thread."""

    def __init__(self, socket, relay, directory, run_blocking, silence_seconds: float, filler_ms: int):
        self.socket = socket
        self.relay = relay
        self.directory = directory
        self.run_blocking = run_blocking
        self.silence_seconds = silence_seconds
        self.filler_seconds = filler_ms / 1000
        self.setup: protocol.Setup | None = None
        self.business = None
        self.turn = 0
        self.partial = ""
        self.speaker: Speaker | None = None
        self.call = None                            # the call as the last turn left it (see `_turn`)
        self.writing: asyncio.Future | None = None  # that turn's write: its Relayed, for the session
        self.written: concurrent.futures.Future | None = None  # the same, for the next turn's worker
        self.jobs: asyncio.Queue = asyncio.Queue()
        self.silence: asyncio.TimerHandle | None = None
        self.ended = False
        self.send_lock = asyncio.Lock()
        self.figures: list[dict] = []   # per turn: ms from the caller's words to Roxy's first words

    async def send(self, message: str) -> None:
        async with self.send_lock:
            await self.socket.send_text(message)

    # --- the socket ---------------------------------------------------------------------------

    async def run(self) -> None:
        worker = asyncio.create_task(self._work())
        try:
            while not self.ended:
                raw = await self.socket.receive_text()
                try:
                    message = protocol.parse(raw)
                except protocol.ProtocolError as exc:
                    log.warning("relay: ignored a message: %s", exc)
                    continue
                await self._on(message)
        except Exception as exc:  # the socket closed (or broke): the call state is all in Firestore
            if not self.ended:
                log.info("relay session %s closed: %s", self.setup and self.setup.call_sid, type(exc).__name__)
        finally:
            self.ended = True
            self._quiet()
            while not self.jobs.empty():  # what the caller said as the line dropped is not answered
                self.jobs.get_nowait()
            await self.jobs.put(None)
            try:  # a turn already running still finishes and writes (Twilio may connect again)
                await asyncio.wait_for(asyncio.shield(worker), timeout=30)
            except TimeoutError:
                log.warning("relay: a turn of %s outlived its session", self.setup and self.setup.call_sid)

    async def _on(self, message) -> None:
        if isinstance(message, protocol.Setup):
            if self.setup is not None:
                log.warning("relay: a second setup for %s ignored", self.setup.call_sid)
                return
            self.setup = message
            await self.jobs.put(("open", None))
            return
        if self.setup is None:
            log.warning("relay: %s before setup ignored", type(message).__name__)
            return
        if isinstance(message, protocol.Prompt):
            self._quiet()
            self.partial += message.text
            if message.last:
                said, self.partial = self.partial.strip(), ""
                await self.jobs.put(("turn", Turn(speech=said), time.monotonic()))
        elif isinstance(message, protocol.Dtmf):
            self._quiet()
            await self.jobs.put(("turn", Turn(digits=message.digit), time.monotonic()))
        elif isinstance(message, protocol.Interrupt):
            if self.speaker is not None:
                self.speaker.cancel()
            await self.jobs.put(("heard", message.heard))
        elif isinstance(message, protocol.Error):
            log.warning("relay: Twilio reported an error: %s", message.description[:300])

    def _quiet(self) -> None:
        if self.silence is not None:
            self.silence.cancel()
            self.silence = None

    def _listen_for_silence(self) -> None:
        self._quiet()
        loop = asyncio.get_running_loop()
        self.silence = loop.call_later(self.silence_seconds,
                                       lambda: self.jobs.put_nowait(("turn", Turn(), time.monotonic())))

    # --- the turns --------------------------------------------------------------------------

    async def _work(self) -> None:
        while True:
            job = await self.jobs.get()
            try:
                if job is None or self.ended:
                    await self._written()  # a turn's write still under way finishes
                    return
                if job[0] != "turn" or (self.writing is not None and self.writing.done()):
                    await self._written()  # the others act on the stored call; a failed write ends here
                if job[0] == "open":
                    await self._open()
                elif job[0] == "turn":
                    await self._turn(job[1], job[2])
                elif job[0] == "heard":
                    self.turn = await self.run_blocking(self.relay.heard, self.business, self.setup.call_sid,
                                                        self.turn, job[1])
                    self.call = None  # corrected in Firestore: the next turn reads it (from the repository's memory)
            except Exception:
                log.exception("relay: the turn failed for call %s", self.setup and self.setup.call_sid)
                await self._end({"action": "hangup", "say": APOLOGY})
                return

    async def _written(self):
        """Waits for the last turn's write; its Relayed (None when nothing was being written)."""
        writing, self.writing = self.writing, None
        return await writing if writing is not None else None

    def _input(self, turn: Turn):
        from shared.services.calls import CallInput

        return CallInput(call_sid=self.setup.call_sid, caller=self.setup.caller, dialled=self.setup.dialled,
                         speech=turn.speech, digits=turn.digits, turn=self.turn)

    async def _open(self) -> None:
        self.business = await self.run_blocking(self.directory.for_number, self.setup.dialled)
        if self.business is None:
            await self._end({"action": "hangup", "say": "Sorry, this number is not set up yet. Goodbye."})
            return
        self.turn, first = await self.run_blocking(self.relay.open, self.business, self._input(Turn()))
        if first:
            for phrase in protocol.phrases(first):
                await self.send(protocol.text(phrase, False))
            await self.send(protocol.text("", True))
        self._listen_for_silence()

    async def _turn(self, turn: Turn, heard_at: float) -> None:
        """Answers from the call as the session's last turn left it: the caller's words wait for no
        Firestore round trip. The worker writes the turn as soon as it is answered (one commit, in
        order after the last turn's, checked against the version it was answered from) while the
        session goes on: the next turn does not wait for this write."""
        loop = asyncio.get_running_loop()
        out: asyncio.Queue = asyncio.Queue()
        speaker = self.speaker = Speaker(loop, out)
        speaker.mark("dequeued")
        sender = asyncio.create_task(self._speak(speaker, out, heard_at))
        inp = self._input(turn)
        answered, written = loop.create_future(), concurrent.futures.Future()
        work = self.run_blocking(self._answer_and_write, loop, inp, speaker, self.call, self.written, answered,
                                 written)
        self.writing, self.written = asyncio.ensure_future(self._after_write(work, speaker, heard_at)), written
        try:
            draft = await answered
            self.call, self.turn = draft.call, draft.call.turn
        finally:
            out.put_nowait(("say", None))  # the sender stops even when the turn failed
            await sender
        if speaker.action != "gather":
            answer = await self._written()  # the <Connect> action reads what this turn wrote
            await self._end(answer.handoff)
        elif not self.ended:
            self._listen_for_silence()

    def _answer_and_write(self, loop, inp, speaker: Speaker, known, previous, answered, written):
        """In a worker thread: the answer (handed to the session as soon as it is there), then,
        once the previous turn's write is done, this turn's."""
        try:
            try:
                draft = self.relay.answer(self.business, inp, speaker, known)
            except BaseException as exc:
                loop.call_soon_threadsafe(_settle, answered, None, exc)
                raise
            loop.call_soon_threadsafe(_settle, answered, draft, None)
            if previous is not None:
                previous.result()  # in order; a failed write fails the ones after it
            answer, call = self.relay.commit(self.business, inp, speaker, draft)
        except BaseException as exc:
            written.set_exception(exc)
            raise
        written.set_result(None)
        return answer, call, draft

    async def _after_write(self, work, speaker: Speaker, heard_at: float):
        answer, call, draft = await work
        if self.call is draft.call:  # answered again on a conflict: the session goes on from that
            self.call, self.turn = call, call.turn
        self._record(speaker, heard_at)
        return answer

    def _record(self, speaker: Speaker, heard_at: float) -> None:
        """The turn's figures: ms from the caller's words to each step, the worker's CPU."""
        if "sent" in speaker.marks:
            steps = {step: round((at - heard_at) * 1000, 2) for step, at in speaker.marks.items()}
            self.figures.append({"first_words_ms": round(steps["sent"], 1), "filler": bool(speaker.filler),
                                 "steps": steps, "cpu_ms": speaker.cpu_ms})

    async def _speak(self, speaker: Speaker, out: asyncio.Queue, heard_at: float) -> None:
        """Sends the turn's words as they come (TurnVoice), until the reply's last words are out."""
        voice = TurnVoice(self, speaker, out, heard_at)
        try:
            while not await voice.take(*await out.get()):
                pass
        finally:
            voice.stop()

    async def _end(self, handoff: dict) -> None:
        if self.ended:
            return
        self.ended = True
        self._quiet()
        try:
            await self.send(protocol.end(handoff))
        except Exception:
            log.info("relay: the session closed before its end message")


class TurnVoice:
    """One turn's words on their way out: phrases of the stream, the filler when a tool round keeps
    the caller waiting, then the rest of the reply with `last`."""

    def __init__(self, session: RelaySession, speaker: Speaker, out: asyncio.Queue, heard_at: float):
        self.session = session
        self.speaker = speaker
        self.out = out
        self.heard_at = heard_at
        self.cutter = protocol.PhraseCutter()
        self.filler: asyncio.TimerHandle | None = None

    async def words(self, piece: str, last: bool = False) -> None:
        if self.speaker.cancelled or self.session.ended:
            return
        await self.session.send(protocol.text(piece, last))
        if piece:
            self.speaker.mark("sent")

    def _say_filler(self) -> None:
        if self.speaker.claim_filler():
            self.out.put_nowait(("filler", None))

    async def take(self, kind: str, value) -> bool:
        """Sends what one item of the turn's queue calls for; True once the turn's words are all out."""
        if kind == "text":
            self.speaker.mark("loop")
            for phrase in self.cutter.feed(value):
                await self.words(phrase)
        elif kind == "tools" and self.filler is None:
            wait = max(0.0, self.session.filler_seconds - (time.monotonic() - self.heard_at))
            self.filler = asyncio.get_running_loop().call_later(wait, self._say_filler)
        elif kind == "filler":
            await self.words(self.speaker.filler)
        elif kind == "say":  # the end of the turn: the rest of the reply, then `last`
            pieces = self.cutter.feed(value) if self.cutter.started else protocol.phrases(value or "")
            for phrase in pieces + [self.cutter.flush()]:
                if phrase:
                    await self.words(phrase)
            await self.words("", True)
            return True
        elif kind == "end":  # what was streamed goes out; `end` follows from the session
            rest = self.cutter.flush()
            if rest:
                await self.words(rest)
            return True
        return False

    def stop(self) -> None:
        if self.filler is not None:
            self.filler.cancel()
