"""The offline dialogue engine: a slot-filling policy over `nlu.understand`.

It runs the same workflows as the LLM agent (book, reschedule, cancel, availability, FAQ,
objection, transfer, goodbye), asks only for what is missing, confirms before any change, and
acts only through the tool registry (`Tools`), so the same guardrails apply to both engines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from shared.dialogue import speech, team
from shared.dialogue.nlu import (
    BOOK,
    CAP,
    FILLERS,
    GREETING,
    MY_BOOKINGS,
    NOT_FOR_NAMES,
    PROBLEM,
    SOON,
    Understanding,
    find_email,
    find_extension,
    find_phone,
    find_shift,
    match_service,
    match_services,
    proper_name,
    thanks_only,
    understand,
    unspell,
    without_negated,
    without_phone,
)
from shared.dialogue.text import normalize
from shared.dialogue.when import MONTH_NAMES, find_date, find_time
from shared.domain.appointments import ACTIVE_STATUSES
from shared.domain.availability import bookable_today, free_slots
from shared.domain.business import WEEKDAYS, Business, Service
from shared.domain.business_answers import DATE_QUESTION, about_service, open_now_answer, price_list
from shared.domain.calls import Call, DialogueState
from shared.domain.phone import normalize_phone, spoken_digits
from shared.domain.preferences import describe as describe_preferences
from shared.domain.preferences import extract as extract_preferences
from shared.domain.preferences import merge as merge_preferences
from shared.errors import DomainError, SlotTaken
from shared.language.consent import INTERJECTIONS, affirmed, normalized
from shared.language.spelling import spell_email

KEYPAD_MENU = ("You can also use your keypad: press 1 to book, 2 to change or cancel an appointment, "
               "3 to leave a message, or 0 to speak to someone.")
ANYTHING_ELSE = "Is there anything else I can help you with?"
NOTED_FOR_TEAM = "I'm not sure about that, so I've noted it for the team to get back to you."
BEFORE_YOU_GO = "Before you go:"
UNDONE = {"book_appointment": "booked it", "reschedule_appointment": "moved it", "cancel_appointment": "cancelled it",
          "cancel_all": "cancelled them", "forget_me": "deleted anything"}
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


def at_position(text: str, items: list):
    """The item the caller chose by its position in the list Roxy read out, if they chose one."""
    found = POSITION.search(text)
    if not found:
        return None
    word = found.group(1) or found.group(2) or found.group(3)
    index = POSITIONS[word] if word else int(found.group(4)) - 1
    return items[index] if index < len(items) else None
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
ARE_YOU_THERE = re.compile(r"^(?:(?:hello|hi|hey|um|uh)\W*)*(?:are you (?:still )?there|you there|can you hear me|"
                           r"is (?:anyone|anybody|someone|somebody) there|did you hear me)\W*$")
CANT_MAKE_IT = re.compile(r"\b(?:can'?t|cannot|won'?t(?: be able to)?|not be able to|not (?:going to|gonna)(?: be able "
                          r"to)?|unable to) (?:make|come|get there|get in|be there|attend)\b|\bwon'?t be coming\b|"
                          r"\b(?:can'?t|cannot|won'?t be able to) do (?:\w+day|tomorrow|today|tonight|it)(?: any ?more|"
                          r" after all| now)\b")
PLACES = frozenset("salon studio shop store clinic office practice spa barber barbers barbershop parlour parlor "
                   "surgery centre center garage place business".split())
USUAL = re.compile(r"\b(?:the|my) usual\b|\bsame (?:as|thing as) (?:last time|before|always)\b|\bthe same thing\b")
REPEAT = re.compile(
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
    r"again))*[ ?!.]*$")
LEAVE_MESSAGE = re.compile(r"\b(?:leave|take|record) (?:a |an |me a |me an |her a |him a )?(?:urgent |quick |short )?"
                           r"(?:message|voicemail|voice mail)\b|"
                           r"\b(?:pass|give) (?:on )?a message\b|\bmessage for (?:the team|someone|somebody)\b")
# "Can you text me your address?": the business's address by text (not a booking's confirmation)
TEXT_ADDRESS = re.compile(r"\b(?:text|sms|message|send)(?: it| that)?(?: (?:me|us|over))?(?: with)? (?:your|the|over the|"
                          r"over your|you(?:r)? guys'?) (?:address|location|directions|postcode|zip code)\b|"
                          r"\b(?:address|location|directions) (?:by|in a|via|as a|over) (?:text|sms|message)\b")
DAY_EXAMPLES = "You can say tomorrow, a day of the week, or the soonest."
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
HOLD_ON = re.compile(
    r"^(?:(?:ok|okay|um|uh|erm|yeah|yes|sorry|oh)[ ,.]+)*(?:(?:hold|hang) on|(?:just )?(?:one|a|1) (?:sec|second|"
    r"moment|minute|mo|tick)|give me (?:a|one) (?:sec|second|moment|minute|mo)|wait|(?:can|could) you (?:hold|wait)(?: on)?|"
    r"bear with me|(?:i've got|i have|there's) (?:someone|somebody|a call) on (?:the|my) other line|"
    r"(?:hang on|hold on)?[ ,]*(?:i'?m )?(?:on )?my other line|someone(?:'s| is) at (?:the|my) door)"
    r"(?: (?:a|one) (?:sec|second|moment|minute|mo|tick))?(?: please)?(?:[ ,.]+(?:let me|i'll|i need to|i "
    r"have to|i've got to) (?:check|grab|find|get|look at|have a look at) [a-z' ]{0,30})?[ .!]*$")
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
NO_APPOINTMENTS = "I don't see any upcoming appointments for this phone number."
BOOK_ONE = f"{NO_APPOINTMENTS} Would you like to book one?"
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
# A sales call for the business: "I'm calling to see if you need a new website"
SALES_CALL = re.compile(r"\b(?:calling|reaching out|ringing)\b.{0,40}\b(?:website|web design|seo|marketing|"
                        r"google (?:listing|ranking|reviews)|merchant services|card processing|business loan|"
                        r"advertis\w*|solar|energy (?:bill|supplier)|business insurance)\b|"
                        r"\bare you the (?:business )?owner\b|\bdecision maker\b")
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
NOT_FOUND = (f"{NO_APPOINTMENTS} If it was booked with another number, I can have the team call you back to "
             "sort it out. Or would you like to book a new appointment?")
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
WITHHELD_LOOKUP = ("I'm sorry, your number didn't come through, so I can't look up or change bookings on this "
                   "call. Please call back from the number you booked with, or say 'speak to someone' and I'll "
                   "put you through to the team.")
ORDINAL_CHOICES = {"first": 0, "1st": 0, "earliest": 0, "earlier": 0, "second": 1, "2nd": 1, "middle": 1,
                   "third": 2, "3rd": 2, "last": -1, "latest": -1, "later": -1}
PARTS_OF_DAY = {"morning": (0, 12), "afternoon": (12, 17), "lunchtime": (11, 14), "evening": (17, 24),
                "early morning": (0, 10), "late morning": (10, 12), "early afternoon": (12, 15),
                "late afternoon": (15, 18), "early evening": (17, 19), "late evening": (19, 24),
                "after lunch": (13, 18)}


@dataclass
class Reply:
    say: str
    action: str = "gather"          # gather | hangup | transfer | message
    intent: str | None = None
    tokens: int = 0


class Tools:
    """Runs registry tools for one call: the caller's phone always comes from the call."""

    def __init__(self, run, used: list[str]):
        self._run = run
        self.used = used
        self.results: list[tuple[str, dict]] = []  # (name, result) of each tool that succeeded

    def __call__(self, name: str, args: dict) -> dict:
        self.used.append(name)
        result = self._run(name, args)
        self.results.append((name, result))
        return result

    @property
    def succeeded(self) -> list[str]:
        return [name for name, _ in self.results]


def done_message(action: str, result: dict, business: Business, local_now: dt.datetime) -> str:
    """What Roxy says once a change is made (before "anything else?")."""
    if action == "capture_lead":
        return "Thanks, I've passed that on to the team, and someone will get back to you."
    if action == "forget_me":
        return "Done. We've deleted what we knew about you."
    appointment = result["appointment"]
    when = speech.when(_local(appointment["start"], business), local_now)
    if action == "book_appointment":
        return f"You're all booked: {speech.a(appointment['service'])} {when}. We look forward to seeing you!"
    if action == "reschedule_appointment":
        return f"Done. Your {appointment['service']} is now {when}."
    return f"Done. Your {appointment['service']} {when} is cancelled."


def _other_service(text: str) -> re.Match | None:
    """ "Do you do nails?", alone or as the last clause of a longer sentence ("..., can you do an updo")."""
    clauses = [text] + re.split(r"[,.;!?]|\bso\b|\bbut\b", text)[1:]
    for clause in reversed(clauses):
        found = OTHER_SERVICE.match(GREETING.sub("", clause.strip()).strip())
        if found:
            return found
    return None


def _estimate_service(business: Business) -> str | None:
    """The business's one estimate or quote visit ("Free Estimate"), if it has exactly one."""
    found = [s.name for s in business.services if re.search(r"\b(?:estimate|quote)", s.name, re.I)]
    return found[0] if len(found) == 1 else None


def _intro_service(business: Business) -> str | None:
    """The business's one introductory service ("Initial Assessment", "Consultation"), if it has exactly one."""
    intro = [s.name for s in business.services if INTRO_SERVICE.search(s.name)]
    return intro[0] if len(intro) == 1 else None


def _clause(text: str, match: re.Match) -> str:
    """The part of `text` around `match` between pauses: "the gate code is 4512"."""
    start = max((m.end() for m in re.finditer(r"[.,;!?]|\band\b|\balso\b", text[:match.start()])), default=0)
    end = min((m.start() + match.end() for m in re.finditer(r"[.,;!?]|\band\b", text[match.end():])),
              default=len(text))
    return text[start:end].strip(" ,.").removeprefix("oh ").lower()


def _thanks(state: DialogueState) -> str:
    """'Thanks, Leo. ' to the caller; 'Got it, it's for Leo. ' when the booking is someone else's."""
    first = state.name.split()[0]
    return f"Got it, it's for {first}. " if state.for_other else f"Thanks, {first}. "


def _local(iso: str, business: Business) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).astimezone(business.zone)


def question_in(text: str) -> str | None:
    """The question in an answer to "shall I go ahead?", if there is one: "ok, and do you take cards?"."""
    rest = re.sub(r"^(?:(?:yes|yeah|yep|sure|ok|okay|great|perfect|fine|alright|please|and|so|but|oh|um|"
                  r"actually|wait|first|before that|quick question)\b[\s,.!]*)+", "", text)
    if QUESTION_START.match(rest) or (rest.endswith("?") and len(rest.split()) > 2):
        return rest
    return None


def _described(appointments: list[dict], business: Business, local_now: dt.datetime, joiner: str = "and") -> str:
    """'a Haircut tomorrow at 10 AM and a Blow Dry Saturday at 11 AM'."""
    return speech.options([f"{speech.a(a['service'])} {speech.when(_local(a['start'], business), local_now)}"
                           for a in appointments], joiner)


def _hours_follow_up(text: str) -> bool:
    """"And tomorrow?", "what about Saturday?": another day's hours, just after the hours were given."""
    return bool(HOURS_FOLLOW_UP.match(text.strip(" ?.!")) or re.search(
        r"\bwhat about\b|\band (?:on )?\w+day\b|^(?:and )?(?:on )?the \d", text))


def _window(found: re.Match) -> tuple[str, str]:
    """'between 2 and 4' -> ('14:00', '16:00'): 1 to 7 without am/pm is the afternoon, and the end
    takes the start's half of the day when it is later on the clock."""
    h1, m1, ap1, h2, m2, ap2 = found.groups()
    start, end = int(h1) % 12, 12 if h2 == "noon" else int(h2) % 12
    if ap1 == "pm" or (ap1 is None and (ap2 == "pm" and start <= end or ap2 is None and 1 <= start <= 7)):
        start += 12
    if h2 != "noon" and (ap2 == "pm" or (ap2 is None and (start >= 12 or end < start % 12 or 1 <= end <= 7))):
        end += 12
    return f"{start:02d}:{int(m1 or 0):02d}", f"{end:02d}:{int(m2 or 0):02d}"


def _with(state: DialogueState) -> dict:
    """The staff argument of a booking's tools when the caller chose someone (a move keeps its
    person: the tools' default)."""
    return {"staff": state.staff} if state.staff and state.task == "book" else {}


def _why_not(business: Business, day: dt.date, local_now: dt.datetime, services: list[Service]) -> str:
    """Why none of `services` can be booked on `day`: closed (a closure or the weekly hours), too
    late for today (no time left with the notice the business needs), or fully booked."""
    when = speech.day(day, local_now.date())
    ranges = business.opening_ranges(day)
    if ranges and day == local_now.date() and not any(
            free_slots(business, service, day, day, [], local_now) for service in services):
        return "There's nothing left I can book today."  # even an empty calendar has no time left
    if ranges:
        return f"We're fully booked {when}."
    closure = next((e for e in business.exceptions if e.covers(day) and e.closed), None)
    if closure is not None:
        return f"We're closed {when}" + (f" for {closure.reason}." if closure.reason else ".")
    return f"We're closed on {day:%A}s."


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


def _names_of_party(text: str) -> list[str] | None:
    """"Joe and Ann", "I'm Lisa, she's Emma", "Anna, Beth, Cara and Dee": each name, in order."""
    two = TWO_NAMES.match(text.strip())
    if two:
        parts = [n for n in two.groups() if n]
    else:
        listed = re.sub(r"^(?i:it's|they're|the names are|names are|we're|we are)\s+", "", text.strip()).rstrip(".!")
        parts = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", listed) if p]
        if len(parts) < 2 or not all(re.fullmatch(rf"{CAP}(?: {CAP})?", p) for p in parts):
            return None
    if any(w.lower() in NOT_A_NAME for p in parts for w in p.split()):
        return None
    firsts = [p.split()[0].lower() for p in parts]
    if len(set(firsts)) < len(firsts):
        return None  # "Jess, Jess Morales": one person, said again in full
    return parts


def looks_like_name(text: str, asked: bool = True) -> str | None:
    """A person's name said on its own (or after "it's", "my name is"...). Unasked, it must also be
    capitalised the way Twilio transcribes names."""
    text = re.sub(r"(?i)[\s,]+(?:please|thanks|thank you|cheers)[\s.!]*$", "", FILLERS.sub("", unspell(text)))
    stripped = re.sub(r"^(?:(?:yes|yeah|sure|ok|okay|it's|it is|this is|i'm|i am|my name is|my name's|"
                      r"name's|the name is|it's under|under)\s+)+", "", text.strip(), flags=re.IGNORECASE)
    # "Jon without the h", "Sarah with an h", "Katherine spelled with a K": the name, not the spelling
    stripped = re.sub(r"\s+(?:with(?:out)?|spelled|spelt|like)\b.*$", "", stripped, flags=re.IGNORECASE)
    stripped = re.sub(r"[^\w' -]|[\d_]", "", stripped).strip()
    if affirmed(stripped) or any(w in INTERJECTIONS for w in normalized(stripped).split()):
        return None  # "Mm-hmm, yes" answers; it names nobody
    parts = stripped.split()
    while len(parts) > 1 and parts[0].lower() == parts[1].lower():
        parts = parts[1:]  # "It's Jess, Jess Morales": the name said again in full
    if not 1 <= len(parts) <= 3 or any(not 2 <= len(p) <= 30 for p in parts):
        return None
    if any(p.lower() in NOT_A_NAME for p in parts):
        return None
    if not asked and not all(p[0].isupper() for p in parts):
        return None
    return " ".join(proper_name(p) for p in parts)



def _understand(text: str, business: Business, local_now: dt.datetime) -> Understanding:
    """What the caller said, with the business's services, and a weekday said on that weekday read
    as today while today can still be booked."""
    return understand(text, local_now, business.service_names(), business.service_aliases(),
                      today_open=bookable_today(business, local_now))

class OfflineEngine:
    name = "offline"

    def turn(self, call: Call, business: Business, speech_text: str, digits: str, now: dt.datetime,
             tools: Tools) -> Reply:
        noted_before = len(call.state.call_notes)
        reply = self._respond(call, business, speech_text, digits, now, tools)
        if reply.action == "gather" and reply.intent != "faq" and call.state.task in ("book", "reschedule", "cancel"):
            # "a haircut on Friday, and is there parking?": the question is answered too
            asides, unanswered = self._side_answers(call.state, business, speech_text or "", tools)
            if asides:
                reply.say = f"{' '.join(asides)} {reply.say.removeprefix('Sure! ')}"
            if asides and not unanswered:
                # every question in it was answered piece by piece: nothing is left for the team
                self._unnote_questions(call.state, noted_before)
                reply.say = " ".join(reply.say.replace(NOTED_FOR_TEAM, "").split())
        return reply

    @staticmethod
    def _unnote_questions(state: DialogueState, since: int) -> None:
        unanswered = [n for n in state.call_notes[since:] if n.startswith("Question Roxy could not answer")]
        state.call_notes = [n for n in state.call_notes if n not in unanswered]
        state.lead_notes = [n for n in state.lead_notes if n not in unanswered]

    def _side_answers(self, state: DialogueState, business: Business, text: str, tools: Tools
                      ) -> tuple[list[str], int]:
        """The answers to the questions asked beside the request, and how many found none."""
        clauses = [c.strip() for c in re.split(r"[,;?]|\band\b|\balso\b", text.lower()) if c.strip()]
        if len(clauses) < 2:
            return [], 0
        answers, unanswered = [], 0
        for clause in clauses:
            clause = re.sub(r"^(?:(?:yeah|yes|hi|hello|hey|um|uh|so|ok|okay|oh|i was (?:just )?wondering|i wonder|"
                            r"just wondering|wondering|tell me|if|can you tell me)\s+)+", "", clause)
            if not SIDE_QUESTION.match(clause) or AVAILABILITY_WORDS.search(clause):
                continue
            found = tools("answer_faq", {"question": self._about_service(clause, state, business, tools)[:500]})
            if found["found"] and found["answer"] not in answers:
                answers.append(found["answer"])
            unanswered += not found["found"]
        return answers[:2], unanswered

    def _about_service(self, question: str, state: DialogueState, business: Business, tools: Tools) -> str:
        """'How much will it cost?' about the service being booked, or just booked; 'will I be
        charged?' while cancelling, about cancelling."""
        if state.task in ("cancel", "reschedule") and re.search(
                r"\b(?:charged?|charges|fee|penalty|(?:have|need) to pay|lose (?:my|the) deposit)\b", question.lower()):
            return f"cancellation fee: {question}"
        if re.search(r"\b(?:how much|cost|price|charge|how long)\b", question.lower()) \
                and not match_services(question.lower(), business.service_names(), business.service_aliases()):
            about = self._service_in_hand(state, tools)
            if about:
                return f"{question} for {speech.a(about)}"
        return question

    def _respond(self, call: Call, business: Business, speech_text: str, digits: str, now: dt.datetime,
                 tools: Tools) -> Reply:
        state = call.state
        withheld = not call.caller_known
        local_now = now.astimezone(business.zone)
        text = (speech_text or "").strip()
        if digits and not text:
            text = self._keypad(state, digits)
        if not text:
            return self._silence(state, business)
        state.on_hold = False

        if ARE_YOU_THERE.match(text.lower().strip()):
            return Reply(f"Yes, I'm here. {self._question(state)}", "gather", intent="repeat")
        if HOLD_ON.match(text.lower()):
            state.on_hold = True
            return Reply("Sure, take your time.", "gather", intent="hold")
        if REPEAT.match(text.lower().strip(" ,?!.")) or REPEAT.match(text.lower()):
            # "Sorry, what?": say it again, nothing else changes.
            return Reply(state.last_prompt or "How can I help you today?", "gather", intent="repeat")
        aliases = business.service_aliases()
        avoided = [m.group(1).lower() for m in AVOID_DAY.finditer(text)]
        if avoided:  # "any day except Wednesday": that day is not the day they asked for
            state.avoid_days = sorted(set(state.avoid_days) | {WEEKDAYS.index(d) for d in avoided})
            text = AVOID_DAY.sub("", text).strip(" ,.!?")
            filler = r"(?:either|too|as well|actually|sorry|though|then|please|unfortunately|i'?m afraid|so|and|but|" \
                     r"um|uh|oh|no|nope|hmm|well)"
            if re.fullmatch(rf"(?:{filler}[ ,.!?]*)*", text.lower()) and state.task == "book":
                # "I can't do Fridays" while choosing: the next day that isn't one
                if state.date and dt.date.fromisoformat(state.date).weekday() in state.avoid_days:
                    state.offered, state.time = [], None
                return self._book(state, business, local_now, tools, withheld)
        heard = _understand(text, business, local_now)
        corrected = SELF_CORRECTION.search(heard.text)
        instead: str | None = None  # "a haircut, actually no, make it a blow dry": the service meant
        if corrected and heard.slots.keys() & {"date", "time", "service"}:
            # "tomorrow at 3, actually no, make it 4": what follows the correction wins
            rest = corrected.group("rest")
            after = _understand(f"at {rest}" if rest[0].isdigit() else rest, business, local_now)
            heard.slots.update({k: v for k, v in after.slots.items() if k in ("date", "time", "part_of_day")})
            instead = after.slots.get("service")
            if instead:
                heard.slots["service"] = instead
        if SOON.search(heard.text) and "time" in heard.slots and not find_time(heard.text):
            # "in 20 minutes": the earliest time from then on (today, or the next day that has one)
            state.after = f"{heard.slots['date']}T{heard.slots.pop('time')}"
            heard.slots["part_of_day"] = "earliest"
        next_to = DAY_NEXT_TO.match(heard.text)
        if next_to and "date" not in heard.slots and (state.date or state.offered) \
                and state.task in ("book", "reschedule"):
            base = dt.date.fromisoformat(state.date or state.offered[0][:10])
            heard.slots["date"] = (base + dt.timedelta(days=1 if next_to.group(1) == "after" else -1)).isoformat()
            heard.intent = "book" if state.task == "book" else heard.intent  # "the day after?": that day
        volunteered = find_phone(text.lower()) if withheld and state.awaiting != "phone" and not state.pending else None
        if volunteered and len(volunteered.lstrip("+")) >= 9:
            # A number said along with a request ("... at half ten, my number is 07911 123457"):
            # the request without the number, plus the number.
            heard = _understand(without_phone(text), business, local_now)
            heard.slots["phone"] = volunteered
        asked = question_in(heard.text) if heard.intent == "affirm" and not state.pending else None
        if asked:  # "ok, and can I pay by card?": the question is what they said
            heard = _understand(asked, business, local_now)
        state.preferences = merge_preferences(state.preferences, extract_preferences(text))
        problem_now = not state.problem and PROBLEM.search(heard.text) is not None
        if problem_now:
            state.problem = text[:300]  # for the team, in the booking's notes
        access = ACCESS_NEEDS.search(text)
        site = SITE_ACCESS.search(text)
        said_access = access.group(0).lower() if access else _clause(text, site) if site else None
        if said_access and said_access not in (state.access or ""):
            state.access = "; ".join(filter(None, [state.access, said_access]))[:300]
            self._renote(state)
            quiet = not heard.slots.keys() - {"phone"} and heard.intent in ("unknown", "affirm", "faq", "book")
            if self._note_on_booking(state, tools, f"Access: {said_access}") and quiet:
                # "oh, and I use a wheelchair" after the yes
                return self._ask(state, f"Thanks for letting us know. I've added that to your booking so the team is "
                                        f"ready. {ANYTHING_ELSE}", intent="access")
            if state.pending and state.pending["action"] == "book_appointment" and quiet:
                # "the gate code is 4512" at the read-back: noted, and the question asked again
                return self._ask(state, f"Thanks, I've noted that for the team. Shall I go ahead with "
                                        f"{state.pending['summary']}?", "confirm", intent="access")
        urgent_now = URGENT.search(without_negated(heard.text.lower())) is not None
        if urgent_now and (state.problem or re.search(r"\b(?:emergency|urgent)", heard.text)) \
                and not any(n.startswith("Urgent: ") for n in state.call_notes):
            state.call_notes.append(f"Urgent: {text[:300]}")  # the team's alert says so
        if SALES_CALL.search(heard.text):
            return Reply(f"Thanks for thinking of us, but {business.name} doesn't take sales calls by phone. Have a "
                         "good day, goodbye.", "hangup", intent="sales_call")
        regular = RECURRING.search(heard.text)
        if regular:  # the tools book one appointment at a time: the first now, the repeats by the team
            state.recurring = regular.group(0)
            self._renote(state)
        if LEAVE_MESSAGE.search(heard.text) and not state.pending:  # also keypad 3
            meant = re.search(rf"\bmessage for (?:(?:dr|mr|mrs|ms)\.? )?({CAP}(?: {CAP})?)", text)
            if meant and meant.group(1).split()[-1].lower() not in NOT_A_NAME:
                state.call_notes.append(f"Message for {meant.group(1)}")
            return Reply("Of course. Please leave your name and a short message after the beep, and we'll call you "
                         "back.", "message", intent="message")
        member = self._team_member(text, business)
        rota_note = service_note = ""
        if business.staff:  # a team Roxy books by person: "with Maria", "anyone", "the same person"
            reply = self._team(state, business, heard, text, member, local_now, tools, withheld)
            if reply is not None:
                return reply
            if team.member_named(business, member) and not ASKS_FOR.search(text):
                member = None  # booked with them, not a note for the team
        if member and ASKS_FOR.search(text):  # "can I speak to Maria?": the team picks up
            state.call_notes.append(f"Asked for {member}")
            return self._transfer(state, business, local_now)
        if member:
            state.asked_for = member
            self._renote(state)
            asking_to_book = heard.intent in ("book", "check_availability") and (
                BOOK.search(heard.text) or PROBLEM.search(heard.text))  # "I need to see a physio, is Dr Patel free?"
            if WORKING.search(text) and asking_to_book:
                rota_note = f"I can't see who's working when, but I'll note that you'd like {member}. "
            elif WORKING.search(text) and not (heard.slots.keys() & {"service", "time"}):
                # "Is Maria working on Saturday?": Roxy cannot see the rota, but the wish is kept
                go_on = state.last_prompt if state.task and state.awaiting else "Would you like to book an appointment?"
                return self._ask(state, f"I can't see who's working when, but I'll note that you'd like {member} "
                                        "on your booking.", state.awaiting if state.task else "book_offer",
                                 intent="team_member", go_on=go_on)
        kind = PRACTITIONER.search(heard.text)
        if kind and not member and not state.asked_for:  # "a female physio if possible": noted, not promised
            state.asked_for = f"a {kind.group(1).lower()} {kind.group(2).lower()}"
            self._renote(state)
            rota_note = f"I can't promise who'll be in, but I'll note that you'd like {state.asked_for}. "
        if NO_TEXTS.search(heard.text) and not withheld:
            state.no_texts = True
            self._no_texts(state, tools)
            if not heard.slots and heard.intent in ("unknown", "deny", "faq", "not_interested", "affirm"):
                return self._ask(state, "Of course, I won't send you texts.", state.awaiting,
                                 intent="no_texts", go_on=self._question(state))
        area_note = ""
        town = LIVES_IN.search(text) if business.service_areas and not state.address else None
        if town and town.group(1).lower() not in {a.lower() for a in business.service_areas} \
                and town.group(1).split()[-1].lower() not in NOT_A_NAME:
            # "I'm in Naperville": not a listed area; the booking notes say where, the team double-checks
            state.address = town.group(1)
            self._renote(state)
            area_note = (f"Just so you know, {town.group(1)} isn't on our list of areas (we cover "
                         f"{speech.options(business.service_areas, 'and')}), so the team will double-check. ")
        address = STREET_ADDRESS.search(heard.text) if state.awaiting != "phone" else None
        if address:
            reply, heard, text = self._take_address(state, business, heard, text, address, local_now, tools)
            if reply:
                return reply
        number = find_phone(text) if not withheld and OTHER_NUMBER.search(heard.text) else None
        if number and state.awaiting != "phone":
            reply = self._other_number(state, business, call, number, tools)
            if reply:
                return reply
        self._take_free_answers(state, heard, text, withheld)
        intent = heard.intent

        if ABOUT_ROXY.search(heard.text):
            go_on = state.last_prompt if state.task and state.awaiting else "What can I do for you?"
            return self._ask(state, f"I'm Roxy, the virtual receptionist at {business.name}. I can book, move or "
                                    "cancel appointments, answer questions about us, or put you through to the team.",
                             state.awaiting, intent="about", go_on=go_on)
        reached = REACHED.match(heard.text)
        said = set(re.findall(r"[a-z]+", reached.group(1).replace("'s", ""))) if reached else set()
        right = said & (set(re.findall(r"[a-z]+", business.name.lower())) - {"the", "and", "of", "a"}) \
            or "right number" in heard.text or said & PLACES
        if reached and not (heard.slots.keys() - {"name", "service"}) and (
                right or not heard.text.startswith(("is this", "is that"))):
            asked, mark, rest = text.partition("?")
            if mark and len(rest.split()) >= 2 and not REACHED.match(rest.strip().lower()):
                # "is this the salon? I wanna get a fade": yes, and then the request
                answer = self._respond(call, business, rest.strip(), "", now, tools)
                answer.say = f"{'Yes, you' if right else 'You'}'ve reached {business.name}. {answer.say}"
                return answer
            go_on = state.last_prompt if state.task and state.awaiting else "How can I help you today?"
            return self._ask(state, f"{'Yes, you' if right else 'You'}'ve reached {business.name}, this is Roxy.",
                             state.awaiting, intent="about", go_on=go_on)
        if intent == "transfer":
            return self._transfer(state, business, local_now)
        foreign = re.search(r"[^\W\d_]", heard.text) and not re.search(r"[a-zA-Z\u00C0-\u024F]", heard.text)
        if FRUSTRATED.search(heard.text) or NOT_ENGLISH.search(heard.text) or foreign:
            # An upset caller, or one who speaks another language: a person helps them better
            return self._transfer(state, business, local_now, "I'm sorry about that." if FRUSTRATED.search(
                heard.text) else "I'm sorry, I can only help in English.")
        if intent == "unknown" and not heard.slots and re.fullmatch(
                r"(?:(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|yes hello|hello there)[ ?!.]*)+",
                heard.text):
            return self._ask(state, "Hi there! How can I help you today?")
        thankful = intent == "goodbye" and thanks_only(heard.text)
        if thankful and state.pending:
            intent = heard.intent = "affirm"  # "lovely, thanks" to "shall I book that?"
        elif thankful and state.task in ("book", "reschedule", "cancel") and state.awaiting:
            return self._ask(state, "You're welcome!", state.awaiting, intent="thanks", go_on=state.last_prompt)
        if intent in ("deny", "not_interested") and state.awaiting == "name" \
                and state.task in ("callback", "objection") and not heard.slots:
            # No name for the follow-up: the team still hears of it after the call (call notes)
            state.task, state.lead_notes = None, []
            return self._ask(state, f"No problem at all. {ANYTHING_ELSE}", intent="declined_name")
        done_asking = state.done_something or (state.last_prompt or "").endswith(ANYTHING_ELSE)
        if intent == "goodbye" and state.pending and not (state.last_prompt or "").startswith(BEFORE_YOU_GO):
            # "that's it, thanks" to "shall I book that?": nothing is done without a yes, so ask once more
            return self._ask(state, f"{BEFORE_YOU_GO} I haven't {UNDONE[state.pending['action']]} yet. Shall I go "
                                    f"ahead with {state.pending['summary']}?", "confirm", intent="confirm")
        if intent == "goodbye" and state.task in ("book", "reschedule") and state.awaiting == "time" \
                and state.offered and not (state.last_prompt or "").startswith(BEFORE_YOU_GO) \
                and not re.search(r"^(?:no|nah|nope),? thanks?\b|\bno,? thank you\b|\bnot (?:right )?now\b|"
                                  r"\bthink about it\b", heard.text):
            # "no that's it, thanks" while times are on offer: they may think it's done ("no thanks": declined)
            undone = "moved it" if state.task == "reschedule" else (
                f"booked the {state.service}" if state.done_something and state.service else "booked anything")
            question = re.sub(r"^(?:Sure|Great|No problem)[.!] |^You're all booked: .*?\. (?:You also asked for [^.]*\. "
                              r"|Now for [^.:]*: [^.]*\. )?", "", state.last_prompt or "")
            return self._ask(state, f"{BEFORE_YOU_GO} I haven't {undone} yet. {question}", "time")
        if intent == "goodbye" or (intent == "deny" and done_asking and not state.pending and not state.task):
            return Reply(f"Thank you for calling {business.name}. Have a lovely day, goodbye!", "hangup",
                         intent="goodbye")
        if CONFIRM_MINE.search(heard.text) and intent not in ("cancel", "reschedule") and not state.pending:
            return self._confirm_mine(state, business, local_now, heard, tools, withheld)
        if DAY_IN_DOUBT.search(heard.text) and intent not in ("cancel", "reschedule") and not state.task \
                and not withheld and call.profile.get("upcoming"):
            return self._booked_when(state, business, local_now, heard, tools)
        if MY_BOOKINGS.search(heard.text) and intent not in ("cancel", "reschedule"):
            return self._my_bookings(state, business, local_now, tools, withheld)
        if state.topic == "my_appointments" and not withheld and not state.task and not state.offered and re.fullmatch(
                r"(?:and |what about |ok |okay )?(?:the (?:one|1) after (?:that|it)|after that|the next (?:one|1)|"
                r"the other (?:one|1)|the second (?:one|1))\W*", heard.text.lower().strip()):
            upcoming = tools("list_appointments", {"include_past": None})["appointments"]  # "and the one after that?"
            if len(upcoming) < 2:
                return self._ask(state, f"That's the only appointment you have booked. {ANYTHING_ELSE}",
                                 intent="my_appointments")
            after = _described(upcoming[1:2], business, local_now)
            return self._ask(state, f"After that, you're booked for {after}. {ANYTHING_ELSE}", intent="my_appointments")
        if ABOUT_MINE.search(heard.text) and intent not in ("cancel", "reschedule") and not state.task:
            return self._my_bookings(state, business, local_now, tools, withheld,
                                     go_on="Would you like to move it, cancel it, or something else?")
        moving = None
        if state.pending and state.pending["action"] == "book_appointment" and SEND_ME.search(text.lower()) \
                and "email" not in heard.slots:
            # "can you email me the confirmation?" at the read-back: the address, then the same question
            by_email = re.search(r"\be-?mail\b", text.lower()) is not None
            if by_email and not state.email:
                return Reply("Of course. What's your email address?", "gather", intent="book")
            return Reply(f"Sure, you'll get the confirmation by {'email' if by_email else 'text'} once it's booked. "
                         f"{self._question(state)}", "gather", intent="book")
        if state.pending:
            cancelling = state.pending["args"].get("appointment_id") \
                if state.pending["action"] == "cancel_appointment" else None
            cancelling_what = state.pending["summary"]
            reply = self._answer_to_confirmation(state, business, heard, local_now, tools)
            if reply is not None:
                return reply
            intent = heard.intent
            named = heard.slots.get("service")
            # "can we do Friday instead?": the one being cancelled; "make the blow dry later": the blow dry
            moving = cancelling if intent == "reschedule" and (
                not named or named.lower() in cancelling_what.lower()) else None
        if state.awaiting == "move_offer":  # "Would you like me to move it to Saturday?"
            offered_day, state.date = state.date, None  # kept only for this answer
            if intent in ("deny", "not_interested", "goodbye") and not heard.slots:
                if intent == "goodbye":
                    return Reply(f"No problem, I'll leave it as it is. Thank you for calling {business.name}. Have a "
                                 "lovely day, goodbye!", "hangup", intent="goodbye")
                return self._ask(state, f"No problem, I'll leave it as it is. {ANYTHING_ELSE}", intent="deny")
            if state.appointment_id and (intent in ("affirm", "reschedule") or (
                    intent == "book" and "service" not in heard.slots)):
                moving, intent = state.appointment_id, "reschedule"  # "yes please": that booking, to that day
                heard.intent = intent
                heard.slots.setdefault("date", offered_day)
        if re.search(r"\b(?:forget (?:me|about me|my (?:details|data|information|number))|delete (?:my|all my) "
                     r"(?:data|details|information|number|records?)|remove my (?:data|details|information))\b",
                     text.lower()):
            if withheld:
                return self._ask(state, WITHHELD_LOOKUP, intent="forget_me")
            state.pending = {"action": "forget_me", "args": {},
                             "summary": "deleting what we know about you (your details, notes and call history)"}
            return self._ask(state, "I can do that. Just to confirm: you'd like us to delete what we know about "
                                    "you, including your notes and call history? Your upcoming appointments stay "
                                    "booked.", "confirm", intent="forget_me")
        if TEXT_ADDRESS.search(text.lower()) and intent not in ("cancel", "reschedule"):
            return self._text_address(state, business, tools, withheld)
        if SEND_ME.search(text.lower()) and intent not in ("cancel", "reschedule"):
            if state.task == "book":  # about the booking being made: it is confirmed once it is booked
                by_email = re.search(r"\be-?mail\b", text.lower()) is not None
                if "email" in heard.slots:
                    state.email = heard.slots["email"]
                elif by_email and not state.email:
                    return self._ask(state, "Of course, I'll email the confirmation once it's booked. What's your "
                                            "email address?", "email", intent="book")
                how = "email" if by_email else "text"
                return Reply(f"Sure, you'll get the confirmation by {how} once it's booked. {self._question(state)}",
                             "gather", intent="book")
            if withheld:
                return self._ask(state, WITHHELD_LOOKUP, intent="resend")
            return self._resend(state, business, local_now, text.lower(), tools)
        if re.search(r"\b(?:running late|be late|going to be late|late for my|stuck in traffic|on my way)\b|"
                     r"\brunning\b[^.?!]{0,25}\blate\b|\b(?:minutes?|mins?|bit|little) late\b", text.lower()):
            return self._running_late(state, business, local_now, text, tools, withheld, heard.slots.get("date"))
        soonest = SOONEST.search(text.lower()) or URGENT.search(without_negated(text.lower()))
        if soonest and soonest.group(0) not in ("anyday", "any day", "whenever") and intent in (
                "faq", "check_availability", "unknown") and not re.search(r"\bopen\b", heard.text):
            intent = heard.intent = "book"  # "what's the soonest you have?" asks for a time, not an FAQ
        if intent == "reschedule" and state.task == "book" and not state.done_something and (
                heard.slots.keys() & {"date", "time", "part_of_day"} or LATER_EARLIER.search(heard.text)):
            intent = heard.intent = "book"  # "can I change it to 2:15?" before anything is booked
        swap = self._service_swap(state, business, heard, tools, withheld)
        if swap:  # "can I change the haircut to a colour instead?"
            explain = (f"I can't change the service on a booking myself, so I'll have the team call you back to "
                       f"change your {swap[0]} to {speech.a(swap[1])}.")
            return self._callback(state, business, tools, f"Wants to change their {swap[0]} to {speech.a(swap[1])}: "
                                  f"{text}", f"{explain} Can I take your name?", withheld)
        if NOT_FIXED.search(heard.text) and EARLIER_VISIT.search(heard.text) \
                and intent not in ("cancel", "reschedule", "transfer") and not state.pending:
            return self._callback(state, business, tools, f"Earlier work not fixed: {text}", "I'm sorry it's still "
                                  "not right. I'll have the team call you back to sort it out. Can I take your name?",
                                  withheld)
        if HEALTH_QUESTION.search(heard.text) and intent not in ("cancel", "reschedule", "transfer") \
                and not state.pending:
            return self._callback(state, business, tools, f"Health question: {text}", "That's one for the team, "
                                  "so I won't guess. I'll have someone call you back about it. Can I take your name?",
                                  withheld)
        if COMPLAINT.search(heard.text) and intent not in ("cancel", "reschedule", "transfer"):
            return self._callback(state, business, tools, f"Complaint: {text}", "I'm really sorry to hear that. "
                                  "I'll pass it straight to the team and have someone call you back. Can I take "
                                  "your name?", withheld)
        if TEAM_MATTER.search(heard.text.lower()) and intent not in ("cancel", "reschedule", "transfer") \
                and not state.pending:
            # a refund, a bill, something left behind: the team sorts it out
            return self._callback(state, business, tools, f"Needs the team: {text}", "I can't sort that out myself, "
                                  "but I'll have someone from the team call you back about it. Can I take your "
                                  "name?", withheld)
        if HEARD_FROM_US.search(heard.text) and not state.task:
            return self._heard_from_us(state, business, local_now, tools, withheld)
        if state.topic == "hours" and not state.task and HOURS_FOLLOW_UP.match(heard.text.strip(" ?.!")):
            # "and tomorrow?" after the hours: that day's hours (a day said alone; "what about a
            # haircut then?" is a booking)
            intent = heard.intent = "faq"
        estimate = _estimate_service(business) if PRICE_FOR_WORK.search(text.lower()) and not state.task \
            and not state.pending and not heard.slots.keys() & {"date", "time"} else None
        new_work = estimate and re.search(r"\b(?:new|replac\w*|install\w*|fitting)\b", text.lower()) and not re.search(
            r"install|replac|new|fit", heard.slots.get("service", ""), re.I)  # not a "Boiler Installation" they list
        if estimate and ("service" not in heard.slots or new_work):
            # "a rough price for a new toilet install?": the team prices it after a look
            state.service = estimate
            return self._ask(state, f"That depends on the job, so the team prices it after a look: I can book "
                                    f"{speech.a(estimate)}.", "book_offer", intent="faq",
                             go_on="Would you like to book one?")
        if RECOMMENDED.search(text.lower()) and not state.task and not heard.slots and heard.intent in ("unknown",
                                                                                                     "affirm"):
            state.call_notes.append(f"Referred: {text[:200]}")
            return self._ask(state, "That's lovely to hear, thank you! How can I help you today?", intent="referred")
        intro = _intro_service(business)
        cost_or_length = re.search(r"\bhow (?:long|much)\b|\bwhat does (?:it|that) cost\b", text.lower())
        if FIRST_VISIT.search(text.lower()) and intro and "service" not in heard.slots and not state.task \
                and not state.pending and (cost_or_length or heard.intent in ("unknown", "faq")):
            # "How long is the first appointment?", "I've got a referral letter, what do I do?": where a
            # first visit starts (with its price and length when asked)
            first = business.find_service(intro)
            state.service = first.name
            about = f" {about_service(business, first)}." if cost_or_length else ""
            return self._ask(state, f"For a first visit, it's {speech.a(first.name)}.{about}", "book_offer",
                             intent="faq", go_on="Would you like to book one?")
        new_clients = NEW_CLIENTS.search(heard.text)
        if new_clients and not state.task:  # "are you taking new patients?": yes, and where a first visit starts
            if intro:
                state.service = intro
                return self._ask(state, f"Yes, we're happy to see new {new_clients.group(1)}. For a first visit, "
                                        f"it's {speech.a(intro)}. Would you like to book one?", "book_offer",
                                 intent="faq")
            return self._ask(state, f"Yes, new {new_clients.group(1)} are very welcome. Would you like to book an "
                                    "appointment?", "book_offer", intent="faq")
        if intent == "affirm" and state.awaiting == "name" and state.task in ("callback", "objection") \
                and not heard.slots:
            return self._ask(state, "Great, what name should I give the team?", "name", intent="name")
        if state.awaiting == "name" and state.task == "objection" and "name" not in heard.slots \
                and heard.slots.keys() & {"date", "part_of_day"} and not BOOK.search(heard.text):
            # "maybe after Christmas": when to follow up, not a booking
            state.lead_notes.append(f"Follow up: {text}")
            return self._ask(state, "Got it. Can I take your name so we can follow up then?", "name",
                             intent="not_interested")
        if intent == "unknown" and _other_service(text.lower()):
            intent = heard.intent = "faq"  # "can you service my boiler?": do they do it
        if intent == "faq" and heard.slots.get("service") and not state.service:
            state.service = heard.slots["service"]
        if ARRIVAL.search(heard.text) and not withheld and not state.pending and not state.task:
            # "how long will it take them to get here?" after booking a visit: the time booked
            upcoming = tools("list_appointments", {"include_past": None})["appointments"]
            if upcoming:
                when = speech.when(_local(upcoming[0]["start"], business), local_now)
                return self._ask(state, f"The team will be with you at the time booked, {when}. {ANYTHING_ELSE}",
                                 intent="faq")
        if intent == "faq" and state.task in ("book", "reschedule") \
                and heard.slots.get("part_of_day") in ("latest", "earliest"):
            intent = heard.intent = "book"  # "what's the latest you have?" while choosing a time
        if not state.task and not state.offered and not withheld and call.profile.get("upcoming") \
                and intent not in ("cancel", "reschedule") and EARLIER_OR_LATER.search(heard.text.lower()):
            intent = heard.intent = "reschedule"  # "is there anything earlier on Saturday?" from a caller booked then
        if DATE_QUESTION.search(heard.text) and intent in ("book", "check_availability", "unknown"):
            intent = heard.intent = "faq"  # "what day is tomorrow?": the date, not a booking
        if intent == "faq":
            # A question with a day or time in it may be about booking ("anything at 3 tomorrow?"):
            # answer it if the business can, else go on as a booking request.
            # So may a service named while booking ("what about a blow dry then?").
            booking = state.task == "book" and heard.slots.keys() & {"service", "part_of_day"} or bool(
                state.offered and LATER_EARLIER.search(heard.text))  # "is there anything earlier?"
            reply = self._faq(state, business, text, tools, withheld=withheld,
                              callback=not (heard.slots.keys() & {"date", "time"} or booking))
            if reply is not None:
                return reply
            intent = heard.intent = "book"
        if intent == "not_interested":
            return self._objection(state, business, text, tools, withheld)
        if state.awaiting == "book_offer" and state.topic in ("cancel", "reschedule") and intent not in (
                "deny", "goodbye", "transfer") and (
                intent == state.topic or BOOKED_ELSEWHERE.search(text.lower()) or CALL_ME_BACK.search(text.lower())):
            # Nothing booked under this number, and the caller says there is: the team looks it up.
            verb = "move" if state.topic == "reschedule" else "cancel"
            return self._callback(state, business, tools, f"Wants to {verb} an appointment not found under the "
                                  f"number they called from: {text}", "Sorry about that. I'll have someone from the "
                                  "team look it up and call you back to sort it out. Can I take your name?", withheld)
        if CALL_ME_BACK.search(text.lower()) and intent not in ("cancel", "reschedule", "transfer"):
            return self._callback(state, business, tools, f"Asked to be called back: {text}",
                                  "Of course. Can I take your name so the team knows who to call?", withheld)
        just_made = None
        if intent in ("book", "affirm") and state.done_something and state.appointment_id and not state.task \
                and re.search(r"\b(?:make|change|move) it\b.*\binstead\b|\bactually,? (?:make|change|move) it\b",
                              text.lower()) \
                and not re.search(r"\b(?:another|also|second|too|as well|one more)\b", text.lower()):
            intent = heard.intent = "reschedule"  # "actually, make it Saturday instead": the one just made
            just_made = state.appointment_id
            swap = self._swap_service(state, business, local_now, heard, tools)
            if swap:
                return swap
        shift = find_shift(text.lower())
        if shift is None and "reschedule" in (intent, state.task) and "time" not in heard.slots and re.search(
                r"\b(?:to|for|into|until) (?:the )?(?:week after|following week)\b", text.lower()):
            shift = 7 * 24 * 60  # "move (my Monday one) to the week after": the same day and time, a week on
            if heard.slots.get("date") and not withheld and not moving:  # "my Monday one": which it is
                on_day = [a for a in tools("list_appointments", {"include_past": None})["appointments"]
                          if a["start"][:10] == heard.slots["date"]]
                moving = on_day[0]["id"] if len(on_day) == 1 else None
        if shift is None and "reschedule" in (intent, state.task) and re.search(r"\bsame time\b", text.lower()):
            # "the same time next week": a week on; "the same time on Friday": that day, same time
            shift = 7 * 24 * 60 if re.search(r"\b(?:next|following) week\b|\bweek after\b", text.lower()) else 0
        if shift is not None and intent != "cancel" and (state.task != "book" or state.done_something):
            intent = heard.intent = "reschedule"
            for slot in ("date", "time", "part_of_day") if shift else ("time", "part_of_day"):
                heard.slots.pop(slot, None)
        last_booked = state.appointment_id if state.done_something and not state.task else None
        if intent == "cancel":
            self._start(state, "cancel")
        elif intent == "reschedule":
            self._start(state, "reschedule")
        elif intent in ("book", "check_availability") and state.task not in ("book", "reschedule") \
                and state.awaiting != "appointment":  # "the haircut": which booking, not a new one
            self._start(state, "book")
        elif intent in ("book", "affirm") and state.task is None and state.awaiting == "book_offer":
            self._start(state, "book")
        if state.task in ("cancel", "reschedule") and (last_booked or state.cancelled) and not withheld \
                and re.search(r"\bthe other (?:one|appointment|booking|1)\b", heard.text.lower()):
            # "... and cancel the other one" just after moving, making or cancelling one: not that one
            others = [a for a in tools("list_appointments", {"include_past": None})["appointments"]
                      if a["id"] != last_booked]
            if len(others) == 1:
                state.appointment_id = others[0]["id"]
        if state.task == "book" and BOOKING_FOR_OTHER.search(heard.text) and not state.for_other \
                and not re.search(r"\bfor (?:me|myself)\b|\b(?:me|I) and my\b|\bmy \w+ and I\b", heard.text):
            # not the caller's (known) name: theirs is asked, unless said ("my son Leo", "her name is Anna")
            state.for_other = True
            said = heard.slots.get("name")
            if not said or re.search(rf"\b(?:I'?m|I am|[Mm]y name(?:'s| is)|[Tt]his is) {re.escape(said)}", text, re.I):
                state.name, state.own_name = None, said or state.own_name
                heard.slots.pop("name", None)
        if just_made or moving:
            state.appointment_id = just_made or moving
        if shift is not None and intent == "reschedule":
            state.shift_minutes = shift

        moved = BETWEEN.search(heard.text) if state.task == "reschedule" and not withheld else None
        if moved and moved.group(0).startswith("from"):  # "change it from 2 to 3": the one at 2, to 3
            old_time, new_time = _window(moved)
            listed = tools("list_appointments", {"include_past": None})["appointments"]
            at_old = [a for a in listed if _local(a["start"], business).strftime("%H:%M") == old_time
                      and heard.slots.get("date") in (None, a["start"][:10])]
            if len(at_old) == 1:
                state.appointment_id = at_old[0]["id"]
                if heard.slots.get("date") == at_old[0]["start"][:10]:
                    heard.slots.pop("date")
                heard.slots.pop("part_of_day", None)
                heard.slots["time"] = new_time
        window = BETWEEN.search(heard.text) if state.task in ("book", "reschedule") and not (
            moved and moved.group(0).startswith("from")) else None
        bound = BOUND.search(heard.text) if state.task in ("book", "reschedule") and not window else None
        if window:  # kept as the part of the day to offer from, on whichever day is settled
            heard.slots.pop("time", None)
            heard.slots["part_of_day"] = "-".join(_window(window))
            state.offered, state.time, state.after, state.before = [], None, None, None
        elif bound and (heard.slots.get("date") or state.date or state.offered):
            # "no sooner than 10", "anytime after 3", "before noon": the times on that side of it
            hour, minute = int(bound.group(2)) % 12, int(bound.group(3) or 0)
            if bound.group(4) == "pm" or (bound.group(4) != "am" and 1 <= hour <= 7):
                hour += 12
            day = heard.slots.get("date") or state.date or state.offered[0][:10]
            edge = f"{day}T{hour:02d}:{minute:02d}"
            heard.slots.pop("time", None)
            state.offered, state.time = [], None
            if bound.group(1) in ("before", "no later than", "not after", "by", "until"):
                state.before, state.after = edge, None
            else:
                state.after, state.before = edge, None
            state.date = day
        elif state.offered and re.search(r"\b(?:a bit |a little |way )?too (early|late)\b", text.lower()) \
                and not re.search(r"\bis it too\b", text.lower()):
            # "not 7, that's too early": from an hour after the first offered ("too late": up to an hour
            # before the last); "they're all too early": after the last offered (before the first)
            early = re.search(r"\btoo (early|late)\b", text.lower()).group(1) == "early"
            every = re.search(r"\b(?:all|those|these|them|they)\b", text.lower())
            edge = state.offered[-1 if early == bool(every) else 0]
            if not every:
                edge = (dt.datetime.fromisoformat(edge) + dt.timedelta(hours=1 if early else -1)).isoformat()
            state.after, state.before = (edge, None) if early else (None, edge)
            heard.slots.pop("time", None)
            state.offered, state.time = [], None
        elif state.offered and LATER_EARLIER.search(text.lower()):
            later = "later" in text.lower()
            state.after = state.offered[-1] if later else None
            state.before = None if later else state.offered[0]
            state.offered, state.time = [], None
        elif state.awaiting == "date" and state.task in ("book", "reschedule") and not heard.slots \
                and BARE_YES.fullmatch(heard.text.strip(" .,!?").lower()):
            return self._ask(state, f"Which day would suit you? {DAY_EXAMPLES}", "date")  # "yes" names no day
        elif intent == "deny" and state.awaiting == "time" and not heard.slots \
                and not BARE_ORDINAL.search(heard.text.lower()):  # "no sorry, the second one": a choice
            state.offered, state.time = [], None
            return self._ask(state, "No problem. What other day or time would suit you?", "date")
        if soonest and not state.offered and state.task in ("book", "reschedule") \
                and soonest.group(0) not in ("anyday", "any day", "whenever") \
                and not heard.slots.keys() & {"time", "part_of_day"}:
            heard.slots["part_of_day"] = "earliest"  # "the soonest you can", "flooding": one time, the first
        if soonest and "date" not in heard.slots and not state.offered \
                and state.task in ("book", "reschedule"):
            heard.slots["date"] = local_now.date().isoformat()
        elif state.task == "book" and state.booked_day and not state.date and "time" in heard.slots \
                and "date" not in heard.slots:
            heard.slots["date"] = state.booked_day  # "and one for me at 11", just after booking: that day
        elif intent == "reschedule" and "date" not in heard.slots and state.shift_minutes is None \
                and re.search(r"\b(?:anything|something|any \w+) (?:sooner|earlier)\b|\bme (?:in )?(?:sooner|earlier)\b",
                              heard.text) and not re.search(r"\b(?:that|the same) day\b|\bon the day\b", heard.text):
            heard.slots["date"] = local_now.date().isoformat()  # "anything sooner for my haircut?": from today
        party = PARTY.search(heard.text)
        if party and state.task == "book":
            count = next((g for g in party.groups() if g), "2")
            state.party = max(1, COUNT_WORDS.get(count) or int(count))
            if state.party > PARTY_BY_PHONE:
                explain = f"For a group of {state.party}, the team will set that up with you."
                return self._callback(state, business, tools, f"Group booking for {state.party} people: {text}",
                                      f"{explain} Can I take your name?", withheld)
        if state.task == "book" and not withheld and "service" not in heard.slots and USUAL.search(heard.text):
            usual = self._usual(tools)  # "the usual": the services of their last visit
            if usual:
                heard.slots["service"], state.also = usual[0], usual[1:]
                said = speech.options([speech.a(u) for u in usual], "and")
                service_note = f"{said[0].upper()}{said[1:]}, as usual. "
        urgent = [s.name for s in business.services if EMERGENCY_SERVICE.search(s.name)]
        if state.task == "book" and not state.service and "service" not in heard.slots:
            picked = at_position(heard.text, business.service_names()) if state.awaiting == "service" else None
            keyed = re.fullmatch(r"(?:(?:ok|okay|yes|yeah|um|uh|so) )?(?:i'?ll )?(?:press(?:ed|ing)? |number |option )?"
                                 r"([1-9])(?: please| then| thanks)?", normalize(heard.text))
            if not picked and keyed and "press 1 for" in (state.last_prompt or ""):  # "two", said for the key
                names = business.service_names()
                picked = names[int(keyed.group(1)) - 1] if int(keyed.group(1)) <= len(names) else None
                heard.slots.pop("time", None)  # "two please" was the key, not 2 PM
            first_visit = None if picked else self._first_visit_service(heard.text, business)
            if first_visit:  # "it's my first time", "I was referred by my GP": said which service that is
                picked, service_note = first_visit, f"For a first visit, it's {speech.a(first_visit)}. "
            if not picked and last_booked and re.search(
                    r"\b(?:book|get|make|want|need|like) (?:\w+ )?(?:one|1|another)\b|\bthe same(?: thing| again)?\b|"
                    r"\bsame again\b|^(?:(?:and|also|oh|plus|then|ok|okay)[ ,]+)*(?:another|one more)(?: one)?\b",
                    heard.text):
                # "can you book one for my dad too?": what was just booked
                listed = tools("list_appointments", {"include_past": None})["appointments"]
                picked = next((a["service"] for a in listed if a["id"] == last_booked), None)
            if not picked and QUOTE_ASKED.search(heard.text.lower()):
                picked = _estimate_service(business)
                service_note = f"I can book {speech.a(picked)} for that. " if picked else service_note
            fixes = self._service_for_problem(heard.text, business) if not picked else None
            if fixes:
                picked, service_note = fixes, f"That sounds like a job for our {fixes}. "
            intro = _intro_service(business) if not picked and problem_now else None
            if intro and not re.search(r"\b(?:follow|again|existing|usual|still|same|regular)\b", heard.text.lower()):
                picked, service_note = intro, f"I'd start with {speech.a(intro)} for that. "  # "I've hurt my back"
            if not picked and intent == "affirm" and state.awaiting == "service" \
                    and "For a first visit, it's" in (state.last_prompt or ""):
                picked = _intro_service(business)  # "yes, please"
            if not picked and URGENT.search(without_negated(heard.text)) and len(urgent) == 1:
                picked = urgent[0]
            if picked:
                if heard.slots.get("date") and BARE_ORDINAL.fullmatch(heard.text.strip(" .!?").split()[-1]) \
                        and not DATE_WORDS.search(heard.text):
                    heard.slots.pop("date")  # "the first" (service on the list), not the 1st of the month
                heard.slots["service"] = picked
        if state.task == "book" and not state.service and len(urgent) == 1 \
                and URGENT.search(without_negated(heard.text)) \
                and heard.slots.get("service") not in (None, urgent[0]) \
                and heard.slots["service"].lower() not in heard.text:
            heard.slots["service"] = urgent[0]  # "water coming through the ceiling": not the water heater service
        named = [instead] if instead else match_services(heard.text, business.service_names(), aliases)
        if state.task == "book" and not withheld and "time" not in heard.slots:
            named = self._next_to_theirs(state, heard, business, named, tools)
        if state.task == "book" and len(named) > 1:
            heard.slots["service"], state.also = named[0], named[1:]
            state.also_when = self._when_each(heard.text, named, business, local_now)
            if FOR_SOMEONE_ELSE.search(heard.text) and re.search(r"\bfor (?:me|myself)\b", heard.text) \
                    and state.party == 1:
                state.party = 2  # both names are asked; the second service is booked under the second
        service_before = state.service
        self._merge_slots(state, heard, business)
        state.silence = 0 if (intent != "unknown" or heard.slots or state.awaiting) else state.silence

        if withheld and state.last_prompt == WITHHELD_LOOKUP and state.callback_phone and "phone" in heard.slots:
            # A number said after "I can't change bookings on this call": the team calls them back on it
            said = ("Thanks. I can't change bookings from a number said on the call, but I'll have the team call "
                    "you back on that number to sort it out.")
            asked = [t["text"] for t in call.transcript if t["role"] == "caller"][-1:] or [text]
            return self._callback(state, business, tools, f"Number withheld; wants help with a booking: {asked[0]}",
                                  f"{said} Can I take your name?", withheld)
        if withheld and state.task in ("reschedule", "cancel"):
            state.task = None
            return self._ask(state, WITHHELD_LOOKUP, intent=intent)
        if state.awaiting == "phone" and "phone" not in heard.slots and intent in ("deny", "not_interested"):
            state.task = None
            return self._ask(state, "No problem. I need a number to hold a booking or to call you back, so I "
                                    "can't do that on this call. You can call back from your own phone, or say "
                                    f"'speak to someone' and I'll put you through. {ANYTHING_ELSE}")
        if state.task == "book" and not state.pending and not state.also and state.awaiting in ("date", "time", "name") \
                and (re.search(r"\b(?:one|1) for\b", heard.text)
                     or ANOTHER_ONE.search(heard.text) and FOR_SOMEONE_ELSE.search(heard.text)):
            # "yes, and can you book one for my dad straight after?" while choosing: this one, then theirs
            if state.service:
                state.also = [state.service]
            else:
                state.party = max(state.party, 2)
        if state.task == "book" and not state.service and state.awaiting == "service" and (
                UNSURE.search(heard.text) or "You can say its name, or press" in (state.last_prompt or "")):
            return self._unsure_of_service(state, business, local_now, tools, heard.text, withheld)
        if state.task == "book":
            offered_before = list(state.offered)
            reply = self._which_time(state, business, heard, offered_before,
                                     self._book(state, business, local_now, tools, withheld))
            if set(heard.slots) == {"name"} and state.awaiting in ("date", "time", "service"):
                reply.say = f"{_thanks(state)}{reply.say}"  # a name said before it was asked
            elif set(heard.slots) == {"email"} and state.email and not reply.say.startswith("Just to confirm"):
                reply.say = f"Thanks, I've noted {state.email}. {reply.say}"
            if problem_now and not service_note and state.service and not reply.say.startswith("Sorry") \
                    and len(named) <= 1:
                service_note = f"I can book {speech.a(state.service)} for that. "  # "my water heater is banging"
            if reply.say.startswith("Sure! Which service") and not named:
                unlisted = self._unlisted(text.lower())  # "..., can you do an updo?" (the commas are in `text`)
                if unlisted:
                    reply.say = f"I don't see {unlisted} on our list. " + reply.say.removeprefix("Sure! ")
                elif "date" in heard.slots and state.date and dt.date.fromisoformat(state.date) >= local_now.date() \
                        and not business.opening_ranges(dt.date.fromisoformat(state.date)):
                    # "are you available on Sunday?" when closed Sundays: said now, another day offered later
                    closed = _why_not(business, dt.date.fromisoformat(state.date), local_now, business.services)
                    reply.say = state.last_prompt = f"{closed} I can find you another day. " + \
                        reply.say.removeprefix("Sure! ")
            if len(named) > 1 and state.party == 1 and (reply.say.startswith("What day") or " I have " in reply.say):
                both = speech.options([speech.a(n) for n in named], "and")
                reply.say = f"{both[0].upper()}{both[1:]}. {reply.say}"  # each is booked in turn: say so now
            if urgent_now and urgent and state.awaiting == "time" and state.offered \
                    and state.offered[0][:10] != local_now.date().isoformat():
                # Nothing today for an emergency: a message reaches the team tonight (they get an alert)
                offer, _, question = reply.say.rpartition(". ")
                reply.say = f"{offer}. If it can't wait until then, I can take an urgent message for the team " \
                            f"instead. {question}"
            if service_before and state.service and state.service != service_before and not service_note \
                    and not reply.say.startswith(("Sure", "Just to confirm")):
                service_note = f"Sure, {speech.a(state.service)} instead. "  # "is that the water heater thing?"
                if reply.say.startswith("Sorry, what name"):  # the name was not missed: the service changed
                    reply.say = reply.say.replace("Sorry, what name", "What name", 1)
            if not reply.say.startswith("Just to confirm"):
                lead_in = area_note + rota_note + service_note
                reply.say = lead_in + (reply.say.removeprefix("Sure! ") if lead_in else reply.say)
            return reply
        if state.task == "reschedule" and state.cancelled and state.service in (None, state.cancelled) \
                and not state.appointment_id:
            # "Actually, can I rebook it for next week?" just after cancelling it: a new booking of it
            state.task, state.service, state.appointment_id, state.cancelled = "book", state.cancelled, None, None
            if state.shift_minutes and state.cancelled_start:  # "rebook it for the week after": that slot, a week on
                moved = _local(state.cancelled_start, business) + dt.timedelta(minutes=state.shift_minutes)
                state.date, state.time = moved.date().isoformat(), moved.strftime("%H:%M")
            state.shift_minutes = state.cancelled_start = None
            follow = self._book(state, business, local_now, tools)
            return self._ask(state, f"Sure, let's book a new {state.service}.", state.awaiting, go_on=follow.say)
        if state.task == "reschedule":
            only_time = re.search(r"\b(?:change|move|switch) the time\b|\ba different time\b", text.lower()) \
                and not re.search(r"\b(?:day|date)\b", text.lower())
            offered_before = list(state.offered)
            return self._which_time(state, business, heard, offered_before, self._reschedule(
                state, business, local_now, tools, same_day=bool(only_time), said=heard.text))
        if state.task == "cancel":
            self._then_book(state, business, local_now, text)
            return self._cancel(state, business, local_now, tools, every=bool(ALL_OF_THEM.search(text.lower())),
                                said=heard.text,
                                offer_move=bool(CANT_MAKE_IT.search(text.lower())) and "cancel" not in text.lower())
        if state.task == "resend" and state.email:
            return self._resend(state, business, local_now, "email", tools)
        if state.task == "resend" and re.search(r"\btext\b|\bsms\b", text.lower()):
            state.task = None
            return self._resend(state, business, local_now, "text", tools)
        if state.task in ("callback", "objection") and state.name:
            return self._capture(state, business, tools, withheld=withheld)
        if intent == "affirm" and (state.done_something or (state.last_prompt or "").endswith(ANYTHING_ELSE)):
            return self._ask(state, "Of course. What else can I do for you?")
        if re.search(r"\b(?:i (?:have|had|'ve got|got)|there's) (?:a|one|another|a quick|just one) (?:question|query)\b|"
                     r"^(?:quick|one) question\W*$", heard.text) and not heard.slots:
            return self._ask(state, "Of course. What's your question?")
        if intent == "affirm" and not state.task and not state.awaiting:  # "yes" to "how can I help?"
            return self._ask(state, "Sure! I can book, move or cancel an appointment, or answer a question. What "
                                    "would you like to do?")
        if intent == "deny" and state.awaiting == "book_offer":
            state.awaiting = None
            return self._ask(state, f"No problem. {ANYTHING_ELSE}")
        if set(heard.slots) == {"name"} and state.name:
            # The caller only introduced themselves (outside a booking): greet them, then ask.
            return self._ask(state, f"Nice to meet you, {state.name.split()[0]}! How can I help you today?",
                             intent="name")
        state.silence += 1
        if state.silence >= 3:
            return self._silence(state, business, counted=True)
        return self._ask(state, "Sorry, I didn't quite get that. I can book, move or cancel an appointment, "
                                "or answer a question. What would you like to do?")

    # --- helpers --------------------------------------------------------------------------

    def _ask(self, state: DialogueState, say: str, awaiting: str | None = None, intent: str | None = None,
             go_on: str | None = None) -> Reply:
        """Say `say` (an answer, then `go_on`: the question asked again after silence)."""
        state.awaiting = awaiting
        if go_on and say:
            go_on = re.sub(r"^Sure[.!] ", "", go_on)  # "Sure." answered the earlier turn, not this one
        state.last_prompt = go_on or say
        return Reply(f"{say} {go_on}" if go_on else say, "gather", intent=intent)

    def _start(self, state: DialogueState, task: str) -> None:
        if state.task != task:
            state.task = task
            state.offered = []
            state.pending = None
            state.appointment_id = None
            state.shift_minutes = None

    def _keypad(self, state: DialogueState, digits: str) -> str:
        if state.awaiting == "phone":
            return digits
        if state.awaiting == "name":
            return ""  # a key is no name: asked again
        if state.pending:
            return {"1": "yes", "2": "no"}.get(digits[0], "")
        if state.offered and digits[0].isdigit() and 1 <= int(digits[0]) <= len(state.offered):
            return ("the first one", "the second one", "the third one")[int(digits[0]) - 1]
        if state.awaiting == "service" and digits[0] in "123456789":
            return f"service {digits[0]}"
        return {"1": "I'd like to book an appointment", "2": "I can't make my appointment",  # change or cancel
                "3": "I'd like to leave a message", "0": "I want to speak to a person"}.get(digits[0], "")

    def _silence(self, state: DialogueState, business: Business, counted: bool = False) -> Reply:
        if state.on_hold:
            state.on_hold = False
            return Reply("I'm still here whenever you're ready.", "gather", intent="hold")
        if not counted:
            state.silence += 1
        if state.silence <= 2:
            return Reply("Sorry, I didn't catch that. " + self._question(state), "gather", intent="no_input")
        if state.silence == 3:
            return Reply("I'm having trouble hearing you. " + KEYPAD_MENU, "gather", intent="no_input")
        return Reply(f"I'm sorry, I can't hear you. I'll send you a text so you can reach {business.name} "
                     "easily. Goodbye.", "hangup", intent="no_input")

    @staticmethod
    def _question(state: DialogueState) -> str:
        """What to ask again when the caller was silent: the last prompt, but not what it reported
        before "anything else?" (the booking just read back, an answer already given)."""
        prompt = state.last_prompt or "How can I help you today?"
        prompt = prompt.removeprefix("Sorry, I didn't quite get that. ")  # "Sorry, I didn't catch that" comes first
        return ANYTHING_ELSE if prompt.endswith(ANYTHING_ELSE) else prompt

    @staticmethod
    def _no_texts(state: DialogueState, tools: Tools) -> None:
        """Their lead records no consent to texts (notifications check it when sending); the lead
        needs a name, so without one this waits for the booking."""
        if state.no_texts and state.name:
            tools("capture_lead", {"name": state.name, "email": state.email, "interest": None, "notes": None,
                                   "source": "call", "area": None, "sms_consent": False})

    def _team(self, state: DialogueState, business: Business, heard: Understanding, text: str, member: str | None,
              local_now: dt.datetime, tools: Tools, withheld: bool) -> Reply | None:
        """The person the booking is with (shared/dialogue/team.py): named, the same as last time,
        or anyone (then the day they asked for is searched again for everyone)."""
        named = team.member_named(business, member) or team.asked_about(business, text) or team.named_in(business,
                                                                                                           text)
        if named is None and team.SAME_AS_LAST.search(text):
            try:
                named = team.last_seen(business, tools("list_appointments", {"include_past": True})["appointments"])
            except DomainError:
                named = None
        if named is not None and not ASKS_FOR.search(text):
            state.staff = named.name
            if team.WORKING.search(text) and not (heard.slots.keys() & {"service", "time"}) \
                    and not BOOK.search(heard.text):
                day = heard.slots.get("date")
                answer = team.rota(business, named, dt.date.fromisoformat(day) if day else None, local_now.date())
                go_on = f"Would you like to book with {team.first_name(named)}?"
                return self._ask(state, answer, "book_offer", intent="team_member", go_on=go_on)
            return None
        if state.staff and team.ANYONE.search(text):
            state.staff = None
            if state.staff_missed and state.task == "book":  # the day (and time) they first asked for
                day, _, time = state.staff_missed.partition("T")
                state.date, state.time, state.staff_missed, state.offered = day, time or None, None, []
                return self._book(state, business, local_now, tools, withheld)
        return None

    @staticmethod
    def _team_member(text: str, business: Business) -> str | None:
        said = TEAM_MEMBER.search(text)
        if not said:
            return None
        name = said.group(1) or said.group(2)
        last = name.split()[-1].lower()
        services = {w.lower() for w in " ".join(business.service_names()).split()}
        if last in NOT_A_NAME | services | NOT_FOR_NAMES | {"roxy", "you", "there", "here"}:
            return None
        return name

    def _take_address(self, state: DialogueState, business: Business, heard: Understanding, text: str,
                      address: re.Match, local_now: dt.datetime,
                      tools: Tools) -> tuple[Reply | None, Understanding, str]:
        """A street address said: kept for the booking's notes (added to the booking if it is already
        made). Said alone, it is acknowledged and the question asked again; said with more ("Sam, and
        the address is ..."), the rest is understood."""
        end = address.end()
        tail = heard.text[end:].strip(" ,.!?")
        if tail and len(tail.split()) <= 4 and not re.search(r"\b(?:and|but|so|please|for)\b", tail):
            told = _understand(tail, business, local_now)
            if told.intent == "unknown" and not told.slots.keys() - {"name"}:
                end = len(heard.text.rstrip(" ,.!?"))  # "123 Main Street Evanston": the town is the address's
        begin = address.start()
        unit = re.search(r"\b(?:flat|apartment|apt|unit|suite)(?:\s+\w{1,5})?[\s,]*$", heard.text[:begin],
                         re.I)  # "Flat 2, 14 Rose Court"
        said = re.sub(r"\s+", " ", heard.text[unit.start() if unit else begin:end]).strip(" ,").split()
        state.address = " ".join(w if i and w.lower() in ("in", "on", "at", "of", "and") else w.title()
                                 for i, w in enumerate(said))
        self._renote(state)
        on_booking = self._note_on_booking(state, tools, f"Address: {state.address}")
        rest = set(re.findall(r"[a-z0-9]+", heard.text[:address.start()] + heard.text[end:]))
        if rest <= ADDRESS_FILLER and state.awaiting == "address":  # the answer to "what's the address?"
            return None, Understanding("affirm", {}, heard.text), text
        if rest <= ADDRESS_FILLER:
            go_on = f"Shall I go ahead with {state.pending['summary']}?" if state.pending else self._question(state)
            noted = "added the address to your booking" if on_booking else "noted the address"
            reply = self._ask(state, f"Thanks, I've {noted}, {state.address}.", state.awaiting,
                              intent="address", go_on=go_on)
            return reply, heard, text
        intro = r"[\s,]*(?:(?:and|so)\s+)?(?:(?:the|my|our)\s+)?address(?:\s+(?:is|it's))?[\s,]*$"
        before = re.sub(intro, "", heard.text[:address.start()])
        heard = _understand(f"{before} {heard.text[end:]}".strip(), business, local_now)
        number = re.search(rf"\b{address.group(0).split()[0]}\b", text)
        return None, heard, re.sub(intro, "", text[:number.start()], flags=re.I) if number else before

    def _take_free_answers(self, state: DialogueState, heard: Understanding, text: str, withheld: bool) -> None:
        """Answers to Roxy's own question that the intent parser cannot know: a bare name, a number."""
        booking_number = withheld and state.pending and state.pending["action"] == "book_appointment"
        if state.awaiting == "phone" or booking_number:
            number = find_phone(text)
            if number:
                for slot in ("date", "time", "part_of_day", "name"):  # the digits are not these
                    heard.slots.pop(slot, None)
                heard.slots["phone"] = number
                if heard.intent in ("unknown", "faq", "book", "check_availability", "deny"):
                    heard.intent = "affirm"
        if state.awaiting in ("time", "date", "service") and heard.intent == "unknown" and not heard.slots \
                and not state.name:
            name = looks_like_name(text, asked=False)
            if name:
                heard.slots["name"] = name
        names = _names_of_party(text) if state.awaiting == "name" else None
        if names and state.party > 1:  # "Joe and Ann": one booking each
            heard.slots["name"] = names[0]
            state.also_names = names[1:]
            heard.intent = "affirm" if heard.intent in ("unknown", "faq") else heard.intent
        elif names and len(names) == 2:  # one booking asked for: "John and Mary Smith" is whose it is
            heard.slots["name"] = " and ".join(names)
            heard.intent = "affirm" if heard.intent in ("unknown", "faq") else heard.intent
        if state.awaiting == "name" and "name" not in heard.slots:
            booked_for = re.search(rf"\b(?:for|under)\s+({CAP}(?:\s+{CAP})?)[.!]?$", text.strip())
            if booked_for and not any(w.lower() in NOT_A_NAME for w in booked_for.group(1).split()):
                heard.slots["name"] = booked_for.group(1)  # "ok, book that for Lee"
        if state.awaiting == "name" and not heard.slots.keys() & {"name", "service"} and heard.intent in (
                "unknown", "affirm", "book", "faq"):  # "beard" is the service, not a name
            name = looks_like_name(text)
            if not name and "email" in heard.slots:  # "Jess, and my email is jess at ..."
                name = looks_like_name(re.split(r",|\band\b|\bmy e-?mail\b", text, flags=re.I)[0])
            if name:
                heard.slots["name"] = name
                if heard.intent in ("unknown", "faq"):
                    heard.intent = "affirm"
        if state.awaiting == "address" and not state.address and heard.intent not in (
                "faq", "transfer", "cancel", "goodbye") and "?" not in text:
            if not re.search(r"^(?:no|nope|nah|not really)\b|\brather not\b|\bsame (?:as|address)\b|\bon file\b|"
                             r"\b(?:has|have|got|knows?) (?:it|the address|where)\b|\bi'll (?:tell|give|show|text)\b|"
                             r"\b(?:don't|do not) know\b", heard.text.lower()):
                said = re.sub(r"^(?:(?:it's|it is|that's|that is|the address is|address is|we're at|i'm at|at)\s+)+",
                              "", text.strip(" .!"), flags=re.I)
                state.address = " ".join(w if i and w.lower() in ("in", "on", "at", "of", "and") else w.title()
                                         for i, w in enumerate(said.split()))[:200] or None
            for slot in ("date", "time", "part_of_day", "name", "phone"):  # "22 Oak" is no time, "Elm" no name
                heard.slots.pop(slot, None)
            heard.intent = "affirm"
        if state.awaiting == "email" and "email" not in heard.slots:
            email = find_email(re.sub(r"\s+", " ", text.lower()))
            if email:
                heard.slots["email"] = email

    def _merge_slots(self, state: DialogueState, heard: Understanding, business: Business) -> None:
        slots = heard.slots
        if state.task == "book" and state.service and slots.get("service") not in (None, state.service) \
                and not state.pending:
            state.offered = []  # "actually, make that a blow dry": times for the new service (a time they
            # asked for stays, and is checked for it)
        if "service" in slots and (state.task != "reschedule" or not state.appointment_id):
            state.service = slots["service"]  # for a move or a cancel: which appointment they mean
        if "name" in slots:
            state.name = slots["name"]
            if not state.for_other:
                state.own_name = state.name
        if "email" in slots:
            state.email = slots["email"]
        if "phone" in slots:
            try:
                state.callback_phone, state.unusable_number = normalize_phone(slots["phone"], business.country), None
                extension = find_extension(heard.text)
                if extension:  # "617 555 0190, extension 4": the number, and the extension for the team
                    state.callback_extension = extension
                    state.lead_notes.append(f"Callback number extension: {extension}")
            except ValueError:
                state.callback_phone, state.unusable_number = None, slots["phone"]  # asked again, digit by digit
        if "date" in slots and state.offered and BARE_ORDINAL.search(heard.text) and not DATE_WORDS.search(heard.text):
            del slots["date"]  # "the first" / "the 2nd" with times on offer: a choice, not a day of the month
        if state.offered and CLOCK_ALONE.fullmatch(heard.text.strip()):
            slots.pop("date", None)  # "the 11 one" / "10" with times on offer: a time, not the 11th
            slots.pop("time", None)  # (chosen among the offers below, or checked like any time asked for)
        if "date" in slots and re.search(r"\bnext week\b|\bweek after\b", heard.text):
            asked = dt.date.fromisoformat(slots["date"])
            state.week_of = (asked - dt.timedelta(days=asked.weekday())).isoformat()
            if re.search(r"\bnext week\b", heard.text) and not re.search(r"\b(?:" + "|".join(WEEKDAYS) + r")\b",
                                                                       heard.text) \
                    and not re.search(r"\b(?:end|late|later|latter)\b[a-z ]{0,12}next week", heard.text.lower()):
                # "next week": its first open day (then the first with a time free), not a week from today
                week = [asked - dt.timedelta(days=asked.weekday() - n) for n in range(7)]
                slots["date"] = next((d for d in week if business.opening_ranges(d)), week[0]).isoformat()
        elif "date" in slots and state.week_of and BARE_WEEKDAY.search(heard.text):
            # "What do you have next week?" ... "Thursday evening": the Thursday of that week.
            said, week = dt.date.fromisoformat(slots["date"]), dt.date.fromisoformat(state.week_of)
            if said < week:
                slots["date"] = (week + dt.timedelta(days=said.weekday())).isoformat()
        if "date" in slots:
            said_day = dt.date.fromisoformat(slots["date"]).weekday()
            if said_day in state.avoid_days and WEEKDAYS[said_day] in heard.text:
                state.avoid_days.remove(said_day)  # "ok, Wednesday then": they chose it after all
            if slots["date"] != state.date:
                state.offered = [o for o in state.offered if o[:10] == slots["date"]]
            state.date = slots["date"]
        if "time" in slots:
            state.time = slots["time"]
            state.part_of_day = None
        elif "part_of_day" in slots:
            state.part_of_day = slots["part_of_day"]
            state.time = None
            state.offered = []  # new choices within that part of the day
        # not "yes" to "your name?", but "the 11:45" then is another of the times on offer
        choosing = state.offered and (not (state.time and state.awaiting != "time")
                                      or CLOCK_ALONE.fullmatch(heard.text.strip())
                                      or OTHER_OFFER.fullmatch(heard.text.strip(" .!?")))
        if choosing and "time" not in slots and "name" not in slots:  # "it's for my son Tom" picks no time
            choice = self._choice(heard.text, state.offered, named_day="date" in slots)
            other_time = None if choice else self._clock_alone(heard.text, state.offered)
            if choice is not None:
                state.date, state.time = choice[:10], choice[11:16]
            elif other_time:  # a time that was not offered: checked like any time asked for
                state.date, state.time = state.date or state.offered[0][:10], other_time
        if state.offered and "time" in slots and "date" not in slots:
            same_time = [o for o in state.offered if o[11:16] == slots["time"]]
            if same_time:
                state.date = same_time[0][:10]

    def _which_time(self, state: DialogueState, business: Business, heard: Understanding, offered_before: list[str],
                    reply: Reply) -> Reply:
        """A bare "yes" to "9, 10 or 11?" chose none of them: asked which, not the same offer again."""
        if len(offered_before) > 1 and state.offered == offered_before and reply.say.endswith(
                "Which would you like?") and BARE_YES.fullmatch(heard.text.strip(" .,!?").lower()):
            times = speech.options([speech.clock(_local(o, business)) for o in state.offered])
            return self._ask(state, f"Sure. Which time would you like: {times}?", "time")
        return reply

    @staticmethod
    def _clock_alone(text: str, offered: list[str]) -> str | None:
        """"10" / "10 30" said with times on offer but none at that time: the HH:MM meant, morning or
        afternoon by whichever is closer to the times offered."""
        clock = CLOCK_ALONE.fullmatch(text.strip())
        if not clock or not 1 <= int(clock.group(1)) <= 12 or int(clock.group(2) or 0) > 59:
            return None
        hour, minute = int(clock.group(1)) % 12, int(clock.group(2) or 0)
        if clock.group(3) in ("am", "pm"):
            hours = [hour + (12 if clock.group(3) == "pm" else 0)]
        else:
            hours = [hour, hour + 12]
        offered_minutes = [int(o[11:13]) * 60 + int(o[14:16]) for o in offered]
        best = min(hours, key=lambda h: min(abs(h * 60 + minute - m) for m in offered_minutes))
        return f"{best:02d}:{minute:02d}"

    def _choice(self, text: str, offered: list[str], named_day: bool = False) -> str | None:
        clock = CLOCK_ALONE.fullmatch(text.strip())
        if clock:  # "9", "10 30" said with times on offer: the one at that hour (and minute)
            hour, minute = int(clock.group(1)) % 12, int(clock.group(2) or 0)
            # "10" is 10 o'clock, not the 10:30 on offer (that is checked as any time asked for);
            # "the 10 one" points at an offer
            pointing = clock.group(2) is None and clock.group("one")
            for start in offered:
                local = dt.datetime.fromisoformat(start)
                if local.hour % 12 == hour and (pointing or local.minute == minute):
                    return start
            return None  # "9 is fine" with 9:30 on offer: 9 o'clock, checked like any time (not "fine": the first)
        for word, index in ORDINAL_CHOICES.items():
            if re.search(rf"\b{word}\b", text):
                return offered[index] if index < len(offered) else offered[-1]
        if len(offered) > 1 and BARE_YES.fullmatch(text.strip(" .,!?").lower()):
            return None  # "yes" to "9, 10 or 11?" chooses none of them: asked which
        # "that's fine", "any of them", "whichever": the earliest; the read-back lets them correct it
        # ("ok, Tuesday then" names the day, not a time; "can I get that in writing?" chooses nothing)
        short = len(text.split()) <= 5 or ACCEPTING.match(text.strip().lower())
        if not named_day and short and ACCEPTING.search(text.lower()):
            return offered[0]
        return None

    # --- booking --------------------------------------------------------------------------

    def _need_service(self, state: DialogueState, business: Business) -> Reply | None:
        if state.service:
            return None
        if len(business.services) == 1:
            state.service = business.services[0].name
            return None
        if state.awaiting == "service" and len(business.services) <= 9:
            # Asked already and not understood: the keypad is another way to answer.
            keys = speech.options([f"{n} for {s.name}" for n, s in enumerate(business.services, 1)], "or")
            if state.date or state.time or state.part_of_day:  # "is there anything this week?": kept for later
                return self._ask(state, f"I'll check that as soon as I know the service. Which service would you "
                                        f"like? You can say its name, or press {keys}.", "service")
            return self._ask(state, f"Sorry, which service would you like? You can say its name, or press {keys}.",
                             "service")
        names = speech.options([s.name for s in business.services])
        intro = _intro_service(business) if state.problem else None
        first_visit = f" For a first visit, it's {speech.a(intro)}." if intro else ""
        return self._ask(state, f"Sure! Which service would you like? We offer {names}.{first_visit}", "service")

    @staticmethod
    def _unlisted(text: str) -> str | None:
        """The thing in "do you do X?" said as one clause of a longer sentence, when it is no service."""
        other = _other_service(text)
        if other and not NOT_A_SERVICE.search(other.group("thing")):
            thing = other.group("thing").strip()
            return thing if len(thing.split()) <= 3 else None
        return None

    def _unsure_of_service(self, state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
                           said: str, withheld: bool) -> Reply:
        """Asked twice, or "I'm not sure": the business's one look-first service, else a callback."""
        starters = [s.name for s in business.services if LOOK_FIRST.search(s.name)]
        if len(starters) == 1:
            state.service = starters[0]
            reply = self._book(state, business, local_now, tools, withheld)
            reply.say = f"If you're not sure, {speech.a(starters[0])} is the place to start. {reply.say}"
            return reply
        state.task = None
        return self._callback(state, business, tools, f"Not sure which service they need: {state.problem or said}",
                              "No problem. I'll have someone from the team call you back to help you choose. "
                              "Can I take your name?", withheld)

    @staticmethod
    def _first_visit_service(text: str, business: Business) -> str | None:
        """'It's my first time': the business's one introductory service, if it has exactly one."""
        return _intro_service(business) if FIRST_VISIT.search(text) else None

    @staticmethod
    def _service_for_problem(text: str, business: Business) -> str | None:
        """"My kitchen sink is blocked": the one service of the business that fixes that, if exactly one."""
        for problem, fixes in PROBLEM_SERVICES:
            if re.search(problem, text):
                fitting = [s.name for s in business.services if re.search(fixes, s.name, re.I)]
                return fitting[0] if len(fitting) == 1 else None
        return None

    @staticmethod
    def _service_swap(state: DialogueState, business: Business, heard: Understanding, tools: Tools,
                      withheld: bool) -> tuple[str, str] | None:
        """(their service, the one they want instead) for "change my haircut to a colour"."""
        change = re.search(r"\b(?:change|switch|swap|make|turn)\b(.*)\b(?:to|for|into|with)\b(.*)", heard.text)
        # "I booked the wrong service, it should be a colour", "I meant to book a colour": their booking's
        wrong = re.search(r"\bwrong (?:service|treatment|thing|one)\b.*|\b(?:meant|wanted) to (?:book|get) .*|"
                          r"\bshould (?:have been|'ve been|be) (?:for )?an? .*", heard.text)
        if withheld or state.task or state.pending or not (change or wrong):
            return None
        if change:
            parts = change.groups()
            named = [match_service(part, business.service_names(), business.service_aliases()) for part in parts]
            pointing = named[0] is None and re.fullmatch(r"\s*(?:(?:also |just )?(?:it|that|this|(?:my|the) "
                                                         r"(?:appointment|booking|one)))?\s*", parts[0])
        else:
            named = [None, match_service(without_negated(wrong.group(0)), business.service_names(),
                                         business.service_aliases())]
            pointing = True
        if named[1] is None or (named[0] is None and not pointing):
            return None
        upcoming = tools("list_appointments", {"include_past": None})["appointments"]
        if pointing:  # "change it to a blow dry": the one just made or moved, or their only booking
            meant = [a for a in upcoming if a["id"] == state.appointment_id] or (upcoming if len(upcoming) == 1 else [])
            named[0] = meant[0]["service"] if meant else None
        if named[0] is None or named[0] == named[1]:
            return None
        return (named[0], named[1]) if any(a["service"] == named[0] for a in upcoming) else None

    @staticmethod
    def _when_each(text: str, named: list[str], business: Business, local_now: dt.datetime) -> list[str]:
        """'A haircut Friday at 10 and a blow dry Saturday at 9': the day and time said for each
        service after the first ("YYYY-MM-DD", "THH:MM" or both), when the first has its own too; else
        none (one after the other, on the first's day)."""
        said: dict[str, str] = {}
        for part in re.split(r"\band\b|,|\bplus\b|\balso\b|\bthen\b", text):
            service = match_service(part, business.service_names(), business.service_aliases())
            day, clock = find_date(part, local_now.date(), bookable_today(business, local_now)), find_time(part)
            if service in named and service not in said and (day or clock):
                said[service] = (day.value if day else "") + (f"T{clock.value}" if clock else "")
        if named[0] not in said:
            return []
        return [said.get(s, "") for s in named[1:]]

    def _next_to_theirs(self, state: DialogueState, heard: Understanding, business: Business, named: list[str],
                        tools: Tools) -> list[str]:
        """'Can I add a beard trim straight after?', 'a blow dry right before my haircut': the day and
        time next to one of their appointments. Returns the services asked for, less the one they have."""
        said = NEXT_TO_THEIRS.search(heard.text)
        if not said or state.service or state.pending:  # in the middle of a booking: "after that" is that one
            return named
        mine = said.group("mine")
        referred = match_services(mine, business.service_names(), business.service_aliases()) if mine else []
        if mine and not referred and mine.split()[0] not in ("appointment", "booking", "visit", "one"):
            return named  # "after the weekend"
        if not referred and len(named) > 1:
            return named  # "a haircut and a beard trim straight after": both are new
        try:
            upcoming = tools("list_appointments", {"include_past": None})["appointments"]
        except DomainError:
            return named
        pointed = said.group("pointed")  # "after that" / "after it": the one just talked about
        # ... or, first thing in the call, "can I add a blow dry after it?": their one booking
        theirs_meant = not state.done_something and re.search(
            r"\b(?:add|added|booked|booking|appointment|already)\b", heard.text)
        anchors = ([a for a in upcoming if a["service"] in referred]
                   or [a for a in upcoming if a["id"] == state.appointment_id]
                   or (upcoming if len(upcoming) == 1 and (not pointed or theirs_meant) else []))
        if not anchors:
            return named
        anchor = anchors[0]
        wanted = [s for s in named if s not in referred]
        if wanted:
            heard.slots["service"] = wanted[0]
        elif heard.slots.get("service") in referred:
            del heard.slots["service"]
        start, end = dt.datetime.fromisoformat(anchor["start"]), dt.datetime.fromisoformat(anchor["end"])
        theirs = business.find_service(anchor["service"])
        new = business.find_service(wanted[0] if wanted else (state.service or ""))
        gap = (theirs.buffer_after_minutes if theirs else 0) + (new.buffer_before_minutes if new else 0)
        step = dt.timedelta(minutes=business.slot_interval_minutes)
        midnight = end.replace(hour=0, minute=0, second=0, microsecond=0)
        after = end + dt.timedelta(minutes=gap)
        at = midnight + -((midnight - after) // step) * step  # the first start on the grid after it
        if said.group("before") or said.group("before2"):
            if new is None:
                return wanted
            before = start - dt.timedelta(minutes=new.duration_minutes + new.buffer_after_minutes
                                          + (theirs.buffer_before_minutes if theirs else 0))
            at = midnight + ((before - midnight) // step) * step  # the last start on the grid before it
        heard.slots["date"], heard.slots["time"] = at.date().isoformat(), at.strftime("%H:%M")
        heard.slots.pop("part_of_day", None)
        return wanted

    def _usual(self, tools: Tools) -> list[str]:
        """The services of their last visit: the last booking and those back to back with it that
        day under the same name (a haircut, then a beard trim)."""
        history = tools("list_appointments", {"include_past": True})["appointments"]
        kept = sorted((a for a in history if a["status"] != "cancelled"), key=lambda a: a["start"])
        if not kept:
            return []
        visit = [kept[-1]]
        for earlier in reversed(kept[:-1]):
            gap = dt.datetime.fromisoformat(visit[0]["start"]) - dt.datetime.fromisoformat(earlier["end"])
            if dt.timedelta(0) <= gap <= dt.timedelta(minutes=30) and earlier["caller_name"] == visit[0]["caller_name"]:
                visit.insert(0, earlier)
            else:
                break
        return [a["service"] for a in visit]

    def _moving(self, state: DialogueState) -> str | None:
        return state.appointment_id if state.task == "reschedule" else None

    def _slots_for(self, state: DialogueState, business: Business, day: str, tools: Tools) -> list[str]:
        result = tools("check_availability", {"service": state.service, "date": day,
                                               "moving_appointment_id": self._moving(state), **_with(state)})
        return [slot["start"] for slot in result["slots"]]

    def _find_day(self, state: DialogueState, business: Business, local_now: dt.datetime,
                  tools: Tools) -> tuple[str | None, list[str]]:
        """Slots on the asked day, or on the next day that has any (within two weeks)."""
        wanted = dt.date.fromisoformat(state.date)
        if wanted < local_now.date():
            return None, []
        slots = self._slots_for(state, business, state.date, tools) if wanted.weekday() not in state.avoid_days else []
        if slots:
            return state.date, slots
        end = wanted + dt.timedelta(days=14)
        result = tools("check_availability", {"service": state.service,
                                              "date": (wanted + dt.timedelta(days=1)).isoformat(),
                                              "end_date": end.isoformat(),
                                              "moving_appointment_id": self._moving(state), **_with(state)})
        free = [s["start"] for s in result["slots"]
                if dt.date.fromisoformat(s["start"][:10]).weekday() not in state.avoid_days]
        if not free:
            return None, []
        day = free[0][:10]
        if len(free) < len(result["slots"]):  # the days skipped may have used up the answer's slots
            return day, self._slots_for(state, business, day, tools)
        return day, [s for s in free if s.startswith(day)]

    def _pick_three(self, slots: list[str], business: Business, part: str | None,
                    after: str | None = None, before: str | None = None) -> list[str]:
        if after:
            slots = [s for s in slots if s > after] or slots
        if before:
            slots = [s for s in slots if s < before] or slots
        if part in PARTS_OF_DAY:
            low, high = PARTS_OF_DAY[part]
            in_part = [s for s in slots if low <= _local(s, business).hour < high]
            slots = in_part or slots
        elif part and re.fullmatch(r"\d\d:\d\d-\d\d:\d\d", part):  # "between 2 and 4"
            first, last = part.split("-")
            slots = [s for s in slots if first <= _local(s, business).strftime("%H:%M") < last] or slots
        if part == "latest":
            return slots[-1:]
        if part == "earliest":
            return slots[:1]
        if len(slots) <= 3:
            return slots
        return [slots[0], slots[len(slots) // 2], slots[-1]]

    def _offer(self, state: DialogueState, business: Business, local_now: dt.datetime, slots: list[str],
               lead_in: str) -> Reply:
        state.offered = slots
        spoken = speech.options([speech.clock(_local(s, business)) for s in slots])
        day = speech.day(_local(slots[0], business).date(), local_now.date())
        if not lead_in or lead_in.endswith(". "):
            day = day[0].upper() + day[1:]
        question = "Would that work for you?" if len(slots) == 1 else "Which would you like?"
        return self._ask(state, f"{lead_in}{day} I have {spoken}. {question}", "time")

    def _resolve_time(self, state: DialogueState, business: Business, local_now: dt.datetime,
                      tools: Tools) -> tuple[str | None, Reply | None]:
        """The exact slot to act on, or the question to ask to get one."""
        if not state.date:
            if state.time:
                return None, self._ask(state, f"What day would suit you for "
                                              f"{speech.clock(self._hm(state.time))}?", "date")
            return None, self._ask(state, "What day would suit you?", "date")
        day, slots = self._find_day(state, business, local_now, tools)
        asked_day = dt.date.fromisoformat(state.date)
        if day is None:
            state.date = None
            when = speech.day(asked_day, local_now.date())
            if asked_day < local_now.date():
                return None, self._ask(state, "That day has already passed. Which day would you like?", "date")
            furthest = local_now.date() + dt.timedelta(days=business.max_days_ahead)
            if asked_day > furthest:  # "March 15th" when bookings open 60 days ahead
                furthest = next((furthest - dt.timedelta(days=n) for n in range(7)
                                 if business.opening_ranges(furthest - dt.timedelta(days=n))), furthest)
                return None, self._ask(state, f"I can only book up to {business.max_days_ahead} days ahead, so the "
                                              f"furthest I can go is {speech.day(furthest, local_now.date())}. Would "
                                              "a day before then work?", "date")
            return None, self._ask(state, f"I'm sorry, I have nothing free around {when}. "
                                          "Would another day work?", "date")
        if day != state.date:
            wanted = f"{state.date}T{state.time}" if state.time else state.date
            state.date = day
            state.offered = self._pick_three(slots, business, state.part_of_day)
            exact = [s for s in slots if s[11:16] == state.time] if state.time else []
            if exact:  # "Monday at 3:30" when closed Mondays: Tuesday at 3:30, a yes books it
                state.offered, state.time = exact, None
            elif state.time:  # the times closest to the one they asked for, on the day that has openings
                target = dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(state.time),
                                             tzinfo=business.zone)
                state.offered = sorted(sorted(slots, key=lambda s: abs(_local(s, business) - target))[:3])
                state.time = None
            spoken = speech.options([speech.clock(_local(s, business)) for s in state.offered])
            first = speech.day(_local(state.offered[0], business).date(), local_now.date())
            question = "Would that work for you?" if len(state.offered) == 1 else "Which would you like?"
            if asked_day.weekday() in state.avoid_days:  # not a day they can do: just the next one
                return None, self._ask(state, f"{first[0].upper() + first[1:]} I have {spoken}. {question}", "time")
            service = business.find_service(state.service or "")
            why = _why_not(business, asked_day, local_now, [service] if service else business.services)
            if state.staff:  # "Maria's off? then whoever": the day they asked for is kept for that
                state.staff_missed = wanted
                why = (f"{state.staff.split()[0]} isn't free {team.on_day(asked_day, local_now.date())} (I can "
                       "look for someone else that day if you like).")
            if (state.last_prompt or "").startswith(why):
                why = ""  # said a moment ago ("We're closed on Sundays. I can find you another day ...")
            why = f"{why} " if why else ""
            if len(state.offered) == 1:
                return None, self._ask(state, f"{why}The next opening is "
                                              f"{speech.when(_local(state.offered[0], business), local_now)}. "
                                              f"{question}", "time")
            return None, self._ask(state, f"{why}The next opening is {first}, when I have {spoken}. {question}",
                                   "time")
        if state.time:
            exact = [s for s in slots if s[11:16] == state.time]
            if exact:
                return exact[0], None
            target = dt.datetime.combine(dt.date.fromisoformat(state.date), dt.time.fromisoformat(state.time),
                                         tzinfo=business.zone)
            pool = [s for s in slots if (not state.after or s > state.after)
                    and (not state.before or s < state.before)] or slots
            nearest = sorted(pool, key=lambda s: abs(_local(s, business) - target))[:3]
            asked = speech.clock(target)
            state.time = None
            lead_in = f"{asked} isn't available, but "
            ranges = business.opening_ranges(target.date())
            last = max(ranges, key=lambda r: r.open) if ranges else None
            service = business.find_service(state.service or "")
            if ranges and target.time() >= max(r.close for r in ranges):  # "Saturday at 4" when we close at 4
                closes = dt.datetime.combine(target.date(), max(r.close for r in ranges), tzinfo=business.zone)
                lead_in = f"We close at {speech.clock(closes)} that day, but "
            elif ranges and target.time() < min(r.open for r in ranges):
                opens = dt.datetime.combine(target.date(), min(r.open for r in ranges), tzinfo=business.zone)
                lead_in = f"We open at {speech.clock(opens)} that day, but "
            elif ranges and not any(r.open <= target.time() < r.close for r in ranges):  # a lunch break
                closed = max(r.close for r in ranges if r.close <= target.time())
                reopen = min(r.open for r in ranges if r.open > target.time())
                lead_in = (f"We're closed from {speech.clock(dt.datetime.combine(target.date(), closed))} to "
                           f"{speech.clock(dt.datetime.combine(target.date(), reopen))} that day, but ")
            elif ranges and service and target < last.closes_at(target.date(), business.zone) \
                    < target + dt.timedelta(minutes=service.duration_minutes):  # "Friday at 4:30", closing at 5
                name = speech.a(service.name)
                lead_in = (f"{name[0].upper()}{name[1:]} takes {speech.duration(service.duration_minutes)} and we "
                           f"close at {speech.clock(last.closes_at(target.date(), business.zone))} that day, but ")
            return None, self._offer(state, business, local_now, sorted(nearest), lead_in)
        if state.follow_on:  # a second service for the same person: straight after the first, if free
            previous_end, state.follow_on = _local(state.follow_on, business), None
            straight = [s for s in slots if _local(s, business) >= previous_end]
            if straight and _local(straight[0], business) - previous_end <= dt.timedelta(minutes=30):
                state.offered, state.after = straight[:1], None
                return None, self._ask(state, f"I can fit it in straight after, at "
                                              f"{speech.clock(_local(straight[0], business))}. Would that work for "
                                              "you?", "time")
        if state.offered and not (state.after or state.before) and all(
                o[:10] == state.date and o in slots for o in state.offered):
            # Asked again (the caller said something else meanwhile): the same choices, not new ones.
            return None, self._offer(state, business, local_now, state.offered, "")
        preferred = state.part_of_day or state.preferences.get("part_of_day")
        lead_in = ""
        if not state.part_of_day and preferred:
            lead_in = f"I know you prefer {preferred}s. "
        edge = state.after or state.before
        picked = self._pick_three(slots, business, preferred, state.after, state.before)
        if state.after and not any(s > state.after for s in slots):  # offered anyway: say so
            lead_in = f"I have nothing after {speech.clock(self._hm(state.after[11:16]))} that day, but "
        elif state.before and not any(s < state.before for s in slots):
            lead_in = f"I have nothing before {speech.clock(self._hm(state.before[11:16]))} that day, but "
        state.after = state.before = None
        if edge and edge in picked and len(picked) == min(3, len(slots)) and (
                all(p <= edge for p in picked) or all(p >= edge for p in picked)):
            which = "latest" if picked[-1] == edge else "earliest"
            state.offered = [edge]
            when = speech.when(_local(edge, business), local_now)
            return None, self._ask(state, f"{when[0].upper() + when[1:]} is the {which} I have that day. "
                                          "Would that work, or would you like another day?", "time")
        if preferred in ("latest", "earliest"):
            state.offered = picked
            when = speech.when(_local(picked[0], business), local_now)
            return None, self._ask(state, f"The {preferred} I have is {when}. Would that work for you?", "time")
        return None, self._offer(state, business, local_now, picked, lead_in)

    def _hm(self, hhmm: str) -> dt.datetime:
        return dt.datetime.combine(dt.date(2000, 1, 1), dt.time.fromisoformat(hhmm))

    def _book(self, state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
              withheld: bool = False) -> Reply:
        need = self._need_service(state, business)
        if need:
            return need
        cannot = team.cannot_do(business, state.staff, state.service)
        if cannot:  # "a colouring with Jo" when Jo only cuts: whoever can, said first
            state.staff = None
            reply = self._book(state, business, local_now, tools, withheld)
            return replace(reply, say=f"{cannot} {reply.say}")
        start, reply = self._resolve_time(state, business, local_now, tools)
        if reply:
            return reply
        when = speech.when(_local(start, business), local_now)
        if not state.name:
            state.time = start[11:16]
            if state.awaiting == "name" and state.name_for == start:
                return self._ask(state, "Sorry, what name should I put the booking under?", "name")
            state.name_for = start
            whose = "both your names" if state.party == 2 else ("all your names" if state.party > 2 else "your name")
            if state.for_other and state.party == 1:
                return self._ask(state, f"Great, {when}. What name should I put the booking under?", "name")
            return self._ask(state, f"Great, {when}. Can I take {whose}, please?", "name")
        if withheld and not state.callback_phone:
            state.time = start[11:16]
            return self._ask_number(state, _thanks(state))
        if business.visits_callers and not state.address and not state.address_asked:
            # the team comes to the caller: where, before the read-back (asked once; "I'll tell them" is fine)
            thanks = _thanks(state) if state.awaiting == "name" else "Thanks. "  # the name was thanked already
            state.time, state.address_asked = start[11:16], True
            return self._ask(state, f"{thanks}And what's the address for the visit?", "address")
        if state.party > 1 and not state.also:
            state.also = [state.service] * (state.party - 1)
            state.party = 1
        reach = f", on {spoken_digits(state.callback_phone, business.country)}" if withheld else ""
        if state.address and business.visits_callers:  # read back where the team is going
            reach += f", at {state.address}"
        with_whom = f" with {state.staff.split()[0]}" if state.staff else ""
        state.pending = {"action": "book_appointment",
                         "args": {"service": state.service, "start": start, "caller_name": state.name,
                                  "email": state.email, "notes": self._staff_notes(state),
                                  **({"visit_address": state.address} if business.visits_callers and state.address
                                     else {}),
                                  **({"for_someone_else": True} if state.for_other else {}), **_with(state)},
                         "what": f"{speech.a(state.service)} {when}{with_whom}", "reach": reach,
                         "summary": f"{speech.a(state.service)} {when}{with_whom} for {state.name}{reach}"}
        noted = f" I've noted you'd like {state.asked_for}." if state.asked_for else ""
        allergies = state.preferences.get("allergies") or []
        if allergies:  # "I'm allergic to hair dye": the team reads it on the booking before the visit
            noted += f" I've noted your allergy to {speech.options(allergies, 'and')} for the team."
        if state.access:
            noted += " I've let the team know about access, so they're ready."
        if state.recurring:
            noted += f" I'll book this one, and note that you'd like it {state.recurring}: the team will set up the rest."
        if state.email:  # spelled out, so a misheard address is caught before the yes stores it
            noted += f" The confirmation goes to {spell_email(state.email)}."
        return self._ask(state, f"Just to confirm: {state.pending['summary']}.{noted} Shall I book that?", "confirm")

    @staticmethod
    def _staff_notes(state: DialogueState) -> str | None:
        """What the team should know about the booking: allergies, what is wrong, the address, who."""
        notes = [line for line in describe_preferences(state.preferences) if line.startswith("Allerg")]
        if state.problem:
            notes.append(f"Caller said: {state.problem}")
        if state.address:
            notes.append(f"Address: {state.address}")
        if state.access:
            notes.append(f"Access: {state.access}")
        if state.asked_for:
            notes.append(f"Would like {state.asked_for}")
        if state.other_phone:
            notes.append(f"Also reachable on {state.other_phone}")
        if state.callback_extension:
            notes.append(f"Callback number extension: {state.callback_extension}")
        if state.recurring:
            notes.append(f"Would like this {state.recurring}: book the repeats")
        return "; ".join(notes) or None

    def _other_number(self, state: DialogueState, business: Business, call: Call, number: str,
                      tools: Tools) -> Reply | None:
        """A number to reach them on other than the one calling: texts still go to the number that
        called (it is what proves the bookings are theirs), and the team gets the other in the notes."""
        try:
            other = normalize_phone(number, business.country)
        except ValueError:
            return None
        go_on = self._question(state)
        if other == call.caller_phone:
            return self._ask(state, "That's the number you're calling from, so that's where your texts go.",
                             state.awaiting, intent="phone", go_on=go_on)
        state.other_phone = other
        self._renote(state)
        if not self._note_on_booking(state, tools, f"Also reachable on {other}"):
            state.lead_notes.append(f"Also reachable on {other}")
        return self._ask(state, "I can only send texts to the number you're calling from, but I've noted "
                                f"{spoken_digits(other, business.country)} for the team.", state.awaiting,
                         intent="phone", go_on=go_on)

    @staticmethod
    def _note_on_booking(state: DialogueState, tools: Tools, note: str) -> bool:
        """Said after the yes ("... and the address is 42 Elm Street"): the booking just made gets it;
        if it cannot (cancelled meanwhile, notes full), the caller's lead does. True if the booking did."""
        if state.pending or state.task or not state.done_something or not state.appointment_id:
            return False
        try:
            tools("add_appointment_note", {"appointment_id": state.appointment_id, "note": note})
            return True
        except DomainError:
            state.lead_notes.append(f"For their booking: {note}")
            return False

    def _renote(self, state: DialogueState) -> None:
        """Something for the notes said at the read-back: the booking waiting for the yes carries it."""
        if state.pending and state.pending["action"] == "book_appointment":
            state.pending["args"]["notes"] = self._staff_notes(state)

    def _ask_number(self, state: DialogueState, lead_in: str = "") -> Reply:
        """A caller whose number is withheld gives one to book or to be called back."""
        if state.awaiting == "phone" and state.unusable_number:
            heard, state.unusable_number = " ".join(state.unusable_number.lstrip("+")), None
            return self._ask(state, f"Sorry, I heard {heard}, which isn't a full phone number here. Could you say "
                                    "it again with the area code, or type it on your keypad?", "phone")
        if state.awaiting == "phone":
            return self._ask(state, "Sorry, I didn't get a full phone number. Could you say it again, digit by "
                                    "digit, or type it on your keypad?", "phone")
        return self._ask(state, f"{lead_in}Your number didn't come through on my end: what's the best number "
                                "to reach you on?", "phone")

    # --- existing appointments ------------------------------------------------------------

    def _target(self, state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
                verb: str, said: str = "") -> tuple[dict | None, Reply | None]:
        listed = tools("list_appointments", {"include_past": None})["appointments"]
        if state.appointment_id:
            chosen = [a for a in listed if a["id"] == state.appointment_id]
            if chosen:
                return chosen[0], None
        if not listed:
            self._start(state, "book")
            state.task, state.topic = None, verb
            return None, self._ask(state, NOT_FOUND, "book_offer")
        if len(listed) == 1:
            state.appointment_id = listed[0]["id"]
            if verb == "reschedule" and state.date == listed[0]["start"][:10] and not (state.time or state.part_of_day):
                state.date = None  # "I'm booked in on Friday but I need to change it": Friday is the one they have
            return listed[0], None
        choosing = state.awaiting == "appointment"  # "which one?": a day or a position names one of theirs
        mentioned = [a for a in listed if (state.service and a["service"] == state.service)
                     or (state.date and a["start"][:10] == state.date and (verb == "cancel" or choosing))]
        chosen = at_position(said, listed[:4]) if choosing and len(mentioned) != 1 else None
        if chosen:
            mentioned = [chosen]
        named_day = re.search(r"\b(?:my|the|our) (" + "|".join(WEEKDAYS) + r")(?:'s)? (?:one|1|appointment|booking)\b|"
                              r"\b(?:appointment|booking|one) (?:on|for) (" + "|".join(WEEKDAYS) + r")\b(?=.*\bto\b)",
                              said.lower())
        if named_day and len(mentioned) != 1:  # "move my Tuesday one to Thursday": theirs is the Tuesday one
            day = WEEKDAYS.index(named_day.group(1) or named_day.group(2))
            on_day = [a for a in listed if _local(a["start"], business).weekday() == day]
            mentioned = on_day[:1] if len(on_day) == 1 else mentioned
        if len(mentioned) == 1:
            state.appointment_id = mentioned[0]["id"]
            if verb == "reschedule":
                state.date = state.date if state.date != mentioned[0]["start"][:10] else None
            return mentioned[0], None
        described = _described(listed[:4], business, local_now)
        if state.date and not mentioned:
            day = speech.day(dt.date.fromisoformat(state.date), local_now.date())
            if verb == "reschedule":  # "Thursday at 4": where to, not which one
                at = f" at {speech.clock(self._hm(state.time))}" if state.time else ""
                which = _described(listed[:4], business, local_now, "or")
                return None, self._ask(state, f"Sure, {day}{at}. Which appointment should I move: {which}?",
                                       "appointment")
            return None, self._ask(state, f"I don't see an appointment {day}. You have {described}. Which one "
                                          f"would you like to {verb}?", "appointment")
        return None, self._ask(state, f"You have {described}. Which one would you like to {verb}?", "appointment")

    def _reschedule(self, state: DialogueState, business: Business, local_now: dt.datetime,
                    tools: Tools, same_day: bool = False, said: str = "") -> Reply:
        target, reply = self._target(state, business, local_now, tools, "reschedule", said)
        if reply:
            return reply
        state.service = target["service"]
        old = _local(target["start"], business)
        direction = EARLIER_OR_LATER.search(said.lower()) if said else None
        if direction and not (state.time or state.part_of_day) and state.shift_minutes is None \
                and state.date in (None, old.date().isoformat()):
            return self._earlier_or_later(state, business, local_now, tools, target,
                                          "later" in direction.groups())
        if state.shift_minutes == 0 and not state.date:
            state.time, state.shift_minutes = old.strftime("%H:%M"), None  # "same time": which day is still to say
            return self._ask(state, f"Sure, at {speech.clock(old)}. What day would you like to move it to?", "date")
        if state.shift_minutes is not None:
            moved = old + dt.timedelta(minutes=state.shift_minutes)
            if state.shift_minutes > 0:  # "push it back an hour": if that is taken, later times
                state.after = old.strftime("%Y-%m-%dT%H:%M")
            elif state.shift_minutes < 0:
                state.before = old.strftime("%Y-%m-%dT%H:%M")
            state.date = moved.date().isoformat() if state.shift_minutes else (state.date or old.date().isoformat())
            state.time, state.shift_minutes = moved.strftime("%H:%M"), None
        if state.date == old.date().isoformat() and state.time == old.strftime("%H:%M"):
            state.time = None
        if not state.date and (state.time or state.part_of_day or same_day):
            state.date = old.date().isoformat()  # "can I change it to 2:15?": the same day, another time
        if not state.date:
            return self._ask(state, f"Your {target['service']} is {speech.when(old, local_now)}. "
                                    "What day would you like to move it to?", "date")
        start, reply = self._resolve_time(state, business, local_now, tools)
        if reply:
            return reply
        new = speech.when(_local(start, business), local_now)
        state.pending = {"action": "reschedule_appointment",
                         "args": {"appointment_id": target["id"], "new_start": start},
                         "summary": f"your {target['service']} from {speech.when(old, local_now)} to {new}"}
        return self._ask(state, f"So that's moving {state.pending['summary']}. Shall I go ahead?", "confirm")

    def _earlier_or_later(self, state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
                          target: dict, later: bool) -> Reply:
        """"Can I come in earlier?": times that day before (or after) theirs."""
        old = _local(target["start"], business)
        slots = [s for s in self._slots_for(state, business, old.date().isoformat(), tools)
                 if (_local(s, business) > old if later else _local(s, business) < old)]
        when = speech.day(old.date(), local_now.date())
        if not slots:
            word = "later" if later else "earlier"
            return self._ask(state, f"I'm sorry, there's nothing {word} {when} than your {speech.clock(old)}. Would "
                                    "another day work?", "date")
        state.date = old.date().isoformat()
        return self._offer(state, business, local_now, self._pick_three(slots, business, None), "")

    def _cancel(self, state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
                every: bool = False, offer_move: bool = False, said: str = "") -> Reply:
        if every:
            listed = tools("list_appointments", {"include_past": None})["appointments"]
            if len(listed) > 1:
                described = _described(listed, business, local_now)
                state.pending = {"action": "cancel_all", "args": {"ids": [a["id"] for a in listed]},
                                 "summary": f"{'both' if len(listed) == 2 else f'all {len(listed)} of'} your "
                                            f"appointments: {described}"}
                return self._ask(state, f"Do you want me to cancel {state.pending['summary']}?", "confirm")
        target, reply = self._target(state, business, local_now, tools, "cancel", said)
        if reply:
            return reply
        when = speech.when(_local(target["start"], business), local_now)
        state.pending = {"action": "cancel_appointment",
                         "args": {"appointment_id": target["id"], "reason": "cancelled by the caller"},
                         "summary": f"your {target['service']} {when}"}
        if state.date and state.date != target["start"][:10] or state.service and state.service != target["service"]:
            # "Cancel Saturday" with only a Friday booked: say so before they agree to cancel it
            missing = f"an appointment {speech.day(dt.date.fromisoformat(state.date), local_now.date())}" \
                if state.date and state.date != target["start"][:10] else speech.a(state.service)
            return self._ask(state, f"I don't see {missing} booked. You're booked for {speech.a(target['service'])} "
                                    f"{when}: do you want me to cancel that one?", "confirm")
        if offer_move:
            state.pending["either"] = True  # a bare "yes" answers neither half
            return self._ask(state, f"Would you like me to cancel {state.pending['summary']}, or move it to "
                                    "another day?", "confirm")
        then = ""
        if state.also:  # "... and book a colour instead for Saturday": said in the read-back too
            day, _, clock = (state.also_when[0] if state.also_when else "").partition("T")
            at = (speech.when(dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(clock)),
                              local_now.replace(tzinfo=None)) if day and clock
                  else speech.day(dt.date.fromisoformat(day), local_now.date()) if day else "")
            then = f", and then book {speech.a(state.also[0])}{f' {at}' if at else ''} instead"
        return self._ask(state, f"Do you want me to cancel {state.pending['summary']}{then}?", "confirm")

    def _answer_to_confirmation(self, state: DialogueState, business: Business, heard: Understanding,
                                local_now: dt.datetime, tools: Tools) -> Reply | None:
        pending = state.pending
        changes = heard.slots.keys() & {"date", "time", "service", "part_of_day", "phone"}
        if "service" in changes and heard.slots["service"].lower() in pending["summary"].lower() \
                and pending["action"] != "book_appointment":
            changes.discard("service")  # "yeah, the haircut": the one asked about
        if changes == {"part_of_day"} and GENERAL_QUESTION.search(heard.text):
            changes = set()  # "do you do evening appointments?": about the business, not this booking
        moving = pending.get("either") and re.search(r"\b(?:move|moving|reschedul\w*|change|another (?:day|time))\b",
                                                     heard.text)  # "move it, please" to "cancel it, or move it?"
        booked_for = (pending["args"].get("caller_name") or "") if pending["action"] == "book_appointment" else ""
        if " and " in booked_for and re.search(r"\b(?:one|1) (?:for )?each\b|\bboth of us\b|\b(?:two|2) (?:appointments|"
                                               r"bookings|slots)\b|\bseparate(?:ly)?\b", heard.text.lower()):
            # "for Jo and Sam" ... "no, one each": Jo's, then Sam's straight after
            first, second = booked_for.split(" and ", 1)
            state.name, state.also_names, state.also = first, [second], [pending["args"]["service"]]
            state.pending = None
            return self._book(state, business, local_now, tools)
        if pending["action"] == "cancel_appointment" and "service" not in changes and (
                changes & {"date", "time", "part_of_day"} or heard.intent == "reschedule" or moving):
            # "I can't make it tomorrow" ... "can we do Friday instead?": move it, don't cancel it
            heard.intent = "reschedule"
            state.pending = None
            if not changes & {"date", "time", "part_of_day"}:
                state.date = state.time = None  # the day they can't make is not where it goes
            return None
        if pending["action"] == "book_appointment" and ANOTHER_ONE.search(heard.text) and not changes - {"service"} \
                and affirmed(heard.text, "book_appointment") \
                and (BOOK.search(heard.text) or "service" in changes or FOR_SOMEONE_ELSE.search(heard.text)
                     or re.search(r"\b(?:one|1) for\b", heard.text)):
            # "yes, and can you book one for my dad straight after?": this one, then the next
            state.also = [heard.slots.get("service") or pending["args"]["service"], *state.also]
            state.also_when = ["", *state.also_when] if state.also_when else []
            if FOR_SOMEONE_ELSE.search(heard.text) or re.search(r"\bfor (?:him|her|them)\b", heard.text):
                state.party = 2  # someone else: their name is asked
            state.pending = None
            return self._execute(state, business, pending, local_now, tools)
        # Only a clear yes with nothing contrary commits (the tools' gate holds the same test): words of
        # the action itself ("book", "table", "not sure about that appointment") are asked again.
        yes = affirmed(heard.text, "cancel_appointment" if pending["action"] == "cancel_all" else pending["action"])
        summary = pending["summary"]
        if "email" in heard.slots and pending["action"] == "book_appointment" and not changes:
            # stored with the booking only on the yes to this read-back, spelled out
            state.email = pending["args"]["email"] = heard.slots["email"]
            reach = re.sub(r", with the confirmation emailed to .*$", "", pending.get("reach", ""))
            pending["reach"] = f"{reach}, with the confirmation emailed to {spell_email(state.email)}"
            pending["summary"] = f"{pending['what']} for {pending['args']['caller_name']}{pending['reach']}"
            return self._ask(state, f"Thanks, I've added {state.email}. Shall I go ahead with {pending['summary']}?",
                             "confirm")
        if pending["action"] == "book_appointment" and not changes and not yes:
            corrected = heard.slots.get("name") or looks_like_name(re.sub(r"^(?:no|nope|sorry)\W+", "", heard.text))
            if heard.slots.get("surname") and state.name:  # "no, my surname is Morse": the first name stays
                corrected = f"{state.name.split()[0]} {heard.slots['surname']}"
            if corrected and corrected == state.name and "what" in pending:  # "no, it's Paula with a P"
                return self._ask(state, f"Got it, {corrected}. So that's {pending['summary']}. Shall I book that?",
                                 "confirm")
            if corrected and corrected != state.name and "what" in pending:  # "Kim" / "no, it's Kim": not a no
                state.name = pending["args"]["caller_name"] = corrected
                if not state.for_other:
                    state.own_name = corrected
                pending["summary"] = f"{pending['what']} for {corrected}{pending['reach']}"
                return self._ask(state, f"{_thanks(state)}So that's {pending['summary']}. Shall I book that?",
                                 "confirm")
        asked = question_in(heard.text)
        if asked and not changes and heard.intent not in ("cancel", "reschedule", "transfer"):
            # A question before the yes ("ok, and can I pay by card?"): answer it, then ask again.
            found = tools("answer_faq", {"question": self._about_service(asked, state, business, tools)[:500]})
            if found["found"]:
                return self._ask(state, found["answer"], "confirm", go_on=f"So, shall I go ahead with {summary}?")
            if yes:
                return self._ask(state, f"Sorry, was that a yes? Shall I go ahead with {summary}?", "confirm")
        if yes and not changes and pending.pop("either", False) and heard.intent != "cancel":
            return self._ask(state, f"Sorry, shall I cancel {summary}, or move it to another day?", "confirm")
        if yes and not changes:
            state.pending = None
            return self._execute(state, business, pending, local_now, tools)
        if heard.intent in ("deny", "not_interested") and not changes and pending["action"] == "capture_lead":
            state.pending, state.callback_phone, state.task = None, None, pending["task"]
            return self._ask_number(state, "Sorry about that. ")
        if heard.intent in ("deny", "not_interested") and not changes:
            state.pending = None
            if (state.last_prompt or "").startswith(BEFORE_YOU_GO):
                return Reply(f"No problem, I've left it as it was. Thank you for calling {business.name}. Have a "
                             "lovely day, goodbye!", "hangup", intent="goodbye")
            if pending["action"] in ("cancel_appointment", "cancel_all"):
                state.task, state.also, state.also_when = None, [], []
                them = "them" if pending["action"] == "cancel_all" else "it"
                return self._ask(state, f"Okay, I won't cancel {them}. {ANYTHING_ELSE}")
            state.time = None
            state.offered = []
            return self._ask(state, "No problem. What day or time would suit you better?", "date")
        if heard.intent == "faq" and not changes:
            found = tools("answer_faq", {"question": self._about_service(heard.text, state, business, tools)[:500]})
            if not found["found"]:
                state.call_notes.append(f"Question Roxy could not answer: {heard.text}")
            said = found["answer"] if found["found"] else NOTED_FOR_TEAM
            return self._ask(state, said, "confirm", go_on=f"So, shall I go ahead with {summary}?")
        if changes or heard.intent in ("cancel", "reschedule", "faq", "transfer"):
            state.pending = None
            return None
        return self._ask(state, f"Sorry, was that a yes? Shall I go ahead with {summary}?", "confirm")

    def _execute(self, state: DialogueState, business: Business, pending: dict, local_now: dt.datetime,
                 tools: Tools) -> Reply:
        action = pending["action"]
        if action == "book_appointment":
            self._no_texts(state, tools)  # before the confirmation is queued
        if action == "forget_me":
            tools("forget_me", {})
            for name, value in DialogueState(done_something=True):
                setattr(state, name, value)
            return self._ask(state, f"Done. We've deleted what we knew about you. {ANYTHING_ELSE}",
                             intent="forget_me")
        if action == "capture_lead":  # a withheld caller's name and number, confirmed
            state.task = pending["task"]
            return self._capture(state, business, tools, pending["lead_in"], withheld=True, confirmed=True)
        if action == "send_confirmation":
            try:
                tools(action, pending["args"])
            except DomainError as error:
                return self._ask(state, f"I'm sorry, I couldn't do that: {error.message} {ANYTHING_ELSE}")
            state.email = pending["args"]["email"]
            return self._ask(state, f"Done, I've sent you an email with {pending['summary'].split(', to ')[0]}. "
                                    f"{ANYTHING_ELSE}", intent="resend")
        if action == "cancel_all":
            cancelled = []
            for appointment_id in pending["args"]["ids"]:
                try:
                    tools("cancel_appointment", {"appointment_id": appointment_id, "reason": "cancelled by the caller"})
                    cancelled.append(appointment_id)
                except DomainError:
                    continue  # already cancelled meanwhile
            state.task, state.done_something = None, True
            return self._ask(state, f"Done. I've cancelled {len(cancelled)} appointments. {ANYTHING_ELSE}",
                             intent="cancel_appointment")
        try:
            result = tools(action, pending["args"])
        except SlotTaken as taken:
            state.time = None
            starts = [a["start"] for a in taken.alternatives]
            if not starts:
                return self._ask(state, "I'm sorry, that time was just taken. What other day would suit you?",
                                 "date")
            return self._offer(state, business, local_now, starts, "I'm sorry, that time was just taken. ")
        except DomainError as error:
            state.task = None
            if action in ("cancel_appointment", "cancel_all"):
                state.also, state.also_when = [], []  # the booking that was to follow the cancel waits for it
            return self._ask(state, f"I'm sorry, I couldn't do that: {error.message} {ANYTHING_ELSE}")
        appointment = result["appointment"]
        when = speech.when(_local(appointment["start"], business), local_now)
        also, also_names, also_when, party = state.also, state.also_names, state.also_when, state.party
        for_other = state.for_other
        for name, value in DialogueState(name=state.own_name if for_other else state.name, own_name=state.own_name,
                                         email=state.email, done_something=True,
                                         no_texts=state.no_texts, avoid_days=state.avoid_days,
                                         call_notes=state.call_notes, preferences=state.preferences,
                                         callback_phone=state.callback_phone, read_back=state.read_back,
                                         callback_extension=state.callback_extension,
                                         appointment_id=None if action == "cancel_appointment" else appointment["id"]):
            setattr(state, name, value)
        if action == "cancel_appointment":
            state.cancelled, state.cancelled_start = appointment["service"], appointment["start"]
            if also:  # "... and book a colour instead for Saturday"
                state.task, state.service = "book", also[0]
                day, _, clock = (also_when[0] if also_when else "").partition("T")
                state.date, state.time = day or None, clock or None
                follow = self._book(state, business, local_now, tools)
                if pending.get("swap") and state.pending and state.pending["action"] == "book_appointment":
                    booking, state.pending = state.pending, None  # its yes was given for both
                    booked = self._execute(state, business, booking, local_now, tools)
                    booked.say = f"Done, your {appointment['service']} is cancelled. {booked.say}"
                    return booked
                return self._ask(state, f"{done_message(action, result, business, local_now)} Now for "
                                        f"{speech.a(also[0])}: {follow.say}", state.awaiting, intent=action)
        elif action == "book_appointment":
            state.booked_day = appointment["start"][:10]
        if action == "book_appointment" and also:
            # The next service they asked for (or the next person's), on the same day, after this one.
            state.task, state.service, state.also = "book", also[0], also[1:]
            state.date, state.after = appointment["start"][:10], appointment["start"]
            own = also_when[0] if also_when else ""
            day, _, clock = own.partition("T")
            if own:  # "... and a blow dry Saturday at 9": its own day and time ("at 2": that day's)
                state.date, state.time, state.after = day or state.date, clock or None, None
            state.also_when = also_when[1:]
            for_whom = "You also asked for"
            state.follow_on = appointment["end"] if not own else None
            state.for_other = for_other
            state.name = appointment["caller_name"]  # the same person's next service, unless one of these
            if also_names:
                state.name, state.also_names, state.for_other = also_names[0], also_names[1:], True
                for_whom = f"Now for {state.name}:"
            elif also[0] == appointment["service"] or party > 1:
                state.name, state.for_other = None, True  # the next person in the party: their name is asked
                for_whom = "Now for the next person:"
            follow = self._book(state, business, local_now, tools)
            return self._ask(state, f"You're all booked: {speech.a(appointment['service'])} {when}. {for_whom} "
                                    f"{speech.a(also[0])}. {follow.say}", state.awaiting, intent=action)
        return self._ask(state, f"{done_message(action, result, business, local_now)} {ANYTHING_ELSE}", intent=action)

    def _swap_service(self, state: DialogueState, business: Business, local_now: dt.datetime, heard: Understanding,
                      tools: Tools) -> Reply | None:
        """"Actually, make it a haircut instead" just after booking a blow dry: the blow dry is cancelled
        and a haircut booked in its place on one yes, not a move to another day. Only when the haircut
        is free there (its own slot counting as free): else nothing is cancelled."""
        named = heard.slots.get("service")
        if not named or heard.slots.keys() & {"date", "time", "part_of_day"}:
            return None
        made = next((a for a in tools("list_appointments", {"include_past": None})["appointments"]
                     if a["id"] == state.appointment_id), None)
        if made is None or made["service"] == named:
            return None
        start = _local(made["start"], business)
        when = speech.when(start, local_now)
        free = tools("check_availability", {"service": named, "date": start.date().isoformat(),
                                            "moving_appointment_id": made["id"]})["slots"]
        if not any(_local(slot["start"], business) == start for slot in free):
            # it does not fit there (a colour at 3:30 with closing at 4, or someone booked after): nothing is
            # cancelled; other times are offered
            self._start(state, "book")
            state.service, state.date, state.time = named, start.date().isoformat(), start.strftime("%H:%M")
            follow = self._book(state, business, local_now, tools)
            return self._ask(state, f"Your {made['service']} stays booked for now.", state.awaiting, go_on=follow.say)
        self._start(state, "cancel")
        state.also, state.also_when = [named], [start.strftime("%Y-%m-%dT%H:%M")]
        state.pending = {"action": "cancel_appointment",
                         "args": {"appointment_id": made["id"], "reason": f"changed to {speech.a(named)} by the caller"},
                         "summary": f"your {made['service']} {when}", "swap": True}
        return self._ask(state, f"Sure. I'll cancel your {made['service']} {when} and book {speech.a(named)} at that "
                                f"time instead. Shall I go ahead?", "confirm")

    @staticmethod
    def _then_book(state: DialogueState, business: Business, local_now: dt.datetime, text: str) -> None:
        """"Cancel my haircut and book a colour instead for Saturday": that booking follows the cancel."""
        rebook = re.search(r"\b(?:and|then|so I can|to) (?:re-?book|book|get|make|have|do)\b(.*)", text, re.I)
        if state.also or not rebook:
            return
        part = normalize(rebook.group(1))
        services = match_services(part, business.service_names(), business.service_aliases())
        if not services:
            return  # "cancel it and rebook for Friday" is a move
        day, clock = find_date(part, local_now.date(), bookable_today(business, local_now)), find_time(part)
        state.also = services[:1]
        state.also_when = [(day.value if day else "") + (f"T{clock.value}" if clock else "")]
        cancelling = normalize(text[:rebook.start()])  # "for Saturday" was the new booking's day, not the cancel's
        if day and not find_date(cancelling, local_now.date(), bookable_today(business, local_now)):
            state.date = None
        if clock and not find_time(cancelling):
            state.time = None

    def _running_late(self, state: DialogueState, business: Business, local_now: dt.datetime, text: str,
                      tools: Tools, withheld: bool, day: str | None = None) -> Reply:
        """"I'm running 15 minutes late": the team hears it for today's appointment (or the one on the
        `day` they name); a caller whose appointment is another day hears when it is (no alert)."""
        mine = [] if withheld else [a for a in tools("list_appointments", {"include_past": True})["appointments"]
                                    if a["status"] in ACTIVE_STATUSES]
        today = [a for a in mine if _local(a["start"], business).date() == local_now.date()
                 and _local(a["end"], business) > local_now]
        later = sorted((a for a in mine if _local(a["start"], business).date() > local_now.date()),
                       key=lambda a: a["start"])
        on_day = [a for a in later if day and a["start"][:10] == day]
        if not today and on_day:  # "I'll be 10 minutes late on Monday": told ahead, the team hears it
            state.call_notes.append(f"Running late: {text}")
            when = speech.when(_local(on_day[0]["start"], business), local_now)
            return self._ask(state, f"Thanks for letting us know! I'll tell the team you'll be a little late for "
                                    f"your {on_day[0]['service']} {when}. {ANYTHING_ELSE}", intent="running_late")
        if not today and later:
            first = later[0]
            when = speech.when(_local(first["start"], business), local_now)
            return self._ask(state, f"No rush: your {first['service']} is {when}, not today. {ANYTHING_ELSE}",
                             intent="running_late")
        state.call_notes.append(f"Running late: {text}")
        for_what = ""
        if today:
            for_what = f" for your {speech.clock(_local(today[0]['start'], business))} {today[0]['service']}"
        return self._ask(state, f"Thanks for letting us know! I'll tell the team you're on your way{for_what}. "
                                f"{ANYTHING_ELSE}", intent="running_late")

    def _confirm_mine(self, state: DialogueState, business: Business, local_now: dt.datetime,
                      heard: Understanding, tools: Tools, withheld: bool) -> Reply:
        """'I'm calling to confirm my appointment tomorrow': mark it confirmed and say when it is."""
        if withheld:
            return self._ask(state, WITHHELD_LOOKUP, intent="confirm")
        upcoming = tools("list_appointments", {"include_past": None})["appointments"]
        on_day = [a for a in upcoming if heard.slots.get("date") and a["start"][:10] == heard.slots["date"]]
        if not upcoming:
            return self._ask(state, BOOK_ONE, "book_offer", intent="confirm")
        target = (on_day or upcoming)[0]
        tools("confirm_attendance", {"appointment_id": target["id"]})
        when = speech.when(_local(target["start"], business), local_now)
        state.done_something = True
        return self._ask(state, f"You're all set: your {target['service']} is confirmed for {when}. We look "
                                f"forward to seeing you! {ANYTHING_ELSE}", intent="confirm")

    def _booked_when(self, state: DialogueState, business: Business, local_now: dt.datetime, heard: Understanding,
                     tools: Tools) -> Reply:
        """Their next booking with its weekday and date in full, and a move offered if they named another day."""
        upcoming = tools("list_appointments", {"include_past": None})["appointments"]
        if not upcoming:
            return self._ask(state, BOOK_ONE, "book_offer", intent="my_appointments")
        named = heard.slots.get("date")
        target = next((a for a in upcoming if named and a["start"][:10] == named), upcoming[0])
        start = _local(target["start"], business)
        relative = speech.day(start.date(), local_now.date())
        said = f"You're booked for {speech.a(target['service'])} on {speech.full_date(start.date())} at " \
               f"{speech.clock(start)}" + (f", which is {relative}." if relative in ("today", "tomorrow") else ".")
        state.appointment_id, state.topic = target["id"], "my_appointments"
        if named and named != target["start"][:10]:
            other = speech.day(dt.date.fromisoformat(named), local_now.date())
            state.date = named
            return self._ask(state, f"{said} Would you like me to move it to {other}?", "move_offer",
                             intent="my_appointments")
        return self._ask(state, f"{said} {ANYTHING_ELSE}", intent="my_appointments")

    def _my_bookings(self, state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
                     withheld: bool, go_on: str | None = None) -> Reply:
        """'When is my appointment?': their upcoming bookings; then back to where the call was."""
        if withheld:
            return self._ask(state, WITHHELD_LOOKUP, intent="my_appointments")
        upcoming = tools("list_appointments", {"include_past": None})["appointments"]
        if state.pending:
            go_on = f"So, shall I go ahead with {state.pending['summary']}?"
        elif not go_on:
            go_on = state.last_prompt if state.task and state.awaiting else ANYTHING_ELSE
        if not upcoming:
            if state.task:
                return self._ask(state, NO_APPOINTMENTS, go_on=go_on, awaiting=
                                 state.awaiting, intent="my_appointments")
            return self._ask(state, BOOK_ONE, "book_offer", intent="my_appointments")
        if len(upcoming) == 1 and not state.task:
            state.appointment_id = upcoming[0]["id"]  # "how much will that be?", "can I move it?"
        listed = _described(upcoming[:3], business, local_now)
        more = f" and {len(upcoming) - 3} more" if len(upcoming) > 3 else ""
        reply = self._ask(state, f"You're booked for {listed}{more}.", state.awaiting, go_on=go_on,
                          intent="my_appointments")
        state.topic = "my_appointments"  # "and the one after that?"
        return reply

    # --- questions, objections, messages ---------------------------------------------------

    def _heard_from_us(self, state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
                       withheld: bool) -> Reply:
        """'I missed a call from you' / 'I got a text from this number': what we send, and their bookings."""
        said = "That was probably us: we call and text about appointments, like confirmations and reminders."
        upcoming = [] if withheld else tools("list_appointments", {"include_past": None})["appointments"]
        if upcoming:
            more = f" and {len(upcoming) - 3} more" if len(upcoming) > 3 else ""
            said += f" You're booked for {_described(upcoming[:3], business, local_now)}{more}."
            if len(upcoming) == 1:
                state.appointment_id = upcoming[0]["id"]
        return self._ask(state, said, go_on="How can I help you today?", intent="heard_from_us")

    def _faq(self, state: DialogueState, business: Business, text: str, tools: Tools,
             callback: bool = True, withheld: bool = False) -> Reply | None:
        parts = [p.strip() for p in re.split(r"\?|\band (?=(?:is|are|do|does|can|what|where|when|how)\b)", text)
                 if len(p.strip()) > 3] or [text]
        answers: list[str] = []
        if state.topic == "hours" and _hours_follow_up(text.lower()):
            parts = [f"are you open {text}"]
        elif state.topic == "price" and re.match(r"^(?:and |so |ok )?(?:what about|how about|and)\b", text.lower()) \
                and match_services(text.lower(), business.service_names(), business.service_aliases()):
            parts = [f"how much is {text}"]  # "what about a colour?" after prices: its price
        for part in parts[:3]:
            found = tools("answer_faq", {"question": self._about_service(part, state, business, tools)[:500]})
            if found["found"] and found.get("matched_question") == "business details" and re.search(
                    r"\b(?:open|hours|close|evening|morning|weekend|late\b|early\b)", part.lower()):
                state.topic = "hours"
            elif found["found"] and re.search(r"\b(?:how much|prices?|cost|charge)\b", part.lower()):
                state.topic = "price"
            if found["found"] and found["answer"] not in answers:
                answers.append(found["answer"])
        if answers:
            if state.task in ("book", "reschedule", "cancel", "callback", "objection") and state.awaiting \
                    and state.last_prompt:
                # A question in the middle of a booking: answer it, then back to where we were.
                go_on = state.last_prompt
                if state.task in ("callback", "objection") and state.awaiting == "name":
                    go_on = "And can I take your name, so the team can get back to you?"
                if state.awaiting == "service" and answers[-1].startswith("We offer"):
                    go_on = "Which would you like?"  # the services were just listed
                return self._ask(state, " ".join(answers), state.awaiting, intent="faq", go_on=go_on)
            return self._ask(state, f"{' '.join(answers)} {ANYTHING_ELSE}", intent="faq")
        if not callback:
            return None
        other = _other_service(text.lower())
        if other and NOT_A_SERVICE.search(other.group("thing")):
            other = None  # "do you do student discounts?": a question for the team, not a service
        named = match_services(text.lower(), business.service_names(), business.service_aliases())
        if other and len(named) == 1 and not state.task:  # "do you do haircuts?"
            service = business.find_service(named[0])
            state.service = service.name
            return self._ask(state, f"Yes, we do! {about_service(business, service)}.", "book_offer", intent="faq",
                             go_on="Would you like to book one?")
        starters = [s.name for s in business.services if LOOK_FIRST.search(s.name) or INTRO_SERVICE.search(s.name)]
        if other and not named and other.group("verb") in ("treat", "fix", "repair") and len(starters) == 1 \
                and not state.task:
            # "I've got a bad knee, do you treat that?": a problem, not a service; the team looks first
            state.service = starters[0]
            state.problem = state.problem or text[:300]
            return self._ask(state, f"The team can take a look at that: for something new, it's "
                                    f"{speech.a(starters[0])}.", "book_offer", intent="faq",
                             go_on="Would you like to book one?")
        if other and not named and other.group("verb") != "have":  # "do you have toilets?" is not a service
            # "Do you do nails?": what they do instead, and the team can say more
            thing = re.sub(r"^(?:an?|any|some) ", "", other.group("thing").strip())
            thing = re.sub(r"\b(?:my|our)\b", "your", re.sub(r"\b(?:me|us)\b", "you", thing))  # said back
            thing, it = (thing, thing) if len(thing.split()) <= 3 else ("that", "it")  # not a long phrase again
            listed = f"I don't see {thing} on our list of services: we offer {speech.options(business.service_names())}."
            if state.task in ("book", "reschedule") and state.awaiting and state.last_prompt:
                return self._ask(state, listed, state.awaiting, intent="faq", go_on=state.last_prompt)
            return self._callback(state, business, tools, f"Question Roxy could not answer: {text}",
                                  f"{listed} I can have someone from the team call you back about {it}. Can I "
                                  "take your name?", withheld)
        if state.task in ("book", "reschedule") and state.awaiting and state.last_prompt:
            # In the middle of a booking: the team gets the question, the booking goes on.
            state.call_notes.append(f"Question Roxy could not answer: {text}")
            return self._ask(state, NOTED_FOR_TEAM,
                             state.awaiting, intent="faq", go_on=state.last_prompt)
        return self._callback(state, business, tools, f"Question Roxy could not answer: {text}",
                              "That's a good question, and I don't want to guess. I'll have someone from the team "
                              "call you back with the answer. Can I take your name?", withheld, intent="faq")

    @staticmethod
    def _service_in_hand(state: DialogueState, tools: Tools) -> str | None:
        if state.service or not state.appointment_id:
            return state.service
        try:
            listed = tools("list_appointments", {"include_past": None})["appointments"]
        except DomainError:  # a withheld caller's bookings cannot be listed
            return None
        mine = [a for a in listed if a["id"] == state.appointment_id]
        return mine[0]["service"] if mine else None

    def _objection(self, state: DialogueState, business: Business, text: str, tools: Tools,
                   withheld: bool = False) -> Reply:
        state.task = "objection"
        state.pending = None
        state.lead_notes.append(f"Not ready to book: {text}")
        state.call_notes.append(state.lead_notes[-1])
        price_note = ""
        named = state.service or next(iter(match_services(text.lower(), business.service_names(),
                                                          business.service_aliases())), None)
        service = business.find_service(named) if named else None
        if service and service.price is not None and re.search(r"expensive|pricey|price|cost|afford|cheap|how much",
                                                               text.lower()):
            price_note = f" For reference, {speech.a(service.name)} is {speech.price(service.price, business.currency_code)}."
        elif not service and re.search(r"\bprices?\b|\bhow much\b|\bprice list\b|\bcosts?\b", text.lower()):
            listed = price_list(business)
            if listed:  # "just calling to get prices": the prices, then the follow-up
                price_note = f" {listed}"
                state.topic = "price"
        if state.name:
            return self._capture(state, business, tools, lead_in=f"No problem at all.{price_note} ",
                                 withheld=withheld)
        return self._ask(state, f"No problem at all, there's no pressure.{price_note} Can I take your name so "
                                "we can follow up when you're ready?", "name", intent="not_interested")

    def _callback(self, state: DialogueState, business: Business, tools: Tools, note: str, ask: str,
                  withheld: bool, intent: str = "callback", known: str | None = None) -> Reply:
        """The team calls back: the note goes to the lead, with the caller's name (asked if not known;
        if known, `known` is said first: by default `ask` without its name question)."""
        if state.task == "callback" and state.awaiting == "name" and not state.name:
            ask = "I'll pass that on to the team as well. Can I take your name?"  # a second question meanwhile
        state.task, state.pending, state.offered, state.topic = "callback", None, [], None
        state.lead_notes.append(note)
        state.call_notes.append(note)
        if state.name:
            if known is None:
                known = re.sub(r"\s*Can I (?:take|have|get) your name(?:, please)?\?$", "", ask)
            return self._capture(state, business, tools, lead_in=f"{known} " if known else "", withheld=withheld)
        return self._ask(state, ask, "name", intent=intent)

    def _capture(self, state: DialogueState, business: Business, tools: Tools, lead_in: str = "",
                 withheld: bool = False, confirmed: bool = False) -> Reply:
        task = state.task
        if withheld and not state.callback_phone:
            return self._ask_number(state, f"Thanks, {state.name.split()[0]}. ")
        details = {"name": state.name, "email": state.email, "interest": state.service,
                   "notes": "\n".join(state.lead_notes)[:2000] or None, "source": "call", "area": None,
                   "sms_consent": None}
        if withheld and not confirmed:
            # a number the caller said is kept only on their yes to it, read back digit by digit
            digits = spoken_digits(state.callback_phone, business.country)
            state.pending = {"action": "capture_lead", "args": details, "task": task, "lead_in": lead_in,
                             "summary": f"{state.name}, on {digits}"}
            return self._ask(state, f"So that's {state.name}, on {digits}. Is that right?", "confirm",
                             intent=task or "callback")
        tools("capture_lead", details)
        state.task = None
        state.lead_notes = []
        state.done_something = True
        if task == "callback":
            number = spoken_digits(state.callback_phone, business.country) if withheld else "this number"
            if lead_in:  # a caller whose name Roxy knew: what the team will do, then who and where
                return self._ask(state, f"{lead_in}I've passed it on, {state.name.split()[0]}: {business.name} "
                                        f"will call you back on {number}. {ANYTHING_ELSE}", intent="callback")
            return self._ask(state, f"Thanks, {state.name}. Someone from {business.name} will call you "
                                    f"back on {number}. {ANYTHING_ELSE}", intent="callback")
        return self._ask(state, f"{lead_in}Thanks, {state.name}, I've made a note, and we'll be happy to help "
                                f"whenever you're ready. {ANYTHING_ELSE}", intent="not_interested")

    def _text_address(self, state: DialogueState, business: Business, tools: Tools, withheld: bool) -> Reply:
        """The business's address by text (said too); said only when texts cannot reach the caller."""
        go_on = state.last_prompt if state.task and state.awaiting else ANYTHING_ELSE
        found = None if business.address else tools("answer_faq", {"question": "where are you located? address"})
        aloud = (f"we're at {business.address}." if business.address
                 else found["answer"][0].lower() + found["answer"][1:] if found["found"] else "")
        if withheld or not aloud:
            said = f"I can't text a hidden number, but {aloud}" if aloud else \
                "I'm sorry, I don't have our address to hand. The team can send it to you."
            return self._ask(state, said, state.awaiting, intent="faq", go_on=go_on)
        try:
            sent = tools("send_business_details", {})
        except DomainError:  # opted out of texts
            return self._ask(state, f"I can't text you, but {aloud}", state.awaiting, intent="faq", go_on=go_on)
        return self._ask(state, f"Sure, I've texted you our address: {sent['address'].rstrip('.')}.", state.awaiting,
                         intent="faq", go_on=go_on)

    def _resend(self, state: DialogueState, business: Business, local_now: dt.datetime, text: str,
                tools: Tools) -> Reply:
        channel = "email" if re.search(r"\be-?mail|\bmail\b", text) else "sms"
        upcoming = tools("list_appointments", {"include_past": None})["appointments"]
        if not upcoming:
            return self._ask(state, BOOK_ONE, "book_offer")
        first = upcoming[0]
        when = speech.when(_local(first["start"], business), local_now)
        given = find_email(re.sub(r"\s+", " ", text)) or state.email
        if channel == "email" and not first.get("email") and not given:
            state.task = "resend"
            return self._ask(state, f"I don't have an email address on your {first['service']} {when}. What's "
                                    "the best email for you? Or I can text you the details instead.", "email",
                             intent="resend")
        state.task = None if state.task == "resend" else state.task
        if channel == "email" and given and given != first.get("email"):
            # a new address is kept (and mailed) only on the yes to it, spelled out
            state.pending = {"action": "send_confirmation",
                             "args": {"appointment_id": first["id"], "channel": "email", "email": given},
                             "summary": f"the details of your {first['service']} {when}, to {spell_email(given)}"}
            return self._ask(state, f"Just to check, that's {spell_email(given)}. Shall I email you the details of "
                                    f"your {first['service']} {when}?", "confirm", intent="resend")
        tools("send_confirmation", {"appointment_id": first["id"], "channel": channel, "email": None})
        how = "an email" if channel == "email" else "a text"
        other = find_phone(text) if channel == "sms" else None
        only = "I can only text the number you're calling from, so " if other and len(other.lstrip("+")) >= 9 else ""
        done = f"{only}I've sent you {how}" if only else f"Done, I've sent you {how}"
        return self._ask(state, f"{done} with the details of your {first['service']} {when}. "
                                f"{ANYTHING_ELSE}", intent="resend")

    def _transfer(self, state: DialogueState, business: Business, local_now: dt.datetime,
                  lead_in: str = "Of course.") -> Reply:
        open_now = any(r.open <= local_now.time() < r.close for r in business.opening_ranges(local_now.date()))
        if business.transfer_number and open_now:
            return Reply(f"{lead_in} Let me put you through to the team, one moment.", "transfer",
                         intent="transfer")
        sorry = "" if lead_in == "Of course." else f"{lead_in} "
        why = "Our team can't take the call right now."
        if not open_now:  # "We're closed right now. We open again tomorrow at 7 AM."
            why = open_now_answer(business, local_now)
        return Reply(f"{sorry}{why} Please leave your name and a short message after the beep, and we'll call you "
                     "back.", "message", intent="transfer")
