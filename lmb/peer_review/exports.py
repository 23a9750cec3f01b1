"""A round for the coordinator's spreadsheet: submissions, assignments and every score per
criterion, as CSV (one row per assignment) and XLSX (a sheet each); no formula gets in."""

from __future__ import annotations

from flask_babel import gettext as _

from lmb.core.spreadsheets import csv_bytes, neutralise, xlsx_bytes
from lmb.core.timezones import to_local
from lmb.peer_review import services
from lmb.peer_review.models import ReviewRound


def _moment(value) -> str:
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def submission_rows(round_: ReviewRound) -> list[list[str]]:
    rows = [
        [
            _("Organization"),
            _("Contact"),
            _("Versions"),
            _("Latest file"),
            _("Uploaded"),
            _("Late"),
            _("Reviews submitted"),
            _("Released"),
            _("Responded"),
            _("Candidate outcome"),
        ]
    ]
    for submission in sorted(round_.submissions, key=lambda s: s.organization.name):
        latest = submission.latest
        rows.append(
            [
                neutralise(submission.organization.name),
                neutralise(submission.contact.name if submission.contact else ""),
                str(len(submission.versions)),
                neutralise(latest.filename if latest else ""),
                _moment(latest.uploaded_at if latest else None),
                _yes(bool(latest and latest.late)),
                str(len(services.submitted_reviews(submission))),
                _moment(submission.released_at),
                _moment(submission.responded_at),
                _yes(submission.candidate_outcome),
            ]
        )
    return rows


def assignment_rows(round_: ReviewRound) -> list[list[str]]:
    criteria = round_.criteria
    header = [
        _("Submission"),
        _("Reviewer organization"),
        _("Assignment"),
        _("Reason for declining"),
        _("Review"),
        _("Submitted"),
        _("Late"),
        _("Total (%)"),
    ]
    for criterion in criteria:
        header += [
            neutralise(criterion.title),
            neutralise(_("%(criterion)s: comment", criterion=criterion.title)),
        ]
    header.append(_("General comment"))
    rows = [header]
    assignments = [a for s in round_.submissions for a in s.assignments]
    for assignment in sorted(
        assignments, key=lambda a: (a.submission.organization.name, a.reviewer.name, a.id)
    ):
        review = assignment.review
        row = [
            neutralise(assignment.submission.organization.name),
            neutralise(assignment.reviewer.name),
            assignment.status.label,
            neutralise(assignment.decline_reason),
            review.status.label if review else "",
            _moment(review.submitted_at if review else None),
            _yes(bool(review and review.late)),
        ]
        total = services.total_percent(round_, review) if review else None
        row.append("" if total is None else f"{total:g}")
        for criterion in criteria:
            score = review.score_for(criterion.id) if review else None
            row += [
                "" if score is None or score.value is None else str(score.value),
                neutralise(score.comment if score else ""),
            ]
        row.append(neutralise(review.summary if review else ""))
        rows.append(row)
    return rows


def as_csv(round_: ReviewRound) -> bytes:
    return csv_bytes(assignment_rows(round_))


def as_xlsx(round_: ReviewRound) -> bytes:
    return xlsx_bytes(
        [(_("Submissions"), submission_rows(round_)), (_("Reviews"), assignment_rows(round_))]
    )
