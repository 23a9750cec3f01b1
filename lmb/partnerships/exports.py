"""XLSX exports: the budget (planned and spent, per partnership and year) and outcome records.

Amounts go into the sheet as exact Decimals with a euro number format; text cells are
neutralised so that they cannot smuggle formulas.
"""

from __future__ import annotations

from flask_babel import gettext as _
from openpyxl.styles import Font

from lmb.core.spreadsheets import add_sheet, neutralise, new_workbook, workbook_bytes
from lmb.partnerships.models import Side

EURO = '#,##0.00 "EUR"'


def _header(sheet, names) -> None:
    sheet.append([str(n) for n in names])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _money_cells(sheet, first_column: int) -> None:
    for cell in sheet[sheet.max_row][first_column:]:
        if not isinstance(cell.value, str):
            cell.number_format = EURO


def budget_xlsx(overviews) -> bytes:
    """One row per partnership and year, then its total row: planned and spent per side."""
    workbook = new_workbook()
    sheet = add_sheet(workbook, _("Budget"))
    _header(
        sheet,
        [
            _("Partnership"),
            _("Country"),
            _("Year"),
            _("Budget of the Flemish municipality"),
            _("Budget of the partner municipality"),
            _("Planned by the Flemish municipality"),
            _("Planned by the partner municipality"),
            _("Spent by the Flemish municipality"),
            _("Spent by the partner municipality"),
            _("Planned in total"),
            _("Spent in total"),
            _("Remaining budget"),
        ],
    )
    for overview in overviews:
        partnership = overview.partnership
        for row in [*overview.years, overview.total]:
            is_total = row is overview.total
            sheet.append(
                [
                    neutralise(partnership.title),
                    neutralise(partnership.country.label),
                    neutralise(row.label),
                    partnership.budget_flemish if is_total else None,
                    partnership.budget_partner if is_total else None,
                    row.planned[Side.flemish],
                    row.planned[Side.partner],
                    row.spent[Side.flemish],
                    row.spent[Side.partner],
                    row.planned_total,
                    row.spent_total,
                    overview.remaining_total if is_total else None,
                ]
            )
            _money_cells(sheet, 3)
            if is_total:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
    activities = add_sheet(workbook, _("Activities"))
    _header(
        activities,
        [
            _("Partnership"),
            _("Activity"),
            _("Starts on"),
            _("Ends on"),
            _("Paid from the budget of"),
            _("Planned amount"),
            _("Spent so far"),
        ],
    )
    for overview in overviews:
        for activity in overview.partnership.confirmed_activities:
            activities.append(
                [
                    neutralise(overview.partnership.title),
                    neutralise(activity.title),
                    activity.starts_on,
                    activity.ends_on,
                    neutralise(activity.side.label),
                    activity.planned_amount,
                    activity.spent_amount,
                ]
            )
            _money_cells(activities, 5)
    return workbook_bytes(workbook)


def outcomes_xlsx(records) -> bytes:
    workbook = new_workbook()
    sheet = add_sheet(workbook, _("Outcomes"))
    _header(
        sheet,
        [
            _("Visit on"),
            _("Municipality"),
            _("Partnership"),
            _("Learning track"),
            _("Who changed"),
            _("What changed"),
            _("When"),
            _("Where"),
            _("Significance"),
            _("Contribution of the programme"),
            _("Sources"),
            _("Substantiation"),
            _("Confirmed by"),
            _("SDGs"),
            _("Recorded by"),
        ],
    )
    for record in records:
        sheet.append(
            [
                record.visited_on,
                neutralise(record.municipality.name if record.municipality else ""),
                neutralise(record.partnership.title if record.partnership else ""),
                neutralise(record.track.title if record.track else ""),
                neutralise(record.actor),
                neutralise(record.change),
                record.occurred_on,
                neutralise(record.place),
                neutralise(record.significance),
                neutralise(record.contribution),
                neutralise(record.sources),
                neutralise(record.substantiation),
                neutralise(record.confirmed_by),
                ", ".join(str(n) for n in record.sdgs or []),
                neutralise(record.recorded_by.name if record.recorded_by else ""),
            ]
        )
    return workbook_bytes(workbook)
