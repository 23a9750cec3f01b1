"""In the browser: a participant writes a lesson, a coordinator approves it and builds a
step plan from it, publishes, and a visitor from another municipality downloads the PDF."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from lmb.extensions import db
from tests.e2e.test_registration_journey import log_in, log_out
from tests.toolkits.helpers import a_track

pytestmark = pytest.mark.e2e


def test_from_lesson_to_a_published_step_plan(page, app):
    with app.app_context():
        track, coordinator, participant = a_track("participatie", "Participatie")
        slug, coordinator_email, participant_email = (
            track.slug,
            coordinator.email,
            participant.email,
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()

    # The participant writes a lesson on the track's page and submits it.
    log_in(page, participant_email)
    page.goto(f"/tracks/{slug}")
    page.get_by_role("link", name="Een les toevoegen").click()
    page.get_by_label("Titel").fill("Ga naar de diaspora toe")
    page.get_by_label("Wat heeft u geleerd?").fill(
        "Plan het gesprek **waar de mensen al samenkomen**. <script>alert('x')</script>"
    )
    page.get_by_label("SDG 16", exact=True).check()
    page.get_by_label("Trefwoorden").fill("participatie, diaspora")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash-success")).to_contain_text("bewaard als ontwerp")
    page.get_by_role("button", name="Indienen ter goedkeuring").click()
    expect(page.locator(".flash-success")).to_contain_text("ingediend")
    log_out(page)

    # The coordinator approves it and builds a step plan that cites it.
    log_in(page, coordinator_email)
    page.goto(f"/tracks/{slug}/lessons/moderate")
    expect(page.locator("main")).to_contain_text("waar de mensen al samenkomen")
    page.get_by_role("button", name="Goedkeuren Ga naar de diaspora toe").click()
    expect(page.locator(".flash-success")).to_contain_text("goedgekeurd")
    page.get_by_role("link", name="Nieuwe toolkit").click()
    page.get_by_label("Soort").select_option("step_plan")
    page.get_by_label("Titel").fill("Stappenplan: participatie met de diaspora")
    page.get_by_role("button", name="Aanmaken").click()
    for title in ("Breng de organisaties in kaart", "Ga naar hun lokaal"):
        page.get_by_role("link", name="Toevoegen", exact=True).click()
        page.get_by_label("Titel").fill(title)
        page.get_by_label("Wie").fill("De mondiale ambtenaar")
        page.get_by_label("Ga naar de diaspora toe").check()
        page.get_by_role("button", name="Opslaan").click()
        expect(page.locator("#items")).to_contain_text(title)
    page.get_by_role("link", name="Een nieuwe versie publiceren").click()
    page.get_by_role("button", name="Ja, publiceer versie 1").click()
    expect(page.locator(".flash-success")).to_contain_text("Versie 1 is gepubliceerd")
    log_out(page)

    # A visitor finds it in the uitrol library, reads it and downloads the PDF.
    page.goto("/toolkits/")
    page.get_by_role("link", name="Stappenplan: participatie met de diaspora").click()
    document = page.locator(".toolkit-document")
    expect(document).to_contain_text("Stap 1. Breng de organisaties in kaart")
    expect(document).to_contain_text("Stap 2. Ga naar hun lokaal")
    expect(document).to_contain_text("Ga naar de diaspora toe")  # the source
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden als PDF").click()
    download = download_info.value
    assert download.suggested_filename == "stappenplan-participatie-met-de-diaspora-v1.pdf"
    pdf = PdfReader(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Stap 1. Breng de organisaties in kaart" in text
    assert "Stap 2. Ga naar hun lokaal" in text
    assert "Ga naar de diaspora toe" in text and "Stad Roeselare" in text
