"""In the browser: a whole peer review round with three municipalities, mail at each step."""

import pytest
from playwright.sync_api import expect

from lmb.extensions import db
from lmb.peer_review.models import RoundPhase
from tests.e2e.test_registration_journey import log_in, log_out
from tests.peer_review.builders import build_round, pdf_bytes

pytestmark = pytest.mark.e2e


def _subjects(smtp_server, address):
    return [str(mail["Subject"]) for mail in smtp_server.to(address)]


def test_submit_allocate_review_release_respond(page, app, smtp_server, flush_outbox):
    with app.app_context():
        built = build_round(phase=RoundPhase.setup, k=1, slug="journey")
        round_id = built["round"].id
        coordinator = built["coordinator"].email
        people = {p.organization.name: p.email for p in built["people"].values()}
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    round_url = f"/review-rounds/{round_id}"

    # The coordinator opens the round: the preview says what will happen.
    log_in(page, coordinator)
    page.goto(round_url)
    expect(page.get_by_text("3 organisaties worden uitgenodigd om in te dienen.")).to_be_visible()
    expect(page.get_by_text("3 mails worden verstuurd.")).to_be_visible()
    # A link to the page that asks first, with the preview; the switch is its button.
    page.get_by_role("link", name="Naar Inzending").click()
    page.get_by_role("button", name="Ja, ga naar Inzending").click()
    expect(page.locator(".flash-success")).to_contain_text("volgende fase")
    log_out(page)
    flush_outbox()
    for email in people.values():
        assert any("Peer review: bezorg meerjarenplan" in s for s in _subjects(smtp_server, email))

    # Each municipality uploads its plan.
    for organization, email in people.items():
        log_in(page, email)
        page.goto(round_url)
        page.get_by_role("link", name="Bezorg meerjarenplan 2020-2025: SDG-integratie").click()
        page.get_by_label("Document (PDF, DOCX of ODT)").set_input_files(
            files=[
                {
                    "name": "meerjarenplan.pdf",
                    "mimeType": "application/pdf",
                    "buffer": pdf_bytes(organization),
                }
            ]
        )
        page.get_by_label("Korte beschrijving").fill(f"Meerjarenplan van {organization}")
        page.get_by_role("button", name="Indienen").click()
        expect(page.locator(".flash-success")).to_contain_text("Uw inzending is opgeslagen")
        expect(page.get_by_role("link", name="meerjarenplan.pdf")).to_be_visible()
        log_out(page)

    # The coordinator starts the assessment: the allocation is made and reviewers are told.
    log_in(page, coordinator)
    page.goto(round_url)
    expect(
        page.get_by_text("3 inzendingen worden toegewezen (3 reviews in totaal).")
    ).to_be_visible()
    # A link to the page that asks first, with the preview; the switch is its button.
    page.get_by_role("link", name="Naar Beoordeling").click()
    page.get_by_role("button", name="Ja, ga naar Beoordeling").click()
    expect(page.locator(".flash-success")).to_contain_text("volgende fase")
    log_out(page)
    flush_outbox()
    for email in people.values():
        assert any("het werk dat u beoordeelt" in s for s in _subjects(smtp_server, email))

    # Each municipality reviews the plan it was given.
    for email in people.values():
        log_in(page, email)
        page.goto(round_url)
        page.get_by_role("link", name="Beoordeel het werk van").click()
        page.get_by_label("3 – SDG's sturen keuzes").check()
        page.get_by_label("ja").check()
        page.get_by_label("Algemene opmerking").fill("Sterk plan, de SDG's sturen de keuzes.")
        page.get_by_role("button", name="Review indienen").click()
        expect(page.locator(".flash-success")).to_contain_text("Uw review is ingediend")
        log_out(page)

    # The coordinator moves to feedback and releases every review.
    log_in(page, coordinator)
    page.goto(round_url)
    # A link to the page that asks first, with the preview; the switch is its button.
    page.get_by_role("link", name="Naar Feedback").click()
    page.get_by_role("button", name="Ja, ga naar Feedback").click()
    expect(page.locator(".flash-success")).to_contain_text("volgende fase")
    page.get_by_role("link", name="Alle reviews vrijgeven").click()
    expect(page.locator(".consequences")).to_contain_text("De reviews van 3 inzendingen")
    page.get_by_role("button", name="Ja, geef de reviews vrij").click()
    expect(page.locator(".flash-success")).to_contain_text("3 inzendingen")
    log_out(page)
    flush_outbox()
    for email in people.values():
        assert "Peer review: uw reviews zijn klaar" in _subjects(smtp_server, email)

    # A municipality reads its review, with the median, and responds.
    email = people["Gemeente Mol"]
    log_in(page, email)
    page.goto(round_url)
    page.get_by_role("link", name="Lees uw reviews en reageer").click()
    expect(page.get_by_role("table", name="Scores per criterium")).to_contain_text("3 / 3")
    expect(page.get_by_text("Sterk plan, de SDG's sturen de keuzes.")).to_be_visible()
    page.get_by_label("Wat u doet met: Integratie van de SDG's").fill(
        "We houden de koppeling vast."
    )
    page.get_by_label("Uw algemene reactie").fill("We nemen de feedback mee in de aanpassing.")
    page.get_by_label("Markeren als kandidaat-outcome").check()
    page.get_by_role("button", name="Reactie opslaan").click()
    expect(page.locator(".flash-success")).to_contain_text("Uw reactie is opgeslagen")
