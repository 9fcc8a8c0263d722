"""Scores the offline dialogue engine's understanding on an SGD appointments file.

    .venv/bin/python bench/nlu_accuracy.py ../shared/data/sgd_appointments/dev.jsonl [--misses FILE]

Follows the data README's "How to score": skip the header; parse every utterance with "now" =
the header's base_date at 10:00 (no dialogue context); time and date accuracy over records with a
non-null value; intent accuracy over the records that get one of five labels. Engine intents map
to labels: book -> book, check_availability -> check_availability, affirm -> affirm,
deny / not_interested -> decline, goodbye -> goodbye.
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--misses", default=None, help="where to write the misses (JSONL)")
    parser.add_argument("--tz", default="America/New_York")
    args = parser.parse_args()

    path = Path(args.file)
    lines = path.read_text().splitlines()
    meta = json.loads(lines[0])["_meta"]
    base = dt.date.fromisoformat(meta["base_date"])
    now = dt.datetime.combine(base, dt.time(10, 0), tzinfo=ZoneInfo(args.tz))
    misses_path = Path(args.misses or f"bench/nlu_misses_{path.stem}.out")
    counts = Counter()
    confusion = Counter()
    with misses_path.open("w") as misses:
        for line in lines[1:]:
            record = json.loads(line)
            result = understand(record["utterance"], now).as_dict()
            slots = result["slots"]
            wrong = []
            if record["time"] is not None:
                counts["time_total"] += 1
                if slots.get("time") == record["time"]:
                    counts["time_ok"] += 1
                else:
                    wrong.append("time")
            if record["date"] is not None:
                counts["date_total"] += 1
                if slots.get("date") == record["date"]:
                    counts["date_ok"] += 1
                else:
                    wrong.append("date")
            label = label_of(record)
            if label is not None:
                counts["intent_total"] += 1
                got = ENGINE_TO_LABEL.get(result["intent"], result["intent"])
                if got == label:
                    counts["intent_ok"] += 1
                else:
                    wrong.append("intent")
                    confusion[(label, got)] += 1
            if wrong:
                misses.write(json.dumps({"id": record["id"], "utterance": record["utterance"], "wrong": wrong,
                                         "expected": {"time": record["time"], "date": record["date"],
                                                      "intent": label},
                                         "got": {**slots, "intent": result["intent"]}}) + "\n")

    for name in ("time", "date", "intent"):
        total = counts[f"{name}_total"]
        ok = counts[f"{name}_ok"]
        print(f"{name} accuracy: {ok / total if total else 0:.3f} ({ok}/{total})")
    print("intent confusions (expected -> got):",
          ", ".join(f"{e}->{g} {n}" for (e, g), n in confusion.most_common(8)))
    print(f"misses written to {misses_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
