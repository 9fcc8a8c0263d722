"""The waitlist on the running stack (the Firestore and Cloud Tasks emulators, the Twilio sink):
a cancellation texts the first caller waiting, the hold runs out in the sweep and the time goes to
the next caller, whose YES by text books it."""

import datetime as dt

from tests import clock
from tests.e2e.test_notifications import CALLER, book, records, sink, wait_for
from tests.e2e.test_reminders_and_replies import shop, sweep, text  # noqa: F401 (the fixture)

BEN, CAL = "+12125550181", "+12125550182"


def test_a_freed_time_is_offered_held_passed_on_and_booked_by_text(stack, shop, firestore_client):  # noqa: F811
    booked = book(shop, days=2, hhmm="10:00")
    day = booked["appointment"]["start"][:10]
    for phone, name in ((BEN, "Ben"), (CAL, "Cal")):
        joined = shop.call("join_waitlist", {"service": "Haircut", "date": day, "caller_phone": phone,
                                             "caller_name": name})
        assert joined.status_code == 200 and joined.json()["entry"]["status"] == "waiting", joined.text
    cancelled = shop.call("cancel_appointment", {"appointment_id": booked["appointment"]["id"],
                                                 "caller_phone": CALLER})
    assert cancelled.status_code == 200, cancelled.text
    [offer] = records(firestore_client, shop.business, kind="waitlist_offer")
    assert offer["to"] == BEN
    sent = wait_for(lambda: [m for m in sink(stack)["sms"] if m["to"] == BEN])
    assert "Reply YES by" in sent[0]["body"]
    held = shop.call("check_availability", {"service": "Haircut", "date": day}).json()["slots"]
    assert booked["appointment"]["start"] not in [s["start"] for s in held]

    later = clock.now() + dt.timedelta(minutes=31)  # the sweep's `now`: the hold has run out
    assert sweep(stack, later)["waitlist_holds_passed_on"] == 1
    assert [o["to"] for o in records(firestore_client, shop.business, kind="waitlist_offer") if o["to"] == CAL]
    listed = shop.call("list_waitlist", {}).json()["entries"]
    assert [(e["caller_name"], e["status"]) for e in listed] == [("Ben", "waiting"), ("Cal", "offered")]

    assert text(stack, shop.business, "YES", sender=CAL).startswith("You're booked for a Haircut")
    mine = shop.call("list_appointments", {"caller_phone": CAL}).json()["appointments"]
    assert [a["start"] for a in mine] == [booked["appointment"]["start"]]
    assert shop.call("list_waitlist", {"status": "booked"}).json()["entries"][0]["caller_name"] == "Cal"
