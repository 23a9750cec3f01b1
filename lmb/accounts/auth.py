"""Session login (Flask-Login), API bearer tokens, and password hashing (argon2id)."""

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from lmb.core.errors import error_response
from lmb.core.models import utcnow
from lmb.extensions import db, login_manager


class PasswordHashing:
    """argon2id with the app's cost settings; tests lower them, production keeps the defaults."""

    def __init__(self, time_cost: int, memory_cost: int):
        self.hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost)
        # Verified against when the e-mail address is unknown, so both answers take as long.
        self.unknown_user_hash = self.hasher.hash(secrets.token_urlsafe(16))


def _hashing() -> PasswordHashing:
    return current_app.extensions["lmb_password_hashing"]


def hash_password(password: str) -> str:
    return _hashing().hasher.hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    hashing = _hashing()
    try:
        matches = hashing.hasher.verify(password_hash or hashing.unknown_user_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    return matches and password_hash is not None


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def session_lifetime() -> timedelta:
    """How long a login lasts at most: as long as the remember-me cookie."""
    duration = current_app.config.get("REMEMBER_COOKIE_DURATION") or timedelta(days=365)
    return duration if isinstance(duration, timedelta) else timedelta(seconds=int(duration))


def init_login(app: Flask) -> None:
    from lmb.accounts.models import User, UserSession

    app.extensions["lmb_password_hashing"] = PasswordHashing(
        app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_COST"]
    )
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    # Every logged-in request asks for its person: the statement is built once, its values
    # bound per request (building it anew cost a third of the lookup).
    session_user = (
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            User.id == bindparam("user_id"),
            UserSession.secret_hash == bindparam("secret_hash"),
            UserSession.created_at > bindparam("since"),
        )
    )

    @login_manager.user_loader
    def load_user(session_id: str):
        """The person of a session cookie or remember-me cookie: "<user>:<auth_version>:<secret>",
        valid while its UserSession row exists (logging out deletes it) and the version holds
        (a password change raises it)."""
        user_id, version, secret = (session_id.split(":") + ["", ""])[:3]
        if not user_id.isdigit() or not version.isdigit() or not secret:
            return None
        user = db.session.scalar(
            session_user,
            {
                "user_id": int(user_id),
                "secret_hash": token_digest(secret),
                "since": utcnow() - session_lifetime(),
            },
        )
        if user is None or user.auth_version != int(version) or not user.active:
            return None
        user.session_secret = secret
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.path.startswith("/api/"):
            return error_response(401, "unauthorized", str(_l("Please log in first.")))
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
