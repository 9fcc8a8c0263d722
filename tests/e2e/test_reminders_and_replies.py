"""Reminders with a controllable clock (reminders_sweep accepts `now` outside production), and
two-way SMS replies signed as Twilio signs them."""

import datetime as dt
import json
import secrets
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from twilio.request_validator import RequestValidator

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from tests import clock
from tests.e2e.test_notifications import CALLER, book, records, sink, wait_for


@pytest.fixture
def shop(stack):
    from tests.e2e.conftest import Api, register
    from tests.factories import every_day

    sink(stack, "DELETE")
    sink(stack, "POST", "/_callbacks", {"enabled": True})
    business, key = register(hours=every_day("00:00", "24:00"), transfer_number="+12125550199",
                             notify_email="owner@salon.example", reminder_minutes=[1440, 120])
    return Api(f"http://127.0.0.1:{stack.functions_port}", key, business)


def sweep(stack, now: dt.datetime) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{stack.functions_port}/reminders_sweep",
                                     data=json.dumps({"now": now.isoformat()}).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def reminders(firestore_client, business):
    return sorted(r["id"] for r in records(firestore_client, business, kind="reminder"))


def start_of(booked) -> dt.datetime:
    return dt.datetime.fromisoformat(booked["appointment"]["start"])


def test_one_24h_and_one_2h_reminder_across_repeated_and_overlapping_sweeps(stack, shop, firestore_client):
    start = start_of(book(shop, days=3))
    assert sweep(stack, start - dt.timedelta(hours=25))["notifications"] == 0
    assert sweep(stack, start - dt.timedelta(hours=23, minutes=59))["notifications"] == 2  # sms + email
    assert sweep(stack, start - dt.timedelta(hours=23, minutes=50))["notifications"] == 0
    at_2h = start - dt.timedelta(hours=1, minutes=59)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: sweep(stack, at_2h), range(3)))
    assert sum(r["notifications"] for r in results) == 2
    assert sweep(stack, start - dt.timedelta(minutes=1))["notifications"] == 0
    ids = reminders(firestore_client, shop.business)
    assert len(ids) == 4 and sum("1440m" in i for i in ids) == 2 and sum("120m" in i for i in ids) == 2
    texts = wait_for(lambda: (lambda s: s if len([m for m in s if "Reminder" in m["body"]]) == 2 else None)(
        sink(stack)["sms"]))
    bodies = [m["body"] for m in texts if "Reminder" in m["body"]]
    assert any("tomorrow" in b for b in bodies) and any("today" in b for b in bodies)


def test_a_missed_sweep_sends_one_reminder_and_none_for_past_appointments(stack, shop, firestore_client):
    start = start_of(book(shop, days=2))
    assert sweep(stack, start - dt.timedelta(hours=1))["notifications"] == 2  # only the 2 h one, late
    assert all("120m" in i for i in reminders(firestore_client, shop.business))
    later = start_of(book(shop, days=4, email=None))
    assert sweep(stack, later + dt.timedelta(hours=1))["notifications"] == 0
    assert len(reminders(firestore_client, shop.business)) == 2


def test_cancelled_gets_none_and_rescheduled_gets_the_new_time(stack, shop, firestore_client):
    first = book(shop, days=3, hhmm="10:00")
    second = book(shop, days=3, hhmm="15:00", phone="+12125550192")
    shop.call("cancel_appointment", {"appointment_id": first["appointment"]["id"], "caller_phone": CALLER})
    new_start = start_of(second) + dt.timedelta(days=1)
    shop.call("reschedule_appointment", {"appointment_id": second["appointment"]["id"],
                                         "caller_phone": "+12125550192", "new_start": new_start.isoformat()})
    assert sweep(stack, start_of(second) - dt.timedelta(hours=23))["notifications"] == 0
    assert sweep(stack, new_start - dt.timedelta(hours=23))["notifications"] == 2
    ids = reminders(firestore_client, shop.business)
    assert all(second["appointment"]["id"] in i and str(int(new_start.timestamp())) in i for i in ids)


def text(stack, business, body, sender=CALLER, sid=None):
    base = f"http://127.0.0.1:{stack.functions_port}"
    url = f"{base}/sms_inbound"
    params = {"MessageSid": sid or "SM" + secrets.token_hex(16), "From": sender, "To": business.phone_numbers[0],
              "Body": body, "AccountSid": "AC" + "0" * 32, "NumMedia": "0"}
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), method="POST", headers={
        "X-Twilio-Signature": RequestValidator(LOCAL_TWILIO_AUTH_TOKEN).compute_signature(url, params),
        "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=10) as response:
        xml = response.read().decode()
    import xml.etree.ElementTree as ET

    message = ET.fromstring(xml).find("Message")
    return message.text if message is not None else ""


def appointments_of(firestore_client, business):
    return [d.to_dict() for d in firestore_client.collection("businesses").document(business.id)
            .collection("appointments").stream()]


def appointment(firestore_client, business, appointment_id):
    return (firestore_client.collection("businesses").document(business.id).collection("appointments")
            .document(appointment_id).get().to_dict())


def test_replies_confirm_cancel_and_reach_the_team(stack, shop, firestore_client):
    booked = book(shop)
    appointment_id = booked["appointment"]["id"]
    assert "you're confirmed" in text(stack, shop.business, "c")
    assert appointment(firestore_client, shop.business, appointment_id)["confirmed_by_caller"] is True
    assert "Reply YES to cancel" in text(stack, shop.business, "Cancel")
    assert "stays" in text(stack, shop.business, "no")
    assert appointment(firestore_client, shop.business, appointment_id)["status"] == "booked"
    text(stack, shop.business, "X")
    sid = "SM" + secrets.token_hex(16)
    first = text(stack, shop.business, "YES", sid=sid)
    assert "is cancelled" in first and text(stack, shop.business, "YES", sid=sid) == first  # Twilio retry
    assert appointment(firestore_client, shop.business, appointment_id)["status"] == "cancelled"
    wait_for(lambda: records(firestore_client, shop.business, kind="cancellation"))
    assert "call you" in text(stack, shop.business, "R")
    assert "passed it on" in text(stack, shop.business, "Can I bring my dog?")
    alerts = records(firestore_client, shop.business, kind="staff_alert")
    assert {a["to"] for a in alerts} == {"+12125550199", "owner@salon.example"} and len(alerts) == 4
    lead = [d.to_dict() for d in firestore_client.collection("businesses").document(shop.business.id)
            .collection("leads").stream()][0]
    assert "bring my dog" in lead["notes"]


def test_stop_means_no_more_texts_until_start(stack, shop, firestore_client):
    start = start_of(book(shop, email=None))
    wait_for(lambda: sink(stack)["sms"])
    assert text(stack, shop.business, "STOP") == ""
    # Opted out: what they ask for is done and filed for the team, but no reply goes back.
    assert text(stack, shop.business, "hi, when is my appointment?") == ""
    assert text(stack, shop.business, "C") == ""
    assert appointments_of(firestore_client, shop.business)[0]["confirmed_by_caller"] is True
    sweep(stack, start - dt.timedelta(hours=23))
    [reminder] = wait_for(lambda: (lambda r: r if r and r[0]["status"] != "queued" else None)(
        records(firestore_client, shop.business, kind="reminder")))
    assert reminder["status"] == "skipped"
    time.sleep(0.3)
    assert len(sink(stack)["sms"]) == 1
    assert "subscribed" in text(stack, shop.business, "START")
    assert text(stack, shop.business, "When is my appointment?").startswith("Your next appointment: Haircut")
    assert sweep(stack, start - dt.timedelta(hours=1))["notifications"] == 1
    wait_for(lambda: len(sink(stack)["sms"]) == 2)


def test_the_sweep_requeues_a_record_whose_task_was_lost(stack, shop, firestore_client):
    from shared.adapters.firestore_store import FirestoreNotifications
    from shared.domain.notifications import Notification

    long_ago = clock.now() - dt.timedelta(hours=1)
    record = Notification(id="reply-lost-task-sms", business_id=shop.business.id, kind="reply", channel="sms",
                          to=CALLER, body="Your table is ready", created_at=long_ago, updated_at=long_ago)
    FirestoreNotifications(firestore_client).create(record)  # recorded, but no task was ever queued
    time.sleep(0.5)
    assert sink(stack)["sms"] == []
    assert sweep(stack, clock.now())["requeued"] == 1
    [sms] = wait_for(lambda: sink(stack)["sms"])
    assert sms["body"] == "Your table is ready"
    assert sweep(stack, clock.now())["requeued"] == 0


def test_a_forged_text_is_refused_and_changes_nothing(stack, shop, firestore_client):
    booked = book(shop)
    url = f"http://127.0.0.1:{stack.functions_port}/sms_inbound"
    params = {"MessageSid": "SMforged", "From": CALLER, "To": shop.business.phone_numbers[0], "Body": "X"}
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), method="POST", headers={
        "X-Twilio-Signature": RequestValidator("not-the-token").compute_signature(url, params),
        "Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    threads = firestore_client.collection("businesses").document(shop.business.id).collection("sms_threads")
    assert list(threads.stream()) == []
    assert appointment(firestore_client, shop.business, booked["appointment"]["id"])["status"] == "booked"


def test_a_cancel_or_a_move_asked_in_words_by_text(stack, shop, firestore_client):
    booked = book(shop)
    appointment_id = booked["appointment"]["id"]
    asked = text(stack, shop.business, "Hi, so sorry but I need to cancel my appointment")
    assert asked.startswith("Reply YES to cancel your")
    assert "call you" in text(stack, shop.business, "no wait, can I move it to Friday instead?")
    assert appointment(firestore_client, shop.business, appointment_id)["status"] == "booked"
    assert "passed it on" in text(stack, shop.business, "What's your cancellation policy?")


def test_no_auto_reply_loops_and_texts_alert_the_team_once_a_window(stack, shop, firestore_client):
    from tests.e2e.conftest import register

    other, _ = register(transfer_number="+12125550198")  # another business on this deployment
    bounced = f"Thanks for your message! We've passed it on to the team at {other.name}."
    assert text(stack, shop.business, bounced, sender=other.phone_numbers[0]) == ""  # its auto-reply: not answered
    assert records(firestore_client, shop.business, kind="staff_alert") == []

    robot = "+12125550177"  # an auto-responder elsewhere, answering everything we send
    replies = [text(stack, shop.business, f"Auto-reply {n}: I'm away until Monday", sender=robot) for n in range(6)]
    assert "passed it on" in replies[0] and replies[1:] == [""] * 5  # one auto-reply a window, not six
    alerts = records(firestore_client, shop.business, kind="staff_alert")
    assert sorted(a["channel"] for a in alerts) == ["email", "sms"] and "Auto-reply 0" in alerts[0]["body"]
    from shared.domain.phone import phone_key

    thread = (firestore_client.collection("businesses").document(shop.business.id).collection("sms_threads")
              .document(phone_key(robot)).get().to_dict())
    due = thread["digest_due_at"]
    assert len(thread["held"]) == 5
    assert sweep(stack, due - dt.timedelta(minutes=1))["text_digests"] == 0  # the window is still open
    assert sweep(stack, due + dt.timedelta(seconds=1))["text_digests"] == 1
    digest = [a for a in records(firestore_client, shop.business, kind="staff_alert") if "5 more texts" in a["body"]]
    assert sorted(a["channel"] for a in digest) == ["email", "sms"]
    assert all(f"Auto-reply {n}" in digest[0]["body"] for n in range(1, 6))
    assert sweep(stack, due + dt.timedelta(minutes=5))["text_digests"] == 0
    assert len(records(firestore_client, shop.business, kind="staff_alert")) == 4  # was 12, and 6 replies
