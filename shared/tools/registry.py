"""The one registry of tools: it feeds the LLM's function schemas and the HTTP endpoint alike."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from shared.errors import CallerNumberNeeded, InvalidInput, NotFound
from shared.tools import calendar_tools, consent, crm_tools, notification_tools, stats_tools
from shared.tools.base import Tool, ToolArgs, ToolContext

TOOLS: dict[str, Tool] = {tool.name: tool
                          for tool in calendar_tools.TOOLS + crm_tools.TOOLS + notification_tools.TOOLS
                          + stats_tools.TOOLS}


def get(name: str) -> Tool:
    tool = TOOLS.get(name)
    if tool is None:
        raise NotFound(f"Unknown tool '{name}'. Tools: {', '.join(sorted(TOOLS))}.")
    return tool


def from_call_fields(args: type[ToolArgs]) -> list[str]:
    return [name for name, field in args.model_fields.items()
            if isinstance(field.json_schema_extra, dict) and field.json_schema_extra.get("x-from-call")]


def validation_fields(error: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"]) or "body"
        message = "unknown field" if item["type"] == "extra_forbidden" else item["msg"]
        fields.setdefault(path, message)
    return fields


def caller_number(tool: Tool, caller_phone: str | None, callback_phone: str | None) -> str:
    """The number a tool acts for on a call: the caller ID, or for new records the number a caller
    with a withheld ID gave. CallerNumberNeeded when there is none."""
    number = caller_phone or (callback_phone if tool.stated_number_ok else None)
    if number is None:
        raise CallerNumberNeeded(
            "The caller's number is withheld: ask for the best number to reach them first."
            if tool.stated_number_ok else
            "The caller's number is withheld, so their bookings and details cannot be looked up or changed "
            "on this call: they can call back from the number they booked with, or speak to the team.")
    return number


def run(name: str, raw_args: Any, ctx: ToolContext) -> dict:
    """Validate `raw_args` with the tool's model and run it. On a call, the caller's phone is
    taken from the call, whatever the arguments say."""
    tool = get(name)
    if not isinstance(raw_args, dict):
        raise InvalidInput("Arguments must be a JSON object.", {"body": "expected an object"})
    args = dict(raw_args)
    fields = from_call_fields(tool.args)
    if fields and (ctx.on_call or ctx.caller_phone is not None):
        number = caller_number(tool, ctx.caller_phone, ctx.callback_phone)
        for field in fields:
            args[field] = number
    try:
        parsed = tool.args.model_validate(args)
    except ValidationError as exc:
        fields = validation_fields(exc)
        raise InvalidInput("Invalid arguments: " + "; ".join(f"{k}: {v}" for k, v in fields.items()),
                           fields) from None
    if ctx.consent is not None and consent.needs_consent(name, parsed.model_dump(), ctx.caller_phone is None):
        ctx.consent.check(name, parsed.model_dump(), consent.read_back(ctx, name, parsed))
    return tool.run(ctx, parsed)


def _inline_refs(node: Any, defs: dict) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline_refs(copy.deepcopy(defs[node["$ref"].split("/")[-1]]), defs)
        return {key: _inline_refs(value, defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    return node


# Keywords OpenAI's strict mode rejects (string lengths) or that add nothing for the model.
# The HTTP door still enforces all of them through the pydantic model.
_NOT_IN_STRICT_MODE = ("title", "default", "x-from-call", "minLength", "maxLength")


def _strict(node: dict, hide: set[str]) -> dict:
    """OpenAI strict mode: every property required, optional ones nullable, no extras."""
    node = {k: v for k, v in node.items() if k not in _NOT_IN_STRICT_MODE}
    if node.get("type") == "object" and "properties" in node:
        required = set(node.get("required", []))
        properties = {}
        for name, prop in node["properties"].items():
            if name in hide:
                continue
            prop = _strict(prop, set())
            if name not in required and not _nullable(prop):
                prop = {"anyOf": [prop, {"type": "null"}]}
            properties[name] = prop
        node["properties"] = properties
        node["required"] = list(properties)
        node["additionalProperties"] = False
    for key in ("anyOf", "items"):
        if isinstance(node.get(key), list):
            node[key] = [_strict(item, set()) for item in node[key]]
        elif isinstance(node.get(key), dict):
            node[key] = _strict(node[key], set())
    return node


def _nullable(prop: dict) -> bool:
    return prop.get("type") == "null" or any(p.get("type") == "null" for p in prop.get("anyOf", []))


def function_schema(tool: Tool, for_call: bool) -> dict:
    schema = tool.args.model_json_schema()
    defs = schema.pop("$defs", {})
    hide = set(from_call_fields(tool.args)) if for_call else set()
    parameters = _strict(_inline_refs(schema, defs), hide)
    parameters.pop("description", None)
    return {"type": "function",
            "function": {"name": tool.name, "description": tool.description, "strict": True,
                         "parameters": parameters}}


def http_schemas() -> list[dict]:
    return copy.deepcopy(_schemas(False))


def call_schemas() -> list[dict]:
    return copy.deepcopy(_schemas(True))


@lru_cache(maxsize=2)
def _schemas(for_call: bool) -> list[dict]:
    return [function_schema(tool, for_call) for tool in TOOLS.values() if tool.on_calls or not for_call]
