"""/api/v1: the blueprint, its bearer-token authentication, the shape of a page, and /me.

The endpoints of tracks, sessions and registrations join this blueprint from
lmb.api.tracks, lmb.api.sessions and lmb.api.registrations."""

from functools import wraps

from flask import abort, g, request
from flask_babel import gettext as _
from flask_smorest import Blueprint

from lmb.accounts import membership as memberships
from lmb.accounts import services as accounts
from lmb.api.schemas import MeSchema
from lmb.core.urls import absolute_url

blueprint = Blueprint(
    "api", __name__, url_prefix="/api/v1", description="Learning tracks, sessions, accounts"
)

BEARER_SECURITY = [{"bearerAuth": []}]


def _bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def bearer_user():
    """The user of the request's valid `Authorization: Bearer` token, or None."""
    secret = _bearer_secret()
    if secret is None:
        return None
    try:
        return accounts.user_for_api_token(secret)
    except accounts.TokenRefused:
        return None


def token_required(view):
    """A valid token, or a JSON 401 that says why (missing, unknown, revoked, expired). Its
    owner is g.api_user, and the audit log names them as the actor of every change."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        secret = _bearer_secret()
        if secret is None:
            abort(401, description=_("A valid API token is required (Authorization: Bearer ...)."))
        try:
            g.api_user = accounts.user_for_api_token(secret)
        except accounts.TokenRefused as refused:
            abort(401, description=refused.message)
        return view(*args, **kwargs)

    return wrapper


def _page(items: list, args: dict) -> dict:
    """One page of `items` in the shape every list of the API has."""
    page, per_page = args["page"], args["per_page"]
    return {
        "items": items[(page - 1) * per_page : page * per_page],
        "total": len(items),
        "page": page,
        "per_page": per_page,
    }


@blueprint.route("/me")
@blueprint.doc(security=BEARER_SECURITY)
@blueprint.response(200, MeSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@token_required
def me():
    """The token's user"""
    user = g.api_user
    # What the person typed, not the register's name it may match (that would tell anyone
    # with a token which names the register holds).
    waiting = memberships.pending_request(user)
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role.name,
        "function": user.function.name,
        "locale": user.locale,
        "organization": (
            {
                "id": user.organization.id,
                "name": user.organization.name,
                "kind": user.organization.kind.name,
                "country": user.organization.country,
            }
            if user.organization
            else None
        ),
        "membership_request": (
            {"requested_name": waiting.requested_name, "asked_at": waiting.created_at}
            if waiting is not None
            else None
        ),
        "calendar_feed_url": absolute_url(
            "calendar.personal_feed", token=accounts.calendar_token(user)
        ),
    }
