"""Peer review pages: a round with its task list, the coordinator's set-up, allocation and
release, submitting, reviewing, and reading and answering the feedback.

Each page guards itself with a predicate of lmb.peer_review.permissions; the services it
calls ask the same predicate, which finds the page's grant instead of checking again."""

from flask import Blueprint
from flask_login import current_user

from lmb.core.permissions import guard
from lmb.extensions import db
from lmb.peer_review.models import ReviewRound
from lmb.peer_review.permissions import may_manage_round, may_see_round

blueprint = Blueprint("peer_review", __name__)


def visible_round(round_id: int) -> ReviewRound:
    """The round, for its coordinators and the people taking part (else 404 or 403)."""
    round_ = db.get_or_404(ReviewRound, round_id)
    guard(may_see_round, current_user, round_)
    return round_


def managed_round(round_id: int) -> ReviewRound:
    """The round, for its coordinators (else 404 or 403)."""
    round_ = db.get_or_404(ReviewRound, round_id)
    guard(may_manage_round, current_user, round_)
    return round_


# The routes live in two rooms: the coordinator's and the participants'.
from lmb.peer_review.views import confirmations, coordination, participation, reviewing  # noqa: E402, F401, I001
