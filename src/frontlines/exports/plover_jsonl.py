"""PLOVER JSON Lines: one event a line in PLOVER's terms, with our provenance.

    {"id", "date", "time_precision", "event_type" (PLOVER's 16), "mode", "context",
     "quad_code", "cameo_root",
     "actor" / "recipient": {"name", "country", "sector", "inter", "associated"} or null,
     "location": {"name", "admin1", "admin2", "country", "iso3", "lat", "lon",
                  "geo_precision", "place_id"},
     "fatalities", "fatalities_flag", "confidence", "contested",
     "acled": {"event_type", "sub_event_type", "interaction"},
     "provenance": {"sources", "independent_sources", "articles", "reports", "claimants",
                    "notes", "support"}}

`context` stays empty: the store keeps no PLOVER context yet. `quad_code` is the CAMEO
quad class of `cameo_root` (1 verbal cooperation, 2 material cooperation, 3 verbal
conflict, 4 material conflict).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from ..store.query import SourcedEvent
from .records import LIST_SEPARATOR, ExportTally, Record, fused_record, json_default, source_record, support
from .text import text_stream

NAME = "plover-jsonl"

_QUADS = ((1, 5, 1), (6, 8, 2), (9, 13, 3), (14, 20, 4))
"""CAMEO root codes (first, last) -> quad class."""


def quad_code(cameo_root: str) -> int | None:
    """The CAMEO quad class of a root code ("19" -> 4), None when there is no code."""
    if not cameo_root.isdigit():
        return None
    root = int(cameo_root)
    return next((quad for first, last, quad in _QUADS if first <= root <= last), None)


def _actor(item: SourcedEvent, name: str, associated: str) -> Record | None:
    if not name:
        return None
    known = item.actor(name)
    return {
        "name": name,
        "country": (known.country or None) if known else None,
        "sector": (known.sector or None) if known else None,
        "inter": known.inter if known else None,
        "associated": [a for a in associated.split(LIST_SEPARATOR) if a],
    }


def plover_record(item: SourcedEvent) -> Record:
    """One fused event as a PLOVER record with provenance."""
    event = item.event
    flat = fused_record(item)
    return {
        "id": event.id,
        "date": flat["event_date"],
        "time_precision": event.time_precision,
        "event_type": event.plover_event,
        "mode": event.plover_mode or None,
        "context": [],
        "quad_code": quad_code(event.cameo_root),
        "cameo_root": event.cameo_root or None,
        "actor": _actor(item, flat["actor1"], event.assoc_actor_1),
        "recipient": _actor(item, flat["actor2"], event.assoc_actor_2),
        "location": {
            "name": flat["location"] or None,
            "admin1": event.admin1,
            "admin2": event.admin2,
            "country": flat["country"] or None,
            "iso3": event.country or None,
            "lat": event.latitude,
            "lon": event.longitude,
            "geo_precision": event.geo_precision,
            "place_id": event.place_id,
        },
        "fatalities": event.fatalities,
        "fatalities_flag": event.fatalities_flag or None,
        "confidence": event.confidence,
        "contested": event.contested,
        "acled": {
            "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "interaction": event.interaction,
        },
        "provenance": {
            "sources": event.sources,
            "independent_sources": flat["independent_sources"],
            "articles": flat["source_articles"],
            "reports": [source_record(source) for source in item.sources],
            "claimants": flat["claimants"],
            "notes": event.notes,
            "support": support(event),
        },
    }


def write(pages: Iterable[Sequence[SourcedEvent]], out: BinaryIO) -> ExportTally:
    """One JSON object a line."""
    written = 0
    with text_stream(out) as text:
        for page in pages:
            for item in page:
                text.write(json.dumps(plover_record(item), ensure_ascii=False, default=json_default) + "\n")
            written += len(page)
    return ExportTally(format=NAME, events=written)
