import datetime as dt

import pytest

from shared.errors import InvalidInput, InvalidState, NotFound
from shared.services.leads import Crm
from tests.factories import MONDAY_9AM_NY as NOW
from tests.factories import fixed_clock


def test_same_phone_updates_one_lead_and_keeps_history(crm, business, firestore_client):
    first = crm.capture(business, phone="(212) 555-0150", name="Jo", interest="haircut", source="call")
    second = crm.capture(business, phone="+1 212 555 0150", email="jo@example.com", notes="prefers mornings")
    assert first.id == second.id and second.phone == "+12125550150"
    assert second.name == "Jo" and second.email == "jo@example.com" and second.source == "call"
    assert second.interest_service == "Haircut" and "mornings" in second.notes
    assert second.interaction_count == 2
    interactions = (firestore_client.collection("businesses").document(business.id)
                    .collection("leads").document(first.id).collection("interactions").stream())
    assert len(list(interactions)) == 2
    assert [c.stage for c in second.stage_history][0] == "new"


def test_retried_capture_counts_once(crm, business):
    a = crm.capture(business, phone="2125550151", name="Al", interest="beard trim")
    b = crm.capture(business, phone="2125550151", name="Al", interest="beard trim")
    assert a.interaction_count == b.interaction_count == 1 and a.score == b.score


def test_invalid_contact_details_are_rejected_and_nothing_written(crm, business):
    with pytest.raises(InvalidInput) as caught:
        crm.capture(business, phone="555", name="X")
    assert "phone" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        crm.capture(business, phone="2125550152", name="X", email="x at y")
    assert "email" in caught.value.fields
    assert crm.get_by_phone(business, "2125550152") is None


def test_score_is_stored_with_breakdown_and_booking_moves_stage(crm, business):
    lead = crm.capture(business, phone="2125550153", name="Bea", email="bea@example.com",
                       interest="colouring")
    assert lead.score == 40 and {i.factor for i in lead.score_breakdown} == {"has_email", "has_name",
                                                                             "engagement", "known_service"}
    booked = crm.record(business, "2125550153", "booking", "booking-1", detail="Haircut", stage="booked")
    again = crm.record(business, "2125550153", "booking", "booking-1", detail="Haircut", stage="booked")
    assert booked.stage == "booked" and again.interaction_count == booked.interaction_count == 2
    assert booked.stage_history[-1].reason.startswith("booking")


def test_stage_changes_need_a_reason_and_a_valid_move(crm, business):
    crm.capture(business, phone="2125550154", name="Cy")
    moved = crm.update_stage(business, "2125550154", "contacted", "called back")
    assert moved.stage == "contacted" and moved.stage_history[-1].reason == "called back"
    with pytest.raises(InvalidState):
        crm.update_stage(business, "2125550154", "new", "oops")
    with pytest.raises(InvalidInput):
        crm.update_stage(business, "2125550154", "lost", "  ")
    with pytest.raises(NotFound):
        crm.update_stage(business, "2125550199", "lost", "never existed")


def seed_leads(crm, business):
    specs = [
        ("2125550160", "Dana Smith", "haircut", "wants a fringe", "a@example.com", "Brooklyn"),
        ("2125550161", "Dan Brown", "hair colouring", "balayage, price sensitive", None, ""),
        ("2125550162", "Eve Smithers", "", "asked about parking", None, "Queens"),
        ("2125550163", "Finn", "beard trim", "", "f@example.com", ""),
        ("2125550164", "Gail Smith", "haircut", "call after 5pm", None, ""),
    ]
    return [crm.capture(business, phone=p, name=n, interest=i, notes=note, email=e, area=area)
            for p, n, i, note, e, area in specs]


def test_search_by_stage_score_service_and_text(crm, business):
    seed_leads(crm, business)
    leads, _ = crm.search(business, text="smith")
    assert sorted(lead.name for lead in leads) == ["Dana Smith", "Eve Smithers", "Gail Smith"]
    leads, _ = crm.search(business, text="smith haircut")
    assert sorted(lead.name for lead in leads) == ["Dana Smith", "Gail Smith"]
    leads, _ = crm.search(business, service="HAIRCUT")
    assert {lead.name for lead in leads} == {"Dana Smith", "Gail Smith"}
    leads, _ = crm.search(business, min_score=40)
    assert leads and all(lead.score >= 40 for lead in leads)
    assert [lead.score for lead in leads] == sorted((lead.score for lead in leads), reverse=True)
    leads, _ = crm.search(business, stage="qualified")
    assert {lead.name for lead in leads} == {"Dana Smith"}
    leads, _ = crm.search(business, max_score=20, text="smi")
    assert {lead.name for lead in leads} == {"Eve Smithers"}
    with pytest.raises(InvalidInput):
        crm.search(business, service="nails")
    with pytest.raises(InvalidInput):
        crm.search(business, min_score=50, max_score=10)


def test_search_by_date_range(firestore_client, business):
    from shared.adapters.firestore_store import FirestoreLeads

    leads_repo = FirestoreLeads(firestore_client)
    for days, phone in ((10, "2125550170"), (5, "2125550171"), (1, "2125550172")):
        Crm(leads_repo, fixed_clock(NOW - dt.timedelta(days=days))).capture(business, phone=phone, name=phone)
    crm = Crm(leads_repo, fixed_clock(NOW))
    found, _ = crm.search(business, since=NOW - dt.timedelta(days=6))
    assert [lead.phone for lead in found] == ["+12125550172", "+12125550171"]  # newest first
    found, _ = crm.search(business, since=NOW - dt.timedelta(days=11), until=NOW - dt.timedelta(days=4))
    assert {lead.phone for lead in found} == {"+12125550170", "+12125550171"}
    found, _ = crm.search(business, min_score=0, until=NOW - dt.timedelta(days=4))
    assert {lead.phone for lead in found} == {"+12125550170", "+12125550171"}


def test_pagination_with_cursors_visits_each_lead_once(crm, business):
    for n in range(23):
        crm.capture(business, phone=f"21255503{n:02d}", name=f"Lead {n}", notes="smith" if n % 2 else "")
    seen, cursor, pages = [], None, 0
    while True:
        page, cursor = crm.search(business, limit=5, cursor=cursor)
        seen.extend(lead.id for lead in page)
        pages += 1
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 23 and pages >= 5
    filtered, cursor = [], None
    while True:
        page, cursor = crm.search(business, text="smith", limit=4, cursor=cursor)
        filtered.extend(page)
        if not cursor:
            break
    assert len(filtered) == 11
    with pytest.raises(InvalidInput):
        crm.search(business, cursor="not-a-cursor")
