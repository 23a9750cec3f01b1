"""Programmes and milestones in French for readers of French (issue 18): the seeded SDG
partnerships programme and its milestones read in French; a programme or milestone without
French shows its Dutch, marked lang="nl", and the page says so; staff write the French in the
programme's and milestone's forms; Dutch readers keep the Dutch."""

import lxml.html
from sqlalchemy import select

from lmb.extensions import db
from lmb.tracks.models import Milestone, Programme
from tests.tracks.test_programme_admin_pages import logged_in, row, scene  # noqa: F401

NOTICE = "data-untranslated"


def _page(browser, path, locale):
    browser.client.set_cookie("lmb_locale", locale)
    html = browser.get(path).get_data(as_text=True)
    return html, lxml.html.document_fromstring(html)


def _text(tree):
    return " ".join(tree.text_content().split())


def test_the_seeded_sdg_programme_and_its_milestones_read_in_french(browser, seeded):
    html, tree = _page(browser, "/programmes/sdg-partnerschappen", "fr")
    assert '<html lang="fr">' in html
    h1 = tree.find(".//h1")
    assert "Partenariats ODD" in h1.text_content() and not h1.xpath(".//*[@lang]")
    text = _text(tree)
    assert "Un budget d’environ 35 000 euros est prévu par partenariat." in text
    assert "Candidatures pour le comité de pilotage des partenariats ODD" in text
    assert "Réunion annuelle du comité de pilotage 2024" in text
    assert "Lancement des partenariats ODD avec le Bénin et le Rwanda" in text
    assert "SDG-partnerschappen met Benin" not in text
    summary = tree.find_class("prose")[0]
    assert summary.get("lang") is None
    # Every text of this page has French: nothing is marked as Dutch but the track names.
    assert not tree.xpath("//h3[@lang='nl']")

    html, tree = _page(browser, "/programmes/sdg-partnerschappen", "nl")
    text = _text(tree)
    assert "SDG-partnerschappen" in tree.find(".//h1").text_content()
    assert "Per partnerschap is een budget van ongeveer 35.000 euro voorzien." in text
    assert "Partenariats ODD" not in text and "comité de pilotage" not in text
    assert NOTICE not in html


def test_a_programme_without_french_shows_its_dutch_marked_and_says_so(browser, seeded):
    html, tree = _page(browser, "/programmes/lokaal-mondiaal-beleid-in-de-praktijk", "fr")
    assert '<html lang="fr">' in html
    span = tree.find(".//h1/span")
    assert span.get("lang") == "nl" and "Lokaal Mondiaal Beleid" in span.text_content()
    assert tree.xpath("//h3[@lang='nl']")
    assert NOTICE in html


def test_staff_write_a_programme_and_a_milestone_in_french(app, make_browser, scene):  # noqa: F811
    staff = logged_in(make_browser, "other@example.org")
    form = staff.get("/programmes/test/edit").get_data(as_text=True)
    assert "Titre (français)" not in form  # the staff member reads Dutch
    assert "Titel (Frans)" in form and "Samenvatting (Frans)" in form
    response = staff.submit(
        "/programmes/test/edit",
        {
            "title": "Testprogramma",
            "summary": "Een programma om te testen.",
            "title_fr": "Programme de test",
            "summary_fr": "Un programme pour tester.",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
        },
    )
    assert response.status_code == 302
    saved = row(app, Programme, Programme.slug == "test")
    assert (saved.title_fr, saved.summary_fr) == ("Programme de test", "Un programme pour tester.")
    form = staff.get("/programmes/test/milestones/new").get_data(as_text=True)
    assert "Titel (Frans)" in form and "Tekst (Frans)" in form
    assert 'lang="fr"' in form  # the French fields are marked as French
    response = staff.submit(
        "/programmes/test/milestones/new",
        {
            "kind": "tools",
            "title": "Instrumenten",
            "title_fr": "Outils",
            "description_fr": "Les outils de la commune.",
            "starts_on": "2027-05-04",
        },
        page="/programmes/test/milestones/new",
    )
    assert response.status_code == 302
    response = staff.submit(
        "/programmes/test/milestones/new",
        {"kind": "tools", "title": "Slotdag", "starts_on": "2027-06-04"},
        page="/programmes/test/milestones/new",
    )
    assert response.status_code == 302
    milestone = row(app, Milestone, Milestone.title == "Instrumenten")
    assert (milestone.title_fr, milestone.description_fr) == ("Outils", "Les outils de la commune.")
    edit = staff.get(f"/milestones/{milestone.id}/edit").get_data(as_text=True)
    assert 'value="Outils"' in edit

    html, tree = _page(staff, "/programmes/test", "fr")
    assert "Programme de test" in tree.find(".//h1").text_content()
    assert "Un programme pour tester." in _text(tree)
    headings = {h.text_content().strip(): h.get("lang") for h in tree.iter("h3")}
    assert headings["Outils"] is None
    # The other milestone has no French: its Dutch, marked, and the page says so.
    assert headings["Slotdag"] == "nl" and "Instrumenten" not in headings
    assert NOTICE in html

    html, tree = _page(staff, "/programmes/test", "nl")
    headings = {h.text_content().strip() for h in tree.iter("h3")}
    assert {"Instrumenten", "Slotdag"} <= headings and "Outils" not in headings
    assert "Testprogramma" in tree.find(".//h1").text_content()
    assert NOTICE not in html


def test_seeding_again_adds_the_french_to_a_programme_seeded_without_it(app, seeded):
    from datetime import UTC, datetime

    from lmb.tracks.seed import seed_programmes

    with app.app_context():
        sdg = db.session.scalar(select(Programme).where(Programme.slug == "sdg-partnerschappen"))
        sdg.title_fr = ""
        for milestone in sdg.milestones:
            milestone.title_fr = milestone.description_fr = ""
        sdg.milestones[0].title_fr = "Écrit par l'équipe"
        db.session.commit()
        seed_programmes(datetime.now(UTC))
        db.session.commit()
        assert sdg.title_fr == "Partenariats ODD"
        assert sdg.milestones[0].title_fr == "Écrit par l'équipe"
        assert all(m.title_fr and m.description_fr for m in sdg.milestones[1:])
        db.session.remove()
