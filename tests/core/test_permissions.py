"""The permission mechanism (lmb.core.permissions): a grant stands for the rest of its request,
a refusal is asked again, and outside a request every question is asked."""

import pytest

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
