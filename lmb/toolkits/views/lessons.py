"""Lessons: the library, writing, moderation, attachments and voedingsbodem themes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lmb.core import uploads
from lmb.core.cache import public_page
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.models import utcnow
from lmb.core.pagination import paginate
from lmb.core.permissions import guard, permission_required
from lmb.core.timezones import to_local
from lmb.core.views import asks_first, flash_outcome, show_service_error
from lmb.extensions import db
from lmb.scheduling.models import Session
from lmb.toolkits import services
from lmb.toolkits.forms import (
    AttachmentForm,
    LessonForm,
    ReturnLessonForm,
    ThemeForm,
)
from lmb.toolkits.models import (
    SDG_NUMBERS,
    Lesson,
    LessonAttachment,
    LessonTheme,
)
from lmb.toolkits.permissions import can_edit_lesson, can_see_lesson, can_write_lesson
from lmb.toolkits.views import (
    _lesson_row,
    _number,
    _theme_row,
    blueprint,
)
from lmb.tracks.models import PhaseKey
from lmb.tracks.permissions import (
    may_manage_its_track,
    may_manage_track,
    track_manager_required,
    track_or_404,
)

# The lessons library


def _library_filters() -> services.LessonFilters:
    phase = request.args.get("phase", "")
    return services.LessonFilters(
        search=request.args.get("q", "").strip()[:200],
        track_id=_number("track"),
        phase=PhaseKey[phase] if phase in PhaseKey.__members__ else None,
        sdg=_number("sdg", 1, 17),
        tag=request.args.get("tag", "").strip().lower()[:40],
        organization_id=_number("organization"),
        year=_number("year", 1900, 2200),
    )


@blueprint.get("/lessons/")
@public_page
def library():
    filters = _library_filters()
    return render_template(
        "toolkits/library.html",
        page=paginate(services.library_query(filters)),
        filters=filters,
        choices=services.library_choices(),
        phases=PhaseKey.choices(),
        sdgs=list(SDG_NUMBERS),
    )


@blueprint.get("/lessons/themes")
@public_page
def themes():
    """Voedingsbodem: what the tracks learned, theme by theme, for the LMB concept."""
    return render_template("toolkits/themes.html", themes=services.all_themes())


@blueprint.get("/lessons/mine")
@login_required
def my_lessons():
    return render_template("toolkits/my_lessons.html", lessons=services.lessons_of(current_user))


def _lesson_or_404(lesson_id: int) -> Lesson:
    lesson = db.get_or_404(Lesson, lesson_id)
    guard(
        can_see_lesson, current_user, lesson, status=403 if current_user.is_authenticated else 404
    )
    return lesson


@blueprint.get("/lessons/<id:lesson_id>")
def lesson(lesson_id: int):
    lesson = _lesson_or_404(lesson_id)
    return render_template(
        "toolkits/lesson.html",
        lesson=lesson,
        can_edit=services.can_edit_lesson(current_user, lesson),
        can_moderate=may_manage_track(current_user, lesson.track),
        return_form=ReturnLessonForm(),
    )


def _sessions_of(track, current: Session | None = None) -> list[Session]:
    """The track's scheduled sessions, and the lesson's own even if it was cancelled since."""
    return [s for s in track.sessions if s.status.name == "scheduled" or s == current]


def _lesson_values(form: LessonForm) -> dict:
    session = db.session.get(Session, form.session.data) if form.session.data else None
    return {
        "title": form.title.data,
        "body": form.body.data or "",
        "phase": form.phase.data,
        "session": session,
        "sdgs": form.sdgs.data or [],
        "tags": form.tags.data or "",
    }


@blueprint.route("/tracks/<slug>/lessons/new", methods=["GET", "POST"])
@login_required
@permission_required(can_write_lesson, track_or_404)
def new_lesson(track, slug: str):
    form = LessonForm(sessions=_sessions_of(track))
    if request.method == "GET":
        phase = track.current_phase(to_local(utcnow()).date())
        form.phase.data = phase.key if phase else PhaseKey.labo
    if form.validate_on_submit():
        try:
            lesson = services.create_lesson(current_user, track, **_lesson_values(form))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The lesson is saved as a draft. Submit it when it is ready."), "success")
            return redirect(url_for("toolkits.edit_lesson", lesson_id=lesson.id))
    return render_template("toolkits/lesson_form.html", form=form, track=track, lesson=None), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/lessons/<id:lesson_id>/edit", methods=["GET", "POST"])
@login_required
@permission_required(can_edit_lesson, _lesson_row)
def edit_lesson(lesson, lesson_id: int):
    form = LessonForm(
        obj=lesson if request.method == "GET" else None,
        sessions=_sessions_of(lesson.track, lesson.session),
    )
    if request.method == "GET":
        form.session.data = lesson.session_id or 0
        form.sdgs.data = lesson.sdgs
        form.tags.data = ", ".join(lesson.tags)
    if form.validate_on_submit():
        values = _lesson_values(form)
        try:
            services.update_lesson(
                lesson, by=current_user, clear_session=values["session"] is None, **values
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The lesson is saved."), "success")
            return redirect(url_for("toolkits.edit_lesson", lesson_id=lesson.id))
    return render_template(
        "toolkits/lesson_form.html",
        form=form,
        track=lesson.track,
        lesson=lesson,
        attachment_form=AttachmentForm(),
        can_moderate=may_manage_track(current_user, lesson.track),
    ), (422 if form.is_submitted() else 200)


@blueprint.post("/lessons/<id:lesson_id>/submit")
@login_required
def submit_lesson(lesson_id: int):
    lesson = db.get_or_404(Lesson, lesson_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.submit_lesson(lesson, by=current_user),
            _("The lesson is submitted; a coordinator will look at it."),
        )
    return redirect(url_for("toolkits.lesson", lesson_id=lesson.id))


@blueprint.post("/lessons/<id:lesson_id>/approve")
@login_required
@permission_required(may_manage_its_track, _lesson_row)
def approve_lesson(lesson, lesson_id: int):
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.approve_lesson(lesson, by=current_user),
            _("The lesson is approved and public."),
        )
    return redirect(url_for("toolkits.moderate", slug=lesson.track.slug))


@blueprint.post("/lessons/<id:lesson_id>/return")
@login_required
@permission_required(may_manage_its_track, _lesson_row)
def return_lesson(lesson, lesson_id: int):
    form = ReturnLessonForm()
    if form.validate_on_submit():
        flash_outcome(
            lambda: services.return_lesson(lesson, by=current_user, comment=form.comment.data),
            _("The lesson is sent back to its author."),
        )
    else:
        flash(_("Say what should change."), "error")
    return redirect(url_for("toolkits.moderate", slug=lesson.track.slug))


@blueprint.post("/lessons/<id:lesson_id>/delete")
@asks_first
@login_required
def delete_lesson(lesson_id: int):
    lesson = db.get_or_404(Lesson, lesson_id)
    if ConfirmForm().validate_on_submit() and flash_outcome(
        lambda: services.delete_lesson(lesson, by=current_user), _("The lesson is deleted.")
    ):
        return redirect(url_for("toolkits.my_lessons"))
    return redirect(url_for("toolkits.lesson", lesson_id=lesson_id))


@blueprint.post("/lessons/<id:lesson_id>/attachments")
@login_required
@permission_required(can_edit_lesson, _lesson_row)
def add_attachment(lesson, lesson_id: int):
    form = AttachmentForm()
    if form.validate_on_submit():
        upload = form.file.data
        flash_outcome(
            lambda: services.add_attachment(
                lesson, by=current_user, stream=upload.stream, filename=upload.filename
            ),
            _("The attachment is added."),
        )
    else:
        flash(" ".join(str(error) for error in form.file.errors) or _("Choose a file."), "error")
    return redirect(url_for("toolkits.edit_lesson", lesson_id=lesson.id))


@blueprint.get("/attachments/<id:attachment_id>")
def attachment(attachment_id: int):
    attachment = db.get_or_404(LessonAttachment, attachment_id)
    _lesson_or_404(attachment.lesson_id)
    try:
        return uploads.send_stored(attachment.stored_name, attachment.filename, attachment.kind)
    except (OSError, ValueError):
        # The row outlived its file (a restore without the uploads): gone, not a crash.
        abort(404)


@blueprint.post("/attachments/<id:attachment_id>/delete")
@asks_first
@login_required
def delete_attachment(attachment_id: int):
    attachment = db.get_or_404(LessonAttachment, attachment_id)
    lesson_id = attachment.lesson_id
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.remove_attachment(attachment, by=current_user),
            _("The attachment is removed."),
        )
    return redirect(url_for("toolkits.edit_lesson", lesson_id=lesson_id))


# A track's lessons, moderation and voedingsbodem themes


@blueprint.get("/tracks/<slug>/lessons")
@public_page
def track_lessons(slug: str):
    track = track_or_404(slug)
    return render_template(
        "toolkits/track_lessons.html",
        track=track,
        lessons=services.track_lessons(track),
        themes=services.track_themes(track),
        can_write=services.can_write_lesson(current_user, track),
        can_manage=may_manage_track(current_user, track),
    )


@blueprint.get("/tracks/<slug>/lessons/moderate")
@login_required
@track_manager_required
def moderate(track, slug: str):
    return render_template(
        "toolkits/moderate.html",
        track=track,
        queue=services.moderation_queue(track),
        themes=services.track_themes(track),
        toolkits=services.track_toolkits(track),
        return_form=ReturnLessonForm(),
    )


def _theme_form(track, theme: LessonTheme | None) -> ThemeForm:
    form = ThemeForm(obj=theme if request.method == "GET" else None)
    form.lessons.choices = [(lesson.id, lesson.title) for lesson in services.track_lessons(track)]
    if request.method == "GET" and theme is not None:
        form.lessons.data = [lesson.id for lesson in theme.lessons]
    return form


def _save_theme(track, theme: LessonTheme | None):
    form = _theme_form(track, theme)
    if form.validate_on_submit():
        try:
            services.save_theme(
                track,
                by=current_user,
                title=form.title.data,
                synthesis=form.synthesis.data or "",
                lesson_ids=form.lessons.data or [],
                theme=theme,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The theme is saved."), "success")
            return redirect(url_for("toolkits.track_lessons", slug=track.slug))
    return render_template("toolkits/theme_form.html", form=form, track=track, theme=theme), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/tracks/<slug>/themes/new", methods=["GET", "POST"])
@login_required
@track_manager_required
def new_theme(track, slug: str):
    return _save_theme(track, None)


@blueprint.route("/themes/<id:theme_id>/edit", methods=["GET", "POST"])
@login_required
@permission_required(may_manage_its_track, _theme_row)
def edit_theme(theme, theme_id: int):
    return _save_theme(theme.track, theme)


@blueprint.post("/themes/<id:theme_id>/delete")
@asks_first
@login_required
@permission_required(may_manage_its_track, _theme_row)
def delete_theme(theme, theme_id: int):
    track = theme.track
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.delete_theme(theme, by=current_user), _("The theme is deleted.")
        )
    return redirect(url_for("toolkits.track_lessons", slug=track.slug))
