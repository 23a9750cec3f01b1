"""The keuzemenu in French for the partner municipalities (issue 18): the SDG-partnership
call and the modalities in French where the platform has a translation, the Dutch marked and
announced where it has none."""

import html
import re

from lmb.extensions import db
from lmb.modalities.models import Modality
from lmb.modalities.seed import load_translation, seed_modalities

NOTICE = "data-untranslated"


def in_french(browser):
    browser.submit("/account/locale", {"locale": "fr", "next": "/"}, page="/")


def test_the_sdg_partnership_call_reads_in_french(browser, seeded):
    in_french(browser)
    page = html.unescape(browser.get("/wegwijzer/expertise-uitwisseling").get_data(as_text=True))
    assert '<html lang="fr">' in page
    assert "<h1>Échange d'expertise de courte durée</h1>" in page
    example = re.search(r'<article class="card" id="example-1">(.*?)</article>', page, re.S)
    assert example, page
    card = example.group(1)
    assert "Appel à projets de la VVSG" in card and "partenariat ODD" in card
    assert "35\u00a0000 euros" in card
    assert 'lang="nl"' not in card
    # The sections are all translated; the other examples are the document's Dutch, marked,
    # and the page says so.
    assert "<h2>Réciprocité</h2>" in page and "sur un pied d" in page
    second = re.search(r'<article class="card" id="example-2">(.*?)</article>', page, re.S)
    assert '<h3 lang="nl">Het IDEAL-programma' in second.group(1)
    assert NOTICE in page


def test_every_modality_has_its_french_name_and_definition(browser, seeded):
    french = load_translation("fr")["modalities"]
    in_french(browser)
    table = html.unescape(browser.get("/wegwijzer").get_data(as_text=True))
    for slug, texts in french.items():
        assert f">{texts['table_label']}</a>" in table, slug
        page = html.unescape(browser.get(f"/wegwijzer/{slug}").get_data(as_text=True))
        assert f"<h1>{texts['name']}</h1>" in page, slug
        assert texts["definition"].split("\n")[0].split(". ")[0] in page, slug
        assert "<h2>Durée</h2>" in page, slug


def test_the_keuzemenus_own_texts_read_in_french(browser, seeded):
    in_french(browser)
    page = html.unescape(browser.get("/wegwijzer").get_data(as_text=True))
    assert '<div class="prose"><p>Votre collectivité locale veut s' in page
    assert "<dt>en savoir plus</dt>" in page
    assert "internationaal@vvsg.be ou www.vvsg.be" in page
    assert "Coordination et production\u00a0: VVSG vzw" in page


def test_a_keuzemenu_text_without_french_says_so_itself(app):
    """A text of the keuzemenu without French records the fallback itself: a template that
    forgets to mark the language still gets the page's notice."""
    from flask_babel import force_locale

    from lmb.core.i18n import untranslated_languages
    from lmb.modalities import document

    texts = {"nl": "Een tekst.", "en": "A text."}
    with app.test_request_context("/"), force_locale("fr"):
        assert untranslated_languages() == []
        assert document._shown(texts) == document.Text("Een tekst.", "nl")
        assert untranslated_languages() == ["néerlandais"]
        assert document.introduction().lang == "fr"
    with app.test_request_context("/"), force_locale("en"):
        assert document._shown(texts).lang == "en"
        assert untranslated_languages() == []


def test_english_and_dutch_pages_are_unchanged(browser, seeded):
    page = browser.get("/wegwijzer/expertise-uitwisseling").get_data(as_text=True)
    assert "<h3>VVSG-projectoproep SDG partnerschappen</h3>" in page
    assert NOTICE not in page
    browser.submit("/account/locale", {"locale": "en", "next": "/"}, page="/")
    page = browser.get("/wegwijzer/expertise-uitwisseling").get_data(as_text=True)
    assert "<h1>Short-term exchange of expertise</h1>" in page
    assert "Appel à projets" not in page


def test_seeding_again_adds_the_french_to_modalities_stored_without_it(app, seeded):
    with app.app_context():
        modality = db.session.scalar(
            db.select(Modality).where(Modality.slug == "expertise-uitwisseling")
        )
        modality.name_fr = ""
        modality.examples = [
            {k: v for k, v in e.items() if k not in ("title_fr", "text_fr")}
            for e in modality.examples
        ]
        modality.definition_fr = "Une définition changée par un administrateur."
        db.session.commit()
        assert seed_modalities() == 1
        db.session.commit()
        modality = db.session.scalar(
            db.select(Modality).where(Modality.slug == "expertise-uitwisseling")
        )
        assert modality.name_fr == "Échange d'expertise de courte durée"
        assert modality.examples[0]["title_fr"].startswith("Appel à projets de la VVSG")
        assert modality.examples[0]["title"] == "VVSG-projectoproep SDG partnerschappen"
        assert modality.definition_fr == "Une définition changée par un administrateur."
        assert modality.name_en == "Short-term exchange of expertise"
        assert seed_modalities() == 0
        db.session.remove()
