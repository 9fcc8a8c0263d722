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
