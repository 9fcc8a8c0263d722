"""The local stack itself: how it starts when a port it picked is taken meanwhile."""

import socket

from shared.local.stack import Stack


def test_a_stack_on_free_ports_picks_again_when_one_is_taken_before_it_starts(tmp_path):
    stack = Stack.on_free_ports(tmp_path, "demo-voicehive-ports")
    with socket.socket() as thief:
        thief.bind(("127.0.0.1", stack.functions_port))
        thief.listen()
        taken = stack.functions_port
        try:
            env = stack.start()
            assert stack.functions_port != taken and env["FUNCTIONS_BASE_URL"].endswith(f":{stack.functions_port}")
        finally:
            stack.stop()


def test_a_seeded_stack_serves_the_console_with_the_demo_owner_signed_up(tmp_path):
    """What `make up` does for the console: the Auth emulator, the console, the demo owner, and
    the four settings in .run/stack.env."""
    import json
    import urllib.request

    stack = Stack.on_free_ports(tmp_path, "demo-voicehive-console", console=True)
    stack.seed = True
    try:
        env = stack.start()
        written = dict(line.split("=", 1) for line in stack.env_file.read_text().splitlines())
        for key in ("CONSOLE_URL", "FIREBASE_AUTH_EMULATOR_HOST", "CONSOLE_DEMO_EMAIL", "CONSOLE_DEMO_PASSWORD"):
            assert written[key] == env[key]
        signed = json.loads(urllib.request.urlopen(urllib.request.Request(
            f"http://{env['FIREBASE_AUTH_EMULATOR_HOST']}/identitytoolkit.googleapis.com/v1/"
            "accounts:signInWithPassword?key=local", method="POST", headers={"Content-Type": "application/json"},
            data=json.dumps({"email": env["CONSOLE_DEMO_EMAIL"], "password": env["CONSOLE_DEMO_PASSWORD"],
                             "returnSecureToken": True}).encode()), timeout=10).read())
        me = json.loads(urllib.request.urlopen(urllib.request.Request(
            f"{env['CONSOLE_URL']}/api/me", headers={"Authorization": f"Bearer {signed['idToken']}"}),
            timeout=10).read())
        assert me["businesses"] == [{"id": env["DEMO_BUSINESS_ID"], "name": me["businesses"][0]["name"],
                                     "role": "owner"}]
    finally:
        stack.stop()
