"""Google Calendar through Google's own client library (google-api-python-client).

The Calendar v3 discovery document ships inside the library (`static_discovery=True`): building
the client reads no network and costs about 2 ms; the import about 140 ms, which only the
functions that sync calendars pay (voice_webhook never imports this module). GOOGLE_CALENDAR_
API_BASE_URL points the client at the local stand-in (shared/local/google_calendar.py).
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
from zoneinfo import ZoneInfo

from shared.config import GoogleCalendarSettings
from shared.domain.appointments import Appointment
from shared.domain.business import Business
from shared.domain.calendar_sync import ExternalEvent, is_ours
from shared.errors import ProviderError, SyncTokenExpired

SCOPE = "https://www.googleapis.com/auth/calendar.events"
PAGE_SIZE = 2500  # the most Google returns per page: fewest round trips on a full sync
TIMEOUT_SECONDS = 10


class GoogleOAuth:
    """The OAuth 2.0 authorization-code flow with offline access (a refresh token)."""

    def __init__(self, settings: GoogleCalendarSettings):
        self.settings = settings

    def authorization_url(self, state: str) -> str:
        query = {"client_id": self.settings.client_id or "", "redirect_uri": self.settings.redirect_uri,
                 "response_type": "code", "scope": SCOPE, "access_type": "offline", "prompt": "consent",
                 "include_granted_scopes": "true", "state": state}
        return f"{self.settings.oauth_auth_uri}?{urllib.parse.urlencode(query)}"

    def exchange(self, code: str) -> str:
        """The refresh token for an authorization code."""
        form = urllib.parse.urlencode({"grant_type": "authorization_code", "code": code,
                                       "client_id": self.settings.client_id or "",
                                       "client_secret": self.settings.client_secret or "",
                                       "redirect_uri": self.settings.redirect_uri}).encode()
        request = urllib.request.Request(self.settings.oauth_token_uri, data=form, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise ProviderError(f"Google refused the authorization code ({exc.code}).",
                                retryable=exc.code >= 500) from None
        except OSError as exc:
            raise ProviderError(f"Google's token endpoint is unreachable: {exc}", retryable=True) from None
        if not answer.get("refresh_token"):
            raise ProviderError("Google sent no refresh token; connect again (offline access, consent).",
                                retryable=False)
        return answer["refresh_token"]


class GoogleCalendar:
    """One connected calendar's API, authorised by its refresh token."""

    def __init__(self, settings: GoogleCalendarSettings, refresh_token: str):
        import google_auth_httplib2
        import httplib2
        from google.oauth2.credentials import Credentials
        from googleapiclient.discovery import build

        credentials = Credentials(token=None, refresh_token=refresh_token, token_uri=settings.oauth_token_uri,
                                  client_id=settings.client_id, client_secret=settings.client_secret,
                                  scopes=[SCOPE])
        http = google_auth_httplib2.AuthorizedHttp(credentials, http=httplib2.Http(timeout=TIMEOUT_SECONDS))
        options = {"api_endpoint": f"{settings.api_base_url.rstrip('/')}/calendar/v3/"} if settings.api_base_url \
            else None
        self._service = build("calendar", "v3", http=http, static_discovery=True, cache_discovery=False,
                              client_options=options)
        self.round_trips = 0

    def _run(self, request, missing_ok: bool = False, duplicate_ok: bool = False):
        """Execute one request; Google's errors as ours (429 and 5xx retryable, 410 a full sync)."""
        from google.auth.exceptions import RefreshError, TransportError
        from googleapiclient.errors import HttpError

        self.round_trips += 1
        try:
            return request.execute()
        except HttpError as exc:
            status = exc.resp.status
            if (missing_ok and status in (404, 410)) or (duplicate_ok and status == 409):
                return None
            if status == 410:
                raise SyncTokenExpired() from None
            retryable = status == 429 or status >= 500
            raise ProviderError(f"Google Calendar answered {status}: {exc.reason}", retryable=retryable) from None
        except RefreshError as exc:
            raise ProviderError(f"Google refused the calendar's refresh token: {exc}", retryable=False) from None
        except (TransportError, OSError, httplib2_errors()) as exc:
            raise ProviderError(f"Google Calendar is unreachable: {exc}", retryable=True) from None

    def changes(self, calendar_id: str, sync_token: str | None, zone: ZoneInfo) -> tuple[list[ExternalEvent], str]:
        """Events changed since `sync_token` (None: every event), and the next sync token."""
        events: list[ExternalEvent] = []
        page_token = None
        while True:
            query = {"calendarId": calendar_id, "maxResults": PAGE_SIZE, "singleEvents": True,
                     "showDeleted": sync_token is not None}
            if sync_token:
                query["syncToken"] = sync_token
            if page_token:
                query["pageToken"] = page_token
            page = self._run(self._service.events().list(**query))
            events += [parse_event(item, zone) for item in page.get("items", [])]
            page_token = page.get("nextPageToken")
            if not page_token:
                return events, page["nextSyncToken"]

    def put_event(self, calendar_id: str, event_id: str, business: Business, appointment: Appointment) -> None:
        """Make the appointment's event what it should be: insert it, or (it exists, perhaps deleted)
        patch it. A retry changes nothing."""
        body = event_body(business, appointment)
        created = self._run(self._service.events().insert(calendarId=calendar_id, body={"id": event_id, **body}),
                            duplicate_ok=True)
        if created is None:  # 409: the event exists (an earlier try, a move): make it match
            self._run(self._service.events().patch(calendarId=calendar_id, eventId=event_id, body=body))

    def remove_event(self, calendar_id: str, event_id: str) -> None:
        """Delete it; already gone (404/410) is done too."""
        self._run(self._service.events().delete(calendarId=calendar_id, eventId=event_id), missing_ok=True)

    def watch(self, calendar_id: str, channel_id: str, address: str, token: str,
              expires_at: dt.datetime) -> tuple[str, dt.datetime]:
        """Open a push channel; (resource id, when it expires: Google may shorten it)."""
        body = {"id": channel_id, "type": "web_hook", "address": address, "token": token,
                "expiration": str(int(expires_at.timestamp() * 1000))}
        channel = self._run(self._service.events().watch(calendarId=calendar_id, body=body))
        expires = dt.datetime.fromtimestamp(int(channel["expiration"]) / 1000, dt.UTC)
        return channel["resourceId"], expires

    def stop(self, channel_id: str, resource_id: str) -> None:
        self._run(self._service.channels().stop(body={"id": channel_id, "resourceId": resource_id}),
                  missing_ok=True)


def httplib2_errors() -> type[Exception]:
    import httplib2

    return httplib2.HttpLib2Error


def _moment(value: dict, zone: ZoneInfo) -> dt.datetime:
    if "dateTime" in value:
        moment = dt.datetime.fromisoformat(value["dateTime"].replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(value.get("timeZone") or "UTC"))
    return dt.datetime.combine(dt.date.fromisoformat(value["date"]), dt.time(0), tzinfo=zone)  # all-day


def parse_event(item: dict, zone: ZoneInfo) -> ExternalEvent:
    """Busy unless deleted, marked free (transparent) or ours; all-day events in the business's zone."""
    event_id = item["id"]
    private = (item.get("extendedProperties") or {}).get("private") or {}
    ours = is_ours(event_id) or "voicehive_appointment" in private
    if item.get("status") == "cancelled" or item.get("transparency") == "transparent" or ours:
        return ExternalEvent(event_id)
    if "start" not in item or "end" not in item:
        return ExternalEvent(event_id)
    start, end = _moment(item["start"], zone), _moment(item["end"], zone)
    return ExternalEvent(event_id, start.astimezone(dt.UTC), end.astimezone(dt.UTC), end > start,
                         item.get("summary", ""))


def event_body(business: Business, appointment: Appointment) -> dict:
    zone = business.timezone
    notes = f"\nNotes: {appointment.notes}" if appointment.notes else ""
    return {
        "summary": f"{appointment.service}: {appointment.caller.name}",
        "description": f"Booked with VoiceHive ({appointment.source}).\nCaller: {appointment.caller.name}, "
                       f"{appointment.caller.phone}{notes}",
        "start": {"dateTime": appointment.start.astimezone(business.zone).isoformat(), "timeZone": zone},
        "end": {"dateTime": appointment.end.astimezone(business.zone).isoformat(), "timeZone": zone},
        "status": "confirmed",
        "transparency": "opaque",
        "extendedProperties": {"private": {"voicehive_appointment": appointment.id,
                                           "voicehive_business": business.id}},
    }
