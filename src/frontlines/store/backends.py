"""What differs between SQLite and PostgreSQL, behind one small interface.

Everything else in the store is SQLAlchemy Core and runs unchanged on both. A backend
makes the engine (SQLite: WAL, foreign keys, transactions the store begins itself;
PostgreSQL: psycopg 3), says how to insert a row only when its key is new, how to serialise
migrations, and how to search the evidence sentences (SQLite: an FTS5 table over them, kept
in step by triggers; PostgreSQL: a GIN index over `to_tsvector('english', text)`; both made
by `migrations.py`), and how to stop a statement that runs too long (SQLite: a progress
handler; PostgreSQL: a transaction-local `statement_timeout`).
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

WRITE = "frontlines_write"
"""Execution option of the connections that write: SQLite then begins with BEGIN IMMEDIATE,
so two writers queue for the lock instead of failing halfway through a transaction."""

_BUSY_TIMEOUT_MS = 60_000

_PROGRESS_STEPS = 20_000
"""SQLite virtual-machine steps between two checks of a time limit (about a millisecond):
each check takes the GIL, which a query on another thread then waits for."""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class Backend(Protocol):
    """One database family."""

    name: str

    def engine(self, url: sa.URL) -> Engine:
        """A new engine for `url`."""

    def lock(self, conn: Connection) -> None:
        """Serialise schema upgrades: called first in the upgrade's transaction."""

    def insert_new(self, table: sa.Table) -> sa.Insert:
        """INSERT that leaves a row alone when its primary key is already there."""

    def search(self, conn: Connection, query: str, *, limit: int) -> list[str]:
        """Ids of the evidence rows that hold every word of `query`, best first."""

    def matching(self, query: str) -> sa.TextualSelect | None:
        """A subquery of the keys of the evidence rows that hold every word of `query`
        (unranked, to filter by); None when `query` has no word."""

    def time_limit(self, conn: Connection, seconds: float) -> AbstractContextManager[None]:
        """Within the block, a statement still running `seconds` after the block began is
        stopped, and TimeoutError raised (for answers that may be given up, like a count)."""


class SqliteBackend:
    name = "sqlite"

    def engine(self, url: sa.URL) -> Engine:
        if url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, json_serializer=_dumps)

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            # The driver's own transaction handling is off: the store begins every
            # transaction itself (below), so DDL and reads are transactional too.
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            for pragma in (
                f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}",
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = NORMAL",  # with WAL: a commit survives a killed process
                "PRAGMA foreign_keys = ON",
            ):
                cursor.execute(pragma)
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")

        return engine

    def lock(self, conn: Connection) -> None:
        pass  # the upgrade runs in a BEGIN IMMEDIATE transaction: one writer at a time

    def insert_new(self, table: sa.Table) -> sa.Insert:
        return sqlite.insert(table).on_conflict_do_nothing()

    def search(self, conn: Connection, query: str, *, limit: int) -> list[str]:
        match = _fts5_match(query)
        if match is None:
            return []
        rows = conn.execute(
            sa.text(
                "SELECT evidence.id FROM evidence_fts JOIN evidence ON evidence.key = evidence_fts.rowid "
                "WHERE evidence_fts MATCH :match ORDER BY bm25(evidence_fts), evidence.id LIMIT :limit"
            ),
            {"match": match, "limit": limit},
        )
        return [str(row[0]) for row in rows]

    def matching(self, query: str) -> sa.TextualSelect | None:
        match = _fts5_match(query)
        if match is None:
            return None
        statement = sa.text("SELECT rowid AS key FROM evidence_fts WHERE evidence_fts MATCH :evidence_match")
        return statement.bindparams(evidence_match=match).columns(key=sa.BigInteger)

    @contextlib.contextmanager
    def time_limit(self, conn: Connection, seconds: float) -> Iterator[None]:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        deadline = time.monotonic() + seconds
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), _PROGRESS_STEPS)
        try:
            yield
        except sa.exc.OperationalError as err:
            if time.monotonic() > deadline:  # "interrupted" by the handler
                raise TimeoutError(f"stopped after {seconds} s") from err
            raise
        finally:
            raw.set_progress_handler(None, 0)


def _fts5_match(query: str) -> str | None:
    """An FTS5 query that asks for every word of `query` (each quoted, so nothing in it is
    FTS5 syntax); None when it has no word."""
    words = [word for word in re.split(r"\s+", query) if word.strip('"')]
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


class PostgresBackend:
    name = "postgresql"

    def engine(self, url: sa.URL) -> Engine:
        return sa.create_engine(url.set(drivername="postgresql+psycopg"), json_serializer=_dumps, pool_pre_ping=True)

    def lock(self, conn: Connection) -> None:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('frontlines schema upgrade'))"))

    def insert_new(self, table: sa.Table) -> sa.Insert:
        return postgresql.insert(table).on_conflict_do_nothing()

    def search(self, conn: Connection, query: str, *, limit: int) -> list[str]:
        if not query.strip():
            return []
        rows = conn.execute(
            sa.text(
                "SELECT id FROM evidence, plainto_tsquery('english', :query) AS query "
                "WHERE to_tsvector('english', text) @@ query "
                "ORDER BY ts_rank(to_tsvector('english', text), query) DESC, id LIMIT :limit"
            ),
            {"query": query, "limit": limit},
        )
        return [str(row[0]) for row in rows]

    def matching(self, query: str) -> sa.TextualSelect | None:
        if not query.strip():
            return None
        statement = sa.text(
            "SELECT key FROM evidence WHERE to_tsvector('english', text) @@ plainto_tsquery('english', :evidence_query)"
        )
        return statement.bindparams(evidence_query=query).columns(key=sa.BigInteger)

    @contextlib.contextmanager
    def time_limit(self, conn: Connection, seconds: float) -> Iterator[None]:
        milliseconds = str(max(1, round(seconds * 1000)))
        conn.execute(sa.text("SELECT set_config('statement_timeout', :ms, true)"), {"ms": milliseconds})
        try:
            yield
        except sa.exc.OperationalError as err:
            if getattr(err.orig, "sqlstate", None) == "57014":  # query_canceled: the transaction is over
                raise TimeoutError(f"stopped after {seconds} s") from err
            raise
        conn.execute(sa.text("SELECT set_config('statement_timeout', '0', true)"))


BACKENDS: dict[str, Backend] = {"sqlite": SqliteBackend(), "postgresql": PostgresBackend()}
"""Backends by the URL's scheme (the part before `+driver`)."""
