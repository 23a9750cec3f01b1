"""Database helpers that must say the same thing on PostgreSQL and SQLite."""

import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from lmb.extensions import db


def insert_ignoring_conflicts(model, *unique_columns: str):
    """INSERT ... ON CONFLICT (unique_columns) DO NOTHING, in this session's dialect."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model).on_conflict_do_nothing(index_elements=list(unique_columns))


def contains_literally(expression, needle: str):
    """expression LIKE '%needle%', the needle taken literally on every database: a search box
    holds text, and % and _ in it are letters, not wildcards."""
    escaped = needle.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return expression.like(f"%{escaped}%", escape="!")


@contextmanager
def scratch_database(directory: Path, server_url: str | None = None, prefix: str = "lmb_scratch"):
    """A new, empty database for tests and benchmarks, dropped afterwards.

    Without `server_url`: a SQLite file in `directory`. With a PostgreSQL URL: a database
    `<prefix>_<random>` made on that server (through its "postgres" database).
    """
    if not server_url:
        yield f"sqlite:///{directory / f'{prefix}-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(
        sa.engine.make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            sa.engine.make_url(server_url).set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# Connections to PostgreSQL
#
# Two round trips and the planning of every statement made up a third of a logged-in page's
# cost. A connection back from the pool is pinged only when it lay idle long enough for the
# server or a firewall to have dropped it (the "pessimistic" check SQLAlchemy documents, run
# on checkout), not before every request; a connection that breaks while in use is thrown
# away by SQLAlchemy all the same. Statements of a request are prepared on the server after
# a few runs (psycopg's threshold), so PostgreSQL parses and plans a page's statements once
# per connection; work outside a request (the dispatcher, the scheduler, the CLI) keeps
# planning each statement for its own values, because its tables change size quickly (the
# outbox: empty, then thousands of rows) and a prepared plan is made again only when
# the table's statistics are next analyzed.

PING_AFTER_IDLE_SECONDS = 30
REQUEST_PREPARE_THRESHOLD = 5
_IDLE_SINCE = "lmb_idle_since"


def init_connections(app: Flask) -> None:
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "postgresql":
            _tune_postgresql(engine)


def _tune_postgresql(engine: sa.Engine) -> None:
    @event.listens_for(engine, "connect")
    def connected(dbapi_connection, record) -> None:
        # No JIT compilation: the planner asks for it when its estimates run high (tables not
        # yet analysed, several one-to-many joins), and compiling then took 20-40 ms of a
        # track page's 1 ms query. A request's statements are small; JIT never pays off.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            dbapi_connection.execute("SET jit = off")
        finally:
            dbapi_connection.autocommit = autocommit

    @event.listens_for(engine, "checkout")
    def checked_out(dbapi_connection, record, proxy) -> None:
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is not None and time.monotonic() - idle_since > PING_AFTER_IDLE_SECONDS:
            try:
                engine.dialect.do_ping(dbapi_connection)
            except engine.dialect.loaded_dbapi.Error as error:
                # The pool throws this connection away and checks out another.
                raise sa.exc.DisconnectionError(str(error)) from error
        dbapi_connection.prepare_threshold = (
            REQUEST_PREPARE_THRESHOLD if has_request_context() else None
        )

    @event.listens_for(engine, "checkin")
    def checked_in(dbapi_connection, record) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()


# Unit of work
#
# A request, a CLI command and a scheduler job are each one transaction: services add and
# flush, and whoever called them commits once at the end (or rolls back once). Work that may
# only happen once the rows are durable (removing files of deleted rows) or that undoes
# something outside the database when they are not (an upload stored before its row) is
# handed to `after_commit` / `after_rollback`.

_AFTER_COMMIT = "lmb.after_commit"
_AFTER_ROLLBACK = "lmb.after_rollback"


def after_commit(task: Callable[[], None]) -> None:
    """Run `task` once the current transaction commits (never if it rolls back)."""
    _transaction_tasks(_AFTER_COMMIT).append(task)


def after_rollback(task: Callable[[], None]) -> None:
    """Run `task` if the current transaction ends without a commit (rolled back, or its
    session closed)."""
    _transaction_tasks(_AFTER_ROLLBACK).append(task)


def _transaction_tasks(key: str) -> list:
    session = db.session()
    if not session.in_transaction():
        session.begin()  # the tasks belong to a transaction, even one with no SQL yet
    return session.info.setdefault(key, [])


@event.listens_for(OrmSession, "after_commit")
def _run_after_commit(session: OrmSession) -> None:
    # Fired for savepoints too: only the transaction itself decides.
    if not session.in_nested_transaction():
        session.info.pop(_AFTER_ROLLBACK, None)
        for task in session.info.pop(_AFTER_COMMIT, []):
            task()


@event.listens_for(OrmSession, "after_transaction_end")
def _run_after_rollback(session: OrmSession, transaction) -> None:
    # The outermost transaction ended; after a commit its rollback tasks are gone already.
    if transaction.parent is None:
        session.info.pop(_AFTER_COMMIT, None)
        for task in session.info.pop(_AFTER_ROLLBACK, []):
            task()


@contextmanager
def unit_of_work():
    """One transaction for a CLI command or a scheduler job: committed when the block ends,
    rolled back when it raises. Requests get the same from `init_unit_of_work`."""
    try:
        yield db.session
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


def init_unit_of_work(app: Flask) -> None:
    """One commit per request, after the view, as Indico's request handler does it.

    Whatever answer the view itself returns is committed, whatever its status: a login form
    shown again with 422 still records the failed attempt, as the services' own commits did
    before, and a service refuses before it changes anything (or inside a savepoint). An
    exception that leaves the view rolls back once: the error handlers roll back (an abort,
    a ServiceError, a 5xx answer is never committed) and the teardown rolls back whatever an
    unhandled exception left, also when the commit itself fails. The commit happens before
    the response leaves, so a client never sees an answer whose rows were not stored. No mail
    leaves inside a request: the outbox rows ride in this transaction and the dispatcher
    (the scheduler, or `lmb outbox flush`) sends them once committed.
    """

    @app.after_request
    def commit_request(response):
        if response.status_code >= 500:
            db.session.rollback()
        else:
            db.session.commit()
        return response

    @app.teardown_request
    def end_request(error) -> None:
        if error is not None:
            db.session.rollback()
