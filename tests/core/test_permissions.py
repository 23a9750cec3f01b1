"""The permission mechanism (lmb.core.permissions): a grant stands for the rest of its request,
a refusal is asked again, and outside a request every question is asked."""

import pytest
from flask import g
from flask_login import current_user

from lmb.core import permissions
from lmb.core.errors import NotAllowed


class _Person:
    is_authenticated = True

    def __init__(self, id_):
        self.id = id_


class _Thing:
    def __init__(self, id_):
        self.id = id_


def test_a_grant_stands_for_the_rest_of_its_request_only(app):
    calls = []

    def may_poke(user, thing):
        calls.append((user.id, thing.id))
        return user.id == 1

    person, stranger, thing = _Person(1), _Person(2), _Thing(7)
    with app.test_request_context():
        permissions.guard(may_poke, person, thing)
        permissions.require(may_poke, person, thing, "no")
        assert permissions.allowed(may_poke, person, thing)
        assert calls == [(1, 7)]
        # A refusal is not remembered: it is asked again, and refused again.
        assert not permissions.allowed(may_poke, stranger, thing)
        with pytest.raises(NotAllowed):
            permissions.require(may_poke, stranger, thing, "no")
        assert calls == [(1, 7), (2, 7), (2, 7)]
    with app.test_request_context():
        permissions.require(may_poke, person, thing, "no")
        assert calls[-1] == (1, 7) and len(calls) == 4
    with app.app_context():
        # Outside a request (CLI, scheduler) every question is asked.
        permissions.require(may_poke, person, thing, "no")
        permissions.require(may_poke, person, thing, "no")
        assert len(calls) == 6


def test_a_rule_without_an_object_is_asked_once_per_request_too(app):
    """A page behind `permission_required(rule)` (no object) and the service it calls with
    `require(rule, user, None)` ask the rule once; an object not stored yet is asked each time."""
    calls = []

    def is_staff(user):
        calls.append(user.id)
        return user.id == 1

    @permissions.permission_required(is_staff)
    def page():
        permissions.require(is_staff, current_user, None, "no")
        return "ok"

    person = _Person(1)
    with app.test_request_context():
        g._login_user = person  # Flask-Login's place for the request's person
        assert page() == "ok"
    assert calls == [1]

    def may_poke(user, thing):
        calls.append(("poke", thing.id))
        return True

    with app.test_request_context():
        unsaved = _Thing(None)
        permissions.require(may_poke, person, unsaved, "no")
        permissions.require(may_poke, person, unsaved, "no")
    assert calls[1:] == [("poke", None), ("poke", None)]
