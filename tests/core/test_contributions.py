"""The one contribution mechanism (lmb.core.contributions): ordered, keyed, and adding the
same entry twice (a second create_app) is harmless while a second entry under a key is not."""

import pytest

from lmb.core.contributions import Registry


def first(now):
    return ["first"]


def second(now):
    return ["second"]


def test_entries_keep_their_order_and_a_repeated_add_is_a_no_op():
    rules = Registry("rules")
    assert rules(first) is first
    rules.add(second)
    rules.add(first)
    assert list(rules) == [first, second]
    assert len(rules) == 2


def test_a_key_names_one_entry():
    versions = Registry("versions")
    versions.under("session")(first)
    assert "session" in versions and versions["session"] is first
    assert versions.get("round") is None
    with pytest.raises(ValueError, match="registered twice"):
        versions.add(second, key="session")
    assert versions.items() == [("session", first)]


def test_the_shared_features_are_filled_by_the_domains_setup(app):
    from lmb.notifications.currency import versions
    from lmb.notifications.scheduler import JOBS, timeline_steps
    from lmb.notifications.subscriptions import theme_sources
    from lmb.notifications.sweep import reminder_rules
    from lmb.scheduling.audiences import session_audiences
    from lmb.scheduling.feeds import deadline_sources

    assert {"session", "registration", "review-round", "evaluation-action"} <= set(versions.keys())
    assert len(reminder_rules) >= 5
    # Steering-group meetings, partnership activities and outcome-harvesting visits (issue 17).
    assert sorted(session_audiences.keys()) == [
        "outcome_visit",
        "partnership_activity",
        "steering_meeting",
    ]
    assert len(deadline_sources) >= 1
    assert len(timeline_steps) == 2
    assert [job_id for job_id, _, _ in JOBS] == [
        "reminder-sweep",
        "outbox-dispatch",
        "timeline",
        "retention",
        "calendar-replies",  # issue 15: scheduling reads the answers to invitations
    ]
    assert theme_sources.keys() == ["tracks", "programmes", "calls"]
