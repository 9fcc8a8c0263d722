"""Whole calls as the measure: simulated callers with goals ring businesses of ten types, in-process
(tests/world.py: the real functions over fakes of every port, at a pinned clock), and each call is
scored on the final state it leaves (score.py).

    .venv/bin/python -m bench.calls.run [--seeds 3] [--types dentist,plumber] [--kinds book,cancel]
                                        [--engine offline|llm] [--out .run/bench-calls.out]

Prints pass^1 (the share of calls that pass) and pass^3 (the share of goals whose three seeds all
pass) per business type, per goal kind, for the tuning and the held-back types and overall; writes
the failures, grouped, with their transcripts to --out. `--engine llm` needs OPENAI_API_KEY (and
optionally OPENAI_BASE_URL, OPENAI_MODEL) and runs the same calls through the LLM agent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.calls.caller import Caller, Goal, Persona  # noqa: E402
from bench.calls.grammar import Grammar  # noqa: E402
from bench.calls.score import Outcome, score  # noqa: E402

HERE = Path(__file__).resolve().parent
BENCH_NOW = "2026-12-07T09:30:00-05:00"   # a Monday morning in New York, far from any closure
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def load_types(only: set[str] | None = None) -> list[dict]:
    found = [json.loads(p.read_text()) | {"file": p.stem} for p in sorted((HERE / "types").glob("*.json"))]
    return [t for t in found if not only or t["file"] in only]


def next_weekday(today: dt.date, name: str) -> dt.date:
    ahead = (WEEKDAYS.index(name) - today.weekday()) % 7 or 7
    return today + dt.timedelta(days=ahead)


def resolve(kind: dict, spec: dict, key: str, today: dt.date, rng: random.Random, tables: dict) -> Goal:
    phrases = kind["phrases"]
    goal = Goal(key=key, kind=spec["kind"], service=spec.get("service"), part=spec.get("part", "any"),
                email=bool(spec.get("email")), also=spec.get("also"), staff=spec.get("staff"),
                emergency_service=spec.get("service") if spec["kind"] == "emergency" else None)
    if spec["kind"] == "emergency":
        goal.service = None
    if spec.get("day"):
        goal.day = next_weekday(today, spec["day"])
    if spec.get("from"):
        goal.existing = (next_weekday(today, spec["from"][0]), dt.time.fromisoformat(spec["from"][1]))
    if spec.get("other") or (goal.also and goal.also.get("other")):
        other = spec.get("other") or (goal.also or {}).get("other")
        goal.relation = other if isinstance(other, str) else rng.choice(tables["relation"])
    names = tables["other_first_f"] if goal.relation in ("daughter", "wife", "mom") else \
        tables["other_first_m"] if goal.relation in ("son", "husband", "dad") else \
        tables["other_first_f"] + tables["other_first_m"]
    if spec.get("other"):
        goal.other = rng.choice(names)
    if goal.also and goal.also.get("other"):
        goal.also = {**goal.also, "name": rng.choice(names)}
    for field, table in (("question", "questions"), ("message", "messages"), ("complaint", "complaints"),
                         ("emergency", "emergencies")):
        if field in spec:
            setattr(goal, field, phrases[table][spec[field]])
    if goal.kind == "message":
        goal.staff = goal.message["staff"]
    return goal


def persona(rng: random.Random, tables: dict, areas: list[str]) -> Persona:
    first, last = rng.choice(tables["first"]), rng.choice(tables["last"])
    user = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randint(1, 99)}"]).lower()
    return Persona(first=first, last=last, email_user=user, email_domain=rng.choice(tables["email_domain"]),
                   phone=f"+1646555{rng.randint(100, 199):04d}", house=rng.choice([14, 220, 1420, 87, 3105, 506]),
                   street=rng.choice(tables["street"]), area=rng.choice(areas or ["downtown"]))


def make_world(engine: str):
    from shared.app import build, set_app
    from shared.clock import parse_instant
    from shared.config import Settings
    from tests.world import BASE_URL, World

    world = World(now=parse_instant(BENCH_NOW))
    if engine == "llm":  # the same world, its App built with the OpenAI settings from the environment
        env = {"ENVIRONMENT": "development", "PUBLIC_BASE_URL": BASE_URL, "GOOGLE_CLOUD_PROJECT": "demo-inprocess",
               "MEMORY_BACKEND": "firestore", "MEMORY_EMBEDDINGS": "false", "LOG_LEVEL": "WARNING",
               **{k: v for k, v in os.environ.items() if k.startswith("OPENAI_")}}
        world.settings = Settings(env=env)
        world.app = build(world.settings, clock=world.clock, **world.parts)
        set_app(world.app)
    return world


def run_one(kind: dict, spec: dict, index: int, seed: int, tables: dict, engine: str) -> dict:
    from shared.domain.appointments import Caller as Booker
    from shared.domain.business import Business

    rng = random.Random(f"{kind['file']}-{index}-{seed}")
    world = make_world(engine)
    try:
        business = Business.model_validate(kind["business"])
        world.app.directory.register(business, None)
        today = world.today(business)
        key = f"{kind['file']}/{index:02d}-{spec['kind']}"
        goal = resolve(kind, spec, key, today, rng, tables)
        who = persona(rng, tables, business.service_areas)
        existing_id = None
        if goal.existing:
            start = world.at(business, *goal.existing[:1], goal.existing[1].strftime("%H:%M"))
            appointment, _ = world.app.calendar.book(business, spec["service"], start,
                                                     Booker(phone=who.phone, name=who.name))
            world.app.crm.record(business, who.phone, "booking", f"booking-{appointment.id}", stage="booked",
                                 name=who.name)
            existing_id = appointment.id
            world.run_tasks()
            world.parts["notifications"]  # the seeded booking's texts are not this call's
            seeded = {n["id"] for n in world.stored(business, "notifications")}
        else:
            seeded = set()
        grammar = Grammar({**tables, **{k: v for k, v in kind["phrases"].items() if isinstance(v, list)
                                        and v and isinstance(v[0], str)}}, rng)
        caller = Caller(goal=goal, persona=who, grammar=grammar, services=business.service_names(),
                        phrases=kind["phrases"], today=today, staff=kind.get("staff", []))
        call = world.ring(business, who.phone)
        answer = call.start()
        line = caller.opening()
        answer = call.say(line)
        while True:
            if answer.kind == "dial":
                _, answer = call.staff(answered=False)
                continue
            if answer.kind == "record":
                answer = call.leave_message(f"https://api.twilio.com/recordings/RE{seed}{index}")
                continue
            if answer.kind != "gather":
                break
            line = caller.reply(answer.text)
            if line is None:
                break
            answer = call.say(line)
        call.hangup()
        world.run_tasks()
        outcome = Outcome(goal=goal, caller=caller, zone=business.zone, transcript=list(call.transcript),
                          call_sid=call.call_sid, appointments=world.stored(business, "appointments"),
                          leads=world.stored(business, "leads"),
                          notifications=[n for n in world.stored(business, "notifications") if n["id"] not in seeded],
                          call_record=world.doc(business, "calls", call.call_sid), existing_id=existing_id,
                          staff_phone=business.transfer_number or "")
        failures = score(outcome)
        crashed = world.crashed_tasks()
        if crashed:
            failures.append(("crash: a queued task answered 500", str(crashed[0].url)))
        return {"type": kind["file"], "split": kind["split"], "goal": key, "kind": spec["kind"], "seed": seed,
                "passed": not failures, "failures": failures, "transcript": call.transcript,
                "alerts": outcome.alerts()}
    finally:
        world.close()


def pct(values: list[bool]) -> str:
    return f"{100 * sum(values) / len(values):5.1f} %" if values else "    -  "


def table(results: list[dict], by: str, seeds: int) -> list[str]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in results:
        groups[r[by]].append(r)
    lines = [f"| {by} | calls | pass^1 | pass^{seeds} |", "| --- | ---: | ---: | ---: |"]
    for name in sorted(groups):
        rows = groups[name]
        lines.append(f"| {name} | {len(rows)} | {pct([r['passed'] for r in rows])} | "
                     f"{pct(pass_k(rows))} |")
    return lines


def pass_k(rows: list[dict]) -> list[bool]:
    """One value per goal: whether every seed of it passed."""
    goals: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        goals[r["goal"]].append(r["passed"])
    return [all(v) for v in goals.values()]


def report(results: list[dict], seeds: int, elapsed: float, engine: str) -> str:
    lines = [f"Call benchmark: {len(results)} calls ({seeds} seeds per goal), engine {engine}, {elapsed:.0f} s", ""]
    for split in ("tuning", "held_back"):
        rows = [r for r in results if r["split"] == split]
        lines.append(f"{split}: pass^1 {pct([r['passed'] for r in rows]).strip()}, "
                     f"pass^{seeds} {pct(pass_k(rows)).strip()} ({len(rows)} calls)")
    lines.append(f"overall: pass^1 {pct([r['passed'] for r in results]).strip()}, "
                 f"pass^{seeds} {pct(pass_k(results)).strip()}")
    state_only = [not any(not g.startswith("turn:") for g, _ in r["failures"]) for r in results]
    lines.append(f"final state alone (turn checks aside): pass^1 {pct(state_only).strip()}")
    lines += ["", *table(results, "type", seeds), "", *table(results, "kind", seeds), ""]
    held = [r for r in results if r["split"] == "held_back"]
    if held:
        lines += ["held-back types by goal kind:", *table(held, "kind", seeds), ""]
    groups = Counter(group for r in results for group in dict.fromkeys(g for g, _ in r["failures"]))
    lines.append("failure groups (calls):")
    lines += [f"  {n:4d}  {group}" for group, n in groups.most_common()]
    return "\n".join(lines)


def failures_file(results: list[dict]) -> str:
    grouped: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    for r in results:
        details: dict[str, list[str]] = defaultdict(list)
        for group, detail in r["failures"]:
            details[group].append(detail)
        for group, said in details.items():
            grouped[group].append((r, " | ".join(dict.fromkeys(said))))
    out = []
    for group, items in sorted(grouped.items(), key=lambda kv: -len(kv[1])):
        out.append(f"=== {group} ({len(items)})")
        for r, detail in items[:6]:
            out.append(f"--- {r['goal']} seed {r['seed']}: {detail}")
            out += [f"    {who:>6}: {text}" for who, text in r["transcript"]]
            out += [f"    alert : {a}" for a in r["alerts"]]
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--types", default="", help="comma-separated type files (default: all)")
    parser.add_argument("--kinds", default="", help="comma-separated goal kinds (default: all)")
    parser.add_argument("--engine", choices=("offline", "llm"), default="offline")
    parser.add_argument("--out", default=str(ROOT / ".run" / "bench-calls.out"))
    args = parser.parse_args(argv)
    if args.engine == "llm" and not os.environ.get("OPENAI_API_KEY"):
        parser.error("--engine llm needs OPENAI_API_KEY")
    logging.disable(logging.WARNING)
    common = json.loads((HERE / "common.json").read_text())
    tables = {k: v for k, v in common.items() if not k.startswith("_")}
    kinds = set(filter(None, args.kinds.split(",")))
    began = time.perf_counter()
    results = []
    for kind in load_types(set(filter(None, args.types.split(","))) or None):
        for index, spec in enumerate(kind["goals"]):
            if kinds and spec["kind"] not in kinds:
                continue
            for seed in range(1, args.seeds + 1):
                results.append(run_one(kind, spec, index, seed, tables, args.engine))
    text = report(results, args.seeds, time.perf_counter() - began, args.engine)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n\n" + failures_file(results))
    out.with_suffix(".json").write_text(json.dumps(
        [{k: v for k, v in r.items() if k != "transcript"} for r in results], indent=1, default=str))
    print(f"\nfailures with transcripts: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
