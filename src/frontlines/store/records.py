"""What store queries return besides the dataclasses of `frontlines.types`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class StoredEvent:
    """A fused event as the `events` table holds it: ACLED's columns, where the event is,
    how many articles told it (`sources`) and how many outlets (`independent_sources`),
    whether they disagree (`contested`), which reports give each field's value (`support`),
    and which reports and articles those are."""

    id: str
    event_date: dt.date | None
    time_precision: int | None
    event_type: str
    sub_event_type: str
    plover_event: str
    plover_mode: str
    cameo_root: str
    actor1: str | None
    assoc_actor_1: str
    inter1: int | None
    actor2: str | None
    assoc_actor_2: str
    inter2: int | None
    interaction: int
    country: str
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    place_id: str | None
    fatalities: int
    fatalities_flag: str
    notes: str
    claimed_by: str
    confidence: float
    sources: int
    contested: bool
    independent_sources: int = 1
    support: dict[str, list[dict[str, object]]] | None = None  # field -> values with the reports giving each
    reports: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceHit:
    """A sentence found by a text search, and the records that cite it (ids of reports,
    claims, figures and control changes)."""

    id: str
    article_id: str
    sentence: int
    text: str
    records: tuple[str, ...]
