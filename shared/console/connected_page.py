"""The page a person sees when Google sends their browser back after they connected a calendar:
what was connected, for whom, and the way back to the console. No script (the console's CSP
forbids inline scripts and this page needs none)."""

from __future__ import annotations

from html import escape

from shared.domain.business import Business
from shared.domain.calendar_sync import CalendarConnection


def connected_page(connection: CalendarConnection, business: Business, console_url: str) -> str:
    member = next((m for m in business.staff if m.id == connection.staff_id), None)
    whose = f"{member.name}'s calendar" if member else f"{business.name}'s calendar"
    calendar_id = connection.calendar_id
    back = f"{console_url.rstrip('/')}/b/{business.id}/staff"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Google Calendar connected</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem; max-width: 40rem">
<main><h1>Google Calendar connected</h1>
<p>{escape(whose)} is connected: <strong>{escape(calendar_id)}</strong>. Roxy now keeps busy times from it
free and adds her bookings to it.</p>
<p>You can close this tab, or <a href="{escape(back, quote=True)}">go back to the console</a>.</p></main>
</body></html>
"""
