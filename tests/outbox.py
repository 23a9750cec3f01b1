"""The outbox dispatcher for tests that call services directly."""

from lmb.extensions import db
from lmb.notifications import dispatch


def flush(*args, **kwargs):
    """Commit what the test's service calls wrote, then send what is due.

    Services add and flush; their caller commits once (a request, a CLI command, a scheduler
    job). A test that calls services directly is that caller, and the dispatcher reads the
    outbox on connections of its own, so the test's work is committed first.
    """
    db.session.commit()
    return dispatch.flush(*args, **kwargs)
