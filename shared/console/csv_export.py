"""Leads as CSV that a spreadsheet opens as text: a cell that starts like a formula
(=, +, -, @, tab, carriage return) is prefixed with an apostrophe (OWASP's CSV injection advice)."""

from __future__ import annotations

import csv
import io

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("name", "phone", "email", "stage", "score", "interest", "area", "source", "notes", "created_at")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def leads_csv(leads: list[dict]):
    from flask import Response

    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for lead in leads:
        writer.writerow([safe_cell(lead.get(column)) for column in COLUMNS])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="leads.csv"'})
