"""Sessions through the API: anyone reads them; a track's coordinators plan, move and cancel."""

from datetime import datetime, timedelta

import pytest

from tests.api.conftest import ROLES

NEW_SESSION = {
    "title": "Voedingsbodem: terugkoppeling",
    "phase": "voedingsbodem",
    "starts_at": "2027-03-04T13:30:00+01:00",
    "ends_at": "2027-03-04T16:30:00+01:00",
    "location": "Stadhuis Roeselare",
}


def sessions_of(world, slug="testtraject", query=""):
    response = world.get(f"/api/v1/tracks/{slug}/sessions{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# Reading


def test_anyone_lists_a_tracks_sessions_with_the_contract_fields(world):
    body = sessions_of(world)
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 25
    session = body["items"][0]
    assert session["id"] == world.session_id
    assert session["title"] == "Labo: startbijeenkomst"
    assert session["phase"] == "labo"
    assert session["location"].startswith("VVSG")
    assert session["online_url"] == ""
    assert session["status"] == "scheduled"
    assert session["sequence"] == 0
    starts, ends = (datetime.fromisoformat(session[k]) for k in ("starts_at", "ends_at"))
    assert starts.utcoffset() is not None and ends - starts == timedelta(hours=3)


def test_sessions_are_listed_earliest_first_and_paginated(world):
    for day in (20, 10, 30):
        response = world.post(
            "/api/v1/tracks/testtraject/sessions",
            "coordinator",
            {
                **NEW_SESSION,
                "title": f"Dag {day}",
                "starts_at": f"2027-05-{day}T10:00:00+02:00",
                "ends_at": f"2027-05-{day}T12:00:00+02:00",
            },
        )
        assert response.status_code == 201
    everything = sessions_of(world)
    assert everything["total"] == 4
    assert [s["title"] for s in everything["items"][1:]] == ["Dag 10", "Dag 20", "Dag 30"]
    second_page = sessions_of(world, query="?page=2&per_page=3")
    assert second_page["total"] == 4 and [s["title"] for s in second_page["items"]] == ["Dag 30"]


def test_a_track_without_sessions_has_an_empty_list(world):
    assert sessions_of(world, "andertraject") == {
        "items": [],
        "total": 0,
        "page": 1,
        "per_page": 25,
    }


@pytest.mark.parametrize("query", ["page=0", "per_page=101", "per_page=many"])
def test_bad_paging_of_sessions_is_a_json_422(world, query):
    response = world.get(f"/api/v1/tracks/testtraject/sessions?{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unprocessable_entity"


def test_the_sessions_of_an_unknown_track_are_a_json_404(world):
    response = world.get("/api/v1/tracks/bestaat-niet/sessions")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


# Planning


def test_a_coordinator_plans_a_session_that_everyone_then_sees(world):
    response = world.post(
        "/api/v1/tracks/testtraject/sessions",
        "coordinator",
        {**NEW_SESSION, "agenda": "1. Welkom", "capacity": 12},
    )
    assert response.status_code == 201
    session = response.get_json()
    assert session["title"] == NEW_SESSION["title"] and session["phase"] == "voedingsbodem"
    assert session["agenda"] == "1. Welkom" and session["capacity"] == 12
    assert session["status"] == "scheduled" and session["sequence"] == 0
    assert datetime.fromisoformat(session["starts_at"]) == datetime.fromisoformat(
        NEW_SESSION["starts_at"]
    )
    assert session["id"] in [s["id"] for s in sessions_of(world)["items"]]


def test_an_online_session_needs_no_place(world):
    online = {**NEW_SESSION, "online_url": "https://meet.example.org/lmb"}
    del online["location"]
    response = world.post("/api/v1/tracks/testtraject/sessions", "coordinator", online)
    assert response.status_code == 201
    assert response.get_json()["online_url"] == "https://meet.example.org/lmb"
    assert response.get_json()["location"] == ""


def test_a_session_needs_a_place_or_an_online_link(world):
    nowhere = {k: v for k, v in NEW_SESSION.items() if k != "location"}
    response = world.post("/api/v1/tracks/testtraject/sessions", "coordinator", nowhere)
    assert response.status_code == 422
    assert "location" in response.get_json()["error"]["details"]["json"]


def test_a_time_without_its_offset_is_refused_with_a_clear_message(world):
    response = world.post(
        "/api/v1/tracks/testtraject/sessions",
        "coordinator",
        {**NEW_SESSION, "starts_at": "2027-03-04T13:30:00"},
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "unprocessable_entity"
    [message] = error["details"]["json"]["starts_at"]
    assert "offset" in message or "UTC" in message
    assert sessions_of(world)["total"] == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"title": ""},
        {"title": "   "},
        {"title": "x" * 201},
        {"title": 42},
        {"phase": "brainstorm"},
        {"phase": None},
        {"starts_at": "morgen"},
        {"starts_at": "2027-13-45T10:00:00+01:00"},
        {"starts_at": 1700000000},
        {"starts_at": "0001-01-01T00:00:00+01:00"},
        {"ends_at": "9999-12-31T23:59:59-05:00"},
        {"ends_at": "2027-03-04T12:00:00+01:00"},
        {"ends_at": NEW_SESSION["starts_at"]},
        {"online_url": "javascript:alert(1)"},
        {"location": "x" * 301},
        {"location": "Zaal\x00A"},
        {"capacity": 0},
        {"capacity": "twelve"},
        {"capacity": 10**12},
        {"unknown": "field"},
    ],
    ids=repr,
)
def test_bad_input_for_a_new_session_is_a_json_422_never_a_500(world, changes):
    body = {**NEW_SESSION, **changes}
    response = world.post("/api/v1/tracks/testtraject/sessions", "coordinator", body)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["message"]
    assert sessions_of(world)["total"] == 1


@pytest.mark.parametrize("field", ["title", "phase", "starts_at", "ends_at"])
def test_a_new_session_without_a_required_field_is_a_json_422(world, field):
    body = {k: v for k, v in NEW_SESSION.items() if k != field}
    response = world.post("/api/v1/tracks/testtraject/sessions", "coordinator", body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["details"]["json"]


@pytest.mark.parametrize("body", ["not json", "[1, 2]", "null", ""])
def test_a_body_that_is_not_a_json_object_is_refused_as_json(world, body):
    response = world.client.post(
        "/api/v1/tracks/testtraject/sessions",
        headers={**world.headers("coordinator"), "Content-Type": "application/json"},
        data=body,
    )
    assert response.status_code in (400, 422)
    assert response.get_json()["error"]["code"]


# Moving, editing, cancelling


def test_moving_a_session_raises_its_sequence(world):
    response = world.patch(
        f"/api/v1/sessions/{world.session_id}",
        "coordinator",
        {"starts_at": "2027-02-01T09:00:00+01:00", "ends_at": "2027-02-01T12:00:00+01:00"},
    )
    assert response.status_code == 200
    session = response.get_json()
    assert session["sequence"] == 1
    assert datetime.fromisoformat(session["starts_at"]) == datetime.fromisoformat(
        "2027-02-01T08:00:00+00:00"
    )
    assert sessions_of(world)["items"][0]["sequence"] == 1


def test_a_new_place_or_title_raises_the_sequence_again(world):
    path = f"/api/v1/sessions/{world.session_id}"
    assert world.patch(path, "coordinator", {"location": "Gent"}).get_json()["sequence"] == 1
    renamed = world.patch(path, "admin", {"title": "Labo: aftrap"}).get_json()
    assert renamed["sequence"] == 2 and renamed["title"] == "Labo: aftrap"
    assert renamed["location"] == "Gent"


def test_a_new_agenda_alone_keeps_the_sequence(world):
    response = world.patch(
        f"/api/v1/sessions/{world.session_id}", "coordinator", {"agenda": "Koffie om 13u30"}
    )
    assert response.status_code == 200
    assert response.get_json()["agenda"] == "Koffie om 13u30"
    assert response.get_json()["sequence"] == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"ends_at": "2020-01-01T10:00:00+01:00"},
        {"starts_at": "2030-01-01T10:00:00+01:00"},
        {"starts_at": "2027-02-01T09:00:00"},
        {"title": ""},
        {"title": None},
        {"online_url": "ftp://files.example.org"},
        {"sequence": 7},
    ],
    ids=repr,
)
def test_a_session_cannot_be_moved_into_nonsense(world, changes):
    response = world.patch(f"/api/v1/sessions/{world.session_id}", "coordinator", changes)
    assert response.status_code == 422, response.get_json()
    assert sessions_of(world)["items"][0]["sequence"] == 0


def test_a_cancelled_session_stays_listed_as_cancelled_and_cannot_be_moved(world):
    path = f"/api/v1/sessions/{world.session_id}"
    response = world.post(f"{path}/cancel", "coordinator")
    assert response.status_code == 200
    assert response.get_json()["status"] == "cancelled"
    assert response.get_json()["sequence"] == 1
    assert sessions_of(world)["items"][0]["status"] == "cancelled"
    # Cancelling again changes nothing.
    assert world.post(f"{path}/cancel", "admin").get_json()["sequence"] == 1
    moved = world.patch(path, "coordinator", {"location": "Gent"})
    assert moved.status_code == 422
    assert moved.get_json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("session_id", ["999999", str(2**31), str(2**64), "0"])
def test_unknown_sessions_are_a_json_404(world, session_id):
    for response in (
        world.patch(f"/api/v1/sessions/{session_id}", "admin", {"title": "X"}),
        world.post(f"/api/v1/sessions/{session_id}/cancel", "admin"),
    ):
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"


# Who may


EXPECTED = {
    "anonymous": 401,
    "participant": 403,
    "other_coordinator": 403,
    "coordinator": None,  # success
    "admin": None,
}


@pytest.mark.parametrize("who", ROLES)
def test_only_the_tracks_coordinators_and_admins_plan_sessions(world, who):
    response = world.post("/api/v1/tracks/testtraject/sessions", who, NEW_SESSION)
    assert response.status_code == (EXPECTED[who] or 201)
    if EXPECTED[who]:
        assert response.get_json()["error"]["code"] in ("unauthorized", "forbidden")
        assert sessions_of(world)["total"] == 1


@pytest.mark.parametrize("who", ROLES)
def test_only_the_tracks_coordinators_and_admins_move_sessions(world, who):
    response = world.patch(f"/api/v1/sessions/{world.session_id}", who, {"location": "Gent"})
    assert response.status_code == (EXPECTED[who] or 200)
    expected_location = "Gent" if EXPECTED[who] is None else "VVSG"
    assert sessions_of(world)["items"][0]["location"].startswith(expected_location)


@pytest.mark.parametrize("who", ROLES)
def test_only_the_tracks_coordinators_and_admins_cancel_sessions(world, who):
    response = world.post(f"/api/v1/sessions/{world.session_id}/cancel", who)
    assert response.status_code == (EXPECTED[who] or 200)
    expected_status = "cancelled" if EXPECTED[who] is None else "scheduled"
    assert sessions_of(world)["items"][0]["status"] == expected_status


def test_a_bad_token_is_a_json_401(world):
    response = world.client.post(
        f"/api/v1/sessions/{world.session_id}/cancel",
        headers={"Authorization": "Bearer lmb_not-a-real-token"},
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_without_a_token_even_bad_input_is_a_401(world):
    for response in (
        world.post("/api/v1/tracks/testtraject/sessions", "anonymous", {"title": 5}),
        world.patch(f"/api/v1/sessions/{world.session_id}", "anonymous", {"starts_at": "x"}),
        world.patch("/api/v1/tracks/testtraject", "anonymous", {"capacity": "many"}),
        world.get("/api/v1/tracks/testtraject/registrations?status=maybe"),
    ):
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"
