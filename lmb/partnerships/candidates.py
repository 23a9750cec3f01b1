"""Candidate outcomes: changes another domain marked as worth harvesting, offered to outcome
harvesting without partnerships importing that domain (lmb.core.contributions).

Each entry answers, for a person, the candidates they may harvest, newest first, under the
name of what it lists. Peer review adds its responses marked as a candidate outcome under
"submission" (from lmb.peer_review.init_app): the outcomes page lists them, and
`/outcomes/new?from_submission=ID` prefills a new outcome from one of them. Such a candidate
offers what the page shows and the form copies: `id`, `organization_id`, `organization`
(its name), `round` (its title and track_id), `response` and `responded_at`.
"""

from __future__ import annotations

from collections.abc import Callable

from lmb.core.contributions import Registry

outcome_candidates: Registry[Callable[[object], list]] = Registry("outcome candidates")


def candidates(kind: str, user) -> list:
    """The candidates of `kind` that `user` may harvest; none when no domain offers them."""
    listed = outcome_candidates.get(kind)
    return listed(user) if listed is not None else []


def candidate(kind: str, user, candidate_id: int):
    """One of them by its id, or None: not a candidate, or not one `user` may harvest."""
    return next((c for c in candidates(kind, user) if c.id == candidate_id), None)
