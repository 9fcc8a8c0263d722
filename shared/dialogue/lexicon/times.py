"""Days and times said: bounds and windows, corrections, the soonest, a choice among the times
offered, a position in a list read out.
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.phrase import Phrase
from shared.domain.business import WEEKDAYS
from shared.language.when import MONTH_NAMES

CLOCK_ALONE = re.compile(r"(?:um |uh |at |the |how about |what about |can i do |can i have )*(\d{1,2})(?:[: ](\d{2}))?"
                         r"(?: ?(am|pm|oclock|o clock))?(?: (?P<one>one|1)| please| is fine| works| instead)*[.!?]?")

# Choosing among what Roxy listed (services, the caller's appointments): "the second one", "number 3",
# "last", a key pressed. ("My first time" is no choice.)
POSITIONS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
             "fifth": 4, "5th": 4, "last": -1}

_ORDINAL = "|".join(POSITIONS)

POSITION = re.compile(rf"\bthe ({_ORDINAL})(?: one| option| service| appointment| booking)?\b|\b({_ORDINAL}) one\b|"
                      rf"^({_ORDINAL})\W*$|\b(?:number|option|service) ([1-9])\b")

# "actually, the last one" at the name question: another of the times on offer
OTHER_OFFER = re.compile(r"(?:(?:ok|okay|um|uh|actually|no|sorry|wait|hmm)[ ,]+)*(?:make it |can i have |i'll take )?"
                         r"(?:the )?(?:first|second|third|last|middle|earlier|later) (?:one|1|time|option)")

# "That's fine", "any of them": the first time on offer (said briefly, or first)
ACCEPTING = re.compile(r"\b(?:that|it|yes|yeah|yep|sure|ok|okay|fine|sounds good|works|any(?: of them| is fine)?|"
                       r"whichever|doesn't matter|don't mind|either|perfect|great|lovely|brilliant|excellent|"
                       r"grand|cool|awesome|good|alright|all right|absolutely|definitely)\b")

BARE_YES = re.compile(r"(?:(?:oh |um |uh |ok |okay )?(?:yes|yeah|yep|yup|sure|ok|okay|alright|all right|"
                      r"yes please|sure thing|ok sure|okay sure|go on|go ahead)(?: please| thanks)?)")

EARLIER_OR_LATER = re.compile(r"\b(?:anything|something|any (?:times?|slots?|openings?|appointments?)|come in|"
                              r"(?:move|bring|change|make|switch) (?:it|me|my \w+|the time)(?: to)?) "
                              r"(?:a (?:bit|little) |slightly )?(earlier|sooner|later)\b|"
                              r"\b(earlier|later) (?:on )?(?:the same day|that day|the day|in the day)\b|"
                              r"\bsame day,? but (?:a (?:bit|little) )?(earlier|later)\b")

# "after 20 minutes", "before 2 people": a number that is no clock time
NOT_A_LENGTH = r"(?! (?:minutes|mins|hours|days|weeks|people))"

BOUND = re.compile(r"\b(no sooner than|not before|no earlier than|not earlier than|any ?time after|after|from|"
                   r"before|no later than|not after|by|until) (\d{1,2})(?::(\d{2}))?(?: ?(am|pm|oclock))?\b"
                   + NOT_A_LENGTH)

# "between 2 and 4", "from 10 till noon": the times in that window
BETWEEN = re.compile(r"\b(?:between|from) (\d{1,2})(?::(\d{2}))?(?: ?(am|pm))? (?:and|to|till|until|-) "
                     r"(\d{1,2}|noon)(?::(\d{2}))?(?: ?(am|pm))?\b" + NOT_A_LENGTH)

SELF_CORRECTION = re.compile(r"[ ,.]+(?:actually|sorry|no wait|wait|i mean|or rather|rather|scratch that|oh no)[ ,.]+"
                             r"(?:no[ ,.]+)?(?:(?:can you |could you |let's |please )?(?:make (?:it|that)|change (?:it|that) "
                             r"to|say|do|i mean|(?:how about|what about))[ ,]+)?(?P<rest>\w.*)$")

DAY_NEXT_TO = re.compile(r"^(?:(?:what about|how about|or|and|maybe|ok|okay|um|is there anything|anything)\s+)*"
                         r"(?:on\s+)?the day (after|before)(?: that)?(?: then| instead| maybe| please)?$")

SOONEST = re.compile(r"\b(?:soonest|earliest|first available|next available|as soon as possible|asap|any ?day|"
                     r"whatever(?:'s| is)? (?:first|free|available|open|you(?:'ve)? (?:got|have))|"
                     r"(?:the )?first (?:one|thing|day|slot) (?:you(?:'ve| have)? (?:got|have|free)|going|available)|"
                     r"whenever|how (?:soon|quickly|fast) (?:can|could|would) (?:you|someone|somebody|anyone|a \w+)|"
                     r"first (?:slot|opening|appointment) you(?:'ve| have)?|what(?:'s| is) the next (?:one|1|opening|"
                     r"free (?:slot|time|one)|slot|time you have))\b")

BARE_WEEKDAY = re.compile(r"(?<!\bthis )(?<!\bnext )(?<!\bcoming )\b(?:" + "|".join(WEEKDAYS) + r")\b(?! (?:this|next) week)")

BARE_ORDINAL = re.compile(r"\b(?:first|second|third|1st|2nd|3rd)\b")

DATE_WORDS = re.compile(r"\b(?:" + "|".join(MONTH_NAMES) + r"|of|month|\w+day|week)\b")

# "Anything later?", "something a bit earlier": other times than those offered
LATER_EARLIER = re.compile(r"\b(?:anything|something|any(?: times?)?|nothing|a bit|a little) ?(later|earlier)\b|"
                           r"\b(later|earlier) (?:than that|times?|in the day)\b")

# "Straight after", "right before my haircut", "while I'm there": next to one of their appointments.
NEXT_TO_THEIRS = re.compile(
    r"\b(?:(?:straight|right|just|directly|immediately) )?(?:(?P<before>before)|after) "
    r"(?:(?:my|the) (?P<mine>[a-z]+(?: [a-z]+)?)|(?P<pointed>that|it)|mine)\b|"
    r"\b(?:straight|right|directly|immediately) (?:after(?:wards)?|(?P<before2>before))\b|\bafterwards\b|"
    r"\bback to back\b|\bwhile i'?m (?:there|in)\b|\b(?:at|in|during) the same (?:visit|appointment|time)\b")

ORDINAL_CHOICES = {"first": 0, "1st": 0, "earliest": 0, "earlier": 0, "second": 1, "2nd": 1, "middle": 1,
                   "third": 2, "3rd": 2, "last": -1, "latest": -1, "later": -1}

PARTS_OF_DAY = {"morning": (0, 12), "afternoon": (12, 17), "lunchtime": (11, 14), "evening": (17, 24),
                "early morning": (0, 10), "late morning": (10, 12), "early afternoon": (12, 15),
                "late afternoon": (15, 18), "early evening": (17, 19), "late evening": (19, 24),
                "after lunch": (13, 18)}

SOON = re.compile(r"\bin (?:(?:an|1) hour|half an hour|(?:about |around )?(\d{1,3}) (minutes?|mins?|hours?|hrs?))\b")

_AMOUNT = r"(\d+|half an|an|a|one|two|three)"
_UNIT = r"(minutes?|mins?|hours?|hrs?|days?|weeks?)"
SHIFT = re.compile(rf"\b{_AMOUNT} {_UNIT} (later|earlier)\b")
SHIFT_COUNTS = {"half an": 0.5, "an": 1, "a": 1, "one": 1, "two": 2, "three": 3}
SHIFT_UNITS = {"m": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60}
# "push it back an hour", "bring it forward 30 minutes", "move my appointment up by half an hour"
SHIFT_PHRASAL = re.compile(r"\b(?:push|move|put|bump|bring|set)\w* (?:it|that|this|me|(?:my|the) \w+)? ?"
                           rf"(back|forward|up|later|earlier)(?: by)? {_AMOUNT} {_UNIT}\b")

MAKE_IT_INSTEAD = re.compile(r"\b(?:make|change|move) it\b.*\binstead\b|\bactually,? (?:make|change|move) it\b")
WEEK_AFTER = re.compile(r"\b(?:to|for|into|until) (?:the )?(?:week after|following week)\b")

# "move the Friday one to next Thursday": where it moves to
TO_WORDS = re.compile(r"\b(?:to|till|until|into)\b")

# "same time next week"
SAME_TIME = re.compile(r"\bsame time\b")

# "next week", "the week after"
NEXT_WEEK = re.compile(r"\b(?:next|following) week\b|\bweek after\b")

TOO_EARLY_OR_LATE = re.compile(r"\b(?:a bit |a little |way )?too (early|late)\b")

KEY_SAID = re.compile(r"(?:(?:ok|okay|yes|yeah|um|uh|so) )?(?:i'?ll )?(?:press(?:ed|ing)? |number |option )?"
                      r"([1-9])(?: please| then| thanks)?")

NEXT_WEEK_SAID = re.compile(r"\bnext week\b")

NEXT_OR_WEEK_AFTER = re.compile(NEXT_WEEK_SAID.pattern + r"|\bweek after\b")

# "the end of next week", "later next week"
LATE_NEXT_WEEK = re.compile(r"\b(?:end|late|later|latter)\b[a-z ]{0,12}next week")

# "is it too early?": a question, not a time turned down
IS_IT_TOO = re.compile(r"\bis it too\b")

# "anything sooner?", "get me in earlier"
SOONER_ASKED = re.compile(r"\b(?:anything|something|any \w+) (?:sooner|earlier)\b|\bme (?:in )?(?:sooner|earlier)\b")

# "that day", "on the day": the day already said
SAME_DAY = re.compile(r"\b(?:that|the same) day\b|\bon the day\b")

DAY_WORD = re.compile(r"\b(?:day|date)\b")

# "they are all too early": every time offered
ALL_OF_THOSE = re.compile(r"\b(?:all|those|these|them|they)\b")

# a day of the week named (as written: lower case)
WEEKDAY_NAMED = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b")

TABLE: dict[str, Phrase] = {  # the examples each pattern must and must not match (lower-cased, as heard)
    "BOUND": Phrase(BOUND,
                       must=('no sooner than 10', 'anytime after 3 pm', 'before 11', 'not before 9:30'),
                       must_not=('after 20 minutes', 'before 2 people arrive', 'at 10')),
    "BETWEEN": Phrase(BETWEEN,
                       must=('between 2 and 4', 'from 10 till noon', 'between 9:30 am and 11'),
                       must_not=('between 2 and 4 people', 'from monday to friday')),
    "SELF_CORRECTION": Phrase(SELF_CORRECTION,
                       must=('tomorrow at 3, actually no, make it 4', 'a haircut, sorry, a blow dry', 'at 2, i mean 3'),
                       must_not=("actually i'd like a haircut", 'sorry to bother you')),
    "SOONEST": Phrase(SOONEST,
                       must=("what's the soonest you have", 'the first available', 'asap please', "whatever's free"),
                       must_not=('what time do you close', 'the first of may')),
    "LATER_EARLIER": Phrase(LATER_EARLIER,
                       must=('anything later?', 'something a bit earlier', 'later in the day'),
                       must_not=("i'll call later", 'see you later')),
    "DAY_NEXT_TO": Phrase(DAY_NEXT_TO,
                       must=('the day after', 'what about the day before that', 'is there anything the day after then'),
                       must_not=('the day after tomorrow at 3', 'a day off')),
    "CLOCK_ALONE": Phrase(CLOCK_ALONE,
        must=('what about 1:30', '11 please', '12 please'),
        must_not=('what about the day after', 'actually the last one', 'make it 2 pm instead'), how="fullmatch"),
    "POSITION": Phrase(POSITION,
        must=('the 2nd one please', 'the 1st one', 'service 3'),
        must_not=("it's my first time", 'erm what was it called again', 'is there anything this week')),
    "OTHER_OFFER": Phrase(OTHER_OFFER,
        must=('actually the last one',),
        must_not=("do you need my last name it's aisha sharma", 'the water is still pouring in', "put it under my husband's name john"), how="fullmatch"),
    "ACCEPTING": Phrase(ACCEPTING,
        must=("that's fine", 'ok book it', 'any of them is fine'),
        must_not=("what's the soonest you have", 'sam at example dot com', 'boiler service', 'hmm, maybe')),
    "BARE_YES": Phrase(BARE_YES,
        must=('yes',),
        must_not=("what's the soonest you have", 'how soon can you get here', 'sam at example dot com', 'yes at 3', 'yes, but not tuesday'), how="fullmatch"),
    "EARLIER_OR_LATER": Phrase(EARLIER_OR_LATER,
        must=('same day but earlier please', 'is there anything earlier that day', 'can i come in earlier'),
        must_not=('can you move it to the same time next week', 'actually make it the same time on saturday instead', 'i need to change the time')),
    "BARE_WEEKDAY": Phrase(BARE_WEEKDAY,
        must=('tuesday evening',),
        must_not=('next monday at 3', 'this friday please', 'monday next week')),
    "BARE_ORDINAL": Phrase(BARE_ORDINAL,
        must=('1st',),
        must_not=('overflowing', 'everywhere', 'tomorrow', 'the first one', 'fourth'), how="fullmatch"),
    "DATE_WORDS": Phrase(DATE_WORDS,
        must=('the 3rd of march', 'next week', 'on friday'),
        must_not=('the 1st', 'the 2nd', 'weekend please')),
    "NEXT_TO_THEIRS": Phrase(NEXT_TO_THEIRS,
        must=('hi can i add a blow dry after it', 'can i add a beard trim straight after', "i'd like 2 haircuts back to back tomorrow"),
        must_not=('can i book the same as last time for thursday', "what's the latest appointment the day after tomorrow for a blow dry", "i'd like to book an appointment")),
    "SOON": Phrase(SOON,
        must=('could you fit me in 2 hours', "i'd like a blow dry in 20 minutes", 'can i come in an hour'),
        must_not=("hey i'm running about 15 minutes late", 'how about half past 10 in the morning', 'it takes half an hour')),
    "SHIFT": Phrase(SHIFT,
        must=('can you make it 30 minutes later', 'half an hour earlier please', "it's only 15 minutes later"),
        must_not=('oh seven nine one one, one two three, four five six', 'can i book a haircut every two weeks', "i'd rather see them a couple days earlier")),
    "SHIFT_PHRASAL": Phrase(SHIFT_PHRASAL,
        must=('i need to push it back an hour', 'push my haircut back 2 hours', 'bring it forward 30 minutes'),
        must_not=('can you move the other one to 3 days from now at 11', 'oh seven nine one one, one two three, four five six', 'move my wednesday one to saturday')),
    "MAKE_IT_INSTEAD": Phrase(MAKE_IT_INSTEAD,
        must=('actually can you make it a colour instead?', 'actually can you make it a haircut instead?', 'actually make it the same time on saturday instead'),
        must_not=('and a blow dry thursday at 5pm', 'and can i get one for me at 11', 'and another in 4 days at 3', 'can you make it 3')),
    "WEEK_AFTER": Phrase(WEEK_AFTER,
        must=('and can i rebook it for the week after?', 'can i move my appointment to the week after?', 'can i move my follow up in 3 days to the following week same time'),
        must_not=('the one the day after tomorrow', 'can i rebook for next week', 'i need to change my appointment')),
    "TO_WORDS": Phrase(TO_WORDS,
        must=('actually i need to cancel that', "i'm really into szcheuan food.", "let's wait until another day. thanks for the help."),
        must_not=('1 in the afternoon on the 1st.', '12:15 in the afternoon please.', 'a consultation for friday week', 'today at 3', 'tomorrow please')),
    "SAME_TIME": Phrase(SAME_TIME,
        must=('can you move it to the same time next week',),
        must_not=('i need to change the time', 'the one the day after tomorrow', 'i need to change my appointment')),
    "NEXT_WEEK": Phrase(NEXT_WEEK,
        must=('can you move it to the same time next week',),
        must_not=('actually make it the same time on saturday instead', 'same time', 'next weekend', 'this week')),
    "TOO_EARLY_OR_LATE": Phrase(TOO_EARLY_OR_LATE,
        must=('not that first one, too early', "they're all too late for me"),
        must_not=('sometime next week, tuesday ideally, late afternoon', 'is that going to be expensive', 'no, none of those work for me')),
    "KEY_SAID": Phrase(KEY_SAID,
        must=('2 please',),
        must_not=('the 2nd one please', 'yeah my basement is flooding i need someone right now', 'yes'), how="fullmatch"),
    "NEXT_WEEK_SAID": Phrase(NEXT_WEEK_SAID,
        must=('can i get a haircut next week',),
        must_not=('this week', 'the week after')),
    "NEXT_OR_WEEK_AFTER": Phrase(NEXT_OR_WEEK_AFTER,
        must=('can i get a haircut next week',),
        must_not=('the one the day after tomorrow', 'is there anything this week', 'can i book a haircut in 5 days')),
    "LATE_NEXT_WEEK": Phrase(LATE_NEXT_WEEK,
        must=('a haircut at the end of next week',),
        must_not=('can i get a haircut next week',)),
    "IS_IT_TOO": Phrase(IS_IT_TOO,
        must=('is it too early to come in', 'is it too late'),
        must_not=('not that first one, too early',)),
    "SOONER_ASKED": Phrase(SOONER_ASKED,
        must=('is there anything earlier that day', 'is there anything sooner for my haircut'),
        must_not=('same day but earlier please', 'i need to change my appointment', 'i need to move my appointment')),
    "SAME_DAY": Phrase(SAME_DAY,
        must=('is there anything earlier that day',),
        must_not=('is there anything sooner for my haircut', 'the same time', 'the day after')),
    "DAY_WORD": Phrase(DAY_WORD,
        must=('change the day', 'a different date'),
        must_not=('i need to change the time', 'today please')),
    "ALL_OF_THOSE": Phrase(ALL_OF_THOSE,
        must=("they're all too late for me",),
        must_not=('not that first one, too early', "the first one's too early")),
    "WEEKDAY_NAMED": Phrase(WEEKDAY_NAMED,
        must=('sometime next week tuesday ideally late afternoon',),
        must_not=('can i get a haircut next week', 'a haircut at the end of next week', 'can i rebook for next week', 'mondays are best')),
}
