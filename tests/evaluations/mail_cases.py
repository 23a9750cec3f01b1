"""The evaluations' mail kinds for tests/notifications/test_mail_markup.py: each written through
its real path (the receiver of action_updated, the reminder rule) with markup in every value a
person could type."""

from datetime import UTC, datetime

from lmb.evaluations import services
from lmb.evaluations.models import ActionStatus
from lmb.notifications.sweep import sweep
from tests.evaluations.builders import make_plan, staff


def _plan(person, typed):
    coordinator = staff(locale=person.locale)
    coordinator.name = typed("An")
    evaluation, action = make_plan(
        coordinator=coordinator,
        owner=person,
        text=typed("Conferentie"),
        who=typed("Team"),
        when="September 2020",
        title=typed("Evaluatie"),
    )
    return coordinator, action


def cases(person, typed) -> dict:
    def updated():
        coordinator, action = _plan(person(), typed)
        services.update_action(
            action, by=coordinator, status=ActionStatus.in_progress, note=typed("Note")
        )

    def due():
        _coordinator, _action = _plan(person(), typed)
        sweep(datetime(2020, 9, 20, 8, tzinfo=UTC))

    def overdue():
        _coordinator, _action = _plan(person(), typed)
        sweep(datetime(2020, 10, 5, 8, tzinfo=UTC))

    return {
        "evaluation/action_updated": updated,
        "evaluation/action_due": due,
        "evaluation/action_overdue": overdue,
    }
