"""The pages of partners as equals pass both accessibility engines (axe-core, HTML_CodeSniffer)
in Chromium, also with their form errors: a partner member's partnership page, the report
with both parts and its history, the proposal form, the spending form, the association's
country page, the staff's deadlines page and an application refused for its upload."""

from datetime import date

import pytest

from lmb.accounts.models import OrganizationKind
from lmb.accounts.services import get_or_create_organization
from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.models import ReportKind, Side
from tests.builders import create_person
from tests.e2e.engines import Engines
from tests.partnerships.builders import coordinator, partnership, partnership_call

pytestmark = pytest.mark.e2e


@pytest.fixture
def pages(app, seeded):
    with app.app_context():
        staff = coordinator()
        p = partnership(staff, starts_on=date(2023, 9, 1))
        get_or_create_organization("RALGA", OrganizationKind.association, "RW")
        flemish = create_person("an@merelbeke.example", organization="Gemeente Merelbeke")
        partner = create_person("claudine@huye.example", organization="Huye")
        create_person("eric@ralga.example", organization="RALGA")
        services.set_deadlines(p, by=staff, interim_due=date(2024, 9, 30), final_due=None)
        interim = services.report_for(p, ReportKind.interim)
        services.save_part(interim.part(Side.flemish), by=flemish, text="Twee bezoeken.")
        services.save_part(interim.part(Side.partner), by=partner, text="Les comités.")
        activity = services.save_activity(
            p,
            None,
            by=staff,
            title="Wijkcomités",
            description="",
            starts_on=date(2024, 3, 1),
            ends_on=date(2024, 3, 1),
            side=Side.partner,
            planned_amount="5000.00",
            spent_amount="0",
        )
        services.propose_activity(
            p,
            by=partner,
            title="Forum des jeunes",
            description="",
            starts_on=date(2024, 6, 1),
            ends_on=None,
            planned_amount="1000.00",
        )
        call = partnership_call(staff)
        db.session.commit()
        slug, activity_id, call_slug = p.slug, activity.id, call.slug
        db.session.remove()
    return slug, activity_id, call_slug


def log_in(page, email):
    page.goto("/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("correct horse battery")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/account/login" not in url)


def send_empty(page, selector):
    with page.expect_navigation():
        page.evaluate(
            """(selector) => { const f = document.querySelector(selector); f.noValidate = true;
            for (const el of f.elements) { if (['text', 'textarea', 'date', 'email'].includes(el.type)
            || el.tagName === 'TEXTAREA') el.value = ''; }
            f.querySelector('[type=submit]').click(); }""",
            selector,
        )


def refused_application(page, call_slug):
    """An application whose council's decision is not a document: its page, with the error."""
    page.goto(f"/partnerships/calls/{call_slug}")
    page.locator("#country-0").check()
    page.locator("#proposed_partner").fill("Huye")
    page.locator("#motivation").fill("Wij werken al rond participatie.")
    page.locator("#contact_name").fill("An Peeters")
    page.locator("#contact_email").fill("an@merelbeke.example")
    page.locator("#decision").set_input_files(
        {"name": "besluit.pdf", "mimeType": "application/pdf", "buffer": b"<html>geen</html>"}
    )
    with page.expect_navigation():
        page.locator("main form[enctype] button[type=submit]").click()
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#motivation").input_value() == "Wij werken al rond participatie."
    return Engines().audit(page)


def test_the_partners_pages_pass_both_engines(chromium, live_server, pages, tmp_path):
    if not Engines.available():
        pytest.skip("axe-core or html_codesniffer is not installed: run `npm ci`")
    slug, activity_id, call_slug = pages
    engines = Engines()
    found = []
    visits = {
        "claudine@huye.example": [
            (f"/partnerships/{slug}", None),
            (f"/partnerships/{slug}/reports/interim", None),
            (f"/partnerships/{slug}/reports/interim", "main form[method=post]"),
            (f"/partnerships/{slug}/proposals/new", None),
            (f"/partnerships/{slug}/proposals/new", "main form[method=post]"),
            (f"/partnerships/activities/{activity_id}/spending", "main form[method=post]"),
        ],
        "an@merelbeke.example": [(f"/partnerships/{slug}", None)],
        "eric@ralga.example": [("/partnerships/countries/rwanda", None)],
        "coordinator@example.org": [(f"/partnerships/{slug}/reports/deadlines", None)],
    }
    for email, paths in visits.items():
        context = chromium.new_context(base_url=live_server, bypass_csp=True)
        context.set_default_timeout(15_000)
        page = context.new_page()
        log_in(page, email)
        for path, form in paths:
            response = page.goto(path)
            assert response.status == 200, f"{email} {path}: {response.status}"
            if form:
                send_empty(page, form)
                assert page.locator(".error-summary").count() == 1, f"{path}: no error summary"
            found += [(email, path, *problem) for problem in engines.audit(page)]
        if email == "an@merelbeke.example":
            found += [(email, "application", *p) for p in refused_application(page, call_slug)]
            page.screenshot(path=str(tmp_path / "application.png"), full_page=True)
        if email == "claudine@huye.example":
            # The notice that puts back text typed but not saved (lmb/static/keep-draft.js).
            page.goto(f"/partnerships/{slug}/reports/interim")
            page.locator("#text").fill("Huye a organisé deux ateliers.")
            page.reload()
            assert page.locator("[data-draft-message]").is_visible()
            found += [(email, "report draft notice", *p) for p in engines.audit(page)]
            page.evaluate("localStorage.clear()")
            page.goto(f"/partnerships/{slug}/reports/interim")
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            page.goto(f"/partnerships/{slug}")
            page.screenshot(path=str(tmp_path / "partnership.png"), full_page=True)
        context.close()
    assert not found, "\n".join(str(f) for f in found)
