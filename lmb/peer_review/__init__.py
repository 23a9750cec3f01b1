"""Peer review: rounds in which municipalities review each other's work, from submission to response."""


def init_app(app) -> None:
    """Connect the review mail, add its reminders, deadlines, privacy part, its step of
    the timeline and its candidate outcomes for outcome harvesting (called by create_app)."""
    import lmb.peer_review.handlers  # noqa: F401
    import lmb.peer_review.mail  # noqa: F401
    from lmb.notifications.scheduler import timeline_steps
    from lmb.partnerships.candidates import outcome_candidates
    from lmb.peer_review.services import advance_rounds, candidate_outcomes

    timeline_steps.add(advance_rounds)
    outcome_candidates.add(candidate_outcomes, key="submission")
