"""Peer review pages: a round with its task list, the coordinator's set-up, allocation and
release, submitting, reviewing, and reading and answering the feedback."""

from flask import Blueprint, abort
from flask_login import current_user

from lmb.extensions import db
from lmb.peer_review import services
from lmb.peer_review.models import ReviewRound

blueprint = Blueprint("peer_review", __name__)


def visible_round(round_id: int) -> ReviewRound:
    round_ = db.get_or_404(ReviewRound, round_id)
    if not services.can_manage(current_user, round_) and not services.team_organization_id(
        current_user, round_
    ):
        abort(403)
    return round_


def managed_round(round_id: int) -> ReviewRound:
    round_ = db.get_or_404(ReviewRound, round_id)
    if not services.can_manage(current_user, round_):
        abort(403)
    return round_


# The routes live in two rooms: the coordinator's and the participants'.
from lmb.peer_review.views import coordination, participation  # noqa: E402, F401
