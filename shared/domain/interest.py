"""What a caller asked about: the service named where they ask for something (a price, a booking,
a quote), not one they only mention ("the dentist found a cavity at my last cleaning")."""

from __future__ import annotations

import re

from shared.domain.business import Business

# A clause that asks: for a price, a booking, a quote, a service; or corrects what was just asked.
ASKS = re.compile(
    r"\b(?:how much|price|prices|pricing|cost|costs|charge|rates?|book|booking|appointment|quote|estimate|"
    r"looking (?:into|for|at)|interested in|do you (?:do|offer|have)|can (?:i|we|you) (?:get|have|do|book)|"
    r"could (?:i|we|you) (?:get|have|do|book)|i(?:'d| would)? (?:like|want|need)|we(?:'d| would)? (?:like|need)|"
    r"hoping (?:to|for))\b", re.I)
# "a blow dry, no wait, a kids cut": what follows a correction is what they ask for
CORRECTION = re.compile(r"^\s*(?:no wait|no sorry|actually|i mean|sorry|or rather|scratch that)\b", re.I)
# A clause about the past or someone else's say-so only mentions a service
MENTIONS = re.compile(r"\b(?:had|did|was|were|found|got|went|last (?:time|month|week|year)|before|recommended|"
                      r"used to|grew|grown|gone)\b", re.I)
CLAUSES = re.compile(r"[,;.!?]|\b(?:but|so|because|since|and then)\b", re.I)


def services_named(business: Business, text: str) -> list[str]:
    """The business's services named in `text` (by name or alias, whole words), in the order said."""
    lowered = text.casefold()
    found: list[tuple[int, int, str]] = []
    for service in business.services:
        for form in [service.name, *service.aliases]:
            pattern = r"\b" + re.escape(form.casefold()).replace(r"\ ", r"\s+") + r"(?:e?s)?\b"
            found += [(m.start(), -len(m.group(0)), service.name) for m in re.finditer(pattern, lowered)]
    named: list[str] = []
    taken_until = -1
    for start, negative_length, name in sorted(found):
        if start < taken_until:
            continue  # inside a longer name already found ("kids cut" is not also "cut")
        taken_until = start - negative_length
        named.append(name)
    return named


def asked_about(business: Business, said: list[str]) -> str | None:
    """The service the caller last asked about in `said` (their sentences, in order); None if they
    asked about none."""
    found = None
    for sentence in said:
        asking, correcting = bool(ASKS.search(sentence)), False
        for clause in CLAUSES.split(sentence):
            if not clause or not clause.strip():
                continue
            named = services_named(business, clause)
            if named and (correcting or ASKS.search(clause) or CORRECTION.search(clause)
                          or (asking and not MENTIONS.search(clause))):
                found = named[-1]
            correcting = bool(CORRECTION.search(clause)) and not named
    return found
