"""The pages that ask first: the GET of each destructive or mass-mail action of lessons and
toolkits (publishing, deleting) says what will happen; its form POSTs to the action itself."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from lmb.core.permissions import permission_required
from lmb.core.views import confirm_page
from lmb.extensions import db
from lmb.notifications.subscriptions import subscriber_count
from lmb.toolkits.models import LessonAttachment
from lmb.toolkits.permissions import (
    can_edit_attachment,
    can_edit_lesson,
    can_edit_toolkit,
    can_edit_toolkit_item,
)
from lmb.toolkits.views import _item_row, _lesson_row, _theme_row, _toolkit_or_404, blueprint
from lmb.tracks.permissions import may_manage_its_track


@blueprint.get("/toolkits/<id:toolkit_id>/publish")
@login_required
@permission_required(can_edit_toolkit, _toolkit_or_404)
def confirm_publish(toolkit, toolkit_id: int):
    number = len(toolkit.versions) + 1
    followers = subscriber_count(toolkit.track_id)
    return confirm_page(
        title=_("Publish %(title)s as version %(n)s?", title=toolkit.title, n=number),
        consequences=[
            _(
                "Version %(n)s is published in the toolkit library; it cannot be unpublished.",
                n=number,
            ),
            ngettext(
                "%(num)s person who follows the theme %(theme)s hears about it by mail.",
                "%(num)s people who follow the theme %(theme)s hear about it by mail.",
                followers,
                theme=toolkit.track.title,
            ),
            _("Earlier versions stay downloadable."),
        ],
        action=url_for("toolkits.publish", toolkit_id=toolkit.id),
        button=_("Yes, publish version %(n)s", n=number),
        back=url_for("toolkits.edit_toolkit", toolkit_id=toolkit.id),
    )


@blueprint.get("/toolkits/<id:toolkit_id>/delete")
@login_required
@permission_required(can_edit_toolkit, _toolkit_or_404)
def confirm_delete_toolkit(toolkit, toolkit_id: int):
    return confirm_page(
        title=_("Delete the toolkit %(title)s?", title=toolkit.title),
        consequences=[
            ngettext(
                "The toolkit and its %(num)s item are deleted for good.",
                "The toolkit and its %(num)s items are deleted for good.",
                len(toolkit.items),
            ),
            _("The lessons it cites stay."),
        ],
        action=url_for("toolkits.delete_toolkit", toolkit_id=toolkit.id),
        button=_("Yes, delete the toolkit"),
        back=url_for("toolkits.edit_toolkit", toolkit_id=toolkit.id),
    )


@blueprint.get("/toolkit-items/<id:item_id>/delete")
@login_required
@permission_required(can_edit_toolkit_item, _item_row)
def confirm_delete_item(item, item_id: int):
    return confirm_page(
        title=_("Delete %(title)s from the toolkit?", title=item.title),
        consequences=[
            _("The item is removed from the draft of %(toolkit)s.", toolkit=item.toolkit.title),
            _("Published versions keep it."),
        ],
        action=url_for("toolkits.delete_item", item_id=item.id),
        button=_("Yes, delete the item"),
        back=url_for("toolkits.edit_toolkit", toolkit_id=item.toolkit_id) + "#items",
    )


@blueprint.get("/lessons/<id:lesson_id>/delete")
@login_required
@permission_required(can_edit_lesson, _lesson_row)
def confirm_delete_lesson(lesson, lesson_id: int):
    return confirm_page(
        title=_("Delete the lesson %(title)s?", title=lesson.title),
        consequences=[
            ngettext(
                "The lesson and its %(num)s attachment are deleted for good.",
                "The lesson and its %(num)s attachments are deleted for good.",
                len(lesson.attachments),
            ),
        ],
        action=url_for("toolkits.delete_lesson", lesson_id=lesson.id),
        button=_("Yes, delete the lesson"),
        back=url_for("toolkits.edit_lesson", lesson_id=lesson.id),
    )


def _attachment_row(attachment_id: int) -> LessonAttachment:
    return db.get_or_404(LessonAttachment, attachment_id)


@blueprint.get("/attachments/<id:attachment_id>/delete")
@login_required
@permission_required(can_edit_attachment, _attachment_row)
def confirm_delete_attachment(attachment, attachment_id: int):
    return confirm_page(
        title=_("Remove the attachment %(name)s?", name=attachment.filename),
        consequences=[
            _(
                "The file is deleted from the lesson %(title)s for good.",
                title=attachment.lesson.title,
            )
        ],
        action=url_for("toolkits.delete_attachment", attachment_id=attachment.id),
        button=_("Yes, remove the attachment"),
        back=url_for("toolkits.edit_lesson", lesson_id=attachment.lesson_id),
    )


@blueprint.get("/themes/<id:theme_id>/delete")
@login_required
@permission_required(may_manage_its_track, _theme_row)
def confirm_delete_theme(theme, theme_id: int):
    return confirm_page(
        title=_("Delete the theme %(title)s?", title=theme.title),
        consequences=[
            ngettext(
                "The theme is deleted; its %(num)s lesson stays in the library.",
                "The theme is deleted; its %(num)s lessons stay in the library.",
                len(theme.lessons),
            )
        ],
        action=url_for("toolkits.delete_theme", theme_id=theme.id),
        button=_("Yes, delete the theme"),
        back=url_for("toolkits.edit_theme", theme_id=theme.id),
    )
