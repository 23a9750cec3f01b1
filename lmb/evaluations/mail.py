"""Mail of the evaluations domain: a report on an action reaches its owners and the programme's
coordinators, and (when its status moved) the programme's subscribers as theme news; the
reminder sweep tells owners before an action's period ends and the coordinators once when it
is overdue.

Keys name the action, the end of its period and the recipient, so a second sweep (or a
restarted scheduler) writes nothing twice, and a period moved by a coordinator is reminded
anew. A reminder carries the action's version (status and end): one still waiting when the
action is done or moved is dropped at send time."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lmb import events
from lmb.core.dates import LongDay
from lmb.core.timezones import to_local
from lmb.core.urls import absolute_url
from lmb.evaluations import services
from lmb.evaluations.audience import told_of_update
from lmb.evaluations.models import Action, ActionStatus, Evaluation, Priority
from lmb.extensions import db
from lmb.notifications.currency import versions
from lmb.notifications.outbox import Draft, enqueue_many
from lmb.notifications.sweep import reminder_rules

# Owners hear this long before the period of their action ends.
DUE_NOTICE = timedelta(days=14)
# An action overdue for longer than this when the sweep first meets it (a plan of years ago,
# loaded from a document) gets no overdue mail: the follow-up page shows it as late.
OVERDUE_WINDOW = timedelta(days=30)
OPEN = [ActionStatus.planned, ActionStatus.in_progress, ActionStatus.postponed]


def _action_url(action: Action) -> str:
    return absolute_url("evaluations.action", action_id=action.id)


def _context(action: Action, **extra) -> dict:
    evaluation = action.priority.evaluation
    return {
        "action_text": action.text,
        "who": action.who,
        "when": action.when_text,
        "ends_on": action.ends_on,
        "status": action.status,
        "evaluation_title": evaluation.title,
        "priority_title": action.priority.title,
        "action_url": _action_url(action),
        **extra,
    }


@events.action_updated.connect
def tell_about_update(action: Action, update, status_changed: bool, **_):
    evaluation = action.priority.evaluation
    people = told_of_update(action, update.by_id)
    context = _context(
        action,
        old_status=update.old_status,
        note=update.note,
        by_name=update.by.name if update.by else "",
        evidence=[e.label for e in action.evidence if e.update_id == update.id],
    )
    subject = _l(
        "Action plan: %(status)s – %(action)s", status=action.status.label, action=_short(action)
    )
    enqueue_many(
        [
            Draft(
                key=f"evaluation-action:{action.id}:update:{update.id}:user:{person.id}",
                kind="evaluation/action_updated",
                template="evaluations/mail/evaluation/action_updated",
                recipient=person,
                subject=subject,
                context=context,
            )
            for person in people
        ]
    )
    if status_changed and evaluation.published:
        for track in services.programme_tracks(evaluation.programme):
            events.theme_news.send(
                track,
                key=f"evaluation-action:{action.id}:update:{update.id}:track:{track.id}",
                title=f"{evaluation.title}: {action.status.label}",
                summary=action.text,
                url=_action_url(action),
            )


def _short(action: Action) -> str:
    return action.text if len(action.text) <= 80 else action.text[:79].rstrip() + "…"


# Reminders


def _version(status: ActionStatus, ends_on) -> str:
    return f"{status.name}:{ends_on.isoformat() if ends_on else '-'}"


@versions.under("evaluation-action")
def action_versions(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(Action.id, Action.status, Action.ends_on).where(Action.id.in_(ids))
    )
    # A reminder about an action that is no longer open is no longer true.
    return {
        action_id: _version(status, ends_on) if status in OPEN else "closed"
        for action_id, status, ends_on in rows
    }


@reminder_rules
def action_deadlines(now: datetime) -> list[Draft]:
    today = to_local(now).date()
    actions = db.session.scalars(
        select(Action)
        .join(Priority, Action.priority_id == Priority.id)
        .join(Evaluation, Priority.evaluation_id == Evaluation.id)
        .where(
            Action.status.in_(OPEN),
            Action.ends_on.is_not(None),
            Action.ends_on >= today - OVERDUE_WINDOW,
            Action.ends_on <= today + DUE_NOTICE,
        )
        .options(
            selectinload(Action.owners),
            selectinload(Action.priority).selectinload(Priority.evaluation),
        )
        .order_by(Action.id)
    ).all()
    drafts: list[Draft] = []
    coordinators: dict[int, list] = {}
    for action in actions:
        version = _version(action.status, action.ends_on)
        about = f"evaluation-action:{action.id}"
        if action.ends_on >= today:
            stage, people = "due", [p for p in action.owners if p.active]
            subject = _l("Reminder: your action ends on %(day)s", day=LongDay(action.ends_on))
        else:
            programme = action.priority.evaluation.programme
            if programme.id not in coordinators:
                coordinators[programme.id] = services.coordinators_of(programme)
            stage, people = "overdue", coordinators[programme.id]
            subject = _l("Overdue in the action plan: %(action)s", action=_short(action))
        drafts += [
            Draft(
                key=f"reminder:evaluation-action:{action.id}:{action.ends_on.isoformat()}:{stage}:user:{person.id}",
                kind=f"evaluation/action_{stage}",
                template=f"evaluations/mail/evaluation/action_{stage}",
                recipient=person,
                subject=subject,
                context=_context(action, owners=[o.name for o in action.owners]),
                about=about,
                about_version=version,
                unsubscribe_scope="reminders",
            )
            for person in people
        ]
    return drafts
