"""Questions and the team's matters: a question's shape, a callback asked for, new clients, a
complaint, a health question, work not fixed, a service they may not do.
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.phrase import Phrase

QUESTION_START = re.compile(r"^(?:what|where|when|how|why|which|who|do you|do your|do they|does|is there|are there|are you|is it|"
                            r"can i|could i|can you tell|could you tell|do i|will i|should i|may i)\b")

CALL_ME_BACK = re.compile(
    r"\b(?:call|ring|phone) me (?:back|later|tomorrow|in \w+|after)\b|\b(?:can|could) (?:someone|somebody|you|they|"
    r"the team|a person) (?:call|ring|phone) me\b|\bhave (?:someone|somebody|them|the team) (?:call|ring) me\b|"
    r"\b(?:get|give) me a call ?back\b|\brequest a call ?back\b|\bcall ?back\b.*\bplease\b")

NEW_CLIENTS = re.compile(r"\b(?:taking|accepting|seeing|take|accept|see|open to) (?:on )?(?:any )?new "
                         r"(patients|clients|customers)\b")

ARRIVAL = re.compile(r"\b(?:how long|when|what time)\b.{0,30}\b(?:get here|get to (?:me|us|my place)|arrive|"
                     r"be here|turn up|show up|come out)\b")

TEAM_MATTER = re.compile(
    r"\b(?:refund\w*|(?:my|the) money back|overcharged|charged (?:me )?(?:twice|double|too much)|double[- ]charged|"
    r"invoices?|receipts?|pay (?:my|the|an?|off) (?:bill|invoice|balance)|lost property|"
    r"(?:left|forgot|lost|dropped) (?:my|a|an|her|his|our) (?:[a-z]+ ){0,2}(?:there|behind|at (?:the|your) (?:salon|"
    r"clinic|shop|studio|place|office)|in (?:the|your) (?:salon|clinic|shop|studio|waiting room|chair|van)))\b")

PRICE_FOR_WORK = re.compile(r"\b(?:rough|ballpark|approximate|estimated?|rough idea of (?:the )?) ?(?:price|cost|figure|"
                            r"idea)\b|\b(?:price|cost)s? (?:for|of|on) (?:a |an |the |my )?(?:new|replacement|"
                            r"replacing|installing|install|fitting)\b|\bhow much (?:would|will|does|is) it (?:cost|be) to "
                            r"(?:install|replace|fit|put in|redo|fix)\b")

# "My neighbour recommended you": said, noted, and the call goes on
RECOMMENDED = re.compile(r"\b(?:recommended (?:you|your)|referred me to you|heard (?:good things )?about you|"
                         r"found you (?:on|online|through)|saw your (?:ad|advert|van|sign|website|reviews?))\b")

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

COMPLAINT = re.compile(
    r"\b(?:make|file|lodge|have|raise) a complaint\b|\bcomplain\w*\b|\b(?:not|wasn't|isn't|am not|i'm not) "
    r"(?:at all )?(?:happy|pleased|satisfied) with\b|\bunhappy with\b|\bdisappointed with\b|"
    r"\b(?:terrible|awful|horrible|bad|poor) (?:service|experience|job|work|haircut|cut)\b|\bruined my\b|"
    # "I'm not happy, the fade is uneven": unhappy about what follows (not "not happy to wait")
    r"\b(?:i'm|i am|we're|we are) (?:really |very |so |just )?(?:not (?:at all )?happy|unhappy|disappointed)\b"
    r"(?! (?:to|that you|for (?:you|him|her|them)|if|when|as long as)\b)")

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

OTHER_SERVICE = re.compile(r"^(?:(?:and|so|um|uh|oh|ok|okay|alright|right|well|great|cool|thanks|also|hi|hello|hey)"
                           r"[ ,]+)*(?:do|can|could) (?:you|y'all|you guys) (?P<verb>do|offer|have|service|check|"
                           r"provide|sell|fix|repair|install|treat)\s+(?P<thing>[a-z' -]{2,40}?)(?: (?:as well|too|there|here))?"
                           r"\s*[?.!]*$")

NOT_A_SERVICE = re.compile(r"\b(?:discounts?|deals?|offers?|promotions?|vouchers?|gift|cards?|cash|pay\w*|finance|"
                           r"parking|wi-?fi|walk-?ins?|appointments?|bookings?|weekends?|evenings?|insurance|warrant\w*|"
                           r"guarantees?|refunds?|students?|seniors?|loyalty|memberships?|packages?|products?|"
                           r"consultations? free|home visits?|house calls?|cancell?ations?|openings?|availability|"
                           r"slots?|space|room|anything)\b")

# "Do you do evening appointments?", "are you open in the mornings?": about the business in general
GENERAL_QUESTION = re.compile(r"\b(?:do|does) (?:you|they|the \w+) (?:ever )?(?:do|have|offer|work|open|take)\b|"
                              r"\bare you (?:ever |usually |normally )?open\b|\bwhat are your\b")

A_QUESTION_COMING = re.compile(r"\b(?:i (?:have|had|'ve got|got)|there's) (?:a|one|another|a quick|just one) "
                               r"(?:question|query)\b|^(?:quick|one) question\W*$")
# Looking for a place or person by name, with nothing the rules could place
ELSEWHERE_SOUGHT = re.compile(r"\b(?:i'm|i am|we're|we are) (?:looking for|trying to (?:reach|find|get to|call))\b|"
                              r"^(?:\w+ )?(?:is (?:this|that)|am i (?:speaking|talking) to)\b")
ASKS = re.compile(r"\b(?:is there|are there|do you|does it|can i|could i|what|how|when|where|why|which|who)\b")

# "can I come in 2 hours?" is not about opening hours
OPEN_OR_CLOSE = re.compile(r"\b(?:open|opening|close|closing)\b")

# "what about Friday?", "and on the 3rd?"
ANOTHER_DAY_ASKED = re.compile(r"\bwhat about\b|\band (?:on )?\w+day\b|^(?:and )?(?:on )?the \d")

OPEN_WORD = re.compile(r"\bopen\b")

# "yeah hi, I was wondering ...": the words before a question
QUESTION_LEAD = re.compile(r"^(?:(?:yeah|yes|hi|hello|hey|um|uh|so|ok|okay|oh|i was (?:just )?wondering|i wonder|"
                           r"just wondering|wondering|tell me|if|can you tell me)\s+)+")

# a charge asked about: "will I be charged", "lose my deposit"
CHARGE_WORDS = re.compile(r"\b(?:charged?|charges|fee|penalty|(?:have|need) to pay|lose (?:my|the) deposit)\b")

PRICE_OR_LENGTH = re.compile(r"\b(?:how much|cost|price|charge|how long)\b")

# "and what about ...": a follow-up question
AND_WHAT_ABOUT = re.compile(r"^(?:and |so |ok )?(?:what about|how about|and)\b")

HOURS_WORDS = re.compile(r"\b(?:open|hours|close|evening|morning|weekend|late\b|early\b)")

PRICE_WORDS = re.compile(r"\b(?:how much|prices?|cost|charge)\b")

# a service named for new work ("Boiler Installation")
NEW_WORK_SERVICE = re.compile(r"install|replac|new|fit", re.I)

HOW_LONG_OR_MUCH = re.compile(r"\bhow (?:long|much)\b|\bwhat does (?:it|that) cost\b")

# the price in what they said ("too expensive", "how much")
PRICE_TALK = re.compile(r"expensive|pricey|price|cost|afford|cheap|how much")

PRICES_ASKED = re.compile(r"\bprices?\b|\bhow much\b|\bprice list\b|\bcosts?\b")

# "a new boiler", "replacing", "installing": new work, not a repair
NEW_WORK = re.compile(r"\b(?:new|replac\w*|install\w*|fitting)\b")

TABLE: dict[str, Phrase] = {  # the examples each pattern must and must not match (lower-cased, as heard)
    "CALL_ME_BACK": Phrase(CALL_ME_BACK,
                       must=('can someone call me back', 'call me back later', 'please have the team ring me'),
                       must_not=("i'll call back later", 'can i call you back')),
    "COMPLAINT": Phrase(COMPLAINT,
                       must=('i want to make a complaint', "i'm not happy with my haircut", 'terrible service',
                             "hello i'm not happy the fade i got on tuesday is uneven",
                             "we're really disappointed the cleaner broke a vase"),
                       must_not=("i'm happy with it", 'can i book a haircut', "i'm not happy to wait that long",
                                 "i'm not happy for you to use my card")),
    "HEALTH_QUESTION": Phrase(HEALTH_QUESTION,
                       must=("can i have a massage if i'm pregnant", 'is it safe with a pacemaker', 'is it ok while breastfeeding'),
                       must_not=('is it safe to park outside', 'is the price ok')),
    "TEAM_MATTER": Phrase(TEAM_MATTER,
                       must=("i'd like a refund", 'i was charged twice', 'i left my scarf at the salon'),
                       must_not=('do you sell scarves', 'how much is it')),
    "NEW_CLIENTS": Phrase(NEW_CLIENTS,
                       must=('are you taking new patients', 'do you accept new clients'),
                       must_not=("i'm a new client", 'are you open')),
    "NOT_FIXED": Phrase(NOT_FIXED,
                       must=("it's still leaking", "they didn't fix it", 'the tap is not fixed'),
                       must_not=("it's fixed now", 'can you fix a leak')),
    "QUESTION_START": Phrase(QUESTION_START,
        must=('do you do evening appointments', 'can i change it to 11 instead', "what's your cancellation policy"),
        must_not=("it's 2 1 2 5 5 5 oh 1 9 9", "no wait it's 212 555 0143", 'just cancel it please', 'i was wondering about prices', "whatever's free"), how="match"),
    "ARRIVAL": Phrase(ARRIVAL,
        must=('how long will it take them to get here',),
        must_not=('can i pay by card when i come in', 'do you come out to skokie', 'how soon can you get here')),
    "PRICE_FOR_WORK": Phrase(PRICE_FOR_WORK,
        must=('how much would it cost to replace my boiler', 'can you give me a rough price for a new toilet install'),
        must_not=('how much will it cost?', 'how much will that be', 'how much would it be to unblock two drains?')),
    "RECOMMENDED": Phrase(RECOMMENDED,
        must=('my neighbour recommended you',),
        must_not=('good morning, i was referred by my gp for my shoulder, can i get an appointment', 'ok what about a blow dry then', "what's your cancellation policy")),
    "HOURS_FOLLOW_UP": Phrase(HOURS_FOLLOW_UP,
        must=('what about saturdays', 'what about the 27th', 'and tomorrow'),
        must_not=('ok and do you do highlights', "i've got what i needed many thanks", 'what services do you offer', 'and tomorrow at 3 for a haircut'), how="match"),
    "SIDE_QUESTION": Phrase(SIDE_QUESTION,
        must=('can i pay with apple pay', 'is there parking nearby', 'how much a haircut is'),
        must_not=('the address is 45 oak park avenue', 'i need another session tomorrow', 'thank you so much'), how="match"),
    "AVAILABILITY_WORDS": Phrase(AVAILABILITY_WORDS,
        must=('do you have anything tomorrow', 'any openings on friday'),
        must_not=('can i pay with apple pay', 'is there parking nearby', 'how much a haircut is', 'how much is a haircut')),
    "EARLIER_VISIT": Phrase(EARLIER_VISIT,
        must=("you had someone out last week but it's still leaking",),
        must_not=('i need a plumber for a leak', 'can someone look at my boiler tomorrow')),
    "OTHER_SERVICE": Phrase(OTHER_SERVICE,
        must=('do you guys do student discounts', 'can you service my water softener', 'ok and do you do highlights'),
        must_not=("they're all too late for me", 'not that first one, too early', 'are you guys available on sunday'), how="match"),
    "NOT_A_SERVICE": Phrase(NOT_A_SERVICE,
        must=('any cancellations today', 'student discounts'),
        must_not=('wedding hair trials at the venue', 'wedding makeup for bridal parties', 'my water softener', 'do you do highlights')),
    "GENERAL_QUESTION": Phrase(GENERAL_QUESTION,
        must=('do you do evening appointments',),
        must_not=('can i book a haircut', 'are you free on friday', 'can you do friday')),
    "A_QUESTION_COMING": Phrase(A_QUESTION_COMING,
        must=('i have a question',),
        must_not=('hiya i just wanted to ask is there a trip charge', 'hi quick question do i need to supply the products', 'oh and the trip charge is there 1')),
    "ELSEWHERE_SOUGHT": Phrase(ELSEWHERE_SOUGHT,
        must=("hello i'm looking for the dmv", "hi we're trying to reach mike's auto"),
        must_not=('could you squeeze me in somewhere', "i've got what i needed many thanks", 'the stylist left my fringe uneven on 1 side', "i'm looking forward to it")),
    "ASKS": Phrase(ASKS,
        must=("i've got what i needed many thanks",),
        must_not=('could you squeeze me in somewhere', "hello i'm looking for the dmv", "hi we're trying to reach mike's auto")),
    "ANOTHER_DAY_ASKED": Phrase(ANOTHER_DAY_ASKED,
        must=('what about friday', 'and on tuesday?', 'the 3rd?'),
        must_not=('ok and do you do highlights', 'what services do you offer?', 'how much is a beard trim?', "what's the 3rd one")),
    "OPEN_WORD": Phrase(OPEN_WORD,
        must=('are you open right now',),
        must_not=('is that the earliest you have', 'the water is still pouring in', "what's the soonest you have", 'what are your opening hours')),

    "OPEN_OR_CLOSE": Phrase(OPEN_OR_CLOSE,
        must=('what time do you close', 'are you open in 2 hours'),
        must_not=('can i come in 2 hours', 'in half an hour please', 'are you closed on sunday')),
    "QUESTION_LEAD": Phrase(QUESTION_LEAD,
        must=('if you have anything tomorrow', 'yeah my basement is flooding', 'hey so something came up'),
        must_not=('i mean just a colour', 'hello', 'yes')),
    "CHARGE_WORDS": Phrase(CHARGE_WORDS,
        must=('will i be charged',),
        must_not=('can i pay with apple pay', "what's your cancellation policy", 'what do you have next week')),
    "PRICE_OR_LENGTH": Phrase(PRICE_OR_LENGTH,
        must=('how much is what about a colour', 'how long have you been open', 'do you charge for that'),
        must_not=('do you do evening appointments', 'are you free tomorrow morning', 'are you wheelchair accessible', 'how many people')),
    "AND_WHAT_ABOUT": Phrase(AND_WHAT_ABOUT,
        must=('what about a colour',),
        must_not=('where are you and is there parking?', 'do you cover evanston?', 'so what time'), how="match"),
    "HOURS_WORDS": Phrase(HOURS_WORDS,
        must=('do you do evening appointments', 'what are your hours on saturday', 'what time do you close tomorrow'),
        must_not=('how much is what about a colour', 'how much is a boiler service', 'how much is a sports massage', "lately it's been sore")),
    "PRICE_WORDS": Phrase(PRICE_WORDS,
        must=('how much is what about a colour', 'do you charge for that', 'what would a deep clean cost for a 4 bedroom house'),
        must_not=('if i cancel will i be charged', "what's your cancellation policy", 'is the estimate really free', 'how many people')),
    "NEW_WORK_SERVICE": Phrase(NEW_WORK_SERVICE,
        must=('Boiler Installation', 'Tap Replacement'),
        must_not=('boiler service',)),
    "HOW_LONG_OR_MUCH": Phrase(HOW_LONG_OR_MUCH,
        must=('how much is a sports massage?', 'how long have you been open', 'hi, i was just looking into a haircut, what does it cost?'),
        must_not=('what would a deep clean cost for a 4 bedroom house?', 'mia long', 'actually i need to cancel that')),
    "PRICE_TALK": Phrase(PRICE_TALK,
        must=("that's too pricey for me", "hmm, that's a bit too expensive, i'll think about it", 'hi, i was just looking into a haircut, what does it cost?'),
        must_not=("wow that's more than i expected", "hmm, that's a lot, i think i'll go elsewhere", "i was thinking of getting highlights but i'm not sure yet")),
    "PRICES_ASKED": Phrase(PRICES_ASKED,
        must=("i'm just calling to get prices, not ready to book yet",),
        must_not=("i'm not ready to book just yet", 'too expensive for me, maybe later', "that's a bit pricey for me", 'is it pricey')),
    "NEW_WORK": Phrase(NEW_WORK,
        must=('how much would it cost to replace my boiler', 'can you give me a rough price for a new toilet install'),
        must_not=('my boiler is leaking', 'can you fix my tap', 'is there any news')),
}
