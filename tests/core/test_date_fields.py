"""Every date field takes years 1900 to 2199 (lmb.core.forms.DateField): a day in year 1 or
9999 is refused on its field, never a 500 from the time-zone arithmetic or the database."""

import ast
from pathlib import Path

import pytest

from lmb.extensions import db
from lmb.partnerships.models import PartnershipCall
from tests.partnerships.test_french_calls import call_form, logged_in, people

LMB = Path(__file__).resolve().parents[2] / "lmb"


def test_no_form_uses_wtforms_own_date_field():
    """The class: a form module that imported wtforms' DateField would lose the range."""
    found = []
    for path in LMB.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wtforms"):
                names = {alias.name for alias in node.names}
                if names & {"DateField", "DateTimeField", "DateTimeLocalField"}:
                    found.append(str(path.relative_to(LMB)))
    assert found == []


@pytest.mark.parametrize(
    ("day", "field"),
    [("0001-01-01", "opens_day"), ("9999-12-31", "closes_day"), ("1899-12-31", "opens_day")],
)
def test_a_call_on_a_day_out_of_range_is_refused_on_its_field(
    app, seeded, make_browser, day, field
):
    people(app)
    staff = logged_in(make_browser, "coordinator@example.org")
    response = staff.submit("/partnerships/calls/new", call_form(**{field: day}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Vul een datum tussen 1900 en 2199 in." in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(PartnershipCall)) == 0
        db.session.remove()
