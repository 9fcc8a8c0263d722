"""No decision of the offline engine reads the English of the last prompt: `last_prompt` is only the
text to say again. What a prompt did is set where it is made (`DialogueState.asked`, `prompts.Cue`),
so rewording a prompt can never change what the next turn does."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRAPPERS = (ast.BoolOp, ast.IfExp)  # `state.last_prompt or ""` is still the prompt


def _reads(tree: ast.AST) -> list[int]:
    """Lines where `last_prompt` is compared, searched, sliced or has a method called on it."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr == "last_prompt" and isinstance(node.ctx, ast.Load)):
            continue
        used = node
        while isinstance(parents.get(used), WRAPPERS):
            used = parents[used]
        parent = parents.get(used)
        called = isinstance(parent, ast.Call) and used in parent.args and isinstance(parent.func, ast.Attribute) \
            and parent.func.attr in ("search", "match", "fullmatch", "sub", "findall", "split")
        if isinstance(parent, (ast.Compare, ast.Subscript)) or called or (
                isinstance(parent, ast.Attribute) and parent.value is used):
            found.append(node.lineno)
    return found


def test_no_module_of_the_dialogue_reads_the_last_prompt():
    read = {f"{path.relative_to(ROOT)}:{line}" for path in sorted((ROOT / "shared").rglob("*.py"))
            for line in _reads(ast.parse(path.read_text()))}
    assert not read, f"a decision reads the English of the last prompt (use state.asked / prompts.Cue): {read}"


def test_the_check_finds_each_way_of_reading_it():
    for code in ('if state.last_prompt == WITHHELD: pass', 'x = (state.last_prompt or "").startswith(WHY)',
                 'x = "press 1 for" in (state.last_prompt or "")', 'x = re.sub(r"^Sure ", "", state.last_prompt or "")',
                 'x = state.last_prompt[:5]', 'x = state.last_prompt.endswith(ANYTHING_ELSE)'):
        assert _reads(ast.parse(code)) == [1], code
    for code in ('state.last_prompt = "Hi"', 'reply = Reply(state.last_prompt or "How can I help?")',
                 'go_on = state.last_prompt if state.awaiting else None'):
        assert _reads(ast.parse(code)) == [], code
