"""Partnerships, their people and budget (activities: activities.py; the calls: calls.py)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.models import utcnow
from lmb.core.permissions import allowed
from lmb.core.timezones import to_local
from lmb.core.views import (
    answer,
    check_answers,
    download,
    flash_outcome,
    show_service_error,
    status_of,
)
from lmb.partnerships import exports, services
from lmb.partnerships.forms import (
    ContactsForm,
    PartnershipEditForm,
    PartnershipForm,
    StedenbandForm,
)
from lmb.partnerships.models import Country, Side
from lmb.partnerships.permissions import (
    association_country,
    manager_required,
    may_follow,
    may_propose_activity,
    side_of,
)
from lmb.partnerships.views import blueprint
from lmb.tracks.sections import programme_sections

# Overview and partnerships


@blueprint.get("/partnerships/")
def overview():
    now = utcnow()
    partnerships = services.partnerships()
    return render_template(
        "partnerships/overview.html",
        partnerships=partnerships,
        programme_budget=services.programme_budget(partnerships),
        country_view=next(
            (c for c in Country if c.iso_code == association_country(current_user)), None
        ),
        calls=services.calls(),
        groups=services.steering_groups(),
        now=now,
        can_manage=services.can_manage(current_user),
        applications=services.applications_of(current_user),
        my_meetings=(
            services.meetings_of_member(current_user) if current_user.is_authenticated else []
        ),
    )


def partnership_or_404(slug: str):
    partnership = services.partnership_by_slug(slug)
    if partnership is None:
        abort(404)
    return partnership


@blueprint.get("/partnerships/<slug>")
def partnership(slug: str):
    partnership = partnership_or_404(slug)
    follows = allowed(may_follow, current_user, partnership)
    return render_template(
        "partnerships/partnership.html",
        partnership=partnership,
        budget=services.budget_overview(partnership),
        can_manage=services.can_manage(current_user),
        side=side_of(current_user, partnership),
        follows=follows,
        may_propose=allowed(may_propose_activity, current_user, partnership),
        may_confirm=services.can_manage(current_user)
        or side_of(current_user, partnership) is Side.flemish,
        reports=services.reports(partnership) if follows else [],
        outcomes=services.outcomes(services.OutcomeFilters(partnership_id=partnership.id))
        if follows
        else [],
        today=to_local(utcnow()).date(),
        confirm_form=ConfirmForm(),
    )


@blueprint.route("/partnerships/new", methods=["GET", "POST"])
@manager_required
def new_partnership():
    form = PartnershipForm()
    if form.validate_on_submit():
        try:
            created = services.create_partnership(
                by=current_user,
                country=form.country.data,
                flemish_municipality=form.flemish_municipality.data,
                partner_municipality=form.partner_municipality.data,
                starts_on=form.starts_on.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The partnership is added."), "success")
            return redirect(url_for("partnerships.edit_partnership", slug=created.slug))
    return render_template("partnerships/partnership_new.html", form=form), status_of(form)


@blueprint.route("/partnerships/<slug>/edit", methods=["GET", "POST"])
@manager_required
def edit_partnership(slug: str):
    partnership = partnership_or_404(slug)
    form = PartnershipEditForm(obj=partnership if request.method == "GET" else None)
    if request.method == "GET":
        form.sdgs.data = [str(n) for n in partnership.sdgs or []]
    if form.validate_on_submit():
        try:
            services.update_partnership(
                partnership,
                by=current_user,
                title=form.title.data,
                summary=form.summary.data or "",
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                budget_flemish=form.budget_flemish.data,
                budget_partner=form.budget_partner.data,
                sdgs=form.sdgs.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The partnership is saved."), "success")
            return redirect(url_for("partnerships.partnership", slug=partnership.slug))
    return _edit_page(partnership, form), status_of(form)


def _edit_page(partnership, form, contacts=None):
    """The partnership's form with its people and stedenband; `contacts` as typed when the
    question about them sent them back ("No, change the form")."""
    if contacts is None:
        contacts = ContactsForm(prefix="contacts", formdata=None)
        contacts.emails.data = "\n".join(u.email for u in partnership.contacts)
    stedenband = StedenbandForm(prefix="stedenband", obj=None)
    if partnership.stedenband_since:
        stedenband.since.data = partnership.stedenband_since
        stedenband.url.data = partnership.stedenband_url
        stedenband.note.data = partnership.stedenband_note
    return render_template(
        "partnerships/partnership_edit.html",
        partnership=partnership,
        form=form,
        contacts=contacts,
        stedenband=stedenband,
    )


@blueprint.post("/partnerships/<slug>/contacts")
@manager_required
def partnership_contacts(slug: str):
    partnership = partnership_or_404(slug)
    form = ContactsForm(prefix="contacts")
    if form.validate_on_submit() and answer() != "change":
        try:
            people = services.people_by_email(form.emails.data or "")
        except ServiceError as error:
            show_service_error(form, error)
        else:
            if answer() != "yes" and (question := _contacts_question(partnership, people)):
                return question
            services.set_contacts(partnership, people, by=current_user)
            flash(_("The people of the partnership are saved."), "success")
            return redirect(url_for("partnerships.edit_partnership", slug=slug))
    # The partnership's page with the people as typed: their refusal on the field, or taken
    # back from the question ("No, change the form").
    edit = PartnershipEditForm(obj=partnership, formdata=None)
    edit.sdgs.data = [str(n) for n in partnership.sdgs or []]
    return _edit_page(partnership, edit, contacts=form), status_of(form)


def _contacts_question(partnership, people):
    """Added people are invited to the meetings to come, removed ones get a cancellation: the
    save asks first when it mails anyone (no meetings to come: nobody is mailed)."""
    meetings = services.upcoming_meetings(partnership)
    before = {p.id for p in partnership.contacts}
    after = {p.id for p in people}
    added = sum(1 for p in people if p.id not in before and p.active)
    removed = sum(1 for p in partnership.contacts if p.id not in after and p.active)
    if not meetings or not (added or removed):
        return None
    consequences = [
        ngettext(
            "The partnership has %(num)s meeting to come.",
            "The partnership has %(num)s meetings to come.",
            meetings,
        )
    ]
    if added:
        consequences.append(
            ngettext(
                "%(num)s person who is added gets an invitation by mail for each of them.",
                "%(num)s people who are added get an invitation by mail for each of them.",
                added,
            )
        )
    if removed:
        consequences.append(
            ngettext(
                "%(num)s person who is removed gets a cancellation by mail for each of them.",
                "%(num)s people who are removed get a cancellation by mail for each of them.",
                removed,
            )
        )
    return check_answers(
        title=_("Save the people of %(title)s?", title=partnership.title),
        consequences=consequences,
        button=_("Yes, save the people"),
        back=url_for("partnerships.edit_partnership", slug=partnership.slug),
    )


@blueprint.post("/partnerships/<slug>/stedenband")
@manager_required
def partnership_stedenband(slug: str):
    partnership = partnership_or_404(slug)
    form = StedenbandForm(prefix="stedenband")
    if form.validate_on_submit():
        flash_outcome(
            lambda: services.record_stedenband(
                partnership,
                by=current_user,
                since=form.since.data,
                url=form.url.data or "",
                note=form.note.data or "",
            ),
            _("The partnership continues as a stedenband."),
        )
    else:
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
    return redirect(url_for("partnerships.edit_partnership", slug=slug))


# Budget


@blueprint.get("/partnerships/budget")
@manager_required
def budget():
    programme_budget = services.programme_budget(services.partnerships())
    return render_template(
        "partnerships/budget.html",
        overviews=programme_budget.overviews,
        programme_budget=programme_budget,
    )


@blueprint.get("/partnerships/budget.xlsx")
@manager_required
def budget_xlsx():
    overviews = [services.budget_overview(p) for p in services.partnerships()]
    return download(exports.budget_xlsx(overviews), "budget-sdg-partnerschappen.xlsx")


@blueprint.get("/partnerships/<slug>/budget.xlsx")
@manager_required
def partnership_budget_xlsx(slug: str):
    partnership = partnership_or_404(slug)
    return download(
        exports.budget_xlsx([services.budget_overview(partnership)]),
        f"budget-{partnership.slug}.xlsx",
    )


# The SDG partnership programme's page (tracks) shows its budget


@programme_sections.add
def programme_budget_section(programme):
    """The budget of the programme's partnerships against about 35,000 EUR each (seed 001)."""
    partnerships = [p for p in services.partnerships() if p.programme_id == programme.id]
    if not partnerships:
        return None
    html = render_template(
        "partnerships/_programme_budget.html",
        programme_budget=services.programme_budget(partnerships),
    )
    return Markup(html)  # noqa: S704 - an autoescaped template of ours
