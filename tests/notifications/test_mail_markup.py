"""No text a person typed ever becomes markup in a mail (issue 12).

Every mail kind (found in the domains' mail template folders, tests.mail_templates: a new kind
without a case here fails) is written through its real path (the event receiver, reminder
rule or draft builder that the app uses, and enqueue into the outbox) with a link and an image
tag in every value a person could type: names, titles, places, organization names, reasons.
The HTML part must show them as text (&lt;...), the text part as typed.
"""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import select

from lmb import events
from lmb.extensions import db
from lmb.notifications.models import Frequency, NewsItem, OutboundMessage, Subscription
from lmb.partnerships.models import ApplicationStatus, PartnershipCall
from lmb.peer_review import mail as review_mail
from lmb.peer_review.models import RoundPhase
from lmb.scheduling import services as scheduling
from lmb.tracks import reminders as session_reminders
from lmb.tracks import reminders as track_reminders
from lmb.tracks.models import PhaseKey, TrackInterest
from tests.builders import brussels, create_open_track, create_person, create_track, registered
from tests.evaluations.mail_cases import cases as evaluation_cases
from tests.mail_templates import mail_templates
from tests.partnerships.mail_cases import cases as partnership_cases

KINDS = sorted(mail_templates(".html"))

LINK = '<a href="https://evil.example/">x</a>'
IMAGE = "<img src=x onerror=alert(1)>"


def typed(what: str) -> str:
    """A value a person typed, with markup in it."""
    return f"{what} {LINK} {IMAGE}"


LOCALE = {"value": "nl"}
# The recipients' zone (tests/notifications/test_mail_zones.py writes every kind for Kigali).
ZONE = {"value": "Europe/Brussels"}


def _person(email="sofie@example.org", **kwargs):
    kwargs.setdefault("time_zone", ZONE["value"])
    user = create_person(email, locale=LOCALE["value"], **kwargs)
    user.name = typed("Sofie")
    user.organization.name = typed(f"Organization of {email}")
    db.session.commit()
    return user


def _url(path="x") -> str:
    return f"http://127.0.0.1:5000/{path}"


# One case per kind: it writes at least one message of that kind into the outbox.


def account_verify():
    events.verification_requested.send(_person(), verify_url=_url("account/verify/abc"))


def account_reset():
    events.password_reset_requested.send(_person(), reset_url=_url("account/reset/abc"))


def account_password_changed():
    events.password_changed.send(_person())


def account_locked():
    events.account_locked.send(_person(), locked_until=datetime.now(UTC) + timedelta(minutes=15))


def account_signup_attempt():
    events.sign_up_attempted.send(_person())


def account_reset_unknown():
    # The form only lets a valid address through; the mail escapes whatever it is given.
    events.password_reset_unknown.send(typed("nobody@example.org"), locale=LOCALE["value"])


def _membership_request():
    """Sofie (verified, typed name) asks to join an organization whose name was typed too."""
    from lmb.accounts import membership

    create_person("admin@example.org", role="admin", locale=LOCALE["value"])
    user = _person()
    wanted = create_person("other@example.org", organization=typed("Gemeente")).organization
    return membership.ask(user, wanted.name), user


def membership_asked():
    _membership_request()


def membership_to_decide():
    _membership_request()


def membership_granted():
    from lmb.accounts import membership
    from lmb.accounts.models import User

    request, _ = _membership_request()
    admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    membership.grant(request, by=admin)


def membership_refused():
    from lmb.accounts import membership
    from lmb.accounts.models import User

    request, _ = _membership_request()
    admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    membership.refuse(request, by=admin)


def _track_with_session():
    user = _person()
    track = create_track("t", typed("Track"))
    registered(user, track)
    scheduling.create_session(
        track,
        phase=PhaseKey.labo,
        title=typed("Session"),
        starts_at=datetime.now(UTC) + timedelta(hours=20),
        ends_at=datetime.now(UTC) + timedelta(hours=22),
        location=typed("Place"),
        agenda=typed("Agenda"),
    )
    db.session.commit()
    return user, track


def invite_session():
    _track_with_session()


def reminder_session():
    _track_with_session()
    db.session.execute(db.delete(OutboundMessage))
    assert session_reminders.upcoming_sessions(datetime.now(UTC)), "no reminder was due"
    from lmb.notifications.outbox import enqueue_many

    enqueue_many(session_reminders.upcoming_sessions(datetime.now(UTC)))


def reminder_registration_closing():
    from lmb.notifications.outbox import enqueue_many

    user = _person()
    track = create_open_track("t", typed("Track"), closes_in_days=20)
    db.session.add(TrackInterest(track_id=track.id, user_id=user.id))
    db.session.commit()
    enqueue_many(
        track_reminders.registration_closing(track.registration_closes_at - timedelta(days=1))
    )


def news_registration_open():
    user = _person()
    track = create_open_track("t", typed("Track"))
    track.summary = typed("Summary")
    db.session.add(TrackInterest(track_id=track.id, user_id=user.id))
    db.session.commit()
    events.track_opened.send(track)


def registration_waitlisted():
    from lmb.tracks import services as track_services

    track = create_open_track("t", typed("Track"), capacity=1)
    registered(_person("first@example.org"), track)
    track_services.register(_person(), track)
    db.session.commit()


def news_item():
    user = _person()
    track = create_track("t", typed("Track"))
    db.session.add(Subscription(user_id=user.id, track_id=track.id))
    db.session.commit()
    events.theme_news.send(
        track, key="news:1", title=typed("News"), summary=typed("Summary"), url=_url("t/1")
    )


def news_digest():
    from lmb.notifications.outbox import enqueue_many

    user = _person()
    track = create_track("t", typed("Track"))
    db.session.add(Subscription(user_id=user.id, track_id=track.id, frequency=Frequency.weekly))
    db.session.add(
        NewsItem(
            key="news:1",
            track_id=track.id,
            title=typed("News"),
            summary=typed("Summary"),
            url=_url("t/1"),
            created_at=brussels(2026, 3, 4, 12),
        )
    )
    db.session.commit()
    enqueue_many(track_reminders.weekly_digest(brussels(2026, 3, 9, 9)))


def _lesson(author, coordinator=None):
    track = SimpleNamespace(
        title=typed("Track"), slug="t", coordinators=[coordinator] if coordinator else []
    )
    return SimpleNamespace(
        id=1, title=typed("Lesson"), track=track, author=author, submitted_at=datetime.now(UTC)
    )


def lesson_returned():
    events.lesson_returned.send(_lesson(_person()), comment=typed("Comment"))


def lesson_submitted():
    author = SimpleNamespace(name=typed("Author"))
    events.lesson_submitted.send(_lesson(author, coordinator=_person(role="coordinator")))


def _group():
    # id -1: a group without members in the database, so only the mail of the case is written
    return SimpleNamespace(id=-1, slug="g", name=typed("Steering group"), meetings=[])


def partnerships_member_added():
    member = SimpleNamespace(
        id=1, steering_group=_group(), user=_person(), seat=SimpleNamespace(label=typed("Seat"))
    )
    events.steering_group_member_added.send(member)


def _candidacy():
    call = SimpleNamespace(steering_group=_group(), title=typed("Call"))
    return SimpleNamespace(
        id=1, call=call, user=_person(), seat=SimpleNamespace(label=typed("Seat"))
    )


def partnerships_candidacy_received():
    events.candidacy_submitted.send(_candidacy())


def partnerships_candidacy_declined():
    events.candidacy_declined.send(_candidacy())


def _application(status, id=1, email="sofie@example.org"):
    return SimpleNamespace(
        id=id,
        status=status,
        submitted_by=_person(email),
        # A call as stored, French beside Dutch: the mail reads the recipient's language.
        call=PartnershipCall(title=typed("Call"), title_fr=typed("Appel")),
        organization=SimpleNamespace(name=typed("Municipality")),
        partnership=SimpleNamespace(title=typed("Partnership"), slug="p"),
    )


def partnerships_application_received():
    events.partnership_application_submitted.send(_application(ApplicationStatus.submitted))


def partnerships_application_decided():
    events.partnership_application_decided.send(_application(ApplicationStatus.selected))
    events.partnership_application_decided.send(
        _application(ApplicationStatus.declined, id=2, email="other@example.org")
    )


def review_notice():
    user = _person()
    organization = SimpleNamespace(id=user.organization_id, name=typed("Organization"))
    round_ = SimpleNamespace(
        id=1,
        title=typed("Round"),
        deliverable=typed("Plan"),
        context_title=typed("Track"),
        track=SimpleNamespace(coordinators=[_person("coordinator@example.org")]),
        track_id=None,
        organizations=[organization],
        phase=RoundPhase.submission,
        submission_deadline=datetime.now(UTC) + timedelta(days=2),
        review_deadline=datetime.now(UTC) + timedelta(days=9),
    )
    events.review_phase_changed.send(round_, old=RoundPhase.setup)
    submission = SimpleNamespace(
        id=1, round=round_, organization=organization, organization_id=organization.id
    )
    assignment = SimpleNamespace(
        id=1,
        reviewer_id=organization.id,
        reviewer=SimpleNamespace(name=typed("Reviewer")),
        submission=submission,
        decline_reason=typed("Reason"),
    )
    events.reviewers_assigned.send(round_, assignments=[assignment])
    events.review_declined.send(assignment, replacement=assignment)
    events.reviews_released.send(submission)
    # The reminders: their lines interpolate the round's texts too.
    from lmb.notifications.outbox import enqueue_many

    enqueue_many(
        review_mail._drafts(
            [user],
            key="reminder",
            subject=review_mail._reminder_subject(True, "due", round_),
            lines=[review_mail._reminder_line(True, "overdue", round_, datetime.now(UTC))],
            items=[typed("Work")],
            url=_url(),
            label=_l("Open the round"),
        )
    )


CASES = {
    "account/verify": account_verify,
    "account/reset": account_reset,
    "account/password_changed": account_password_changed,
    "account/locked": account_locked,
    "account/signup_attempt": account_signup_attempt,
    "account/reset_unknown": account_reset_unknown,
    "membership/asked": membership_asked,
    "membership/to_decide": membership_to_decide,
    "membership/granted": membership_granted,
    "membership/refused": membership_refused,
    "invite/session": invite_session,
    "reminder/session": reminder_session,
    "reminder/registration_closing": reminder_registration_closing,
    "news/registration_open": news_registration_open,
    "registration/waitlisted": registration_waitlisted,
    "news/item": news_item,
    "news/digest": news_digest,
    "lesson/returned": lesson_returned,
    "lesson/submitted": lesson_submitted,
    "partnerships/member_added": partnerships_member_added,
    "partnerships/candidacy_received": partnerships_candidacy_received,
    "partnerships/candidacy_declined": partnerships_candidacy_declined,
    "partnerships/application_received": partnerships_application_received,
    "partnerships/application_decided": partnerships_application_decided,
    "review/notice": review_notice,
    **evaluation_cases(_person, typed),
    **partnership_cases(_person, typed),
}


def test_every_mail_kind_has_a_case():
    assert sorted(CASES) == KINDS, "a mail kind without a case in this test (or a stale case)"


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_typed_markup_stays_text_in_every_mail_kind(app, kind, locale):
    case = CASES.get(kind)
    assert case is not None, f"add a case for the mail kind {kind}"
    with app.test_request_context():
        LOCALE["value"] = locale
        case()
        db.session.commit()
        messages = db.session.scalars(
            select(OutboundMessage).where(OutboundMessage.kind == kind)
        ).all()
        assert messages, f"the case wrote no {kind} message"
        for message in messages:
            html, text = message.body_html, message.body_text
            assert message.locale == locale
            assert '<a href="https://evil' not in html, html
            assert "<img" not in html, html
            assert str(escape(LINK)) in html and str(escape(IMAGE)) in html
            # Each value shown in the text part is shown, escaped, in the HTML part as well.
            assert html.count("&lt;img") >= text.count("<img") >= 1, (text, html)
            assert LINK in text and IMAGE in text
            assert "&lt;" not in text and "&amp;" not in text
            assert "\n" not in message.subject and "<img" in message.subject + text
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_a_lazy_string_escapes_what_is_put_into_it(app):
    """flask-babel's LazyString calls itself safe HTML; the values in it are not (lmb.core.i18n)."""
    with app.test_request_context():
        lazy = _l("News in %(theme)s: %(title)s", theme=LINK, title=Markup("<b>ours</b>"))
        html = str(escape(lazy))
        assert "<a href" not in html and "&lt;a href=" in html
        assert "<b>ours</b>" in html  # Markup given on purpose stays markup
        assert str(lazy) == f"News in {LINK}: <b>ours</b>" or str(lazy).startswith("Nieuws")
        assert "%" not in str(escape(_l("SDG %(number)s", number=7)))
