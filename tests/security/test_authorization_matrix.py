"""The authorization matrix (issue 8): every route and API endpoint × seven roles → allowed or not.

The requests are generated from the URL map: every rule but `static`, every method but
HEAD/OPTIONS. A rule without an entry in tests/security/expectations.py fails, and so does an
entry whose rule is gone. Each cell is one request by one role with the path parameters of the
scene (tests/security/scene.py): GETs all on one scene, every other method on a scene restored
from a snapshot, so that a delete by one role does not change what the next one meets. Posts
carry a valid CSRF token and `confirmed=yes` (as a confirmation page sends it) and no other
field; API calls a Bearer token of the role (anonymous none) and, where the schema would stop
them first, a minimal valid body.

Denied means 401, 403 or 404, for anonymous HTML a redirect to the login page (?next=), or a redirect
that flashed an error (the service refused and nothing changed). Allowed means anything else
below 500. Nothing may answer 500, and every answer carries the security headers.

Authorization does not depend on the kind of database: the matrix always runs on its own SQLite
file (also in the PostgreSQL run of the suite), which makes restoring a snapshot a file copy.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest

from tests.security.expectations import EXPECTED as GENERAL
from tests.security.expectations_partners import PARTNER_EXPECTED
from tests.security.matrix import Cell, World, in_running_order, key_of, requests_of
from tests.security.scene import ROLES

EXPECTED = {**GENERAL, **PARTNER_EXPECTED}
DENIED_STATUSES = {401, 403, 404}


def is_denied(cell: Cell, role: str, api: bool) -> bool:
    if cell.status in DENIED_STATUSES:
        return True
    if cell.status in (301, 302, 303) and not api:
        # The login manager sends whoever is not logged in to the login page with where they
        # were going (for a logged-in role that means its session failed: not allowed either);
        # a plain redirect to the login page (after verifying an address) is an answer.
        where = urlsplit(cell.location)
        to_login = where.path == "/account/login" and "next=" in where.query
        return to_login or cell.refused
    return False


def verdict(cell: Cell, role: str, allowed: bool, api: bool) -> str | None:
    """Why the cell is wrong, or None."""
    if cell.status >= 500:
        return "server error"
    if cell.missing_headers:
        return f"missing security headers {', '.join(cell.missing_headers)}"
    denied = is_denied(cell, role, api)
    if allowed and denied and not cell.refused:
        return "denied but should be allowed"
    if not allowed and not denied:
        return "allowed but should be denied"
    return None


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    world = World(tmp_path_factory.mktemp("matrix"))
    world.build()
    return world


def test_every_rule_has_an_expectation_and_every_expectation_a_rule(world):
    keys = [key_of(rule, method) for rule, method in requests_of(world.app)]
    missing = [key for key in keys if key not in EXPECTED]
    stale = sorted(set(EXPECTED) - set(keys))
    assert not missing, (
        "routes without an entry in tests/security/expectations.py (say who may call them):\n"
        + "\n".join(missing)
    )
    assert not stale, "entries for routes that no longer exist:\n" + "\n".join(stale)


def test_the_authorization_matrix(world, record_property, capsys):
    started = time.perf_counter()
    pairs = requests_of(world.app)
    failures, cells = [], 0
    for rule, method in in_running_order(pairs):
        key = key_of(rule, method)
        if key not in EXPECTED:
            continue  # the test above names it
        allowed_roles = EXPECTED[key]
        api = rule.rule.startswith("/api/")
        row, wrong = [], []
        for role in ROLES:
            if method != "GET":
                world.restore()
            cell = world.request(rule, method, role)
            cells += 1
            row.append(f"{role}={cell}")
            problem = verdict(cell, role, role in allowed_roles, api)
            if problem:
                wrong.append(f"{role}: {problem}")
        if wrong:
            failures.append(f"{key}\n    {' | '.join(row)}\n    → {'; '.join(wrong)}")
    seconds = time.perf_counter() - started
    rules = len({rule.rule + rule.endpoint for rule, _method in pairs})
    figures = (
        f"authorization matrix: {rules} rules, {len(pairs)} rule×method pairs, "
        f"{cells} requests, {world.restores} restores, {seconds:.1f} s"
    )
    record_property("matrix", figures)
    with capsys.disabled():
        print(f"\n{figures}")
    assert not failures, f"{len(failures)} rows of the matrix are wrong:\n" + "\n".join(failures)


def test_the_api_does_not_take_a_browser_session_for_a_token(world):
    """Cookies go along with cross-site requests; a Bearer token does not. An API endpoint that
    anonymous may not call must refuse the admin's logged-in browser session too."""
    wrong = []
    for rule, method in in_running_order(requests_of(world.app)):
        key = key_of(rule, method)
        if not rule.rule.startswith("/api/") or "anonymous" in EXPECTED.get(key, {"anonymous"}):
            continue
        if method != "GET":
            world.restore()
        cell = world.with_session_only(rule, method, "admin")
        if cell.status not in (401, 404):  # 404: what anonymous gets for a hidden draft
            wrong.append(f"{key}: {cell}")
    assert not wrong, "answered a browser session without a token:\n" + "\n".join(wrong)


def test_the_scene_is_restored_between_changes(world):
    """A delete by one role must not be seen by the next: the snapshot really comes back."""
    rule = next(r for r in world.app.url_map.iter_rules() if r.endpoint == "toolkits.delete_lesson")
    lesson_page = next(r for r in world.app.url_map.iter_rules() if r.endpoint == "toolkits.lesson")
    world.restore()
    assert world.request(rule, "POST", "participant").status == 302
    assert world.request(lesson_page, "GET", "participant").status == 404
    world.restore()
    assert world.request(lesson_page, "GET", "participant").status == 200
