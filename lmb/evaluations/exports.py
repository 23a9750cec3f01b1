"""The follow-up of an evaluation as a spreadsheet (XLSX) and as a report to sign (PDF, DOCX),
the latter written by the toolkits' export machinery (lmb.toolkits.exports): a cover, a table
of contents, a chapter per recommendation, and the signature block where a toolkit lists its
sources."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import date

from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _

from lmb.core.spreadsheets import xlsx_bytes
from lmb.core.views import DOWNLOAD_TYPES
from lmb.evaluations.models import Evaluation
from lmb.evaluations.services import Section
from lmb.toolkits.document import Document, Item, association_name
from lmb.toolkits.exports import FORMATS, labels_for


def _late(action, today: date) -> str:
    return _("late") if action.overdue(today) else ""


def _title(section: Section) -> str:
    if section.recommendation is not None:
        r = section.recommendation
        return _("Recommendation %(n)s. %(title)s", n=r.number, title=r.title)
    return " · ".join(section.headings)


def follow_up_xlsx(evaluation: Evaluation, sections: list[Section], today: date) -> bytes:
    header = [
        _("Recommendation"),
        _("Position"),
        _("Heading in the plan"),
        _("Action"),
        _("Who"),
        _("When"),
        _("Period from"),
        _("Period until"),
        _("Status"),
        _("Late"),
        _("Last report"),
        _("Evidence"),
    ]
    rows = [header]
    for section in sections:
        r = section.recommendation
        number = r.number if r else ""
        position = r.position.label if r and r.position else ""
        if not section.actions:
            rows.append(
                [
                    number,
                    position,
                    " · ".join(section.headings),
                    "",
                    "",
                    "",
                    None,
                    None,
                    "",
                    "",
                    "",
                    "",
                ]
            )
        for action in section.actions:
            last = action.updates[0] if action.updates else None
            rows.append(
                [
                    number,
                    position,
                    action.priority.title,
                    action.text,
                    action.who,
                    action.when_text,
                    action.starts_on,
                    action.ends_on,
                    action.status.label,
                    _late(action, today),
                    last.note if last else "",
                    "; ".join(e.label or e.url for e in action.evidence),
                ]
            )
    return xlsx_bytes([(_("Follow-up"), rows)])


def _body(section: Section, today: date) -> str:
    parts = []
    r = section.recommendation
    if r is not None:
        if r.text:
            parts.append(r.text)
        position = r.position.label if r.position else _("No position stated")
        parts.append(f"**{_('Response')}: {position}.** {r.response}".strip())
    for action in section.actions:
        late = f" ({_('late')})" if action.overdue(today) else ""
        lines = [f"- **{action.text}**", f"  {_('Status')}: {action.status.label}{late}"]
        if action.who:
            lines.append(f"  {_('Who')}: {action.who}")
        if action.when_text:
            lines.append(f"  {_('When')}: {action.when_text}")
        for evidence in action.evidence:
            lines.append(f"  {_('Evidence')}: {evidence.label or evidence.url}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def follow_up_report(
    evaluation: Evaluation, sections: list[Section], today: date, fmt: str
) -> bytes:
    language = str(get_locale() or "nl")
    document = Document(
        toolkit_id=0,
        title=evaluation.title,
        kind="manual",
        language=language,
        summary=evaluation.plan_summary or evaluation.summary,
        track=evaluation.programme.title,
        track_slug="",
        association=association_name(),
        version=None,
        dated=today.isoformat(),
        items=[
            Item(position=n, title=_title(s), body=_body(s, today))
            for n, s in enumerate(sections, start=1)
        ],
    )
    with force_locale(language):
        labels = dataclasses.replace(
            labels_for(document),
            kind=_("Follow-up of the action plan"),
            by=_(
                "%(evaluator)s for %(association)s",
                evaluator=evaluation.evaluator,
                association=document.association,
            ),
            date_line=_("State of %(date)s", date=format_date(today, "long")),
            sources=_("Signature"),
            no_sources=_("Read and approved on ____ by ____ (name, function, signature)."),
        )
    if fmt == "pdf":
        from lmb.toolkits.exports.pdf import render_pdf

        return render_pdf(document, labels)
    from lmb.toolkits.exports.docx import render_docx

    return render_docx(document, labels)


def mimetype(fmt: str) -> str:
    return DOWNLOAD_TYPES.get(fmt) or FORMATS[fmt][0]


def filename(evaluation: Evaluation, fmt: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", evaluation.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60] or "evaluatie"
    return f"opvolging-{slug}.{fmt}"
