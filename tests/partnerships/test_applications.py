"""What an application asks so that the association can select it (issue 16): the proposed
partner municipality, theme and SDGs, contacts, and the council's decision as an upload checked
by content and size; refused input is shown on its field and what was typed is kept."""

import io
import re

import pytest

from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.models import PartnershipTheme
from lmb.partnerships.services import applications
from tests.builders import create_person
from tests.core.test_bad_input import HOSTILE, SCRIPT, check
from tests.partnerships.builders import application_form, coordinator, partnership_call, pdf_bytes


@pytest.fixture
def call_slug(app, seeded):
    with app.app_context():
        staff = coordinator()
        call = partnership_call(staff)
        create_person("sofie@example.org", organization="Gemeente Merelbeke")
        create_person("piet@example.org", organization="Stad Roeselare")
        slug = call.slug
        db.session.commit()
        db.session.remove()
    return slug


def error_of(html: str, name: str) -> str:
    match = re.search(rf'id="{name}-error">(.*?)</p>', html, re.S)
    assert match, f"no error on {name}"
    return match.group(1)


def test_the_application_keeps_what_a_selection_needs(app, call_slug, make_browser):
    sofie = make_browser()
    sofie.login("sofie@example.org")
    response = sofie.submit(
        f"/partnerships/calls/{call_slug}",
        application_form(partner_contact="Claudine, chargée de la participation"),
    )
    assert response.status_code == 302
    with app.app_context():
        [application] = services.call_by_slug(call_slug).applications
        assert application.proposed_partner == "Huye"
        assert application.theme is PartnershipTheme.citizen_participation
        assert application.sdgs == [5, 16]  # the theme's SDG is always in
        assert (application.contact_name, application.contact_email) == (
            "Sofie Peeters",
            "sofie@merelbeke.example",
        )
        assert application.decision_kind == "pdf"
        assert application.decision_filename == "raadsbesluit.pdf"
        application_id = application.id
    # Staff read it all, and the decision; the municipality reads its own; others do not.
    staff = make_browser()
    staff.login("coordinator@example.org")
    listing = staff.get(f"/partnerships/calls/{call_slug}/applications").get_data(as_text=True)
    assert "Sofie Peeters" in listing and "raadsbesluit.pdf" in listing
    assert 'value="Huye"' in listing  # the selection form starts from the proposed partner
    url = f"/partnerships/applications/{application_id}/decision"
    download = staff.get(url)
    assert download.status_code == 200 and download.data == pdf_bytes()
    assert "attachment" in download.headers["Content-Disposition"]
    assert sofie.get(url).status_code == 200
    piet = make_browser()
    piet.login("piet@example.org")
    assert piet.get(url).status_code == 403


@pytest.mark.parametrize(
    "upload, message",
    [
        ((io.BytesIO(b"<html>geen pdf</html>"), "raadsbesluit.pdf"), "PDF"),
        ((io.BytesIO(b""), "leeg.pdf"), "leeg"),
        (
            (io.BytesIO(pdf_bytes() + b"0" * applications.DECISION_MAX_BYTES), "groot.pdf"),
            "te groot",
        ),
    ],
    ids=["not-a-document", "empty", "too-large"],
)
def test_a_refused_upload_says_why_on_its_field_and_keeps_the_text(
    app, call_slug, make_browser, upload, message
):
    sofie = make_browser()
    sofie.login("sofie@example.org")
    typed = "Wij werken al jaren rond participatie met onze wijkraden."
    response = sofie.submit(
        f"/partnerships/calls/{call_slug}",
        application_form(motivation=typed, decision=upload),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in error_of(html, "decision")
    assert typed in html and 'value="Sofie Peeters"' in html and 'value="Huye"' in html
    assert "Wat u typte, is bewaard" in html
    with app.app_context():
        assert services.call_by_slug(call_slug).applications == []


def test_missing_fields_are_refused_together_on_their_fields(app, call_slug, make_browser):
    sofie = make_browser()
    sofie.login("sofie@example.org")
    form = application_form(proposed_partner="", contact_email="geen-adres")
    del form["decision"]
    response = sofie.submit(f"/partnerships/calls/{call_slug}", form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "verplicht" in error_of(html, "proposed_partner")
    assert "e-mailadres" in error_of(html, "contact_email")
    assert "gemeenteraadsbeslissing" in error_of(html, "decision")
    assert "Wij werken al rond participatie." in html


def test_hostile_values_with_a_real_upload_never_cause_a_server_error(app, call_slug, make_browser):
    sofie = make_browser()
    sofie.login("sofie@example.org")
    url = f"/partnerships/calls/{call_slug}"
    for name in ("proposed_partner", "motivation", "contact_name", "partner_contact"):
        for label, value in HOSTILE.items():
            response = sofie.submit(url, application_form(**{name: value}))
            check(response, value, f"{name} {label}")
    listing = make_browser()
    listing.login("coordinator@example.org")
    check(listing.get(f"/partnerships/calls/{call_slug}/applications"), SCRIPT, "applications")
