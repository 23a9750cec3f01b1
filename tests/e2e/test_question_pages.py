"""The questions before a save that mails a group (issue 14), in Dutch, English and French: a
partnership's meeting and a report on an action with a file to choose again pass both
accessibility engines (as in test_accessibility.py), and the question is answered with the
keyboard alone."""

import pytest
from sqlalchemy import select

from lmb.extensions import db
from tests.e2e.engines import Engines
from tests.e2e.pages import world
from tests.e2e.test_accessibility import _context, _log_in, _report
from tests.partnerships.builders import pdf_bytes

pytestmark = pytest.mark.e2e


def _people(app, w):
    """The demo partnership's people, and an owner of the demo action: the saves mail them."""
    from lmb.accounts.models import User
    from lmb.evaluations.models import Action
    from lmb.partnerships import services

    with app.app_context():
        sofie = db.session.scalar(select(User).where(User.email == "sofie@example.org"))
        admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
        partnership = services.partnership_by_slug(w["partnership"])
        services.set_contacts(partnership, [sofie, admin], by=admin)
        action = db.session.get(Action, w["action"])
        action.owners.append(sofie)
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("locale", ["nl", "en", "fr"])
def test_the_questions_pass_both_engines_and_the_keyboard(
    app, seeded, chromium, live_server, locale, tmp_path
):
    if not Engines.available():
        pytest.skip("axe-core or html_codesniffer is not installed: run `npm ci`")
    w = world(app)
    _people(app, w)
    engines = Engines()
    context = _context(chromium, live_server, locale)
    page = context.new_page()
    _log_in(page, "coordinator@example.org")

    page.goto(f"/partnerships/{w['partnership']}/activities/new")
    page.locator("#title").fill("Werkbezoek")
    page.locator("#planned_amount").fill("100")
    page.locator("#side-0").check()
    page.locator("#meeting").check()
    page.locator("#day").fill("2030-03-14")
    page.locator("#starts").fill("09:30")
    page.locator("#ends").fill("12:30")
    page.locator("#location").fill("Gemeentehuis")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".consequences li").count() == 2
    found = [(page.url, *p) for p in engines.audit(page)]
    # Keyboard only: from the first button, Tab reaches "change", Enter takes the form back.
    page.locator(".confirm-buttons button").first.focus()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#location").input_value() == "Gemeentehuis"
    assert page.locator("#meeting").is_checked()

    page.goto(f"/evaluations/actions/{w['action']}")
    page.locator("#note").fill("Verslag bijgevoegd.")
    page.locator("#evidence_kind").select_option("file")
    report = tmp_path / "verslag.pdf"
    report.write_bytes(pdf_bytes())
    page.locator("#evidence_file").set_input_files(str(report))
    with page.expect_navigation():
        page.locator("main form[enctype] button[type=submit]").click()
    assert page.locator("main input[type=file]").count() == 1
    found += [(page.url, *p) for p in engines.audit(page)]
    page.locator("#evidence_file").set_input_files(str(report))
    page.locator(".confirm-buttons button").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/evaluations/actions/{w['action']}")
    history = page.locator("main").inner_text()
    assert "Verslag bijgevoegd." in history and "verslag.pdf" in history
    context.close()
    assert found == [], _report([("coordinator", *f) for f in found])
