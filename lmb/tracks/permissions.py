"""Who may do what with a track: its coordinators (and administrators) manage it."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from lmb.accounts.models import Role
from lmb.accounts.permissions import is_member_of
from lmb.core.permissions import allowed, is_admin, is_authenticated, permission_required
from lmb.extensions import db
from lmb.tracks.models import Registration, RegistrationStatus


def may_manage_track(user, track) -> bool:
    """Admins manage every track; coordinators the tracks they are attached to."""
    if not is_authenticated(user):
        return False
    if is_admin(user):
        return True
    return user.role is Role.coordinator and any(c.id == user.id for c in track.coordinators)


def may_run_programmes(user) -> bool:
    """The association's staff (coordinators and admins) create and edit programmes, their
    milestones, and start new tracks."""
    return is_authenticated(user) and user.is_coordinator


def may_manage_programme(user, programme) -> bool:
    """Staff change any programme and its milestones."""
    return may_run_programmes(user)


def may_start_track(user, programme) -> bool:
    """Staff start a new thematic track in a programme; a coordinator who does, coordinates
    it."""
    return may_run_programmes(user)


def may_manage_milestone(user, milestone) -> bool:
    return allowed(may_manage_programme, user, milestone.programme)


def may_manage_its_track(user, thing) -> bool:
    """`thing` (a session, registration, lesson, theme, toolkit…) belongs to a track `user`
    manages."""
    return allowed(may_manage_track, user, thing.track)


def is_confirmed_participant(user, track) -> bool:
    """`user` holds a confirmed place in `track`."""
    return (
        db.session.scalar(
            select(Registration.id).where(
                Registration.track_id == track.id,
                Registration.user_id == user.id,
                Registration.status == RegistrationStatus.confirmed,
            )
        )
        is not None
    )


def may_answer_session(user, session) -> bool:
    """A confirmed participant of the session's track says whether they will come (scheduling
    asks it through lmb.scheduling.audiences.TrackSessions.may_answer)."""
    return is_confirmed_participant(user, session.track)


def may_cancel_for(user, registration) -> bool:
    """The person registered, or a coordinator of the track (whether it is still possible is
    the rule of lmb.tracks.services.may_cancel)."""
    return registration.user_id == user.id or allowed(may_manage_track, user, registration.track)


def may_see_organization_people(user, organization) -> bool:
    """Its members, coordinators and admins see a municipality's people across tracks."""
    return is_member_of(user, organization.id) or user.is_coordinator


def track_or_404(slug: str):
    """The track at `slug`, or a 404 (a loader for `permission_required`)."""
    from lmb.tracks.services import track_by_slug

    track = track_by_slug(slug)
    if track is None:
        abort(404)
    return track


def programme_or_404(slug: str):
    """The programme at `slug`, or a 404 (a loader for `permission_required`)."""
    from lmb.tracks.services import programme_by_slug

    programme = programme_by_slug(slug)
    if programme is None:
        abort(404)
    return programme


# The coordinator's pages of a track at /tracks/<slug>/...: the view receives the track.
track_manager_required = permission_required(may_manage_track, track_or_404)
# The staff's pages of a programme at /programmes/<slug>/...: the view receives the programme.
programme_manager_required = permission_required(may_manage_programme, programme_or_404)
