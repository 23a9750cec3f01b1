"""Through HTTP: writing and moderating lessons, attachments, building and publishing a
toolkit, the downloads, the libraries, and who may do what."""

from __future__ import annotations

import io
import re

import pytest

from lmb.extensions import db
from lmb.notifications.models import Frequency
from lmb.notifications.subscriptions import set_subscriptions
from lmb.toolkits import services
from lmb.toolkits.models import Lesson, LessonStatus, Toolkit, ToolkitKind
from lmb.tracks.models import PhaseKey
from tests.builders import create_person
from tests.core.test_uploads import pdf_bytes
from tests.toolkits.helpers import a_toolkit, a_track, approved_lesson

EVIL = "Zie [hier](javascript:alert(1)) <script>alert('x')</script> en [VVSG](https://www.vvsg.be)"


@pytest.fixture
def people(app):
    with app.app_context():
        track, coordinator, participant = a_track()
        result = {
            "slug": track.slug,
            "track_id": track.id,
            "coordinator": coordinator.email,
            "participant": participant.email,
            "stranger": create_person("stranger@example.org").email,
        }
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return result


def logged_in(make_browser, email):
    browser = make_browser()
    browser.login(email)
    return browser


def the_lesson(app) -> Lesson:
    return db.session.scalar(db.select(Lesson))


def test_a_participant_writes_a_lesson_that_a_coordinator_approves(
    app, make_browser, browser, people
):
    participant = logged_in(make_browser, people["participant"])
    slug = people["slug"]
    response = participant.submit(
        f"/tracks/{slug}/lessons/new",
        {
            "title": "Werkkledij: begin bij de criteria",
            "body": EVIL,
            "phase": "labo",
            "session": "0",
            "sdgs": ["8", "12"],
            "tags": "werkkledij, aankoop",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        lesson_id = the_lesson(app).id
    page = participant.get(f"/lessons/{lesson_id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert not re.search(r"href=\"?\s*javascript:", page, re.IGNORECASE)
    assert "&lt;script&gt;" in page and 'href="https://www.vvsg.be"' in page
    # Not public yet.
    assert browser.get(f"/lessons/{lesson_id}").status_code == 404
    assert "Werkkledij: begin" not in browser.get("/lessons/").get_data(as_text=True)

    participant.submit(f"/lessons/{lesson_id}/submit", page=f"/lessons/{lesson_id}")
    coordinator = logged_in(make_browser, people["coordinator"])
    queue = coordinator.get(f"/tracks/{slug}/lessons/moderate").get_data(as_text=True)
    assert "Werkkledij: begin bij de criteria" in queue and "<script>alert" not in queue
    response = coordinator.submit(
        f"/lessons/{lesson_id}/approve", page=f"/tracks/{slug}/lessons/moderate"
    )
    assert response.status_code == 302
    with app.app_context():
        assert the_lesson(app).status is LessonStatus.approved

    for path in ("/lessons/", f"/tracks/{slug}", f"/tracks/{slug}/lessons", "/lessons/?sdg=12"):
        page = browser.get(path).get_data(as_text=True)
        assert "Werkkledij: begin bij de criteria" in page, path
    assert "Werkkledij: begin" not in browser.get("/lessons/?sdg=3").get_data(as_text=True)
    assert browser.get(f"/lessons/{lesson_id}").status_code == 200


def test_a_participant_cannot_moderate_or_build_toolkits(make_browser, people):
    participant = logged_in(make_browser, people["participant"])
    slug = people["slug"]
    assert participant.get(f"/tracks/{slug}/lessons/moderate").status_code == 403
    assert participant.get(f"/tracks/{slug}/toolkits/new").status_code == 403
    assert participant.get(f"/tracks/{slug}/themes/new").status_code == 403
    stranger = logged_in(make_browser, people["stranger"])
    assert stranger.get(f"/tracks/{slug}/lessons/new").status_code == 403


def test_a_coordinator_sends_a_lesson_back_with_a_comment(app, make_browser, people):
    with app.app_context():
        from lmb.accounts.services import find_user_by_email
        from lmb.tracks.services import track_by_slug

        author = find_user_by_email(people["participant"])
        lesson = services.create_lesson(
            author, track_by_slug(people["slug"]), title="Te kort", phase=PhaseKey.labo
        )
        services.submit_lesson(lesson, by=author)
        lesson_id = lesson.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    coordinator = logged_in(make_browser, people["coordinator"])
    moderate = f"/tracks/{people['slug']}/lessons/moderate"
    coordinator.submit(f"/lessons/{lesson_id}/return", {"comment": ""}, page=moderate)
    with app.app_context():
        assert db.session.get(Lesson, lesson_id).status is LessonStatus.submitted
    coordinator.submit(f"/lessons/{lesson_id}/return", {"comment": "Meer uitleg."}, page=moderate)
    participant = logged_in(make_browser, people["participant"])
    page = participant.get(f"/lessons/{lesson_id}/edit").get_data(as_text=True)
    assert "Meer uitleg." in page and "Teruggestuurd" in page


def test_attachments_are_checked_by_content_and_downloaded_with_permission(
    app, make_browser, browser, people
):
    with app.app_context():
        from lmb.accounts.services import find_user_by_email
        from lmb.tracks.services import track_by_slug

        lesson = services.create_lesson(
            find_user_by_email(people["participant"]),
            track_by_slug(people["slug"]),
            title="Met verslag",
            phase=PhaseKey.labo,
        )
        lesson_id = lesson.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    participant = logged_in(make_browser, people["participant"])
    edit = f"/lessons/{lesson_id}/edit"
    response = participant.submit(
        f"/lessons/{lesson_id}/attachments",
        {"file": (io.BytesIO(b"MZ\x90\x00program"), "verslag.pdf")},
        page=edit,
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "wordt niet aanvaard" in response.get_data(as_text=True)
    response = participant.submit(
        f"/lessons/{lesson_id}/attachments",
        {"file": (io.BytesIO(pdf_bytes()), "Verslag café.pdf")},
        page=edit,
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        [attachment] = db.session.get(Lesson, lesson_id).attachments
        attachment_id = attachment.id
        db.session.remove()
    download = participant.get(f"/attachments/{attachment_id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    # A draft's attachment is the author's and the coordinators' only.
    assert browser.get(f"/attachments/{attachment_id}").status_code == 404
    stranger = logged_in(make_browser, people["stranger"])
    assert stranger.get(f"/attachments/{attachment_id}").status_code == 403
    with app.app_context():
        lesson = db.session.get(Lesson, lesson_id)
        services.submit_lesson(lesson, by=lesson.author)
        services.approve_lesson(lesson, by=lesson.track.coordinators[0])
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    assert browser.get(f"/attachments/{attachment_id}").status_code == 200
    # Nothing is served from the static folder.
    assert browser.get(f"/static/{attachment.stored_name}").status_code == 404


def test_a_coordinator_builds_and_publishes_a_toolkit_and_subscribers_hear_of_it(
    app, make_browser, browser, people, smtp_server, flush_outbox
):
    with app.app_context():
        from lmb.accounts.services import find_user_by_email
        from lmb.tracks.services import track_by_slug

        track = track_by_slug(people["slug"])
        coordinator = find_user_by_email(people["coordinator"])
        lesson = approved_lesson(
            track, find_user_by_email(people["participant"]), coordinator, "Marktverkenning"
        )
        lesson_id = lesson.id
        follower = create_person("follower@example.org")
        set_subscriptions(follower, [track.id], Frequency.immediately)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    coordinator = logged_in(make_browser, people["coordinator"])
    slug = people["slug"]
    response = coordinator.submit(
        f"/tracks/{slug}/toolkits/new",
        {"kind": "step_plan", "title": "Stappenplan werkkledij", "summary": "", "language": "nl"},
    )
    assert response.status_code == 302
    with app.app_context():
        toolkit_id = db.session.scalar(db.select(Toolkit.id))
    # Not public before it is published.
    assert browser.get(f"/toolkits/{toolkit_id}").status_code == 404
    assert "Stappenplan werkkledij" not in browser.get("/toolkits/").get_data(as_text=True)
    for title in ("Verken de markt", "Schrijf het bestek"):
        response = coordinator.submit(
            f"/toolkits/{toolkit_id}/items/new",
            {"title": title, "body": "Doe het.", "who": "Aankoopdienst", "lessons": [lesson_id]},
        )
        assert response.status_code == 302
    edit = f"/toolkits/{toolkit_id}/edit"
    page = coordinator.get(edit).get_data(as_text=True)
    assert page.index("Verken de markt") < page.index("Schrijf het bestek")
    draft = coordinator.get(f"/toolkits/{toolkit_id}/draft.md").get_data(as_text=True)
    assert "Concept" in draft or "Ontwerp" in draft
    assert browser.get(f"/toolkits/{toolkit_id}/draft.pdf").status_code == 302  # log in first

    response = coordinator.confirm(f"/toolkits/{toolkit_id}/publish", page=edit)
    assert response.status_code == 302
    public = browser.get(f"/toolkits/{toolkit_id}").get_data(as_text=True)
    assert "Stap 1. Verken de markt" in public and "Stap 2. Schrijf het bestek" in public
    assert "Marktverkenning" in public  # the source
    for fmt, mimetype in [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("md", "text/markdown; charset=utf-8"),
        ("html", "text/html; charset=utf-8"),
    ]:
        link = f"/toolkits/{toolkit_id}/v1.{fmt}"
        assert f'href="{link}"' in public
        download = browser.get(link)
        assert download.status_code == 200 and download.headers["Content-Type"] == mimetype
        assert download.headers["Content-Disposition"] == (
            f'attachment; filename="stappenplan-werkkledij-v1.{fmt}"; '
            f"filename*=UTF-8''stappenplan-werkkledij-v1.{fmt}"
        )
    assert "Stappenplan werkkledij" in browser.get("/toolkits/").get_data(as_text=True)

    flush_outbox()
    [mail] = smtp_server.to("follower@example.org")
    assert "Stappenplan werkkledij" in mail["Subject"]
    assert f"/toolkits/{toolkit_id}" in smtp_server.text_of(mail)

    # A second version; the first stays downloadable and unchanged.
    coordinator.submit(
        f"/toolkits/{toolkit_id}/items/new", {"title": "Evalueer na een jaar"}, page=edit
    )
    coordinator.confirm(f"/toolkits/{toolkit_id}/publish", page=edit)
    assert "Evalueer na een jaar" in browser.get(f"/toolkits/{toolkit_id}").get_data(as_text=True)
    first = browser.get(f"/toolkits/{toolkit_id}/v1.md").get_data(as_text=True)
    assert "Evalueer" not in first and "Versie 1" in first
    assert "Evalueer" in browser.get(f"/toolkits/{toolkit_id}/v2.md").get_data(as_text=True)
    assert browser.get(f"/toolkits/{toolkit_id}/v3.md").status_code == 404
    flush_outbox()
    assert len(smtp_server.to("follower@example.org")) == 2


def test_items_move_and_are_deleted_keeping_their_numbers(app, make_browser, people):
    with app.app_context():
        from lmb.tracks.services import track_by_slug

        track = track_by_slug(people["slug"])
        toolkit = a_toolkit(
            track,
            track.coordinators[0],
            ToolkitKind.checklist,
            [("Een", "", []), ("Twee", "", []), ("Drie", "", [])],
        )
        toolkit_id = toolkit.id
        item_ids = [item.id for item in toolkit.items]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    coordinator = logged_in(make_browser, people["coordinator"])
    edit = f"/toolkits/{toolkit_id}/edit"
    coordinator.submit(f"/toolkit-items/{item_ids[2]}/move/up", page=edit)
    coordinator.confirm(f"/toolkit-items/{item_ids[0]}/delete", page=edit)
    with app.app_context():
        items = db.session.get(Toolkit, toolkit_id).items
        assert [(i.position, i.title) for i in items] == [(1, "Drie"), (2, "Twee")]


def test_publishing_an_empty_toolkit_is_refused(app, make_browser, people):
    with app.app_context():
        from lmb.tracks.services import track_by_slug

        track = track_by_slug(people["slug"])
        toolkit_id = a_toolkit(track, track.coordinators[0], ToolkitKind.manual, []).id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    coordinator = logged_in(make_browser, people["coordinator"])
    response = coordinator.confirm(
        f"/toolkits/{toolkit_id}/publish",
        page=f"/toolkits/{toolkit_id}/edit",
        follow_redirects=True,
    )
    assert "minstens één" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Toolkit, toolkit_id).versions == []


def test_the_track_page_shows_lessons_themes_and_toolkits(app, browser, people):
    with app.app_context():
        from lmb.tracks.services import track_by_slug

        track = track_by_slug(people["slug"])
        coordinator = track.coordinators[0]
        lesson = approved_lesson(track, coordinator, coordinator, "Draagvlak bij de dragers")
        services.save_theme(
            track, by=coordinator, title="werkkledij", synthesis="**Samen**", lesson_ids=[lesson.id]
        )
        toolkit = a_toolkit(
            track, coordinator, ToolkitKind.manual, [("Waarom", "", [lesson])], title="Handleiding"
        )
        services.publish(toolkit, by=coordinator)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    page = browser.get(f"/tracks/{people['slug']}").get_data(as_text=True)
    assert "Draagvlak bij de dragers" in page
    assert re.search(r'href="/toolkits/\d+">Handleiding</a>', page)
    lessons_page = browser.get(f"/tracks/{people['slug']}/lessons").get_data(as_text=True)
    assert "Wat we leerden over werkkledij" in lessons_page
    assert "<strong>Samen</strong>" in lessons_page


def test_nav_links_to_lessons_and_toolkits(browser, seeded):
    page = browser.get("/").get_data(as_text=True)
    assert 'href="/lessons/">Lessen</a>' in page and 'href="/toolkits/">Toolkits</a>' in page


def test_the_themes_page_gathers_what_every_track_learned(app, browser, people):
    with app.app_context():
        from lmb.tracks.services import track_by_slug

        track = track_by_slug(people["slug"])
        coordinator = track.coordinators[0]
        lesson = approved_lesson(track, coordinator, coordinator, "Draagvlak bij de dragers")
        services.save_theme(
            track, by=coordinator, title="werkkledij", synthesis="*Samen*", lesson_ids=[lesson.id]
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    page = browser.get("/lessons/themes").get_data(as_text=True)
    assert "Wat we leerden over werkkledij" in page and "<em>Samen</em>" in page
    assert "Draagvlak bij de dragers" in page and "Duurzaam aankoopbeleid" in page


def test_a_lesson_keeps_its_session_when_that_session_is_cancelled_later(app, make_browser, people):
    with app.app_context():
        from lmb.scheduling.services import cancel_session
        from lmb.tracks.services import track_by_slug
        from tests.toolkits.helpers import a_session

        session = a_session(track_by_slug(people["slug"]), title="Labo in Roeselare")
        session_id = session.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    participant = logged_in(make_browser, people["participant"])
    new = f"/tracks/{people['slug']}/lessons/new"
    assert "do 12 mrt 2026, 9.30–12.30 uur · Labo in Roeselare" in participant.get(new).get_data(
        as_text=True
    )
    participant.submit(new, {"title": "Uit het labo", "phase": "labo", "session": str(session_id)})
    with app.app_context():
        lesson = the_lesson(app)
        assert lesson.session_id == session_id and lesson.year == 2026
        lesson_id = lesson.id
        cancel_session(db.session.get(type(lesson.session), session_id))
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    edit = f"/lessons/{lesson_id}/edit"
    response = participant.submit(
        edit, {"title": "Uit het labo, herschreven", "phase": "labo", "session": str(session_id)}
    )
    assert response.status_code == 302
    with app.app_context():
        lesson = db.session.get(Lesson, lesson_id)
        assert lesson.title == "Uit het labo, herschreven" and lesson.session_id == session_id


def test_only_an_unpublished_toolkit_can_be_deleted(app, make_browser, people):
    with app.app_context():
        from lmb.tracks.services import track_by_slug

        track = track_by_slug(people["slug"])
        coordinator = track.coordinators[0]
        draft = a_toolkit(track, coordinator, ToolkitKind.manual, [("Een", "", [])], title="A")
        published = a_toolkit(track, coordinator, ToolkitKind.manual, [("Een", "", [])], title="B")
        services.publish(published, by=coordinator)
        ids = draft.id, published.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    participant = logged_in(make_browser, people["participant"])
    assert participant.confirm(f"/toolkits/{ids[0]}/delete", page="/").status_code == 403
    coordinator = logged_in(make_browser, people["coordinator"])
    for toolkit_id in ids:
        coordinator.confirm(f"/toolkits/{toolkit_id}/delete", page=f"/toolkits/{toolkit_id}/edit")
    with app.app_context():
        assert db.session.scalars(db.select(Toolkit.title)).all() == ["B"]


def test_the_uitrol_library_filters_by_kind_and_track(app, browser, people):
    with app.app_context():
        from tests.toolkits.helpers import a_track as another

        for slug, kind, title in [
            (people["slug"], ToolkitKind.manual, "Handleiding A"),
            ("bankieren", ToolkitKind.checklist, "Checklist B"),
        ]:
            from lmb.tracks.services import track_by_slug

            track = track_by_slug(slug) or another(slug, "Duurzaam bankieren")[0]
            toolkit = a_toolkit(track, track.coordinators[0], kind, [("x", "", [])], title=title)
            services.publish(toolkit, by=track.coordinators[0])
        other_id = track_by_slug("bankieren").id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    every = browser.get("/toolkits/").get_data(as_text=True)
    assert "Handleiding A" in every and "Checklist B" in every
    checklists = browser.get("/toolkits/?kind=checklist").get_data(as_text=True)
    assert "Handleiding A" not in checklists and "Checklist B" in checklists
    banking = browser.get(f"/toolkits/?track={other_id}").get_data(as_text=True)
    assert "Handleiding A" not in banking and "Checklist B" in banking


def test_a_coordinator_is_offered_approval_once_the_author_submitted(app, make_browser, people):
    with app.app_context():
        from lmb.accounts.services import find_user_by_email
        from lmb.tracks.services import track_by_slug

        author = find_user_by_email(people["participant"])
        lesson = services.create_lesson(
            author, track_by_slug(people["slug"]), title="Nog bezig", phase=PhaseKey.labo
        )
        lesson_id = lesson.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    coordinator = logged_in(make_browser, people["coordinator"])
    approve = f'action="/lessons/{lesson_id}/approve"'
    assert approve not in coordinator.get(f"/lessons/{lesson_id}").get_data(as_text=True)
    refused = coordinator.submit(f"/lessons/{lesson_id}/approve", page=f"/lessons/{lesson_id}")
    assert refused.status_code == 302
    with app.app_context():
        assert db.session.get(Lesson, lesson_id).status is LessonStatus.draft
        services.submit_lesson(
            db.session.get(Lesson, lesson_id), by=find_user_by_email(people["participant"])
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    assert approve in coordinator.get(f"/lessons/{lesson_id}").get_data(as_text=True)
