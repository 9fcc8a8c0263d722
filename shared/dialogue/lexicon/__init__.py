"""The offline engine's phrase knowledge, grouped by concern in the modules of this package:
interrupts, asides, times (days and times said), booking (what and for whom), theirs (the caller's
own appointments), questions (and the team's matters). A pattern written once, here; where cheap,
with the examples it must and must not match, in each module's TABLE (tests/unit/test_lexicon.py
runs every table). Patterns that one workflow alone uses live in that workflow's module.
"""

from __future__ import annotations

from shared.dialogue.lexicon import asides, booking, interrupts, questions, theirs, times

TABLES = {"interrupts": interrupts.INTERRUPTS, "asides": asides.TABLE, "times": times.TABLE,
          "booking": booking.TABLE, "theirs": theirs.TABLE, "questions": questions.TABLE}
