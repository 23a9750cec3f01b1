"""Where the partnerships domain listens to others: what it holds about a person for their
data download (candidacies, memberships, applications, partnerships they are a contact of,
outcomes they recorded, decisions they took), and erasing it. Erasing keeps candidacies and
memberships of the steering group as anonymous history; the rest stays with the
organizations, without the person."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from lmb.accounts import privacy
from lmb.accounts.privacy import Covered, Handling, moment
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.partnerships.models import (
    Candidacy,
    CandidacyStatus,
    OutcomeRecord,
    OutcomeVisit,
    Partnership,
    PartnershipActivity,
    PartnershipApplication,
    ReportPart,
    ReportVersion,
    SteeringGroupMember,
    partnership_contacts,
)

personal = privacy.register(
    "partnerships",
    _l("SDG partnerships and the steering group"),
    on_erasure=_l(
        "Your candidacies stay as anonymous entries without your motivation (one still under "
        "consideration is withdrawn), your seat in the steering group ends, you are no longer "
        "a contact of a partnership; applications and outcomes stay with the municipalities, "
        "no longer under your name."
    ),
    covers={
        "candidacies.user_id": Covered(Handling.kept, personal=("motivation",)),
        "candidacies.decided_by_id": Handling.cleared,
        "steering_group_members.user_id": Handling.kept,
        "partnership_contacts.user_id": Handling.deleted,
        "partnership_applications.submitted_by_id": Handling.cleared,
        "partnership_applications.decided_by_id": Handling.cleared,
        "partnership_applications.organization_id": Handling.organization,
        "partnerships.flemish_municipality_id": Handling.organization,
        "partnerships.partner_municipality_id": Handling.organization,
        "outcome_records.recorded_by_id": Handling.cleared,
        "outcome_records.municipality_id": Handling.organization,
        "outcome_visits.planned_by_id": Handling.cleared,
        "outcome_visits.municipality_id": Handling.organization,
        "partnership_activities.proposed_by_id": Handling.cleared,
        "partnership_report_parts.submitted_by_id": Handling.cleared,
        "partnership_report_versions.written_by_id": Handling.cleared,
    },
)

CLEARED = (
    (Candidacy, "decided_by_id"),
    (PartnershipApplication, "submitted_by_id"),
    (PartnershipApplication, "decided_by_id"),
    (OutcomeRecord, "recorded_by_id"),
    (OutcomeVisit, "planned_by_id"),
    (PartnershipActivity, "proposed_by_id"),
    (ReportPart, "submitted_by_id"),
    (ReportVersion, "written_by_id"),
)


def _outcome(record: OutcomeRecord) -> dict:
    return {
        "visited_on": record.visited_on.isoformat(),
        "municipality": record.municipality.name if record.municipality else None,
        "partnership": record.partnership.title if record.partnership else None,
        "track": record.track.title if record.track else None,
        "actor": record.actor,
        "change": record.change,
        "occurred_on": record.occurred_on.isoformat(),
        "place": record.place,
        "significance": record.significance,
        "contribution": record.contribution,
        "sources": record.sources,
        "substantiation": record.substantiation,
        "confirmed_by": record.confirmed_by,
    }


@personal.exporter
def partnership_data(user) -> dict:
    def rows(query):
        return list(db.session.scalars(query))

    candidacies = rows(select(Candidacy).where(Candidacy.user_id == user.id).order_by(Candidacy.id))
    memberships = rows(
        select(SteeringGroupMember)
        .where(SteeringGroupMember.user_id == user.id)
        .order_by(SteeringGroupMember.id)
    )
    applications = rows(
        select(PartnershipApplication)
        .where(PartnershipApplication.submitted_by_id == user.id)
        .order_by(PartnershipApplication.id)
    )
    contact_of = rows(
        select(Partnership)
        .join(partnership_contacts, partnership_contacts.c.partnership_id == Partnership.id)
        .where(partnership_contacts.c.user_id == user.id)
        .order_by(Partnership.id)
    )
    outcomes = rows(
        select(OutcomeRecord)
        .where(OutcomeRecord.recorded_by_id == user.id)
        .order_by(OutcomeRecord.id)
    )
    decided_applications = rows(
        select(PartnershipApplication)
        .where(PartnershipApplication.decided_by_id == user.id)
        .order_by(PartnershipApplication.id)
    )
    report_versions = rows(
        select(ReportVersion)
        .where(ReportVersion.written_by_id == user.id)
        .order_by(ReportVersion.id)
    )
    decided_candidacies = rows(
        select(Candidacy).where(Candidacy.decided_by_id == user.id).order_by(Candidacy.id)
    )
    return {
        "candidacies": [
            {
                "seat": c.seat.kind.name,
                "motivation": c.motivation,
                "committee_member": c.committee_member,
                "status": c.status.name,
                "submitted_at": moment(c.created_at),
            }
            for c in candidacies
        ],
        "steering_group": [
            {"seat": m.seat.kind.name, "from": moment(m.started_at), "until": moment(m.ended_at)}
            for m in memberships
        ],
        "applications": [
            {
                "call": a.call.title,
                "organization": a.organization.name,
                "country": a.country.name,
                "motivation": a.motivation,
                "status": a.status.name,
                "submitted_at": moment(a.created_at),
            }
            for a in applications
        ],
        "contact_of_partnerships": [p.title for p in contact_of],
        "outcomes_recorded": [_outcome(r) for r in outcomes],
        "applications_decided": [
            {"organization": a.organization.name, "status": a.status.name}
            for a in decided_applications
        ],
        "report_versions_written": [
            {
                "partnership": v.part.report.partnership.title,
                "report": v.part.report.kind.name,
                "side": v.part.side.name,
                "version": v.number,
                "text": v.text,
                "written_at": moment(v.created_at),
            }
            for v in report_versions
        ],
        "candidacies_decided": [
            {"seat": c.seat.kind.name, "status": c.status.name} for c in decided_candidacies
        ],
    }


OUTCOME_TEXTS = (
    "actor",
    "change",
    "place",
    "significance",
    "contribution",
    "sources",
    "substantiation",
    "confirmed_by",
)


@personal.eraser
def forget_partnership_people(erasure) -> None:
    user_id = erasure.user.id
    now = utcnow()
    for candidacy in db.session.scalars(select(Candidacy).where(Candidacy.user_id == user_id)):
        candidacy.motivation = ""
        if candidacy.status is CandidacyStatus.submitted:
            candidacy.status = CandidacyStatus.withdrawn
    for member in db.session.scalars(
        select(SteeringGroupMember).where(
            SteeringGroupMember.user_id == user_id, SteeringGroupMember.ended_at.is_(None)
        )
    ):
        member.ended_at = now
    db.session.execute(
        delete(partnership_contacts).where(partnership_contacts.c.user_id == user_id)
    )
    # What stays of their work (the municipality's application, an outcome they recorded)
    # no longer names them.
    for application in db.session.scalars(
        select(PartnershipApplication).where(PartnershipApplication.submitted_by_id == user_id)
    ):
        application.motivation = privacy.scrub(application.motivation, erasure, whole_words=True)
        application.contact_name = privacy.scrub(
            application.contact_name, erasure, whole_words=True
        )
        if application.contact_email == erasure.user.email:
            application.contact_email = ""
    for record in db.session.scalars(
        select(OutcomeRecord).where(OutcomeRecord.recorded_by_id == user_id)
    ):
        for name in OUTCOME_TEXTS:
            setattr(record, name, privacy.scrub(getattr(record, name), erasure, whole_words=True))
    db.session.flush()
    for model, column in CLEARED:
        db.session.execute(
            update(model)
            .where(getattr(model, column) == user_id)
            .values({column: None})
            .execution_options(synchronize_session="fetch")
        )
