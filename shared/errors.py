"""The one error tree of VoiceHive.

    VoiceHiveError
    ├── DomainError              a rule said no; the message is safe to show a caller or the LLM
    │   ├── InvalidInput         422, with `fields` {name: message}
    │   ├── NotFound             404
    │   ├── Unauthorized         401
    │   ├── Forbidden            403 (e.g. a webhook whose signature does not verify)
    │   │   └── CallerNumberNeeded  on a call from a withheld number: the tool needs one
    │   ├── TooManyRequests      429, with `retry_after` seconds
    │   └── Conflict             409
    │       ├── SlotTaken        the time is not free (or not bookable); carries `alternatives`
    │       ├── InvalidState     e.g. cancelling an appointment that is already cancelled
    │       └── ConfirmationNeeded  on a call: a committing tool the caller has not said yes to;
    │                            carries the `read_back` to put to them
    └── ProviderError            a dependency failed; `retryable` tells Cloud Tasks whether to retry
        └── SyncTokenExpired     a calendar's sync token is no longer valid (410): sync it in full

`shared.http` maps these to HTTP responses; nothing else does.
"""

from __future__ import annotations

from typing import Any


class VoiceHiveError(Exception):
    code = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DomainError(VoiceHiveError):
    code = "domain_error"


class InvalidInput(DomainError):
    code = "invalid_input"

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


class NotFound(DomainError):
    code = "not_found"


class Unauthorized(DomainError):
    code = "unauthorized"


class Forbidden(DomainError):
    code = "forbidden"


class TooManyRequests(DomainError):
    code = "too_many_requests"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class CallerNumberNeeded(Forbidden):
    code = "caller_number_needed"


class Conflict(DomainError):
    code = "conflict"


class NotALead(DomainError):
    """On a call that is a sales pitch or a wrong number, nothing is kept as a lead."""
    code = "not_a_lead"

    def __init__(self, kind: str):
        super().__init__(f"No lead is kept for a {kind.replace('_', ' ')}: end the call politely.")
        self.kind = kind


class SlotTaken(Conflict):
    code = "slot_unavailable"

    def __init__(self, message: str, alternatives: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.alternatives = alternatives or []


class InvalidState(Conflict):
    code = "invalid_state"


class ConfirmationNeeded(Conflict):
    code = "confirmation_required"

    def __init__(self, message: str, read_back: str):
        super().__init__(message)
        self.read_back = read_back


class ProviderError(VoiceHiveError):
    code = "provider_error"

    def __init__(self, message: str, retryable: bool):
        super().__init__(message)
        self.retryable = retryable


class SyncTokenExpired(ProviderError):
    code = "sync_token_expired"

    def __init__(self, message: str = "The calendar's sync token expired; a full sync is needed."):
        super().__init__(message, retryable=False)
