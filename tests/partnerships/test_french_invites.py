"""Invites and reminders of the sessions of partnerships are written in their recipient's
language (issue 18): a partnership activity's meeting carries the activity's French title and
description for a French reader, in the mail's subject and body and in the calendar event
written for them (SUMMARY, DESCRIPTION); a Dutch colleague gets the Dutch. The steering
group's yearly meeting is named in the reader's language too, with its French agenda. Writing
them leaves no "only available in Dutch" notice on the page of the request that sends them."""

from datetime import time, timedelta

from flask import render_template_string
from icalendar import Calendar
from sqlalchemy import select

from lmb.accounts.services import calendar_token
from lmb.core.models import utcnow
from lmb.core.timezones import local_datetime, to_local
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.notifications.sweep import sweep
from lmb.partnerships import services
from lmb.partnerships.models import Side
from lmb.partnerships.visits import plan_visit
from tests.builders import create_person
from tests.partnerships.builders import admin, coordinator, open_candidate_call, partnership, seat

DUTCH = "Werkoverleg over de waterbronnen"
FRENCH = "Réunion de travail sur les sources d’eau"
DUTCH_AGENDA = "We bespreken de herstelling van de bronnen."
FRENCH_AGENDA = "Nous discutons de la réparation des sources."
NOTICE = "{% for language in untranslated_languages() %}[{{ language }}]{% endfor %}"


def mail_to(email, kind):
    return db.session.scalars(
        select(OutboundMessage)
        .where(OutboundMessage.recipient_email == email, OutboundMessage.kind == kind)
        .order_by(OutboundMessage.id)
    ).all()[-1]


def event_of(message):
    return Calendar.from_ical(message.ical).walk("VEVENT")[0]


def meeting_activity(staff, p, day, *, title_fr=FRENCH, description_fr=FRENCH_AGENDA):
    return services.save_activity(
        p,
        None,
        by=staff,
        title=DUTCH,
        description=DUTCH_AGENDA,
        title_fr=title_fr,
        description_fr=description_fr,
        starts_on=day,
        ends_on=day,
        side=Side.flemish,
        planned_amount="0.00",
        spent_amount="0",
        meeting=services.Meeting(
            starts_at=local_datetime(day, time(10)),
            ends_at=local_datetime(day, time(11)),
            online_url="https://meet.example.org/huye",
        ),
    )


def test_a_french_partner_gets_the_activitys_meeting_in_french_a_dutch_colleague_in_dutch(
    ctx, seeded
):
    staff = coordinator()
    p = partnership(staff)
    aline = create_person(
        "aline@example.rw", locale="fr", organization="", time_zone="Africa/Kigali"
    )
    lotte = create_person("lotte@example.org", organization="Gemeente Merelbeke")
    services.set_contacts(p, [aline, lotte], by=staff)
    day = to_local(utcnow() + timedelta(days=20)).date()
    activity = meeting_activity(staff, p, day)
    assert activity.session.title == DUTCH  # the session keeps the Dutch: it is content

    french = mail_to("aline@example.rw", "invite/session")
    assert french.locale == "fr"
    assert french.subject.startswith(f"Invitation : {FRENCH} le ")
    assert FRENCH in french.body_text and FRENCH in french.body_html
    assert DUTCH not in french.subject + french.body_text + french.body_html
    event = event_of(french)
    assert str(event["SUMMARY"]) == f"Gemeente Merelbeke – Huye: {FRENCH}"
    assert FRENCH_AGENDA in str(event["DESCRIPTION"])
    assert DUTCH_AGENDA not in str(event["DESCRIPTION"])

    dutch = mail_to("lotte@example.org", "invite/session")
    assert DUTCH in dutch.subject and DUTCH in dutch.body_text and DUTCH in dutch.body_html
    assert FRENCH not in dutch.subject + dutch.body_text + dutch.body_html + dutch.ical
    assert str(event_of(dutch)["SUMMARY"]) == f"Gemeente Merelbeke – Huye: {DUTCH}"
    # The two events are one session: same UID and SEQUENCE, whatever their language.
    assert event_of(dutch)["UID"] == event["UID"]
    assert int(event_of(dutch)["SEQUENCE"]) == int(event["SEQUENCE"])

    # A move is announced in each reader's language, and so is a contact added later.
    services.save_activity(
        p,
        activity,
        by=staff,
        title=DUTCH,
        description=DUTCH_AGENDA,
        starts_on=day,
        ends_on=day,
        side=Side.flemish,
        planned_amount="0.00",
        spent_amount="0",
        meeting=services.Meeting(
            starts_at=local_datetime(day, time(14)),
            ends_at=local_datetime(day, time(15)),
            online_url="https://meet.example.org/huye",
        ),
    )
    moved = mail_to("aline@example.rw", "invite/session")
    assert moved.subject.startswith(f"Modifié : {FRENCH}") or FRENCH in moved.subject
    assert str(event_of(moved)["SUMMARY"]).endswith(FRENCH)
    marie = create_person("marie@example.rw", locale="fr", organization="")
    services.set_contacts(p, [aline, lotte, marie], by=staff)
    assert str(event_of(mail_to("marie@example.rw", "invite/session"))["SUMMARY"]).endswith(FRENCH)

    # The reminder alike, with the French description as its agenda.
    before = activity.session.starts_at - timedelta(days=1) + timedelta(minutes=1)
    assert sweep(before) >= 2
    reminder = mail_to("aline@example.rw", "reminder/session")
    assert reminder.subject.startswith(f"Rappel : {FRENCH} le ")
    assert FRENCH in reminder.body_text and FRENCH_AGENDA in reminder.body_text
    assert DUTCH not in reminder.body_text + reminder.body_html
    dutch_reminder = mail_to("lotte@example.org", "reminder/session")
    assert DUTCH in dutch_reminder.subject and DUTCH_AGENDA in dutch_reminder.body_text
    assert FRENCH not in dutch_reminder.body_text


def test_without_a_french_title_the_french_reader_gets_the_dutch_and_the_page_no_notice(
    app, seeded
):
    with app.app_context():
        staff = coordinator()
        p = partnership(staff)
        aline = create_person("aline@example.rw", locale="fr", organization="")
        services.set_contacts(p, [aline], by=staff)
        db.session.commit()
        p_id, staff_id = p.id, staff.id
        db.session.remove()

    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        p = db.session.get(type(p), p_id)
        staff = db.session.get(type(staff), staff_id)
        day = to_local(utcnow() + timedelta(days=20)).date()
        meeting_activity(staff, p, day, title_fr="", description_fr="")
        mail = mail_to("aline@example.rw", "invite/session")
        assert mail.locale == "fr" and mail.subject.startswith(f"Invitation : {DUTCH} le ")
        assert str(event_of(mail)["SUMMARY"]).endswith(DUTCH)
        assert DUTCH_AGENDA in str(event_of(mail)["DESCRIPTION"])
        assert render_template_string(NOTICE) == ""
        db.session.rollback()
        db.session.remove()


def test_the_yearly_meeting_is_named_in_each_members_language(ctx, seeded):
    call = open_candidate_call()
    boss = admin()
    group = call.steering_group
    for email, kind, locale in (
        ("aline@example.bj", "global_policy_officer", "fr"),
        ("tom@example.org", "politician", "nl"),
    ):
        person = create_person(email, locale=locale)
        candidacy = services.stand_as_candidate(
            person, call, seat(call, kind), motivation="Graag.", committee_member=True
        )
        services.select_candidacy(candidacy, by=boss)
    day = to_local(utcnow() + timedelta(days=30)).date()
    meeting = services.schedule_meeting(
        group,
        by=boss,
        starts_at=local_datetime(day, time(14)),
        ends_at=local_datetime(day, time(16)),
        online_url="https://meet.example.org/stuurgroep",
        agenda="Jaarverslag",
    )
    meeting.agenda_fr = "Rapport annuel"
    db.session.flush()
    year = to_local(meeting.session.starts_at).year
    french = mail_to("aline@example.bj", "invite/session")
    # Planned before the French agenda was written: the Dutch agenda, the French title.
    assert french.subject.startswith(f"Invitation : Réunion annuelle {year} le ")
    assert str(event_of(french)["SUMMARY"]).endswith(f": Réunion annuelle {year}")
    dutch = mail_to("tom@example.org", "invite/session")
    assert f"Jaarlijkse bijeenkomst {year}" in dutch.subject
    assert str(event_of(dutch)["SUMMARY"]).endswith(f": Jaarlijkse bijeenkomst {year}")

    sweep(meeting.session.starts_at - timedelta(days=7) + timedelta(minutes=1))
    reminder = mail_to("aline@example.bj", "reminder/session")
    assert f"Réunion annuelle {year}" in reminder.subject
    assert "Rapport annuel" in reminder.body_text and "Jaarverslag" not in reminder.body_text
    assert "Jaarverslag" in mail_to("tom@example.org", "reminder/session").body_text


def test_a_visit_is_named_in_each_invitees_language(ctx, seeded):
    staff = coordinator()
    sofie = create_person("sofie@example.org", organization="Stad Roeselare")
    create_person("emma@example.org", locale="en", organization="Stad Roeselare")
    starts_at = utcnow() + timedelta(days=20)
    plan_visit(
        by=staff,
        municipality=sofie.organization,
        track=None,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        location="Stadhuis Roeselare",
    )
    english = mail_to("emma@example.org", "invite/session")
    assert english.subject.startswith("Invitation: Visit to Stad Roeselare on ")
    assert "Bezoek aan" not in english.body_text + english.ical
    summary = "Visit to Stad Roeselare: Visit to Stad Roeselare"
    assert str(event_of(english)["SUMMARY"]) == summary
    dutch = mail_to("sofie@example.org", "invite/session")
    assert "Bezoek aan Stad Roeselare" in dutch.subject
    assert str(event_of(dutch)["SUMMARY"]).startswith("Bezoek aan Stad Roeselare")


def test_the_feed_the_agenda_and_the_ics_of_a_french_partner_show_the_french(app, browser, seeded):
    with app.app_context():
        staff = coordinator()
        p = partnership(staff)
        aline = create_person("aline@example.rw", locale="fr", organization="")
        lotte = create_person("lotte@example.org", organization="Gemeente Merelbeke")
        services.set_contacts(p, [aline, lotte], by=staff)
        day = to_local(utcnow() + timedelta(days=20)).date()
        session_id = meeting_activity(staff, p, day).session.id
        tokens = {u.email: calendar_token(u) for u in (aline, lotte)}
        db.session.commit()
        db.session.remove()

    client = app.test_client()

    def feed_event(email):
        response = client.get(f"/calendar/{tokens[email]}.ics")
        assert response.status_code == 200
        return Calendar.from_ical(response.data).walk("VEVENT")[0]

    french = feed_event("aline@example.rw")
    assert str(french["SUMMARY"]) == f"Gemeente Merelbeke – Huye: {FRENCH}"
    assert FRENCH_AGENDA in str(french["DESCRIPTION"])
    dutch = feed_event("lotte@example.org")
    assert str(dutch["SUMMARY"]) == f"Gemeente Merelbeke – Huye: {DUTCH}"
    assert DUTCH_AGENDA in str(dutch["DESCRIPTION"])

    browser.login("aline@example.rw")
    page = browser.get("/agenda").get_data(as_text=True)
    assert FRENCH in page and DUTCH not in page
    single = browser.get(f"/sessions/{session_id}/event.ics")
    event = Calendar.from_ical(single.data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]).endswith(FRENCH)
