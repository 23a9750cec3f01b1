"""With memory:// rate limits and more than one worker, the app says at start that the limits
count per worker and that production needs LMB_RATELIMIT_STORAGE_URI (issue 12)."""

import logging

import pytest

from lmb import create_app, worker_count
from tests.conftest import TEST_CONFIG


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["/srv/.venv/bin/gunicorn", "-w", "4", "wsgi:app"], {}, 4),
        (["/srv/.venv/bin/gunicorn", "--workers=3", "wsgi:app"], {}, 3),
        (["/srv/.venv/bin/gunicorn", "-w2", "wsgi:app"], {}, 2),
        (["/srv/.venv/bin/gunicorn", "wsgi:app"], {"GUNICORN_CMD_ARGS": "--workers 5"}, 5),
        (["/srv/.venv/bin/gunicorn", "wsgi:app"], {"WEB_CONCURRENCY": "6"}, 6),
        (["/srv/.venv/bin/gunicorn", "wsgi:app"], {}, 1),
        (["/srv/.venv/bin/lmb", "run"], {}, 1),
        (["/srv/.venv/bin/lmb", "run", "-w", "4"], {}, 1),  # not gunicorn's -w
        (["/srv/.venv/bin/uwsgi"], {"LMB_WORKERS": "8"}, 8),
    ],
)
def test_the_number_of_workers_is_read_from_gunicorn_or_the_environment(argv, environ, expected):
    assert worker_count(argv, environ) == expected


def _warnings(caplog, monkeypatch, argv, **config):
    monkeypatch.setattr("sys.argv", argv)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://", **config})
    return [r.getMessage() for r in caplog.records if "count per worker" in r.getMessage()]


def test_memory_limits_with_several_workers_are_announced_at_start(caplog, monkeypatch):
    gunicorn = ["/srv/.venv/bin/gunicorn", "-w", "4", "wsgi:app"]
    monkeypatch.delenv("LMB_WORKERS", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    [message] = _warnings(caplog, monkeypatch, gunicorn)
    assert "with 4 workers" in message and "LMB_RATELIMIT_STORAGE_URI" in message
    assert _warnings(caplog, monkeypatch, gunicorn, RATELIMIT_STORAGE_URI="redis://r:6379") == []
    assert _warnings(caplog, monkeypatch, ["/srv/.venv/bin/gunicorn", "wsgi:app"]) == []
