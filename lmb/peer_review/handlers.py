"""Where peer review listens to other domains: its deadlines in each person's calendar feed."""

from datetime import datetime

from flask_babel import gettext as _

from lmb.calendar.services import Deadline, deadline_source
from lmb.core.urls import absolute_url
from lmb.peer_review.services import my_deadlines


@deadline_source
def review_deadlines(user, now: datetime) -> list[Deadline]:
    titles = {
        "submission": lambda r: _(
            "Deadline: submit %(what)s (%(round)s)", what=r.deliverable, round=r.title
        ),
        "review": lambda r: _("Deadline: reviews for %(round)s", round=r.title),
    }
    return [
        Deadline(
            uid=f"review-round-{round_.id}-{kind}@lmb-leertrajecten",
            title=titles[kind](round_),
            at=at,
            url=absolute_url("peer_review.round_page", round_id=round_.id),
            changed_at=round_.updated_at,
        )
        for round_, kind, at in my_deadlines(user, now)
    ]
