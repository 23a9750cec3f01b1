"""LMB Leertrajecten: the platform on which VVSG runs its learning tracks on local global policy."""

import os
import shlex
import sqlite3
import sys
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from lmb.config import Defaults, instance_secret_key
from lmb.core.flask_app import App


def create_app(config: dict | None = None) -> Flask:
    """The application factory: defaults, then LMB_* environment variables, then `config`."""
    app = App(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'lmb.sqlite3'}"
    app.config.from_prefixed_env("LMB")
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    app.config.setdefault("UPLOAD_FOLDER", str(Path(app.instance_path) / "uploads"))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # psycopg prepares a statement on the server after 5 runs, and PostgreSQL may then
        # keep a generic plan made when a table was empty (a sequential scan of the outbox
        # for `key IN (...)`) until the table is analyzed again. Plan each statement for its
        # own values, except in requests (lmb.core.database.init_connections).
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {"prepare_threshold": None, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if app.config["PRODUCTION"]:
        app.config.update(
            SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https"
        )

    from lmb.core.database import init_connections, init_unit_of_work
    from lmb.core.views import IdConverter

    app.url_map.converters["id"] = IdConverter
    _init_extensions(app)
    init_connections(app)
    init_unit_of_work(app)
    _register_blueprints(app)

    from lmb.core import cache, errors, security, sessions, templating

    errors.init_app(app)
    security.init_app(app)
    sessions.init_app(app)
    templating.init_app(app)
    cache.init_app(app)

    from lmb.cli import register_commands

    register_commands(app)
    warn_about_per_worker_limits(app)
    if app.config["SCHEDULER"] == "inline":
        from lmb.notifications.scheduler import start_inline

        start_inline(app)
    return app


def worker_count(argv: list[str] | None = None, environ: dict | None = None) -> int:
    """How many web processes serve the app, as far as this process can tell: LMB_WORKERS,
    gunicorn's -w/--workers (its workers are forks, so they share the arbiter's command line
    and GUNICORN_CMD_ARGS) or WEB_CONCURRENCY, else 1."""
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    if environ.get("LMB_WORKERS", "").isdigit():
        return int(environ["LMB_WORKERS"])
    words = list(argv[1:]) if argv and "gunicorn" in Path(argv[0]).name else []
    words += shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))
    count = None
    for index, word in enumerate(words):
        value = None
        if word in ("-w", "--workers") and index + 1 < len(words):
            value = words[index + 1]
        elif word.startswith("--workers="):
            value = word.partition("=")[2]
        elif word.startswith("-w") and word[2:].isdigit():
            value = word[2:]
        if value and value.isdigit():
            count = int(value)
    if count is None and environ.get("WEB_CONCURRENCY", "").isdigit():
        count = int(environ["WEB_CONCURRENCY"])
    return count or 1


def warn_about_per_worker_limits(app: Flask) -> None:
    """memory:// rate limits are counted in each process: with N workers a client gets N
    times every limit (logins, mailed links, sign-up). Say so when the app starts."""
    workers = worker_count()
    if str(app.config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://") and workers > 1:
        app.logger.warning(
            "Rate limits are kept in memory (memory://) and count per worker: with %d workers "
            "a client gets %d times every limit. Production needs LMB_RATELIMIT_STORAGE_URI "
            "(e.g. redis://host:6379) so that all workers share the counts.",
            workers,
            workers,
        )


def _init_extensions(app: Flask) -> None:
    import lmb.core.audit  # noqa: F401  (the audit log listens to every flush)
    from lmb.accounts.auth import init_login
    from lmb.core.i18n import (
        lazy_strings_escape_their_values,
        select_locale,
        select_timezone,
        vary_on_language,
    )
    from lmb.extensions import babel, csrf, db, limiter, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    if int(app.config["PROXY_HOPS"]):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    lazy_strings_escape_their_values()
    app.after_request(vary_on_language)
    init_login(app)


def _register_blueprints(app: Flask) -> None:
    # Each domain's setup connects its mail to the domain signals and adds its contributions
    # (privacy parts, reminder rules, audiences, deadlines, versions, jobs): lmb.core.contributions.
    from lmb import accounts, evaluations, partnerships, peer_review, scheduling, toolkits, tracks

    for domain in (accounts, scheduling, partnerships, peer_review, toolkits, tracks, evaluations):
        domain.init_app(app)
    from lmb.accounts.views import admin_blueprint as accounts_admin
    from lmb.accounts.views import blueprint as accounts
    from lmb.api import register_api
    from lmb.core.views import blueprint as core
    from lmb.evaluations.views import blueprint as evaluations
    from lmb.home.views import blueprint as home
    from lmb.modalities.views import blueprint as modalities
    from lmb.notifications.views import blueprint as notifications
    from lmb.partnerships.views import blueprint as partnerships
    from lmb.peer_review.views import blueprint as peer_review
    from lmb.scheduling.views import blueprint as calendar
    from lmb.toolkits.views import blueprint as toolkits
    from lmb.tracks.views import blueprint as tracks

    for blueprint in (
        core,
        accounts,
        accounts_admin,
        tracks,
        calendar,
        modalities,
        notifications,
        peer_review,
        partnerships,
        home,
    ):
        app.register_blueprint(blueprint)
    app.register_blueprint(toolkits)
    app.register_blueprint(evaluations)
    register_api(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite enforces foreign keys only when asked, per connection; WAL lets readers read
    while one writer writes."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL is durable against a crashed process (only a power cut can lose
        # the last commits) and spares an fsync per commit: one per sent mail.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
