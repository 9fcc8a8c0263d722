"""Loading the module and an instance's first request run without the garbage collector, which
comes back after each with everything built so far left out of later collections (functions/main.py)."""

import json
import subprocess
import sys

from tests.factories import ROOT

SCRIPT = """
import gc, json
import functions_framework
app = functions_framework.create_app(target="tools", source="functions/main.py")
client = app.test_client()
before = gc.isenabled(), gc.get_freeze_count()
first = client.get("/")  # no API key: 401, before any backend is touched
after_first = gc.isenabled(), gc.get_freeze_count() - before[1]
frozen = gc.get_freeze_count()
second = client.get("/")
print(json.dumps({"before": before, "after_first": after_first, "statuses": [first.status_code, second.status_code],
                  "frozen_again": gc.get_freeze_count() > frozen}))
"""


def test_loading_and_the_first_request_pause_the_collector_then_freeze_what_they_built():
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "FIRESTORE_EMULATOR_HOST": "127.0.0.1:9"})
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["before"][0] is True and result["before"][1] > 10_000  # the module's imports
    assert result["after_first"][0] is True and result["after_first"][1] > 1_000  # the first request's
    assert result["statuses"] == [401, 401]
    assert result["frozen_again"] is False
