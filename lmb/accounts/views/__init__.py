"""Account pages (sign-up, login: auth.py; profile, tokens, privacy: profile.py) and the
administration of people (admin.py). Two blueprints; the modules add their routes to them."""

from flask import Blueprint, current_app
from sqlalchemy import select

from lmb.accounts.models import Organization
from lmb.extensions import db, limiter

blueprint = Blueprint("accounts", __name__, url_prefix="/account")
admin_blueprint = Blueprint("accounts_admin", __name__, url_prefix="/admin")


def _all_organizations() -> list[Organization]:
    """The register, for staff only (anonymous visitors and participants never get it)."""
    return list(db.session.scalars(select(Organization).order_by(Organization.name)))


def _limit(name: str):
    """A per-address limit on posting a form, read from the config when the request comes."""
    return limiter.limit(lambda: current_app.config[name], methods=["POST"])


from lmb.accounts.views import admin, auth, confirmations, profile  # noqa: E402, F401, I001
