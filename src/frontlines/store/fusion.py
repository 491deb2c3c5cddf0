"""Reports -> fused events, and contradictions, inside the transaction that adds an article.

`fuse_article` runs after the article's rows are written. It loads the stored events that
the article's reports may belong to (same country, dates within the widest fusion window),
lets `frontlines.fusion` decide, and writes the result: new events, events that gain a
report (their fields recomputed from every report, with `support` saying which reports
give which value), and `event_sources`. Then it links the claims and figures that disagree
(`frontlines.contradictions`) and flags their events contested. Everything is read and
written in id order, so the same articles in the same order give the same store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..contradictions import (
    ClaimRef,
    Contradiction,
    FigureRef,
    claim_contradictions,
    claimant_key,
    figure_contradictions,
)
from ..fusion import FusedEvent, Report, field_support, fuse, rules
from ..outputs import ASSOC_SEPARATOR
from . import schema
from .rows import Row, evidence_id, evidence_key

# fields whose disagreement makes an event contested (places and actor names may differ
# by spelling or detail without the reports disagreeing)
_CONTESTED_FIELDS = ("sub_event_type", "fatalities")


def fuse_article(conn: Connection, article: Row, reports: Sequence[Row], claims: Sequence[Row],
                 figures: Sequence[Row]) -> None:
    """Fuse one newly stored article's reports into the events, then link contradictions."""
    source = article["publisher"] or article["id"]
    new = [report(row, source) for row in reports]
    stored, stored_rows = _candidates(conn, new)
    known = {r["id"]: r for r in (*reports, *stored_rows)}
    before = {event.id for event in stored}
    new_ids = {r.id for r in new}
    touched: list[FusedEvent] = []
    for event in fuse(new, events=stored):
        added = [r for r in event.reports if r.id in new_ids]
        if not added:
            continue
        touched.append(event)
        row = event_row(event, known)
        if event.id in before:
            conn.execute(schema.events.update().where(schema.events.c.id == event.id).values(row))
        else:
            conn.execute(schema.events.insert(), [row])
        conn.execute(
            schema.event_sources.insert(),
            [
                {
                    "event_id": event.id,
                    "report_id": r.id,
                    "article_id": r.article_id,
                    "evidence_key": evidence_key(evidence_id(r.article_id, known[r.id]["evidence_sentence"])),
                }
                for r in added
            ],
        )
    _link_contradictions(conn, article["id"], claims, figures, touched)


def report(row: Mapping[str, Any], source: str) -> Report:
    """A stored report as fusion compares it."""
    assoc = [a for key in ("assoc_actor_1", "assoc_actor_2") for a in (row[key] or "").split(ASSOC_SEPARATOR) if a]
    return Report(
        id=row["id"],
        article_id=row["article_id"],
        source=source,
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        date=row["event_date"],
        time_precision=row["time_precision"] or 0,
        country=row["country"],
        admin1=row["admin1"] or "",
        location=row["place_name"] or row["place_text"] or "",
        latitude=row["latitude"],
        longitude=row["longitude"],
        geo_precision=row["geo_precision"] or 0,
        actor1=row["actor1"] or "",
        actor2=row["actor2"] or "",
        actors=frozenset(a for a in (row["actor1"], row["actor2"], *assoc) if a),
        fatalities=row["fatalities"],
        text=row["evidence_text"],
    )


def _candidates(conn: Connection, new: Sequence[Report]) -> tuple[list[FusedEvent], list[Row]]:
    """Stored events the new reports may join, with their reports (as rows too)."""
    dates = [r.date for r in new if r.date is not None]
    countries = sorted({r.country for r in new if r.country})
    if not dates or not countries:
        return [], []
    reach = dt.timedelta(days=max(rules().date_window_days.values()))
    events, sources, reports, articles = schema.events, schema.event_sources, schema.reports, schema.articles
    ids = sa.select(events.c.id).where(
        events.c.country.in_(countries), events.c.event_date.between(min(dates) - reach, max(dates) + reach)
    )
    query = (
        sa.select(sources.c.event_id, articles.c.publisher, reports)
        .join(reports, reports.c.id == sources.c.report_id)
        .join(articles, articles.c.id == reports.c.article_id)
        .where(sources.c.event_id.in_(ids))
        .order_by(sources.c.event_id, reports.c.article_id, reports.c.n)
    )
    members: dict[str, list[Report]] = {}
    rows: list[Row] = []
    for found in conn.execute(query).mappings():
        row = dict(found)
        event_id, publisher = row.pop("event_id"), row.pop("publisher")
        rows.append(row)
        members.setdefault(event_id, []).append(report(row, publisher or row["article_id"]))
    return [FusedEvent(id=event_id, reports=tuple(found)) for event_id, found in members.items()], rows


def event_row(event: FusedEvent, rows: Mapping[str, Row]) -> Row:
    """The `events` row of a fused event: each field the value most of its reports give
    (ties: the fewer fatalities, else the first told), where it came from in `support`."""
    support = field_support(event)

    def chosen(name: str) -> list[str]:
        values = support[name]
        if not values:
            return [event.reports[0].id]
        top = len(values[0].reports)
        tied = [v for v in values if len(v.reports) == top]
        if name == "fatalities":
            tied.sort(key=lambda v: v.value if isinstance(v.value, int) else 0)
        return list(tied[0].reports)

    lead = rows[chosen("sub_event_type")[0]]
    place = min((rows[i] for i in chosen("location")), key=lambda r: r["geo_precision"] or 9)
    dated = rows[chosen("event_date")[0]]
    first = rows[chosen("actor1")[0]]
    second = rows[chosen("actor2")[0]]
    toll = rows[chosen("fatalities")[0]]
    confidence = max(rows[r.id]["confidence"] for r in event.reports) + 0.05 * (event.sources - 1)
    return {
        "id": event.id,
        "event_date": dated["event_date"],
        "time_precision": dated["time_precision"],
        "event_type": lead["event_type"],
        "sub_event_type": lead["sub_event_type"],
        "plover_event": lead["plover_event"],
        "plover_mode": lead["plover_mode"],
        "cameo_root": lead["cameo_root"],
        "actor1": first["actor1"],
        "assoc_actor_1": first["assoc_actor_1"],
        "inter1": first["inter1"],
        "actor2": second["actor2"],
        "assoc_actor_2": second["assoc_actor_2"],
        "inter2": second["inter2"],
        "interaction": lead["interaction"],
        "country": place["country"] or lead["country"],
        "admin1": place["admin1"] or None,
        "admin2": place["admin2"] or None,
        "location": (place["place_name"] or place["place_text"]) if place["place_text"] is not None else None,
        "latitude": place["latitude"],
        "longitude": place["longitude"],
        "geo_precision": place["geo_precision"] or None,
        "place_id": place["place_id"],
        "fatalities": toll["fatalities"],
        "fatalities_flag": toll["fatalities_flag"],
        "notes": lead["evidence_text"],
        "claimed_by": lead["claimed_by_text"],
        "confidence": round(min(confidence, 0.99), 2),
        "sources": len(event.articles),
        "independent_sources": event.sources,
        "contested": any(len(support[name]) > 1 for name in _CONTESTED_FIELDS),
        "support": {
            name: [{"value": _plain(v.value), "reports": list(v.reports)} for v in values]
            for name, values in support.items()
        },
    }


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


# --- contradictions ---------------------------------------------------------------------


def _link_contradictions(conn: Connection, article_id: str, claims: Sequence[Row], figures: Sequence[Row],
                         touched: Sequence[FusedEvent]) -> None:
    """Claims and figures of the new article against those about the same events (and, for
    claims, the same sentence); links written a < b, and the events involved contested."""
    if not claims and not figures:
        return
    # the sentences that tell each touched event, in every article that tells it
    told: dict[tuple[str, int], set[str]] = {}
    for event in touched:
        for key in _sentences(conn, [r.id for r in event.reports]):
            told.setdefault(key, set()).add(event.id)
    others = _rows_in_sentences(conn, schema.claims, told, exclude=article_id)
    claim_refs = [_claim_ref(row, told) for row in (*claims, *others)]
    found = [c for c in claim_contradictions(claim_refs) if article_id in (_article(c.a), _article(c.b))]
    report_events = {r.id: e.id for e in touched for r in e.reports}
    other_figures = _figures_of_reports(conn, list(report_events), exclude=article_id)
    # a vague count ("hundreds") or a running total ("since 2011") is no toll to hold against another
    counts = [row for row in (*figures, *other_figures) if not row["vague"] and not row["period"]]
    figure_refs = [_figure_ref(row, report_events, told) for row in counts]
    found += [c for c in figure_contradictions(figure_refs) if article_id in (_article(c.a), _article(c.b))]
    if not found:
        return
    conn.execute(
        schema.contradictions.insert(),
        [{"a_id": min(c.a, c.b), "b_id": max(c.a, c.b), "kind": c.kind, "reason": c.reason} for c in _unique(found)],
    )
    topics = {ref.id: ref.topics for ref in claim_refs} | {ref.id: ref.topics for ref in figure_refs}
    contested = sorted({t for c in found for t in topics[c.a] & topics[c.b] if not t.startswith("s:")})
    if contested:
        conn.execute(schema.events.update().where(schema.events.c.id.in_(contested)).values(contested=True))


def _unique(found: Iterable[Contradiction]) -> list[Contradiction]:
    seen: dict[tuple[str, str], Contradiction] = {}
    for c in found:
        seen.setdefault((min(c.a, c.b), max(c.a, c.b)), c)
    return [seen[key] for key in sorted(seen)]


def _article(record_id: str) -> str:
    return record_id.rsplit(":", 1)[0]


def _sentences(conn: Connection, report_ids: Sequence[str]) -> list[tuple[str, int]]:
    reports = schema.reports
    query = sa.select(reports.c.article_id, reports.c.evidence_sentence).where(reports.c.id.in_(report_ids))
    return [(a, s) for a, s in conn.execute(query)]


def _rows_in_sentences(conn: Connection, table: sa.Table, told: Mapping[tuple[str, int], set[str]],
                       *, exclude: str) -> list[Row]:
    """Rows of other articles whose evidence sentence tells one of the events."""
    wanted = [(a, s) for a, s in told if a != exclude]
    if not wanted:
        return []
    query = (
        sa.select(table)
        .where(sa.tuple_(table.c.article_id, table.c.evidence_sentence).in_(wanted))
        .order_by(table.c.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def _figures_of_reports(conn: Connection, report_ids: Sequence[str], *, exclude: str) -> list[Row]:
    figures = schema.figures
    query = (
        sa.select(figures)
        .where(figures.c.report_id.in_(report_ids), figures.c.article_id != exclude)
        .order_by(figures.c.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def _claim_ref(row: Mapping[str, Any], told: Mapping[tuple[str, int], set[str]]) -> ClaimRef:
    where = (row["article_id"], row["evidence_sentence"])
    return ClaimRef(
        id=row["id"],
        claimant=claimant_key(row["speaker"]),
        content=row["content"],
        topics=frozenset({f"s:{where[0]}:{where[1]}", *told.get(where, ())}),
    )


def _figure_ref(row: Mapping[str, Any], report_events: Mapping[str, str],
                told: Mapping[tuple[str, int], set[str]]) -> FigureRef:
    where = (row["article_id"], row["evidence_sentence"])
    event = report_events.get(row["report_id"] or "")
    return FigureRef(
        id=row["id"],
        claimant=claimant_key(row["claimed_by_text"]),
        kind=row["kind"],
        best=row["best"],
        low=row["low"],
        high=row["high"],
        topics=frozenset({f"s:{where[0]}:{where[1]}", *([event] if event else told.get(where, ()))}),
    )
