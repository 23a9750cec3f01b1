"""Time the peer review allocation for rounds of growing size, with and without conflicts.

    .venv/bin/python bench/allocation.py

Prints, per size: seconds for one allocation, whether it is complete and balanced, the
spread of the load, and how many distinct co-reviewer pairs there are (higher: reviewers
meet more different colleagues at the review meeting).
"""

import random
import time
from itertools import combinations

from lmb.peer_review.allocation import allocate


def run(n: int, k: int, conflict_share: float, seed: int = 1) -> None:
    rng = random.Random(seed)
    orgs = [f"gemeente-{i}" for i in range(n)]
    conflicts = [p for p in combinations(orgs, 2) if rng.random() < conflict_share]
    started = time.perf_counter()
    result = allocate(orgs, orgs, k=k, conflicts=conflicts, seed=seed)
    elapsed = time.perf_counter() - started
    loads = result.load().values()
    pairs = {frozenset(p) for s in orgs for p in combinations(result.reviewers_of(s), 2)}
    print(
        f"{n:>4} organizations  k={k}  conflicts={len(conflicts):>5}  "
        f"{elapsed * 1000:8.1f} ms  complete={result.complete!s:5}  balanced={result.balanced!s:5}  "
        f"load {min(loads)}-{max(loads)}  co-reviewer pairs {len(pairs)}"
    )


if __name__ == "__main__":
    for n in (10, 30, 100, 300):
        for k in (2, 3):
            for share in (0.0, 0.05):
                run(n, k, share)
