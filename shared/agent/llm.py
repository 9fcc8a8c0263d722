"""The LLM agent: OpenAI chat completions with function calling over the tool registry.

Any failure (no answer within the deadline, an API error, a malformed reply) raises AgentFailed;
the call service then answers the turn with the offline engine, so a caller never hears an error.
One deadline covers the whole turn: every round and every retry (the SDK's own retries are off:
each would restart the clock, 4 s + 4 s + backoff of silence when the model hangs).

With a `listener` (the streaming voice relay) the reply is streamed: each piece of text goes to
`listener.text(piece)` as it arrives, `listener.tools()` says a tool round is starting, and
`listener.mark("request")` that a request is about to leave (the relay's latency figures).
"""

from __future__ import annotations

import datetime as dt
import json
import time

from shared.agent import prompt
from shared.config import OpenAISettings
from shared.dialogue.turns import Reply, Tools
from shared.domain.business import Business
from shared.domain.calls import Call
from shared.errors import ConfirmationNeeded, DomainError, SlotTaken
from shared.tools import registry

MAX_ROUNDS = 4
COMMITTING = frozenset({"book_appointment", "reschedule_appointment", "cancel_appointment", "forget_me"})
VOICE_TOOLS = [
    {"type": "function", "function": {
        "name": "transfer_call", "strict": True,
        "description": "Hand the call to a member of staff (or take a message if nobody is available).",
        "parameters": {"type": "object", "additionalProperties": False, "required": ["reason"],
                       "properties": {"reason": {"type": "string",
                                                 "description": "What the caller needs, for the staff."}}}}},
    {"type": "function", "function": {
        "name": "end_call", "strict": True,
        "description": "End the call after saying goodbye.",
        "parameters": {"type": "object", "additionalProperties": False, "required": ["goodbye"],
                       "properties": {"goodbye": {"type": "string",
                                                  "description": "The last sentence to say."}}}}},
]
# Offered only on calls whose caller ID is withheld: the number the caller gives stands in for it
# when booking or leaving details (never to reach existing bookings; see tools.registry.run).
CALLBACK_TOOL = {"type": "function", "function": {
    "name": "set_callback_number", "strict": True,
    "description": "Save the number the caller gave to reach them (their own number is withheld). "
                   "Read it back digit by digit first.",
    "parameters": {"type": "object", "additionalProperties": False, "required": ["phone"],
                   "properties": {"phone": {"type": "string",
                                            "description": "The number as the caller said it, in digits."}}}}}


class AgentFailed(Exception):
    pass


def _callback_number(call: Call, business: Business, args: dict) -> dict:
    from shared.dialogue.nlu import find_phone
    from shared.domain.phone import normalize_phone, spoken_digits

    if call.caller_known:
        return {"error": "The caller's number came through with the call: no other number is needed."}
    said = str(args.get("phone") or "")
    try:
        number = normalize_phone(find_phone(said) or said, business.country)
    except ValueError:
        return {"error": "That is not a complete phone number. Ask the caller to say it again, digit by digit."}
    call.state.caller.callback_phone = number
    return {"saved": True, "read_back": spoken_digits(number, business.country)}


def _take_chunk(chunk, text: list[str], calls: dict[int, dict], listener) -> int:
    """One `chat.completion.chunk` event (its JSON): its text to `text` and the listener (unless a
    tool call has begun), its tool-call pieces into `calls`. Returns its total tokens, if it says."""
    if not isinstance(chunk, dict):
        raise AgentFailed("a streamed event is not a JSON object")
    for choice in chunk.get("choices") or ():
        delta = choice.get("delta") or {}
        content = delta.get("content")
        if content:
            text.append(content)
            if not calls:
                listener.text(content)
        for piece in delta.get("tool_calls") or ():
            call = calls.setdefault(piece.get("index", 0), {"id": "", "name": "", "arguments": ""})
            call["id"] = piece.get("id") or call["id"]
            function = piece.get("function") or {}
            call["name"] += function.get("name") or ""
            call["arguments"] += function.get("arguments") or ""
    usage = chunk.get("usage")
    return (usage.get("total_tokens") or 0) if isinstance(usage, dict) else 0


class LlmAgent:
    name = "llm"

    def __init__(self, settings: OpenAISettings):
        from openai import OpenAI

        self.settings = settings
        self.client = OpenAI(api_key=settings.api_key, base_url=settings.base_url,
                             timeout=settings.deadline_seconds, max_retries=0)
        self.schemas = registry.call_schemas() + VOICE_TOOLS  # built once: sent read-only every turn
        self.schemas_withheld = self.schemas + [CALLBACK_TOOL]

    def turn(self, call: Call, business: Business, speech_text: str, digits: str, now: dt.datetime,
             tools: Tools, caller: dict, began: float | None = None, listener=None) -> Reply:
        """`began`: when the turn started (time.monotonic()), so the deadline also counts what the
        turn did before asking the model; `listener`: stream the reply to it (see the docstring)."""
        utterance = speech_text or (f"(pressed {digits} on the keypad)" if digits else "")
        messages = prompt.messages(business, call, now, caller, utterance)
        schemas = self.schemas if call.caller_known else self.schemas_withheld
        began = time.monotonic() if began is None else began
        tokens = 0
        for _ in range(MAX_ROUNDS):
            remaining = self.settings.deadline_seconds - (time.monotonic() - began)
            if remaining <= 0.05:
                raise AgentFailed("deadline exceeded")
            body = {"model": self.settings.model, "messages": messages, "tools": schemas,
                    "tool_choice": "auto", "temperature": self.settings.temperature}
            if listener is None:
                message, used = self._complete(body, remaining)
            else:
                message, used = self._stream(body, began + self.settings.deadline_seconds, listener)
            tokens += used
            if not message.tool_calls:
                text = (message.content or "").strip()
                if not text:
                    raise AgentFailed("empty reply")
                return Reply(text, "gather", intent="llm", tokens=tokens)
            if listener is not None:
                listener.tools()
            messages.append({"role": "assistant", "content": message.content,
                             "tool_calls": [tc.model_dump() for tc in message.tool_calls]})
            for tool_call in message.tool_calls:
                name = tool_call.function.name
                try:
                    args = json.loads(tool_call.function.arguments or "{}")
                except ValueError as exc:
                    raise AgentFailed(f"tool arguments are not JSON: {name}") from exc
                if name == "end_call":
                    tools.used.append(name)
                    goodbye = str(args.get("goodbye") or f"Thank you for calling {business.name}. Goodbye!")
                    return Reply(goodbye, "hangup", intent="goodbye", tokens=tokens)
                if name == "transfer_call":
                    tools.used.append(name)
                    return Reply("", "transfer", intent="transfer", tokens=tokens)
                if name == "set_callback_number":
                    tools.used.append(name)
                    result = _callback_number(call, business, args)
                else:
                    result = self._run_tool(call, name, args, tools)
                messages.append({"role": "tool", "tool_call_id": tool_call.id,
                                 "content": json.dumps(result, default=str)[:6000]})
        raise AgentFailed("too many tool rounds")

    def _complete(self, body: dict, remaining: float):
        """One round, answered whole: (the assistant message, tokens used)."""
        import openai
        from openai.types.chat import ChatCompletion

        try:
            # The SDK's documented low-level post: same auth, errors and typed ChatCompletion, and
            # the same bytes as chat.completions.create, without create()'s recursive transform of
            # every parameter (~3 ms of CPU on each turn; see bench/call_turn.py). Our messages
            # and schemas are already plain JSON.
            response = self.client.post("/chat/completions", cast_to=ChatCompletion, body=body,
                                        options={"timeout": remaining})
        except openai.OpenAIError as exc:
            raise AgentFailed(f"{type(exc).__name__}: {exc}") from exc
        if not response.choices:
            raise AgentFailed("no choices in the reply")
        return response.choices[0].message, (response.usage.total_tokens or 0) if response.usage else 0

    def _stream(self, body: dict, deadline: float, listener):
        """One round, streamed (server-sent events): text goes to the listener as it arrives; tool
        calls are put together from their pieces. Returns what `_complete` returns."""
        import openai
        from openai import Stream
        from openai.types.chat import ChatCompletionMessage

        body = {**body, "stream": True, "stream_options": {"include_usage": True}}
        text: list[str] = []
        calls: dict[int, dict] = {}
        tokens = 0
        listener.mark("request")
        try:
            # cast_to=object: the SDK's documented way to get the events' JSON as it is. Building a
            # ChatCompletionChunk model for each of a reply's ~25 events was half the turn's CPU.
            stream = self.client.post("/chat/completions", cast_to=object, body=body,
                                      options={"timeout": max(deadline - time.monotonic(), 0.05)},
                                      stream=True, stream_cls=Stream[object])
            with stream:
                for chunk in stream:
                    if time.monotonic() > deadline:  # a model that trickles is as late as one that hangs
                        raise AgentFailed("deadline exceeded while streaming")
                    tokens = _take_chunk(chunk, text, calls, listener) or tokens
        except openai.OpenAIError as exc:
            raise AgentFailed(f"{type(exc).__name__}: {exc}") from exc
        tool_calls = [{"id": c["id"], "type": "function", "function": {"name": c["name"], "arguments": c["arguments"]}}
                      for _, c in sorted(calls.items())]
        try:
            message = ChatCompletionMessage.model_validate(
                {"role": "assistant", "content": "".join(text) or None, "tool_calls": tool_calls or None})
        except ValueError as exc:
            raise AgentFailed(f"malformed tool calls in the stream: {exc}") from exc
        return message, tokens

    def summarize(self, business: Business, lines: list[str], outcomes: list[str], timeout: float = 20.0) -> str:
        """The after-call note (post-call work, off the caller's turn, so a longer timeout)."""
        import openai
        from openai.types.chat import ChatCompletion

        try:
            response = self.client.post(
                "/chat/completions", cast_to=ChatCompletion,
                body={"model": self.settings.model, "temperature": 0.2,
                      "messages": prompt.summary_messages(business, lines, outcomes)},
                options={"timeout": timeout})
        except openai.OpenAIError as exc:
            raise AgentFailed(f"{type(exc).__name__}: {exc}") from exc
        text = (response.choices[0].message.content or "").strip() if response.choices else ""
        if not text:
            raise AgentFailed("empty summary")
        return " ".join(text.split())[:1200]

    def _run_tool(self, call: Call, name: str, args: dict, tools: Tools) -> dict:
        tool = registry.TOOLS.get(name)
        if tool and not call.caller_known and registry.from_call_fields(tool.args):
            try:  # before the confirmation gate: no read-back of a change that cannot be made
                registry.caller_number(tool, None, call.state.caller.callback_phone)
            except DomainError as error:
                return {"error": error.message}
        try:
            result = tools(name, args)
        except ConfirmationNeeded as needed:  # the server's gate (tools.consent): read back, then a yes
            return {"status": "confirmation_required", "read_back": needed.read_back,
                    "instructions": needed.message}
        except SlotTaken as taken:
            return {"error": taken.message, "alternatives": taken.alternatives}
        except DomainError as error:
            return {"error": error.message, **({"fields": error.fields} if hasattr(error, "fields") else {})}
        if name == "check_availability":
            slots = result.get("slots", [])
            result = {**result, "slots": slots[:12], "total_free_slots": len(slots)}
        if name in COMMITTING:
            call.state.done_something = True
        return result
