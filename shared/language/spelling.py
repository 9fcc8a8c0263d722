"""Saying details back the way a receptionist does, so a caller can hear a mistake."""

from __future__ import annotations

SYMBOLS = {".": "dot", "_": "underscore", "-": "dash", "+": "plus"}


def spell_email(email: str) -> str:
    """'jo.m@mail.com' -> 'j o, dot, m, at mail dot com': the part before the @ letter by letter."""
    local, _, domain = email.partition("@")
    pieces, word = [], []
    for ch in local:
        if ch in SYMBOLS:
            if word:
                pieces.append(" ".join(word))
                word = []
            pieces.append(SYMBOLS[ch])
        else:
            word.append(ch)
    if word:
        pieces.append(" ".join(word))
    return ", ".join(pieces) + ", at " + " dot ".join(domain.split("."))
