"""Lessons learned: who may write them, moderation (draft → submitted → approved or sent
back), the library's search and filters, and voedingsbodem themes."""

from __future__ import annotations

import pytest

from lmb.core.errors import NotAllowed, ServiceError
from lmb.extensions import db
from lmb.toolkits import services
from lmb.toolkits.models import Lesson, LessonStatus
from lmb.tracks.models import PhaseKey
from tests.builders import create_person
from tests.toolkits.helpers import a_session, a_track, approved_lesson


def test_participants_and_coordinators_write_lessons_others_cannot(ctx):
    track, coordinator, participant = a_track()
    outsider = create_person("outsider@example.org")
    mine = services.create_lesson(participant, track, title="Mijn les", phase=PhaseKey.labo)
    assert mine.status is LessonStatus.draft
    assert mine.organization.name == "Stad Roeselare"
    services.create_lesson(coordinator, track, title="Van de begeleider", phase=PhaseKey.labo)
    with pytest.raises(NotAllowed):
        services.create_lesson(outsider, track, title="Niet van hier", phase=PhaseKey.labo)


def test_sdgs_tags_and_session_are_checked(ctx):
    track, coordinator, participant = a_track()
    other_track, *_ = a_track("ander", "Ander traject")
    foreign_session = a_session(other_track)
    with pytest.raises(ServiceError) as error:
        services.create_lesson(participant, track, title="x", phase=PhaseKey.labo, sdgs=[18])
    assert error.value.field == "sdgs"
    with pytest.raises(ServiceError) as error:
        services.create_lesson(
            participant, track, title="x", phase=PhaseKey.labo, session=foreign_session
        )
    assert error.value.field == "session"
    lesson = services.create_lesson(
        participant,
        track,
        title="x",
        phase=PhaseKey.labo,
        sdgs=[12, 8, 8],
        tags=" Werkkledij , aankoop,werkkledij",
        session=a_session(track),
    )
    assert lesson.sdgs == [8, 12]
    assert lesson.tags == ["aankoop", "werkkledij"]
    assert lesson.year == 2026


def test_a_coordinator_cannot_publish_a_draft_its_author_did_not_submit(app):
    """Found by the authorization matrix: approving skipped the author's "submit"."""
    with app.app_context():
        track, coordinator, participant = a_track()
        lesson = services.create_lesson(participant, track, title="Nog bezig", phase=PhaseKey.labo)
        with pytest.raises(ServiceError):
            services.approve_lesson(lesson, by=coordinator)
        assert lesson.status is LessonStatus.draft
        services.submit_lesson(lesson, by=participant)
        services.return_lesson(lesson, by=coordinator, comment="Nog een voorbeeld?")
        with pytest.raises(ServiceError):
            services.approve_lesson(lesson, by=coordinator)
        assert lesson.status is LessonStatus.returned
        # A coordinator's own lesson needs no submitting to itself.
        own = services.create_lesson(coordinator, track, title="Eigen les", phase=PhaseKey.labo)
        services.approve_lesson(own, by=coordinator)
        assert own.status is LessonStatus.approved
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_a_lesson_is_submitted_sent_back_with_a_comment_and_approved(
    app, smtp_server, flush_outbox
):
    with app.app_context():
        track, coordinator, participant = a_track()
        lesson = services.create_lesson(participant, track, title="Mijn les", phase=PhaseKey.labo)
        with pytest.raises(NotAllowed):
            services.approve_lesson(lesson, by=participant)
        services.submit_lesson(lesson, by=participant)
        assert lesson.status is LessonStatus.submitted
        with pytest.raises(ServiceError):
            services.return_lesson(lesson, by=coordinator, comment="  ")
        services.return_lesson(lesson, by=coordinator, comment="Noem de leverancier niet.")
        assert lesson.status is LessonStatus.returned
        # The author may change it again and resubmit.
        services.update_lesson(lesson, by=participant, body="Zonder naam van de leverancier.")
        services.submit_lesson(lesson, by=participant)
        services.approve_lesson(lesson, by=coordinator)
        assert lesson.status is LessonStatus.approved and lesson.approved_at is not None
        # Approved: the author can no longer change it; the coordinator can.
        with pytest.raises(NotAllowed):
            services.update_lesson(lesson, by=participant, title="Anders")
        services.update_lesson(lesson, by=coordinator, title="Anders")
        author_email, coordinator_email = participant.email, coordinator.email
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    flush_outbox()
    # The coordinator heard of each submission; the author of the comment.
    submitted = smtp_server.to(coordinator_email)
    assert len(submitted) == 2 and "Mijn les" in submitted[0]["Subject"]
    assert "/lessons/moderate" in smtp_server.text_of(submitted[0])
    [mail] = smtp_server.to(author_email)
    assert "Mijn les" in mail["Subject"]
    text = smtp_server.text_of(mail)
    assert "Noem de leverancier niet." in text and "/lessons/" in text


def test_only_approved_lessons_are_public(ctx):
    track, coordinator, participant = a_track()
    draft = services.create_lesson(participant, track, title="Ontwerp", phase=PhaseKey.labo)
    approved = approved_lesson(track, participant, coordinator, "Goedgekeurd")
    stranger = create_person("stranger@example.org")
    assert services.can_see_lesson(stranger, approved)
    assert not services.can_see_lesson(stranger, draft)
    assert services.can_see_lesson(participant, draft) and services.can_see_lesson(
        coordinator, draft
    )
    assert [lesson.title for lesson in services.track_lessons(track)] == ["Goedgekeurd"]


def library(**filters) -> list[str]:
    query = services.library_query(services.LessonFilters(**filters))
    return sorted(lesson.title for lesson in db.session.scalars(query))


def test_the_library_searches_full_text_and_filters(ctx):
    track, coordinator, participant = a_track()
    other, other_coordinator, other_participant = a_track(
        "bankieren", "Duurzaam bankieren", organization="Stad Oostende"
    )
    session = a_session(track)
    approved_lesson(
        track, participant, coordinator, "Werkkledij", "Fair Wear als criterium",
        sdgs=[8, 12], tags=["werkkledij"], session=session,
    )  # fmt: skip
    approved_lesson(
        track, participant, coordinator, "Marktverkenning", "Vier leveranciers; 100% duidelijk",
        phase=PhaseKey.voedingsbodem, sdgs=[12], tags=["markt"],
    )  # fmt: skip
    approved_lesson(
        other, other_participant, other_coordinator, "Bankieren", "Ethisch beleggen",
        phase=PhaseKey.uitrol, sdgs=[10],
    )  # fmt: skip
    services.create_lesson(participant, track, title="Werkkledij ontwerp", phase=PhaseKey.labo)

    assert library() == ["Bankieren", "Marktverkenning", "Werkkledij"]
    assert library(search="fair wear") == ["Werkkledij"]
    assert library(search="WERKKLEDIJ criterium") == ["Werkkledij"]
    assert library(search="100%") == ["Marktverkenning"]
    assert library(search="%") == ["Marktverkenning"]
    assert library(track_id=other.id) == ["Bankieren"]
    assert library(phase=PhaseKey.voedingsbodem) == ["Marktverkenning"]
    assert library(sdg=12) == ["Marktverkenning", "Werkkledij"]
    assert library(tag="Werkkledij") == ["Werkkledij"]
    assert library(organization_id=participant.organization_id) == [
        "Marktverkenning",
        "Werkkledij",
    ]
    assert library(year=2026) == ["Bankieren", "Marktverkenning", "Werkkledij"]
    assert library(year=2017) == []
    choices = services.library_choices()
    assert {title for _id, title in choices["tracks"]} == {
        "Duurzaam aankoopbeleid",
        "Duurzaam bankieren",
    }
    assert set(choices["tags"]) == {"werkkledij", "markt"}


def test_themes_group_approved_lessons_of_the_track(ctx):
    track, coordinator, participant = a_track()
    other, *_ = a_track("ander", "Ander")
    first = approved_lesson(track, participant, coordinator, "Eén")
    second = approved_lesson(track, participant, coordinator, "Twee")
    draft = services.create_lesson(participant, track, title="Ontwerp", phase=PhaseKey.labo)
    with pytest.raises(NotAllowed):
        services.save_theme(
            track, by=participant, title="Werkkledij", synthesis="", lesson_ids=[first.id]
        )
    with pytest.raises(ServiceError):
        services.save_theme(
            track, by=coordinator, title="Werkkledij", synthesis="", lesson_ids=[draft.id]
        )
    theme = services.save_theme(
        track,
        by=coordinator,
        title="duurzame werkkledij",
        synthesis="Wat we leerden: **draagvlak**.",
        lesson_ids=[first.id, second.id],
    )
    assert [lesson.title for lesson in theme.lessons] == ["Eén", "Twee"]
    assert services.track_themes(track) == [theme] and services.track_themes(other) == []
    services.save_theme(
        track, by=coordinator, title="anders", synthesis="", lesson_ids=[second.id], theme=theme
    )
    assert [lesson.title for lesson in theme.lessons] == ["Twee"]


def test_deleting_a_lesson_removes_its_files(app, ctx):
    import io
    from pathlib import Path

    track, coordinator, participant = a_track()
    lesson = services.create_lesson(participant, track, title="Met bijlage", phase=PhaseKey.labo)
    attachment = services.add_attachment(
        lesson, by=participant, stream=io.BytesIO(b"%PDF-1.4 test"), filename="verslag.pdf"
    )
    path = Path(app.config["UPLOAD_FOLDER"]) / attachment.stored_name
    assert path.exists()
    services.delete_lesson(lesson, by=participant)
    # The files go once the deletion is committed (by the caller: here the test).
    db.session.commit()
    assert not path.exists()
    assert db.session.scalar(db.select(db.func.count()).select_from(Lesson)) == 0
