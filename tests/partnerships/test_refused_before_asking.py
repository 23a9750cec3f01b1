# ruff: noqa: F811 - the fixtures world and staff come from test_check_answers
"""A form that asks before it mails a group (check-your-answers, lmb.core.views) shows every
refusal of its service on its field first: a person is never asked "2 people get an invite,
sure?" and then told the input is wrong. Per route: a POST the service refuses gets the form
back (422) with the refusal on the field, no question, and nothing saved or mailed."""

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.models import OutcomeVisit, PartnershipActivity, SteeringGroupMeeting
from lmb.scheduling.models import Session
from tests.builders import create_person
from tests.partnerships.test_check_answers import (  # noqa: F401 (the fixtures)
    GROUP,
    activity_form,
    count,
    invites,
    meeting_form,
    staff,
    world,
)

QUESTION = 'name="confirmed" value="yes"'


def refused(response, field: str, said: str) -> str:
    """The form again with the refusal on `field`, and no question."""
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:3000]
    assert f'id="{field}-error"' in page
    assert said in page
    assert QUESTION not in page
    return page


BRUSSELS = ZoneInfo("Europe/Brussels")


def next_year(month: int, day: int = 10, years: int = 1) -> str:
    # The test group meets until next year (tests.partnerships.builders.open_candidate_call).
    return date(utcnow().astimezone(BRUSSELS).year + years, month, day).isoformat()


def test_a_meeting_over_the_budget_is_refused_on_its_amount_before_any_question(app, world, staff):
    url = f"/partnerships/{world['slug']}/activities/new"
    response = staff.submit(url, activity_form(planned_amount="20000"))
    refused(response, "planned_amount", "meer dan het budget van Gemeente Merelbeke")
    assert count(app, PartnershipActivity) == 0 and count(app, Session) == 0
    assert invites(app) == []


def test_moving_a_meeting_over_the_budget_is_refused_before_any_question(app, world, staff):
    staff.confirm(f"/partnerships/{world['slug']}/activities/new", activity_form())
    with app.app_context():
        activity_id = db.session.scalar(select(PartnershipActivity.id))
        db.session.remove()
    before = invites(app)
    url = f"/partnerships/activities/{activity_id}/edit"
    moved = activity_form(starts="13:30", ends="16:30", planned_amount="20000")
    refused(staff.submit(url, moved), "planned_amount", "meer dan het budget")
    # A meeting left without a place is refused on its field too.
    unplaced = activity_form(starts="13:30", ends="16:30", location="")
    refused(staff.submit(url, unplaced), "location", "Geef een locatie of een onlinelink.")
    with app.app_context():
        activity = db.session.get(PartnershipActivity, activity_id)
        assert str(activity.planned_amount) == "1000.00"
        assert to_local(activity.session.starts_at).strftime("%H:%M") == "09:30"
        assert activity.session.location == "Gemeentehuis Merelbeke"
        db.session.remove()
    assert invites(app) == before


def test_a_second_yearly_meeting_in_a_year_is_refused_before_any_question(app, world, staff):
    url = f"/steering-group/{GROUP}/meetings/new"
    assert staff.confirm(url, meeting_form(day=next_year(3))).status_code == 302
    assert len(invites(app)) == 2
    response = staff.submit(url, meeting_form(day=next_year(10)))
    refused(response, "day", "is al gepland; verplaats die in de plaats.")
    assert count(app, SteeringGroupMeeting) == 1 and len(invites(app)) == 2


def test_a_yearly_meeting_outside_the_groups_years_is_refused_before_any_question(
    app, world, staff
):
    url = f"/steering-group/{GROUP}/meetings/new"
    early = staff.submit(url, meeting_form(day="2022-03-15"))
    refused(early, "day", "De stuurgroep komt samen vanaf het najaar van 2022")
    late = staff.submit(url, meeting_form(day="2100-03-15"))
    refused(late, "day", "De stuurgroep komt jaarlijks één maal bijeen, van 2022 tot")
    nowhere = staff.submit(url, meeting_form(location="", online_url=""))
    refused(nowhere, "location", "Geef een locatie of een onlinelink.")
    backwards = staff.submit(url, meeting_form(starts="16:00", ends="14:00"))
    refused(backwards, "ends", "Een bijeenkomst moet eindigen na het begin.")
    assert count(app, SteeringGroupMeeting) == 0 and invites(app) == []


def test_moving_the_yearly_meeting_to_another_year_is_refused_before_any_question(
    app, world, staff
):
    staff.confirm(f"/steering-group/{GROUP}/meetings/new", meeting_form(day=next_year(3)))
    with app.app_context():
        meeting_id = db.session.scalar(select(SteeringGroupMeeting.id))
        db.session.remove()
    url = f"/steering-group/meetings/{meeting_id}/edit"
    later = next_year(3, years=2)
    refused(staff.submit(url, meeting_form(day=later)), "day", "Houd de bijeenkomst in")
    # The move that leaves the meeting nowhere is refused, as planning it there is.
    nowhere = meeting_form(day=next_year(4), location="", online_url="")
    refused(staff.submit(url, nowhere), "location", "Geef een locatie of een onlinelink.")
    with app.app_context():
        session = db.session.get(SteeringGroupMeeting, meeting_id).session
        assert to_local(session.starts_at).date().isoformat() == next_year(3)
        assert session.location == "VVSG, Brussel" and session.sequence == 0
        db.session.remove()
    assert len(invites(app)) == 2


def test_a_visit_at_an_impossible_time_is_refused_before_any_question(app, world, staff):
    with app.app_context():
        create_person("an@example.org", organization="Gemeente Merelbeke")
        municipality_id = services.partnership_by_slug(world["slug"]).flemish_municipality_id
        db.session.remove()
    visit = {
        "municipality_id": str(municipality_id),
        "track_id": "0",
        "day": next_year(5),
        "starts": "16:00",
        "ends": "14:00",
        "location": "Gemeentehuis",
        "purpose": "Outcomes oogsten.",
    }
    url = "/outcomes/visits/new"
    refused(staff.submit(url, visit), "ends", "Een bijeenkomst moet eindigen na het begin.")
    assert count(app, OutcomeVisit) == 0 and invites(app) == []
    # The same visit at a possible time asks first: the municipality's people are invited.
    asked = staff.submit(url, {**visit, "starts": "14:00", "ends": "16:00"})
    assert asked.status_code == 200 and QUESTION in asked.get_data(as_text=True)


def test_people_without_an_account_are_refused_on_the_field_before_any_question(app, world, staff):
    slug = world["slug"]
    staff.confirm(f"/partnerships/{slug}/activities/new", activity_form())
    before = invites(app)
    url, edit = f"/partnerships/{slug}/contacts", f"/partnerships/{slug}/edit"
    people = {"contacts-emails": "sofie@example.org\nniemand@example.org"}
    page = refused(
        staff.submit(url, people, page=edit),
        "contacts-emails",
        "Geen account voor: niemand@example.org",
    )
    assert "sofie@example.org\nniemand@example.org" in page  # as typed
    with app.app_context():
        contacts = services.partnership_by_slug(slug).contacts
        assert sorted(p.email for p in contacts) == ["sofie@example.org", "tom@example.org"]
        db.session.remove()
    assert invites(app) == before  # no invitation, no cancellation (METHOD:CANCEL)
