"""Claims, figures and one event in full: the reads behind the API's detail views.

    store.event_detail(event_id)                  # EventDetail: the event, its reports in the
                                                  # order they joined it, their claims, figures
    store.claims(ClaimFilter(contested=True), limit=50, offset=0)    # ClaimPage
    store.figures(FigureFilter(kind="killed"), limit=50, offset=0)   # FigurePage
    store.article_events(article_id)              # the fused events an article's reports are in

The order reports joined an event is the order `event_sources` rows were written: on SQLite
that is the table's rowid (the store never deletes, so rowids grow with each insert); the
other backends keep no such order, and the reports come by their article's publication
date, then report id (`EventDetail.history_order` says which). Every statement is
parameterised SQLAlchemy Core; nothing typed by a user becomes SQL text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..contradictions import Contradiction
from . import schema
from .query import EventSource, event_sources, stored_event
from .records import StoredEvent
from .rows import Row

HISTORY_INGEST = "ingest"
"""`EventDetail.history_order` when reports come in the order they joined the event."""

HISTORY_PUBLISHED = "published"
"""`EventDetail.history_order` when the store keeps no such order: by publication date, then id."""

_CHUNK = 500


@dataclass(frozen=True)
class Span:
    """A record's evidence: sentence index (0 is the title) and its character span."""

    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class StoredClaim:
    """A claim as stored, with the article that carries it."""

    id: str
    article_id: str
    speaker: str
    speaker_kind: str
    content: str
    date: dt.date | None
    origin: dict[str, Any] | None
    evidence: Span
    publisher: str
    published: dt.date | None
    url: str


@dataclass(frozen=True)
class StoredFigure:
    """A figure as stored: its count, claimant, and the fused event that holds it (if any)."""

    id: str
    article_id: str
    report_id: str | None
    event_id: str | None
    kind: str
    best: int
    low: int | None
    high: int | None
    qualifier: str
    text: str
    of_which: dict[str, Any]
    period: str
    vague: bool
    claimed_by: str
    claimed_by_kind: str
    evidence: Span
    publisher: str
    published: dt.date | None


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to read. contested: only claims that another claim contradicts;
    claimant: part of the speaker's words, any case."""

    contested: bool = False
    claimant: str | None = None


@dataclass(frozen=True)
class FigureFilter:
    """Which figures to read. kind: killed, injured, displaced or detained; contested: only
    figures another figure contradicts; claimant: part of who claims it, any case; event:
    the figures of one fused event."""

    kind: str | None = None
    contested: bool = False
    claimant: str | None = None
    event: str | None = None


@dataclass(frozen=True)
class ClaimPage:
    """One page of claims, how many match in all, and for each claim on the page the claims
    that contradict it with the reason."""

    total: int
    claims: tuple[StoredClaim, ...]
    opposed: Mapping[str, tuple[tuple[StoredClaim, str], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class FigurePage:
    """One page of figures, how many match in all, and the figures that contradict each."""

    total: int
    figures: tuple[StoredFigure, ...]
    opposed: Mapping[str, tuple[tuple[StoredFigure, str], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportDetail:
    """One report of a fused event: what this article told, who claimed it, where it is cited."""

    report_id: str
    article_id: str
    title: str
    publisher: str
    published: dt.date | None
    url: str
    claimed_by: str
    claimed_by_kind: str
    event_date: dt.date | None
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    location: str | None
    fatalities: int
    evidence: Span


@dataclass(frozen=True)
class EventDetail:
    """A fused event in full: its sources, its reports in the order they joined it
    (`history_order` says how that order is known), the claims and figures of its reports'
    sentences, and the contradictions among them."""

    event: StoredEvent
    sources: tuple[EventSource, ...]
    reports: tuple[ReportDetail, ...]
    history_order: str
    claims: tuple[StoredClaim, ...]
    figures: tuple[StoredFigure, ...]
    contradictions: tuple[Contradiction, ...]


# --- one event ------------------------------------------------------------------------------


def event_detail(conn: Connection, event_id: str) -> EventDetail | None:
    """The event called `event_id` in full, or None when the store has no such event."""
    events = schema.events
    row = conn.execute(sa.select(events).where(events.c.id == event_id)).mappings().first()
    if row is None:
        return None
    reports, order = _reports_of(conn, event_id)
    by_id = sorted(reports, key=lambda r: r.report_id)
    event = stored_event(dict(row), [(r.report_id, r.article_id) for r in by_id])
    told = event_sources(conn, [event_id]).get(event_id, ())
    pairs = sorted({(r.article_id, r.evidence.sentence) for r in reports})
    claims = _claims_in(conn, pairs)
    figures = _figures_in(conn, pairs, [r.report_id for r in reports])
    links = _links(conn, [c.id for c in claims] + [f.id for f in figures])
    return EventDetail(
        event=event,
        sources=told,
        reports=tuple(reports),
        history_order=order,
        claims=tuple(claims),
        figures=tuple(figures),
        contradictions=tuple(links),
    )


def _reports_of(conn: Connection, event_id: str) -> tuple[list[ReportDetail], str]:
    sources, reports, articles = schema.event_sources, schema.reports, schema.articles
    if conn.dialect.name == "sqlite":
        order: list[sa.ColumnElement[Any]] = [sa.literal_column("event_sources.rowid")]
        how = HISTORY_INGEST
    else:
        order = [sa.nulls_last(articles.c.published.asc()), reports.c.id]
        how = HISTORY_PUBLISHED
    query = (
        sa.select(
            reports,
            articles.c.title.label("article_title"),
            articles.c.publisher.label("article_publisher"),
            articles.c.published.label("article_published"),
            articles.c.url.label("article_url"),
        )
        .select_from(sources)
        .join(reports, reports.c.id == sources.c.report_id)
        .join(articles, articles.c.id == sources.c.article_id)
        .where(sources.c.event_id == event_id)
        .order_by(*order)
    )
    found = [
        ReportDetail(
            report_id=r["id"],
            article_id=r["article_id"],
            title=r["article_title"],
            publisher=r["article_publisher"],
            published=r["article_published"],
            url=r["article_url"],
            claimed_by=r["claimed_by_text"],
            claimed_by_kind=r["claimed_by_kind"],
            event_date=r["event_date"],
            event_type=r["event_type"],
            sub_event_type=r["sub_event_type"],
            actor1=r["actor1"],
            actor2=r["actor2"],
            location=r["place_name"] or r["place_text"],
            fatalities=r["fatalities"],
            evidence=_span(r),
        )
        for r in conn.execute(query).mappings()
    ]
    return found, how


def _claims_in(conn: Connection, pairs: Sequence[tuple[str, int]]) -> list[StoredClaim]:
    claims = schema.claims
    found: list[StoredClaim] = []
    for chunk in _chunks(pairs):
        query = _claim_select().where(sa.tuple_(claims.c.article_id, claims.c.evidence_sentence).in_(chunk))
        found.extend(_claim(row) for row in conn.execute(query.order_by(claims.c.id)).mappings())
    return sorted(found, key=lambda c: c.id)


def _figures_in(conn: Connection, pairs: Sequence[tuple[str, int]], report_ids: Sequence[str]) -> list[StoredFigure]:
    figures = schema.figures
    found: dict[str, StoredFigure] = {}
    for chunk in _chunks(pairs):
        query = _figure_select().where(sa.tuple_(figures.c.article_id, figures.c.evidence_sentence).in_(chunk))
        found.update((row["id"], _figure(row)) for row in conn.execute(query).mappings())
    for ids in _chunks(report_ids):
        query = _figure_select().where(figures.c.report_id.in_(ids))
        found.update((row["id"], _figure(row)) for row in conn.execute(query).mappings())
    return [found[key] for key in sorted(found)]


# --- claims and figures ----------------------------------------------------------------------


def claim_page(conn: Connection, filters: ClaimFilter, *, limit: int, offset: int = 0) -> ClaimPage:
    """`limit` claims that match after `offset`, in id order, with the claims opposing each."""
    claims = schema.claims
    where = _claim_conditions(filters)
    total = int(conn.execute(sa.select(sa.func.count()).select_from(claims).where(*where)).scalar_one())
    query = _claim_select().where(*where).order_by(claims.c.id).limit(limit).offset(offset or None)
    page = [_claim(row) for row in conn.execute(query).mappings()]
    links = _links(conn, [c.id for c in page], kind="claim")
    others = {c.id: c for c in _claims_by_id(conn, _other_ends(links, [c.id for c in page]))}
    return ClaimPage(total=total, claims=tuple(page), opposed=_opposed(page, links, others))


def figure_page(conn: Connection, filters: FigureFilter, *, limit: int, offset: int = 0) -> FigurePage:
    """`limit` figures that match after `offset`, in id order, with the figures opposing each."""
    figures, sources = schema.figures, schema.event_sources
    where = _figure_conditions(filters)
    counted = sa.select(sa.func.count()).select_from(
        figures.outerjoin(sources, sources.c.report_id == figures.c.report_id)
    )
    total = int(conn.execute(counted.where(*where)).scalar_one())
    query = _figure_select().where(*where).order_by(figures.c.id).limit(limit).offset(offset or None)
    page = [_figure(row) for row in conn.execute(query).mappings()]
    links = _links(conn, [f.id for f in page], kind="figure")
    others = {f.id: f for f in _figures_by_id(conn, _other_ends(links, [f.id for f in page]))}
    return FigurePage(total=total, figures=tuple(page), opposed=_opposed(page, links, others))


def article_events(conn: Connection, article_id: str) -> list[str]:
    """The ids of the fused events that the reports of an article are part of."""
    sources = schema.event_sources
    query = sa.select(sources.c.event_id).where(sources.c.article_id == article_id).distinct()
    return sorted(conn.execute(query).scalars())


def _contested_ids(kind: str) -> sa.CompoundSelect[Any]:
    links = schema.contradictions
    return sa.union(
        sa.select(links.c.a_id).where(links.c.kind == kind), sa.select(links.c.b_id).where(links.c.kind == kind)
    )


def _claim_conditions(filters: ClaimFilter) -> list[sa.ColumnElement[bool]]:
    claims = schema.claims
    where: list[sa.ColumnElement[bool]] = []
    if filters.contested:
        where.append(claims.c.id.in_(_contested_ids("claim")))
    if filters.claimant is not None:
        where.append(claims.c.speaker.icontains(filters.claimant, autoescape=True))
    return where


def _figure_conditions(filters: FigureFilter) -> list[sa.ColumnElement[bool]]:
    figures, sources = schema.figures, schema.event_sources
    where: list[sa.ColumnElement[bool]] = []
    if filters.kind is not None:
        where.append(figures.c.kind == filters.kind)
    if filters.contested:
        where.append(figures.c.id.in_(_contested_ids("figure")))
    if filters.claimant is not None:
        where.append(figures.c.claimed_by_text.icontains(filters.claimant, autoescape=True))
    if filters.event is not None:
        where.append(sources.c.event_id == filters.event)
    return where


def _claim_select() -> sa.Select[Any]:
    claims, articles = schema.claims, schema.articles
    return sa.select(claims, articles.c.publisher, articles.c.published, articles.c.url).join(
        articles, articles.c.id == claims.c.article_id
    )


def _figure_select() -> sa.Select[Any]:
    figures, sources, articles = schema.figures, schema.event_sources, schema.articles
    return (
        sa.select(figures, sources.c.event_id, articles.c.publisher, articles.c.published)
        .select_from(figures)
        .join(articles, articles.c.id == figures.c.article_id)
        .outerjoin(sources, sources.c.report_id == figures.c.report_id)
    )


def _claims_by_id(conn: Connection, ids: Sequence[str]) -> list[StoredClaim]:
    claims = schema.claims
    return [
        _claim(row)
        for chunk in _chunks(ids)
        for row in conn.execute(_claim_select().where(claims.c.id.in_(chunk))).mappings()
    ]


def _figures_by_id(conn: Connection, ids: Sequence[str]) -> list[StoredFigure]:
    figures = schema.figures
    return [
        _figure(row)
        for chunk in _chunks(ids)
        for row in conn.execute(_figure_select().where(figures.c.id.in_(chunk))).mappings()
    ]


def contradicting_claims(conn: Connection, articles: Sequence[str]) -> list[tuple[Row, Row, str]]:
    """The claims of `articles` that contradict another claim (of those articles or any
    other), as (claim, other claim, reason) rows in the links' id order."""
    claims = schema.claims
    rows: dict[str, Row] = {
        row["id"]: dict(row)
        for chunk in _chunks(list(articles))
        for row in conn.execute(sa.select(claims).where(claims.c.article_id.in_(chunk))).mappings()
    }
    links = _links(conn, sorted(rows), kind="claim")
    missing = _other_ends(links, sorted(rows))
    for chunk in _chunks(missing):
        rows.update((row["id"], dict(row)) for row in conn.execute(sa.select(claims).where(claims.c.id.in_(chunk))).mappings())
    return [(rows[link.a], rows[link.b], link.reason) for link in links if link.a in rows and link.b in rows]


def _links(conn: Connection, ids: Sequence[str], *, kind: str | None = None) -> list[Contradiction]:
    """The contradictions with one end in `ids`, in id order."""
    table = schema.contradictions
    found: dict[tuple[str, str], Contradiction] = {}
    for chunk in _chunks(ids):
        query = sa.select(table).where(sa.or_(table.c.a_id.in_(chunk), table.c.b_id.in_(chunk)))
        if kind is not None:
            query = query.where(table.c.kind == kind)
        for a, b, what, reason in conn.execute(query):
            found[(a, b)] = Contradiction(a, b, what, reason)
    return [found[key] for key in sorted(found)]


def _other_ends(links: Iterable[Contradiction], ids: Sequence[str]) -> list[str]:
    """The ends of `links` that are not in `ids` (those are read already)."""
    return sorted({end for link in links for end in (link.a, link.b)} - set(ids))


def _opposed(page: Sequence[Any], links: Sequence[Contradiction], others: Mapping[str, Any]) -> dict[str, Any]:
    known = {**others, **{item.id: item for item in page}}
    found: dict[str, list[tuple[Any, str]]] = {}
    for link in links:
        for mine, theirs in ((link.a, link.b), (link.b, link.a)):
            if theirs in known:
                found.setdefault(mine, []).append((known[theirs], link.reason))
    return {item.id: tuple(found[item.id]) for item in page if item.id in found}


def _span(row: Mapping[Any, Any]) -> Span:
    return Span(
        sentence=row["evidence_sentence"], start=row["evidence_start"], end=row["evidence_end"], text=row["evidence_text"]
    )


def _claim(row: Mapping[Any, Any]) -> StoredClaim:
    return StoredClaim(
        id=row["id"],
        article_id=row["article_id"],
        speaker=row["speaker"],
        speaker_kind=row["speaker_kind"],
        content=row["content"],
        date=row["claim_date"],
        origin=row["origin"],
        evidence=_span(row),
        publisher=row["publisher"],
        published=row["published"],
        url=row["url"],
    )


def _figure(row: Mapping[Any, Any]) -> StoredFigure:
    return StoredFigure(
        id=row["id"],
        article_id=row["article_id"],
        report_id=row["report_id"],
        event_id=row["event_id"],
        kind=row["kind"],
        best=row["best"],
        low=row["low"],
        high=row["high"],
        qualifier=row["qualifier"],
        text=row["text"],
        of_which=dict(row["of_which"] or {}),
        period=row["period"],
        vague=bool(row["vague"]),
        claimed_by=row["claimed_by_text"],
        claimed_by_kind=row["claimed_by_kind"],
        evidence=_span(row),
        publisher=row["publisher"],
        published=row["published"],
    )


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
