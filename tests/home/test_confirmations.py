"""Every destructive or mass-mail action asks first: its page links to a confirmation page
(the GET of the action's own URL) that says what will happen, with numbers, and only that
page's form does it (tests/core/test_asks_first.py holds the whole class)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lmb.accounts.models import User
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.models import Subscription
from lmb.peer_review.models import ReviewRound, RoundPhase
from lmb.scheduling.models import Session, SessionStatus
from lmb.toolkits import services as toolkits
from lmb.toolkits.models import Toolkit, ToolkitKind
from lmb.tracks.models import Registration, RegistrationStatus
from tests.builders import create_open_track, create_person, create_session, registered
from tests.home.helpers import steering_group_meeting
from tests.peer_review.builders import build_round, submit
from tests.toolkits.helpers import a_toolkit, a_track


def confirm_form(html: str) -> str:
    """The action of the confirmation page's one form."""
    match = re.search(
        r'<div class="confirm-page">.*?<form method="post" action="([^"]+)"', html, re.S
    )
    assert match, html[:3000]
    return match.group(1)


def ask_then_do(browser, page: str, link: str, data=None):
    """Follow `link` on `page` (it must be there) to the question, then answer yes."""
    html = browser.get(page).get_data(as_text=True)
    assert f'href="{link}' in html, f"{link} not linked on {page}"
    question = browser.get(link)
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    action = confirm_form(text)
    # The form's hidden values come along, as a browser sends them.
    form = text[text.index('<div class="confirm-page">') :]
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    hidden.pop("csrf_token", None)
    return text, browser.submit(action, {**hidden, **(data or {})}, page=link)


@pytest.fixture
def track_scene(app):
    with app.app_context():
        now = utcnow()
        track = create_open_track("participatie", "Participatie", capacity=5, starts_in_days=40)
        coordinator = create_person("coord@example.org", role="coordinator", organization="VVSG")
        track.coordinators.append(coordinator)
        session = create_session(track, now + timedelta(days=30), title="Labo 1")
        create_session(track, now + timedelta(days=31), title="Labo 2")
        for n in range(11):
            registered(create_person(f"deelnemer{n}@example.org"), track)
        sofie = create_person("sofie@example.org")
        registration = registered(sofie, track)
        waiting = registered(
            create_person("wacht@example.org"), track, RegistrationStatus.waitlisted
        )
        waiting.waitlist_position = 1
        db.session.commit()
        result = {"session": session.id, "registration": registration.id, "slug": track.slug}
        db.session.remove()
    return result


def test_cancelling_a_session_says_how_many_participants_get_a_cancellation(
    track_scene, make_browser, app
):
    coordinator = make_browser()
    coordinator.login("coord@example.org")
    session_id = track_scene["session"]
    text, done = ask_then_do(
        coordinator, f"/sessions/{session_id}/edit", f"/sessions/{session_id}/cancel"
    )
    assert "12 deelnemers krijgen een annulering" in text
    assert "Ja, annuleer de bijeenkomst" in text
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Session, session_id).status is SessionStatus.cancelled
        db.session.remove()


def test_cancelling_my_registration_asks_first_and_names_what_i_lose(
    track_scene, make_browser, app
):
    sofie = make_browser()
    sofie.login("sofie@example.org")
    registration = track_scene["registration"]
    text, done = ask_then_do(
        sofie, f"/tracks/{track_scene['slug']}", f"/registrations/{registration}/cancel"
    )
    assert "U geeft uw plaats in Participatie op." in text
    assert "De uitnodigingen voor 2 komende bijeenkomsten verdwijnen uit de agenda." in text
    assert "De eerste persoon op de wachtlijst krijgt de plaats." in text
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Registration, registration).status is RegistrationStatus.cancelled
        db.session.remove()
    # Someone else's registration: no question either.
    stranger = make_browser()
    stranger.login("deelnemer1@example.org")
    assert stranger.get(f"/registrations/{registration}/cancel").status_code in (403, 404)


def test_a_new_calendar_address_is_asked_for_first(track_scene, make_browser, app):
    sofie = make_browser()
    sofie.login("sofie@example.org")
    before = sofie.get("/agenda").get_data(as_text=True)
    old = re.search(r'id="feed-url"[^>]*value="([^"]+)"', before).group(1)
    text, done = ask_then_do(sofie, "/agenda", "/agenda/feed")
    assert "Uw huidige agenda-adres werkt meteen niet meer." in text
    assert done.status_code == 302
    after = sofie.get("/agenda").get_data(as_text=True)
    assert old not in after


def test_publishing_a_toolkit_says_how_many_followers_hear_of_it(app, make_browser):
    with app.app_context():
        track, coordinator, participant = a_track()
        toolkit = a_toolkit(track, coordinator, ToolkitKind.manual, [("Stap", "Tekst", [])])
        for n in range(3):
            follower = create_person(f"volger{n}@example.org")
            db.session.add(Subscription(user_id=follower.id, track_id=track.id))
        db.session.commit()
        ids = toolkit.id, coordinator.email
        db.session.remove()
    toolkit_id, email = ids
    coordinator = make_browser()
    coordinator.login(email)
    text, done = ask_then_do(
        coordinator, f"/toolkits/{toolkit_id}/edit", f"/toolkits/{toolkit_id}/publish"
    )
    assert (
        "3 personen die het thema Duurzaam aankoopbeleid volgen, krijgen er een e-mail over."
        in text
    )
    assert "versie 1" in text
    assert done.status_code == 302
    with app.app_context():
        assert toolkits.latest_version(db.session.get(Toolkit, toolkit_id)).number == 1
        db.session.remove()


def test_switching_a_phase_before_its_deadline_says_it_is_early(app, make_browser):
    with app.app_context():
        built = build_round(phase=RoundPhase.submission, slug="vroeg")
        for person in built["people"].values():
            submit(built["round"], person)
        round_id, email = built["round"].id, built["coordinator"].email
        db.session.remove()
    coordinator = make_browser()
    coordinator.login(email)
    text, done = ask_then_do(
        coordinator, f"/review-rounds/{round_id}", f"/review-rounds/{round_id}/phase"
    )
    assert "Vroeger dan gepland" in text
    assert re.search(r"\d+ mails? (wordt|worden) verstuurd", text)
    assert 'name="expected" value="submission"' in text
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(ReviewRound, round_id).phase is RoundPhase.assessment
        db.session.remove()
    # After its deadline, no warning.
    with app.app_context():
        round_ = db.session.get(ReviewRound, round_id)
        round_.review_deadline = utcnow() - timedelta(minutes=5)
        round_.submission_deadline = utcnow() - timedelta(days=1)
        db.session.commit()
        db.session.remove()
    late = coordinator.get(f"/review-rounds/{round_id}/phase").get_data(as_text=True)
    assert "Vroeger dan gepland" not in late


@pytest.mark.parametrize(
    "page, link",
    [
        ("/lessons/{lesson}/edit", "/lessons/{lesson}/delete"),
        ("/toolkits/{toolkit}/edit", "/toolkits/{toolkit}/delete"),
        ("/toolkits/{toolkit}/edit", "/toolkit-items/{item}/delete"),
    ],
)
def test_deleting_lessons_and_toolkits_asks_first(app, make_browser, page, link):
    with app.app_context():
        track, coordinator, participant = a_track()
        lesson = toolkits.create_lesson(
            participant,
            track,
            title="Mijn les",
            body="",
            phase=track.phases[0].key,
            session=None,
            sdgs=(),
            tags=(),
        )
        toolkit = a_toolkit(track, coordinator, ToolkitKind.manual, [("Stap", "Tekst", [])])
        ids = {"lesson": lesson.id, "toolkit": toolkit.id, "item": toolkit.items[0].id}
        email = coordinator.email
        db.session.commit()
        db.session.remove()
    coordinator = make_browser()
    coordinator.login(email)
    text, done = ask_then_do(coordinator, page.format(**ids), link.format(**ids))
    assert "definitief" in text or "verdwijnt" in text
    assert done.status_code == 302
    stranger = make_browser()
    create = app.app_context()
    with create:
        create_person("vreemde@example.org")
        db.session.commit()
        db.session.remove()
    stranger.login("vreemde@example.org")
    assert stranger.get(link.format(**ids)).status_code in (403, 404)


def test_a_post_without_the_question_only_asks(track_scene, make_browser, app):
    """A POST that did not come from the confirmation page (an old form, a stray button) is
    sent to the question and changes nothing; the API has its own endpoints."""
    coordinator = make_browser()
    coordinator.login("coord@example.org")
    session_id = track_scene["session"]
    response = coordinator.submit(f"/sessions/{session_id}/cancel", page="/agenda")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/sessions/{session_id}/cancel"
    with app.app_context():
        assert db.session.get(Session, session_id).status is SessionStatus.scheduled
        db.session.remove()
    response = coordinator.confirm(f"/sessions/{session_id}/cancel", page="/agenda")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Session, session_id).status is SessionStatus.cancelled
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) > 0
        db.session.remove()


def test_ending_a_membership_and_cancelling_the_meeting_ask_first(app, seeded, make_browser):
    from lmb.partnerships.models import SteeringGroupMember

    with app.app_context():
        built = steering_group_meeting("lid0@example.org", "lid1@example.org")
        db.session.commit()
        ids = {
            "member": built["members"][0].id,
            "meeting": built["meeting"].id,
            "slug": built["call"].steering_group.slug,
            "admin": built["admin"].email,
        }
        db.session.remove()
    browser = make_browser()
    browser.login(ids["admin"])
    text, done = ask_then_do(
        browser,
        f"/steering-group/{ids['slug']}",
        f"/steering-group/members/{ids['member']}/end",
    )
    assert "de zetel komt vrij" in text
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(SteeringGroupMember, ids["member"]).ended_at is not None
        db.session.remove()
    text, done = ask_then_do(
        browser,
        f"/steering-group/meetings/{ids['meeting']}/edit",
        f"/steering-group/meetings/{ids['meeting']}/cancel",
    )
    # One member is left: one cancellation.
    assert "1 persoon krijgt een annulering" in text
    assert done.status_code == 302


def test_releasing_reviews_says_how_many_people_are_mailed(app, make_browser):
    from lmb.peer_review import services as peer_review
    from lmb.peer_review.teams import team
    from tests.peer_review.builders import answers

    with app.app_context():
        built = build_round(phase=RoundPhase.assessment, slug="vrijgeven")
        round_, mol = built["round"], built["people"]["mol"]
        assignment = peer_review.assignments_of(round_, mol.organization_id)[0]
        peer_review.save_review(
            assignment, by=mol, answers=answers(round_), summary="", submit=True
        )
        peer_review.switch_phase(round_, by=built["coordinator"])
        reviewed = assignment.submission
        people = len(team(round_, reviewed.organization_id))
        ids = round_.id, built["coordinator"].email
        db.session.commit()
        db.session.remove()
    round_id, email = ids
    coordinator = make_browser()
    coordinator.login(email)
    text, done = ask_then_do(
        coordinator, f"/review-rounds/{round_id}", f"/review-rounds/{round_id}/release"
    )
    assert "De reviews van 1 inzending worden leesbaar" in text
    expected = "persoon krijgt" if people == 1 else "personen krijgen"
    assert f"{people} {expected} een e-mail dat de reviews klaar zijn." in text
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(ReviewRound, round_id).submissions
        released = [s for s in db.session.get(ReviewRound, round_id).submissions if s.released_at]
        assert len(released) == 1
        db.session.remove()


def test_revoking_a_token_and_merging_an_organization_ask_first(app, make_browser):
    from lmb.accounts.models import ApiToken, Organization
    from lmb.accounts.services import create_api_token

    with app.app_context():
        sofie = create_person("sofie@example.org")
        token, _secret = create_api_token(sofie, "Mijn script")
        create_person("coordinator@example.org", role="coordinator", organization="VVSG")
        create_person("lid@example.org", organization="Gemeente Dubbel")
        absorbed = db.session.scalar(
            sa.select(Organization).where(Organization.name == "Gemeente Dubbel")
        )
        survivor = db.session.scalar(
            sa.select(Organization).where(Organization.name == "Stad Roeselare")
        )
        db.session.commit()
        ids = {"token": token.id, "absorbed": absorbed.id, "survivor": survivor.id}
        db.session.remove()
    sofie = make_browser()
    sofie.login("sofie@example.org")
    text, done = ask_then_do(sofie, "/account/tokens", f"/account/tokens/{ids['token']}/revoke")
    assert "verliest meteen zijn toegang" in text
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(ApiToken, ids["token"]).revoked_at is not None
        db.session.remove()

    staff = make_browser()
    staff.login("coordinator@example.org")
    page = staff.get(f"/admin/organizations/{ids['absorbed']}").get_data(as_text=True)
    assert f'method="get" action="/admin/organizations/{ids["absorbed"]}/merge"' in page
    question = staff.get(
        f"/admin/organizations/{ids['absorbed']}/merge?survivor_id={ids['survivor']}"
    ).get_data(as_text=True)
    assert "1 lid gaat over naar Stad Roeselare." in question
    assert "Gemeente Dubbel verdwijnt uit het register" in question
    hidden = re.search(r'name="survivor_id" value="(\d+)"', question).group(1)
    merged = staff.confirm(
        f"/admin/organizations/{ids['absorbed']}/merge",
        {"survivor_id": hidden},
        page=f"/admin/organizations/{ids['absorbed']}/merge?survivor_id={ids['survivor']}",
    )
    assert merged.status_code == 302
    with app.app_context():
        assert db.session.get(Organization, ids["absorbed"]) is None
        db.session.remove()
    # Without a choice, back to the organization's page with the message.
    unchosen = staff.get(f"/admin/organizations/{ids['survivor']}/merge")
    assert unchosen.status_code == 302


def test_a_switch_that_is_not_possible_says_why_and_offers_no_button(app, make_browser):
    with app.app_context():
        built = build_round(phase=RoundPhase.submission, slug="leeg")
        round_id, email = built["round"].id, built["coordinator"].email
        db.session.remove()
    coordinator = make_browser()
    coordinator.login(email)
    response = coordinator.get(f"/review-rounds/{round_id}/phase")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Er is nog niets ingediend." in html
    assert '<form method="post"' not in html.split('<div class="confirm-page">')[1]


def test_no_question_when_the_track_has_started(app, make_browser):
    from datetime import date

    from tests.builders import create_track

    with app.app_context():
        track = create_track("gestart", "Gestart traject", starts_on=date(2020, 1, 1))
        registration = registered(create_person("sofie@example.org"), track)
        registration_id = registration.id
        db.session.remove()
    sofie = make_browser()
    sofie.login("sofie@example.org")
    assert "/registrations/" not in sofie.get("/tracks/gestart").get_data(as_text=True)
    answer = sofie.get(f"/registrations/{registration_id}/cancel", follow_redirects=True)
    assert "alleen de coördinatoren kunnen nu nog een" in answer.get_data(as_text=True)
    assert '<div class="confirm-page">' not in answer.get_data(as_text=True)


def test_the_same_yes_sent_twice_is_refused_the_second_time(track_scene, make_browser, app):
    """A double click, or Back and "yes" once more, sends the question's answer again: the
    second time it is refused (409, said plainly) and nothing is done or mailed twice."""
    coordinator = make_browser()
    coordinator.login("coord@example.org")
    session_id = track_scene["session"]
    link = f"/sessions/{session_id}/cancel"
    text, done = ask_then_do(coordinator, f"/sessions/{session_id}/edit", link)
    assert done.status_code == 302
    form = text[text.index('<div class="confirm-page">') :]
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    hidden.pop("csrf_token")
    assert hidden.get("answer_token")
    with app.app_context():
        mails = db.session.scalar(sa.text("SELECT count(*) FROM outbound_messages"))
        db.session.remove()
    again = coordinator.submit(confirm_form(text), hidden, page=link)
    assert again.status_code == 409
    assert "Dit antwoord was al ontvangen" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM outbound_messages")) == mails
        db.session.remove()
    # A new question is a new answer.
    question = coordinator.get(link).get_data(as_text=True)
    assert f'value="{hidden["answer_token"]}"' not in question
