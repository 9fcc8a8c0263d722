"""Every phrase pattern of the offline engine lives in the lexicon (shared/dialogue/lexicon), with
the examples it must and must not match, asked the way the engine asks it; outside the lexicon,
shared/dialogue calls no re function (compile, search, sub ...) but for the text mechanics listed here."""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

from shared.dialogue import lexicon
from shared.dialogue.lexicon import TABLES

ROOT = Path(__file__).resolve().parents[2]
DIALOGUE = ROOT / "shared" / "dialogue"

CASES = [(f"{group}.{name}", phrase, text, expected)
         for group, table in TABLES.items() for name, phrase in table.items()
         for expected, texts in ((True, phrase.must), (False, phrase.must_not)) for text in texts]


@pytest.mark.parametrize(("name", "phrase", "text", "expected"), CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_a_phrase_matches_what_it_must_and_not_what_it_must_not(name, phrase, text, expected):
    assert phrase.finds(text) is expected


def test_every_phrase_has_examples_both_ways():
    for table in TABLES.values():
        for name, phrase in table.items():
            assert phrase.must and phrase.must_not, name


def test_every_compiled_pattern_of_the_lexicon_has_its_table():
    tabled = {id(phrase.pattern) for table in TABLES.values() for phrase in table.values()}
    modules = [importlib.import_module(f"{lexicon.__name__}.{found.name}")
               for found in pkgutil.iter_modules(lexicon.__path__)]
    untabled = [f"{module.__name__}.{name}" for module in modules for name, value in vars(module).items()
                if isinstance(value, re.Pattern) and id(value) not in tabled]
    assert not untabled, f"lexicon patterns without a Phrase table: {untabled}"


# Regexes of text mechanics, not of words a caller says: (file under shared/dialogue, the pattern as
# written, {} where an f-string puts something in) -> why it may stay where it is.
MECHANICS = {
    ("intents.py", r"[a-z]"): "letters",
    ("intents.py", r"[.!?;,]+\s+|\s+but\s+"): "clauses",
    ("intent_guess.py", r"^.+?[.!?](?=\s)"): "sentence",
    ("reading.py", r"[,.;!?]|\bso\b|\bbut\b"): "clauses",
    ("reading.py", r"[.,;!?]|\band\b|\balso\b"): "clauses",
    ("reading.py", r"[.,;!?]|\band\b"): "clauses",
    ("reading.py", r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*"): "list",
    ("reading.py", r"[^\w' -]|[\d_]"): "characters",
    ("interrupts.py", r"[a-z]+"): "words",
    ("interrupts.py", r"[^\W\d_]"): "script",
    ("interrupts.py", r"[a-zA-Z\u00C0-\u024F]"): "script",
    ("asides.py", r"\s+"): "whitespace",
    ("asides.py", r"[a-z0-9]+"): "words",
    ("times.py", r"\d\d:\d\d-\d\d:\d\d"): "window",
    ("reading.py", "{}(?: {})?"): "names",
    ("asides.py", r"\b{}\b"): "dynamic",
    ("asides.py", "(?:{}[ ,.!?]*)*"): "dynamic",
    ("routing.py", r"\b(?:I'?m|I am|[Mm]y name(?:'s| is)|[Tt]his is) {}"): "dynamic",
    ("team.py", r"\b(?:with|see|ask for|prefer|by)\s+(?:{})\b"): "dynamic",
    ("slots.py", r"\s+"): "whitespace",
    ("slots.py", r"\b{}\b"): "dynamic",
    ("workflows/answers.py", r"[,;?]|\band\b|\balso\b"): "clauses",
    ("workflows/answers.py", r"\?|\band (?=(?:is|are|do|does|can|what|where|when|how)\b)"): "clauses",
    ("workflows/answers.py", r"^(?:an?|any|some) "): "article",
    ("workflows/answers.py", r"\b(?:my|our)\b"): "pronouns",
    ("workflows/answers.py", r"\b(?:me|us)\b"): "pronouns",
    ("workflows/answers.py", r"\s+"): "whitespace",
    ("workflows/book_services.py", r"\band\b|,|\bplus\b|\balso\b|\bthen\b"): "list",
}

FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}


def _written(pattern: ast.expr) -> str:
    """A pattern as written: a string's text, an f-string's with {} for what is put in, else the code."""
    if isinstance(pattern, ast.Constant):
        return pattern.value
    if isinstance(pattern, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in pattern.values)
    return ast.unparse(pattern)


def _regexes_outside_the_lexicon():
    """(file, pattern as written) of each re.compile, re.search, re.sub ... (whatever the pattern given)."""
    found = []
    for path in sorted(DIALOGUE.rglob("*.py")):
        if "lexicon" in path.relative_to(DIALOGUE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in FUNCTIONS and node.args):
                continue
            found.append((str(path.relative_to(DIALOGUE)), _written(node.args[0])))
    return found


def test_no_phrase_regex_outside_the_lexicon():
    stray = [found for found in _regexes_outside_the_lexicon() if found not in MECHANICS]
    assert not stray, "phrase patterns belong in shared/dialogue/lexicon, each with its Phrase table " \
                      f"(or, for text mechanics, in this test's MECHANICS): {stray}"


def test_the_mechanics_listed_are_still_there():
    assert not set(MECHANICS) - set(_regexes_outside_the_lexicon())
