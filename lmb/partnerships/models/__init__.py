"""Partnerships with Benin and Rwanda, their calls, the steering group, and outcome records.

One module per aggregate; every model is importable from here (Alembic's env, the other
domains and the tests import lmb.partnerships.models)."""

from lmb.partnerships.models.enums import (
    DEFAULT_BUDGET,
    SDG_NUMBERS,
    ZERO,
    ActivityStatus,
    ApplicationStatus,
    CandidacyStatus,
    Country,
    Money,
    PartnershipTheme,
    SeatKind,
    Side,
)
from lmb.partnerships.models.outcomes import (
    OutcomeRecord,
    OutcomeVisit,
)
from lmb.partnerships.models.partnership import (
    Partnership,
    PartnershipActivity,
    PartnershipApplication,
    PartnershipCall,
    partnership_contacts,
)
from lmb.partnerships.models.reports import (
    PartnershipReport,
    ReportKind,
    ReportPart,
    ReportVersion,
)
from lmb.partnerships.models.steering import (
    Candidacy,
    CandidateCall,
    Seat,
    SteeringGroup,
    SteeringGroupMeeting,
    SteeringGroupMember,
    candidate_call_seats,
)

__all__ = [
    "ActivityStatus",
    "PartnershipReport",
    "ReportKind",
    "ReportPart",
    "ReportVersion",
    "ApplicationStatus",
    "Candidacy",
    "CandidacyStatus",
    "CandidateCall",
    "Country",
    "DEFAULT_BUDGET",
    "Money",
    "OutcomeRecord",
    "OutcomeVisit",
    "Partnership",
    "PartnershipActivity",
    "PartnershipApplication",
    "PartnershipCall",
    "PartnershipTheme",
    "SDG_NUMBERS",
    "Seat",
    "SeatKind",
    "Side",
    "SteeringGroup",
    "SteeringGroupMeeting",
    "SteeringGroupMember",
    "ZERO",
    "candidate_call_seats",
    "partnership_contacts",
]
