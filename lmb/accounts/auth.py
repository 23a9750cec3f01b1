"""Session login (Flask-Login), API bearer tokens, and password hashing (argon2id)."""

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from lmb.core.errors import error_response
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


def init_login(app: Flask) -> None:
    from lmb.accounts.models import User

    app.extensions["lmb_password_hashing"] = PasswordHashing(
        app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_COST"]
    )
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_id: str):
        user_id, _, version = session_id.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or user.auth_version != int(version) or not user.active:
            return None
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.path.startswith("/api/"):
            return error_response(401, "unauthorized", str(_l("Please log in first.")))
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
