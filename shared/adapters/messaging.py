"""SMS through Twilio and email through SendGrid (or SMTP): the real clients, errors classified.

ProviderError(retryable=True) for 429, 5xx and network failures (Cloud Tasks retries them);
retryable=False for what a retry cannot fix (invalid number, bad address, auth).
"""

from __future__ import annotations

import base64
import datetime as dt
import re

from shared.config import Settings
from shared.errors import ProviderError

_BREAKS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def header_text(value: str, limit: int = 200) -> str:
    """A caller's words made safe for a mail header: line breaks and control characters become one
    space (no header can be injected, no server refuses it), at most `limit` characters."""
    return " ".join(_BREAKS.sub(" ", value).split())[:limit]


class TwilioSms:
    def __init__(self, settings: Settings):
        from twilio.rest import Client

        self.client = Client(settings.twilio.account_sid, settings.twilio.auth_token)
        if settings.twilio.api_base_url:
            self.client.api.base_url = settings.twilio.api_base_url

    def send(self, to: str, sender: str, body: str, status_callback: str | None) -> str:
        from twilio.base.exceptions import TwilioRestException

        try:
            message = self.client.messages.create(to=to, from_=sender, body=body,
                                                  status_callback=status_callback)
        except TwilioRestException as exc:
            retryable = exc.status == 429 or exc.status >= 500
            raise ProviderError(f"Twilio {exc.status} (code {exc.code}): {exc.msg}", retryable) from exc
        except Exception as exc:  # connection refused, timeout, TLS: nothing was accepted
            raise ProviderError(f"Twilio unreachable: {type(exc).__name__}", retryable=True) from exc
        return message.sid

    def find_sent(self, to: str, sender: str, body: str, since: dt.datetime) -> str | None:
        """The sid of a message with this body sent from `sender` to `to` since `since` (Twilio
        filters by day; the time is checked here)."""
        from twilio.base.exceptions import TwilioException

        try:
            found = self.client.messages.list(to=to, from_=sender, date_sent_after=since.date().isoformat(),
                                              limit=100)
        except TwilioException as exc:  # a list page answers with the response, not a TwilioRestException
            status = getattr(exc, "status", None) or getattr(exc.args[1] if len(exc.args) > 1 else None,
                                                            "status_code", 500)
            raise ProviderError(f"Twilio {status} reading the message log", status == 429 or status >= 500) from exc
        except Exception as exc:
            raise ProviderError(f"Twilio unreachable: {type(exc).__name__}", retryable=True) from exc
        return next((m.sid for m in found if m.body == body and m.date_sent and m.date_sent >= since
                     and m.status not in ("failed", "undelivered", "canceled")), None)


class SendGridMailer:
    reports_events = True  # every accepted email is reported `processed` to the Event Webhook

    def __init__(self, settings: Settings):
        from sendgrid import SendGridAPIClient

        options = {"host": settings.sendgrid.api_base_url} if settings.sendgrid.api_base_url else {}
        self.client = SendGridAPIClient(settings.sendgrid.api_key, **options)
        self.sender = settings.sendgrid.from_email

    def send(self, to: str, sender_name: str, subject: str, body: str, ics: str | None,
             tags: dict[str, str]) -> str:
        from python_http_client.exceptions import HTTPError
        from sendgrid.helpers.mail import (
            Attachment,
            CustomArg,
            Disposition,
            FileContent,
            FileName,
            FileType,
            Mail,
        )

        mail = Mail(from_email=(self.sender, header_text(sender_name)), to_emails=to, subject=header_text(subject),
                    plain_text_content=body)
        if ics:
            mail.attachment = Attachment(FileContent(base64.b64encode(ics.encode()).decode()),
                                         FileName("invite.ics"), FileType("text/calendar; method=REQUEST"),
                                         Disposition("attachment"))
        for key, value in tags.items():
            mail.custom_arg = CustomArg(key, value)
        try:
            payload = mail.get()  # the helper parses the addresses here: a malformed one fails for good
        except (KeyError, ValueError, TypeError) as exc:
            raise ProviderError(f"SendGrid: {to!r} is not an email address", retryable=False) from exc
        try:
            response = self.client.send(payload)
        except HTTPError as exc:
            status = exc.status_code
            raise ProviderError(f"SendGrid {status}: {exc.body[:200]!r}", status == 429 or status >= 500) from exc
        except Exception as exc:
            raise ProviderError(f"SendGrid unreachable: {type(exc).__name__}", retryable=True) from exc
        return response.headers.get("X-Message-Id", "")


class SmtpMailer:
    """Email through any SMTP server (SMTP_HOST set), for businesses without SendGrid."""

    reports_events = False  # nothing tells us later whether an interrupted send went

    def __init__(self, settings: Settings):
        self.settings = settings.smtp
        self.sender = settings.sendgrid.from_email

    def send(self, to: str, sender_name: str, subject: str, body: str, ics: str | None,
             tags: dict[str, str]) -> str:
        import smtplib
        import uuid
        from email.message import EmailMessage
        from email.utils import formataddr

        message = EmailMessage()
        message["From"] = formataddr((header_text(sender_name), self.sender))
        message["To"] = to
        message["Subject"] = header_text(subject)
        message_id = f"<{uuid.uuid4().hex}@voicehive>"
        message["Message-ID"] = message_id
        for key, value in tags.items():
            message[f"X-VoiceHive-{key}"] = value
        message.set_content(body)
        if ics:
            message.add_attachment(ics.encode(), maintype="text", subtype="calendar", filename="invite.ics",
                                   params={"method": "REQUEST"})
        try:
            with smtplib.SMTP(self.settings.host, self.settings.port, timeout=15) as smtp:
                if self.settings.starttls:
                    smtp.starttls()
                if self.settings.username:
                    smtp.login(self.settings.username, self.settings.password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise ProviderError(f"SMTP refused {to}", retryable=False) from exc
        except smtplib.SMTPResponseException as exc:
            raise ProviderError(f"SMTP {exc.smtp_code}", retryable=exc.smtp_code >= 400 and exc.smtp_code < 500) \
                from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise ProviderError(f"SMTP unreachable: {type(exc).__name__}", retryable=True) from exc
        return message_id
