"""The call benchmark (bench/calls) itself: its business configs are valid and cover the goal kinds,
a seed replays the same call, and the grammar says numbers, times and emails as callers do."""

import datetime as dt
import json
import random
from pathlib import Path

from bench.calls import run
from bench.calls.grammar import Grammar, words
from shared.domain.business import Business

KINDS = {"book", "move", "cancel", "ask", "message", "person", "not_ready", "complaint", "emergency",
         "wrong_number", "sales"}


def test_ten_business_types_split_into_tuning_and_held_back_cover_every_goal_kind():
    types = run.load_types()
    assert len(types) >= 10
    assert {t["split"] for t in types} == {"tuning", "held_back"}
    for kind in types:
        business = Business.model_validate(kind["business"])
        assert {g["kind"] for g in kind["goals"]} == KINDS, kind["file"]
        for goal in kind["goals"]:
            for service in (goal.get("service"), (goal.get("also") or {}).get("service")):
                assert service is None or business.find_service(service), (kind["file"], service)
        if business.visits_callers:
            assert business.service_areas


def test_a_seed_replays_the_same_call_and_another_seed_varies_it():
    common = json.loads((Path(run.HERE) / "common.json").read_text())
    tables = {k: v for k, v in common.items() if not k.startswith("_")}
    [salon] = run.load_types({"hair_salon"})
    spec = salon["goals"][0]
    first = run.run_one(salon, spec, 0, 1, tables, "offline")
    again = run.run_one(salon, spec, 0, 1, tables, "offline")
    other = run.run_one(salon, spec, 0, 2, tables, "offline")
    assert first["transcript"] == again["transcript"] and first["passed"] == again["passed"]
    assert first["transcript"] != other["transcript"]


def test_the_grammar_says_numbers_times_and_emails_as_callers_do():
    assert words(1420) == "fourteen twenty" and words(23) == "twenty three" and words(506) == "five hundred six"
    grammar = Grammar({"t": ["(a|b) [c] {x}"]}, random.Random(3))
    said = {grammar.say("t", {"x": "d"}) for _ in range(40)}
    assert said <= {"A d", "B d", "A c d", "B c d"} and len(said) == 4
    times = {grammar.time(dt.time(14, 30)) for _ in range(60)}
    assert "half past two" in times and any(t.startswith("two thirty") for t in times)
    assert grammar.email("jane.doe", "gmail").startswith("jane dot doe")
