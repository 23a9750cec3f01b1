"""The round's phases for the callers of the services: the table and the one Transition live
in lmb.peer_review.phases; these name its two uses (and the timeline that moves rounds)."""

from __future__ import annotations

from datetime import datetime

from lmb.accounts.models import User

# The module, not its names: lmb.peer_review.phases imports services in turn.
from lmb.peer_review import phases
from lmb.peer_review.models import ReviewRound, RoundPhase


def preview_switch(round_: ReviewRound) -> phases.Preview:
    """What switching the round to its next phase will do."""
    return phases.Transition.next_of(round_).preview()


def switch_phase(
    round_: ReviewRound, *, by: User | None, now: datetime | None = None
) -> RoundPhase:
    """Move the round to its next phase and do what the preview said."""
    phases.Transition.next_of(round_).apply(by=by, now=now)
    return round_.phase


def advance_rounds(now: datetime) -> list[tuple[ReviewRound, RoundPhase]]:
    return phases.advance_rounds(now)
