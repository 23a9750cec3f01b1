"""A report on an action mails its owners and the programme's coordinators, and (a new status
in a published evaluation) the followers of the programme's themes: it asks first (issue 14,
check-your-answers in lmb.core.views). Nothing is saved or mailed before the answer; "change"
brings the form back as typed; a chosen file is chosen again on the question."""

import io

import sqlalchemy as sa

from lmb.accounts.models import User
from lmb.evaluations import services
from lmb.evaluations.models import Action, ActionStatus, ActionUpdate, Evaluation, Evidence
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage, Subscription
from tests.evaluations.test_pages import logged_in, plan  # noqa: F401 (the fixture)
from tests.partnerships.builders import pdf_bytes

REPORT = {
    "status": "in_progress",
    "note": "Sprekers gevraagd.",
    "evidence_kind": "url",
    "evidence_url": "https://www.vvsg.be/conferentie",
    "evidence_label": "Programma",
}


def _owned_and_followed(app, plan):  # noqa: F811
    """The action gets an owner; someone follows a theme of the evaluation's programme."""
    with app.app_context():
        action = db.session.get(Action, plan["action"])
        owner = db.session.get(User, plan["owner"])
        action.owners = [owner]
        evaluation = db.session.get(Evaluation, plan["evaluation"])
        track = services.programme_tracks(evaluation.programme)[0]
        db.session.add(Subscription(user_id=plan["other"], track_id=track.id))
        db.session.commit()
        db.session.remove()


def _told(app) -> list[str]:
    with app.app_context():
        emails = db.session.scalars(
            sa.select(OutboundMessage.recipient_email).where(
                OutboundMessage.kind == "evaluation/action_updated"
            )
        ).all()
        db.session.remove()
    return list(emails)


def _updates(app) -> int:
    with app.app_context():
        n = db.session.scalar(sa.select(sa.func.count()).select_from(ActionUpdate))
        db.session.remove()
    return n


def test_a_report_says_who_hears_of_it_and_is_saved_only_when_confirmed(
    plan,  # noqa: F811
    app,
    make_browser,
):
    _owned_and_followed(app, plan)
    coordinator = logged_in(make_browser, "coordinator@example.org")
    action_page = f"/evaluations/actions/{plan['action']}"
    url = f"{action_page}/update"
    question = coordinator.submit(url, REPORT, page=action_page)
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    assert "Uw verslag over de actie versturen?" in text
    assert "De status gaat van Gepland naar Bezig." in text
    assert "1 eigenaar of coördinator krijgt uw verslag per e-mail." in text
    assert "1 persoon die de thema&#39;s van het programma volgt, hoort de nieuwe status" in text
    assert 'name="note" value="Sprekers gevraagd."' in text
    assert 'name="evidence_url" value="https://www.vvsg.be/conferentie"' in text
    assert _updates(app) == 0 and _told(app) == []
    # "Change": the action's page with the report as typed, nothing saved.
    again = coordinator.submit(url, {**REPORT, "confirmed": "change"}, page=action_page)
    assert again.status_code == 200
    page = again.get_data(as_text=True)
    assert "Sprekers gevraagd." in page and 'value="https://www.vvsg.be/conferentie"' in page
    assert _updates(app) == 0 and _told(app) == []
    saved = coordinator.confirm(url, REPORT, page=action_page)
    assert saved.status_code == 302
    assert _updates(app) == 1
    assert _told(app) == ["eigenaar@example.org"]
    with app.app_context():
        assert db.session.get(Action, plan["action"]).status is ActionStatus.in_progress
        db.session.remove()


def test_a_chosen_file_is_chosen_again_on_the_question(plan, app, make_browser):  # noqa: F811
    _owned_and_followed(app, plan)
    coordinator = logged_in(make_browser, "coordinator@example.org")
    action_page = f"/evaluations/actions/{plan['action']}"
    url = f"{action_page}/update"
    report = {"status": "planned", "note": "Verslag bijgevoegd.", "evidence_kind": "file"}
    question = coordinator.submit(
        url,
        {**report, "evidence_file": (io.BytesIO(pdf_bytes()), "verslag.pdf")},
        page=action_page,
        content_type="multipart/form-data",
    )
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in text
    assert 'type="file"' in text and 'name="evidence_file"' in text
    assert "kies verslag.pdf opnieuw" in text
    # The same status: only the owner and coordinators hear of it, not the followers.
    assert "volgt" not in text
    assert _updates(app) == 0
    saved = coordinator.confirm(
        url,
        {**report, "evidence_file": (io.BytesIO(pdf_bytes()), "verslag.pdf")},
        page=action_page,
        content_type="multipart/form-data",
    )
    assert saved.status_code == 302
    with app.app_context():
        [evidence] = db.session.scalars(sa.select(Evidence)).all()
        assert evidence.filename == "verslag.pdf"
        db.session.remove()
    assert _told(app) == ["eigenaar@example.org"]


def test_a_report_that_mails_nobody_is_saved_at_once(plan, app, make_browser):  # noqa: F811
    """No owner, no coordinator of the programme, nobody following: no question."""
    coordinator = logged_in(make_browser, "coordinator@example.org")
    action_page = f"/evaluations/actions/{plan['action']}"
    saved = coordinator.submit(f"{action_page}/update", REPORT, page=action_page)
    assert saved.status_code == 302
    assert _updates(app) == 1 and _told(app) == []
