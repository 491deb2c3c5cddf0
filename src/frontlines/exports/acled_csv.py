"""ACLED CSV: one row per fused event, ACLED's column names in ACLED's order, then ours.

Cells: dates ISO, lists joined by "; " (as ACLED joins several sources), true/false,
unknown values empty.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from ..store.query import SourcedEvent
from .records import COLUMNS, LIST_SEPARATOR, ExportTally, fused_record
from .text import text_stream

NAME = "acled-csv"


def cell(value: Any) -> str:
    """A record value as a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def write(pages: Iterable[Sequence[SourcedEvent]], out: BinaryIO) -> ExportTally:
    """A header row, then one row per event."""
    written = 0
    with text_stream(out) as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(COLUMNS)
        for page in pages:
            for item in page:
                record = fused_record(item)
                writer.writerow([cell(record[column]) for column in COLUMNS])
            written += len(page)
    return ExportTally(format=NAME, events=written)
