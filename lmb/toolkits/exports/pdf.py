"""The PDF export (fpdf2, pure Python) with the DejaVu Sans fonts shipped in lmb/toolkits/fonts.

Cover page, a table of contents with page numbers and links (also as PDF bookmarks), the
chapters, numbered steps or checklist items with a printed box to tick, and the sources.
DejaVu has no colour emoji: a character it lacks is written as its Unicode name in brackets
("[EARTH GLOBE EUROPE-AFRICA]"), so text is never dropped silently.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lmb.toolkits.document import Document, Item
from lmb.toolkits.exports import Labels
from lmb.toolkits.markup import Block, to_blocks

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "DejaVu"
BRAND = (0, 80, 122)
MUTED = (74, 74, 74)
LINE = 5.5  # mm per line of body text
TOC_LINE = 7.0
BODY_SIZE = 10.5

# fpdf2 warns about every missing glyph; we replace those characters before writing.
logging.getLogger("fpdf.output").setLevel(logging.ERROR)


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """The code points the shipped regular font can draw (bold and oblique cover the same)."""
    font = TTFont(FONTS / "DejaVuSans.ttf", lazy=True)
    return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """`text` with each character the font cannot draw replaced by its name in brackets."""
    covered = _covered()
    if all(ord(c) in covered or c in "\n\t" for c in text):
        return text
    out = []
    for char in text:
        if ord(char) in covered or char in "\n\t":
            out.append(char)
        elif unicodedata.category(char) in ("Mn", "Cf"):
            continue  # variation selectors, zero-width joiners: nothing to show
        else:
            out.append(f"[{unicodedata.name(char, f'U+{ord(char):04X}')}]")
    return "".join(out)


class ToolkitPdf(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4", unit="mm")
        self.footer_text = footer_text
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.add_font(FAMILY, "I", str(FONTS / "DejaVuSans-Oblique.ttf"))
        self.add_font(FAMILY, "BI", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_font(FAMILY, size=BODY_SIZE)

    def footer(self):
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, printable(self.footer_text), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, str(self.page_no()), align="R")
        self.set_text_color(0, 0, 0)


class Writer:
    """Writes a Document into a ToolkitPdf; one method per part of the document."""

    def __init__(self, document: Document, labels: Labels):
        self.document = document
        self.labels = labels
        self.pdf = ToolkitPdf(f"{document.title} · {labels.date_line}")
        self.pdf.set_title(printable(document.title))
        self.pdf.set_author(printable(document.association))
        self.pdf.set_lang(document.language)
        self.pdf.set_creator("LMB Leertrajecten")

    # Text

    def text(self, text: str, *, size=BODY_SIZE, style="", color=(0, 0, 0), height=LINE, link=None):
        pdf = self.pdf
        pdf.set_font(FAMILY, style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(
            0,
            height,
            printable(text),
            align="L",
            link=link,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_text_color(0, 0, 0)

    def runs(self, block: Block, size=BODY_SIZE):
        pdf = self.pdf
        for run in block.runs:
            style = ("B" if run.bold else "") + ("I" if run.italic else "")
            pdf.set_font(FAMILY, style, size)
            if run.href:
                pdf.set_text_color(*BRAND)
                pdf.write(LINE, printable(run.text), link=run.href)
                pdf.set_text_color(0, 0, 0)
            else:
                pdf.write(LINE, printable(run.text))
        pdf.ln(LINE)
        pdf.set_font(FAMILY, "", BODY_SIZE)

    def markdown(self, markdown: str, indent: float = 0):
        pdf = self.pdf
        base = pdf.l_margin
        for block in to_blocks(markdown):
            pdf.set_left_margin(base + indent + (6 if block.quote else 0))
            pdf.set_x(pdf.l_margin)
            if block.kind == "rule":
                pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
                pdf.ln(5)
            elif block.kind == "code":
                self.text(block.text, size=9, color=MUTED)
            elif block.kind == "heading":
                self.text(block.text, size=max(BODY_SIZE, 14 - block.level), style="B")
            elif block.kind == "item":
                marker = f"{block.number}." if block.number is not None else "•"
                item_indent = 5 * block.level
                pdf.set_left_margin(base + indent + item_indent)
                pdf.set_x(pdf.l_margin - 5)
                pdf.set_font(FAMILY, "", BODY_SIZE)
                pdf.cell(5, LINE, marker)
                self.runs(block)
            else:
                self.runs(block)
            pdf.ln(1.5)
        pdf.set_left_margin(base)
        pdf.set_x(base)

    # Parts

    def cover(self):
        pdf, document, labels = self.pdf, self.document, self.labels
        pdf.add_page()
        pdf.set_fill_color(*BRAND)
        pdf.rect(0, 0, pdf.w, 12, style="F")
        pdf.set_y(45)
        self.text(labels.kind.upper() + " · " + document.track, size=11, color=MUTED)
        pdf.ln(3)
        self.text(document.title, size=24, style="B", color=BRAND, height=11)
        pdf.ln(4)
        self.text(labels.by, size=11)
        self.text(labels.date_line, size=11, color=MUTED)
        pdf.ln(8)
        self.markdown(document.summary)

    def toc_entries(self) -> int:
        document = self.document
        if document.kind == "checklist":
            return len(document.groups()) + 1
        return len(document.items) + 1

    def toc_pages(self) -> int:
        pdf = self.pdf
        usable = pdf.h - pdf.t_margin - pdf.b_margin
        first = int((usable - 16) // TOC_LINE)
        rest = int(usable // TOC_LINE)
        entries = self.toc_entries()
        if entries <= first:
            return 1
        return 1 + -(-(entries - first) // rest)

    def render_toc(self, pdf: FPDF, outline):
        pdf.set_xy(pdf.l_margin, pdf.t_margin)
        self.text(self.labels.contents, size=16, style="B", color=BRAND, height=10)
        pdf.ln(6)
        usable_bottom = pdf.h - pdf.b_margin
        width = pdf.w - pdf.l_margin - pdf.r_margin
        pdf.set_font(FAMILY, "", BODY_SIZE)
        for section in outline:
            if section.level != 0:
                continue
            if pdf.get_y() + TOC_LINE > usable_bottom:
                pdf.add_page()
            link = pdf.add_link(page=section.page_number)
            name = printable(section.name)
            while pdf.get_string_width(name) > width - 18 and len(name) > 4:
                name = name[: max(4, int(len(name) * 0.9))].rstrip() + "…"
            pdf.cell(width - 12, TOC_LINE, name, link=link)
            pdf.cell(12, TOC_LINE, str(section.page_number), align="R", link=link)
            pdf.ln(TOC_LINE)

    def section(self, title: str, *, size=15):
        """A heading that starts a TOC entry (and a PDF bookmark)."""
        pdf = self.pdf
        if pdf.get_y() > pdf.h - pdf.b_margin - 30:
            pdf.add_page()
        pdf.start_section(printable(title), level=0)
        self.text(title, size=size, style="B", color=BRAND, height=8)
        pdf.ln(1)

    def cites(self, item: Item):
        if item.sources:
            self.text(self.labels.cites(item.sources), size=9, style="I", color=MUTED)

    def chapters(self):
        for item in self.document.items:
            self.section(f"{item.position}. {item.title}")
            self.markdown(item.body)
            self.cites(item)
            self.pdf.ln(4)

    def steps(self):
        pdf, labels = self.pdf, self.labels
        for item in self.document.items:
            self.section(f"{labels.step(item.position)}. {item.title}", size=13)
            self.markdown(item.body)
            if item.who:
                pdf.set_font(FAMILY, "B", BODY_SIZE)
                pdf.write(LINE, printable(f"{labels.who}: "))
                pdf.set_font(FAMILY, "", BODY_SIZE)
                pdf.write(LINE, printable(item.who))
                pdf.ln(LINE + 1)
            if item.resources:
                self.text(f"{labels.resources}:", style="B")
                self.markdown(item.resources, indent=4)
            self.cites(item)
            pdf.ln(4)

    def checklist(self):
        pdf = self.pdf
        for group, items in self.document.groups():
            self.section(group or self.labels.kind)
            for item in items:
                if pdf.get_y() > pdf.h - pdf.b_margin - 12:
                    pdf.add_page()
                top = pdf.get_y()
                pdf.set_draw_color(0, 0, 0)
                pdf.rect(pdf.l_margin, top + 0.8, 4.2, 4.2)
                base = pdf.l_margin
                pdf.set_left_margin(base + 8)
                pdf.set_xy(base + 8, top)
                self.text(item.title, style="B")
                self.markdown(item.body)
                self.cites(item)
                pdf.set_left_margin(base)
                pdf.set_x(base)
                pdf.ln(2)

    def sources(self):
        labels = self.labels
        self.section(labels.sources)
        if not self.document.sources:
            self.text(labels.no_sources)
            return
        self.text(labels.sources_intro, color=MUTED)
        self.pdf.ln(2)
        for source in self.document.sources:
            self.text(
                f"[{source.number}] {source.title}", style="B", link=labels.lesson_url(source)
            )
            self.text(labels.source_line(source), size=9, color=MUTED)
            self.pdf.ln(1.5)

    def render(self) -> bytes:
        self.cover()
        self.pdf.add_page()
        # Reserves the pages and breaks to a fresh one; the TOC is drawn there at the end.
        self.pdf.insert_toc_placeholder(self.render_toc, pages=self.toc_pages())
        kind = self.document.kind
        if kind == "checklist":
            self.checklist()
        elif kind == "step_plan":
            self.steps()
        else:
            self.chapters()
        self.sources()
        return bytes(self.pdf.output())


def render_pdf(document: Document, labels: Labels) -> bytes:
    return Writer(document, labels).render()
