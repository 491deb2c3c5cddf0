"""Daily situation reports, written from the store's data (no invented prose).

`daily_report(store, day=..., area=...)` gathers one day in one area (a country, a
province, a town, or everywhere): the fused events by area and type, the figures as ranges
with their claimants, the claims that contradict each other side by side, the changes of
control with their sources, and the list of sources. `render_markdown` and `render_html`
lay it out in the manner of an OCHA or ACLED situation summary; `to_record()` gives JSON.
Every sentence of the output is a template filled with stored values.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa

from .gazetteer import fold
from .mentions.actors import country_name
from .store import schema
from .store.browse import contradicting_claims
from .store.control import ContestedClaim, Holding, control_of
from .store.query import EventFilter
from .store.records import StoredEvent
from .store.sql import SqlStore
from .store.track import records_by_name

_PAGE = 10_000  # events of one day: more than any day holds


@dataclass(frozen=True)
class FigureLine:
    """One count of people with its claimant: "more than 8,000 displaced (Russian ...)"."""

    kind: str
    best: int
    low: int | None
    high: int | None
    qualifier: str
    claimant: str
    claimant_kind: str
    text: str
    period: str
    event_id: str | None
    article_id: str

    @property
    def words(self) -> str:
        """The count as a reader says it: "more than 8,000", "12-15", "hundreds"."""
        if self.low is not None and self.high is not None and self.low != self.high:
            return f"{self.low:,}-{self.high:,}"
        if self.qualifier:
            return f"{self.qualifier} {self.best:,}"
        return f"{self.best:,}"


@dataclass(frozen=True)
class SourceLine:
    """An article the report rests on."""

    article_id: str
    publisher: str
    title: str
    published: dt.date | None
    url: str


@dataclass(frozen=True)
class DailyReport:
    """One day in one area, from the store."""

    day: dt.date
    area: str | None
    events: tuple[StoredEvent, ...]
    figures: tuple[FigureLine, ...]
    contested: tuple[ContestedClaim, ...]
    control: tuple[Holding, ...]
    sources: tuple[SourceLine, ...]
    claimant_records: Mapping[str, str]  # claimant -> its track record in brief

    def by_area_and_type(self) -> dict[str, dict[str, list[StoredEvent]]]:
        """The events grouped by province (else country), then by event type."""
        grouped: dict[str, dict[str, list[StoredEvent]]] = defaultdict(lambda: defaultdict(list))
        for event in self.events:
            where = ", ".join(p for p in (event.admin1 or "", country_name(event.country) or event.country) if p)
            grouped[where or "place unknown"][event.event_type].append(event)
        return {area: dict(types) for area, types in sorted(grouped.items())}

    def to_record(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "day": self.day.isoformat(),
            "area": self.area,
            "events": [_event_record(e) for e in self.events],
            "figures": [{**asdict(f), "words": f.words} for f in self.figures],
            "contested": [asdict(c) for c in self.contested],
            "control": [{**asdict(h), "since": h.since.isoformat() if h.since else None} for h in self.control],
            "sources": [{**asdict(s), "published": s.published.isoformat() if s.published else None}
                        for s in self.sources],
            "claimant_records": dict(self.claimant_records),
        }


def daily_report(store: SqlStore, *, day: dt.date, area: str | None = None) -> DailyReport:
    """What the store knows of `day` in `area` (a country's name or ISO3 code, a province or
    a place; None: everywhere)."""
    events = [e for e in store.query_events(EventFilter(since=day, until=day), limit=_PAGE) if _in_area(e, area)]
    told = store.event_sources([e.id for e in events])
    articles = sorted({s.article_id for sources in told.values() for s in sources})
    with store.connect() as conn:
        # the day's articles: those that told its events, and those published that day in the area
        published = [
            a for (a,) in conn.execute(sa.select(schema.articles.c.id).where(schema.articles.c.published == day))
        ]
        figures = _figures(conn, sorted(set(articles) | set(published)), events, area)
        places = sorted({e.location for e in events if e.location} | ({area} if area else set()))
        holdings = [
            h for place in places for h in control_of(conn, place, on=day).timeline if h.since == day
        ]
        contested = _contested(conn, sorted(set(articles) | {f.article_id for f in figures}))
        used = sorted(set(articles) | {f.article_id for f in figures} | {h.article_id for h in holdings})
        sources = _sources(conn, used)
    claimants = {f.claimant for f in figures} | {h.claimed_by for h in holdings} | {
        s.claimed_by for sources_ in told.values() for s in sources_
    }
    records = records_by_name(store.track_records())
    return DailyReport(
        day=day,
        area=area,
        events=tuple(events),
        figures=tuple(figures),
        contested=tuple(contested),
        control=tuple(dict.fromkeys(holdings)),
        sources=tuple(sources),
        claimant_records={c: records[c].summary() for c in sorted(claimants) if c in records},
    )


def _in_area(event: StoredEvent, area: str | None) -> bool:
    if not area:
        return True
    wanted = fold(area)
    if area.upper() == event.country or wanted == fold(country_name(event.country) or ""):
        return True
    return wanted in (fold(event.admin1 or ""), fold(event.location or ""))


def _figures(conn: sa.Connection, articles: Sequence[str], events: Sequence[StoredEvent],
             area: str | None) -> list[FigureLine]:
    """Figures of the day's articles: those of its events' reports, and those whose
    sentence names the area (all of them when no area is asked)."""
    if not articles:
        return []
    figures, sources = schema.figures, schema.event_sources
    event_of = {r: e for e, r in conn.execute(
        sa.select(sources.c.event_id, sources.c.report_id).where(sources.c.article_id.in_(articles)))}
    wanted = {e.id for e in events}
    rows = conn.execute(sa.select(figures).where(figures.c.article_id.in_(articles)).order_by(figures.c.id)).mappings()
    out: list[FigureLine] = []
    for row in rows:
        event = event_of.get(row["report_id"] or "")
        if event is not None and event not in wanted:
            continue
        if event is None and area and fold(area) not in fold(row["evidence_text"]):
            continue
        if not row["listed"]:
            continue  # an event's own copy of a figure the article lists too
        out.append(FigureLine(row["kind"], row["best"], row["low"], row["high"], row["qualifier"],
                              row["claimed_by_text"], row["claimed_by_kind"], row["text"], row["period"], event,
                              row["article_id"]))
    return out


def _contested(conn: sa.Connection, articles: Sequence[str]) -> list[ContestedClaim]:
    return [
        ContestedClaim(a["speaker"], a["content"], b["speaker"], b["content"], reason)
        for a, b, reason in contradicting_claims(conn, articles)
    ]


def _sources(conn: sa.Connection, articles: Iterable[str]) -> list[SourceLine]:
    ids = list(articles)
    if not ids:
        return []
    table = schema.articles
    rows = conn.execute(
        sa.select(table.c.id, table.c.publisher, table.c.title, table.c.published, table.c.url)
        .where(table.c.id.in_(ids)).order_by(table.c.publisher, table.c.id)
    )
    return [SourceLine(*row) for row in rows]


def _event_record(event: StoredEvent) -> dict[str, Any]:
    record = asdict(event)
    record["event_date"] = event.event_date.isoformat() if event.event_date else None
    return record


# --- rendering -------------------------------------------------------------------------


def _actors(event: StoredEvent) -> str:
    return " against ".join(a for a in (event.actor1, event.actor2) if a) or "unidentified actors"


def _event_line(event: StoredEvent) -> str:
    where = event.location or "an unnamed place"
    deaths = f"; {event.fatalities} reported killed" if event.fatalities else ""
    told = f"; {event.sources} source{'s' if event.sources != 1 else ''}"
    flag = "; CONTESTED" if event.contested else ""
    return f"{event.sub_event_type}: {_actors(event)}, at {where}{deaths}{told} ({event.claimed_by}){flag}"


def _figure_line(f: FigureLine) -> str:
    period = f" ({f.period})" if f.period else ""
    return f"{f.kind}: {f.words}{period}, according to {f.claimant} ({f.claimant_kind})"


def _holding_line(h: Holding) -> str:
    previous = f", from {h.previous_holder}" if h.previous_holder else ""
    return f"{h.held_by} holds {h.area or h.place}{previous}, according to {h.claimed_by}"


def _title(report: DailyReport) -> str:
    return f"Situation report: {report.area or 'all areas'}, {report.day.isoformat()}"


def _sections(report: DailyReport) -> list[tuple[str, list[str | tuple[str, list[str]]]]]:
    """The report's sections: (heading, lines or (subheading, lines))."""
    counts = f"{len(report.events)} event{'s' if len(report.events) != 1 else ''}"
    deaths = sum(e.fatalities for e in report.events)
    articles = f"{len(report.sources)} source article{'s' if len(report.sources) != 1 else ''}"
    summary = [f"{counts}, {deaths} reported killed, {articles}."]
    events: list[str | tuple[str, list[str]]] = [
        (f"{area}: {etype}", [_event_line(e) for e in found])
        for area, types in report.by_area_and_type().items()
        for etype, found in sorted(types.items())
    ]
    figures: list[str | tuple[str, list[str]]] = [_figure_line(f) for f in report.figures]
    contested: list[str | tuple[str, list[str]]] = [
        f"{c.claimant_a}: \u201c{c.claim_a}\u201d / {c.claimant_b}: \u201c{c.claim_b}\u201d" for c in report.contested
    ]
    control: list[str | tuple[str, list[str]]] = [_holding_line(h) for h in report.control]
    sources: list[str | tuple[str, list[str]]] = [
        f"{s.publisher or 'unknown outlet'}: {s.title or s.article_id}"
        f"{', ' + s.published.isoformat() if s.published else ''}{', ' + s.url if s.url else ''}"
        for s in report.sources
    ]
    records: list[str | tuple[str, list[str]]] = [f"{c}: {r}" for c, r in report.claimant_records.items()]
    return [
        ("Summary", list(summary)),
        ("Events by area and type", events or ["No events recorded."]),
        ("Figures", figures or ["No figures recorded."]),
        ("Contested claims", contested or ["No contradicting claims."]),
        ("Control changes", control or ["No change of control recorded."]),
        ("Sources", sources or ["None."]),
        ("Claimants' track records", records or ["None."]),
    ]


def render_markdown(report: DailyReport) -> str:
    """The report as Markdown."""
    lines = [f"# {_title(report)}", ""]
    for heading, body in _sections(report):
        lines += [f"## {heading}", ""]
        for item in body:
            if isinstance(item, tuple):
                lines += [f"### {item[0]}", "", *(f"- {line}" for line in item[1]), ""]
            else:
                lines.append(f"- {item}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_html(report: DailyReport) -> str:
    """The report as a standalone HTML page."""
    e = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(_title(report))}</title>",
        "<style>body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.4}"
        "h2{border-bottom:1px solid #ccc}li{margin:.2em 0}</style>",
        f"</head><body><h1>{e(_title(report))}</h1>",
    ]
    for heading, body in _sections(report):
        parts.append(f"<h2>{e(heading)}</h2>")
        flat = [item for item in body if not isinstance(item, tuple)]
        if flat:
            parts.append("<ul>" + "".join(f"<li>{e(str(item))}</li>" for item in flat) + "</ul>")
        for item in body:
            if isinstance(item, tuple):
                parts.append(f"<h3>{e(item[0])}</h3><ul>" + "".join(f"<li>{e(line)}</li>" for line in item[1]) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

