"""Review deadlines in a person's calendar feed, parsed back with icalendar."""

from icalendar import Calendar

from lmb.accounts.services import calendar_token
from lmb.extensions import db
from lmb.peer_review import services
from lmb.peer_review.models import RoundPhase
from tests.peer_review.builders import build_round


def _events(client, token):
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    return {str(e["uid"]): e for e in Calendar.from_ical(response.data).walk("VEVENT")}


def test_deadlines_follow_the_round_in_the_personal_feed(app):
    with app.app_context():
        built = build_round()
        round_, mol = built["round"], built["people"]["mol"]
        token = calendar_token(mol)
        stranger_token = calendar_token(built["coordinator"])
        round_id = round_.id
        submission_deadline, review_deadline = round_.submission_deadline, round_.review_deadline
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    client = app.test_client()
    events = _events(client, token)
    submit_uid = f"review-round-{round_id}-submission@127.0.0.1"
    review_uid = f"review-round-{round_id}-review@127.0.0.1"
    assert events[submit_uid]["dtstart"].dt == submission_deadline
    assert events[review_uid]["dtstart"].dt == review_deadline
    assert "meerjarenplan" in str(events[submit_uid]["summary"])
    assert not any(uid.startswith("review-round") for uid in _events(client, stranger_token))

    with app.app_context():
        round_ = services.get_round(round_id)
        services.update_round(
            round_,
            by=round_.track.coordinators[0],
            review_deadline=review_deadline.replace(hour=15),
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    events = _events(client, token)
    assert events[review_uid]["dtstart"].dt == review_deadline.replace(hour=15)


def test_the_submission_deadline_leaves_the_feed_once_assessment_starts(app):
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment)
        token = calendar_token(built["people"]["mol"])
        round_id = built["round"].id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    uids = set(_events(app.test_client(), token))
    assert f"review-round-{round_id}-review@127.0.0.1" in uids
    assert f"review-round-{round_id}-submission@127.0.0.1" not in uids
