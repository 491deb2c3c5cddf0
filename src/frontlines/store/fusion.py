"""Reports -> events. For now every report is an event of its own.

`one_event_per_report` is the single place where the store turns the reports of a newly
added article into fused events; real fusion (the same event told by many articles becomes
one event with every source) replaces it. It runs inside the transaction that adds the
article, after the article's reports are written, so an article is never stored without
its events.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Connection

from . import schema
from .rows import Row


def event_row(report: Row) -> Row:
    """The `events` row of an event told by one report alone (its id is the report's)."""
    return {
        "id": report["id"],
        "event_date": report["event_date"],
        "time_precision": report["time_precision"],
        "event_type": report["event_type"],
        "sub_event_type": report["sub_event_type"],
        "plover_event": report["plover_event"],
        "plover_mode": report["plover_mode"],
        "cameo_root": report["cameo_root"],
        "actor1": report["actor1"],
        "assoc_actor_1": report["assoc_actor_1"],
        "inter1": report["inter1"],
        "actor2": report["actor2"],
        "assoc_actor_2": report["assoc_actor_2"],
        "inter2": report["inter2"],
        "interaction": report["interaction"],
        "country": report["country"],
        "admin1": report["admin1"] or None,
        "admin2": report["admin2"] or None,
        "location": (report["place_name"] or report["place_text"]) if report["place_text"] is not None else None,
        "latitude": report["latitude"],
        "longitude": report["longitude"],
        "geo_precision": report["geo_precision"] or None,
        "place_id": report["place_id"],
        "fatalities": report["fatalities"],
        "fatalities_flag": report["fatalities_flag"],
        "notes": report["evidence_text"],
        "claimed_by": report["claimed_by_text"],
        "confidence": report["confidence"],
        "sources": 1,
        "contested": False,
    }


def one_event_per_report(conn: Connection, reports: Sequence[Row]) -> None:
    """Stand-in for fusion: each new report becomes an event with itself as its one source."""
    if not reports:
        return
    conn.execute(schema.events.insert(), [event_row(report) for report in reports])
    conn.execute(
        schema.event_sources.insert(),
        [{"event_id": r["id"], "report_id": r["id"], "article_id": r["article_id"]} for r in reports],
    )
