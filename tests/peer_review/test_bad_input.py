"""Hostile values in every peer review form: never a 500, markup escaped, stored work kept."""

import pytest

from lmb.extensions import db
from lmb.peer_review import services
from lmb.peer_review.models import RoundPhase
from tests.core.test_bad_input import HOSTILE, check, post, variants
from tests.peer_review.builders import build_round


@pytest.fixture
def scene(app, make_browser):
    """Two rounds: one in submission (for the set-up and submitting forms), one in assessment."""
    with app.app_context():
        open_round = build_round(slug="hostile-open")
        submit_round = open_round["round"]
        from tests.peer_review.builders import submit

        submit(submit_round, open_round["people"]["mol"])
        assessed = build_round(phase=RoundPhase.assessment, slug="hostile-review")
        mol = assessed["people"]["mol"]
        assignment = services.assignments_of(assessed["round"], mol.organization_id)[0]
        levels, yes_no = (c.id for c in assessed["round"].criteria)
        ids = {
            "open": submit_round.id,
            "assessed": assessed["round"].id,
            "assignment": assignment.id,
            "submission": assignment.submission_id,
            "levels": levels,
            "yes_no": yes_no,
            "org": mol.organization_id,
            "other_org": assessed["people"]["gent"].organization_id,
            "open_org": open_round["people"]["mol"].organization_id,
            "open_other": open_round["people"]["gent"].organization_id,
            "open_submission": services.submission_of(
                submit_round, open_round["people"]["mol"].organization_id
            ).id,
        }
        people = {
            "coordinator": open_round["coordinator"].email,
            "coordinator2": assessed["coordinator"].email,
            "mol": open_round["people"]["mol"].email,
            "reviewer": mol.email,
        }
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    browsers = {}
    for key, email in people.items():
        browsers[key] = make_browser()
        browsers[key].login(email)
    return ids, browsers


FORMS = {
    "settings": (
        "coordinator",
        "/review-rounds/{open}/settings",
        {
            "title": "Ronde",
            "deliverable": "plan",
            "submission_day": "2030-01-01",
            "submission_time": "12:00",
            "review_day": "2030-02-01",
            "review_time": "12:00",
            "reviews_per_submission": "2",
            "allocation_seed": "3",
            "names": "visible",
            "meeting_session_id": "0",
        },
    ),
    "criterion": (
        "coordinator",
        "/review-rounds/{open}/criteria",
        {"title": "Nieuw", "description": "", "kind": "levels", "levels": "a\nb", "weight": "1"},
    ),
    "organizations": (
        "coordinator",
        "/review-rounds/{open}/organizations",
        {"organizations": "{open_org}"},
    ),
    "conflict": (
        "mol",
        "/review-rounds/{open}/conflicts",
        {"first": "{open_org}", "other": "{open_other}", "reason": "merger", "note": "fusie"},
    ),
    "submission": ("mol", "/review-rounds/{open}/submission", {"summary": "Plan", "contact": "1"}),
    "assign": (
        "coordinator",
        "/review-rounds/{open}/assign",
        {"submission": "{open_submission}", "reviewer": "{open_other}"},
    ),
    "review": (
        "reviewer",
        "/review-assignments/{assignment}/review",
        {
            "value-{levels}": "2",
            "value-{yes_no}": "1",
            "comment-{levels}": "ok",
            "location-{levels}": "p. 2",
            "summary": "",
            "action": "draft",
        },
    ),
    "decline": ("reviewer", "/review-assignments/{assignment}/decline", {"reason": "Geen tijd"}),
    "release": (
        "coordinator2",
        "/review-rounds/{assessed}/release",
        {"submission": "{submission}"},
    ),
}


@pytest.mark.parametrize("name", list(FORMS))
def test_hostile_values_in_peer_review_forms(name, scene, app):
    ids, browsers = scene
    who, path, valid = FORMS[name]
    path = path.format(**ids)
    valid = {key.format(**ids): value.format(**ids) for key, value in valid.items()}
    browser = browsers[who]
    with app.app_context():
        before = services.get_round(ids["open"]).submission_deadline
    for label, data in variants(valid):
        post(browser, path, data, label)
    with app.app_context():
        round_ = services.get_round(ids["open"])
        # Stored work is still there: the submission and its document.
        assert services.submission_of(round_, ids["open_org"]).versions
        if name != "settings":
            assert round_.submission_deadline == before


@pytest.mark.parametrize("value", list(HOSTILE))
def test_hostile_path_and_query_values(value, scene):
    ids, browsers = scene
    text = value if isinstance(value, str) else value[0]
    for path in (
        f"/review-rounds/{text}",
        f"/review-documents/{text}",
        f"/review-assignments/{text}/review",
        f"/review-submissions/{text}/feedback",
        f"/review-rounds/{ids['open']}/export.{text}",
    ):
        check(browsers["coordinator"].get(path), what=f"GET {path!r}")
