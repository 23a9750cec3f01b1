"""Every export and download survives any title (issue 12, "Exports and uploads"): a title with
: \\ / ? * [ ], longer than 31 characters, blank, with emoji, quotes and semicolons, line breaks
or control characters gives a 200, a workbook that opens with sheet names a spreadsheet program
accepts, and a Content-Disposition with an ASCII fallback and the UTF-8 name.

The titles are written straight into the rows (as older data, an import or the API could leave
them), so this tests the exports, not the forms in front of them.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from sqlalchemy import insert, update
from sqlalchemy import inspect as sa_inspect

from lmb.accounts import services as accounts
from lmb.core.audit import AuditEntry
from lmb.core.models import utcnow
from lmb.core.spreadsheets import SHEET_FORBIDDEN, sheet_title
from lmb.core.uploads import content_disposition
from lmb.extensions import db
from lmb.partnerships import services as partnerships
from lmb.partnerships.models import Side
from lmb.peer_review.models import RoundPhase
from lmb.toolkits import services as toolkits
from lmb.toolkits.models import ToolkitKind
from lmb.tracks.models import PhaseKey
from tests.builders import create_person, create_session
from tests.partnerships.builders import partnership
from tests.peer_review.builders import build_round, pdf_bytes

HOSTILE = {
    "excel-forbidden": "Demo: a/b\\c?d*e[f]",
    "long": "Een heel lang leertraject over lokaal mondiaal beleid en de SDG's in 2030",
    "blank": "   ",
    "unicode": "Zoë’s café – één stap 🌍 😀 Ĳssel",
    "quotes": 'Quote " and ; semicolon; filename="evil.exe"; x=\'y\'',
    "line-breaks": "Line\r\nBreak: Set-Cookie: x=1\n\rend",
    "controls": "Bell\x07 vertical\x0btab \x1f and \x7f del",
    "apostrophes": "'History'",
    "formula": '=HYPERLINK("http://evil.example";"klik")',
}

# The ASCII fallback and the UTF-8 name, nothing else.
DISPOSITION = re.compile(
    r"^(attachment|inline); filename=\"([A-Za-z0-9._()+-]+)\"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)$"
)


def build_world(title: str) -> dict:
    """Track, round, lesson with attachment, toolkit (published), partnership, outcome, audit:
    every title-like value set to `title`. Returns the paths to fetch and the admin's token."""
    now = utcnow()
    built = build_round(slug="titels", phase=RoundPhase.assessment)
    track, coordinator, round_ = built["track"], built["coordinator"], built["round"]
    admin = create_person("admin@titels.example.org", role="admin", organization="VVSG")
    author = built["people"]["mol"]

    lesson = toolkits.create_lesson(author, track, title="Les", phase=PhaseKey.labo)
    attachment = toolkits.add_attachment(
        lesson, by=author, stream=io.BytesIO(pdf_bytes("Bijlage")), filename="verslag.pdf"
    )
    toolkits.submit_lesson(lesson, by=author)
    toolkits.approve_lesson(lesson, by=coordinator)
    toolkit = toolkits.create_toolkit(
        track, by=coordinator, kind=ToolkitKind.step_plan, title="Toolkit", language="nl"
    )
    toolkits.add_item(
        toolkit, by=coordinator, title="Stap", body="Doe het.", lesson_ids=[lesson.id]
    )
    twinning = partnership(admin)
    partnerships.save_activity(
        twinning,
        None,
        by=admin,
        title="Activiteit",
        description="",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 3, 2),
        side=Side.flemish,
        planned_amount=Decimal("100.00"),
        spent_amount=Decimal("50.00"),
    )
    partnerships.save_outcome(
        None,
        by=admin,
        track=track,
        visited_on=date(2025, 5, 1),
        occurred_on=date(2025, 4, 1),
        actor="Iemand",
        change="Iets",
    )
    session = create_session(track, now + timedelta(days=5), title="Bijeenkomst")
    db.session.commit()

    # Now the hostile title everywhere a title, name or file name is kept: straight into the
    # tables, past the models' own guard (lmb.core.text), as values stored before the rule.
    for item in (track, round_, toolkit, twinning, *twinning.activities, session, lesson):
        _store(item, title=title)
    for criterion in round_.criteria:
        _store(criterion, title=title)
    _store(built["people"]["gent"].organization, name=title)
    _store(author, name=title)
    _store(admin, name=title)
    _store(attachment, filename=f"{title}.pdf")
    for submission in round_.submissions:
        _store(submission.latest, filename=f"{title}.pdf")
    record = partnerships.outcomes(partnerships.OutcomeFilters())[0]
    _store(record, actor=title, change=title, place=title)
    db.session.execute(
        insert(AuditEntry.__table__).values(
            at=utcnow(),
            actor=title,
            action="update",
            entity="tracks",
            entity_id=title,
            changes={title: [title, title]},
        )
    )
    db.session.commit()
    db.session.expire_all()
    version = toolkits.publish(toolkit, by=coordinator)
    _token, secret = accounts.create_api_token(admin, "export")
    submission = round_.submissions[0]
    return {
        "admin": admin.email,
        "token": secret,
        "paths": [
            f"/tracks/{track.slug}/registrations.csv",
            f"/tracks/{track.slug}/registrations.xlsx",
            f"/tracks/{track.slug}/calendar.ics",
            f"/calendar/{accounts.calendar_token(author)}.ics",
            f"/review-rounds/{round_.id}/export.csv",
            f"/review-rounds/{round_.id}/export.xlsx",
            f"/review-documents/{submission.latest.id}",
            f"/attachments/{attachment.id}",
            *(
                f"/toolkits/{toolkit.id}/{which}.{fmt}"
                for which in ("draft", "latest", f"v{version.number}")
                for fmt in ("html", "md", "pdf", "docx")
            ),
            *(
                f"/api/v1/toolkits/{toolkit.id}/export?format={fmt}"
                for fmt in ("html", "md", "pdf", "docx")
            ),
            "/outcomes/export.xlsx",
            "/partnerships/budget.xlsx",
            f"/partnerships/{twinning.slug}/budget.xlsx",
            "/admin/audit.csv",
            "/admin/audit.xlsx",
            "/account/privacy/data.json",
            "/account/privacy/data.html",
        ],
    }


def _store(item, **values) -> None:
    table = sa_inspect(item).mapper.local_table
    db.session.execute(update(table).where(table.c.id == item.id).values(**values))


def check_file(path: str, response) -> None:
    """The body is a file of the kind its name says, that its program opens."""
    kind = path.split("?format=")[-1] if "?format=" in path else path.rsplit(".", 1)[-1]
    body = response.data
    if kind == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(body))
        for name in workbook.sheetnames:
            assert 0 < len(name) <= 31, name
            assert not SHEET_FORBIDDEN.search(name), name
            assert not name.startswith("'") and not name.endswith("'"), name
    elif kind == "csv":
        body.decode("utf-8-sig")
    elif kind == "docx":
        docx.Document(io.BytesIO(body))
    elif kind == "pdf" or path.startswith(("/review-documents/", "/attachments/")):
        assert body.startswith(b"%PDF-")
    elif kind == "json":
        json.loads(body)
    elif kind == "ics":
        text = body.decode("utf-8")
        assert text.startswith("BEGIN:VCALENDAR") and text.rstrip().endswith("END:VCALENDAR")
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
        assert all(line.endswith("\r") for line in text.split("\n")[:-1])
    else:
        assert body.decode("utf-8")


@pytest.mark.parametrize("title", list(HOSTILE.values()), ids=list(HOSTILE))
def test_every_export_survives_a_hostile_title(app, seeded, make_browser, title):
    with app.app_context():
        world = build_world(title)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    admin = make_browser()
    admin.login(world["admin"])
    problems = []
    for path in world["paths"]:
        if path.startswith("/api/"):
            response = admin.client.get(path, headers={"Authorization": f"Bearer {world['token']}"})
        else:
            response = admin.get(path)
        if response.status_code != 200:
            problems.append(f"{path}: {response.status_code}")
            continue
        disposition = response.headers.get("Content-Disposition", "")
        match = DISPOSITION.match(disposition)
        if not match:
            problems.append(f"{path}: unsafe Content-Disposition {disposition!r}")
        else:
            utf8_name = unquote(match.group(3))
            if any(c in utf8_name for c in '/\\\r\n"') or not utf8_name.strip():
                problems.append(f"{path}: unsafe file name {utf8_name!r}")
        try:
            check_file(path, response)
        except Exception as error:  # noqa: BLE001 - every broken file is reported
            problems.append(f"{path}: {type(error).__name__}: {error}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("title", list(HOSTILE.values()), ids=list(HOSTILE))
def test_sheet_title_is_always_a_valid_and_unique_sheet_name(app, title):
    with app.test_request_context():
        first = sheet_title(title)
        second = sheet_title(title, taken=[first])
        third = sheet_title(title, taken=[first, second])
    for name in (first, second, third):
        assert 0 < len(name) <= 31 and not SHEET_FORBIDDEN.search(name)
        assert name.casefold() != "history"
        assert name == name.strip() and not name.startswith("'") and not name.endswith("'")
    assert len({first.casefold(), second.casefold(), third.casefold()}) == 3
    workbook = openpyxl.Workbook()
    workbook.active.title = first
    workbook.create_sheet(second)


@pytest.mark.parametrize("title", list(HOSTILE.values()), ids=list(HOSTILE))
def test_content_disposition_is_safe_for_any_name(title):
    for name in (title, f"{title}.xlsx", f"../../{title}.pdf", f"{title}/{title}.csv"):
        value = content_disposition(name)
        match = DISPOSITION.match(value)
        assert match, value
        assert "\r" not in value and "\n" not in value
        if name.endswith((".xlsx", ".pdf", ".csv")):
            extension = name.rsplit(".", 1)[1]
            assert match.group(2).endswith(f".{extension}")
            assert unquote(match.group(3)).endswith(f".{extension}")


def test_the_utf8_name_keeps_letters_and_the_fallback_is_plain_ascii():
    value = content_disposition("Zoë’s café: plan.pdf")
    assert "filename*=UTF-8''Zo%C3%AB%E2%80%99s%20caf%C3%A9%20plan.pdf" in value
    assert 'filename="Zoes_cafe_plan.pdf"' in value


def test_a_track_titled_demo_colon_exports_its_registrations(app, make_browser):
    """The case the issue names: a coordinator's XLSX of a track called "Demo: …"."""
    from tests.builders import create_track, make_coordinator

    with app.app_context():
        track = create_track("demo", "Demo: de SDG's in het meerjarenplan [2024/2025]?")
        make_coordinator("coord@demo.example.org", track)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    coordinator = make_browser()
    coordinator.login("coord@demo.example.org")
    response = coordinator.get("/tracks/demo/registrations.xlsx")
    assert response.status_code == 200
    [name] = openpyxl.load_workbook(io.BytesIO(response.data)).sheetnames
    assert name == "Demo- de SDG's in het meerjarenp"[:31]


FORMULAS = {
    "equals": '=HYPERLINK("http://evil.example";"klik")',
    "plus": "+31 6 1234 5678",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage-return": "\r=1+1",
}


def _cells(path: str, body: bytes):
    if path.endswith(".csv"):
        import csv

        for row in csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"):
            yield from ((cell, None) for cell in row)
    else:
        workbook = openpyxl.load_workbook(io.BytesIO(body))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                yield from ((cell.value, cell.data_type) for cell in row)


@pytest.mark.parametrize("title", list(FORMULAS.values()), ids=list(FORMULAS))
def test_no_exported_cell_is_a_formula(app, seeded, make_browser, title):
    """Every CSV and XLSX export, with the value in every title, name, place and comment: no
    cell starts with = + - @ tab or CR (a spreadsheet program would run it) and none is a
    formula."""
    with app.app_context():
        world = build_world(title)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    admin = make_browser()
    admin.login(world["admin"])
    sheets = [p for p in world["paths"] if p.endswith((".csv", ".xlsx"))]
    assert len(sheets) >= 7
    problems = []
    for path in sheets:
        response = admin.get(path)
        assert response.status_code == 200, path
        seen = False
        for value, data_type in _cells(path, response.data):
            if data_type == "f":
                problems.append(f"{path}: formula cell {value!r}")
            if isinstance(value, str):
                seen = seen or title.strip("\t\r") in value
                if value.startswith(("=", "+", "-", "@", "\t", "\r")):
                    problems.append(f"{path}: {value[:40]!r}")
        if not seen:
            problems.append(f"{path}: the value is not in the export")
    assert problems == []
