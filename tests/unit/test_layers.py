"""The layers of shared/ (ARCHITECTURE.md): imports point down and never form a circle.

    language   imports nothing else from shared (the ground floor)
    domain     never imports the dialogue, the services, the tools, the agent or an adapter
    every module: no import circle (imports inside functions count; TYPE_CHECKING ones do not)
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "shared"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(path: Path) -> set[str]:
    """The shared.* modules `path` imports (a `from package import module` names the module)."""
    tree = ast.parse(path.read_text())
    skipped = {id(n) for node in ast.walk(tree) if _type_checking(node) for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("shared")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("shared") and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if (SHARED.parent / candidate.replace(".", "/")).with_suffix(".py").exists()
                          or (SHARED.parent / candidate.replace(".", "/")).is_dir() else node.module)
    return found


@cache
def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in SHARED.rglob("*.py")}
    edges = {}
    for name, path in modules.items():
        edges[name] = {m for m in imports_of(path) if m in modules and m != name}
    return edges


def test_the_language_floor_imports_nothing_else_from_shared():
    offenders = {m: sorted(i for i in deps if not i.startswith("shared.language"))
                 for m, deps in graph().items() if m.startswith("shared.language")}
    assert not {m: d for m, d in offenders.items() if d}


def test_the_domain_imports_no_dialogue_service_tool_agent_or_adapter():
    above = ("shared.dialogue", "shared.services", "shared.tools", "shared.agent", "shared.adapters", "shared.app")
    offenders = {m: sorted(i for i in deps if i.startswith(above))
                 for m, deps in graph().items() if m.startswith("shared.domain")}
    assert not {m: d for m, d in offenders.items() if d}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles():
    assert circles(graph()) == []


def test_the_circle_check_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
