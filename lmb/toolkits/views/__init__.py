"""Lessons (library, writing, moderation, attachments, themes: lessons.py) and toolkits (the
uitrol library, a toolkit's page and downloads: library.py; the coordinator's builder:
builder.py). One blueprint; the modules add their routes to it."""

from __future__ import annotations

from flask import Blueprint, request

from lmb.extensions import db
from lmb.toolkits import services
from lmb.toolkits.markup import to_html
from lmb.toolkits.models import Lesson, LessonTheme, Toolkit, ToolkitItem

blueprint = Blueprint("toolkits", __name__)
FORMAT = "<any(html, md, pdf, docx):fmt>"


@blueprint.app_template_filter("markdown")
def markdown_filter(text):
    return to_html(text)


@blueprint.app_template_global("track_lesson_summary")
def track_lesson_summary(track):
    """For the track's page: its first ten approved lessons and its published toolkits, only
    what the page shows of them (two statements)."""
    return {
        "lessons": services.track_lesson_links(track, limit=10),
        "toolkits": services.track_toolkit_links(track),
    }


def _number(name: str, low: int = 1, high: int = 2**31 - 1) -> int | None:
    value = request.args.get(name, "")
    if value.isascii() and value.isdigit() and len(value) < 10 and low <= int(value) <= high:
        return int(value)
    return None


# Loaders for lmb.core.permissions.permission_required: a row from the URL's id, or a 404.


def _toolkit_or_404(toolkit_id: int) -> Toolkit:
    return db.get_or_404(Toolkit, toolkit_id)


def _lesson_row(lesson_id: int) -> Lesson:
    return db.get_or_404(Lesson, lesson_id)


def _theme_row(theme_id: int) -> LessonTheme:
    return db.get_or_404(LessonTheme, theme_id)


def _item_row(item_id: int) -> ToolkitItem:
    return db.get_or_404(ToolkitItem, item_id)


from lmb.toolkits.views import builder, confirmations, lessons, library  # noqa: E402, F401, I001
