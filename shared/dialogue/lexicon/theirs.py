"""The caller's own appointments: checking one, a day in doubt, all of them, can't make it, booked
under another number, a confirmation to send again.
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.phrase import Phrase
from shared.dialogue.lexicon.words import BOOKING_NOUN, CANT_DO_DAY
from shared.domain.business import WEEKDAYS

ALL_OF_THEM = re.compile(r"\b(?:all|both)(?: of)? (?:my |the |those |these )?(?:appointments|bookings)\b|"
                         r"\b(?:all|both) of them\b|\bcancel (?:them )?(?:all|both|everything)\b")

# "I got a text saying it's tomorrow but I think that's wrong, I booked for Friday": when is it, really
DAY_IN_DOUBT = re.compile(r"\bi think (?:that's|that is|it's|it is|you've got it|you have it) wrong\b|\bi thought "
                          r"(?:it was|i booked|i'd booked|i had booked|my appointment was|we said)\b|\bi (?:booked|made) "
                          r"(?:it |mine |my appointment )?for (?:\w+day|the \d+\w*)\b|\b(?:isn't|is not|wasn't) (?:it|my "
                          r"appointment|my booking) (?:on|for) \w+day\b")

CONFIRM_MINE = re.compile(
    r"\b(?:re)?confirm\w*\b.{0,30}\b(?:my|our|the) " + BOOKING_NOUN + r"\b|\bcalling to confirm\b|"
    r"\bjust confirming\b|\b(?:am i|are we) still (?:on|booked)\b|\bstill on for\b")

# "I'm calling about my booking": theirs, then what they want done with it.
ABOUT_MINE = re.compile(r"\b(?:calling|call|ringing|phoning|here|question) (?:about|regarding|re|for) (?:my|our) "
                        r"(?:appointment|booking|reservation|visit)s?\b|^(?:it's |its )?about my (?:appointment|booking)")

CANT_MAKE_IT = re.compile(r"\b(?:can'?t|cannot|won'?t(?: be able to)?|not be able to|not (?:going to|gonna)(?: be able "
                          r"to)?|unable to) (?:make|come|get there|get in|be there|attend)\b|\bwon'?t be coming\b|"
                          + CANT_DO_DAY)

# "Can you text me your address?": the business's address by text (not a booking's confirmation)
TEXT_ADDRESS = re.compile(r"\b(?:text|sms|message|send)(?: it| that)?(?: (?:me|us|over))?(?: with)? (?:your|the|over the|"
                          r"over your|you(?:r)? guys'?) (?:address|location|directions|postcode|zip code)\b|"
                          r"\b(?:address|location|directions) (?:by|in a|via|as a|over) (?:text|sms|message)\b")

SEND_ME = re.compile(r"\b(?:text|sms|message|e-?mail|mail|send)(?: it| that| them| one)? (?:me|us|him|her|them|over)\b"
                     r".*\b(?:details|confirmation|appointment|booking|info|information|reminder|time)\b|"
                     r"\b(?:text|sms|message|e-?mail|mail|send)(?: me| us)? (?:the|my|our|a) (?:details|confirmation|"
                     r"appointment|booking|info|information|reminder|time)\b|\b(?:a|the) (?:text|e-?mail) with the\b|"
                     r"\b(?:text|e-?mail) (?:it|that|them) to me\b|"
                     r"\b(?:text|e-?mail) me (?:too|as well|also)\b|"
                     r"\b(?:get|have|put) (?:it|that|this|them|the details|everything) in writing\b|"
                     r"\b(?:confirm|confirmation) (?:it |that |this )?(?:by|via|over) (?:e-?mail|text|sms)\b|"
                     r"\b(?:never|didn'?t|did not|haven'?t|have not|hasn'?t) (?:got|get|gotten|received?|come through|"
                     r"arrived|seen?)\b.{0,25}\b(?:confirmation|text|e-?mail|message)\b|"
                     r"\b(?:confirmation|text|e-?mail) (?:never|didn'?t|did not|hasn'?t) (?:came|come|arrive|arrived|"
                     r"come through)\b|\bre-?send\b")

# "I missed a call from you", "I got a text from this number", "why did you call me?"
HEARD_FROM_US = re.compile(
    r"\b(?:missed|got|had|received|getting) (?:a |an |some )?(?:call|text|message|voicemail|sms|texts|calls|messages)"
    r"(?: \w+)? from (?:you|this number|your number|here|y'all)\b|\b(?:you|someone|somebody) (?:guys )?(?:just )?"
    r"(?:called|rang|texted|messaged|tried to call) me\b|\bwho (?:just )?(?:called|rang|texted) me\b|"
    r"\bwhy (?:did|do) you (?:keep )?(?:call|ring|text)(?:ing)? me\b")

# "It's my appointment", "my wife booked it", "under another number": the booking they mean exists,
# just not for the number they called from.
BOOKED_ELSEWHERE = re.compile(
    r"\b(?:another|different|other|old|work|home|landline|(?:my )?(?:wife|husband|partner|mum|mom|mother|dad|father|"
    r"friend|son|daughter|boss)'?s?) (?:number|phone|mobile|cell)\b|\bmy (?:appointment|booking)\b|\bi (?:do|did) "
    r"have\b|\bi(?:'ve| have) (?:got )?(?:an?|one)\b|\bi (?:definitely |already )?(?:booked|made (?:one|it|an?))\b|"
    r"\b(?:should|must) be (?:one|there)\b|\b(?:it'?s|it is|booked) under\b|\b(?:booked|made) (?:it|one) for me\b|"
    r"\bsort (?:it|that) out\b|\blook (?:it )?up\b|\b(?:his|her|their|a) (?:number|phone|mobile|cell)\b|"
    r"\b(?:wife|husband|partner|mum|mom|mother|dad|father|friend|son|daughter|boss|someone else|somebody else) "
    r"(?:booked|made|set up|arranged)\b")

# "the other one": another of their appointments
THE_OTHER_ONE = re.compile(r"\bthe other (?:one|appointment|booking|1)\b")

THE_NEXT_ONE = re.compile(r"(?:and |what about |ok |okay )?(?:the (?:one|1) after (?:that|it)|after that|the next "
                          r"(?:one|1)|the other (?:one|1)|the second (?:one|1))\W*")
RUNNING_LATE = re.compile(r"\b(?:running late|be late|going to be late|late for my|stuck in traffic|on my way)\b|"
                          r"\brunning\b[^.?!]{0,25}\blate\b|\b(?:minutes?|mins?|bit|little) late\b")

# "move my Tuesday one to Thursday", "the appointment on Friday to ...": theirs, by its day
THEIR_DAY_ONE = re.compile(r"\b(?:my|the|our) (" + "|".join(WEEKDAYS) + r")(?:'s)? (?:one|1|appointment|booking)\b|"
                           r"\b(?:appointment|booking|one) (?:on|for) (" + "|".join(WEEKDAYS) + r")\b(?=.*\bto\b)")

TABLE: dict[str, Phrase] = {  # the examples each pattern must and must not match (lower-cased, as heard)
    "CONFIRM_MINE": Phrase(CONFIRM_MINE,
                       must=("i'm calling to confirm my appointment", 'am i still booked for friday', 'just confirming'),
                       must_not=('can you confirm the price', "i'd like to book")),
    "ABOUT_MINE": Phrase(ABOUT_MINE,
                       must=("i'm calling about my booking", "it's about my appointment", 'a question about my appointment'),
                       must_not=("i'm calling about a haircut", 'what about my friend')),
    "ALL_OF_THEM": Phrase(ALL_OF_THEM,
                       must=('cancel all my appointments', 'both of them', 'cancel everything'),
                       must_not=('cancel my appointment', 'all the times are fine')),
    "CANT_MAKE_IT": Phrase(CANT_MAKE_IT,
                       must=("i can't make it tomorrow", "i won't be able to come", "i can't do friday any more"),
                       must_not=('i can make it', 'can you make it later')),
    "SEND_ME": Phrase(SEND_ME,
                       must=('can you text me the details', 'email me the confirmation', 'i never got a confirmation text', 'can i get that in writing'),
                       must_not=('can you send someone out', 'i got your text, thanks')),
    "HEARD_FROM_US": Phrase(HEARD_FROM_US,
                       must=('i missed a call from you', 'someone just called me', 'why did you text me'),
                       must_not=("i'll call you back", 'i called you yesterday')),
    "DAY_IN_DOUBT": Phrase(DAY_IN_DOUBT,
        must=('i thought my appointment was tomorrow', "so i got a text saying my appointment is tomorrow but i think that's wrong"),
        must_not=('i booked in for a massage but i think i booked the wrong day', "can you tell me what i've got booked", 'i booked for the wrong service it should be a colour')),
    "TEXT_ADDRESS": Phrase(TEXT_ADDRESS,
        must=('can you text me your address?', 'can you send me the address by text?', 'oh wait can you text me the address too'),
        must_not=("what's your cancellation policy", 'are you guys available on sunday', 'can you text me my appointment details?')),
    "BOOKED_ELSEWHERE": Phrase(BOOKED_ELSEWHERE,
        must=('oh my wife booked it, under her number', 'my appointment'),
        must_not=('yes', "i'd like to book an appointment")),
    "THE_OTHER_ONE": Phrase(THE_OTHER_ONE,
        must=('and cancel the other one',),
        must_not=('actually i need to cancel that', 'i need to push it back an hour', 'can you cancel the beard trim', 'the other day')),
    "THE_NEXT_ONE": Phrase(THE_NEXT_ONE,
        must=('and the one after that', 'and the next one'),
        must_not=('can i add a beard trim straight after', 'can i book a beard trim as well', 'i need to cancel on saturday'), how="fullmatch"),
    "RUNNING_LATE": Phrase(RUNNING_LATE,
        must=("i'll be 10 minutes late on thursday", "hey i'm running about 15 minutes late", "i'm going to be late for my appointment"),
        must_not=('is that going to be expensive', "i'd like a blow dry in 20 minutes", "they're all too late for me")),
    "THEIR_DAY_ONE": Phrase(THEIR_DAY_ONE,
        must=('move my wednesday 1 to saturday',),
        must_not=('the one the day after tomorrow', "i can't make thursday anymore", 'i need to cancel my appointment')),
}
