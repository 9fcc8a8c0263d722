"""Notes the offline engine keeps on a call for the team and the after-call step: typed by kind.

A note is written with `note(kind, text)` and read with `text_of(note, kind)`; the kind is never
parsed from free English elsewhere. Stored as "<label>: <text>" (or "<label> <text>") so calls
stored before this read the same and the team reads them as they are.
"""

from __future__ import annotations

from enum import Enum


class NoteKind(Enum):
    URGENT = "Urgent: "                                      # an emergency said: the team's alert says so
    QUESTION = "Question Roxy could not answer: "            # for a callback
    ASKED_FOR = "Asked for "                                 # a team member asked for by name
    MESSAGE_FOR = "Message for "                             # whom a voicemail is for


def note(kind: NoteKind, text: str) -> str:
    return f"{kind.value}{text}"


def is_kind(stored: str, kind: NoteKind) -> bool:
    return stored.startswith(kind.value)


def text_of(stored: str, kind: NoteKind) -> str | None:
    """The note's text if it is of `kind`, else None."""
    return stored[len(kind.value):] if is_kind(stored, kind) else None


def of_kind(notes: list[str], kind: NoteKind) -> list[str]:
    """The texts of the notes of `kind`, in order."""
    return [stored[len(kind.value):] for stored in notes if is_kind(stored, kind)]
