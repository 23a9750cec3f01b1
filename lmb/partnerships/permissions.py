"""Who may do what with partnerships: the association's staff run calls, partnerships and
outcomes; its administrators choose the steering group; a Flemish municipality applies.

Partners as equals (issue 18): the granted members of a partnership's two municipalities work
in it (each side writes its own part of the reports and records its own spending); a partner
municipality's people propose activities that the Flemish side confirms; the partner
association of a country (ANCB for Benin, RALGA for Rwanda: an organization of kind
association in that country) sees every partnership there. Outsiders see the public page only.

Each rule is a named predicate `rule(user, subject)`. Pages ask through `manager_required` /
`selector_required` (lmb.core.permissions.permission_required), services through `require`
(NotAllowed). The staff's and the administrators' rules concern the person, not an object:
`permission_required(rule)` without `load` asks `rule(user)`, a service asks
`require(rule, user, None)`, and what the page granted stands for the service in the same
request, as for a rule about an object."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lmb.accounts.models import OrganizationKind, Role
from lmb.accounts.permissions import is_member_of, member_organization_id
from lmb.core.permissions import Predicate, is_authenticated, permission_required
from lmb.core.permissions import require as core_require
from lmb.extensions import db
from lmb.partnerships.models import SteeringGroupMember
from lmb.partnerships.models.enums import Side


def require(predicate: Predicate, user, subject, message: str | None = None) -> None:
    """lmb.core.permissions.require, with the partnerships' own words for a refusal."""
    core_require(
        predicate,
        user,
        subject,
        message or _("Only the association's coordinators and administrators can do this."),
    )


# The rules


def can_manage(user, subject=None) -> bool:
    """The association's staff (coordinators, admins) run calls, partnerships and outcomes."""
    return is_authenticated(user) and user.role in (Role.admin, Role.coordinator)


def can_select(user, subject=None) -> bool:
    """The association (its admins) chooses the members of the steering group."""
    return is_authenticated(user) and user.role is Role.admin


def may_apply(user, call) -> bool:
    """A granted member of a Flemish municipality applies for it (a request awaiting a decision
    does not make one a member)."""
    if member_organization_id(user) is None:
        return False
    return user.organization is not None and user.organization.kind is OrganizationKind.municipality


def may_withdraw_application(user, application) -> bool:
    """The municipality that applied (a granted member of it), or the association's staff."""
    return is_member_of(user, application.organization_id) or can_manage(user)


def may_read_meeting_record(user, meeting) -> bool:
    """A yearly meeting's agenda, minutes and decisions: the association's staff, the steering
    group's present members, and a former member for a meeting held while they sat in it."""
    if not is_authenticated(user):
        return False
    if can_manage(user):
        return True
    held = meeting.session.starts_at
    return (
        db.session.scalar(
            select(SteeringGroupMember.id)
            .where(
                SteeringGroupMember.steering_group_id == meeting.steering_group_id,
                SteeringGroupMember.user_id == user.id,
                (SteeringGroupMember.ended_at.is_(None))
                | (
                    (SteeringGroupMember.started_at <= held) & (SteeringGroupMember.ended_at > held)
                ),
            )
            .limit(1)
        )
        is not None
    )


def may_withdraw_candidacy(user, candidacy) -> bool:
    """The candidate, or the association's administrators."""
    return candidacy.user_id == user.id or can_select(user)


# Partners as equals


def side_of(user, partnership):
    """The side (Side) whose municipality `user` is a granted member of, or None."""
    if is_member_of(user, partnership.flemish_municipality_id):
        return Side.flemish
    if is_member_of(user, partnership.partner_municipality_id):
        return Side.partner
    return None


def association_country(user) -> str | None:
    """The ISO code of the country whose partner association `user` is a granted member of
    (an association outside Belgium: ANCB, RALGA), or None."""
    organization_id = member_organization_id(user)
    organization = user.organization if organization_id is not None else None
    if organization is None or organization.kind is not OrganizationKind.association:
        return None
    return organization.country if organization.country != "BE" else None


def may_see_country(user, country) -> bool:
    """The partner association of `country` (a Country), or the association's staff."""
    return can_manage(user) or association_country(user) == country.iso_code


def may_work_in(user, partnership) -> bool:
    """A member of one of its two municipalities, or the association's staff."""
    return can_manage(user) or side_of(user, partnership) is not None


def may_follow(user, partnership) -> bool:
    """Who reads its work (reports with their history, proposals): those who work in it and
    the partner association of its country."""
    return may_work_in(user, partnership) or may_see_country(user, partnership.country)


def may_write_part(user, part) -> bool:
    """Each side writes its own part of a report, nobody else's (staff neither)."""
    return side_of(user, part.report.partnership) is part.side


def may_propose_activity(user, partnership) -> bool:
    """A partner municipality's people propose activities for the Flemish side to confirm."""
    return side_of(user, partnership) is Side.partner


def may_confirm_activity(user, activity) -> bool:
    """The Flemish municipality's people (or the staff) confirm or decline a proposal."""
    return can_manage(user) or side_of(user, activity.partnership) is Side.flemish


def may_record_spending(user, activity) -> bool:
    """A side records what it spent on its own activities; the staff on any."""
    return can_manage(user) or side_of(user, activity.partnership) is activity.side


def may_read_decision(user, application) -> bool:
    """The council's decision of an application: the municipality that applied, the staff."""
    return can_manage(user) or is_member_of(user, application.organization_id)


# The pages of the association's staff, and of its administrators.
manager_required = permission_required(can_manage)
# The record of a yearly meeting is written by the staff (can_manage), read by the members.
selector_required = permission_required(can_select)
