"""Interrupts: what a caller says over any workflow (are you there, hold on, say that again, a
message, a sales call, who Roxy is, the right number, an upset caller, another language).
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.phrase import Phrase
from shared.domain.calls import SALES_PITCH
from shared.language.names import CAP

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
    # A sales call for the business: "I'm calling to see if you need a new website"; the post-call
    # step knows a pitch by the same words (domain/calls.py SALES_PITCH), so a pitch the engine
    # hears is one the lead rules hear too
    "SALES_CALL": Phrase(
        re.compile(r"\b(?:calling|reaching out|ringing)\b.{0,40}\b(?:website|web design|seo|marketing|"
            r"google (?:listing|ranking|reviews)|merchant services|card processing|business loan|"
            r"advertis\w*|solar|energy (?:bill|supplier)|business insurance)\b|"
            r"\bare you the (?:business )?owner\b|\bdecision maker\b|" + SALES_PITCH.pattern, re.I),
        must=("hi, i'm calling about your website", "we're reaching out about your google listing",
              "are you the business owner", "am i speaking with the owner of the business?",
              "this is dave from acme marketing, we get you more customers",
              "hi, sam here with brightpath, we can lower your card processing fees",
              "we help local businesses grow online"),
        must_not=("i'm calling to book a haircut", "i saw your website and want to book",
                  "this is jane from upstairs, is my husband's appointment still on?",
                  "can i speak to the owner please", "is this the owner? i want to complain about my cut")),
    # "Oh sorry, wrong number": they meant to ring someone else (a phone number of theirs said wrong is not this)
    "WRONG_NUMBER": Phrase(
        re.compile(r"(?<!gave you the )(?<!gave you a )(?<!gave the )(?<!that's the )(?<!that is the )(?<!was the )"
            r"(?<!i said the )(?<!put the )(?<!have the )(?<!has the )(?<!got my )\bwrong (?:number|line)\b|"
            r"\b(?:dial(?:l)?ed|rang|rung|called|phoned|got) (?:the )?wrong\b(?! (?:day|time|date|service|name|email))|"
            r"\bmis-?dial\w*|\bmy mistake\b.{0,20}\bsorry to (?:bother|disturb)\b"),
        must=("oh sorry, wrong number, my bad", "oops, sorry, wrong number", "i think i've got the wrong number",
              "i must have dialled wrong, sorry", "oh, my mistake, sorry to bother you", "sorry, misdialed"),
        must_not=("i gave you the wrong number for my phone", "you booked me on the wrong day",
                  "that's the wrong number, it ends in 42", "my mistake, i meant tuesday")),
}

ARE_YOU_THERE = INTERRUPTS["ARE_YOU_THERE"].pattern
WRONG_NUMBER = INTERRUPTS["WRONG_NUMBER"].pattern
HOLD_ON = INTERRUPTS["HOLD_ON"].pattern
REPEAT = INTERRUPTS["REPEAT"].pattern
LEAVE_MESSAGE = INTERRUPTS["LEAVE_MESSAGE"].pattern
SALES_CALL = INTERRUPTS["SALES_CALL"].pattern

ABOUT_ROXY = re.compile(
    r"\b(?:are|r) (?:you|u) (?:an? )?(?:real |actual |live )?(?:person|human|robot|bot|machine|ai|computer|"
    r"recording|automated)\b|\bis this (?:an? )?(?:robot|bot|machine|recording|automated|real person|human)\b|"
    r"\bwho (?:am i|is this|are you)\b|\bwhat(?:'s| is) your name\b|\bwho (?:am i )?(?:speaking|talking) (?:to|with)\b|"
    r"\bwhat (?:can|do) you do(?: for me)?\W*$|\bhow can you help(?: me)?\W*$|\bwhat are (?:my|the) options\W*$")

# "Hello? Is this Bella's?": checking they rang the right place.
REACHED = re.compile(r"^(?:(?:hi|hiya|hello|hey|yes|yeah|um|uh|oh|sorry|well|so|there|okay|ok) )*(?:is (?:this|that)|have i (?:reached|got)|"
                     r"am i (?:speaking|talking|through) (?:to|with)) (?!(?:an? )?(?:robot|bot|machine|recording|"
                     r"automated|real|human|person|good|bad|ok|okay|available|free|right time)\b)(.{2,60})$")

PLACES = frozenset("salon studio shop store clinic office practice spa barber barbers barbershop parlour parlor "
                   "surgery centre center garage place business".split())

FRUSTRATED = re.compile(r"\b(?:stupid|useless|rubbish|idiot\w*|ridiculous|pointless|hopeless) (?:robot|machine|"
                        r"bot|thing|system|computer|ai)\b|\bwaste of (?:my )?time\b|\byou(?:'re| are) not (?:helping|"
                        r"listening)\b|\bthis is (?:ridiculous|useless|a joke|stupid|hopeless)\b")

# Spanish and French openings: the team, not Roxy, can help
NOT_ENGLISH = re.compile(r"^(?:hola|buenos? (?:dias|días|tardes)|bonjour|bonsoir)\b|\b(?:quiero|necesito|quisiera|"
                         r"hablar con|por favor|una cita|español|je voudrais|un rendez-vous|parlez)\b")

# "a message for Dr. Keller": who the message is for
MESSAGE_FOR = re.compile(rf"\bmessage for (?:(?:dr|mr|mrs|ms)\.? )?({CAP}(?: {CAP})?)")

# "hello? hi there": a greeting and nothing else
ONLY_GREETING = re.compile(r"(?:(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|yes hello|(?:hello|hi|hey) there)[ ?!.,]*)+")

TABLE: dict[str, Phrase] = {  # the examples each pattern must and must not match, asked as the engine asks
    "ABOUT_ROXY": Phrase(ABOUT_ROXY,
        must=('are you a real person', 'wait is this a robot', 'who am i speaking to'),
        must_not=('can i talk to a real person please', "it's sam. okafor's my last name", 'what are your hours on saturday')),
    "REACHED": Phrase(REACHED,
        must=("hiya is this dr. patel's office", 'is that going to be expensive', 'is that the earliest you have'),
        must_not=('hello there what time do you close on saturday', 'is this a good time to call', 'can i talk to a real person please'), how="match"),
    "FRUSTRATED": Phrase(FRUSTRATED,
        must=('this is ridiculous you stupid robot',),
        must_not=('what time do you close tomorrow', 'can i get a haircut first thing the day after tomorrow', 'actually i need to cancel that')),
    "NOT_ENGLISH": Phrase(NOT_ENGLISH,
        must=('hola quiero hacer una cita',),
        must_not=('actually i need to cancel that', 'can i book a haircut in 5 days', 'do you do evening appointments', 'holiday opening hours', "i'd like a spanish lesson")),

    "SALES_PITCH": Phrase(SALES_PITCH,
        must=('this is dave from acme marketing, we get you more customers', 'we help local businesses grow online', 'am i speaking with the owner of the business?'),
        must_not=('can i speak to the owner please', "i'm calling from my car, can i book a haircut")),
    "MESSAGE_FOR": Phrase(MESSAGE_FOR,
        must=('Can I leave a message for Dr Patel', "I'd like to leave a message for Maria please"),
        must_not=('can I leave an urgent message', "I'd like to leave a message", 'Can I leave a message for the team'), cased=True),
    "ONLY_GREETING": Phrase(ONLY_GREETING,
        must=('hi there', 'hello'),
        must_not=('hiya i just wanted to ask is there a trip charge', "hello i'm looking for the dmv", 'oh and the trip charge is there 1'), how="fullmatch"),
}
