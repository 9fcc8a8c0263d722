"""The booking workflow: the service, the day, a time, a name, the read-back's own answers (the
generic yes / no are confirm.py's).
"""

from __future__ import annotations

import datetime as dt

from shared.dialogue import team
from shared.dialogue.lexicon.asides import ASKS_FOR, URGENT
from shared.dialogue.lexicon.booking import (
    ANOTHER_ONE,
    COUNT_WORDS,
    EMERGENCY_SERVICE,
    FIRST_VISIT,
    FOLLOW_UP_VISIT,
    FOR_ME,
    FOR_SOMEONE_ELSE,
    FOR_THEM,
    LOOK_FIRST,
    ONE_EACH,
    ONE_FOR,
    PARTY,
    PARTY_BY_PHONE,
    PROBLEM_SERVICES,
    QUOTE_ASKED,
    SAME_AGAIN,
    UNSURE,
    USUAL,
)
from shared.dialogue.lexicon.details import EMAIL_WORD
from shared.dialogue.lexicon.questions import NOT_A_SERVICE
from shared.dialogue.lexicon.reactions import NO_LEAD
from shared.dialogue.lexicon.team import ANYONE, SAME_AS_LAST, WORKING
from shared.dialogue.lexicon.theirs import SEND_ME
from shared.dialogue.lexicon.times import BARE_ORDINAL, DATE_WORDS, KEY_SAID
from shared.dialogue.nlu import (
    BOOK,
    Understanding,
    match_services,
    without_negated,
)
from shared.dialogue.prompts import Cue, Prompt
from shared.dialogue.reading import at_position, estimate_service, intro_service, looks_like_name, other_service
from shared.dialogue.slots import which_time
from shared.dialogue.times import reason_not, resolve_time
from shared.dialogue.turns import (
    Opening,
    Reply,
    Tools,
    Turn,
    ask,
    ask_number,
    asked,
    done_message,
    keep_prompt,
    local_time,
    no_texts,
    question_again,
    staff_notes,
    thanks_to,
    with_staff,
)
from shared.dialogue.workflows.book_services import next_booking, next_to_theirs, usual_services, when_each
from shared.dialogue.workflows.callback import call_back
from shared.dialogue.workflows.done import another_time, as_agreed, start_afresh, taken_meanwhile
from shared.dialogue.workflows.workflow import Workflow, run
from shared.domain.business import Business
from shared.domain.calls import DialogueState, Handoff
from shared.domain.phone import spoken_digits
from shared.errors import ConfirmationNeeded, DomainError, SlotTaken
from shared.language import speech
from shared.language.consent import affirmed
from shared.language.services import one_of, services_sharing
from shared.language.spelling import spell_email
from shared.language.text import normalize


def with_team(state: DialogueState, business: Business, heard: Understanding, text: str, member: str | None,
          local_now: dt.datetime, tools: Tools, withheld: bool) -> Reply | None:
    """The person the booking is with (shared/dialogue/team.py): named, the same as last time,
    or anyone (then the day they asked for is searched again for everyone)."""
    named = team.member_named(business, member) or team.asked_about(business, text) or team.named_in(business,
                                                                                                     text)
    if named is None and SAME_AS_LAST.search(text):
        try:
            named = team.last_seen(business, tools("list_appointments", {"include_past": True})["appointments"])
        except DomainError:
            named = None
    if named is not None and not ASKS_FOR.search(text):
        state.wanted.staff = named.name
        if WORKING.search(text) and not (heard.slots.keys() & {"service", "time"}) \
                and not BOOK.search(heard.text):
            day = heard.slots.get("date")
            answer = team.rota(business, named, dt.date.fromisoformat(day) if day else None, local_now.date())
            go_on = f"Would you like to book with {team.first_name(named)}?"
            return ask(state, answer, "book_offer", intent="team_member", go_on=go_on)
        return None
    if state.wanted.staff and ANYONE.search(text):
        state.wanted.staff = None
        if state.booking.staff_missed and state.task == "book":  # the day (and time) they first asked for
            day, _, time = state.booking.staff_missed.partition("T")
            state.wanted.date, state.wanted.time, state.booking.staff_missed, state.wanted.offered = day, time or None, None, []
            return book_step(state, business, local_now, tools, withheld)
    return None


def take(t: Turn, handoff: Handoff) -> Reply:
    """A booking handed over by another workflow (a handoff: "... and book a colour instead"), or by
    itself (the next of several asked for at once): its slots filled from what was said, the ones
    after it waiting in its frame, and its next step ("Now for a Hair Colouring: what time ...?")."""
    state, business, local_now, tools, slots = t.state, t.business, t.local_now, t.tools, handoff.slots
    state.booking.then = handoff.then
    state.task, state.wanted.service = "book", slots["service"]
    state.wanted.date, state.wanted.time = slots.get("date"), slots.get("time")
    if slots.get("for"):  # "... and also book a colour for my son": their name is asked
        state.caller.name, state.booking.for_other = None, True
    if "next" in slots:  # the next of the services (or people) asked for at once (`next_booking`)
        state.wanted.after, state.booking.follow_on = slots.get("after"), slots.get("follow_on")
        state.caller.name, state.booking.for_other = slots["name"] or None, slots.get("for_other") == "yes"
        follow = book_step(state, business, local_now, tools)
        return ask(state, f"{slots['next']} {speech.a(state.wanted.service)}. {follow.say}", state.awaiting,
                   intent="book_appointment", question=follow.say)
    follow = book_step(state, business, local_now, tools)
    return Reply(f"Now for {speech.a(state.wanted.service)}: {follow.say}", follow.action, intent=follow.intent)


def need_service(state: DialogueState, business: Business) -> Reply | None:
    if state.wanted.service:
        return None
    if len(business.services) == 1:
        state.wanted.service = business.services[0].name
        return None
    if state.awaiting == Prompt.SERVICE and len(business.services) <= 9:
        # Asked already and not understood: the keypad is another way to answer.
        keys = speech.options([f"{n} for {s.name}" for n, s in enumerate(business.services, 1)], "or")
        if state.wanted.date or state.wanted.time or state.wanted.part_of_day:  # "is there anything this week?": kept for later
            return ask(state, f"I'll check that as soon as I know the service. Which service would you "
                              f"like? You can say its name, or press {keys}.", Prompt.SERVICE,
                       cues=(Cue.SERVICE_KEYS,))
        state.wanted.shortlist = []  # the whole list read out: its positions are the list's
        return ask(state, f"which service would you like? You can say its name, or press {keys}.",
                   Prompt.SERVICE, cues=(Cue.SERVICE_KEYS,), opening=Opening.SORRY)
    if state.wanted.shortlist:  # "a full groom": the services those words fit
        fits = speech.options([speech.a(s) for s in state.wanted.shortlist], "or")
        return ask(state, f"Which would you like: {fits}?", Prompt.SERVICE, opening=Opening.SURE)
    names = speech.options([s.name for s in business.services])
    intro = intro_service(business) if state.caller.problem else None
    first_visit = f" For a first visit, it's {speech.a(intro)}." if intro else ""
    return ask(state, f"Which service would you like? We offer {names}.{first_visit}", Prompt.SERVICE,
               cues=(Cue.FIRST_VISIT,) if intro else (), opening=Opening.SURE)


def unlisted_thing(text: str) -> str | None:
    """The thing in "do you do X?" said as one clause of a longer sentence, when it is no service."""
    other = other_service(text)
    if other and not NOT_A_SERVICE.search(other.group("thing")):
        thing = other.group("thing").strip()
        return thing if len(thing.split()) <= 3 else None
    return None


def unsure_of_service(state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
                      said: str, withheld: bool) -> Reply:
    """Asked twice, or "I'm not sure": the business's one look-first service, else a callback."""
    starters = [s.name for s in business.services if LOOK_FIRST.search(s.name)]
    if len(starters) == 1:
        state.wanted.service = starters[0]
        reply = book_step(state, business, local_now, tools, withheld)
        reply.lead(f"If you're not sure, {speech.a(starters[0])} is the place to start.")
        return reply
    state.task = None
    return call_back(state, business, tools, f"Not sure which service they need: {state.caller.problem or said}",
                     "I'll have someone from the team call you back to help you choose.", withheld,
                     opening=Opening.NO_PROBLEM)


def first_visit_service(text: str, business: Business) -> str | None:
    """'It's my first time': the business's one introductory service, if it has exactly one."""
    return intro_service(business) if FIRST_VISIT.search(text) else None


def service_for_problem(text: str, business: Business) -> str | None:
    """"My kitchen sink is blocked": the one service of the business that fixes that, if exactly one."""
    for problem, fixes in PROBLEM_SERVICES:
        if problem.search(text):
            fitting = [s.name for s in business.services if fixes.search(s.name)]
            return fitting[0] if len(fitting) == 1 else None
    return None


def book_step(state: DialogueState, business: Business, local_now: dt.datetime, tools: Tools,
          withheld: bool = False) -> Reply:
    need = need_service(state, business)
    if need:
        return need
    cannot = team.cannot_do(business, state.wanted.staff, state.wanted.service)
    if cannot:  # "a colouring with Jo" when Jo only cuts: whoever can, said first
        state.wanted.staff = None
        reply = book_step(state, business, local_now, tools, withheld)
        reply.lead(cannot)
        return reply
    start, reply = resolve_time(state, business, local_now, tools)
    if reply:
        return reply
    when = speech.when(local_time(start, business), local_now)
    if not state.caller.name:
        state.wanted.time = start[11:16]
        if state.awaiting == Prompt.NAME and state.booking.name_for == start:
            return ask(state, "what name should I put the booking under?", Prompt.NAME, opening=Opening.SORRY)
        state.booking.name_for = start
        whose = "both your names" if state.booking.party == 2 else ("all your names" if state.booking.party > 2 else "your name")
        if state.booking.for_other and state.booking.party == 1:
            return ask(state, f"Great, {when}. What name should I put the booking under?", Prompt.NAME)
        return ask(state, f"Great, {when}. Can I take {whose}, please?", Prompt.NAME)
    if withheld and not state.caller.callback_phone:
        state.wanted.time = start[11:16]
        return ask_number(state, thanks_to(state))
    if business.visits_callers and not state.caller.address and not state.caller.address_asked:
        # the team comes to the caller: where, before the read-back (asked once; "I'll tell them" is fine)
        thanks = thanks_to(state) if state.awaiting == Prompt.NAME else "Thanks. "  # the name was thanked already
        state.wanted.time, state.caller.address_asked = start[11:16], True
        return ask(state, f"{thanks}And what's the address for the visit?", Prompt.ADDRESS)
    if state.booking.party > 1 and not state.booking.has_next:  # the same for each of the others
        state.booking.book_next([state.wanted.service] * (state.booking.party - 1))
        state.booking.party = 1
    reach = f", on {spoken_digits(state.caller.callback_phone, business.country)}" if withheld else ""
    if state.caller.address and business.visits_callers:  # read back where the team is going
        reach += f", at {state.caller.address}"
    with_whom = f" with {state.wanted.staff.split()[0]}" if state.wanted.staff else ""
    state.pending = {"action": "book_appointment",
                     "args": {"service": state.wanted.service, "start": start, "caller_name": state.caller.name,
                              "email": state.caller.email, "notes": staff_notes(state),
                              **({"visit_address": state.caller.address} if business.visits_callers and state.caller.address
                                 else {}),
                              **({"for_someone_else": True} if state.booking.for_other else {}), **with_staff(state)},
                     "what": f"{speech.a(state.wanted.service)} {when}{with_whom}", "reach": reach,
                     "summary": f"{speech.a(state.wanted.service)} {when}{with_whom} for {state.caller.name}{reach}"}
    noted = f" I've noted you'd like {state.caller.asked_for}." if state.caller.asked_for else ""
    allergies = state.caller.preferences.get("allergies") or []
    if allergies:  # "I'm allergic to hair dye": the team reads it on the booking before the visit
        noted += f" I've noted your allergy to {speech.options(allergies, 'and')} for the team."
    if state.caller.access:
        noted += " I've let the team know about access, so they're ready."
    if state.booking.recurring:
        noted += f" I'll book this one, and note that you'd like it {state.booking.recurring}: the team will set up the rest."
    if state.caller.email:  # spelled out, so a misheard address is caught before the yes stores it
        noted += f" The confirmation goes to {spell_email(state.caller.email)}."
    return ask(state, f"Just to confirm: {state.pending['summary']}.{noted} Shall I book that?", Prompt.CONFIRM)


# --- stages of a turn (engine.py) ------------------------------------------------------------------



def party_size(t: Turn) -> Reply | None:
    """ "For me and my daughter", "a group of 6": how many; a big group is the team's to set up."""
    state = t.state
    party = PARTY.search(t.heard.text)
    if not party or state.task != "book":
        return None
    count = next((g for g in party.groups() if g), "2")
    state.booking.party = max(1, COUNT_WORDS.get(count) or int(count))
    if state.booking.party > PARTY_BY_PHONE:
        explain = f"For a group of {state.booking.party}, the team will set that up with you."
        return call_back(state, t.business, t.tools, f"Group booking for {state.booking.party} people: {t.text}",
                         explain, t.withheld)
    return None


def the_usual(t: Turn) -> None:
    """ "The usual": the services of their last visit."""
    state, heard = t.state, t.heard
    if state.task == "book" and not t.withheld and "service" not in heard.slots and USUAL.search(heard.text):
        usual = usual_services(t.tools)
        if usual:
            heard.slots["service"] = usual[0]
            state.booking.book_next(usual[1:])
            said = speech.options([speech.a(u) for u in usual], "and")
            t.service_note = f"{said[0].upper()}{said[1:]}, as usual. "


def service_meant(t: Turn) -> None:
    """The service a booking is for when none was named: a position or key in the list read out, a
    first visit, the same again, a quote, a problem described, an emergency."""
    state, heard = t.state, t.heard
    t.urgent = [s.name for s in t.business.services if EMERGENCY_SERVICE.search(s.name)]
    if "service" in heard.slots:
        state.wanted.shortlist = []
    elif state.task == "book" and state.wanted.service and t.intent == "deny":
        fits = services_sharing(heard.text, t.business.service_names(), t.business.service_aliases())
        if fits and state.wanted.service not in fits:  # "no no, a full groom": not the bath, which groom?
            state.wanted.service, state.wanted.shortlist = None, fits
    if state.task == "book" and not state.wanted.service and "service" not in heard.slots:
        picked = _picked(t) or _for_what_they_need(t)
        state.wanted.shortlist = [] if picked else (services_sharing(heard.text, t.business.service_names(),
                                                                    t.business.service_aliases())
                                                   or state.wanted.shortlist)
        if picked:
            if heard.slots.get("date") and BARE_ORDINAL.fullmatch(heard.text.strip(" .!?").split()[-1]) \
                    and not DATE_WORDS.search(heard.text):
                heard.slots.pop("date")  # "the first" (service on the list), not the 1st of the month
            heard.slots["service"] = picked
    if state.task == "book" and not state.wanted.service and len(t.urgent) == 1 \
            and URGENT.search(without_negated(heard.text)) \
            and heard.slots.get("service") not in (None, t.urgent[0]) \
            and heard.slots["service"].lower() not in heard.text:
        heard.slots["service"] = t.urgent[0]  # "water coming through the ceiling": not the water heater service


def _picked(t: Turn) -> str | None:
    """Chosen from the list read out ("the second one", "two" for the key), a first visit, or what
    was just booked ("can you book one for my dad too?")."""
    state, heard, business = t.state, t.heard, t.business
    listed = state.wanted.shortlist or business.service_names()
    picked = at_position(heard.text, listed) if state.awaiting == Prompt.SERVICE else None
    if not picked and state.awaiting == Prompt.SERVICE and state.wanted.shortlist:
        picked = one_of(heard.text, state.wanted.shortlist)  # "the 30 minute one"
        if picked:
            heard.slots.pop("date", None)  # "the 30 minute one" names no 30th
    keyed = KEY_SAID.fullmatch(normalize(heard.text))
    if not picked and keyed and asked(state, Cue.SERVICE_KEYS):  # "two", said for the key
        names = business.service_names()
        picked = names[int(keyed.group(1)) - 1] if int(keyed.group(1)) <= len(names) else None
        heard.slots.pop("time", None)  # "two please" was the key, not 2 PM
    first_visit = None if picked else first_visit_service(heard.text, business)
    if first_visit:  # "it's my first time", "I was referred by my GP": said which service that is
        picked, t.service_note = first_visit, f"For a first visit, it's {speech.a(first_visit)}. "
    if not picked and t.last_booked and SAME_AGAIN.search(heard.text):
        listed = t.tools("list_appointments", {"include_past": None})["appointments"]
        picked = next((a["service"] for a in listed if a["id"] == t.last_booked), None)
    return picked


def _for_what_they_need(t: Turn) -> str | None:
    """A quote, a problem described ("my drain is blocked", "I've hurt my back"), an emergency."""
    state, heard, business = t.state, t.heard, t.business
    picked = None
    if QUOTE_ASKED.search(heard.text.lower()):
        picked = estimate_service(business)
        t.service_note = f"I can book {speech.a(picked)} for that. " if picked else t.service_note
    fixes = service_for_problem(heard.text, business) if not picked else None
    if fixes:
        picked, t.service_note = fixes, f"That sounds like a job for our {fixes}. "
    intro = intro_service(business) if not picked and t.problem_now else None
    if intro and not FOLLOW_UP_VISIT.search(heard.text.lower()):
        picked, t.service_note = intro, f"I'd start with {speech.a(intro)} for that. "  # "I've hurt my back"
    if not picked and t.intent == "affirm" and state.awaiting == Prompt.SERVICE \
            and asked(state, Cue.FIRST_VISIT):
        picked = intro_service(business)  # "yes, please"
    if not picked and URGENT.search(without_negated(heard.text)) and len(t.urgent) == 1:
        picked = t.urgent[0]
    return picked


def services_named(t: Turn) -> None:
    """The services said ("a haircut and a blow dry"): the first now, the rest after it."""
    state, heard, business = t.state, t.heard, t.business
    t.named = [t.instead] if t.instead else match_services(heard.text, business.service_names(),
                                                           business.service_aliases())
    if state.task == "book" and not t.withheld and "time" not in heard.slots:
        t.named = next_to_theirs(state, heard, business, t.named, t.tools)
    if state.task == "book" and len(t.named) > 1:
        heard.slots["service"] = t.named[0]
        state.booking.book_next(t.named[1:], when_each(heard.text, t.named, business, t.local_now))
        if FOR_SOMEONE_ELSE.search(heard.text) and FOR_ME.search(heard.text) \
                and state.booking.party == 1:
            state.booking.party = 2  # both names are asked; the second service is booked under the second


def one_more(t: Turn) -> Reply | None:
    """ "Yes, and can you book one for my dad straight after?" while choosing: this one, then theirs;
    "I'm not sure which" to the service question: help choosing."""
    state, heard = t.state, t.heard
    if state.task != "book":
        return None
    if not state.pending and not state.booking.has_next and state.awaiting in (Prompt.DATE, Prompt.TIME, Prompt.NAME) \
            and (ONE_FOR.search(heard.text)
                 or ANOTHER_ONE.search(heard.text) and FOR_SOMEONE_ELSE.search(heard.text)):
        if state.wanted.service:
            state.booking.book_next([state.wanted.service])
        else:
            state.booking.party = max(state.booking.party, 2)
    if not state.wanted.service and state.awaiting == Prompt.SERVICE and (
            UNSURE.search(heard.text) or asked(state, Cue.SERVICE_KEYS)):
        return unsure_of_service(state, t.business, t.local_now, t.tools, heard.text, t.withheld)
    return None


def booking(t: Turn) -> Reply | None:
    """The booking's next step, with what the earlier stages noted said first."""
    state, heard = t.state, t.heard
    if state.task != "book":
        return None
    offered_before = list(state.wanted.offered)
    reply = which_time(state, t.business, heard, offered_before,
                       book_step(state, t.business, t.local_now, t.tools, t.withheld))
    if set(heard.slots) == {"name"} and state.awaiting in (Prompt.DATE, Prompt.TIME, Prompt.SERVICE):
        reply.lead(thanks_to(state))  # a name said before it was asked
    elif set(heard.slots) == {"email"} and state.caller.email and reply.asks != Prompt.CONFIRM:
        reply.lead(f"Thanks, I've noted {state.caller.email}.")
    if t.problem_now and not t.service_note and state.wanted.service and reply.opening is not Opening.SORRY \
            and len(t.named) <= 1:
        t.service_note = f"I can book {speech.a(state.wanted.service)} for that. "  # "my water heater is banging"
    if reply.asks == Prompt.SERVICE and reply.opening is Opening.SURE and not t.named:
        _not_listed_or_closed(t, reply)
    _said_first(t, reply)
    lead_in = t.area_note + t.rota_note + t.service_note
    if lead_in and reply.asks != Prompt.CONFIRM:
        reply.lead(lead_in)
    return reply


def _not_listed_or_closed(t: Turn, reply: Reply) -> None:
    """ "..., can you do an updo?": not on the list; "are you available on Sunday?" when closed
    Sundays: said now, another day offered later."""
    state, local_now = t.state, t.local_now
    unlisted = unlisted_thing(t.text.lower())  # (the commas are in `text`)
    if unlisted:
        reply.lead(f"I don't see {unlisted} on our list.")
    elif "date" in t.heard.slots and state.wanted.date and dt.date.fromisoformat(state.wanted.date) >= local_now.date() \
            and not t.business.opening_ranges(dt.date.fromisoformat(state.wanted.date)):
        closed = reason_not(t.business, dt.date.fromisoformat(state.wanted.date), local_now, t.business.services)
        reply.lead(f"{closed.words} I can find you another day.")
        keep_prompt(state, reply.again())
        state.asked.why = closed.key


def _said_first(t: Turn, reply: Reply) -> None:
    """Each service named is booked in turn (say so now); nothing today for an emergency (an urgent
    message reaches the team tonight); the service changed ("is that the water heater thing?")."""
    state = t.state
    if len(t.named) > 1 and state.booking.party == 1 and reply.asks in (Prompt.DATE, Prompt.TIME):
        both = speech.options([speech.a(n) for n in t.named], "and")
        reply.lead(f"{both[0].upper()}{both[1:]}.")
    if t.urgent_now and t.urgent and state.awaiting == Prompt.TIME and state.wanted.offered \
            and state.wanted.offered[0][:10] != t.local_now.date().isoformat():
        reply.report += " If it can't wait until then, I can take an urgent message for the team instead."
    if t.service_before and state.wanted.service and state.wanted.service != t.service_before and not t.service_note \
            and reply.opening is not Opening.SURE and reply.asks != Prompt.CONFIRM:
        t.service_note = f"Sure, {speech.a(state.wanted.service)} instead. "
        if reply.opening is Opening.SORRY and reply.asks == Prompt.NAME:  # the name was not missed: the service changed
            reply.drop_opening()


# --- what it does on a yes (confirm.py) ------------------------------------------------------------

def do(state: DialogueState, business: Business, pending: dict, local_now: dt.datetime,
       tools: Tools) -> Reply | Handoff:
    """Book what the caller said yes to, and say so (and go on to the next service or person they
    asked for)."""
    no_texts(state, tools)  # before the confirmation is queued
    try:
        result = tools("book_appointment", pending["args"])
    except ConfirmationNeeded:
        raise
    except SlotTaken as taken:
        return taken_meanwhile(state, business, local_now, taken)
    except DomainError as error:
        state.task = None
        return ask(state, f"I'm sorry, I couldn't do that: {error.message}", anything_else=True)
    appointment = result["appointment"]
    asked_for, party, for_other = state.booking, state.booking.party, state.booking.for_other
    start_afresh(state, "book_appointment", appointment)
    state.booking.booked_day = appointment["start"][:10]
    if asked_for.has_next:  # the next service or person: the booking hands over to itself
        return next_booking(state, business, appointment, asked_for, party, for_other, local_now)
    return ask(state, f"{done_message('book_appointment', result, business, local_now)}",
               intent="book_appointment", anything_else=True)


def read_back(t: Turn, pending: dict, changes: set[str]) -> Reply | Handoff | None:
    """Its own answers to the read-back of a booking: "can you email me the confirmation?", "no, one
    each" to a booking for two, "yes, and can you book one for my dad straight after?" (this one,
    then the next), an email given, the name corrected."""
    state, heard = t.state, t.heard
    if SEND_ME.search(t.text.lower()) and "email" not in heard.slots:
        # "can you email me the confirmation?" at the read-back: the address, then the same question
        by_email = EMAIL_WORD.search(t.text.lower()) is not None
        if by_email and not state.caller.email:
            return Reply("Of course. What's your email address?", "gather", intent="book")
        return Reply(f"Sure, you'll get the confirmation by {'email' if by_email else 'text'} once it's booked. "
                     f"{question_again(state)}", "gather", intent="book")
    booked_for = pending["args"].get("caller_name") or ""
    if " and " in booked_for and ONE_EACH.search(heard.text.lower()):
        # "for Jo and Sam" ... "no, one each": Jo's, then Sam's straight after
        first, second = booked_for.split(" and ", 1)
        state.caller.name = first
        state.booking.put_first(Handoff(workflow="book", slots={"service": pending["args"]["service"], "name": second}))
        state.pending = None
        return book_step(state, t.business, t.local_now, t.tools)
    yes = affirmed(t.text, "book_appointment")
    fits = [] if yes or changes else services_sharing(heard.text, t.business.service_names(),
                                                      t.business.service_aliases())
    if fits and pending["args"]["service"] not in fits:  # "no no, a full groom": which of them
        state.pending, state.wanted.service, state.wanted.shortlist = None, None, fits
        return book_step(state, t.business, t.local_now, t.tools, t.withheld)
    # "yes, and can you book one for my dad straight after?": a yes put as a question is no clear yes
    # (the tools' gate would refuse it too); the next one is kept and the yes asked for plainly
    asking = not yes and affirmed(t.text.replace("?", "."), "book_appointment")
    another = ANOTHER_ONE.search(heard.text) or ONE_FOR.search(heard.text)  # "also", "one for my dad"
    if another and not changes - {"service"} and (yes or asking) \
            and (BOOK.search(heard.text) or "service" in changes or FOR_SOMEONE_ELSE.search(heard.text)
                 or ONE_FOR.search(heard.text)):
        state.booking.put_first(Handoff(workflow="book", slots={
            "service": heard.slots.get("service") or pending["args"]["service"]}))
        if FOR_SOMEONE_ELSE.search(heard.text) or FOR_THEM.search(heard.text):
            state.booking.party = 2  # someone else: their name is asked
        if asking:
            return ask(state, f"Of course, I'll do that one straight after. First, shall I go ahead with "
                              f"{pending['summary']}?", Prompt.CONFIRM)
        state.pending = None
        return as_agreed(state, pending, lambda: do(state, t.business, pending, t.local_now, t.tools))
    return None if changes else _email_or_name(state, pending, heard, yes)


def _summary(pending: dict) -> str:
    """The booking as read back: what, for whom, how to reach them, where the confirmation goes."""
    return (f"{pending['what']} for {pending['args']['caller_name']}{pending.get('reach', '')}"
            f"{pending.get('emailed', '')}")


def _email_or_name(state: DialogueState, pending: dict, heard: Understanding, yes: bool) -> Reply | None:
    """An email given at the read-back of a booking, or the name corrected ("no, it's Kim")."""
    if "email" in heard.slots:  # stored with the booking only on the yes to this read-back, spelled out
        state.caller.email = pending["args"]["email"] = heard.slots["email"]
        pending["emailed"] = f", with the confirmation emailed to {spell_email(state.caller.email)}"
        pending["summary"] = _summary(pending)
        return ask(state, f"Thanks, I've added {state.caller.email}. Shall I go ahead with {pending['summary']}?",
                   Prompt.CONFIRM)
    if yes or "what" not in pending:
        return None
    corrected = heard.slots.get("name") or looks_like_name(NO_LEAD.sub("", heard.text))
    if heard.slots.get("surname") and state.caller.name:  # "no, my surname is Morse": the first name stays
        corrected = f"{state.caller.name.split()[0]} {heard.slots['surname']}"
    if corrected and corrected == state.caller.name:  # "no, it's Paula with a P"
        return ask(state, f"Got it, {corrected}. So that's {pending['summary']}. Shall I book that?",
                   Prompt.CONFIRM)
    if corrected:  # "Kim" / "no, it's Kim": not a no
        state.caller.name = pending["args"]["caller_name"] = corrected
        if not state.booking.for_other:
            state.caller.own_name = corrected
        pending["summary"] = _summary(pending)
        return ask(state, f"{thanks_to(state)}So that's {pending['summary']}. Shall I book that?",
                   Prompt.CONFIRM)
    return None


# --- its interface (workflows/registry.py) ---------------------------------------------------------

def step(t: Turn) -> Reply | Handoff | None:
    """One more asked for while choosing, or help choosing the service; else the next slot asked
    for, or the read-back."""
    return run((one_more, booking), t)


WORKFLOW = Workflow("book", tasks=("book",), hears=(party_size, the_usual, service_meant, services_named),
                    step=step, take=take, does={"book_appointment": do}, read_back=read_back,
                    declined=another_time, service_changes_it=True)
