"""Dutch first, English by a switch that is remembered; both catalogs complete."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "lmb" / "translations"


def test_home_page_is_dutch_by_default(browser, seeded):
    page = browser.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Wat komt eraan" in page or "Programma" in page
    assert "Learning tracks" not in page


def test_the_language_switch_is_remembered(browser, seeded):
    response = browser.submit("/account/locale", {"locale": "en", "next": "/tracks/"}, page="/")
    assert response.status_code == 302 and response.location == "/tracks/"
    for path in ("/", "/tracks/", "/wegwijzer"):
        page = browser.get(path).get_data(as_text=True)
        assert '<html lang="en">' in page
    assert "Learning tracks" in browser.get("/").get_data(as_text=True)
    browser.submit("/account/locale", {"locale": "nl", "next": "/"}, page="/")
    assert '<html lang="nl">' in browser.get("/").get_data(as_text=True)


def test_the_switch_ignores_unknown_languages_and_foreign_redirects(browser, seeded):
    response = browser.submit(
        "/account/locale", {"locale": "xx", "next": "https://evil.example/"}, page="/"
    )
    assert response.location == "/"
    assert '<html lang="nl">' in browser.get("/").get_data(as_text=True)


def test_a_logged_in_persons_language_follows_them(app, make_browser, make_user, seeded):
    make_user(email="tom@example.org")
    first = make_browser()
    first.login("tom@example.org")
    first.submit("/account/locale", {"locale": "en", "next": "/"}, page="/")
    elsewhere = make_browser()
    elsewhere.login("tom@example.org")
    assert '<html lang="en">' in elsewhere.get("/").get_data(as_text=True)


@pytest.mark.parametrize("locale", ["nl", "en", "fr"])
def test_every_message_is_translated(locale):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    missing = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert missing == []


@pytest.mark.parametrize("locale", ["nl", "en", "fr"])
def test_the_catalogs_hold_every_string_in_the_code(tmp_path, locale):
    """A string added to the code without `make extract-messages` fails here."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            str(ROOT),
        ],
        check=True,
        cwd=ROOT,
    )
    with open(pot, "rb") as handle:
        in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        in_catalog = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert sorted(in_code - in_catalog) == []


@pytest.mark.parametrize("locale", ["nl", "en", "fr"])
def test_each_message_has_one_translation_in_the_file(locale):
    """Babel's reader keeps one of two `msgstr` lines of an entry without a word: a merge that
    left both (or a plural's `msgstr[n]` under a singular entry) must fail here, not translate
    a text with whichever line happened to win."""
    text = (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").read_text()
    stray, state = [], None  # None, "id", "single", or the last plural index
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(("msgid ", "msgctxt ", "msgid_plural ")):
            state = "id"
        elif line.startswith('msgstr "'):
            if state != "id":
                stray.append(number)
            state = "single"
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            expected = 0 if state == "id" else state + 1 if isinstance(state, int) else None
            if index != expected:
                stray.append(number)
            state = index
        elif not line.strip():
            state = None
    assert stray == [], f"stray translation lines in {locale}: {stray}"
