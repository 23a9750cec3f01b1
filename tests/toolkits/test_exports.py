"""Every export (HTML, Markdown, PDF, DOCX) holds the title, every step in order, every
checklist item, the sources, and Unicode; a lesson's script or javascript: link is harmless."""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass

import docx
import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from lmb.extensions import db
from lmb.toolkits import exports, services
from lmb.toolkits.models import ToolkitKind
from lmb.tracks.models import PhaseKey
from tests.toolkits.helpers import UNICODE, a_session, a_toolkit, a_track, approved_lesson

FORMATS = ["html", "md", "pdf", "docx"]
STEPS = [
    f"Breng de acties in kaart {UNICODE}",
    "Bespreek de blinde vlekken",
    "Duid per dienst een trekker aan",
    "Rapporteer jaarlijks",
]
CHECKLIST = [
    ("Voorbereiding", "De organisaties zijn in kaart gebracht"),
    ("Voorbereiding", "Het gesprek vindt plaats waar de mensen samenkomen"),
    ("Tijdens", "Er is een tolk voorzien"),
    ("Nadien", f"Terugkoppeling binnen zes weken {UNICODE}"),
]
EVIL = (
    "Klik [hier](javascript:alert('xss')) of [daar](JaVaScRiPt:alert(2)) "
    "<script>alert('boem')</script> <img src=x onerror=alert(3)>\n\n"
    "[veilig](https://www.vvsg.be/)"
)


def text_of(body: bytes, fmt: str) -> str:
    """What a reader sees: the extracted text of a PDF, the paragraphs of a DOCX."""
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(body))
        text = "\n".join(page.extract_text() for page in reader.pages)
    elif fmt == "docx":
        document = docx.Document(io.BytesIO(body))
        text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    elif fmt == "md":
        # What a reader of the rendered Markdown sees.
        rendered = MarkdownIt("commonmark").render(body.decode("utf-8"))
        text = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
    else:
        text = html.unescape(re.sub(r"<[^>]+>", " ", body.decode("utf-8")))
    return re.sub(r"[ \t]+", " ", text)


def shown(text: str, fmt: str) -> str:
    """DejaVu Sans has no globe: the PDF names the character instead of dropping it."""
    return text.replace("🌍", "[EARTH GLOBE EUROPE-AFRICA]") if fmt == "pdf" else text


def in_order(text: str, parts: list[str]) -> bool:
    position = -1
    for part in parts:
        found = text.find(part, position + 1)
        if found < 0:
            return False
        position = found
    return True


@dataclass
class Built:
    step_plan: int
    checklist: int
    manual: int
    sources: list[tuple[str, str]]  # (lesson title, organization)


@pytest.fixture
def built(app) -> Built:
    with app.app_context():
        track, coordinator, participant = a_track()
        session = a_session(track, title="Labo: werkkledij testen")
        first = approved_lesson(
            track,
            participant,
            coordinator,
            f"Begin bij de criteria {UNICODE}",
            "We schreven **eerst** de criteria op.\n\n- Fair Wear\n- biologisch katoen",
            session=session,
            sdgs=[8, 12],
            tags=["werkkledij"],
        )
        second = approved_lesson(
            track, participant, coordinator, "Een marktverkenning loont", EVIL,
            phase=PhaseKey.voedingsbodem,
        )  # fmt: skip
        step_plan = a_toolkit(
            track,
            coordinator,
            ToolkitKind.step_plan,
            [
                {"title": STEPS[0], "body": "Lijst alles op.", "who": "De mondiale ambtenaar",
                 "resources": "- het meerjarenplan", "lessons": [first]},
                {"title": STEPS[1], "body": EVIL, "lessons": [second]},
                {"title": STEPS[2], "lessons": [first, second]},
                {"title": STEPS[3]},
            ],
        )  # fmt: skip
        checklist = a_toolkit(
            track,
            coordinator,
            ToolkitKind.checklist,
            [
                {"group": group, "title": title, "lessons": [first] if n == 0 else []}
                for n, (group, title) in enumerate(CHECKLIST)
            ],
        )
        manual = a_toolkit(
            track,
            coordinator,
            ToolkitKind.manual,
            [("Waarom?", "Omdat het **kan**.", [first]), ("Hoe?", EVIL, [second])],
            language="en",
        )
        for toolkit in (step_plan, checklist, manual):
            services.publish(toolkit, by=coordinator)
        result = Built(
            step_plan.id,
            checklist.id,
            manual.id,
            [(first.title, "Stad Roeselare"), (second.title, "Stad Roeselare")],
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return result


def export(app, toolkit_id: int, fmt: str) -> bytes:
    from lmb.toolkits.models import Toolkit

    with app.app_context():
        toolkit = db.session.get(Toolkit, toolkit_id)
        document = services.version_document(services.latest_version(toolkit))
        body, _mimetype, _name = services.export(document, fmt)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return body


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_step_plan_holds_title_numbered_steps_in_order_and_sources(app, built, fmt):
    text = text_of(export(app, built.step_plan, fmt), fmt)
    assert "step_plan Zoë’s café – één stap" in text.replace("\n", " ")
    numbered = [f"Stap {n}. {shown(title, fmt)}" for n, title in enumerate(STEPS, start=1)]
    flat = text.replace("\n", " ")
    # The table of contents lists them first (a long title shortened to one line), then the
    # steps follow: both in order.
    assert in_order(flat, [n[:40] for n in numbered] + ["Bronnen"] + numbered)
    assert "De mondiale ambtenaar" in flat and "het meerjarenplan" in flat
    for title, organization in built.sources:
        assert shown(title, fmt) in flat
        assert organization in flat
    # The sources say where each lesson comes from: track, phase, session and its date.
    assert "Duurzaam aankoopbeleid" in flat
    assert "Labo" in flat and "Voedingsbodem" in flat
    assert "Labo: werkkledij testen" in flat and "do 12 mrt 2026" in flat
    assert "Versie 1" in flat and "VVSG" in flat


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_checklist_holds_every_item_under_its_group(app, built, fmt):
    text = text_of(export(app, built.checklist, fmt), fmt).replace("\n", " ")
    expected = []
    for group, title in CHECKLIST:
        if group not in expected:
            expected.append(group)
        expected.append(shown(title, fmt))
    assert in_order(text, expected + ["Bronnen"])


def test_checklist_items_are_real_checkboxes(app, built):
    page = export(app, built.checklist, "html").decode()
    assert page.count('type="checkbox"') == len(CHECKLIST)
    assert all(f'<label for="check-{n}">' in page for n in range(1, 5))
    markdown = export(app, built.checklist, "md").decode()
    assert markdown.count("- [ ] ") == len(CHECKLIST)
    body = export(app, built.checklist, "docx")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert xml.count("<w14:checkbox>") == len(CHECKLIST)
    pdf = PdfReader(io.BytesIO(export(app, built.checklist, "pdf")))
    # Each item has a box drawn next to it: a rectangle operator in the page's content.
    content = b"".join(page.get_contents().get_data() for page in pdf.pages)
    assert len(re.findall(rb" re S", content)) >= len(CHECKLIST)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unicode_survives(app, built, fmt):
    text = text_of(export(app, built.step_plan, fmt), fmt)
    for fragment in ("Zoë’s", "café", "één", "😀"):
        assert fragment in text, fragment
    if fmt == "pdf":
        # DejaVu Sans has no globe: the PDF names the character instead of dropping it.
        assert "[EARTH GLOBE EUROPE-AFRICA]" in text.replace("\n", "")
    else:
        assert "🌍" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_english_toolkit_has_english_labels(app, built, fmt):
    text = text_of(export(app, built.manual, fmt), fmt).replace("\n", " ")
    assert "Contents" in text and "Sources" in text and "Version 1" in text
    assert "Inhoud" not in text and "Bronnen" not in text
    assert in_order(text, ["1. Waarom?", "2. Hoe?", "Sources", "1. Waarom?", "2. Hoe?"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_lessons_script_and_javascript_links_are_harmless_in_every_export(app, built, fmt):
    body = export(app, built.step_plan, fmt)
    if fmt == "html":
        page = body.decode()
        assert "<script" not in page.lower() and "<img" not in page.lower()
        assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", page, re.IGNORECASE)
        assert 'href="https://www.vvsg.be/"' in page
    elif fmt == "md":
        markdown = body.decode()
        assert "<script" not in markdown and "<img" not in markdown
        # No link to javascript: (the brackets are escaped: they read as text).
        assert not re.search(r"(?<!\\)\]\(\s*<?\s*javascript:", markdown, re.IGNORECASE)
        assert "[veilig](<https://www.vvsg.be/>)" in markdown
        # Even a renderer that passes raw HTML through finds no tag.
        permissive = MarkdownIt("commonmark", {"html": True}).render(markdown)
        assert "<script" not in permissive and "<img" not in permissive
    elif fmt == "pdf":
        raw = body
        assert b"/JavaScript" not in raw and b"/JS " not in raw
        assert b"javascript:" not in raw.lower().replace(b"(javascript:", b"")
        reader = PdfReader(io.BytesIO(raw))
        uris = [
            annotation.get_object()["/A"]["/URI"]
            for page in reader.pages
            for annotation in page.get("/Annots", []) or []
            if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
        ]
        assert "https://www.vvsg.be/" in uris
        assert not any(uri.lower().startswith("javascript") for uri in uris)
    else:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            rels = archive.read("word/_rels/document.xml.rels").decode()
        assert "https://www.vvsg.be/" in rels
        assert "javascript" not in rels.lower()
    # The words stay readable as text.
    assert "Klik" in text_of(body, fmt)


def test_an_earlier_version_stays_as_it_was_published(app, built):
    from lmb.toolkits.models import Toolkit, ToolkitItem

    with app.app_context():
        toolkit = db.session.get(Toolkit, built.step_plan)
        coordinator = toolkit.track.coordinators[0]
        item = db.session.scalar(
            db.select(ToolkitItem).where(ToolkitItem.toolkit_id == toolkit.id).limit(1)
        )
        services.update_item(item, by=coordinator, title="Een nieuwe eerste stap")
        services.publish(toolkit, by=coordinator)
        first = services.version_document(services.find_version(toolkit, 1))
        second = services.version_document(services.find_version(toolkit, 2))
        assert (
            first.items[0].title == STEPS[0] and second.items[0].title == "Een nieuwe eerste stap"
        )
        assert first.version == 1 and second.version == 2
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_file_names_are_ascii_and_say_the_version(app, built):
    with app.app_context():
        from lmb.toolkits.models import Toolkit

        toolkit = db.session.get(Toolkit, built.step_plan)
        document = services.version_document(services.latest_version(toolkit))
        assert exports.filename(document, "pdf") == "step-plan-zoes-cafe-een-stap-v1.pdf"
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_word_sees_headings_lists_and_a_table_of_contents_field(app, built):
    body = export(app, built.step_plan, "docx")
    document = docx.Document(io.BytesIO(body))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["Stap 2. Bespreek de blinde vlekken"] == "Heading 1"
    assert styles["het meerjarenplan"] == "List Bullet"
    assert styles[document.core_properties.title] == "Title"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        xml = archive.read("word/document.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert 'TOC \\o "1-1"' in xml and xml.count('w:fldCharType="begin"') == 1
    assert xml.count('w:fldCharType="end"') == 1 and "w:updateFields" in settings


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_source_links_to_its_lesson_on_the_platform(app, built, fmt):
    body = export(app, built.step_plan, fmt)
    with app.app_context():
        from lmb.toolkits.models import Lesson

        urls = [
            f"http://127.0.0.1:5000/lessons/{lesson_id}"
            for lesson_id in db.session.scalars(db.select(Lesson.id).order_by(Lesson.id))
        ]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(body))
        found = {
            annotation.get_object()["/A"]["/URI"]
            for page in reader.pages
            for annotation in page.get("/Annots", []) or []
            if "/URI" in annotation.get_object().get("/A", {})
        }
    elif fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            found = archive.read("word/_rels/document.xml.rels").decode()
    else:
        found = body.decode()
    assert len(urls) == 2 and all(url in found for url in urls)
