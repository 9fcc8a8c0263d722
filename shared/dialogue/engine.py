"""The offline dialogue engine: a slot-filling policy over `nlu.understand`.

It runs the same workflows as the LLM agent (book, reschedule, cancel, availability, FAQ,
objection, transfer, goodbye), asks only for what is missing, confirms before any change, and
acts only through the tool registry (`Tools`), so the same guardrails apply to both engines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from shared.dialogue import team
from shared.dialogue.asides import other_number, take_address, team_member
from shared.dialogue.confirm import answer_to_confirmation
from shared.dialogue.interrupts import keypad, silence
from shared.dialogue.lexicon import (
    ABOUT_MINE,
    ABOUT_ROXY,
    ACCESS_NEEDS,
    ALL_OF_THEM,
    ANOTHER_ONE,
    ARE_YOU_THERE,
    ARRIVAL,
    ASKS_FOR,
    AVOID_DAY,
    BARE_ORDINAL,
    BARE_YES,
    BETWEEN,
    BOOKED_ELSEWHERE,
    BOOKING_FOR_OTHER,
    BOUND,
    CALL_ME_BACK,
    CANT_MAKE_IT,
    COMPLAINT,
    CONFIRM_MINE,
    COUNT_WORDS,
    DATE_WORDS,
    DAY_IN_DOUBT,
    DAY_NEXT_TO,
    EARLIER_OR_LATER,
    EARLIER_VISIT,
    EMERGENCY_SERVICE,
    FIRST_VISIT,
    FOR_SOMEONE_ELSE,
    FRUSTRATED,
    HEALTH_QUESTION,
    HEARD_FROM_US,
    HOLD_ON,
    HOURS_FOLLOW_UP,
    LATER_EARLIER,
    LEAVE_MESSAGE,
    LIVES_IN,
    NEW_CLIENTS,
    NO_TEXTS,
    NOT_A_NAME,
    NOT_ENGLISH,
    NOT_FIXED,
    OTHER_NUMBER,
    PARTY,
    PARTY_BY_PHONE,
    PLACES,
    PRACTITIONER,
    PRICE_FOR_WORK,
    QUOTE_ASKED,
    REACHED,
    RECOMMENDED,
    RECURRING,
    REPEAT,
    SALES_CALL,
    SELF_CORRECTION,
    SEND_ME,
    SITE_ACCESS,
    SOONEST,
    STREET_ADDRESS,
    TEAM_MATTER,
    TEXT_ADDRESS,
    UNSURE,
    URGENT,
    USUAL,
    WORKING,
)
from shared.dialogue.nlu import (
    BOOK,
    CAP,
    MY_BOOKINGS,
    PROBLEM,
    SOON,
    find_phone,
    find_shift,
    match_services,
    thanks_only,
    without_negated,
    without_phone,
)
from shared.dialogue.prompts import Prompt
from shared.dialogue.reading import (
    at_position,
    clause_around,
    estimate_service,
    intro_service,
    looks_like_name,
    other_service,
    question_in,
    window_times,
)
from shared.dialogue.slots import merge_slots, take_free_answers, which_time
from shared.dialogue.times import why_not
from shared.dialogue.turns import (
    ANYTHING_ELSE,
    BEFORE_YOU_GO,
    DAY_EXAMPLES,
    NOTED_FOR_TEAM,
    UNDONE,
    WITHHELD_LOOKUP,
    Reply,
    Tools,
    appointments_said,
    ask,
    hear,
    local_time,
    no_texts,
    note_on_booking,
    question_again,
    renote,
    start_task,
    thanks_to,
)
from shared.dialogue.workflows import waitlist
from shared.dialogue.workflows.answers import faq, heard_from_us, resend, side_answers, text_address, unnote_questions
from shared.dialogue.workflows.book import (
    book_step,
    first_visit_service,
    next_to_theirs,
    service_for_problem,
    unlisted_thing,
    unsure_of_service,
    usual_services,
    when_each,
    with_team,
)
from shared.dialogue.workflows.callback import call_back, capture, objection
from shared.dialogue.workflows.change import (
    booked_when,
    cancel,
    confirm_mine,
    my_bookings,
    reschedule,
    running_late,
    service_change_asked,
    swap_just_made,
    then_book,
)
from shared.dialogue.workflows.message import transfer
from shared.domain.business import WEEKDAYS, Business
from shared.domain.business_answers import DATE_QUESTION, about_service
from shared.domain.calls import Call
from shared.domain.notes import NoteKind, note, of_kind
from shared.domain.preferences import extract as extract_preferences
from shared.domain.preferences import merge as merge_preferences
from shared.language import speech
from shared.language.text import normalize
from shared.language.when import find_time


class OfflineEngine:
    name = "offline"
    def __init__(self, guess: Callable[[str], str | None] | None = None):
        self.guess = guess  # the nearest labelled example (intent_guess.py), for what the rules cannot place
    def turn(self, call: Call, business: Business, speech_text: str, digits: str, now: dt.datetime,
             tools: Tools) -> Reply:
        before = call.state.model_copy(deep=True) if self.guess and speech_text else None
        noted_before = len(call.state.call_notes)
        reply = self._respond(call, business, speech_text, digits, now, tools)
        if reply.fallback and before is not None:
            # No rule placed it: the nearest labelled example's intent, the turn answered again with it
            guessed = self.guess(normalize(speech_text))
            if guessed:
                for name, value in before:  # in place: the tools' consent gate holds this state
                    setattr(call.state, name, value)
                reply = self._respond(call, business, speech_text, digits, now, tools, guessed)
        if reply.action == "gather" and reply.intent != "faq" and call.state.task in ("book", "reschedule", "cancel"):
            # "a haircut on Friday, and is there parking?": the question is answered too
            asides, unanswered = side_answers(call.state, business, speech_text or "", tools)
            if asides:
                reply.say = f"{' '.join(asides)} {reply.say.removeprefix('Sure! ')}"
            if asides and not unanswered:
                # every question in it was answered piece by piece: nothing is left for the team
                unnote_questions(call.state, noted_before)
                reply.say = " ".join(reply.say.replace(NOTED_FOR_TEAM, "").split())
        return reply
    def _respond(self, call: Call, business: Business, speech_text: str, digits: str, now: dt.datetime,  # noqa: C901 (tracked: tests/unit/test_code_limits.py)
                 tools: Tools, guessed: str | None = None) -> Reply:
        state = call.state
        withheld = not call.caller_known
        local_now = now.astimezone(business.zone)
        text = (speech_text or "").strip()
        if digits and not text:
            text = keypad(state, digits)
        if not text:
            return silence(state, business)
        state.on_hold = False

        if ARE_YOU_THERE.match(text.lower().strip()):
            return Reply(f"Yes, I'm here. {question_again(state)}", "gather", intent="repeat")
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
                return book_step(state, business, local_now, tools, withheld)
        heard = hear(text, business, local_now)
        if guessed and heard.intent == "unknown":
            heard.intent = guessed
        corrected = SELF_CORRECTION.search(heard.text)
        instead: str | None = None  # "a haircut, actually no, make it a blow dry": the service meant
        if corrected and heard.slots.keys() & {"date", "time", "service"}:
            # "tomorrow at 3, actually no, make it 4": what follows the correction wins
            rest = corrected.group("rest")
            after = hear(f"at {rest}" if rest[0].isdigit() else rest, business, local_now)
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
        volunteered = find_phone(text.lower()) if withheld and state.awaiting != Prompt.PHONE and not state.pending else None
        if volunteered and len(volunteered.lstrip("+")) >= 9:
            # A number said along with a request ("... at half ten, my number is 07911 123457"):
            # the request without the number, plus the number.
            heard = hear(without_phone(text), business, local_now)
            heard.slots["phone"] = volunteered
        asked = question_in(heard.text) if heard.intent == "affirm" and not state.pending else None
        if asked:  # "ok, and can I pay by card?": the question is what they said
            heard = hear(asked, business, local_now)
        if state.awaiting in waitlist.PROMPTS:
            name = heard.slots.get("name") or (looks_like_name(text) if state.awaiting == waitlist.ASK_NAME else None)
            joined = waitlist.step(state, heard.intent, name, business, local_now, tools, ask)
            if joined is not None:
                return joined
        state.preferences = merge_preferences(state.preferences, extract_preferences(text))
        problem_now = not state.problem and PROBLEM.search(heard.text) is not None
        if problem_now:
            state.problem = text[:300]  # for the team, in the booking's notes
        access = ACCESS_NEEDS.search(text)
        site = SITE_ACCESS.search(text)
        said_access = access.group(0).lower() if access else clause_around(text, site) if site else None
        if said_access and said_access not in (state.access or ""):
            state.access = "; ".join(filter(None, [state.access, said_access]))[:300]
            renote(state)
            quiet = not heard.slots.keys() - {"phone"} and heard.intent in ("unknown", "affirm", "faq", "book")
            if note_on_booking(state, tools, f"Access: {said_access}") and quiet:
                # "oh, and I use a wheelchair" after the yes
                return ask(state, f"Thanks for letting us know. I've added that to your booking so the team is "
                                        f"ready. {ANYTHING_ELSE}", intent="access")
            if state.pending and state.pending["action"] == "book_appointment" and quiet:
                # "the gate code is 4512" at the read-back: noted, and the question asked again
                return ask(state, f"Thanks, I've noted that for the team. Shall I go ahead with "
                                        f"{state.pending['summary']}?", Prompt.CONFIRM, intent="access")
        urgent_now = URGENT.search(without_negated(heard.text.lower())) is not None
        if urgent_now and (state.problem or re.search(r"\b(?:emergency|urgent)", heard.text)) \
                and not of_kind(state.call_notes, NoteKind.URGENT):
            state.call_notes.append(note(NoteKind.URGENT, text[:300]))  # the team's alert says so
        if SALES_CALL.search(heard.text):
            return Reply(f"Thanks for thinking of us, but {business.name} doesn't take sales calls by phone. Have a "
                         "good day, goodbye.", "hangup", intent="sales_call")
        regular = RECURRING.search(heard.text)
        if regular:  # the tools book one appointment at a time: the first now, the repeats by the team
            state.recurring = regular.group(0)
            renote(state)
        if LEAVE_MESSAGE.search(heard.text) and not state.pending:  # also keypad 3
            meant = re.search(rf"\bmessage for (?:(?:dr|mr|mrs|ms)\.? )?({CAP}(?: {CAP})?)", text)
            if meant and meant.group(1).split()[-1].lower() not in NOT_A_NAME:
                state.call_notes.append(note(NoteKind.MESSAGE_FOR, meant.group(1)))
            return Reply("Of course. Please leave your name and a short message after the beep, and we'll call you "
                         "back.", "message", intent="message")
        member = team_member(text, business)
        rota_note = service_note = ""
        if business.staff:  # a team Roxy books by person: "with Maria", "anyone", "the same person"
            reply = with_team(state, business, heard, text, member, local_now, tools, withheld)
            if reply is not None:
                return reply
            if team.member_named(business, member) and not ASKS_FOR.search(text):
                member = None  # booked with them, not a note for the team
        if member and ASKS_FOR.search(text):  # "can I speak to Maria?": the team picks up
            state.call_notes.append(note(NoteKind.ASKED_FOR, member))
            return transfer(state, business, local_now)
        if member:
            state.asked_for = member
            renote(state)
            asking_to_book = heard.intent in ("book", "check_availability") and (
                BOOK.search(heard.text) or PROBLEM.search(heard.text))  # "I need to see a physio, is Dr Patel free?"
            if WORKING.search(text) and asking_to_book:
                rota_note = f"I can't see who's working when, but I'll note that you'd like {member}. "
            elif WORKING.search(text) and not (heard.slots.keys() & {"service", "time"}):
                # "Is Maria working on Saturday?": Roxy cannot see the rota, but the wish is kept
                go_on = state.last_prompt if state.task and state.awaiting else "Would you like to book an appointment?"
                return ask(state, f"I can't see who's working when, but I'll note that you'd like {member} "
                                        "on your booking.", state.awaiting if state.task else Prompt.BOOK_OFFER,
                                 intent="team_member", go_on=go_on)
        kind = PRACTITIONER.search(heard.text)
        if kind and not member and not state.asked_for:  # "a female physio if possible": noted, not promised
            state.asked_for = f"a {kind.group(1).lower()} {kind.group(2).lower()}"
            renote(state)
            rota_note = f"I can't promise who'll be in, but I'll note that you'd like {state.asked_for}. "
        if NO_TEXTS.search(heard.text) and not withheld:
            state.no_texts = True
            no_texts(state, tools)
            if not heard.slots and heard.intent in ("unknown", "deny", "faq", "not_interested", "affirm"):
                return ask(state, "Of course, I won't send you texts.", state.awaiting,
                                 intent="no_texts", go_on=question_again(state))
        area_note = ""
        town = LIVES_IN.search(text) if business.service_areas and not state.address else None
        if town and town.group(1).lower() not in {a.lower() for a in business.service_areas} \
                and town.group(1).split()[-1].lower() not in NOT_A_NAME:
            # "I'm in Naperville": not a listed area; the booking notes say where, the team double-checks
            state.address = town.group(1)
            renote(state)
            area_note = (f"Just so you know, {town.group(1)} isn't on our list of areas (we cover "
                         f"{speech.options(business.service_areas, 'and')}), so the team will double-check. ")
        address = STREET_ADDRESS.search(heard.text) if state.awaiting != Prompt.PHONE else None
        if address:
            reply, heard, text = take_address(state, business, heard, text, address, local_now, tools)
            if reply:
                return reply
        number = find_phone(text) if not withheld and OTHER_NUMBER.search(heard.text) else None
        if number and state.awaiting != Prompt.PHONE:
            reply = other_number(state, business, call, number, tools)
            if reply:
                return reply
        take_free_answers(state, heard, text, withheld)
        intent = heard.intent

        if ABOUT_ROXY.search(heard.text):
            go_on = state.last_prompt if state.task and state.awaiting else "What can I do for you?"
            return ask(state, f"I'm Roxy, the virtual receptionist at {business.name}. I can book, move or "
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
            return ask(state, f"{'Yes, you' if right else 'You'}'ve reached {business.name}, this is Roxy.",
                             state.awaiting, intent="about", go_on=go_on)
        if intent == "transfer":
            return transfer(state, business, local_now)
        foreign = re.search(r"[^\W\d_]", heard.text) and not re.search(r"[a-zA-Z\u00C0-\u024F]", heard.text)
        if FRUSTRATED.search(heard.text) or NOT_ENGLISH.search(heard.text) or foreign:
            # An upset caller, or one who speaks another language: a person helps them better
            return transfer(state, business, local_now, "I'm sorry about that." if FRUSTRATED.search(
                heard.text) else "I'm sorry, I can only help in English.")
        if intent == "unknown" and not heard.slots and re.fullmatch(
                r"(?:(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|yes hello|hello there)[ ?!.]*)+",
                heard.text):
            return ask(state, "Hi there! How can I help you today?")
        thankful = intent == "goodbye" and thanks_only(heard.text)
        if thankful and state.pending:
            intent = heard.intent = "affirm"  # "lovely, thanks" to "shall I book that?"
        elif thankful and state.task in ("book", "reschedule", "cancel") and state.awaiting:
            return ask(state, "You're welcome!", state.awaiting, intent="thanks", go_on=state.last_prompt)
        if intent in ("deny", "not_interested") and state.awaiting == Prompt.NAME \
                and state.task in ("callback", "objection") and not heard.slots:
            # No name for the follow-up: the team still hears of it after the call (call notes)
            state.task, state.lead_notes = None, []
            return ask(state, f"No problem at all. {ANYTHING_ELSE}", intent="declined_name")
        done_asking = state.done_something or (state.last_prompt or "").endswith(ANYTHING_ELSE)
        if intent == "goodbye" and state.pending and not (state.last_prompt or "").startswith(BEFORE_YOU_GO):
            # "that's it, thanks" to "shall I book that?": nothing is done without a yes, so ask once more
            return ask(state, f"{BEFORE_YOU_GO} I haven't {UNDONE[state.pending['action']]} yet. Shall I go "
                                    f"ahead with {state.pending['summary']}?", Prompt.CONFIRM, intent="confirm")
        if intent == "goodbye" and state.task in ("book", "reschedule") and state.awaiting == Prompt.TIME \
                and state.offered and not (state.last_prompt or "").startswith(BEFORE_YOU_GO) \
                and not re.search(r"^(?:no|nah|nope),? thanks?\b|\bno,? thank you\b|\bnot (?:right )?now\b|"
                                  r"\bthink about it\b", heard.text):
            # "no that's it, thanks" while times are on offer: they may think it's done ("no thanks": declined)
            undone = "moved it" if state.task == "reschedule" else (
                f"booked the {state.service}" if state.done_something and state.service else "booked anything")
            question = re.sub(r"^(?:Sure|Great|No problem)[.!] |^You're all booked: .*?\. (?:You also asked for [^.]*\. "
                              r"|Now for [^.:]*: [^.]*\. )?", "", state.last_prompt or "")
            return ask(state, f"{BEFORE_YOU_GO} I haven't {undone} yet. {question}", Prompt.TIME)
        if intent == "goodbye" or (intent == "deny" and done_asking and not state.pending and not state.task):
            return Reply(f"Thank you for calling {business.name}. Have a lovely day, goodbye!", "hangup",
                         intent="goodbye")
        if CONFIRM_MINE.search(heard.text) and intent not in ("cancel", "reschedule") and not state.pending:
            return confirm_mine(state, business, local_now, heard, tools, withheld)
        if DAY_IN_DOUBT.search(heard.text) and intent not in ("cancel", "reschedule") and not state.task \
                and not withheld and call.profile.get("upcoming"):
            return booked_when(state, business, local_now, heard, tools)
        if MY_BOOKINGS.search(heard.text) and intent not in ("cancel", "reschedule"):
            return my_bookings(state, business, local_now, tools, withheld)
        if state.topic == "my_appointments" and not withheld and not state.task and not state.offered and re.fullmatch(
                r"(?:and |what about |ok |okay )?(?:the (?:one|1) after (?:that|it)|after that|the next (?:one|1)|"
                r"the other (?:one|1)|the second (?:one|1))\W*", heard.text.lower().strip()):
            upcoming = tools("list_appointments", {"include_past": None})["appointments"]  # "and the one after that?"
            if len(upcoming) < 2:
                return ask(state, f"That's the only appointment you have booked. {ANYTHING_ELSE}",
                                 intent="my_appointments")
            after = appointments_said(upcoming[1:2], business, local_now)
            return ask(state, f"After that, you're booked for {after}. {ANYTHING_ELSE}", intent="my_appointments")
        if ABOUT_MINE.search(heard.text) and intent not in ("cancel", "reschedule") and not state.task:
            return my_bookings(state, business, local_now, tools, withheld,
                                     go_on="Would you like to move it, cancel it, or something else?")
        moving = None
        if state.pending and state.pending["action"] == "book_appointment" and SEND_ME.search(text.lower()) \
                and "email" not in heard.slots:
            # "can you email me the confirmation?" at the read-back: the address, then the same question
            by_email = re.search(r"\be-?mail\b", text.lower()) is not None
            if by_email and not state.email:
                return Reply("Of course. What's your email address?", "gather", intent="book")
            return Reply(f"Sure, you'll get the confirmation by {'email' if by_email else 'text'} once it's booked. "
                         f"{question_again(state)}", "gather", intent="book")
        if state.pending:
            cancelling = state.pending["args"].get("appointment_id") \
                if state.pending["action"] == "cancel_appointment" else None
            cancelling_what = state.pending["summary"]
            reply = answer_to_confirmation(state, business, heard, local_now, tools)
            if reply is not None:
                return reply
            intent = heard.intent
            named = heard.slots.get("service")
            # "can we do Friday instead?": the one being cancelled; "make the blow dry later": the blow dry
            moving = cancelling if intent == "reschedule" and (
                not named or named.lower() in cancelling_what.lower()) else None
        if state.awaiting == Prompt.MOVE_OFFER:  # "Would you like me to move it to Saturday?"
            offered_day, state.date = state.date, None  # kept only for this answer
            if intent in ("deny", "not_interested", "goodbye") and not heard.slots:
                if intent == "goodbye":
                    return Reply(f"No problem, I'll leave it as it is. Thank you for calling {business.name}. Have a "
                                 "lovely day, goodbye!", "hangup", intent="goodbye")
                return ask(state, f"No problem, I'll leave it as it is. {ANYTHING_ELSE}", intent="deny")
            if state.appointment_id and (intent in ("affirm", "reschedule") or (
                    intent == "book" and "service" not in heard.slots)):
                moving, intent = state.appointment_id, "reschedule"  # "yes please": that booking, to that day
                heard.intent = intent
                heard.slots.setdefault("date", offered_day)
        if re.search(r"\b(?:forget (?:me|about me|my (?:details|data|information|number))|delete (?:my|all my) "
                     r"(?:data|details|information|number|records?)|remove my (?:data|details|information))\b",
                     text.lower()):
            if withheld:
                return ask(state, WITHHELD_LOOKUP, intent="forget_me")
            state.pending = {"action": "forget_me", "args": {},
                             "summary": "deleting what we know about you (your details, notes and call history)"}
            return ask(state, "I can do that. Just to confirm: you'd like us to delete what we know about "
                                    "you, including your notes and call history? Your upcoming appointments stay "
                                    "booked.", Prompt.CONFIRM, intent="forget_me")
        if TEXT_ADDRESS.search(text.lower()) and intent not in ("cancel", "reschedule"):
            return text_address(state, business, tools, withheld)
        if SEND_ME.search(text.lower()) and intent not in ("cancel", "reschedule"):
            if state.task == "book":  # about the booking being made: it is confirmed once it is booked
                by_email = re.search(r"\be-?mail\b", text.lower()) is not None
                if "email" in heard.slots:
                    state.email = heard.slots["email"]
                elif by_email and not state.email:
                    return ask(state, "Of course, I'll email the confirmation once it's booked. What's your "
                                            "email address?", Prompt.EMAIL, intent="book")
                how = "email" if by_email else "text"
                return Reply(f"Sure, you'll get the confirmation by {how} once it's booked. {question_again(state)}",
                             "gather", intent="book")
            if withheld:
                return ask(state, WITHHELD_LOOKUP, intent="resend")
            return resend(state, business, local_now, text.lower(), tools)
        if re.search(r"\b(?:running late|be late|going to be late|late for my|stuck in traffic|on my way)\b|"
                     r"\brunning\b[^.?!]{0,25}\blate\b|\b(?:minutes?|mins?|bit|little) late\b", text.lower()):
            return running_late(state, business, local_now, text, tools, withheld, heard.slots.get("date"))
        soonest = SOONEST.search(text.lower()) or URGENT.search(without_negated(text.lower()))
        if soonest and soonest.group(0) not in ("anyday", "any day", "whenever") and intent in (
                "faq", "check_availability", "unknown") and not re.search(r"\bopen\b", heard.text):
            intent = heard.intent = "book"  # "what's the soonest you have?" asks for a time, not an FAQ
        if intent == "reschedule" and state.task == "book" and not state.done_something and (
                heard.slots.keys() & {"date", "time", "part_of_day"} or LATER_EARLIER.search(heard.text)):
            intent = heard.intent = "book"  # "can I change it to 2:15?" before anything is booked
        swap = service_change_asked(state, business, heard, tools, withheld)
        if swap:  # "can I change the haircut to a colour instead?"
            explain = (f"I can't change the service on a booking myself, so I'll have the team call you back to "
                       f"change your {swap[0]} to {speech.a(swap[1])}.")
            return call_back(state, business, tools, f"Wants to change their {swap[0]} to {speech.a(swap[1])}: "
                                  f"{text}", f"{explain} Can I take your name?", withheld)
        if NOT_FIXED.search(heard.text) and EARLIER_VISIT.search(heard.text) \
                and intent not in ("cancel", "reschedule", "transfer") and not state.pending:
            return call_back(state, business, tools, f"Earlier work not fixed: {text}", "I'm sorry it's still "
                                  "not right. I'll have the team call you back to sort it out. Can I take your name?",
                                  withheld)
        if HEALTH_QUESTION.search(heard.text) and intent not in ("cancel", "reschedule", "transfer") \
                and not state.pending:
            return call_back(state, business, tools, f"Health question: {text}", "That's one for the team, "
                                  "so I won't guess. I'll have someone call you back about it. Can I take your name?",
                                  withheld)
        if COMPLAINT.search(heard.text) and intent not in ("cancel", "reschedule", "transfer"):
            return call_back(state, business, tools, f"Complaint: {text}", "I'm really sorry to hear that. "
                                  "I'll pass it straight to the team and have someone call you back. Can I take "
                                  "your name?", withheld)
        if TEAM_MATTER.search(heard.text.lower()) and intent not in ("cancel", "reschedule", "transfer") \
                and not state.pending:
            # a refund, a bill, something left behind: the team sorts it out
            return call_back(state, business, tools, f"Needs the team: {text}", "I can't sort that out myself, "
                                  "but I'll have someone from the team call you back about it. Can I take your "
                                  "name?", withheld)
        if HEARD_FROM_US.search(heard.text) and not state.task:
            return heard_from_us(state, business, local_now, tools, withheld)
        if state.topic == "hours" and not state.task and HOURS_FOLLOW_UP.match(heard.text.strip(" ?.!")):
            # "and tomorrow?" after the hours: that day's hours (a day said alone; "what about a
            # haircut then?" is a booking)
            intent = heard.intent = "faq"
        estimate = estimate_service(business) if PRICE_FOR_WORK.search(text.lower()) and not state.task \
            and not state.pending and not heard.slots.keys() & {"date", "time"} else None
        new_work = estimate and re.search(r"\b(?:new|replac\w*|install\w*|fitting)\b", text.lower()) and not re.search(
            r"install|replac|new|fit", heard.slots.get("service", ""), re.I)  # not a "Boiler Installation" they list
        if estimate and ("service" not in heard.slots or new_work):
            # "a rough price for a new toilet install?": the team prices it after a look
            state.service = estimate
            return ask(state, f"That depends on the job, so the team prices it after a look: I can book "
                                    f"{speech.a(estimate)}.", Prompt.BOOK_OFFER, intent="faq",
                             go_on="Would you like to book one?")
        if RECOMMENDED.search(text.lower()) and not state.task and not heard.slots and heard.intent in ("unknown",
                                                                                                     "affirm"):
            state.call_notes.append(f"Referred: {text[:200]}")
            return ask(state, "That's lovely to hear, thank you! How can I help you today?", intent="referred")
        intro = intro_service(business)
        cost_or_length = re.search(r"\bhow (?:long|much)\b|\bwhat does (?:it|that) cost\b", text.lower())
        if FIRST_VISIT.search(text.lower()) and intro and "service" not in heard.slots and not state.task \
                and not state.pending and (cost_or_length or heard.intent in ("unknown", "faq")):
            # "How long is the first appointment?", "I've got a referral letter, what do I do?": where a
            # first visit starts (with its price and length when asked)
            first = business.find_service(intro)
            state.service = first.name
            about = f" {about_service(business, first)}." if cost_or_length else ""
            return ask(state, f"For a first visit, it's {speech.a(first.name)}.{about}", Prompt.BOOK_OFFER,
                             intent="faq", go_on="Would you like to book one?")
        new_clients = NEW_CLIENTS.search(heard.text)
        if new_clients and not state.task:  # "are you taking new patients?": yes, and where a first visit starts
            if intro:
                state.service = intro
                return ask(state, f"Yes, we're happy to see new {new_clients.group(1)}. For a first visit, "
                                        f"it's {speech.a(intro)}. Would you like to book one?", Prompt.BOOK_OFFER,
                                 intent="faq")
            return ask(state, f"Yes, new {new_clients.group(1)} are very welcome. Would you like to book an "
                                    "appointment?", Prompt.BOOK_OFFER, intent="faq")
        if intent == "affirm" and state.awaiting == Prompt.NAME and state.task in ("callback", "objection") \
                and not heard.slots:
            return ask(state, "Great, what name should I give the team?", Prompt.NAME, intent="name")
        if state.awaiting == Prompt.NAME and state.task == "objection" and "name" not in heard.slots \
                and heard.slots.keys() & {"date", "part_of_day"} and not BOOK.search(heard.text):
            # "maybe after Christmas": when to follow up, not a booking
            state.lead_notes.append(f"Follow up: {text}")
            return ask(state, "Got it. Can I take your name so we can follow up then?", Prompt.NAME,
                             intent="not_interested")
        if intent == "unknown" and other_service(text.lower()):
            intent = heard.intent = "faq"  # "can you service my boiler?": do they do it
        if intent == "faq" and heard.slots.get("service") and not state.service:
            state.service = heard.slots["service"]
        if ARRIVAL.search(heard.text) and not withheld and not state.pending and not state.task:
            # "how long will it take them to get here?" after booking a visit: the time booked
            upcoming = tools("list_appointments", {"include_past": None})["appointments"]
            if upcoming:
                when = speech.when(local_time(upcoming[0]["start"], business), local_now)
                return ask(state, f"The team will be with you at the time booked, {when}. {ANYTHING_ELSE}",
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
            reply = faq(state, business, text, tools, withheld=withheld,
                              callback=not (heard.slots.keys() & {"date", "time"} or booking))
            if reply is not None:
                return reply
            intent = heard.intent = "book"
        if intent == "not_interested":
            return objection(state, business, text, tools, withheld)
        if state.awaiting == Prompt.BOOK_OFFER and state.topic in ("cancel", "reschedule") and intent not in (
                "deny", "goodbye", "transfer") and (
                intent == state.topic or BOOKED_ELSEWHERE.search(text.lower()) or CALL_ME_BACK.search(text.lower())):
            # Nothing booked under this number, and the caller says there is: the team looks it up.
            verb = "move" if state.topic == "reschedule" else "cancel"
            return call_back(state, business, tools, f"Wants to {verb} an appointment not found under the "
                                  f"number they called from: {text}", "Sorry about that. I'll have someone from the "
                                  "team look it up and call you back to sort it out. Can I take your name?", withheld)
        if CALL_ME_BACK.search(text.lower()) and intent not in ("cancel", "reschedule", "transfer"):
            return call_back(state, business, tools, f"Asked to be called back: {text}",
                                  "Of course. Can I take your name so the team knows who to call?", withheld)
        just_made = None
        if intent in ("book", "affirm") and state.done_something and state.appointment_id and not state.task \
                and re.search(r"\b(?:make|change|move) it\b.*\binstead\b|\bactually,? (?:make|change|move) it\b",
                              text.lower()) \
                and not re.search(r"\b(?:another|also|second|too|as well|one more)\b", text.lower()):
            intent = heard.intent = "reschedule"  # "actually, make it Saturday instead": the one just made
            just_made = state.appointment_id
            swap = swap_just_made(state, business, local_now, heard, tools)
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
            start_task(state, "cancel")
        elif intent == "reschedule":
            start_task(state, "reschedule")
        elif intent in ("book", "check_availability") and state.task not in ("book", "reschedule") \
                and state.awaiting != Prompt.APPOINTMENT:  # "the haircut": which booking, not a new one
            start_task(state, "book")
        elif intent in ("book", "affirm") and state.task is None and state.awaiting == Prompt.BOOK_OFFER:
            start_task(state, "book")
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
            old_time, new_time = window_times(moved)
            listed = tools("list_appointments", {"include_past": None})["appointments"]
            at_old = [a for a in listed if local_time(a["start"], business).strftime("%H:%M") == old_time
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
            heard.slots["part_of_day"] = "-".join(window_times(window))
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
        elif state.awaiting == Prompt.DATE and state.task in ("book", "reschedule") and not heard.slots \
                and BARE_YES.fullmatch(heard.text.strip(" .,!?").lower()):
            return ask(state, f"Which day would suit you? {DAY_EXAMPLES}", Prompt.DATE)  # "yes" names no day
        elif intent == "deny" and state.awaiting == Prompt.TIME and not heard.slots \
                and not BARE_ORDINAL.search(heard.text.lower()):  # "no sorry, the second one": a choice
            if state.waitlist is not None:  # the day they wanted was taken or full: its waitlist
                return waitlist.offer(state, business, local_now, ask)
            state.offered, state.time = [], None
            return ask(state, "No problem. What other day or time would suit you?", Prompt.DATE)
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
                return call_back(state, business, tools, f"Group booking for {state.party} people: {text}",
                                      f"{explain} Can I take your name?", withheld)
        if state.task == "book" and not withheld and "service" not in heard.slots and USUAL.search(heard.text):
            usual = usual_services(tools)  # "the usual": the services of their last visit
            if usual:
                heard.slots["service"], state.also = usual[0], usual[1:]
                said = speech.options([speech.a(u) for u in usual], "and")
                service_note = f"{said[0].upper()}{said[1:]}, as usual. "
        urgent = [s.name for s in business.services if EMERGENCY_SERVICE.search(s.name)]
        if state.task == "book" and not state.service and "service" not in heard.slots:
            picked = at_position(heard.text, business.service_names()) if state.awaiting == Prompt.SERVICE else None
            keyed = re.fullmatch(r"(?:(?:ok|okay|yes|yeah|um|uh|so) )?(?:i'?ll )?(?:press(?:ed|ing)? |number |option )?"
                                 r"([1-9])(?: please| then| thanks)?", normalize(heard.text))
            if not picked and keyed and "press 1 for" in (state.last_prompt or ""):  # "two", said for the key
                names = business.service_names()
                picked = names[int(keyed.group(1)) - 1] if int(keyed.group(1)) <= len(names) else None
                heard.slots.pop("time", None)  # "two please" was the key, not 2 PM
            first_visit = None if picked else first_visit_service(heard.text, business)
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
                picked = estimate_service(business)
                service_note = f"I can book {speech.a(picked)} for that. " if picked else service_note
            fixes = service_for_problem(heard.text, business) if not picked else None
            if fixes:
                picked, service_note = fixes, f"That sounds like a job for our {fixes}. "
            intro = intro_service(business) if not picked and problem_now else None
            if intro and not re.search(r"\b(?:follow|again|existing|usual|still|same|regular)\b", heard.text.lower()):
                picked, service_note = intro, f"I'd start with {speech.a(intro)} for that. "  # "I've hurt my back"
            if not picked and intent == "affirm" and state.awaiting == Prompt.SERVICE \
                    and "For a first visit, it's" in (state.last_prompt or ""):
                picked = intro_service(business)  # "yes, please"
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
            named = next_to_theirs(state, heard, business, named, tools)
        if state.task == "book" and len(named) > 1:
            heard.slots["service"], state.also = named[0], named[1:]
            state.also_when = when_each(heard.text, named, business, local_now)
            if FOR_SOMEONE_ELSE.search(heard.text) and re.search(r"\bfor (?:me|myself)\b", heard.text) \
                    and state.party == 1:
                state.party = 2  # both names are asked; the second service is booked under the second
        service_before = state.service
        merge_slots(state, heard, business)
        state.silence = 0 if (intent != "unknown" or heard.slots or state.awaiting) else state.silence

        if withheld and state.last_prompt == WITHHELD_LOOKUP and state.callback_phone and "phone" in heard.slots:
            # A number said after "I can't change bookings on this call": the team calls them back on it
            said = ("Thanks. I can't change bookings from a number said on the call, but I'll have the team call "
                    "you back on that number to sort it out.")
            asked = [t["text"] for t in call.transcript if t["role"] == "caller"][-1:] or [text]
            return call_back(state, business, tools, f"Number withheld; wants help with a booking: {asked[0]}",
                                  f"{said} Can I take your name?", withheld)
        if withheld and state.task in ("reschedule", "cancel"):
            state.task = None
            return ask(state, WITHHELD_LOOKUP, intent=intent)
        if state.awaiting == Prompt.PHONE and "phone" not in heard.slots and intent in ("deny", "not_interested"):
            state.task = None
            return ask(state, "No problem. I need a number to hold a booking or to call you back, so I "
                                    "can't do that on this call. You can call back from your own phone, or say "
                                    f"'speak to someone' and I'll put you through. {ANYTHING_ELSE}")
        if state.task == "book" and not state.pending and not state.also and state.awaiting in (Prompt.DATE, Prompt.TIME, Prompt.NAME) \
                and (re.search(r"\b(?:one|1) for\b", heard.text)
                     or ANOTHER_ONE.search(heard.text) and FOR_SOMEONE_ELSE.search(heard.text)):
            # "yes, and can you book one for my dad straight after?" while choosing: this one, then theirs
            if state.service:
                state.also = [state.service]
            else:
                state.party = max(state.party, 2)
        if state.task == "book" and not state.service and state.awaiting == Prompt.SERVICE and (
                UNSURE.search(heard.text) or "You can say its name, or press" in (state.last_prompt or "")):
            return unsure_of_service(state, business, local_now, tools, heard.text, withheld)
        if state.task == "book":
            offered_before = list(state.offered)
            reply = which_time(state, business, heard, offered_before,
                                     book_step(state, business, local_now, tools, withheld))
            if set(heard.slots) == {"name"} and state.awaiting in (Prompt.DATE, Prompt.TIME, Prompt.SERVICE):
                reply.say = f"{thanks_to(state)}{reply.say}"  # a name said before it was asked
            elif set(heard.slots) == {"email"} and state.email and not reply.say.startswith("Just to confirm"):
                reply.say = f"Thanks, I've noted {state.email}. {reply.say}"
            if problem_now and not service_note and state.service and not reply.say.startswith("Sorry") \
                    and len(named) <= 1:
                service_note = f"I can book {speech.a(state.service)} for that. "  # "my water heater is banging"
            if reply.say.startswith("Sure! Which service") and not named:
                unlisted = unlisted_thing(text.lower())  # "..., can you do an updo?" (the commas are in `text`)
                if unlisted:
                    reply.say = f"I don't see {unlisted} on our list. " + reply.say.removeprefix("Sure! ")
                elif "date" in heard.slots and state.date and dt.date.fromisoformat(state.date) >= local_now.date() \
                        and not business.opening_ranges(dt.date.fromisoformat(state.date)):
                    # "are you available on Sunday?" when closed Sundays: said now, another day offered later
                    closed = why_not(business, dt.date.fromisoformat(state.date), local_now, business.services)
                    reply.say = state.last_prompt = f"{closed} I can find you another day. " + \
                        reply.say.removeprefix("Sure! ")
            if len(named) > 1 and state.party == 1 and (reply.say.startswith("What day") or " I have " in reply.say):
                both = speech.options([speech.a(n) for n in named], "and")
                reply.say = f"{both[0].upper()}{both[1:]}. {reply.say}"  # each is booked in turn: say so now
            if urgent_now and urgent and state.awaiting == Prompt.TIME and state.offered \
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
                moved = local_time(state.cancelled_start, business) + dt.timedelta(minutes=state.shift_minutes)
                state.date, state.time = moved.date().isoformat(), moved.strftime("%H:%M")
            state.shift_minutes = state.cancelled_start = None
            follow = book_step(state, business, local_now, tools)
            return ask(state, f"Sure, let's book a new {state.service}.", state.awaiting, go_on=follow.say)
        if state.task == "reschedule":
            only_time = re.search(r"\b(?:change|move|switch) the time\b|\ba different time\b", text.lower()) \
                and not re.search(r"\b(?:day|date)\b", text.lower())
            offered_before = list(state.offered)
            return which_time(state, business, heard, offered_before, reschedule(
                state, business, local_now, tools, same_day=bool(only_time), said=heard.text))
        if state.task == "cancel":
            then_book(state, business, local_now, text)
            return cancel(state, business, local_now, tools, every=bool(ALL_OF_THEM.search(text.lower())),
                                said=heard.text,
                                offer_move=bool(CANT_MAKE_IT.search(text.lower())) and "cancel" not in text.lower())
        if state.task == "resend" and state.email:
            return resend(state, business, local_now, "email", tools)
        if state.task == "resend" and re.search(r"\btext\b|\bsms\b", text.lower()):
            state.task = None
            return resend(state, business, local_now, "text", tools)
        if state.task in ("callback", "objection") and state.name:
            return capture(state, business, tools, withheld=withheld)
        if intent == "affirm" and (state.done_something or (state.last_prompt or "").endswith(ANYTHING_ELSE)):
            return ask(state, "Of course. What else can I do for you?")
        if re.search(r"\b(?:i (?:have|had|'ve got|got)|there's) (?:a|one|another|a quick|just one) (?:question|query)\b|"
                     r"^(?:quick|one) question\W*$", heard.text) and not heard.slots:
            return ask(state, "Of course. What's your question?")
        if intent == "affirm" and not state.task and not state.awaiting:  # "yes" to "how can I help?"
            return ask(state, "Sure! I can book, move or cancel an appointment, or answer a question. What "
                                    "would you like to do?")
        if intent == "deny" and state.awaiting == Prompt.BOOK_OFFER:
            state.awaiting = None
            return ask(state, f"No problem. {ANYTHING_ELSE}")
        if set(heard.slots) == {"name"} and state.name:
            # The caller only introduced themselves (outside a booking): greet them, then ask.
            return ask(state, f"Nice to meet you, {state.name.split()[0]}! How can I help you today?",
                             intent="name")
        state.silence += 1
        if state.silence >= 3:
            return silence(state, business, counted=True)
        reply = ask(state, "Sorry, I didn't quite get that. I can book, move or cancel an appointment, "
                                 "or answer a question. What would you like to do?")
        reply.fallback = True
        return reply
