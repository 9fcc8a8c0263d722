"""The offline engine's phrase knowledge, grouped by concern in the modules of this package:
interrupts, asides, times (days and times said), booking (what and for whom), theirs (the caller's
own appointments), questions (and the team's matters). A pattern written once, here; where cheap,
with the examples it must and must not match, in each module's TABLE (tests/unit/test_lexicon.py
runs every table). Patterns that one workflow alone uses live in that workflow's module.
"""

from __future__ import annotations

from shared.dialogue.lexicon import (
    asides,
    booking,
    details,
    interrupts,
    questions,
    reactions,
    requests,
    team,
    theirs,
    times,
)

MODULES = (interrupts, asides, times, booking, theirs, questions, requests, reactions, details, team)
TABLES = {module.__name__.rpartition(".")[2]: {**getattr(module, "INTERRUPTS", {}), **module.TABLE} for module in MODULES}
