import pytest

from shared.clock import fixed_clock
from shared.errors import CallerNumberNeeded, InvalidInput, NotFound
from shared.tools import registry
from shared.tools.base import ToolContext
from tests.factories import MONDAY_9AM_NY, make_business

CLOCK = fixed_clock(MONDAY_9AM_NY)


def walk(node):
    yield node
    for key in ("properties",):
        for child in node.get(key, {}).values():
            yield from walk(child)
    for child in node.get("anyOf", []):
        yield from walk(child)


def test_contract_tools_are_registered():
    assert {"check_availability", "book_appointment", "reschedule_appointment", "cancel_appointment",
            "list_appointments", "capture_lead", "search_leads", "answer_faq"} <= set(registry.TOOLS)


@pytest.mark.parametrize("for_call", [True, False])
def test_schemas_are_openai_strict(for_call):
    schemas = registry.call_schemas() if for_call else registry.http_schemas()
    for schema in schemas:
        function = schema["function"]
        assert function["strict"] is True and function["description"]
        for node in walk(function["parameters"]):
            if node.get("type") == "object":
                assert node["additionalProperties"] is False
                assert set(node["required"]) == set(node["properties"])
            assert not {"minLength", "maxLength", "title", "default"} & set(node)


def test_caller_phone_is_never_in_the_llm_schema():
    for schema in registry.call_schemas():
        props = schema["function"]["parameters"]["properties"]
        assert "caller_phone" not in props and "phone" not in props
    names = {s["function"]["name"] for s in registry.call_schemas()}
    assert "search_leads" not in names  # callers may not browse the CRM
    assert {"join_waitlist", "leave_waitlist"} <= names and "list_waitlist" not in names  # nor the waitlist
    http = {s["function"]["name"]: s for s in registry.http_schemas()}
    assert "caller_phone" in http["book_appointment"]["function"]["parameters"]["properties"]


def test_optional_fields_are_nullable_in_the_schema():
    params = registry.function_schema(registry.get("book_appointment"), False)["function"]["parameters"]
    assert {"type": "null"} in params["properties"]["email"]["anyOf"]


def context(phone=None):
    return ToolContext(make_business(), calendar=None, crm=None, caller_phone=phone, clock=CLOCK)


def test_validation_errors_name_each_field():
    with pytest.raises(InvalidInput) as caught:
        registry.run("book_appointment", {"service": "Haircut", "start": "tomorrow", "surprise": 1},
                     context())
    fields = caught.value.fields
    assert set(fields) == {"start", "caller_phone", "caller_name", "surprise"}
    assert fields["surprise"] == "unknown field"


def test_arguments_must_be_an_object_and_tool_must_exist():
    with pytest.raises(InvalidInput):
        registry.run("answer_faq", ["x"], context())
    with pytest.raises(NotFound):
        registry.run("drop_tables", {}, context())


def test_faq_tool_answers_and_admits_not_knowing():
    assert registry.run("answer_faq", {"question": "Is there parking near you?"}, context())["found"]
    assert not registry.run("answer_faq", {"question": "Do you sell puppies?"}, context())["found"]
    # "covered by" says nothing: the one word that matters is what the entry is about
    assert registry.run("answer_faq", {"question": "Is it covered by parking?"}, context())["found"]
    # the street address is no answer to "what's your email address?"
    assert "Street" in registry.run("answer_faq", {"question": "What's your address?"}, context())["answer"]
    assert not registry.run("answer_faq", {"question": "what's your web address"}, context())["found"]
    email = registry.run("answer_faq", {"question": "What's your email address?"}, context())["answer"]
    assert email.startswith("I don't have an email address to give out, but you can reach us on ")


def test_the_call_phone_overrides_whatever_the_model_sent():
    seen = {}

    def spy(ctx, args):
        seen["phone"] = args.caller_phone
        return {}

    tool = registry.get("list_appointments")
    registry.TOOLS["spy"] = type(tool)("spy", tool.args, spy)
    try:
        registry.run("spy", {"caller_phone": "+19999999999", "include_past": None}, context("+12125550100"))
    finally:
        del registry.TOOLS["spy"]
    assert seen["phone"] == "+12125550100"


def call_context(caller=None, callback=None):
    return ToolContext(make_business(), calendar=None, crm=None, source="call:CA1", caller_phone=caller, clock=CLOCK,
                       callback_phone=callback)


def spy_on(name):
    seen = {}
    tool = registry.get(name)
    registry.TOOLS["spy"] = type(tool)("spy", tool.args, lambda ctx, args: seen.update(vars(args)) or {},
                                       stated_number_ok=tool.stated_number_ok)
    return seen


@pytest.fixture
def cleanup_spy():
    yield
    registry.TOOLS.pop("spy", None)


def test_a_withheld_caller_books_on_the_number_they_gave_never_on_one_the_model_sends(cleanup_spy):
    seen = spy_on("book_appointment")
    args = {"service": "Haircut", "start": "2030-01-02T10:00:00-05:00", "caller_name": "Jane",
            "caller_phone": "+12125550100"}
    with pytest.raises(CallerNumberNeeded, match="ask for the best number"):
        registry.run("spy", args, call_context())
    assert seen == {}
    registry.run("spy", args, call_context(callback="+12125550188"))
    assert seen["caller_phone"] == "+12125550188"


@pytest.mark.parametrize("name", ["list_appointments", "cancel_appointment", "reschedule_appointment",
                                  "send_confirmation", "confirm_attendance", "forget_me"])
def test_a_number_a_withheld_caller_gave_never_reaches_existing_records(name, cleanup_spy):
    seen = spy_on(name)
    with pytest.raises(CallerNumberNeeded, match="cannot be looked up or changed"):
        registry.run("spy", {"caller_phone": "+12125550100"}, call_context(callback="+12125550100"))
    assert seen == {}
    assert not registry.get(name).stated_number_ok


def test_an_faq_entry_about_another_service_does_not_answer():
    business = make_business(faq=[{"question": "How much is a haircut?", "answer": "A haircut is $55.",
                                    "keywords": ["price", "cost", "haircut", "much"]}])
    ctx = ToolContext(business, calendar=None, crm=None, clock=CLOCK)
    assert registry.run("answer_faq", {"question": "How much is a haircut?"}, ctx)["answer"] == "A haircut is $55."
    colour = registry.run("answer_faq", {"question": "how much for a colour?"}, ctx)
    assert colour["answer"].startswith("A Hair Colouring is $140") and colour["matched_question"] == "business details"
    parking = business.model_copy(update={"faq": [*business.faq, *make_business().faq]})
    answer = registry.run("answer_faq", {"question": "is there parking nearby for my haircut?"},
                          ToolContext(parking, calendar=None, crm=None, clock=CLOCK))["answer"]
    assert "garage" in answer


def test_an_appointment_shared_with_an_entry_is_not_enough_to_answer():
    walk_ins = {"question": "Do you take walk-ins?", "answer": "We take walk-ins when a chair is free.",
                "keywords": ["walk", "walkin", "walk-in", "without", "appointment"]}
    business = make_business(faq=[walk_ins])
    ctx = ToolContext(business, calendar=None, crm=None, clock=CLOCK)
    evening = registry.run("answer_faq", {"question": "do you do evening appointments?"}, ctx)
    assert evening["matched_question"] == "business details" and evening["answer"].startswith("Yes, we're open until")
    # a question of generic words alone still finds the entry that speaks of them
    assert registry.run("answer_faq", {"question": "do I need an appointment?"}, ctx)["answer"] == walk_ins["answer"]
    assert registry.run("answer_faq", {"question": "can I just walk in?"}, ctx)["answer"] == walk_ins["answer"]


def test_texting_the_address_needs_an_address_and_a_way_to_text():
    from shared.errors import InvalidState

    nowhere = make_business(faq=[], address="")
    with pytest.raises(InvalidState, match="no address"):
        registry.run("send_business_details", {"caller_phone": "+12125550100"},
                     ToolContext(nowhere, calendar=None, crm=None, clock=CLOCK))
    with pytest.raises(InvalidState, match="not available"):
        registry.run("send_business_details", {"caller_phone": "+12125550100"},
                     ToolContext(make_business(address="1 Main Street"), calendar=None, crm=None, clock=CLOCK))


def test_the_list_of_services_is_marked_as_such():
    """The dialogue asks "Which would you like?" after the list by this mark, never by its words."""
    ctx = ToolContext(make_business(faq=[]), calendar=None, crm=None, clock=CLOCK)
    listed = registry.run("answer_faq", {"question": "what services do you offer?"}, ctx)
    assert listed["lists_services"] is True and listed["answer"].startswith("We offer")
    recommended = registry.run("answer_faq", {"question": "what would you recommend?"}, ctx)
    assert recommended["lists_services"] is True
    hours = registry.run("answer_faq", {"question": "what are your opening hours?"}, ctx)
    assert hours["found"] and hours["lists_services"] is False
