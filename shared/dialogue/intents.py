"""The intent of one caller utterance, from rules: general phrasings of each intent (see
tests/unit/test_nlu.py); no sentence is looked up. Intents: book, reschedule, cancel,
check_availability, faq, transfer, not_interested, goodbye, affirm, deny, unknown.
nlu.understand() adds the slots and, where the rules say "unknown", the nearest example."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from shared.dialogue.shift import find_shift
from shared.language.services import CHEAPER_QUESTION
from shared.language.text import normalize

YES = r"(?:yes|yeah|yea|yep|yup|sure|ok|okay|alright|all right|correct|right|absolutely|definitely|" \
      r"certainly|of course|please do|go ahead|sounds good|sounds great|sounds perfect|perfect|great|grand|" \
      r"fine|that works|works for me|that's right|that is right|exactly|confirm|affirmative|uh huh|yes please|" \
      r"do it|let's do it|go for it|mhm|mhmm|mm hmm|aye|that(?:'d| would) be (?:great|good|lovely|perfect|fine|" \
      r"brilliant|wonderful))"
NO = r"(?:no|nope|nah|not really|negative|wrong|incorrect|that's wrong|not quite|none of (?:those|them|these)|" \
     r"neither(?: of (?:those|them|these))?|(?:those|that|these|they|them) (?:don't|do not|doesn't|won't) (?:work|suit)|" \
     r"(?:please )?(?:keep|leave) it(?: as it is| where it is| as is)?|(?:don't|do not) (?:cancel|change|move) it)"
# "Ok, never mind", "forget it": what they asked for is withdrawn (said on its own)
NEVER_MIND = re.compile(r"^(?:(?:oh|ok|okay|well|um|uh|ah|actually|no|nah)[ ,]+)*(?:never ?mind|forget (?:it|that|about "
                        r"it)|(?:don't|do not) worry(?: about it)?)(?:,? (?:then|thanks|thank you|it's fine))?$")

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
                    r"\b(?:can'?t|cannot|won'?t be able to) do (?:\w+day|tomorrow|today|tonight|it)(?: any ?more| after all"
                    r"| now)\b")
# "When is my appointment?": the caller's own bookings (SGD labels these check_availability, so the
# engine looks for them apart from the intent).
MY_BOOKINGS = re.compile(
    r"\b(?:when|what time|what day|which day)\b.{0,25}\bmy (?:appointment|booking|visit|reservation)s?\b|"
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
    r"smells? (?:of )?gas|no water|low (?:water )?pressure|won't stop running|keeps running|"
    r"done (?:my|his|her|their) \w+ in|(?:coming|pouring|leaking|dripping) (?:in )?(?:through|from) "
    r"(?:the|my|our) (?:\w+ )?ceiling|gushing|water (?:everywhere|all over)|killing me|playing up|acting up|"
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
NOT_INTERESTED = re.compile(
    r"\bnot interested\b|\btoo (?:expensive|pricey|much)\b|\bjust (?:looking|browsing|checking prices)\b|"
    r"\bthink about it\b|\bnot ready\b|\b(?:maybe|perhaps|possibly) (?:later|another time|some other time|next time)\b|\blater (?:maybe|perhaps)\b|"
    r"\bnot (?:right )?now\b|\b(?:some )?other time\b|\banother time\b|\bdon't want (?:to|that|it|a|an)\b|"
    r"\bdo not want\b|\bnot sure (?:yet|when|if)\b|\bi'll pass\b|\bno need\b|\bskip (?:that|it)\b|"
    r"\bdon't (?:need|bother)\b|\bnot (?:today|tonight)\b|\bcan't afford\b|\bcheaper\b|\bget back to you\b|"
    r"\b(?:don't|do not|not) (?:wish|want|need|add|book|schedule|make|reserve|like to)\b|\bnot at this time\b|"
    r"\bnot for now\b|\b(?:bit|little|too|quite|rather|very|kinda|kind of) (?:pricey|expensive|dear|steep)\b|"
    r"\bout of my (?:budget|price range)\b|\bshopping around\b|\bcompar(?:e|ing) (?:prices|quotes)\b|"
    r"\bgetting (?:a few |some )?quotes\b|\b(?:let me|i(?:'ll| will)?(?: (?:need|have) to)?(?: just)?) check (?:with )?my (?:husband|wife|partner|boss|mum|mom|dad|family|diary|rota)\b|\bi'?ll (?:call|ring|phone) (?:you )?back\b|"
    r"\b(?:i'?ll|let me) (?:let you know|have a think|sleep on it)\b|"
    r"\b(?:call|ring|phone) you back\b|"
    r"\b(?:leave|skip) it (?:for now|for the moment|for today|there)\b|\bmore than i (?:expected|thought|wanted|"
    r"can)\b|\b(?:need|have) to ask my (?:husband|wife|partner|boss|mum|mom|dad)\b|\bhold off\b")
# "I get my hair done elsewhere", "we found someone else": no booking to be made here
ELSEWHERE = re.compile(
    r"\b(?:get|getting|go|going|gone|went|done|booked|have it|had it|do it|doing it|take it|taking it)\b"
    r"(?: \w+){0,3} (?:elsewhere|somewhere else)\b|"
    r"\b(?:found|went with|gone with|going with|using|booked with|got) (?:someone|somebody) else\b|"
    r"\b(?:already (?:have|got|use)|have my own|got my own|use my own|have a regular) (?:a |an |my )?"
    r"(?:hairdresser|barber|stylist|plumber|physio|physiotherapist|electrician|therapist|dentist|guy|person)\b")
# "That all sounds right", "that's it exactly", "I'm fine with that": the words of a closing that go
# on to judge what was said are a yes, not a goodbye.
JUDGED = r"(?! (?:(?:is|are|was|seems?|sounds?|looks?|works?|seemed|sounded|looked|worked) )?(?:(?:all )?right|correct|" \
         r"accurate|true|good|great|fine|perfect|ok|okay|exactly|sounds?|looks?|seems?|works?|with (?:that|this|it|these|those|the|all))\b)"
# "I've got to go now", "I'll be going now": the caller is leaving (not "I have to go to the dentist")
LEAVING = r"\b(?:i(?:'ll| will)(?: be)?|i(?:'ve| have)? got to|i have to|i need to|i must|gotta|i(?:'d| had)? better) " \
          r"(?:go|going|run|dash|head off|get going|be off|be going|hang up)(?: now\b|\s*(?:\.|$))"
GOODBYE = re.compile(LEAVING + "|" +
    r"\b(?:good ?bye|bye|see you|see ya|have a (?:good|nice|great|lovely) (?:day|one|1|night|evening|weekend)|take care|"
    r"ta-?ra|ta ta|cheerio|laters|catch you later)\b|"
    r"\bthat(?:'s| is| will be| would be|'ll be|'d be| was| should be)? (?:all|it|everything)\b" + JUDGED + "|"
    r"\bthats all\b|\bthat s (?:all|it)\b|\bnothing (?:else|more)\b|"
    r"^nothing(?! (?:earlier|later|sooner|before|after|available|free|open|urgent|serious|major|too|much|big|"
    r"special|fancy|drastic|complicated|like)\b)\b|\byou(?:'re)? welcome\b|"
    r"\b(?:won't|will not|don't|do not) (?:be )?need\w* (?:any ?more|any further|further|more|other|any other)"
    r"(?: help| assistance)?\b|\b(?:i'm|i am|we're) (?:all )?(?:set|good|done|fine)\b" + JUDGED + "|"
    r"\bno(?:thing)? (?:more|further)\b|\ball for now\b|\bthat's about it\b|\bhang up\b|\bwill be all\b|"
    r"^(?:(?:no|nah|nope|oh)[ ,]+)?(?:all (?:good|sorted|done)|you'?re (?:alright|all right|fine))\b")
THANKS = re.compile(r"\b(?:thanks|thank you|thank u|thx|cheers|ta|appreciate)\b")


def thanks_only(text: str) -> bool:
    """'Lovely, thanks' (normalised text): thanks, but no goodbye and no 'no thanks'."""
    return bool(THANKS.search(text)) and not GOODBYE.search(text) and not re.match(r"(?:no|nope|nah)\b", text)


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


def _leading(pattern: str, text: str) -> bool:
    return re.match(rf"^(?:(?:oh|well|um|uh|and|actually|hmm|erm)[ ,]+)?{pattern}\b", text) is not None


GREETING = re.compile(r"^(?:(?:yes |yeah |oh |um )?(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))"
                      r"(?: there)?[\s,.!]+)+")


LEAD_IN = re.compile(r"^(?:(?:and|so|also|oh|um|uh|er|well|ok|okay|alright|right|great|cool|perfect|thanks|"
                     r"one more thing|another thing)[ ,.!]+)+(?=(?:what|where|when|how|why|which|who|do|does|is|are|can|"
                     r"could|will|would)\b)")


def _cancel_move_or_ask(text: str) -> str | None:
    """Cancelling, moving a booking, or a question about one (checked before any yes or no)."""
    if TRANSFER.search(text):
        return "transfer"
    if re.search(r"\bhow (?:far|long|many days|many weeks) (?:in advance|ahead|before(?:hand)?)\b|\bhow much notice\b|"
                 r"\bwhat(?:'s| is) the damage\b", text):
        return "faq"  # "how far in advance do I need to book?" asks about booking, it does not book
    if re.search(r"\b(?:any|had any|got any) (?:last[- ]minute )?cancell?ations?\b|\bcancell?ation (?:list|slots?|spots?)\b",
                 text) and not CANCEL_QUESTION.search(text):
        return "check_availability"  # "do you have any cancellations this week?" asks for a free slot
    if CANCEL.search(text) and not re.search(r"\b(?:not|don't|do not|no need to) cancel", text) \
            and not CANCEL_QUESTION.search(text):
        if re.search(r"\bcancel\w* (?:\w+ ){0,3}and (?:re-?book|book (?:it |me in )?again|book (?:a )?new (?:one|1)|"
                     r"make (?:a )?new (?:one|1))\b", text):
            return "reschedule"  # "cancel and rebook for next week": a move
        return "cancel"
    if CANCEL_QUESTION.search(text):
        return "faq"  # "if I cancel, will I be charged?"
    if re.search(r"\b(?:booked|got|put|have) (?:me |it |myself )?(?:in )?(?:for |on |at )?the wrong (?:day|time|date)\b|"
                 r"\b(?:it|that|my \w+) (?:should|was supposed to) (?:be|have been) (?:on |at |for )?(?:\w+day|tomorrow)\b",
                 text):
        return "reschedule"  # "I think I booked the wrong day": their booking moves, no second one
    if re.search(r"\bmy (?:appointment|booking|visit)(?:'s| is)\b", text) \
            and re.search(r"\b(?:what|where|how|which|who|do i|should i|can i|is there|do you)\b", text) \
            and not re.search(r"\b(?:move|change|reschedul\w*|cancel\w*|earlier|later|sooner)\b", text):
        return "faq"  # "my appointment is at 3, where do I park?": about the visit they have
    if re.search(r"^(?:so |and |ok |um )?(?:what|how|where|when|do|does|should|is|are|will|can)\b.*\b(?:bring|wear|expect|"
                 r"prepare|arrive|fill (?:in|out)|forms?|paperwork|dress)\b", text) \
            and not re.search(r"\b(?:book\w*|forward|earlier|sooner|later|move|change|reschedul\w*)\b", text):
        return "faq"  # "what should I bring to my first appointment?" asks about the visit
    if RESCHEDULE.search(text) and re.search(r"\b(?:appointment|booking|reservation|reschedul\w*|rebook\w*|postpon\w*|my|it|"
                                             r"(?:move|bring) me|"
                                             r"the (?:time|day|date)|the \w+ (?:one|1)|come in (?:a (?:bit|little) )?(?:later|earlier|sooner))\b", text):
        return "reschedule"
    if find_shift(text) is not None and not re.search(r"\b(?:book|new)\b", text):
        return "reschedule"  # "can I push the haircut back an hour?"
    if NEVER_MIND.match(text):
        return "deny"
    if CHEAPER_QUESTION.search(text) and QUESTION.search(text):
        return "faq"  # "do you have anything cheaper?" asks, it doesn't decline
    return None


def _agrees(text: str, yes: bool) -> bool:
    """A yes in other words: "perfect", "that would work", "that's what I wanted", "sounds good"."""
    return bool(yes or re.match(r"^(?:good|great|perfect|fantastic|excellent|awesome|wonderful|cool|lovely|nice|"
                                r"splendid|brilliant|superb|done|agreed|deal|please that|please do|go on|confirm\w*|"
                                r"amazing|you got it)\b", text)
                or re.search(r"\b(?:that|it|this) (?:could|would|should|will|might) (?:work|do)\b", text)
                or re.search(r"\b(?:that's|that is) (?:what i (?:want|need|wanted)|it exactly)\b|\bsuits me\b|"
                             r"\b(?:you(?:'ve| have)?|you got) (?:got )?(?:it|all|every|everything)\b.*"
                             r"\b(?:right|correct|perfect|perfectly)\b|^sounds? \w+", text)
                or re.match(r"^(?:i see |well |oh )?(?:that|this|it)(?:'s| is| sounds| seems| looks| works|"
                            r" would| will|s)?(?: be| seem| sound)?(?: \w+)? (?:good|great|fine|ok|okay|right|"
                            r"perfect|nice|correct|confirmed|excellent|awesome|wonderful|works|suitable|acceptable|"
                            r"lovely|cool|alright)\b", text))


def _declines_or_ends(text: str, has_when: bool, has_service: bool, *, book: bool, no: bool, availability: bool,
                      thanks: bool, goodbye: bool, strong_yes: bool) -> str | None:
    """Not interested (booking elsewhere, "not now"), or the call's end ("thanks, bye")."""
    # the last one: "not sure yet, let me check and call you back" ends declining
    declined = next(reversed(list(NOT_INTERESTED.finditer(text))), None)
    if ELSEWHERE.search(text) and not re.search(r"\bbut\b|\btry\b|\b(?:can|could) (?:i|you|we)\b|\bi'd like\b|"
                                                r"\bi want\b|\bplease\b", text):
        return "not_interested"
    request = AVAILABILITY.search(text) or BOOK.search(text)
    if declined and request and request.start() > declined.end() and (
            availability or re.search(r"\b(?:can you|could you|let's|i'd like|i want|please)\b", text)):
        declined = None
    if declined and not (book and (has_when or has_service) and not no):
        later = re.search(r"\b(?:maybe|later|another time|other time|not sure|think about)\b", text)
        if (thanks or goodbye) and not later:
            return "goodbye"
        return "not_interested"
    if goodbye and not (availability or (book and not no)):
        return "affirm" if strong_yes else "goodbye"
    if thanks and not (book or availability) and not strong_yes:
        leftover = re.sub(r"\b(?:thanks|thank you|thank u|so|very|much|a lot|for|your|the|all|of|help|helping|"
                          r"assistance|i|appreciate|it|that|great|ok|okay|perfect|awesome|alright|fine|good|"
                          r"no|nope|cool|wonderful|excellent|me|with|everything|again|sounds|bud|buddy|cheers|ta|lovely|"
                          r"brilliant|fantastic|amazing|super|nice|mate|love|appreciated)\b", "",
                          text)
        if not re.search(r"[a-z]", leftover) or no:
            return "goodbye"
    return None


def _books_or_reacts(text: str, has_when: bool, has_service: bool, *, book: bool, availability: bool, yes: bool,
                     no: bool, strong_yes: bool) -> str:
    """A booking or availability request, a yes or no, a question, else what is known of the request."""
    if re.search(r"\b(?:if|whether|when) (?:i'm|i am|i have|i've got)\b.*\b(?:free|available|busy|events?)\b"
                 r"|\b(?:check|pull up|show|see|look at|view) (?:my|the) (?:schedule|calendar)\b", text):
        availability = True
        book = book and not re.search(r"\bschedul", text)
    if availability and not (book and has_when and not re.search(r"\b(?:when|what time|which)\b", text)):
        if re.search(r"\b(?:at|around|about)\s+(?:\d|noon|half|quarter)", text) and (book or has_when):
            return "book"
        return "check_availability"
    if book or ((yes or strong_yes) and has_when):
        return "book"
    if PROBLEM.search(text) and len(text.split()) > 3:
        return "book"  # "yeah my basement is flooding": what is wrong, not a yes
    if _agrees(text, yes):
        return "affirm"
    if no:
        return "deny"
    if re.fullmatch(r"(?:and|what about|how about) (?:your|the) (?:e-?mail|phone|number|address|website|"
                    r"phone number|email address|opening hours|hours|prices|postcode|zip code)\W*", text):
        return "faq"  # "and your email?" after another question
    if QUESTION.search(LEAD_IN.sub("", text)) and not (has_when and has_service):
        return "faq"  # "and do you take cards?"
    if has_when or has_service:
        return "book"
    if PROBLEM.search(text):
        return "book"  # "my boiler's stopped working", "I've hurt my back": they want it seen to
    return "unknown"


@lru_cache(maxsize=2048)  # pure; a turn's words are classified again as parts and by the policy's re-reads
def classify(text: str, has_when: bool, has_service: bool) -> str:
    text = GREETING.sub("", text) or text  # "hi, do you do nails?" is the question
    found = _cancel_move_or_ask(text)
    if found:
        return found
    yes = _leading(YES, text)
    no = _leading(NO, text)
    book = BOOK.search(text) is not None
    if re.search(r"\bwalk[- ]?ins?\b|\bjust (?:walk|come|turn up|drop|pop) in\b", text) and QUESTION.search(text):
        return "faq"  # "can I just walk in or do I need to book?"
    if HOURS_QUESTION.search(text) and not book and not re.search(r"\b(?:slots?|available|availability|free)\b", text):
        return "faq"
    availability = AVAILABILITY.search(text) is not None and not re.search(
        r"\b(?:add|put|place|save|create|include|mark|enter|schedule)\w*\b.*\b(?:calendar|schedule)\b", text)
    thanks = THANKS.search(text) is not None
    goodbye = GOODBYE.search(text) is not None or re.search(
        r"\b(?:don't|do not) need anything (?:else|more)\b|\bthat(?:'s| is| was) (?:what|all) i (?:needed|wanted)\b",
        text) is not None
    strong_yes = _leading(r"(?:yes|yeah|yea|yep|yup|correct|right|exactly|affirmative|uh huh)", text)
    return (_declines_or_ends(text, has_when, has_service, book=book, no=no, availability=availability, thanks=thanks,
                              goodbye=goodbye, strong_yes=strong_yes)
            or _books_or_reacts(text, has_when, has_service, book=book, availability=availability, yes=yes, no=no,
                                strong_yes=strong_yes))


# A reaction said first, then what the caller wants: "Not right now. When am I free that day?",
# "No, not now. Book me a table", "That's perfect, when will I be free?".
CLAUSE_END = re.compile(r"[.!?;,]+\s+|\s+but\s+")
REACTIONS = ("affirm", "deny", "not_interested")
REQUESTS = ("book", "check_availability", "cancel", "reschedule", "transfer")


_normalized = lru_cache(maxsize=2048)(normalize)


def classify_turn(utterance: str, text: str, has_when: bool, has_service: bool,
                  when_in: Callable[[str], bool], guess: Callable[[str], str | None] | None = None) -> str:
    """The intent of the whole turn. A turn that opens with reactions (yes, no, not now) and goes
    on to ask for something is that request; a "no" followed by what the rules cannot place ("No,
    you've been a great help") is a goodbye when that is the nearest example's (`guess`).
    `when_in(text)`: whether a part names a day or time."""
    whole = classify(text, has_when, has_service)
    said = utterance.strip()
    for end in CLAUSE_END.finditer(said):
        head = _normalized(said[:end.start()])
        reaction = classify(head, False, False)
        if reaction not in REACTIONS:
            break
        tail = _normalized(said[end.end():])
        words = classify(tail, False, False) if tail else None
        if words in REQUESTS:  # asked in words, not just a day named
            rest = classify(tail, has_when and when_in(tail), has_service)
            return rest if rest in REQUESTS else words
        if words == "unknown" and reaction != "affirm" and whole == reaction and guess is not None \
                and guess(tail) == "goodbye":
            return "goodbye"
    return whole
