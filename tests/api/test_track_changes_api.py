"""PATCH /api/v1/tracks/{slug}: a track's coordinators change its settings; only what is given."""

from datetime import datetime

import pytest

from tests.api.conftest import ROLES

TRACK = "/api/v1/tracks/testtraject"


def track(world, slug="testtraject"):
    return world.get(f"/api/v1/tracks/{slug}").get_json()


def test_a_coordinator_changes_the_window_the_capacity_and_the_phases(world):
    response = world.patch(
        TRACK,
        "coordinator",
        {
            "registration_opens_at": "2027-01-05T09:00:00+01:00",
            "registration_closes_at": "2027-02-01T17:00:00+01:00",
            "capacity": 40,
            "phases": [{"key": "labo", "starts_on": "2027-03-01", "ends_on": "2027-06-30"}],
        },
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body == track(world)  # the same shape as GET
    assert datetime.fromisoformat(body["registration_opens_at"]) == datetime.fromisoformat(
        "2027-01-05T08:00:00+00:00"
    )
    assert datetime.fromisoformat(body["registration_closes_at"]).utcoffset() is not None
    assert body["capacity"] == 40
    labo = next(p for p in body["phases"] if p["key"] == "labo")
    assert (labo["starts_on"], labo["ends_on"]) == ("2027-03-01", "2027-06-30")
    # What was not given stays as it was.
    assert [p["key"] for p in body["phases"]] == ["labo", "voedingsbodem", "uitrol"]
    assert body["status"] == "open" and body["moderated"] is False


def test_capacity_null_removes_the_limit(world):
    assert track(world)["capacity"] == 2
    response = world.patch(TRACK, "coordinator", {"capacity": None})
    assert response.status_code == 200
    assert response.get_json()["capacity"] is None
    assert track(world)["capacity"] is None


def test_status_moderation_and_reminders_are_changed(world):
    response = world.patch(
        TRACK,
        "admin",
        {"status": "running", "moderated": True, "reminder_offsets": ["P3D", "PT2H"]},
    )
    assert response.status_code == 200
    body = track(world)
    assert body["status"] == "running"
    assert body["moderated"] is True
    assert body["reminder_offsets"] == ["P3D", "PT2H"]
    assert body["capacity"] == 2


def test_an_empty_change_changes_nothing(world):
    before = track(world)
    response = world.patch(TRACK, "coordinator", {})
    assert response.status_code == 200 and response.get_json() == before


def test_a_time_without_its_offset_is_refused_with_a_clear_message(world):
    before = track(world)
    response = world.patch(TRACK, "coordinator", {"registration_closes_at": "2027-02-01T17:00:00"})
    assert response.status_code == 422
    [message] = response.get_json()["error"]["details"]["json"]["registration_closes_at"]
    assert "offset" in message or "UTC" in message
    assert track(world) == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "paused"}, "status"),
        ({"status": None}, "status"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": "many"}, "capacity"),
        ({"capacity": 2.5}, "capacity"),
        ({"capacity": 10**12}, "capacity"),
        ({"moderated": "perhaps"}, "moderated"),
        ({"registration_opens_at": "soon"}, "registration_opens_at"),
        ({"registration_opens_at": "0001-01-01T00:00:00+01:00"}, "registration_opens_at"),
        ({"reminder_offsets": "P7D"}, "reminder_offsets"),
        ({"reminder_offsets": [7]}, "reminder_offsets"),
        (
            {"phases": [{"key": "brainstorm", "starts_on": "2027-01-01", "ends_on": "2027-02-01"}]},
            "phases",
        ),
        ({"phases": [{"key": "labo", "starts_on": "2027-01-01"}]}, "phases"),
        ({"phases": [{"key": "labo", "starts_on": "1 maart", "ends_on": "2027-02-01"}]}, "phases"),
        ({"phases": {"labo": ["2027-01-01", "2027-02-01"]}}, "phases"),
        (
            {
                "phases": [
                    {"key": "labo", "starts_on": "2027-01-01", "ends_on": "2027-02-01"},
                    {"key": "labo", "starts_on": "2027-03-01", "ends_on": "2027-04-01"},
                ]
            },
            "phases",
        ),
        ({"slug": "nieuw"}, "slug"),
    ],
    ids=repr,
)
def test_invalid_changes_are_a_json_422_naming_the_field(world, changes, field):
    before = track(world)
    response = world.patch(TRACK, "coordinator", changes)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["details"]["json"]
    assert track(world) == before


@pytest.mark.parametrize(
    "changes",
    [
        {"registration_closes_at": "2020-01-01T00:00:00+01:00"},
        {
            "registration_opens_at": "2027-02-01T00:00:00+01:00",
            "registration_closes_at": "2027-01-01T00:00:00+01:00",
        },
        {"phases": [{"key": "uitrol", "starts_on": "2027-05-01", "ends_on": "2027-04-01"}]},
        {"reminder_offsets": ["P7D", "soon"]},
        {"reminder_offsets": ["-P1D"]},
    ],
    ids=repr,
)
def test_changes_the_track_refuses_are_a_json_422_with_its_reason(world, changes):
    before = track(world)
    response = world.patch(TRACK, "coordinator", changes)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and error["message"]
    assert track(world) == before


def test_changing_an_unknown_track_is_a_json_404(world):
    response = world.patch("/api/v1/tracks/bestaat-niet", "admin", {"capacity": 3})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("who", ROLES)
def test_only_the_tracks_coordinators_and_admins_change_it(world, who):
    response = world.patch(TRACK, who, {"capacity": 12})
    expected = {"anonymous": 401, "participant": 403, "other_coordinator": 403}.get(who, 200)
    assert response.status_code == expected
    assert track(world)["capacity"] == (12 if expected == 200 else 2)
    if expected != 200:
        assert response.get_json()["error"]["code"] in ("unauthorized", "forbidden")
