"""Toolkits: a coordinator assembles chapters, steps or checklist items that cite lessons,
and publishes numbered versions; subscribers of the track's theme hear about each one."""

from __future__ import annotations

from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import selectinload

from lmb import events
from lmb.accounts.models import User
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.core.permissions import require
from lmb.core.timezones import to_local
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.toolkits import exports
from lmb.toolkits.document import Document, build_document
from lmb.toolkits.markup import plain_text
from lmb.toolkits.models import Toolkit, ToolkitItem, ToolkitKind, ToolkitVersion
from lmb.toolkits.permissions import can_edit_toolkit
from lmb.toolkits.services.lesson_library import approved_lessons
from lmb.toolkits.services.lessons import _text
from lmb.tracks.models import Track
from lmb.tracks.permissions import may_manage_track

LANGUAGES = ("nl", "en")


# The builder's pages (lmb/toolkits/views/builder.py) admit only those `can_edit_toolkit`
# allows, so a change made there is checked once, by the page. What the API also calls
# (create, add an item, publish) refuses by the same rule, asked as the page asks it: a new
# toolkit by `may_manage_track` on its track, one that exists by `can_edit_toolkit`.


def _refusal() -> str:
    return _("Only the track's coordinators can build its toolkits.")


def _title(value: str, field: str = "title", max_length: int = 200) -> str:
    title = _text(value, field, max_length)
    if not title:
        raise ServiceError(_("This field is required."), field=field)
    return title


def _language(value: str) -> str:
    if value not in LANGUAGES:
        raise ServiceError(_("Choose Dutch or English."), field="language")
    return value


def create_toolkit(
    track: Track, *, by: User, kind: ToolkitKind, title: str, summary: str = "", language="nl"
) -> Toolkit:
    require(may_manage_track, by, track, _refusal())
    toolkit = Toolkit(
        track=track,
        kind=kind,
        title=_title(title),
        summary=_text(summary, "summary", 20_000),
        language=_language(language),
        created_by_id=by.id,
    )
    db.session.add(toolkit)
    db.session.flush()
    return toolkit


def update_toolkit(
    toolkit: Toolkit, *, by: User, title=None, summary=None, language=None
) -> Toolkit:
    if title is not None:
        toolkit.title = _title(title)
    if summary is not None:
        toolkit.summary = _text(summary, "summary", 20_000)
    if language is not None:
        toolkit.language = _language(language)
    db.session.flush()
    return toolkit


def _next_position(toolkit: Toolkit) -> int:
    highest = db.session.scalar(
        select(func.max(ToolkitItem.position)).where(ToolkitItem.toolkit_id == toolkit.id)
    )
    return (highest or 0) + 1


def add_item(
    toolkit: Toolkit,
    *,
    by: User,
    title: str,
    body: str = "",
    group: str = "",
    who: str = "",
    resources: str = "",
    lesson_ids=(),
) -> ToolkitItem:
    """A chapter, step or checklist item at the end; it cites approved lessons."""
    require(can_edit_toolkit, by, toolkit, _refusal())
    item = ToolkitItem(
        toolkit=toolkit,
        position=_next_position(toolkit),
        title=_title(title, max_length=300),
        body=_text(body, "body", 50_000),
        group=_text(group, "group", 200),
        who=_text(who, "who", 300),
        resources=_text(resources, "resources", 20_000),
        lessons=approved_lessons(lesson_ids),
    )
    db.session.add(item)
    db.session.flush()
    return item


def update_item(
    item: ToolkitItem,
    *,
    by: User,
    title: str,
    body: str = "",
    group: str = "",
    who: str = "",
    resources: str = "",
    lesson_ids=(),
) -> ToolkitItem:
    item.title = _title(title, max_length=300)
    item.body = _text(body, "body", 50_000)
    item.group = _text(group, "group", 200)
    item.who = _text(who, "who", 300)
    item.resources = _text(resources, "resources", 20_000)
    item.lessons = approved_lessons(lesson_ids)
    db.session.flush()
    return item


def delete_toolkit(toolkit: Toolkit, *, by: User) -> None:
    """Only a toolkit that was never published: published versions stay downloadable."""
    if toolkit.versions:
        raise ServiceError(_("A published toolkit cannot be deleted; its versions stay online."))
    db.session.delete(toolkit)
    db.session.flush()


def _renumber(items: list[ToolkitItem]) -> None:
    """Give `items` the positions 1..n. Two passes: the positions are unique per toolkit."""
    for index, item in enumerate(items, start=1):
        item.position = -index
    db.session.flush()
    for item in items:
        item.position = -item.position
    db.session.flush()


def delete_item(item: ToolkitItem, *, by: User) -> None:
    toolkit = item.toolkit
    db.session.delete(item)
    db.session.flush()
    db.session.expire(toolkit, ["items"])
    _renumber(list(toolkit.items))
    db.session.flush()


def move_item(item: ToolkitItem, *, by: User, offset: int) -> None:
    """Move an item up (-1) or down (+1)."""
    toolkit = item.toolkit
    items = list(toolkit.items)
    index = items.index(item)
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        _renumber(items)
    db.session.flush()


def draft_document(toolkit: Toolkit) -> Document:
    return build_document(toolkit, version=None, dated=to_local(utcnow()).date())


def publish(toolkit: Toolkit, *, by: User) -> ToolkitVersion:
    """Freeze the toolkit as its next version and announce it in the track's theme."""
    require(can_edit_toolkit, by, toolkit, _refusal())
    if not toolkit.items:
        raise ServiceError(_("Add at least one chapter, step or item before publishing."))
    number = (
        db.session.scalar(
            select(func.max(ToolkitVersion.number)).where(ToolkitVersion.toolkit_id == toolkit.id)
        )
        or 0
    ) + 1
    now = utcnow()
    document = build_document(toolkit, version=number, dated=to_local(now).date())
    version = ToolkitVersion(
        toolkit=toolkit,
        number=number,
        published_at=now,
        published_by_id=by.id,
        content=document.to_json(),
    )
    db.session.add(version)
    db.session.flush()
    labels = exports.labels_for(document)
    events.toolkit_published.send(version)
    events.theme_news.send(
        toolkit.track,
        key=f"toolkit-published:{toolkit.id}:v{number}",
        title=f"{toolkit.title} ({labels.kind}, {labels.version.lower()} {number})",
        summary=plain_text(toolkit.summary)[:1000],
        url=absolute_url("toolkits.toolkit", toolkit_id=toolkit.id),
    )
    db.session.flush()
    return version


def version_document(version: ToolkitVersion) -> Document:
    return Document.from_json(version.content)


def latest_version(toolkit: Toolkit) -> ToolkitVersion | None:
    return toolkit.versions[-1] if toolkit.versions else None


def find_version(toolkit: Toolkit, number: int) -> ToolkitVersion | None:
    return next((v for v in toolkit.versions if v.number == number), None)


@cache
def _track_toolkit_links():
    # Built once: a track's page asks for it on every request.
    return (
        select(Toolkit.id, Toolkit.title, Toolkit.kind)
        .join(ToolkitVersion, ToolkitVersion.toolkit_id == Toolkit.id)
        .where(Toolkit.track_id == bindparam("track_id"))
        .group_by(Toolkit.id, Toolkit.title, Toolkit.kind)
        .order_by(func.max(ToolkitVersion.published_at).desc(), Toolkit.id.desc())
    )


def track_toolkit_links(track: Track) -> list:
    """The track's published toolkits as its page lists them (as `published_toolkits` orders
    them): rows of id, title and kind, one statement."""
    return list(db.session.execute(_track_toolkit_links(), {"track_id": track.id}))


def published_toolkits(
    track: Track | None = None, kind: ToolkitKind | None = None, *, with_versions: bool = True
):
    """The uitrol library: toolkits with a published version, most recently published first."""
    latest = (
        select(ToolkitVersion.toolkit_id, func.max(ToolkitVersion.published_at).label("at"))
        .group_by(ToolkitVersion.toolkit_id)
        .subquery()
    )
    query = (
        select(Toolkit)
        .join(latest, latest.c.toolkit_id == Toolkit.id)
        .order_by(latest.c.at.desc(), Toolkit.id.desc())
    )
    if with_versions:
        query = query.options(selectinload(Toolkit.track), selectinload(Toolkit.versions))
    if track is not None:
        query = query.where(Toolkit.track_id == track.id)
    if kind is not None:
        query = query.where(Toolkit.kind == kind)
    return list(db.session.scalars(query))


def track_toolkits(track: Track) -> list[Toolkit]:
    return list(
        db.session.scalars(
            select(Toolkit)
            .where(Toolkit.track_id == track.id)
            .options(selectinload(Toolkit.versions))
            .order_by(Toolkit.id)
        )
    )


def export(document: Document, fmt: str) -> tuple[bytes, str, str]:
    """(body, mimetype, file name) of the document in `fmt`."""
    if fmt not in exports.FORMATS:
        raise ServiceError(_("Choose html, md, pdf or docx."), field="format")
    return exports.render(document, fmt), exports.mimetype(fmt), exports.filename(document, fmt)
