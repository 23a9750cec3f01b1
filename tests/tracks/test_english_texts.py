"""The seeded programmes, milestones and tracks in English for readers of English (issue 16);
Dutch, marked lang="nl", where a text has no English version."""

import lxml.html


def _tree(browser, path, locale):
    browser.client.set_cookie("lmb_locale", locale)
    return lxml.html.document_fromstring(browser.get(path).get_data(as_text=True))


def test_a_track_reads_in_english_with_its_language_marked(browser, seeded):
    tree = _tree(browser, "/tracks/duurzaam-aankoopbeleid", "en")
    h1 = " ".join(tree.find(".//h1").text_content().split())
    assert h1 == "1. Sustainable procurement"
    assert not tree.xpath("//h1//*[@lang='nl']")
    prose = tree.find_class("prose")[0]
    assert "sustainable work clothing" in prose.text_content() and prose.get("lang") is None
    tree = _tree(browser, "/tracks/duurzaam-aankoopbeleid", "nl")
    assert "Duurzaam aankoopbeleid" in tree.find(".//h1").text_content()
    assert "duurzame werkkledij" in tree.find_class("prose")[0].text_content()


def test_programmes_and_milestones_read_in_english(browser, seeded):
    page = _tree(browser, "/programmes/sdg-partnerschappen", "en")
    text = " ".join(page.text_content().split())
    assert "SDG partnerships" in page.find(".//h1").text_content()
    assert "about 35,000 euro is provided per partnership" in text
    assert "Candidacies for the SDG partnerships steering group" in text
    home = " ".join(_tree(browser, "/", "en").text_content().split())
    assert "Local Global Policy in practice" in home
    catalogue = " ".join(_tree(browser, "/tracks/", "en").text_content().split())
    assert "Global citizenship" in catalogue and "To be determined" in catalogue
