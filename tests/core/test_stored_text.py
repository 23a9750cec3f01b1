"""The single-line rule holds in the database too, whatever path a value takes (issue 12).

Forms and API schemas refuse control characters, but values also come in through the
command line (`lmb users create`, `lmb users token`), seeds and services. Every short text
column of every model refuses them when set, unless it is declared machine-made in
lmb.core.text; the command line answers with a message instead of storing a name that would
break the header of every mail to or about that person.
"""

import pytest
from sqlalchemy import Enum, String, Text, func, select
from sqlalchemy.orm import class_mapper

from lmb.accounts.models import ApiToken, Organization, User
from lmb.cli import users
from lmb.core import text
from lmb.core.errors import StoredTextRefused
from lmb.extensions import db

HOSTILE = {
    "crlf": "Evil\r\nBcc: victim@example.org",
    "newline": "a\nb",
    "tab": "a\tb",
    "nul": "a\x00b",
    "escape": "a\x1bb",
    "delete": "a\x7fb",
    "next_line_c1": "a\x85b",
    "line_separator": "a\u2028b",
    "paragraph_separator": "a\u2029b",
}

# A text of several lines keeps its line breaks and tabs (line separators are line breaks).
MULTI_LINE_KEEPS = ("crlf", "newline", "tab", "line_separator", "paragraph_separator")


def _models():
    return sorted((m.class_ for m in db.Model.registry.mappers), key=lambda c: c.__tablename__)


def _short_text_columns(model):
    for prop in class_mapper(model).column_attrs:
        column = prop.columns[0]
        if isinstance(column.type, String) and not isinstance(column.type, Text | Enum):
            yield prop.key, f"{column.table.name}.{column.name}"


def test_every_short_text_column_refuses_control_characters_unless_machine_made(ctx):
    guarded, failures = [], []
    for model in _models():
        for key, name in _short_text_columns(model):
            table = name.split(".")[0]
            machine = name in text.MACHINE_MADE_COLUMNS or table in text.MACHINE_MADE_TABLES
            multiline = name in text.MULTI_LINE_COLUMNS
            for control, value in HOSTILE.items():
                allowed = machine or (multiline and control in MULTI_LINE_KEEPS)
                instance = class_mapper(model).class_manager.new_instance()
                try:
                    setattr(instance, key, value)
                    refused = False
                except StoredTextRefused as error:
                    refused = error.field == key
                if refused == allowed:
                    failures.append((name, control, refused))
            if not machine:
                guarded.append(name)
    assert failures == []
    for known in ("users.name", "organizations.name", "api_tokens.name", "sessions.title"):
        assert known in guarded
    assert len(guarded) >= 50


def test_the_declared_exceptions_name_real_columns(ctx):
    names = {name for model in _models() for _key, name in _short_text_columns(model)}
    tables = {model.__tablename__ for model in _models()}
    assert text.MACHINE_MADE_COLUMNS - names == set()
    assert text.MULTI_LINE_COLUMNS - names == set()
    assert text.MACHINE_MADE_TABLES - tables == set()


def test_ordinary_text_is_stored(ctx):
    user = User(name="Zoë – “Roeselare” 🌍 مرحبا")
    assert user.name.startswith("Zoë")


def _create(app, *options):
    return app.test_cli_runner().invoke(
        users, ["create", "--email", "evil@example.org", "--password", "long enough pw", *options]
    )


@pytest.mark.parametrize("control", list(HOSTILE))
def test_users_create_refuses_a_name_or_organization_with_control_characters(app, control):
    value = HOSTILE[control]
    for options in (
        ["--name", value],
        ["--name", "Evi", "--organization", f"Stad {value}"],
    ):
        result = _create(app, *options)
        assert result.exit_code != 0
        assert "stuurtekens" in result.output or "control characters" in result.output
        assert "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
        assert db.session.scalar(select(func.count()).select_from(Organization)) == 0


def test_users_token_refuses_a_name_with_a_line_break(app, make_user):
    make_user(email="an@example.org")
    result = app.test_cli_runner().invoke(users, ["token", "an@example.org", "--name", "a\nb"])
    assert result.exit_code != 0
    assert "stuurtekens" in result.output or "control characters" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_a_clean_name_still_works_from_the_command_line(app):
    result = _create(app, "--name", "Zoë Ĳssel", "--organization", "Stad Roeselare")
    assert result.exit_code == 0, result.output


def test_a_subject_in_the_outbox_is_one_line_whatever_it_was_built_from(app, make_user):
    from lmb.notifications.models import OutboundMessage
    from lmb.notifications.outbox import enqueue

    user_id = make_user(email="an@example.org")
    with app.test_request_context():
        user = db.session.get(User, user_id)
        enqueue(
            key="hostile-subject",
            kind="account/password_changed",
            template="accounts/mail/account/password_changed",
            recipient=user,
            subject="Hello\r\nBcc: victim@example.org\u2028\x85",
            context={"revoked_tokens": 0, "agenda_url": "https://example.org/a"},
        )
        db.session.commit()
        subject = db.session.scalar(select(OutboundMessage.subject))
    assert not text.has_forbidden_characters(subject)
    assert subject.startswith("Hello") and "Bcc: victim@example.org" in subject
