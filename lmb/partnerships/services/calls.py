"""Calls for SDG partnerships and the applications of Flemish municipalities."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lmb import events
from lmb.accounts.permissions import is_member_of, member_organization_id
from lmb.core import dates
from lmb.core.errors import Conflict, ServiceError
from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.partnerships.models import (
    ApplicationStatus,
    Country,
    Partnership,
    PartnershipApplication,
    PartnershipCall,
)
from lmb.partnerships.permissions import may_apply, may_withdraw_application, require
from lmb.partnerships.services import applications
from lmb.partnerships.services.applications import ApplicationDetails
from lmb.partnerships.services.partnerships import create_partnership
from lmb.partnerships.services.shared import CallClosed, sdg_programme, slugify

# Calls


def calls() -> list[PartnershipCall]:
    return list(db.session.scalars(select(PartnershipCall).order_by(PartnershipCall.opens_at)))


def call_by_slug(slug: str) -> PartnershipCall | None:
    return db.session.scalar(select(PartnershipCall).where(PartnershipCall.slug == slug))


def save_call(
    call: PartnershipCall | None,
    *,
    by,
    title: str,
    description: str,
    opens_at: datetime,
    closes_at: datetime,
    title_fr: str | None = None,
    description_fr: str | None = None,
) -> PartnershipCall:
    if closes_at <= opens_at:
        raise ServiceError(_("A call must close after it opens."), field="closes_day")
    if call is None:
        slug = slugify(title)
        if call_by_slug(slug) is not None:
            slug = f"{slug}-{to_local(opens_at).year}"
        if call_by_slug(slug) is not None:
            raise Conflict(_("A call with this title exists already."), field="title")
        call = PartnershipCall(programme=sdg_programme(), slug=slug)
        db.session.add(call)
    created = call.id is None
    call.title = title.strip()
    call.description = description.strip()
    if title_fr is not None:
        call.title_fr = title_fr.strip()
    if description_fr is not None:
        call.description_fr = description_fr.strip()
    call.opens_at = opens_at
    call.closes_at = closes_at
    db.session.flush()
    events.call_saved.send(call, created=created)
    return call


def live_application(call: PartnershipCall, organization_id: int | None):
    if organization_id is None:
        return None
    return db.session.scalar(
        select(PartnershipApplication).where(
            PartnershipApplication.call_id == call.id,
            PartnershipApplication.organization_id == organization_id,
            PartnershipApplication.status != ApplicationStatus.withdrawn,
        )
    )


def apply(
    user,
    call: PartnershipCall,
    *,
    country: Country,
    motivation: str,
    details: ApplicationDetails | None = None,
    now: datetime | None = None,
) -> PartnershipApplication:
    """A Flemish municipality applies, through one of its people, while the call is open.

    The application page always gives the `details` a selection needs (the proposed partner,
    SDGs, contacts, the council's decision); they are checked before the file is stored."""
    now = now or utcnow()
    if now < call.opens_at:
        raise CallClosed(_("This call opens on %(day)s.", day=dates.day(call.opens_at)))
    if now >= call.closes_at:
        raise CallClosed(
            _(
                "This call closed on %(day)s; applications are no longer accepted.",
                day=dates.day(call.closes_at),
            )
        )
    require(
        may_apply,
        user,
        call,
        _("Only people of a Flemish municipality can apply; set your organization first."),
    )
    organization = user.organization
    if not motivation.strip():
        raise ServiceError(_("This field is required."), field="motivation")
    sdgs = applications.check(details, country) if details is not None else []
    if live_application(call, organization.id) is not None:
        raise Conflict(_("%(name)s has applied to this call already.", name=organization.name))
    # By ids: an object linked to the call would be in the call's list before the savepoint
    # below adds it, and be flushed (or warned about) outside it.
    application = PartnershipApplication(
        call_id=call.id,
        organization_id=organization.id,
        submitted_by_id=user.id,
        country=country,
        motivation=motivation.strip(),
    )
    if details is not None:
        applications.keep(application, details, sdgs)
    try:
        # A savepoint: the caller's transaction survives the refusal.
        with db.session.begin_nested():
            db.session.add(application)
    except IntegrityError:
        raise Conflict(
            _("%(name)s has applied to this call already.", name=organization.name)
        ) from None
    events.partnership_application_submitted.send(application)
    db.session.flush()
    return application


def withdraw_application(application: PartnershipApplication, *, by) -> None:
    require(
        may_withdraw_application,
        by,
        application,
        _("Only the municipality that applied can withdraw this application."),
    )
    if application.status is not ApplicationStatus.submitted:
        raise ServiceError(_("Only an application that awaits a decision can be withdrawn."))
    application.status = ApplicationStatus.withdrawn
    db.session.flush()


def applications_of(user) -> list[PartnershipApplication]:
    organization_id = member_organization_id(user)
    if organization_id is None:
        return []
    return list(
        db.session.scalars(
            select(PartnershipApplication)
            .where(PartnershipApplication.organization_id == organization_id)
            .order_by(PartnershipApplication.created_at.desc())
        )
    )


def decline_application(application: PartnershipApplication, *, by, now=None) -> None:
    if application.status is not ApplicationStatus.submitted:
        raise ServiceError(_("This application has been decided already."))
    application.status = ApplicationStatus.declined
    application.decided_at = now or utcnow()
    application.decided_by_id = by.id
    db.session.flush()
    events.partnership_application_decided.send(application)
    db.session.flush()


def select_application(
    application: PartnershipApplication,
    *,
    by,
    partner_municipality: str,
    starts_on: date,
    now: datetime | None = None,
) -> Partnership:
    """Select an application: it becomes a partnership with the partner municipality chosen."""
    if application.status is not ApplicationStatus.submitted:
        raise ServiceError(_("This application has been decided already."))
    partnership = create_partnership(
        by=by,
        country=application.country,
        flemish_municipality=application.organization.name,
        partner_municipality=partner_municipality,
        starts_on=starts_on,
        # Whoever applied, while still a member of the municipality (not one who left).
        contacts=[application.submitted_by]
        if is_member_of(application.submitted_by, application.organization_id)
        else [],
    )
    application.status = ApplicationStatus.selected
    application.decided_at = now or utcnow()
    application.decided_by_id = by.id
    application.partnership = partnership
    db.session.flush()
    events.partnership_application_decided.send(application)
    db.session.flush()
    return partnership
