"""Reading what the caller said beyond the intent parser: names, positions in a list, clauses.
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.booking import INTRO_SERVICE, NOT_A_NAME, QUOTE_SERVICE, TWO_NAMES
from shared.dialogue.lexicon.details import NAME_INTRO, NAMES_INTRO, SPELLING_TAIL
from shared.dialogue.lexicon.questions import ANOTHER_DAY_ASKED, HOURS_FOLLOW_UP, OTHER_SERVICE, QUESTION_START
from shared.dialogue.lexicon.reactions import LEADING_REACTIONS, TRAILING_THANKS
from shared.dialogue.lexicon.times import POSITION, POSITIONS
from shared.dialogue.nlu import (
    CAP,
    FILLERS,
    GREETING,
    proper_name,
    unspell,
)
from shared.domain.business import Business
from shared.language.consent import INTERJECTIONS, affirmed, normalized


def at_position(text: str, items: list):
    """The item the caller chose by its position in the list Roxy read out, if they chose one."""
    found = POSITION.search(text)
    if not found:
        return None
    word = found.group(1) or found.group(2) or found.group(3)
    index = POSITIONS[word] if word else int(found.group(4)) - 1
    return items[index] if index < len(items) else None


def other_service(text: str) -> re.Match | None:
    """ "Do you do nails?", alone or as the last clause of a longer sentence ("..., can you do an updo")."""
    clauses = [text] + re.split(r"[,.;!?]|\bso\b|\bbut\b", text)[1:]
    for clause in reversed(clauses):
        found = OTHER_SERVICE.match(GREETING.sub("", clause.strip()).strip())
        if found:
            return found
    return None


def estimate_service(business: Business) -> str | None:
    """The business's one estimate or quote visit ("Free Estimate"), if it has exactly one."""
    found = [s.name for s in business.services if QUOTE_SERVICE.search(s.name)]
    return found[0] if len(found) == 1 else None


def intro_service(business: Business) -> str | None:
    """The business's one introductory service ("Initial Assessment", "Consultation"), if it has exactly one."""
    intro = [s.name for s in business.services if INTRO_SERVICE.search(s.name)]
    return intro[0] if len(intro) == 1 else None


def clause_around(text: str, match: re.Match) -> str:
    """The part of `text` around `match` between pauses: "the gate code is 4512"."""
    start = max((m.end() for m in re.finditer(r"[.,;!?]|\band\b|\balso\b", text[:match.start()])), default=0)
    end = min((m.start() + match.end() for m in re.finditer(r"[.,;!?]|\band\b", text[match.end():])),
              default=len(text))
    return text[start:end].strip(" ,.").removeprefix("oh ").lower()


def question_in(text: str) -> str | None:
    """The question in an answer to "shall I go ahead?", if there is one: "ok, and do you take cards?"."""
    rest = LEADING_REACTIONS.sub("", text)
    if QUESTION_START.match(rest) or (rest.endswith("?") and len(rest.split()) > 2):
        return rest
    return None


def hours_follow_up(text: str) -> bool:
    """"And tomorrow?", "what about Saturday?": another day's hours, just after the hours were given."""
    return bool(HOURS_FOLLOW_UP.match(text.strip(" ?.!")) or ANOTHER_DAY_ASKED.search(text))


def window_times(found: re.Match) -> tuple[str, str]:
    """'between 2 and 4' -> ('14:00', '16:00'): 1 to 7 without am/pm is the afternoon, and the end
    takes the start's half of the day when it is later on the clock."""
    h1, m1, ap1, h2, m2, ap2 = found.groups()
    start, end = int(h1) % 12, 12 if h2 == "noon" else int(h2) % 12
    if ap1 == "pm" or (ap1 is None and (ap2 == "pm" and start <= end or ap2 is None and 1 <= start <= 7)):
        start += 12
    if h2 != "noon" and (ap2 == "pm" or (ap2 is None and (start >= 12 or end < start % 12 or 1 <= end <= 7))):
        end += 12
    return f"{start:02d}:{int(m1 or 0):02d}", f"{end:02d}:{int(m2 or 0):02d}"


def names_of_party(text: str) -> list[str] | None:
    """"Joe and Ann", "I'm Lisa, she's Emma", "Anna, Beth, Cara and Dee": each name, in order."""
    two = TWO_NAMES.match(text.strip())
    if two:
        parts = [n for n in two.groups() if n]
    else:
        listed = NAMES_INTRO.sub("", text.strip()).rstrip(".!")
        parts = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", listed) if p]
        if len(parts) < 2 or not all(re.fullmatch(rf"{CAP}(?: {CAP})?", p) for p in parts):
            return None
    if any(w.lower() in NOT_A_NAME for p in parts for w in p.split()):
        return None
    firsts = [p.split()[0].lower() for p in parts]
    if len(set(firsts)) < len(firsts):
        return None  # "Jess, Jess Morales": one person, said again in full
    return parts


def looks_like_name(text: str, asked: bool = True) -> str | None:
    """A person's name said on its own (or after "it's", "my name is"...). Unasked, it must also be
    capitalised the way Twilio transcribes names."""
    text = TRAILING_THANKS.sub("", FILLERS.sub("", unspell(text)))
    stripped = NAME_INTRO.sub("", text.strip())
    # "Jon without the h", "Sarah with an h", "Katherine spelled with a K": the name, not the spelling
    stripped = SPELLING_TAIL.sub("", stripped)
    stripped = re.sub(r"[^\w' -]|[\d_]", "", stripped).strip()
    if affirmed(stripped) or any(w in INTERJECTIONS for w in normalized(stripped).split()):
        return None  # "Mm-hmm, yes" answers; it names nobody
    parts = stripped.split()
    while len(parts) > 1 and parts[0].lower() == parts[1].lower():
        parts = parts[1:]  # "It's Jess, Jess Morales": the name said again in full
    if not 1 <= len(parts) <= 3 or any(not 2 <= len(p) <= 30 for p in parts):
        return None
    if any(p.lower() in NOT_A_NAME for p in parts):
        return None
    if not asked and not all(p[0].isupper() for p in parts):
        return None
    return " ".join(proper_name(p) for p in parts)
