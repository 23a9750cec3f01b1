"""The API of programme administration: the same rules as the pages, refusals as a JSON 422
with the reason on the field, and only the association's staff change programmes."""

import pytest

from tests.builders import registered


def test_everyone_reads_the_programmes_with_their_contact(world):
    body = world.get("/api/v1/programmes").get_json()
    [programme] = body["items"]
    assert programme["slug"] == "test"
    assert programme["contact"] == {
        "name": "VVSG – Dienst Internationaal",
        "email": "internationaal@vvsg.be",
        "website": "https://www.vvsg.be",
        "is_default": True,
    }
    assert set(programme["tracks"]) == {"testtraject", "andertraject"}
    assert world.get("/api/v1/programmes/test").get_json() == programme
    assert world.get("/api/v1/programmes/nope").status_code == 404


def test_staff_create_a_programme_with_a_season_milestone_and_start_a_track(world):
    response = world.post(
        "/api/v1/programmes",
        "other_coordinator",
        {"title": "Nieuw programma", "starts_on": "2027-01-01", "ends_on": "2029-12-31"},
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["slug"] == "nieuw-programma"
    response = world.post(
        "/api/v1/programmes/nieuw-programma/milestones",
        "other_coordinator",
        {
            "kind": "steering_group_meeting",
            "title": "Stuurgroep",
            "title_en": "Steering group",
            "period": "najaar 2027",
        },
    )
    assert response.status_code == 201, response.get_json()
    milestone = response.get_json()
    assert (milestone["starts_on"], milestone["ends_on"], milestone["precision"]) == (
        "2027-09-01",
        "2027-11-30",
        "season",
    )
    response = world.post(
        "/api/v1/programmes/nieuw-programma/tracks",
        "other_coordinator",
        {
            "title": "Korte ketens",
            "goals": "Een stappenplan.",
            "phases": [{"key": "labo", "starts_on": "2027-03-01", "ends_on": "2027-12-31"}],
            "capacity": 20,
        },
    )
    assert response.status_code == 201, response.get_json()
    track = response.get_json()
    assert (track["slug"], track["status"], track["goals"]) == (
        "korte-ketens",
        "announced",
        "Een stappenplan.",
    )
    # Who starts a track coordinates it: the same coordinator may now change it.
    response = world.patch("/api/v1/tracks/korte-ketens", "other_coordinator", {"course": "Zo."})
    assert response.status_code == 200 and response.get_json()["course"] == "Zo."
    response = world.put(
        f"/api/v1/milestones/{milestone['id']}",
        "admin",
        {"kind": "steering_group_meeting", "title": "Stuurgroep", "starts_on": "2027-10-05"},
    )
    assert response.status_code == 200 and response.get_json()["precision"] == "day"
    assert world.delete(f"/api/v1/milestones/{milestone['id']}", "admin").status_code == 204
    assert world.get("/api/v1/programmes/nieuw-programma").get_json()["milestones"] == []


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_only_staff_change_programmes(world, who):
    expected = 401 if who == "anonymous" else 403
    assert (
        world.post(
            "/api/v1/programmes",
            who,
            {"title": "X", "starts_on": "2027-01-01", "ends_on": "2027-12-31"},
        ).status_code
        == expected
    )
    assert world.patch("/api/v1/programmes/test", who, {"title": "X"}).status_code == expected
    assert (
        world.post(
            "/api/v1/programmes/test/milestones",
            who,
            {"kind": "tools", "title": "X", "period": "2026"},
        ).status_code
        == expected
    )
    assert world.post("/api/v1/programmes/test/tracks", who, {"title": "X"}).status_code == expected
    assert world.get("/api/v1/programmes/test").get_json()["title"] == "Testprogramma"


def test_another_coordinator_cannot_change_a_track_it_does_not_coordinate(world):
    response = world.patch("/api/v1/tracks/testtraject", "other_coordinator", {"goals": "Nee"})
    assert response.status_code == 403


def refusal(response) -> dict:
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    return error["details"]["json"]


def test_the_api_applies_the_rules_of_the_pages(app, world):
    track = world.get("/api/v1/tracks/testtraject").get_json()
    labo = next(p for p in track["phases"] if p["key"] == "labo")
    fields = refusal(
        world.patch(
            "/api/v1/tracks/testtraject",
            "coordinator",
            {
                "phases": [
                    {
                        "key": "voedingsbodem",
                        "starts_on": labo["starts_on"],
                        "ends_on": "2027-12-01",
                    }
                ]
            },
        )
    )
    assert list(fields) == ["voedingsbodem_starts_on"]
    assert fields["voedingsbodem_starts_on"][0].startswith(
        "Voedingsbodem moet beginnen na het begin van Labo"
    )
    fields = refusal(
        world.patch(
            "/api/v1/tracks/testtraject",
            "coordinator",
            {"phases": [{"key": "labo", "starts_on": "2025-06-01", "ends_on": labo["ends_on"]}]},
        )
    )
    assert fields == {
        "labo_starts_on": [
            "Labo moet binnen het programma vallen (1 januari 2026 – 31 december 2027)."
        ]
    }
    fields = refusal(
        world.patch(
            "/api/v1/tracks/testtraject",
            "coordinator",
            {"registration_closes_at": "2031-01-01T12:00:00+01:00"},
        )
    )
    assert fields["registration_closes_at"][0].startswith(
        "De inschrijving moet sluiten voor de laatste fase van het traject eindigt"
    )
    with app.app_context():
        from lmb.accounts.models import User
        from lmb.extensions import db
        from lmb.tracks.models import Track

        track_row = db.session.scalar(db.select(Track).where(Track.slug == "testtraject"))
        registered(db.session.get(User, world.user_ids["participant"]), track_row)
        registered(db.session.get(User, world.user_ids["other_coordinator"]), track_row)
        db.session.remove()
    fields = refusal(world.patch("/api/v1/tracks/testtraject", "admin", {"capacity": 1}))
    assert fields == {
        "capacity": [
            "2 personen hebben al een bevestigde plaats; de capaciteit kan niet lager zijn."
        ]
    }
    fields = refusal(
        world.post(
            "/api/v1/programmes/test/milestones",
            "admin",
            {"kind": "tools", "title": "X", "period": "ooit"},
        )
    )
    assert fields == {
        "period": ["'ooit' is geen seizoen zoals 'najaar 2026' of jaar zoals '2017'."]
    }
    fields = refusal(world.patch("/api/v1/programmes/test", "admin", {"ends_on": "2025-01-01"}))
    assert fields == {"ends_on": ["Het programma moet eindigen na zijn begin."]}
    assert world.get("/api/v1/tracks/testtraject").get_json()["capacity"] == 2


def test_the_french_of_programmes_and_milestones_beside_the_dutch(world):
    """Issue 18: the partners' French is in the API beside Dutch and English, written through
    it, and a change that does not name it keeps it."""
    response = world.post(
        "/api/v1/programmes",
        "other_coordinator",
        {
            "title": "Partenariaten",
            "title_fr": "Partenariats",
            "summary_fr": "Un programme avec le Bénin et le Rwanda.",
            "starts_on": "2027-01-01",
            "ends_on": "2029-12-31",
        },
    )
    assert response.status_code == 201, response.get_json()
    programme = response.get_json()
    assert (programme["title_fr"], programme["summary_fr"]) == (
        "Partenariats",
        "Un programme avec le Bénin et le Rwanda.",
    )
    assert programme["title_en"] == "" and programme["summary_en"] == ""
    response = world.patch(
        "/api/v1/programmes/partenariaten", "other_coordinator", {"summary": "Met Benin."}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["title_fr"] == "Partenariats"
    assert response.get_json()["summary_fr"] == "Un programme avec le Bénin et le Rwanda."
    response = world.post(
        "/api/v1/programmes/partenariaten/milestones",
        "other_coordinator",
        {
            "kind": "steering_group_meeting",
            "title": "Stuurgroep",
            "title_fr": "Comité de pilotage",
            "description_fr": "La réunion annuelle.",
            "starts_on": "2027-10-05",
        },
    )
    assert response.status_code == 201, response.get_json()
    milestone = response.get_json()
    assert (milestone["title_fr"], milestone["description_fr"]) == (
        "Comité de pilotage",
        "La réunion annuelle.",
    )
    [listed] = world.get("/api/v1/programmes/partenariaten").get_json()["milestones"]
    assert listed["title_fr"] == "Comité de pilotage" and listed["title_en"] == ""
