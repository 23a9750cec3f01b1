"""Who may do what with evaluations: the association's staff (coordinators, admins) record
evaluations, recommendations, responses and the action plan; everyone reads a published
management response and its action plan (a public document); the owners of an action update
its status and add evidence.

Each rule is a named predicate `rule(user, subject)`, asked by the pages through
`permission_required` / `guard` and by the services through `require`
(lmb.core.permissions)."""

from __future__ import annotations

from flask_babel import gettext as _

from lmb.accounts.models import Role
from lmb.core.permissions import is_authenticated, permission_required
from lmb.core.permissions import require as core_require


def require(predicate, user, subject, message: str | None = None) -> None:
    """lmb.core.permissions.require, with the evaluations' own words for a refusal."""
    core_require(
        predicate,
        user,
        subject,
        message or _("Only the association's coordinators and administrators can do this."),
    )


def can_manage(user, subject=None) -> bool:
    """The association's staff record evaluations, responses and action plans."""
    return is_authenticated(user) and user.role in (Role.admin, Role.coordinator)


def may_read_evaluation(user, evaluation) -> bool:
    """A published management response is public; a draft is for the staff."""
    return evaluation.published or can_manage(user)


def owns_action(user, action) -> bool:
    return is_authenticated(user) and any(owner.id == user.id for owner in action.owners)


def may_read_action(user, action) -> bool:
    """An action of a published plan is public; its owners see it before that too."""
    return may_read_evaluation(user, action.priority.evaluation) or owns_action(user, action)


def may_update_action(user, action) -> bool:
    """Its owners report progress on their own action; the staff on every action."""
    return owns_action(user, action) or can_manage(user)


manager_required = permission_required(can_manage)
