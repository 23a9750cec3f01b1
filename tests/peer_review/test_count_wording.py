"""Counts in the peer review's words agree with their number (issue 14): "1 van de 4 reviews
is ingediend", "2 van de 4 reviews zijn ingediend"."""

from lmb.peer_review import services
from lmb.peer_review.models import RoundPhase
from lmb.peer_review.phases import Transition
from lmb.peer_review.services.assignments import active_assignments
from tests.peer_review.builders import answers, build_round, submit


def test_the_switch_to_feedback_counts_the_submitted_reviews_in_words_that_agree(ctx):
    built = build_round(phase=RoundPhase.setup)
    round_, coordinator, people = built["round"], built["coordinator"], built["people"]
    while round_.phase is not RoundPhase.assessment:
        if round_.phase is RoundPhase.submission:
            for person in people.values():
                submit(round_, person)
        Transition.next_of(round_).apply(by=coordinator)
    total = len(active_assignments(round_))
    assert total >= 2
    lines = [str(line) for line in Transition.next_of(round_).preview().lines]
    assert f"0 van de {total} reviews zijn ingediend." in lines

    reviewer = people["mol"]
    first = services.assignments_of(round_, reviewer.organization_id)[0]
    services.save_review(first, by=reviewer, answers=answers(round_), summary="", submit=True)
    lines = [str(line) for line in Transition.next_of(round_).preview().lines]
    assert f"1 van de {total} reviews is ingediend." in lines
