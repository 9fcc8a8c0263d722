"""The waitlist end to end, in process: join through the tools API, a cancellation or a move offers
the freed time by text to the first caller waiting, YES books it, NO or the hold running out
(the reminders sweep) offers it to the next caller."""

import datetime as dt
import secrets
import xml.etree.ElementTree as ET

import pytest
from twilio.request_validator import RequestValidator

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from tests.unit.conversations.helpers import WEEKDAY_MORNING
from tests.world import BASE_URL

# The premise of every test here: a weekday morning, so the times freed tomorrow are "tomorrow" in
# each text, and a hold of 30 minutes (or the sweep after it) never crosses midnight.
pytestmark = pytest.mark.now(WEEKDAY_MORNING)

KEY = "vh_waitlist_key"
ANN, BEN, CAL, DEE = "+12125550171", "+12125550172", "+12125550173", "+12125550174"


@pytest.fixture
def salon(world, shop):
    world.app.directory.register(shop, KEY)
    return shop


def tool(world, name, args, expect=200):
    status, body = world.post_json(f"{BASE_URL}/tools/{name}", args, {"Authorization": f"Bearer {KEY}"})
    assert status == expect, body
    return body


def text(world, business, body, sender, sid=None):
    """A text from `sender` to the business, signed as Twilio signs it; Roxy's reply."""
    url = f"{BASE_URL}/sms_inbound"
    params = {"MessageSid": sid or "SM" + secrets.token_hex(16), "From": sender, "To": business.phone_numbers[0],
              "Body": body, "AccountSid": "AC" + "0" * 32, "NumMedia": "0"}
    from urllib.parse import urlencode

    signature = RequestValidator(LOCAL_TWILIO_AUTH_TOKEN).compute_signature(url, params)
    status, xml = world.http(url, urlencode(params).encode(), {
        "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    message = ET.fromstring(xml).find("Message")
    return message.text if message is not None else ""


def book(world, business, phone, name, hhmm, days=1, service="Haircut"):
    start = world.at(business, world.day(business, days), hhmm)
    return tool(world, "book_appointment", {"service": service, "start": start.isoformat(), "caller_phone": phone,
                                            "caller_name": name})["appointment"]


def join(world, business, phone, name, days=1, **extra):
    args = {"service": "Haircut", "date": world.day(business, days).isoformat(), "caller_phone": phone,
            "caller_name": name, **extra}
    return tool(world, "join_waitlist", args)


def entries(world, status=None):
    return tool(world, "list_waitlist", {"status": status} if status else {})["entries"]


def entry_of(world, phone):
    return next(e for e in entries(world) if e["caller_phone"] == phone)


def offers(world, business, to=None):
    return [n for n in world.notifications(business, kind="waitlist_offer") if to is None or n["to"] == to]


def cancel(world, appointment, phone):
    return tool(world, "cancel_appointment", {"appointment_id": appointment["id"], "caller_phone": phone})


def ten_freed_with_ben_then_cal_waiting(world, salon):
    """Ben, then Cal, wait for tomorrow; Ann's 10 AM haircut is cancelled."""
    ann = book(world, salon, ANN, "Ann", "10:00")
    join(world, salon, BEN, "Ben")
    join(world, salon, CAL, "Cal")
    cancel(world, ann, ANN)


def test_joining_listing_and_leaving(world, salon):
    first = join(world, salon, BEN, "Ben", earliest_time="09:00", latest_time="12:00")
    assert first["created"] is True and first["entry"]["status"] == "waiting"
    assert first["entry"]["earliest_time"] == "09:00" and first["entry"]["date"] == world.day(salon, 1).isoformat()
    again = join(world, salon, BEN, "Ben", earliest_time="09:00", latest_time="12:00")
    assert again["created"] is False and again["entry"]["id"] == first["entry"]["id"]
    join(world, salon, CAL, "Cal", end_date=world.day(salon, 3).isoformat())
    assert [e["caller_name"] for e in entries(world)] == ["Ben", "Cal"]
    tool(world, "leave_waitlist", {"entry_id": first["entry"]["id"], "caller_phone": CAL}, expect=404)
    left = tool(world, "leave_waitlist", {"entry_id": first["entry"]["id"], "caller_phone": BEN})
    assert left["entry"]["status"] == "left"
    assert [e["caller_name"] for e in entries(world, "waiting")] == ["Cal"]


@pytest.mark.parametrize(("args", "field"), [
    ({"end_date": "2020-01-01"}, "end_date"),
    ({"earliest_time": "15:00", "latest_time": "09:00"}, "latest_time"),
    ({"service": "Tattoo"}, "service"),
    ({"caller_name": ""}, "caller_name"),
    ({"date": "tomorrow"}, "date"),
])
def test_bad_requests_are_refused_naming_the_field(world, salon, args, field):
    body = {"service": "Haircut", "date": world.day(salon, 1).isoformat(), "caller_phone": BEN,
            "caller_name": "Ben", **args}
    answer = tool(world, "join_waitlist", body, expect=422)
    assert field in answer["error"]["fields"]
    assert entries(world) == []


def test_a_cancellation_offers_the_time_to_the_first_caller_waiting_and_yes_books_it(world, salon):
    ten_freed_with_ben_then_cal_waiting(world, salon)
    [offer] = offers(world, salon)
    assert offer["to"] == BEN and offer["status"] == "delivered"
    until = (world.now + dt.timedelta(minutes=30)).astimezone(salon.zone)
    sent = [t for t in world.texts if t["to"] == BEN]
    assert len(sent) == 1 and "at 10 AM." in sent[0]["body"]
    assert f"Reply YES by {until.strftime('%-I:%M %p').replace(':00 ', ' ')}" in sent[0]["body"]
    assert entry_of(world, BEN)["status"] == "offered" and entry_of(world, CAL)["status"] == "waiting"
    listed = tool(world, "list_notifications", {"kind": "waitlist_offer"})["notifications"]
    assert [n["id"] for n in listed] == [offer["id"]]

    # The time is held: nobody else is offered or can book it meanwhile.
    day = world.day(salon, 1).isoformat()
    slots = tool(world, "check_availability", {"service": "Haircut", "date": day})["slots"]
    ten = world.at(salon, world.day(salon, 1), "10:00").isoformat()
    assert ten not in [s["start"] for s in slots]
    tool(world, "book_appointment", {"service": "Haircut", "start": ten, "caller_phone": DEE,
                                     "caller_name": "Dee"}, expect=409)

    reply = text(world, salon, "YES", BEN)
    assert reply.startswith("You're booked for a Haircut tomorrow at 10 AM")
    [booked] = [a for a in world.stored(salon, "appointments") if a["caller_phone"] == BEN]
    assert booked["status"] == "booked" and booked["source"] == "waitlist"
    assert entry_of(world, BEN)["status"] == "booked" and entry_of(world, BEN)["appointment_id"] == booked["id"]
    assert len(world.notifications(salon, kind="confirmation", to=BEN)) == 1
    assert offers(world, salon, CAL) == []


def test_no_offers_the_time_to_the_next_caller(world, salon):
    ten_freed_with_ben_then_cal_waiting(world, salon)
    assert text(world, salon, "no", BEN).startswith("Okay, we've passed on tomorrow at 10 AM")
    assert len(offers(world, salon, CAL)) == 1
    ben = entry_of(world, BEN)
    assert ben["status"] == "waiting" and ben["offer"]["outcome"] == "declined"
    assert text(world, salon, "YES", CAL).startswith("You're booked for a Haircut tomorrow at 10 AM")


def test_a_hold_that_runs_out_goes_to_the_next_caller_and_a_late_yes_is_told_so(world, salon):
    ten_freed_with_ben_then_cal_waiting(world, salon)
    world.clock.advance(dt.timedelta(minutes=31))
    status, stats = world.post_json(f"{BASE_URL}/reminders_sweep", {})
    assert status == 200 and stats["waitlist_holds_passed_on"] == 1
    assert len(offers(world, salon, CAL)) == 1 and entry_of(world, BEN)["offer"]["outcome"] == "expired"
    late = text(world, salon, "yes", BEN)
    assert late.startswith("Sorry, tomorrow at 10 AM was held for you until") and "still on the waitlist" in late
    assert [a for a in world.stored(salon, "appointments") if a["caller_phone"] == BEN] == []
    # The sweep again finds nothing more to do.
    assert world.post_json(f"{BASE_URL}/reminders_sweep", {})[1]["waitlist_holds_passed_on"] == 0
    assert len(offers(world, salon)) == 2


def test_a_yes_after_the_hold_ran_out_but_before_the_sweep_passes_it_on(world, salon):
    ten_freed_with_ben_then_cal_waiting(world, salon)
    world.clock.advance(dt.timedelta(minutes=30))
    assert text(world, salon, "Yes", BEN).startswith("Sorry, tomorrow at 10 AM was held for you until")
    assert len(offers(world, salon, CAL)) == 1 and entry_of(world, BEN)["status"] == "waiting"


def test_two_freed_times_make_two_offers_to_two_callers(world, salon):
    ann = book(world, salon, ANN, "Ann", "10:00")
    dee = book(world, salon, DEE, "Dee", "14:00")
    join(world, salon, BEN, "Ben")
    join(world, salon, CAL, "Cal")
    cancel(world, ann, ANN)
    cancel(world, dee, DEE)
    assert sorted(o["to"] for o in offers(world, salon)) == [BEN, CAL]
    assert "at 10 AM." in offers(world, salon, BEN)[0]["body"] and "at 2 PM." in offers(world, salon, CAL)[0]["body"]
    assert text(world, salon, "yes", CAL).startswith("You're booked for a Haircut tomorrow at 2 PM")
    assert text(world, salon, "yes", BEN).startswith("You're booked for a Haircut tomorrow at 10 AM")


def test_an_entry_gets_only_times_within_its_window(world, salon):
    ann = book(world, salon, ANN, "Ann", "10:00")
    join(world, salon, BEN, "Ben", earliest_time="13:00")
    join(world, salon, CAL, "Cal", latest_time="11:00")
    cancel(world, ann, ANN)
    assert [o["to"] for o in offers(world, salon)] == [CAL]


def test_a_move_frees_the_old_time(world, salon):
    ann = book(world, salon, ANN, "Ann", "10:00")
    join(world, salon, BEN, "Ben")
    new_start = world.at(salon, world.day(salon, 2), "15:00").isoformat()
    tool(world, "reschedule_appointment", {"appointment_id": ann["id"], "caller_phone": ANN, "new_start": new_start})
    [offer] = offers(world, salon)
    assert offer["to"] == BEN and "at 10 AM." in offer["body"]


def test_one_caller_answering_twice_books_once(world, salon):
    ann = book(world, salon, ANN, "Ann", "10:00")
    join(world, salon, BEN, "Ben")
    cancel(world, ann, ANN)
    first = text(world, salon, "YES", BEN, sid="SM1")
    assert text(world, salon, "YES", BEN, sid="SM1") == first  # Twilio's retry of the same text
    second = text(world, salon, "yes!", BEN, sid="SM2")  # a second YES: the booking is confirmed, not doubled
    assert second.startswith("Thanks, you're confirmed for your Haircut tomorrow at 10 AM")
    assert len([a for a in world.stored(salon, "appointments") if a["caller_phone"] == BEN]) == 1
    assert len(world.notifications(salon, kind="confirmation", to=BEN)) == 1


def test_a_yes_answers_the_offer_when_it_came_after_a_cancel_question(world, salon):
    own = book(world, salon, BEN, "Ben", "16:00", days=3)
    ann = book(world, salon, ANN, "Ann", "10:00")
    join(world, salon, BEN, "Ben")
    assert text(world, salon, "X", BEN).startswith("Reply YES to cancel your Haircut")
    world.clock.advance(dt.timedelta(minutes=1))
    cancel(world, ann, ANN)
    reply = text(world, salon, "YES", BEN)
    assert reply.startswith("You're booked for a Haircut tomorrow at 10 AM")
    assert "You also asked to cancel your Haircut" in reply and "reply YES again to cancel it" in reply
    assert world.doc(salon, "appointments", own["id"])["status"] == "booked"
    assert text(world, salon, "YES", BEN).startswith("Done, your Haircut")
    assert world.doc(salon, "appointments", own["id"])["status"] == "cancelled"


def test_a_yes_answers_the_cancel_question_when_it_came_after_the_offer(world, salon):
    own = book(world, salon, BEN, "Ben", "16:00", days=3)
    ann = book(world, salon, ANN, "Ann", "10:00")
    join(world, salon, BEN, "Ben")
    cancel(world, ann, ANN)
    world.clock.advance(dt.timedelta(minutes=1))
    assert text(world, salon, "X", BEN).startswith("Reply YES to cancel your Haircut")
    reply = text(world, salon, "YES", BEN)
    assert reply.startswith("Done, your Haircut") and "still held until" in reply
    assert world.doc(salon, "appointments", own["id"])["status"] == "cancelled"
    assert text(world, salon, "YES", BEN).startswith("You're booked for a Haircut tomorrow at 10 AM")


def test_leaving_while_holding_an_offer_passes_it_on(world, salon):
    ann = book(world, salon, ANN, "Ann", "10:00")
    ben = join(world, salon, BEN, "Ben")["entry"]
    join(world, salon, CAL, "Cal")
    cancel(world, ann, ANN)
    tool(world, "leave_waitlist", {"entry_id": ben["id"], "caller_phone": BEN})
    assert len(offers(world, salon, CAL)) == 1


def test_on_a_call_a_taken_time_offers_the_nearest_then_the_waitlist(world, salon):
    ann = book(world, salon, ANN, "Ann", "10:00")
    said = world.converse(salon, ["I'd like a haircut tomorrow at 10", "no, none of those work for me", "yes please",
                                  "Ben Jones", "no thanks, bye"], caller=BEN)
    assert said[1].startswith("10 AM isn't available, but tomorrow I have")
    assert said[2].startswith("No problem. I can put you on the waitlist for a Haircut tomorrow")
    assert said[3] == "Sure. What name should I put you down under?"
    assert said[4].startswith("Done, Ben: you're on the waitlist for a Haircut tomorrow.")
    [entry] = entries(world)
    assert (entry["caller_phone"], entry["caller_name"], entry["date"]) == (BEN, "Ben Jones",
                                                                          world.day(salon, 1).isoformat())
    cancel(world, ann, ANN)
    assert [o["to"] for o in offers(world, salon)] == [BEN]


def test_on_a_call_a_full_day_offers_the_next_opening_then_the_waitlist_and_no_goes_on(world, salon):
    day = world.day(salon, 1)
    for n, hhmm in enumerate(s["start"][11:16] for s in tool(world, "check_availability", {
            "service": "Consultation", "date": day.isoformat()})["slots"]):
        try:
            book(world, salon, f"+1212555{2000 + n:04d}", "Someone", hhmm, service="Consultation")
        except AssertionError:
            continue  # overlaps one booked just before
    said = world.converse(salon, ["can I book a consultation tomorrow", "no", "no", "Friday then"], caller=CAL)
    assert said[1].startswith("We're fully booked tomorrow. The next opening is")
    assert said[2].startswith("No problem. I can put you on the waitlist for a Consultation tomorrow")
    assert said[3] == "No problem. What other day or time would suit you?"
    assert said[4].startswith("Friday I have")
    assert entries(world) == []


def test_on_a_call_a_normal_offer_declined_asks_for_another_day(world, salon):
    said = world.converse(salon, ["I'd like a haircut tomorrow", "no", "bye"], caller=CAL)
    assert said[2] == "No problem. What other day or time would suit you?"


def test_two_offers_racing_for_one_entry_one_wins_and_the_other_time_goes_to_the_next(world, salon):
    """Two freed times offered at once by two instances: the entry's version lets one offer win;
    the other instance's write conflicts and it offers its time to the next entry."""
    from shared.services.waitlist import Waitlist
    from tests.fakes import FakeWaitlist

    app = world.app
    ann, dee = book(world, salon, ANN, "Ann", "10:00"), book(world, salon, DEE, "Dee", "14:00")
    join(world, salon, BEN, "Ben")
    join(world, salon, CAL, "Cal")
    other = Waitlist(app.waitlist_repository, app.calendar, app.notifier, app.clock)

    class Racing(FakeWaitlist):
        raced = False

        def save(self, entry, version):
            if not Racing.raced:  # the other instance offers Ben the 2 PM first
                Racing.raced = True
                app.calendar.cancel(salon, dee["id"], DEE)
                other.freed(salon, *_span(dee))
            super().save(entry, version)

    racing = Waitlist(Racing(world.docs), app.calendar, app.notifier, app.clock)
    app.calendar.cancel(salon, ann["id"], ANN)
    racing.freed(salon, *_span(ann))
    world.run_tasks()
    assert {(o["to"], "at 10 AM." in o["body"]) for o in offers(world, salon)} == {(BEN, False), (CAL, True)}
    assert len([t for t in world.texts if t["to"] in (BEN, CAL)]) == 2


def _span(appointment):
    return dt.datetime.fromisoformat(appointment["start"]), dt.datetime.fromisoformat(appointment["end"])
