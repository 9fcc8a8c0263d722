"""The offline engine's phrase knowledge: every pattern of words a caller says, grouped by concern
in the modules of this package: requests (what a turn asks for), reactions (yes, no, thanks,
goodbye), interrupts, asides, times (days and times said), booking (what and for whom), theirs (the
caller's own appointments), questions (and the team's matters), details (an email or name as said),
team, and words (words two patterns share, written once). Each pattern is a named constant with the
examples it must and must not match in its module's TABLE (tests/unit/test_lexicon.py runs every
table, and fails on a pattern without one or on a phrase regex written outside this package).
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
