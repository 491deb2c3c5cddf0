"""GeoJSON (RFC 7946): a FeatureCollection of Point features, one per located event, with
the flat record as properties. Events without a point are left out and counted.

Written as it is read: the collection's head, one feature a line, the tail.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from ..store.query import SourcedEvent
from .records import ExportTally, Record, fused_record, json_default
from .text import text_stream

NAME = "geojson"


def feature(item: SourcedEvent) -> Record | None:
    """A Point feature ([longitude, latitude]), or None when the event has no point."""
    event = item.event
    if event.latitude is None or event.longitude is None:
        return None
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
        "properties": fused_record(item),
    }


def write(pages: Iterable[Sequence[SourcedEvent]], out: BinaryIO) -> ExportTally:
    written = left_out = 0
    with text_stream(out) as text:
        text.write('{"type": "FeatureCollection", "features": [')
        for page in pages:
            for item in page:
                found = feature(item)
                if found is None:
                    left_out += 1
                    continue
                text.write(("," if written else "") + "\n" + json.dumps(found, ensure_ascii=False, default=json_default))
                written += 1
        text.write("\n]}\n")
    return ExportTally(format=NAME, events=written, left_out=left_out, reason="events without a point")
