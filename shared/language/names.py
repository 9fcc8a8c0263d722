"""People's names as callers say them: "it's Jess, Jess Morales", "Priya. Fischer is the last name",
"my son Ethan", spelled letters ("S-A-R-A-H"), a surname given alone to correct a name."""

from __future__ import annotations

import re

NAME = re.compile(r"\b(?:my name is|my name's|name is|name's|this is|it's|it is|i'm|i am|call me|the name is|"
                  r"under the name(?: of)?|(?:put|book) (?:it|me|her|him|us|that|them) (?:down )?(?:under|as)|"
                  r"under|booking for|for)\s+(?:for\s+)?((?:(?:dr|mr|mrs|ms|miss|mx|prof|doctor)\.?\s+)?[^\W\d_][\w'-]+"
                  r"(?:\s+[^\W\d_][\w'-]+)?)")
TITLE = re.compile(r"^(?:dr|mr|mrs|ms|miss|mx|prof|doctor)\.?$")
NOT_NAMES = frozenset(
    "somewhere someone somebody anywhere anyone anybody everyone a an the calling looking wondering interested just not sure here there trying hoping going still free "
    "available busy fine good ok okay great calling so very really booking planning after also gonna "
    "wanting needing asking thinking new returning back me him her them us it this that you your my our "
    "tomorrow today tonight morning afternoon evening next monday tuesday wednesday thursday friday "
    "saturday sunday yes no sorry in on at zero oh one two three four five six seven eight nine double "
    "triple please thanks thank for from about with to by of when where what why how who which whether if "
    "while once than then whenever been being done doing gone got getting had having".split())


# Capitalised after "for" but not a person: "for Christmas", "for March".
NOT_FOR_NAMES = frozenset(
    "january february march april may june july august september october november december christmas "
    "thanksgiving easter halloween valentine valentine's xmas eve new i dr doctor mr mrs ms miss prof".split())


# A capitalised name word, accented letters included ("José", "Zoë", "Łukasz")
CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž'-]+"
FOR_SOMEONE = re.compile(r"\b[Mm]y (?:mom|mum|mother|dad|father|son|daughter|wife|husband|partner|friend|kid|child|"
                         r"boy|girl|brother|sister|grandma|grandmother|grandpa|grandfather)\b(?:'s name(?: is)?)?,?\s+"
                         r"(?:named |called |"
                         r"whose name is )?(" + CAP + r"(?:\s+" + CAP + r")?)")


# "I'm allergic to", "I'm pregnant", "I'm worried about": a state, not a name, after "I'm" / "I am".
# Speech recognition capitalises names, so a lower-case word is judged more strictly.
STATE_AFTER = re.compile(r"^\s*(?:to|of|about)\b")
LOWER_STATE_AFTER = re.compile(r"^\s*(?:with|for|by|that|on|at|in)\b")
STATE_SUFFIX = re.compile(r"(?:ic|ive|ous|ful|able|ible|ed|ing|al|less|ant|ent|ish|ary|ory|ly)$")


ADJECTIVES = frozenset("crazy silly stupid rubbish useless terrible awful wrong right correct urgent important weird "
                       "strange odd bad late early hard easy difficult impossible nice lovely brilliant sick ill "
                       "unwell poorly injured sore tired exhausted stuck away abroad pregnant".split())


def _is_state(match: re.Match, text: str, original: str) -> bool:
    first = match.group(1).split()[0]
    if match.group(0).startswith(("this is", "it's", "it is")):
        # "this is ridiculous" (lower case, an adjective), not "this is Karen"
        return original[match.start(1):match.start(1) + len(first)].islower() and (
            STATE_SUFFIX.search(first) is not None or first in ADJECTIVES)
    if not match.group(0).startswith(("i'm", "i am")):
        return False
    after = text[match.start(1) + len(first):]
    if STATE_AFTER.match(after) or first in ADJECTIVES:  # "I'm sick", "I'm away": how they are
        return True
    if not original[match.start(1):match.start(1) + len(first)].islower():
        return False
    return LOWER_STATE_AFTER.match(after) is not None or STATE_SUFFIX.search(first) is not None


def proper_name(word: str) -> str:
    """A name as it is written: 'jo-anne' -> 'Jo-Anne', "o'neil" -> "O'Neil"; capitals said inside
    a name are kept ('McDonald')."""
    if any(c.isupper() for c in word[1:]) and not word.isupper():
        return word[0].upper() + word[1:]
    return re.sub(r"(^|[-'])([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), word.lower())


SPELLED = re.compile(r"(?<![\w'-])(?:[A-Za-z](?:-[A-Za-z]){2,}|[A-Z](?: [A-Z]){2,}|[A-Za-z]\.(?: ?[A-Za-z]\.){2,})"
                     r"(?![\w'-])")
SPELLED_AGAIN = re.compile(r"(?i)\b([a-z][\w'-]+)[,.]?\s+(?:that's |that is |spelled |spelt |it's )?\1\b")


def unspell(text: str) -> str:
    """Letters spelled out ("S-A-R-A-H", "s a r a h") as the word, and a name said and spelled once:
    "it's S-A-R-A-H, Sarah Jones" -> "it's Sarah Jones"."""
    if not SPELLED.search(text):
        return text
    joined = SPELLED.sub(lambda m: re.sub(r"[^A-Za-z]", "", m.group(0)).capitalize(), text)
    return SPELLED_AGAIN.sub(lambda m: m.group(1)[0].upper() + m.group(1)[1:], joined)


FILLERS = re.compile(r"(?i)\b(?:uh|um|umm|er|erm|ah|hmm)\b[,.]?\s*")


# "Priya. Fischer is the last name", "Sam, and Okafor's my surname": a first name, then the surname said to be one
THEN_SURNAME_IS = re.compile(r"(?:^|[\s,.])(?:(?:it's|it is|i'm|this is)\s+)?([A-Za-z][\w'-]{1,29})[\s,.]+(?:and\s+)?"
                             r"([A-Za-z][\w'-]{1,29})(?:\s+is|'s)\s+(?:my|the)\s+(?:last|sur|family|second)\s?name\b", re.I)
SURNAME_IS = re.compile(r"\b([A-Za-z][\w'-]{1,29})(?:\s+is|'s)\s+(?:my|the)\s+(?:last|sur|family|second)\s?name\b", re.I)
# "Ethan, my son", "Mia, she's my daughter": who a booking is for, named before who they are
NAMED_RELATIVE = re.compile(r"^(" + CAP + r")(?:\s+(" + CAP + r"))?[\s,]+(?:(?:he|she)(?:'s| is)\s+|(?:that's|who's)\s+)?"
                            r"[Mm]y (?:mom|mum|mother|dad|father|son|daughter|wife|husband|partner|friend|kid|child|boy|"
                            r"girl|brother|sister|grandma|grandmother|grandpa|grandfather)\b")
# Words a name never takes as its second word: "my son Ethan Saturday the twelfth" is Ethan
NOT_SURNAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight morning "
                         "afternoon evening january february march april may june july august september october "
                         "november december next this please".split())


def _known(word: str) -> bool:
    lowered = word.lower()
    return lowered not in NOT_NAMES and lowered not in NOT_SURNAMES and lowered not in ADJECTIVES


def _first_and_surname(original: str) -> tuple[str, str] | None:
    """"Priya. Fischer is the last name": (first, surname); the surname alone gives (None, surname)."""
    found = THEN_SURNAME_IS.search(original)
    if found and _known(found.group(1)) and _known(found.group(2)):
        return proper_name(found.group(1)), proper_name(found.group(2))
    return None


# "First name Chris, last name O'Neill"
FIRST_AND_LAST = re.compile(r"\bfirst name(?: is|'s)?[\s,:]+([A-Za-z][\w'-]{0,29})[\s,.]+(?:and )?(?:my |the )?(?:last|sur|"
                            r"second|family) ?name(?: is|'s)?[\s,:]+([A-Za-z][\w'-]{0,29})", re.I)


SURNAME = re.compile(r"\b(?:sur|last|family|second) ?name(?: is|'s|:)?[\s,]+([A-Za-z][\w'-]{1,29})", re.I)


def find_surname(original: str) -> str | None:
    """"No, my surname is Morse, M-O-R-S-E": the surname alone (the first name stays as said)."""
    original = FILLERS.sub("", unspell(original))
    if FIRST_AND_LAST.search(original) or _first_and_surname(original):
        return None
    said_is = SURNAME_IS.search(original)
    if said_is and _known(said_is.group(1)):
        return proper_name(said_is.group(1))  # "Fischer is my last name"
    found = SURNAME.search(original)
    said = found.group(1).lower() if found else ""
    if not said or said in NOT_NAMES or said in ADJECTIVES or said in ("wrong", "incorrect", "right", "spelled", "spelt",
                                                                       "misspelled", "missing", "different", "not"):
        return None
    return proper_name(found.group(1))


def said_once(text: str) -> str:
    """`text` with a word said twice in a row said once ("Jess, Jess Morales" -> "Jess Morales")."""
    kept: list[str] = []
    for word in text.split():
        if kept and kept[-1].rstrip(",.").lower() == word.rstrip(",.").lower():
            kept[-1] = word
            continue
        kept.append(word)
    return " ".join(kept)


def _someone(found: re.Match) -> str | None:
    """The name in a FOR_SOMEONE / NAMED_RELATIVE match, without a day or month said after it."""
    words = found.group(1).split()
    if found.re is NAMED_RELATIVE and found.group(2):
        words.append(found.group(2))
    kept = words[:1] + [w for w in words[1:2] if _known(w)]
    return " ".join(kept) if _known(kept[0]) else None


def find_name(original: str) -> str | None:
    original = FILLERS.sub("", unspell(original))
    original = said_once(original)  # "It's Jess, Jess Morales": one person, said again in full
    parts = FIRST_AND_LAST.search(original)
    if parts:
        return f"{proper_name(parts.group(1))} {proper_name(parts.group(2))}"
    first_and_surname = _first_and_surname(original)
    if first_and_surname:
        return " ".join(first_and_surname)
    someone = FOR_SOMEONE.search(original) or NAMED_RELATIVE.search(original.strip())
    if someone and _someone(someone):
        return _someone(someone)
    text = original.lower()
    # "my name is Priyanka" wins over "looking for somewhere new" said before it; "for Jack"
    # (capitalised, as names are transcribed) keeps its place
    matches = sorted(NAME.finditer(text), key=lambda m: m.group(0).startswith(("for", "under"))
                     and not original[m.start(1)].isupper())
    for match in matches:
        words = match.group(1).split()
        if any(len(w) > 30 for w in words):
            continue  # no name is that long
        titled = 1 if TITLE.match(words[0]) and len(words) > 1 else 0  # "Dr. Evans", "Mrs Jane Doe"
        if words[titled] in NOT_NAMES or _is_state(match, text, original):
            continue
        if len(words) > titled + 1 and (
                words[titled + 1] in NOT_NAMES or STATE_AFTER.match(words[titled + 1])
                or LOWER_STATE_AFTER.match(words[titled + 1]) or words[titled + 1] in ("and", "so", "but", "from", "again", "without", "with", "spelled", "spelt", "like")):
            words = words[:titled + 1]
        if match.group(0).startswith(("for", "under")) and not re.search(r"\bname\b", text) and not (
                original[match.start(1)].isupper() and words[0] not in NOT_FOR_NAMES):
            continue  # "for tomorrow", "for a cut": not names; "... at 11 for Jack" (capitalised) is one
        said = original[match.start(1):match.end(1)].split() if len(original) == len(text) else words
        return " ".join(proper_name(p.rstrip(".")) for p in said[:len(words[:titled + 2])])
    return None
