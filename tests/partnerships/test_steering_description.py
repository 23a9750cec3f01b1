"""The steering group's description has its own form for the association's administrators
(issue 18): Dutch, English and French, each with its label above its field; each reader gets
their language, the Dutch (marked) where it has none. Coordinators and members cannot."""

import html
import re

from lmb.extensions import db
from lmb.partnerships.models import SteeringGroup
from tests.builders import create_person
from tests.partnerships.builders import admin, coordinator, steering_group

GROUP = "/steering-group/stuurgroep-sdg-partnerschappen"
FORM = f"{GROUP}/description"
NOTICE = "data-untranslated"


def people(app):
    with app.app_context():
        steering_group()
        coordinator()
        admin()
        create_person("aline@example.org", locale="fr", organization="Commune de Dogbo")
        create_person("emma@example.org", locale="en")
        create_person("piet@example.org")
        db.session.commit()
        db.session.remove()


def logged_in(make_browser, email):
    browser = make_browser()
    browser.login(email)
    return browser


def test_administrators_write_the_description_in_three_languages(app, seeded, make_browser):
    people(app)
    boss = logged_in(make_browser, "admin@example.org")
    assert f'href="{FORM}"' in boss.get(GROUP).get_data(as_text=True)
    form = boss.get(FORM).get_data(as_text=True)
    for name, label, lang in (
        ("description", "Beschrijving", None),
        ("description_en", "Beschrijving in het Engels", "en"),
        ("description_fr", "Beschrijving in het Frans", "fr"),
    ):
        # The label comes before its field.
        assert re.search(
            rf'<label[^>]*for="{name}"[^>]*>\s*{label}.*?<textarea[^>]*id="{name}"', form, re.S
        ), name
        if lang:
            assert re.search(
                rf'<textarea[^>]*id="{name}"[^>]*lang="{lang}"|<textarea[^>]*lang="{lang}"[^>]*id="{name}"',
                form,
            ), name
    assert 'name="csrf_token"' in form

    response = boss.submit(
        FORM,
        {
            "description": "## Context\n\nDe stuurgroep komt jaarlijks samen.",
            "description_en": "## Context\n\nThe steering group meets once a year.",
            "description_fr": "## Contexte\n\nLe comité de pilotage se réunit une fois par an.",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        group = db.session.scalar(db.select(SteeringGroup))
        assert group.description_en.startswith("## Context")
        db.session.remove()

    pages = {
        email: html.unescape(logged_in(make_browser, email).get(GROUP).get_data(as_text=True))
        for email in ("aline@example.org", "emma@example.org", "piet@example.org")
    }
    assert "<p>Le comité de pilotage se réunit une fois par an.</p>" in pages["aline@example.org"]
    assert "<p>The steering group meets once a year.</p>" in pages["emma@example.org"]
    assert "<p>De stuurgroep komt jaarlijks samen.</p>" in pages["piet@example.org"]
    # The description is in each reader's own language (the group's name stays Dutch).
    for email, page in pages.items():
        assert re.search(r'</h1>\s*<div class="prose">', page), email
        assert f'href="{FORM}"' not in page, email

    # Saved without English: English readers get the Dutch, marked, with the notice.
    boss.submit(FORM, {"description": "De stuurgroep komt jaarlijks samen."})
    page = logged_in(make_browser, "emma@example.org").get(GROUP).get_data(as_text=True)
    assert '<div class="prose" lang="nl"><p>De stuurgroep komt jaarlijks samen.</p>' in page
    assert NOTICE in page


def test_only_administrators_may_change_the_description(app, seeded, make_browser):
    people(app)
    for email in ("coordinator@example.org", "piet@example.org"):
        browser = logged_in(make_browser, email)
        assert browser.get(FORM).status_code == 403, email
        answer = browser.submit(FORM, {"description": "Anders"}, page=GROUP)
        assert answer.status_code == 403, email
    # Without its CSRF token even an administrator's POST is refused.
    boss = logged_in(make_browser, "admin@example.org")
    assert boss.client.post(FORM, data={"description": "Anders"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(SteeringGroup)).description != "Anders"
        db.session.remove()
    assert make_browser().get(FORM).status_code in (302, 401)
