"""Lessons (library, writing, moderation, attachments, themes: lessons.py) and toolkits (the
uitrol library, a toolkit's page and downloads: library.py; the coordinator's builder:
builder.py). One blueprint; the modules add their routes to it."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user

from lmb.core.permissions import can_manage_track
from lmb.extensions import db
from lmb.toolkits import services
from lmb.toolkits.markup import to_html
from lmb.toolkits.models import Toolkit
from lmb.tracks import services as tracks

blueprint = Blueprint("toolkits", __name__)
FORMAT = "<any(html, md, pdf, docx):fmt>"


@blueprint.app_template_filter("markdown")
def markdown_filter(text):
    return to_html(text)


@blueprint.app_template_global("track_lesson_summary")
def track_lesson_summary(track):
    """For the track's page: its approved lessons and published toolkits (two statements)."""
    return {
        "lessons": services.track_lessons(track, with_session=False),
        "toolkits": services.published_toolkits(track=track, with_versions=False),
    }


def _track_or_404(slug: str):
    track = tracks.track_by_slug(slug)
    if track is None:
        abort(404)
    return track


def _managed_track(slug: str):
    track = _track_or_404(slug)
    if not can_manage_track(current_user, track):
        abort(403)
    return track


def _number(name: str, low: int = 1, high: int = 2**31 - 1) -> int | None:
    value = request.args.get(name, "")
    if value.isascii() and value.isdigit() and len(value) < 10 and low <= int(value) <= high:
        return int(value)
    return None


def _toolkit_or_404(toolkit_id: int) -> Toolkit:
    return db.get_or_404(Toolkit, toolkit_id)


from lmb.toolkits.views import builder, lessons, library  # noqa: E402, F401  (routes)
