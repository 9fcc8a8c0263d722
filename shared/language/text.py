"""Normalising what a caller said (speech-to-text output) before understanding it."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}


SHORT_DAYS = {"mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday", "weds": "wednesday",
              "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday", "sat": "saturday",
              "sun": "sunday"}


def _suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# A house number is said in pieces ("fourteen twenty", "five oh six", "two hundred twenty") before the
# street's name and kind: the pieces are one number, not a time.
STREET_KINDS = r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|place|pl|way|close|" \
               r"crescent|terrace|parkway|pkwy|highway|hwy|square|sq|circle|trail|row)"
_HOUSE_PIECE = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|" \
               r"seven|eight|nine))?|zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|" \
               r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|\d{1,4})\b"
HOUSE_NUMBER = re.compile(rf"\b({_HOUSE_PIECE}(?:\s+{_HOUSE_PIECE})*)\s+(?=(?:(?!{_HOUSE_PIECE})[a-z'-]+\s+){{1,3}}"
                          rf"{STREET_KINDS}\b)")
TENS_AT_LEAST_60 = {"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def _house_number(said: str) -> str:
    """'fourteen twenty' -> '1420', 'five oh six' -> '506', 'thirty one oh five' -> '3105',
    'two hundred twenty' -> '220'."""
    pieces: list[str] = []
    for piece in re.findall(_HOUSE_PIECE, said):
        words = piece.replace("-", " ").split()
        if words[0] == "hundred":
            pieces.append("hundred")
            continue
        tens = TENS.get(words[0]) or TENS_AT_LEAST_60.get(words[0])
        if tens:
            pieces.append(str(tens + (UNITS[words[1]] if len(words) > 1 else 0)))
        else:
            pieces.append(piece if piece.isdigit() else str(UNITS[piece]))
    number = ""
    for i, piece in enumerate(pieces):
        if piece == "hundred":
            after = pieces[i + 1] if i + 1 < len(pieces) else ""
            number += "" if after else "00"
            if after and len(after) == 1:
                number += "0"
            continue
        number += piece
    return number


def _house_numbers(text: str) -> str:
    return HOUSE_NUMBER.sub(lambda m: _house_number(m.group(1)) + " ", text)


def _numbers_to_digits(text: str) -> str:
    tens = "|".join(TENS)
    units = "|".join(k for k in UNITS if k not in ("oh", "zero"))
    ordinals = "|".join(ORDINALS)

    # Ordinal words are dates only where a date is plausible: "the second", "march second",
    # "second of march" -- not "on second thought".
    months = "january|february|march|april|may|june|july|august|september|october|november|december"
    lead = rf"\b(the |(?:{months}) )"

    def ordinal(n: int) -> str:
        return f"{n}{_suffix(n)}"

    text = re.sub(rf"{lead}({tens})[\s-]({ordinals})\b",
                  lambda m: m.group(1) + ordinal(TENS[m.group(2)] + ORDINALS[m.group(3)]), text)
    text = re.sub(rf"\b({tens})[\s-]({ordinals})(?= of\b)",
                  lambda m: ordinal(TENS[m.group(1)] + ORDINALS[m.group(2)]), text)
    text = re.sub(rf"{lead}({ordinals})\b", lambda m: m.group(1) + ordinal(ORDINALS[m.group(2)]), text)
    text = re.sub(rf"\b({ordinals})(?= of\b)", lambda m: ordinal(ORDINALS[m.group(1)]), text)
    text = re.sub(rf"\b({tens})[\s-]({units})\b", lambda m: str(TENS[m.group(1)] + UNITS[m.group(2)]), text)
    text = re.sub(rf"\b({tens})\b", lambda m: str(TENS[m.group(1)]), text)
    # "ten oh five" -> "10 05"
    text = re.sub(rf"\b({units})\s+(?:oh|o)\s+({units})\b",
                  lambda m: f"{UNITS[m.group(1)]}:{UNITS[m.group(2)]:02d}", text)
    # "the first one", "that one", "the earliest one": a choice, not the number 1
    text = re.sub(r"\b(the|that|this|which|any|other|another|earliest|latest|first|last|second|third|next|same|"
                  r"earlier|later|middle|\d{1,2}(?:st|nd|rd|th)|no|each|either|neither) one\b"
                  r"(?!\s*(?:oclock|am|pm|o |oh |thirty|fifteen|forty|fifty|twenty|ten|\d))", r"\1 one_", text)
    text = re.sub(rf"\b({units})\b", lambda m: str(UNITS[m.group(1)]), text)
    return text.replace("one_", "one")


def normalize(text: str) -> str:
    """Lower-case, unify quotes and a.m./p.m., spell numbers as digits, squeeze spaces."""
    text = (text or "").lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    # "Good morning, ... Saturday afternoon": a greeting, not the part of the day wanted
    text = re.sub(r"^((?:(?:hi|hello|hey|yes|yeah|oh|um|uh|and)[ ,.!]+)*)good (?:morning|afternoon|evening)\b", r"\1hello",
                  text)
    text = re.sub(r"o\s*[\"']\s*clock|o'?clock", " oclock", text)
    text = re.sub(r"\ba\.\s?m\.?|\ba\s?m\b(?=\W|$)", "am", text)
    text = re.sub(r"\bp\.\s?m\.?|\bp\s?m\b(?=\W|$)", "pm", text)
    text = re.sub(r"(\d)\s*(am|pm)\b", r"\1 \2", text)
    # Speech recognition hears "at four" as "at for" and "at two" as "at to" when nothing follows
    # ("at for thirty", "at to fifteen"), and "at ate" / "at won" for eight and one
    text = re.sub(r"\bat (for|to|too|ate|won)(?=\s*(?:$|[,.?!]|am\b|pm\b|oclock\b|in the\b|(?:on|this|next|tomorrow|"
                  r"today|tonight|thirty|fifteen|forty[- ]five|forty|twenty|ten|o five)\b))",
                  lambda m: "at " + {"for": "four", "ate": "eight", "won": "one"}.get(m.group(1), "two"), text)
    text = re.sub(r"\bto morrow\b", "tomorrow", text)  # a speech-to-text split
    text = re.sub(r"\b(tues|weds|thurs|thur)\b\.?", lambda m: SHORT_DAYS[m.group(1)], text)
    text = re.sub(r"\b(on|for|this|next|coming|by|until|till|before|after|every|or|and) "
                  r"(mon|tue|wed|thu|fri|sat|sun)\b\.?", lambda m: f"{m.group(1)} {SHORT_DAYS[m.group(2)]}",
                  text)  # "book me for tues", "on fri at 3": not "I sat", "the sun"
    text = _house_numbers(text)  # before the pieces are read as a time ("two twenty Park Road" is no 2:20)
    text = _numbers_to_digits(text)
    text = re.sub(r"\b(1[0-2]|0?[1-9])\s+([0-5]\d)\b(?!\s*(?:people|persons|guests|minutes|mins|days))",
                  r"\1:\2", text)  # "four thirty" -> "4 30" -> "4:30"
    text = re.sub(r"\b(1[3-9]|2[0-3])\s+(00|[1-5]\d)\b(?!\s*(?:people|persons|guests|minutes|mins|days|pounds|"
                  r"dollars|euros|quid|percent))", r"\1:\2", text)  # "fifteen thirty": 15:30
    text = re.sub(r"(?<!half )\b(\d{1,2}(?::[0-5]\d)?)[- ]?ish\b(?!\s*(?:hours?|minutes?|mins?|days?|weeks?)\b)",
                  r"around \1", text)  # "4ish", "3-ish", "4:30 ish"; not "half 3ish", "a 2-ish hour job"
    text = re.sub(r"[^\w:'@./+\- ]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text)
