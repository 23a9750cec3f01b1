"""The admin's outbox (every message, its status and text; retry), a person's themes, and
one-click unsubscribe without logging in."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import func, select

from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.models import utcnow
from lmb.core.pagination import paginate
from lmb.core.permissions import admin_required
from lmb.core.views import asks_first, confirm_page
from lmb.extensions import csrf, db
from lmb.notifications import dispatch, subscriptions
from lmb.notifications.forms import themes_form
from lmb.notifications.links import mask_secret_links, read_unsubscribe_token
from lmb.notifications.models import Frequency, MessageStatus, OutboundMessage

blueprint = Blueprint("notifications", __name__)


@blueprint.get("/admin/outbox/")
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
        mail_configured=dispatch.mail_configured(),
        state=dispatch.outbox_state(),
        now=utcnow(),
    )


@blueprint.get("/admin/outbox/<id:message_id>")
@admin_required
def message(message_id: int):
    message = db.get_or_404(OutboundMessage, message_id)
    return render_template(
        "notifications/message.html",
        message=message,
        # Links that are credentials (verify, reset, unsubscribe, calendar feed) are masked.
        body_text=mask_secret_links(message.body_text),
        ical=mask_secret_links(message.ical),
        now=utcnow(),
    )


@blueprint.get("/admin/outbox/<id:message_id>/retry")
@admin_required
def confirm_retry(message_id: int):
    """Sending again mails a person once more: who, and what, before it goes."""
    message = db.get_or_404(OutboundMessage, message_id)
    back = url_for("notifications.message", message_id=message.id)
    if message.status is not MessageStatus.failed:
        return confirm_page(
            title=_("Only failed messages can be retried."),
            consequences=[message.status.label],
            action=None,
            button=_("Back to the message"),
            back=back,
            status=409,
        )
    return confirm_page(
        title=_("Send %(subject)s again?", subject=message.subject),
        consequences=[
            ngettext(
                "%(num)s person gets this mail again: %(address)s.",
                "%(num)s people get this mail again: %(address)s.",
                1,
                address=message.recipient_email,
            ),
            _("It goes with the next dispatch; its attempts start again from zero."),
        ],
        action=url_for("notifications.retry", message_id=message.id),
        button=_("Yes, send it again"),
        back=back,
    )


@blueprint.post("/admin/outbox/<id:message_id>/retry")
@asks_first
@admin_required
def retry(message_id: int):
    message = db.get_or_404(OutboundMessage, message_id)
    if ConfirmForm().validate_on_submit():
        try:
            dispatch.retry(message)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(_("The message will be sent again."), "success")
    return redirect(url_for("notifications.message", message_id=message.id))


@blueprint.route("/account/themes", methods=["GET", "POST"])
@login_required
def themes():
    """ "Kies hieronder uw thema": the tracks, programmes and calls whose news a person wants,
    and how often."""
    form = themes_form(subscriptions.theme_groups())
    if request.method == "GET":
        chosen = subscriptions.subscriptions_of(current_user)
        form.show_themes({s.theme for s in chosen})
        form.frequency.data = chosen[0].frequency if chosen else Frequency.immediately
        form.reminders.data = subscriptions.wants_reminders(current_user.id)
    if form.validate_on_submit():
        subscriptions.set_subscriptions(current_user, form.chosen_themes(), form.frequency.data)
        subscriptions.set_reminders(current_user.id, form.reminders.data)
        flash(_("Your themes have been saved."), "success")
        return redirect(url_for("notifications.themes"))
    return render_template("notifications/themes.html", form=form), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET shows a button (mail scanners follow links); POST unsubscribes, also as RFC 8058
    one-click from the mail program. The signed token is the authorization: no login."""
    try:
        user_id, scope = read_unsubscribe_token(token)
    except ServiceError as error:
        abort(404, description=error.message)
    if request.method == "POST":
        subscriptions.unsubscribe(user_id, scope)
        return render_template("notifications/unsubscribed.html")
    theme = None
    if scope == "reminders":
        return render_template("notifications/unsubscribe.html", reminders=True, token=token)
    if scope != "all":
        title = subscriptions.theme_title(scope)
        theme = {"title": title} if title else None
    return render_template("notifications/unsubscribe.html", theme=theme, token=token)
