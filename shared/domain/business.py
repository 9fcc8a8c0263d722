"""A business's configuration: who it is, when it is open, what it sells and how it scores leads."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator, model_validator

from shared.domain.phone import normalize_phone

BUSINESS_ID = r"^[a-z0-9][a-z0-9-]{1,62}$"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Appointments lock the calendar in cells of this many minutes; durations, buffers and the slot
# interval are multiples of it so that availability and locking agree exactly.
CELL_MINUTES = 5


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# "close": "24:00" is the end of the day (a 24-hour business is open 00:00 to 24:00)
END_OF_DAY = dt.time.max


class TimeRange(_Strict):
    open: dt.time
    close: dt.time

    @field_validator("close", mode="before")
    @classmethod
    def _end_of_day(cls, value):
        return END_OF_DAY if isinstance(value, str) and value.strip() in ("24:00", "24:00:00") else value

    @field_serializer("close", when_used="json")
    def _close_out(self, value: dt.time) -> str:
        return "24:00" if value == END_OF_DAY else value.isoformat()

    @model_validator(mode="after")
    def _ordered(self) -> TimeRange:
        if self.open >= self.close:
            raise ValueError(f"opens at {self.open} but closes at {self.close}")
        for moment in (self.open, self.close):
            if moment != END_OF_DAY and (moment.minute % CELL_MINUTES or moment.second or moment.microsecond):
                raise ValueError(f"{moment} is not on a {CELL_MINUTES}-minute boundary")
        return self

    def closes_at(self, day: dt.date, zone: ZoneInfo | None = None) -> dt.datetime:
        """When it closes on `day`: 24:00 is the next midnight."""
        if self.close == END_OF_DAY:
            return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        return dt.datetime.combine(day, self.close, tzinfo=zone)


class HoursException(_Strict):
    """A closure (holiday) or special opening hours over one or more days."""

    date: dt.date
    end_date: dt.date | None = None
    closed: bool = True
    hours: list[TimeRange] = Field(default_factory=list)
    reason: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> HoursException:
        if self.end_date is not None and self.end_date < self.date:
            raise ValueError("end_date is before date")
        if not self.closed and not self.hours:
            raise ValueError("special hours need 'hours' (or set closed: true)")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.date <= day <= (self.end_date or self.date)


class Service(_Strict):
    name: str = Field(min_length=1, max_length=80)
    duration_minutes: int = Field(gt=0, le=720)
    price: float | None = Field(None, ge=0)
    buffer_before_minutes: int = Field(0, ge=0, le=240)
    buffer_after_minutes: int = Field(0, ge=0, le=240)
    description: str = ""
    aliases: list[str] = Field(default_factory=list, max_length=20)  # what callers also call it: "dye"

    @field_validator("duration_minutes", "buffer_before_minutes", "buffer_after_minutes")
    @classmethod
    def _whole_cells(cls, value: int) -> int:
        if value % CELL_MINUTES:
            raise ValueError(f"must be a multiple of {CELL_MINUTES} minutes")
        return value


class FaqEntry(_Strict):
    question: str = Field(min_length=1)
    answer: str = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)


class LeadScoring(_Strict):
    """Points of the explainable lead score; engagement decays with `half_life_days`."""

    known_service: int = 20
    has_email: int = 10
    has_name: int = 5
    in_service_area: int = 15
    sms_consent: int = 5
    engagement_points: dict[str, int] = Field(
        default_factory=lambda: {"call": 10, "booking": 25, "visit": 15, "reply": 8, "capture": 5,
                                 "message": 6}
    )
    engagement_cap: int = 50
    half_life_days: float = Field(14.0, gt=0)
    qualified_threshold: int = Field(50, ge=0, le=100)


STAFF_ID = r"^[a-z0-9][a-z0-9-]{0,39}$"


class ConnectedCalendar(_Strict):
    """A calendar outside VoiceHive kept in step with a staff member's (or the business's) bookings.
    Only the provider and the calendar's id live in the config; the credentials are stored encrypted
    with the connection (docs/calendar-sync.md)."""

    provider: Literal["google"] = "google"
    calendar_id: str = Field(min_length=1, max_length=300)


class StaffMember(_Strict):
    """One person who takes appointments. `hours` (by weekday) narrow the business's opening hours:
    a weekday left out is a day off; `breaks` hold every working day; `time_off` closes dates."""

    id: str = Field(pattern=STAFF_ID)
    name: str = Field(min_length=1, max_length=80)
    services: list[str] = Field(default_factory=list)  # empty: every service of the business
    hours: dict[str, list[TimeRange]] | None = None      # None: the business's hours
    breaks: list[TimeRange] = Field(default_factory=list)
    time_off: list[HoursException] = Field(default_factory=list)
    phone: str | None = None                             # where a calendar conflict is texted
    email: str | None = None
    calendar: ConnectedCalendar | None = None

    @field_validator("hours")
    @classmethod
    def _weekdays(cls, value: dict[str, list[TimeRange]] | None) -> dict[str, list[TimeRange]] | None:
        if value is None:
            return None
        unknown = [key for key in value if key.lower() not in WEEKDAYS]
        if unknown:
            raise ValueError(f"unknown weekdays {unknown}; use {', '.join(WEEKDAYS)}")
        return {key.lower(): ranges for key, ranges in value.items()}

    def does(self, service: Service) -> bool:
        return not self.services or any(s.casefold() == service.name.casefold() for s in self.services)


# The currency prices are said in when the business names none: its country's.
COUNTRY_CURRENCY = {"GB": "GBP", "IE": "EUR", "FR": "EUR", "DE": "EUR", "ES": "EUR", "IT": "EUR", "NL": "EUR",
                    "BE": "EUR", "PT": "EUR", "AT": "EUR", "FI": "EUR", "CA": "CAD", "AU": "AUD", "NZ": "NZD",
                    "IN": "INR", "ZA": "ZAR", "CH": "CHF", "SE": "SEK", "NO": "NOK", "DK": "DKK", "JP": "JPY"}


class Business(_Strict):
    id: str = Field(pattern=BUSINESS_ID)
    name: str = Field(min_length=1, max_length=120)
    timezone: str
    country: str = Field("US", pattern=r"^[A-Z]{2}$")
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")  # ISO 4217; by default the country's
    phone_numbers: list[str] = Field(min_length=1)
    hours: dict[str, list[TimeRange]]
    exceptions: list[HoursException] = Field(default_factory=list)
    services: list[Service] = Field(min_length=1)
    min_notice_minutes: int = Field(60, ge=0, le=60 * 24 * 30)
    max_days_ahead: int = Field(60, ge=1, le=365)
    slot_interval_minutes: int = Field(15, ge=CELL_MINUTES, le=240)
    transfer_number: str | None = None
    greeting: str = ""
    faq: list[FaqEntry] = Field(default_factory=list)
    service_areas: list[str] = Field(default_factory=list)
    visits_callers: bool = False  # the team goes to the caller (trades): each booking asks the visit's address
    lead_scoring: LeadScoring = Field(default_factory=LeadScoring)
    address: str = ""
    notify_email: str | None = None
    reminder_minutes: list[int] = Field(default_factory=lambda: [1440, 120])
    waitlist_hold_minutes: int = Field(30, ge=5, le=24 * 60)  # how long a freed time is held for a waitlist offer
    # Texts to a number the phone network did not verify (one a caller with a withheld ID said):
    # only to these countries (ISO codes; empty: the business's own), and at most so many a day.
    sms_countries: list[str] = Field(default_factory=list)
    unverified_texts_per_number: int = Field(3, ge=0, le=20)
    unverified_texts_per_day: int = Field(30, ge=0, le=1000)
    daily_summary_at: dt.time | None = None   # local time of the owners' daily summary email; None: none
    templates: dict[str, dict[str, dict[str, str]]] = Field(default_factory=dict)
    # How calls reach Roxy: `gather` (Twilio <Gather>, a webhook per turn) or `relay` (Twilio
    # ConversationRelay: a WebSocket to the voice_relay service, streamed speech and barge-in).
    voice_transport: Literal["gather", "relay"] = "gather"
    language: str = Field("en-US", pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")   # speech recognition and voice (BCP-47)
    relay_voice: str = Field("", max_length=80)   # ConversationRelay voice; empty: Twilio's default for the language
    staff: list[StaffMember] = Field(default_factory=list, max_length=50)  # none: one implicit resource
    calendar: ConnectedCalendar | None = None  # the business's own calendar (a business without staff)

    @field_validator("reminder_minutes")
    @classmethod
    def _reminders(cls, value: list[int]) -> list[int]:
        if any(not 5 <= m <= 60 * 24 * 14 for m in value):
            raise ValueError("each reminder is 5 minutes to 14 days before the appointment")
        return sorted(set(value), reverse=True)

    @field_validator("templates")
    @classmethod
    def _templates_render(cls, value: dict) -> dict:
        if not value:
            return value
        from shared.domain.messages import DEFAULTS, check_template

        for kind, channels in value.items():
            if kind not in DEFAULTS:
                raise ValueError(f"unknown template kind '{kind}'; use {', '.join(DEFAULTS)}")
            for channel, fields in channels.items():
                if channel not in ("sms", "email") or not set(fields) <= {"subject", "body"}:
                    raise ValueError(f"{kind}: use channels sms/email with fields subject/body")
                for name, text in fields.items():
                    error = check_template(text)
                    if error:
                        raise ValueError(f"{kind}.{channel}.{name}: {error}")
        return value

    @field_validator("sms_countries")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        if any(not re.fullmatch(r"[A-Z]{2}", code) for code in value):
            raise ValueError("use ISO 3166 two-letter country codes, e.g. US, GB")
        return value

    def text_countries(self) -> list[str]:
        """Where texts to numbers nobody verified may go."""
        return self.sms_countries or [self.country]

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA timezone '{value}'") from exc
        return value

    @field_validator("hours")
    @classmethod
    def _weekday_keys(cls, value: dict[str, list[TimeRange]]) -> dict[str, list[TimeRange]]:
        unknown = [key for key in value if key.lower() not in WEEKDAYS]
        if unknown:
            raise ValueError(f"unknown weekdays {unknown}; use {', '.join(WEEKDAYS)}")
        normalized = {key.lower(): ranges for key, ranges in value.items()}
        for day, ranges in normalized.items():
            ordered = sorted(ranges, key=lambda r: r.open)
            for earlier, later in zip(ordered, ordered[1:], strict=False):
                if later.open < earlier.close:
                    raise ValueError(f"{day}: opening ranges overlap")
        return normalized

    @field_validator("slot_interval_minutes")
    @classmethod
    def _interval_whole_cells(cls, value: int) -> int:
        if value % CELL_MINUTES:
            raise ValueError(f"must be a multiple of {CELL_MINUTES} minutes")
        return value

    @model_validator(mode="after")
    def _normalize_numbers_and_services(self) -> Business:
        # Each message starts with the path of the field it is about ("services.2.name: ..."), so
        # the console can show it beside that field.
        errors = []
        numbers = []
        for index, raw in enumerate(self.phone_numbers):
            try:
                numbers.append(normalize_phone(raw, self.country))
            except ValueError as exc:
                errors.append(f"phone_numbers.{index}: {exc}")
        if self.transfer_number:
            try:
                self.transfer_number = normalize_phone(self.transfer_number, self.country)
            except ValueError as exc:
                errors.append(f"transfer_number: {exc}")
        errors += self._service_name_errors()
        errors += self._staff_errors()
        if errors:
            raise ValueError("; ".join(errors))
        self.phone_numbers = numbers
        return self

    def _service_name_errors(self) -> list[str]:
        errors, seen = [], set()
        for index, service in enumerate(self.services):
            if service.name.casefold() in seen:
                errors.append(f"services.{index}.name: duplicate names ['{service.name.casefold()}']")
            seen.add(service.name.casefold())
        called = [s.name.casefold() for s in self.services] + [a.strip().casefold() for s in self.services
                                                               for a in s.aliases]
        for index, service in enumerate(self.services):
            for alias in service.aliases:
                wanted = alias.strip().casefold()
                if not wanted or called.count(wanted) > 1:
                    errors.append(f"services.{index}.aliases: aliases that are empty or name two services "
                                  f"['{wanted}']")
                    break
        return errors

    def _staff_errors(self) -> list[str]:
        errors = []
        ids, names = set(), set()
        for index, member in enumerate(self.staff):
            if member.id in ids or member.name.casefold() in names:
                errors.append(f"staff.{index}.name: ids and names must be unique ({member.id})")
            ids.add(member.id)
            names.add(member.name.casefold())
            unknown = [s for s in member.services if self.find_service(s) is None]
            if unknown:
                errors.append(f"staff.{index}.services: {member.id}: unknown services {unknown}")
            else:
                member.services = [self.find_service(s).name for s in member.services]
            if member.phone:
                try:
                    member.phone = normalize_phone(member.phone, self.country)
                except ValueError as exc:
                    errors.append(f"staff.{index}.phone: {exc}")
        for index, service in enumerate(self.services):
            if self.staff and not any(m.does(service) for m in self.staff):
                errors.append(f"services.{index}: nobody on the staff does {service.name}")
        return errors

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def find_service(self, name: str) -> Service | None:
        """The service by its name or one of its aliases (case and spacing aside)."""
        wanted = re.sub(r"\s+", " ", name.strip()).casefold()
        for service in self.services:
            if wanted == service.name.casefold() or wanted in (a.casefold() for a in service.aliases):
                return service
        return None

    def find_staff(self, name_or_id: str) -> StaffMember | None:
        """A staff member by id, full name or first name (case and spacing aside)."""
        wanted = re.sub(r"\s+", " ", name_or_id.strip()).casefold()
        for member in self.staff:
            if wanted in (member.id, member.name.casefold()):
                return member
        firsts = [m for m in self.staff if m.name.split()[0].casefold() == wanted]
        return firsts[0] if len(firsts) == 1 else None

    def staff_for(self, service: Service) -> list[StaffMember]:
        return [m for m in self.staff if m.does(service)]

    def service_aliases(self) -> dict[str, list[str]]:
        return {s.name: list(s.aliases) for s in self.services}

    @property
    def currency_code(self) -> str:
        return self.currency or COUNTRY_CURRENCY.get(self.country, "USD")

    def service_names(self) -> list[str]:
        return [s.name for s in self.services]

    def opening_ranges(self, day: dt.date) -> list[TimeRange]:
        """The local opening ranges of `day`, after closures and special hours."""
        for exception in self.exceptions:
            if exception.covers(day):
                return [] if exception.closed else sorted(exception.hours, key=lambda r: r.open)
        return sorted(self.hours.get(WEEKDAYS[day.weekday()], []), key=lambda r: r.open)
