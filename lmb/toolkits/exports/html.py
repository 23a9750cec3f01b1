"""The HTML export: one self-contained, printable page (its style inside, no scripts)."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale

from lmb.toolkits.document import Document
from lmb.toolkits.exports import Labels
from lmb.toolkits.markup import to_html


def render_html(document: Document, labels: Labels) -> str:
    with force_locale(document.language):
        return render_template(
            "toolkits/export.html", document=document, labels=labels, markdown=to_html
        )
