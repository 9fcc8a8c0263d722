"""A phrase pattern with the examples it must and must not match (tests/unit/test_lexicon.py runs them)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Phrase:
    pattern: re.Pattern[str]
    must: tuple[str, ...]
    must_not: tuple[str, ...]
    # asked as the engine asks it: "search" anywhere, "match" from the start, "fullmatch" the whole of it
    how: str = "search"
    cased: bool = False  # the examples as said (capitals kept, for names); else lower-cased, as heard

    def finds(self, text: str) -> bool:
        said = text if self.cased else text.lower()
        return getattr(self.pattern, self.how)(said) is not None
