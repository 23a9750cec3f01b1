"""Scheduling: sessions of every owner, who is invited to them (audiences), calendar invites by
mail (iMIP) and their reminders, the iCalendar feeds (the "calendar" blueprint)."""


def init_app(app) -> None:
    """Connect the invites to the session and registration signals and add the session
    reminders, their version source and the audience rules, and the job that reads answers to
    invitations (scheduling.replies) (called by create_app)."""
    import lmb.scheduling.invites  # noqa: F401
    import lmb.scheduling.reminders  # noqa: F401
    from lmb.extensions import db
    from lmb.scheduling import conditional, fragments, stamps

    stamps.listen(db.session)
    conditional.init_app(app)
    fragments.init_app(app)
    from lmb.notifications.scheduler import JOBS
    from lmb.scheduling.replies import REPLIES_JOB

    JOBS.add(REPLIES_JOB, key=REPLIES_JOB[0])
