"""The evaluations' services: record an evaluation, its recommendations and responses, the
action plan; report on an action (status, note, evidence); the follow-up per recommendation.

Services add and flush; the request (or CLI command, or job) commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lmb import events
from lmb.accounts.models import User
from lmb.core import uploads
from lmb.core.database import after_rollback
from lmb.core.errors import ServiceError
from lmb.evaluations.evidence import (
    MAX_FILE_BYTES,
    EvidenceInput,
    checked_evidence,
    evidence_row,
)
from lmb.evaluations.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Evaluation,
    Evidence,
    EvidenceKind,
    Priority,
    Recommendation,
)
from lmb.evaluations.periods import derive
from lmb.evaluations.permissions import can_manage, may_update_action, require
from lmb.extensions import db
from lmb.tracks.models import Programme, Track

REPORT_KINDS = frozenset({"pdf", "docx", "odt"})


# Reading


def evaluations(*, include_drafts: bool) -> list[Evaluation]:
    query = select(Evaluation).order_by(Evaluation.responded_on.desc(), Evaluation.id.desc())
    if not include_drafts:
        query = query.where(Evaluation.published.is_(True))
    return list(db.session.scalars(query))


def load_plan(evaluation: Evaluation) -> list[Priority]:
    """The priorities with their actions, owners and evidence, in a few queries."""
    return list(
        db.session.scalars(
            select(Priority)
            .where(Priority.evaluation_id == evaluation.id)
            .order_by(Priority.position)
            .options(
                selectinload(Priority.actions).options(
                    selectinload(Action.owners), selectinload(Action.evidence)
                )
            )
        )
    )


@dataclass
class Section:
    """One block of the follow-up: a recommendation with its response, or a heading of the
    plan that names no single recommendation; its actions late ones first."""

    recommendation: Recommendation | None
    headings: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def _late_first(today: date):
    def key(action: Action):
        late = action.overdue(today)
        return (not late, action.ends_on or date.max, action.priority.position, action.position)

    return key


def follow_up(evaluation: Evaluation, today: date) -> list[Section]:
    """Per recommendation (in number order) its response and the actions that answer it, late
    ones first; then the plan's headings that answer several recommendations."""
    plan = load_plan(evaluation)
    sections = {r.id: Section(r) for r in evaluation.recommendations}
    loose = []
    for priority in plan:
        section = sections.get(priority.recommendation_id) if priority.recommendation_id else None
        if section is None:
            section = Section(None, headings=[priority.title])
            loose.append(section)
        else:
            section.headings.append(priority.title)
        section.actions.extend(priority.actions)
    ordered = [*sections.values(), *loose]
    for section in ordered:
        section.actions.sort(key=_late_first(today))
    return ordered


def all_actions(evaluation: Evaluation) -> list[Action]:
    return [action for priority in load_plan(evaluation) for action in priority.actions]


def owned_actions(user: User) -> list[Action]:
    return list(
        db.session.scalars(
            select(Action)
            .where(Action.owners.any(User.id == user.id))
            .order_by(Action.ends_on.is_(None), Action.ends_on, Action.id)
        )
    )


# Evaluations, recommendations, the plan


def _store_report(evaluation: Evaluation, stream: BinaryIO, filename: str) -> None:
    stored = uploads.store(
        stream,
        area="evaluations",
        allowed=REPORT_KINDS,
        max_bytes=MAX_FILE_BYTES,
        filename=filename,
    )
    after_rollback(lambda: uploads.remove(stored.stored_name))
    evaluation.report_filename = stored.filename
    evaluation.report_stored_name = stored.stored_name
    evaluation.report_kind = stored.kind


def save_evaluation(
    evaluation: Evaluation | None,
    *,
    by: User,
    programme: Programme,
    report: BinaryIO | None = None,
    report_filename: str = "",
    **values,
) -> Evaluation:
    """Create or change an evaluation; `values` are its columns (title, evaluator, period, ...)."""
    require(can_manage, by, None)
    starts, ends = values.get("period_starts_on"), values.get("period_ends_on")
    if starts and ends and ends < starts:
        raise ServiceError(_("The period ends before it starts."), field="period_ends_on")
    if evaluation is None:
        evaluation = Evaluation(programme=programme)
        db.session.add(evaluation)
    evaluation.programme = programme
    for name, value in values.items():
        setattr(evaluation, name, value)
    if report is not None:
        try:
            _store_report(evaluation, report, report_filename)
        except uploads.UploadRefused as error:
            raise ServiceError(error.message, field="report") from error
    db.session.flush()
    return evaluation


def save_recommendation(
    evaluation: Evaluation,
    recommendation: Recommendation | None,
    *,
    by: User,
    number: int,
    title: str,
    text: str = "",
    position=None,
    response: str = "",
) -> Recommendation:
    require(can_manage, by, None)
    taken = db.session.scalar(
        select(Recommendation.id).where(
            Recommendation.evaluation_id == evaluation.id, Recommendation.number == number
        )
    )
    if taken is not None and (recommendation is None or taken != recommendation.id):
        raise ServiceError(
            _("This evaluation already has a recommendation %(n)s.", n=number), "number"
        )
    if recommendation is None:
        recommendation = Recommendation(evaluation=evaluation, number=number, title=title)
        db.session.add(recommendation)
    recommendation.number = number
    recommendation.title = title
    recommendation.text = text
    recommendation.position = position
    recommendation.response = response
    db.session.flush()
    return recommendation


def add_priority(
    evaluation: Evaluation, *, by: User, title: str, recommendation: Recommendation | None
) -> Priority:
    require(can_manage, by, None)
    last = max((p.position for p in evaluation.priorities), default=0)
    priority = Priority(
        evaluation=evaluation, position=last + 1, title=title, recommendation=recommendation
    )
    db.session.add(priority)
    db.session.flush()
    return priority


def save_action(
    priority: Priority,
    action: Action | None,
    *,
    by: User,
    text: str,
    who: str = "",
    when_text: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    owners: list[User] = (),
) -> Action:
    """An action of the plan. Without dates, the period is derived from "when"
    (lmb.evaluations.periods); dates given are what the coordinator decided."""
    require(can_manage, by, None)
    if starts_on is None and ends_on is None:
        starts_on, ends_on = derive(when_text)
    if starts_on and ends_on and ends_on < starts_on:
        raise ServiceError(_("The period ends before it starts."), field="ends_on")
    if action is None:
        last = max((a.position for a in priority.actions), default=0)
        action = Action(priority=priority, position=last + 1, text=text)
        db.session.add(action)
    action.priority = priority
    action.text = text
    action.who = who
    action.when_text = when_text
    action.starts_on = starts_on
    action.ends_on = ends_on
    action.owners = list(owners)
    db.session.flush()
    return action


# Reporting on an action


def update_action(
    action: Action,
    *,
    by: User,
    status: ActionStatus,
    note: str = "",
    evidence: list[EvidenceInput] = (),
) -> ActionUpdate:
    """An owner or a coordinator reports: the status from now on, a note, evidence. The
    history keeps every report with its date; the owners, the coordinators and (when the
    status moved) the programme's subscribers are told."""
    check_update(action, by=by, status=status, note=note, evidence=evidence)
    note = note.strip()
    update = ActionUpdate(action=action, by=by, old_status=action.status, status=status, note=note)
    db.session.add(update)
    db.session.flush()
    for item in evidence:
        row = evidence_row(item, by)
        row.action = action
        row.update_id = update.id
        db.session.add(row)
    changed = status is not action.status
    action.status = status
    db.session.flush()
    events.action_updated.send(action, update=update, status_changed=changed)
    return update


def check_update(
    action: Action,
    *,
    by: User,
    status: ActionStatus,
    note: str = "",
    evidence: list[EvidenceInput] = (),
) -> None:
    """What update_action would refuse (a report that says nothing, evidence pointing at
    nothing, a refused file), without saving: the report's form asks before it mails only
    after this holds."""
    require(
        may_update_action,
        by,
        action,
        _("Only the action's owners and the coordinators can do this."),
    )
    if status is action.status and not note.strip() and not evidence:
        raise ServiceError(_("Change the status, write a note or add evidence."), "note")
    for item in evidence:
        checked_evidence(item)


def link_recommendation(
    recommendation: Recommendation, *, by: User, kind: EvidenceKind, target_id: int
) -> Evidence:
    """An outcome or a lesson names the recommendation it answers."""
    require(can_manage, by, None)
    if kind not in (EvidenceKind.lesson, EvidenceKind.outcome):
        raise ServiceError(_("Only a lesson or an outcome answers a recommendation."), "kind")
    evidence = evidence_row(EvidenceInput(kind=kind, target_id=target_id), by, "target_id")
    evidence.recommendation = recommendation
    db.session.add(evidence)
    db.session.flush()
    return evidence


def answers_to(kind: EvidenceKind, target_id: int) -> list[Recommendation]:
    """The recommendations a lesson or an outcome answers."""
    return list(
        db.session.scalars(
            select(Recommendation)
            .join(Evidence, Evidence.recommendation_id == Recommendation.id)
            .where(Evidence.kind == kind, Evidence.target_id == target_id)
            .order_by(Recommendation.evaluation_id, Recommendation.number)
        )
    )


def possible_owners() -> list[User]:
    """Whom an action can be given to: active accounts by name (the form's first 500)."""
    return list(
        db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name).limit(500))
    )


def coordinators_of(programme: Programme) -> list[User]:
    """Who hears of the programme's action plans: the coordinators of its tracks."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.coordinated_tracks.any(Track.programme_id == programme.id))
            .where(User.active.is_(True))
            .order_by(User.name)
        )
    )


def programme_tracks(programme: Programme) -> list[Track]:
    return list(db.session.scalars(select(Track).where(Track.programme_id == programme.id)))


def answered_by(recommendation: Recommendation) -> list[Evidence]:
    """The lessons and outcomes that name this recommendation as the one they answer."""
    return list(
        db.session.scalars(
            select(Evidence)
            .where(Evidence.recommendation_id == recommendation.id)
            .order_by(Evidence.id)
        )
    )
