"""People, their organizations and their API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.core.columns import enum_column, partial_unique_index
from lmb.core.enums import LabelledEnum
from lmb.core.models import TimestampMixin, UTCDateTime, utcnow
from lmb.extensions import db


class Role(LabelledEnum):
    participant = "participant"
    coordinator = "coordinator"
    admin = "admin"

    @classmethod
    def _labels(cls):
        return {
            cls.participant: _l("Participant"),
            cls.coordinator: _l("Coordinator"),
            cls.admin: _l("Administrator"),
        }


class OrganizationKind(LabelledEnum):
    """The register's kinds (issue 12): Flemish municipality (municipality), partner
    municipality, association, NGO (civil_society), and the "other" kinds: province, company,
    knowledge institution. The stored names are unchanged, so no row and no CHECK moves."""

    municipality = "municipality"
    province = "province"
    association = "association"
    civil_society = "civil_society"
    partner_municipality = "partner_municipality"
    company = "company"
    knowledge_institution = "knowledge_institution"

    @classmethod
    def _labels(cls):
        return {
            cls.municipality: _l("Flemish municipality or city"),
            cls.province: _l("Province"),
            cls.association: _l("Association of municipalities"),
            cls.civil_society: _l("NGO or civil society organization"),
            cls.partner_municipality: _l("Partner municipality"),
            cls.company: _l("Company"),
            cls.knowledge_institution: _l("Knowledge institution"),
        }


class MembershipStatus(LabelledEnum):
    asked = "asked"
    granted = "granted"
    refused = "refused"
    ended = "ended"

    @classmethod
    def _labels(cls):
        return {
            cls.asked: _l("Asked, awaiting a decision"),
            cls.granted: _l("Granted"),
            cls.refused: _l("Refused"),
            cls.ended: _l("Ended"),
        }


class Function(LabelledEnum):
    """What a person does in their organization (GLOSSARY: user function)."""

    global_policy_officer = "global_policy_officer"
    alderman = "alderman"
    mayor = "mayor"
    councillor = "councillor"
    general_director = "general_director"
    civil_servant = "civil_servant"
    civil_society_member = "civil_society_member"
    other = "other"

    @classmethod
    def _labels(cls):
        return {
            cls.global_policy_officer: _l("Global policy officer (mondiale ambtenaar)"),
            cls.alderman: _l("Alderman (schepen)"),
            cls.mayor: _l("Mayor"),
            cls.councillor: _l("Council member"),
            cls.general_director: _l("General director"),
            cls.civil_servant: _l("Other civil servant"),
            cls.civil_society_member: _l("Civil society representative"),
            cls.other: _l("Other"),
        }


class CalendarDelivery(LabelledEnum):
    """How a person's sessions reach their calendar: never both (each session would show
    twice, with SEQUENCEs that differ after a re-registration)."""

    # iMIP mails with the event (the default): each session lands in the main calendar.
    invitations = "invitations"
    # The personal feed (/calendar/<token>.ics); the mails then carry no calendar part.
    subscription = "subscription"

    @classmethod
    def _labels(cls):
        return {
            cls.invitations: _l("Invitations by mail"),
            cls.subscription: _l("A subscribed calendar address"),
        }


class Organization(TimestampMixin, db.Model):
    """A municipality, association, NGO or partner municipality people belong to.

    A curated register: only coordinators and admins create, edit and merge organizations;
    people ask to join one (Membership) and are members once that is granted.
    """

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganizationKind] = mapped_column(
        enum_column(OrganizationKind), default=OrganizationKind.municipality
    )
    # ISO 3166-1 alpha-2: BE for Flemish municipalities, BJ and RW for partners.
    country: Mapped[str] = mapped_column(String(2), default="BE")
    # Grant a request at once when the person's verified address is on one of the
    # organization's mail domains (exactly that domain, not a sub- or look-alike domain).
    auto_grant_by_domain: Mapped[bool] = mapped_column(default=False)
    # Added by `lmb seed --demo`: pages that name it say so.
    is_demo: Mapped[bool] = mapped_column(default=False)

    # The granted members (users.organization_id follows the granted Membership).
    members: Mapped[list[User]] = relationship(back_populates="organization")
    domains: Mapped[list[OrganizationDomain]] = relationship(
        back_populates="organization",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="OrganizationDomain.domain",
    )

    @property
    def domain_names(self) -> list[str]:
        return [d.domain for d in self.domains]

    def __str__(self) -> str:
        return self.name


class User(UserMixin, TimestampMixin, db.Model):
    """A person with an account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Always stored lower-case so that look-ups are exact.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The organization this person is a GRANTED member of, and nothing else: written only by
    # lmb/accounts/membership/changes.py when a Membership is granted or ends. A request that
    # awaits a decision is a Membership row, never this column. Permission checks read it through
    # lmb.accounts.permissions.member_organization_id / is_member_of.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    function: Mapped[Function] = mapped_column(enum_column(Function), default=Function.other)
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.participant)
    # Interface and mail language: "nl", "en" or "fr".
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    # The zone this person reads times in (pages, mails, reminders): an IANA name.
    time_zone: Mapped[str] = mapped_column(
        String(64), default="Europe/Brussels", server_default="Europe/Brussels"
    )
    password_hash: Mapped[str | None] = mapped_column(String(255))
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of every session's identity: raising it (password change, deactivation, erasure)
    # ends every browser session and remember-me cookie at once.
    auth_version: Mapped[int] = mapped_column(default=1)
    # The personal calendar feed: its token is an HMAC of this salt under the secret key;
    # only its SHA-256 is stored, for look-up. A new salt revokes the old feed address.
    calendar_salt: Mapped[str | None] = mapped_column(String(32))
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    calendar_delivery: Mapped[CalendarDelivery] = mapped_column(
        enum_column(CalendarDelivery), default=CalendarDelivery.invitations
    )

    organization: Mapped[Organization | None] = relationship(back_populates="members")
    api_tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # The secret of the browser session this object was loaded for or logged in with (set by
    # lmb.accounts.auth); None outside a browser session.
    session_secret = None

    def get_id(self) -> str:
        """The session identity Flask-Login keeps in the session and the remember-me cookie:
        the person, their auth_version, and the secret of one server-side UserSession."""
        return f"{self.id}:{self.auth_version}:{self.session_secret or ''}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin

    @property
    def is_coordinator(self) -> bool:
        return self.role in (Role.coordinator, Role.admin)

    def __str__(self) -> str:
        return self.name


class ApiToken(db.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the secret is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the token, shown so a person can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # After this the token no longer works (LMB_API_TOKEN_DAYS after its creation).
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="api_tokens")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or utcnow())


class UserSession(db.Model):
    """One logged-in browser (session cookie and, if asked, remember-me cookie).

    The cookie holds a random secret; only its SHA-256 is stored. Logging out deletes the row,
    so a copy of the cookie made before no longer works.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class LoginThrottle(db.Model):
    """Wrong passwords for one account from one client address, and the pause they caused.

    Counted per account *and* address, so that a stranger's guesses pause only the stranger.
    """

    __tablename__ = "login_throttles"
    __table_args__ = (
        UniqueConstraint("user_id", "client_address", name="uq_login_throttles_user_address"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The address (an IPv6 address's /64 network), as text.
    client_address: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class OrganizationDomain(db.Model):
    """A mail domain of an organization (e.g. roeselare.be); a domain belongs to one."""

    __tablename__ = "organization_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    # Lower-case, without "@".
    domain: Mapped[str] = mapped_column(String(253), unique=True)

    organization: Mapped[Organization] = relationship(back_populates="domains")


class Membership(TimestampMixin, db.Model):
    """A person's request to belong to an organization, and what became of it.

    asked → granted or refused; granted → ended (the person changed organization, or staff
    ended it). At most one live (asked or granted) row per person. A request may name no
    organization yet (what the person typed at sign-up matched none): staff resolve it.
    """

    __tablename__ = "memberships"
    __table_args__ = (
        partial_unique_index(
            "uq_memberships_live_user", "user_id", where="status IN ('asked', 'granted')"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    # What the person typed, kept so staff can resolve a request that matched no organization.
    requested_name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[MembershipStatus] = mapped_column(
        enum_column(MembershipStatus), default=MembershipStatus.asked
    )
    # The organization's contact role: may grant and refuse its requests.
    contact: Mapped[bool] = mapped_column(default=False)
    # Who granted or refused (None: granted automatically by mail domain, or migrated).
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    auto_granted: Mapped[bool] = mapped_column(default=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organization: Mapped[Organization | None] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_live(self) -> bool:
        return self.status in (MembershipStatus.asked, MembershipStatus.granted)
