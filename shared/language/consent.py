"""Is this utterance a clear yes? The one test both engines and the tools' confirmation gate use.

A committing action (book, move, cancel, swap, forget) needs an explicit affirmation with nothing
contrary in the same utterance: a yes-word, and no negation, hesitation, correction or question.
Words that only sound like the action ("book", "table", "appointment") are not agreement, and
anything that is not clearly a yes is asked again. Word sets, not sentences: each entry is one
word or a short fixed phrase, matched on word boundaries after normalisation.
"""

from __future__ import annotations

import re
import unicodedata

AFFIRMATIONS = frozenset({
    "yes", "yeah", "yea", "yep", "yup", "aye", "sure", "ok", "okay", "alright", "all right", "correct",
    "that's right", "that is right", "right", "absolutely", "definitely", "certainly", "of course",
    "go ahead", "please do", "do it", "book it", "go for it", "perfect", "great", "lovely", "fine", "sounds good",
    "sounds great", "sounds perfect", "that works", "works for me", "mhm", "mhmm", "mm hmm", "uh huh", "confirm",
    "confirmed", "affirmative", "exactly", "brilliant", "wonderful", "excellent", "yes please",
})
# Negation, hesitation, doubt, correction, withdrawal: any of these and it is not a clear yes.
CONTRARY = frozenset({
    "no", "nope", "nah", "not", "never", "don't", "dont", "do not", "can't", "cannot", "won't", "wouldn't",
    "shouldn't", "isn't", "wasn't", "aren't", "didn't", "doesn't", "hmm", "hm", "hmmm", "wait", "hold on",
    "hang on", "maybe", "perhaps", "unsure", "dunno", "not sure", "i guess", "i suppose", "probably", "but",
    "actually", "instead", "rather", "wrong", "mistake", "change", "different", "another", "later", "think",
    "keep", "leave", "stop", "what", "when", "where", "why", "how", "which", "who", "whose", "if", "unless",
    "except", "without",
})
# Sounds that carry no words: never part of a name or an address.
INTERJECTIONS = frozenset({"mm", "mmm", "hmm", "hm", "mhm", "mhmm", "uh", "um", "umm", "huh", "er", "erm", "ah"})
# "No problem, yes", "no worries", "why not" and "mm-hmm" agree (before the contrary words are looked for).
AGREEING_IDIOMS = ("no problem", "no worries", "why not", "not a problem", "mm hmm", "um hmm", "uh huh", "mm hm")
# The action itself, asked for outright ("cancel it" to "shall I cancel it, or move it?"): as clear as
# a yes. A word of the action alone ("book", "appointment", "table") is not.
COMMANDS = {"book_appointment": frozenset({"book it", "book that", "book me in", "book me", "book them"}),
            "reschedule_appointment": frozenset({"move it", "move that", "reschedule it"}),
            "cancel_appointment": frozenset({"cancel it", "cancel that", "cancel them", "cancel both", "cancel all",
                                             "cancel both of them", "cancel all of them", "cancel the lot"}),
            "forget_me": frozenset({"delete it", "delete them", "delete everything", "forget me"})}
# The keypad's answer to a read-back ("press 1" agrees, "2" does not): as clear as the words.
KEYPAD_ANSWERS = {"1": "yes", "2": "no"}
# A word that undoes a particular action: "yes, cancel it" is no yes to a booking.
UNDOES = {"book_appointment": frozenset({"cancel"}), "reschedule_appointment": frozenset({"cancel"}),
          "cancel_appointment": frozenset({"book", "move", "reschedule"})}


def normalized(utterance: str) -> str:
    """Lower case, compatibility-folded (full-width letters), apostrophes straightened, hyphens and
    punctuation other than '?' turned to spaces."""
    text = unicodedata.normalize("NFKC", utterance or "").lower().replace("\u2019", "'")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")  # direction marks, controls
    text = re.sub(r"[^\w'?\s]", " ", text)
    return " ".join(text.replace("?", " ? ").split())


def _has(text: str, phrases) -> bool:
    padded = f" {text} "
    return any(f" {phrase} " in padded for phrase in phrases)


def affirmed(utterance: str, action: str | None = None, key: str = "") -> bool:
    """True when `utterance` clearly agrees (to `action`, when given), with nothing contrary in it;
    or, nothing said, the key pressed is the keypad's yes."""
    if key and not (utterance or "").strip():
        return KEYPAD_ANSWERS.get(key[0]) == "yes"
    text = normalized(utterance)
    for idiom in AGREEING_IDIOMS:
        text = f" {text} ".replace(f" {idiom} ", " yes ").strip()
    if not text or "?" in text or re.search(r"\bn't\b|n't ", f"{text} "):
        return False
    if _has(text, CONTRARY) or _has(text, UNDOES.get(action or "", ())):
        return False
    return _has(text, AFFIRMATIONS) or _has(text, COMMANDS.get(action or "", ()))
