import json
import socket
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest
import yaml

from shared.cli import load_business_file
from shared.local.stack import Stack, StackError, free_port
from tests.factories import business_data


def test_seed_file_may_be_yaml(tmp_path):
    path = tmp_path / "biz.yaml"
    path.write_text(yaml.safe_dump(business_data(id="yaml-salon")))
    assert load_business_file(path).id == "yaml-salon"


def test_invalid_seed_file_lists_every_error(tmp_path):
    data = business_data(timezone="Nowhere/Land", min_notice_minutes=-5)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SystemExit) as caught:
        load_business_file(path)
    message = str(caught.value)
    assert "2 errors" in message and "timezone" in message and "min_notice_minutes" in message


def test_stack_names_a_port_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        stack = Stack(run_dir=tmp_path, firestore_port=free_port(), tasks_port=free_port(),
                      functions_port=busy.getsockname()[1], tasks_python=sys.executable)
        with pytest.raises(StackError, match="LOCAL_FUNCTIONS_PORT"):
            stack.start()
    assert not (tmp_path / "stack.pids").exists() or json.loads((tmp_path / "stack.pids").read_text()) == {}


def test_stack_names_the_relay_port_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        stack = Stack(run_dir=tmp_path, firestore_port=free_port(), tasks_port=free_port(),
                      functions_port=free_port(), relay_port=busy.getsockname()[1], tasks_python=sys.executable)
        with pytest.raises(StackError, match="LOCAL_RELAY_PORT"):
            stack.start()


def test_the_stack_env_names_the_relay():
    stack = Stack(run_dir=Path("/nonexistent"), firestore_port=1, tasks_port=2, functions_port=3, relay_port=4)
    assert stack.relay_env() == {"VOICE_RELAY_URL": "ws://127.0.0.1:4/voice_relay"}


def test_stack_says_how_to_install_the_tasks_emulator(tmp_path):
    stack = Stack(run_dir=tmp_path, firestore_port=free_port(), tasks_port=free_port(),
                  functions_port=free_port(), tasks_python=str(tmp_path / "missing" / "python"))
    with pytest.raises(StackError, match="make venv"):
        stack.start()


def test_a_missing_file_is_an_error_line_not_a_traceback(tmp_path, capsys):
    from shared.cli import main

    assert main(["call", "--script", str(tmp_path / "nope.txt"), "--base", "http://127.0.0.1:9", "--token", "t",
                 "--to", "+12125550100"]) == 2
    assert main(["seed", str(tmp_path / "nope.json")]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2 and all(line.startswith("error: ") and "nope" in line for line in errors)


def test_a_process_that_cannot_bind_its_port_fails_at_once_and_says_so(tmp_path):
    from shared.local.stack import PortTaken, _wait

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        log = tmp_path / "server.log"
        with open(log, "wb") as out:
            process = subprocess.Popen([sys.executable, "-c", "import socket; socket.socket().bind(('127.0.0.1', "
                                        f"{busy.getsockname()[1]}))"], stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        with pytest.raises(PortTaken, match="could not bind its port"):
            _wait(lambda: False, "The server", log, timeout=30, pid=process.pid)



def test_emptying_firestore_is_asked_again_while_a_transaction_holds_it(tmp_path):
    """The emulator answers DELETE with 409 while a transaction is still open: asked again; any
    other error (or a 409 that never ends) is raised."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    answers, asked = [409, 409, 200], []

    class Emulator(BaseHTTPRequestHandler):
        def do_DELETE(self):
            asked.append(self.path)
            self.send_response(answers.pop(0) if answers else 500)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Emulator)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        stack = Stack(run_dir=tmp_path, firestore_port=server.server_address[1], tasks_port=free_port(),
                      functions_port=free_port())
        stack.reset_firestore()
        assert len(asked) == 3 and asked[0].endswith("/databases/(default)/documents")
        answers.extend([409] * 100)
        with pytest.raises(urllib.error.HTTPError, match="409"):
            stack.reset_firestore(within=0.5)
        answers.clear()
        answers.append(500)
        with pytest.raises(urllib.error.HTTPError, match="500"):
            stack.reset_firestore()
    finally:
        server.shutdown()


def test_free_ports_are_never_handed_out_twice():
    """A port is bound only when its server starts: two picks before then must differ (the
    functions server and voice_relay once got the same one, and the relay's health check was
    answered by the functions server)."""
    picked = [free_port() for _ in range(300)]
    assert len(set(picked)) == len(picked)


def test_two_parts_of_the_stack_on_one_port_is_refused(tmp_path):
    port = free_port()
    stack = Stack(run_dir=tmp_path, firestore_port=free_port(), tasks_port=free_port(), functions_port=port,
                  relay_port=port, sinks_port=free_port(), calendar_port=free_port(), tasks_python=sys.executable)
    with pytest.raises(StackError, match=f"Port {port} is set for both LOCAL_FUNCTIONS_PORT and LOCAL_RELAY_PORT"):
        stack._check_ports()
