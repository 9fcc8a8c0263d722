import pytest
from pydantic import ValidationError

from shared.domain.business import Business
from tests.factories import business_data, make_business


def test_demo_business_is_valid_and_numbers_are_e164():
    business = make_business(phone_numbers=["(212) 555-0123"], transfer_number="212.555.0199")
    assert business.phone_numbers == ["+12125550123"]
    assert business.transfer_number == "+12125550199"


def test_every_error_of_a_bad_config_is_listed():
    data = business_data(timezone="Mars/Olympus", slot_interval_minutes=7,
                         hours={"funday": [{"open": "09:00", "close": "10:00"}]})
    data["services"][0]["duration_minutes"] = 33
    with pytest.raises(ValidationError) as caught:
        Business.model_validate(data)
    fields = {".".join(str(p) for p in e["loc"]) for e in caught.value.errors()}
    assert {"timezone", "slot_interval_minutes", "hours", "services.0.duration_minutes"} <= fields


def test_hours_must_be_ordered_and_not_overlap():
    with pytest.raises(ValidationError, match="closes at"):
        make_business(hours={"monday": [{"open": "10:00", "close": "09:00"}]})
    with pytest.raises(ValidationError, match="overlap"):
        make_business(hours={"monday": [{"open": "09:00", "close": "12:00"},
                                        {"open": "11:00", "close": "14:00"}]})
    with pytest.raises(ValidationError, match="boundary"):
        make_business(hours={"monday": [{"open": "09:03", "close": "12:00"}]})


def test_duplicate_services_and_bad_numbers_are_rejected_together():
    data = business_data(phone_numbers=["12"])
    data["services"].append(dict(data["services"][0], name="HAIRCUT"))
    with pytest.raises(ValidationError) as caught:
        Business.model_validate(data)
    message = str(caught.value)
    assert "duplicate names" in message and "phone_numbers" in message


def test_unknown_keys_are_rejected():
    with pytest.raises(ValidationError, match="extra"):
        Business.model_validate(business_data(colour_scheme="pink"))


def test_service_lookup_is_case_and_space_insensitive():
    business = make_business()
    assert business.find_service("  hair   colouring ").name == "Hair Colouring"
    assert business.find_service("nails") is None


def test_special_hours_override_the_weekday():
    import datetime as dt

    business = make_business(exceptions=[{"date": "2030-03-05", "closed": False,
                                          "hours": [{"open": "10:00", "close": "11:00"}]}])
    assert [r.open.hour for r in business.opening_ranges(dt.date(2030, 3, 5))] == [10]
    assert len(business.opening_ranges(dt.date(2030, 3, 12))) == 2


def test_services_are_found_by_their_aliases_and_aliases_cannot_name_two_services():
    business = make_business()
    assert business.find_service("Highlights").name == "Hair Colouring"
    assert business.find_service(" hair   colouring ").name == "Hair Colouring"
    data = business_data()
    data["services"][1]["aliases"] = ["dye"]  # Beard Trim: but "dye" is the colouring's
    with pytest.raises(ValidationError, match="name two services"):
        Business.model_validate(data)


def test_the_llm_prompt_gives_24_00_for_a_business_open_around_the_clock():
    import datetime as dt

    from shared.agent.prompt import system_prompt
    from shared.domain.calls import Call
    from tests.factories import every_day

    business = make_business(hours=every_day("00:00", "24:00"))
    now = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
    call = Call(call_sid="CA1", business_id=business.id, caller_phone="+12125550100", dialled="+12125550101",
                started_at=now, updated_at=now)
    assert "monday 00:00-24:00" in system_prompt(business, call, now, {}).lower()


def test_the_llm_prompt_asks_for_the_visit_address_only_for_a_business_that_visits():
    import datetime as dt

    from shared.agent.prompt import system_prompt
    from shared.domain.calls import Call

    now = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
    call = Call(call_sid="CA1", business_id="b", caller_phone="+12125550100", dialled="+12125550101",
                started_at=now, updated_at=now)
    salon, plumber = make_business(), make_business(visits_callers=True)
    assert "ask for the address of the visit" not in system_prompt(salon, call, now, {})
    assert "ask for the address of the visit" in system_prompt(plumber, call, now, {})


def test_the_llm_prompt_offers_the_waitlist_when_no_nearby_time_suits():
    import datetime as dt

    from shared.agent.prompt import system_prompt
    from shared.domain.calls import Call

    now = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
    call = Call(call_sid="CA1", business_id="b", caller_phone="+12125550100", dialled="+12125550101",
                started_at=now, updated_at=now)
    prompt = system_prompt(make_business(), call, now, {})
    assert "offer the waitlist for that day (join_waitlist" in prompt and "nearest times" in prompt
