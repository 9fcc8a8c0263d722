"""Runs gcloud-tasks-emulator bound to 127.0.0.1 only (its own CLI binds every interface).

Runs under the emulator's own virtualenv (it pins protobuf<5); it imports nothing from VoiceHive.
Usage: python tasks_emulator.py --port 8790 --queue projects/P/locations/L/queues/Q [--max-retries N]
"""

import argparse
import logging
import signal
import sys
import time
from concurrent import futures

import grpc
from gcloud_tasks_emulator import server as emulator


def _run_on_loopback(self):
    self._httpd = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    emulator.add_CloudTasksServicer_to_server(emulator.Greeter(self._state), self._httpd)
    self._httpd.add_insecure_port(f"127.0.0.1:{self._port}")
    self._httpd.start()
    self._is_running.set()
    while self._is_running.is_set():
        time.sleep(0.1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--queue", action="append", default=[])
    parser.add_argument("--max-retries", type=int, default=-1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    emulator.APIThread.run = _run_on_loopback
    server = emulator.create_server("127.0.0.1", args.port, "127.0.0.1", 80, args.queue,
                                    args.max_retries)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.start()
    try:
        while True:
            time.sleep(0.5)
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
