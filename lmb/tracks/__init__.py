"""Tracks: programmes and milestones, learning tracks and their phases, sessions, registrations."""


def init_app(app) -> None:
    """Connect the tracks' mail, add their reminders, their themes, their privacy part and
    their step of the timeline, what scheduling must know of their sessions, and their parts
    of the accounts' administration and retention (called by create_app)."""
    import lmb.tracks.handlers  # noqa: F401
    import lmb.tracks.mail  # noqa: F401
    import lmb.tracks.reminders  # noqa: F401
    import lmb.tracks.sessions  # noqa: F401
    from lmb.notifications.scheduler import timeline_steps
    from lmb.tracks import accounts_parts
    from lmb.tracks.services import advance_timeline

    timeline_steps.add(advance_timeline)
    accounts_parts.register()
