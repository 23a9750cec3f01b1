"""The steering group's meeting record in a browser, in Dutch and English: a coordinator writes
the agenda, minutes and decisions, the page shows them formatted, and the record's page, its
form and the group's page pass both accessibility engines (as in test_accessibility.py)."""

import pytest
from sqlalchemy import select

from lmb.extensions import db
from tests.e2e.engines import Engines
from tests.e2e.pages import world
from tests.e2e.test_accessibility import _context, _log_in, _report

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_a_coordinator_writes_a_meeting_record_that_passes_both_engines(
    app, seeded, chromium, live_server, locale
):
    if not Engines.available():
        pytest.skip("axe-core or html_codesniffer is not installed: run `npm ci`")
    from lmb.partnerships.models import SteeringGroupMeeting

    w = world(app)
    with app.app_context():
        meeting = db.session.scalar(
            select(SteeringGroupMeeting.id).order_by(SteeringGroupMeeting.year)
        )
        db.session.remove()
    engines = Engines()
    context = _context(chromium, live_server, locale)
    page = context.new_page()
    _log_in(page, "coordinator@example.org")
    page.goto(f"/steering-group/meetings/{meeting}/record")
    page.locator("#minutes").fill("De stuurgroep besprak het **concept**.")
    page.locator("#decisions").fill("- De oproep gaat uit.\n- Benin en Rwanda.")
    found = [(f"/steering-group/meetings/{meeting}/record", *p) for p in engines.audit(page)]
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith(f"/steering-group/meetings/{meeting}")
    assert page.locator("main strong", has_text="concept").count() == 1
    assert page.locator("main li", has_text="Benin en Rwanda.").count() == 1
    found += [(page.url, *p) for p in engines.audit(page)]
    page.goto(f"/steering-group/{w['group']}")
    found += [(page.url, *p) for p in engines.audit(page)]
    context.close()
    assert found == [], _report([("coordinator", *f) for f in found])
