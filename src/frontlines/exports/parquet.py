"""Parquet (through pyarrow): the flat record's columns with their types; one row group
per page read from the store.

    strings     ids, names, types, notes (actor1/actor2 empty when unknown)
    date32      event_date
    int32       time_precision, inter1, inter2, interaction, geo_precision, fatalities,
                sources, independent_sources
    float64     latitude, longitude, confidence
    bool        contested
    list<str>   source_articles, source_reports, claimants
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from ..store.query import SourcedEvent
from .records import COLUMNS, ExportTally, fused_record

NAME = "parquet"

_INTS = frozenset(
    {"time_precision", "inter1", "inter2", "interaction", "geo_precision", "fatalities", "sources",
     "independent_sources"}
)
_FLOATS = frozenset({"latitude", "longitude", "confidence"})
_LISTS = frozenset({"source_articles", "source_reports", "claimants"})


def schema() -> Any:
    """The Arrow schema of the export: one field per column of COLUMNS."""
    import pyarrow as pa

    def kind(column: str) -> Any:
        if column == "event_date":
            return pa.date32()
        if column == "contested":
            return pa.bool_()
        if column in _INTS:
            return pa.int32()
        if column in _FLOATS:
            return pa.float64()
        if column in _LISTS:
            return pa.list_(pa.string())
        return pa.string()

    return pa.schema([pa.field(column, kind(column)) for column in COLUMNS])


def write(pages: Iterable[Sequence[SourcedEvent]], out: BinaryIO) -> ExportTally:
    import pyarrow as pa
    import pyarrow.parquet as pq

    layout = schema()
    written = 0
    with pq.ParquetWriter(pa.PythonFile(out, mode="w"), layout, compression="zstd") as writer:
        for page in pages:
            if page:
                writer.write_table(pa.Table.from_pylist([fused_record(item) for item in page], schema=layout))
            written += len(page)
    return ExportTally(format=NAME, events=written)
