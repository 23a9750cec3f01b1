"""The words of the Dutch pages (issue 14), on the demo world, as each role:

- no English sentence of the interface shows up in Dutch (a string left untranslated, a
  message in English from a library or a view): the English catalogue's sentences (msgstr of
  en that differ from nl, three words or more) are looked for in each page's visible text;
- nor in the error pages of the main forms' failed submits (with WTForms' own English
  messages added to the sentences: its Dutch catalogue must have served them);
- the mails in Dutch likewise (each kind rendered as tests/notifications/test_mail_texts.py does);
- the interface says "u", never "je", "jij" or "jouw" (content quoted from VVSG's documents
  keeps its own words: a text that is a stored text of the demo world is left out);
- one name per feature: the catalogues do not use the words docs/glossary.md set aside."""

import re
from functools import cache
from pathlib import Path

import lxml.html
import pytest
import sqlalchemy as sa
from babel.messages.pofile import read_po
from flask import render_template
from flask_babel import force_locale

from lmb.extensions import db
from tests.e2e.pages import ROLES, form_pages, world
from tests.e2e.test_crawl import _client, _failed_submit, _pages
from tests.notifications.test_mail_texts import CONTEXT as MAIL_CONTEXT
from tests.notifications.test_mail_texts import KINDS as MAIL_KINDS
from tests.notifications.test_mail_texts import TEXTS as MAILS

TRANSLATIONS = Path(__file__).resolve().parents[2] / "lmb" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|<[^>]+>|\{[^}]*\}")
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jouwe|jezelf)\b", re.IGNORECASE)
# Attributes a person reads or hears (screen readers) as text of the page.
READ_ATTRIBUTES = ("alt", "placeholder", "aria-label", "title")


def _strings(locale: str) -> dict[str, list[str]]:
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): (
            list(m.string) if isinstance(m.string, tuple) else [m.string]
        )
        for m in catalog
        if m.id
    }


@cache
def interface_sentences(locale: str, other: str) -> frozenset[str]:
    """The pieces of the interface's strings in `locale`, between their placeholders, that
    are three words or more and that the catalogue of `other` does not use itself."""
    own, others = _strings(locale), _strings(other)
    other_text = "\n".join(" ".join(s.split()) for forms in others.values() for s in forms)
    found = set()
    for msgid, forms in own.items():
        if forms == others.get(msgid):
            continue
        for form in forms:
            for piece in PLACEHOLDER.split(form):
                piece = " ".join(piece.split()).strip(" .,:;()–-\"'")
                if len(piece.split()) >= 3 and piece not in other_text:
                    found.add(piece)
    return frozenset(found)


def english_sentences() -> frozenset[str]:
    return interface_sentences("en", "nl")


def wtforms_sentences() -> frozenset[str]:
    """WTForms' own messages in English ("Not a valid choice."), three words or more."""
    from wtforms.i18n import messages_path

    with open(Path(messages_path()) / "wtforms.pot", "rb") as handle:
        ids = [m.id for m in read_po(handle) if m.id]
    pieces = (
        " ".join(piece.split()).strip(" .,:;()")
        for msgid in ids
        for form in (msgid if isinstance(msgid, tuple) else (msgid,))
        for piece in PLACEHOLDER.split(form)
    )
    return frozenset(p for p in pieces if len(p.split()) >= 3)


def _visible_texts(html: str, page_lang: str = "nl") -> list[str]:
    """The page's texts as a person reads them: its title, each text node and read attribute
    apart; parts marked as another language (lang="en" on the switch's "English") left out."""
    tree = lxml.html.document_fromstring(html)
    for hidden in tree.xpath("//script | //style | //template"):
        hidden.drop_tree()
    texts = [" ".join(tree.findtext(".//title").split())]
    for element in tree.body.iter():
        if not isinstance(element.tag, str):
            continue
        parent = element.getparent()
        for text, holder in ((element.text, element), (element.tail, parent)):
            if text and text.strip() and holder is not None and _in(holder, page_lang):
                texts.append(" ".join(text.split()))
        if _in(element, page_lang):
            texts.extend(element.get(name) for name in READ_ATTRIBUTES if element.get(name))
    return texts


def _in(element, page_lang: str) -> bool:
    """Whether the element's text is in the page's language (not marked as another)."""
    lang = element.get("lang") or next(
        (a.get("lang") for a in element.iterancestors() if a.get("lang")), page_lang
    )
    return lang == page_lang


def _stored_texts(app) -> list[str]:
    """Every text of the demo world's database that says "je"/"jij"/"jouw": content."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, sa.String | sa.Text):
                    continue
                for value in db.session.scalars(sa.select(column).where(column.is_not(None))):
                    if isinstance(value, str) and INFORMAL.search(value):
                        found.append(" ".join(value.split()))
        db.session.remove()
    return found


def test_the_english_catalogue_has_sentences_to_look_for():
    sentences = english_sentences()
    assert len(sentences) > 500
    assert "Log in" not in sentences  # two words: too short to be told apart from a name
    assert any(s.startswith("Some of the content on this page") for s in sentences)
    assert "Not a valid choice" in wtforms_sentences()


def test_dutch_pages_hold_no_english_sentence_of_the_interface(app, seeded):
    sentences = english_sentences()
    wrong = set()
    for role, path, status, html in _pages(app, "nl"):
        assert status == 200, f"{role} {path}: {status}"
        page = "\n".join(_visible_texts(html))
        for sentence in sentences:
            if sentence in page:
                wrong.add(f"{role} {path}: {sentence!r}")
        if re.search(r"\bNone\b", page):  # Python's empty value shown as a word
            wrong.add(f"{role} {path}: 'None'")
    assert not wrong, f"{len(wrong)} English sentences in Dutch pages:\n" + "\n".join(sorted(wrong))


def test_english_pages_hold_no_dutch_sentence_of_the_interface(app, seeded):
    """The other way round: in English, Dutch is content only (marked lang="nl")."""
    sentences = interface_sentences("nl", "en")
    assert len(sentences) > 500
    wrong = set()
    for role, path, status, html in _pages(app, "en"):
        assert status == 200, f"{role} {path}: {status}"
        page = "\n".join(_visible_texts(html, "en"))
        wrong |= {f"{role} {path}: {s!r}" for s in sentences if s in page}
    assert not wrong, f"{len(wrong)} Dutch sentences in English pages:\n" + "\n".join(sorted(wrong))


def test_dutch_error_pages_of_failed_submits_hold_no_english_sentence(app, seeded):
    sentences = english_sentences() | wtforms_sentences()
    w = world(app)
    wrong = set()
    for role, email in ROLES.items():
        client = _client(app, "nl", email)
        for path, _selector in form_pages(role, w):
            response = _failed_submit(client, path)
            page = "\n".join(_visible_texts(response.get_data(as_text=True)))
            assert "Fout: " in page, f"{role} {path}: no error page"
            wrong |= {f"{role} {path}: {s!r}" for s in sentences if s in page}
            informal = INFORMAL.search(page)
            if informal:
                wrong.add(f"{role} {path}: {informal.group(0)!r}")
    assert not wrong, "\n".join(sorted(wrong))


def _quoted_texts() -> list[str]:
    """The source documents' own words that the keuzemenu quotes (lmb.modalities.document):
    content, as stored texts are, though they live in the code."""
    from lmb.modalities import document

    found = []

    def walk(value):
        if isinstance(value, str):
            if INFORMAL.search(value):
                found.append(" ".join(value.split()))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for name in ("INTRODUCTION", "WEGWIJZER", "LEGEND", "CREDITS", "MORE", "LITERATURE"):
        walk(getattr(document, name))
    return found


def test_dutch_pages_say_u_not_je(app, seeded):
    wrong = set()
    pages = list(_pages(app, "nl"))  # seeds the demo world first
    content = _stored_texts(app) + _quoted_texts()
    for role, path, _status, html in pages:
        tree = lxml.html.document_fromstring(html)
        for element in tree.body.iter():
            if not isinstance(element.tag, str):
                continue
            for text in (element.text, element.tail, *(element.get(a) for a in READ_ATTRIBUTES)):
                text = " ".join((text or "").split())
                if not INFORMAL.search(text):
                    continue
                if any(text in stored for stored in content):
                    continue  # quoted from a source document or typed by a person
                wrong.add(f"{role} {path}: {text[:100]!r}")
    assert not wrong, "Dutch interface text that says je/jij/jouw:\n" + "\n".join(sorted(wrong))


@pytest.mark.parametrize("locale", ["nl"])
def test_the_dutch_catalogue_says_u(locale):
    informal = [
        f"{msgid!r}: {form!r}"
        for msgid, forms in _strings(locale).items()
        for form in forms
        if INFORMAL.search(form)
    ]
    assert informal == []


@pytest.mark.parametrize("kind", MAIL_KINDS)
def test_dutch_mails_hold_no_english_sentence_and_say_u(app, kind):
    template = MAILS[kind]
    with app.test_request_context(), force_locale("nl"):
        text = render_template(f"{template}.txt", **MAIL_CONTEXT)
        html = render_template(f"{template}.html", **MAIL_CONTEXT)
    readable = "\n".join([" ".join(text.split()), *_visible_texts(html)])
    assert [s for s in english_sentences() if s in readable] == []
    assert INFORMAL.findall(readable) == []


# One name per feature (docs/glossary.md): the words the interface does not use for them.
NOT_OUR_WORDS = {
    "nl": re.compile(r"samenwerkingsvorm|modaliteit", re.IGNORECASE),
    "en": re.compile(r"keuzemenu|wegwijzer|chooser|modalit", re.IGNORECASE),
}


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_one_name_per_feature(locale):
    found = [
        f"{msgid!r}: {form!r}"
        for msgid, forms in _strings(locale).items()
        for form in forms
        if NOT_OUR_WORDS[locale].search(form)
    ]
    assert found == []
