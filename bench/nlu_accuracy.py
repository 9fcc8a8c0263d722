"""Scores the offline dialogue engine's understanding on SGD appointments files, side by side.

    .venv/bin/python bench/nlu_accuracy.py ../shared/data/sgd_appointments/dev.jsonl \
        ../shared/data/sgd_appointments/train.jsonl [--rules-only] [--misses DIR]

The engine's understanding is the rules plus, where they say "unknown", the nearest labelled
example (shared/dialogue/intent_guess.py); `--rules-only` scores the rules alone. Report dev
(never tuned on) next to train: a gap shows over-fitting.

Follows the data README's "How to score": skip the header; parse every utterance with "now" =
the header's base_date at 10:00 (no dialogue context); time and date accuracy over records with a
non-null value; intent accuracy over the records that get one of five labels. Engine intents map
to labels: book -> book, check_availability -> check_availability, affirm -> affirm,
deny / not_interested -> decline, goodbye -> goodbye.

A second intent line counts a yes to the booking the system offered (SGD's AFFIRM_INTENT without
INFORM_INTENT: "Yes, please." to "Shall I reserve it?") as understood when the engine says affirm
or book: without the dialogue the words are a yes, and the engine's affirm to a pending offer is
what books it. The first line keeps the mapping above (label "book"), so figures stay comparable.
The misses are also counted by the SGD acts they were labelled from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shared.adapters.embedder import MODEL_ID, shared_embedder  # noqa: E402
from shared.dialogue.intent_guess import IntentGuess  # noqa: E402
from shared.dialogue.nlu import understand  # noqa: E402

ENGINE_TO_LABEL = {"book": "book", "check_availability": "check_availability", "affirm": "affirm",
                   "deny": "decline", "not_interested": "decline", "goodbye": "goodbye"}


def label_of(record: dict) -> str | None:
    acts = record["user_acts"]
    if acts is None:
        return None
    intent = record["intent"]
    if ("INFORM_INTENT" in acts or "AFFIRM_INTENT" in acts) and intent in (
            "BookAppointment", "ReserveRestaurant", "AddEvent"):
        return "book"
    if "INFORM_INTENT" in acts and intent in ("GetAvailableTime", "GetEvents"):
        return "check_availability"
    if acts == ["AFFIRM"]:
        return "affirm"
    if acts == ["NEGATE_INTENT"]:
        return "decline"
    if "GOODBYE" in acts or sorted(acts) == ["NEGATE", "THANK_YOU"]:
        return "goodbye"
    return None


def yes_to_offer(record: dict) -> bool:
    acts = record["user_acts"] or []
    return "AFFIRM_INTENT" in acts and "INFORM_INTENT" not in acts


def score(path: Path, tz: str, guess, misses_path: Path) -> tuple[Counter, Counter]:
    lines = path.read_text().splitlines()
    meta = json.loads(lines[0])["_meta"]
    base = dt.date.fromisoformat(meta["base_date"])
    now = dt.datetime.combine(base, dt.time(10, 0), tzinfo=ZoneInfo(tz))
    counts: Counter = Counter()
    confusion: Counter = Counter()
    with misses_path.open("w") as misses:
        for line in lines[1:]:
            record = json.loads(line)
            result = understand(record["utterance"], now, guess=guess).as_dict()
            slots = result["slots"]
            wrong = []
            for name in ("time", "date"):
                if record[name] is not None:
                    counts[f"{name}_total"] += 1
                    if slots.get(name) == record[name]:
                        counts[f"{name}_ok"] += 1
                    else:
                        wrong.append(name)
            label = label_of(record)
            if label is not None:
                counts["intent_total"] += 1
                got = ENGINE_TO_LABEL.get(result["intent"], result["intent"])
                if got == label:
                    counts["intent_ok"] += 1
                else:
                    wrong.append("intent")
                    confusion[(label, got)] += 1
                    confusion[("acts", "+".join(record["user_acts"]), got)] += 1
                if got == label or (yes_to_offer(record) and got in ("affirm", "book")):
                    counts["offer_ok"] += 1
            if wrong:
                misses.write(json.dumps({"id": record["id"], "utterance": record["utterance"], "wrong": wrong,
                                         "expected": {"time": record["time"], "date": record["date"],
                                                      "intent": label},
                                         "got": {**slots, "intent": result["intent"]}}) + "\n")
    return counts, confusion


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--misses", default="bench", help="the directory the misses go to (JSONL per file)")
    parser.add_argument("--tz", default="America/New_York")
    parser.add_argument("--rules-only", action="store_true", help="no nearest-example guess")
    args = parser.parse_args()

    guess = None if args.rules_only else IntentGuess(shared_embedder, MODEL_ID).guess
    results = {}
    for file in args.files:
        path = Path(file)
        results[path.stem] = score(path, args.tz, guess, Path(args.misses) / f"nlu_misses_{path.stem}.out")
    print("engine:", "rules only" if args.rules_only else "rules + nearest example")
    print(f"{'':34}" + "".join(f"{name:>22}" for name in results))
    for name, total_name, title in (("time", "time", "time"), ("date", "date", "date"), ("intent", "intent", "intent"),
                                    ("offer", "intent", "intent, a yes to an offer counted")):
        cells = []
        for counts, _ in results.values():
            total, ok = counts[f"{total_name}_total"], counts[f"{name}_ok"]
            cells.append(f"{ok / total if total else 0:.3f} ({ok}/{total})")
        print(f"{title:34}" + "".join(f"{cell:>22}" for cell in cells))
    for stem, (_, confusion) in results.items():
        pairs = Counter({key: n for key, n in confusion.items() if len(key) == 2})
        acts = Counter({key[1:]: n for key, n in confusion.items() if len(key) == 3})
        print(f"{stem} intent confusions (expected -> got):",
              ", ".join(f"{e}->{g} {n}" for (e, g), n in pairs.most_common(8)))
        print(f"{stem} intent misses by SGD acts (acts -> got):",
              ", ".join(f"{a}->{g} {n}" for (a, g), n in acts.most_common(8)))
    print(f"misses written to {args.misses}/nlu_misses_*.out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
