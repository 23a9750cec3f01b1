"""Account operations: sign-up, verification, login throttling, passwords, profile, tokens, admin."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError

from lmb import events
from lmb.accounts import membership, privacy
from lmb.accounts.auth import check_password, hash_password, session_lifetime, token_digest
from lmb.accounts.models import (
    ApiToken,
    Function,
    LoginThrottle,
    Membership,
    MembershipStatus,
    Organization,
    OrganizationDomain,
    OrganizationKind,
    Role,
    User,
    UserSession,
)
from lmb.core.errors import Conflict, NotAllowed, ServiceError
from lmb.core.models import utcnow
from lmb.core.security import client_key
from lmb.core.urls import absolute_url
from lmb.extensions import db

MIN_PASSWORD_LENGTH = 10
API_TOKEN_PREFIX = "lmb_"  # noqa: S105 - a public prefix, not a secret


class LoginRefused(ServiceError):
    status = 401
    code = "login_refused"


class InvalidLink(ServiceError):
    status = 400
    code = "invalid_link"


class TokenRefused(ServiceError):
    status = 401
    code = "unauthorized"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            _("Choose a password of at least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
            field="password",
        )


# Organizations: a curated register (coordinators and admins; the seed and CLI).

find_organization = membership.find_organization


def get_or_create_organization(
    name: str, kind: OrganizationKind = OrganizationKind.municipality, country: str = "BE"
) -> Organization:
    """The organization of that name (case-insensitive), created if it is new. For staff,
    the seed and the CLI only: what a person types at sign-up or in the profile never
    creates an organization (see lmb/accounts/membership.py)."""
    organization = find_organization(name)
    if organization is None:
        organization = Organization(name=name.strip(), kind=kind, country=country.upper())
        db.session.add(organization)
        db.session.flush()
    return organization


DOMAIN_PATTERN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_domains(text: str) -> list[str]:
    """Mail domains, one per line or separated by commas or spaces (e.g. roeselare.be)."""
    domains = []
    for raw in re.split(r"[\s,;]+", text or ""):
        domain = membership.normalize_domain(raw)
        if not domain:
            continue
        if not DOMAIN_PATTERN.match(domain):
            raise ServiceError(
                _("%(domain)s is not a mail domain such as roeselare.be.", domain=raw[:80]),
                field="mail_domains",
            )
        if domain not in domains:
            domains.append(domain)
    return domains


def save_organization(
    organization: Organization | None,
    name: str,
    kind: OrganizationKind,
    country: str,
    *,
    domains: list[str] | None = None,
    auto_grant_by_domain: bool | None = None,
) -> Organization:
    """Create (organization=None) or edit an organization; names are unique, ignoring case,
    and a mail domain belongs to one organization."""
    same_name = find_organization(name)
    if same_name is not None and same_name is not organization:
        raise Conflict(_("An organization with this name already exists."), field="name")
    if domains is not None:
        taken = db.session.scalars(
            select(OrganizationDomain).where(OrganizationDomain.domain.in_(domains))
        ).all()
        for other in taken:
            if organization is None or other.organization_id != organization.id:
                raise Conflict(
                    _(
                        "%(domain)s belongs to %(name)s already.",
                        domain=other.domain,
                        name=other.organization.name,
                    ),
                    field="mail_domains",
                )
    if organization is None:
        organization = Organization()
        db.session.add(organization)
    organization.name = name.strip()
    organization.kind = kind
    organization.country = country.strip().upper()
    if auto_grant_by_domain is not None:
        organization.auto_grant_by_domain = auto_grant_by_domain
    if domains is not None:
        keep = {d.domain: d for d in organization.domains}
        organization.domains = [keep.get(d) or OrganizationDomain(domain=d) for d in domains]
    db.session.flush()
    return organization


def delete_organization(organization: Organization) -> None:
    if organization.members:
        raise Conflict(
            _("This organization still has members; move them to another organization first.")
        )
    try:
        with db.session.begin_nested():
            db.session.execute(
                Membership.__table__.delete().where(
                    Membership.organization_id == organization.id,
                    Membership.status.not_in([MembershipStatus.asked, MembershipStatus.granted]),
                )
            )
            db.session.delete(organization)
            db.session.flush()
    except IntegrityError:
        raise Conflict(
            _(
                "This organization still has requests, submissions, applications or other "
                "records; merge it into another organization instead."
            )
        ) from None
    db.session.flush()


def merge_organizations(survivor: Organization, absorbed: Organization, *, by: User) -> None:
    """Move everything of `absorbed` to `survivor` and delete `absorbed`: members, requests,
    mail domains, lessons, peer-review rounds and submissions, applications, partnerships,
    outcome records, every column that refers to an organization (found in the metadata,
    so a table added later moves too). Refused, with nothing changed, when both take part
    in one review round or one call in a way that cannot be one organization."""
    if not by.is_coordinator:
        raise NotAllowed(_("Only the association can merge organizations."))
    if survivor.id == absorbed.id:
        raise ServiceError(_("Choose another organization to merge with."), field="survivor_id")
    old, new = absorbed.id, survivor.id
    organizations = Organization.__table__
    try:
        with db.session.begin_nested():
            for table in db.metadata.sorted_tables:
                if table is organizations:
                    continue
                for fk in table.foreign_keys:
                    if fk.column.table is not organizations:
                        continue
                    column = fk.parent
                    if column.primary_key:
                        # A link table (round ↔ organization, track ↔ organization): drop the
                        # absorbed organization's link where the survivor has the same one.
                        others = [c for c in table.primary_key.columns if c is not column]
                        twin = table.alias("twin")
                        same = [twin.c[c.name] == c for c in others]
                        db.session.execute(
                            table.delete().where(
                                column == old,
                                select(twin.c[column.name])
                                .where(twin.c[column.name] == new, *same)
                                .exists(),
                            )
                        )
                    db.session.execute(table.update().where(column == old).values({column: new}))
            # Deleted through the session (everything of it has moved), so that the audit
            # log records the organization that went, with its values, under this actor.
            db.session.expire_all()
            db.session.delete(db.session.get(Organization, old))
            db.session.flush()
    except IntegrityError:
        raise Conflict(
            _(
                "These organizations both take part in the same review round or call; "
                "they cannot be merged."
            )
        ) from None
    db.session.expire_all()
    db.session.flush()


# Sign-up and verification


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def verification_url(user: User) -> str:
    token = _serializer("verify-email").dumps({"user": user.id, "email": user.email})
    return absolute_url("accounts.verify_email", token=token)


def sign_up(
    *,
    email: str,
    name: str,
    password: str,
    organization_name: str,
    function: Function,
    locale: str,
) -> User | None:
    """Create an unverified account and send the verification link by mail.

    The organization named is only asked for (lmb/accounts/membership.py): it is never
    created here, and the person has no organization rights until the request is granted.

    An address that already has an account gets no second one, and the form does not say so
    (that would tell anyone who has an account here): the owner is mailed instead, and the
    answer, like the work done (hashing, one mail), is the same as for a new address. None then.
    """
    email = normalize_email(email)
    check_new_password(password)
    password_hash = hash_password(password)
    existing = find_user_by_email(email)
    if existing is not None:
        events.sign_up_attempted.send(existing)
        db.session.flush()
        return None
    user = User(
        email=email,
        name=name.strip(),
        password_hash=password_hash,
        function=function,
        role=Role.participant,
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    membership.ask(user, organization_name)
    events.user_registered.send(user, verify_url=verification_url(user))
    db.session.flush()
    return user


def resend_verification(email: str) -> None:
    """Send a fresh link if an unverified account has that address; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or user.is_verified or not user.active:
        return
    events.verification_requested.send(user, verify_url=verification_url(user))
    db.session.flush()


def _link_data(token: str, salt: str, max_age_key: str, expired: str, invalid: str):
    """The payload of a signed link from a mail and its user; InvalidLink with `expired` or
    `invalid` when the link is too old or not ours."""
    try:
        data = _serializer(salt).loads(token, max_age=current_app.config[max_age_key])
    except SignatureExpired as error:
        raise InvalidLink(expired) from error
    except BadSignature as error:
        raise InvalidLink(invalid) from error
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None:
        raise InvalidLink(invalid)
    return data, user


def verification_link_user(token: str) -> User:
    """The account a verification link is for; InvalidLink when it is not valid (any more)."""
    data, user = _link_data(
        token,
        "verify-email",
        "EMAIL_TOKEN_MAX_AGE",
        expired=_("This verification link has expired. Ask for a new one."),
        invalid=_("This verification link is not valid."),
    )
    if user.email != data.get("email") or not user.active:
        raise InvalidLink(_("This verification link is not valid."))
    return user


def verify_email(
    token: str, password: str, client_address: str | None = None, now: datetime | None = None
) -> User:
    """Verify the address of a link's account with the account's password, and log in.

    The link alone is not enough: someone who signed up with another person's address (and
    chose the password) must not get a verified account, with its organization request
    granted by mail domain, when that person clicks the link out of good faith. The owner
    of the address who did not sign up takes the account over with a password reset.
    """
    now = now or utcnow()
    user = verification_link_user(token)
    _check_password(user, password, client_address, now)
    if not user.is_verified:
        user.email_verified_at = now
        events.email_verified.send(user)
    user.last_login_at = now
    db.session.flush()
    return user


# Login


def login_refused() -> LoginRefused:
    """The one answer to every failed login, whatever the reason (unknown address, wrong
    password, paused, unverified, deactivated): the words never tell a stranger which."""
    return LoginRefused(
        _(
            "Logging in did not work. Check your e-mail address and password. Not verified "
            "your address yet? Follow the link in the mail we sent you. After several wrong "
            "passwords, logging in from your internet address pauses for %(minutes)s minutes; "
            "you can always reset your password.",
            minutes=current_app.config["LOGIN_LOCK_MINUTES"],
        )
    )


def authenticate(
    email: str, password: str, client_address: str | None = None, now: datetime | None = None
) -> User:
    """The account for these credentials, or LoginRefused, always with the same words.

    Wrong passwords are counted per account *and* client address: after LOGIN_MAX_FAILURES
    from one address, that address is paused for LOGIN_LOCK_MINUTES (and the owner told),
    while the owner logs in as usual from their own. The password is always hashed, so an
    unknown address takes as long as a known one.
    """
    now = now or utcnow()
    user = find_user_by_email(email)
    _check_password(user, password, client_address, now)
    if not user.is_verified:
        # The owner (who knows the password) gets the link again; the words stay the same.
        events.verification_requested.send(user, verify_url=verification_url(user))
        db.session.flush()
        raise login_refused()
    user.last_login_at = now
    db.session.flush()
    return user


def _check_password(
    user: User | None, password: str, client_address: str | None, now: datetime
) -> None:
    """LoginRefused unless `password` is the active account's, counting wrong ones per
    account and client address (the pause applies here too); a right one clears the count."""
    config = current_app.config
    password_ok = check_password(user.password_hash if user else None, password)
    if user is None:
        raise login_refused()
    address = client_key(client_address)
    window = timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
    throttle = db.session.scalar(
        select(LoginThrottle).where(
            LoginThrottle.user_id == user.id, LoginThrottle.client_address == address
        )
    )
    if throttle is not None and throttle.locked_until and throttle.locked_until > now:
        raise login_refused()
    if not password_ok:
        _count_failure(user, throttle, address, now, window)
        raise login_refused()
    if not user.active:
        raise login_refused()
    # The owner is in: their counts from this address go, and so do others' that are over.
    db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.user_id == user.id,
            (LoginThrottle.client_address == address)
            | (
                (LoginThrottle.updated_at < now - window)
                & (LoginThrottle.locked_until.is_(None) | (LoginThrottle.locked_until < now))
            ),
        )
    )


def _count_failure(
    user: User, throttle: LoginThrottle | None, address: str, now: datetime, window: timedelta
) -> None:
    # Old counts of this account (other addresses, long ago) are forgotten on the way.
    db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.user_id == user.id,
            LoginThrottle.client_address != address,
            LoginThrottle.updated_at < now - window,
            (LoginThrottle.locked_until.is_(None)) | (LoginThrottle.locked_until < now),
        )
    )
    if throttle is None:
        try:
            with db.session.begin_nested():
                db.session.add(
                    LoginThrottle(
                        user_id=user.id, client_address=address, failures=0, updated_at=now
                    )
                )
        except IntegrityError:
            pass  # a parallel attempt from the same address made the row first
    # Counted by the database, not read and written back: wrong passwords sent at the same
    # moment all count (a read-then-write count let them overwrite each other).
    this_row = (LoginThrottle.user_id == user.id) & (LoginThrottle.client_address == address)
    afresh = (LoginThrottle.updated_at < now - window) | (
        LoginThrottle.locked_until.is_not(None) & (LoginThrottle.locked_until <= now)
    )
    db.session.execute(
        update(LoginThrottle)
        .where(this_row)
        .values(
            # A pause that ended, or failures long ago: count afresh.
            failures=case((afresh, 1), else_=LoginThrottle.failures + 1),
            locked_until=case((afresh, None), else_=LoginThrottle.locked_until),
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    # One of the attempts that reach the maximum pauses the address (and tells the owner).
    paused = db.session.execute(
        update(LoginThrottle)
        .where(this_row, LoginThrottle.failures >= current_app.config["LOGIN_MAX_FAILURES"])
        .values(failures=0, locked_until=now + window)
        .execution_options(synchronize_session=False)
    ).rowcount
    if paused:
        events.account_locked.send(user, locked_until=now + window)
    db.session.flush()


# Sessions


def start_session(user: User) -> None:
    """A server-side session for a browser that logs in; its secret goes into the cookies
    through user.get_id()."""
    now = utcnow()
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.created_at <= now - session_lifetime()
        )
    )
    secret = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, secret_hash=token_digest(secret), created_at=now))
    db.session.flush()
    user.session_secret = secret


def end_session(user: User) -> None:
    """Logging out: this browser's session stops working, also as a copied cookie."""
    if user.session_secret:
        db.session.execute(
            delete(UserSession).where(
                UserSession.user_id == user.id,
                UserSession.secret_hash == token_digest(user.session_secret),
            )
        )
        db.session.flush()
    user.session_secret = None


def end_all_sessions(user: User) -> None:
    """Every browser session and remember-me cookie of the person ends (not committed)."""
    user.auth_version += 1
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


# Passwords


def _reset_fingerprint(user: User) -> str:
    # Changes with the password, so a reset link works once.
    return token_digest(user.password_hash or "")[:16]


def request_password_reset(email: str, locale: str = "nl") -> None:
    """Mail a reset link if the address has an active account, and otherwise a mail that no
    account uses it: the answer and the work (a signed link, one mail in the outbox, a
    commit) are the same either way, so that neither tells whether the address has an account.
    """
    email = normalize_email(email)
    user = find_user_by_email(email)
    known = user is not None and user.active
    token = _serializer("reset-password").dumps(
        {
            "user": user.id if known else 0,
            "fingerprint": _reset_fingerprint(user) if known else token_digest("")[:16],
        }
    )
    reset_url = absolute_url("accounts.reset_password", token=token)
    if known:
        events.password_reset_requested.send(user, reset_url=reset_url)
    else:
        events.password_reset_unknown.send(email, locale=locale)
    db.session.flush()


def user_for_reset_token(token: str) -> User:
    data, user = _link_data(
        token,
        "reset-password",
        "PASSWORD_RESET_MAX_AGE",
        expired=_("This reset link has expired. Ask for a new one."),
        invalid=_("This reset link is not valid."),
    )
    if data.get("fingerprint") != _reset_fingerprint(user):
        raise InvalidLink(_("This reset link has already been used or is not valid."))
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    check_new_password(new_password)
    _set_password(user, new_password)
    # Following the link proves the address too, with what that sets off (a waiting
    # request is granted by its mail domain, or its deciders hear of it).
    if not user.is_verified:
        user.email_verified_at = utcnow()
        events.email_verified.send(user)
    # The owner proved who they are: pauses on their account end.
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.user_id == user.id))
    db.session.flush()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not check_password(user.password_hash, current_password):
        raise ServiceError(_("Your current password is not correct."), field="current_password")
    check_new_password(new_password)
    _set_password(user, new_password)
    db.session.flush()


def end_credentials(user: User) -> int:
    """Everything that lets someone act as the person without typing the password ends: every
    browser session (remember-me cookies too), every API token, and the personal calendar
    address. For a new password and for deactivation alike. Not committed; returns how many
    tokens were revoked."""
    end_all_sessions(user)
    revoked = db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    ).rowcount
    _new_calendar_salt(user)
    return revoked


def _set_password(user: User, password: str) -> None:
    """A new password ends everything the old one may have let someone take."""
    user.password_hash = hash_password(password)
    revoked = end_credentials(user)
    events.password_changed.send(user, revoked_tokens=revoked)


# Profile


def update_profile(
    user: User,
    *,
    name: str,
    organization_name: str,
    function: Function,
    locale: str,
) -> None:
    """Naming another organization ends the present membership at once and asks to join
    the new one (membership.ask); the same organization changes nothing."""
    user.name = name.strip()
    membership.ask(user, organization_name)
    user.function = function
    user.locale = locale
    db.session.flush()


def set_locale(user: User, locale: str) -> None:
    if user.locale != locale:
        user.locale = locale
        db.session.flush()


# API tokens


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token, valid for API_TOKEN_DAYS; the secret is returned once and only its hash
    is kept."""
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user=user,
        name=name.strip(),
        token_hash=token_digest(secret),
        prefix=secret[:10],
        created_at=now,
        expires_at=now + timedelta(days=int(current_app.config["API_TOKEN_DAYS"])),
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_api_token(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotAllowed(_("This token does not exist."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()


# "Last used" is written at most this often, so that reads mostly stay reads.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def user_for_api_token(secret: str) -> User:
    """The owner of a valid token; TokenRefused (401) saying why not, for an unknown, revoked
    or expired one. Records when the token was used."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(secret)))
    now = utcnow()
    if token is None or token.is_revoked or not token.user.active:
        raise TokenRefused(
            _("This API token is not valid or has been revoked (Authorization: Bearer ...).")
        )
    if token.is_expired(now):
        raise TokenRefused(
            _(
                "This API token expired on %(date)s. Create a new one on your API tokens page: "
                "%(url)s",
                date=token.expires_at.date().isoformat(),
                url=absolute_url("accounts.tokens"),
            )
        )
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RESOLUTION:
        token.last_used_at = now
        db.session.flush()
    return token.user


# Administration


def create_verified_user(
    *,
    email: str,
    name: str,
    role: Role,
    organization_name: str | None = None,
    password: str | None = None,
    function: Function = Function.other,
) -> tuple[User, str]:
    """An account that can log in at once (CLI, seed). Returns the user and the password."""
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise Conflict(_("An account with this e-mail address already exists."), field="email")
    password = password or secrets.token_urlsafe(12)
    check_new_password(password)
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        function=function,
        password_hash=hash_password(password),
        email_verified_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    if organization_name:
        # Made by staff (CLI, seed): a granted member at once.
        membership.place(user, get_or_create_organization(organization_name))
    db.session.flush()
    return user, password


def admin_update_user(
    admin: User,
    user: User,
    *,
    name: str,
    role: Role,
    organization: Organization | None,
    function: Function,
    active: bool,
) -> None:
    if user.id == admin.id and (role is not Role.admin or not active):
        raise NotAllowed(_("You cannot take away your own administrator rights."), field="role")
    user.name = name.strip()
    user.role = role
    user.function = function
    if user.active and not active:
        # Reactivating later must not bring a copied token or feed address back.
        end_credentials(user)
    user.active = active
    membership.place(user, organization, by=admin)
    db.session.flush()


logins = privacy.register(
    "logins",
    _l("Logins: browser sessions and paused addresses"),
    on_erasure=_l(
        "Every browser session ends and the wrong passwords counted per internet address are "
        "forgotten."
    ),
    covers={
        "user_sessions.user_id": privacy.Handling.deleted,
        "login_throttles.user_id": privacy.Handling.deleted,
    },
    order=45,
)


@logins.exporter
def session_data(user: User) -> dict:
    sessions = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
    )
    throttles = db.session.scalars(
        select(LoginThrottle).where(LoginThrottle.user_id == user.id).order_by(LoginThrottle.id)
    )
    return {
        "browser_sessions": [{"started_at": s.created_at.isoformat()} for s in sessions],
        "wrong_passwords_by_address": [
            {
                "address": t.client_address,
                "failures": t.failures,
                "paused_until": t.locked_until.isoformat() if t.locked_until else None,
            }
            for t in throttles
        ],
    }


@logins.eraser
def _end_sessions_of_erased(erasure: privacy.Erasure) -> None:
    end_all_sessions(erasure.user)
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.user_id == erasure.user.id))


# The personal calendar feed


def _calendar_token_from(user: User) -> str:
    digest = hmac.new(
        current_app.config["SECRET_KEY"].encode(),
        f"calendar:{user.id}:{user.calendar_salt}".encode(),
        hashlib.sha256,
    ).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def calendar_token(user: User) -> str:
    """The token of the person's feed address, made on first use."""
    if user.calendar_salt is None:
        rotate_calendar_token(user)
    return _calendar_token_from(user)


def rotate_calendar_token(user: User) -> str:
    """A new feed address; the old one stops working at once."""
    token = _new_calendar_salt(user)
    db.session.flush()
    return token


def _new_calendar_salt(user: User) -> str:
    user.calendar_salt = secrets.token_hex(16)
    token = _calendar_token_from(user)
    user.calendar_token_hash = token_digest(token)
    return token


def user_for_calendar_token(token: str) -> User | None:
    user = db.session.scalar(select(User).where(User.calendar_token_hash == token_digest(token)))
    return user if user is not None and user.active else None
