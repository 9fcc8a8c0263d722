"""No decision of the offline engine reads the English of the last prompt: `last_prompt` is only the
text to say again. What a prompt did is set where it is made (`DialogueState.asked`, `prompts.Cue`),
so rewording a prompt can never change what the next turn does. Nor does any stage read or edit the
words of the reply being built in the same turn: it decides by the reply's typed facts (`Reply.asks`,
`opening`, `noted`) and adds parts (`Reply.lead`), so rewording a reply changes no decision. Nor is
any other string Roxy says tested for her own words (a sentence of turns.py such as ANYTHING_ELSE, or
English written in the test: "We offer", "Sorry, ..."): the fact is set where the words are made
(`ask(anything_else=True)`, `times.Reason.why`, the FAQ answer's `lists_services`), and an opening
("Sure!", "No problem.") is a part of what is said (`turns.Opening`), never cut off the words."""

import ast
import re
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


SEARCHES = ("startswith", "endswith", "removeprefix", "removesuffix", "replace", "find", "rfind", "index", "count",
            "partition", "rpartition", "split", "rsplit")
REGEX_CALLS = ("search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split")
# English as Roxy writes it: a capitalised word first ("We offer", "Sorry, I", r"^(?:Sure|Great)"); the
# caller's words are matched lower-cased or through the lexicon ("is this", r"\b(?:I'?m|I am)").
ENGLISH = re.compile(r"^(?:\^|\\s[*+]|\\b|\(\?:|\s)*[A-Z][a-z']")


def _spoken() -> set[str]:
    """The sentences turns.py names for Roxy to say (ANYTHING_ELSE, NOTED_FOR_TEAM, BOOK_ONE, ...)."""
    tree = ast.parse((ROOT / "shared" / "dialogue" / "turns.py").read_text())
    return {target.id for node in tree.body if isinstance(node, ast.Assign) for target in node.targets
            if isinstance(target, ast.Name) and target.id.isupper()
            and (isinstance(node.value, ast.JoinedStr)
                 or isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))}


def _own_words(tree: ast.AST, spoken: set[str]) -> list[tuple[int, str]]:
    """(line, words) where Roxy's own words are tested: a spoken sentence or English written in the code,
    compared (==, in), searched for (startswith, endswith, removeprefix, replace, ...) or matched by re."""
    def said(node: ast.AST) -> str | None:
        if isinstance(node, ast.Name) and node.id in spoken:
            return node.id
        if isinstance(node, ast.Tuple):
            return next(filter(None, map(said, node.elts)), None)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and ENGLISH.match(node.value):
            return node.value
        return None

    found = []
    for node in ast.walk(tree):
        tested: list[ast.AST] = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            through_re = isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
            if through_re and node.func.attr in REGEX_CALLS:
                tested = node.args[:1]
            elif not through_re and node.func.attr in SEARCHES:
                tested = [node.func.value, *node.args]
        elif isinstance(node, ast.Compare):
            tested = [node.left, *node.comparators]
        found += [(node.lineno, words) for words in map(said, tested) if words]
    return found


# Still read, to be made typed: none left, and this set may only shrink. (The three that were: `ask` took
# "Sure." off a question said again and kept `Asked.question` without a "Sure."/"No problem." opening,
# `question_again` took the fallback's "Sorry, I didn't quite get that." off the prompt; each opening is
# now a part, `turns.Opening`, set where the words are made.)
STILL_READ: set[tuple[str, str]] = set()


def test_no_decision_reads_roxys_own_words():
    spoken = _spoken()
    read = {(str(path.relative_to(ROOT)), words): line for path in sorted((ROOT / "shared" / "dialogue").rglob("*.py"))
            for line, words in _own_words(ast.parse(path.read_text()), spoken)}
    new = {f"{where}:{line} {words!r}" for (where, words), line in read.items() if (where, words) not in STILL_READ}
    assert not new, f"a decision reads Roxy's own words (set a typed fact where they are made): {new}"
    assert STILL_READ <= read.keys(), f"no longer read: take them off STILL_READ: {STILL_READ - read.keys()}"


def test_the_check_finds_each_way_of_reading_her_own_words():
    spoken = {"ANYTHING_ELSE", "NOTED_FOR_TEAM", "WITHHELD_LOOKUP"}
    for code in ('x = said.endswith(ANYTHING_ELSE)', 'x = re.sub(r"^(?:Sure|Great|No problem)[.!] ", "", said)',
                 'go_on = re.sub(r"^Sure[.!] ", "", go_on)', 'x = answers[-1].startswith("We offer")',
                 'x = why.startswith("We\'re fully booked")',
                 'x = prompt.removeprefix("Sorry, I didn\'t quite get that. ")',
                 'x = sum(n.startswith("Not ready to book") for n in notes)',
                 r'known = re.sub(r"\s*Can I (?:take|have|get) your name\?$", "", request)',
                 'x = "" if lead_in == "Of course." else lead_in', 'x = NOTED_FOR_TEAM in words',
                 'x = said == WITHHELD_LOOKUP', 'x = ANYTHING_ELSE.split()', 'x = words.replace(ANYTHING_ELSE, "")',
                 r'x = re.search(r"\bWe are closed", why)', 'x = words.startswith(("Done.", "Sure!"))'):
        assert [line for line, _ in _own_words(ast.parse(code), spoken)] == [1], code
    for code in ('x = heard.text.startswith(("is this", "is that"))', 'x = rest.endswith("?")',
                 r'x = re.search(rf"\b(?:I\'?m|I am) {name}", text)', 'x = label.startswith("_")',
                 r'x = re.sub(r"\s+", " ", text)', 'reply = ask(state, ANYTHING_ELSE)', 'x = f"{said} {ANYTHING_ELSE}"',
                 'ask(state, "Done.", anything_else=True)', 'x = reason.why is Why.FULLY_BOOKED'):
        assert _own_words(ast.parse(code), spoken) == [], code


def test_anything_else_is_said_by_ask():
    """ "Is there anything else ...?" put into words by hand would be said without `Cue.ANYTHING_ELSE`, and
    a goodbye after it would not end the call: `ask(..., anything_else=True)` says it."""
    written = {f"{path.relative_to(ROOT)}:{node.lineno}"
               for path in sorted((ROOT / "shared" / "dialogue").rglob("*.py"))
               for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.JoinedStr)
               and any(isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name)
                       and part.value.id == "ANYTHING_ELSE" for part in node.values)}
    elsewhere = {where for where in written if not where.startswith("shared/dialogue/turns.py:")}
    assert len(written - elsewhere) == 1 and not elsewhere, f"say it with ask(..., anything_else=True): {elsewhere}"
