"""Contradictions between claims and between figures, on cases we wrote ourselves."""

from __future__ import annotations

import pytest

from frontlines.contradictions import ClaimRef, FigureRef, claim_contradictions, figure_contradictions, stances


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("the rebels were fleeing in a state of panic", "lost"),
        ("they had established a new frontline along the river", "held"),
        ("the army has taken full control of the town", "gained"),
        ("our fighters repelled the attack", "held"),
    ],
)
def test_contradictions_stance_of_a_claim(text: str, stance: str) -> None:
    assert stance in stances(text)


def _claim(id: str, claimant: str, content: str, topics: str = "e1") -> ClaimRef:
    return ClaimRef(id, claimant, content, frozenset(topics.split()))


def test_contradictions_fleeing_against_a_new_frontline_is_contested() -> None:
    found = claim_contradictions([
        _claim("c1", "The military official", "the rebels were fleeing in a state of panic"),
        _claim("c2", "a Jabha Shamiya official", "they had established a new frontline along the river"),
    ])
    assert [(c.a, c.b, c.kind) for c in found] == [("c1", "c2", "claim")]


@pytest.mark.parametrize(
    "claims",
    [
        # same claimant: not a contradiction between sources
        [_claim("c1", "army", "rebels fled"), _claim("c2", "army", "rebels still hold the hill")],
        # different events
        [_claim("c1", "army", "rebels fled", "e1"), _claim("c2", "rebels", "we repelled the attack", "e2")],
        # agreeing stances
        [_claim("c1", "army", "the army captured the town"), _claim("c2", "monitor", "rebels withdrew from the town")],
    ],
)
def test_contradictions_not_contested(claims: list[ClaimRef]) -> None:
    assert claim_contradictions(claims) == []


def _figure(id: str, claimant: str, best: int, low: int | None = None, high: int | None = None) -> FigureRef:
    return FigureRef(id, claimant, "killed", best, low, high, frozenset({"e1"}))


@pytest.mark.parametrize(
    ("a", "b", "contested"),
    [
        (_figure("f1", "medics", 12), _figure("f2", "monitor", 15), True),
        (_figure("f1", "medics", 12), _figure("f2", "monitor", 12), False),
        (_figure("f1", "ministry", 8000, low=8000), _figure("f2", "UN", 10000), False),  # "more than 8,000"
        (_figure("f1", "ministry", 8000, low=8000), _figure("f2", "UN", 5000), True),
        (_figure("f1", "medics", 15, high=15), _figure("f2", "monitor", 12), False),  # "up to 15"
        (_figure("f1", "medics", 12), _figure("f2", "medics", 15), False),  # one claimant revising
    ],
)
def test_contradictions_figures_whose_ranges_do_not_meet(a: FigureRef, b: FigureRef, contested: bool) -> None:
    assert bool(figure_contradictions([a, b])) is contested
