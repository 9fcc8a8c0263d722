"""Typed notes: written and read by kind, stored as the team reads them."""

from shared.domain.notes import NoteKind, is_kind, note, of_kind, text_of


def test_a_note_is_written_and_read_by_its_kind():
    notes = [note(NoteKind.URGENT, "water through the ceiling"), note(NoteKind.ASKED_FOR, "Maria"),
             note(NoteKind.QUESTION, "do you do gift vouchers?"), "Caller said: hello"]
    assert notes[0] == "Urgent: water through the ceiling"  # as stored calls and the team read it
    assert of_kind(notes, NoteKind.URGENT) == ["water through the ceiling"]
    assert of_kind(notes, NoteKind.ASKED_FOR) == ["Maria"]
    assert text_of(notes[2], NoteKind.QUESTION) == "do you do gift vouchers?"
    assert text_of(notes[3], NoteKind.URGENT) is None and not is_kind(notes[1], NoteKind.MESSAGE_FOR)
