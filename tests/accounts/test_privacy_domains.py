"""GDPR across every domain: a person with data in each of them downloads it all, and after
erasure no table, no audit value and no mail holds their name or address any more, while
published work stays under an anonymous author and every count stays the same."""

import io
import json
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import g
from flask_babel import force_locale
from markupsafe import escape
from sqlalchemy import func, select

from lmb.accounts import privacy
from lmb.accounts.models import ApiToken, Function, Role, User
from lmb.accounts.privacy import Handling
from lmb.accounts.services import admin_update_user, create_api_token
from lmb.core import uploads
from lmb.core.audit import AuditEntry
from lmb.extensions import db
from lmb.notifications.models import Frequency, MessageStatus, OutboundMessage
from lmb.notifications.subscriptions import set_reminders, set_subscriptions
from lmb.partnerships import services as partnerships
from lmb.partnerships.models import (
    Candidacy,
    CandidacyStatus,
    Country,
    OutcomeRecord,
    PartnershipApplication,
    SteeringGroupMember,
)
from lmb.peer_review import services as peer_review
from lmb.peer_review.models import ConflictReason, Review, RoundPhase, SubmissionVersion
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import Attendance, Intent
from lmb.toolkits import services as toolkits
from lmb.toolkits.models import (
    Lesson,
    LessonStatus,
    ToolkitKind,
    ToolkitVersion,
)
from lmb.toolkits.models import Toolkit as ToolkitModel
from lmb.tracks import services as tracks
from lmb.tracks.models import PhaseKey, Registration
from tests.builders import create_open_track, create_person, create_session
from tests.partnerships.builders import open_candidate_call, partnership, partnership_call, seat
from tests.peer_review.builders import answers, build_round, pdf_bytes

NAME = "Élodie Zoë Privacywaard"
EMAIL = "zoe.privacywaard@roeselare.example.org"
# The address the account had before an admin changed it (still in the audit log's values).
OLD_EMAIL = "roeselare@privacy.example.org"
PASSWORD = "correct horse battery"


@contextmanager
def acting_as(app, user):
    """Services called as if `user` made the request: the audit log records them as actor."""
    with app.test_request_context():
        g._login_user = user
        yield


def _scene(app) -> dict:
    """Zoë, of Stad Roeselare, with something in every domain that refers to people."""
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment, slug="privacy")
        round_, track, colleague = built["round"], built["track"], built["coordinator"]
        zoe, gent = built["people"]["roeselare"], built["people"]["gent"]
        admin = create_person("admin@privacy.example.org", role="admin", organization="VVSG")

        # Peer review: her organization's submission (she uploaded it and is its contact),
        # a review she wrote and a conflict she declared.
        assignment = peer_review.assignments_of(round_, zoe.organization_id)[0]
        peer_review.save_review(
            assignment, by=zoe, answers=answers(round_), summary="Sterk plan", submit=True
        )
        mol = built["people"]["mol"]
        peer_review.declare_conflict(
            round_,
            by=zoe,
            first_id=zoe.organization_id,
            second_id=mol.organization_id,
            reason=ConflictReason.consultant,
            note="Zelfde studiebureau",
        )

        # An admin gives her a new name, address and role: the log keeps before and after.
        with acting_as(app, admin):
            zoe.email = EMAIL
            db.session.commit()
            admin_update_user(
                admin,
                zoe,
                name=NAME,
                role=Role.coordinator,
                organization=zoe.organization,
                function=Function.global_policy_officer,
                active=True,
            )
            tracks.set_coordinated_tracks(zoe, [track.id])

        # Tracks: registered (by build_round), an answer about a session, an interest.
        session = create_session(track, datetime.now(UTC) + timedelta(days=5))
        scheduling.set_intent(zoe, session, Intent.yes)
        later = create_open_track("later-privacy", "Later traject")
        tracks.express_interest(zoe, later)

        # Notifications and tokens.
        set_subscriptions(zoe, [track.id], Frequency.weekly)
        set_reminders(zoe.id, False)
        create_api_token(zoe, "Mijn script")

        # Lessons and toolkits, as a coordinator (so the audit log names her as actor).
        with acting_as(app, zoe):
            published = toolkits.create_lesson(
                zoe, track, title="Aankopen met SDG's", body="Wat werkte.", phase=PhaseKey.labo
            )
            toolkits.add_attachment(
                published, by=zoe, stream=io.BytesIO(pdf_bytes("bijlage")), filename="les.pdf"
            )
            toolkits.submit_lesson(published, by=zoe)
        with acting_as(app, colleague):
            toolkits.approve_lesson(published, by=colleague)
        with acting_as(app, zoe):
            draft = toolkits.create_lesson(
                zoe, track, title="Half af", body="Nog te schrijven.", phase=PhaseKey.labo
            )
            toolkits.add_attachment(
                draft, by=zoe, stream=io.BytesIO(pdf_bytes("concept")), filename="concept.pdf"
            )
            others = toolkits.create_lesson(
                gent, track, title="Les van Gent", body="Tekst.", phase=PhaseKey.labo
            )
            toolkits.submit_lesson(others, by=gent)
            toolkits.approve_lesson(others, by=zoe)
            toolkits.save_theme(
                track,
                by=zoe,
                title="Duurzaam aankopen",
                synthesis="Wat we leerden.",
                lesson_ids=[published.id],
            )
            toolkit = toolkits.create_toolkit(
                track, by=zoe, kind=ToolkitKind.step_plan, title="Stappenplan aankopen"
            )
            toolkits.add_item(
                toolkit,
                by=zoe,
                title="Stap 1: bekijk je contracten",
                body="Lijst ze op.",
                who="De aankoopdienst",
                lesson_ids=[published.id],
            )
            toolkits.publish(toolkit, by=zoe)

        # Partnerships: an application, a candidacy (selected), a contact, an outcome.
        call = partnership_call(admin)
        partnerships.apply(
            zoe, call, country=Country.benin, motivation="Roeselare wil samenwerken."
        )
        candidate_call = open_candidate_call()
        candidacy = partnerships.stand_as_candidate(
            zoe,
            candidate_call,
            seat(candidate_call, "global_policy_officer"),
            motivation=f"Ik ben {NAME}, mondiale ambtenaar ({EMAIL}).",
        )
        with acting_as(app, admin):
            partnerships.select_candidacy(candidacy, by=admin)
            benin = partnership(admin, country=Country.benin, flemish="Gemeente Kortemark")
            partnerships.set_contacts(benin, [zoe], by=admin)
        with acting_as(app, zoe):
            partnerships.save_outcome(
                None,
                by=zoe,
                municipality=zoe.organization,
                visited_on=date(2025, 5, 1),
                actor="De aankoopdienst",
                change="Koopt fair trade.",
                occurred_on=date(2025, 4, 1),
            )
        scene = {
            "id": zoe.id,
            "track": track.id,
            "published": published.id,
            "draft": draft.id,
            "toolkit": toolkit.id,
            "published_file": published.attachments[0].stored_name,
            "draft_file": draft.attachments[0].stored_name,
        }
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return scene


def _counts(user_id) -> dict:
    def count(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    return {
        "registrations": count(Registration),
        "attendances": count(Attendance),
        "reviews": count(Review),
        "versions": count(SubmissionVersion),
        "applications": count(PartnershipApplication),
        "candidacies": count(Candidacy),
        "members": count(SteeringGroupMember),
        "outcomes": count(OutcomeRecord),
        "approved lessons": count(Lesson, Lesson.status == LessonStatus.approved),
        "toolkits": count(ToolkitModel),
        "toolkit versions": count(ToolkitVersion),
        "mail to others": count(
            OutboundMessage, OutboundMessage.recipient_user_id.is_distinct_from(user_id)
        ),
    }


def _mentions(needles) -> list[str]:
    """Every (table.column: value) in the whole database that holds one of the needles."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (sa.String, sa.Text, sa.JSON))]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)).mappings():
            for column in columns:
                value = row[column.name]
                if value is None:
                    continue
                text = (
                    value
                    if isinstance(value, str)
                    else json.dumps(value, ensure_ascii=False, default=str)
                )
                for needle in needles:
                    if needle.lower() in text.lower():
                        found.append(f"{table.name}.{column.name}: {text[:160]}")
    return found


def test_a_person_with_data_in_every_domain_downloads_it_all(app, seeded, make_browser):
    _scene(app)
    browser = make_browser()
    browser.login(EMAIL)
    page = browser.get("/account/privacy").get_data(as_text=True)
    with app.test_request_context(), force_locale("nl"):
        notes = privacy.erasure_notes()
    assert len(notes) == len(privacy.domains()) >= 7
    for title, note in notes:
        assert escape(title) in page and escape(note) in page
    data = json.loads(browser.get("/account/privacy/data.json").data)
    assert set(data) == {domain.key for domain in privacy.domains()}
    assert data["account"]["email"] == EMAIL and data["account"]["name"] == NAME
    assert data["account"]["api_tokens"][0]["name"] == "Mijn script"
    assert data["tracks"]["registrations"] and data["tracks"]["sessions"][0]["intent"] == "yes"
    assert data["tracks"]["told_when_open"] == ["Later traject"]
    assert data["tracks"]["coordinated_tracks"]
    assert data["peer_review"]["reviews_written"][0]["summary"] == "Sterk plan"
    assert data["peer_review"]["uploads"] and data["peer_review"]["contact_person_of"]
    assert data["peer_review"]["conflicts_declared"][0]["note"] == "Zelfde studiebureau"
    lessons = {lesson["title"]: lesson for lesson in data["lessons"]["lessons"]}
    assert lessons["Aankopen met SDG's"]["status"] == "approved"
    assert lessons["Aankopen met SDG's"]["attachments"][0]["file"] == "les.pdf"
    assert lessons["Half af"]["status"] == "draft"
    assert lessons["Half af"]["attachments"][0]["file"] == "concept.pdf"
    assert data["lessons"]["lessons_approved"] == ["Les van Gent"]
    assert data["lessons"]["themes"][0]["title"] == "Duurzaam aankopen"
    item = data["lessons"]["toolkits"][0]["items"][0]
    assert item["title"] == "Stap 1: bekijk je contracten" and item["who"] == "De aankoopdienst"
    assert data["lessons"]["toolkit_versions_published"][0]["version"] == 1
    assert data["partnerships"]["applications"][0]["motivation"] == "Roeselare wil samenwerken."
    assert NAME in data["partnerships"]["candidacies"][0]["motivation"]
    assert (
        data["partnerships"]["steering_group"] and data["partnerships"]["contact_of_partnerships"]
    )
    assert data["partnerships"]["outcomes_recorded"][0]["change"] == "Koopt fair trade."
    assert data["notifications"]["themes"][0]["frequency"] == "weekly"
    assert data["notifications"]["reminders_off"] is True
    assert data["notifications"]["messages"]
    assert data["audit"], "her changes as coordinator"
    html = browser.get("/account/privacy/data.html").get_data(as_text=True)
    assert "Stap 1: bekijk je contracten" in html and "concept.pdf" in html


def test_erasure_leaves_no_name_or_address_anywhere_and_keeps_history(app, seeded, make_browser):
    scene = _scene(app)
    with app.app_context():
        before = _counts(scene["id"])
        logged = set(db.session.scalars(select(AuditEntry.id)))
        # The scene really put her name and addresses where erasure must find them.
        found = _mentions([NAME, EMAIL, OLD_EMAIL])
        for place in ("users.", "audit_entries.changes", "outbound_messages.", "candidacies."):
            assert any(f.startswith(place) for f in found), place
        to_others = db.session.scalars(
            select(OutboundMessage.body_text).where(
                OutboundMessage.recipient_user_id != scene["id"]
            )
        ).all()
        assert any(NAME in body for body in to_others)
        assert uploads.path_of(scene["draft_file"]).exists()
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()

    browser = make_browser()
    browser.login(EMAIL)
    done = browser.submit(
        "/account/privacy/erase",
        {"password": PASSWORD, "understood": "y"},
        page="/account/privacy",
    )
    assert done.status_code == 302

    with app.app_context():
        assert _mentions([NAME, EMAIL, OLD_EMAIL]) == []
        # The draft is gone from the log's values too (its rows are kept, as facts).
        assert _mentions(["Nog te schrijven", "Half af", "concept.pdf"]) == []
        assert _counts(scene["id"]) == before
        # Not one change is forgotten (erasing, as a coordinator, is itself logged).
        assert logged <= set(db.session.scalars(select(AuditEntry.id)))
        user = db.session.get(User, scene["id"])
        assert user.name == privacy.ERASED_NAME and not user.active
        assert user.role is Role.participant
        assert db.session.scalar(select(func.count(ApiToken.id))) == 0
        # Every reference to her that a domain declares deleted or cleared is gone.
        for column, covered in privacy.coverage().items():
            if covered.handling not in (Handling.deleted, Handling.cleared):
                continue
            table_name, column_name = column.split(".")
            table = db.metadata.tables[table_name]
            left = db.session.scalar(
                select(func.count()).select_from(table).where(table.c[column_name] == user.id)
            )
            assert left == 0, column
        # Published work stays, anonymous; the draft is gone with its file.
        published = db.session.get(Lesson, scene["published"])
        assert published.author_id is None and published.attachments[0].uploaded_by_id is None
        assert db.session.get(Lesson, scene["draft"]) is None
        assert not uploads.path_of(scene["draft_file"]).exists()
        assert uploads.path_of(scene["published_file"]).exists()
        toolkit = db.session.get(ToolkitModel, scene["toolkit"])
        assert toolkit.created_by_id is None and toolkit.items
        assert toolkit.versions[0].published_by_id is None
        # History stays as anonymous entries.
        candidacy = db.session.scalar(select(Candidacy).where(Candidacy.user_id == user.id))
        assert candidacy.motivation == "" and candidacy.status is CandidacyStatus.selected
        member = db.session.scalar(
            select(SteeringGroupMember).where(SteeringGroupMember.user_id == user.id)
        )
        assert member.ended_at is not None
        # The log keeps the fact of every change, by her and about her.
        about_her = db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "users", AuditEntry.entity_id == str(user.id)
            )
        ).all()
        renamed = [e.changes["name"] for e in about_her if "name" in e.changes]
        readdressed = [e.changes["email"] for e in about_her if "email" in e.changes]
        assert renamed and readdressed
        assert all(set(values) <= {None, privacy.ERASED_NAME} for values in renamed + readdressed)
        mine = db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id == user.id)).all()
        assert mine and all(entry.actor.startswith(privacy.ERASED_NAME) for entry in mine)
        assert all(
            m.status not in (MessageStatus.pending, MessageStatus.sending)
            for m in db.session.scalars(
                select(OutboundMessage).where(OutboundMessage.recipient_user_id == user.id)
            )
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_an_admin_erases_someone_and_the_log_keeps_the_facts_without_them(app, seeded):
    """By reference (their own row, rows pointing at them) every value goes; elsewhere their
    address goes wherever it stands and their name where it is the whole value or a row's
    label, while the rest of another person's words stays as it was written."""
    with app.app_context():
        admin = create_person("admin@log.example.org", role="admin", organization="VVSG")
        jan = create_person("jan.peeters@log.example.org")
        jan.name = "Jan Peeters"
        db.session.commit()
        with acting_as(app, admin):
            benin = partnership(admin, country=Country.benin, flemish="Gemeente Kortemark")
            partnerships.set_contacts(benin, [jan], by=admin)
            record = partnerships.save_outcome(
                None,
                by=admin,
                municipality=jan.organization,
                visited_on=date(2025, 5, 1),
                actor="Jan Peeters",
                change="Het team van Jan Peeters koopt fair trade (jan.peeters@log.example.org).",
                occurred_on=date(2025, 4, 1),
            )
            privacy.erase(jan, password=None, by=admin)
        jan_id, record_id, admin_id = jan.id, record.id, admin.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()

        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert all(e.actor == "Admin <admin@log.example.org>" for e in entries)
        logged = json.dumps([e.changes for e in entries], ensure_ascii=False)
        assert "jan.peeters@" not in logged and '"Jan Peeters' not in logged
        outcome = next(e for e in entries if e.entity == "outcome_records")
        assert outcome.changes["actor"] == privacy.ERASED_NAME
        assert outcome.changes["change"] == (
            f"Het team van Jan Peeters koopt fair trade (erased-{jan_id}@erased.invalid)."
        )
        contacts = next(e for e in entries if "contacts" in e.changes)
        assert contacts.changes["contacts"]["added"] == [f"{privacy.ERASED_NAME} (#{jan_id})"]
        erased = [e for e in entries if e.entity == "users" and e.entity_id == str(jan_id)]
        assert erased and all(
            set(e.changes.get("name", [])) <= {privacy.ERASED_NAME} for e in erased
        )
        # The outcome itself is the coordinator's record: erasure only forgets who recorded it.
        kept = db.session.get(OutcomeRecord, record_id)
        assert kept.actor == "Jan Peeters" and kept.recorded_by_id == admin_id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
