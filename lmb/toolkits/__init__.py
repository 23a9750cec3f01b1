"""Lessons learned, toolkit assembly (manual, step plan, checklist) and their exports."""


def init_app(app) -> None:
    """Connect the lessons' mail and add the toolkits' privacy part (called by create_app)."""
    import lmb.toolkits.handlers  # noqa: F401
    import lmb.toolkits.mail  # noqa: F401
