"""Erasure leaves no name in what stays: an approved lesson stays under an anonymous author,
so it must not name that author in its title, text or attachment's file name (issue 12)."""

import io

from sqlalchemy import select

from lmb.accounts.models import Role, User
from lmb.extensions import db
from lmb.toolkits import services as toolkits
from lmb.toolkits.models import Lesson, LessonStatus, ToolkitKind
from tests.accounts.test_privacy_domains import (
    EMAIL,
    NAME,
    OLD_EMAIL,
    PASSWORD,
    _mentions,
    _scene,
    acting_as,
)
from tests.peer_review.builders import pdf_bytes


def test_an_erased_author_is_not_named_by_their_published_lesson(app, seeded, make_browser):
    scene = _scene(app)
    with app.app_context():
        zoe = db.session.get(User, scene["id"])
        track = db.session.get(Lesson, scene["published"]).track
        with acting_as(app, zoe):
            lesson = toolkits.create_lesson(
                zoe,
                track,
                title=f"Les van {NAME}",
                body=f"Geschreven door {NAME} ({EMAIL}); vragen? Mail {NAME.split()[-1]}.",
                phase=db.session.get(Lesson, scene["published"]).phase,
            )
            toolkits.add_attachment(
                lesson, by=zoe, stream=io.BytesIO(pdf_bytes("x")), filename=f"Verslag {NAME}.pdf"
            )
            toolkits.submit_lesson(lesson, by=zoe)
        other = db.session.scalar(
            select(User).where(User.role == Role.coordinator, User.id != zoe.id)
        )
        with acting_as(app, other):
            toolkits.approve_lesson(lesson, by=other)
            # A colleague's published toolkit cites it: its frozen version lists the title.
            kit = toolkits.create_toolkit(
                track, by=other, kind=ToolkitKind.step_plan, title="Stappen van een collega"
            )
            toolkits.add_item(kit, by=other, title="Stap", body="Doe.", lesson_ids=[lesson.id])
            toolkits.publish(kit, by=other)
        lesson_id, kit_id = lesson.id, kit.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()

    browser = make_browser()
    browser.login(EMAIL)
    done = browser.submit(
        "/account/privacy/erase", {"password": PASSWORD, "understood": "y"}, page="/account/privacy"
    )
    assert done.status_code == 302

    with app.app_context():
        assert _mentions([NAME, EMAIL]) == []
        lesson = db.session.get(Lesson, lesson_id)
        assert lesson.status is LessonStatus.approved and lesson.author_id is None
        assert lesson.title == "Les van —"
        assert lesson.attachments[0].filename == "Verslag —.pdf"
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    for path in (f"/toolkits/{kit_id}", f"/toolkits/{kit_id}/latest.md"):
        assert NAME not in make_browser().get(path).get_data(as_text=True), path
    page = make_browser().get(f"/lessons/{lesson_id}")
    assert page.status_code == 200
    assert "Les van —" in page.get_data(as_text=True)


def test_the_download_holds_the_changes_to_their_account_and_where_mail_went(
    app, seeded, make_browser
):
    """What the log and the outbox hold about a person without pointing at them as its
    author: the changes an administrator made to their account, the addresses mail went to."""
    _scene(app)
    browser = make_browser()
    browser.login(EMAIL)
    data = browser.get("/account/privacy/data.json").get_json()
    changed = [e["changes"] for e in data["audit"] if "changes" in e]
    assert any(c.get("role") == ["participant", "coordinator"] for c in changed)
    assert any(NAME in (c.get("name") or []) for c in changed)
    addresses = {m["to"] for m in data["notifications"]["messages"]}
    assert OLD_EMAIL in addresses and EMAIL in addresses


def test_mail_to_the_address_before_it_had_an_account_is_in_the_download(app, make_browser):
    from lmb.accounts.services import request_password_reset

    with app.test_request_context():
        request_password_reset("later@example.org")
        db.session.commit()  # the test calls the service: it flushes, the caller commits
    with app.app_context():
        from lmb.accounts.services import create_verified_user

        create_verified_user(
            email="later@example.org", name="Later", role=Role.participant, password=PASSWORD
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    browser = make_browser()
    browser.login("later@example.org", PASSWORD)
    messages = browser.get("/account/privacy/data.json").get_json()["notifications"]["messages"]
    assert [m["to"] for m in messages] == ["later@example.org"]


def test_what_stays_of_their_peer_review_work_does_not_name_them(app, seeded, make_browser):
    """The documents, reviews and conflicts stay with the organization, 'no longer under your
    name': not in a file name, a signed summary, a comment or a note either."""
    from lmb.peer_review.models import Conflict, Review, SubmissionVersion

    scene = _scene(app)
    with app.app_context():
        version = db.session.scalar(
            select(SubmissionVersion).where(SubmissionVersion.uploaded_by_id == scene["id"])
        )
        version.filename = f"Plan {NAME}.pdf"
        review = db.session.scalar(select(Review).where(Review.author_id == scene["id"]))
        review.summary = f"Sterk plan. Getekend, {NAME} ({EMAIL})"
        review.scores[0].comment = f"Zie de nota van {NAME}."
        conflict = db.session.scalar(select(Conflict).where(Conflict.declared_by_id == scene["id"]))
        conflict.note = f"{NAME} werkte voor beide"
        db.session.commit()
        ids = version.id, review.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()

    browser = make_browser()
    browser.login(EMAIL)
    done = browser.submit(
        "/account/privacy/erase", {"password": PASSWORD, "understood": "y"}, page="/account/privacy"
    )
    assert done.status_code == 302
    with app.app_context():
        assert _mentions([NAME, EMAIL]) == []
        assert db.session.get(SubmissionVersion, ids[0]).filename == "Plan —.pdf"
        assert db.session.get(Review, ids[1]).summary.startswith("Sterk plan. Getekend, —")
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_the_application_and_outcome_they_wrote_do_not_name_them(app, seeded, make_browser):
    from lmb.partnerships.models import OutcomeRecord, PartnershipApplication

    scene = _scene(app)
    with app.app_context():
        application = db.session.scalar(
            select(PartnershipApplication).where(
                PartnershipApplication.submitted_by_id == scene["id"]
            )
        )
        application.motivation = f"Contact: {NAME}, {EMAIL}."
        record = db.session.scalar(
            select(OutcomeRecord).where(OutcomeRecord.recorded_by_id == scene["id"])
        )
        record.confirmed_by = NAME
        record.sources = f"Gesprek met {NAME}"
        db.session.commit()
        ids = application.id, record.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    browser = make_browser()
    browser.login(EMAIL)
    browser.submit(
        "/account/privacy/erase", {"password": PASSWORD, "understood": "y"}, page="/account/privacy"
    )
    with app.app_context():
        assert _mentions([NAME, EMAIL]) == []
        assert db.session.get(OutcomeRecord, ids[1]).confirmed_by == "—"
        assert "erased-" in db.session.get(PartnershipApplication, ids[0]).motivation
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
