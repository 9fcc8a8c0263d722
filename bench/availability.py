"""Time for `check_availability` (one day) through HTTP with 100 vs 100,000 appointments stored.

Starts its own stack on free ports (Firestore emulator + functions server), so it does not touch a
running dev stack. The target day holds the same 6 appointments in both runs; the rest are spread
over other days. Target: ratio <= 1.5. A day's busy blocks are read from its calendar_days
documents (one batched get), never by scanning appointments.

    .venv/bin/python bench/availability.py [--large 100000] [--requests 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.local.stack import Stack  # noqa: E402


def insert_appointments(client, repository, business, count: int, target_day: dt.date, offset: int) -> None:
    """The first 6 go through the repository's own create (locks, day map, appointment); the bulk
    is written in batches of 500 with the same appointment documents and day map entries (lock
    cells are left out: availability never reads them)."""
    from shared.adapters.firestore_store import _utc_days
    from shared.domain import availability as av
    from shared.domain.appointments import Appointment, Caller, StatusChange

    service = business.services[0]
    zone = ZoneInfo(business.timezone)
    root = client.collection("businesses").document(business.id)
    now = dt.datetime.now(dt.timezone.utc)
    batch, pending, days = client.batch(), 0, {}
    for n in range(offset, offset + count):
        day = target_day if n < 6 else target_day + dt.timedelta(days=1 + n // 10)
        start = dt.datetime.combine(day, dt.time(9 + n % 10, 0), tzinfo=zone).astimezone(dt.timezone.utc)
        block = av.appointment_block(start, service)
        phone = f"+1212{5550000 + n % 9999:07d}"
        appointment = Appointment(
            id=f"a{n:07d}", business_id=business.id, service=service.name, start=start,
            end=start + dt.timedelta(minutes=service.duration_minutes), block_start=block.start,
            block_end=block.end, cells=av.lock_cells(block), caller=Caller(phone=phone, name=f"Caller {n}"),
            caller_phone=phone, source="bench", history=[StatusChange(status="booked", at=now)],
            created_at=now, updated_at=now,
        )
        if n < 6:
            repository.create(appointment)
            continue
        batch.set(root.collection("appointments").document(appointment.id), appointment.model_dump())
        for utc_day in _utc_days(block.start, block.end):
            days.setdefault(utc_day, {})[appointment.id] = {"start": block.start, "end": block.end}
        pending += 1
        if pending == 450:
            for utc_day, blocks in days.items():
                batch.set(root.collection("calendar_days").document(utc_day), {"blocks": blocks}, merge=True)
            batch.commit()
            batch, pending, days = client.batch(), 0, {}
    for utc_day, blocks in days.items():
        batch.set(root.collection("calendar_days").document(utc_day), {"blocks": blocks}, merge=True)
    batch.commit()


def measure(url: str, key: str, body: dict, requests: int) -> list[float]:
    data = json.dumps(body).encode()
    timings = []
    for n in range(requests + 3):
        request = urllib.request.Request(url, data=data, method="POST",
                                         headers={"Authorization": f"Bearer {key}"})
        began = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            payload = json.loads(response.read())
        elapsed = time.perf_counter() - began
        if n >= 3:  # the first requests warm the caches and the connection
            timings.append(elapsed)
    assert payload["slots"], "no slots returned"
    return timings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()

    stack = Stack.on_free_ports(ROOT / ".run" / "bench", "demo-voicehive-bench")
    env = stack.start()
    os.environ.update(env)
    try:
        from google.cloud import firestore

        from shared.adapters.firestore_store import FirestoreAppointments, FirestoreBusinesses
        from shared.services.businesses import BusinessDirectory
        from tests.factories import every_day, make_business

        client = firestore.Client(project=stack.project)
        business = make_business(id="bench-salon", timezone="America/New_York",
                                 hours=every_day("08:00", "20:00"), max_days_ahead=365, min_notice_minutes=0)
        BusinessDirectory(FirestoreBusinesses(client)).register(business, "bench-key")
        target = dt.datetime.now(ZoneInfo(business.timezone)).date() + dt.timedelta(days=2)
        url = f"{env['FUNCTIONS_BASE_URL']}/tools/check_availability"
        body = {"service": business.services[0].name, "date": target.isoformat()}

        results = {}
        stored = 0
        for label, count in (("small", args.small), ("large", args.large)):
            began = time.perf_counter()
            repository = FirestoreAppointments(client)
            insert_appointments(client, repository, business, count - stored, target, stored)
            stored = count
            load = time.perf_counter() - began
            timings = measure(url, "bench-key", body, args.requests)
            results[label] = statistics.median(timings)
            p95 = sorted(timings)[int(len(timings) * 0.95) - 1]
            p50 = results[label] * 1000
            print(f"{count:>7} appointments stored (loaded in {load:5.1f}s): "
                  f"p50 {p50:6.1f} ms  p95 {p95 * 1000:6.1f} ms  over {len(timings)} requests")
        ratio = results["large"] / results["small"]
        print(f"ratio p50 large/small: {ratio:.2f} (target <= 1.5) -> {'OK' if ratio <= 1.5 else 'MISSED'}")
        return 0 if ratio <= 1.5 else 1
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
