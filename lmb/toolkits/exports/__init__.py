"""A toolkit's document as an HTML page, Markdown, PDF or DOCX, labelled in its own language.

Every format has a cover (title, kind, track, the association, version and date), a table of
contents, the chapters, numbered steps or grouped checkboxes, and the sources: each item says
which lessons it comes from, and the sources list their track, phase, session and organization.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from lmb.core.dates import day_text
from lmb.core.urls import absolute_url
from lmb.toolkits.document import Document, Source
from lmb.toolkits.models import ToolkitKind
from lmb.tracks.models import PhaseKey

FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


@dataclass
class Labels:
    """The words around the content, in the toolkit's language."""

    language: str
    kind: str
    contents: str
    sources: str
    sources_intro: str
    who: str
    resources: str
    cited: str
    track: str
    phase: str
    session: str
    organization: str
    year: str
    version: str
    date_line: str
    by: str
    no_sources: str
    phases: dict[str, str]

    def step(self, number: int) -> str:
        with force_locale(self.language):
            return _("Step %(n)s", n=number)

    def phase_name(self, key: str) -> str:
        return self.phases.get(key, key)

    def date(self, iso_day: str | None) -> str:
        if not iso_day:
            return ""
        from datetime import date

        return day_text(date.fromisoformat(iso_day), self.language)

    def source_line(self, source: Source) -> str:
        """ "Track · Phase: labo · Session: ... (12 mei 2016) · Organization: ..." in one line."""
        parts = [f"{self.track}: {source.track}", f"{self.phase}: {self.phase_name(source.phase)}"]
        if source.session:
            when = f" ({self.date(source.session_date)})" if source.session_date else ""
            parts.append(f"{self.session}: {source.session}{when}")
        if source.organization:
            parts.append(f"{self.organization}: {source.organization}")
        if source.year:
            parts.append(f"{self.year}: {source.year}")
        return " · ".join(parts)

    def lesson_url(self, source: Source) -> str:
        """The lesson's page on the platform (LMB_BASE_URL), so a reader can read it whole."""
        return absolute_url("toolkits.lesson", lesson_id=source.lesson_id)

    def cites(self, numbers: list[int]) -> str:
        return f"{self.cited}: " + ", ".join(f"[{n}]" for n in numbers)


def labels_for(document: Document) -> Labels:
    with force_locale(document.language):
        day = day_text(document.day, document.language)
        if document.version is None:
            date_line = _("Draft, not published · %(date)s", date=day)
        else:
            date_line = _("Version %(n)s · published on %(date)s", n=document.version, date=day)
        return Labels(
            language=document.language,
            kind=ToolkitKind[document.kind].label,
            contents=_("Contents"),
            sources=_("Sources"),
            sources_intro=_(
                "Every chapter, step or item names the lessons learned it comes from. "
                "These are those lessons, with the track, phase, session and organization "
                "behind them."
            ),
            who=_("Who"),
            resources=_("Resources"),
            cited=_("Sources"),
            track=_("Learning track"),
            phase=_("Phase"),
            session=_("Session"),
            organization=_("Organization"),
            year=_("Year"),
            version=_("Version"),
            date_line=date_line,
            by=_("A toolkit of %(association)s", association=document.association),
            no_sources=_("No lessons are cited."),
            phases={key.name: key.label for key in PhaseKey},
        )


def render(document: Document, fmt: str) -> bytes:
    """The document in `fmt` (html, md, pdf or docx)."""
    labels = labels_for(document)
    if fmt == "html":
        from lmb.toolkits.exports.html import render_html

        return render_html(document, labels).encode("utf-8")
    if fmt == "md":
        from lmb.toolkits.exports.markdown import render_markdown

        return render_markdown(document, labels).encode("utf-8")
    if fmt == "pdf":
        from lmb.toolkits.exports.pdf import render_pdf

        return render_pdf(document, labels)
    if fmt == "docx":
        from lmb.toolkits.exports.docx import render_docx

        return render_docx(document, labels)
    raise ValueError(f"unknown export format: {fmt}")


def mimetype(fmt: str) -> str:
    return FORMATS[fmt][0]


def filename(document: Document, fmt: str) -> str:
    """e.g. "stappenplan-duurzaam-aankopen-v2.pdf": ASCII, safe in any header."""
    ascii_title = unicodedata.normalize("NFKD", document.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60] or "toolkit"
    suffix = f"-v{document.version}" if document.version is not None else "-concept"
    return f"{slug}{suffix}.{FORMATS[fmt][1]}"
