"""The intent of one caller utterance, from rules: general phrasings of each intent (see
tests/unit/test_nlu.py); no sentence is looked up. Intents: book, reschedule, cancel,
check_availability, faq, transfer, not_interested, goodbye, affirm, deny, unknown.
nlu.understand() adds the slots and, where the rules say "unknown", the nearest example."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from shared.dialogue.lexicon.reactions import (
    AGREE_WORD_FIRST,
    ALL_I_NEEDED,
    ASKING_WORDS,
    DOOR_OPEN,
    ELSEWHERE,
    GOODBYE,
    NEVER_MIND,
    NO_FIRST,
    NO_WORD_FIRST,
    NOT_INTERESTED,
    STILL_WANTS,
    STRONG_YES_FIRST,
    THANKS,
    THANKS_AND_PRAISE,
    THAT_IS_GOOD,
    THAT_WOULD_WORK,
    THATS_WHAT_I_WANT,
    YES_FIRST,
)
from shared.dialogue.lexicon.requests import (
    AND_YOUR_DETAIL,
    ASKS_HOW_EARLY,
    ASKS_WHEN,
    AT_A_TIME,
    AVAILABILITY,
    BOOK,
    BOOK_OR_MOVE_WORDS,
    BOOK_OR_NEW,
    BOOKED_WRONG_DAY,
    CANCEL,
    CANCEL_AND_REBOOK,
    CANCEL_QUESTION,
    CANCELLATIONS_FREE,
    GREETING,
    HOURS_QUESTION,
    LEAD_IN,
    MOVE_WORDS,
    MY_VISIT_IS,
    NOT_CANCEL,
    OWN_CALENDAR,
    PROBLEM,
    QUESTION,
    RESCHEDULE,
    RESCHEDULE_OBJECT,
    SCHEDULE_WORD,
    SLOT_WORDS,
    TO_CALENDAR,
    TRANSFER,
    VISIT_PREPARATION,
    VISIT_QUESTION,
    WALK_IN,
)
from shared.dialogue.shift import find_shift
from shared.language.services import CHEAPER_QUESTION
from shared.language.text import normalize


def thanks_only(text: str) -> bool:
    """'Lovely, thanks' (normalised text): thanks, but no goodbye and no 'no thanks'."""
    return bool(THANKS.search(text)) and not GOODBYE.search(text) and not NO_WORD_FIRST.match(text)


def _cancel_move_or_ask(text: str) -> str | None:
    """Cancelling, moving a booking, or a question about one (checked before any yes or no)."""
    if TRANSFER.search(text):
        return "transfer"
    if ASKS_HOW_EARLY.search(text):
        return "faq"  # "how far in advance do I need to book?" asks about booking, it does not book
    if CANCELLATIONS_FREE.search(text) and not CANCEL_QUESTION.search(text):
        return "check_availability"  # "do you have any cancellations this week?" asks for a free slot
    if CANCEL.search(text) and not NOT_CANCEL.search(text) \
            and not CANCEL_QUESTION.search(text):
        if CANCEL_AND_REBOOK.search(text):
            return "reschedule"  # "cancel and rebook for next week": a move
        return "cancel"
    if CANCEL_QUESTION.search(text):
        return "faq"  # "if I cancel, will I be charged?"
    if BOOKED_WRONG_DAY.search(text):
        return "reschedule"  # "I think I booked the wrong day": their booking moves, no second one
    if MY_VISIT_IS.search(text) \
            and VISIT_QUESTION.search(text) \
            and not MOVE_WORDS.search(text):
        return "faq"  # "my appointment is at 3, where do I park?": about the visit they have
    if VISIT_PREPARATION.search(text) \
            and not BOOK_OR_MOVE_WORDS.search(text):
        return "faq"  # "what should I bring to my first appointment?" asks about the visit
    if RESCHEDULE.search(text) and RESCHEDULE_OBJECT.search(text):
        return "reschedule"
    if find_shift(text) is not None and not BOOK_OR_NEW.search(text):
        return "reschedule"  # "can I push the haircut back an hour?"
    if NEVER_MIND.match(text):
        return "deny"
    if CHEAPER_QUESTION.search(text) and QUESTION.search(text):
        return "faq"  # "do you have anything cheaper?" asks, it doesn't decline
    return None


def _agrees(text: str, yes: bool) -> bool:
    """A yes in other words: "perfect", "that would work", "that's what I wanted", "sounds good"."""
    return bool(yes or AGREE_WORD_FIRST.match(text)
                or THAT_WOULD_WORK.search(text)
                or THATS_WHAT_I_WANT.search(text)
                or THAT_IS_GOOD.match(text))


def _declines_or_ends(text: str, has_when: bool, has_service: bool, *, book: bool, no: bool, availability: bool,
                      thanks: bool, goodbye: bool, strong_yes: bool) -> str | None:
    """Not interested (booking elsewhere, "not now"), or the call's end ("thanks, bye")."""
    # the last one: "not sure yet, let me check and call you back" ends declining
    declined = next(reversed(list(NOT_INTERESTED.finditer(text))), None)
    if ELSEWHERE.search(text) and not STILL_WANTS.search(text):
        return "not_interested"
    request = AVAILABILITY.search(text) or BOOK.search(text)
    if declined and request and request.start() > declined.end() and (
            availability or ASKING_WORDS.search(text)):
        declined = None
    if declined and not (book and (has_when or has_service) and not no):
        later = DOOR_OPEN.search(text)
        if (thanks or goodbye) and not later:
            return "goodbye"
        return "not_interested"
    if goodbye and not (availability or (book and not no)):
        return "affirm" if strong_yes else "goodbye"
    if thanks and not (book or availability) and not strong_yes:
        leftover = THANKS_AND_PRAISE.sub("", text)
        if not re.search(r"[a-z]", leftover) or no:
            return "goodbye"
    return None


def _books_or_reacts(text: str, has_when: bool, has_service: bool, *, book: bool, availability: bool, yes: bool,
                     no: bool, strong_yes: bool) -> str:
    """A booking or availability request, a yes or no, a question, else what is known of the request."""
    if OWN_CALENDAR.search(text):
        availability = True
        book = book and not SCHEDULE_WORD.search(text)
    if availability and not (book and has_when and not ASKS_WHEN.search(text)):
        if AT_A_TIME.search(text) and (book or has_when):
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
    if AND_YOUR_DETAIL.fullmatch(text):
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
    yes = YES_FIRST.match(text) is not None
    no = NO_FIRST.match(text) is not None
    book = BOOK.search(text) is not None
    if WALK_IN.search(text) and QUESTION.search(text):
        return "faq"  # "can I just walk in or do I need to book?"
    if HOURS_QUESTION.search(text) and not book and not SLOT_WORDS.search(text):
        return "faq"
    availability = AVAILABILITY.search(text) is not None and not TO_CALENDAR.search(text)
    thanks = THANKS.search(text) is not None
    goodbye = GOODBYE.search(text) is not None or ALL_I_NEEDED.search(text) is not None
    strong_yes = STRONG_YES_FIRST.match(text) is not None
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
