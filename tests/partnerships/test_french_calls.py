"""Calls for partnerships, the steering group's call for candidates and the steering group's
description hold French beside Dutch (issue 18): the coordinators write it in the call's form
(its own labelled fields), French readers get it, and where it is missing they get the Dutch,
marked, with the page's notice."""

import html
import re

from lmb.extensions import db
from lmb.partnerships.models import CandidateCall, PartnershipCall, SteeringGroup
from tests.builders import create_person
from tests.partnerships.builders import admin, coordinator, steering_group

NOTICE = "data-untranslated"
GROUP = "/steering-group/stuurgroep-sdg-partnerschappen"
CANDIDATE_CALL = "/steering-group/calls/oproep-stuurgroep-2022/edit"


def people(app):
    with app.app_context():
        steering_group()
        coordinator()
        admin()
        create_person("aline@example.org", locale="fr", organization="Commune de Dogbo")
        create_person("piet@example.org", organization="Stad Roeselare")
        db.session.commit()
        db.session.remove()


def logged_in(make_browser, email):
    browser = make_browser()
    browser.login(email)
    return browser


def call_form(**extra):
    return {
        "title": "Oproep SDG-partnerschappen 2027",
        "description": "Gemeenten stellen zich kandidaat.\n\nDe oproep loopt tot maart.",
        "opens_day": "2026-01-01",
        "closes_day": "2030-01-01",
        **extra,
    }


def test_the_call_form_has_labelled_french_fields(app, seeded, make_browser):
    people(app)
    staff = logged_in(make_browser, "coordinator@example.org")
    page = staff.get("/partnerships/calls/new").get_data(as_text=True)
    for name, label in (
        ("title_fr", "Titel in het Frans"),
        ("description_fr", "Beschrijving in het Frans"),
    ):
        assert re.search(rf'<label[^>]*for="{name}"[^>]*>\s*{label}', page), name
        assert re.search(rf'<(input|textarea)[^>]*id="{name}"[^>]*lang="fr"', page) or re.search(
            rf'<(input|textarea)[^>]*lang="fr"[^>]*id="{name}"', page
        ), name


def test_a_call_for_partnerships_reads_in_french_for_french_readers(app, seeded, make_browser):
    people(app)
    staff = logged_in(make_browser, "coordinator@example.org")
    response = staff.submit(
        "/partnerships/calls/new",
        call_form(
            title_fr="Appel aux partenariats ODD 2027",
            description_fr="Les communes posent leur candidature.\n\nL'appel court jusqu'en mars.",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        call = db.session.scalar(db.select(PartnershipCall))
        assert call.title_fr == "Appel aux partenariats ODD 2027"
        slug = call.slug
        db.session.remove()

    aline = logged_in(make_browser, "aline@example.org")
    page = html.unescape(aline.get(f"/partnerships/calls/{slug}").get_data(as_text=True))
    assert '<html lang="fr">' in page
    assert "<h1>Appel aux partenariats ODD 2027</h1>" in page
    assert "<p>L'appel court jusqu'en mars.</p>" in page
    assert "Gemeenten stellen zich kandidaat" not in page and NOTICE not in page
    overview = html.unescape(aline.get("/partnerships/").get_data(as_text=True))
    assert ">Appel aux partenariats ODD 2027</a>" in overview

    piet = logged_in(make_browser, "piet@example.org")
    page = piet.get(f"/partnerships/calls/{slug}").get_data(as_text=True)
    assert "<h1>Oproep SDG-partnerschappen 2027</h1>" in page and "Appel aux" not in page

    # Saved again without French: French readers get the Dutch, marked, and the notice.
    response = staff.submit(f"/partnerships/calls/{slug}/edit", call_form())
    assert response.status_code == 302
    page = aline.get(f"/partnerships/calls/{slug}").get_data(as_text=True)
    assert '<h1 lang="nl">Oproep SDG-partnerschappen 2027</h1>' in page
    assert '<div class="prose" lang="nl"><p>Gemeenten stellen zich kandidaat.</p>' in page
    assert NOTICE in page


def test_the_steering_groups_call_and_description_read_in_french(app, seeded, make_browser):
    people(app)
    boss = logged_in(make_browser, "admin@example.org")
    form = boss.get(CANDIDATE_CALL).get_data(as_text=True)
    assert 'id="title_fr"' in form and 'id="description_fr"' in form
    response = boss.submit(
        CANDIDATE_CALL,
        call_form(
            title="Oproep stuurgroep",
            title_fr="Appel à candidatures pour le comité de pilotage",
            description_fr="Posez votre candidature avant le 15 septembre.",
            opens_day="",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        group = db.session.scalar(db.select(SteeringGroup))
        assert db.session.scalar(db.select(CandidateCall)).title_fr.startswith("Appel à")
        group.description_fr = "## Contexte\n\nLe comité de pilotage se réunit une fois par an."
        db.session.commit()
        db.session.remove()

    aline = logged_in(make_browser, "aline@example.org")
    page = html.unescape(aline.get(GROUP).get_data(as_text=True))
    assert "<h2>Contexte</h2>" in page and "se réunit une fois par an" in page
    assert "De federale overheid DGD" not in page
    assert re.search(
        r'<h2 id="call-\d+">Appel à candidatures pour le comité de pilotage</h2>', page
    )
    assert "<p>Posez votre candidature avant le 15 septembre.</p>" in page

    piet = logged_in(make_browser, "piet@example.org")
    page = piet.get(GROUP).get_data(as_text=True)
    assert "De federale overheid DGD" in page and "Contexte" not in page
    assert NOTICE not in page

    with app.app_context():
        db.session.scalar(db.select(SteeringGroup)).description_fr = ""
        db.session.commit()
        db.session.remove()
    page = aline.get(GROUP).get_data(as_text=True)
    assert '<div class="prose" lang="nl">' in page and NOTICE in page


def test_the_api_gives_the_french_beside_the_dutch(app, seeded, browser):
    with app.app_context():
        steering_group()
        db.session.scalar(db.select(SteeringGroup)).description_fr = "Le comité de pilotage."
        db.session.commit()
        db.session.remove()
    body = browser.get("/api/v1/steering-groups/stuurgroep-sdg-partnerschappen").get_json()
    assert body["description_fr"] == "Le comité de pilotage."
    assert body["calls"][0]["title_fr"] == ""


def test_lmb_seed_gives_the_steering_group_and_its_call_their_french(app, make_browser):
    from lmb.cli import seed

    result = app.test_cli_runner().invoke(seed, [])
    assert result.exit_code == 0, result.output
    with app.app_context():
        group = db.session.scalar(db.select(SteeringGroup))
        assert group.description_fr.startswith("## Contexte")
        assert "35\u00a0000 euros" in group.description_fr
        call = db.session.scalar(db.select(CandidateCall))
        assert call.title_fr.startswith("Appel à candidatures")
        # An administrator's own French is kept when seeding again.
        group.description_fr = "Notre texte."
        db.session.commit()
        db.session.remove()
    assert "Seed: 0 rows added" in app.test_cli_runner().invoke(seed, []).output
    with app.app_context():
        assert db.session.scalar(db.select(SteeringGroup)).description_fr == "Notre texte."
        db.session.remove()
