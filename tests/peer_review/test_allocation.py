"""The allocation of reviewer organizations, checked against a brute-force oracle."""

from itertools import combinations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from lmb.peer_review.allocation import allocate


def _eligible(s, reviewers, conflicts):
    return [r for r in reviewers if r != s and frozenset((s, r)) not in conflicts]


def _oracle(submissions, reviewers, k, conflicts):
    """(a complete allocation exists, a complete and balanced one exists), by enumeration."""
    options = [list(combinations(_eligible(s, reviewers, conflicts), k)) for s in submissions]
    complete = False
    for choice in product(*options):
        complete = True
        load = dict.fromkeys(reviewers, 0)
        for chosen in choice:
            for r in chosen:
                load[r] += 1
        if max(load.values()) - min(load.values()) <= 1:
            return True, True
    return complete, False


def _check_invariants(result, submissions, k, conflicts):
    pairs = result.pairs
    assert len(pairs) == len(set(pairs)), "a pair twice"
    for author, reviewer in pairs:
        assert author != reviewer, "self-review"
        assert frozenset((author, reviewer)) not in conflicts, "conflicted pair"
    for s in submissions:
        assert len(result.reviewers_of(s)) <= k


organizations = st.lists(st.sampled_from("ABCDEFG"), min_size=1, max_size=6, unique=True)


@st.composite
def rounds(draw):
    reviewers = draw(organizations)
    submissions = draw(st.lists(st.sampled_from([*reviewers, "X"]), max_size=6, unique=True))
    everyone = sorted(set(reviewers) | set(submissions))
    pairs = [frozenset(p) for p in combinations(everyone, 2)]
    conflicts = set(draw(st.lists(st.sampled_from(pairs), max_size=4))) if pairs else set()
    k = draw(st.integers(min_value=1, max_value=3))
    seed = draw(st.integers(min_value=0, max_value=2**16))
    return submissions, reviewers, k, conflicts, seed


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_allocation_is_complete_and_balanced_whenever_possible(case):
    submissions, reviewers, k, conflicts, seed = case
    result = allocate(submissions, reviewers, k=k, conflicts=conflicts, seed=seed)
    _check_invariants(result, submissions, k, conflicts)
    can_complete, can_balance = _oracle(submissions, reviewers, k, conflicts)
    assert result.complete == can_complete
    if result.complete:
        assert all(len(result.reviewers_of(s)) == k for s in submissions)
    assert result.balanced == can_balance
    if can_balance:
        loads = [result.load().get(r, 0) for r in reviewers]
        assert max(loads) - min(loads) <= 1
    else:
        assert result.problems, "an impossible round must say why"


@settings(max_examples=100, deadline=None)
@given(rounds(), st.booleans())
def test_same_seed_gives_the_same_allocation(case, ring):
    submissions, reviewers, k, conflicts, seed = case
    first = allocate(submissions, reviewers, k=k, conflicts=conflicts, seed=seed, ring=ring)
    again = allocate(
        list(reversed(submissions)), reviewers, k=k, conflicts=conflicts, seed=seed, ring=ring
    )
    assert first.pairs == again.pairs


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=3, max_value=12), st.integers(1, 3), st.integers(0, 999))
def test_a_ring_gives_everyone_k_reviews_of_their_neighbours(n, k, seed):
    orgs = [f"org{i}" for i in range(n)]
    result = allocate(orgs, orgs, k=k, seed=seed, ring=True)
    if k >= n:
        return
    assert result.complete and result.balanced and not result.problems
    assert all(load == k for load in result.load().values())
    # With k = 1 the ring is one cycle through every organization: A→B→C→A.
    if k == 1:
        reviews = dict((reviewer, author) for author, reviewer in result.pairs)
        seen, current = set(), orgs[0]
        while current not in seen:
            seen.add(current)
            current = reviews[current]
        assert seen == set(orgs)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=8, max_value=40), st.integers(1, 4), st.integers(0, 999))
def test_larger_rounds_without_conflicts_are_always_balanced(n, k, seed):
    orgs = list(range(n))
    result = allocate(orgs, orgs, k=k, seed=seed)
    assert result.complete and result.balanced
    _check_invariants(result, orgs, k, set())
    assert max(result.load().values()) - min(result.load().values()) <= 1


def test_a_submission_with_too_few_eligible_reviewers_is_explained():
    orgs = ["Mol", "Gent", "Aalst"]
    result = allocate(orgs, orgs, k=2, conflicts=[("Mol", "Gent")])
    assert not result.complete
    short = {s for s, key, _ in result.problems if key == "too_few_reviewers"}
    assert short == {"Mol", "Gent"}
