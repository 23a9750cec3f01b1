"""Peer review: rounds in which municipalities review each other's work, from submission to response."""


def init_app(app) -> None:
    """Connect the review mail, add its reminders, deadlines, privacy part and its step of
    the timeline (called by create_app)."""
    import lmb.peer_review.handlers  # noqa: F401
    import lmb.peer_review.mail  # noqa: F401
    from lmb.notifications.scheduler import timeline_steps
    from lmb.peer_review.services import advance_rounds

    timeline_steps.add(advance_rounds)
