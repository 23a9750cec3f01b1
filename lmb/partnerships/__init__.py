"""SDG partnerships 2022-2026: calls and applications, partnerships with their activities and
budgets, the steering group with its candidacies and yearly meeting, and outcome harvesting."""


def init_app(app) -> None:
    """Connect the partnerships' mail, add the audiences of their sessions and their privacy
    part (called by create_app)."""
    import lmb.partnerships.call_news  # noqa: F401
    import lmb.partnerships.handlers  # noqa: F401
    import lmb.partnerships.mail  # noqa: F401
    import lmb.partnerships.reminders  # noqa: F401
    import lmb.partnerships.visits  # noqa: F401
