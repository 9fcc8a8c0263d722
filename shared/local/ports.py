"""Loopback ports for the local stack and the servers tests start beside it."""

from __future__ import annotations

import socket

HOST = "127.0.0.1"
_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A port nothing listens on, and never one this process handed out before: a port is bound only
    when its server starts, so two picks before then could be the same port (the functions server
    and voice_relay once were, and the relay's health check was answered by the functions server)."""
    while True:
        with socket.socket() as sock:
            sock.bind((HOST, 0))
            port = sock.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return True
    return False
