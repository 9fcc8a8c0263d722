"""Understanding one caller utterance without an LLM: the intent and the slots.

The intent comes from the rules in intents.py and, where they say "unknown" and nothing is named,
the nearest labelled example (intent_guess.py). Slots: service, date, time, part_of_day, name,
email; a phone number when Roxy asked for one (find_phone).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from shared.dialogue.intents import (  # noqa: F401 (re-exported)
    BOOK,
    CANCEL,
    CANCEL_QUESTION,
    GREETING,
    MY_BOOKINGS,
    PROBLEM,
    RESCHEDULE,
    classify,
    classify_turn,
    thanks_only,
)
from shared.dialogue.shift import find_shift  # noqa: F401 (re-exported)
from shared.language.phone_numbers import (  # noqa: F401 (re-exported)
    find_extension,
    find_phone,
    without_phone,
)
from shared.language.services import (  # noqa: F401 (re-exported)
    CHEAPER_QUESTION,
    NEGATED,
    match_service,
    match_services,
    without_negated,
)
from shared.language.text import normalize
from shared.language.when import find_date, find_part_of_day, find_time

# A full stop followed by a space ends a sentence ("not going down at all. Can someone come"):
# only the word "dot", or a "." inside a written name, joins a domain's labels.
EMAIL_SPOKEN = re.compile(r"\b([a-z0-9._%+-]+(?: dot [a-z0-9]+)*)\s+(?:at|@)\s+([a-z0-9-]+(?:(?:\s*dot\s*|\.(?=[a-z]))[a-z]{2,})+)\b")
EMAIL_WRITTEN = re.compile(r"\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b")
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
    "while once than then whenever".split())


# Capitalised after "for" but not a person: "for Christmas", "for March".
NOT_FOR_NAMES = frozenset(
    "january february march april may june july august september october november december christmas "
    "thanksgiving easter halloween valentine valentine's xmas eve new i dr doctor mr mrs ms miss prof".split())


@dataclass
class Understanding:
    intent: str
    slots: dict[str, str] = field(default_factory=dict)
    text: str = ""

    def as_dict(self) -> dict:
        return {"intent": self.intent, "slots": dict(self.slots)}



# An email address as said or written, to keep its words out of a name ("it's mike hyphen jones at outlook dot com")
EMAIL_SAID = re.compile(r"(?i)[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w.+-]+(?:\s+(?:underscore|dash|hyphen|dot)\s+[\w.+-]+)*"
                        r"\s+at\s+[\w-]+(?:(?:\s*dot\s*|\.(?=[a-z]))[a-z]{2,})+\b")


def find_email(text: str) -> str | None:
    written = EMAIL_WRITTEN.search(text)
    if written:
        return written.group(0)
    # "jane underscore doe", "mary hyphen jane", "j a n e", "bob 123" before the "at": one local part
    said = re.sub(r"\s+underscore\s+", "_", text)
    said = re.sub(r"\s+(?:dash|hyphen)\s+", "-", said)
    said = re.sub(r"\b(?:[a-z0-9] )+[a-z0-9]\b(?=\s+(?:at|dot|underscore|dash|hyphen)\s)",
                  lambda m: m.group(0).replace(" ", ""), said)
    said = re.sub(r"\b([a-z][a-z._-]*) (\d+)(?=\s+at\s)", r"\1\2", said)
    spoken = EMAIL_SPOKEN.search(said)
    if not spoken:
        return None
    local = re.sub(r"\s*dot\s*", ".", spoken.group(1)).replace(" ", "")
    domain = re.sub(r"\s*(?:dot|\.)\s*", ".", spoken.group(2)).replace(" ", "")
    return f"{local}@{domain}"


SOON = re.compile(r"\bin (?:(?:an|1) hour|half an hour|(?:about |around )?(\d{1,3}) (minutes?|mins?|hours?|hrs?))\b")


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


# "First name Chris, last name O'Neill"
FIRST_AND_LAST = re.compile(r"\bfirst name(?: is|'s)?[\s,:]+([A-Za-z][\w'-]{0,29})[\s,.]+(?:and )?(?:my |the )?(?:last|sur|"
                            r"second|family) ?name(?: is|'s)?[\s,:]+([A-Za-z][\w'-]{0,29})", re.I)


SURNAME = re.compile(r"\b(?:sur|last|family|second) ?name(?: is|'s|:)?[\s,]+([A-Za-z][\w'-]{1,29})", re.I)


def find_surname(original: str) -> str | None:
    """"No, my surname is Morse, M-O-R-S-E": the surname alone (the first name stays as said)."""
    original = FILLERS.sub("", unspell(original))
    if FIRST_AND_LAST.search(original):
        return None
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


def find_name(original: str) -> str | None:
    original = FILLERS.sub("", unspell(original))
    original = said_once(original)  # "It's Jess, Jess Morales": one person, said again in full
    parts = FIRST_AND_LAST.search(original)
    if parts:
        return f"{proper_name(parts.group(1))} {proper_name(parts.group(2))}"
    someone = FOR_SOMEONE.search(original)
    if someone:
        return someone.group(1)
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


def understand(
    utterance: str,
    now: dt.datetime,
    services: list[str] | None = None,
    aliases: dict[str, list[str]] | None = None,
    today_open: bool = True,
    guess: Callable[[str], str | None] | None = None,
) -> Understanding:
    """Parse `utterance` said at `now` (an aware datetime in the business's timezone); `today_open`:
    the business can still book today (a weekday said on that weekday is then today); `guess`: the
    intent of a sentence the rules cannot place and that names nothing (intent_guess.py), or None."""
    text = normalize(utterance)
    slots: dict[str, str] = {}
    email = find_email(text)
    date = find_date(text, now.date(), today_open)
    if date:
        slots["date"] = date.value
    time_text = text
    if email:
        time_text = text.replace(email, " ")
    when = find_time(time_text)
    if when:
        slots["time"] = when.value
    soon = SOON.search(text)
    if soon and not when:  # "can I come in an hour?": from now, on the quarter hour
        amount = 30 if soon.group(0).endswith("half an hour") else int(soon.group(1) or 1)
        minutes = amount * 60 if (soon.group(2) or "hour").startswith("h") and "half" not in soon.group(0) else amount
        at = now + dt.timedelta(minutes=minutes)
        at += dt.timedelta(minutes=-at.minute % 15, seconds=-at.second, microseconds=-at.microsecond)
        slots["time"] = at.strftime("%H:%M")
        slots.setdefault("date", at.date().isoformat())
    part = find_part_of_day(text)
    if part:
        slots["part_of_day"] = "evening" if part in ("tonight", "night") else part
    service = next(iter(match_services(text, services or [], aliases)), None)
    if service:
        slots["service"] = service
    if email:
        slots["email"] = email
    name = find_name(EMAIL_SAID.sub(" ", utterance) if email else utterance)  # "mike hyphen jones at ..." is no name
    surname = find_surname(utterance)
    if surname:  # "my last name's Okafor": a surname (that corrects a name already given), else the name said
        slots["surname"] = name = surname
    if name:
        slots["name"] = name
    def when_in(part: str) -> bool:
        return bool(find_date(part, now.date(), today_open) or find_time(part) or SOON.search(part))

    intent = classify_turn(utterance, text, bool(date or when or soon), bool(service), when_in, guess)
    last_to = list(re.finditer(r"\b(?:to|till|until|into)\b", text))
    if intent == "reschedule" and date and last_to and last_to[-1].start() > date.start:
        moved_to = find_date(text[last_to[-1].end():], now.date(), today_open)  # "move the Friday one to next Thursday"
        if moved_to:
            slots["date"] = moved_to.value
    if soon and intent == "faq" and not re.search(r"\b(?:open|opening|close|closing)\b", text):
        intent = "book"  # "can I come in 2 hours?" is not about opening hours
    if intent == "unknown" and not slots and guess is not None:
        intent = guess(text) or "unknown"  # "you nailed it", "perhaps at a later date": the nearest example
    return Understanding(intent=intent, slots=slots, text=text)
