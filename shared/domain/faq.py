"""Matching a caller's question to the business's FAQ by shared content words."""

from __future__ import annotations

import re

from shared.domain.business import FaqEntry

_STOPWORDS = frozenset(
    "a an and are as at be can could did do does for from have how i if in is it me my of on or "
    "our please tell the there to what when where which who will with would you your yours we us "
    "about any anything know like want need get "
    "oh ah um uh er wait so just also too well okay ok hey hi hello actually really then again yeah yes "
    "guys take does by this that these those its was were been being has had but "
    # how a question is introduced ("hi, quick question, I was wondering...") says nothing of what it asks
    "quick question questions wondering wonder wondered wanted ask asking sorry hiya curious mind their own".split()
)

# Words nearly every question about a business shares: alone they do not pick an entry
# ("do you do evening appointments?" is not "do you take walk-ins without an appointment?").
_GENERIC = frozenset("appointment booking book service time slot day visit session".split())


def _words(text: str) -> set[str]:
    words = set()
    # "your email address" is not "your address"
    text = re.sub(r"\b(e-?mail|web|website|web ?site|internet|ip|billing|invoice|mac) address", r"\1address",
                  text.casefold())
    for word in re.findall(r"[a-z0-9]+", text):
        if word in _STOPWORDS or len(word) < 2:
            continue
        words.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return words


def best_match(question: str, entries: list[FaqEntry], threshold: float = 0.34) -> FaqEntry | None:
    """The entry sharing the largest share of the question's content words, if enough do, and at
    least one of them specific when the question has any ("do I need an appointment?" has none)."""
    asked = _words(question)
    if not asked:
        return None
    specific = asked - _GENERIC
    best, best_score = None, 0.0
    for entry in entries:
        known = _words(entry.question) | _words(" ".join(entry.keywords))
        if specific and not specific & known:
            continue
        overlap = len(asked & known)
        score = overlap / len(asked)
        if overlap and score > best_score:
            best, best_score = entry, score
    return best if best_score >= threshold else None
