"""No page of the partnerships domain answers 500 to hostile input (the harness of
tests/core/test_bad_input.py), and what it stores comes back escaped."""

from datetime import date, timedelta

import pytest

from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.models import Side
from tests.core.test_bad_input import SCRIPT, check, fill, post, variants
from tests.partnerships.builders import open_candidate_call, partnership, partnership_call

FORMS = {
    "candidacy": (
        "/steering-group/calls/oproep-stuurgroep-2022/apply",
        "participant",
        {"call1-seat": "{seat_id}", "call1-motivation": "Graag", "call1-committee_member": "y"},
    ),
    "application": (
        "/partnerships/calls/{call_slug}",
        "participant",
        {
            "country": "rwanda",
            "motivation": "Wij willen graag.",
            "proposed_partner": "Huye",
            "sdgs": ["16"],
            "contact_name": "Sofie",
            "contact_email": "sofie@roeselare.example",
            "partner_contact": "Claudine",
        },
    ),
    # The participant is of Stad Roeselare, the Flemish side of the world's partnership.
    "report_part": ("/partnerships/{slug}/reports/interim", "participant", {"text": "Ons deel"}),
    "report_deadlines": (
        "/partnerships/{slug}/reports/deadlines",
        "admin",
        {"interim_due": "2024-09-30", "final_due": "2025-10-31"},
    ),
    "spending": (
        "/partnerships/activities/{activity_id}/spending",
        "admin",
        {"spent_amount": "10.00"},
    ),
    "new_partnership": (
        "/partnerships/new",
        "admin",
        {
            "country": "benin",
            "flemish_municipality": "Gemeente Zoersel",
            "partner_municipality": "Dogbo",
            "starts_on": "2027-01-01",
        },
    ),
    "edit_partnership": (
        "/partnerships/{slug}/edit",
        "admin",
        {
            "title": "Merelbeke – Huye",
            "summary": "",
            "starts_on": "2023-09-01",
            "ends_on": "2025-08-31",
            "budget_flemish": "17500.00",
            "budget_partner": "17500.00",
            "sdgs": ["16"],
        },
    ),
    "stedenband": (
        "/partnerships/{slug}/stedenband",
        "admin",
        {"stedenband-since": "2026-01-01", "stedenband-url": "https://example.org/band"},
    ),
    "contacts": (
        "/partnerships/{slug}/contacts",
        "admin",
        {"contacts-emails": "admin@example.org"},
    ),
    "activity": (
        "/partnerships/{slug}/activities/new",
        "admin",
        {
            "title": "Bezoek",
            "starts_on": "2024-02-19",
            "side": "flemish",
            "planned_amount": "10.00",
            "spent_amount": "5.00",
            "meeting": "y",
            "day": "{future_day}",
            "starts": "10:00",
            "ends": "12:00",
            "location": "Huye",
        },
    ),
    "meeting": (
        "/steering-group/stuurgroep-sdg-partnerschappen/meetings/new",
        "admin",
        {"day": "{future_day}", "starts": "14:00", "ends": "16:00", "location": "Brussel"},
    ),
    "candidate_call": (
        "/steering-group/calls/oproep-stuurgroep-2022/edit",
        "admin",
        {
            "title": "Oproep",
            "description": "",
            "opens_day": "2026-01-01",
            "closes_day": "2030-01-01",
        },
    ),
    "outcome": (
        "/outcomes/new",
        "admin",
        {
            "visited_on": "2025-02-10",
            "municipality_id": "0",
            "partnership_id": "{partnership_id}",
            "track_id": "0",
            "actor": "Het district",
            "change": "Iets veranderde.",
            "occurred_on": "2025-01-01",
            "sdgs": ["16"],
        },
    ),
}


@pytest.fixture
def world(app, readers):
    with app.app_context():
        from lmb.accounts.services import find_user_by_email

        boss = find_user_by_email("admin@example.org")
        call = open_candidate_call()
        call.steering_group.meets_until = 2100
        p = partnership(boss, flemish="Stad Roeselare", starts_on=date(2023, 9, 1))
        activity = services.save_activity(
            p,
            None,
            by=boss,
            title="Bestaande activiteit",
            description="",
            starts_on=date(2024, 1, 1),
            ends_on=date(2024, 1, 1),
            side=Side.partner,
            planned_amount="100.00",
            spent_amount="0",
        )
        pcall = partnership_call(boss)
        readers.ids.update(
            seat_id=call.seats[0].id,
            call_slug=pcall.slug,
            slug=p.slug,
            partnership_id=p.id,
            activity_id=activity.id,
            future_day=to_local(utcnow() + timedelta(days=30)).date().isoformat(),
        )
        db.session.commit()
        db.session.remove()
    return readers


@pytest.mark.parametrize("name", list(FORMS))
def test_hostile_values_in_partnership_forms_never_cause_a_server_error(name, world):
    path, who, valid = FORMS[name]
    path = fill(path, world.ids)
    valid = {key: fill(value, world.ids) for key, value in valid.items()}
    browser = getattr(world, who)
    for label, data in variants(valid):
        post(browser, path, data, label)
    for page in (
        "/partnerships/",
        f"/partnerships/{world.ids['slug']}",
        "/steering-group/stuurgroep-sdg-partnerschappen",
        "/outcomes/",
        "/partnerships/budget",
    ):
        check(world.admin.get(page), SCRIPT, f"GET {page}")


@pytest.mark.parametrize(
    "url",
    [
        "/partnerships/" + "%3Cscript%3E",
        "/partnerships/calls/%00",
        "/steering-group/x" * 3,
        "/outcomes/99999999999999999999",
        "/partnerships/activities/-1/edit",
        "/api/v1/partnerships/%3Cscript%3E",
        "/api/v1/modalities?page=0",
        "/api/v1/modalities?weights=%3Cscript%3E:1",
        "/api/v1/outcomes",
    ],
)
def test_hostile_paths_are_answered_below_500(url, world):
    for browser in (world.anonymous(), world.participant, world.admin):
        check(browser.get(url), SCRIPT, f"GET {url}")


def test_meeting_times_in_a_year_without_meetings_are_a_form_error(world):
    response = world.admin.submit(
        "/steering-group/stuurgroep-sdg-partnerschappen/meetings/new",
        {"day": "2200-10-01", "starts": "14:00", "ends": "16:00", "location": "Brussel"},
    )
    assert response.status_code == 422


def test_participants_cannot_reach_the_managers_pages(world):
    for url in ("/partnerships/new", "/partnerships/budget", "/outcomes/new"):
        assert world.participant.get(url).status_code == 403
    assert world.anonymous().get("/outcomes/").status_code == 302
