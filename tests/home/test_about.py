"""Over (/over): VVSG's vision and mission for municipal international cooperation (seed 004)
in the platform's own words, in Dutch and English, linked from every page's footer."""

from pathlib import Path

import lxml.html

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _text(html: str) -> str:
    main = lxml.html.document_fromstring(html).find(".//main")
    return " ".join(main.text_content().split())


def _shingles(text: str, n: int = 7) -> set[tuple[str, ...]]:
    words = [w.strip(".,;:()'\"").lower() for w in text.split()]
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_the_about_page_tells_the_vision_and_mission_in_both_languages(browser):
    response = browser.get("/over")
    assert response.status_code == 200
    dutch = _text(response.get_data(as_text=True))
    for words in ("Visie", "Missie", "Van collega tot collega", "Wederkerigheid", "SDG's"):
        assert words in dutch
    browser.client.set_cookie("lmb_locale", "en")
    english = _text(browser.get("/over").get_data(as_text=True))
    for words in ("Vision", "Mission", "Colleague to colleague", "Reciprocity", "SDGs"):
        assert words in english
    assert "Visie" not in english


def test_the_about_page_is_in_its_own_words_not_a_copy_of_the_document(browser):
    (document,) = SEEDS.glob("004_*.txt")
    source = _shingles(document.read_text(encoding="utf-8"))
    page = _text(browser.get("/over").get_data(as_text=True))
    copied = [" ".join(s) for s in _shingles(page) & source]
    assert not copied, f"runs of seven words copied from document 004: {copied}"


def test_every_page_links_to_it_in_the_footer(browser):
    for path in ("/", "/tracks/", "/account/login"):
        tree = lxml.html.document_fromstring(browser.get(path).get_data(as_text=True))
        assert tree.xpath("//footer//a[@href='/over']"), path
