"""Peer review's tables: rounds with their rubric, participants and conflicts
(lmb.peer_review.models.rounds); submissions, assignments and reviews
(lmb.peer_review.models.submissions)."""

from lmb.peer_review.models.rounds import (
    Conflict,
    ConflictReason,
    Criterion,
    CriterionKind,
    NameVisibility,
    ReviewRound,
    RoundOrganization,
    RoundPhase,
)
from lmb.peer_review.models.submissions import (
    AssignmentStatus,
    PointResponse,
    Review,
    ReviewAssignment,
    ReviewScore,
    ReviewStatus,
    Submission,
    SubmissionVersion,
)

__all__ = [
    "AssignmentStatus",
    "Conflict",
    "ConflictReason",
    "Criterion",
    "CriterionKind",
    "NameVisibility",
    "PointResponse",
    "Review",
    "ReviewAssignment",
    "ReviewRound",
    "ReviewScore",
    "ReviewStatus",
    "RoundOrganization",
    "RoundPhase",
    "Submission",
    "SubmissionVersion",
]
