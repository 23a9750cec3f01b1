"""Accounts: users, organizations, roles, login, e-mail verification, API tokens, profile."""


def apply_retention():
    from lmb.accounts.privacy import purge
    from lmb.core.models import utcnow

    return purge(utcnow())


# A scheduler job of this domain: (id, job, seconds between runs).
RETENTION_JOB = ("retention", apply_retention, 3600)


def init_app(app) -> None:
    """Connect the accounts' mail to its signals, add the parts of the privacy registry of
    the outbox and the audit log (infrastructure, which imports no domain) and the retention
    job (called by create_app)."""
    import lmb.accounts.audit_privacy  # noqa: F401
    import lmb.accounts.mail  # noqa: F401
    import lmb.accounts.outbox_privacy  # noqa: F401
    from lmb.notifications.scheduler import JOBS

    JOBS.add(RETENTION_JOB, key=RETENTION_JOB[0])
