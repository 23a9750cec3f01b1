"""The machinery of the authorization matrix: the scene on a SQLite file with snapshots, one
logged-in client per role, and one request per (rule, method, role) cell."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask_migrate import upgrade

from lmb import create_app
from lmb.demo import DEMO_PASSWORD
from lmb.extensions import db
from tests.conftest import ROOT, TEST_CONFIG, csrf_from
from tests.security.scene import PEOPLE, ROLES, Scene, build_scene, values_for

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# The header's language switch carries a CSRF token on every HTML page.
TOKEN_PAGE = "/tracks/"
SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
# The one answer this site's own pages may frame (issue 14): the submitted PDF shown beside
# the review form, when it is given (a refusal is framed by nobody). Framed by nobody else.
FRAMED_BY_THIS_SITE = {"/review-documents/<id:version_id>/inline"}


def security_headers(rule: str, status: int) -> dict[str, str]:
    if rule in FRAMED_BY_THIS_SITE and status == 200:
        return {**SECURITY_HEADERS, "Content-Security-Policy": "frame-ancestors 'self'"}
    return SECURITY_HEADERS


def requests_of(app) -> list[tuple[object, str]]:
    """(rule, method) for every rule of the URL map but `static`, every method but HEAD/OPTIONS."""
    pairs = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if rule.endpoint == "static":
            continue
        pairs.extend((rule, m) for m in METHODS if m in rule.methods)
    return pairs


def in_running_order(pairs):
    """The reads first, all on one scene; then each change on a freshly restored scene."""
    return [p for p in pairs if p[1] == "GET"] + [p for p in pairs if p[1] != "GET"]


# What the API needs to get past its schema to the permission check: a denied role must
# meet the check, not a 422 for a missing field. Forms get nothing but their CSRF token.
API_BODIES = {
    "POST /api/v1/evaluation-actions/<id:action_id>/updates": {"status": "in_progress"},
    "POST /api/v1/lessons/<id:lesson_id>/return": {"comment": "Matrix"},
    "POST /api/v1/toolkits/<id:toolkit_id>/items": {"title": "Matrix"},
    "POST /api/v1/programmes": {
        "title": "Matrix",
        "starts_on": "2030-01-01",
        "ends_on": "2030-12-31",
    },
    "POST /api/v1/programmes/<slug>/milestones": {
        "kind": "tools",
        "title": "Matrix",
        "period": "2017",
    },
    "PUT /api/v1/milestones/<id:milestone_id>": {
        "kind": "tools",
        "title": "Matrix",
        "period": "2017",
    },
    "POST /api/v1/programmes/<slug>/tracks": {"title": "Matrix"},
    "POST /api/v1/tracks/<slug>/lessons": {"title": "Matrix", "phase": "labo"},
    "POST /api/v1/tracks/<slug>/sessions": {
        "title": "Matrix",
        "phase": "labo",
        "starts_at": "2030-01-07T10:00:00+01:00",
        "ends_at": "2030-01-07T12:00:00+01:00",
        "location": "VVSG",
    },
    "POST /api/v1/tracks/<slug>/toolkits": {"kind": "manual", "title": "Matrix"},
}
# Forms whose view checks the input before the service checks who asks.
FORM_DATA = {"POST /sessions/<id:session_id>/intent": {"intent": "yes"}}
API_QUERIES = {"GET /api/v1/toolkits/<id:toolkit_id>/export": {"format": "md"}}


def key_of(rule, method: str) -> str:
    return f"{method} {rule.rule}"


@dataclass
class Cell:
    status: int
    location: str = ""
    refused: bool = False  # a redirect that flashed an error (the service said no)
    missing_headers: tuple[str, ...] = ()
    error: str = ""  # the exception when the app failed (a 500)

    def __str__(self) -> str:
        if self.error:
            return f"500 ({self.error})"
        if self.status in (301, 302, 303):
            where = urlsplit(self.location).path or self.location
            return f"{self.status}→{where}{'!' if self.refused else ''}"
        return str(self.status)


class World:
    """The app on a SQLite file; `restore()` puts the scene back as it was after `build`."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.database = tmp / "matrix.sqlite3"
        self.uploads = tmp / "uploads"
        self.saved_database = tmp / "scene.sqlite3"
        self.saved_uploads = tmp / "scene-uploads"
        self.app = create_app(
            {
                **TEST_CONFIG,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{self.database}",
                "UPLOAD_FOLDER": str(self.uploads),
            }
        )
        self.clients: dict[str, object] = {}
        self.cookies: dict[str, str | None] = {}
        self.restores = 0
        self.restore_seconds = 0.0

    def build(self) -> Scene:
        from lmb.cli import seed

        with self.app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
        result = self.app.test_cli_runner().invoke(seed, ["--demo"])
        assert result.exit_code == 0, result.output
        with self.app.app_context():
            self.scene = build_scene()
            db.session.remove()
        self._log_in_everyone()
        self._close_database()
        shutil.copyfile(self.database, self.saved_database)
        shutil.copytree(self.uploads, self.saved_uploads)
        return self.scene

    def _close_database(self) -> None:
        with self.app.app_context():
            db.session.remove()
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            db.engine.dispose()

    def restore(self) -> None:
        started = time.perf_counter()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.saved_database, self.database)
        shutil.rmtree(self.uploads)
        shutil.copytree(self.saved_uploads, self.uploads)
        self.restores += 1
        self.restore_seconds += time.perf_counter() - started

    def _log_in_everyone(self) -> None:
        for role in ROLES:
            client = self.app.test_client()
            if role != "anonymous":
                token = csrf_from(client.get("/account/login").get_data(as_text=True))
                response = client.post(
                    "/account/login",
                    data={"email": PEOPLE[role], "password": DEMO_PASSWORD, "csrf_token": token},
                )
                assert response.status_code == 302, (role, response.status_code)
            page = client.get(TOKEN_PAGE)
            assert page.status_code == 200, (role, page.status_code)
            self.csrf = getattr(self, "csrf", {})
            self.csrf[role] = csrf_from(page.get_data(as_text=True))
            cookie = client.get_cookie("session")
            self.cookies[role] = cookie.value if cookie else None
            self.clients[role] = client

    def _flashed_error(self, client) -> bool:
        cookie = client.get_cookie("session")
        if cookie is None:
            return False
        data = self.app.session_interface.get_signing_serializer(self.app).loads(cookie.value)
        return any(category == "error" for category, _message in data.get("_flashes", []))

    def request(self, rule, method: str, role: str) -> Cell:
        try:
            return self._request(rule, method, role)
        except Exception as error:  # noqa: BLE001 - TESTING propagates what would be a 500
            with self.app.app_context():
                db.session.remove()
            return Cell(status=500, error=f"{type(error).__name__}: {error}"[:200])

    def with_session_only(self, rule, method: str, role: str) -> Cell:
        """An API call carrying the role's browser session but no Bearer token."""
        path = rule.build(values_for(rule, self.scene), append_unknown=False)[1]
        client = self.clients[role]
        client.set_cookie("session", self.cookies[role])
        key = key_of(rule, method)
        kwargs = {"json": API_BODIES.get(key, {})} if method != "GET" else {}
        response = client.open(path, method=method, query_string=API_QUERIES.get(key), **kwargs)
        response.close()
        return Cell(status=response.status_code)

    def _request(self, rule, method: str, role: str) -> Cell:
        path = rule.build(values_for(rule, self.scene), append_unknown=False)[1]
        if rule.rule.startswith("/api/"):
            client = self.app.test_client()
            headers = {}
            if role != "anonymous":
                headers["Authorization"] = f"Bearer {self.scene.api_tokens[role]}"
            key = key_of(rule, method)
            kwargs = {"json": API_BODIES.get(key, {})} if method != "GET" else {}
            response = client.open(
                path, method=method, headers=headers, query_string=API_QUERIES.get(key), **kwargs
            )
        else:
            client = self.clients[role]
            # Every request starts from the role's own session as it was after logging in
            # (a logout or an erased account in an earlier cell must not carry over).
            if self.cookies[role] is None:
                client.delete_cookie("session")
            else:
                client.set_cookie("session", self.cookies[role])
            data = None
            if method != "GET":
                # `confirmed`: what a confirmation page sends (lmb.core.views.asks_first), so
                # that an action that asks first meets its permission check, not the question.
                data = {
                    **FORM_DATA.get(key_of(rule, method), {}),
                    "confirmed": "yes",
                    "csrf_token": self.csrf[role],
                }
            response = client.open(path, method=method, data=data)
        missing = tuple(
            name
            for name, must_contain in security_headers(rule.rule, response.status_code).items()
            if must_contain not in response.headers.get(name, "")
        )
        cell = Cell(
            status=response.status_code,
            location=response.headers.get("Location", ""),
            missing_headers=missing,
        )
        if cell.status in (301, 302, 303) and not rule.rule.startswith("/api/"):
            cell.refused = self._flashed_error(client)
        response.close()
        return cell
