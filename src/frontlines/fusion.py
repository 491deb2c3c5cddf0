"""Reports of one real-world event from many articles -> one fused event with every source.

A *report* is one event as one article told it. A report joins the fused event it scores
best against when the score reaches the threshold of `data/ontology/fusion.v1.json`, else it
starts a new event. Gates come first (country, date window, distance, compatible types, and
never two reports of one article: an article that tells two events means two); the score
then weighs sub-type, distance, shared actors and how alike the evidence sentences read
(wordllama's static embeddings, shipped inside its package). Reports are taken in the order
given, so the same reports in the same order always fuse the same way.

A fused event keeps every report. `field_support` says, for each field, which values the
reports give and which reports give each; fields where reports disagree are contested, and
nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from .gazetteer import distance_km
from .knowledge import load_model
from .types import Extraction

RULES_NAME = "ontology/fusion.v1.json"


class _TypePair(BaseModel):
    a: str
    b: str
    weight: float


class FusionRules(BaseModel):
    """The gates and weights of `data/ontology/fusion.v1.json` (its `_comment` explains each)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    comment: str = Field(default="", alias="_comment")
    threshold: float
    date_window_days: dict[int, int]
    distance_km: dict[int, float]
    compatible_types: list[_TypePair]
    same_sub_type: float
    same_type: float
    place: float
    unlocated: float
    actors: float
    actor_conflict: float
    text: float
    same_day: float

    def type_weight(self, a: Report, b: Report) -> float | None:
        """The score of two reports' types, None when they cannot be one event."""
        if a.event_type == b.event_type:
            return self.same_sub_type if a.sub_event_type == b.sub_event_type else self.same_type
        pair = {a.event_type, b.event_type}
        return next((p.weight for p in self.compatible_types if {p.a, p.b} == pair), None)


@cache
def rules() -> FusionRules:
    return load_model(RULES_NAME, FusionRules)


@dataclass(frozen=True)
class Report:
    """One event as one article told it: what fusion compares."""

    id: str
    article_id: str
    source: str  # the outlet (publisher), else the article: independent sources are counted by it
    event_type: str
    sub_event_type: str
    date: dt.date | None = None
    time_precision: int = 0
    country: str = ""
    admin1: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 0
    actor1: str = ""
    actor2: str = ""
    actors: frozenset[str] = frozenset()  # every named actor, both sides and associates
    fatalities: int = 0
    text: str = ""  # the evidence sentence

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


@dataclass(frozen=True)
class FusedEvent:
    """One real-world event and every report of it, in the order they arrived."""

    id: str
    reports: tuple[Report, ...] = field(default_factory=tuple)

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.article_id for r in self.reports))

    @property
    def sources(self) -> int:
        """Independent sources: distinct outlets (an outlet's two articles count once)."""
        return len({r.source or r.article_id for r in self.reports})


def reports_of(extraction: Extraction) -> list[Report]:
    """The reports of one article's events; ids are "<content hash>:<n>", as the store's."""
    article = extraction.article
    out: list[Report] = []
    for n, event in enumerate(extraction.events):
        place = event.place
        named = (event.actor1, event.actor2, *event.assoc_actor_1, *event.assoc_actor_2)
        out.append(
            Report(
                id=f"{article.content_hash}:{n}",
                article_id=article.content_hash,
                source=article.publisher,
                event_type=event.event_type,
                sub_event_type=event.sub_event_type,
                date=event.date.date if event.date else None,
                time_precision=event.date.precision if event.date else 0,
                country=event.country,
                admin1=place.admin1 if place else "",
                location=(place.name or place.text) if place else "",
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
                geo_precision=place.geo_precision if place else 0,
                actor1=event.actor1.canonical if event.actor1 else "",
                actor2=event.actor2.canonical if event.actor2 else "",
                actors=frozenset(a.canonical for a in named if a is not None and a.canonical),
                fatalities=event.fatalities,
                text=event.evidence.text,
            )
        )
    return out


Similarity = Callable[[str, str], float]


def pair_score(a: Report, b: Report, *, similarity: Similarity, fusion: FusionRules) -> float | None:
    """How strongly two reports of different articles read as one event; None when a gate fails."""
    if a.country and b.country and a.country != b.country:
        return None
    score = fusion.type_weight(a, b)
    if score is None:
        return None
    if a.date is not None and b.date is not None:
        window = fusion.date_window_days.get(max(a.time_precision, b.time_precision, 1), 1)
        if abs((a.date - b.date).days) > window:
            return None
        score += fusion.same_day if a.date == b.date else 0.0
    pa, pb = a.point, b.point
    if pa is not None and pb is not None:
        coarser = max(a.geo_precision, b.geo_precision, 1)
        limit = fusion.distance_km.get(coarser, max(fusion.distance_km.values()))
        km = distance_km(pa, pb)
        if km > limit or (coarser >= 3 and a.admin1 and b.admin1 and a.admin1 != b.admin1):
            return None
        score += fusion.place * (1.0 - km / limit)
    else:
        score += fusion.unlocated
    if a.actors and b.actors:
        score += fusion.actors * len(a.actors & b.actors) / len(a.actors | b.actors)
    if a.actor1 and b.actor1 and a.actor1 != b.actor1 and a.actor1 != b.actor2:
        score -= fusion.actor_conflict
    if a.text and b.text:
        score += fusion.text * similarity(a.text, b.text)
    return score


def event_score(report: Report, event: FusedEvent, *, similarity: Similarity, fusion: FusionRules) -> float | None:
    """The report's best score against the event's reports; None when it may not join: a
    gate fails against any of them (so unlocated or undated reports never chain distant
    events together), or the event already holds a report of its article."""
    if any(r.article_id == report.article_id for r in event.reports):
        return None
    scores = [pair_score(report, r, similarity=similarity, fusion=fusion) for r in event.reports]
    if any(s is None for s in scores):
        return None
    return max(s for s in scores if s is not None)


def fuse(
    reports: Iterable[Report],
    *,
    events: Sequence[FusedEvent] = (),
    similarity: Similarity | None = None,
    fusion: FusionRules | None = None,
) -> list[FusedEvent]:
    """Add reports, in order, to the fused events given (or to none): each joins the event it
    scores best against, at or above the threshold, else starts its own (its id the report's).
    Returns every event, the given ones first, in their order."""
    fusion = fusion or rules()
    similarity = similarity or text_similarity
    out = list(events)
    for report in reports:
        best: tuple[float, int] | None = None
        for i, event in enumerate(out):
            score = event_score(report, event, similarity=similarity, fusion=fusion)
            if score is not None and score >= fusion.threshold and (best is None or score > best[0]):
                best = (score, i)
        if best is None:
            out.append(FusedEvent(id=report.id, reports=(report,)))
        else:
            i = best[1]
            out[i] = replace(out[i], reports=(*out[i].reports, report))
    return out


@dataclass(frozen=True)
class FieldValue:
    """One value a field takes in an event's reports, and the reports that give it."""

    value: object
    reports: tuple[str, ...]


_FIELDS: Mapping[str, Callable[[Report], object]] = {
    "event_date": lambda r: r.date,
    "sub_event_type": lambda r: r.sub_event_type,
    "location": lambda r: r.location,
    "actor1": lambda r: r.actor1,
    "actor2": lambda r: r.actor2,
    "fatalities": lambda r: r.fatalities,
}


def field_support(event: FusedEvent) -> dict[str, list[FieldValue]]:
    """For each field, the values the reports give, most supported first (then first told);
    reports that leave a field empty do not count for it."""
    out: dict[str, list[FieldValue]] = {}
    for name, read in _FIELDS.items():
        by_value: dict[object, list[str]] = {}
        for report in event.reports:
            value = read(report)
            if value is not None and value != "":
                by_value.setdefault(value, []).append(report.id)
        values = [FieldValue(v, tuple(ids)) for v, ids in by_value.items()]
        out[name] = sorted(values, key=lambda fv: -len(fv.reports))
    return out


def contested_fields(event: FusedEvent) -> list[str]:
    """Fields where the event's reports disagree (two values or more)."""
    return [name for name, values in field_support(event).items() if len(values) > 1]


# --- evidence similarity -------------------------------------------------------------

_EMBEDDINGS: dict[str, np.ndarray] = {}
_CACHE_LIMIT = 50_000


@cache
def _model() -> object:
    import wordllama

    # the weights and the tokenizer ship inside the package; pointing the cache there keeps
    # wordllama from trying to download them
    return wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent)


def _vector(text: str) -> np.ndarray:
    found = _EMBEDDINGS.get(text)
    if found is None:
        if len(_EMBEDDINGS) >= _CACHE_LIMIT:
            _EMBEDDINGS.clear()
        found = _EMBEDDINGS[text] = np.asarray(_model().embed([text]))[0]  # type: ignore[attr-defined]
    return found


def text_similarity(a: str, b: str) -> float:
    """Cosine similarity of two sentences' wordllama embeddings, in [0, 1]."""
    va, vb = _vector(a), _vector(b)
    norm = float(np.linalg.norm(va) * np.linalg.norm(vb))
    if norm == 0.0 or math.isnan(norm):
        return 0.0
    return max(0.0, float(np.dot(va, vb)) / norm)
