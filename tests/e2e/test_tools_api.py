"""Every tool through HTTP on the running local stack (functions server + Firestore emulator)."""

import json
from concurrent.futures import ThreadPoolExecutor

import requests

ANN = "+12125550101"
BOB = "+12125550102"


def book(api, start, phone=ANN, name="Ann", service="Haircut", **extra):
    return api.call("book_appointment", {"service": service, "start": start, "caller_phone": phone,
                                         "caller_name": name, **extra})


def test_listing_tools_needs_a_key_and_gives_strict_schemas(api):
    response = api.http.get(api.base, headers=api.headers())
    assert response.status_code == 200
    names = {t["function"]["name"] for t in response.json()["tools"]}
    assert {"check_availability", "book_appointment", "reschedule_appointment", "cancel_appointment",
            "list_appointments", "capture_lead", "search_leads", "answer_faq"} <= names
    assert requests.get(api.base, timeout=10).status_code == 401
    assert api.http.get(api.base, headers=api.headers("wrong")).status_code == 401


def test_check_availability_in_local_time(api):
    day = api.day()
    response = api.call("check_availability", {"service": "haircut", "date": day.isoformat()})
    assert response.status_code == 200
    slots = response.json()["slots"]
    assert slots[0]["start"] == api.at(day, "09:00") and slots[-1]["start"] == api.at(day, "16:15")
    response = api.call("check_availability", {"service": "nails", "date": day.isoformat()})
    assert response.status_code == 422
    assert "Haircut" in response.json()["error"]["fields"]["service"]
    response = api.call("check_availability", {"service": "Haircut", "date": "next tuesday"})
    assert response.status_code == 422 and "date" in response.json()["error"]["fields"]


def test_book_conflict_repeat_and_list(api):
    day = api.day()
    first = book(api, api.at(day, "10:00"), email="ann@example.com")
    assert first.status_code == 200
    appointment = first.json()["appointment"]
    assert appointment["start"] == api.at(day, "10:00") and appointment["status"] == "booked"
    assert first.json()["created"] is True

    clash = book(api, api.at(day, "10:30"), phone=BOB, name="Bob")
    assert clash.status_code == 409
    error = clash.json()["error"]
    assert error["code"] == "slot_unavailable" and len(error["alternatives"]) == 3

    repeat = book(api, api.at(day, "10:00"), email="ann@example.com")
    assert repeat.status_code == 200 and repeat.json()["created"] is False
    assert repeat.json()["appointment"]["id"] == appointment["id"]

    listed = api.call("list_appointments", {"caller_phone": "(212) 555-0101"}).json()["appointments"]
    assert [a["id"] for a in listed] == [appointment["id"]]
    assert api.call("list_appointments", {"caller_phone": BOB}).json()["appointments"] == []


def test_a_booking_for_someone_else_keeps_the_callers_own_name(api):
    day = api.day()
    assert book(api, api.at(day, "10:00"), name="Leo", for_someone_else=True).status_code == 200
    assert book(api, api.at(day, "11:00"), name="Ann Lee").status_code == 200
    assert book(api, api.at(day, "12:00"), name="Mia", for_someone_else=True).status_code == 200
    leads = api.call("search_leads", {"limit": 50}).json()["leads"]
    assert [x["name"] for x in leads if x["phone"] == ANN] == ["Ann Lee"]  # her own, not her son's
    listed = api.call("list_appointments", {"caller_phone": ANN}).json()["appointments"]
    assert [a["caller_name"] for a in listed] == ["Leo", "Ann Lee", "Mia"]
    bad = book(api, api.at(day, "13:00"), name="Max", for_someone_else="maybe")
    assert bad.status_code == 422 and "for_someone_else" in bad.json()["error"]["fields"]


def test_reschedule_and_cancel_only_for_the_owner(api):
    day = api.day()
    appointment = book(api, api.at(day, "10:00")).json()["appointment"]
    other = book(api, api.at(day, "14:00"), phone=BOB, name="Bob").json()["appointment"]

    not_mine = api.call("cancel_appointment", {"appointment_id": other["id"], "caller_phone": ANN})
    assert not_mine.status_code == 404
    taken = api.call("reschedule_appointment", {"appointment_id": appointment["id"], "caller_phone": ANN,
                                                "new_start": api.at(day, "14:00")})
    assert taken.status_code == 409 and taken.json()["error"]["alternatives"]

    moved = api.call("reschedule_appointment", {"appointment_id": appointment["id"], "caller_phone": ANN,
                                                "new_start": api.at(day, "11:00")})
    assert moved.status_code == 200
    assert moved.json()["appointment"]["start"] == api.at(day, "11:00")
    assert moved.json()["appointment"]["status"] == "rescheduled"
    assert book(api, api.at(day, "10:00"), phone=BOB, name="Bob").status_code == 200  # old time freed

    cancelled = api.call("cancel_appointment", {"appointment_id": appointment["id"], "caller_phone": ANN})
    assert cancelled.status_code == 200 and cancelled.json()["appointment"]["status"] == "cancelled"
    again = api.call("cancel_appointment", {"appointment_id": appointment["id"], "caller_phone": ANN})
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_state"
    history = api.call("list_appointments", {"caller_phone": ANN, "include_past": True}).json()
    assert [a["status"] for a in history["appointments"]] == ["cancelled"]


def test_leads_capture_dedupe_and_search(api):
    first = api.call("capture_lead", {"name": "Sam Lee", "phone": "212-555-0177", "interest": "colouring",
                                      "email": "sam@example.com", "area": "Brooklyn"})
    assert first.status_code == 200
    lead = first.json()["lead"]
    assert lead["phone"] == "+12125550177" and lead["stage"] == "qualified" and lead["score"] == 55
    assert {i["factor"] for i in lead["score_breakdown"]} >= {"known_service", "in_service_area"}
    again = api.call("capture_lead", {"name": "Sam Lee", "phone": "+12125550177", "notes": "not before 5pm"})
    assert again.json()["lead"]["id"] == lead["id"]

    for n in range(5):
        api.call("capture_lead", {"name": f"Lead {n}", "phone": f"+1212555020{n}"})
    page = api.call("search_leads", {"limit": 4}).json()
    assert len(page["leads"]) == 4 and page["next_cursor"]
    rest = api.call("search_leads", {"limit": 4, "cursor": page["next_cursor"]}).json()
    assert len(rest["leads"]) == 2 and rest["next_cursor"] is None
    assert page["leads"][0]["id"] == lead["id"]  # best score first
    found = api.call("search_leads", {"text": "5pm"}).json()["leads"]
    assert [x["name"] for x in found] == ["Sam Lee"]
    assert api.call("search_leads", {"stage": "won"}).status_code == 422


def test_update_stage_and_faq(api):
    api.call("capture_lead", {"name": "Kim", "phone": "+12125550188"})
    moved = api.call("update_lead_stage", {"phone": "+12125550188", "stage": "lost",
                                           "reason": "went elsewhere"})
    assert moved.status_code == 200 and moved.json()["lead"]["stage"] == "lost"
    back = api.call("update_lead_stage", {"phone": "+12125550188", "stage": "new", "reason": "x"})
    assert back.status_code == 409
    answer = api.call("answer_faq", {"question": "what's your cancellation policy?"}).json()
    assert answer["found"] and "24 hours" in answer["answer"]


def test_bad_requests_get_clear_errors_and_write_nothing(api, firestore_client):
    day = api.day()
    assert api.call("book_appointment", raw=b"{not json").status_code == 400
    assert api.call("book_appointment", raw=b"[1, 2]").status_code == 400
    assert api.call("book_appointment", raw=b"\xff\xfe").status_code == 400
    assert api.call("no_such_tool", {}).status_code == 404
    assert api.http.get(f"{api.base}/book_appointment", headers=api.headers()).status_code == 405
    huge = api.call("answer_faq", raw=json.dumps({"question": "x" * 300_000}).encode())
    assert huge.status_code == 413
    bad_phone = book(api, api.at(day, "10:00"), phone="12345")
    assert bad_phone.status_code == 422 and "caller_phone" in bad_phone.json()["error"]["fields"]
    extra = book(api, api.at(day, "10:00"), admin=True)
    assert extra.status_code == 422 and extra.json()["error"]["fields"]["admin"] == "unknown field"
    bad_email = book(api, api.at(day, "10:00"), email="ann@")
    assert bad_email.status_code == 422 and "email" in bad_email.json()["error"]["fields"]
    closed = book(api, api.at(day, "07:00"))
    assert closed.status_code == 409 and "open" in closed.json()["error"]["message"]
    stored = firestore_client.collection("businesses").document(api.business.id).collection("appointments")
    assert list(stored.stream()) == []
    locks = firestore_client.collection("businesses").document(api.business.id).collection("slot_locks")
    assert list(locks.stream()) == []


def test_twenty_simultaneous_bookings_of_one_slot(api, firestore_client):
    start = api.at(api.day(), "13:00")

    def attempt(n):
        return book(api, start, phone=f"+1212555{3000 + n}", name=f"Caller {n}").status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(attempt, range(20)))
    assert statuses.count(200) == 1 and statuses.count(409) == 19
    stored = firestore_client.collection("businesses").document(api.business.id).collection("appointments")
    assert len(list(stored.stream())) == 1


def test_one_business_cannot_reach_another(api, other_api):
    appointment = book(api, api.at(api.day(), "10:00")).json()["appointment"]
    api.call("capture_lead", {"name": "Ann", "phone": ANN})
    assert other_api.call("cancel_appointment", {"appointment_id": appointment["id"],
                                                 "caller_phone": ANN}).status_code == 404
    assert other_api.call("list_appointments", {"caller_phone": ANN}).json()["appointments"] == []
    assert other_api.call("search_leads", {}).json()["leads"] == []


def test_business_schedule_get_and_outcome(api):
    day = api.day()
    first = book(api, api.at(day, "10:00")).json()["appointment"]
    second = book(api, api.at(day, "15:00"), phone=BOB, name="Bob").json()["appointment"]
    api.call("cancel_appointment", {"appointment_id": second["id"], "caller_phone": BOB})
    schedule = api.call("list_schedule", {"date": day.isoformat()}).json()["appointments"]
    assert [a["id"] for a in schedule] == [first["id"]]
    everything = api.call("list_schedule", {"date": day.isoformat(), "include_cancelled": True}).json()
    assert [a["status"] for a in everything["appointments"]] == ["booked", "cancelled"]
    got = api.call("get_appointment", {"appointment_id": second["id"]}).json()["appointment"]
    assert [h["status"] for h in got["history"]] == ["booked", "cancelled"]
    assert api.call("get_appointment", {"appointment_id": "missing"}).status_code == 404
    early = api.call("record_appointment_outcome", {"appointment_id": first["id"], "status": "completed"})
    assert early.status_code == 409
    assert api.call("list_schedule", {"date": day.isoformat(),
                                      "end_date": "2099-01-01"}).status_code == 422


def test_an_appointment_being_moved_does_not_block_its_own_time(api):
    day = api.day()
    appointment = book(api, api.at(day, "10:00")).json()["appointment"]
    starts = lambda **extra: [s["start"] for s in api.call(  # noqa: E731
        "check_availability", {"service": "Haircut", "date": day.isoformat(), **extra}).json()["slots"]]
    assert api.at(day, "10:30") not in starts()
    assert api.at(day, "10:30") in starts(moving_appointment_id=appointment["id"])
    assert api.at(day, "10:00") not in starts(moving_appointment_id=appointment["id"])  # no move
    assert starts(moving_appointment_id="no-such-id") == starts()
    moved = api.call("reschedule_appointment", {"appointment_id": appointment["id"], "caller_phone": ANN,
                                                "new_start": api.at(day, "10:30")})
    assert moved.status_code == 200 and moved.json()["appointment"]["start"] == api.at(day, "10:30")


def test_confirm_attendance_only_for_the_callers_own_appointment(api):
    day = api.day()
    appointment = book(api, api.at(day, "11:00")).json()["appointment"]
    other = api.call("confirm_attendance", {"appointment_id": appointment["id"], "caller_phone": BOB})
    assert other.status_code == 404
    mine = api.call("confirm_attendance", {"appointment_id": appointment["id"], "caller_phone": ANN})
    assert mine.status_code == 200 and mine.json()["confirmed_by_caller"] is True


def test_a_note_is_added_once_and_only_to_the_callers_own_active_appointment(api):
    day = api.day()
    appointment = book(api, api.at(day, "13:00"), notes="Allergic to latex").json()["appointment"]
    note = lambda phone=ANN, text="Address: 42 Elm Street": api.call(  # noqa: E731
        "add_appointment_note", {"appointment_id": appointment["id"], "caller_phone": phone, "note": text})
    assert note(phone=BOB).status_code == 404
    assert note(text="   ").status_code == 422 and "note" in note(text="   ").json()["error"]["fields"]
    assert note(text="x" * 501).status_code == 422
    first, again = note(), note(text="Address:  42 Elm   Street")
    assert first.status_code == again.status_code == 200
    assert again.json()["appointment"]["notes"] == "Allergic to latex; Address: 42 Elm Street"
    assert note(text="Address: 42 Elm").status_code == 200  # not the start of a note already there
    for n in range(4):
        note(text=f"{n} " + "x" * 480)
    full = note(text="One more")
    assert full.status_code == 422 and "note" in full.json()["error"]["fields"]
    api.call("cancel_appointment", {"appointment_id": appointment["id"], "caller_phone": ANN})
    assert note(text="Ring the bell").status_code == 409


def test_an_email_sent_with_a_bad_request_is_not_saved(api):
    day = api.day()
    appointment = book(api, api.at(day, "12:00")).json()["appointment"]
    bad = api.call("send_confirmation", {"appointment_id": appointment["id"], "caller_phone": ANN,
                                         "channel": "email", "email": "not-an-email"})
    assert bad.status_code == 422 and "email" in bad.json()["error"]["fields"]
    assert api.call("cancel_appointment", {"appointment_id": appointment["id"], "caller_phone": ANN}).status_code == 200
    late = api.call("send_confirmation", {"appointment_id": appointment["id"], "caller_phone": ANN,
                                          "channel": "email", "email": "ann@example.com"})
    assert late.status_code == 409
    stored = api.call("get_appointment", {"appointment_id": appointment["id"]}).json()["appointment"]
    assert stored["email"] is None  # neither request wrote half of itself


def test_a_service_is_accepted_by_an_alias_and_stored_by_its_name(api):
    booked = book(api, api.at(api.day(), "10:00"), service="highlights")
    assert booked.status_code == 200 and booked.json()["appointment"]["service"] == "Hair Colouring"
