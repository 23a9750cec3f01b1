"""The scene of the authorization matrix: `lmb seed --demo` on a SQLite file, and on top of it,
made through the domain services, what the seven roles need on track 1.

Track 1 is coordinated by coordinator@example.org; sofie@example.org (Stad Roeselare) and
tom@example.org (Stad Oostende) take part, and the scene adds reviewer@example.org (Stad
Brugge). A review round in the assessment phase has one submission per organization, assigned
by hand: Brugge reviews Roeselare, Roeselare reviews Oostende, Oostende reviews Brugge. So Tom
takes part in the round but does not review Sofie's plan; the reviewer does.

Two people hold a confirmed place on track 1 but no organization rights (issue 12): asked@
signed up typing "STAD ROESELARE" and waits for a decision; moved@ was a granted member of
Stad Roeselare (and of its team in the round) until she changed her profile to Stad Kortrijk,
which ended that membership at once and left a request. Sofie holds Roeselare's contact role.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from lmb.accounts import membership
from lmb.accounts import services as accounts
from lmb.accounts.models import ApiToken, Role, User
from lmb.core.models import utcnow
from lmb.demo import DEMO_PASSWORD, DEMO_TRACK
from lmb.extensions import db
from lmb.modalities.models import Modality
from lmb.notifications.links import unsubscribe_link
from lmb.notifications.models import OutboundMessage
from lmb.partnerships import services as partnerships
from lmb.partnerships.models import (
    CandidateCall,
    Country,
    OutcomeRecord,
    Partnership,
    PartnershipActivity,
    SteeringGroup,
    SteeringGroupMeeting,
    SteeringGroupMember,
)
from lmb.peer_review import services as peer_review
from lmb.peer_review.models import ConflictReason, CriterionKind, RoundPhase
from lmb.scheduling import services as scheduling
from lmb.toolkits import services as toolkits
from lmb.toolkits.models import LessonTheme, Toolkit
from lmb.tracks.models import Milestone, PhaseKey, Registration, RegistrationStatus, Track
from tests.security.scene_evaluations import add_evaluation
from tests.security.scene_partnerships import add_partnership_work

ROLES = (
    "anonymous",
    "participant",
    "other_org",
    "reviewer",
    "asked",
    "changed",
    "other_coordinator",
    "coordinator",
    "admin",
)

# Who plays each role (anonymous: nobody).
PEOPLE = {
    "participant": "sofie@example.org",
    "other_org": "tom@example.org",
    "reviewer": "reviewer@example.org",
    "asked": "asked@example.org",
    "changed": "moved@example.org",
    "other_coordinator": "coordinator2@example.org",
    "coordinator": "coordinator@example.org",
    "admin": "admin@example.org",
}


def pdf_bytes(text: str = "Meerjarenplan") -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Scene:
    # Path parameters by name; slugs and tokens depend on the rule (see `values_for`).
    ids: dict[str, int] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    # Bearer tokens of the roles for /api/.
    api_tokens: dict[str, str] = field(default_factory=dict)


def _user(email: str) -> User:
    user = accounts.find_user_by_email(email)
    assert user is not None, email
    return user


def _first(model, *where):
    row = db.session.scalars(select(model).where(*where).order_by(model.id)).first()
    assert row is not None, f"the scene has no {model.__name__}"
    return row


def build_scene() -> Scene:
    """Inside an app context, after the demo seed."""
    now = utcnow()
    scene = Scene()
    track = _first(Track, Track.number == 1)
    coordinator = _user(PEOPLE["coordinator"])
    admin = _user(PEOPLE["admin"])
    sofie = _user(PEOPLE["participant"])
    tom = _user(PEOPLE["other_org"])

    reviewer, _password = accounts.create_verified_user(
        email=PEOPLE["reviewer"],
        name="Rik Reviewer",
        role=Role.participant,
        organization_name="Stad Brugge",
        password=DEMO_PASSWORD,
    )
    db.session.add(
        Registration(
            track=track, user=reviewer, status=RegistrationStatus.confirmed, confirmed_at=now
        )
    )
    # The attack of issue 12: sign up under an existing organization's name.
    asked, _password = accounts.create_verified_user(
        email=PEOPLE["asked"], name="Vera Vraagt", role=Role.participant, password=DEMO_PASSWORD
    )
    accounts.update_profile(
        asked,
        name=asked.name,
        organization_name="STAD ROESELARE",
        function=asked.function,
        locale="nl",
    )
    moved, _password = accounts.create_verified_user(
        email=PEOPLE["changed"],
        name="Mona Verhuisd",
        role=Role.participant,
        organization_name="Stad Roeselare",
        password=DEMO_PASSWORD,
    )
    for person in (asked, moved):
        db.session.add(
            Registration(
                track=track, user=person, status=RegistrationStatus.confirmed, confirmed_at=now
            )
        )
    db.session.commit()

    # A review round on track 1 in the assessment phase, assigned by hand.
    round_ = peer_review.create_round(
        by=coordinator,
        track=track,
        title="Matrix: peer review van de meerjarenplannen",
        deliverable="meerjarenplan",
        submission_deadline=now + timedelta(days=10),
        review_deadline=now + timedelta(days=20),
        reviews_per_submission=1,
    )
    criterion = peer_review.save_criterion(
        round_,
        by=coordinator,
        title="Integratie van de SDG's",
        kind=CriterionKind.levels,
        levels=["Label", "Koppeling", "Sturing"],
        weight=1,
    )
    peer_review.save_criterion(
        round_, by=coordinator, title="Participatie", kind=CriterionKind.yes_no, weight=1
    )
    assert {o.id for o in round_.organizations} == {
        sofie.organization_id,
        tom.organization_id,
        reviewer.organization_id,
    }
    conflict = peer_review.declare_conflict(
        round_,
        by=sofie,
        first_id=sofie.organization_id,
        second_id=tom.organization_id,
        reason=ConflictReason.other,
        note="Matrix",
    )
    peer_review.switch_phase(round_, by=coordinator)
    assert round_.phase is RoundPhase.submission
    submissions = {}
    for person in (sofie, tom, reviewer):
        submissions[person.id] = peer_review.submit(
            round_,
            by=person,
            summary=f"Plan van {person.organization.name}",
            document=io.BytesIO(pdf_bytes(person.name)),
            filename="plan.pdf",
        )
    own = submissions[sofie.id]
    review_of_own = peer_review.assign(own, reviewer.organization_id, by=coordinator)
    peer_review.assign(submissions[tom.id], sofie.organization_id, by=coordinator)
    peer_review.assign(submissions[reviewer.id], tom.organization_id, by=coordinator)
    peer_review.switch_phase(round_, by=coordinator)
    assert round_.phase is RoundPhase.assessment
    assert [a.reviewer_id for a in own.assignments] == [reviewer.organization_id]
    # Until now a member of Roeselare's team in the round; from now on a request for Kortrijk.
    assert peer_review.team_organization_id(moved, round_) == sofie.organization_id
    accounts.update_profile(
        moved,
        name=moved.name,
        organization_name="Stad Kortrijk",
        function=moved.function,
        locale="nl",
    )
    assert moved.organization_id is None and asked.organization_id is None
    assert membership.pending_request(moved).organization.name == "Stad Kortrijk"
    assert membership.is_contact_of(sofie, sofie.organization_id)
    scene.ids.update(
        round_id=round_.id,
        submission_id=own.id,
        version_id=own.versions[-1].id,
        assignment_id=review_of_own.id,
        conflict_id=conflict.id,
        criterion_id=criterion.id,
        membership_id=membership.pending_request(asked).id,
    )

    # A draft lesson of Sofie on track 1 with an attachment.
    lesson = toolkits.create_lesson(
        sofie, track, title="Matrix: een les in wording", body="Nog niet af.", phase=PhaseKey.labo
    )
    attachment = toolkits.add_attachment(
        lesson, by=sofie, stream=io.BytesIO(pdf_bytes("Les")), filename="les.pdf"
    )
    toolkit = _first(Toolkit, Toolkit.track_id == track.id)
    assert toolkits.latest_version(toolkit) is not None, "the demo toolkit of track 1 is published"
    scene.ids.update(
        lesson_id=lesson.id,
        attachment_id=attachment.id,
        toolkit_id=toolkit.id,
        item_id=toolkit.items[0].id,
        number=toolkits.latest_version(toolkit).number,
        theme_id=_first(LessonTheme, LessonTheme.track_id == track.id).id,
    )

    # A partnership call with Roeselare's application; the demo has no call.
    call = partnerships.save_call(
        None,
        by=admin,
        title="Matrix: oproep SDG-partnerschappen",
        description="",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    application = partnerships.apply(sofie, call, country=Country.benin, motivation="Graag.")
    # A partnership none of the matrix's people belongs to (the demo pairs Roeselare, Sofie's
    # municipality, with Dogbo): its work is the staff's alone here (scene_partnerships.py).
    theirs = {
        user.organization_id
        for user in db.session.scalars(select(User).where(User.email.in_(PEOPLE.values())))
        if user.organization_id is not None
    }
    partnership = next(
        p
        for p in db.session.scalars(select(Partnership).order_by(Partnership.id))
        if not {p.flemish_municipality_id, p.partner_municipality_id} & theirs
    )
    group = _first(SteeringGroup)
    # The demo's call for the steering group closed in 2022 and Sofie's candidacy there was
    # selected; an open call (no service opens one: a row, as the seed makes it) with her
    # candidacy awaiting a decision lets withdrawing, selecting and declining really happen.
    demo_call = _first(CandidateCall)
    open_call = CandidateCall(
        steering_group_id=group.id,
        slug="matrix-oproep-stuurgroep",
        title="Matrix: oproep stuurgroep",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        seats=list(demo_call.seats),
    )
    db.session.add(open_call)
    db.session.commit()
    candidacy = partnerships.stand_as_candidate(
        sofie, open_call, open_call.seats[0], motivation="Ik denk graag mee."
    )
    scene.ids.update(
        application_id=application.id,
        activity_id=_first(
            PartnershipActivity, PartnershipActivity.partnership_id == partnership.id
        ).id,
        record_id=_first(OutcomeRecord).id,
        candidacy_id=candidacy.id,
        member_id=_first(SteeringGroupMember, SteeringGroupMember.user_id == sofie.id).id,
        meeting_id=_first(SteeringGroupMeeting).id,
    )

    # Track 1's things that belong to Sofie or to the track.
    # Her place on the track that is open now: she may cancel it herself until it starts
    # (on track 1, which started long ago, only its coordinators may).
    open_track = _first(Track, Track.slug == DEMO_TRACK)
    assert coordinator in open_track.coordinators
    registration = _first(
        Registration, Registration.user_id == sofie.id, Registration.track_id == open_track.id
    )
    # The demo sessions of 2016-2018 are past; answering "will you come?" needs a coming one.
    coming = scheduling.create_session(
        track,
        phase=PhaseKey.uitrol,
        title="Matrix: terugkomdag",
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=3),
        location="VVSG, Bischoffsheimlaan 1-8, 1000 Brussel",
    )
    scene.ids.update(
        milestone_id=_first(Milestone, Milestone.programme_id == track.programme_id).id,
        registration_id=registration.id,
        session_id=coming.id,
        organization_id=sofie.organization_id,
        user_id=sofie.id,
    )
    scene.slugs.update(
        track=track.slug,
        programme=track.programme.slug,
        partnership=partnership.slug,
        call=call.slug,
        steering_group=group.slug,
        candidate_call=open_call.slug,
        modality=_first(Modality).slug,
        # Track 1 is history; registering is tried on the demo track that is open now.
        open_track=DEMO_TRACK,
    )

    # Bearer tokens; Sofie's own is the one /account/tokens/<id>/revoke revokes.
    for role, email in PEOPLE.items():
        _token, secret = accounts.create_api_token(_user(email), "Matrix")
        scene.api_tokens[role] = secret
    scene.ids["token_id"] = _first(ApiToken, ApiToken.user_id == sofie.id).id

    # The links mailed to Sofie, made by the real functions.
    accounts.request_password_reset(sofie.email)
    reset = _first(
        OutboundMessage,
        OutboundMessage.recipient_user_id == sofie.id,
        OutboundMessage.body_text.contains("/account/reset/"),
    )
    scene.tokens.update(
        reset=re.search(r"/account/reset/([^\s/]+)", reset.body_text).group(1),
        verify=accounts.verification_url(sofie).rsplit("/", 1)[1],
        unsubscribe=unsubscribe_link(sofie.id, "all").rsplit("/", 1)[1],
        calendar=accounts.calendar_token(sofie),
    )
    scene.ids["message_id"] = reset.id
    add_evaluation(scene, sofie=sofie, coordinator=coordinator, pdf=pdf_bytes("Rapport"))
    add_partnership_work(scene, application, partnership, pdf_bytes("Raadsbesluit"))
    return scene


# Which slug a <slug> of a rule means, by the rule's prefix (longest first).
SLUG_BY_PREFIX = [
    ("/api/v1/partnerships/", "partnership"),
    ("/api/v1/steering-groups/", "steering_group"),
    ("/api/v1/tracks/", "track"),
    ("/api/v1/programmes/", "programme"),
    ("/partnerships/calls/", "call"),
    ("/partnerships/", "partnership"),
    ("/programmes/", "programme"),
    ("/steering-group/calls/", "candidate_call"),
    ("/steering-group/", "steering_group"),
    ("/tracks/", "track"),
    ("/wegwijzer/", "modality"),
]
TOKEN_BY_PREFIX = [
    ("/account/reset/", "reset"),
    ("/account/verify/", "verify"),
    ("/unsubscribe/", "unsubscribe"),
    ("/calendar/", "calendar"),
]
# Rules whose <slug> is another track than track 1 (by endpoint).
SLUG_BY_ENDPOINT = {
    "tracks.register": "open_track",
    "tracks.interest": "open_track",
    "api.register": "open_track",
}
# For <any(...)> parts: the first of these the rule offers, else the first in order.
PREFERRED_CHOICES = ("html", "csv", "json", "confirm", "down")


def _by_prefix(table, rule: str) -> str:
    for prefix, name in table:
        if rule.startswith(prefix):
            return name
    raise KeyError(f"no scene value for {rule}")


def values_for(rule, scene: Scene) -> dict:
    """The path parameters of `rule` (a werkzeug Rule), filled from the scene."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        items = getattr(converter, "items", None)
        if items:
            values[name] = next((c for c in PREFERRED_CHOICES if c in items), sorted(items)[0])
        elif name == "slug":
            kind = SLUG_BY_ENDPOINT.get(rule.endpoint) or _by_prefix(SLUG_BY_PREFIX, rule.rule)
            values[name] = scene.slugs[kind]
        elif name == "token":
            values[name] = scene.tokens[_by_prefix(TOKEN_BY_PREFIX, rule.rule)]
        else:
            values[name] = scene.ids[name]
    return values
