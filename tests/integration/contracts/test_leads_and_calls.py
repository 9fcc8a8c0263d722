"""The contract of LeadRepository and CallRepository (shared/ports.py)."""

import datetime as dt

import pytest

from shared.domain.calls import Call, TurnRecord
from shared.domain.leads import Interaction, add_interaction, new_lead
from shared.errors import Conflict, InvalidInput
from shared.ports import LeadFilters
from tests.factories import MONDAY_9AM_NY

NOW = MONDAY_9AM_NY


def put_lead(store, lead_id, score=0.0, stage="new", terms=(), service=None, days_old=0, business="b1"):
    def mutate(current):
        created = NOW - dt.timedelta(days=days_old)
        lead = current or new_lead(business, lead_id, f"+1212555{lead_id[-4:]}", "call", created)
        lead.score, lead.stage, lead.search_terms, lead.interest_service = score, stage, list(terms), service
        return lead, None

    return store.leads.upsert(business, lead_id, mutate)


def test_an_upsert_runs_the_mutation_on_the_current_lead_and_files_the_interaction(store):
    seen = []

    def mutate(current):
        seen.append(current.model_copy(deep=True) if current else None)
        lead = current or new_lead("b1", "p0101", "+12125550101", "call", NOW)
        interaction = Interaction(id=f"i{lead.interaction_count}", kind="call", at=NOW, detail="asked prices")
        add_interaction(lead, interaction)
        return lead, interaction

    first = store.leads.upsert("b1", "p0101", mutate)
    second = store.leads.upsert("b1", "p0101", mutate)
    assert seen[0] is None and seen[-1] == first
    assert second.interaction_count == 2 and store.leads.get("b1", "p0101") == second
    assert store.raw("businesses/b1/leads/p0101/interactions/i1")["detail"] == "asked prices"
    store.leads.clear_interactions("b1", "p0101")
    assert store.raw("businesses/b1/leads/p0101/interactions/i0") is None
    assert store.raw("businesses/b1/leads/p0101/interactions/i1") is None
    assert store.leads.get("b1", "") is None and store.leads.get("b1", "a/b") is None
    assert store.leads.get("b2", "p0101") is None


def ids(found):
    return [lead.id for lead in found[0]]


def test_search_filters_and_orders_by_score_then_id(store):
    put_lead(store, "p0001", score=10, terms=["ann", "lee"], service="Haircut")
    put_lead(store, "p0002", score=30, terms=["ann"], stage="qualified")
    put_lead(store, "p0003", score=30, terms=["bob", "lee"], service="Haircut")
    put_lead(store, "p0004", score=20, terms=["ann", "lee"], days_old=10)
    put_lead(store, "p0009", score=99, terms=["ann"], business="b2")
    assert ids(store.leads.search("b1", LeadFilters(), 10, None)) == ["p0003", "p0002", "p0004", "p0001"]
    assert ids(store.leads.search("b1", LeadFilters(stage="qualified"), 10, None)) == ["p0002"]
    assert ids(store.leads.search("b1", LeadFilters(service="Haircut"), 10, None)) == ["p0003", "p0001"]
    assert ids(store.leads.search("b1", LeadFilters(text_tokens=("ann", "lee")), 10, None)) == ["p0004", "p0001"]
    assert ids(store.leads.search("b1", LeadFilters(min_score=15, max_score=25), 10, None)) == ["p0004"]
    recent = LeadFilters(since=NOW - dt.timedelta(days=1))
    assert ids(store.leads.search("b1", recent, 10, None)) == ["p0003", "p0002", "p0001"]  # newest, then id
    both = LeadFilters(min_score=15, since=NOW - dt.timedelta(days=1))
    assert ids(store.leads.search("b1", both, 10, None)) == ["p0003", "p0002"]
    old = LeadFilters(until=NOW - dt.timedelta(days=1))
    assert ids(store.leads.search("b1", old, 10, None)) == ["p0004"]


def test_search_pages_with_a_cursor_and_refuses_a_bad_one(store):
    for n in range(5):
        put_lead(store, f"p000{n}", score=n)
    page, cursor = store.leads.search("b1", LeadFilters(), 2, None)
    assert [lead.id for lead in page] == ["p0004", "p0003"] and cursor
    page, cursor = store.leads.search("b1", LeadFilters(), 2, cursor)
    assert [lead.id for lead in page] == ["p0002", "p0001"] and cursor
    page, cursor = store.leads.search("b1", LeadFilters(), 2, cursor)
    assert [lead.id for lead in page] == ["p0000"] and cursor is None
    with pytest.raises(InvalidInput) as bad:
        store.leads.search("b1", LeadFilters(), 2, "not-a-cursor")
    assert "cursor" in bad.value.fields


def new_call(sid="CA" + "1" * 32, phone="+12125550123", business="b1") -> Call:
    return Call(call_sid=sid, business_id=business, caller_phone=phone, dialled="+12125550100",
                started_at=NOW, updated_at=NOW)


def turn(n: int, said: str = "hello") -> TurnRecord:
    return TurnRecord(n=n, caller=said, roxy="Hi!", engine="offline", at=NOW)


def test_a_call_is_created_once_and_each_save_needs_the_version_it_read(store):
    call = new_call()
    assert store.calls.create(call) is not None
    assert store.calls.create(call) is None  # a repeated first webhook
    found, version = store.calls.get("b1", call.call_sid)
    assert found == call
    _, same_version = store.calls.get("b1", call.call_sid, turn=0)
    found.turn = 1
    found.transcript.append({"role": "caller", "text": "hello"})
    store.calls.save(found, version, turn(0))
    assert store.calls.get("b1", call.call_sid, turn=1)[0] == found
    assert store.calls.get("b1", call.call_sid)[0] == found
    with pytest.raises(Conflict):
        store.calls.save(found, same_version)  # another delivery wrote it meanwhile
    assert store.calls.get("b1", call.call_sid)[0].turn == 1
    assert store.calls.get("b1", "") is None and store.calls.get("b1", "a/b") is None
    assert store.calls.get("b2", call.call_sid) is None


def test_turns_are_kept_in_order(store):
    call = new_call()
    store.calls.create(call)
    for n in (0, 1, 2):
        current, version = store.calls.get("b1", call.call_sid)
        current.turn = n + 1
        store.calls.save(current, version, turn(n, f"line {n}"))
    assert [(t.n, t.caller) for t in store.calls.turns("b1", call.call_sid)] == [(0, "line 0"), (1, "line 1"),
                                                                               (2, "line 2")]
    assert store.raw(f"businesses/b1/calls/{call.call_sid}/turns/0001")["caller"] == "line 1"


def test_a_call_read_to_answer_saves_with_that_version_and_an_interruption_marks_its_turn(store):
    call = Call(call_sid="CA" + "7" * 32, business_id="b1", caller_phone="+12125550123", dialled="+12125550100",
                started_at=NOW, updated_at=NOW)
    store.calls.create(call)
    assert store.calls.get_to_answer("b1", "CA" + "8" * 32) is None
    found, version = store.calls.get_to_answer("b1", call.call_sid)
    remembered, same = store.calls.get("b1", call.call_sid, turn=0)
    assert remembered == found
    found.turn = 1
    store.calls.save(found, same, turn(0, "hello"))
    store.calls.mark_interrupted("b1", call.call_sid, 0, "We open at —")
    [record] = store.calls.turns("b1", call.call_sid)
    assert (record.roxy, record.interrupted) == ("We open at —", True)
    store.calls.mark_interrupted("b1", call.call_sid, 5, "never written")  # no such turn: nothing
    assert len(store.calls.turns("b1", call.call_sid)) == 1


def test_forgetting_a_caller_scrubs_their_other_calls_and_turns(store):
    mine, current, theirs = new_call("CA" + "1" * 32), new_call("CA" + "2" * 32), new_call("CA" + "3" * 32, "+1999")
    for call in (mine, current, theirs):
        store.calls.create(call)
        found, version = store.calls.get("b1", call.call_sid)
        found.summary = "wants a trim"
        found.state.caller.name, found.state.caller.preferences = "Ann", {"part_of_day": "morning"}
        found.state.caller.own_name, found.state.caller.address = "Ann Lee", "12 Elm Street"
        found.state.caller.callback_phone, found.state.caller.problem = "+12125550199", "a leaking tap"
        found.state.pending = {"action": "book_appointment", "args": {"caller_name": "Ann"}}
        found.transcript = [{"role": "caller", "text": "I'm Ann"}]
        found.profile = {"name": "Ann"}
        store.calls.save(found, version, turn(0, "I'm Ann"))
    assert store.calls.scrub_caller("b1", "+12125550123", skip_call=current.call_sid) == 1
    scrubbed = store.calls.get("b1", mine.call_sid)[0]
    assert (scrubbed.summary, scrubbed.state.caller.name, scrubbed.state.caller.preferences, scrubbed.transcript,
            scrubbed.profile) == ("", None, {}, [], {})
    assert scrubbed.state.caller == type(scrubbed.state.caller)()  # every fact the caller gave, not only the name
    assert scrubbed.state.pending is None
    assert [(t.caller, t.roxy) for t in store.calls.turns("b1", mine.call_sid)] == [("[forgotten]", "[forgotten]")]
    assert store.calls.get("b1", current.call_sid)[0].summary == "wants a trim"
    assert store.calls.get("b1", theirs.call_sid)[0].state.caller.name == "Ann"


def test_completed_calls_without_post_call_work_are_found_across_businesses(store):
    def ended(sid, business, minutes, status="completed", done=False):
        call = Call(call_sid=sid, business_id=business, caller_phone="+12125550101", dialled="+12125550100",
                    started_at=NOW, updated_at=NOW)
        store.calls.create(call)
        call, version = store.calls.get(business, sid)
        call.status, call.ended_at, call.post_call_done = status, NOW + dt.timedelta(minutes=minutes), done
        store.calls.save(call, version)

    ended("CAlate", "b1", 5)
    ended("CAearly", "b2", 1)
    ended("CAdone", "b1", 2, done=True)
    ended("CAbusy", "b1", 3, status="busy")
    ended("CAold", "b1", -2000)
    ended("CArecent", "b1", 30)
    since, before = NOW - dt.timedelta(days=1), NOW + dt.timedelta(minutes=10)
    assert store.calls.unfinished(before, since, 10) == [("b2", "CAearly"), ("b1", "CAlate")]
    assert store.calls.unfinished(before, since, 1) == [("b2", "CAearly")]
