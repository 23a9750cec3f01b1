"""Conditional GETs of the feeds: validators from the version stamp, and the personal feed's
304 answered before Flask.

Calendar software asks for a feed every hour or so, nearly always to hear that nothing
changed. The validator of a feed (`Validator`) comes from the version stamp
(lmb.scheduling.stamps) and what else its bytes depend on, never from its bytes, so answering
"not modified" needs no feed. For a person's feed, `ConditionalFeeds` does it as the request
arrives: one statement finds the person behind the address and the stamp, and a 304 leaves
without a request context, session or template. Anything else (no validator sent, a changed
feed, an unknown address, a database error) goes on to the view, which builds and sends the
feed with the same validator (`lmb.scheduling.views`).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from werkzeug.http import http_date, is_resource_modified, quote_etag

from lmb.accounts.auth import token_digest
from lmb.accounts.models import User
from lmb.core.cache import accepts_gzip
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.scheduling import stamps
from lmb.scheduling.models import FeedVersion

PRIVATE = "private, max-age=0, must-revalidate"
PUBLIC = "public, max-age=300"


class Validator(NamedTuple):
    etag: str
    last_modified: datetime | None

    def headers(self, cache_control: str) -> list[tuple[str, str]]:
        """What a 200 and a 304 of the feed both carry."""
        found = [("ETag", quote_etag(self.etag)), ("Cache-Control", cache_control)]
        if self.last_modified is not None:
            found.append(("Last-Modified", http_date(self.last_modified)))
        found.append(("Vary", "Accept-Encoding"))
        return found

    def holds_for(self, environ) -> bool:
        """The reader already has this feed (If-None-Match, else If-Modified-Since)."""
        return not is_resource_modified(environ, etag=self.etag, last_modified=self.last_modified)


def validator(
    scope: str,
    *,
    version: int,
    changed_at: datetime | None,
    now: datetime,
    locale: str,
    gzipped: bool,
    config,
) -> Validator:
    """The validator of one feed (`scope`) at the stamp's `version`, for a reader of `locale`
    asking `gzipped` or not; `config` the app's settings."""
    day = stamps.feed_day(now, ZoneInfo(config["TIMEZONE"]))
    settings = (config["BASE_URL"], config["MAIL_DEFAULT_SENDER"])
    tag = stamps.feed_tag(scope, version=version, day=day, parts=(locale, *settings, gzipped))
    return Validator(tag, stamps.last_modified(changed_at, day, now))


def personal_scope(user_id: int, salt: str | None) -> str:
    """A person's feed, at its current address (a new address is a new feed)."""
    return f"user:{user_id}:{salt}"


# The person behind a feed address and the stamp, in one statement.
_PERSON_AND_STAMP = (
    select(
        User.id,
        User.calendar_salt,
        User.locale,
        User.active,
        FeedVersion.version,
        FeedVersion.changed_at,
    )
    .select_from(User)
    .outerjoin(FeedVersion, FeedVersion.id == 1)
    .where(User.calendar_token_hash == bindparam("digest"))
)
_PERSONAL_FEED = re.compile(r"/calendar/([A-Za-z0-9_.~-]{1,200})\.ics")
_CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


class ConditionalFeeds:
    """WSGI middleware: a person's feed answered 304 when the reader's validator holds."""

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.engine = None  # the app's engine, found on the first conditional request

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and any(
            name in environ for name in _CONDITIONS
        ):
            match = _PERSONAL_FEED.fullmatch(environ.get("PATH_INFO", ""))
            headers = self._not_modified(environ, match.group(1)) if match else None
            if headers is not None:
                start_response("304 NOT MODIFIED", headers)
                return []
        return self.wsgi_app(environ, start_response)

    def _not_modified(self, environ, token: str) -> list[tuple[str, str]] | None:
        try:
            if self.engine is None:
                with self.app.app_context():
                    self.engine = db.engine
            # One statement, no transaction around it: nothing is written.
            connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            with connection:
                row = connection.execute(_PERSON_AND_STAMP, {"digest": token_digest(token)}).first()
        except Exception:  # noqa: BLE001 - the view answers, and reports what went wrong
            return None
        if row is None or not row.active:
            return None
        found = validator(
            personal_scope(row.id, row.calendar_salt),
            version=row.version or 0,
            changed_at=row.changed_at,
            now=utcnow(),
            locale=row.locale,
            gzipped=accepts_gzip(environ),
            config=self.app.config,
        )
        return found.headers(PRIVATE) if found.holds_for(environ) else None


def init_app(app) -> None:
    app.wsgi_app = ConditionalFeeds(app, app.wsgi_app)
