"""`SqlStore`: the store on any SQLAlchemy backend (SQLite, PostgreSQL).

Writes: `add(extraction)` puts one article with everything extracted from it, and its
events, in one transaction; an article already there (same content hash) changes nothing.
Reads give back the dataclasses of `frontlines.types` (`extraction`, `article`) or the
records of `records.py` (`events`, `search`), never SQLAlchemy rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator, Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from ..errors import Errors, StoreError

from ..contradictions import Contradiction
from ..types import Article, Extraction
from . import schema
from .backends import WRITE, Backend
from .browse import (
    ClaimFilter,
    ClaimPage,
    EventDetail,
    FigureFilter,
    FigurePage,
    article_events,
    claim_page,
    event_detail,
    figure_page,
)
from .control import ControlAnswer, control_of
from .track import TrackRecord, track_records
from .fusion import fuse_article
from .query import (
    EventFilter,
    EventSource,
    SourcedEvent,
    count_events,
    count_events_within,
    event_pages,
    event_sources,
    query_events,
    report_links,
)
from .records import EvidenceHit, StoredEvent
from .rows import (
    ArticleRows,
    Row,
    article_from_row,
    article_rows,
    claim_from_row,
    control_from_row,
    event_from_rows,
    figure_from_row,
)



class SqlStore:
    """The store behind a SQLAlchemy engine; open it with `frontlines.open_store(url)`."""

    def __init__(self, engine: Engine, backend: Backend, *, url: str) -> None:
        self.url = url
        self.backend = backend
        self._engine = engine
        self._writer = engine.execution_options(**{WRITE: True})

    # --- life ---------------------------------------------------------------------------

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<SqlStore {self.url}>"

    # --- writing ------------------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        """Whether the article with this content hash is stored."""
        with self._engine.connect() as conn:
            return _has(conn, article_id)

    def add(self, extraction: Extraction) -> bool:
        """Store one article with its reports, figures, claims, control changes and events,
        in one transaction. False (and nothing written) when the article is already there."""
        rows = article_rows(extraction)
        try:
            with self._writer.begin() as conn:
                if _has(conn, rows.article["id"]):
                    return False
                self._insert(conn, rows)
        except IntegrityError:
            if self.has(rows.article["id"]):  # another writer stored it meanwhile
                return False
            raise
        except (OperationalError, InterfaceError) as err:  # the database, not this article
            raise StoreError(Errors.E607.format(url=self.url, reason=reason(err))) from err
        return True

    def _insert(self, conn: Connection, rows: ArticleRows) -> None:
        conn.execute(schema.articles.insert(), [rows.article])
        _insert_all(conn, self.backend.insert_new(schema.actors), rows.actors)
        _insert_all(conn, self.backend.insert_new(schema.places), rows.places)
        _insert_all(conn, schema.reports.insert(), rows.reports)
        _insert_all(conn, schema.report_actors.insert(), rows.report_actors)
        _insert_all(conn, schema.figures.insert(), rows.figures)
        _insert_all(conn, schema.claims.insert(), rows.claims)
        _insert_all(conn, schema.control.insert(), rows.control)
        _insert_all(conn, self.backend.insert_new(schema.evidence), rows.evidence)
        fuse_article(conn, rows.article, rows.reports, rows.claims, rows.figures)

    # --- runs (bookkeeping, not content) ----------------------------------------------------

    def begin_run(self, *, command: str, inputs: Sequence[str], version: str) -> int:
        """Record that a run starts; returns its id for `end_run`."""
        with self._writer.begin() as conn:
            result = conn.execute(
                schema.runs.insert().values(started=_now(), command=command, inputs=list(inputs), version=version)
            )
            key = result.inserted_primary_key
            return int(key[0]) if key else 0

    def end_run(self, run_id: int, counts: Mapping[str, int]) -> None:
        """Record that a run ended, with its counts."""
        with self._writer.begin() as conn:
            conn.execute(
                schema.runs.update().where(schema.runs.c.id == run_id).values(finished=_now(), counts=dict(counts))
            )

    # --- reading ------------------------------------------------------------------------

    def article_ids(self) -> list[str]:
        """The ids (content hashes) of every stored article, sorted."""
        with self._engine.connect() as conn:
            return list(conn.execute(sa.select(schema.articles.c.id).order_by(schema.articles.c.id)).scalars())

    def article(self, article_id: str) -> Article | None:
        with self._engine.connect() as conn:
            row = _first(conn.execute(sa.select(schema.articles).where(schema.articles.c.id == article_id)))
        return article_from_row(row) if row is not None else None

    def extraction(self, article_id: str) -> Extraction | None:
        """Everything stored for one article, as `extract_article` gave it."""
        with self._engine.connect() as conn:
            found = _first(conn.execute(sa.select(schema.articles).where(schema.articles.c.id == article_id)))
            if found is None:
                return None
            article = article_from_row(found)

            def rows(table: sa.Table) -> list[Row]:
                query = sa.select(table).where(table.c.article_id == article_id).order_by(table.c.n)
                return _dicts(conn.execute(query))

            reports = rows(schema.reports)
            figure_rows = rows(schema.figures)
            claims = rows(schema.claims)
            control = rows(schema.control)
            actor_rows = _dicts(
                conn.execute(
                    sa.select(schema.report_actors)
                    .join(schema.reports, schema.reports.c.id == schema.report_actors.c.report_id)
                    .where(schema.reports.c.article_id == article_id)
                )
            )
        actors: dict[str, list[Row]] = {}
        for actor in actor_rows:
            actors.setdefault(actor["report_id"], []).append(actor)
        held: dict[str, list[Row]] = {}
        for figure in figure_rows:
            if figure["report_id"] is not None:
                held.setdefault(figure["report_id"], []).append(figure)
        events = tuple(
            event_from_rows(
                report,
                actors.get(report["id"], []),
                [figure_from_row(f) for f in sorted(held.get(report["id"], []), key=lambda f: f["report_n"])],
            )
            for report in reports
        )
        return Extraction(
            id=article.key,
            events=events,
            claims=tuple(claim_from_row(row) for row in claims),
            figures=tuple(figure_from_row(row) for row in figure_rows if row["listed"]),
            control=tuple(control_from_row(row) for row in control),
            article=article,
        )

    def events(self, *, limit: int | None = None) -> list[StoredEvent]:
        """Fused events, by date (undated last), then id."""
        events = schema.events
        query = sa.select(events).order_by(sa.nulls_last(events.c.event_date.asc()), events.c.id).limit(limit)
        with self._engine.connect() as conn:
            found = _dicts(conn.execute(query))
            sources = report_links(conn, [row["id"] for row in found])
        result = []
        for row in found:
            made_of = sources.get(row["id"], [])
            result.append(
                StoredEvent(
                    **{**row, "contested": bool(row["contested"])},
                    reports=tuple(report for report, _ in made_of),
                    articles=tuple(dict.fromkeys(article for _, article in made_of)),
                )
            )
        return result

    def connect(self) -> Connection:
        """A read connection, for modules that build their own queries (reports)."""
        return self._engine.connect()

    def control(self, place: str, *, on: dt.date | None = None) -> ControlAnswer:
        """Who held `place` on `on`, according to whom (`store/control.py`)."""
        with self._engine.connect() as conn:
            return control_of(conn, place, on=on)

    def track_records(self, claimants: Sequence[str] | None = None) -> list[TrackRecord]:
        """Each claimant's record: corroborated, contradicted, alone (`store/track.py`)."""
        with self._engine.connect() as conn:
            return track_records(conn, claimants=claimants)

    def contradictions(self) -> list[Contradiction]:
        """Every link between two claims or two figures that disagree, in id order."""
        table = schema.contradictions
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(table).order_by(table.c.a_id, table.c.b_id))
            return [Contradiction(a, b, kind, reason) for a, b, kind, reason in rows]

    def query_events(
        self, filters: EventFilter = EventFilter(), *, limit: int | None = None, offset: int = 0, sort: str = "date"
    ) -> list[StoredEvent]:
        """The fused events that match `filters`: `limit` of them (None: all) after `offset`,
        in `sort` order (`query.SORTS`). See `frontlines.store.query`."""
        with self._engine.connect() as conn:
            return query_events(conn, self.backend, filters, limit=limit, offset=offset, sort=sort)

    def count_events(self, filters: EventFilter = EventFilter(), *, cap: int | None = None) -> int:
        """How many fused events match `filters` (at most `cap`, when given)."""
        with self._engine.connect() as conn:
            return count_events(conn, self.backend, filters, cap=cap)

    def count_events_within(self, filters: EventFilter = EventFilter(), *, cap: int, seconds: float) -> int | None:
        """How many fused events match, at most `cap`; None when counting takes over `seconds`."""
        with self._engine.connect() as conn:
            return count_events_within(conn, self.backend, filters, cap=cap, seconds=seconds)

    def event_pages(
        self, filters: EventFilter = EventFilter(), *, sort: str = "date", size: int = 500
    ) -> Generator[list[SourcedEvent], None, None]:
        """Every fused event that matches, `size` at a time, with sources and actors: one
        streamed statement in one read transaction (close the iterator to end it early)."""
        with self._engine.connect() as conn:
            yield from event_pages(conn, self.backend, filters, sort=sort, size=size)

    def event_sources(self, ids: Sequence[str]) -> dict[str, tuple[EventSource, ...]]:
        """The reports of each event, with publisher, publication date, url and claimant."""
        with self._engine.connect() as conn:
            return event_sources(conn, ids)

    def event_detail(self, event_id: str) -> EventDetail | None:
        """One fused event in full: its reports in the order they joined it, their claims and
        figures, the contradictions among them (`store/browse.py`); None when unknown."""
        with self._engine.connect() as conn:
            return event_detail(conn, event_id)

    def claims(self, filters: ClaimFilter = ClaimFilter(), *, limit: int = 50, offset: int = 0) -> ClaimPage:
        """A page of claims, with the claims that contradict each (`store/browse.py`)."""
        with self._engine.connect() as conn:
            return claim_page(conn, filters, limit=limit, offset=offset)

    def figures(self, filters: FigureFilter = FigureFilter(), *, limit: int = 50, offset: int = 0) -> FigurePage:
        """A page of figures, with their events and the figures that contradict each."""
        with self._engine.connect() as conn:
            return figure_page(conn, filters, limit=limit, offset=offset)

    def article_events(self, article_id: str) -> list[str]:
        """The ids of the fused events the reports of an article are part of."""
        with self._engine.connect() as conn:
            return article_events(conn, article_id)

    def search(self, text: str, *, limit: int = 20) -> list[EvidenceHit]:
        """Evidence sentences that hold every word of `text` (stemmed: "shelled" finds
        "shelling"), best match first, with the records that cite each."""
        with self._engine.connect() as conn:
            ids = self.backend.search(conn, text, limit=limit)
            if not ids:
                return []
            found = {
                row["id"]: row for row in _dicts(conn.execute(sa.select(schema.evidence).where(schema.evidence.c.id.in_(ids))))
            }
            keys = [(row["article_id"], row["sentence"]) for row in found.values()]
            citing: dict[tuple[str, int], list[str]] = {}
            for table in (schema.reports, schema.claims, schema.figures, schema.control):
                query = (
                    sa.select(table.c.id, table.c.article_id, table.c.evidence_sentence)
                    .where(sa.tuple_(table.c.article_id, table.c.evidence_sentence).in_(keys))
                    .order_by(table.c.id)
                )
                for record, article_id, sentence in conn.execute(query):
                    citing.setdefault((article_id, sentence), []).append(record)
        return [
            EvidenceHit(
                id=key,
                article_id=found[key]["article_id"],
                sentence=found[key]["sentence"],
                text=found[key]["text"],
                records=tuple(citing.get((found[key]["article_id"], found[key]["sentence"]), [])),
            )
            for key in ids
            if key in found
        ]

    def counts(self, tables: Sequence[str] = schema.CONTENT_TABLES) -> dict[str, int]:
        """Rows per content table (or per table of `tables`)."""
        with self._engine.connect() as conn:
            return {
                name: int(conn.execute(sa.select(sa.func.count()).select_from(schema.metadata.tables[name])).scalar_one())
                for name in tables
            }

    def rows(self, table: str) -> list[tuple[Any, ...]]:
        """Every row of a table, ordered by its primary key: to compare two stores."""
        found = schema.metadata.tables[table]
        with self._engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.select(found).order_by(*found.primary_key.columns))]

    def version(self) -> int:
        """The store's schema version."""
        from .migrations import current_version

        with self._engine.connect() as conn:
            return current_version(conn)


def reason(err: BaseException) -> str:
    """A database error in one line: the driver's message, without SQLAlchemy's statement
    dump and help link."""
    orig = getattr(err, "orig", None)
    text = str(orig if isinstance(orig, BaseException) else err).split("\n(Background on this error")[0]
    return " ".join(text.split()) or type(err).__name__


def _dicts(result: sa.Result[Any]) -> list[Row]:
    return [dict(row) for row in result.mappings()]


def _first(result: sa.Result[Any]) -> Row | None:
    row = result.mappings().first()
    return dict(row) if row is not None else None


def _has(conn: Connection, article_id: str) -> bool:
    query = sa.select(schema.articles.c.id).where(schema.articles.c.id == article_id)
    return conn.execute(query).first() is not None


def _insert_all(conn: Connection, statement: sa.Insert, rows: Sequence[Row]) -> None:
    if rows:
        conn.execute(statement, list(rows))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
