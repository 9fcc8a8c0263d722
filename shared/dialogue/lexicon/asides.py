"""Asides that enrich any workflow: an access need, an emergency, a repeating booking, no texts,
where they are, another number, a team member asked for, days they cannot do.
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.phrase import Phrase
from shared.dialogue.lexicon.words import SMELL_OF_GAS, THROUGH_CEILING
from shared.domain.business import WEEKDAYS
from shared.language.names import CAP

# "Water's leaking everywhere, please hurry": the soonest time, and the emergency service if there is one.
URGENT = re.compile(r"\b(?:emergency|urgent\w*|right away|straight away|right now|hurry|flood\w*|burst|overflow\w*|"
                    r"leaking everywhere|no (?:heat|heating|hot water)|gushing|pouring|spraying|"
                    + THROUGH_CEILING + "|" + SMELL_OF_GAS + r"|gas leak)\b")

LIVES_IN = re.compile(rf"\b(?:I'?m|I am|[Ww]e'?re|[Ww]e are|I live|[Ww]e live|[Ll]ocated|[Bb]ased)\s+(?:over |out |up |down )?"
                      rf"in\s+({CAP}(?:\s+{CAP})?)")

# "She's 82 and uses a wheelchair": what the team needs to know to welcome them, in the booking's notes
ACCESS_NEEDS = re.compile(
    r"\b(?:uses?|using|in|needs?|with|on) (?:a |her |his |my |their )?(?:wheelchair|walker|walking frame|zimmer frame|"
    r"mobility scooter|crutches|walking stick|cane)\b|\bwheelchair user\b|\b(?:hard of hearing|deaf|blind|"
    r"visually impaired|partially sighted)\b|\bcan'?t (?:do|manage|climb|use) (?:the )?stairs\b", re.I)

# How to get in for a visit: "the gate code is 4512", "the key's under the mat", "use the side door"
SITE_ACCESS = re.compile(
    r"\b(?:gate|door|entry|access|building|lockbox|lock box|key ?safe|keypad|alarm) code\b|\bbuzzer\b|"
    r"\bkeys?(?: is| are|'s| will be) (?:under|in|with|behind|next to)\b|\bkey ?safe\b|"
    r"\b(?:use|come to|come round to|go round to|go to) the (?:side|back|rear|garden) (?:door|gate|entrance)\b|"
    r"\b(?:beware of|there's|we have|i have) (?:a |the )?(?:big |friendly |loud )?dog\b", re.I)

PRACTITIONER = re.compile(r"\b(?:an?|the)\s+(female|male|woman|lady|man)\s+(physio(?:therapist)?|therapist|stylist|"
                          r"hairdresser|barber|plumber|technician|doctor|practitioner|engineer|dentist|one)\b", re.I)

AVOID_DAY = re.compile(r"(?i),? ?\b(?:except|but not|apart from|other than|excluding|anything but|any day but|(?<!why )not|"
                       r"(?:i )?(?:can't|cannot|can not) do|(?:i'm |i am )?(?:not (?:free|available)|busy))"
                       r"(?: on)?(?: a)? (" + "|".join(WEEKDAYS) + r")s?\b(?! ?(?:any ?more|after all|now)\b)")

RECURRING = re.compile(r"\bevery (?:other|second|2|3|4|5|6|two|three|four|five|six|few) (?:weeks?|months?)\b|"
                       r"\bevery (?:week|month|fortnight)\b|\b(?:fortnightly|monthly|weekly)\b|"
                       r"\b(?:a )?(?:regular|recurring|standing) (?:appointment|booking|slot)\b")

# "With Maria", "is Maria working on Saturday?", "can I see Tom again": a team member they'd like.
# Names as the speech recogniser capitalises them; the team's rota is not known to Roxy.
PERSON = r"((?:(?:Dr|Doctor|Mr|Mrs|Ms|Miss)\.?\s+)?[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]{2,})"

WORKING = re.compile(rf"\b(?:is|does)\s+{PERSON}\s+(?:working|in|available|free|on|there|around|work)\b")

# "Can I speak to Maria?", "I'm trying to get hold of Dre", "put me through to Jo", "is Dr. Keller there?" (now)
REACH = r"(?:(?:speak|talk)(?:ing)? (?:to|with)|get (?:hold of|through to)|reach|put me through to|(?:get|got) me)"
TEAM_MEMBER = re.compile(rf"\b(?:with|see|ask for|prefer|{REACH})\s+{PERSON}"
                         r"(?:\s+(?:working|in|available|free|on|there|again|please|if|at|for|next|this|about|"
                         r"tomorrow|today|tonight|\w+day)\b|[?.!,]|$)|" + WORKING.pattern)

ASKS_FOR = re.compile(rf"\b{REACH}\s+{PERSON}|\b[Ii]s\s+{PERSON}\s+(?:there|in|around|available|free)"
                      r"(?:\s+(?:right now|now|at the moment))?(?:\s+(?:please|by any chance))?\s*[?.!]*\s*$")

NO_TEXTS = re.compile(r"\b(?:don'?t|do not|please don'?t|no need to|stop) (?:text|sms|message)\w*(?: me)?\b|"
                      r"\bno (?:texts|text messages|sms)\b|\b(?:email|e-mail) only\b|\bnot by text\b")

# "It's 12 Main Street, apartment 4B": where the visit is (trades), kept in the booking's notes.
STREET_ADDRESS = re.compile(
    r"\b\d{1,5}[a-z]? (?:[a-z'-]+ ){1,4}(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|"
    r"place|pl|way|close|crescent|terrace|parkway|pkwy|highway|hwy|square|sq)\b(?: (?:apartment|apt|unit|flat|"
    r"suite|number) \w+)?")

ADDRESS_FILLER = frozenset("my the our it its s is address it's that that's sure yes yeah ok okay so um uh "
                           "oh right well at in on i m im we re live located house home place".split())

# "Text me at 917 555 0123 instead", "my mobile is ...": from a caller whose number came through
OTHER_NUMBER = re.compile(r"\b(?:text|txt|sms|message|call|ring|reach|contact|phone)(?: me| us)?(?: back)? (?:at|on)\b|"
                          r"\bmy (?:other |mobile |cell |work |home |new )?(?:number|mobile|cell|phone)(?: number)?"
                          r"(?: is|'s)\b|\b(?:use|try) (?:this|my|the) (?:other )?number\b")

# a tail that goes on ("and", "but", "please"): more than a name
JOINING_WORDS = re.compile(r"\b(?:and|but|so|please|for)\b")

# "flat 2, 12 Main Street": the unit said before the street
UNIT_BEFORE = re.compile(r"\b(?:flat|apartment|apt|unit|suite)(?:\s+\w{1,5})?[\s,]*$", re.I)

# "emergency", "urgent" said
# "..., and my address is": the words that led to the address, left out of what else was said
_ADDRESS_LEAD = r"[\s,]*(?:(?:and|so)\s+)?(?:(?:the|my|our)\s+)?address(?:\s+(?:is|it's))?[\s,]*$"
ADDRESS_LEAD = re.compile(_ADDRESS_LEAD)
ADDRESS_LEAD_ANY_CASE = re.compile(_ADDRESS_LEAD, re.I)

URGENT_WORD = re.compile(r"\b(?:emergency|urgent)")

# "no", "same address", "you have it on file": no address to take
ADDRESS_KNOWN = re.compile(r"^(?:no|nope|nah|not really)\b|\brather not\b|\bsame (?:as|address)\b|\bon file\b|"
                           r"\b(?:has|have|got|knows?) (?:it|the address|where)\b|\bi'll (?:tell|give|show|text)\b|"
                           r"\b(?:don't|do not) know\b")

# "it's ...", "we're at ...": the words before an address
ADDRESS_INTRO = re.compile(r"^(?:(?:it's|it is|that's|that is|the address is|address is|we're at|i'm at|at)\s+)+", re.I)

TABLE: dict[str, Phrase] = {  # the examples each pattern must and must not match (lower-cased, as heard)
    "ACCESS_NEEDS": Phrase(ACCESS_NEEDS,
                       must=('she uses a wheelchair', "i'm hard of hearing", "he can't do stairs", "i'm on crutches"),
                       must_not=('i walked past your shop', 'can you hear me', 'my chair is broken', 'can you fix my blinds')),
    "SITE_ACCESS": Phrase(SITE_ACCESS,
                       must=('the gate code is 4512', 'the key is under the mat', "the key's under the mat", 'use the side door', 'beware of the dog'),
                       must_not=('the code for the discount', "what's the door price", 'my dog needs a groom')),
    "URGENT": Phrase(URGENT,
                       must=("it's an emergency", "water's pouring through the ceiling", 'i smell gas', 'we have no heat'),
                       must_not=('can i book a haircut', 'the ceiling needs painting')),
    "RECURRING": Phrase(RECURRING,
                       must=('every 2 weeks', 'every other week', 'can i book a standing appointment', 'monthly please', 'every 6 weeks'),
                       must_not=('every day this week is busy', 'next week')),
    "NO_TEXTS": Phrase(NO_TEXTS,
                       must=("please don't text me", 'no text messages', 'email only please'),
                       must_not=('can you text me the address', "i didn't get a text")),
    "STREET_ADDRESS": Phrase(STREET_ADDRESS,
                       must=("it's 12 main street", '42 oak avenue apartment 4b', '7 elm rd'),
                       must_not=('at 12 pm', 'the main road is closed')),
    "OTHER_NUMBER": Phrase(OTHER_NUMBER,
                       must=('text me at 917 555 0123', 'my mobile is 07911 123457', 'use my other number'),
                       must_not=("what's your number", "i'll call you back")),
    "AVOID_DAY": Phrase(AVOID_DAY,
                       must=('any day except wednesday', "i can't do fridays", 'not monday', "i'm busy on tuesday"),
                       must_not=('why not monday', 'monday is fine', "i can't do friday any more")),
    "LIVES_IN": Phrase(LIVES_IN,
        must=("I'm in Brooklyn and need a haircut", "I'm in Naperville and need a haircut", 'my boiler is leaking, I live in Evanston, are you free tomorrow morning'),
        must_not=('do you come out to Skokie', "my boiler quote from last week, I'd like to talk it over", 'I need to push it back an hour'), cased=True),
    "PRACTITIONER": Phrase(PRACTITIONER,
        must=("i'd like a female physio if possible",),
        must_not=('the one the day after tomorrow', 'hiya i need to see a physio', 'the engineer has it already')),
    "TEAM_MEMBER": Phrase(TEAM_MEMBER,
        must=('is Sam around at the moment?', 'Can I speak to Maria please', 'Hi, is Maria working on Saturday?'),
        must_not=('a free quote visit the day after tomorrow at 10 am', 'can I get a haircut first thing the day after tomorrow', "hi it's Sam again, can I book the usual for the day after tomorrow at 11?"), cased=True),
    "ASKS_FOR": Phrase(ASKS_FOR,
        must=('is Sam around at the moment?', 'Can I speak to Maria please', 'Oh hi, is Dr. Keller there?'),
        must_not=('I need to see a physio about my knee, is Dr Patel free on Wednesday?', 'Hi, is Maria working on Saturday?', 'Is Sam working on Friday?'), cased=True),

    "WORKING": Phrase(WORKING,
        must=('is Maria working on Saturday', 'does Tom work on Fridays?'),
        must_not=('is it working now', 'does Tom cut curly hair'), cased=True),
    "JOINING_WORDS": Phrase(JOINING_WORDS,
        must=('smith please', 'and my wife too'),
        must_not=('in evanston', 'evanston', 'sandra butler')),
    "UNIT_BEFORE": Phrase(UNIT_BEFORE,
        must=('flat 2',),
        must_not=('sam and the address is', "my address it's", "we're at", 'flat 2, 14 rose court', 'the unit is broken')),
    "URGENT_WORD": Phrase(URGENT_WORD,
        must=("i don't need an appointment i need someone to call me back it's urgent",),
        must_not=('are you open right now', 'no rush at all')),
    "ADDRESS_KNOWN": Phrase(ADDRESS_KNOWN,
        must=('the engineer has it already',),
        must_not=("it's 12 main street", '42 oak avenue, apartment 4b', "i'll be home all day")),

    "ADDRESS_INTRO": Phrase(ADDRESS_INTRO,
        must=("it's 12 main street", "we're at 42 oak avenue"),
        must_not=('12 main street', 'my address is on file')),
    "ADDRESS_LEAD": Phrase(ADDRESS_LEAD,
        must=('sam and the address is',),
        must_not=('flat 2', 'and')),
    "ADDRESS_LEAD_ANY_CASE": Phrase(ADDRESS_LEAD_ANY_CASE,
        must=('sam, and the address is',),
        must_not=('flat 2,', 'and')),
}
