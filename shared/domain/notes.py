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
    COMPLAINT = "Complaint: "                                # the team's alert after the call says so
    HEALTH_QUESTION = "Health question: "                    # the team calls back, Roxy does not guess
    NEEDS_TEAM = "Needs the team: "                          # a refund, a bill, lost property
    NOT_FIXED = "Earlier work not fixed: "
    WITHHELD_BOOKING = "Number withheld; wants help with a booking: "
    NOT_READY = "Not ready to book: "                        # an objection: a follow-up text after the call
    FOLLOW_UP = "Follow up: "                                # more said to the callback
    RUNNING_LATE = "Running late: "                          # the team's alert after the call says so
    REFERRED = "Referred: "                                  # who sent them
    FOR_THEIR_BOOKING = "For their booking: "                # a note the booking could not take
    OTHER_PHONE = "Also reachable on "
    EXTENSION = "Callback number extension: "


def note(kind: NoteKind, text: str) -> str:
    return f"{kind.value}{text}"


def is_kind(stored: str, kind: NoteKind) -> bool:
    return stored.startswith(kind.value)


def text_of(stored: str, kind: NoteKind) -> str | None:
    """The note's text if it is of `kind`, else None."""
    return stored[len(kind.value):] if is_kind(stored, kind) else None


def last_of(notes: list[str], kind: NoteKind) -> str | None:
    """The text of the last note of `kind`, or None."""
    return next(reversed(of_kind(notes, kind)), None)


def of_kind(notes: list[str], kind: NoteKind) -> list[str]:
    """The texts of the notes of `kind`, in order."""
    return [stored[len(kind.value):] for stored in notes if is_kind(stored, kind)]
