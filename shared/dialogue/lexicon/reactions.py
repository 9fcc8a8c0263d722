"""Reactions: a yes or a no (and a yes in other words), never mind, not interested, booking
elsewhere, thanks, the call's end.
"""

from __future__ import annotations

import re

from shared.dialogue.lexicon.phrase import Phrase
from shared.dialogue.lexicon.words import NOT_NOW, THINK_ABOUT_IT

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


NOT_INTERESTED = re.compile(
    r"\bnot interested\b|\btoo (?:expensive|pricey|much)\b|\bjust (?:looking|browsing|checking prices)\b|"
    + THINK_ABOUT_IT + r"|\bnot ready\b|\b(?:maybe|perhaps|possibly) (?:later|another time|some other time|next time)\b|\blater (?:maybe|perhaps)\b|"
    + NOT_NOW + r"|\b(?:some )?other time\b|\banother time\b|\bdon't want (?:to|that|it|a|an)\b|"
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

LEAD_WORDS = r"^(?:(?:oh|well|um|uh|and|actually|hmm|erm)[ ,]+)?"
YES_FIRST = re.compile(rf"{LEAD_WORDS}{YES}\b")
NO_FIRST = re.compile(rf"{LEAD_WORDS}{NO}\b")
# a yes that is only ever a yes ("sure", "fine" also judge)
STRONG_YES_FIRST = re.compile(rf"{LEAD_WORDS}(?:yes|yeah|yea|yep|yup|correct|right|exactly|affirmative|uh huh)\b")

# "No thanks": a no first, so the thanks are no goodbye alone
NO_WORD_FIRST = re.compile(r"(?:no|nope|nah)\b")

# "Perfect", "deal", "go on": a yes in other words
AGREE_WORD_FIRST = re.compile(r"^(?:good|great|perfect|fantastic|excellent|awesome|wonderful|cool|lovely|nice|"
                              r"splendid|brilliant|superb|done|agreed|deal|please that|please do|go on|confirm\w*|"
                              r"amazing|you got it)\b")

THAT_WOULD_WORK = re.compile(r"\b(?:that|it|this) (?:could|would|should|will|might) (?:work|do)\b")

THATS_WHAT_I_WANT = re.compile(r"\b(?:that's|that is) (?:what i (?:want|need|wanted)|it exactly)\b|\bsuits me\b|"
                               r"\b(?:you(?:'ve| have)?|you got) (?:got )?(?:it|all|every|everything)\b.*"
                               r"\b(?:right|correct|perfect|perfectly)\b|^sounds? \w+")

THAT_IS_GOOD = re.compile(r"^(?:i see |well |oh )?(?:that|this|it)(?:'s| is| sounds| seems| looks| works|"
                          r" would| will|s)?(?: be| seem| sound)?(?: \w+)? (?:good|great|fine|ok|okay|right|"
                          r"perfect|nice|correct|confirmed|excellent|awesome|wonderful|works|suitable|acceptable|"
                          r"lovely|cool|alright)\b")

# "elsewhere, but can I try...": still asking
STILL_WANTS = re.compile(r"\bbut\b|\btry\b|\b(?:can|could) (?:i|you|we)\b|\bi'd like\b|"
                         r"\bi want\b|\bplease\b")

# "can you", "I'd like": a request after a decline
ASKING_WORDS = re.compile(r"\b(?:can you|could you|let's|i'd like|i want|please)\b")

# "maybe later", "not sure": a decline that leaves the door open
DOOR_OPEN = re.compile(r"\b(?:maybe|later|another time|other time|not sure|think about)\b")

# the words of thanks and praise, to see what else was said
THANKS_AND_PRAISE = re.compile(r"\b(?:thanks|thank you|thank u|so|very|much|a lot|for|your|the|all|of|help|helping|"
                               r"assistance|i|appreciate|it|that|great|ok|okay|perfect|awesome|alright|fine|good|"
                               r"no|nope|cool|wonderful|excellent|me|with|everything|again|sounds|bud|buddy|cheers|ta|lovely|"
                               r"brilliant|fantastic|amazing|super|nice|mate|love|appreciated)\b")

# "I don't need anything else", "that's all I needed"
ALL_I_NEEDED = re.compile(r"\b(?:don't|do not) need anything (?:else|more)\b|\bthat(?:'s| is| was) (?:what|all) i (?:needed|wanted)\b")

# "yes, and ...", "ok so ...": the words before what was asked
LEADING_REACTIONS = re.compile(r"^(?:(?:yes|yeah|yep|sure|ok|okay|great|perfect|fine|alright|please|and|so|but|oh|um|"
                               r"actually|wait|first|before that|quick question)\b[\s,.!]*)+")

# "..., please", "..., thanks" at the end
TRAILING_THANKS = re.compile(r"(?i)[\s,]+(?:please|thanks|thank you|cheers)[\s.!]*$")

# "no thanks", "not right now", "I'll think about it"
DECLINED = re.compile(r"^(?:no|nah|nope),? thanks?\b|\bno,? thank you\b|" + NOT_NOW + "|" + THINK_ABOUT_IT)

# "no, sorry, ...": the no before a correction
NO_LEAD = re.compile(r"^(?:no|nope|sorry)\W+")

TABLE: dict[str, Phrase] = {  # the examples each pattern must and must not match, asked as the engine asks
    "NEVER_MIND": Phrase(NEVER_MIND,
        must=("no don't worry about it", "oh don't worry about it", 'ok never mind'),
        must_not=('okay that sounds fine. thank you', "okay that'll be fine thanks.", "i'm fine for now actually. thanks."), how="match"),
    "NOT_INTERESTED": Phrase(NOT_INTERESTED,
        must=("i don't need anything further.", "i don't want to add the event.", "i'm not ready to book just yet"),
        must_not=('later on. for now i want to know the weather in there next wednesday.', "thank you very much. now i'd like to check my checking account balance.", "i'd like to book a table for 4 there. make it later today at 4:30 in the evening.")),
    "ELSEWHERE": Phrase(ELSEWHERE,
        must=('we found someone else to do it', 'i already have a plumber thanks', 'i get my hair done elsewhere'),
        must_not=('no please get me someone else.', 'do it now before someone else take my table', 'i need to get some work done at the dentist')),
    "GOODBYE": Phrase(GOODBYE,
        must=('alright thanks. see you later.', 'awesome. that was all i needed', 'great that will be all for now'),
        must_not=("okay that sounds nice. what's my free time like on that day", "perfect. i don't need any help with anything else right now.", "thanks for all your help i don't need anything else right now.")),
    "THANKS": Phrase(THANKS,
        must=('all right appreciate that. now', 'alright thanks. see you later.', 'everything is great thank you.'),
        must_not=('no thank a bunch for the help.', ".please can i've their address", '1 in the afternoon on the 1st.')),
    "YES_FIRST": Phrase(YES_FIRST,
        must=('all right appreciate that. now', "alright i'll go with that one.", 'correct give me their address.'),
        must_not=('that sounds great please get a cab for me. just for 1 and a shared ride would be fine.', 'that all sounds good yes.', 'that sounds great that would be all.'), how="match"),
    "NO_FIRST": Phrase(NO_FIRST,
        must=('nah how about the other option', 'no actually do it for 2:45 pm.', 'nope thanks for all your help.'),
        must_not=('well do they at least have live music for all those bucks. how can i reach them.', 'where are they located please', 'how can i reach them where are they'), how="match"),
    "STRONG_YES_FIRST": Phrase(STRONG_YES_FIRST,
        must=('correct give me their address.', 'right. this one sounds perfect', 'yeah can you try to book again'),
        must_not=("that's exactly right. thanks.", 'hmm actually make that a blow dry', 'okay yeah that sounds about right.'), how="match"),
    "NO_WORD_FIRST": Phrase(NO_WORD_FIRST,
        must=("no thanks i'd rather not",),
        must_not=("i've got what i needed many thanks", 'lovely thanks', 'great thanks', 'not now', 'nothing else'), how="match"),
    "AGREE_WORD_FIRST": Phrase(AGREE_WORD_FIRST,
        must=('awesome i want 2 tickets then.', 'cool. do they have live music.', 'excellent that sounds perfect.'),
        must_not=("that's great.please confirm it", "it's been some time since i got my hair done. any good salons around", 'please. that would be awesome'), how="match"),
    "THAT_WOULD_WORK": Phrase(THAT_WOULD_WORK,
        must=('oh if so it would work for me.', 'that would work out just fine.', 'thanks that will work for me.'),
        must_not=('this one could work. what would the weather there be like on march 6th', 'i would like to look for a place where i could eat. i will meet my friend there.', '11:15 would work well for me.')),
    "THATS_WHAT_I_WANT": Phrase(THATS_WHAT_I_WANT,
        must=('anyway it still suits me well.', "you've got everything correct.", 'thank you. that is what i want.'),
        must_not=('everything sounds right to me.', 'that all sounds right. thanks.', "you've got that all correct.")),
    "THAT_IS_GOOD": Phrase(THAT_IS_GOOD,
        must=('that is the perfect 1 i think.', "that sounds good it's at 21:00", "that's fine. that sounds good."),
        must_not=('some good old southern cooking sounds like it would be perfect.', 'barbecue sounds great right now.', 'malaysian sounds good right now.'), how="match"),
    "STILL_WANTS": Phrase(STILL_WANTS,
        must=('i usually go elsewhere but can i book a haircut',),
        must_not=('we found someone else to do it', 'i already have a plumber thanks', 'i get my hair done elsewhere', "i'm pleased with my usual place")),
    "ASKING_WORDS": Phrase(ASKING_WORDS,
        must=("i'm not sure when i want to go.", "skip it i'd like a cab for 3.", "no not right now. let's book tickets."),
        must_not=("i don't want to make a booking now. i also would like to watch a movie around there.", "i don't want to add the event.", 'i would not like to make a booking.')),
    "DOOR_OPEN": Phrase(DOOR_OPEN,
        must=('maybe later today if possible', 'not right now. perhaps later.', "ok i'll have a think about it"),
        must_not=("i don't want to go there. is there another restaurant in a some other location", 'no thank you. not at this time.', "no i think i'll leave it for now")),
    "THANKS_AND_PRAISE": Phrase(THANKS_AND_PRAISE,
        must=('all right appreciate that. now', 'awesome thanks for everything.', 'everything is great thank you.'),
        must_not=('book a haircut tomorrow', 'what time do you close')),
    "ALL_I_NEEDED": Phrase(ALL_I_NEEDED,
        must=('thanks.that was what i needed.', 'no i do not need anything else.', "no. i don't need anything else."),
        must_not=("i won't need anything else at this time.", 'is there anything else maybe something more reasonably priced', 'can you think of anything else')),
    "LEADING_REACTIONS": Phrase(LEADING_REACTIONS,
        must=("sure it's 2 1 2 5 5 5 oh 1 9 9", 'ok and can i pay with apple pay', 'ok what about a blow dry then'),
        must_not=("no wait it's 212 555 0143", 'just cancel it please', "that's fine")),
    "TRAILING_THANKS": Phrase(TRAILING_THANKS,
        must=('the second one please',),
        must_not=('do you do evening appointments', 'is that going to be expensive', 'not that first one, too early', 'thanks for your help today', 'please can you book me in')),
    "DECLINED": Phrase(DECLINED,
        must=('no thanks bye',),
        must_not=("no that's it thanks", 'bye')),
    "NO_LEAD": Phrase(NO_LEAD,
        must=("sorry i gave you the wrong number it's 212 555 0123",),
        must_not=('do you do evening appointments', 'wait how long does it take', 'do your guys wear masks', 'nothing else thanks')),
}
