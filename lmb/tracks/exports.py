"""Registration lists as CSV and XLSX for coordinators; cells cannot smuggle formulas."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _rows(registrations) -> list[list[str]]:
    header = [
        _("Name"),
        _("E-mail address"),
        _("Organization"),
        _("Function"),
        _("Status"),
        _("Position on the waiting list"),
        _("Registered on"),
    ]
    rows = [header]
    for registration in registrations:
        user = registration.user
        rows.append(
            [
                neutralise(user.name),
                neutralise(user.email),
                neutralise(user.organization.name if user.organization else ""),
                neutralise(user.function.label),
                neutralise(registration.status.label),
                str(registration.waitlist_position or ""),
                registration.created_at.date().isoformat(),
            ]
        )
    return rows


def as_csv(registrations) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(_rows(registrations))
    # A BOM so that Excel reads the UTF-8 (Zoë, Ĳssel) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(registrations, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in _rows(registrations):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
