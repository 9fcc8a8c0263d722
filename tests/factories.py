"""Test data: businesses built from the demo seed with overrides, and fixed clocks."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
from pathlib import Path

from shared.domain.business import Business

ROOT = Path(__file__).resolve().parents[1]
DEMO = json.loads((ROOT / "infra" / "seed" / "demo-business.json").read_text())
_numbers = itertools.count(100)
_ids = itertools.count(1)


def business_data(**overrides) -> dict:
    data = copy.deepcopy(DEMO)
    data["id"] = f"biz-{next(_ids)}-{overrides.pop('suffix', 'test')}"
    data["phone_numbers"] = [f"+1212555{next(_numbers):04d}"]
    data["exceptions"] = []
    data["staff"] = []  # one implicit resource unless a test gives a team
    data.update(overrides)
    return data


def make_business(**overrides) -> Business:
    return Business.model_validate(business_data(**overrides))


def every_day(open_: str = "09:00", close: str = "17:00") -> dict:
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return {day: [{"open": open_, "close": close}] for day in days}


def fixed_clock(moment: dt.datetime):
    return lambda: moment


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


MONDAY_9AM_NY = utc(2030, 3, 4, 14, 0)  # Monday 2030-03-04 09:00 in New York
