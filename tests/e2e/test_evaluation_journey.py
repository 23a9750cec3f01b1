"""In the browser (issue 17): a coordinator reports on an action of the action plan of seed 003
with evidence; the action's owner and a subscriber of the programme get mail (real SMTP); the
follow-up view and its XLSX export show the new status."""

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from playwright.sync_api import expect

from lmb.accounts.models import User
from lmb.evaluations.models import Action, Evaluation
from lmb.extensions import db
from lmb.notifications.models import Frequency, Subscription
from lmb.tracks.models import Track
from tests.e2e.test_registration_journey import log_in
from tests.tracks.test_seed import run_seed

pytestmark = pytest.mark.e2e


def test_a_coordinator_reports_and_everyone_concerned_sees_it(
    page, app, make_user, smtp_server, flush_outbox
):
    run_seed(app)
    coordinator_id = make_user("coordinator@example.org", role="coordinator", organization="VVSG")
    owner_id = make_user("eigenaar@example.org", name="Els Eigenaar")
    follower_id = make_user("volger@example.org")
    with app.app_context():
        pilot = db.session.scalar(sa.select(Track).where(Track.slug == "sdg-piloottraject"))
        pilot.coordinators.append(db.session.get(User, coordinator_id))
        db.session.add(
            Subscription(user_id=follower_id, track_id=pilot.id, frequency=Frequency.immediately)
        )
        action = db.session.scalar(sa.select(Action).where(Action.when_text == "Tweede helft 2019"))
        action.owners.append(db.session.get(User, owner_id))
        action_id, evaluation_id = action.id, db.session.scalar(sa.select(Evaluation.id))
        db.session.commit()
        db.session.remove()

    log_in(page, "coordinator@example.org")
    page.goto(f"/evaluations/{evaluation_id}/follow-up")
    page.get_by_role("link", name="Nagaan bij collega's hoe VVSG leertrajecten").click()
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Opmerking").fill("Gesprekken met drie diensten gevoerd.")
    page.get_by_label("Bewijs", exact=True).select_option("url")
    page.get_by_label("Webadres").fill("https://www.vvsg.be/leertrajecten")
    page.get_by_label("Omschrijving van het bewijs").fill("Verslag van de gesprekken")
    page.get_by_role("button", name="Het verslag bewaren").click()
    # The report mails the owner and a follower: it asks first, says so, and keeps the report
    # (issue 14). The question is answered with the keyboard.
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw verslag over de actie versturen?")
    expect(page.locator(".consequences")).to_contain_text(
        "1 eigenaar of coördinator krijgt uw verslag per e-mail."
    )
    expect(page.locator(".consequences")).to_contain_text(
        "1 persoon die de thema's van het programma volgt, hoort de nieuwe status per e-mail."
    )
    page.get_by_role("button", name="Nee, het formulier aanpassen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Opmerking")).to_have_value("Gesprekken met drie diensten gevoerd.")
    expect(page.get_by_label("Webadres")).to_have_value("https://www.vvsg.be/leertrajecten")
    page.get_by_role("button", name="Het verslag bewaren").click()
    page.get_by_role("button", name="Ja, bewaar en verstuur het verslag").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("bewaard")
    expect(page.locator(".action-history")).to_contain_text("Gepland → Gedaan")
    expect(page.get_by_role("link", name="Verslag van de gesprekken")).to_be_visible()

    page.goto(f"/evaluations/{evaluation_id}/follow-up")
    row = page.locator("tr", has_text="Nagaan bij collega's hoe VVSG leertrajecten")
    expect(row).to_contain_text("Gedaan")
    expect(row).to_contain_text("Verslag van de gesprekken")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX").click()
    sheet = load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read())).active  # noqa: SIM115
    [found] = [
        r for r in sheet.iter_rows(values_only=True) if r[3] and r[3].startswith("Nagaan bij")
    ]
    assert found[8] == "Gedaan" and found[10] == "Gesprekken met drie diensten gevoerd."

    flush_outbox()
    [to_owner] = smtp_server.to("eigenaar@example.org")
    assert "Gedaan" in to_owner["Subject"]
    assert "Gesprekken met drie diensten gevoerd." in smtp_server.text_of(to_owner)
    [news] = smtp_server.to("volger@example.org")
    assert "SDG-piloottraject" in news["Subject"]
    assert f"/evaluations/actions/{action_id}" in smtp_server.text_of(news)
    assert smtp_server.to("coordinator@example.org") == []  # not of their own report
