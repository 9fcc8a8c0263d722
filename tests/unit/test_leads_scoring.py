import datetime as dt

from shared.domain import leads
from shared.domain.leads import Consent, Interaction
from tests.factories import make_business, utc

NOW = utc(2030, 3, 4, 12)


def lead(**fields):
    base = leads.new_lead("b", "id", "+12125550100", "api", NOW)
    return base.model_copy(update=fields)


def test_score_breakdown_explains_every_point():
    business = make_business(service_areas=["Brooklyn"])
    subject = lead(name="Ann", email="ann@example.com", interest_service="Haircut",
                   area="Brooklyn, NY", consent=Consent(sms=True))
    total, items = leads.score(subject, business, NOW)
    factors = {i.factor: i.points for i in items}
    assert factors == {"known_service": 20, "has_email": 10, "has_name": 5, "in_service_area": 15,
                       "sms_consent": 5}
    assert total == 55


def test_engagement_decays_with_half_life_and_is_capped():
    business = make_business()
    subject = lead()
    leads.add_interaction(subject, Interaction(id="1", kind="booking", at=NOW - dt.timedelta(days=14)))
    total, items = leads.score(subject, business, NOW)
    assert total == 12.5 and items[0].factor == "engagement"
    for n in range(10):
        leads.add_interaction(subject, Interaction(id=f"x{n}", kind="booking", at=NOW))
    total, _ = leads.score(subject, business, NOW)
    assert total == business.lead_scoring.engagement_cap


def test_weights_are_configurable_per_business():
    business = make_business(lead_scoring={"has_name": 40, "known_service": 0})
    total, _ = leads.score(lead(name="Ann", interest_service="Haircut"), business, NOW)
    assert total == 40


def test_rescore_qualifies_at_threshold_with_reason():
    business = make_business(lead_scoring={"qualified_threshold": 30})
    subject = lead(name="Ann", email="a@example.com", interest_service="Haircut")
    leads.rescore(subject, business, NOW)
    assert subject.stage == "qualified"
    assert "35" in subject.stage_history[-1].reason


def test_stage_moves():
    assert leads.can_move("new", "qualified")
    assert not leads.can_move("booked", "contacted")
    assert leads.can_move("customer", "lost")
    assert leads.can_move("lost", "contacted")
    assert not leads.can_move("lost", "new")
    assert not leads.can_move("new", "new")


def test_index_terms_include_prefixes():
    terms = leads.index_terms("Jane Smith", "wants balayage")
    assert {"jane", "smith", "smi", "bal", "balayage"} <= set(terms)
    assert "sm" not in terms
