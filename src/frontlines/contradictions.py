"""Claims and figures that disagree about the same event or place, linked, never resolved.

Two claims contradict when they concern the same topic (the same fused event, or the same
place on the same day), come from different claimants, and take opposed stances on the
ground fought over (`data/lexicons/stances.v1.jsonl`: "the rebels were fleeing" against
"they established a new frontline"). Two figures contradict when they count the same kind
of people for the same topic, come from different claimants, and their ranges do not
overlap ("12 killed" against "15 killed"; "more than 8,000" against "5,000").
Both sides are kept with their claimants; nothing is overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations

from pydantic import BaseModel, ConfigDict

from .knowledge import load_rows

STANCES_NAME = "lexicons/stances.v1.jsonl"


class StanceRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stance: str
    opposes: list[str]
    phrases: list[str]


@cache
def stance_rows() -> tuple[StanceRow, ...]:
    return tuple(load_rows(STANCES_NAME, StanceRow))


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out: list[tuple[str, re.Pattern[str]]] = []
    for row in stance_rows():
        phrases = "|".join(map(re.escape, sorted(row.phrases, key=len, reverse=True)))
        out.append((row.stance, re.compile(rf"\b(?:{phrases})\b", re.IGNORECASE)))
    return tuple(out)


def stances(text: str) -> frozenset[str]:
    """The stances a claim's words take ("fleeing in a state of panic": {"lost"})."""
    return frozenset(stance for stance, pattern in _patterns() if pattern.search(text))


def _opposed(a: frozenset[str], b: frozenset[str]) -> tuple[str, str] | None:
    opposes = {row.stance: set(row.opposes) for row in stance_rows()}
    return next(((x, y) for x in sorted(a) for y in sorted(b) if y in opposes.get(x, set())), None)


@dataclass(frozen=True)
class ClaimRef:
    """A stored claim as contradiction finding needs it."""

    id: str
    claimant: str
    content: str
    topics: frozenset[str]  # fused event ids, or "place|date" keys, the claim is about


@dataclass(frozen=True)
class FigureRef:
    id: str
    claimant: str
    kind: str
    best: int
    low: int | None
    high: int | None
    topics: frozenset[str]

    @property
    def bounds(self) -> tuple[float, float]:
        return figure_bounds(self.best, self.low, self.high)


def figure_bounds(best: int, low: int | None, high: int | None) -> tuple[float, float]:
    """The range a figure allows: "12" [12, 12], "more than 8,000" [8000, inf), "up to 15" [0, 15]."""
    return (
        float(low if low is not None else (0 if high is not None else best)),
        float(high if high is not None else (float("inf") if low is not None else best)),
    )


def ranges_meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def claimant_key(text: str) -> str:
    """A claimant's name as compared: lower case, without a leading article ("the
    Observatory" = "Observatory")."""
    words = text.lower().split()
    return " ".join(words[1:] if words and words[0] in ("the", "a", "an") else words)


@dataclass(frozen=True)
class Contradiction:
    """Two records that disagree, and why."""

    a: str
    b: str
    kind: str  # "claim" or "figure"
    reason: str


def claim_contradictions(claims: Iterable[ClaimRef]) -> list[Contradiction]:
    """Pairs of claims, from different claimants about a shared topic, with opposed stances."""
    found: list[Contradiction] = []
    read = [(c, stances(c.content)) for c in claims]
    for (a, sa), (b, sb) in combinations([(c, s) for c, s in read if s], 2):
        if a.claimant == b.claimant or not (a.topics & b.topics):
            continue
        pair = _opposed(sa, sb)
        if pair is not None:
            found.append(Contradiction(a.id, b.id, "claim", f"{a.claimant}: {pair[0]}; {b.claimant}: {pair[1]}"))
    return found


def figure_contradictions(figures: Sequence[FigureRef]) -> list[Contradiction]:
    """Pairs of figures of one kind, from different claimants about a shared topic, whose
    ranges do not overlap."""
    found: list[Contradiction] = []
    for a, b in combinations(figures, 2):
        if a.kind != b.kind or a.claimant == b.claimant or not (a.topics & b.topics):
            continue
        if not ranges_meet(a.bounds, b.bounds):
            found.append(
                Contradiction(a.id, b.id, "figure", f"{a.kind}: {a.claimant} says {a.best:,}, {b.claimant} says {b.best:,}")
            )
    return found
