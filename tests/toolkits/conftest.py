"""The API tests' world of roles and tokens, with its participant taking part in the track."""

import pytest

from lmb.extensions import db
from tests.api.conftest import world  # noqa: F401 - a fixture used by lesson_world
from tests.builders import registered


@pytest.fixture
def lesson_world(app, world):  # noqa: F811
    """The participant of `world` takes part in `testtraject`."""
    with app.app_context():
        from lmb.accounts.models import User
        from lmb.tracks.services import track_by_slug

        registered(
            db.session.get(User, world.user_ids["participant"]), track_by_slug("testtraject")
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return world
