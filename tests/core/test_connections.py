"""PostgreSQL connections: a request's statements are prepared, background work plans each
statement for its values, and a connection dropped while it lay idle in the pool is replaced
before a request uses it (the ping runs only after idleness, not on every checkout)."""

import pytest
import sqlalchemy as sa

from lmb.core import database
from lmb.extensions import db
from tests.conftest import is_postgres


@pytest.fixture
def postgres(app):
    if not is_postgres(app):
        pytest.skip("PostgreSQL connections only")
    return app


def backend_pid() -> int:
    return db.session.scalar(sa.text("SELECT pg_backend_pid()"))


def test_statements_of_a_request_are_prepared_and_background_work_plans_each(postgres):
    with postgres.test_request_context("/"):
        assert backend_pid()
        assert db.session.connection().connection.dbapi_connection.prepare_threshold == 5
        db.session.remove()
    with postgres.app_context():
        assert backend_pid()
        assert db.session.connection().connection.dbapi_connection.prepare_threshold is None
        db.session.remove()


def test_a_connection_dropped_while_idle_is_replaced_before_use(postgres, monkeypatch):
    with postgres.app_context():
        db.engine.dispose()
        with db.engine.connect() as connection:
            dropped = connection.scalar(sa.text("SELECT pg_backend_pid()"))
        # The pool holds that one connection now; the server ends it behind the pool's back.
        admin = sa.create_engine(db.engine.url, poolclass=sa.pool.NullPool)
        with admin.connect() as other:
            assert other.scalar(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped})
        admin.dispose()

        monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", -1)
        with db.engine.connect() as connection:
            replaced = connection.scalar(sa.text("SELECT pg_backend_pid()"))
        assert replaced != dropped


def test_a_busy_connection_is_not_pinged(postgres):
    pings = []
    with postgres.app_context():
        engine = db.engine
        original = engine.dialect.do_ping
        engine.dialect.do_ping = lambda connection: pings.append(1) or original(connection)
        try:
            for _ in range(3):
                with engine.connect() as connection:
                    connection.scalar(sa.text("SELECT 1"))
        finally:
            del engine.dialect.do_ping
    assert pings == []


@pytest.mark.postgres_only
def test_no_jit_compilation_on_the_apps_connections(postgres):
    """A track page's query whose estimates ran high (a fresh, unanalysed database) spent
    20-40 ms compiling JIT code for a 1 ms query; the app's connections have JIT off, also
    after the pool hands a connection out again."""
    with postgres.app_context():
        db.engine.dispose()
        for _ in range(2):
            assert db.session.scalar(sa.text("SHOW jit")) == "off"
            db.session.commit()
            db.session.remove()
