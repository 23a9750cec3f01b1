"""Tables for spreadsheet programs: CSV (UTF-8 with BOM, `;`) and XLSX; no cell can smuggle
a formula in."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")
SHEET_MAX = 31


def _xml_safe(value):
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def neutralise(value) -> str:
    """A text cell: no formula, and no character that XML (so XLSX) cannot hold."""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def sheet_title(title, taken=(), default: str | None = None) -> str:
    """A name any spreadsheet program accepts for a sheet, whatever the title: no : \\ / ? * [ ],
    no control characters, not empty, at most 31 characters, not starting or ending with an
    apostrophe, not "History" (Excel's), and different from the names in `taken`."""
    text = unicodedata.normalize("NFC", "" if title is None else str(title))
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    text = SHEET_FORBIDDEN.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip(" '")
    default = default or _("Sheet")
    if not text or text.casefold() == "history":
        text = (text + " " + default).strip() if text else default
    text = text[:SHEET_MAX].rstrip(" '")
    used = {t.casefold() for t in taken}
    candidate, number = text, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = text[: SHEET_MAX - len(suffix)].rstrip(" '") + suffix
    return candidate


def new_workbook() -> Workbook:
    """A workbook without sheets; add them with add_sheet()."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def add_sheet(workbook: Workbook, title) -> Worksheet:
    """The workbook's next sheet, under a safe name that no other sheet of it has."""
    return workbook.create_sheet(sheet_title(title, [sheet.title for sheet in workbook.worksheets]))


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    # A BOM so that Excel reads the UTF-8 (Zoë, Ĳssel) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(sheets) -> bytes:
    """`sheets`: (title, rows) pairs, one worksheet each."""
    workbook = new_workbook()
    for title, rows in sheets:
        sheet = add_sheet(workbook, title)
        for row in rows:
            sheet.append([_xml_safe(value) for value in row])
    return workbook_bytes(workbook)
