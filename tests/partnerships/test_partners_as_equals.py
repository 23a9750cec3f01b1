"""Partners as equals (issue 18), through HTTP for each role: a granted member of the Flemish
municipality, of the partner municipality, the partner association of the country (RALGA for
Rwanda; ANCB does not see Rwanda), an outsider (a member of another municipality) and a
coordinator. The rules are the named ones of lmb/partnerships/permissions.py."""

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from lmb.accounts import membership
from lmb.accounts.models import Membership, OrganizationKind, User
from lmb.accounts.services import get_or_create_organization
from lmb.core.timezones import local_datetime
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.partnerships import services
from lmb.partnerships.models import ActivityStatus, PartnershipActivity, Side
from tests.builders import create_person
from tests.partnerships.builders import coordinator, partnership

EMAILS = {
    "flemish": "an@merelbeke.example",
    "partner": "claudine@huye.example",
    "association": "eric@ralga.example",
    "other_association": "koffi@ancb.example",
    "outsider": "piet@roeselare.example",
    "coordinator": "coordinator@example.org",
}


@pytest.fixture
def world(app, seeded):
    """Merelbeke–Huye (Rwanda) with one confirmed activity on each side and a proposal."""
    with app.app_context():
        staff = coordinator()
        p = partnership(staff, starts_on=(datetime.now(UTC) - timedelta(days=60)).date())
        get_or_create_organization("RALGA", OrganizationKind.association, "RW")
        get_or_create_organization("ANCB", OrganizationKind.association, "BJ")
        create_person(EMAILS["flemish"], organization="Gemeente Merelbeke")
        partner = create_person(EMAILS["partner"], organization="Huye")
        create_person(EMAILS["association"], organization="RALGA")
        create_person(EMAILS["other_association"], organization="ANCB")
        create_person(EMAILS["outsider"], organization="Stad Roeselare")
        ids = {}
        for side, title in ((Side.flemish, "Bezoek aan Huye"), (Side.partner, "Wijkcomités")):
            activity = services.save_activity(
                p,
                None,
                by=staff,
                title=title,
                description="",
                starts_on=p.starts_on + timedelta(days=10),
                ends_on=p.starts_on + timedelta(days=10),
                side=side,
                planned_amount="5000.00",
                spent_amount="0",
            )
            ids[side] = activity.id
        proposal = services.propose_activity(
            p,
            by=partner,
            title="Forum des jeunes",
            description="Un forum pour les jeunes de Huye.",
            starts_on=p.starts_on + timedelta(days=40),
            ends_on=None,
            planned_amount="2500.00",
        )
        db.session.commit()
        world = {"slug": p.slug, "flemish_activity": ids[Side.flemish]}
        world |= {"partner_activity": ids[Side.partner], "proposal": proposal.id}
        db.session.remove()
    return world


def as_role(make_browser, role):
    browser = make_browser()
    browser.login(EMAILS[role])
    return browser


# role → expected status, per page
ROLES = ["flemish", "partner", "association", "other_association", "outsider", "coordinator"]
EXPECTED = {
    "report": dict(zip(ROLES, [200, 200, 200, 403, 403, 200], strict=True)),
    "propose": dict(zip(ROLES, [403, 200, 403, 403, 403, 403], strict=True)),
    "country": dict(zip(ROLES, [403, 403, 200, 403, 403, 200], strict=True)),
    "partner_spending": dict(zip(ROLES, [403, 200, 403, 403, 403, 200], strict=True)),
    "flemish_spending": dict(zip(ROLES, [200, 403, 403, 403, 403, 200], strict=True)),
    "decline": dict(zip(ROLES, [200, 403, 403, 403, 403, 200], strict=True)),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_what_its_rules_allow(world, make_browser, role):
    browser = as_role(make_browser, role)
    pages = {
        "report": f"/partnerships/{world['slug']}/reports/interim",
        "propose": f"/partnerships/{world['slug']}/proposals/new",
        "country": "/partnerships/countries/rwanda",
        "partner_spending": f"/partnerships/activities/{world['partner_activity']}/spending",
        "flemish_spending": f"/partnerships/activities/{world['flemish_activity']}/spending",
        "decline": f"/partnerships/activities/{world['proposal']}/decline",
    }
    got = {name: browser.get(url).status_code for name, url in pages.items()}
    assert got == {name: EXPECTED[name][role] for name in pages}
    page = browser.get(f"/partnerships/{world['slug']}").get_data(as_text=True)
    follows = EXPECTED["report"][role] == 200
    assert ("Forum des jeunes" in page) is follows
    assert ("Geoogste resultaten" in page) is follows
    assert ("Stel een activiteit voor" in page) is (role == "partner")
    # The partner association finds its country's view from the partnerships page.
    overview = browser.get("/partnerships/").get_data(as_text=True)
    assert ('href="/partnerships/countries/rwanda"' in overview) is (role == "association")


def test_anonymous_people_are_sent_to_log_in(world, browser):
    for url in (
        f"/partnerships/{world['slug']}/reports/interim",
        "/partnerships/countries/rwanda",
        f"/partnerships/{world['slug']}/proposals/new",
    ):
        response = browser.get(url)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    # The public page stays public, without the partnership's work.
    page = browser.get(f"/partnerships/{world['slug']}").get_data(as_text=True)
    assert "Merelbeke" in page and "Forum des jeunes" not in page
    # Nor does the public API list a proposal as an activity.
    api = browser.get(f"/api/v1/partnerships/{world['slug']}").get_json()
    assert sorted(a["title"] for a in api["activities"]) == ["Bezoek aan Huye", "Wijkcomités"]


def test_the_partner_proposes_and_the_flemish_side_confirms(app, world, make_browser):
    partner = as_role(make_browser, "partner")
    url = f"/partnerships/{world['slug']}/proposals/new"
    data = {"title": "Atelier budget participatif", "starts_on": "2030-01-10"}
    # More than Huye's share allows (17,500 of which 5,000 confirmed): refused on the field,
    # the typed text kept.
    refused = partner.submit(url, {**data, "planned_amount": "13000.00"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    error = re.search(r'id="planned_amount-error">(.*?)</p>', html).group(1)
    assert "500.00 EUR" in error and "Huye" in error
    assert "Atelier budget participatif" in html
    sent = partner.submit(url, {**data, "planned_amount": "3000.00"})
    assert sent.status_code == 302
    # A partner cannot confirm its own proposal; the Flemish side can.
    with app.app_context():
        proposal = db.session.scalar(
            select(PartnershipActivity).where(PartnershipActivity.title == data["title"])
        )
        assert proposal.status is ActivityStatus.proposed
        proposal_id = proposal.id
    page = f"/partnerships/{world['slug']}"
    confirm = f"/partnerships/activities/{proposal_id}/confirm"
    assert partner.submit(confirm, page=page).status_code == 403
    flemish = as_role(make_browser, "flemish")
    assert flemish.submit(confirm, page=page).status_code == 302
    decline = f"/partnerships/activities/{world['proposal']}/decline"
    assert flemish.confirm(decline).status_code == 302
    with app.app_context():
        confirmed = db.session.get(PartnershipActivity, proposal_id)
        assert confirmed.status is ActivityStatus.confirmed
        assert db.session.get(PartnershipActivity, world["proposal"]) is None
        budget = services.budget_overview(confirmed.partnership)
        assert budget.total.planned[Side.partner] == Decimal("8000.00")
        # Merelbeke's people were asked; Huye's proposer hears of both decisions.
        mails = db.session.scalars(select(OutboundMessage).order_by(OutboundMessage.id)).all()
        asked = [m for m in mails if m.kind == "partnerships/activity_proposed"]
        assert {m.recipient_email for m in asked} == {EMAILS["flemish"]}
        assert any("Atelier budget participatif" in m.subject for m in asked)
        decided = [
            (m.recipient_email, m.subject)
            for m in mails
            if m.kind == "partnerships/activity_decided"
        ]
        assert decided == [
            (EMAILS["partner"], "Uw voorstel is bevestigd: Atelier budget participatif"),
            (EMAILS["partner"], "Uw voorstel is afgewezen: Forum des jeunes"),
        ]
    # Huye records what it spent on its own activity, not on Merelbeke's.
    spent = partner.submit(
        f"/partnerships/activities/{proposal_id}/spending", {"spent_amount": "1200.50"}
    )
    assert spent.status_code == 302
    with app.app_context():
        assert db.session.get(PartnershipActivity, proposal_id).spent_amount == Decimal("1200.50")


def test_each_side_writes_its_part_over_http_and_reads_both(app, world, make_browser):
    url = f"/partnerships/{world['slug']}/reports/interim"
    partner = as_role(make_browser, "partner")
    empty = partner.submit(url, {"text": "  "})
    assert empty.status_code == 422 and 'aria-invalid="true"' in empty.get_data(as_text=True)
    assert partner.submit(url, {"text": "Les comités se sont réunis."}).status_code == 302
    flemish = as_role(make_browser, "flemish")
    assert flemish.submit(url, {"text": "Twee bezoeken."}).status_code == 302
    assert flemish.submit(url, {"text": "Twee bezoeken en een seminarie."}).status_code == 302
    # The association reads but writes no part.
    association = as_role(make_browser, "association")
    assert association.submit(url, {"text": "RALGA"}).status_code == 403
    page = association.get(url).get_data(as_text=True)
    assert "Les comités se sont réunis." in page and "Twee bezoeken en een seminarie." in page
    assert page.count("<details>") == 3  # every version of both parts
    with app.app_context():
        p = services.partnership_by_slug(world["slug"])
        report = p.reports[0]
        assert report.part(Side.flemish).text == "Twee bezoeken en een seminarie."
        assert report.part(Side.partner).text == "Les comités se sont réunis."
        part_id = report.part(Side.partner).id
    # Handing in: only that side.
    hand_in = f"/partnerships/reports/parts/{part_id}/hand-in"
    assert flemish.confirm(hand_in, page=url).status_code == 403
    assert flemish.get(hand_in).status_code == 403
    # A bare POST only asks: the question says the part is locked from then on.
    assert partner.submit(hand_in, page=url).status_code == 303
    assert "Ingediend op" not in partner.get(url).get_data(as_text=True)
    question = partner.get(hand_in).get_data(as_text=True)
    assert "Ons deel van het rapport indienen?" in question
    assert "kan niet meer worden gewijzigd" in question
    assert partner.confirm(hand_in, page=url).status_code == 302
    assert "Ingediend op" in partner.get(url).get_data(as_text=True)


def test_a_request_to_join_gives_no_rights_until_granted(app, world, make_browser):
    with app.app_context():
        person = create_person("jean@huye.example", organization=None)
        request_id = membership.ask(person, "Huye").id
        db.session.commit()
    jean = make_browser()
    jean.login("jean@huye.example")
    url = f"/partnerships/{world['slug']}/reports/interim"
    assert jean.get(url).status_code == 403
    assert jean.get(f"/partnerships/{world['slug']}/proposals/new").status_code == 403
    with app.app_context():
        granter = db.session.scalar(select(User).where(User.email == EMAILS["coordinator"]))
        membership.grant(db.session.get(Membership, request_id), by=granter)
        db.session.commit()
    assert jean.get(url).status_code == 200
    assert jean.get(f"/partnerships/{world['slug']}/proposals/new").status_code == 200


def test_partner_contacts_get_the_meetings_as_invites(app, world):
    with app.app_context():
        p = services.partnership_by_slug(world["slug"])
        staff = db.session.scalar(select(User).where(User.email == EMAILS["coordinator"]))
        partner = db.session.scalar(select(User).where(User.email == EMAILS["partner"]))
        services.set_contacts(p, [partner], by=staff)
        day = date.today() + timedelta(days=30)
        services.save_activity(
            p,
            None,
            by=staff,
            title="Overleg over het tussentijds rapport",
            description="",
            starts_on=day,
            ends_on=day,
            side=Side.flemish,
            planned_amount="0",
            spent_amount="0",
            meeting=services.Meeting(
                starts_at=local_datetime(day, time(10)),
                ends_at=local_datetime(day, time(11)),
                online_url="https://meet.example.org/huye",
            ),
        )
        db.session.commit()
        invites = db.session.scalars(
            select(OutboundMessage).where(OutboundMessage.kind == "invite/session")
        ).all()
        assert [(m.recipient_email, m.ical_method) for m in invites] == [
            (EMAILS["partner"], "REQUEST")
        ]
