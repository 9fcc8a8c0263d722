"""Session fixtures. Integration and e2e tests start the real emulators (Firestore, Cloud Tasks)
and the functions server once per session on free ports, and reset Firestore between tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def stack():
    from shared.app import build, set_app
    from shared.clock import TickingClock
    from shared.config import Settings
    from shared.local.stack import Stack
    from tests.clock import test_start

    # Memories in Firestore only: tests read them in-process too, and a local Mem0 store can be
    # opened by one process at a time (tests/e2e/test_memory_backends.py runs the Mem0 backends).
    start = test_start()
    stack = Stack.on_free_ports(ROOT / ".run" / f"test-{os.getpid()}", "demo-voicehive-test",
                                memory_backend="firestore", clock_start=start.isoformat())
    env = stack.start()
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    # This process's App: the same emulators and the same pinned clock as the stack's functions.
    set_app(build(Settings(), clock=TickingClock(start)))
    try:
        yield stack
    finally:
        set_app(None)
        stack.stop()
        shutil.rmtree(stack.run_dir, ignore_errors=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def console(stack):
    """The owner console on the session stack: the Auth emulator and the console host (console_api).
    Its addresses are in the returned env only: this process's environment stays as it was."""
    return stack.start_console()


@pytest.fixture(scope="session")
def firestore_client(stack):
    from google.cloud import firestore

    return firestore.Client(project=stack.project)


@pytest.fixture
def clean_firestore(stack):
    """Empty emulators and every clock back at the test instant."""
    from shared.app import get_app
    from tests.clock import test_start

    stack.reset_firestore()
    start = test_start()
    stack.set_clock(start)
    get_app().clock.set(start)
    yield


MEM0_TEST_KEY = "m0-local-test-key"


@pytest.fixture(scope="module")
def platform_server():
    """The loopback stand-in of the Mem0 platform's REST API (the real MemoryClient talks to it)."""
    from shared.local import mem0_platform
    from shared.local.stack import free_port

    server = mem0_platform.serve(free_port(), MEM0_TEST_KEY)
    yield server
    server.shutdown()
