"""Membership of an organization (issue 12): a person asks, the organization or the association
grants, and until then the person has no organization rights anywhere.

The attack: a stranger signs up as "STAD ROESELARE" (or changes their profile to it) and would
read Roeselare's confidential peer-review plan, its reviews and task list, its partnership
application and its people. Every door is tried over HTTP and the API.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from lmb.accounts import membership
from lmb.accounts import services as accounts
from lmb.accounts.models import (
    Membership,
    MembershipStatus,
    Organization,
    OrganizationKind,
    User,
)
from lmb.core.errors import Conflict, NotAllowed, ServiceError
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.partnerships import services as partnerships
from lmb.partnerships.models import Country
from lmb.peer_review import services as peer_review
from lmb.peer_review.models import ReviewRound, RoundPhase
from lmb.toolkits import services as toolkits
from lmb.tracks.models import PhaseKey, Track
from tests.builders import create_person, registered
from tests.partnerships.builders import partnership_call
from tests.peer_review.builders import build_round

PASSWORD = "correct horse battery"
ATTACKER = "stranger@example.org"


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def mails(kind: str, to: str | None = None) -> list[OutboundMessage]:
    query = select(OutboundMessage).where(OutboundMessage.kind == kind)
    if to:
        query = query.where(OutboundMessage.recipient_email == to)
    return list(db.session.scalars(query))


@pytest.fixture
def world(app, seeded):
    """A round in assessment (Mol, Gent, Roeselare), Roeselare's application to an open call,
    and everything's ids."""
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment)
        round_, roeselare = built["round"], built["people"]["roeselare"]
        submission = peer_review.submission_of(round_, roeselare.organization_id)
        call = partnership_call(built["coordinator"])
        application = partnerships.apply(
            roeselare, call, country=Country.benin, motivation="Graag."
        )
        data = {
            "round": round_.id,
            "submission": submission.id,
            "version": submission.latest.id,
            "assignment": peer_review.assignments_of(round_, roeselare.organization_id)[0].id,
            "organization": roeselare.organization_id,
            "application": application.id,
            "call": call.slug,
            "track": built["track"].slug,
            "roeselare": roeselare.email,
            "coordinator": built["coordinator"].email,
        }
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return data


def sign_up(browser, email=ATTACKER, organization="STAD ROESELARE"):
    response = browser.submit(
        "/account/signup",
        {
            "email": email,
            "name": "Vreemde Eend",
            "organization": organization,
            "function": "global_policy_officer",
            "locale": "nl",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]


def verify(app, browser, email=ATTACKER):
    with app.app_context():
        link = accounts.verification_url(user(email))
    path = link.replace("http://127.0.0.1:5000", "")
    assert browser.submit(path, {"password": PASSWORD}).status_code == 302
    # Verifying logged the person in; the tests log in themselves.
    assert browser.submit("/account/logout", page="/").status_code == 302


def organization_doors(browser, world, token) -> dict[str, int]:
    """What the person gets at each of Roeselare's doors."""
    api = {"Authorization": f"Bearer {token}"}
    found = {
        "round": browser.get(f"/review-rounds/{world['round']}").status_code,
        "submission form": browser.get(f"/review-rounds/{world['round']}/submission").status_code,
        "document": browser.get(f"/review-documents/{world['version']}").status_code,
        "feedback": browser.get(f"/review-submissions/{world['submission']}/feedback").status_code,
        "review": browser.get(f"/review-assignments/{world['assignment']}/review").status_code,
        "conflicts": browser.get(f"/review-rounds/{world['round']}/conflicts").status_code,
        "organization page": browser.get(f"/organizations/{world['organization']}").status_code,
        "api round": browser.get(
            f"/api/v1/review-rounds/{world['round']}", headers=api
        ).status_code,
        "api assignments": browser.get(
            f"/api/v1/review-rounds/{world['round']}/assignments", headers=api
        ).status_code,
        "api reviews": browser.get(
            f"/api/v1/review-submissions/{world['submission']}/reviews", headers=api
        ).status_code,
    }
    listing = browser.get("/api/v1/review-rounds", headers=api).get_json()
    found["api my rounds"] = len(listing["items"] if isinstance(listing, dict) else listing)
    tasks = browser.get("/review-rounds/").get_data(as_text=True)
    found["task list names the round"] = "Peer review meerjarenplannen" in tasks
    return found


DENIED = {403, 404}


def assert_no_organization_rights(app, browser, world, email):
    with app.app_context():
        person = user(email)
        token = accounts.create_api_token(person, "probe")[1]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    doors = organization_doors(browser, world, token)
    opened = {
        door: status
        for door, status in doors.items()
        if door not in ("api my rounds", "task list names the round") and status not in DENIED
    }
    assert opened == {}, doors
    assert doors["api my rounds"] == 0 and not doors["task list names the round"], doors
    # The partnership application: neither withdrawn nor a second one sent for Roeselare.
    withdraw = browser.confirm(
        f"/partnerships/applications/{world['application']}/withdraw", page="/account/profile"
    )
    assert withdraw.status_code in DENIED | {302}
    browser.submit(
        f"/partnerships/calls/{world['call']}",
        {"country": "rwanda", "motivation": "Ik ook."},
        page=f"/partnerships/calls/{world['call']}",
    )
    with app.app_context():
        from lmb.partnerships.models import ApplicationStatus, PartnershipApplication

        applications = db.session.scalars(select(PartnershipApplication)).all()
        assert [a.status for a in applications] == [ApplicationStatus.submitted]
        # No lesson under Roeselare's name either.
        person = user(email)
        track = db.session.scalar(select(Track).where(Track.slug == world["track"]))
        lesson = toolkits.create_lesson(person, track, title="Les", phase=PhaseKey.labo)
        assert lesson.organization_id is None
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_signing_up_under_an_existing_name_gives_no_organization_rights(app, browser, world):
    sign_up(browser, organization="STAD ROESELARE")
    verify(app, browser)
    with app.app_context():
        stranger = user(ATTACKER)
        # A confirmed place on the track too: only the membership is missing.
        registered(stranger, db.session.get(ReviewRound, world["round"]).track)
        assert stranger.organization_id is None
        assert membership.pending_request(stranger).organization_id == world["organization"]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    browser.login(ATTACKER, PASSWORD)
    assert_no_organization_rights(app, browser, world, ATTACKER)


def test_changing_the_profile_to_an_existing_name_gives_no_organization_rights(app, browser, world):
    with app.app_context():
        person = create_person(ATTACKER, organization="Stad Oostende")
        registered(person, db.session.get(ReviewRound, world["round"]).track)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    browser.login(ATTACKER, PASSWORD)
    saved = browser.submit(
        "/account/profile",
        {
            "name": "Vreemde Eend",
            "organization": "stad roeselare",
            "function": "alderman",
            "locale": "nl",
        },
    )
    assert saved.status_code == 302
    page = browser.get("/account/profile").get_data(as_text=True)
    assert "awaits a decision" in page or "wacht op een beslissing" in page
    assert_no_organization_rights(app, browser, world, ATTACKER)


def test_a_member_who_changes_organization_loses_access_at_once(app, browser, world):
    browser.login(world["roeselare"], PASSWORD)
    assert browser.get(f"/review-documents/{world['version']}").status_code == 200
    assert browser.get(f"/organizations/{world['organization']}").status_code == 200
    saved = browser.submit(
        "/account/profile",
        {"name": "Roeselare", "organization": "Stad Kortrijk", "function": "alderman"}
        | {"locale": "nl"},
    )
    assert saved.status_code == 302
    with app.app_context():
        person = user(world["roeselare"])
        assert person.organization_id is None
        history = db.session.scalars(
            select(Membership).where(Membership.user_id == person.id).order_by(Membership.id)
        ).all()
        assert [m.status for m in history] == [MembershipStatus.ended, MembershipStatus.asked]
        assert history[0].ended_at is not None
        assert history[1].organization is None and history[1].requested_name == "Stad Kortrijk"
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    assert_no_organization_rights(app, browser, world, world["roeselare"])


def test_the_sign_up_and_profile_pages_do_not_list_the_register(app, browser, world):
    page = browser.get("/account/signup").get_data(as_text=True)
    assert "datalist" not in page and "Gemeente Mol" not in page and "Stad Gent" not in page
    browser.login(world["roeselare"], PASSWORD)
    profile = browser.get("/account/profile").get_data(as_text=True)
    assert "datalist" not in profile and "Gemeente Mol" not in profile
    # Only staff reach the register.
    assert browser.get("/admin/organizations").status_code == 403


def test_sign_up_and_the_profile_never_create_organizations(app, browser, world):
    with app.app_context():
        before = db.session.scalar(select(func.count(Organization.id)))
    sign_up(browser, organization="Gemeente Bestaat Niet")
    browser.login(world["roeselare"], PASSWORD)
    browser.submit(
        "/account/profile",
        {"name": "R", "organization": "Nog Een Nieuwe", "function": "alderman", "locale": "nl"},
    )
    with app.app_context():
        assert db.session.scalar(select(func.count(Organization.id))) == before


def test_staff_grant_a_request_and_the_mails_go_through_the_outbox(app, browser, world):
    sign_up(browser)
    verify(app, browser)
    with app.app_context():
        request = membership.pending_request(user(ATTACKER))
        asked = mails("membership/asked", ATTACKER)
        # Nobody holds Roeselare's contact role: the admins would hear; here there are
        # none, so only the person's own receipt.
        assert len(asked) == 1 and "STAD ROESELARE" in asked[0].body_text
        request_id = request.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    staff = browser
    staff.login(world["coordinator"], PASSWORD)
    page = staff.get("/account/members/requests").get_data(as_text=True)
    assert ATTACKER in page
    granted = staff.submit(
        f"/account/members/requests/{request_id}/grant", page="/account/members/requests"
    )
    assert granted.status_code == 302
    with app.app_context():
        person = user(ATTACKER)
        assert person.organization_id == world["organization"]
        decided = membership.live_membership(person)
        assert decided.status is MembershipStatus.granted
        assert decided.decided_by.email == world["coordinator"]
        [mail] = mails("membership/granted", ATTACKER)
        assert "Stad Roeselare" in mail.body_text and "Stad Roeselare" in mail.body_html
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_refusing_a_request_mails_the_person_and_gives_nothing(app, browser, world):
    sign_up(browser)
    verify(app, browser)
    with app.app_context():
        request_id = membership.pending_request(user(ATTACKER)).id
    browser.login(world["coordinator"], PASSWORD)
    question_url = f"/account/members/requests/{request_id}/refuse"
    listing = browser.get("/account/members/requests").get_data(as_text=True)
    assert f'href="{question_url}"' in listing
    question = browser.get(question_url).get_data(as_text=True)
    assert "krijgt hierover een e-mail." in question
    assert browser.submit(question_url).status_code == 303  # a bare POST only asks
    refused = browser.confirm(
        f"/account/members/requests/{request_id}/refuse", page="/account/members/requests"
    )
    assert refused.status_code == 302
    with app.app_context():
        person = user(ATTACKER)
        assert person.organization_id is None
        assert db.session.get(Membership, request_id).status is MembershipStatus.refused
        assert len(mails("membership/refused", ATTACKER)) == 1
        assert mails("membership/granted", ATTACKER) == []
        # Decided once: granting afterwards is refused.
        with pytest.raises(Conflict):
            membership.grant(db.session.get(Membership, request_id), by=user(world["coordinator"]))


def test_a_contact_of_the_organization_grants_its_requests_and_nobody_else_does(
    app, browser, make_browser, world
):
    with app.app_context():
        roeselare = user(world["roeselare"])
        membership.live_membership(roeselare).contact = True
        colleague = create_person("collega@example.org", organization="Stad Roeselare")
        gent = create_person("gent-contact@example.org", organization="Stad Gent")
        membership.live_membership(gent).contact = True
        db.session.commit()
        assert colleague.organization_id == world["organization"]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    sign_up(browser)
    verify(app, browser)
    with app.app_context():
        request_id = membership.pending_request(user(ATTACKER)).id
        # The contact heard of the request; the colleague did not.
        assert len(mails("membership/to_decide", world["roeselare"])) == 1
        assert mails("membership/to_decide", "collega@example.org") == []
    # A plain member and another organization's contact: not theirs to decide.
    for outsider in ("collega@example.org", "gent-contact@example.org"):
        other = make_browser()
        other.login(outsider, PASSWORD)
        page = other.get("/account/members/requests")
        assert page.status_code == 403 or ATTACKER not in page.get_data(as_text=True)
        answer = other.submit(
            f"/account/members/requests/{request_id}/grant", page="/account/profile"
        )
        assert answer.status_code == 404
    # The asker cannot grant themselves.
    browser.login(ATTACKER, PASSWORD)
    assert (
        browser.submit(
            f"/account/members/requests/{request_id}/grant", page="/account/profile"
        ).status_code
        == 404
    )
    contact = make_browser()
    contact.login(world["roeselare"], PASSWORD)
    assert ATTACKER in contact.get("/account/members/requests").get_data(as_text=True)
    assert (
        contact.submit(
            f"/account/members/requests/{request_id}/grant", page="/account/members/requests"
        ).status_code
        == 302
    )
    with app.app_context():
        assert user(ATTACKER).organization_id == world["organization"]
        assert membership.live_membership(user(ATTACKER)).decided_by.email == world["roeselare"]
    # Now a member: the organization's work opens.
    assert browser.get(f"/organizations/{world['organization']}").status_code == 200


def _set_domains(name, domains, auto=True):
    organization = membership.find_organization(name)
    accounts.save_organization(
        organization,
        organization.name,
        organization.kind,
        organization.country,
        domains=accounts.parse_domains(domains),
        auto_grant_by_domain=auto,
    )


@pytest.mark.parametrize(
    ("email", "granted"),
    [
        ("an@roeselare.be", True),
        ("An@ROESELARE.BE", True),
        ("an@roeselare.be.evil.com", False),
        ("an@xroeselare.be", False),
        ("an@evil-roeselare.be", False),
        ("an@sub.roeselare.be", False),
        ('"an@roeselare.be"@evil.com', False),
    ],
)
def test_a_verified_address_on_the_organization_domain_is_granted_at_once(
    app, browser, world, email, granted
):
    with app.app_context():
        _set_domains("Stad Roeselare", "roeselare.be")
        person = accounts.sign_up(
            email=email,
            name="Domein",
            password=PASSWORD,
            organization_name="Stad Roeselare",
            function=accounts.Function.other,
            locale="nl",
        )
        # Not before the address is proven.
        assert person.organization_id is None
        assert membership.pending_request(person) is not None
        accounts.verify_email(accounts.verification_url(person).rsplit("/", 1)[1], PASSWORD)
        person = user(person.email)
        assert (person.organization_id == world["organization"]) is granted
        if granted:
            assert membership.live_membership(person).auto_granted
            assert len(mails("membership/granted", person.email)) == 1
        else:
            assert membership.pending_request(person) is not None


def test_no_automatic_grant_when_the_organization_does_not_allow_it_or_unverified(app, world):
    with app.app_context():
        _set_domains("Stad Roeselare", "roeselare.be", auto=False)
        person = create_person("an@roeselare.be", organization="Stad Gent")
        accounts.update_profile(
            person,
            name="An",
            organization_name="Stad Roeselare",
            function=person.function,
            locale="nl",
        )
        assert person.organization_id is None
        _set_domains("Stad Roeselare", "roeselare.be", auto=True)
        unverified = accounts.sign_up(
            email="niet@roeselare.be",
            name="Niet",
            password=PASSWORD,
            organization_name="Stad Roeselare",
            function=accounts.Function.other,
            locale="nl",
        )
        assert unverified.organization_id is None
        # Unverified requests are not shown to deciders and cannot be granted.
        coordinator = user(world["coordinator"])
        assert all(m.user_id != unverified.id for m in membership.requests_for(coordinator))
        with pytest.raises(ServiceError):
            membership.grant(membership.pending_request(unverified), by=coordinator)


def test_staff_resolve_a_name_that_matches_no_organization(app, browser, world):
    sign_up(browser, organization="Roeselare stad")
    verify(app, browser)
    with app.app_context():
        request = membership.pending_request(user(ATTACKER))
        assert request.organization is None
        coordinator = user(world["coordinator"])
        with pytest.raises(ServiceError):
            membership.grant(request, by=coordinator)
        membership.grant(
            request,
            by=coordinator,
            organization=db.session.get(Organization, world["organization"]),
        )
        assert user(ATTACKER).organization_id == world["organization"]


def test_mail_domains_are_checked(ctx):
    assert accounts.parse_domains("Roeselare.be, @stad.roeselare.be\noostende.be") == [
        "roeselare.be",
        "stad.roeselare.be",
        "oostende.be",
    ]
    for bad in ("roeselare", "evil com!", "roeselare.be/x", "-a.be"):
        with pytest.raises(ServiceError):
            accounts.parse_domains(bad)
    one = accounts.save_organization(
        None, "Een", OrganizationKind.civil_society, "BE", domains=["een.be"]
    )
    with pytest.raises(Conflict):
        accounts.save_organization(
            None, "Twee", OrganizationKind.civil_society, "BE", domains=["een.be"]
        )
    assert one.domain_names == ["een.be"]


def test_merging_moves_members_requests_and_work_to_the_survivor(app, world):
    with app.app_context():
        coordinator = user(world["coordinator"])
        duplicate = accounts.save_organization(
            None,
            "Stad Roeselare (dubbel)",
            OrganizationKind.municipality,
            "BE",
            domains=["roeselare.be"],
        )
        member = create_person("dubbel@example.org", organization="Stad Roeselare (dubbel)")
        asker = create_person("vrager@example.org", organization="Stad Gent")
        membership.ask(asker, "Stad Roeselare (dubbel)")
        track = db.session.get(ReviewRound, world["round"]).track
        registered(member, track)
        lesson = toolkits.create_lesson(
            member,
            track,
            title="Les",
            phase=PhaseKey.labo,
        )
        assert lesson.organization_id == duplicate.id
        survivor = db.session.get(Organization, world["organization"])
        with pytest.raises(NotAllowed):
            accounts.merge_organizations(survivor, duplicate, by=member)
        duplicate_id = duplicate.id
        accounts.merge_organizations(survivor, duplicate, by=coordinator)
        assert db.session.get(Organization, duplicate_id) is None
        assert user("dubbel@example.org").organization_id == survivor.id
        assert membership.pending_request(user("vrager@example.org")).organization_id == (
            survivor.id
        )
        assert db.session.get(type(lesson), lesson.id).organization_id == survivor.id
        assert survivor.domain_names == ["roeselare.be"]


def test_merging_two_organizations_of_one_round_is_refused_and_changes_nothing(app, world):
    with app.app_context():
        coordinator = user(world["coordinator"])
        roeselare = db.session.get(Organization, world["organization"])
        mol = membership.find_organization("Gemeente Mol")
        with pytest.raises(Conflict):
            accounts.merge_organizations(roeselare, mol, by=coordinator)
        db.session.expire_all()
        assert db.session.get(Organization, mol.id) is not None
        assert membership.find_organization("Gemeente Mol").members


def test_admin_pages_create_edit_and_merge_organizations(app, browser, world):
    browser.login(world["coordinator"], PASSWORD)
    created = browser.submit(
        "/admin/organizations/new",
        {
            "name": "Gemeente Nieuw",
            "kind": "civil_society",
            "country": "be",
            "mail_domains": "nieuw.be",
            "auto_grant_by_domain": "y",
        },
    )
    assert created.status_code == 302
    with app.app_context():
        new = membership.find_organization("Gemeente Nieuw")
        assert new.domain_names == ["nieuw.be"] and new.auto_grant_by_domain
        new_id = new.id
    bad = browser.submit(
        f"/admin/organizations/{new_id}",
        {
            "name": "Gemeente Nieuw",
            "kind": "civil_society",
            "country": "BE",
            "mail_domains": "nieuw",
        },
    )
    assert bad.status_code == 422
    merged = browser.confirm(
        f"/admin/organizations/{new_id}/merge",
        {"survivor_id": str(world["organization"])},
        page=f"/admin/organizations/{new_id}",
    )
    assert merged.status_code == 302
    with app.app_context():
        from lmb.core.audit import AuditEntry

        assert db.session.get(Organization, new_id) is None
        entry = db.session.scalar(
            select(AuditEntry).where(
                AuditEntry.entity == "organizations",
                AuditEntry.action == "delete",
                AuditEntry.entity_id == str(new_id),
            )
        )
        assert entry is not None and world["coordinator"] in entry.actor


def test_existing_people_keep_their_organization_as_granted(app, world):
    with app.app_context():
        for person in db.session.scalars(select(User).where(User.organization_id.is_not(None))):
            live = membership.live_membership(person)
            assert live.status is MembershipStatus.granted
            assert live.organization_id == person.organization_id


def test_the_demo_has_granted_members_a_contact_and_a_pending_request(app):
    from lmb.cli import seed

    result = app.test_cli_runner().invoke(seed, ["--demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        sofie = user("sofie@example.org")
        assert membership.is_contact_of(sofie, sofie.organization_id)
        nina = user("nina@example.org")
        assert nina.organization_id is None
        assert membership.pending_request(nina).organization_id == sofie.organization_id
        assert [m.user for m in membership.requests_for(sofie)] == [nina]
        people = db.session.scalars(select(User).where(User.email.like("%@example.org"))).all()
        assert all(
            membership.live_membership(p).status is MembershipStatus.granted
            for p in people
            if p.organization_id
        )
        assert re.search("nina", mails("membership/to_decide", sofie.email)[0].body_text, re.I)


def test_switching_back_and_forth_does_not_flood_the_contacts(app, world):
    with app.app_context():
        membership.live_membership(user(world["roeselare"])).contact = True
        db.session.commit()
        person = create_person("heen-en-weer@example.org", organization="Stad Gent")
        for name in ("Stad Roeselare", "Stad Gent", "stad roeselare", "Gemeente Mol") * 3:
            accounts.update_profile(
                person, name="H", organization_name=name, function=person.function, locale="nl"
            )
        assert len(mails("membership/to_decide", world["roeselare"])) == 1
        assert person.organization_id is None


def test_the_requests_are_in_the_data_export_and_go_with_the_account(app, world):
    from lmb.accounts.privacy import erase, personal_data

    with app.app_context():
        person = create_person("weg@example.org", organization="Stad Gent")
        membership.ask(person, "Stad Roeselare")
        exported = personal_data(person)["memberships"]
        assert [(m["status"], m["requested_name"]) for m in exported] == [
            ("ended", "Stad Gent"),
            ("asked", "Stad Roeselare"),
        ]
        erase(person, password=PASSWORD)
        assert person.organization_id is None
        assert (
            db.session.scalars(select(Membership).where(Membership.user_id == person.id)).all()
            == []
        )


def test_merging_keeps_one_link_where_both_took_part_without_conflicting_work(app):
    from lmb.peer_review.models import RoundOrganization
    from lmb.tracks.models import track_partners

    with app.app_context():
        built = build_round(phase=RoundPhase.setup, slug="samen")
        round_, track = built["round"], built["track"]
        mol = membership.find_organization("Gemeente Mol")
        twin = accounts.save_organization(
            None, "Mol (gemeente)", OrganizationKind.municipality, "BE"
        )
        db.session.add(RoundOrganization(round_id=round_.id, organization_id=twin.id))
        for organization in (mol, twin):
            db.session.execute(
                track_partners.insert().values(track_id=track.id, organization_id=organization.id)
            )
        db.session.commit()
        twin_id = twin.id
        accounts.merge_organizations(mol, twin, by=built["coordinator"])
        links = db.session.scalars(
            select(RoundOrganization.organization_id).where(RoundOrganization.round_id == round_.id)
        ).all()
        assert sorted(links).count(mol.id) == 1 and twin_id not in links
        partners = db.session.execute(select(track_partners.c.organization_id)).scalars().all()
        assert partners == [mol.id]
