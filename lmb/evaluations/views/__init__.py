"""Pages of evaluations: the management response and its follow-up (pages.py), recording
evaluations, recommendations and the action plan (manage.py), reporting on an action
(actions.py). One blueprint; the modules add their routes to it."""

from flask import Blueprint
from flask_login import current_user

from lmb.core.permissions import allowed
from lmb.evaluations.permissions import can_manage

blueprint = Blueprint("evaluations", __name__, url_prefix="/evaluations")


@blueprint.app_context_processor
def evaluation_rules():
    return {"may_manage_evaluations": lambda: allowed(can_manage, current_user)}


from lmb.evaluations.views import actions, manage, pages  # noqa: E402, F401, I001  (routes)
