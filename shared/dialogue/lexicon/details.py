"""A caller's details as said: an email address spoken ("jane underscore doe at gmail dot com"),
a name and the words around it ("my name's ...", "spelled ...").
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.phrase import Phrase
from shared.language.names import CAP

# A full stop followed by a space ends a sentence ("not going down at all. Can someone come"):
# only the word "dot", or a "." inside a written name, joins a domain's labels.
EMAIL_SPOKEN = re.compile(r"\b([a-z0-9._%+-]+(?: dot [a-z0-9]+)*)\s+(?:at|@)\s+([a-z0-9-]+(?:(?:\s*dot\s*|\.(?=[a-z]))[a-z]{2,})+)\b")
EMAIL_WRITTEN = re.compile(r"\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b")
# An email address as said or written, to keep its words out of a name ("it's mike hyphen jones at outlook dot com")
EMAIL_SAID = re.compile(r"(?i)[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w.+-]+(?:\s+(?:underscore|dash|hyphen|dot)\s+[\w.+-]+)*"
                        r"\s+at\s+[\w-]+(?:(?:\s*dot\s*|\.(?=[a-z]))[a-z]{2,})+\b")

# "jane underscore doe"
SAID_UNDERSCORE = re.compile(r"\s+underscore\s+")

# "mary hyphen jane"
SAID_DASH = re.compile(r"\s+(?:dash|hyphen)\s+")

# "j a n e at ...": letters spelt out before the "at"
SPELT_OUT = re.compile(r"\b(?:[a-z0-9] )+[a-z0-9]\b(?=\s+(?:at|dot|underscore|dash|hyphen)\s)")

# "bob 123 at ...": one local part
NAME_THEN_DIGITS = re.compile(r"\b([a-z][a-z._-]*) (\d+)(?=\s+at\s)")

SAID_DOT = re.compile(r"\s*dot\s*")

SAID_DOT_OR_POINT = re.compile(r"\s*(?:dot|\.)\s*")

# "they're ...", "the names are ..."
NAMES_INTRO = re.compile(r"^(?i:it's|they're|the names are|names are|we're|we are)\s+")

# "it's ...", "my name is ...", "under ..."
NAME_INTRO = re.compile(r"^(?:(?:yes|yeah|sure|ok|okay|it's|it is|this is|i'm|i am|my name is|my name's|"
                        r"name's|the name is|it's under|under)\s+)+", re.IGNORECASE)

# "Smith, spelled ...", "Jon without an h"
SPELLING_TAIL = re.compile(r"\s+(?:with(?:out)?|spelled|spelt|like)\b.*$", re.IGNORECASE)

# A question about the name being given ("do you need my last name?", "first name or full name?")
ABOUT_THE_NAME = re.compile(r"(?i)\b(?:first|last|sur|full|family|whole|second) ?names?\b.*\?|\bhow do you spell\b|"
                            r"\bdo you (?:need|want) (?:my|the|a|both) (?:\w+ )?names?\b")

EMAIL_WORD = re.compile(r"\be-?mail\b")

# "it's for Tom", "under Jane Smith": the name it goes under
BOOKED_UNDER = re.compile(rf"\b(?:for|under)\s+({CAP}(?:\s+{CAP})?)[.!]?$")

# where one detail ends and the next begins ("..., and my email ...")
DETAILS_BREAK = re.compile(r",|\band\b|\bmy e-?mail\b", re.I)

MAIL_WORD = re.compile(r"\be-?mail|\bmail\b")

TEXT_WORD = re.compile(r"\btext\b|\bsms\b")

TABLE: dict[str, Phrase] = {  # the examples each pattern must and must not match, asked as the engine asks
    "EMAIL_SPOKEN": Phrase(EMAIL_SPOKEN,
        must=('claire dot d at gmail dot com', 'jane at example dot co dot uk', 'jane dot doe at gmail dot com'),
        must_not=("we're at work. dot it", '1 in the afternoon on the 1st.', '12:15 in the afternoon please.')),
    "EMAIL_WRITTEN": Phrase(EMAIL_WRITTEN,
        must=('my email is jane@example.co.uk thanks', "it's jane@example.com.", "yes that's right oh and my email is jane.doe@example.com"),
        must_not=('1 in the afternoon on the 1st.', '12:15 in the afternoon please.', 'a consultation for friday week', 'sam at example dot com')),
    "EMAIL_SAID": Phrase(EMAIL_SAID,
        must=('j a n e at example dot co dot uk', 'email is bob 123 at yahoo dot com', 'c l a i r e dot d at gmail dot com'),
        must_not=("i'll be there at 3", 'my name is jane doe', "i'll meet you at the salon")),
    "SAID_UNDERSCORE": Phrase(SAID_UNDERSCORE,
        must=('jane underscore doe at gmail dot com',),
        must_not=('1 in the afternoon on the 1st.', '12:15 in the afternoon please.', 'a consultation for friday week', 'jane_doe')),
    "SAID_DASH": Phrase(SAID_DASH,
        must=("it's jane dash smith at outlook dot com", "it's mike hyphen jones at outlook dot com"),
        must_not=('1 in the afternoon on the 1st.', '12:15 in the afternoon please.', 'a consultation for friday week', 'mary-jane')),
    "SPELT_OUT": Phrase(SPELT_OUT,
        must=('j a n e at example dot co dot uk', 'c l a i r e dot d at gmail dot com'),
        must_not=('jane dot doe at gmail dot com', '1 in the afternoon on the 1st.', '12:15 in the afternoon please.')),
    "NAME_THEN_DIGITS": Phrase(NAME_THEN_DIGITS,
        must=('actually for 3 at afternoon 1.', 'i need a table for 2 at 11:30.', 'book 1 at 2:15 in the afternoon'),
        must_not=('1 in the afternoon on the 1st.', '12:15 in the afternoon please.', 'a consultation for friday week')),
    "SAID_DOT": Phrase(SAID_DOT,
        must=('hannah dot ramirez',),
        must_not=('jane-smith', 'mike-jones', 'jane_doe', 'at gmail')),
    "SAID_DOT_OR_POINT": Phrase(SAID_DOT_OR_POINT,
        must=('example dot co dot uk',),
        must_not=('gmail', 'outlook com')),
    "NAMES_INTRO": Phrase(NAMES_INTRO,
        must=("It's Sam. Okafor's my last name",),
        must_not=('how much is a sports massage?', 'the water is still pouring in', "no I think I'll leave it for now", 'and the names are'), cased=True),
    "NAME_INTRO": Phrase(NAME_INTRO,
        must=("it's my first time", "i'm not sure"),
        must_not=('mm-yes', 'do you do evening appointments', 'is that going to be expensive')),
    "SPELLING_TAIL": Phrase(SPELLING_TAIL,
        must=("i'd like a call back regarding that",),
        must_not=('do you do evening appointments', 'is that going to be expensive', 'not that first one, too early', 'jane withers')),
    "ABOUT_THE_NAME": Phrase(ABOUT_THE_NAME,
        must=('do you want my full name? sam okafor', "do you need my last name? it's aisha sharma"),
        must_not=('how much is a sports massage?', 'what about a colour', 'can i bring my dog', 'my name is sam')),
    "EMAIL_WORD": Phrase(EMAIL_WORD,
        must=('can i get that in writing by email',),
        must_not=('text me too please', 'check my emails')),
    "BOOKED_UNDER": Phrase(BOOKED_UNDER,
        must=("It's under Jane Smith", 'for Tom.'),
        must_not=('how much is a sports massage?', 'the water is still pouring in', "no I think I'll leave it for now", "I'm booked for Tuesday at 3"), cased=True),
    "DETAILS_BREAK": Phrase(DETAILS_BREAK,
        must=('my email is jo dot bloggs at gmail dot com', 'jess, and my email is jess dot m at gmail dot com'),
        must_not=('jane smith', '07911 123456')),
    "MAIL_WORD": Phrase(MAIL_WORD,
        must=('and email me the confirmation too',),
        must_not=('can you text me my appointment details?', 'i booked a haircut but i never got a confirmation text', 'can you text him the details, his number is 212 555 0399', 'mailbox')),

    "TEXT_WORD": Phrase(TEXT_WORD,
        must=('can you text it to me', 'by sms please'),
        must_not=('can you email it', 'send it to my email', 'i texted you')),
}
