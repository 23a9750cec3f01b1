"""/api/v1 programmes: read them with their milestones; staff create and change programmes and
milestones and start tracks, under the same rules as the pages (lmb.tracks.services)."""

from flask import abort, g, url_for
from flask_babel import gettext as _

from lmb.api.programme_schemas import (
    MilestoneInputSchema,
    MilestoneSchema,
    ProgrammeChangeSchema,
    ProgrammeInputSchema,
    ProgrammeListSchema,
    ProgrammeSchema,
    TrackFullSchema,
    TrackStartSchema,
)
from lmb.api.tracks import _track_detail, track_options
from lmb.api.views import BEARER_SECURITY, blueprint, token_required
from lmb.extensions import db
from lmb.tracks import services as tracks
from lmb.tracks.contact import contact_of
from lmb.tracks.models import Milestone, MilestoneKind, Programme

REFUSALS = {
    401: "No valid token",
    403: "Not one of the association's staff",
    404: "No such programme or milestone",
    422: "Invalid input, or a rule the change breaks (per field under error.details.json)",
}


def _answers(view):
    """The error answers every changing endpoint here may give."""
    for status, description in REFUSALS.items():
        view = blueprint.alt_response(status, schema="Error", description=description)(view)
    return view


def _milestone_data(milestone: Milestone) -> dict:
    data = {
        name: getattr(milestone, name)
        for name in (
            "id",
            "title",
            "title_en",
            "title_fr",
            "description",
            "description_en",
            "description_fr",
        )
    }
    return {
        **data,
        "kind": milestone.kind.name,
        "precision": milestone.precision.name,
        "starts_on": milestone.starts_on,
        "ends_on": milestone.ends_on,
    }


def _programme_data(programme: Programme) -> dict:
    return {
        "slug": programme.slug,
        "title": programme.title,
        "title_en": programme.title_en,
        "title_fr": programme.title_fr,
        "summary": programme.summary,
        "summary_en": programme.summary_en,
        "summary_fr": programme.summary_fr,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "contact": contact_of(programme),
        "milestones": [_milestone_data(m) for m in programme.milestones],
        "tracks": [t.slug for t in programme.tracks],
        "url": url_for("tracks.programme", slug=programme.slug, _external=True),
    }


def _programme_or_404(slug: str) -> Programme:
    programme = tracks.programme_by_slug(slug)
    if programme is None:
        abort(404, description=_("No programme with this slug."))
    return programme


def _milestone_or_404(milestone_id: int) -> Milestone:
    milestone = db.session.get(Milestone, milestone_id)
    if milestone is None:
        abort(404, description=_("No milestone with this id."))
    return milestone


def _milestone_options(data: dict) -> dict:
    return {**data, "kind": MilestoneKind[data["kind"]]}


@blueprint.route("/programmes")
@blueprint.response(200, ProgrammeListSchema)
def list_programmes():
    """All programmes with their milestones and contact"""
    return {"items": [_programme_data(p) for p in tracks.programmes()]}


@blueprint.route("/programmes/<slug>")
@blueprint.response(200, ProgrammeSchema)
@blueprint.alt_response(404, schema="Error", description="No programme with this slug")
def get_programme(slug: str):
    """One programme with its milestones, tracks and contact"""
    return _programme_data(_programme_or_404(slug))


@blueprint.route("/programmes", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.arguments(ProgrammeInputSchema)
@blueprint.response(201, ProgrammeSchema)
@_answers
def create_programme(data: dict):
    """Create a programme (coordinators and admins)"""
    return _programme_data(tracks.save_programme(None, by=g.api_user, **data))


@blueprint.route("/programmes/<slug>", methods=["PATCH"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.arguments(ProgrammeChangeSchema)
@blueprint.response(200, ProgrammeSchema)
@_answers
def update_programme(data: dict, slug: str):
    """Change a programme; its milestones and tracks' phases must stay within its dates"""
    programme = _programme_or_404(slug)
    current = {
        "title": programme.title,
        "summary": programme.summary,
        "title_fr": programme.title_fr,
        "summary_fr": programme.summary_fr,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "contact_name": programme.contact_name,
        "contact_email": programme.contact_email,
    }
    tracks.save_programme(programme, by=g.api_user, **{**current, **data})
    return _programme_data(programme)


@blueprint.route("/programmes/<slug>/milestones", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.arguments(MilestoneInputSchema)
@blueprint.response(201, MilestoneSchema)
@_answers
def create_milestone(data: dict, slug: str):
    """Add a milestone: a day, or a season or year such as "najaar 2026" (coordinators and
    admins)"""
    programme = _programme_or_404(slug)
    return _milestone_data(
        tracks.save_milestone(programme, by=g.api_user, **_milestone_options(data))
    )


@blueprint.route("/milestones/<id:milestone_id>", methods=["PUT"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.arguments(MilestoneInputSchema)
@blueprint.response(200, MilestoneSchema)
@_answers
def replace_milestone(data: dict, milestone_id: int):
    """Replace a milestone's kind, texts and date (coordinators and admins)"""
    milestone = _milestone_or_404(milestone_id)
    return _milestone_data(
        tracks.save_milestone(
            milestone.programme, milestone, by=g.api_user, **_milestone_options(data)
        )
    )


@blueprint.route("/milestones/<id:milestone_id>", methods=["DELETE"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.response(204)
@_answers
def delete_milestone(milestone_id: int):
    """Remove a milestone (coordinators and admins)"""
    tracks.delete_milestone(_milestone_or_404(milestone_id), by=g.api_user)


@blueprint.route("/programmes/<slug>/tracks", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.arguments(TrackStartSchema)
@blueprint.response(201, TrackFullSchema)
@_answers
def start_track(data: dict, slug: str):
    """Start a new thematic track in the programme (coordinators and admins; a coordinator who
    starts one coordinates it)"""
    programme = _programme_or_404(slug)
    options = track_options(data)
    title = options.pop("title")
    track = tracks.start_track(programme, by=g.api_user, title=title, **options)
    return _track_detail(tracks.track_by_slug(track.slug))
