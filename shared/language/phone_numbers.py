"""Phone numbers as callers say them: digits, digit words, "double five", an extension."""

from __future__ import annotations

import re

DIGIT_WORDS = {"zero": "0", "oh": "0", "o": "0", "nought": "0", "one": "1", "two": "2", "three": "3",
               "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
REPEATS = {"double": 2, "triple": 3}
NUMBER_FILLER = frozenset({"dash", "hyphen", "space", "and", "then"})


_DIGIT_TOKEN = r"(?:\d+|" + "|".join(list(DIGIT_WORDS) + list(REPEATS)) + r")"
NUMBER_SPAN = re.compile(rf"(?:\+|\bplus\b)?\s*\(?\b{_DIGIT_TOKEN}(?:[\s,.()-]+{_DIGIT_TOKEN})*\b")


def without_phone(text: str) -> str:
    """`text` with a phone number said in it taken out (its digits are not a day or a time)."""
    spans = [m for m in NUMBER_SPAN.finditer(text.lower()) if len(find_phone(m.group(0)) or "") >= 7]
    for match in reversed(spans):
        text = text[:match.start()] + " " + text[match.end():]
    return text


def find_extension(text: str) -> str | None:
    """The extension said after a number ("..., extension 4", "ext. 12"): its digits, or None."""
    tokens = re.findall(r"\d+|[a-z]+", text.lower())
    for word, after in zip(tokens, tokens[1:], strict=False):
        if word in ("extension", "ext", "x") and after.isdigit() and len(after) <= 6:
            return after
    return None


def find_phone(text: str) -> str | None:
    """A phone number said or typed: '212-555-0199', 'two one two five five five oh one nine nine',
    'double five', '+44 20 7946 0018'. Returns its digits ('+' first if said), or None. Words end a
    run of digits; the first run long enough to be a phone number is the number."""
    digits, plus, repeat = "", False, 1
    for token in re.findall(r"\+|\d+|[a-z]+", text.lower()) + ["."]:
        if token.isdigit() or token in DIGIT_WORDS:
            value = token if token.isdigit() else DIGIT_WORDS[token]
            digits += value[0] * repeat + value[1:]
            repeat = 1
        elif token in REPEATS:
            repeat = REPEATS[token]
        elif token in NUMBER_FILLER and digits:
            continue
        else:
            if 7 <= len(digits) <= 15:
                return ("+" if plus else "") + digits
            digits, repeat = "", 1
            plus = token in ("+", "plus")
    return None
