"""One reminders sweep over 10,000 appointments due in the window across 20 businesses.

Starts its own stack on free ports, writes the appointments (each with a 24 h reminder due), then
runs the real sweep in this process against the Firestore emulator and the Cloud Tasks emulator,
and prints the time to create every notification record and enqueue every task, the Firestore
round trips it used (query pages + batch commits, counted by shared.adapters.roundtrips), the
Cloud Tasks calls (one per record, as the sweep reports), and the throughput. Writes are
batched in chunks of at most 500.

    .venv/bin/python bench/reminders.py [--appointments 10000] [--businesses 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.local.stack import Stack, free_port  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appointments", type=int, default=10_000)
    parser.add_argument("--businesses", type=int, default=20)
    args = parser.parse_args()
    # Tasks that cannot be delivered are dropped after one try: the bench measures queuing, not sending.
    stack = Stack.on_free_ports(ROOT / ".run" / "bench-reminders", "demo-voicehive-bench", tasks_max_retries=0)
    env = stack.start()
    os.environ.update({**env, "PUBLIC_BASE_URL": f"http://127.0.0.1:{free_port()}"})
    try:
        from google.cloud import firestore

        from shared.adapters.roundtrips import counting
        from shared.app import get_app
        from shared.domain import availability as av
        from shared.domain.appointments import Appointment, Caller, StatusChange
        from tests.factories import every_day, make_business

        client = firestore.Client(project=stack.project)
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        businesses = [make_business(id=f"bench-{n:02d}", hours=every_day("00:00", "23:55"))
                      for n in range(args.businesses)]
        for business in businesses:
            get_app().directory.register(business)
        began = time.perf_counter()
        batch, pending = client.batch(), 0
        for n in range(args.appointments):
            business = businesses[n % len(businesses)]
            service = business.services[0]
            start = now + dt.timedelta(hours=23, minutes=(n % 50))  # the 24 h reminder is due
            block = av.appointment_block(start, service)
            appointment = Appointment(
                id=f"r{n:06d}", business_id=business.id, service=service.name, start=start,
                end=start + dt.timedelta(minutes=service.duration_minutes), block_start=block.start,
                block_end=block.end, cells=[], caller=Caller(phone=f"+1212{5550000 + n % 9000:07d}", name="Bench"),
                caller_phone=f"+1212{5550000 + n % 9000:07d}", history=[StatusChange(status="booked", at=now)],
                created_at=now, updated_at=now)
            appointment.reminder_plan = [1440, 120]
            appointment.next_reminder_at = start - dt.timedelta(minutes=1440)
            batch.set(client.collection("businesses").document(business.id).collection("appointments")
                      .document(appointment.id), appointment.model_dump())
            pending += 1
            if pending == 500:
                batch.commit()
                batch, pending = client.batch(), 0
        if pending:
            batch.commit()
        print(f"setup: {args.appointments} appointments across {args.businesses} businesses written in "
              f"{time.perf_counter() - began:.1f}s")

        reminders = get_app().reminders
        began = time.perf_counter()
        with counting() as round_trips:
            stats = reminders.sweep(now)
        elapsed = time.perf_counter() - began
        print(f"sweep: {stats['appointments']} appointments, {stats['notifications']} notifications recorded and "
              f"queued in {elapsed:.1f}s -> {stats['notifications'] / elapsed:.0f} notifications/s")
        print(f"Firestore round trips: {round_trips['read']} reads (query pages) + {round_trips['write']} writes "
              f"(batch commits of <= 500 writes) = {round_trips['read'] + round_trips['write']}; "
              f"batches {stats['batches']}, conflicts {stats['conflicts']}")
        enqueue_time = stats["enqueue_seconds"]
        print(f"split: {elapsed - enqueue_time:.1f}s finding, planning, rendering and committing; "
              f"{enqueue_time:.1f}s enqueuing")
        print(f"Cloud Tasks create_task calls: {stats['notifications']} (one per notification record; 8 in flight)")
        again = reminders.sweep(now)
        print(f"a second sweep at the same moment: {again['notifications']} notifications (expected 0)")
        ok = stats["notifications"] == args.appointments and again["notifications"] == 0
        return 0 if ok else 1
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
