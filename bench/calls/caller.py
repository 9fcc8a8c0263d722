"""The simulated caller: pursues one goal turn by turn, reacting to what Roxy says. It answers the
question asked, corrects a wrong read-back, says yes only to the right thing, and speaks from the
phrase grammar (grammar.py) with the variation real callers have."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bench.calls.grammar import Grammar

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME = re.compile(r"\b(noon|midday|midnight|(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\b\.?)", re.I)
MAX_TURNS = 16
NOT_OFFERED = re.compile(r"[^.,;]*\b(?:isn't|is not|not|no longer)\s+(?:available|free|possible|open)[^.,;]*", re.I)


@dataclass
class Goal:
    """One caller goal, resolved against the clock: what the caller wants and knows."""

    key: str
    kind: str
    service: str | None = None
    day: dt.date | None = None
    part: str = "any"
    email: bool = False
    other: str | None = None          # the other person's first name, when booking for someone else
    relation: str = ""
    also: dict | None = None          # a second booking: {"service": ..., "other": bool}
    existing: tuple[dt.date, dt.time] | None = None   # the booking to move or cancel
    staff: str | None = None
    question: dict | None = None
    message: dict | None = None
    complaint: dict | None = None
    emergency: dict | None = None
    emergency_service: str | None = None

    def fits(self, start: dt.datetime) -> bool:
        """Whether a local start time is what the caller asked for."""
        if self.day and start.date() != self.day:
            return False
        return fits_part(self.part, start.time())


def fits_part(part: str, moment: dt.time) -> bool:
    if part == "any":
        return True
    if part == "morning":
        return moment < dt.time(12)
    if part == "afternoon":
        return dt.time(12) <= moment < dt.time(17)
    if part == "evening":
        return moment >= dt.time(17)
    kind, hhmm = part.split()
    limit = dt.time.fromisoformat(hhmm)
    return moment >= limit if kind == "after" else (moment < limit if kind == "before" else moment == limit)


@dataclass
class Persona:
    first: str
    last: str
    email_user: str
    email_domain: str
    phone: str
    house: int
    street: str
    area: str

    @property
    def email(self) -> str:
        return f"{self.email_user}@{self.email_domain}.com"

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def times_in(text: str) -> list[dt.time]:
    found = []
    for match in TIME.finditer(text):
        word = match.group(1).lower()
        if word in ("noon", "midday"):
            found.append(dt.time(12))
        elif word == "midnight":
            found.append(dt.time(0))
        else:
            hour, minute = int(match.group(2)) % 12, int(match.group(3) or 0)
            if match.group(4).lower() == "p":
                hour += 12
            if hour < 24 and minute < 60:
                found.append(dt.time(hour, minute))
    return found


def day_in(text: str, today: dt.date) -> dt.date | None:
    """The day a sentence of Roxy's names: today, tomorrow, a weekday, or 'December 10'."""
    lowered = text.lower()
    if re.search(r"\btoday\b", lowered):
        return today
    if re.search(r"\btomorrow\b", lowered):
        return today + dt.timedelta(days=1)
    month = re.search(r"\b(january|february|march|april|may|june|july|august|september|october|november|"
                      r"december)\s+(\d{1,2})\b|\b(\d{1,2})\s+(january|february|march|april|may|june|july|august|"
                      r"september|october|november|december)\b", lowered)
    if month:
        name, number = (month.group(1), month.group(2)) if month.group(1) else (month.group(4), month.group(3))
        index = ("january february march april may june july august september october november "
                 "december").split().index(name) + 1
        year = today.year + (1 if index < today.month else 0)
        try:
            return dt.date(year, index, int(number))
        except ValueError:
            return None
    for i, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", lowered):
            ahead = (i - today.weekday()) % 7 or 7
            if re.search(rf"\bnext {name}\b", lowered) and ahead < 7:
                ahead += 7 if ahead <= 0 else 0
            return today + dt.timedelta(days=ahead)
    return None


@dataclass
class Caller:
    goal: Goal
    persona: Persona
    grammar: Grammar
    services: list[str]                 # the business's service names, to read a read-back
    phrases: dict                       # the business type's phrase tables
    today: dt.date
    staff: list[str]
    turns: int = 0
    said: list[str] = field(default_factory=list)
    given: set[str] = field(default_factory=set)      # facts the caller has given: name, email...
    corrections: int = 0
    restated: int = 0
    asked_for_more: int = 0
    booked: int = 0
    also_asked: bool = False
    goodbyes: int = 0
    done: bool = False
    repeats: list[str] = field(default_factory=list)   # facts Roxy asked for again after they were given

    # --- the facts the grammar fills in ------------------------------------------------------

    def facts(self, service: str | None = None, **extra) -> dict:
        g, p, gr = self.goal, self.persona, self.grammar
        service = service or g.service
        ways = self.phrases.get("services", {}).get(service or "", [])
        spoken_service = ways or ([f"an {service}" if service and service[0] in "AEIOU" else f"a {service}"]
                                  if service else ["an appointment"])
        when = ""
        if g.day:
            day_words = gr.day(g.day, self.today)
            part_words = gr.part(g.part)
            when = f"{day_words} {part_words}".strip()
        facts = {
            "svc": spoken_service, "svc_plain": (service or "appointment").lower(),
            "svc_wrong": self.phrases.get("svc_wrong", ["something"]),
            "mention": self.phrases.get("mention", ["I was recommended"]),
            "when": when or "soon", "when_cap": (when or "soon")[:1].upper() + (when or "soon")[1:],
            "first": p.first, "last": p.last, "spelled": gr.spelled(p.last),
            "email_spoken": gr.email(p.email_user, p.email_domain),
            "address_spoken": gr.address(p.house, p.street), "area": p.area,
            "staff": g.staff or (self.staff[0] if self.staff else "the manager"),
            "other": g.other or "", "relation": g.relation,
            "pronoun": "she" if g.relation in ("daughter", "wife", "mom") else "he",
            "pronoun_cap": "She" if g.relation in ("daughter", "wife", "mom") else "He",
            "part_phrase": gr.part(g.part) if g.part != "any" else "else",
        }
        if g.question:
            facts["question"] = g.question["say"]
        if g.message:
            facts["message"] = g.message["say"]
            facts["staff"] = g.message["staff"]
        if g.complaint:
            facts["complaint"] = g.complaint["say"]
        if g.emergency:
            facts["emergency"] = g.emergency["say"]
        if g.also:
            also_service = g.also["service"]
            ways = self.phrases.get("services", {}).get(also_service) or [f"a {also_service}"]
            relation = g.relation or "partner"
            facts["also"] = ([f"my {relation} needs one too, same day",
                              f"can I book my {relation} in as well, same day?"]
                             if g.also.get("other") else [f"could I add {w} as well?" for w in ways])
        facts.update(extra)
        return facts

    def line(self, table: str, **extra) -> str:
        return self.grammar.say(table, self.facts(**extra))

    # --- the call ----------------------------------------------------------------------------

    def opening(self) -> str:
        g = self.goal
        table = {"book": "book_open_other" if g.other else "book_open", "move": "move_open",
                 "cancel": "cancel_open", "ask": "ask_open", "message": "message_open",
                 "person": "person_open", "not_ready": "not_ready_open", "complaint": "complaint_open",
                 "emergency": "emergency_open", "wrong_number": "wrong_open", "sales": "sales_open"}[g.kind]
        text = self.line(table)
        if g.kind == "book":
            lowered = text.lower()
            if any(w.lower() in lowered for w in self.facts()["svc"]):
                self.given.add("service")
            if re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)\b", lowered):
                self.given.add("day")
        if g.kind in ("message",) and g.message:
            self.given.add("message")
        return self.speak(text)

    def speak(self, text: str) -> str:
        self.turns += 1
        self.said.append(text)
        return text

    def reply(self, roxy: str) -> str | None:
        """What the caller says to Roxy's `roxy` (a gather); None = the caller hangs up."""
        if self.turns >= MAX_TURNS or self.goodbyes >= 2:
            return None
        t = roxy.lower()
        g = self.goal
        if g.kind in ("wrong_number", "sales"):
            return self._brush_off(t)
        if re.search(r"(shall|should) i move|want me to move|moving your|move (it|that|your \w+) to", t) and "?" in t:
            return self._check_move(roxy)
        if re.search(r"just to confirm|shall i book|should i book|want me to book|book (that|it|those)\?|"
                     r"shall i go ahead with", t):
            return self._check_booking(roxy)
        if re.search(r"(want me to|shall i|should i) cancel|cancel your [^.]*\?", t):
            if g.kind == "cancel":
                return self.speak(self.line("yes"))
            return self.speak(self.line("no_wrong_thing"))
        if re.search(r"all booked|you're booked|you are booked|is booked|booked you|is now (on|at|booked)|"
                     r"has (been )?moved|\bis now\b|is cancelled|i've cancelled|have cancelled|"
                     r"it's cancelled|been cancelled", t):
            self.booked += 1
            if g.also and not self.also_asked:
                self.also_asked = True
                return self.speak(self.line("also_line"))
            self.done = True
            return self._goodbye()
        if g.kind == "ask" and any(e.lower() in t for e in g.question["expect"]):
            return self._goodbye()  # answered: an offer to book after it is declined, not a cue to ask again
        asked = self._asked(t)
        if asked:
            second = self.booked and self.goal.also and self.goal.also.get("other")
            if asked in self.given and asked in ("name", "email", "address", "service") and not second:
                self.repeats.append(f"{asked}: {roxy[-100:]}")
            return self._answer(asked, roxy)
        if times_in(roxy) and re.search(r"which|would you like|work for you|works for you|does .* work|"
                                         r"how about|i have|i can do|available|free|prefer", t):
            return self._pick_time(roxy)
        if re.search(r"anything else|what else|else (i|we) can|help with anything", t):
            if self._satisfied(t):
                return self._goodbye()
            return self._restate()
        if self._satisfied(t):
            return self._goodbye()
        return self._restate()

    # --- reactions ---------------------------------------------------------------------------

    def _asked(self, t: str) -> str | None:
        """Which fact Roxy's sentence asks for, if it asks one."""
        question = t.split(".")[-1] if "?" in t else t
        question = " ".join(s for s in re.split(r"(?<=[.!])\s+", t) if "?" in s) or question
        if re.search(r"\b(your|the|a|what|which) name\b|name (should|for|on|please)|"
                     r"who (is|'s) (it|the appointment|the booking) for|who am i speaking|"
                     r"who('s| is) calling", question):
            return "name"
        if re.search(r"e-?mail", question):
            return "email"
        if re.search(r"address|where (is|are) (the job|the property|you)|which (area|town|neighbo)|"
                     r"what street|zip|postcode", question):
            return "address"
        if re.search(r"(phone )?number (to|we|i|for)|best number|reach you|callback number|call you back on", question):
            return "phone"
        if re.search(r"which service|what service|what would you like to book|what do you need (done|booked)|"
                     r"what (kind|type) of (service|job|work|appointment|clean|groom|lesson)|"
                     r"what can (i|we) book", question):
            return "service"
        if re.search(r"what day|which day|when would|when do you|what time|which time|day and time|when works|"
                     r"when suits|when('s| is) (good|best)|what date", question) and not times_in(t):
            return "when"
        if re.search(r"message|what (should|shall) i (tell|pass)|what's it (about|regarding)|what is it about|"
                     r"what's the problem|what happened|tell me (more|what)|describe", question):
            return "detail"
        return None

    def _answer(self, asked: str, roxy: str) -> str:
        g = self.goal
        if asked == "name":
            asks_theirs = re.search(r"\byour (own )?name\b|who am i speaking|who's calling", roxy.lower())
            if g.other and not self.booked and not (asks_theirs and "booking" not in roxy.lower()):
                if "name_other_said" in self.given:
                    self.repeats.append(f"name: {roxy[-100:]}")
                self.given.add("name_other_said")  # the booking's name is the other person's, asked again too
                return self.speak(self.line("other_name_answer"))
            if self.booked and g.also and g.also.get("other"):
                return self.speak(self.line("other_name_answer", other=g.also["name"]))
            self.given.add("name")
            text = self.line("name_answer")
            if g.email and "email" not in self.given and self.grammar.rng.random() < 0.3:
                self.given.add("email")
                text += ", and my email's " + self.facts()["email_spoken"]
            return self.speak(text)
        if asked == "email":
            if g.email:
                self.given.add("email")
                return self.speak(self.line("email_answer"))
            return self.speak(self.grammar.pick(["no, a text is fine", "no email, thanks", "I'd rather not"]))
        if asked == "address":
            self.given.add("address")
            return self.speak(self.line("address_answer"))
        if asked == "phone":
            self.given.add("phone")
            return self.speak(self.line("phone_answer"))
        if asked in ("service", "when") and g.kind not in ("book", "move", "emergency"):
            return self._restate()
        if asked in ("service", "when") and self._no_booking_wanted():
            return self.speak(self.line("emergency_no_booking"))
        if asked == "service":
            self.given.add("service")
            if g.service:
                return self.speak(self.line("service_answer"))
            return self._restate()
        if asked == "when":
            self.given.add("day")
            if g.day:
                return self.speak(self.line("when_answer"))
            return self.speak(self.grammar.pick(["as soon as possible", "whenever you can", "today if you can"]))
        if asked == "detail":
            if g.message:
                return self.speak(self.line("message_open"))
            if g.complaint:
                return self.speak(self.facts()["complaint"][0] if isinstance(self.facts()["complaint"], list)
                                  else self.line("restate_complaint"))
            if g.emergency:
                return self.speak(self.line("restate_emergency"))
            return self._restate()
        return self._restate()

    def _check_booking(self, roxy: str) -> str:
        g = self.goal
        # the read-back after "just to confirm", without "the confirmation (is) emailed to ..."
        read = re.sub(r"(?i)\bthe confirmation (?:is |goes |will go )?(?:emailed |sent )?to\b[^.?]*", "", roxy)
        read = read.split("onfirm", 1)[-1]
        service = self._service_in(read)
        start_day = day_in(read, self.today)
        start_times = times_in(read)
        wanted_service = g.service
        if g.kind == "emergency":
            wanted_service = g.emergency_service
        if self.booked and g.also:
            wanted_service = g.also["service"]
        if self.corrections < 3:
            if wanted_service and service and service != wanted_service:
                self.corrections += 1
                return self.speak(self.line("correct_service", service=wanted_service))
            if g.kind == "book" and ((start_day and g.day and start_day != g.day)
                                     or (start_times and not fits_part(g.part, start_times[0]))):
                self.corrections += 1
                return self.speak(self.line("correct_time"))
            want_name = (g.also.get("name") or self.persona.first) if self.booked and g.also \
                else (g.other or self.persona.first)
            if want_name.lower() not in read.lower():
                self.corrections += 1
                return self.speak(self.line("correct_name" if want_name == self.persona.first else "correct_other_name",
                                            other=want_name))
        if wanted_service is None or (service and service != wanted_service):
            return self.speak(self.line("no_wrong_thing"))
        if g.email and "email" not in self.given:  # not asked: they volunteer it with their yes
            self.given.add("email")
            return self.speak(self.line("yes_plus"))
        return self.speak(self.line("yes"))

    def _check_move(self, roxy: str) -> str:
        g = self.goal
        if g.kind != "move":
            return self.speak(self.line("no_wrong_thing"))
        start_day = day_in(roxy.split(" to ", 1)[-1], self.today)
        start_times = times_in(roxy.split(" to ", 1)[-1])
        if self.corrections < 3 and ((start_day and start_day != g.day)
                                     or (start_times and not fits_part(g.part, start_times[-1]))):
            self.corrections += 1
            return self.speak(self.line("correct_time"))
        return self.speak(self.line("yes"))

    def _pick_time(self, roxy: str) -> str:
        g = self.goal
        if g.kind not in ("book", "move", "emergency"):
            return self._restate()
        if self._no_booking_wanted():
            return self.speak(self.line("emergency_no_booking"))
        offered_day = day_in(roxy, self.today)
        if g.day and offered_day and offered_day != g.day and g.kind in ("book", "move"):
            if self.corrections < 3:
                self.corrections += 1
                return self.speak(self.line("wrong_day"))
        offered = times_in(NOT_OFFERED.sub(" ", roxy))   # "5 PM isn't available, but ..." offers no 5 PM
        fitting = [t for t in offered if fits_part(g.part, t)] if g.kind in ("book", "move") else offered
        if fitting:
            return self.speak(self.line("pick_time", time_spoken=self.grammar.time(fitting[0])))
        if self.asked_for_more < 2:
            self.asked_for_more += 1
            return self.speak(self.line("none_fit"))
        return self._restate()

    def _no_booking_wanted(self) -> bool:
        """An emergency no service of the business fixes: the caller wants the team, not a slot (so
        they never pick a time they would then refuse)."""
        return self.goal.kind == "emergency" and not self.goal.emergency_service

    def _service_in(self, text: str) -> str | None:
        lowered = text.lower()
        hits = [s for s in self.services if s.lower() in lowered]
        return max(hits, key=len) if hits else None

    def _satisfied(self, t: str) -> bool:
        """Whether the caller has what they called for (and so says goodbye)."""
        g = self.goal
        if self.done:
            return True
        if g.kind == "ask":
            return any(e.lower() in t for e in g.question["expect"]) or self.restated >= 2
        if g.kind == "not_ready":
            if "not_ready" not in self.given:
                return False
            return True
        if g.kind in ("message", "person", "complaint", "emergency"):
            return bool(re.search(r"pass (it|that|this|your message) on|let (the team|them|\w+) know|"
                                  r"call you back|get back to you|passed on|noted|i've (made a note|let)|"
                                  r"someone will|message (for|to)|flagged|alerted|sorry to hear", t)) \
                or self.restated >= 2
        return self.restated >= 3

    def _restate(self) -> str:
        g = self.goal
        if g.kind == "not_ready" and "not_ready" not in self.given:
            self.given.add("not_ready")
            return self.speak(self.line("not_ready"))
        self.restated += 1
        if self.restated > 3:
            return self._goodbye()
        table = {"book": "restate_book", "move": "restate_move", "cancel": "restate_cancel", "ask": "restate_ask",
                 "message": "restate_message", "person": "restate_person", "not_ready": "restate_not_ready",
                 "complaint": "restate_complaint", "emergency": "restate_emergency"}[g.kind]
        return self.speak(self.line(table))

    def _goodbye(self) -> str | None:
        self.goodbyes += 1
        if self.goodbyes > 2:
            return None
        return self.speak(self.line("no_thanks" if self.goal.kind in ("book", "move", "cancel") else "thanks_bye"))

    def _brush_off(self, t: str) -> str | None:
        g = self.goal
        if self.turns == 1:
            return self.speak(self.line("wrong_confirm" if g.kind == "wrong_number" else "sales_push"))
        self.goodbyes += 1
        if self.goodbyes > 1:
            return None
        return self.speak(self.grammar.pick(["okay, bye", "alright, thanks anyway, bye", "no problem, bye"]))
