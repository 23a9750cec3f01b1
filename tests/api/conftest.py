"""A small world for the API tests: two tracks, people in every role, each with an API token."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from lmb.accounts.services import create_api_token
from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.tracks.models import TrackStatus
from tests.builders import brussels, create_person, create_session, create_track

ROLES = ("anonymous", "participant", "other_coordinator", "coordinator", "admin")


@dataclass
class World:
    """Ids and tokens; `headers(who)` gives the Authorization header of a role (none for anonymous)."""

    client: object
    tokens: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)
    session_id: int | None = None

    def headers(self, who: str) -> dict:
        if who == "anonymous":
            return {}
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, path, who="anonymous", **kwargs):
        return self.client.get(path, headers=self.headers(who), **kwargs)

    def post(self, path, who="anonymous", json=None, **kwargs):
        return self.client.post(path, headers=self.headers(who), json=json, **kwargs)

    def patch(self, path, who="anonymous", json=None, **kwargs):
        return self.client.patch(path, headers=self.headers(who), json=json, **kwargs)

    def put(self, path, who="anonymous", json=None, **kwargs):
        return self.client.put(path, headers=self.headers(who), json=json, **kwargs)

    def delete(self, path, who="anonymous", **kwargs):
        return self.client.delete(path, headers=self.headers(who), **kwargs)

    def add_person(self, app, who: str, role: str = "participant") -> None:
        """Another person with a token, known as `who`."""
        with app.app_context():
            user = create_person(f"{who}@example.org", role=role)
            self.user_ids[who] = user.id
            self.tokens[who] = create_api_token(user, "tests")[1]
            db.session.commit()  # services add and flush; the caller (the test) commits
            db.session.remove()


@pytest.fixture
def world(app) -> World:
    """`testtraject`: open for registration, 2 places, starts in two months, one session;
    coordinated by `coordinator`. `andertraject` is coordinated by `other_coordinator`."""
    now = utcnow()
    world = World(client=app.test_client())
    with app.app_context():
        track = create_track(
            "testtraject",
            "Testtraject",
            status=TrackStatus.open,
            capacity=2,
            opens_at=now - timedelta(days=7),
            closes_at=now + timedelta(days=30),
            starts_on=to_local(now).date() + timedelta(days=60),
        )
        other = create_track("andertraject", "Andertraject", status=TrackStatus.open)
        people = {
            "participant": create_person("pia@example.org"),
            "coordinator": create_person("cor@example.org", role="coordinator"),
            "other_coordinator": create_person(
                "otto@example.org", role="coordinator", organization="Gemeente Zottegem"
            ),
            "admin": create_person("ada@example.org", role="admin"),
        }
        track.coordinators.append(people["coordinator"])
        other.coordinators.append(people["other_coordinator"])
        db.session.commit()
        starts = to_local(now).date() + timedelta(days=70)
        world.session_id = create_session(
            track, brussels(starts.year, starts.month, starts.day, 14)
        ).id
        for who, user in people.items():
            world.user_ids[who] = user.id
            world.tokens[who] = create_api_token(user, "tests")[1]
        db.session.commit()  # services add and flush; the caller (the test) commits
        db.session.remove()
    return world
