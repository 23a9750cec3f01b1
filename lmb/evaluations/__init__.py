"""Evaluations of a programme: recommendations, the association's responses, and an action
plan that follows itself up (owners, periods, status history, evidence, reminders)."""


def init_app(app) -> None:
    """Connect the evaluations' mail and reminder rules and their privacy part (called by
    create_app)."""
    import lmb.evaluations.mail  # noqa: F401
    import lmb.evaluations.privacy  # noqa: F401
