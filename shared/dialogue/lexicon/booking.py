"""What to book and for whom: a party, someone else, a first visit, a quote, the usual, not sure
which, an emergency service.
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.phrase import Phrase
from shared.language.names import CAP

_COUNT = r"(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)"

PARTY = re.compile(r"\bfor (?:my \w+ and me|me and my \w+|both of us)\b|\bfor (?:the |all )?" + _COUNT + r" of us\b|"
                   r"\b(?:my \w+ and (?:i|me)|me and my \w+) (?:come|get|book|go|both)\b|"
                   r"\b" + _COUNT + r" (?:kids'? |men'?s |women'?s )?(?:haircuts|cuts|trims|massages|facials|manicures|"
                   r"pedicures|blow ?dr(?:ies|ys)|colou?rs)\b|"
                   r"\b(?:for|there(?:'s| are| will be| would be)) " + _COUNT + r" (?:people|persons|adults|of us)\b|"
                   r"\b(?:a group|a party|group|party) of " + _COUNT + r"\b")

COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

# More people than this in one call: the team arranges it (several chairs, one calendar here)
PARTY_BY_PHONE = 4

TWO_NAMES = re.compile(r"^(?i:it's |they're |the names are |names are |i'm |i am |mine's |my name's )?"
                       rf"({CAP})(?: {CAP})?(?:, | and | & |,? and (?:she's|he's|hers is|his is|"
                       r"she is|he is|theirs is) |,? (?:she's|he's|hers is|his is|she is|he is) )"
                       rf"({CAP}(?: {CAP})?)(?:,? and ({CAP}(?: {CAP})?))?[.!]?$")

RELATIVE = (r"(?:little |eldest |youngest |elderly |older |younger |old |baby |teenage |\w+-year-old )?"
            r"(?:daughter|son|husband|wife|partner|mum|mom|mother|dad|father|friend|sister|brother|kid|child|boy|"
            r"girl|niece|nephew|grandson|granddaughter|fiancee?|boyfriend|girlfriend)\b")

# "a haircut for me and a blow dry for my daughter": the second service is someone else's
FOR_SOMEONE_ELSE = re.compile(rf"\bfor (?:my|our|her|his) {RELATIVE}")

# "can I book my son in", "my daughter Mia needs a trim": the booking is theirs, the call is the caller's
BOOKING_FOR_OTHER = re.compile(rf"\b(?:for|on behalf of) (?:my|our) {RELATIVE}|\b(?:book|get|bring|fit|squeeze|take) "
                               rf"(?:my|our) {RELATIVE}|\b(?:[Mm]y|[Oo]ur) {RELATIVE}(?: {CAP})? (?:needs|wants|would like|"
                               r"is after)\b|\b(?:[Hh]er|[Hh]is|[Tt]heir) name(?:'s| is)\b")

FIRST_VISIT = re.compile(r"\b(?:(?:my|our|the|a) first (?:time|visit|appointment)|new (?:patient|client|customer)|"
                         r"(?:been |was |got )?referred (?:by|from|to)|(?:have|got) a referral|"
                         r"never (?:been|come) (?:in |here |to you )?before|haven'?t been (?:here |in |to you )?before)\b")

INTRO_SERVICE = re.compile(r"\b(?:initial|first|new|intro\w*|assessment|consultation|evaluation)\b", re.I)

ANOTHER_ONE = re.compile(r"\b(?:also|another|(?:one|1) more|as well|too|second (?:one|1))\b")

# "I need a quote for a new water heater": the estimate visit, not the service named (not "getting a few quotes")
QUOTE_ASKED = re.compile(r"\b(?:a|an|the|free|get|need|want|like|for)\s+(?:free\s+)?(?:quote|estimate|quotation)\b")

# "Free Estimate", "Initial Assessment", "Consultation": where a caller unsure of the service starts
LOOK_FIRST = re.compile(r"\b(?:estimate|quote|assessment|consultation|inspection|evaluation|diagnostic|survey)\b", re.I)

UNSURE = re.compile(r"\b(?:not sure(?! (?:yet|when|if|about))|unsure|don'?t know(?! (?:yet|when|if))|dunno|no idea|whichever|"
                    r"whatever|you (?:tell me|choose|pick|decide)|(?:what|which)(?: one)? (?:do|would) "
                    r"you (?:recommend|suggest)|not certain|no clue)\b")

EMERGENCY_SERVICE = re.compile(r"\b(?:emergency|urgent|same[- ]day|call-?out)\b", re.I)

USUAL = re.compile(r"\b(?:the|my) usual\b|\bsame (?:as|thing as) (?:last time|before|always)\b|\bthe same thing\b")

# What a trade caller describes -> the kind of service that fixes it (matched against service names)
DRAIN_PROBLEM = re.compile(r"\b(?:blocked|clogged|backed up|won't (?:drain|flush)|not draining|slow(?:ly)? draining|"
                           r"drain (?:is|'s) (?:blocked|slow)|(?:garbage )?disposal (?:is |'s )?(?:jammed|stuck|blocked|"
                           r"clogged|not working|broken))\b")
DRAIN_SERVICE = re.compile(r"\b(?:drain|unblock|clog|rooter)", re.I)
HEATING_PROBLEM = re.compile(r"\b(?:no hot water|water heater|hot water (?:tank|heater|cylinder)|boiler|no heat(?:ing)?|"
                             r"furnace)\b")
HEATING_SERVICE = re.compile(r"\b(?:heater|boiler|heating|furnace)", re.I)
PROBLEM_SERVICES = [(DRAIN_PROBLEM, DRAIN_SERVICE), (HEATING_PROBLEM, HEATING_SERVICE)]

NOT_A_NAME = frozenset("""each both separate separately
a an the and or but any anything something nothing everything whenever soonest earliest latest later earlier
sooner first second third last next this that these those it its yes yeah yep no nope not sure ok okay fine
good great perfect please thanks thank you hi hello hey bye goodbye what when where why how which who whose
book booking cancel appointment reschedule move change time times day days today tomorrow tonight morning
afternoon evening night week weekend month am pm noon midnight monday tuesday wednesday thursday friday
saturday sunday want need would like could can will just maybe actually also again still only really very
is are was were be been do does did have has had get got go going come coming make making take i me my we
us our your he she they them his her hair haircut trim colour color blow dry consultation price cost much
many open close hours about around after before at on in for to of with from up down out over now then
there here soon asap whichever either whatever one two three wait hold sorry um uh hmm pardon huh excuse
again repeat never mind nevermind forget skip stop leave alright right nah rather prefer busy call text email
message number phone mobile sick ill unwell poorly
zero oh four five six seven eight nine double triple""".split())

ONE_MORE = re.compile(r"\b(?:another|also|second|too|as well|one more)\b")

# a service for a quote or estimate, by its name
QUOTE_SERVICE = re.compile(r"\b(?:estimate|quote)", re.I)

# "for me", "for myself"
FOR_ME = re.compile(r"\bfor (?:me|myself)\b")

# "for me", "me and my son": the caller is one of them
FOR_ME_TOO = re.compile(FOR_ME.pattern + r"|\b(?:me|I) and my\b|\bmy \w+ and I\b")

ONE_EACH = re.compile(r"\b(?:one|1) (?:for )?each\b|\bboth of us\b|\b(?:two|2) (?:appointments|bookings|slots)\b|"
                      r"\bseparate(?:ly)?\b")

SAME_AGAIN = re.compile(r"\b(?:book|get|make|want|need|like) (?:\w+ )?(?:one|1|another)\b|\bthe same(?: thing| again)?\b|"
                        r"\bsame again\b|^(?:(?:and|also|oh|plus|then|ok|okay)[ ,]+)*(?:another|one more)(?: one)?\b")
FOLLOW_UP_VISIT = re.compile(r"\b(?:follow|again|existing|usual|still|same|regular)\b")

# "one for me and one for my son": a booking each
ONE_FOR = re.compile(r"\b(?:one|1) for\b")

# "for him", "for her": someone else's
FOR_THEM = re.compile(r"\bfor (?:him|her|them)\b")

# "add", "booked", "already": about a booking they have
ALREADY_BOOKED_WORDS = re.compile(r"\b(?:add|added|booked|booking|appointment|already)\b")

# "for my son ...": someone else's
FOR_OUR = re.compile(r"^for (?:my|our)\b")

TABLE: dict[str, Phrase] = {  # the examples each pattern must and must not match (lower-cased, as heard)
    "PARTY": Phrase(PARTY,
                       must=('for me and my daughter', 'for the 3 of us', 'two haircuts', 'a group of 6'),
                       must_not=('for me', "two o'clock", 'my daughter called earlier')),
    "FOR_SOMEONE_ELSE": Phrase(FOR_SOMEONE_ELSE,
                       must=('a blow dry for my daughter', 'for my husband'),
                       must_not=('for me', 'my daughter booked it')),
    "FIRST_VISIT": Phrase(FIRST_VISIT,
                       must=("it's my first time", "i'm a new patient", 'i was referred by my gp', 'never been before'),
                       must_not=('the first one please', 'my last visit')),
    "USUAL": Phrase(USUAL,
                       must=('the usual please', 'same as last time', 'the same thing'),
                       must_not=("as usual, i'm late", 'the same day')),
    "UNSURE": Phrase(UNSURE,
                       must=("i'm not sure", 'what do you recommend', 'no idea', 'you choose'),
                       must_not=("i'm not sure yet", "i don't know when i'm free")),
    "QUOTE_ASKED": Phrase(QUOTE_ASKED,
                       must=('i need a quote for a new boiler', 'can i get a free estimate'),
                       must_not=("i'm getting a few quotes", 'quote me on that')),
    "TWO_NAMES": Phrase(TWO_NAMES,
        must=('Anna, Beth and Carla', "I'm Lisa, she's Emma", 'Jess, Jess Morales'),
        must_not=("It's Sam. Okafor's my last name", 'how much is a sports massage?', 'the water is still pouring in'), how="match", cased=True),
    "BOOKING_FOR_OTHER": Phrase(BOOKING_FOR_OTHER,
        must=("it's for my son tom actually", 'her name is margaret hill', "he's 8 his name is leo"),
        must_not=("i'd like to book a consultation the day after tomorrow in the morning", "i'd like to book a consultation", 'book a haircut tomorrow at 10 name is ben')),
    "INTRO_SERVICE": Phrase(INTRO_SERVICE,
        must=('initial assessment', 'consultation'),
        must_not=('water heater service', 'emergency call-out', 'emergency callout', 'follow-up session', 'sports massage')),
    "ANOTHER_ONE": Phrase(ANOTHER_ONE,
        must=('not that first one too early', 'yes and can you also book 1 for my dad straight after'),
        must_not=('actually the last one', 'do you do evening appointments', 'can i change it to 11 instead')),
    "LOOK_FIRST": Phrase(LOOK_FIRST,
        must=('initial assessment', 'free quote visit', 'consultation'),
        must_not=('emergency callout', 'follow-up session', 'boiler service', 'deep tissue massage')),
    "EMERGENCY_SERVICE": Phrase(EMERGENCY_SERVICE,
        must=('emergency call-out',),
        must_not=('water heater service', 'initial assessment', 'follow-up session', 'boiler service')),
    "ONE_MORE": Phrase(ONE_MORE,
        must=('can i book another one', 'also a beard trim'),
        must_not=('actually can you make it a colour instead?', 'actually can you make it a haircut instead?', 'actually make it the same time on saturday instead', 'just the one please')),
    "QUOTE_SERVICE": Phrase(QUOTE_SERVICE,
        must=('free quote visit',),
        must_not=('emergency callout', 'boiler service', 'consultation', 'boiler service')),
    "FOR_ME_TOO": Phrase(FOR_ME_TOO,
        must=('a haircut for me', 'me and my son'),
        must_not=("it's for my son tom actually", "tomorrow at 3 and it's for my son", 'hi i need to book my son in for a haircut', 'my son and his friend')),
    "FOR_ME": Phrase(FOR_ME,
        must=('a haircut for me', 'just for myself please'),
        must_not=("i'd like a colour and a cut for my daughter tomorrow", 'a cut for men')),
    "ONE_EACH": Phrase(ONE_EACH,
        must=('no 1 each please',),
        must_not=('just one appointment', 'for the two of us')),
    "SAME_AGAIN": Phrase(SAME_AGAIN,
        must=('and can i get 1 for me at 11', 'and another in 4 days at 3', 'can you book 1 for my son too the day after tomorrow at 4'),
        must_not=('a haircut please', 'something different this time', 'same time next week')),
    "FOLLOW_UP_VISIT": Phrase(FOLLOW_UP_VISIT,
        must=('my back is still sore i need another session tomorrow',),
        must_not=("i'd like a check up on my knee", "my shoulder's been playing up", "i'm not sure what i need my back hurts", 'the following week')),
    "ONE_FOR": Phrase(ONE_FOR,
        must=('one for me and one for my son', '1 for my daughter too'),
        must_not=('not that first one too early', 'is that going to be expensive', "it's sam. okafor's my last name")),
    "ALREADY_BOOKED_WORDS": Phrase(ALREADY_BOOKED_WORDS,
        must=('hi can i add a blow dry after it',),
        must_not=("i'd like 2 haircuts back to back tomorrow", 'can i book a haircut')),
    "FOR_OUR": Phrase(FOR_OUR,
        must=('for my son',),
        must_not=("it's for my son", 'for me please')),

    "FOR_THEM": Phrase(FOR_THEM,
        must=("it's for her", 'can i book it for him'),
        must_not=("it's for me", 'for my son', "she'll book for herself")),
    "DRAIN_PROBLEM": Phrase(DRAIN_PROBLEM,
        must=('my garbage disposal is jammed', 'my kitchen sink is blocked'),
        must_not=("i'd like a check up on my knee", 'are you free tomorrow morning', 'can i book the usual tomorrow', 'can you unblock the drain', 'my sink is slow')),
    "DRAIN_SERVICE": Phrase(DRAIN_SERVICE,
        must=('drain cleaning',),
        must_not=('water heater service', 'emergency call-out', 'free estimate', 'water heater repair')),
    "HEATING_PROBLEM": Phrase(HEATING_PROBLEM,
        must=('hi there i need my boiler serviced',),
        must_not=("there's water leaking everywhere please hurry", "i'd like a check up on my knee", 'are you free tomorrow morning')),
    "HEATING_SERVICE": Phrase(HEATING_SERVICE,
        must=('water heater service',),
        must_not=('emergency call-out', 'drain cleaning')),
}
