"""Exports of the fused events: ACLED CSV, PLOVER JSON Lines, GeoJSON, Parquet.

    export(store, "acled-csv", out, filters=parse_filter(country="Syria"))  # -> ExportTally

Each format is an `Exporter` registered by name in `EXPORTERS` (the CLI's `frontlines
export --format` and the API's `GET /export/{format}` look them up there): a function that
writes pages of events to a binary stream, with its media type and file suffix. The events
come from `store.event_pages` (the store's one event query, `frontlines.store.query`),
streamed a page at a time, so an export's memory does not grow with the store.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import Errors, QueryError
from ..store import Store
from ..store.query import PAGE_SIZE, EventFilter, SourcedEvent
from . import acled_csv, geojson, parquet, plover_jsonl
from .records import COLUMNS, ExportTally, event_json, fused_record

Write = Callable[[Iterable[Sequence[SourcedEvent]], BinaryIO], ExportTally]


@dataclass(frozen=True)
class Exporter:
    """One export format: `write(pages, out)` and what an HTTP answer or a file needs."""

    name: str
    write: Write
    media_type: str
    suffix: str
    binary: bool = False


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter(acled_csv.NAME, acled_csv.write, "text/csv; charset=utf-8", ".csv"),
        Exporter(plover_jsonl.NAME, plover_jsonl.write, "application/x-ndjson", ".jsonl"),
        Exporter(geojson.NAME, geojson.write, "application/geo+json", ".geojson"),
        Exporter(parquet.NAME, parquet.write, "application/vnd.apache.parquet", ".parquet", binary=True),
    )
}
"""Export formats by name; a new format is one entry."""


def exporter(format: str) -> Exporter:
    """The exporter called `format`, or QueryError (E201)."""
    found = EXPORTERS.get(format)
    if found is None:
        raise QueryError(Errors.E201.format(value=format, choices=", ".join(EXPORTERS)))
    return found


def export(
    store: Store,
    format: str,
    out: BinaryIO,
    *,
    filters: EventFilter = EventFilter(),
    sort: str = "date",
    page_size: int = PAGE_SIZE,
) -> ExportTally:
    """Write the fused events that match `filters`, in `sort` order, to the binary stream
    `out` in the named format. Raises QueryError for an unknown format or sort."""
    chosen = exporter(format)
    pages = store.event_pages(filters, sort=sort, size=page_size)
    with contextlib.closing(pages):  # ends the read transaction even when a write fails
        return chosen.write(pages, out)


__all__ = [
    "COLUMNS",
    "EXPORTERS",
    "ExportTally",
    "Exporter",
    "event_json",
    "export",
    "exporter",
    "fused_record",
]
