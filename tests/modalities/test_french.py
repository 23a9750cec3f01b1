"""The keuzemenu in French for the partner municipalities (issue 18): the SDG-partnership
call and the modalities in French where the platform has a translation, the Dutch marked and
announced where it has none."""

import html
import re

from lmb.extensions import db
from lmb.modalities.models import Modality
from lmb.modalities.seed import load_seed, load_translation, seed_modalities

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
    # The sections and the other examples are all translated: nothing in Dutch, no notice.
    assert "<h2>Réciprocité</h2>" in page and "sur un pied d" in page
    second = re.search(r'<article class="card" id="example-2">(.*?)</article>', page, re.S)
    assert "<h3>Le programme IDEAL de VNG International" in second.group(1)
    assert NOTICE not in page and 'lang="nl"' not in page.split("<main", 1)[1]


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


def _dutch_items():
    """(slug, kind, Dutch key, Dutch text) of every section and example of the keuzemenu."""
    for modality in load_seed():
        for section in modality["sections"]:
            yield modality["slug"], "sections", section["heading"], section["text"]
        for example in modality.get("examples", []):
            yield modality["slug"], "examples", example["title"], example["text"]


def _numbers(text: str) -> set[str]:
    """Amounts, years and counts of three digits or more, whatever their thousands separator
    (30.000 in Dutch, 30 000 in French); and the SDGs named by number."""
    joined = re.sub(r"(?<=\d)[.\u00a0\u202f ](?=\d{3}\b)", "", text)
    sdgs = {f"SDG {n}" for n in re.findall(r"\b(?:SDG|ODD) (\d+)", text)}
    return set(re.findall(r"\d{3,}", joined)) | sdgs


def test_every_section_and_example_of_the_keuzemenu_has_its_french():
    """All eight modalities: every section and practice example that has Dutch has French,
    with the same amounts, years and SDG numbers (issue 18)."""
    french = load_translation("fr")
    missing = []
    for slug, kind, key, dutch in _dutch_items():
        translation = french[kind].get(slug, {}).get(key)
        text = translation["text"] if kind == "examples" and translation else translation
        if not text or (kind == "examples" and not translation["title"]):
            missing.append((slug, kind, key))
            continue
        assert _numbers(dutch) <= _numbers(text), (slug, key, _numbers(dutch) - _numbers(text))
    assert missing == []
    headings = {section["heading"] for modality in load_seed() for section in modality["sections"]}
    assert headings <= set(french["section_headings"])


def test_a_french_reader_reads_every_modality_without_dutch(browser, seeded):
    in_french(browser)
    french = load_translation("fr")
    for modality in load_seed():
        slug = modality["slug"]
        page = html.unescape(browser.get(f"/wegwijzer/{slug}").get_data(as_text=True))
        assert NOTICE not in page, slug
        assert "<h2>Réciprocité</h2>" in page and "<h2>Wederkerigheid</h2>" not in page, slug
        for example in french["examples"].get(slug, {}).values():
            assert f"<h3>{example['title']}</h3>" in page, (slug, example["title"])
