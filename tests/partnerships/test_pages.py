"""Every page of the domain renders with the demo data, for the people allowed to see it."""

import pytest
import sqlalchemy as sa

from lmb.extensions import db
from lmb.partnerships.models import (
    OutcomeRecord,
    Partnership,
    PartnershipActivity,
    SteeringGroupMeeting,
)
from tests.tracks.test_seed import run_seed


@pytest.fixture
def demo(app):
    run_seed(app, "--demo")
    with app.app_context():
        partnership = db.session.scalar(sa.select(Partnership).order_by(Partnership.id))
        ids = {
            "slug": partnership.slug,
            "activity": db.session.scalar(sa.select(PartnershipActivity.id)),
            "meeting": db.session.scalar(sa.select(SteeringGroupMeeting.id)),
            "outcome": db.session.scalar(sa.select(OutcomeRecord.id)),
        }
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return ids


PAGES = [
    ("/partnerships/", "SDG-partnerschappen 2022-2026"),
    ("/partnerships/{slug}", "Budget van"),
    ("/partnerships/{slug}/edit", "Verdergaan als stedenband"),
    ("/partnerships/{slug}/activities/new", "Nieuwe activiteit"),
    ("/partnerships/activities/{activity}/edit", "Activiteit wijzigen"),
    ("/partnerships/budget", "Budgetoverzicht"),
    ("/partnerships/calls/new", "Nieuwe oproep voor partnerschappen"),
    ("/steering-group/stuurgroep-sdg-partnerschappen", "Zetels en leden"),
    ("/steering-group/calls/oproep-stuurgroep-2022/candidacies", "Kandidaturen"),
    ("/steering-group/calls/oproep-stuurgroep-2022/edit", "De oproep wijzigen"),
    (
        "/steering-group/stuurgroep-sdg-partnerschappen/meetings/new",
        "Een jaarlijkse bijeenkomst plannen",
    ),
    ("/steering-group/meetings/{meeting}/edit", "Jaarlijkse bijeenkomst 2022"),
    ("/outcomes/", "Outcome harvesting"),
    ("/outcomes/{outcome}", "Bevestigd door"),
    ("/outcomes/{outcome}/edit", "De outcome wijzigen"),
    ("/outcomes/new", "Een outcome noteren"),
]


@pytest.mark.parametrize(("path", "text"), PAGES)
def test_pages_render_for_an_admin(demo, make_browser, path, text):
    admin = make_browser()
    admin.login("admin@example.org", password="demo-wachtwoord")
    response = admin.get(path.format(**demo))
    assert response.status_code == 200, path
    assert text in response.get_data(as_text=True)


def test_the_public_sees_partnerships_but_not_the_managers_pages(demo, make_browser):
    anonymous = make_browser()
    assert anonymous.get("/partnerships/").status_code == 200
    assert anonymous.get(f"/partnerships/{demo['slug']}").status_code == 200
    assert anonymous.get("/steering-group/stuurgroep-sdg-partnerschappen").status_code == 200
    for path in ("/partnerships/budget", "/outcomes/", "/partnerships/new"):
        assert anonymous.get(path).status_code == 302
    coordinator = make_browser()
    coordinator.login("coordinator@example.org", password="demo-wachtwoord")
    # Coordinators run partnerships and outcomes; the steering group's members are the admins' choice.
    assert coordinator.get("/outcomes/").status_code == 200
    candidacies = "/steering-group/calls/oproep-stuurgroep-2022/candidacies"
    assert coordinator.get(candidacies).status_code == 403
