"""A business's team: anyone will do, the same person as last time, whether someone is in (the
name asked for in any case).
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.phrase import Phrase

ANYONE = re.compile(r"\b(?:anyone|anybody|who ?ever|no preference|(?:do ?n[o']t|does ?n[o']t) (?:mind|matter|care) "
                    r"who|any of (?:them|the \w+s)|another (?:stylist|person|hairdresser|barber|therapist))\b", re.I)
SAME_AS_LAST = re.compile(r"\b(?:the )?same (?:person|stylist|hairdresser|barber|therapist|physio|lady|guy|girl|"
                          r"one) (?:as|i had|I had|again)|\b(?:who|whoever|the (?:one|person|stylist)) (?:i|I) "
                          r"(?:had|saw|got) (?:last time|before|last)\b", re.I)
# "Is Maria in on Friday?", "does Jo work Saturdays": whether someone is in (any case: the recogniser
# capitalises the first word of a sentence)
WORKING = re.compile(r"\b(?:is|does)\s+(?P<name>[a-z]+(?: [a-z]+)?)\s+(?:working|in|available|free|on|there|"
                     r"work)\b", re.I)

# "Dr.", "Mrs" before a name
TITLE = re.compile(r"^(?:Dr|Doctor|Mr|Mrs|Ms|Miss)\.?\s+")

TABLE: dict[str, Phrase] = {  # the examples each pattern must and must not match, asked as the engine asks
    "ANYONE": Phrase(ANYONE,
        must=('ok then whoever is free', "i don't mind who", "anyone's fine"),
        must_not=('any one of those times works', 'jen', 'lee', 'someone called earlier')),
    "SAME_AS_LAST": Phrase(SAME_AS_LAST,
        must=('the same person as last time please', 'whoever i had last time'),
        must_not=('same as last time', 'ok then whoever is free', 'can i move my beard trim to friday at 4pm?')),
    "WORKING": Phrase(WORKING,
        must=('hi, is maria working on saturday?', 'is sam working on friday?', 'is maria in on friday?'),
        must_not=('ok then whoever is free', 'a haircut with maria on thursday at 10am', 'can i move my beard trim to friday at 4pm?')),
    "TITLE": Phrase(TITLE,
        must=('Dr. Patel', 'Mrs Jones'),
        must_not=('Maria', 'Drew Smith'), cased=True),
}
