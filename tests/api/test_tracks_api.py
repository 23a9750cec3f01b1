"""GET /api/v1/tracks and /api/v1/tracks/{slug}, and the OpenAPI document."""

from datetime import date, datetime, time

from tests.tracks.test_seed import TRACK_TITLES


def test_tracks_are_listed_with_the_contract_fields(browser, seeded):
    body = browser.get("/api/v1/tracks").get_json()
    assert body["total"] == 7 and body["page"] == 1
    assert [t["title"] for t in body["items"]] == TRACK_TITLES
    track = body["items"][0]
    for field in (
        "slug",
        "title",
        "programme",
        "status",
        "current_phase",
        "registration_opens_at",
        "registration_closes_at",
        "capacity",
        "confirmed_count",
        "waitlist_count",
    ):
        assert field in track
    assert track["programme"] == "lokaal-mondiaal-beleid-in-de-praktijk"
    # The documents give no registration window: null, not an invented date.
    assert track["registration_opens_at"] is None and track["capacity"] is None
    assert track["is_demo"] is False


def test_a_registration_window_is_given_with_its_offset(browser, seeded, app):
    from lmb.core.timezones import local_datetime
    from lmb.extensions import db
    from lmb.tracks.models import Track

    with app.app_context():
        track = db.session.scalar(db.select(Track).where(Track.number == 1))
        track.registration_opens_at = local_datetime(date(2016, 2, 15), time(9))
        track.registration_closes_at = local_datetime(date(2016, 3, 25), time(17))
        db.session.commit()
    track = browser.get("/api/v1/tracks").get_json()["items"][0]
    assert datetime.fromisoformat(track["registration_opens_at"]).utcoffset() is not None


def test_tracks_are_paginated(browser, seeded):
    body = browser.get("/api/v1/tracks?page=2&per_page=3").get_json()
    assert body["total"] == 7 and len(body["items"]) == 3
    assert body["items"][0]["title"] == TRACK_TITLES[3]


def test_bad_paging_is_a_json_422(browser, seeded):
    for query in ("page=0", "per_page=101", "page=abc"):
        response = browser.get(f"/api/v1/tracks?{query}")
        assert response.status_code == 422
        assert response.get_json()["error"]["code"]


def test_one_track_with_its_phases(browser, seeded):
    body = browser.get("/api/v1/tracks/participatie").get_json()
    assert body["title"] == "Participatie"
    assert [p["key"] for p in body["phases"]] == ["labo", "voedingsbodem", "uitrol"]
    # Not decided yet: the documents give no track's phase dates.
    assert all(p["starts_on"] is None and p["ends_on"] is None for p in body["phases"])
    missing = browser.get("/api/v1/tracks/bestaat-niet")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"


def test_openapi_document_describes_the_endpoints(browser):
    spec = browser.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/me", "/api/v1/tracks", "/api/v1/tracks/{slug}"} <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "error" in spec["components"]["schemas"]["Error"]["properties"]
