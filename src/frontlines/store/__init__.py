"""The store: articles and everything extracted from them, on SQLite or PostgreSQL.

    store = open_store()                            # FRONTLINES_DB, else frontlines.sqlite
    store = open_store("sqlite:///monitor.sqlite")  # a file (a plain path works too)
    store = open_store("postgresql://me@db.example/monitor")
    store.add(extraction)                           # one transaction; False if already stored
    store.extraction(article_id)                    # the Extraction back
    store.events()                                  # fused events (StoredEvent)
    store.search("shelling Aleppo")                 # evidence sentences (EvidenceHit)
    store.query_events(parse_filter(country="SYR"), limit=50, sort="-date")  # see query.py

One data layer (SQLAlchemy Core) for both backends; what differs is in `backends.py`.
The schema is versioned (`migrations.py`): opening a store created by an older version
upgrades it. The tables are described in `schema.py`; `rows.py` turns extractions into
rows and back; `fusion.py` makes events from reports.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ..errors import Errors, StoreError
from ..types import Article, Extraction
from . import migrations
from .backends import BACKENDS, WRITE, Backend
from .query import EventFilter, EventSource, SourcedEvent, parse_filter
from .records import EvidenceHit, StoredEvent
from .sql import SqlStore, reason

STORE_NAME = "frontlines.sqlite"
"""The default store's file name, in the data directory (beside the gazetteer index)."""

ENV_VAR = "FRONTLINES_DB"
"""The environment variable that names the default store's URL."""


class Store(Protocol):
    """What the rest of frontlines needs from a store; `SqlStore` is the one we ship."""

    url: str

    def add(self, extraction: Extraction) -> bool: ...

    def has(self, article_id: str) -> bool: ...

    def article(self, article_id: str) -> Article | None: ...

    def extraction(self, article_id: str) -> Extraction | None: ...

    def article_ids(self) -> list[str]: ...

    def events(self, *, limit: int | None = None) -> list[StoredEvent]: ...

    def search(self, text: str, *, limit: int = 20) -> list[EvidenceHit]: ...

    def query_events(
        self, filters: EventFilter = ..., *, limit: int | None = None, offset: int = 0, sort: str = "date"
    ) -> list[StoredEvent]: ...

    def count_events(self, filters: EventFilter = ..., *, cap: int | None = None) -> int: ...

    def event_pages(
        self, filters: EventFilter = ..., *, sort: str = "date", size: int = 500
    ) -> Generator[list[SourcedEvent], None, None]: ...

    def event_sources(self, ids: Sequence[str]) -> dict[str, tuple[EventSource, ...]]: ...

    def counts(self) -> dict[str, int]: ...

    def rows(self, table: str) -> list[tuple[Any, ...]]: ...

    def begin_run(self, *, command: str, inputs: Sequence[str], version: str) -> int: ...

    def end_run(self, run_id: int, counts: Mapping[str, int]) -> None: ...

    def version(self) -> int: ...

    def close(self) -> None: ...


def default_url() -> str:
    """FRONTLINES_DB, else `frontlines.sqlite` in the data directory (FRONTLINES_DATA, else
    $XDG_DATA_HOME/frontlines, else ~/.local/share/frontlines)."""
    from ..gazetteer import data_dir

    return os.environ.get(ENV_VAR) or f"sqlite:///{data_dir() / STORE_NAME}"


def resolve_url(url: str | None = None) -> sa.URL:
    """The URL of a store: `url`, else `default_url()`; a plain path means an SQLite file,
    `postgres://` means `postgresql://`. Unknown schemes raise StoreError (E601)."""
    text = (url or "").strip() or default_url()
    if "://" not in text:
        text = f"sqlite:///{Path(text).expanduser().absolute()}"
    elif text.startswith("postgres://"):
        text = "postgresql://" + text.removeprefix("postgres://")
    try:
        parsed = sa.make_url(text)
    except ArgumentError:
        raise StoreError(Errors.E601.format(url=text)) from None
    if parsed.get_backend_name() not in BACKENDS:
        raise StoreError(Errors.E601.format(url=parsed.render_as_string(hide_password=True)))
    return parsed


def engine_for(url: sa.URL) -> tuple[Engine, Backend]:
    """A new engine for a resolved URL, and the backend that made it."""
    backend = BACKENDS[url.get_backend_name()]
    return backend.engine(url), backend


def open_store(url: str | None = None) -> SqlStore:
    """Open (creating or upgrading it first when needed) the store at `url`.

    `url`: `sqlite:///PATH` (or a plain path), `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`;
    None means FRONTLINES_DB, else `frontlines.sqlite` in the data directory. Raises
    StoreError when the store cannot be reached (E602) or upgraded (E604), or when its
    schema is newer than this code (E603).
    """
    parsed = resolve_url(url)
    shown = parsed.render_as_string(hide_password=True)
    try:
        engine, backend = engine_for(parsed)
    except (OSError, SQLAlchemyError) as err:
        raise StoreError(Errors.E602.format(url=shown, reason=reason(err))) from err
    try:
        upgrade(engine, backend, url=shown)
    except BaseException:
        engine.dispose()
        raise
    return SqlStore(engine, backend, url=shown)


def upgrade(engine: Engine, backend: Backend, *, url: str, target: int = migrations.HEAD) -> int:
    """Bring the store to schema version `target` (default: the latest); returns the
    version it had. Every pending migration runs in one transaction."""
    try:
        with engine.connect() as conn:
            found = migrations.current_version(conn)
        if found > migrations.HEAD:
            raise StoreError(Errors.E603.format(url=url, found=found, known=migrations.HEAD))
        if not migrations.pending(found, target=target):
            return found
    except SQLAlchemyError as err:
        raise StoreError(Errors.E602.format(url=url, reason=reason(err))) from err
    try:
        with engine.execution_options(**{WRITE: True}).begin() as conn:
            backend.lock(conn)
            found = migrations.current_version(conn)  # another process may have upgraded meanwhile
            migrations.apply(conn, backend, migrations.pending(found, target=target))
    except SQLAlchemyError as err:
        raise StoreError(Errors.E604.format(url=url, version=target, reason=reason(err))) from err
    return found


__all__ = [
    "ENV_VAR",
    "STORE_NAME",
    "EventFilter",
    "EventSource",
    "EvidenceHit",
    "SourcedEvent",
    "SqlStore",
    "Store",
    "StoredEvent",
    "default_url",
    "engine_for",
    "open_store",
    "parse_filter",
    "resolve_url",
    "upgrade",
]
