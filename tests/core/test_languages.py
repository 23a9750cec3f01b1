"""The page's language: a person's choice (the switch's cookie, the profile) first, then the
browser's Accept-Language; and content with no translation said so once per page."""

import re

import pytest
from flask import g

from lmb.core import cache
from lmb.core.i18n import browser_locale, localized, untranslated_languages
from lmb.extensions import db

NOTICE = {
    "en": "Some of the content on this page is only available in Dutch.",
    "nl": "Een deel van de inhoud op deze pagina is alleen in het Engels beschikbaar.",
}


def _lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("nl-BE,nl;q=0.9,en;q=0.8", "nl"),
        ("de-DE,de;q=0.9,en;q=0.5", "en"),
        ("de", "nl"),
        ("", "nl"),
        ("*;q=0.1,en;q=0.9", "en"),
    ],
)
def test_the_browsers_language_is_best_matched(header, expected):
    assert browser_locale(header, ("nl", "en"), "nl") == expected


def test_an_anonymous_visitor_gets_the_language_their_browser_asks_for(browser, seeded):
    assert _lang(browser.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})) == "en"
    assert _lang(browser.get("/", headers={"Accept-Language": "nl-BE"})) == "nl"
    assert _lang(browser.get("/")) == "nl"
    assert "Accept-Language" in browser.get("/").headers["Vary"]


def test_the_switch_wins_over_the_browser(browser, seeded):
    browser.submit("/account/locale", {"locale": "nl", "next": "/"}, page="/")
    page = browser.get("/tracks/", headers={"Accept-Language": "en"})
    assert _lang(page) == "nl"


def test_a_logged_in_persons_profile_wins_over_the_browser(app, browser, make_user, seeded):
    make_user(email="tom@example.org")  # the profile says Dutch (the default)
    browser.login("tom@example.org")
    browser.client.delete_cookie("lmb_locale")  # a new browser of the same person, say
    assert _lang(browser.get("/overview", headers={"Accept-Language": "en"})) == "nl"


def test_signing_up_proposes_the_pages_language(browser, seeded):
    page = browser.get("/account/signup", headers={"Accept-Language": "en"})
    html = page.get_data(as_text=True)
    assert re.search(r'<option[^>]*selected[^>]*value="en"|<option value="en" selected', html)


def test_the_page_cache_keeps_each_browser_language_apart(app, make_browser, seeded):
    app.config["PAGE_CACHE_SECONDS"] = 60
    try:
        with app.app_context():
            cache.clear()
        for _ in range(2):  # the second round comes from the cache (the middleware's too)
            assert _lang(make_browser().get("/tracks/")) == "nl"
            assert _lang(make_browser().get("/tracks/", headers={"Accept-Language": "en"})) == "en"
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()


# Content with no translation


def test_localized_picks_the_translation_and_records_a_missing_one(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert localized("Inspiratiedag", {"en": "Inspiration day"}) == ("Inspiration day", "en")
        assert untranslated_languages() == []
        assert localized("Stuurgroep", {"en": ""}) == ("Stuurgroep", "nl")
        assert untranslated_languages() == ["Dutch"]
    with app.test_request_context("/"):  # Dutch: the original is the page's language
        assert localized("Stuurgroep", {"en": "Steering group"}) == ("Stuurgroep", "nl")
        assert localized("", {"en": ""}) == ("", "nl")
        assert not g.get("lmb_untranslated")


def test_an_english_page_with_dutch_content_says_so_once(browser, seeded):
    browser.submit("/account/locale", {"locale": "en", "next": "/"}, page="/")
    # The keuzemenu's document texts have no English (the seeded programmes now have).
    html = browser.get("/wegwijzer").get_data(as_text=True)
    # Several blocks of Dutch content, one notice, above them.
    assert html.count('lang="nl"') >= 3
    assert html.count(NOTICE["en"]) == 1
    assert html.index(NOTICE["en"]) < html.index("<h1")


def test_a_page_without_untranslated_content_has_no_notice(browser, seeded):
    browser.submit("/account/locale", {"locale": "en", "next": "/"}, page="/")
    html = browser.get("/account/login").get_data(as_text=True)
    assert "data-untranslated" not in html


def test_a_dutch_page_never_shows_the_notice_for_dutch_content(browser, seeded):
    html = browser.get("/programmes/sdg-partnerschappen").get_data(as_text=True)
    assert _lang_of(html) == "nl"
    assert "data-untranslated" not in html


def test_a_translated_milestone_is_shown_in_english_without_the_notice_for_it(app, browser, seeded):
    from sqlalchemy import select

    from lmb.tracks.models import Milestone, Programme

    with app.app_context():
        programme = db.session.scalar(
            select(Programme).where(Programme.slug == "sdg-partnerschappen")
        )
        for milestone in programme.milestones:
            milestone.title_en = f"EN {milestone.title}"
            milestone.description_en = f"EN {milestone.description}"
        # The seed gives the programme English too: take it away, so that only its own
        # title and summary are untranslated.
        programme.title_en = programme.summary_en = ""
        db.session.commit()
        titles = [
            m.title
            for m in db.session.scalars(
                select(Milestone).where(Milestone.programme_id == programme.id)
            )
        ]
    assert titles
    browser.submit("/account/locale", {"locale": "en", "next": "/"}, page="/")
    html = browser.get("/programmes/sdg-partnerschappen").get_data(as_text=True)
    for title in titles:  # in English, so without lang="nl"
        assert f"<h3>EN {title}</h3>" in html
    # The programme's own title and summary are still Dutch only: one notice, not more.
    assert html.count(NOTICE["en"]) == 1


def _lang_of(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def _menu(html: str) -> list[str]:
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    return [" ".join(e.text_content().split()) for e in tree.xpath("//nav[@id='main-nav']//li")]


def test_the_menu_is_fully_translated(browser, make_user, seeded):
    make_user(email="admin@example.org", role="admin")
    browser.login("admin@example.org")
    dutch = _menu(browser.get("/").get_data(as_text=True))
    browser.submit("/account/locale", {"locale": "en", "next": "/"}, page="/")
    english = _menu(browser.get("/").get_data(as_text=True))
    assert len(dutch) == len(english) >= 10
    assert "Mijn agenda" in dutch and "My calendar" in english
    assert "Cooperation menu" in english
    # "Toolkits" and "Peer review" are the same words in both languages (Flemish uses them as
    # they are); everything else is translated.
    same = {n for n, e in zip(dutch, english, strict=True) if n == e}
    assert same == {"Toolkits", "Peer review"}


def test_a_dutch_page_with_an_english_toolkit_says_so_in_dutch(app, browser):
    from lmb.toolkits import services
    from lmb.toolkits.models import ToolkitKind
    from tests.toolkits.helpers import a_toolkit, a_track

    with app.app_context():
        track, coordinator, _participant = a_track()
        english = a_toolkit(
            track, coordinator, ToolkitKind.manual, [("Why?", "Because.", [])], language="en"
        )
        dutch = a_toolkit(track, coordinator, ToolkitKind.checklist, [("Waarom?", "Omdat.", [])])
        for toolkit in (english, dutch):
            services.publish(toolkit, by=coordinator)
        ids = english.id, dutch.id
        db.session.commit()  # the test calls services: they flush, the caller commits
    english_page = browser.get(f"/toolkits/{ids[0]}").get_data(as_text=True)
    assert english_page.count(NOTICE["nl"]) == 1
    assert "data-untranslated" not in browser.get(f"/toolkits/{ids[1]}").get_data(as_text=True)
