"""Settings from the environment (and an optional `.env`), grouped by what they configure.

Each group reads its own variables by their plain names (`TWILIO_AUTH_TOKEN`, not a nested form).
`ENVIRONMENT=production` refuses to start while any secret it needs is missing, naming all of them;
`development` (the default) falls back to the embedded local defaults.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

# The local stack's Twilio auth token: tests and the call simulator sign requests with it.
LOCAL_TWILIO_AUTH_TOKEN = "local-twilio-auth-token"
LOCAL_TWILIO_ACCOUNT_SID = "AC00000000000000000000000000000000"


def _dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a `.env` file (comments, `export` and quotes allowed)."""
    if not path.is_file():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.removeprefix("export ").split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip().upper()] = value
    return values


def environment() -> dict[str, str]:
    """The process environment over `.env` in the working directory, names upper-cased."""
    return {**_dotenv(Path(".env")), **{k.upper(): v for k, v in os.environ.items()}}


def setting(default, description: str, *, choices: tuple[str, ...] = (), minimum: float | None = None,
            upper: bool = False, secret: bool = False):
    """A setting read from `{env_prefix}{NAME}`; its annotation (str, int, float, bool) says how.
    A secret is left out of the group's repr (and so of logs)."""
    metadata = {"description": description, "choices": choices, "minimum": minimum, "upper": upper}
    return field(default=default, repr=not secret, metadata=metadata)


TRUE, FALSE = ("1", "true", "yes", "on", "t", "y"), ("0", "false", "no", "off", "f", "n")


def _parse(spec: dataclasses.Field, raw: str):
    kind = spec.type  # a string: annotations are postponed
    if kind == "bool":
        if raw.strip().lower() not in TRUE + FALSE:
            raise ValueError(f"expected true or false, got {raw!r}")
        return raw.strip().lower() in TRUE
    if kind in ("int", "float"):
        try:
            value = int(raw) if kind == "int" else float(raw)
        except ValueError:
            raise ValueError(f"expected {'an integer' if kind == 'int' else 'a number'}, got {raw!r}") from None
        if spec.metadata["minimum"] is not None and value < spec.metadata["minimum"]:
            raise ValueError(f"expected at least {spec.metadata['minimum']}, got {raw!r}")
        return value
    if spec.metadata["upper"]:
        raw = raw.strip().upper()
    if spec.metadata["choices"] and raw not in spec.metadata["choices"]:
        raise ValueError(f"expected one of {', '.join(spec.metadata['choices'])}, got {raw!r}")
    return raw


def env_names(group: type) -> list[str]:
    return [f"{group.env_prefix}{spec.name}".upper() for spec in dataclasses.fields(group)]


def _read(group: type, env: dict[str, str], errors: list[str]):
    """One group from the environment; what does not parse goes to `errors` (the default stays)."""
    values = {}
    for spec, name in zip(dataclasses.fields(group), env_names(group), strict=True):
        if name in env:
            try:
                values[spec.name] = _parse(spec, env[name])
            except ValueError as exc:
                errors.append(f"{name}: {exc}")
    return group(**values)


# Plain dataclasses, not pydantic models: building ten models cost ~20 ms of every cold start.
@dataclass
class EnvSettings:
    env_prefix: ClassVar[str] = ""


@dataclass
class GoogleSettings(EnvSettings):
    google_cloud_project: str = setting("demo-voicehive", "Google Cloud project id.")
    region: str = setting("us-central1", "Region of the functions and the queues.")
    firestore_emulator_host: str | None = setting(
        None, "host:port of the Firestore emulator; unset in the cloud."
    )
    cloud_tasks_emulator_host: str | None = setting(
        None, "host:port of the Cloud Tasks emulator; unset in the cloud."
    )
    tasks_queue: str = setting("notifications", "Cloud Tasks queue for notifications.")
    tasks_service_account: str | None = setting(
        None, "Service account whose OIDC token Cloud Tasks attaches to task requests."
    )
    oidc_certs_url: str | None = setting(
        None, "Outside production only: where the OIDC signing certificates are fetched (tests serve their own).")
    tasks_deadline_seconds: float = setting(
        2.0, "Longest a request waits to create one Cloud Task; the record stays queued for the sweep.", minimum=0.1)
    tasks_pause_seconds: float = setting(
        30.0, "After Cloud Tasks fails, queueing is not tried again for this long (the sweep tries).", minimum=0)


@dataclass
class TwilioSettings(EnvSettings):
    env_prefix = "TWILIO_"

    account_sid: str | None = setting(None, "Twilio account SID (AC...).")
    auth_token: str | None = setting(None, "Twilio auth token; validates webhook signatures.", secret=True)
    api_base_url: str | None = setting(None, "Override of Twilio's REST base URL (local sink).")


@dataclass
class SendGridSettings(EnvSettings):
    env_prefix = "SENDGRID_"

    api_key: str | None = setting(None, "SendGrid API key.", secret=True)
    from_email: str = setting("roxy@voicehive.local", "Sender address of emails.")
    api_base_url: str | None = setting(None, "Override of SendGrid's API host (local sink).")
    webhook_public_key: str | None = setting(None, "Event Webhook ECDSA public key.")


@dataclass
class SmtpSettings(EnvSettings):
    env_prefix = "SMTP_"

    host: str | None = setting(None, "SMTP server; when set, email goes through SMTP, not SendGrid.")
    port: int = setting(587, "SMTP port.")
    username: str | None = setting(None, "SMTP user name.")
    password: str | None = setting(None, "SMTP password.", secret=True)
    starttls: bool = setting(True, "Use STARTTLS.")


@dataclass
class OpenAISettings(EnvSettings):
    env_prefix = "OPENAI_"

    api_key: str | None = setting(None, "OpenAI API key; unset = offline dialogue engine.", secret=True)
    base_url: str | None = setting(None, "Override of the OpenAI base URL.")
    model: str = setting("gpt-4o-mini", "Chat model used by the agent.")
    temperature: float = setting(0.3, "Sampling temperature of the agent.")
    deadline_seconds: float = setting(
        2.2, "Deadline of the LLM on one call turn, every round and retry included; then the offline engine answers.",
        minimum=0.1)


@dataclass
class Mem0Settings(EnvSettings):
    env_prefix = "MEM0_"

    api_key: str | None = setting(None, "Mem0 platform API key; with it, memories go to the platform.", secret=True)
    host: str | None = setting(None, "Mem0 platform host override.")
    dir: str = setting(".run/mem0", "Folder of the local Mem0 (open source) store and its config.")
    infer: bool = setting(False, "Mem0 extracts facts with an LLM (platform; local with an OpenAI key).")


@dataclass
class MemorySettings(EnvSettings):
    env_prefix = "MEMORY_"

    backend: str = setting(
        "auto", "auto = the Mem0 platform with MEM0_API_KEY, else local Mem0 in development, else Firestore only.",
        choices=("auto", "mem0_platform", "mem0_local", "firestore"))
    recall_budget_ms: int = setting(300, "Longest a call turn waits for semantic recall.", minimum=10)
    write_budget_ms: int = setting(5000, "Longest a memory write waits for Mem0 before queueing a replay.",
                                   minimum=100)
    embeddings: bool = setting(True, "Embed memories (local ONNX model) for vector recall in Firestore.")
    retry_after_seconds: int = setting(30, "After Mem0 fails, go straight to Firestore for this long.", minimum=0)


@dataclass
class GoogleCalendarSettings(EnvSettings):
    env_prefix = "GOOGLE_CALENDAR_"

    client_id: str | None = setting(None, "OAuth 2.0 client id (web application) for connecting Google Calendars.")
    client_secret: str | None = setting(None, "OAuth 2.0 client secret.", secret=True)
    token_key: str | None = setting(
        None, "Fernet key that encrypts stored refresh tokens and signs push channel tokens (Secret Manager).",
        secret=True)
    redirect_uri: str = setting("http://127.0.0.1:8800/calendar_webhook/oauth",
                                "Where Google sends the authorization code (registered with the client).")
    api_base_url: str | None = setting(None, "Override of the Calendar API root (local stand-in).")
    oauth_auth_uri: str = setting("https://accounts.google.com/o/oauth2/auth", "Google's authorization endpoint.")
    oauth_token_uri: str = setting("https://oauth2.googleapis.com/token", "Google's token endpoint.")
    sync_minutes: int = setting(15, "The sweep syncs a calendar whose last sync is older than this.", minimum=1)
    channel_hours: int = setting(168, "Lifetime asked for a push channel (Google caps it).", minimum=1)
    renew_hours: int = setting(24, "The sweep renews a push channel this long before it expires.", minimum=1)


@dataclass
class RuntimeSettings(EnvSettings):
    environment: str = setting("development", "development falls back to local defaults; production does not.",
                               choices=("development", "staging", "production"))
    public_base_url: str = setting(
        "http://127.0.0.1:8800", "Public base URL of the functions, as Twilio calls them (signature checks).")
    cache_ttl_seconds: float = setting(60.0, "TTL of cached business configs and API keys.", minimum=0)
    api_key_miss_seconds: float = setting(
        30.0, "An unknown tools API key is refused from memory (no Firestore read) for this long.", minimum=0)
    api_key_failures_per_minute: int = setting(
        60, "Unknown tools API keys one client address may send a minute; then 429 without a lookup.", minimum=1)
    log_level: str = setting("INFO", "Log level.", choices=("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
                             upper=True)
    voicehive_clock_start: str | None = setting(
        None, "Local runs only: an ISO 8601 instant (with offset) the clock starts at and ticks from.")


@dataclass
class VoiceRelaySettings(EnvSettings):
    env_prefix = "VOICE_RELAY_"

    url: str | None = setting(
        None, "wss:// URL of the voice_relay service as Twilio is given it (<ConversationRelay url>, handshake "
              "signatures); unset: every business answers on <Gather>.")
    silence_seconds: float = setting(
        7.0, "voice_relay: seconds of caller silence after Roxy's words before she asks again.", minimum=0.2)
    filler_ms: int = setting(600, "voice_relay: a tool round with nothing said after this long says a filler.",
                             minimum=0)
    workers: int = setting(64, "voice_relay: threads that run turns (each waits on Firestore and the LLM).",
                           minimum=2)


@dataclass
class ConsoleSettings(EnvSettings):
    firebase_auth_emulator_host: str | None = setting(
        None, "Local runs only: the Firebase Auth emulator (host:port); the console API then accepts its "
        "unsigned ID tokens. Refused in production.")
    console_url: str = setting("http://127.0.0.1:8830", "Where the owner console is served (links in emails).")
    console_google_sign_in: bool = setting(
        False, "Offer 'Sign in with Google' on the console (enable the Google provider in Firebase "
        "Authentication first; needs CONSOLE_GOOGLE_CLIENT_ID).")
    console_google_client_id: str | None = setting(
        None, "The OAuth 2.0 client id (web application) of Firebase's Google provider; the console asks "
        "Google for an ID token for it.")
    console_google_auth_uri: str = setting(
        "https://accounts.google.com/o/oauth2/v2/auth", "Google's OpenID Connect authorization endpoint "
        "(locally the Google stand-in's).")
    console_member_cache_seconds: float = setting(
        5.0, "How long an instance of console_api trusts a membership it read: a removed member loses "
        "access within this time on other instances (at once on the one that removed them).", minimum=0)


GROUPS = {"google": GoogleSettings, "twilio": TwilioSettings, "sendgrid": SendGridSettings, "smtp": SmtpSettings,
          "openai": OpenAISettings, "mem0": Mem0Settings, "memory": MemorySettings,
          "google_calendar": GoogleCalendarSettings, "runtime": RuntimeSettings, "voice_relay": VoiceRelaySettings,
          "console": ConsoleSettings}


class Settings:
    """Every group, read from the environment (or `env`) at once. A value that does not parse, or
    outside development a missing secret, is a ValueError naming every such variable."""

    google: GoogleSettings
    twilio: TwilioSettings
    sendgrid: SendGridSettings
    smtp: SmtpSettings
    openai: OpenAISettings
    mem0: Mem0Settings
    memory: MemorySettings
    google_calendar: GoogleCalendarSettings
    runtime: RuntimeSettings
    voice_relay: VoiceRelaySettings
    console: ConsoleSettings

    def __init__(self, env: dict[str, str] | None = None):
        env = environment() if env is None else env
        errors: list[str] = []
        for name, group in GROUPS.items():
            setattr(self, name, _read(group, env, errors))
        errors += self._clock_errors()
        if self.google.oidc_certs_url and self.runtime.environment == "production":
            errors.append("OIDC_CERTS_URL: production verifies tokens with Google's certificates only")
        if self.console.firebase_auth_emulator_host and self.runtime.environment == "production":
            errors.append("FIREBASE_AUTH_EMULATOR_HOST: the Auth emulator's unsigned tokens are refused in production")
        if self.console.console_google_sign_in and not self.console.console_google_client_id:
            errors.append("CONSOLE_GOOGLE_CLIENT_ID: required when CONSOLE_GOOGLE_SIGN_IN is set")
        if errors:
            raise ValueError("Invalid settings: " + "; ".join(errors))
        if self.runtime.environment == "development":
            if self.twilio.auth_token is None:
                self.twilio.auth_token = LOCAL_TWILIO_AUTH_TOKEN
            if self.twilio.account_sid is None:
                self.twilio.account_sid = LOCAL_TWILIO_ACCOUNT_SID
            return
        missing = [name for name, value in self._required_outside_development().items() if not value]
        if missing:
            raise ValueError(
                f"ENVIRONMENT={self.runtime.environment} needs these settings: " + ", ".join(missing)
            )

    def _clock_errors(self) -> list[str]:
        start = self.runtime.voicehive_clock_start
        if not start:
            return []
        from shared.clock import parse_instant

        if self.runtime.environment == "production":
            return ["VOICEHIVE_CLOCK_START: a pinned clock is refused in production"]
        if not self.google.firestore_emulator_host:
            return ["VOICEHIVE_CLOCK_START: a pinned clock needs the emulators (FIRESTORE_EMULATOR_HOST)"]
        try:
            parse_instant(start)
        except ValueError as exc:
            return [f"VOICEHIVE_CLOCK_START: {exc}"]
        return []

    def _required_outside_development(self) -> dict[str, object]:
        return {
            "GOOGLE_CLOUD_PROJECT": self.google.google_cloud_project
            and not self.google.google_cloud_project.startswith("demo-"),
            "PUBLIC_BASE_URL": self.runtime.public_base_url.startswith("https://"),
            "TASKS_SERVICE_ACCOUNT (private functions verify its OIDC token)": self.google.tasks_service_account,
            "TWILIO_ACCOUNT_SID": self.twilio.account_sid,
            "TWILIO_AUTH_TOKEN": self.twilio.auth_token,
            "SENDGRID_API_KEY or SMTP_HOST": self.sendgrid.api_key or self.smtp.host,
            "SENDGRID_WEBHOOK_PUBLIC_KEY (with SendGrid)": self.sendgrid.webhook_public_key or self.smtp.host,
            "MEM0_API_KEY (with MEMORY_BACKEND=mem0_platform)": self.mem0.api_key
            or self.memory.backend != "mem0_platform",
            "MEMORY_BACKEND other than mem0_local (functions have no lasting disk)":
            self.memory.backend != "mem0_local",
        }

    @property
    def memory_backend(self) -> str:
        """Where semantic memories go besides Firestore: mem0_platform, mem0_local or firestore (only)."""
        if self.memory.backend != "auto":
            return self.memory.backend
        if self.mem0.api_key:
            return "mem0_platform"
        return "mem0_local" if self.runtime.environment == "development" else "firestore"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
