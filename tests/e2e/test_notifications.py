"""Notifications end to end: the real Cloud Tasks emulator dispatches to notifications_dispatch,
which sends through the real twilio/sendgrid clients to the loopback sinks; the sinks answer with
signed status callbacks and event webhooks like the real services."""

import base64
import datetime as dt
import json
import secrets
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import pytest
import requests
from twilio.request_validator import RequestValidator

from shared.config import LOCAL_TWILIO_AUTH_TOKEN
from tests import clock
from tests.e2e.conftest import Api, register
from tests.factories import every_day

CALLER = "+12125550191"


def sink(stack, method="GET", path="/_outbox", body=None):
    request = urllib.request.Request(f"{stack.sinks_url}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def wait_for(check, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


@pytest.fixture
def shop(stack):
    sink(stack, "DELETE")
    sink(stack, "POST", "/_callbacks", {"enabled": True})
    business, key = register(hours=every_day("00:00", "24:00"), transfer_number="+12125550199",
                             notify_email="owner@salon.example")
    return Api(f"http://127.0.0.1:{stack.functions_port}", key, business)


def records(firestore_client, business, **where):
    docs = [d.to_dict() for d in firestore_client.collection("businesses").document(business.id)
            .collection("notifications").stream()]
    return [d for d in docs if all(d.get(k) == v for k, v in where.items())]


def book(api, days=3, hhmm="10:00", email="ann@example.com", phone=CALLER):
    zone = ZoneInfo(api.business.timezone)
    start = dt.datetime.combine(clock.local_now(zone).date() + dt.timedelta(days=days), dt.time.fromisoformat(hhmm),
                                tzinfo=zone)
    response = api.call("book_appointment", {"service": "Haircut", "start": start.isoformat(), "caller_phone": phone,
                                             "caller_name": "Ann Lee", "email": email})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_booking_sends_one_sms_and_one_email_with_an_invite(stack, shop, firestore_client):
    booked = book(shop)
    assert len(booked["notifications"]) == 2
    outbox = wait_for(lambda: (lambda o: o if o["sms"] and o["email"] else None)(sink(stack)))
    [sms], [email] = outbox["sms"], outbox["email"]
    assert sms["to"] == CALLER and "Haircut" in sms["body"] and "Reply C" in sms["body"]
    assert sms["from"] == shop.business.phone_numbers[0]
    assert email["personalizations"][0]["to"][0]["email"] == "ann@example.com"
    invite = base64.b64decode(email["attachments"][0]["content"]).decode()
    assert "METHOD:REQUEST" in invite and f"UID:{booked['appointment']['id']}@" in invite and "SEQUENCE:0" in invite
    statuses = wait_for(lambda: (lambda r: r if all(x["status"] == "delivered" for x in r) and len(r) == 2 else None)(
        records(firestore_client, shop.business)))
    assert {r["channel"] for r in statuses} == {"sms", "email"}
    assert all([h["status"] for h in r["history"]] == ["sent", "delivered"] for r in statuses)
    time.sleep(1.0)  # a repeated delivery would have shown up by now
    assert len(sink(stack)["sms"]) == 1 and len(sink(stack)["email"]) == 1


def test_reschedule_updates_the_invite_and_cancel_removes_it(stack, shop, firestore_client):
    booked = book(shop)
    appointment_id = booked["appointment"]["id"]
    zone = ZoneInfo(shop.business.timezone)
    new_start = dt.datetime.fromisoformat(booked["appointment"]["start"]).astimezone(zone) + dt.timedelta(hours=2)
    shop.call("reschedule_appointment", {"appointment_id": appointment_id, "caller_phone": CALLER,
                                         "new_start": new_start.isoformat()})
    shop.call("cancel_appointment", {"appointment_id": appointment_id, "caller_phone": CALLER})
    emails = wait_for(lambda: (lambda e: e if len(e) == 3 else None)(sink(stack)["email"]))
    invites = {}
    for mail in emails:
        text = base64.b64decode(mail["attachments"][0]["content"]).decode()
        invites[mail["subject"].split(":")[0]] = text
    assert "SEQUENCE:1" in invites["Moved"] and "METHOD:REQUEST" in invites["Moved"]
    assert "METHOD:CANCEL" in invites["Cancelled"] and "STATUS:CANCELLED" in invites["Cancelled"]
    assert len({line for text in invites.values() for line in text.splitlines() if line.startswith("UID:")}) == 1


def dispatch(stack, business_id, notification_id):
    request = urllib.request.Request(f"http://127.0.0.1:{stack.functions_port}/notifications_dispatch",
                                     data=json.dumps({"business_id": business_id,
                                                      "notification_id": notification_id}).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def queued_record(firestore_client, business, channel="sms", to=CALLER, body="Hello from the test"):
    from shared.adapters.firestore_store import FirestoreNotifications
    from shared.domain.notifications import Notification

    now = clock.now()
    record = Notification(id=f"reply-test-{secrets.token_hex(4)}-{channel}", business_id=business.id, kind="reply",
                          channel=channel, to=to, subject="Hello", body=body, created_at=now,
                          updated_at=now)
    FirestoreNotifications(firestore_client).create(record)
    return record.id


def test_the_same_task_delivered_many_times_at_once_sends_once(stack, shop, firestore_client):
    notification_id = queued_record(firestore_client, shop.business)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: dispatch(stack, shop.business.id, notification_id), range(3)))
    # the one that claimed it sends; another either lost the claim (200, a repeat) or found it being
    # sent (503: Cloud Tasks retries later and finds it sent)
    assert all(status in (200, 503) for status, _ in results)
    assert [body.get("status") for _, body in results].count("sent") == 1
    assert dispatch(stack, shop.business.id, notification_id)[1]["repeat"] is True
    time.sleep(0.3)
    assert len(sink(stack)["sms"]) == 1


def claimed_long_ago(firestore_client, business, notification_id, minutes, provider_id=None):
    """As if the delivery that claimed it stopped `minutes` ago, before it could record the result."""
    doc = (firestore_client.collection("businesses").document(business.id).collection("notifications")
           .document(notification_id))
    doc.update({"status": "sending", "provider_id": provider_id,
                "updated_at": clock.now() - dt.timedelta(minutes=minutes)})


def test_a_send_interrupted_after_its_claim_is_taken_over_and_never_sent_twice(stack, shop, firestore_client):
    sink(stack, "POST", "/_callbacks", {"enabled": False})
    accepted = queued_record(firestore_client, shop.business)
    _, first = dispatch(stack, shop.business.id, accepted)
    claimed_long_ago(firestore_client, shop.business, accepted, minutes=5)  # Twilio had it; the record didn't
    status, again = dispatch(stack, shop.business.id, accepted)
    assert status == 200 and again == {"status": "sent", "provider_id": first["provider_id"]}
    assert len(sink(stack)["sms"]) == 1

    lost = queued_record(firestore_client, shop.business, body="Another text")
    claimed_long_ago(firestore_client, shop.business, lost, minutes=5)  # stopped before Twilio had it
    status, sent = dispatch(stack, shop.business.id, lost)
    assert status == 200 and sent["status"] == "sent" and sent["provider_id"] != first["provider_id"]

    busy = queued_record(firestore_client, shop.business)
    claimed_long_ago(firestore_client, shop.business, busy, minutes=0)  # being sent right now
    status, body = dispatch(stack, shop.business.id, busy)
    assert status == 503 and "retry later" in body["error"]["message"]
    assert len(sink(stack)["sms"]) == 2


def test_a_taken_over_send_whose_log_lookup_fails_is_retried_then_never_lost(stack, shop, firestore_client):
    sink(stack, "POST", "/_callbacks", {"enabled": False})
    accepted = queued_record(firestore_client, shop.business, body="Sent before the crash")
    _, first = dispatch(stack, shop.business.id, accepted)
    claimed_long_ago(firestore_client, shop.business, accepted, minutes=5)
    sink(stack, "POST", "/_fail", {"channel": "sms_log", "status": 503, "count": 1})
    status, _ = dispatch(stack, shop.business.id, accepted)  # the log is down: retry later, still taken over
    assert status == 503
    status, again = dispatch(stack, shop.business.id, accepted)  # found in the log this time: not sent twice
    assert status == 200 and again == {"status": "sent", "provider_id": first["provider_id"]}
    assert len(sink(stack)["sms"]) == 1

    unreadable = queued_record(firestore_client, shop.business, body="Log not readable")
    claimed_long_ago(firestore_client, shop.business, unreadable, minutes=5)
    sink(stack, "POST", "/_fail", {"channel": "sms_log", "status": 403, "count": 1})
    status, sent = dispatch(stack, shop.business.id, unreadable)  # no permission to read it: sent, not lost
    assert status == 200 and sent["status"] == "sent"
    assert len(sink(stack)["sms"]) == 2


def test_provider_500_is_retried_then_sent_once(stack, shop, firestore_client):
    sink(stack, "POST", "/_fail", {"channel": "sms", "status": 500, "count": 2})
    book(shop, email=None)
    [sms] = wait_for(lambda: sink(stack)["sms"])
    [record] = wait_for(lambda: (lambda r: r if r and r[0]["status"] in ("sent", "delivered") else None)(
        records(firestore_client, shop.business, channel="sms")))
    assert record["attempts"] == 3 and sms["to"] == CALLER
    time.sleep(0.5)
    assert len(sink(stack)["sms"]) == 1


def test_provider_400_is_marked_failed_and_not_retried(stack, shop, firestore_client):
    sink(stack, "POST", "/_fail", {"channel": "sms", "status": 400, "count": 1})
    book(shop, email=None)
    [record] = wait_for(lambda: (lambda r: r if r and r[0]["status"] == "failed" else None)(
        records(firestore_client, shop.business, channel="sms")))
    assert record["attempts"] == 1 and "21211" in record["error"]
    time.sleep(0.5)
    assert sink(stack)["sms"] == [] and records(firestore_client, shop.business)[0]["attempts"] == 1


def signed_status(stack, params, business_id, notification_id, token=LOCAL_TWILIO_AUTH_TOKEN):
    base = f"http://127.0.0.1:{stack.functions_port}"
    url = f"{base}/messaging_status?" + urllib.parse.urlencode({"b": business_id, "n": notification_id})
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), method="POST", headers={
        "X-Twilio-Signature": RequestValidator(token).compute_signature(url, params),
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_status_callbacks_out_of_order_end_forward_and_forgeries_are_refused(stack, shop, firestore_client):
    sink(stack, "POST", "/_callbacks", {"enabled": False})
    notification_id = queued_record(firestore_client, shop.business)
    _, sent = dispatch(stack, shop.business.id, notification_id)
    sid = sent["provider_id"]
    for status in ("delivered", "sending", "sent"):
        assert signed_status(stack, {"MessageSid": sid, "MessageStatus": status}, shop.business.id,
                             notification_id) == 200
    [record] = records(firestore_client, shop.business)
    assert record["status"] == "delivered"
    assert signed_status(stack, {"MessageSid": sid, "MessageStatus": "failed"}, shop.business.id, notification_id,
                         token="forged") == 403
    assert signed_status(stack, {"MessageSid": "SMother", "MessageStatus": "read"}, shop.business.id,
                         notification_id) == 200
    assert records(firestore_client, shop.business)[0]["status"] == "delivered"


def sendgrid_post(stack, events, key_file, tamper=False):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    body = json.dumps(events)
    timestamp = str(int(clock.now().timestamp()))
    signature = base64.b64encode(key.sign((timestamp + body).encode(), ec.ECDSA(hashes.SHA256()))).decode()
    data = (body + " " if tamper else body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{stack.functions_port}/email_events", data=data,
                                     method="POST", headers={"Content-Type": "application/json",
                                                             "X-Twilio-Email-Event-Webhook-Signature": signature,
                                                             "X-Twilio-Email-Event-Webhook-Timestamp": timestamp})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_email_events_are_verified_and_deduplicated(stack, shop, firestore_client):
    sink(stack, "POST", "/_callbacks", {"enabled": False})
    notification_id = queued_record(firestore_client, shop.business, channel="email", to="ann@example.com")
    dispatch(stack, shop.business.id, notification_id)
    tags = {"business_id": shop.business.id, "notification_id": notification_id}
    key_file = stack.run_dir / "sendgrid-events.pem"
    opened = {"event": "open", "sg_event_id": "ev-open-1", "email": "ann@example.com", **tags}
    assert sendgrid_post(stack, [opened], key_file, tamper=True)[0] == 403
    assert sendgrid_post(stack, [opened, opened], key_file) == (200, {"applied": 1})
    assert sendgrid_post(stack, [{"event": "delivered", "sg_event_id": "ev-del-1", **tags}], key_file)[0] == 200
    [record] = records(firestore_client, shop.business)
    assert record["status"] == "read" and [h["status"] for h in record["history"]] == ["sent", "read"]
    assert sorted(record["seen_events"]) == ["ev-del-1", "ev-open-1"]


def test_list_notifications_and_send_confirmation_tools(stack, shop, firestore_client):
    booked = book(shop)
    wait_for(lambda: len(records(firestore_client, shop.business, status="delivered")) == 2)
    listed = shop.call("list_notifications", {"kind": "confirmation"}).json()["notifications"]
    assert {n["channel"] for n in listed} == {"sms", "email"} and all(n["has_invite"] == (n["channel"] == "email")
                                                                    for n in listed)
    assert shop.call("list_notifications", {"status": "failed"}).json()["notifications"] == []
    resent = shop.call("send_confirmation", {"appointment_id": booked["appointment"]["id"], "caller_phone": CALLER,
                                             "channel": "sms"})
    assert resent.status_code == 200 and [n["channel"] for n in resent.json()["notifications"]] == ["sms"]
    wait_for(lambda: len(sink(stack)["sms"]) == 2)
    other = shop.call("send_confirmation", {"appointment_id": booked["appointment"]["id"],
                                            "caller_phone": "+12125550100"})
    assert other.status_code == 404


def test_after_the_call_follow_ups_reach_the_caller_and_the_team(stack, shop, firestore_client):
    from shared.local.phone import SimulatedCall

    def ring(caller):
        return SimulatedCall(f"http://127.0.0.1:{stack.functions_port}", LOCAL_TWILIO_AUTH_TOKEN,
                             shop.business.phone_numbers[0], caller)

    silent = ring("+12125550193")
    silent.start()
    for _ in range(4):
        silent.silence()
    silent.hangup()
    asked = ring("+12125550194")
    asked.start()
    asked.say("Do you do wedding makeup?")
    asked.say("Maria")
    asked.hangup()
    def texts_by_recipient():
        by_to = {}
        for message in sink(stack)["sms"]:
            by_to.setdefault(message["to"], []).append(message["body"])
        wanted = ("+12125550193", "+12125550194")
        return by_to if all(k in by_to for k in wanted) and len(by_to.get("+12125550199", [])) >= 2 else None

    by_to = wait_for(texts_by_recipient)
    assert any("Sorry we missed you" in b for b in by_to["+12125550193"])
    assert any("your question" in b for b in by_to["+12125550194"])
    assert any("Callback needed" in b and "wedding makeup" in b for b in by_to["+12125550199"])
    alerts = wait_for(lambda: records(firestore_client, shop.business, kind="staff_alert", channel="email"))
    assert any("Missed call" in a["body"] for a in alerts)


def signed_text(stack, business, body, sender=CALLER, sid=None):
    """A text to the business's number, posted to sms_inbound as Twilio signs it."""
    url = f"http://127.0.0.1:{stack.functions_port}/sms_inbound"
    params = {"MessageSid": sid or "SM" + secrets.token_hex(16), "AccountSid": "AC" + "0" * 32, "From": sender,
              "To": business.phone_numbers[0], "Body": body, "NumMedia": "0"}
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), method="POST", headers={
        "X-Twilio-Signature": RequestValidator(LOCAL_TWILIO_AUTH_TOKEN).compute_signature(url, params),
        "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


def test_line_breaks_a_caller_texted_never_reach_an_email_header(stack, shop):
    signed_text(stack, shop.business, "Hi\r\nBcc: attacker@evil.example\r\nSubject: You won\nthanks")
    [alert] = wait_for(lambda: sink(stack)["email"])
    assert alert["subject"].startswith("Roxy: Text from") and "\r" not in alert["subject"]
    assert "\n" not in alert["subject"] and "Hi Bcc: attacker@evil.example" in alert["subject"]
    assert alert["personalizations"][0]["to"] == [{"email": "owner@salon.example"}]


def test_an_email_interrupted_mid_send_waits_for_sendgrids_word_and_is_never_sent_twice(
        stack, shop, firestore_client):
    sink(stack, "POST", "/_callbacks", {"enabled": False})
    record_id = queued_record(firestore_client, shop.business, channel="email", to="ann@example.com")
    claimed_long_ago(firestore_client, shop.business, record_id, minutes=3)  # the delivery stopped after its claim
    status, body = dispatch(stack, shop.business.id, record_id)
    assert status == 503 and "processed event" in body["error"]["message"]  # re-checked, not sent again
    assert sink(stack)["email"] == []
    tags = {"business_id": shop.business.id, "notification_id": record_id}
    processed = {"event": "processed", "sg_event_id": "ev-proc-1", "email": "ann@example.com", **tags}
    assert sendgrid_post(stack, [processed], stack.run_dir / "sendgrid-events.pem")[0] == 200
    assert dispatch(stack, shop.business.id, record_id)[1] == {"status": "repeat", "notification_status": "sent",
                                                              "repeat": True}
    assert sink(stack)["email"] == []  # SendGrid had it: it is not sent a second time

    never = queued_record(firestore_client, shop.business, channel="email", to="bo@example.com")
    claimed_long_ago(firestore_client, shop.business, never, minutes=20)  # no event in 20 minutes: never accepted
    status, sweep = 0, {}
    request = urllib.request.Request(f"http://127.0.0.1:{stack.functions_port}/reminders_sweep", data=b"{}",
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        status, sweep = response.status, json.loads(response.read())
    assert status == 200 and sweep["requeued"] == 1  # the sweep finds it stuck and queues it again
    [email] = wait_for(lambda: sink(stack)["email"])
    assert email["personalizations"][0]["to"] == [{"email": "bo@example.com"}]
    wait_for(lambda: records(firestore_client, shop.business, id=never, status="sent"))
    time.sleep(0.5)
    assert len(sink(stack)["email"]) == 1


class Inbox:
    """A real SMTP server's handler (aiosmtpd): keeps what it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email

        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"


@pytest.fixture(scope="module")
def smtp(stack):
    """A functions server sending email through SMTP (to aiosmtpd on 127.0.0.1) instead of SendGrid."""
    from aiosmtpd.controller import Controller

    from shared.local.stack import free_port

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    base = stack.spawn_functions(f"functions-smtp-{free_port()}", free_port(), {
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(controller.port), "SMTP_STARTTLS": "false"})
    yield base, inbox
    controller.stop()


def dispatch_at(base, business_id, notification_id):
    response = requests.post(f"{base}/notifications_dispatch", timeout=30,
                             json={"business_id": business_id, "notification_id": notification_id})
    return response.status_code, response.json()


def test_a_mail_error_that_is_not_the_providers_ends_failed_with_its_reason(stack, shop, smtp, firestore_client):
    base, inbox = smtp
    injected = queued_record(firestore_client, shop.business, channel="email",
                             to="ann@example.com\r\nBcc: evil@example.com")
    status, body = dispatch_at(base, shop.business.id, injected)
    assert status == 200 and body["status"] == "failed" and "linefeed" in body["error"]  # was a 500
    [record] = records(firestore_client, shop.business, id=injected)
    assert record["status"] == "failed" and "linefeed" in record["error"]  # was stuck in sending
    assert inbox.messages == []
    headline = queued_record(firestore_client, shop.business, channel="email", to="ann@example.com")
    (firestore_client.collection("businesses").document(shop.business.id).collection("notifications")
     .document(headline).update({"subject": "Text from a caller: Hi\r\nBcc: evil@example.com"}))
    assert dispatch_at(base, shop.business.id, headline)[1]["status"] == "sent"
    [received] = inbox.messages
    assert received["Subject"] == "Text from a caller: Hi Bcc: evil@example.com" and received["Bcc"] is None


def test_an_smtp_email_interrupted_mid_send_ends_failed_not_sent_twice(stack, shop, smtp, firestore_client):
    base, inbox = smtp
    inbox.messages.clear()
    record_id = queued_record(firestore_client, shop.business, channel="email", to="ann@example.com")
    claimed_long_ago(firestore_client, shop.business, record_id, minutes=5)
    status, body = dispatch_at(base, shop.business.id, record_id)
    assert status == 200 and body["status"] == "failed" and "not sent again" in body["error"]
    [record] = records(firestore_client, shop.business, id=record_id)
    assert record["status"] == "failed" and "cannot arrive twice" in record["history"][-1]["detail"]
    assert inbox.messages == []
