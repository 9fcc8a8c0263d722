"""A phrase pattern with the examples it must and must not match (tests/unit/test_lexicon.py runs them)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Phrase:
    pattern: re.Pattern[str]
    must: tuple[str, ...]
    must_not: tuple[str, ...]
    how: str = "search"  # "match": from the start of what was said (lower-cased), as the engine asks it
