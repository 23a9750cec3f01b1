"""Programmes and their milestones, created and edited by the association's staff.

A milestone is dated by a day (or a run of days) or by a season or year as the documents
write them ("najaar 2026", "2017"): the text gives the range it covers and the precision the
pages show it with (lmb.core.templating.period)."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from lmb.accounts.models import User
from lmb.core.permissions import require
from lmb.core.seasons import SEASON_WORDS, season_span
from lmb.extensions import db
from lmb.tracks.models import DatePrecision, Milestone, MilestoneKind, Programme, Track
from lmb.tracks.permissions import may_manage_milestone, may_manage_programme, may_run_programmes
from lmb.tracks.services.checks import Refusals, check_contact, check_title, day

PERIOD = re.compile(r"^(?:([a-z]+)\s+)?(\d{4})$")
NOT_ALLOWED = "Only the association's staff can change programmes."


def parse_period(text: str) -> tuple[date, date, DatePrecision] | None:
    """ "najaar 2026" → 1 Sep – 30 Nov 2026 (season, lmb.core.seasons); "2017" → the year; else None."""
    match = PERIOD.match(" ".join((text or "").lower().split()))
    if match is None:
        return None
    word, year = match.group(1), int(match.group(2))
    if not 1900 <= year <= 2999:
        return None
    if word is None:
        return date(year, 1, 1), date(year, 12, 31), DatePrecision.year
    season = SEASON_WORDS.get(word)
    if season is None:
        return None
    starts_on, ends_on = season_span(season, year)
    return starts_on, ends_on, DatePrecision.season


def _slug(title: str, model, scope=()) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:70] or "programma"
    slug, n = base, 1
    column = model.slug if model is Programme else model.key
    while db.session.scalar(select(model.id).where(column == slug, *scope)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _outside(programme: Programme, starts_on: date, ends_on: date) -> list[str]:
    """What of `programme` (its milestones, its tracks' phases) falls outside the range."""
    names = [
        m.title for m in programme.milestones if m.starts_on < starts_on or m.ends_on > ends_on
    ]
    tracks = db.session.scalars(select(Track).where(Track.programme_id == programme.id)).all()
    names += [
        t.title
        for t in tracks
        if any(p.starts_on < starts_on or p.ends_on > ends_on for p in t.phases)
    ]
    return names


def save_programme(
    programme: Programme | None,
    *,
    by: User,
    title: str,
    summary: str = "",
    starts_on: date,
    ends_on: date,
    title_fr: str = "",
    summary_fr: str = "",
    contact_name: str = "",
    contact_email: str = "",
) -> Programme:
    """Create a programme (None) or change one; its milestones and its tracks' phases must
    stay within its dates."""
    if programme is None:
        require(may_run_programmes, by, None, _(NOT_ALLOWED))
    else:
        require(may_manage_programme, by, programme, _(NOT_ALLOWED))
    refusals = Refusals()
    check_title(title, refusals)
    check_contact(contact_name.strip(), contact_email.strip(), refusals)
    if ends_on < starts_on:
        refusals.add("ends_on", _("The programme must end after it starts."))
    elif programme is not None:
        outside = _outside(programme, starts_on, ends_on)
        if outside:
            refusals.add(
                "starts_on" if starts_on > programme.starts_on else "ends_on",
                _(
                    "These fall outside the new dates: %(names)s. Move them first.",
                    names=", ".join(outside),
                ),
            )
    refusals.done()
    if programme is None:
        programme = Programme(slug=_slug(title, Programme))
        db.session.add(programme)
    programme.title = title.strip()
    programme.summary = summary
    programme.title_fr, programme.summary_fr = title_fr.strip(), summary_fr
    programme.starts_on, programme.ends_on = starts_on, ends_on
    programme.contact_name, programme.contact_email = contact_name.strip(), contact_email.strip()
    db.session.flush()
    return programme


def save_milestone(
    programme: Programme,
    milestone: Milestone | None = None,
    *,
    by: User,
    kind: MilestoneKind,
    title: str,
    title_en: str = "",
    description: str = "",
    description_en: str = "",
    title_fr: str = "",
    description_fr: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    period: str = "",
) -> Milestone:
    """Add a milestone to `programme` (None) or change one, dated by a day (`starts_on`,
    optionally until `ends_on`) or by a season or year (`period`), within the programme."""
    require(may_manage_programme, by, programme, _(NOT_ALLOWED))
    refusals = Refusals()
    check_title(title, refusals)
    period = (period or "").strip()
    dates = None
    if period and starts_on:
        refusals.add("period", _("Give a date or a season, not both."))
    elif period:
        parsed = parse_period(period)
        if parsed is None:
            refusals.add(
                "period",
                _(
                    "'%(value)s' is not a season such as 'najaar 2026' or a year such as '2017'.",
                    value=period[:40],
                ),
            )
        else:
            dates = parsed
    elif starts_on:
        if ends_on and ends_on < starts_on:
            refusals.add("ends_on", _("The milestone must end after it starts."))
        else:
            dates = (starts_on, ends_on or starts_on, DatePrecision.day)
    else:
        refusals.add("starts_on", _("Give a date, or a season such as 'najaar 2026'."))
    if dates and not (programme.starts_on <= dates[0] and dates[1] <= programme.ends_on):
        refusals.add(
            "period" if period else "starts_on",
            _(
                "The milestone must lie within the programme (%(start)s – %(end)s).",
                start=day(programme.starts_on),
                end=day(programme.ends_on),
            ),
        )
    refusals.done()
    if milestone is None:
        milestone = Milestone(
            key=_slug(title, Milestone, (Milestone.programme_id == programme.id,))
        )
        programme.milestones.append(milestone)
    milestone.kind = kind
    milestone.title, milestone.title_en = title.strip(), title_en.strip()
    milestone.description, milestone.description_en = description, description_en
    milestone.title_fr, milestone.description_fr = title_fr.strip(), description_fr
    milestone.starts_on, milestone.ends_on, milestone.precision = dates
    db.session.flush()
    return milestone


def delete_milestone(milestone: Milestone, *, by: User) -> None:
    require(may_manage_milestone, by, milestone, _(NOT_ALLOWED))
    milestone.programme.milestones.remove(milestone)
    # Deleted by name, not only as an orphan: the audit log sees what a flush is told.
    db.session.delete(milestone)
    db.session.flush()
