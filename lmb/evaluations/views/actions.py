"""An action of the plan: its page with the history and evidence, the report of an owner or a
coordinator, an evidence file, and "my actions"."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from lmb.core.errors import ServiceError
from lmb.core.permissions import allowed, login_required_verified, permission_required
from lmb.core.uploads import send_stored
from lmb.core.views import answer, check_answers, refused, show_service_error, status_of
from lmb.evaluations import services
from lmb.evaluations.audience import followers, told_of_update
from lmb.evaluations.forms import EvidenceFileAgainForm, UpdateForm
from lmb.evaluations.models import Action, Evidence, EvidenceKind
from lmb.evaluations.permissions import may_read_action, may_update_action
from lmb.evaluations.views import blueprint
from lmb.evaluations.views.pages import today
from lmb.extensions import db

TARGET_PAGES = {
    EvidenceKind.lesson: ("toolkits.lesson", "lesson_id"),
    EvidenceKind.toolkit: ("toolkits.toolkit", "toolkit_id"),
    EvidenceKind.review_round: ("peer_review.round_page", "round_id"),
    EvidenceKind.outcome: ("partnerships.outcome", "record_id"),
}


def evidence_url(evidence: Evidence) -> str:
    if evidence.kind in TARGET_PAGES:
        endpoint, name = TARGET_PAGES[evidence.kind]
        return url_for(endpoint, **{name: evidence.target_id})
    if evidence.kind is EvidenceKind.file:
        return url_for("evaluations.evidence_file", evidence_id=evidence.id)
    return evidence.url


@blueprint.app_template_global()
def evidence_link(evidence: Evidence) -> str:
    return evidence_url(evidence)


def _load_action(action_id: int) -> Action:
    return db.get_or_404(Action, action_id)


def _evidence_input(form) -> list[services.EvidenceInput]:
    kind = form.evidence_kind.data
    if not kind:
        return []
    try:
        kind = EvidenceKind[kind]
    except KeyError:
        raise ServiceError(_("Not a valid choice."), "evidence_kind") from None
    upload = form.evidence_file.data
    return [
        services.EvidenceInput(
            kind=kind,
            target_id=form.evidence_id.data,
            url=form.evidence_url.data or "",
            label=form.evidence_label.data or "",
            stream=upload.stream if upload else None,
            filename=upload.filename if upload else "",
        )
    ]


def _report(form) -> dict:
    """The report as the services take it (ServiceError: evidence of no known kind)."""
    return {
        "by": current_user,
        "status": form.status.data,
        "note": form.note.data or "",
        "evidence": _evidence_input(form),
    }


def _page(action: Action, form, status: int = 200):
    return render_template(
        "evaluations/action.html",
        action=action,
        evaluation=action.priority.evaluation,
        form=form,
        may_update=allowed(may_update_action, current_user, action),
        today=today(),
    ), status


@blueprint.get("/actions/<id:action_id>")
def action(action_id: int):
    action = _load_action(action_id)
    if not allowed(may_read_action, current_user, action):
        abort(404)
    return _page(action, UpdateForm(status=action.status))


def _update_question(action: Action, form):
    """A report mails the action's owners and the programme's coordinators (and, when the
    status moves in a published evaluation, the followers of its themes): it asks first."""
    status = form.status.data
    told = len(told_of_update(action, current_user.id))
    moves = status is not action.status and action.priority.evaluation.published
    following = followers(action) if moves else 0
    if not (told or following):
        return None
    consequences = []
    if status is not action.status:
        consequences.append(
            _("The status goes from %(old)s to %(new)s.", old=action.status.label, new=status.label)
        )
    if told:
        consequences.append(
            ngettext(
                "%(num)s owner or coordinator gets your report by mail.",
                "%(num)s owners and coordinators get your report by mail.",
                told,
            )
        )
    if following:
        consequences.append(
            ngettext(
                "%(num)s person who follows the programme's themes hears of the new status by "
                "mail.",
                "%(num)s people who follow the programme's themes hear of the new status by mail.",
                following,
            )
        )
    again = None
    upload = form.evidence_file.data
    if form.evidence_kind.data == EvidenceKind.file.name and upload and upload.filename:
        again = EvidenceFileAgainForm(formdata=None)
        again.evidence_file.description = _(
            "A browser does not carry a chosen file from one page to the next: choose "
            "%(name)s again.",
            name=upload.filename,
        )
    return check_answers(
        title=_("Send your report on the action?"),
        consequences=consequences,
        button=_("Yes, save and send the report"),
        back=url_for("evaluations.action", action_id=action.id),
        form=again,
    )


@blueprint.post("/actions/<id:action_id>/update")
@permission_required(may_update_action, _load_action)
def update_action(action: Action, action_id: int):
    form = UpdateForm()
    if form.validate_on_submit() and answer() != "change":
        if answer() != "yes" and refused(
            form, lambda: services.check_update(action, **_report(form))
        ):
            return _page(action, form, status_of(form))
        if answer() != "yes" and (question := _update_question(action, form)):
            return question
        try:
            services.update_action(action, **_report(form))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Your report on the action is saved."), "success")
            return redirect(url_for("evaluations.action", action_id=action.id))
    return _page(action, form, status_of(form))


@blueprint.get("/evidence/<id:evidence_id>")
def evidence_file(evidence_id: int):
    evidence = db.get_or_404(Evidence, evidence_id)
    subject = evidence.action
    if subject is None or not evidence.stored_name:
        abort(404)
    if not allowed(may_read_action, current_user, subject):
        abort(404)
    return send_stored(evidence.stored_name, evidence.filename, evidence.file_kind)


@blueprint.get("/actions/mine")
@login_required_verified
def my_actions():
    return render_template(
        "evaluations/my_actions.html",
        actions=services.owned_actions(current_user),
        today=today(),
        next=request.path,
    )
