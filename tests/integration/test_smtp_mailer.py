"""The SMTP alternative to SendGrid, against a real SMTP server on 127.0.0.1 (aiosmtpd)."""

import email
import socket

import pytest
from aiosmtpd.controller import Controller

from shared.adapters.messaging import SmtpMailer
from shared.config import Settings
from shared.errors import ProviderError


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def mailer(port, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_STARTTLS", "false")
    monkeypatch.setenv("SENDGRID_FROM_EMAIL", "roxy@salon.example")
    return SmtpMailer(Settings())


def test_smtp_sends_the_message_with_its_invite(smtp_server, monkeypatch):
    inbox, port = smtp_server
    ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    message_id = mailer(port, monkeypatch).send("ann@example.com", "Bella Hair", "Your haircut", "See you soon",
                                                ics, {"notification_id": "confirmation-x-0-email"})
    [received] = inbox.messages
    assert received["To"] == "ann@example.com" and received["Subject"] == "Your haircut"
    assert received["From"] == "Bella Hair <roxy@salon.example>" and received["Message-ID"] == message_id
    assert received["X-VoiceHive-notification_id"] == "confirmation-x-0-email"
    parts = {part.get_content_type(): part for part in received.walk()}
    assert "METHOD:REQUEST" in parts["text/calendar"].get_payload(decode=True).decode()


def test_smtp_errors_are_sorted_into_retryable_and_not(smtp_server, monkeypatch):
    _, port = smtp_server
    with pytest.raises(ProviderError) as refused:
        mailer(port, monkeypatch).send("bob@refused.example", "B", "s", "b", None, {})
    assert refused.value.retryable is False
    with pytest.raises(ProviderError) as down:
        mailer(free_port(), monkeypatch).send("ann@example.com", "B", "s", "b", None, {})
    assert down.value.retryable is True
