"""Fused events by filter: the one query behind `frontlines events`, the exports and the API.

    filters = parse_filter(since="2016-12-01", country="Syria", bbox="36.9,36.0,37.4,36.4")
    store.query_events(filters, limit=50, offset=0, sort="-date")   # one page of StoredEvent
    store.count_events(filters)                                      # how many match in all
    store.event_sources(ids)                                         # who told each event
    for page in store.event_pages(filters, sort="date"):             # every match, a page at
        ...                                                          # a time (SourcedEvent)

`EventFilter` holds canonical values (an ISO3 code, a type as the typing table spells it);
`parse_filter` makes one from what a user typed and says what is wrong with a bad value
(QueryError, E701-E708). Every filter becomes a parameterised SQLAlchemy Core expression:
nothing the user types is ever put into SQL text, and the same statement runs on SQLite and
PostgreSQL. The full-text filter uses the backend's evidence index (`Backend.matching`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import Errors, QueryError
from ..outputs import ASSOC_SEPARATOR
from . import schema
from .backends import Backend
from .records import StoredEvent

Row = dict[str, Any]

PAGE_SIZE = 500
"""Events per page when every match is read (`event_pages`); also the longest IN (...) list."""


@dataclass(frozen=True)
class BBox:
    """A box in degrees (WGS 84). `min_lon > max_lon` is a box across the antimeridian."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


@dataclass(frozen=True)
class EventFilter:
    """Which fused events to read; every field left at its default lets all events through.

    since, until   event_date within [since, until] (undated events never match a date filter)
    country        ISO 3166-1 alpha-3 code, as the events hold it
    admin1         the province, any case
    bbox           events with a point inside the box
    type           an ACLED event type or sub-event type, spelt as the typing table spells it
    actor          part of the name of actor1, actor2 or an associated actor, any case
    claimant       part of who claimed any report of the event (its `claimed_by`), any case
    text           every word in the evidence sentence of a report of the event (stemmed)
    contested      only events whose reports disagree
    """

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    bbox: BBox | None = None
    type: str | None = None
    actor: str | None = None
    claimant: str | None = None
    text: str | None = None
    contested: bool = False


@dataclass(frozen=True)
class EventSource:
    """One report of a fused event: which article told it, who published it, who claimed it."""

    report_id: str
    article_id: str
    publisher: str
    published: dt.date | None
    url: str
    claimed_by: str
    claimed_by_kind: str


@dataclass(frozen=True)
class ActorInfo:
    """A canonical actor from the store's registry: ACLED inter code, PLOVER sector, country."""

    name: str
    inter: int
    sector: str
    country: str


@dataclass(frozen=True)
class SourcedEvent:
    """A fused event with its reports' provenance and its actors' registry rows."""

    event: StoredEvent
    sources: tuple[EventSource, ...] = ()
    actors: tuple[ActorInfo, ...] = ()

    def actor(self, name: str | None) -> ActorInfo | None:
        """The registry row of the actor called `name`, if the store knows it."""
        return next((a for a in self.actors if a.name == name), None) if name else None


# --- sorting --------------------------------------------------------------------------------

_SORT_KEYS = ("date", "fatalities", "sources")
SORTS: tuple[str, ...] = tuple(key for name in _SORT_KEYS for key in (name, f"-{name}"))
"""Sort orders: a key ascending, or with `-` descending (`-date`: newest first)."""


def _order(sort: str) -> list[sa.ColumnElement[Any]]:
    if sort not in SORTS:
        raise QueryError(Errors.E706.format(value=sort, choices=", ".join(SORTS)))
    events = schema.events
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    date = events.c.event_date.desc() if descending else events.c.event_date.asc()
    order: list[sa.ColumnElement[Any]] = []
    if key != "date":
        column = events.c[key]
        order.append(column.desc() if descending else column.asc())
    return [*order, sa.nulls_last(date), events.c.id.asc()]


# --- the query ------------------------------------------------------------------------------


SPARSE_TEXT = 5_000
"""A text filter whose words are in fewer evidence sentences than this reads the events of
those sentences, then sorts them; a commoner one reads events in sort order, keeping those
with such a sentence, and stops at the page's end (`sparse_text`)."""


def sparse_text(conn: Connection, backend: Backend, filters: EventFilter) -> bool:
    """Whether the text filter of `filters` matches few evidence sentences (`SPARSE_TEXT`)."""
    matching = backend.matching(filters.text) if filters.text is not None else None
    if matching is None:
        return False
    found = sa.select(sa.literal(1)).select_from(matching.subquery()).limit(SPARSE_TEXT).subquery()
    return int(conn.execute(sa.select(sa.func.count()).select_from(found)).scalar_one()) < SPARSE_TEXT


def conditions(filters: EventFilter, backend: Backend, *, sparse: bool = False) -> list[sa.ColumnElement[bool]]:
    """The WHERE clauses of `filters` over the `events` table (all must hold). `sparse`: the
    text filter matches few sentences (`sparse_text`), so the events are read from them."""
    events, sources, reports = schema.events, schema.event_sources, schema.reports
    where: list[sa.ColumnElement[bool]] = []
    if filters.since is not None:
        where.append(events.c.event_date >= filters.since)
    if filters.until is not None:
        where.append(events.c.event_date <= filters.until)
    if filters.country is not None:
        where.append(events.c.country == filters.country)
    if filters.admin1 is not None:
        where.append(sa.func.lower(events.c.admin1) == filters.admin1.lower())
    if filters.bbox is not None:
        box = filters.bbox
        where.append(events.c.latitude.between(box.min_lat, box.max_lat))
        if box.min_lon <= box.max_lon:
            where.append(events.c.longitude.between(box.min_lon, box.max_lon))
        else:  # across the antimeridian
            where.append(sa.or_(events.c.longitude >= box.min_lon, events.c.longitude <= box.max_lon))
    if filters.type is not None:  # one column, so its (type, date) index serves the sort too
        column = events.c.event_type if filters.type in _event_types() else events.c.sub_event_type
        where.append(column == filters.type)
    if filters.actor is not None:
        columns = (events.c.actor1, events.c.actor2, events.c.assoc_actor_1, events.c.assoc_actor_2)
        where.append(sa.or_(*(column.icontains(filters.actor, autoescape=True) for column in columns)))
    # a report of the event that ...: correlated, so reading events in sort order stops at
    # the page's end instead of collecting every matching event first
    reported = sa.select(sources.c.event_id).join(reports, reports.c.id == sources.c.report_id)
    told = reported.where(sources.c.event_id == events.c.id)
    if filters.claimant is not None:
        claimed = sa.or_(
            reports.c.claimed_by_text.icontains(filters.claimant, autoescape=True),
            reports.c.claimed_by_canonical.icontains(filters.claimant, autoescape=True),
        )
        where.append(told.where(claimed).exists())
    if filters.text is not None:
        matching = backend.matching(filters.text)
        if matching is None:
            where.append(sa.false())
        else:
            keys = matching.subquery().select()
            if sparse:  # the few events of the matching sentences, each row found by its key
                evidence = schema.evidence
                cited = reported.join(
                    evidence,
                    sa.and_(evidence.c.article_id == reports.c.article_id, evidence.c.sentence == reports.c.evidence_sentence),
                )
                where.append(events.c.id.in_(cited.where(evidence.c.key.in_(keys))))
            else:  # events in sort order, each with a matching sentence, up to the page's end,
                # in the index (event_id, evidence_key); `+ 0`: test the event's keys against
                # the matches read once, never seek the index once per match
                correlated = sa.select(sources.c.event_id).where(
                    sources.c.event_id == events.c.id, (sources.c.evidence_key + 0).in_(keys)
                )
                where.append(correlated.exists())
    if filters.contested:
        where.append(events.c.contested == sa.true())
    return where


@cache
def _event_types() -> frozenset[str]:
    """ACLED's event types, as the typing table spells them (the rest are sub-event types)."""
    from ..events import typing_table

    return frozenset(row.event_type for row in typing_table())


def select_events(filters: EventFilter, backend: Backend, *, sort: str = "date", sparse: bool = False) -> sa.Select[Any]:
    """SELECT every column of `events` for the events that match, in `sort` order."""
    return sa.select(schema.events).where(*conditions(filters, backend, sparse=sparse)).order_by(*_order(sort))


def query_events(
    conn: Connection,
    backend: Backend,
    filters: EventFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    sort: str = "date",
) -> list[StoredEvent]:
    """One page of the events that match: `limit` of them (None: all) after `offset`."""
    if limit is not None and limit < 0:
        raise QueryError(Errors.E708.format(option="limit", minimum=0, value=limit))
    if offset < 0:
        raise QueryError(Errors.E708.format(option="offset", minimum=0, value=offset))
    sparse = sparse_text(conn, backend, filters)
    query = select_events(filters, backend, sort=sort, sparse=sparse).limit(limit).offset(offset or None)
    rows = [dict(row) for row in conn.execute(query).mappings()]
    links = report_links(conn, [row["id"] for row in rows])
    return [stored_event(row, links.get(row["id"], ())) for row in rows]


def count_events(conn: Connection, backend: Backend, filters: EventFilter, *, cap: int | None = None) -> int:
    """How many events match (for pagination). With `cap`, counting stops there: the
    answer is min(matches, cap), and a count over a large store reads at most `cap` rows."""
    where = conditions(filters, backend, sparse=sparse_text(conn, backend, filters))
    if cap is None:
        query = sa.select(sa.func.count()).select_from(schema.events).where(*where)
    else:
        found = sa.select(schema.events.c.id).where(*where).limit(cap).subquery()
        query = sa.select(sa.func.count()).select_from(found)
    return int(conn.execute(query).scalar_one())


def count_events_within(
    conn: Connection, backend: Backend, filters: EventFilter, *, cap: int, seconds: float
) -> int | None:
    """How many events match, counting no further than `cap`, or None when the count takes
    longer than `seconds` (a rare match in a large store: every row is read to count it)."""
    try:
        with backend.time_limit(conn, seconds):
            return count_events(conn, backend, filters, cap=cap)
    except TimeoutError:
        return None


def event_pages(
    conn: Connection, backend: Backend, filters: EventFilter, *, sort: str = "date", size: int = PAGE_SIZE
) -> Iterator[list[SourcedEvent]]:
    """Every event that matches, `size` at a time, each with its sources and actors.

    One statement, read as a stream (a server-side cursor on PostgreSQL), so memory holds
    one page whatever the number of events; in one transaction, so the pages are one
    consistent snapshot of the store.
    """
    if size < 1:
        raise QueryError(Errors.E708.format(option="page size", minimum=1, value=size))
    query = select_events(filters, backend, sort=sort, sparse=sparse_text(conn, backend, filters))
    result = conn.execute(query.execution_options(yield_per=size))
    try:
        for chunk in result.mappings().partitions(size):
            rows = [dict(row) for row in chunk]
            told = event_sources(conn, [row["id"] for row in rows])
            events = [
                stored_event(row, tuple((s.report_id, s.article_id) for s in told.get(row["id"], ()))) for row in rows
            ]
            actors = _actors(conn, events)
            yield [
                SourcedEvent(
                    event=event,
                    sources=told.get(event.id, ()),
                    actors=tuple(actors[name] for name in _actor_names(event) if name in actors),
                )
                for event in events
            ]
    finally:  # also when the reader stops early: the server-side cursor is closed, not left
        result.close()


def event_sources(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[EventSource, ...]]:
    """The reports of each event (by report id), with their article's publisher and claimant."""
    sources, reports, articles = schema.event_sources, schema.reports, schema.articles
    found: dict[str, list[EventSource]] = {}
    for chunk in _chunks(ids):
        query = (
            sa.select(
                sources.c.event_id,
                sources.c.report_id,
                sources.c.article_id,
                articles.c.publisher,
                articles.c.published,
                articles.c.url,
                reports.c.claimed_by_text,
                reports.c.claimed_by_kind,
            )
            .join(reports, reports.c.id == sources.c.report_id)
            .join(articles, articles.c.id == sources.c.article_id)
            .where(sources.c.event_id.in_(chunk))
            .order_by(sources.c.event_id, sources.c.report_id)
        )
        for event_id, report_id, article_id, publisher, published, url, claimed_by, kind in conn.execute(query):
            found.setdefault(event_id, []).append(
                EventSource(
                    report_id=report_id,
                    article_id=article_id,
                    publisher=publisher,
                    published=published,
                    url=url,
                    claimed_by=claimed_by,
                    claimed_by_kind=kind,
                )
            )
    return {event_id: tuple(told) for event_id, told in found.items()}


_EVENT_FIELDS = frozenset(field.name for field in dataclasses.fields(StoredEvent))


def stored_event(row: Mapping[str, Any], made_of: Iterable[tuple[str, str]]) -> StoredEvent:
    """An `events` row as a StoredEvent, with the (report id, article id) pairs that make it.
    Columns StoredEvent has no field for are left out."""
    pairs = list(made_of)
    values = {key: value for key, value in row.items() if key in _EVENT_FIELDS}
    return StoredEvent(
        **{**values, "contested": bool(row["contested"])},
        reports=tuple(report for report, _ in pairs),
        articles=tuple(dict.fromkeys(article for _, article in pairs)),
    )


def report_links(conn: Connection, ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """The (report id, article id) pairs of each event, by report id."""
    sources = schema.event_sources
    links: dict[str, list[tuple[str, str]]] = {}
    for chunk in _chunks(ids):
        query = (
            sa.select(sources.c.event_id, sources.c.report_id, sources.c.article_id)
            .where(sources.c.event_id.in_(chunk))
            .order_by(sources.c.report_id)
        )
        for event_id, report_id, article_id in conn.execute(query):
            links.setdefault(event_id, []).append((report_id, article_id))
    return links


def _actor_names(event: StoredEvent) -> list[str]:
    names = [event.actor1 or "", event.actor2 or ""]
    for joined in (event.assoc_actor_1, event.assoc_actor_2):
        names.extend(joined.split(ASSOC_SEPARATOR) if joined else [])
    return list(dict.fromkeys(name for name in names if name))


def _actors(conn: Connection, events: Sequence[StoredEvent]) -> dict[str, ActorInfo]:
    names = sorted({name for event in events for name in _actor_names(event)})
    actors = schema.actors
    found: dict[str, ActorInfo] = {}
    for chunk in _chunks(names):
        for name, inter, sector, country in conn.execute(sa.select(actors).where(actors.c.name.in_(chunk))):
            found[name] = ActorInfo(name=name, inter=inter, sector=sector, country=country)
    return found


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), PAGE_SIZE):
        yield ids[start : start + PAGE_SIZE]


# --- what users type -> EventFilter ---------------------------------------------------------


def parse_filter(
    *,
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
    admin1: str | None = None,
    bbox: str | None = None,
    type: str | None = None,
    actor: str | None = None,
    claimant: str | None = None,
    text: str | None = None,
    contested: bool = False,
    prefix: str = "--",
) -> EventFilter:
    """An EventFilter from text as a user types it (command-line options, URL parameters).

    Dates are YYYY-MM-DD; `country` an ISO3 code or a country's name; `bbox`
    `minlon,minlat,maxlon,maxlat`; `type` an ACLED event type or sub-event type in any case.
    A bad value raises QueryError naming the option as `{prefix}{name}` (`--since` on the
    command line; give `prefix=""` for URL parameters).
    """

    def option(name: str) -> str:
        return f"{prefix}{name}"

    def given(name: str, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.strip():
            raise QueryError(Errors.E707.format(option=option(name)))
        return value.strip()

    start = _date(option("since"), given("since", since))
    end = _date(option("until"), given("until", until))
    if start is not None and end is not None and start > end:
        raise QueryError(Errors.E702.format(since=f"{option('since')} {start}", until=f"{option('until')} {end}"))
    searched = given("text", text)
    return EventFilter(
        since=start,
        until=end,
        country=_country(value) if (value := given("country", country)) is not None else None,
        admin1=given("admin1", admin1),
        bbox=_bbox(option("bbox"), value) if (value := given("bbox", bbox)) is not None else None,
        type=_type(value) if (value := given("type", type)) is not None else None,
        actor=given("actor", actor),
        claimant=given("claimant", claimant),
        text=searched,
        contested=contested,
    )


def parse_sort(value: str) -> str:
    """`value` as one of SORTS, or QueryError (E706)."""
    sort = value.strip().lower()
    _order(sort)
    return sort


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(Errors.E701.format(option=option, value=value)) from None


def _country(value: str) -> str:
    from ..mentions.actors import countries

    known = countries()
    if value.upper() in known:
        return value.upper()
    wanted = value.casefold()
    for iso3, row in known.items():
        if wanted in (name.casefold() for name in (row.name, *row.other_names.split("|")) if name):
            return iso3
    raise QueryError(Errors.E703.format(value=value))


def _bbox(option: str, value: str) -> BBox:
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 4:
        raise QueryError(Errors.E704.format(option=option, value=value, reason=f"{len(parts)} numbers, not 4"))
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError:
        raise QueryError(Errors.E704.format(option=option, value=value, reason="not numbers")) from None
    if not all(math.isfinite(n) for n in (min_lon, min_lat, max_lon, max_lat)):
        raise QueryError(Errors.E704.format(option=option, value=value, reason="not finite numbers"))
    if not all(-180 <= lon <= 180 for lon in (min_lon, max_lon)):
        raise QueryError(Errors.E704.format(option=option, value=value, reason="a longitude outside -180..180"))
    if not all(-90 <= lat <= 90 for lat in (min_lat, max_lat)):
        raise QueryError(Errors.E704.format(option=option, value=value, reason="a latitude outside -90..90"))
    if min_lat > max_lat:
        raise QueryError(Errors.E704.format(option=option, value=value, reason="minlat is above maxlat"))
    return BBox(min_lon=min_lon, min_lat=min_lat, max_lon=max_lon, max_lat=max_lat)


def _type(value: str) -> str:
    from ..events import typing_table

    names = {name for row in typing_table() for name in (row.event_type, row.sub_event_type)}
    for name in names:
        if name.casefold() == value.casefold():
            return name
    types = ", ".join(sorted({row.event_type for row in typing_table()}))
    raise QueryError(Errors.E705.format(value=value, types=types))
