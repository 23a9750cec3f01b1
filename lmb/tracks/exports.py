"""Registration lists as CSV and XLSX for coordinators; cells cannot smuggle formulas."""

from __future__ import annotations

from flask_babel import gettext as _

from lmb.core.spreadsheets import csv_bytes, neutralise, xlsx_bytes


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
    return csv_bytes(_rows(registrations))


def as_xlsx(registrations, title: str) -> bytes:
    return xlsx_bytes([(title, _rows(registrations))])
