"""The steering group: the call with its deadline and three seats, candidacies, selection, and
the yearly meeting reaching members as calendar invites and reminders."""

from datetime import date, time, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from lmb.core.errors import Conflict, NotAllowed
from lmb.core.models import utcnow
from lmb.core.timezones import local_datetime, to_local
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.notifications.sweep import sweep
from lmb.partnerships import services
from lmb.partnerships.models import CandidacyStatus
from lmb.partnerships.services import CallClosed
from tests.builders import create_person
from tests.outbox import flush
from tests.partnerships.builders import (
    admin,
    open_candidate_call,
    seat,
    seeded_call,
    steering_group,
)


def mails(kind=None, to=None):
    query = select(OutboundMessage).order_by(OutboundMessage.id)
    if kind:
        query = query.where(OutboundMessage.kind == kind)
    if to:
        query = query.where(OutboundMessage.recipient_email == to)
    return list(db.session.scalars(query))


def event_of(message):
    calendar = Calendar.from_ical(message.ical)
    return str(calendar["METHOD"]), calendar.walk("VEVENT")[0]


def meeting_day(days=60):
    return to_local(utcnow() + timedelta(days=days)).date()


def test_the_seeded_call_has_the_deadline_and_the_three_seats(ctx, seeded):
    call = seeded_call()
    assert to_local(call.closes_at).date() == date(2022, 9, 15)
    assert [s.kind.name for s in call.seats] == [
        "politician",
        "global_policy_officer",
        "general_director",
    ]
    assert "de gemeente in Europa en de wereld" in seat(call, "politician").description
    group = call.steering_group
    assert (group.meets_from, group.meets_until) == (2022, 2026)


def test_a_candidacy_after_the_deadline_is_refused_with_a_clear_message(ctx, seeded):
    call = seeded_call()
    person = create_person("late@example.org")
    with pytest.raises(CallClosed) as refusal:
        services.stand_as_candidate(
            person, call, seat(call, "global_policy_officer"), motivation="Graag!"
        )
    assert "do 15 sep 2022" in refusal.value.message
    assert "deze oproep is gesloten" in refusal.value.message
    # One second before the deadline it is still accepted.
    candidacy = services.stand_as_candidate(
        person,
        call,
        seat(call, "global_policy_officer"),
        motivation="Net op tijd.",
        now=call.closes_at - timedelta(seconds=1),
    )
    assert candidacy.status is CandidacyStatus.submitted


def test_the_page_refuses_a_late_candidacy_and_says_why(app, browser, seeded, make_user):
    with app.app_context():
        call = seeded_call()
        seat_id = seat(call, "general_director").id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    make_user(email="late@example.org")
    browser.login("late@example.org")
    page = browser.get("/steering-group/stuurgroep-sdg-partnerschappen").get_data(as_text=True)
    assert "de deadline is voorbij" in page.lower()
    response = browser.submit(
        "/steering-group/calls/oproep-stuurgroep-2022/apply",
        {"call1-seat": str(seat_id), "call1-motivation": "Te laat"},
        page="/steering-group/stuurgroep-sdg-partnerschappen",
    )
    assert response.status_code == 422
    assert "do 15 sep 2022" in response.get_data(as_text=True)
    with app.app_context():
        assert services.candidacies(seeded_call()) == []


def test_selection_makes_a_member_who_is_invited_to_the_yearly_meeting(ctx, seeded):
    call = open_candidate_call()
    boss = admin()
    group = call.steering_group
    services.schedule_meeting(
        group,
        by=boss,
        starts_at=local_datetime(meeting_day(), time(14)),
        ends_at=local_datetime(meeting_day(), time(16)),
        location="VVSG, Bischoffsheimlaan 1-8, 1000 Brussel",
    )
    person = create_person("lotte@example.org")
    candidacy = services.stand_as_candidate(
        person, call, seat(call, "general_director"), motivation="Ervaring als algemeen directeur."
    )
    assert [m.kind for m in mails(to="lotte@example.org")] == ["partnerships/candidacy_received"]
    services.select_candidacy(candidacy, by=boss)
    assert candidacy.status is CandidacyStatus.selected
    assert [m.user.email for m in services.members(group)] == ["lotte@example.org"]
    [invite] = mails(kind="invite/session", to="lotte@example.org")
    method, event = event_of(invite)
    assert method == "REQUEST"
    assert (
        str(event["SUMMARY"])
        == f"Stuurgroep SDG-partnerschappen: Jaarlijkse bijeenkomst {meeting_day().year}"
    )
    assert "Stuurgroep SDG-partnerschappen" in invite.body_text
    assert mails(kind="partnerships/member_added", to="lotte@example.org")


def test_members_follow_the_meeting_when_it_is_planned_moved_and_reminded(ctx, seeded):
    call = open_candidate_call()
    boss = admin()
    group = call.steering_group
    for email, kind in (
        ("sofie@example.org", "global_policy_officer"),
        ("tom@example.org", "politician"),
    ):
        person = create_person(email)
        candidacy = services.stand_as_candidate(
            person, call, seat(call, kind), motivation="Ik doe graag mee.", committee_member=True
        )
        services.select_candidacy(candidacy, by=boss)
    day = meeting_day(30)
    meeting = services.schedule_meeting(
        group,
        by=boss,
        starts_at=local_datetime(day, time(14)),
        ends_at=local_datetime(day, time(16)),
        online_url="https://meet.example.org/stuurgroep",
    )
    invites = mails(kind="invite/session")
    assert sorted(m.recipient_email for m in invites) == ["sofie@example.org", "tom@example.org"]
    services.move_meeting(
        meeting,
        by=boss,
        starts_at=local_datetime(day, time(15)),
        ends_at=local_datetime(day, time(17)),
    )
    [first, moved] = [event_of(m)[1] for m in mails(kind="invite/session", to="tom@example.org")]
    assert str(first["UID"]) == str(moved["UID"])
    assert int(moved["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    # Reminders: 7 days and 1 day before, for members only, once.
    before = meeting.session.starts_at - timedelta(days=7) + timedelta(minutes=1)
    assert sweep(before) == 2
    assert sweep(before) == 0
    reminders = mails(kind="reminder/session")
    assert sorted(m.recipient_email for m in reminders) == ["sofie@example.org", "tom@example.org"]
    assert "Stuurgroep SDG-partnerschappen" in reminders[0].body_text


def test_a_member_who_leaves_gets_the_invite_withdrawn(ctx, seeded):
    call = open_candidate_call()
    boss = admin()
    person = create_person("jan@example.org")
    member = services.select_candidacy(
        services.stand_as_candidate(person, call, seat(call, "politician"), motivation="Ja"),
        by=boss,
    )
    day = meeting_day(40)
    services.schedule_meeting(
        call.steering_group,
        by=boss,
        starts_at=local_datetime(day, time(10)),
        ends_at=local_datetime(day, time(12)),
        location="Brussel",
    )
    services.end_membership(member, by=boss)
    request, cancel = mails(kind="invite/session", to="jan@example.org")
    assert event_of(request)[0] == "REQUEST" and event_of(cancel)[0] == "CANCEL"
    assert int(event_of(cancel)[1]["SEQUENCE"]) >= int(event_of(request)[1]["SEQUENCE"])
    # The meeting goes on: only Jan is removed from it (RFC 5546 section 3.2.5).
    assert "STATUS" not in event_of(cancel)[1]
    assert "de bijeenkomst zelf gaat door" in cancel.body_text
    assert services.members(call.steering_group) == []


def test_a_seat_holds_one_member_and_only_admins_select(ctx, seeded):
    call = open_candidate_call()
    boss = admin()
    first = create_person("a@example.org")
    second = create_person("b@example.org")
    one = services.stand_as_candidate(first, call, seat(call, "politician"), motivation="A")
    two = services.stand_as_candidate(second, call, seat(call, "politician"), motivation="B")
    with pytest.raises(NotAllowed):
        services.select_candidacy(one, by=create_person("coord@example.org", role="coordinator"))
    services.select_candidacy(one, by=boss)
    with pytest.raises(Conflict):
        services.select_candidacy(two, by=boss)
    with pytest.raises(Conflict):
        services.stand_as_candidate(first, call, seat(call, "general_director"), motivation="C")


def test_the_meeting_is_once_a_year_within_2022_to_2026(ctx, seeded):
    group = steering_group()
    boss = admin()
    from lmb.core.errors import ServiceError

    with pytest.raises(ServiceError, match="2022"):
        services.schedule_meeting(
            group,
            by=boss,
            starts_at=local_datetime(date(2027, 10, 5), time(14)),
            ends_at=local_datetime(date(2027, 10, 5), time(16)),
            location="Brussel",
        )


def test_a_member_sees_the_groups_meetings_on_the_overview(app, make_browser, seeded):
    from tests.tracks.test_seed import run_seed

    run_seed(app, "--demo")
    member = make_browser()
    member.login("lotte@example.org", password="demo-wachtwoord")
    page = member.get("/partnerships/").get_data(as_text=True)
    assert "Uw bijeenkomsten van de stuurgroep" in page
    assert "Jaarlijkse bijeenkomst 2026" in page
    group_page = member.get("/steering-group/stuurgroep-sdg-partnerschappen").get_data(as_text=True)
    assert "Lotte Maes" in group_page and "Tom Janssens" in group_page


def test_the_api_describes_the_group_its_call_deadline_seats_and_meetings(app, browser, seeded):
    from tests.tracks.test_seed import run_seed

    run_seed(app, "--demo")
    body = browser.get("/api/v1/steering-groups/stuurgroep-sdg-partnerschappen").get_json()
    assert body["name"] == "Stuurgroep SDG-partnerschappen"
    assert (body["meets_from"], body["meets_until"]) == (2022, 2026)
    [call] = body["calls"]
    assert call["closes_at"].startswith("2022-09-14T22:00:00")  # 15 September, Brussels
    assert (call["published_on"], call["last_day"]) == ("2022-07-14", "2022-09-14")
    assert call["open"] is False
    assert call["seats"] == ["politician", "global_policy_officer", "general_director"]
    assert [s["members"][0]["name"] for s in body["seats"]] == [
        "Tom Janssens",
        "Sofie Peeters",
        "Lotte Maes",
    ]
    assert [m["year"] for m in body["meetings"]] == [2022, 2023, 2024, 2025, 2026]
    missing = browser.get("/api/v1/steering-groups/nope")
    assert missing.status_code == 404 and missing.get_json()["error"]["message"]


def test_a_cancelled_meeting_is_withdrawn_and_the_year_can_be_planned_again(
    ctx, seeded, smtp_server
):
    call = open_candidate_call()
    boss = admin()
    person = create_person("sofie@example.org")
    services.select_candidacy(
        services.stand_as_candidate(person, call, seat(call, "politician"), motivation="Ja"),
        by=boss,
    )
    group = call.steering_group
    day = meeting_day(20)
    first = services.schedule_meeting(
        group,
        by=boss,
        starts_at=local_datetime(day, time(14)),
        ends_at=local_datetime(day, time(16)),
        location="Brussel",
    )
    with pytest.raises(Conflict):
        services.schedule_meeting(
            group,
            by=boss,
            starts_at=local_datetime(day, time(10)),
            ends_at=local_datetime(day, time(12)),
            location="Brussel",
        )
    first_session = first.session
    # The invitation leaves first: a CANCEL goes only to whom a REQUEST reached.
    flush()
    services.cancel_meeting(first, by=boss)
    again = services.schedule_meeting(
        group,
        by=boss,
        starts_at=local_datetime(day + timedelta(days=1), time(14)),
        ends_at=local_datetime(day + timedelta(days=1), time(16)),
        location="Brussel",
    )
    assert again.session.uid != first_session.uid
    sent = [(m.ical_method, event_of(m)[1]["UID"]) for m in mails(kind="invite/session")]
    assert [method for method, _ in sent] == ["REQUEST", "CANCEL", "REQUEST"]
    assert str(sent[0][1]) == str(sent[1][1]) != str(sent[2][1])


def test_a_members_meetings_are_in_their_agenda_and_calendar_feed(app, seeded, make_browser):
    from lmb.accounts.services import calendar_token

    with app.app_context():
        call = open_candidate_call()
        boss = admin()
        group = call.steering_group
        services.schedule_meeting(
            group,
            by=boss,
            starts_at=local_datetime(meeting_day(), time(14)),
            ends_at=local_datetime(meeting_day(), time(16)),
            location="VVSG, Bischoffsheimlaan 1-8, 1000 Brussel",
        )
        person = create_person("lid@example.org")
        outsider = create_person("buiten@example.org")
        candidacy = services.stand_as_candidate(
            person, call, seat(call, "general_director"), motivation="Ervaring."
        )
        services.select_candidacy(candidacy, by=boss)
        tokens = {"lid": calendar_token(person), "buiten": calendar_token(outsider)}
        year = meeting_day().year
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    client = app.test_client()
    feed = Calendar.from_ical(client.get(f"/calendar/{tokens['lid']}.ics").data)
    summaries = [str(e["SUMMARY"]) for e in feed.walk("VEVENT")]
    assert f"Stuurgroep SDG-partnerschappen: Jaarlijkse bijeenkomst {year}" in summaries
    other = Calendar.from_ical(client.get(f"/calendar/{tokens['buiten']}.ics").data)
    assert not other.walk("VEVENT")
    member = make_browser()
    member.login("lid@example.org")
    agenda = member.get("/agenda").get_data(as_text=True)
    assert "Mijn andere bijeenkomsten" in agenda and "Stuurgroep SDG-partnerschappen" in agenda


def test_a_candidates_data_download_holds_their_candidacy(app, seeded, make_browser):
    import json

    with app.app_context():
        call = open_candidate_call()
        person = create_person("kandidaat@example.org")
        services.stand_as_candidate(
            person, call, seat(call, "general_director"), motivation="Mijn motivatie."
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    browser = make_browser()
    browser.login("kandidaat@example.org")
    data = json.loads(browser.get("/account/privacy/data.json").data)
    assert data["partnerships"]["candidacies"][0]["motivation"] == "Mijn motivatie."
