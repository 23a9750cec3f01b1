"""Outcome harvesting gains visits (issue 17): a coordinator plans a visit to a municipality, a
session whose invitation reaches its members and the visitor (real SMTP); the outcomes
harvested during it are recorded with the visit; the visit is in its people's agenda."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.partnerships.models import OutcomeRecord, OutcomeVisit
from lmb.partnerships.visits import plan_visit
from lmb.scheduling.models import OwnerKind
from tests.builders import create_person
from tests.outbox import flush
from tests.partnerships.builders import coordinator


def _invites(smtp_server, address):
    return [
        m
        for m in smtp_server.to(address)
        if any(p.get_content_type() == "text/calendar" for p in m.walk())
    ]


def test_a_visit_invites_the_municipality_and_the_visitor(ctx, smtp_server):
    staff = coordinator()
    sofie = create_person("sofie@example.org", organization="Stad Roeselare")
    create_person("tom@example.org", organization="Stad Oostende")
    starts_at = utcnow() + timedelta(days=20)
    visit = plan_visit(
        by=staff,
        municipality=sofie.organization,
        track=None,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        location="Stadhuis Roeselare",
        purpose="Outcomes oogsten over het meerjarenplan.",
    )
    db.session.commit()
    assert visit.session.owner_kind is OwnerKind.outcome_visit
    assert visit.session.title == "Bezoek aan Stad Roeselare"
    flush()
    assert len(_invites(smtp_server, "sofie@example.org")) == 1
    assert len(_invites(smtp_server, "coordinator@example.org")) == 1
    assert smtp_server.to("tom@example.org") == []


def test_only_a_flemish_municipality_is_visited(ctx):
    from lmb.accounts.models import OrganizationKind
    from lmb.accounts.services import get_or_create_organization

    staff = coordinator()
    with pytest.raises(ServiceError) as refused:
        plan_visit(
            by=staff,
            municipality=get_or_create_organization("11.11.11", OrganizationKind.civil_society),
            track=None,
            starts_at=utcnow() + timedelta(days=1),
            ends_at=utcnow() + timedelta(days=1, hours=1),
        )
    assert refused.value.field == "municipality_id"


def test_outcomes_are_recorded_with_their_visit_over_http(app, make_user, make_browser):
    make_user("coordinator@example.org", role="coordinator", organization="VVSG")
    make_user("sofie@example.org", organization="Stad Roeselare")
    browser = make_browser()
    browser.login("coordinator@example.org")
    with app.app_context():
        from lmb.accounts.services import find_user_by_email

        roeselare_id = find_user_by_email("sofie@example.org").organization_id
        db.session.remove()
    day = (utcnow() + timedelta(days=30)).date()
    missing = browser.submit("/outcomes/visits/new", {"municipality_id": "0"})
    assert missing.status_code == 422
    values = {
        "municipality_id": roeselare_id,
        "track_id": "0",
        "day": day.isoformat(),
        "starts": "10:00",
        "ends": "12:00",
        "location": "Stadhuis",
        "purpose": "Outcomes oogsten",
    }
    # The visit invites the municipality's people: the form asks first (issue 14), with every
    # value typed, and plans or mails nothing until it is answered.
    question = browser.submit("/outcomes/visits/new", values)
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    assert "Het bezoek aan Stad Roeselare plannen?" in text
    assert "1 persoon van Stad Roeselare krijgt een uitnodiging per e-mail voor de agenda." in text
    assert "U krijgt de uitnodiging ook." in text
    assert "10.00–12.00 uur" in text
    assert 'name="purpose" value="Outcomes oogsten"' in text
    again = browser.submit("/outcomes/visits/new", {**values, "confirmed": "change"})
    assert again.status_code == 200
    assert 'value="Stadhuis"' in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(OutcomeVisit)) is None
        assert db.session.scalar(select(OutboundMessage)) is None
        db.session.remove()
    planned = browser.confirm("/outcomes/visits/new", values)
    assert planned.status_code == 302, planned.get_data(as_text=True)[:2000]
    with app.app_context():
        invited = db.session.scalars(
            select(OutboundMessage.recipient_email).where(OutboundMessage.kind == "invite/session")
        ).all()
        assert sorted(invited) == ["coordinator@example.org", "sofie@example.org"]
        db.session.remove()
    visit_path = planned.headers["Location"]
    visit_id = int(visit_path.rstrip("/").rsplit("/", 1)[1])
    form = browser.get(f"/outcomes/new?visit={visit_id}").get_data(as_text=True)
    assert "Geoogst tijdens het bezoek aan Stad Roeselare" in form
    assert f'value="{day.isoformat()}"' in form
    saved = browser.submit(
        f"/outcomes/new?visit={visit_id}",
        {
            "visited_on": day.isoformat(),
            "municipality_id": roeselare_id,
            "partnership_id": "0",
            "track_id": "0",
            "actor": "De milieudienst",
            "change": "Koppelt de SDG's aan elke actie van het meerjarenplan.",
            "occurred_on": day.isoformat(),
        },
    )
    assert saved.status_code == 302
    page = browser.get(f"/outcomes/visits/{visit_id}").get_data(as_text=True)
    assert "De milieudienst" in page and "Bezoek aan Stad Roeselare" in page
    assert "Bezoek aan Stad Roeselare" in browser.get("/outcomes/visits/").get_data(as_text=True)
    with app.app_context():
        record = db.session.scalar(select(OutcomeRecord))
        assert record.visit_id == visit_id
        assert db.session.get(OutcomeVisit, visit_id).outcomes == [record]
    # The visit is in the agenda of the municipality's member.
    sofie = make_browser()
    sofie.login("sofie@example.org")
    assert "Bezoek aan Stad Roeselare" in sofie.get("/agenda").get_data(as_text=True)


def test_a_visit_to_a_municipality_without_other_people_asks_nothing(app, make_user, make_browser):
    """Only the coordinator who plans it is invited: nobody else is mailed, no question."""
    make_user("coordinator@example.org", role="coordinator", organization="VVSG")
    make_user("sofie@example.org", organization="Stad Roeselare")
    browser = make_browser()
    browser.login("coordinator@example.org")
    with app.app_context():
        from lmb.accounts.models import User

        sofie = db.session.scalar(select(User).where(User.email == "sofie@example.org"))
        roeselare_id, sofie.active = sofie.organization_id, False
        db.session.commit()
        db.session.remove()
    day = (utcnow() + timedelta(days=30)).date()
    planned = browser.submit(
        "/outcomes/visits/new",
        {
            "municipality_id": roeselare_id,
            "day": day.isoformat(),
            "starts": "10:00",
            "ends": "12:00",
        },
    )
    assert planned.status_code == 302
