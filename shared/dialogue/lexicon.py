"""The offline engine's phrase knowledge, grouped by concern: each pattern with the examples it
must and must not match, so a change to one is checked against both (tests/unit/test_lexicon.py
runs every table). Written once here; the engine imports the compiled patterns.

Moved here so far: the interrupts (a turn's first stage). The rest of policy.py's patterns follow
as the engine is split into workflows (docs/dialogue.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.dialogue.nlu import CAP
from shared.domain.business import WEEKDAYS
from shared.language.when import MONTH_NAMES


@dataclass(frozen=True)
class Phrase:
    pattern: re.Pattern[str]
    must: tuple[str, ...]
    must_not: tuple[str, ...]
    how: str = "search"  # "match": from the start of what was said (lower-cased), as the engine asks it


# --- interrupts: what a caller says over any workflow ---------------------------------------

INTERRUPTS: dict[str, Phrase] = {
    "ARE_YOU_THERE": Phrase(
        re.compile(r"^(?:(?:hello|hi|hey|um|uh)\W*)*(?:are you (?:still )?there|you there|can you hear me|"
            r"is (?:anyone|anybody|someone|somebody) there|did you hear me)\W*$"),
        must=("are you there?", "hello? are you still there", "can you hear me", "is anybody there"),
        must_not=("are you there on saturdays?", "can you hear me out on the price"), how="match"),
    "HOLD_ON": Phrase(
        re.compile(
            r"^(?:(?:ok|okay|um|uh|erm|yeah|yes|sorry|oh)[ ,.]+)*(?:(?:hold|hang) on|(?:just )?(?:one|a|1) (?:sec|second|"
            r"moment|minute|mo|tick)|give me (?:a|one) (?:sec|second|moment|minute|mo)|wait|(?:can|could) you (?:hold|wait)(?: on)?|"
            r"bear with me|(?:i've got|i have|there's) (?:someone|somebody|a call) on (?:the|my) other line|"
            r"(?:hang on|hold on)?[ ,]*(?:i'?m )?(?:on )?my other line|someone(?:'s| is) at (?:the|my) door)"
            r"(?: (?:a|one) (?:sec|second|moment|minute|mo|tick))?(?: please)?(?:[ ,.]+(?:let me|i'll|i need to|i "
            r"have to|i've got to) (?:check|grab|find|get|look at|have a look at) [a-z' ]{0,30})?[ .!]*$"),
        must=("hold on", "one sec", "ok, give me a moment", "sorry, someone's at the door",
              "hang on, let me check my diary"),
        must_not=("can you hold the 3 pm for me", "i'll wait for the afternoon slot"), how="match"),
    "REPEAT": Phrase(
        re.compile(
            r"^(?:(?:sorry|oh|um|uh|hello)[ ,?!.]+)*(?:sorry|pardon|excuse me|what|huh|come again|say (?:that|it) again|"
            r"(?:is|was|are|were) (?:that|those|they|it) (?:am or pm|morning or (?:afternoon|evening|night)|in the morning or "
            r"(?:the )?(?:afternoon|evening))|(?:can|could) you (?:please )?"
            r"(?:repeat|say) (?:that|it|the times?)(?: again)?|repeat (?:that|it|please)|i didn'?t (?:catch|hear|get) "
            r"(?:that|it|you|the time)|what (?:time|day) (?:did you say|was (?:that|it))(?: again)?|"
            r"what (?:was|is|were) the (?:time|day|date|times)(?: again)?|(?:when|what time) (?:was|is) (?:that|it) again|"
            r"what was that|what did you say|one more time|(?:can|could) you (?:please )?(?:say|repeat) (?:that|it)(?: again)? "
            r"(?:slower|more slowly|louder)|(?:slower|louder) please|(?:can|could) you (?:please )?(?:speak|talk) (?:up|louder|"
            r"slower|more slowly)|i can'?t (?:hear|understand) you(?: very well| properly| clearly)?|you(?:'re)? (?:cut|cutting|"
            r"broke|breaking) (?:out|up)(?: there)?|(?:it's a |this is a )?bad (?:line|connection)|what (?:times|were the times|were they)(?: again)?)(?: please)?(?:[ ,?!.]+(?:sorry|please|what|"
            r"again))*[ ?!.]*$"),
        must=("sorry?", "pardon", "could you repeat that", "what time did you say", "you're breaking up",
              "was that am or pm"),
        must_not=("what time do you close", "sorry, i need to cancel"), how="match"),
    "LEAVE_MESSAGE": Phrase(
        re.compile(r"\b(?:leave|take|record) (?:a |an |me a |me an |her a |him a )?(?:urgent |quick |short )?"
            r"(?:message|voicemail|voice mail)\b|"
            r"\b(?:pass|give) (?:on )?a message\b|\bmessage for (?:the team|someone|somebody)\b"),
        must=("can i leave a message", "could you take a message for the team", "i'd like to leave a voicemail",
              "please pass on a message"),
        must_not=("i got your message", "i'll send a message later")),
    # A sales call for the business: "I'm calling to see if you need a new website"
    "SALES_CALL": Phrase(
        re.compile(r"\b(?:calling|reaching out|ringing)\b.{0,40}\b(?:website|web design|seo|marketing|"
            r"google (?:listing|ranking|reviews)|merchant services|card processing|business loan|"
            r"advertis\w*|solar|energy (?:bill|supplier)|business insurance)\b|"
            r"\bare you the (?:business )?owner\b|\bdecision maker\b"),
        must=("hi, i'm calling about your website", "we're reaching out about your google listing",
              "are you the business owner"),
        must_not=("i'm calling to book a haircut", "i saw your website and want to book")),
}

ARE_YOU_THERE = INTERRUPTS["ARE_YOU_THERE"].pattern
HOLD_ON = INTERRUPTS["HOLD_ON"].pattern
REPEAT = INTERRUPTS["REPEAT"].pattern
LEAVE_MESSAGE = INTERRUPTS["LEAVE_MESSAGE"].pattern
SALES_CALL = INTERRUPTS["SALES_CALL"].pattern

TABLES = {"interrupts": INTERRUPTS}


# --- the rest of the engine's phrases (moved from policy.py; to be grouped and given examples) ---

QUESTION_START = re.compile(r"^(?:what|where|when|how|why|which|who|do you|do your|do they|does|is there|are there|are you|is it|"
                            r"can i|could i|can you tell|could you tell|do i|will i|should i|may i)\b")


CALL_ME_BACK = re.compile(
    r"\b(?:call|ring|phone) me (?:back|later|tomorrow|in \w+|after)\b|\b(?:can|could) (?:someone|somebody|you|they|"
    r"the team|a person) (?:call|ring|phone) me\b|\bhave (?:someone|somebody|them|the team) (?:call|ring) me\b|"
    r"\b(?:get|give) me a call ?back\b|\brequest a call ?back\b|\bcall ?back\b.*\bplease\b")


ALL_OF_THEM = re.compile(r"\b(?:all|both)(?: of)? (?:my |the |those |these )?(?:appointments|bookings)\b|"
                         r"\b(?:all|both) of them\b|\bcancel (?:them )?(?:all|both|everything)\b")


ABOUT_ROXY = re.compile(
    r"\b(?:are|r) (?:you|u) (?:an? )?(?:real |actual |live )?(?:person|human|robot|bot|machine|ai|computer|"
    r"recording|automated)\b|\bis this (?:an? )?(?:robot|bot|machine|recording|automated|real person|human)\b|"
    r"\bwho (?:am i|is this|are you)\b|\bwhat(?:'s| is) your name\b|\bwho (?:am i )?(?:speaking|talking) (?:to|with)\b|"
    r"\bwhat (?:can|do) you do(?: for me)?\W*$|\bhow can you help(?: me)?\W*$|\bwhat are (?:my|the) options\W*$")


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


# "I got a text saying it's tomorrow but I think that's wrong, I booked for Friday": when is it, really
DAY_IN_DOUBT = re.compile(r"\bi think (?:that's|that is|it's|it is|you've got it|you have it) wrong\b|\bi thought "
                          r"(?:it was|i booked|i'd booked|i had booked|my appointment was|we said)\b|\bi (?:booked|made) "
                          r"(?:it |mine |my appointment )?for (?:\w+day|the \d+\w*)\b|\b(?:isn't|is not|wasn't) (?:it|my "
                          r"appointment|my booking) (?:on|for) \w+day\b")


CONFIRM_MINE = re.compile(
    r"\b(?:re)?confirm\w*\b.{0,30}\b(?:my|our|the) (?:appointment|booking|visit|reservation)\b|\bcalling to confirm\b|"
    r"\bjust confirming\b|\b(?:am i|are we) still (?:on|booked)\b|\bstill on for\b")


CLOCK_ALONE = re.compile(r"(?:um |uh |at |the |how about |what about |can i do |can i have )*(\d{1,2})(?:[: ](\d{2}))?"
                         r"(?: ?(am|pm|oclock|o clock))?(?: (?P<one>one|1)| please| is fine| works| instead)*[.!?]?")


# "Hello? Is this Bella's?": checking they rang the right place.
REACHED = re.compile(r"^(?:(?:hi|hello|hey|yes|yeah|um|uh|oh|sorry) )*(?:is (?:this|that)|have i (?:reached|got)|"
                     r"am i (?:speaking|talking|through) (?:to|with)) (?!(?:an? )?(?:robot|bot|machine|recording|"
                     r"automated|real|human|person|good|bad|ok|okay|available|free|right time)\b)(.{2,60})$")


# "I'm calling about my booking": theirs, then what they want done with it.
ABOUT_MINE = re.compile(r"\b(?:calling|call|ringing|phoning|here|question) (?:about|regarding|re|for) (?:my|our) "
                        r"(?:appointment|booking|reservation|visit)s?\b|^(?:it's |its )?about my (?:appointment|booking)")


# Choosing among what Roxy listed (services, the caller's appointments): "the second one", "number 3",
# "last", a key pressed. ("My first time" is no choice.)
POSITIONS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
             "fifth": 4, "5th": 4, "last": -1}


_ORDINAL = "|".join(POSITIONS)


POSITION = re.compile(rf"\bthe ({_ORDINAL})(?: one| option| service| appointment| booking)?\b|\b({_ORDINAL}) one\b|"
                      rf"^({_ORDINAL})\W*$|\b(?:number|option|service) ([1-9])\b")


FIRST_VISIT = re.compile(r"\b(?:(?:my|our|the|a) first (?:time|visit|appointment)|new (?:patient|client|customer)|"
                         r"(?:been |was |got )?referred (?:by|from|to)|(?:have|got) a referral|"
                         r"never (?:been|come) (?:in |here |to you )?before|haven'?t been (?:here |in |to you )?before)\b")


INTRO_SERVICE = re.compile(r"\b(?:initial|first|new|intro\w*|assessment|consultation|evaluation)\b", re.I)


# "Water's leaking everywhere, please hurry": the soonest time, and the emergency service if there is one.
URGENT = re.compile(r"\b(?:emergency|urgent\w*|right away|straight away|right now|hurry|flood\w*|burst|overflow\w*|"
                    r"leaking everywhere|no (?:heat|heating|hot water)|gushing|pouring|spraying|"
                    r"(?:coming|leaking|dripping) (?:in )?(?:through|from) (?:the|my|our) (?:\w+ )?ceiling|"
                    r"smells? (?:of )?gas|gas leak)\b")


LIVES_IN = re.compile(rf"\b(?:I'?m|I am|[Ww]e'?re|[Ww]e are|I live|[Ww]e live|[Ll]ocated|[Bb]ased)\s+(?:over |out |up |down )?"
                      rf"in\s+({CAP}(?:\s+{CAP})?)")


NEW_CLIENTS = re.compile(r"\b(?:taking|accepting|seeing|take|accept|see|open to) (?:on )?(?:any )?new "
                         r"(patients|clients|customers)\b")


# "actually, the last one" at the name question: another of the times on offer
OTHER_OFFER = re.compile(r"(?:(?:ok|okay|um|uh|actually|no|sorry|wait|hmm)[ ,]+)*(?:make it |can i have |i'll take )?"
                         r"(?:the )?(?:first|second|third|last|middle|earlier|later) (?:one|1|time|option)")


ARRIVAL = re.compile(r"\b(?:how long|when|what time)\b.{0,30}\b(?:get here|get to (?:me|us|my place)|arrive|"
                     r"be here|turn up|show up|come out)\b")


ANOTHER_ONE = re.compile(r"\b(?:also|another|(?:one|1) more|as well|too|second (?:one|1))\b")


# "She's 82 and uses a wheelchair": what the team needs to know to welcome them, in the booking's notes
ACCESS_NEEDS = re.compile(
    r"\b(?:uses?|using|in|needs?|with|on) (?:a |her |his |my |their )?(?:wheelchair|walker|walking frame|zimmer frame|"
    r"mobility scooter|crutches|walking stick|cane)\b|\bwheelchair user\b|\b(?:hard of hearing|deaf|blind|"
    r"visually impaired|partially sighted)\b|\bcan'?t (?:do|manage|climb|use) (?:the )?stairs\b", re.I)


# How to get in for a visit: "the gate code is 4512", "the key's under the mat", "use the side door"
SITE_ACCESS = re.compile(
    r"\b(?:gate|door|entry|access|building|lockbox|lock box|key ?safe|keypad|alarm) code\b|\bbuzzer\b|"
    r"\bkey(?:s)? (?:is|are|'s|will be) (?:under|in|with|behind|next to)\b|\bkey ?safe\b|"
    r"\b(?:use|come to|come round to|go round to|go to) the (?:side|back|rear|garden) (?:door|gate|entrance)\b|"
    r"\b(?:beware of|there's|we have|i have) (?:a |the )?(?:big |friendly |loud )?dog\b", re.I)


# "That's fine", "any of them": the first time on offer (said briefly, or first)
ACCEPTING = re.compile(r"\b(?:that|it|yes|yeah|yep|sure|ok|okay|fine|sounds good|works|any(?: of them| is fine)?|"
                       r"whichever|doesn't matter|don't mind|either|perfect|great|lovely|brilliant|excellent|"
                       r"grand|cool|awesome|good|alright|all right|absolutely|definitely)\b")


BARE_YES = re.compile(r"(?:(?:oh |um |uh |ok |okay )?(?:yes|yeah|yep|yup|sure|ok|okay|alright|all right|"
                      r"yes please|sure thing|ok sure|okay sure|go on|go ahead)(?: please| thanks)?)")


TEAM_MATTER = re.compile(
    r"\b(?:refund\w*|(?:my|the) money back|overcharged|charged (?:me )?(?:twice|double|too much)|double[- ]charged|"
    r"invoices?|receipts?|pay (?:my|the|an?|off) (?:bill|invoice|balance)|lost property|"
    r"(?:left|forgot|lost|dropped) (?:my|a|an|her|his|our) (?:[a-z]+ ){0,2}(?:there|behind|at (?:the|your) (?:salon|"
    r"clinic|shop|studio|place|office)|in (?:the|your) (?:salon|clinic|shop|studio|waiting room|chair|van)))\b")


PRACTITIONER = re.compile(r"\b(?:an?|the)\s+(female|male|woman|lady|man)\s+(physio(?:therapist)?|therapist|stylist|"
                          r"hairdresser|barber|plumber|technician|doctor|practitioner|engineer|dentist|one)\b", re.I)


EARLIER_OR_LATER = re.compile(r"\b(?:anything|something|any (?:times?|slots?|openings?|appointments?)|come in|"
                              r"(?:move|bring|change|make|switch) (?:it|me|my \w+|the time)(?: to)?) "
                              r"(?:a (?:bit|little) |slightly )?(earlier|sooner|later)\b|"
                              r"\b(earlier|later) (?:on )?(?:the same day|that day|the day|in the day)\b|"
                              r"\bsame day,? but (?:a (?:bit|little) )?(earlier|later)\b")


PRICE_FOR_WORK = re.compile(r"\b(?:rough|ballpark|approximate|estimated?|rough idea of (?:the )?) ?(?:price|cost|figure|"
                            r"idea)\b|\b(?:price|cost)s? (?:for|of|on) (?:a |an |the |my )?(?:new|replacement|"
                            r"replacing|installing|install|fitting)\b|\bhow much (?:would|will|does|is) it (?:cost|be) to "
                            r"(?:install|replace|fit|put in|redo|fix)\b")


# "My neighbour recommended you": said, noted, and the call goes on
RECOMMENDED = re.compile(r"\b(?:recommended (?:you|your)|referred me to you|heard (?:good things )?about you|"
                         r"found you (?:on|online|through)|saw your (?:ad|advert|van|sign|website|reviews?))\b")


# "I need a quote for a new water heater": the estimate visit, not the service named (not "getting a few quotes")
QUOTE_ASKED = re.compile(r"\b(?:a|an|the|free|get|need|want|like|for)\s+(?:free\s+)?(?:quote|estimate|quotation)\b")


# "Free Estimate", "Initial Assessment", "Consultation": where a caller unsure of the service starts
LOOK_FIRST = re.compile(r"\b(?:estimate|quote|assessment|consultation|inspection|evaluation|diagnostic|survey)\b", re.I)


UNSURE = re.compile(r"\b(?:not sure(?! (?:yet|when|if|about))|unsure|don'?t know(?! (?:yet|when|if))|dunno|no idea|whichever|"
                    r"whatever|you (?:tell me|choose|pick|decide)|(?:what|which)(?: one)? (?:do|would) "
                    r"you (?:recommend|suggest)|not certain|no clue)\b")


EMERGENCY_SERVICE = re.compile(r"\b(?:emergency|urgent|same[- ]day|call-?out)\b", re.I)


BOUND = re.compile(r"\b(no sooner than|not before|no earlier than|not earlier than|any ?time after|after|from|"
                   r"before|no later than|not after|by|until) (\d{1,2})(?::(\d{2}))?(?: ?(am|pm|oclock))?\b"
                   r"(?! (?:minutes|mins|hours|days|weeks|people))")


# "between 2 and 4", "from 10 till noon": the times in that window
BETWEEN = re.compile(r"\b(?:between|from) (\d{1,2})(?::(\d{2}))?(?: ?(am|pm))? (?:and|to|till|until|-) "
                     r"(\d{1,2}|noon)(?::(\d{2}))?(?: ?(am|pm))?\b(?! (?:minutes|mins|hours|days|weeks|people))")


SELF_CORRECTION = re.compile(r"[ ,.]+(?:actually|sorry|no wait|wait|i mean|or rather|rather|scratch that|oh no)[ ,.]+"
                             r"(?:no[ ,.]+)?(?:(?:can you |could you |let's |please )?(?:make (?:it|that)|change (?:it|that) "
                             r"to|say|do|i mean|(?:how about|what about))[ ,]+)?(?P<rest>\w.*)$")


DAY_NEXT_TO = re.compile(r"^(?:(?:what about|how about|or|and|maybe|ok|okay|um|is there anything|anything)\s+)*"
                         r"(?:on\s+)?the day (after|before)(?: that)?(?: then| instead| maybe| please)?$")


AVOID_DAY = re.compile(r"(?i),? ?\b(?:except|but not|apart from|other than|excluding|anything but|any day but|(?<!why )not|"
                       r"(?:i )?(?:can't|cannot|can not) do|(?:i'm |i am )?(?:not (?:free|available)|busy))"
                       r"(?: on)?(?: a)? (" + "|".join(WEEKDAYS) + r")s?\b(?! ?(?:any ?more|after all|now)\b)")


RECURRING = re.compile(r"\bevery (?:other|second|2|3|4|5|6|two|three|four|five|six|few) (?:weeks|months)\b|"
                       r"\bevery (?:week|month|fortnight)\b|\b(?:fortnightly|monthly|weekly)\b|"
                       r"\b(?:a )?(?:regular|recurring|standing) (?:appointment|booking|slot)\b")


# "and tomorrow?" / "what about Saturday?" just after the opening hours were given
HOURS_FOLLOW_UP = re.compile(r"^(?:(?:and|so|ok|okay|what about|how about)[ ,]+)*(?:on |for )?(?:today|tomorrow|tonight|"
                             r"(?:this |next )?(?:mon|tues|wednes|thurs|fri|satur|sun)days?|the weekend|weekends|"
                             r"(?:the )?day after tomorrow|the \d{1,2}(?:st|nd|rd|th)?(?: of \w+)?|"
                             r"(?:christmas|new year'?s|thanksgiving|easter)(?: day| eve)?)(?: then)?$")


# A question beside a request: "how much is a haircut, and do you have anything tomorrow?"
SIDE_QUESTION = re.compile(r"(?:how much|how long|is there|are there|do you (?:take|accept|have parking|do)|"
                           r"(?:will|would|do|does) (?:i|it|that|you) (?:be |have to |need to )?(?:charge\w*|pay|cost)|"
                           r"does it|where|what(?:'s| is) your (?:address|cancellation)|can i (?:pay|park|bring)|"
                           r"what(?:'s| is| are) (?:your|the) (?:prices?|rates?|price list|charges))\b")


AVAILABILITY_WORDS = re.compile(r"\b(?:anything|available|free|openings?|slots?|space|room|fit me|get me)\b")


CANT_MAKE_IT = re.compile(r"\b(?:can'?t|cannot|won'?t(?: be able to)?|not be able to|not (?:going to|gonna)(?: be able "
                          r"to)?|unable to) (?:make|come|get there|get in|be there|attend)\b|\bwon'?t be coming\b|"
                          r"\b(?:can'?t|cannot|won'?t be able to) do (?:\w+day|tomorrow|today|tonight|it)(?: any ?more|"
                          r" after all| now)\b")


PLACES = frozenset("salon studio shop store clinic office practice spa barber barbers barbershop parlour parlor "
                   "surgery centre center garage place business".split())


USUAL = re.compile(r"\b(?:the|my) usual\b|\bsame (?:as|thing as) (?:last time|before|always)\b|\bthe same thing\b")


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


# What a trade caller describes -> the kind of service that fixes it (matched against service names)
PROBLEM_SERVICES = [
    (r"\b(?:blocked|clogged|backed up|won't (?:drain|flush)|not draining|slow(?:ly)? draining|drain (?:is|'s) "
     r"(?:blocked|slow)|(?:garbage )?disposal (?:is |'s )?(?:jammed|stuck|blocked|clogged|not working|broken))\b",
     r"\b(?:drain|unblock|clog|rooter)"),
    (r"\b(?:no hot water|water heater|hot water (?:tank|heater|cylinder)|boiler|no heat(?:ing)?|furnace)\b",
     r"\b(?:heater|boiler|heating|furnace)"),
]


SOONEST = re.compile(r"\b(?:soonest|earliest|first available|next available|as soon as possible|asap|any ?day|"
                     r"whatever(?:'s| is)? (?:first|free|available|open|you(?:'ve)? (?:got|have))|"
                     r"(?:the )?first (?:one|thing|day|slot) (?:you(?:'ve| have)? (?:got|have|free)|going|available)|"
                     r"whenever|how (?:soon|quickly|fast) (?:can|could|would) (?:you|someone|somebody|anyone|a \w+)|"
                     r"first (?:slot|opening|appointment) you(?:'ve| have)?|what(?:'s| is) the next (?:one|1|opening|"
                     r"free (?:slot|time|one)|slot|time you have))\b")


BARE_WEEKDAY = re.compile(r"(?<!\bthis )(?<!\bnext )(?<!\bcoming )\b(?:monday|tuesday|wednesday|thursday|friday|"
                          r"saturday|sunday)\b(?! (?:this|next) week)")


BARE_ORDINAL = re.compile(r"\b(?:first|second|third|1st|2nd|3rd)\b")


DATE_WORDS = re.compile(r"\b(?:" + "|".join(MONTH_NAMES) + r"|of|month|\w+day|week)\b")


COMPLAINT = re.compile(
    r"\b(?:make|file|lodge|have|raise) a complaint\b|\bcomplain\w*\b|\b(?:not|wasn't|isn't|am not|i'm not) "
    r"(?:at all )?(?:happy|pleased|satisfied) with\b|\bunhappy with\b|\bdisappointed with\b|"
    r"\b(?:terrible|awful|horrible|bad|poor) (?:service|experience|job|work|haircut|cut)\b|\bruined my\b")


# "Can I have acupuncture if I'm pregnant?", "is it safe with a pacemaker?": for the team, never guessed
HEALTH_QUESTION = re.compile(
    r"\b(?:if|while|when|since|as|because) (?:i'?m|i am|she'?s|she is|he'?s|he is|i'?ve been|i have been) (?:\w+ )?"
    r"(?:pregnant|breastfeeding|diabetic|epileptic|on (?:blood thinners|warfarin|medication|chemo\w*))\b|"
    r"\b(?:while|when|if) (?:pregnant|breastfeeding)\b|"
    r"\b(?:safe|ok|okay|alright|fine|suitable)\b.{0,40}\b(?:pregnan\w*|pacemaker|diabet\w*|epilep\w*|blood thinners|"
    r"warfarin|chemo\w*|heart condition|high blood pressure|breastfeeding)\b|"
    r"\b(?:pregnan\w*|pacemaker|diabet\w*|epilep\w*|blood thinners|warfarin|chemo\w*|heart condition|"
    r"breastfeeding)\b.{0,40}\b(?:safe|ok|okay|alright|fine|suitable|allowed|can i|should i)\b", re.I)


# "You had someone out last week but it's still leaking": the earlier work, not a new job
NOT_FIXED = re.compile(r"\b(?:still|again) (?:leaking|dripping|blocked|clogged|broken|not (?:working|draining|fixed|"
                       r"right)|making (?:that|the same) noise)\b|\b(?:didn'?t|did not|never) (?:fix|sort|solve)\b|"
                       r"\bnot (?:been )?fixed\b")


EARLIER_VISIT = re.compile(r"\b(?:came|come|been|had|sent|was|were) (?:out|over|round|here)\b|\b(?:had|sent) (?:someone|"
                           r"somebody|you|your \w+|a plumber|an engineer)\b|\b(?:last|previous|earlier) (?:visit|time|"
                           r"week|month)\b|\byou (?:fixed|repaired|looked at|came)\b")


# "I missed a call from you", "I got a text from this number", "why did you call me?"
HEARD_FROM_US = re.compile(
    r"\b(?:missed|got|had|received|getting) (?:a |an |some )?(?:call|text|message|voicemail|sms|texts|calls|messages)"
    r"(?: \w+)? from (?:you|this number|your number|here|y'all)\b|\b(?:you|someone|somebody) (?:guys )?(?:just )?"
    r"(?:called|rang|texted|messaged|tried to call) me\b|\bwho (?:just )?(?:called|rang|texted) me\b|"
    r"\bwhy (?:did|do) you (?:keep )?(?:call|ring|text)(?:ing)? me\b")


OTHER_SERVICE = re.compile(r"^(?:(?:and|so|um|uh|oh|ok|okay|alright|right|well|great|cool|thanks|also|hi|hello|hey)"
                           r"[ ,]+)*(?:do|can|could) (?:you|y'all|you guys) (?P<verb>do|offer|have|service|check|"
                           r"provide|sell|fix|repair|install|treat)\s+(?P<thing>[a-z' -]{2,40}?)(?: (?:as well|too|there|here))?"
                           r"\s*[?.!]*$")


# "With Maria", "is Maria working on Saturday?", "can I see Tom again": a team member they'd like.
# Names as the speech recogniser capitalises them; the team's rota is not known to Roxy.
PERSON = r"((?:(?:Dr|Doctor|Mr|Mrs|Ms|Miss)\.?\s+)?[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]{2,})"


WORKING = re.compile(rf"\b(?:is|does)\s+{PERSON}\s+(?:working|in|available|free|on|there|work)\b")


TEAM_MEMBER = re.compile(rf"\b(?:with|see|ask for|prefer|(?:speak|talk)(?:ing)? (?:to|with))\s+{PERSON}"
                         r"(?:\s+(?:working|in|available|free|on|there|again|please|if|at|for|next|this|about|"
                         r"tomorrow|today|tonight|\w+day)\b|[?.!,]|$)|" + WORKING.pattern)


ASKS_FOR = re.compile(rf"\b(?:speak|talk)(?:ing)? (?:to|with)\s+{PERSON}")


NOT_A_SERVICE = re.compile(r"\b(?:discounts?|deals?|offers?|promotions?|vouchers?|gift|cards?|cash|pay\w*|finance|"
                           r"parking|wi-?fi|walk-?ins?|appointments?|bookings?|weekends?|evenings?|insurance|warrant\w*|"
                           r"guarantees?|refunds?|students?|seniors?|loyalty|memberships?|packages?|products?|"
                           r"consultations? free|home visits?|house calls?|cancell?ations?|openings?|availability|"
                           r"slots?|space|room|anything)\b")


# "Anything later?", "something a bit earlier": other times than those offered
LATER_EARLIER = re.compile(r"\b(?:anything|something|any(?: times?)?|nothing|a bit|a little) ?(later|earlier)\b|"
                           r"\b(later|earlier) (?:than that|times?|in the day)\b")


FRUSTRATED = re.compile(r"\b(?:stupid|useless|rubbish|idiot\w*|ridiculous|pointless|hopeless) (?:robot|machine|"
                        r"bot|thing|system|computer|ai)\b|\bwaste of (?:my )?time\b|\byou(?:'re| are) not (?:helping|"
                        r"listening)\b|\bthis is (?:ridiculous|useless|a joke|stupid|hopeless)\b")


# Spanish and French openings: the team, not Roxy, can help
NOT_ENGLISH = re.compile(r"^(?:hola|buenos? (?:dias|días|tardes)|bonjour|bonsoir)\b|\b(?:quiero|necesito|quisiera|"
                         r"hablar con|por favor|una cita|español|je voudrais|un rendez-vous|parlez)\b")


NO_TEXTS = re.compile(r"\b(?:don'?t|do not|please don'?t|no need to|stop) (?:text|sms|message)\w*(?: me)?\b|"
                      r"\bno (?:texts|text messages|sms)\b|\b(?:email|e-mail) only\b|\bnot by text\b")


# "It's 12 Main Street, apartment 4B": where the visit is (trades), kept in the booking's notes.
STREET_ADDRESS = re.compile(
    r"\b\d{1,5}[a-z]? (?:[a-z'-]+ ){1,4}(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|"
    r"place|pl|way|close|crescent|terrace|parkway|pkwy|highway|hwy|square|sq)\b(?: (?:apartment|apt|unit|flat|"
    r"suite|number) \w+)?")


ADDRESS_FILLER = frozenset("my the our it its s is address it's that that's sure yes yeah ok okay so um uh "
                           "oh right well at in on i m im we re live located house home place".split())


# "Straight after", "right before my haircut", "while I'm there": next to one of their appointments.
NEXT_TO_THEIRS = re.compile(
    r"\b(?:(?:straight|right|just|directly|immediately) )?(?:(?P<before>before)|after) "
    r"(?:(?:my|the) (?P<mine>[a-z]+(?: [a-z]+)?)|(?P<pointed>that|it)|mine)\b|"
    r"\b(?:straight|right|directly|immediately) (?:after(?:wards)?|(?P<before2>before))\b|\bafterwards\b|"
    r"\bback to back\b|\bwhile i'?m (?:there|in)\b|\b(?:at|in|during) the same (?:visit|appointment|time)\b")


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


# "Do you do evening appointments?", "are you open in the mornings?": about the business in general
GENERAL_QUESTION = re.compile(r"\b(?:do|does) (?:you|they|the \w+) (?:ever )?(?:do|have|offer|work|open|take)\b|"
                              r"\bare you (?:ever |usually |normally )?open\b|\bwhat are your\b")


# "Text me at 917 555 0123 instead", "my mobile is ...": from a caller whose number came through
OTHER_NUMBER = re.compile(r"\b(?:text|txt|sms|message|call|ring|reach|contact|phone)(?: me| us)?(?: back)? (?:at|on)\b|"
                          r"\bmy (?:other |mobile |cell |work |home |new )?(?:number|mobile|cell|phone)(?: number)?"
                          r"(?: is|'s)\b|\b(?:use|try) (?:this|my|the) (?:other )?number\b")


ORDINAL_CHOICES = {"first": 0, "1st": 0, "earliest": 0, "earlier": 0, "second": 1, "2nd": 1, "middle": 1,
                   "third": 2, "3rd": 2, "last": -1, "latest": -1, "later": -1}


PARTS_OF_DAY = {"morning": (0, 12), "afternoon": (12, 17), "lunchtime": (11, 14), "evening": (17, 24),
                "early morning": (0, 10), "late morning": (10, 12), "early afternoon": (12, 15),
                "late afternoon": (15, 18), "early evening": (17, 19), "late evening": (19, 24),
                "after lunch": (13, 18)}


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
