"""Changing a track and starting a new one ("ook nieuwe thematische leertrajecten kunnen
ontstaan"), under the rules of lmb.tracks.services.checks. The pages and the API's PATCH and
POST call these; nothing changes unless every rule holds."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from lmb import events
from lmb.accounts.models import OrganizationKind, Role, User
from lmb.accounts.services import get_or_create_organization
from lmb.core.permissions import require
from lmb.extensions import db
from lmb.notifications.models import Subscription
from lmb.tracks.models import Phase, PhaseKey, Programme, Track, TrackInterest, TrackStatus
from lmb.tracks.permissions import may_manage_track, may_start_track
from lmb.tracks.services.catalogue import registration_counts, valid_offset
from lmb.tracks.services.checks import (
    Refusals,
    check_capacity,
    check_contact,
    check_phases,
    check_title,
    check_window,
)

# The texts a track's page shows, each as given or left as it is.
TEXTS = ("title", "summary", "description", "content", "course", "target_group", "goals")
# What else update_track changes (and check_update checks).
OPTIONS = (
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "clear_capacity",
    "moderated",
    "phases",
    "reminder_offsets",
    "partners",
)


def _phases_after(track: Track | None, changes: dict) -> tuple[dict, set]:
    """The phases once `changes` apply (None removes one), and which ones change."""
    current = {p.key: (p.starts_on, p.ends_on) for p in (track.phases if track else [])}
    after, changed = dict(current), set()
    for key, dates in changes.items():
        if dates is None:
            after.pop(key, None)
        elif current.get(key) != tuple(dates):
            after[key] = tuple(dates)
            changed.add(key)
    return after, changed


def _check(programme: Programme, track: Track | None, values: dict) -> None:
    """Raise InvalidFields with every rule `values` break (nothing has changed yet)."""
    refusals = Refusals()
    check_title(values.get("title"), refusals)
    name = values.get("contact_name", track.contact_name if track else "")
    email = values.get("contact_email", track.contact_email if track else "")
    check_contact(name, email, refusals)
    phases, changed = _phases_after(track, values.get("phases") or {})
    check_phases(phases, changed, programme.starts_on, programme.ends_on, refusals)
    opens = values.get("registration_opens_at") or (track and track.registration_opens_at)
    closes = values.get("registration_closes_at") or (track and track.registration_closes_at)
    last_day = max((ends for _starts, ends in phases.values()), default=None)
    check_window(opens, closes, last_day, refusals)
    confirmed = registration_counts([track.id])[track.id].confirmed if track else 0
    check_capacity(values.get("capacity"), confirmed, refusals)
    for value in values.get("reminder_offsets") or []:
        if not valid_offset(value):
            refusals.add(
                "reminder_offsets",
                _("'%(value)s' is not a duration such as P7D or PT2H.", value=value),
            )
    refusals.done()


def _apply(track: Track, values: dict) -> None:
    for name in TEXTS:
        if values.get(name) is not None:
            setattr(track, name, values[name].strip() if name == "title" else values[name])
    for name in ("contact_name", "contact_email"):
        if values.get(name) is not None:
            setattr(track, name, values[name].strip())
    for name in ("registration_opens_at", "registration_closes_at"):
        if values.get(name):
            setattr(track, name, values[name])
    if values.get("capacity") is not None or values.get("clear_capacity"):
        track.capacity = values.get("capacity")
    for name in ("moderated", "reminder_offsets"):
        if values.get(name) is not None:
            setattr(track, name, values[name])
    if values.get("partners") is not None:
        track.partners = [
            get_or_create_organization(partner, OrganizationKind.knowledge_institution)
            for partner in dict.fromkeys(p.strip() for p in values["partners"] if p.strip())
        ]
    for key, dates in (values.get("phases") or {}).items():
        phase = track.phase(key)
        if dates is None:
            if phase is not None:
                track.phases.remove(phase)
        elif phase is None:
            track.phases.append(Phase(key=key, starts_on=dates[0], ends_on=dates[1]))
        else:
            phase.starts_on, phase.ends_on = dates


def update_track(
    track: Track,
    *,
    by: User,
    status: TrackStatus | None = None,
    registration_opens_at: datetime | None = None,
    registration_closes_at: datetime | None = None,
    capacity: int | None = None,
    clear_capacity: bool = False,
    moderated: bool | None = None,
    phases: dict[PhaseKey, tuple[date, date] | None] | None = None,
    reminder_offsets: list[str] | None = None,
    partners: list[str] | None = None,
    **texts: str | None,
) -> Track:
    """A coordinator changes a track; only what is given changes (a phase given as None is
    removed). `texts`: title, summary, description, content, course, target_group, goals,
    contact_name, contact_email. The track's coordinators and admins
    (lmb.tracks.permissions.may_manage_track): the edit and settings pages, the API's PATCH."""
    values = {
        **texts,
        "registration_opens_at": registration_opens_at,
        "registration_closes_at": registration_closes_at,
        "capacity": capacity,
        "clear_capacity": clear_capacity,
        "moderated": moderated,
        "phases": phases,
        "reminder_offsets": reminder_offsets,
        "partners": partners,
    }
    check_update(track, by=by, **values)
    was_open = track.status is TrackStatus.open
    _apply(track, values)
    if status is not None:
        track.status = status
    db.session.flush()
    if track.status is TrackStatus.open and not was_open:
        events.track_opened.send(track)
    db.session.flush()
    return track


def check_update(track: Track, *, by: User, status: TrackStatus | None = None, **changes) -> None:
    """What update_track would refuse with these changes (the same arguments), without changing
    anything: the form asks before it opens the track, and mails who wait for it, only after."""
    require(may_manage_track, by, track, _("Only the track's coordinators can change it."))
    unknown = set(changes) - {*TEXTS, "contact_name", "contact_email", *OPTIONS}
    if unknown:
        raise TypeError(f"update_track() got unexpected arguments {sorted(unknown)}")
    _check(track.programme, track, changes)


def told_when_opened(track: Track) -> int:
    """How many people hear by mail that registration opens, were the track opened now: those
    who asked to be told and those who follow its theme (at once or in their weekly digest)."""
    interested = select(TrackInterest.user_id).where(TrackInterest.track_id == track.id)
    following = select(Subscription.user_id).where(Subscription.track_id == track.id)
    return db.session.scalar(
        select(func.count(User.id)).where(
            User.active.is_(True), User.id.in_(interested.union(following))
        )
    )


def slug_for(title: str) -> str:
    """A free slug made of the title: "Lokale economie" → lokale-economie (-2, -3, …)."""
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:70] or "leertraject"
    slug, n = base, 1
    while db.session.scalar(select(Track.id).where(Track.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def start_track(programme: Programme, *, by: User, title: str, **options) -> Track:
    """A new thematic track in `programme`, announced, numbered after the programme's last;
    a coordinator who starts it coordinates it. `options` as for update_track."""
    require(may_start_track, by, programme, _("Only the association's staff can start tracks."))
    texts = {k: v for k, v in options.items() if k in TEXTS or k.startswith("contact_")}
    values = {**options, "title": title}
    _check(programme, None, values)
    number = (
        db.session.scalar(select(func.max(Track.number)).where(Track.programme_id == programme.id))
        or 0
    ) + 1
    track = Track(
        programme=programme,
        number=number,
        slug=slug_for(title),
        title=title.strip(),
        status=TrackStatus.announced,
        coordinators=[by] if by.role is Role.coordinator else [],
    )
    db.session.add(track)
    db.session.flush()
    rest = {k: v for k, v in options.items() if k not in texts}
    texts.pop("title", None)
    status = rest.pop("status", None)
    update_track(track, by=by, status=status, **rest, **texts)
    return track
