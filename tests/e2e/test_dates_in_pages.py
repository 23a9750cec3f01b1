"""Dates on the main pages of the demo world, as each role, in both languages (issue 14): never
a time with seconds or an ISO timestamp in the text a person reads, and every list of
sessions shows when each one ends."""

import re

import lxml.html
import pytest
from sqlalchemy import func, select

from lmb.extensions import db
from tests.e2e.test_crawl import _pages

SECONDS = re.compile(r"\d:\d\d:\d\d")
ISO = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
# "do 14 jan 2027, 9.30–12.30 uur" / "Thu 14 Jan 2027, 9:30–12:30"
SPAN = {
    "nl": re.compile(r"\b\w{2} \d{1,2} \w{3} \d{4}, \d{1,2}\.\d\d–\d{1,2}\.\d\d uur"),
    "en": re.compile(r"\b\w{3} \d{1,2} \w{3} \d{4}, \d{1,2}:\d\d–\d{1,2}:\d\d"),
}
# The pages that list sessions, as who sees them ("track" stands for the demo's first track).
SESSION_PAGES = {
    ("participant", "/agenda"),
    ("participant", "/overview"),
    ("anonymous", "/tracks/{track}"),
    ("coordinator", "/tracks/{track}/manage"),
}


def _text(html: str) -> str:
    tree = lxml.html.document_fromstring(html)
    return " ".join(tree.body.text_content().split())


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_pages_write_dates_without_seconds_and_sessions_with_their_end(app, seeded, locale):
    from lmb.scheduling.models import Session
    from lmb.tracks.models import Track

    wrong, spans = [], {}
    for role, path, status, html in _pages(app, locale):
        assert status == 200, f"{role} {path}: {status}"
        text = _text(html)
        for pattern in (SECONDS, ISO):
            found = pattern.search(text)
            if found:
                wrong.append(f"{role} {path}: {found.group(0)!r}")
        spans[role, path] = SPAN[locale].findall(text)
    assert not wrong, "times with seconds or ISO timestamps:\n" + "\n".join(wrong)

    with app.app_context():
        track_id, slug = db.session.execute(
            select(Track.id, Track.slug).where(Track.number == 1).order_by(Track.id)
        ).first()
        sessions = db.session.scalar(
            select(func.count(Session.id)).where(Session.track_id == track_id)
        )
    assert sessions > 0
    for role, pattern in SESSION_PAGES:
        path = pattern.format(track=slug)
        assert spans[role, path], f"{role} {path} shows no session with its start and end"
    # The track's pages list every one of its sessions with its end.
    assert len(spans["anonymous", f"/tracks/{slug}"]) >= sessions
    assert len(spans["coordinator", f"/tracks/{slug}/manage"]) >= sessions
