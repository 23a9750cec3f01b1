"""Allocation of reviewer organizations to submissions: a pure function, no database.

Every submission gets `k` reviews from organizations that are not its author and not in a
confirmed conflict with it, and every reviewer's load is the same or one more than the
others' (a flow with lower and upper bounds, solved as two rounds of augmenting paths).
When that is impossible the result says why, and is still the best that can be done.
The order of the inputs is shuffled by `seed`, so one seed always gives the same answer.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

Org = Hashable


@dataclass
class Allocation:
    """`pairs`: (submission's organization, reviewer organization) in a stable order."""

    pairs: list[tuple[Org, Org]]
    complete: bool
    balanced: bool
    # (submission organization or None, message key, details) for the person to read.
    problems: list[tuple[Org | None, str, dict]] = field(default_factory=list)

    def reviewers_of(self, submission: Org) -> list[Org]:
        return [reviewer for author, reviewer in self.pairs if author == submission]

    def load(self) -> dict[Org, int]:
        counts: dict[Org, int] = {}
        for _, reviewer in self.pairs:
            counts[reviewer] = counts.get(reviewer, 0) + 1
        return counts


class _Flow:
    """Unit-capacity bipartite flow: source → submission (k) → reviewer (1) → sink (cap)."""

    def __init__(self, submissions, reviewers, eligible, k):
        self.submissions = submissions
        self.reviewers = reviewers
        self.eligible = eligible  # submission -> ordered list of reviewers
        self.k = k
        self.assigned: dict[Org, set] = {s: set() for s in submissions}  # s -> reviewers
        self.by_reviewer: dict[Org, set] = {r: set() for r in reviewers}  # r -> submissions

    def _augment(self, start: Org, cap: dict[Org, int]) -> bool:
        # Breadth-first search from one submission with spare demand to a reviewer with spare
        # capacity, along eligible unused edges forward and used edges backward.
        parent: dict = {("s", start): None}
        queue = deque([("s", start)])
        while queue:
            node = queue.popleft()
            kind, name = node
            if kind == "s":
                for reviewer in self.eligible[name]:
                    nxt = ("r", reviewer)
                    if nxt in parent or reviewer in self.assigned[name]:
                        continue
                    parent[nxt] = node
                    if len(self.by_reviewer[reviewer]) < cap[reviewer]:
                        self._apply(nxt, parent)
                        return True
                    queue.append(nxt)
            else:
                for submission in sorted(self.by_reviewer[name], key=self._order.get):
                    nxt = ("s", submission)
                    if nxt not in parent:
                        parent[nxt] = node
                        queue.append(nxt)
        return False

    def _apply(self, end, parent) -> None:
        node = end
        while parent[node] is not None:
            previous = parent[node]
            if node[0] == "r":  # forward edge submission -> reviewer: assign
                self.assigned[previous[1]].add(node[1])
                self.by_reviewer[node[1]].add(previous[1])
            else:  # backward edge: the reviewer gives this submission up
                self.assigned[node[1]].discard(previous[1])
                self.by_reviewer[previous[1]].discard(node[1])
            node = previous

    def fill(self, cap: dict[Org, int]) -> None:
        self._order = {s: i for i, s in enumerate(self.submissions)}
        progress = True
        while progress:
            progress = False
            for submission in self.submissions:
                if len(self.assigned[submission]) < self.k and self._augment(submission, cap):
                    progress = True


def allocate(
    submissions: Iterable[Org],
    reviewers: Iterable[Org],
    k: int = 2,
    conflicts: Iterable[tuple[Org, Org]] = (),
    seed: int = 0,
    ring: bool = False,
) -> Allocation:
    """Allocate `k` reviewer organizations to each submitting organization."""
    rng = random.Random(seed)
    submissions = sorted(set(submissions), key=repr)
    reviewers = sorted(set(reviewers), key=repr)
    rng.shuffle(submissions)
    rng.shuffle(reviewers)
    blocked = {frozenset(pair) for pair in conflicts}
    # Each submission looks at the reviewers from its own place in the circle, so that
    # neighbours do not all share the same co-reviewers (a near-circulant start).
    eligible = {
        s: [
            r
            for r in reviewers[i + 1 :] + reviewers[: i + 1]
            if r != s and frozenset((s, r)) not in blocked
        ]
        for i, s in enumerate(submissions)
    }
    if not submissions or k <= 0:
        return Allocation([], complete=True, balanced=True)
    if ring:
        pairs = _ring(submissions, reviewers, k, blocked, rng)
        if pairs is not None:
            return Allocation(pairs, complete=True, balanced=True)
    problems: list = []
    if ring:
        problems.append((None, "ring_impossible", {}))
    flow = _Flow(submissions, reviewers, eligible, k)
    total = k * len(submissions)
    low, extra = divmod(total, len(reviewers)) if reviewers else (0, 0)
    high = low + (1 if extra else 0)
    # Round 1 fills every reviewer up to the lower bound; round 2 up to one more. Augmenting
    # paths never take work away from a reviewer, so the lower bound holds after round 2.
    flow.fill({r: low for r in reviewers})
    balanced_possible = all(len(flow.by_reviewer[r]) == low for r in reviewers)
    flow.fill({r: high for r in reviewers})
    complete = all(len(flow.assigned[s]) == k for s in submissions)
    balanced = balanced_possible and complete
    if not balanced:
        # Balance cannot be had: accept uneven loads, but no more than needed.
        limit = high
        while not complete and limit < len(submissions):
            limit += 1
            flow.fill({r: limit for r in reviewers})
            complete = all(len(flow.assigned[s]) == k for s in submissions)
        if complete:
            problems.append((None, "unbalanced", {"most": max(_loads(flow).values())}))
    for s in submissions:
        got = len(flow.assigned[s])
        if got < k:
            problems.append((s, "too_few_reviewers", {"eligible": len(eligible[s]), "got": got}))
    pairs = [(s, r) for s in submissions for r in reviewers if r in flow.assigned[s]]
    return Allocation(pairs, complete=complete, balanced=balanced, problems=problems)


def _loads(flow: _Flow) -> dict[Org, int]:
    return {r: len(subs) for r, subs in flow.by_reviewer.items()}


def _ring(submissions, reviewers, k, blocked, rng, tries: int = 200):
    """A reciprocal ring A→B→C→A: each organization reviews the next k in a circle.
    Only when every reviewer submitted and vice versa; tries orders until no conflict is hit."""
    if set(submissions) != set(reviewers) or k >= len(submissions):
        return None
    order = list(submissions)
    for _ in range(tries):
        pairs = [
            (order[(i + step) % len(order)], reviewer)
            for i, reviewer in enumerate(order)
            for step in range(1, k + 1)
        ]
        if not any(frozenset(pair) in blocked for pair in pairs):
            return sorted(pairs, key=lambda p: (order.index(p[0]), order.index(p[1])))
        rng.shuffle(order)
    return None
