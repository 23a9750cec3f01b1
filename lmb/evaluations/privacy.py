"""What the evaluations hold about a person, for their data download, and erasing it: the
actions they own (they stop owning them), the reports they wrote on actions and the evidence
they added (kept as the plan's history, no longer under their name, notes without their name)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from lmb.accounts import privacy
from lmb.accounts.privacy import Covered, Handling, moment
from lmb.evaluations.models import Action, ActionUpdate, Evidence, action_owners
from lmb.extensions import db

personal = privacy.register(
    "evaluations",
    _l("Evaluations and action plans"),
    on_erasure=_l(
        "You no longer own actions of an action plan; your reports on actions and the evidence "
        "you added stay in the plan's history, no longer under your name."
    ),
    covers={
        "action_owners.user_id": Handling.deleted,
        "action_updates.by_id": Covered(Handling.cleared, personal=("note",)),
        "evidence.added_by_id": Handling.cleared,
    },
)


@personal.exporter
def evaluation_data(user) -> dict:
    owned = db.session.scalars(
        select(Action).where(Action.owners.any(id=user.id)).order_by(Action.id)
    ).all()
    reports = db.session.scalars(
        select(ActionUpdate).where(ActionUpdate.by_id == user.id).order_by(ActionUpdate.id)
    ).all()
    return {
        "actions_owned": [
            {"action": a.text, "when": a.when_text, "status": a.status.name} for a in owned
        ],
        "action_reports": [
            {
                "action": r.action.text,
                "status": r.status.name,
                "note": r.note,
                "at": moment(r.created_at),
            }
            for r in reports
        ],
    }


@personal.eraser
def forget_evaluation_people(erasure) -> None:
    user_id = erasure.user.id
    db.session.execute(delete(action_owners).where(action_owners.c.user_id == user_id))
    for report in db.session.scalars(select(ActionUpdate).where(ActionUpdate.by_id == user_id)):
        report.note = privacy.scrub(report.note, erasure, whole_words=True)
    db.session.flush()
    for model, column in ((ActionUpdate, "by_id"), (Evidence, "added_by_id")):
        db.session.execute(
            update(model)
            .where(getattr(model, column) == user_id)
            .values({column: None})
            .execution_options(synchronize_session="fetch")
        )
