"""Which of a business's services a sentence names: tolerant of spacing, plurals, British and
American spelling, small typos, aliases, and of what the caller says it is not."""

from __future__ import annotations

import difflib
import re

from shared.language.text import words

# "Do you have anything cheaper than a haircut?", "what's your cheapest service?": a question, not an objection
CHEAPER_QUESTION = re.compile(r"\b(?:anything|something|any(?: \w+)?) (?:cheaper|less expensive)\b|\bcheapest\b|"
                              r"\bleast expensive\b")

GENERIC_WORDS = frozenset("free service services session sessions visit visits call calls appointment appointments "
                          "treatment treatments standard basic full quick special general package hour hours minute "
                          "minutes new regular express".split())
COMPOUND_HEADS = frozenset("hair beard nail eye brow foot hand face body head back skin lash lip neck leg arm "
                            "toe spray blow".split())
SAID_FOR = {"quote": "estimate", "quotes": "estimate", "quotation": "estimate"}
EVERYDAY_WORDS = frozenset("following followed follows".split())


def _fold_spelling(text: str) -> str:
    """colour/color, centre/center, waxes/wax: compare British and American spellings alike."""
    text = re.sub(r"our(ing|ed|s)?\b", r"or\1", text)
    return re.sub(r"tre(s)?\b", r"ter\1", text)


def match_service(text: str, services: list[str], aliases: dict[str, list[str]] | None = None) -> str | None:
    """The business service the caller named, tolerant of spacing, plurals, spelling and small typos."""
    if not services:
        return None
    text = _fold_spelling(text)
    aliases = {name: [_fold_spelling(a.lower()) for a in forms] for name, forms in (aliases or {}).items()}
    originals = {_fold_spelling(s.lower()): s for s in services}
    found = _match_folded(text, list(originals), {_fold_spelling(k.lower()): v for k, v in aliases.items()})
    return originals[found] if found else None


# "It's not an emergency", "nothing urgent", "not the haircut": what the caller says it is not
_NOT = r"\b(?:not|isn't|is not|wasn't|aren't|nothing)\s+"
NEGATED = re.compile(_NOT + r"(?:[a-z'-]+\s*){1,4}?(?=[,.;!?]|\s(?:but|just|only|and|i|i'm|it's|please)\b|$)|"  # to a pause
                     + _NOT + r"(?:an?\s+|the\s+|too\s+|that\s+|very\s+|really\s+|so\s+|super\s+|my\s+)?[a-z-]+|"
                     r"\bno\s+(?:emergency|rush|hurry|urgency)\b")


def without_negated(text: str) -> str:
    return NEGATED.sub(" ", text)


# A clause about a visit that happened ("I had a blow dry with you last month", "Dre did my fade last
# time", "I got nicked during a shave"): the service it names was had, not asked for
PAST_VISIT = re.compile(r"\b(?:had|did|gave|fixed|repaired|found|came)\b|\b(?:got|had) (?:my|a|an|the|his|her) "
                        r"(?:[a-z']+ ){0,3}done\b|\blast (?:time|visit|month|week|year|appointment|session|one)\b|"
                        r"\b(?:during|at) (?:my|a|the|your|his|her) (?:last )?[a-z]+\b.*\b(?:this morning|yesterday|"
                        r"last)\b|\byesterday\b|\bago\b|\b(?:during|at) (?:my|his|her) last\b")
# Asking for a booking: a service named here is wanted
REQUEST = re.compile(r"\bbook\w*|\bappointment\b|\bschedul\w*|\b(?:i'd|i would|we'd|we would) like\b|"
                     r"\b(?:can|could|may) (?:i|we) (?:get|have|book|come|add)\b|\blooking for (?:a|an)\b|"
                     r"\b(?:want|need) (?:a|an|to (?:book|get|have))\b|\bget (?:me |us )?(?:in|booked)\b")
CLAUSE = re.compile(r"[,.;!?]|\bso\b|\bbut\b|\band now\b|\bbecause\b|\band (?=i|i'd|i'm|we|can|could)\b")


def _without_visits_had(text: str, services: list[str], aliases: dict[str, list[str]] | None) -> str:
    """`text` without its clauses about a visit had, when they name a service and either another
    clause names one or nothing is asked for: "I had a blow dry last month, so I'd like a trim" asks
    for the trim; "I had my colour done yesterday and now my scalp burns" asks for none."""
    clauses = CLAUSE.split(text)
    had = [c for c in clauses if PAST_VISIT.search(c) and not REQUEST.search(c) and match_service(c, services, aliases)]
    if not had:
        return text
    others = [c for c in clauses if c not in had]
    if any(match_service(c, services, aliases) for c in others) or not REQUEST.search(text):
        return ", ".join(others)
    return text


# "a cut and blow dry, well just a cut", "a colour, no wait, a trim": what follows replaces what came before
SELF_CORRECTION = re.compile(r"(?:^|[,.;]\s*|\s)(?:well|actually|no wait|wait|sorry|i mean|or rather|scratch that|"
                             r"make that|no no|actually no)[,\s]+(?:i mean |just |only |make it |it's |it should be )*")

ADDED = re.compile(r"^\s*(?:and|plus)\b|\b(?:also|too|as well|another|one more)\b")


def _as_corrected(text: str, services: list[str], aliases: dict[str, list[str]] | None) -> str:
    """`text` from its last self-correction that names a service on, when the words before it name one too."""
    for found in reversed(list(SELF_CORRECTION.finditer(text))):
        after, before = text[found.end():], text[:found.start()]
        if ADDED.search(after):
            continue  # "a haircut, actually, can I also get a blow dry": one more, not instead
        if (match_service(after, services, aliases) or _shared(after, services)) \
                and match_service(before, services, aliases):
            return after  # "a bath, no wait, a full groom": a groom of some kind, not the bath
    return text


def match_services(text: str, services: list[str], aliases: dict[str, list[str]] | None = None) -> list[str]:
    """Every business service the caller named, in the order named: "a haircut and a beard trim";
    not one they only said they had before, nor one they corrected as they spoke."""
    text = _without_visits_had(without_negated(text), services, aliases)
    text = _as_corrected(text, services, aliases)
    whole = match_service(text, services, aliases)
    if whole and re.search(r"\band\b|&", whole.lower()):
        return [whole]  # a service whose own name has "and" in it
    found: list[str] = []
    by_modifier: set[str] = set()
    for part in re.split(r"\band\b|,|\bplus\b|\balso\b|\bthen\b|\bwith\b|\bbefore\b|\bafter\b|&", text):
        service = match_service(part, services, aliases)
        if service and service not in found:
            found.append(service)
            if _by_modifier_only(part, service, aliases):
                by_modifier.add(service)
    if by_modifier and len(found) > len(by_modifier):  # "a burst pipe and water everywhere": no water heater
        found = [s for s in found if s not in by_modifier]
    return found or ([whole] if whole else [])


def services_sharing(text: str, services: list[str], aliases: dict[str, list[str]] | None = None) -> list[str]:
    """The services a word the caller said is part of, when it is part of two to four of them and
    names none ("a full groom": "Full Groom - Small Dog" and "Full Groom - Large Dog"); never for a
    word callers say about anything ("full", "session"), nor what they say it is not."""
    if match_services(text, services, aliases):
        return []
    return _shared(_as_corrected(without_negated(text.lower()), services, aliases), services)


def one_of(text: str, shortlist: list[str]) -> str | None:
    """The one of `shortlist` (services asked about together) that the words name by what sets it
    apart from the others: "the small one", "the 30 minute one" (of "... - 30 min" and "... - 60 min")."""
    names = {service: set(words(service.lower())) for service in shortlist}
    common = set.intersection(*names.values()) if names else set()
    said = words(text.lower())
    scores = {service: sum(any(t == w or (min(len(t), len(w)) >= 3 and (t.startswith(w) or w.startswith(t)))
                               for t in said) for w in own - common)
              for service, own in names.items()}
    best = max(scores.values(), default=0)
    top = [service for service, score in scores.items() if score == best]
    return top[0] if best and len(top) == 1 else None


def _shared(text: str, services: list[str]) -> list[str]:
    said = {t.rstrip("s") for t in words(_fold_spelling(text.lower()))}
    shared = [service for service in services if said & {w.rstrip("s") for w in _key_words(service)}]
    return shared if 2 <= len(shared) <= 4 else []


def _key_words(service: str) -> list[str]:
    """The words of a service's name that can name it: not short, not said about anything."""
    return [w for w in words(_fold_spelling(service.lower())) if len(w) >= 4 and w not in GENERIC_WORDS]


def _said_in_full(tokens: list[str], services: list[str], aliases: dict[str, list[str]]) -> list[str]:
    """The services whose main words (or an alias's) were all said, in any order, small typos forgiven."""
    found = []
    for service in services:
        service_words = [w for w in words(service.lower()) if len(w) > 3]
        for form in [service_words] + [words(a.lower()) for a in (aliases or {}).get(service, [])]:
            if form and all(difflib.get_close_matches(w, tokens, n=1, cutoff=0.8) if len(w) > 4
                            else w in tokens or w + "s" in tokens for w in form):  # "Tim" is no "trim"
                found.append(service)
                break
    return found


def _the_one_meant(candidates: list[str], tokens: list[str]) -> str | None:
    """Of services whose main words were all said, the one with the most of its words said ("a
    sports massage, 60 minutes"); None when two tie ("a sports massage" of a 30 and a 60 min one)."""
    said = {t.rstrip("s") for t in tokens}
    scores = {s: sum(w.rstrip("s") in said for w in words(s.lower())) for s in candidates}
    best = max(scores.values())
    top = [s for s in candidates if scores[s] == best]
    return top[0] if len(top) == 1 else None


def _by_modifier_only(part: str, service: str, aliases: dict[str, list[str]] | None) -> bool:
    """Whether `part` names `service` only by a word that qualifies its head ("water" of "Water Heater
    Service"): weak beside a service named outright in the same sentence."""
    folded = _fold_spelling(part)
    tokens = set(words(folded))
    forms = [service, *(aliases or {}).get(service, [])]
    if any(re.search(rf"\b{re.escape(_fold_spelling(f.lower()))}", folded)
           or all(w in tokens or w + "s" in tokens for w in words(_fold_spelling(f.lower()))) for f in forms):
        return False  # said by its name or an alias (in any order: "the drain is blocked")
    named = [w for w in words(_fold_spelling(service.lower())) if len(w) >= 4 and w not in GENERIC_WORDS]
    if len(named) < 2:
        return False
    head = named[-1]
    return not any(t.startswith(head[:5]) for t in words(folded))


def _match_folded(text: str, services: list[str], aliases: dict[str, list[str]]) -> str | None:
    # Whole words run together ("hair cut" is "haircut"), never across a word ("got in the" has no "tint")
    tokens = re.findall(r"[a-z0-9]+", text)
    spans = {"".join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 1, min(len(tokens), i + 5) + 1)}
    best, best_len = None, 0
    for service in services:
        # "call out" is the "Emergency Call-out": a hyphenated part of one service's name names it
        parts = [p for p in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", service.lower())
                 if sum(p.replace("-", "") in re.sub(r"[^a-z0-9]", "", s.lower()) for s in services) == 1]
        forms = [service] + list((aliases or {}).get(service, [])) + parts
        for form in forms:
            key = re.sub(r"[^a-z0-9]", "", form.lower())
            if key and spans & {key, key.rstrip("s"), key.rstrip("s") + "s", key + "es"} and len(key) > best_len:
                best, best_len = service, len(key)
    if best:
        return best
    tokens = words(text)
    said_in_full = _said_in_full(tokens, services, aliases)
    if said_in_full:
        return _the_one_meant(said_in_full, tokens)
    # a distinctive word of one service only ("colour" -> "Hair Colouring"), but not a word callers
    # say about anything ("are you free?" is no "Free Estimate", "service my boiler" no "Water Heater Service")
    tokens = tokens + [SAID_FOR[t] for t in tokens if t in SAID_FOR]  # "a quote" is also an estimate
    tokens = [t for t in tokens if t not in EVERYDAY_WORDS]  # "the following week" is no "Follow-up"
    counts: dict[str, int] = {}
    squeezed_names = [re.sub(r"[^a-z0-9]", "", service.lower()) for service in services]
    for service in services:
        for word in set(words(service.lower())):
            counts[word] = sum(word in name for name in squeezed_names)  # "hair": "Haircut" has it too
    hits = set()
    for service in services:
        for word in words(service.lower()):
            if len(word) < 4 or counts[word] > 1 or word in GENERIC_WORDS:
                continue  # "hair" in three services names none of them
            stem = word[:5] if len(word) > 4 else word
            if any(t.startswith(stem) or t.rstrip("s") == word for t in tokens if len(t) >= 4):
                hits.add(service)
            # the end of a compound: "a cut" -> "Haircut", "a wash" -> "Hairwash" (not "ring" -> "Colouring")
            elif any(len(t) >= 3 and word.endswith(t.rstrip("s"))
                     and word[:len(word) - len(t.rstrip("s"))] in COMPOUND_HEADS for t in tokens):
                hits.add(service)
    return hits.pop() if len(hits) == 1 else None
