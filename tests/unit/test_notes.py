"""Typed notes: written and read by kind, stored as the team reads them. The label of a kind is
written in shared/domain/notes.py alone, so nothing else writes or parses it as English."""

import ast
from pathlib import Path

from shared.domain.notes import NoteKind, is_kind, last_of, note, of_kind, text_of


def test_a_note_is_written_and_read_by_its_kind():
    notes = [note(NoteKind.URGENT, "water through the ceiling"), note(NoteKind.ASKED_FOR, "Maria"),
             note(NoteKind.QUESTION, "do you do gift vouchers?"), "Caller said: hello"]
    assert notes[0] == "Urgent: water through the ceiling"  # as stored calls and the team read it
    assert of_kind(notes, NoteKind.URGENT) == ["water through the ceiling"]
    assert of_kind(notes, NoteKind.ASKED_FOR) == ["Maria"]
    assert text_of(notes[2], NoteKind.QUESTION) == "do you do gift vouchers?"
    assert text_of(notes[3], NoteKind.URGENT) is None and not is_kind(notes[1], NoteKind.MESSAGE_FOR)


ROOT = Path(__file__).resolve().parents[2]
OWNER = ROOT / "shared" / "domain" / "notes.py"
TO_THE_MODEL = ROOT / "shared" / "agent" / "prompt.py"  # tells the LLM how to word a lead's notes


def _leading_texts(tree: ast.AST) -> list[tuple[int, str]]:
    """Each string literal (and each f-string's leading literal) with its line, docstrings aside."""
    documented = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree) if isinstance(node, documented)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    found = []
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            found.append((node.lineno, node.values[0].value))
    return found


def test_no_module_but_notes_writes_or_reads_a_kind_label():
    labels = [kind.value.strip() for kind in NoteKind]
    seen = {f"{path.relative_to(ROOT)}:{line}: {text[:40]!r}"
            for path in sorted((ROOT / "shared").rglob("*.py")) if path not in (OWNER, TO_THE_MODEL)
            for line, text in _leading_texts(ast.parse(path.read_text()))
            if any(text.startswith(label) for label in labels)}
    assert not seen, f"a note label written or parsed outside shared/domain/notes.py: {seen}"


def test_a_note_is_read_back_by_its_kind():
    notes = [note(NoteKind.COMPLAINT, "the colour: too dark"), note(NoteKind.RUNNING_LATE, "ten minutes"),
             note(NoteKind.COMPLAINT, "nobody called back")]
    assert of_kind(notes, NoteKind.COMPLAINT) == ["the colour: too dark", "nobody called back"]
    assert last_of(notes, NoteKind.COMPLAINT) == "nobody called back"
    assert last_of(notes, NoteKind.URGENT) is None
    assert text_of(notes[1], NoteKind.RUNNING_LATE) == "ten minutes" and text_of(notes[1], NoteKind.COMPLAINT) is None
