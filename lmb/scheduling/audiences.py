"""Who is invited to a session that belongs to no track: the domain that owns it says so.

Each owner kind (the steering group's meetings, partnership activities) adds an AudienceKind
to `session_audiences` from the owning domain's setup, under its OwnerKind's value: a session
is dispatched by its `owner_kind`. Its `resolve` gets a track-less Session of its kind and
returns its Audience, or None when no row of the owner points to the session: invites
(scheduling.invites) and the reminder rule (scheduling.reminders) ask the same resolvers, so
invites and reminders reach the same people. Its `includes` and `owners` answer for a set of
sessions at once, so that a person's agenda and feed cost the same number of statements
whatever the number of meetings (`meetings_of`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, bindparam, or_, select

from lmb.core.contributions import Registry
from lmb.core.i18n import InReaderLanguage
from lmb.extensions import db
from lmb.scheduling.models import OwnerKind, Session


class Audience(NamedTuple):
    """The people of a session without a track, and what the session belongs to."""

    # Shown in mails and calendars, e.g. "Stuurgroep SDG-partnerschappen" (mail templates
    # read it as `track.title`): a text, or one read in each reader's language when a mail
    # or an invite is written for them (an InReaderLanguage).
    title: object
    # Absolute link to the group's page.
    url: str
    people: list
    # Extra SEQUENCE per user id, so that an invite after leaving and rejoining outranks
    # the earlier CANCEL (the scheme of scheduling.invites).
    bumps: dict | None = None
    # The session's title and agenda as its owner words them in the reader's language (a
    # partnership activity's French title, "Jaarvergadering 2026" in English), read when a
    # mail or an invite is written for each recipient (texts_of); None: the session's own.
    session_title: Callable[[], str] | None = None
    agenda: Callable[[], str] | None = None


def texts_of(session: Session, audience: Audience | None) -> dict:
    """What a mail or an invite of `session` shows of it, each read in its reader's language
    when it is written for them (force_reader: the recipient's): `session_title`, `agenda`
    and `group_title` (what it belongs to: its track's title in the reader's language, or the
    audience's), the Dutch where the owner has no translation. A mail template reads them
    instead of the session's own columns, which hold the Dutch."""

    def title() -> str:
        if audience is not None and audience.session_title is not None:
            return audience.session_title() or session.title
        return session.title

    def agenda() -> str:
        if audience is not None and audience.agenda is not None:
            return audience.agenda() or session.agenda
        return session.agenda

    def group() -> str:
        if audience is not None:
            return str(audience.title)
        track = session.track
        return (track.shown_title or track.title) if track is not None else ""

    return {
        "session_title": InReaderLanguage(title),
        "agenda": InReaderLanguage(agenda),
        "group_title": InReaderLanguage(group),
    }


class Owner(NamedTuple):
    """What a session without a track belongs to, as a page or a feed names it."""

    title: str
    url: str
    # The session's title and agenda as the owner words them in the page's (the feed's)
    # language, and the language the title is in; empty: the session's own (in Dutch).
    session_title: str = ""
    title_lang: str = "nl"
    agenda: str = ""


class AudienceKind(NamedTuple):
    """One kind of owner of sessions without a track, as its domain describes it."""

    # The session's audience (a session of this kind), None when no owner points to it.
    resolve: Callable[[Session], Audience | None]
    # A condition on Session (e.g. an EXISTS): the person is in the session's audience; for
    # a cancelled session, only if they already were when it was cancelled (they had it),
    # as far as the domain stores when someone joined. The person may be a `Person` stand-in
    # whose attributes are SQL parameters: compare them in SQL, never in Python.
    includes: Callable[[object], ColumnElement[bool]]
    # {session id: Owner} of those of these sessions that are this kind's: one statement.
    owners: Callable[[list[int]], dict[int, Owner]]
    # {session id: extra SEQUENCE} of these sessions of this kind for one person, as their
    # Audience.bumps gives it (scheduling.sequences): one statement. None: no bumps.
    bumps: Callable[[object, list[int]], dict[int, int]] | None = None


session_audiences: Registry[AudienceKind] = Registry("session audiences")


def audience_of(session: Session) -> Audience | None:
    if session.owner_kind is OwnerKind.track:
        return None
    kind = session_audiences.get(session.owner_kind.value)
    return kind.resolve(session) if kind is not None else None


class Person:
    """A stand-in for the person in a statement built once and run for anyone: each attribute
    an `includes` reads is a parameter (`person_<name>`), filled in with the person's own value
    on each run (`built_once`); those in `nones` are None, as SQL compares with NULL (IS NULL)
    differently from with a parameter."""

    def __init__(self, nones: frozenset = frozenset()):
        self.read: set[str] = set()
        self.nones = nones

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        self.read.add(name)
        return None if name in self.nones else bindparam(f"person_{name}")


@lru_cache(maxsize=64)
def _built(build, key: tuple, nones: frozenset):
    person = Person(nones)
    return build(person, *key), frozenset(person.read)


def built_once(user, build, *key) -> tuple:
    """(`build(person, *key)` with the person a `Person`, the person's parameters for it): the
    statement built and given its cache key once per key (and per attributes of the person
    that are None), not for every request. `build` and `key` must be hashable and stable (a
    module's function, a condition built once)."""
    statement, read = _built(build, key, frozenset())
    values = {name: getattr(user, name) for name in read}
    nones = frozenset(name for name, value in values.items() if value is None)
    if nones:
        statement, _read = _built(build, key, nones)
    return statement, {f"person_{name}": v for name, v in values.items() if v is not None}


def _kinds() -> dict:
    # By key (the OwnerKind value); iterating a Registry gives its entries.
    return {OwnerKind(key): session_audiences[key] for key in session_audiences.keys()}  # noqa: SIM118


def _meetings(user, keys: tuple, condition: ColumnElement[bool]):
    kinds = {OwnerKind(key): session_audiences[key] for key in keys}
    return (
        select(Session)
        .where(
            Session.track_id.is_(None),
            condition,
            or_(
                *[
                    and_(Session.owner_kind == owner_kind, kind.includes(user))
                    for owner_kind, kind in kinds.items()
                ]
            ),
        )
        .order_by(Session.starts_at, Session.id)
    )


def meetings_of(
    user, condition: ColumnElement[bool], parameters: dict | None = None
) -> list[tuple[Session, Owner]]:
    """The sessions without a track that match `condition` and whose audience includes the
    person, with what each belongs to, by start: one statement for the sessions and one per
    owner kind that has any of them, however many there are. With `parameters`, `condition`
    is one built once whose values are these parameters (e.g. feeds' visible sessions), and
    so is the statement (`built_once`)."""
    kinds = _kinds()
    if not kinds:
        return []
    keys = tuple(key.value for key in kinds)
    if parameters is None:
        statement, person, parameters = _meetings(user, keys, condition), {}, {}
    else:
        statement, person = built_once(user, _meetings, keys, condition)
    sessions = db.session.scalars(statement, {**person, **parameters}).all()
    owner_of: dict[int, Owner] = {}
    for owner_kind, kind in kinds.items():
        of_kind = [s.id for s in sessions if s.owner_kind is owner_kind]
        if of_kind:
            owner_of.update(kind.owners(of_kind))
    return [(s, owner_of[s.id]) for s in sessions if s.id in owner_of]


class TrackSessions(NamedTuple):
    """What the tracks domain tells scheduling about the sessions of a track (lmb.tracks adds
    it to `track_sessions` from its setup): scheduling itself knows no track."""

    # The track's confirmed participants (User rows), in one statement.
    people: Callable[[int], list]
    # {user id: extra SEQUENCE} for these people of a track: two per earlier cancelled
    # registration (the scheme of scheduling.invites), in one statement.
    bumps: Callable[[int, list[int]], dict[int, int]]
    # {track id: extra SEQUENCE} of one person in every track they were in, by the same
    # count (scheduling.sequences), in one statement.
    bumps_of: Callable[[object], dict[int, int]]
    # The ids of the track's confirmed participants.
    confirmed_user_ids: Callable[[int], set[int]]
    # A condition on Session: a session of a track the person holds a confirmed place in;
    # a cancelled one only if they were confirmed before it was cancelled (they had it).
    includes: Callable[[object], ColumnElement[bool]]
    # The person may say whether they come to the session (a confirmed participant).
    may_answer: Callable[[object, Session], bool]
    # The track with this slug, or None (its public feed).
    by_slug: Callable[[str], object | None]
    # Absolute link to the page of the session's track.
    url: Callable[[Session], str]
    # The person's registrations (with their tracks), for Mijn agenda.
    registrations_of: Callable[[object], list]


track_sessions: Registry[TrackSessions] = Registry("track sessions")


def of_tracks() -> TrackSessions:
    """The tracks' rules for their sessions (exactly one contribution, key "track")."""
    for rules in track_sessions:
        return rules
    raise LookupError("no track sessions rules: lmb.tracks.init_app adds them")
