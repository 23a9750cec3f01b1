"""The coordinator's toolkit builder: a toolkit, its items, publishing."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.permissions import permission_required
from lmb.core.views import asks_first, flash_outcome, show_service_error
from lmb.toolkits import services
from lmb.toolkits.exports import labels_for
from lmb.toolkits.forms import (
    ToolkitForm,
    ToolkitItemForm,
)
from lmb.toolkits.markup import to_html
from lmb.toolkits.models import (
    Toolkit,
    ToolkitItem,
)
from lmb.toolkits.permissions import can_edit_toolkit, can_edit_toolkit_item
from lmb.toolkits.views import (
    _item_row,
    _toolkit_or_404,
    blueprint,
)
from lmb.tracks.permissions import track_manager_required

# The coordinator's toolkit builder


@blueprint.route("/tracks/<slug>/toolkits/new", methods=["GET", "POST"])
@login_required
@track_manager_required
def new_toolkit(track, slug: str):
    form = ToolkitForm()
    if form.validate_on_submit():
        try:
            toolkit = services.create_toolkit(
                track,
                by=current_user,
                kind=form.kind.data,
                title=form.title.data,
                summary=form.summary.data or "",
                language=form.language.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The toolkit is created. Add its chapters, steps or items."), "success")
            return redirect(url_for("toolkits.edit_toolkit", toolkit_id=toolkit.id))
    return render_template("toolkits/toolkit_form.html", form=form, track=track), (
        422 if form.is_submitted() else 200
    )


# The builder's pages are its track's coordinators' (lmb.toolkits.permissions).
editor_required = permission_required(can_edit_toolkit, _toolkit_or_404)
item_editor_required = permission_required(can_edit_toolkit_item, _item_row)


@blueprint.route("/toolkits/<id:toolkit_id>/edit", methods=["GET", "POST"])
@login_required
@editor_required
def edit_toolkit(toolkit, toolkit_id: int):
    form = ToolkitForm(obj=toolkit if request.method == "GET" else None)
    del form.kind  # the kind is chosen once: chapters do not turn into checklist items
    if form.validate_on_submit():
        try:
            services.update_toolkit(
                toolkit,
                by=current_user,
                title=form.title.data,
                summary=form.summary.data or "",
                language=form.language.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The toolkit is saved."), "success")
            return redirect(url_for("toolkits.edit_toolkit", toolkit_id=toolkit.id))
    document = services.draft_document(toolkit)
    return render_template(
        "toolkits/toolkit_edit.html",
        form=form,
        toolkit=toolkit,
        document=document,
        labels=labels_for(document),
        markdown=to_html,
        confirm_form=ConfirmForm(),
    ), (422 if form.is_submitted() else 200)


def _item_form(toolkit: Toolkit, item: ToolkitItem | None) -> ToolkitItemForm:
    form = ToolkitItemForm(obj=item if request.method == "GET" else None)
    form.lessons.choices = [
        (lesson.id, f"{lesson.title} ({lesson.phase.label}"
         + (f", {lesson.organization.name})" if lesson.organization else ")"))
        for lesson in services.track_lessons(toolkit.track)
    ]  # fmt: skip
    if request.method == "GET" and item is not None:
        form.lessons.data = [lesson.id for lesson in item.lessons]
    return form


def _save_item(toolkit: Toolkit, item: ToolkitItem | None):
    form = _item_form(toolkit, item)
    if form.validate_on_submit():
        values = {
            "title": form.title.data,
            "body": form.body.data or "",
            "group": form.group.data or "",
            "who": form.who.data or "",
            "resources": form.resources.data or "",
            "lesson_ids": form.lessons.data or [],
        }
        try:
            if item is None:
                services.add_item(toolkit, by=current_user, **values)
            else:
                services.update_item(item, by=current_user, **values)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("toolkits.edit_toolkit", toolkit_id=toolkit.id))
    return render_template("toolkits/item_form.html", form=form, toolkit=toolkit, item=item), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/toolkits/<id:toolkit_id>/items/new", methods=["GET", "POST"])
@login_required
@editor_required
def new_item(toolkit, toolkit_id: int):
    return _save_item(toolkit, None)


@blueprint.route("/toolkit-items/<id:item_id>/edit", methods=["GET", "POST"])
@login_required
@item_editor_required
def edit_item(item, item_id: int):
    return _save_item(item.toolkit, item)


@blueprint.post("/toolkit-items/<id:item_id>/delete")
@asks_first
@login_required
@item_editor_required
def delete_item(item, item_id: int):
    toolkit = item.toolkit
    if ConfirmForm().validate_on_submit():
        flash_outcome(lambda: services.delete_item(item, by=current_user), _("Deleted."))
    return redirect(url_for("toolkits.edit_toolkit", toolkit_id=toolkit.id))


@blueprint.post("/toolkit-items/<id:item_id>/move/<any(up, down):direction>")
@login_required
@item_editor_required
def move_item(item, item_id: int, direction: str):
    toolkit = item.toolkit
    if ConfirmForm().validate_on_submit():
        services.move_item(item, by=current_user, offset=-1 if direction == "up" else 1)
    return redirect(url_for("toolkits.edit_toolkit", toolkit_id=toolkit.id) + "#items")


@blueprint.post("/toolkits/<id:toolkit_id>/delete")
@asks_first
@login_required
@editor_required
def delete_toolkit(toolkit, toolkit_id: int):
    track = toolkit.track
    if ConfirmForm().validate_on_submit() and flash_outcome(
        lambda: services.delete_toolkit(toolkit, by=current_user), _("The toolkit is deleted.")
    ):
        return redirect(url_for("toolkits.moderate", slug=track.slug))
    return redirect(url_for("toolkits.edit_toolkit", toolkit_id=toolkit_id))


@blueprint.post("/toolkits/<id:toolkit_id>/publish")
@asks_first
@login_required
@editor_required
def publish(toolkit, toolkit_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            version = services.publish(toolkit, by=current_user)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(
                _(
                    "Version %(n)s is published; subscribers of the theme hear about it.",
                    n=version.number,
                ),
                "success",
            )
            return redirect(url_for("toolkits.toolkit", toolkit_id=toolkit.id))
    return redirect(url_for("toolkits.edit_toolkit", toolkit_id=toolkit.id))
