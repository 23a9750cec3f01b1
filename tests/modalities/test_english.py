"""The keuzemenu in English (issue 14): every section and practice example of the eight
modalities has the platform's English, so an English reader reads no Dutch and sees no
notice; seeding again adds the English to modalities stored without it."""

import html
import re

from lmb.extensions import db
from lmb.modalities.models import Modality
from lmb.modalities.seed import load_seed, load_translation, seed_modalities

NOTICE = "data-untranslated"


def in_english(browser):
    browser.submit("/account/locale", {"locale": "en", "next": "/"}, page="/")


def _numbers(text: str) -> set[str]:
    """Amounts, years and counts of three digits or more, whatever their thousands separator
    (30.000 in Dutch, 30,000 in English); and the SDGs named by number."""
    joined = re.sub(r"(?<=\d)[.,\u00a0\u202f ](?=\d{3}\b)", "", text)
    sdgs = {f"SDG {n}" for n in re.findall(r"\bSDG (\d+)", text)}
    return set(re.findall(r"\d{3,}", joined)) | sdgs


def test_numbers_are_compared_whatever_the_separator():
    assert _numbers("30.000 à 40.000 euro, SDG 16, 2022") == {"30000", "40000", "SDG 16", "2022"}
    assert _numbers("30,000 to 40,000 euros, SDG 16, 2022") == _numbers(
        "30.000 à 40.000 euro, SDG 16, 2022"
    )
    assert _numbers("3.068 euro") - _numbers("3,086 euros") == {"3068"}


def test_every_section_and_example_of_the_keuzemenu_has_its_english():
    """All eight modalities: every section and practice example that has Dutch has English,
    with the same amounts, years and SDG numbers, and nothing the Dutch does not have."""
    english = load_translation("en")
    missing = []
    for modality in load_seed():
        slug = modality["slug"]
        items = [("sections", s["heading"], s["text"]) for s in modality["sections"]]
        items += [("examples", e["title"], e["text"]) for e in modality.get("examples", [])]
        for kind, key, dutch in items:
            translation = english[kind].get(slug, {}).get(key)
            text = translation["text"] if kind == "examples" and translation else translation
            if not text or (kind == "examples" and not translation["title"]):
                missing.append((slug, kind, key))
                continue
            assert _numbers(dutch) == _numbers(text), (slug, key, _numbers(dutch) ^ _numbers(text))
    assert missing == []
    headings = {section["heading"] for modality in load_seed() for section in modality["sections"]}
    assert headings <= set(english["section_headings"])


def test_documents_in_dutch_say_so_in_the_english_more_information():
    """A Dutch title under "More information" is given with its English and "(in Dutch)"."""
    sections = load_translation("en")["sections"]
    band = sections["stedenband"]["Meer weten"]
    assert '"De motivatie voor het aangaan van een stedenband" (in Dutch)' in band
    assert '"Over JINT | JINT" (in Dutch)' in sections["internationale-jeugdwerking"]["Meer weten"]


def test_an_english_reader_reads_every_modality_without_dutch(browser, seeded):
    in_english(browser)
    english = load_translation("en")
    for modality in load_seed():
        slug = modality["slug"]
        page = html.unescape(browser.get(f"/wegwijzer/{slug}").get_data(as_text=True))
        main = page.split("<main", 1)[1]
        assert NOTICE not in page, slug
        assert 'lang="nl"' not in main, slug
        assert "<h2>Reciprocity</h2>" in page, slug
        for dutch, heading in english["section_headings"].items():
            if dutch != heading:  # "Budget" is the same word in both
                assert f"<h2>{dutch}</h2>" not in page, (slug, dutch)
        for dutch_title, example in english["examples"][slug].items():
            assert f"<h3>{example['title']}</h3>" in page, (slug, example["title"])
            if dutch_title != example["title"]:
                assert f"<h3>{dutch_title}</h3>" not in page, (slug, dutch_title)
        first = english["sections"][slug]["Wederkerigheid"].split(". ")[0]
        assert first in page, slug


def test_the_sdg_partnership_call_reads_in_english(browser, seeded):
    in_english(browser)
    page = html.unescape(browser.get("/wegwijzer/expertise-uitwisseling").get_data(as_text=True))
    example = re.search(r'<article class="card" id="example-1">(.*?)</article>', page, re.S)
    assert example, page
    card = example.group(1)
    assert "<h3>VVSG call for projects: SDG partnerships</h3>" in card
    assert "35,000 euros of funding per SDG partnership" in card
    assert "(SDG 16)" in card
    # The Dutch page keeps the document's words.
    browser.submit("/account/locale", {"locale": "nl", "next": "/"}, page="/")
    page = browser.get("/wegwijzer/expertise-uitwisseling").get_data(as_text=True)
    assert "<h3>VVSG-projectoproep SDG partnerschappen</h3>" in page
    assert "call for projects" not in page and NOTICE not in page


def test_seeding_again_adds_the_english_to_modalities_stored_without_it(app, seeded):
    with app.app_context():
        modality = db.session.scalar(db.select(Modality).where(Modality.slug == "humanitaire-hulp"))
        modality.examples = [
            {k: v for k, v in e.items() if k not in ("title_en", "text_en")}
            for e in modality.examples
        ]
        modality.sections = [
            {k: v for k, v in s.items() if not (k == "text_en" and s["heading"] != "Budget")}
            for s in modality.sections
        ]
        budget = next(s for s in modality.sections if s["heading"] == "Budget")
        budget["text_en"] = "A budget text changed by an administrator."
        modality.sections = [dict(s) for s in modality.sections]
        db.session.commit()
        assert seed_modalities() == 1
        db.session.commit()
        modality = db.session.scalar(db.select(Modality).where(Modality.slug == "humanitaire-hulp"))
        assert modality.examples[1]["title_en"] == (
            "Duffel gives financial aid to flood victims in Pakistan"
        )
        assert modality.examples[1]["title"].startswith("Duffel biedt financiële hulp")
        assert "2,250 euros" in modality.examples[1]["text_en"]
        sections = {s["heading"]: s for s in modality.sections}
        assert sections["Wederkerigheid"]["text_en"].startswith("By providing humanitarian")
        assert sections["Budget"]["text_en"] == "A budget text changed by an administrator."
        assert modality.examples[0]["title_fr"] == "Cities 4 Cities/United 4 Ukraine"
        assert seed_modalities() == 0
        db.session.remove()
