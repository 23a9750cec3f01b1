"""`lmb seed --demo` (issue 16): demo data is flagged and says "Demo" on the pages that show
it, and it never contradicts the documents (no demo date outside its programme's years, no
partnership between real municipalities the documents do not pair)."""

from pathlib import Path

import lxml.html
import sqlalchemy as sa

from lmb.extensions import db
from tests.tracks.test_seed import run_seed

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# Pairs of municipalities document 002 names (stedenbanden).
DOCUMENT_PAIRS = {("Stad Roeselare", "Dogbo"), ("Stad Oostende", "Banjul")}


def _documents() -> str:
    return " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in SEEDS.glob("*.txt"))


def _labels(html: str) -> list[str]:
    tree = lxml.html.document_fromstring(html)
    return [" ".join(e.text_content().split()) for e in tree.find_class("demo-label")]


def _banner(html: str) -> bool:
    return bool(lxml.html.document_fromstring(html).find_class("demo-banner"))


def test_demo_data_is_flagged_and_within_the_documents(app):
    from lmb.accounts.models import Organization
    from lmb.partnerships.models import Partnership
    from lmb.tracks.models import Programme, Track

    run_seed(app, "--demo")
    with app.app_context():
        demo_tracks = db.session.scalars(sa.select(Track).where(Track.is_demo)).all()
        assert demo_tracks and all(t.programme.is_demo for t in demo_tracks)
        # No track of a documented programme is demo, and none has invented phases.
        for track in db.session.scalars(sa.select(Track).where(~Track.is_demo)):
            assert not track.programme.is_demo and track.phases == []
        # Every phase and every track session lies within its programme's years.
        for track in db.session.scalars(sa.select(Track)):
            first, last = track.programme.starts_on, track.programme.ends_on
            for phase in track.phases:
                assert first <= phase.starts_on <= phase.ends_on <= last, track.slug
            for session in track.sessions:
                assert session.is_demo and session.title.startswith("Demo"), session.title
                assert first.year <= session.starts_at.year <= last.year, session.title
        documented = {
            p.slug: (p.starts_on, p.ends_on)
            for p in db.session.scalars(sa.select(Programme).where(~Programme.is_demo))
        }
        assert set(documented) == {
            "lokaal-mondiaal-beleid-in-de-praktijk",
            "gemeentelijke-ontwikkelingssamenwerking-2017-2019",
            "sdg-partnerschappen",
        }

        documents = _documents()
        partnerships = db.session.scalars(sa.select(Partnership)).all()
        assert partnerships
        for p in partnerships:
            assert p.is_demo and p.title.startswith("Demo:")
            pair = (p.flemish_municipality.name, p.partner_municipality.name)
            invented = all(
                name.split()[-1] not in documents for name in pair
            )  # "Gemeente Voorbeeldegem" → "Voorbeeldegem"
            assert pair in DOCUMENT_PAIRS or invented, pair
            invented_names = [n for n in pair if n.split()[-1] not in documents]
            for name in invented_names:
                assert db.session.scalar(
                    sa.select(Organization).where(Organization.name == name)
                ).is_demo
        assert db.session.scalar(
            sa.select(Organization.is_demo).where(Organization.name == "Dogbo")
        )
        demo_track = demo_tracks[0]
        slugs = {
            "track": demo_track.slug,
            "programme": demo_track.programme.slug,
            "partnership": partnerships[0].slug,
        }

    browser = app.test_client()
    page = browser.get(f"/tracks/{slugs['track']}").get_data(as_text=True)
    assert _banner(page) and "Demo" in _labels(page)[0]
    # The visible label says in words what it means to a screen reader too.
    assert "niet uit de documenten van de VVSG" in _labels(page)[0]
    page = browser.get(f"/programmes/{slugs['programme']}").get_data(as_text=True)
    assert _banner(page)
    assert _labels(browser.get("/tracks/").get_data(as_text=True))
    assert _labels(browser.get("/").get_data(as_text=True))
    # The documented programmes and tracks carry no demo mark.
    page = browser.get("/programmes/lokaal-mondiaal-beleid-in-de-praktijk").get_data(as_text=True)
    assert not _banner(page) and not _labels(page)
    # A documented track: no banner; its demo sessions (one per function) each say "Demo".
    page = browser.get("/tracks/participatie").get_data(as_text=True)
    assert not _banner(page) and len(_labels(page)) == 3

    page = browser.get("/account/login").get_data(as_text=True)
    token = lxml.html.document_fromstring(page).xpath("//input[@name='csrf_token']/@value")[0]
    browser.post(
        "/account/login",
        data={"email": "admin@example.org", "password": "demo-wachtwoord", "csrf_token": token},
    )
    page = browser.get(f"/partnerships/{slugs['partnership']}").get_data(as_text=True)
    assert _banner(page)
    assert _labels(browser.get("/partnerships/").get_data(as_text=True))
    assert _labels(browser.get("/admin/organizations").get_data(as_text=True))
    # The demo's people, registered on a documented track: their organization says "Demo".
    page = browser.get("/tracks/participatie/manage").get_data(as_text=True)
    assert len(_labels(page)) >= 1 and not _banner(page)
