"""A fused event as a record: ACLED's columns (`outputs.ACLED_COLUMNS`, in ACLED's order)
and ours, with typed values that each export writes its own way.

    fused_record(item)   the flat record every tabular export writes (COLUMNS, in order)
    event_json(item)     the same plus each report's provenance and the field support: the
                         record of `frontlines events --format json` (and of the API)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..mentions.actors import country_name
from ..outputs import ACLED_COLUMNS
from ..store.query import EventSource, SourcedEvent
from ..store.records import StoredEvent
from ..store.track import TrackRecord

Record = dict[str, Any]

FUSED_COLUMNS: tuple[str, ...] = (
    "admin2",
    "plover_event",
    "plover_mode",
    "cameo_root",
    "confidence",
    "claimed_by",
    "fatalities_flag",
    "sources",
    "independent_sources",
    "contested",
    "source_articles",
    "source_reports",
    "claimants",
)
"""What the fused record adds to ACLED's columns: the province's district, PLOVER and CAMEO
codes, the rule-of-thumb confidence, the claimant of the leading report, why `fatalities`
is not a counted figure, how many articles (`sources`) and outlets (`independent_sources`,
empty when the store does not count them) told the event, whether they disagree, and the
ids of the articles and reports with every claimant."""

COLUMNS: tuple[str, ...] = ACLED_COLUMNS + FUSED_COLUMNS
"""The columns of the tabular exports (ACLED CSV, Parquet) and the GeoJSON properties."""

LIST_COLUMNS = frozenset({"source_articles", "source_reports", "claimants"})
"""Columns that hold a list (joined by `LIST_SEPARATOR` in CSV)."""

LIST_SEPARATOR = "; "
"""How ACLED joins several values in one cell (several sources, associated actors)."""


@dataclass(frozen=True)
class ExportTally:
    """What an export wrote: `events` records; `left_out` events the format cannot hold,
    and why (`reason`, e.g. GeoJSON: events without a point)."""

    format: str
    events: int
    left_out: int = 0
    reason: str = ""


def independent_sources(event: StoredEvent) -> int | None:
    """How many independent outlets told the event, when the store counts them."""
    value = getattr(event, "independent_sources", None)
    return int(value) if value is not None else None


def support(event: StoredEvent) -> Any:
    """For each field, the values the reports give and which reports give each, when the
    store keeps it (None otherwise)."""
    return getattr(event, "support", None)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def fused_record(item: SourcedEvent) -> Record:
    """The event as one flat record over COLUMNS. Dates are `datetime.date`, lists are
    lists, unknown values None; `source` joins the publishers the way ACLED joins sources."""
    event = item.event
    sources = item.sources
    return {
        "event_id": event.id,
        "event_date": event.event_date,
        "time_precision": event.time_precision,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1 or "",
        "assoc_actor_1": event.assoc_actor_1,
        "inter1": event.inter1,
        "actor2": event.actor2 or "",
        "assoc_actor_2": event.assoc_actor_2,
        "inter2": event.inter2,
        "interaction": event.interaction,
        "country": country_name(event.country) or event.country,
        "iso3": event.country,
        "admin1": event.admin1,
        "location": event.location or "",
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "fatalities": event.fatalities,
        "notes": event.notes,
        "source": LIST_SEPARATOR.join(_unique([s.publisher for s in sources])),
        "admin2": event.admin2,
        "plover_event": event.plover_event,
        "plover_mode": event.plover_mode,
        "cameo_root": event.cameo_root,
        "confidence": event.confidence,
        "claimed_by": event.claimed_by,
        "fatalities_flag": event.fatalities_flag,
        "sources": event.sources,
        "independent_sources": independent_sources(event),
        "contested": event.contested,
        "source_articles": list(event.articles) or _unique([s.article_id for s in sources]),
        "source_reports": list(event.reports) or [s.report_id for s in sources],
        "claimants": _unique([s.claimed_by for s in sources]),
    }


def source_record(source: EventSource, records: Mapping[str, TrackRecord] | None = None) -> Record:
    """One report of an event: where it was told and who claimed it (with the claimant's
    track record when `records` has it)."""
    claimed_by: Record = {"text": source.claimed_by, "kind": source.claimed_by_kind}
    found = (records or {}).get(source.claimed_by)
    if found is not None:
        claimed_by["record"] = found.brief()
    return {
        "report_id": source.report_id,
        "article_id": source.article_id,
        "publisher": source.publisher,
        "published": source.published,
        "url": source.url or None,
        "claimed_by": claimed_by,
    }


def event_json(item: SourcedEvent, records: Mapping[str, TrackRecord] | None = None) -> Record:
    """The flat record plus `reports` (each report's provenance, its claimant's track record
    when `records` maps the claimant's name to it) and, when the store keeps it, `support`
    (for each field, the values the reports give and which reports give each)."""
    record = fused_record(item)
    record["reports"] = [source_record(source, records) for source in item.sources]
    found = support(item.event)
    if found is not None:
        record["support"] = found
    return record


def json_default(value: object) -> object:
    """`json.dumps(default=...)` for what records hold besides JSON's types (dates)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
