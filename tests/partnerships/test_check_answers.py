"""The partnership forms whose save mails a group ask first (issue 14, check-your-answers in
lmb.core.views): a meeting of a partnership, the steering group's yearly meeting, the people
of a partnership. The first POST saves and mails nothing and says how many get which mail;
"change" brings the form back as typed; the confirmed POST saves and mails once. A save that
mails nobody (an activity that is no meeting) does not ask."""

import re
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.partnerships import services
from lmb.partnerships.models import PartnershipActivity, SteeringGroupMeeting
from lmb.scheduling.models import Session
from tests.builders import create_person
from tests.partnerships.builders import admin, open_candidate_call, partnership, seat

GROUP = "stuurgroep-sdg-partnerschappen"
BRUSSELS = ZoneInfo("Europe/Brussels")


def invites(app, kind="invite/session") -> list[str]:
    with app.app_context():
        emails = list(
            db.session.scalars(
                select(OutboundMessage.recipient_email)
                .where(OutboundMessage.kind == kind)
                .order_by(OutboundMessage.id)
            )
        )
        db.session.remove()
    return emails


def count(app, model) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
    return n


def day(days=40):
    return (utcnow().astimezone(BRUSSELS) + timedelta(days=days)).date()


@pytest.fixture
def world(app, seeded):
    """A partnership with two people, and the steering group with two members."""
    with app.app_context():
        boss = admin()
        made = partnership(boss)
        sofie = create_person("sofie@example.org")
        tom = create_person("tom@example.org")
        services.set_contacts(made, [sofie, tom], by=boss)
        call = open_candidate_call()
        for person, kind in ((sofie, "global_policy_officer"), (tom, "politician")):
            candidacy = services.stand_as_candidate(
                person, call, seat(call, kind), motivation="Ik doe graag mee."
            )
            services.select_candidacy(candidacy, by=boss)
        db.session.query(OutboundMessage).delete()
        db.session.commit()
        ids = {"slug": made.slug}
        db.session.remove()
    return ids


@pytest.fixture
def staff(make_browser, world):
    browser = make_browser()
    browser.login("admin@example.org")
    return browser


def activity_form(**fields) -> dict:
    return {
        "title": "Werkbezoek Huye",
        "description": "Samen de wijkwerking bekijken.",
        "title_fr": "",
        "description_fr": "",
        "starts_on": day().isoformat(),
        "ends_on": "",
        "side": "flemish",
        "planned_amount": "1000",
        "spent_amount": "0",
        "meeting": "y",
        "day": day().isoformat(),
        "starts": "09:30",
        "ends": "12:30",
        "location": "Gemeentehuis Merelbeke",
        "online_url": "",
        **fields,
    }


def test_a_meeting_of_a_partnership_asks_before_it_invites_its_people(app, world, staff):
    url = f"/partnerships/{world['slug']}/activities/new"
    values = activity_form()
    question = staff.submit(url, values)
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    assert "De bijeenkomst Werkbezoek Huye plannen?" in text
    assert "2 deelnemers van het partnerschap krijgen een uitnodiging per e-mail" in text
    assert "9.30–12.30 uur" in text
    # Every typed value travels with the question, and the two answers are buttons.
    assert 'name="location" value="Gemeentehuis Merelbeke"' in text
    assert 'name="description" value="Samen de wijkwerking bekijken."' in text
    assert '<button type="submit" name="confirmed" value="yes">' in text
    assert '<button type="submit" name="confirmed" value="change"' in text
    assert count(app, PartnershipActivity) == 0 and invites(app) == []
    # "Change": the form again, as typed, nothing made.
    again = staff.submit(url, {**values, "confirmed": "change"})
    assert again.status_code == 200
    page = again.get_data(as_text=True)
    assert 'value="Gemeentehuis Merelbeke"' in page and "Samen de wijkwerking bekijken." in page
    assert count(app, PartnershipActivity) == 0 and invites(app) == []
    saved = staff.confirm(url, values)
    assert saved.status_code == 302
    assert count(app, PartnershipActivity) == 1
    assert sorted(invites(app)) == ["sofie@example.org", "tom@example.org"]


def test_an_activity_that_is_no_meeting_mails_nobody_and_is_saved_at_once(app, world, staff):
    url = f"/partnerships/{world['slug']}/activities/new"
    saved = staff.submit(url, activity_form(meeting="", day="", starts="", ends="", location=""))
    assert saved.status_code == 302
    assert count(app, PartnershipActivity) == 1 and invites(app) == []


def test_moving_a_partnership_meeting_asks_and_a_text_change_does_not(app, world, staff):
    staff.confirm(f"/partnerships/{world['slug']}/activities/new", activity_form())
    with app.app_context():
        activity_id = db.session.scalar(select(PartnershipActivity.id))
        db.session.remove()
    url = f"/partnerships/activities/{activity_id}/edit"
    before = len(invites(app))
    moved = activity_form(starts="13:30", ends="16:30")
    question = staff.submit(url, moved)
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    assert "De bijeenkomst Werkbezoek Huye wijzigen?" in text
    assert "Van " in text and "13.30–16.30 uur" in text
    assert "2 deelnemers van het partnerschap krijgen de wijziging per e-mail" in text
    with app.app_context():
        session = db.session.scalar(select(Session))
        assert to_local(session.starts_at).time() == time(9, 30)
        db.session.remove()
    assert len(invites(app)) == before
    assert staff.confirm(url, moved).status_code == 302
    assert len(invites(app)) == before + 2
    # What calendars do not show (the amount) changes without a question or a mail.
    quiet = staff.submit(url, {**moved, "planned_amount": "1500"})
    assert quiet.status_code == 302
    assert len(invites(app)) == before + 2


def meeting_form(**fields) -> dict:
    return {
        "day": day(50).isoformat(),
        "starts": "14:00",
        "ends": "16:00",
        "location": "VVSG, Brussel",
        "online_url": "",
        "agenda": "Jaarverslag",
        **fields,
    }


def test_the_yearly_meeting_asks_before_it_invites_and_before_it_moves(app, world, staff):
    url = f"/steering-group/{GROUP}/meetings/new"
    question = staff.submit(url, meeting_form())
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    assert "2 leden van de stuurgroep krijgen een uitnodiging per e-mail" in text
    assert 'name="agenda" value="Jaarverslag"' in text
    assert count(app, SteeringGroupMeeting) == 0 and invites(app) == []
    again = staff.submit(url, {**meeting_form(), "confirmed": "change"})
    assert again.status_code == 200 and "Jaarverslag" in again.get_data(as_text=True)
    assert count(app, SteeringGroupMeeting) == 0
    assert staff.confirm(url, meeting_form()).status_code == 302
    assert count(app, SteeringGroupMeeting) == 1
    assert sorted(invites(app)) == ["sofie@example.org", "tom@example.org"]
    with app.app_context():
        meeting_id = db.session.scalar(select(SteeringGroupMeeting.id))
        db.session.remove()
    edit = f"/steering-group/meetings/{meeting_id}/edit"
    later = meeting_form(starts="15:00", ends="17:00")
    asked = staff.submit(edit, later)
    assert asked.status_code == 200
    assert "2 leden van de stuurgroep krijgen de wijziging per e-mail" in asked.get_data(
        as_text=True
    )
    assert len(invites(app)) == 2
    assert staff.confirm(edit, later).status_code == 302
    assert len(invites(app)) == 4
    # The agenda alone is no calendar change: saved without a question.
    assert staff.submit(edit, {**later, "agenda": "Jaarverslag en begroting"}).status_code == 302
    assert len(invites(app)) == 4


def test_changing_a_partnerships_people_asks_when_meetings_are_to_come(app, world, staff):
    slug = world["slug"]
    url = f"/partnerships/{slug}/contacts"
    edit = f"/partnerships/{slug}/edit"
    create_person_in(app, "lien@example.org")
    # No meeting to come: nobody is mailed, so no question.
    saved = staff.submit(url, {"contacts-emails": "sofie@example.org\ntom@example.org"}, page=edit)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(edit)
    staff.confirm(f"/partnerships/{slug}/activities/new", activity_form())
    before = len(invites(app))
    people = {"contacts-emails": "sofie@example.org\nlien@example.org"}
    question = staff.submit(url, people, page=edit)
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    assert "Het partnerschap heeft nog 1 bijeenkomst." in text
    assert "1 persoon die erbij komt, krijgt voor elke bijeenkomst een uitnodiging" in text
    assert "1 persoon die wegvalt, krijgt voor elke bijeenkomst een annulering" in text
    assert "sofie@example.org\nlien@example.org" in text
    assert len(invites(app)) == before
    with app.app_context():
        assert [p.email for p in services.partnership_by_slug(slug).contacts] == [
            "sofie@example.org",
            "tom@example.org",
        ]
        db.session.remove()
    # "Change": the partnership's page with the people as typed.
    again = staff.submit(url, {**people, "confirmed": "change"}, page=edit)
    assert again.status_code == 200
    assert "sofie@example.org\nlien@example.org" in again.get_data(as_text=True)
    assert len(invites(app)) == before
    assert staff.confirm(url, people, page=edit).status_code == 302
    assert len(invites(app)) == before + 2  # Lien's invitation, Tom's cancellation
    with app.app_context():
        assert sorted(p.email for p in services.partnership_by_slug(slug).contacts) == [
            "lien@example.org",
            "sofie@example.org",
        ]
        db.session.remove()


def create_person_in(app, email):
    with app.app_context():
        create_person(email)
        db.session.remove()


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en", "2 members of the steering group get an invitation by mail for their calendars."),
        ("fr", "2 membres du comité de pilotage reçoivent par e-mail une invitation pour leur"),
    ],
)
def test_the_question_speaks_the_readers_language(app, world, staff, locale, said):
    staff.submit("/account/locale", {"locale": locale, "next": "/"}, page="/")
    question = staff.submit(f"/steering-group/{GROUP}/meetings/new", meeting_form())
    assert question.status_code == 200
    assert said in question.get_data(as_text=True)


def test_a_meeting_planned_before_the_members_exist_asks_nothing(app, seeded, make_browser):
    with app.app_context():
        open_candidate_call()
        admin()
        db.session.remove()
    staff = make_browser()
    staff.login("admin@example.org")
    planned = staff.submit(f"/steering-group/{GROUP}/meetings/new", meeting_form())
    assert planned.status_code == 302
    assert count(app, SteeringGroupMeeting) == 1


def _hidden(html: str) -> dict:
    form = html[html.index('<div class="confirm-page">') :]
    values = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    values.pop("csrf_token", None)
    return values


def test_yes_sent_twice_makes_one_meeting_and_invites_once(app, world, staff):
    """A double click on "yes" (or Back and "yes" again) sends the same answer twice: the
    second is refused, so there is one activity and each person has one invitation."""
    url = f"/partnerships/{world['slug']}/activities/new"
    question = staff.submit(url, activity_form()).get_data(as_text=True)
    answer = {**_hidden(question), "confirmed": "yes"}
    assert answer["answer_token"] and answer["location"] == "Gemeentehuis Merelbeke"
    assert staff.submit(url, answer).status_code == 302
    again = staff.submit(url, answer)
    assert again.status_code == 409
    assert "er is niets een tweede keer gebeurd" in again.get_data(as_text=True)
    assert count(app, PartnershipActivity) == 1
    assert sorted(invites(app)) == ["sofie@example.org", "tom@example.org"]
    # Asked again, a second meeting of the same name is a new decision and is made.
    second = _hidden(staff.submit(url, activity_form()).get_data(as_text=True))
    assert second["answer_token"] != answer["answer_token"]
    assert staff.submit(url, {**second, "confirmed": "yes"}).status_code == 302
    assert count(app, PartnershipActivity) == 2
