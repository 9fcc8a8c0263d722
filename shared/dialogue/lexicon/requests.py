"""Requests: what a turn asks for (to book, to see what is free, to cancel, to move, to speak to
someone, about their own bookings) and the shape of a question.
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.phrase import Phrase
from shared.dialogue.lexicon.words import BOOKING_NOUN, CANT_DO_DAY, SMELL_OF_GAS, THROUGH_CEILING

TRANSFER = re.compile(
    r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )\b(speak|speaking|talk|talking|chat|chatting) (?:to|with) "
    r"(?:a |an |the |some |your |my )?(?:real |actual |live )?"
    r"(?:person|human|someone|somebody|staff|manager|owner|receptionist|representative|agent|operator|"
    r"stylist|doctor|dentist|physio(?:therapist)?|therapist|plumber|engineer|electrician|technician|barber|"
    r"hairdresser|team|office|practitioner|nurse)|\b(?:real|live|actual) (?:person|human)|\b(?:human|operator|representative)\b"
    r"|\btransfer me\b|\bput me through\b|\bconnect me\b"
    r"|\b(?:is|can i get|could i get|can i have) (?:the|your) (?:owner|manager|boss)(?: in| there| around| available)?\b")
CANCEL = re.compile(r"\bcancel\w*\b|\bcall (?:it )?off\b|\bwon't be able to (?:make|come)\b|"
                    r"\bcan't make (?:it|my)\b|\bcannot make (?:it|my)\b|\bdrop my (?:appointment|booking)\b|"
                    r"\b(?:won'?t|can'?t|cannot|not (?:going to|gonna)(?: be able to)?|unable to) (?:make|attend) "
                    r"(?:it|my|the|that|\w+day|tomorrow|today|tonight)\b|\bwon'?t be (?:coming|able to come)\b|"
                    r"\b(?:won'?t|can'?t|cannot|not (?:going to|gonna)(?: be able to)?|unable to) (?:come in|come|get in|"
                    r"be there|make it in)(?: on| this| on this)?(?: the)?(?: day after)? (?:\w+day|tomorrow|today|tonight)\b|"
                    + CANT_DO_DAY)
# "When is my appointment?": the caller's own bookings (SGD labels these check_availability, so the
# engine looks for them apart from the intent).
MY_BOOKINGS = re.compile(
    r"\b(?:when|what time|what day|which day)\b.{0,25}\bmy " + BOOKING_NOUN + r"s?\b|"
    r"\b(?:when|what time|what day|which day)\b.{0,20}\b(?:the|my) (?:other|remaining|next) (?:one|1|appointment|"
    r"booking)\b|"
    r"^(?:and )?(?:when|what time|what day)(?: is|'s|s) my (?:next )?(?:[a-z]+ ){0,2}?[a-z]+(?: again)?\W*$|"
    r"\bdo i (?:still )?have (?:an? |any )?(?:appointment|booking|reservation)s?\b|"
    r"\b(?:do|did) i (?:still )?have (?:anything|something) (?:booked|scheduled|on)\b|\bam i (?:still )?booked\b|"
    r"\bwhat (?:have i|do i have) (?:got )?booked\b|"
    r"\b(?:remind|tell) me (?:when|what time|what day)\b|\bwhen am i (?:booked|coming in|due|in)\b|"
    r"\bam i (?:still )?booked\b|\bwhat (?:appointments?|bookings?) do i have\b|"
    r"\bcheck (?:on )?my (?:appointment|booking)s?\b|\bwhat (?:i've|i have|i) (?:got )?booked\b|"
    r"\bwhat(?:'s| is| have i got) booked\b|\bwhat (?:have|do) i (?:got|have) (?:booked|coming up|on)\b|"
    r"\b(?:can'?t|cannot|don'?t) (?:remember|recall)\b.{0,20}\b(?:when|what time|what day|which day)\b|"
    r"\bforg[eo]t\w* (?:when|what time|what day|which day)\b|\bdid i (?:book|make an appointment)\b")
# Something wrong that a visit would fix (trades, clinics).
PROBLEM = re.compile(
    r"\b(?:leak\w*|burst|broken|broke down|stopped working|not working|isn't working|won't (?:start|turn on|work|"
    r"drain|flush|light)|blocked|clogged|no (?:heat|heating|hot water|power)|flood\w*|hurt\w*|injur\w*|in pain|"
    r"sore|damaged|cracked|emergency|pulled|twisted|sprained|strained|tweaked|aching|aches|pain(?:ful)?|stiff|"
    r"jammed|seized up|"
    r"(?:banging|rattling|gurgling|strange|weird|funny) (?:noise|sound)s?|noisy|dripping|backed up|overflow\w*|"
    + SMELL_OF_GAS + r"|no water|low (?:water )?pressure|won't stop running|keeps running|"
    r"done (?:my|his|her|their) \w+ in|" + THROUGH_CEILING + r"|gushing|water (?:everywhere|all over)|killing me|playing up|acting up|"
    r"giving me (?:grief|trouble|gyp|jip|hell|bother)|niggl\w*|twinge\w*|swollen|clicking|locked up|"
    r"(?:check ?up|look|looked at|see to|someone to see|checked) (?:on |at )?(?:my|his|her) (?:back|knee|neck|"
    r"shoulder|hip|ankle|wrist|elbow|hamstring|foot|feet|leg|arm|calf|groin|achilles)s?)\b")
# Asking about cancelling is a question, not a request to cancel.
CANCEL_QUESTION = re.compile(
    r"\bcancell?ation (?:policy|policies|fee|fees|charge|charges|rules?|terms|period|notice)\b|"
    r"\b(?:fee|charge|penalty|policy|notice)\b.*\b(?:if|when|to|for) (?:i |you |we )?(?:need to |have to )?cancel|"
    r"\bhow (?:much )?(?:notice|early|far ahead|long before)\b.*\bcancel|"
    r"\b(?:if|when) (?:i|we) (?:have to |need to )?cancel\w*\b.*\b(?:charge[ds]?|pay|fee|cost|penalty|lose|deposit)\b|"
    r"\b(?:do|will|would) (?:i|you|we) (?:be )?(?:charge[ds]?|pay|lose)\b.*\bcancel")
RESCHEDULE = re.compile(
    r"\b(?:anything|something|any (?:slots?|times?|appointments?)) (?:sooner|earlier) for (?:my|the|our) \w+|"
    r"\b(?:move|bring) me (?:in )?(?:to|sooner|earlier|forward)\b|"
    r"\b(?:can|could) (?:i|you|we) (?:move|shift) (?:it|that|this|them)(?: please)?\s*$|"
    r"\b(?:can|could) (?:we|you|i) make it (?:on )?(?:\w+day|tomorrow|another day|a different day)(?: \w+)? instead\b|"
    r"\bpostpon\w*|\bput (?:it|this|that|my appointment|my booking) off\b|\breschedul\w*|\brebook\w*|\b(?:change|move|shift|push|switch) (?:(?:one|1) of )?(?:my|the|our) (?:appointment|booking|reservation|time|day|date)s?\b|\bre-schedul\w*|\b(?:move|change|shift|push|switch|bump)\w* (?:my |the |our |it |that )?"
    r"(?:appointment|booking|reservation|time|slot|it|visit)?\s*(?:to|back|forward|earlier|later|"
    r"another|a different|for|from)\b|\bdifferent (?:time|day|date)\b|\banother (?:time|day|date)\b(?! maybe)|"
    r"\b(?:move|shift|push|bump)\w* my \w+(?: \w+){0,4} (?:to|back|forward|earlier|later)\b|"
    r"\b(?:move|change|shift|push|switch|bump)\w* (?:the|my|our) \w+ (?:one|1|appointment|booking)\b|"
    r"\bbring\w* (?:my |the |our )?(?:appointment |booking |visit |it |that )?(?:forward|earlier)\b|"
    r"\bcome in (?:a (?:bit|little) )?(?:later|earlier|sooner)\b|\b(?:need|want|have) to (?:change|move) it\b")

AVAILABILITY = re.compile(
    r"\bavailab\w*|\bopenings?\b|\bopen (?:slots?|times?|spots?)\b|\bfree (?:slots?|times?|spots?)\b|"
    r"\b(?:when|what time|what day)\b(?: \S+){0,4}? (?:free|open|available)\b|\bam i free\b|"
    r"\b(?:what|which) (?:times?|slots?|days?|dates?|hours)\b|\bany (?:time|room|space|spots?|slots?)\b|"
    r"\b(?:check|see|show|look at|tell me|view|what's on|what is on|what do i have on)\b.*\b"
    r"(?:calendar|schedule|events?|availability)\b|\bmy (?:events?|calendar|schedule)\b|"
    r"\bwhat (?:events?|appointments?) do i have\b|\b(?:do|would|will|could|might) (?:you|they) have (?:anything|any)\b|\bfree\b.*\?|"
    r"\bempty (?:time|slots?|schedule|spots?)\b|\bfree (?:hours|time|day)\b|\bnothing (?:booked|planned)\b|"
    r"\banything (?:booked|planned)\b|\b(?:see|view|show|check) (?:the |my )?events\b")
BOOK = re.compile(
    r"\bbook\w*|\breserv\w*|(?<!my )(?<!your )(?<!the )(?<!free )\bschedul\w*|\bappointment\b|"
    r"\bmake (?:it|one|that)\b|\btry (?:for|at|in|on)\b|\bmake (?:an? |the )?(?:appointment|booking|"
    r"reservation)|\b(?:add|put|place|save|enter|create|set up)\b.*\b(?:calendar|event|schedule)\b|"
    r"\bsign me up\b|\bget (?:me )?(?:in|a spot|an? slot|an appointment)\b|"
    r"(?<!when i )(?<!once i )(?<!if i )(?<!before i )(?<!after i )(?<!when we )\bcome in\b|\btable\b|"
    r"\bi(?:'d| would) like (?:a|an|to get|to have|to come)\b|(?<!do )(?<!will )(?<!would )(?<!should )"
    r"\bi (?:want|need) (?:a|an|to get|to have)\b|"
    r"\bset (?:it|that|one) up\b|\bsecure\b|\bgrab (?:a|that|the)\b|\block (?:it|that) in\b|"
    r"\bhold (?:it|that|the)\b|\bpencil\b|\bslot me in\b|\bfit me in\b|"
    r"\b(?:want|need|like|wish|have|plan|hoping|love) to (?:go(?! now\b)|see(?! if| whether| when| what| my| the| events|"
    r" any)|visit|come|get|have)\b|\barrange\b|\blet's do (?:it|that|this)\b|\b(?:stick|pop) it\b|"
    r"\b(?:can|could|may) (?:i|we) (?:also )?(?:get|have|book|come|make|schedule|grab|squeeze|add)\b|"
    r"\bi(?:'ll| will) go\b(?! now\b| home\b)|\b(?:include|mark|add)\w*\b.*\b(?:calendar|schedule)\b|(?<!do i )(?<!will i )(?<!would i )(?<!should i )\bneed (?:a|an|to see)\b|"
    r"\b(?:wanna|gotta) (?:get|have|book|come|see|make|grab)\b|\b(?:get|be) seen\b|"
    r"\bif (?:i|we) (?:can|could) (?:get|have|book|come|make|grab|squeeze)\b|"
    r"\bsee (?:someone|somebody|a (?:physio|doctor|dentist|therapist|specialist|stylist|barber|vet|nurse))\b|"
    r"\b(?:need|want|get|have)\w* (?:my|our|the|a|an) (?:\w+ ){1,3}(?:serviced|fixed|repaired|looked at|checked|"
    r"cleaned|installed|replaced|unblocked|unclogged|sorted|done|cut|coloured|colored|trimmed)\b")
QUESTION = re.compile(
    r"^(?:what|where|when|how|why|which|who|do you|do your|do they|do i|should i|will i|does|is there|are there|are you|is it|can i|could i|"
    r"can you tell|could you tell|tell me|i (?:was )?wonder\w*|may i|do they|is the|are the|"
    r"will (?:the|they|you|someone|somebody|it|he|she)|would (?:the|they|it|he|she)|"
    r"(?:can|could) (?:the|your|they|he|she|someone|somebody) (?!come\b|fit\b|see\b|book\b|do\b|"
    r"(?:call|ring|phone) (?:me|us) back\b|get back to (?:me|us)\b))\b|\?$|"
    r"\bhow much\b|\bhow long\b|\bprice\b|\bcost\b|\bparking\b|\baddress\b|\blocated\b|\bopen on\b|"
    r"\bhours\b|\baccept\b|\bpolicy\b")
HOURS_QUESTION = re.compile(
    r"\b(?:what time|when|how late|how early|till when|until when) (?:do|does|are|is|will) (?:you|they|y'all|"
    r"the \w+|it) (?:guys )?(?:open|close|closing|opening|shut|open until|be open)\b|\bare you (?:still )?open\b|"
    r"\b(?:opening|closing|business) (?:time|times|hours)\b|\bhow late (?:are|do) you\b")



GREETING = re.compile(r"^(?:(?:yes |yeah |oh |um )?(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))"
                      r"(?: there)?[\s,.!]+)+")


LEAD_IN = re.compile(r"^(?:(?:and|so|also|oh|um|uh|er|well|ok|okay|alright|right|great|cool|perfect|thanks|"
                     r"one more thing|another thing)[ ,.!]+)+(?=(?:what|where|when|how|why|which|who|do|does|is|are|can|"
                     r"could|will|would)\b)")


# "How far in advance do I need to book?": asks about booking, does not book
ASKS_HOW_EARLY = re.compile(r"\bhow (?:far|long|many days|many weeks) (?:in advance|ahead|before(?:hand)?)\b|\bhow much notice\b|"
                            r"\bwhat(?:'s| is) the damage\b")

# "Any cancellations this week?": a free slot asked for
CANCELLATIONS_FREE = re.compile(r"\b(?:any|had any|got any) (?:last[- ]minute )?cancell?ations?\b|\bcancell?ation (?:list|slots?|spots?)\b")

# "Don't cancel it"
NOT_CANCEL = re.compile(r"\b(?:not|don't|do not|no need to) cancel")

# "Cancel and rebook for next week": a move
CANCEL_AND_REBOOK = re.compile(r"\bcancel\w* (?:\w+ ){0,3}and (?:re-?book|book (?:it |me in )?again|book (?:a )?new (?:one|1)|"
                               r"make (?:a )?new (?:one|1))\b")

# "I think I booked the wrong day": their booking moves, no second one
BOOKED_WRONG_DAY = re.compile(r"\b(?:booked|got|put|have) (?:me |it |myself )?(?:in )?(?:for |on |at )?the wrong (?:day|time|date)\b|"
                              r"\b(?:it|that|my \w+) (?:should|was supposed to) (?:be|have been) (?:on |at |for )?(?:\w+day|tomorrow)\b")

# "My appointment is at 3, where do I park?": about the visit they have
MY_VISIT_IS = re.compile(r"\bmy (?:appointment|booking|visit)(?:'s| is)\b")

VISIT_QUESTION = re.compile(r"\b(?:what|where|how|which|who|do i|should i|can i|is there|do you)\b")

MOVE_WORDS = re.compile(r"\b(?:move|change|reschedul\w*|cancel\w*|earlier|later|sooner)\b")

# "What should I bring to my first appointment?"
VISIT_PREPARATION = re.compile(r"^(?:so |and |ok |um )?(?:what|how|where|when|do|does|should|is|are|will|can)\b.*\b(?:bring|wear|expect|"
                               r"prepare|arrive|fill (?:in|out)|forms?|paperwork|dress)\b")

BOOK_OR_MOVE_WORDS = re.compile(r"\b(?:book\w*|forward|earlier|sooner|later|move|change|reschedul\w*)\b")

# what a move is of: a booking, "it", "me", the time or day
RESCHEDULE_OBJECT = re.compile(r"\b(?:appointment|booking|reservation|reschedul\w*|rebook\w*|postpon\w*|my|it|"
                               r"(?:move|bring) me|"
                               r"the (?:time|day|date)|the \w+ (?:one|1)|come in (?:a (?:bit|little) )?(?:later|earlier|sooner))\b")

BOOK_OR_NEW = re.compile(r"\b(?:book|new)\b")

# "check if I'm free", "pull up my calendar": their own calendar
OWN_CALENDAR = re.compile(r"\b(?:if|whether|when) (?:i'm|i am|i have|i've got)\b.*\b(?:free|available|busy|events?)\b"
                          r"|\b(?:check|pull up|show|see|look at|view) (?:my|the) (?:schedule|calendar)\b")

SCHEDULE_WORD = re.compile(r"\bschedul")

ASKS_WHEN = re.compile(r"\b(?:when|what time|which)\b")

# "at 3", "around noon"
AT_A_TIME = re.compile(r"\b(?:at|around|about)\s+(?:\d|noon|half|quarter)")

# "And your email?" after another question
AND_YOUR_DETAIL = re.compile(r"(?:and|what about|how about) (?:your|the) (?:e-?mail|phone|number|address|website|"
                             r"phone number|email address|opening hours|hours|prices|postcode|zip code)\W*")

# "Can I just walk in?"
WALK_IN = re.compile(r"\bwalk[- ]?ins?\b|\bjust (?:walk|come|turn up|drop|pop) in\b")

SLOT_WORDS = re.compile(r"\b(?:slots?|available|availability|free)\b")

# "add it to my calendar": not a question about what is free
TO_CALENDAR = re.compile(r"\b(?:add|put|place|save|create|include|mark|enter|schedule)\w*\b.*\b(?:calendar|schedule)\b")

FORGET_ME = re.compile(r"\b(?:forget (?:me|about me|my (?:details|data|information|number))|delete (?:my|all my) "
                       r"(?:data|details|information|number|records?)|remove my (?:data|details|information))\b")

MOVE_IT = re.compile(r"\b(?:move|moving|reschedul\w*|change|another (?:day|time))\b")

# "... and book a colour instead", "... I'd rather book a blow dry", "... and also book one for my son"
THEN_BOOK = re.compile(r"\b(?:and|then|so I can|to|I'?d rather|I would rather)(?: also| then)? "
                       r"(?:re-?book|book|get|make|have|do)\b(.*)", re.I)
THEN_BOOK_AFTER_MOVE = re.compile(r"(?<=\w)[ ,]+(?:and|then)(?: also| then)? (?:book|get)\b(.*)", re.I)

# "change it to a blow dry": what it was and what it becomes
CHANGE_TO = re.compile(r"\b(?:change|switch|swap|make|turn)\b(.*)\b(?:to|for|into|with)\b(.*)")

# "I booked the wrong service, it should be a colour"
WRONG_SERVICE = re.compile(r"\bwrong (?:service|treatment|thing|one)\b.*|\b(?:meant|wanted) to (?:book|get) .*|"
                           r"\bshould (?:have been|'ve been|be) (?:for )?an? .*")

# "it", "my appointment": the booking itself, nothing more said
JUST_IT = re.compile(r"\s*(?:(?:also |just )?(?:it|that|this|(?:my|the) "
                     r"(?:appointment|booking|one)))?\s*")

# "change the time", "a different time"
TIME_CHANGE = re.compile(r"\b(?:change|move|switch) the time\b|\ba different time\b")

TABLE: dict[str, Phrase] = {  # the examples each pattern must and must not match, asked as the engine asks
    "TRANSFER": Phrase(TRANSFER,
        must=('can i speak to a real person', 'can i talk to a real person please', 'let me talk to the manager'),
        must_not=('could i get set up there at some point', 'i sure would like to get some grub around there.', 'is there anyone else find some doctor in napa i prefer a general practitioner.')),
    "CANCEL": Phrase(CANCEL,
        must=('actually i need to cancel that', 'i cannot make it on that time.', "i can't make thursday anymore"),
        must_not=('can i get an appointment for a colour the day after tomorrow', 'thank you i want to make an appointment on day after tomorrow.', "i'd like to book an appointment. i'd like to be there a day after tomorrow.")),
    "MY_BOOKINGS": Phrase(MY_BOOKINGS,
        must=('what time is my appointment again', 'what time is my beard trim', "when's my next appointment"),
        must_not=("hi it's sam again can i book the usual for the day after tomorrow at 11", 'the one the day after tomorrow', "i'd like to book an appointment")),
    "PROBLEM": Phrase(PROBLEM,
        must=("i'd like a check up on my knee", 'can someone look at my shoulder', 'i can smell gas in my kitchen'),
        must_not=('please look for someone else for me to see.', 'can you get me their telephone number and check to see if they have live music', 'i see what is their rating then')),
    "CANCEL_QUESTION": Phrase(CANCEL_QUESTION,
        must=('if i cancel will i be charged', "what's your cancellation policy", 'will i be charged if i cancel'),
        must_not=('thanks very much. i would need somewhere to get a bite when i get there.', 'how much will all this cost me', "thanks so much. that's all i will need.")),
    "RESCHEDULE": Phrase(RESCHEDULE,
        must=('change the date to march 13th.', 'i need to push it back an hour', "let's try booking another time"),
        must_not=('could you try 1 more time please. i need the appointment day after tomorrow at 10:30 am.', 'i will make them later our plans could change.', 'thank you i want to make an appointment on day after tomorrow.')),
    "AVAILABILITY": Phrase(AVAILABILITY,
        must=('add this event to my calendar.', 'am i free on the 10th of march', 'and is alcohol available there'),
        must_not=('could you see if they have any 12:30 slots', 'i will be free at 2 in the afternoon so that time would be fine.', 'i will be free from my work on march 12th. is there an open space at 5 pm')),
    "BOOK": Phrase(BOOK,
        must=('a table for 4 people on friday', 'actually can you make it for 2', 'add this event to my calendar.'),
        must_not=('now i want to find another doctor who should be a dentist in the same area as said before.', 'no not right now. i will also need to find a dentist', "i would like that one thank you that's all i need for now.")),
    "QUESTION": Phrase(QUESTION,
        must=(".please can i've their address", 'are there any live bands there', 'can you tell me if it is cheap'),
        must_not=('thanks very much. i would need somewhere to get a bite when i get there.', 'i would like to look for a place where i could eat. i will meet my friend there.', 'thanks so much could you get me a cab there')),
    "HOURS_QUESTION": Phrase(HOURS_QUESTION,
        must=('how late are you open tonight', 'what time do you close tomorrow', 'are you open from 10 to 5'),
        must_not=('the time when the event will happen is 6 pm.', 'how pricey will it be. does they play live music', 'do i have other hours when i will be free for the march 14th')),
    "GREETING": Phrase(GREETING,
        must=('hi this is mike from acme corp', 'hello i am looking for a salon.', 'hey could you find me a dentist'),
        must_not=('yes that sounds good. please make a reservation there at 10:30 in the morning.', 'yes that dentist sounds good. is there a slot available at 2:30 in the afternoon', 'yes sounds good. is there live music')),
    "LEAD_IN": Phrase(LEAD_IN,
        must=('and do they serve liquor there', 'thanks do they have live music', 'thanks. where are they located'),
        must_not=('i would like some pizza and pasta which will be perfect.', 'also if you could tell me the address that would be great.', 'that one sounds great i would also like to find a restaurant.')),
    "ASKS_HOW_EARLY": Phrase(ASKS_HOW_EARLY,
        must=('how much notice do you need if i cancel',),
        must_not=("go ahead i don't see much of a choice", 'a beard trim in 3 days at 8 am', 'can i come in before christmas')),
    "CANCELLATIONS_FREE": Phrase(CANCELLATIONS_FREE,
        must=('do you have any cancellations today',),
        must_not=('yes i think you got all my last minute changes', "there's been a last-minute change of plans", 'i need you to list my available time slots.')),
    "NOT_CANCEL": Phrase(NOT_CANCEL,
        must=("please don't cancel it", "no need to cancel, i'll be there"),
        must_not=('actually i need to cancel that', 'nope. cancel adding any event.', 'i cannot make it on that time.')),
    "CANCEL_AND_REBOOK": Phrase(CANCEL_AND_REBOOK,
        must=("i'd like to cancel and rebook my blow dry for the week after",),
        must_not=('i cannot make it on that time.', 'and cancel the other one', 'cancel my haircut and book a colour instead')),
    "BOOKED_WRONG_DAY": Phrase(BOOKED_WRONG_DAY,
        must=('i think i booked the wrong day', 'it should be friday next week.', "you've got me on the wrong day"),
        must_not=("it's been some time since i got my hair done", 'day after tomorrow is the date i am talking about.', 'i booked for the wrong service it should be a colour')),
    "MY_VISIT_IS": Phrase(MY_VISIT_IS,
        must=('my appointment is tomorrow',),
        must_not=('title it as visit appointment.', 'try booking the appointment at 11:15', 'book me an appointment please.')),
    "VISIT_QUESTION": Phrase(VISIT_QUESTION,
        must=('my appointment is at 3 where do i park', 'my appointment is tomorrow can i move it'),
        must_not=('my appointment is tomorrow', 'my appointment is at 3', 'so i got a text saying my appointment is tomorrow', "whatever's easiest")),
    "MOVE_WORDS": Phrase(MOVE_WORDS,
        must=('my appointment is tomorrow can i move it',),
        must_not=('my appointment is at 3 where do i park', 'the movie starts at 8')),
    "VISIT_PREPARATION": Phrase(VISIT_PREPARATION,
        must=('do i need to fill in any forms', 'can i expect to hear live music', 'do your guys wear masks'),
        must_not=('that will do. find out when i have free time.', 'that will work out just fine. what kind of rating does this place have', 'i will arrive at evening 7:30.')),
    "BOOK_OR_MOVE_WORDS": Phrase(BOOK_OR_MOVE_WORDS,
        must=('is it possible to bring my appointment forward to tomorrow',),
        must_not=('do i need to fill in any forms', 'can i expect to hear live music', 'do your guys wear masks', 'my notebook')),
    "RESCHEDULE_OBJECT": Phrase(RESCHEDULE_OBJECT,
        must=('change the date to march 13th.', 'i need to push it back an hour', "let's try booking another time"),
        must_not=('maybe another time. what time am i available on that day', 'no change that time to 1:45 pm.', "let's wait until another day")),
    "BOOK_OR_NEW": Phrase(BOOK_OR_NEW,
        must=("it's only 15 minutes later. please go ahead and book it at 1:30 pm.",),
        must_not=("it's only 15 minutes later", 'can i push the haircut back an hour', 'can you make the blow dry 30 minutes later instead', 'my booking', 'newcastle')),
    "OWN_CALENDAR": Phrase(OWN_CALENDAR,
        must=("can you check if i'm free then", 'i want to look at my calendar.', "i'd like to check my calendar."),
        must_not=("when does my calendar show i'm free", 'i want to see what events are on my calendar. check the 10th of this month.', "i'm trying to schedule an appointment can you check the events on my calendar")),
    "SCHEDULE_WORD": Phrase(SCHEDULE_WORD,
        must=("let's do that later. look at my schedule. when am i free",),
        must_not=('14th of march. i would like to go if i am available on that day.', "i will also need to pull up my calendar so i don't forget this appointment.", 'great - can you check my calendar i want to go march 11th what time am i free', 'can i reschedule')),
    "ASKS_WHEN": Phrase(ASKS_WHEN,
        must=("let's do that later. when am i free on the 11th", 'great - can you check my calendar i want to go march 11th what time am i free'),
        must_not=("let's do it. is a 16:00 time available", 'do i have anything booked next week', 'make it anything available at 3:45 pm.')),
    "AT_A_TIME": Phrase(AT_A_TIME,
        must=('i would be available at 16:45.', 'anything available around 12 pm', 'do you have anything at 5:30 pm'),
        must_not=('my schedule opens back up in the evening so how about a quarter past 7 in the evening.', 'how about availability on march 8th', 'quarter past 5 in the evening available')),
    "AND_YOUR_DETAIL": Phrase(AND_YOUR_DETAIL,
        must=('and the phone number', 'and the address.', 'and the address'),
        must_not=("i'm calling about your website", 'their address and phone number', 'can you tell me your phone number'), how="fullmatch"),
    "WALK_IN": Phrase(WALK_IN,
        must=('can i just walk in or do i need to book', "no thanks i'll probably just pop in. that's all i need for now. thanks again"),
        must_not=('can i come in before christmas', 'great you can turn off now.', 'a pop event in yountville.')),
    "SLOT_WORDS": Phrase(SLOT_WORDS,
        must=('any free slots on friday', 'is 3 pm available'),
        must_not=('how late are you open tonight', 'what time do you close tomorrow', 'what time do you close today', 'is he unavailable')),
    "TO_CALENDAR": Phrase(TO_CALENDAR,
        must=('add this event to my calendar.', 'add this to my calendar please', 'can you add it to my calendar.'),
        must_not=('can you get my calendar for me', "what's my schedule on that day", 'can you add this to my events')),
    "FORGET_ME": Phrase(FORGET_ME,
        must=('please forget me and delete my data',),
        must_not=('can you text him the details, his number is 212 555 0399', 'ok what about a blow dry then', "they're all too late for me")),
    "MOVE_IT": Phrase(MOVE_IT,
        must=('move it please',),
        must_not=('can we do thursday instead', 'just cancel it please', 'please just cancel it', "i'll keep it as it is")),
    "THEN_BOOK": Phrase(THEN_BOOK,
        must=("i won't be able to make it tomorrow", 'cancel my haircut and book a colour instead', 'cancel my colour and book a blow dry instead'),
        must_not=("i can't make thursday anymore", 'actually i need to cancel that', 'i need to cancel my appointment')),
    "THEN_BOOK_AFTER_MOVE": Phrase(THEN_BOOK_AFTER_MOVE,
        must=('move my haircut to thursday at 2, and also book a colour for my son',),
        must_not=('i need to push it back an hour', 'the one the day after tomorrow', 'i need to change my appointment', 'and book a colour')),
    "CHANGE_TO": Phrase(CHANGE_TO,
        must=('can i change it to 11 instead', 'can i change it to quarter past 2', 'can i swap to acupuncture instead'),
        must_not=("i can't make thursday anymore", 'i need to change my appointment', 'hi i was just looking into a haircut what does it cost')),
    "WRONG_SERVICE": Phrase(WRONG_SERVICE,
        must=('i booked for the wrong service it should be a colour',),
        must_not=("it's been doing it all week can i book a boiler service tomorrow at 10 am", "i'm just calling to get prices not ready to book yet", 'can i get a haircut first thing the day after tomorrow')),
    "JUST_IT": Phrase(JUST_IT,
        must=('it',),
        must_not=('my appointment from 2',), how="fullmatch"),
    "TIME_CHANGE": Phrase(TIME_CHANGE,
        must=('i need to change the time',),
        must_not=('can you move it to the same time next week', 'i need to change my appointment', 'i need to move my appointment')),
}
