"""The partners' pages in French (issue 18): the report with both parts, the proposal form with
its errors, and the questions before handing in a part and declining a proposal read in French,
with French typography in the error summary (a space before the colon)."""

import re
from datetime import date

from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.models import ReportKind, Side
from tests.builders import create_person
from tests.partnerships.builders import coordinator, partnership


def main_text(response) -> str:
    html = response.get_data(as_text=True)
    main = re.search(r"(?s)<main.*?</main>", html).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_the_partners_pages_read_in_french(app, seeded, make_browser):
    with app.app_context():
        staff = coordinator()
        p = partnership(staff, starts_on=date(2023, 9, 1))
        create_person("an@merelbeke.example", organization="Gemeente Merelbeke")
        partner = create_person("claudine@huye.example", organization="Huye")
        services.set_deadlines(p, by=staff, interim_due=date(2024, 9, 30), final_due=None)
        interim = services.report_for(p, ReportKind.interim)
        services.save_part(interim.part(Side.partner), by=partner, text="Les comités.")
        services.propose_activity(
            p,
            by=partner,
            title="Forum des jeunes",
            description="",
            starts_on=date(2024, 6, 1),
            ends_on=None,
            planned_amount="1000.00",
        )
        db.session.commit()
        slug, part_id = p.slug, interim.part(Side.partner).id
        db.session.remove()

    claudine = make_browser()
    claudine.login("claudine@huye.example")
    claudine.client.set_cookie("lmb_locale", "fr")
    text = main_text(claudine.get(f"/partnerships/{slug}"))
    assert "Vous travaillez dans ce partenariat pour Huye." in text
    assert "Activités proposées" in text and "En attente de confirmation par" in text
    assert "Rapport intermédiaire" in text and "échéance à déterminer" in text
    text = main_text(claudine.get(f"/partnerships/{slug}/reports/interim"))
    assert "Chaque commune rédige sa propre partie" in text
    assert "Brouillon, version 1" in text and "Remettre notre partie" in text
    sent = claudine.submit(f"/partnerships/{slug}/proposals/new", {})
    assert sent.status_code == 422
    text = main_text(sent)
    assert "Titre : Ce champ est obligatoire." in text
    assert "En euros, sur la part du budget de votre commune" in text
    text = main_text(claudine.get(f"/partnerships/reports/parts/{part_id}/hand-in"))
    assert "Remettre notre partie du rapport ?" in text
    assert (
        "Rapport intermédiaire : notre partie ne peut plus être modifiée une fois remise." in text
    )

    an = make_browser()
    an.login("an@merelbeke.example")
    an.client.set_cookie("lmb_locale", "fr")
    page = an.get(f"/partnerships/{slug}")
    decline = re.search(r"/partnerships/activities/(\d+)/decline", page.get_data(as_text=True))
    assert decline, "the Flemish side is offered no way to decline the proposal"
    text = main_text(an.get(decline.group(0)))
    assert "Refuser la proposition « Forum des jeunes » ?" in text
    assert "La proposition de Huye est supprimée ; elle ne compte pas dans le budget." in text
