"""Cloud Scheduler stand-in for the local stack: POSTs to a URL every N seconds."""

from __future__ import annotations

import argparse
import time
import urllib.request


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--every", type=float, default=300.0)
    args = parser.parse_args()
    while True:
        time.sleep(args.every)
        request = urllib.request.Request(args.url, data=b"{}", method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(request, timeout=120).read()
        except Exception as exc:  # a missed run is caught up by the next one
            print(f"scheduler: {args.url} failed: {exc}", flush=True)


if __name__ == "__main__":
    main()
