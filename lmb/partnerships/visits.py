"""Visits of outcome harvesting: a coordinator plans a visit to a municipality as a session of
scheduling (owner kind `outcome_visit`), which invites the municipality's members and the
visitor; the outcomes harvested during it are recorded with the visit.

The audience resolvers below tell scheduling who a visit's session reaches, so its invites,
reminders, agenda and feeds agree (lmb.scheduling.audiences)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select

from lmb.accounts.models import Organization, OrganizationKind, User
from lmb.core.errors import ServiceError
from lmb.core.i18n import InReaderLanguage
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.partnerships.models import OutcomeVisit
from lmb.partnerships.permissions import can_manage, require
from lmb.scheduling import services as scheduling
from lmb.scheduling.audiences import Audience, AudienceKind, Owner, session_audiences
from lmb.scheduling.models import OwnerKind, Session
from lmb.tracks.models import Track


def _people(visit: OutcomeVisit) -> list[User]:
    members = db.session.scalars(
        select(User)
        .where(User.organization_id == visit.municipality_id, User.active.is_(True))
        .order_by(User.name)
    ).all()
    visitor = [visit.planned_by] if visit.planned_by and visit.planned_by.active else []
    return list({p.id: p for p in [*visitor, *members]}.values())


def _title(visit: OutcomeVisit) -> str:
    return _("Visit to %(municipality)s", municipality=visit.municipality.name)


def visit_audience(session: Session) -> Audience | None:
    visit = db.session.scalar(select(OutcomeVisit).where(OutcomeVisit.session_id == session.id))
    if visit is None:
        return None
    # "Visit to ..." in each reader's language, for the group and the session alike.
    title = InReaderLanguage(lambda: _title(visit))
    return Audience(
        title=title,
        url=absolute_url("partnerships.visit", visit_id=visit.id),
        people=_people(visit),
        session_title=lambda: _title(visit),
    )


def _in_visit(user):
    # Members carry no date they joined: a cancelled visit stays for every present member.
    return exists().where(
        OutcomeVisit.session_id == Session.id,
        or_(
            OutcomeVisit.planned_by_id == user.id,
            OutcomeVisit.municipality_id == user.organization_id,
        ),
    )


def _visit_owners(session_ids: list[int]) -> dict[int, Owner]:
    rows = db.session.execute(
        select(OutcomeVisit.session_id, OutcomeVisit.id, Organization.name)
        .join(Organization, Organization.id == OutcomeVisit.municipality_id)
        .where(OutcomeVisit.session_id.in_(session_ids))
    )
    owners = {}
    for session_id, visit_id, name in rows:
        # "Visit to ..." in the page's language, for the group and the session alike.
        title = _("Visit to %(municipality)s", municipality=name)
        url = absolute_url("partnerships.visit", visit_id=visit_id)
        owners[session_id] = Owner(title, url, session_title=title, title_lang=_page())
    return owners


def _page() -> str:
    return str(get_locale() or "nl")


OUTCOME_VISITS = session_audiences.add(
    AudienceKind(visit_audience, _in_visit, _visit_owners), key=OwnerKind.outcome_visit.value
)


def plan_visit(
    *,
    by: User,
    municipality: Organization | None,
    track: Track | None,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    purpose: str = "",
) -> OutcomeVisit:
    """Plan a visit to a municipality: its people and the visitor are invited."""
    check_visit(by=by, municipality=municipality, starts_at=starts_at, ends_at=ends_at)
    visit = OutcomeVisit(municipality=municipality, track=track, planned_by=by, purpose=purpose)
    db.session.add(visit)
    db.session.flush()
    with force_locale("nl"):
        # A session's title is content, in the platform's language, whoever plans it.
        title = _title(visit)
    scheduling.create_session(
        None,
        phase=None,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        agenda=purpose,
        owner_kind=OwnerKind.outcome_visit,
        owner=visit,
    )
    return visit


def check_visit(
    *, by: User, municipality: Organization | None, starts_at: datetime, ends_at: datetime
) -> None:
    """What plan_visit would refuse, without planning: its form asks before it invites."""
    require(can_manage, by, None)
    if municipality is None or municipality.kind is not OrganizationKind.municipality:
        raise ServiceError(_("Choose a Flemish municipality."), field="municipality_id")
    scheduling.check_new_session(None, phase=None, starts_at=starts_at, ends_at=ends_at)


def visit_invitees(municipality: Organization | None, *, by: User) -> int:
    """How many people of the municipality a visit planned by `by` invites, besides `by`."""
    if municipality is None:
        return 0
    return db.session.scalar(
        select(func.count(User.id)).where(
            User.organization_id == municipality.id, User.active.is_(True), User.id != by.id
        )
    )


def visits() -> list[OutcomeVisit]:
    return list(
        db.session.scalars(
            select(OutcomeVisit)
            .join(Session, Session.id == OutcomeVisit.session_id, isouter=True)
            .order_by(Session.starts_at.desc(), OutcomeVisit.id.desc())
        )
    )
