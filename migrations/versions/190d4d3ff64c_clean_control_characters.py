"""clean control characters out of stored text

Values typed before the rule of lmb.core.text (issue 12) may hold control characters or
Unicode line separators: in a mail header, a calendar line or a spreadsheet cell they break
lines or jam the message. Each such character becomes a space (single-line values are then
trimmed); a multi-line value keeps its tabs and line breaks.

Self-contained: the columns are listed here as they are at this revision, not read from the
models. MACHINE_MADE lists the text columns the application writes itself (hashes, keys,
codes), which no person types; they are left alone. tests/test_migrations.py checks that
the three lists together hold every text column of the schema at this revision.

Revision ID: 190d4d3ff64c
Revises: 13473e20b591
Create Date: 2026-11-29 20:00:00.000000

"""

import re

import sqlalchemy as sa
from alembic import op

revision = "190d4d3ff64c"
down_revision = "13473e20b591"
branch_labels = None
depends_on = None

SINGLE_LINE = {
    "api_tokens": ("name",),
    "audit_entries": ("actor", "action", "entity", "entity_id"),
    "candidate_calls": ("slug", "title"),
    "lesson_attachments": ("filename",),
    "lesson_tags": ("tag",),
    "lesson_themes": ("title",),
    "lessons": ("title",),
    "milestones": ("title",),
    "modalities": ("slug", "name", "table_label"),
    "news_items": ("title", "url"),
    "organizations": ("name", "country"),
    "outbound_messages": ("recipient_email", "subject"),
    "outcome_records": ("actor", "place", "confirmed_by"),
    "partnership_activities": ("title",),
    "partnership_calls": ("slug", "title"),
    "partnerships": ("slug", "title", "stedenband_url"),
    "programmes": ("slug", "title"),
    "review_criteria": ("title",),
    "review_rounds": ("title", "deliverable"),
    "review_scores": ("location",),
    "review_submission_versions": ("filename",),
    "sessions": ("title", "location", "online_url"),
    "steering_groups": ("slug", "name"),
    "toolkit_items": ("group", "title", "who"),
    "toolkits": ("title",),
    "tracks": ("slug", "title"),
    "users": ("email", "name"),
}
# Typed in a text area, stored in a short text column: tabs and line breaks stay.
MULTI_LINE = {
    "review_assignments": ("decline_reason",),
    "review_conflicts": ("note",),
}
MACHINE_MADE = {
    "api_tokens": ("token_hash", "prefix"),
    "lesson_attachments": ("stored_name", "kind"),
    "milestones": ("key",),
    "news_items": ("key",),
    "outbound_messages": (
        "idempotency_key",
        "kind",
        "locale",
        "ical_method",
        "unsubscribe_scope",
        "about",
        "about_version",
        "message_id",
    ),
    "review_submission_versions": ("stored_name", "kind", "sha256"),
    "sessions": ("uid",),
    "toolkits": ("language",),
    "users": ("locale", "password_hash", "calendar_salt", "calendar_token_hash"),
}
# Unique columns and their length: a cleaned value that another row already has gets " (2)".
UNIQUE = {
    ("candidate_calls", "slug"): 80,
    ("modalities", "slug"): 80,
    ("organizations", "name"): 200,
    ("partnership_calls", "slug"): 80,
    ("partnerships", "slug"): 80,
    ("programmes", "slug"): 80,
    ("steering_groups", "slug"): 80,
    ("tracks", "slug"): 80,
    ("users", "email"): 254,
}

SINGLE_LINE_CHARACTERS = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
MULTI_LINE_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"


def _pattern(characters: str, postgresql: bool) -> str:
    # PostgreSQL text never holds NUL (and refuses it in a pattern).
    return "[" + (characters.replace("\x00", "\x01") if postgresql else characters) + "]"


def upgrade():
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    if not postgresql:
        driver = bind.connection.driver_connection
        for name, characters in (
            ("lmb_single_line_dirty", SINGLE_LINE_CHARACTERS),
            ("lmb_multi_line_dirty", MULTI_LINE_CHARACTERS),
        ):
            found = re.compile(_pattern(characters, False)).search
            driver.create_function(
                name, 1, lambda v, found=found: int(v is not None and bool(found(v)))
            )
    for lists, multiline in ((SINGLE_LINE, False), (MULTI_LINE, True)):
        for table, columns in lists.items():
            for column in columns:
                _clean(bind, table, column, multiline, postgresql)


def _clean(bind, table: str, column: str, multiline: bool, postgresql: bool) -> None:
    characters = MULTI_LINE_CHARACTERS if multiline else SINGLE_LINE_CHARACTERS
    rows = sa.table(table, sa.column(column), sa.column("lesson_id"))
    value = rows.c[column]
    if postgresql:
        dirty = value.op("~")(_pattern(characters, True))
    else:
        dirty = (
            getattr(sa.func, "lmb_multi_line_dirty" if multiline else "lmb_single_line_dirty")(
                value
            )
            == 1
        )
    forbidden = re.compile(_pattern(characters, False))
    for old in bind.execute(sa.select(value).where(dirty).distinct()).scalars().all():
        new = forbidden.sub(" ", old)
        if not multiline:
            new = new.strip()
        if table == "lesson_tags":
            _clean_tag(bind, rows, old, new)
            continue
        length = UNIQUE.get((table, column))
        if length is not None:
            new = _free(bind, rows, value, new, length)
        bind.execute(sa.update(rows).where(value == old).values({column: new}))


def _free(bind, rows, value, wanted: str, length: int) -> str:
    candidate, number = wanted[:length], 1
    while bind.execute(sa.select(sa.func.count()).where(value == candidate)).scalar():
        number += 1
        suffix = f" ({number})"
        candidate = wanted[: length - len(suffix)] + suffix
    return candidate


def _clean_tag(bind, rows, old: str, new: str) -> None:
    """A lesson's tags are its key: a cleaned tag it already has is dropped, not doubled."""
    tag, lesson = rows.c.tag, rows.c.lesson_id
    for lesson_id in bind.execute(sa.select(lesson).where(tag == old)).scalars().all():
        has_it = bind.execute(
            sa.select(sa.func.count()).where(lesson == lesson_id, tag == new)
        ).scalar()
        where = sa.and_(lesson == lesson_id, tag == old)
        if has_it or not new:
            bind.execute(sa.delete(rows).where(where))
        else:
            bind.execute(sa.update(rows).where(where).values(tag=new))


def downgrade():
    # What was cleaned cannot be made dirty again, and need not be.
    pass
