"""The admin's outbox: every message, its status and its text; retry a failed one."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.pagination import paginate
from lmb.core.permissions import admin_required
from lmb.extensions import db
from lmb.notifications import services
from lmb.notifications.models import MessageStatus, OutboundMessage

blueprint = Blueprint("notifications", __name__, url_prefix="/admin/outbox")


@blueprint.get("/")
@admin_required
def outbox():
    query = select(OutboundMessage).order_by(OutboundMessage.id.desc())
    status = request.args.get("status", "")
    recipient = request.args.get("recipient", "").strip()[:254]
    if status in MessageStatus.__members__:
        query = query.where(OutboundMessage.status == MessageStatus[status])
    if recipient:
        query = query.where(func.lower(OutboundMessage.recipient_email) == recipient.lower())
    return render_template(
        "notifications/outbox.html",
        page=paginate(query),
        status=status,
        recipient=recipient,
        statuses=MessageStatus.choices(),
        mail_configured=services.mail_configured(),
    )


@blueprint.get("/<id:message_id>")
@admin_required
def message(message_id: int):
    return render_template(
        "notifications/message.html",
        message=db.get_or_404(OutboundMessage, message_id),
        retry_form=ConfirmForm(),
    )


@blueprint.post("/<id:message_id>/retry")
@admin_required
def retry(message_id: int):
    message = db.get_or_404(OutboundMessage, message_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.retry(message)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(_("The message will be sent again."), "success")
    return redirect(url_for("notifications.message", message_id=message.id))
