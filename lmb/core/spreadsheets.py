"""Tables for spreadsheet programs: CSV (UTF-8 with BOM, `;`) and XLSX; no cell can smuggle
a formula in."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
    workbook = Workbook()
    for index, (title, rows) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = str(title)[:31]
        for row in rows:
            sheet.append(row)
    return workbook_bytes(workbook)
