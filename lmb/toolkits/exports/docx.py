"""The DOCX export (python-docx), for municipal staff who edit in Word or LibreOffice.

Word's own styles (Title, Heading 1, List Bullet, ...), a table of contents field that Word
fills with page numbers when the document is opened (it shows the headings until then), real
checkbox content controls for checklist items, clickable links, and the sources.
"""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from lmb.toolkits.document import Document, Item
from lmb.toolkits.exports import Labels
from lmb.toolkits.markup import Block, to_blocks

BRAND = RGBColor(0x00, 0x50, 0x7A)
MUTED = RGBColor(0x4A, 0x4A, 0x4A)
CHECKBOX = (
    f"<w:sdt {nsdecls('w', 'w14')}><w:sdtPr>"
    '<w14:checkbox><w14:checked w14:val="0"/>'
    '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
    '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
    "</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr>"
    '<w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/>'
    "</w:rPr><w:t>\u2610</w:t></w:r></w:sdtContent></w:sdt>"
)


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters; python-docx would refuse them."""
    return "".join(c for c in text if c in "\t\n" or ord(c) >= 0x20)


class Writer:
    def __init__(self, document: Document, labels: Labels):
        self.document = document
        self.labels = labels
        self.word = docx.Document()
        self.body = self.word.element.body
        # New paragraphs go before the section properties; addprevious keeps that O(1) where
        # python-docx's add_paragraph searches the body for them each time.
        self.anchor = self.body.sectPr
        self.links: dict[str, str] = {}
        self.style_ids: dict[str, str] = {}
        properties = self.word.core_properties
        properties.title = _xml_safe(document.title)
        properties.author = _xml_safe(document.association)
        properties.language = document.language
        self.word.styles["Normal"].font.size = Pt(10.5)

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        self.anchor.addprevious(element)
        paragraph = Paragraph(element, self.word._body)
        if style:
            # Looked up once per name: python-docx searches the styles part on every assignment.
            if style not in self.style_ids:
                self.style_ids[style] = self.word.styles[style].style_id
            element.style = self.style_ids[style]
        if text:
            paragraph.add_run(_xml_safe(text))
        return paragraph

    def link(self, paragraph: Paragraph, text: str, href: str, bold: bool, italic: bool):
        relation = self.links.get(href)
        if relation is None:
            # python-docx's relate_to() scans every relationship to find a duplicate and a free
            # id: quadratic in the number of links. Our own ids ("rIdLink7") cannot collide
            # with its "rId7", and self.links already knows the duplicates.
            relation = self.links[href] = f"rIdLink{len(self.links) + 1}"
            self.word.part.rels.add_relationship(
                RELATIONSHIP_TYPE.HYPERLINK, href, relation, is_external=True
            )
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), relation)
        run = OxmlElement("w:r")
        hyperlink.append(run)
        paragraph._p.append(hyperlink)
        from docx.text.run import Run as WordRun

        word_run = WordRun(run, paragraph)
        word_run.text = _xml_safe(text)
        word_run.font.color.rgb = BRAND
        word_run.font.underline = True
        word_run.bold = bold or None
        word_run.italic = italic or None

    def runs(self, paragraph: Paragraph, block: Block):
        for run in block.runs:
            if run.href:
                self.link(paragraph, run.text, run.href, run.bold, run.italic)
                continue
            word_run = paragraph.add_run(_xml_safe(run.text))
            word_run.bold = run.bold or None
            word_run.italic = run.italic or None
            if run.code:
                word_run.font.name = "Courier New"

    def markdown(self, markdown: str):
        for block in to_blocks(markdown):
            if block.kind == "rule":
                self.paragraph("―" * 20)
            elif block.kind == "code":
                paragraph = self.paragraph(style="No Spacing")
                run = paragraph.add_run(_xml_safe(block.text))
                run.font.name = "Courier New"
            elif block.kind == "heading":
                self.runs(self.paragraph(style=f"Heading {min(block.level + 2, 6)}"), block)
            elif block.kind == "item":
                level = "" if block.level == 1 else f" {min(block.level, 3)}"
                style = ("List Number" if block.number is not None else "List Bullet") + level
                self.runs(self.paragraph(style=style), block)
            else:
                self.runs(self.paragraph(style="Quote" if block.quote else None), block)

    def muted(self, text: str, *, italic=False, size=9):
        run = self.paragraph().add_run(_xml_safe(text))
        run.font.size = Pt(size)
        run.font.color.rgb = MUTED
        run.italic = italic or None

    def page_break(self):
        self.paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Parts

    def cover(self):
        document, labels = self.document, self.labels
        self.muted(f"{labels.kind} · {document.track}".upper(), size=11)
        self.paragraph(document.title, style="Title")
        self.paragraph(labels.by)
        self.muted(labels.date_line, size=11)
        self.markdown(document.summary)
        self.page_break()

    def toc_titles(self) -> list[str]:
        document, labels = self.document, self.labels
        if document.kind == "checklist":
            titles = [group or labels.kind for group, _items in document.groups()]
        else:
            titles = [self.item_title(item) for item in document.items]
        return [*titles, labels.sources]

    def toc(self):
        """A TOC field whose shown result lists the headings until Word updates it."""
        self.paragraph(self.labels.contents, style="TOC Heading")
        titles = self.toc_titles()
        for index, title in enumerate(titles):
            paragraph = self.paragraph()
            p = paragraph._p
            if index == 0:
                p.append(_field_char("begin"))
                p.append(_instruction(' TOC \\o "1-1" \\h \\z \\u '))
                p.append(_field_char("separate"))
            paragraph.add_run(_xml_safe(title))
            if index == len(titles) - 1:
                p.append(_field_char("end"))
        settings = self.word.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
        self.page_break()

    def item_title(self, item: Item) -> str:
        if self.document.kind == "step_plan":
            return f"{self.labels.step(item.position)}. {item.title}"
        return f"{item.position}. {item.title}"

    def cites(self, item: Item):
        if item.sources:
            self.muted(self.labels.cites(item.sources), italic=True)

    def chapters_or_steps(self):
        labels = self.labels
        for item in self.document.items:
            self.paragraph(self.item_title(item), style="Heading 1")
            self.markdown(item.body)
            if item.who:
                paragraph = self.paragraph()
                paragraph.add_run(f"{labels.who}: ").bold = True
                paragraph.add_run(_xml_safe(item.who))
            if item.resources:
                self.paragraph().add_run(f"{labels.resources}:").bold = True
                self.markdown(item.resources)
            self.cites(item)

    def checklist(self):
        for group, items in self.document.groups():
            self.paragraph(group or self.labels.kind, style="Heading 1")
            for item in items:
                paragraph = self.paragraph()
                paragraph._p.append(parse_xml(CHECKBOX))
                paragraph.add_run(" ")
                paragraph.add_run(_xml_safe(item.title)).bold = True
                self.markdown(item.body)
                self.cites(item)

    def sources(self):
        labels = self.labels
        self.paragraph(labels.sources, style="Heading 1")
        if not self.document.sources:
            self.paragraph(labels.no_sources)
            return
        self.muted(labels.sources_intro, size=10)
        for source in self.document.sources:
            paragraph = self.paragraph()
            paragraph.add_run(f"[{source.number}] ").bold = True
            self.link(paragraph, source.title, labels.lesson_url(source), bold=True, italic=False)
            self.muted(labels.source_line(source))

    def render(self) -> bytes:
        self.cover()
        self.toc()
        if self.document.kind == "checklist":
            self.checklist()
        else:
            self.chapters_or_steps()
        self.sources()
        buffer = io.BytesIO()
        self.word.save(buffer)
        return buffer.getvalue()


def _field_char(kind: str):
    element = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    element.append(char)
    return element


def _instruction(text: str):
    element = OxmlElement("w:r")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = text
    element.append(instruction)
    return element


def render_docx(document: Document, labels: Labels) -> bytes:
    return Writer(document, labels).render()
