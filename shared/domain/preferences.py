"""Facts callers state about themselves, kept as authoritative data on their lead:
when they like to come in, allergies and sensitivities the staff must know."""

from __future__ import annotations

import re

from shared.language.text import normalize

PART_OF_DAY = [
    (r"\b(?:prefer|like|rather|better for me|best for me|only (?:do|make)|usually come in)\b[^.]*\bmornings?\b"
     r"|\bmornings? (?:are|is|work|suit)s? (?:best|better|good)\b|\bbefore (?:work|noon|lunch)\b", "morning"),
    (r"\b(?:prefer|like|rather|better for me|best for me|only (?:do|make)|usually come in)\b[^.]*\bafternoons?\b"
     r"|\bafternoons? (?:are|is|work|suit)s? (?:best|better|good)\b|\bafter lunch\b", "afternoon"),
    (r"\b(?:prefer|like|rather|better for me|best for me|only (?:do|make)|usually come in)\b[^.]*\bevenings?\b"
     r"|\bevenings? (?:are|is|work|suit)s? (?:best|better|good)\b|\bafter work\b", "evening"),
]
ALLERGY = re.compile(r"\b(?:i'?m|i am|im|i'm very|i get) (?:really |very |quite )?(?:allergic|sensitive) to "
                     r"([a-z][^.!?;]{0,80})")
# Where the list of allergens ends and the caller moves on ("..., can I book", "... so please").
CLAUSE_END = re.compile(r",? (?:but|so|because|please|can|could|would|will|do|does|is|are|and i|i|if|when|"
                        r"which|that|for|on|at|tomorrow|today|next|what|where|who|how|why|have|has|also|anyway|"
                        r"just|ok|okay|thanks|thank)\b|,\s*(?=[a-z]+ (?:i|you|we)\b)"
                        r"|,? and (?=[a-z]+ (?:are|is|was|were|work|works|suit|suits)\b)")
SENSITIVE = re.compile(r"\b(?:i have|i've got) (?:a |an )?(sensitive scalp|sensitive skin|[a-z]+ allergy)\b")


def extract(text: str) -> dict[str, list[str] | str]:
    """{'part_of_day': 'morning', 'allergies': ['latex']} from one utterance; {} if none."""
    normalized = normalize(text)
    found: dict[str, list[str] | str] = {}
    for pattern, part in PART_OF_DAY:
        if re.search(pattern, normalized):
            found["part_of_day"] = part
            break
    spoken = re.sub(r"\s+", " ", text.lower().replace("\u2019", "'"))  # commas kept: they separate allergens
    allergies = [item.strip(" -") for m in ALLERGY.finditer(spoken)
                 for item in re.split(r",|\band\b|\bor\b", CLAUSE_END.split(m.group(1))[0])
                 if item.strip() and len(item.split()) <= 3 and not re.search(r"\d", item)]
    allergies += [m.group(1).strip() for m in SENSITIVE.finditer(normalized)]
    if allergies:
        found["allergies"] = sorted(set(allergies))
    return found


def merge(known: dict, new: dict) -> dict:
    merged = dict(known)
    if new.get("part_of_day"):
        merged["part_of_day"] = new["part_of_day"]
    if new.get("allergies"):
        merged["allergies"] = sorted(set(known.get("allergies", [])) | set(new["allergies"]))
    return merged


def describe(preferences: dict) -> list[str]:
    """Plain sentences for the staff and the agent's prompt."""
    lines = []
    if preferences.get("part_of_day"):
        lines.append(f"Prefers {preferences['part_of_day']} appointments")
    if preferences.get("allergies"):
        lines.append(allergies(preferences))
    return lines


def allergies(preferences: dict) -> str | None:
    """The allergies line for a booking's notes, or None when none are known."""
    known = preferences.get("allergies")
    return "Allergies / sensitivities: " + ", ".join(known) if known else None
