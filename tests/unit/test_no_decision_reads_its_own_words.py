"""No decision of the offline engine reads the English of the last prompt: `last_prompt` is only the
text to say again. What a prompt did is set where it is made (`DialogueState.asked`, `prompts.Cue`),
so rewording a prompt can never change what the next turn does. Nor does any stage read or edit the
words of the reply being built in the same turn: it decides by the reply's typed facts (`Reply.asks`,
`opening`, `noted`) and adds parts (`Reply.lead`), so rewording a reply changes no decision."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRAPPERS = (ast.BoolOp, ast.IfExp)  # `state.last_prompt or ""` is still the prompt


def _reads(tree: ast.AST, names: tuple[str, ...] = ("last_prompt",)) -> list[int]:
    """Lines where an attribute in `names` is compared, searched, sliced or has a method called on it."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr in names and isinstance(node.ctx, ast.Load)):
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


REPLY_WORDS = ("say", "report", "question")  # a reply's words (shared/dialogue/turns.py `Reply`)


def test_no_stage_reads_or_edits_the_words_of_the_reply_it_builds():
    read = {f"{path.relative_to(ROOT)}:{line}" for path in sorted((ROOT / "shared" / "dialogue").rglob("*.py"))
            for line in _reads(ast.parse(path.read_text()), REPLY_WORDS)}
    assert not read, f"a stage reads or edits a reply's words (decide by Reply.asks/opening, add with lead): {read}"


def test_the_check_finds_each_way_of_reading_a_reply():
    for code in ('x = reply.say.startswith("Just to confirm")', 'x = reply.say.endswith("Which would you like?")',
                 'reply.say = f"{found} {reply.say.removeprefix(\'Sure! \')}"',
                 'reply.say = reply.say.replace(NOTED_FOR_TEAM, "")', 'offer, _, q = reply.say.rpartition(". ")',
                 'offer, _, q = reply.say.partition(". ")', 'x = reply.say.split()', 'x = " I have " in reply.say',
                 'x = reply.say == WITHHELD', 'x = re.search("Sorry", reply.say)', 'x = (reply.say or "")[:5]',
                 'x = follow.report.startswith("We offer")', 'x = reply.question == "Which would you like?"'):
        assert _reads(ast.parse(code), REPLY_WORDS) == [1], code
    for code in ('reply.say = "Hi"', 'return Reply(f"Now for it: {follow.say}")', 'reply.lead(cannot)',
                 'x = reply.asks == Prompt.CONFIRM', 'state.last_prompt = reply.say', 'response.say(words)',
                 'reply.report += " If it cannot wait, ..."'):
        assert _reads(ast.parse(code), REPLY_WORDS) == [], code
