"""The LLM agent's streamed events, read as the JSON they are (shared/agent/llm._take_chunk): the
text goes to the listener until a tool call begins; tool calls are put together from their pieces."""

import pytest

from shared.agent.llm import AgentFailed, _take_chunk


class Listener:
    def __init__(self):
        self.said: list[str] = []

    def text(self, piece: str) -> None:
        self.said.append(piece)


def delta(**fields) -> dict:
    return {"choices": [{"index": 0, "delta": fields, "finish_reason": None}]}


def test_text_goes_to_the_listener_and_tool_calls_are_put_together():
    text, calls, listener = [], {}, Listener()
    events = [delta(role="assistant", content=""), delta(content="Let me"), delta(content=" see."),
              delta(tool_calls=[{"index": 0, "id": "call_1", "function": {"name": "check_", "arguments": '{"da'}}]),
              delta(content=" (not said)"),
              delta(tool_calls=[{"index": 0, "function": {"name": "availability", "arguments": 'te": "x"}'}}]),
              {"choices": [], "usage": {"total_tokens": 42}}]
    tokens = [_take_chunk(event, text, calls, listener) for event in events]
    assert listener.said == ["Let me", " see."]
    assert "".join(text) == "Let me see. (not said)"
    assert calls == {0: {"id": "call_1", "name": "check_availability", "arguments": '{"date": "x"}'}}
    assert tokens[-1] == 42 and not any(tokens[:-1])


def test_an_event_that_is_not_an_object_fails_the_round():
    with pytest.raises(AgentFailed):
        _take_chunk(["not", "a", "chunk"], [], {}, Listener())
