"""Session login (Flask-Login), API bearer tokens, and password hashing (argon2id)."""

import hashlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from lmb.core.errors import error_response
from lmb.extensions import db, login_manager

password_hasher = PasswordHasher()
# Verified against when the e-mail address is unknown, so both answers take equally long.
_UNKNOWN_USER_HASH = password_hasher.hash("an unguessable placeholder password")


def hash_password(password: str) -> str:
    return password_hasher.hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    try:
        return password_hasher.verify(password_hash or _UNKNOWN_USER_HASH, password) and bool(
            password_hash
        )
    except (VerificationError, InvalidHashError):
        return False


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def init_login(app: Flask) -> None:
    from lmb.accounts.models import User

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
