"""Registrations through the API: people register themselves; places, the waiting list, cancelling."""

from datetime import datetime, timedelta

import pytest

from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.tracks.models import Track
from tests.api.conftest import ROLES

REGISTER = "/api/v1/tracks/testtraject/registrations"


def register(world, who):
    return world.post(REGISTER, who)


def counts(world, slug="testtraject"):
    track = world.get(f"/api/v1/tracks/{slug}").get_json()
    return track["confirmed_count"], track["waitlist_count"]


def fill_the_track(app, world):
    """The track's two places go to `first` and `second`; `third` and `fourth` wait."""
    ids = {}
    for who in ("first", "second", "third", "fourth"):
        world.add_person(app, who)
        ids[who] = register(world, who).get_json()["id"]
    return ids


def move_track(app, **values):
    with app.app_context():
        track = db.session.scalar(db.select(Track).where(Track.slug == "testtraject"))
        for name, value in values.items():
            setattr(track, name, value)
        db.session.commit()
        db.session.remove()


# Registering


def test_registering_confirms_while_places_are_left(world):
    response = register(world, "participant")
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "confirmed" and body["waitlist_position"] is None
    assert isinstance(body["id"], int)
    assert counts(world) == (1, 0)


def test_a_full_track_puts_the_next_person_on_the_waiting_list(app, world):
    for who in ("first", "second", "third", "fourth"):
        world.add_person(app, who)
    assert [register(world, w).get_json()["status"] for w in ("first", "second")] == [
        "confirmed",
        "confirmed",
    ]
    third, fourth = register(world, "third"), register(world, "fourth")
    assert third.status_code == fourth.status_code == 201
    assert third.get_json()["status"] == "waitlisted"
    assert third.get_json()["waitlist_position"] == 1
    assert fourth.get_json()["waitlist_position"] == 2
    assert counts(world) == (2, 2)


def test_registering_twice_is_a_conflict(world):
    assert register(world, "participant").status_code == 201
    again = register(world, "participant")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "conflict"
    assert counts(world) == (1, 0)


def test_registering_is_refused_before_registration_opens(app, world):
    move_track(app, registration_opens_at=utcnow() + timedelta(days=1))
    response = register(world, "participant")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "registration_closed"
    assert counts(world) == (0, 0)


def test_registering_is_refused_after_registration_closes(app, world):
    move_track(
        app,
        registration_opens_at=utcnow() - timedelta(days=30),
        registration_closes_at=utcnow() - timedelta(days=1),
    )
    response = register(world, "participant")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "registration_closed"


def test_a_track_without_a_registration_window_is_closed(world):
    response = world.post("/api/v1/tracks/andertraject/registrations", "participant")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "registration_closed"


def test_registering_needs_a_valid_token(world):
    for headers in ({}, {"Authorization": "Bearer lmb_nonsense"}, {"Authorization": "Basic x"}):
        response = world.client.post(REGISTER, headers=headers)
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"
    assert counts(world) == (0, 0)


def test_registering_for_an_unknown_track_is_a_json_404(world):
    response = world.post("/api/v1/tracks/bestaat-niet/registrations", "participant")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_after_cancelling_a_person_can_register_again(world):
    first = register(world, "participant").get_json()["id"]
    world.post(f"/api/v1/registrations/{first}/cancel", "participant")
    again = register(world, "participant")
    assert again.status_code == 201 and again.get_json()["id"] != first


# The list for coordinators


def test_coordinators_see_who_registered_with_organization_and_place_in_line(app, world):
    fill_the_track(app, world)
    response = world.get(REGISTER, "coordinator")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 4 and body["page"] == 1
    assert [r["status"] for r in body["items"]] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert [r["waitlist_position"] for r in body["items"]] == [None, None, 1, 2]
    third = body["items"][2]
    assert third["user"] == {
        "id": world.user_ids["third"],
        "name": "Third",
        "email": "third@example.org",
    }
    assert third["organization"]["name"] == "Stad Roeselare"
    assert third["function"] == "other"
    assert datetime.fromisoformat(third["created_at"]).utcoffset() is not None


def test_the_registration_list_is_filtered_by_status_and_paginated(app, world):
    ids = fill_the_track(app, world)
    world.post(f"/api/v1/registrations/{ids['fourth']}/cancel", "fourth")
    waiting = world.get(f"{REGISTER}?status=waitlisted", "admin").get_json()
    assert [r["id"] for r in waiting["items"]] == [ids["third"]]
    cancelled = world.get(f"{REGISTER}?status=cancelled", "admin").get_json()
    assert [r["id"] for r in cancelled["items"]] == [ids["fourth"]]
    assert cancelled["items"][0]["waitlist_position"] is None
    page = world.get(f"{REGISTER}?per_page=2&page=2", "admin").get_json()
    assert page["total"] == 3 and [r["id"] for r in page["items"]] == [ids["third"]]


@pytest.mark.parametrize("query", ["status=maybe", "page=0", "per_page=500"])
def test_bad_arguments_to_the_registration_list_are_a_json_422(world, query):
    response = world.get(f"{REGISTER}?{query}", "coordinator")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unprocessable_entity"


@pytest.mark.parametrize("who", ROLES)
def test_only_the_tracks_coordinators_and_admins_see_its_registrations(world, who):
    register(world, "participant")
    response = world.get(REGISTER, who)
    expected = {"anonymous": 401, "participant": 403, "other_coordinator": 403}.get(who, 200)
    assert response.status_code == expected
    if expected == 200:
        assert response.get_json()["total"] == 1
    else:
        assert "items" not in response.get_json()
        assert response.get_json()["error"]["code"] in ("unauthorized", "forbidden")


# Cancelling


def test_cancelling_promotes_the_first_on_the_waiting_list(app, world):
    ids = fill_the_track(app, world)
    response = world.post(f"/api/v1/registrations/{ids['first']}/cancel", "first")
    assert response.status_code == 200
    assert response.get_json() == {
        "id": ids["first"],
        "status": "cancelled",
        "promoted": [ids["third"]],
    }
    assert counts(world) == (2, 1)
    waiting = world.get(f"{REGISTER}?status=waitlisted", "coordinator").get_json()["items"]
    assert [(r["id"], r["waitlist_position"]) for r in waiting] == [(ids["fourth"], 1)]


def test_leaving_the_waiting_list_promotes_nobody_and_closes_the_gap(app, world):
    ids = fill_the_track(app, world)
    response = world.post(f"/api/v1/registrations/{ids['third']}/cancel", "third")
    assert response.get_json()["promoted"] == []
    assert counts(world) == (2, 1)
    waiting = world.get(f"{REGISTER}?status=waitlisted", "coordinator").get_json()["items"]
    assert [(r["id"], r["waitlist_position"]) for r in waiting] == [(ids["fourth"], 1)]


def test_cancelling_twice_changes_nothing(world):
    registration = register(world, "participant").get_json()["id"]
    path = f"/api/v1/registrations/{registration}/cancel"
    assert world.post(path, "participant").status_code == 200
    again = world.post(path, "participant")
    assert again.status_code == 200
    assert again.get_json() == {"id": registration, "status": "cancelled", "promoted": []}


@pytest.mark.parametrize("who", [*ROLES, "the_person", "someone_else"])
def test_the_person_the_tracks_coordinators_and_admins_cancel_a_registration(app, world, who):
    world.add_person(app, "the_person")
    world.add_person(app, "someone_else")
    registration = register(world, "the_person").get_json()["id"]
    response = world.post(f"/api/v1/registrations/{registration}/cancel", who)
    expected = {
        "anonymous": 401,
        "participant": 403,
        "someone_else": 403,
        "other_coordinator": 403,
    }.get(who, 200)
    assert response.status_code == expected
    assert counts(world) == ((0, 0) if expected == 200 else (1, 0))


def test_once_the_track_has_started_only_coordinators_cancel(app, world):
    registration = register(world, "participant").get_json()["id"]
    with app.app_context():
        track = db.session.scalar(db.select(Track).where(Track.slug == "testtraject"))
        for phase in track.phases:
            phase.starts_on -= timedelta(days=120)
        db.session.commit()
        db.session.remove()
    path = f"/api/v1/registrations/{registration}/cancel"
    refused = world.post(path, "participant")
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "forbidden"
    assert world.post(path, "coordinator").status_code == 200


@pytest.mark.parametrize("registration_id", ["424242", str(2**31), "0", "abc"])
def test_cancelling_an_unknown_registration_is_a_json_404(world, registration_id):
    response = world.post(f"/api/v1/registrations/{registration_id}/cancel", "admin")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
