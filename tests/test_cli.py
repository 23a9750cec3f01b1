"""The `lmb` commands of CONTRACT.md that concern accounts."""

from lmb.accounts.models import Role, User
from lmb.cli import users
from lmb.extensions import db


def test_users_create_makes_a_verified_account_that_can_log_in(app, browser):
    result = app.test_cli_runner().invoke(
        users,
        [
            "create",
            "--email",
            "An@Example.org",
            "--name",
            "An",
            "--role",
            "coordinator",
            "--organization",
            "VVSG",
            "--password",
            "long enough pw",
        ],
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "an@example.org"))
        assert user.role is Role.coordinator and user.is_verified
        assert user.organization.name == "VVSG"
    browser.login("an@example.org", "long enough pw")


def test_users_create_refuses_a_duplicate_clearly(app, make_user):
    make_user(email="an@example.org")
    result = app.test_cli_runner().invoke(
        users, ["create", "--email", "an@example.org", "--name", "An"]
    )
    assert result.exit_code != 0
    assert "already exists" in result.output or "bestaat al" in result.output


def test_users_token_prints_a_working_api_token(app, browser, make_user):
    make_user(email="an@example.org")
    result = app.test_cli_runner().invoke(users, ["token", "an@example.org"])
    assert result.exit_code == 0
    token = result.output.strip()
    me = browser.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.get_json()["email"] == "an@example.org"
    unknown = app.test_cli_runner().invoke(users, ["token", "nobody@example.org"])
    assert unknown.exit_code != 0
