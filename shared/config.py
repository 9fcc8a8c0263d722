"""Settings from the environment (and an optional `.env`), grouped by what they configure.

Each group reads its own variables by their plain names (`TWILIO_AUTH_TOKEN`, not a nested form).
`ENVIRONMENT=production` refuses to start while any secret it needs is missing, naming all of them;
`development` (the default) falls back to the embedded local defaults.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


class EnvSettings(BaseModel):
    """A group of settings read from `{env_prefix}{FIELD}` variables; arguments win over the
    environment. (A plain pydantic model: pydantic-settings cost ~50 ms of every cold start.)"""

    model_config = ConfigDict(extra="ignore")
    env_prefix: ClassVar[str] = ""

    def __init__(self, **values):
        env = environment()
        for name in type(self).model_fields:
            key = f"{self.env_prefix}{name}".upper()
            if name not in values and key in env:
                values[name] = env[key]
        super().__init__(**values)


class GoogleSettings(EnvSettings):
    google_cloud_project: str = Field("demo-voicehive", description="Google Cloud project id.")
    region: str = Field("us-central1", description="Region of the functions and the queues.")
    firestore_emulator_host: str | None = Field(
        None, description="host:port of the Firestore emulator; unset in the cloud."
    )
    cloud_tasks_emulator_host: str | None = Field(
        None, description="host:port of the Cloud Tasks emulator; unset in the cloud."
    )
    tasks_queue: str = Field("notifications", description="Cloud Tasks queue for notifications.")
    tasks_service_account: str | None = Field(
        None, description="Service account whose OIDC token Cloud Tasks attaches to task requests."
    )


class TwilioSettings(EnvSettings):
    env_prefix = "TWILIO_"

    account_sid: str | None = Field(None, description="Twilio account SID (AC...).")
    auth_token: str | None = Field(None, description="Twilio auth token; validates webhook signatures.")
    api_base_url: str | None = Field(None, description="Override of Twilio's REST base URL (local sink).")


class SendGridSettings(EnvSettings):
    env_prefix = "SENDGRID_"

    api_key: str | None = Field(None, description="SendGrid API key.")
    from_email: str = Field("roxy@voicehive.local", description="Sender address of emails.")
    api_base_url: str | None = Field(None, description="Override of SendGrid's API host (local sink).")
    webhook_public_key: str | None = Field(None, description="Event Webhook ECDSA public key.")


class SmtpSettings(EnvSettings):
    env_prefix = "SMTP_"

    host: str | None = Field(None, description="SMTP server; when set, email goes through SMTP, not SendGrid.")
    port: int = Field(587, description="SMTP port.")
    username: str | None = Field(None, description="SMTP user name.")
    password: str | None = Field(None, description="SMTP password.")
    starttls: bool = Field(True, description="Use STARTTLS.")


class OpenAISettings(EnvSettings):
    env_prefix = "OPENAI_"

    api_key: str | None = Field(None, description="OpenAI API key; unset = offline dialogue engine.")
    base_url: str | None = Field(None, description="Override of the OpenAI base URL.")
    model: str = Field("gpt-4o-mini", description="Chat model used by the agent.")
    temperature: float = Field(0.3, description="Sampling temperature of the agent.")
    deadline_seconds: float = Field(4.0, description="Deadline of one LLM call on a call turn.")


class Mem0Settings(EnvSettings):
    env_prefix = "MEM0_"

    api_key: str | None = Field(None, description="Mem0 platform API key; with it, memories go to the platform.")
    host: str | None = Field(None, description="Mem0 platform host override.")
    dir: str = Field(".run/mem0", description="Folder of the local Mem0 (open source) store and its config.")
    infer: bool = Field(False, description="Mem0 extracts facts with an LLM (platform; local with an OpenAI key).")


class MemorySettings(EnvSettings):
    env_prefix = "MEMORY_"

    backend: Literal["auto", "mem0_platform", "mem0_local", "firestore"] = Field(
        "auto", description="auto = the Mem0 platform with MEM0_API_KEY, else local Mem0 in development, "
                            "else Firestore only.")
    recall_budget_ms: int = Field(300, ge=10, description="Longest a call turn waits for semantic recall.")
    write_budget_ms: int = Field(5000, ge=100, description="Longest a memory write waits for Mem0 before "
                                                             "queueing a replay.")
    embeddings: bool = Field(True, description="Embed memories (local ONNX model) for vector recall in Firestore.")
    retry_after_seconds: int = Field(30, ge=0, description="After Mem0 fails, go straight to Firestore "
                                                            "for this long.")


class RuntimeSettings(EnvSettings):
    environment: Literal["development", "staging", "production"] = Field(
        "development", description="development falls back to local defaults; production does not."
    )
    public_base_url: str = Field(
        "http://127.0.0.1:8800",
        description="Public base URL of the functions, as Twilio calls them (signature checks).",
    )
    cache_ttl_seconds: float = Field(60.0, description="TTL of cached business configs and API keys.")
    log_level: str = Field("INFO", description="Log level.")


class Settings(BaseModel):
    google: GoogleSettings = Field(default_factory=GoogleSettings)
    twilio: TwilioSettings = Field(default_factory=TwilioSettings)
    sendgrid: SendGridSettings = Field(default_factory=SendGridSettings)
    smtp: SmtpSettings = Field(default_factory=SmtpSettings)
    openai: OpenAISettings = Field(default_factory=OpenAISettings)
    mem0: Mem0Settings = Field(default_factory=Mem0Settings)
    memory: MemorySettings = Field(default_factory=MemorySettings)
    runtime: RuntimeSettings = Field(default_factory=RuntimeSettings)

    @model_validator(mode="after")
    def _production_has_its_secrets(self) -> Settings:
        if self.runtime.environment == "development":
            if self.twilio.auth_token is None:
                self.twilio.auth_token = LOCAL_TWILIO_AUTH_TOKEN
            if self.twilio.account_sid is None:
                self.twilio.account_sid = LOCAL_TWILIO_ACCOUNT_SID
            return self
        missing = [name for name, value in self._required_outside_development().items() if not value]
        if missing:
            raise ValueError(
                f"ENVIRONMENT={self.runtime.environment} needs these settings: " + ", ".join(missing)
            )
        return self

    def _required_outside_development(self) -> dict[str, object]:
        return {
            "GOOGLE_CLOUD_PROJECT": self.google.google_cloud_project
            and not self.google.google_cloud_project.startswith("demo-"),
            "PUBLIC_BASE_URL": self.runtime.public_base_url.startswith("https://"),
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
