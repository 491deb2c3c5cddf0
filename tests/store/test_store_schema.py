"""Schema versions: the migrations give the tables of schema.py, an older store upgrades on
open, a newer one is refused; store URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from frontlines.errors import StoreError
from frontlines.store import engine_for, migrations, open_store, parse_filter, query, resolve_url, upgrade
from frontlines.store.rows import article_rows
from frontlines.store.schema import metadata
from frontlines.types import Extraction


def test_store_schema_migrations_give_the_tables_of_schema_py(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.version() == migrations.HEAD
    engine, _ = engine_for(resolve_url(store_url))
    try:
        inspector = sa.inspect(engine)
        for table in metadata.sorted_tables:
            found = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
            assert found == {c.name: c.nullable for c in table.columns}, table.name
            indexes = {i["name"] for i in inspector.get_indexes(table.name)}
            assert {i.name for i in table.indexes} <= indexes, table.name
    finally:
        engine.dispose()


def _version_1_store(url: str, extraction: Extraction) -> None:
    """A store as version 1 of the schema left it, holding one article (no evidence table)."""
    engine, backend = engine_for(resolve_url(url))
    try:
        upgrade(engine, backend, url=url, target=1)
        rows = article_rows(extraction)
        names = ("articles", "actors", "places", "reports", "report_actors", "figures", "claims", "control")
        tables = {name: sa.Table(name, sa.MetaData(), autoload_with=engine) for name in (*names, "events", "event_sources")}
        with engine.begin() as conn:
            conn.execute(tables["articles"].insert(), [rows.article])
            for name in names[1:]:
                if getattr(rows, name):
                    conn.execute(tables[name].insert(), list(getattr(rows, name)))
            conn.execute(tables["events"].insert(), [_version_1_event(r) for r in rows.reports])
            conn.execute(
                tables["event_sources"].insert(),
                [{"event_id": r["id"], "report_id": r["id"], "article_id": r["article_id"]} for r in rows.reports],
            )
    finally:
        engine.dispose()


def _version_1_event(report: dict[str, object]) -> dict[str, object]:
    """An event of one report, as version 1 stored every report."""
    same = ("event_date", "time_precision", "event_type", "sub_event_type", "plover_event", "plover_mode",
            "cameo_root", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
            "country", "admin1", "admin2", "latitude", "longitude", "geo_precision", "place_id", "fatalities",
            "fatalities_flag", "confidence")
    return {
        "id": report["id"], **{k: report[k] for k in same}, "location": report["place_name"],
        "notes": report["evidence_text"], "claimed_by": report["claimed_by_text"], "sources": 1, "contested": False,
    }


def test_store_schema_version_1_store_upgrades_on_open(
    store_url: str, seed: Extraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    _version_1_store(store_url, seed)
    engine, _ = engine_for(resolve_url(store_url))
    try:
        assert not sa.inspect(engine).has_table("evidence")
    finally:
        engine.dispose()
    with open_store(store_url) as store:
        assert store.version() == migrations.HEAD
        assert store.extraction(seed.article.content_hash) == seed
        # the evidence of the records stored before the upgrade is searchable
        assert 9 in [hit.sentence for hit in store.search("frontline river")]
        assert store.counts()["evidence"] == len(article_rows(seed).evidence)
        # and the text filter finds their events, from the sentence keys the upgrade gave
        # the event sources (read in order) as from the full-text index (read first)
        filters = parse_filter(text="frontline river")
        found = [e.id for e in store.query_events(filters)]
        assert found
        monkeypatch.setattr(query, "SPARSE_TEXT", 0)
        assert [e.id for e in store.query_events(filters)] == found
        # and the store goes on taking articles
        assert store.add(seed) is False


def test_store_schema_newer_store_is_refused(store_url: str) -> None:
    with open_store(store_url):
        pass
    engine, _ = engine_for(resolve_url(store_url))
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')"))
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match=rf"\[E603\] .* schema version 99, newer than this frontlines knows \({migrations.HEAD}\)"):
        open_store(store_url)


def test_store_schema_reopening_a_current_store_changes_nothing(store_url: str, seed: Extraction) -> None:
    with open_store(store_url) as store:
        store.add(seed)
        before = store.rows("schema_migrations")
    with open_store(store_url) as store:
        assert store.rows("schema_migrations") == before == [(m.version, m.name) for m in migrations.MIGRATIONS]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
        ("/tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
        ("postgres://me@db/monitor", "postgresql://me@db/monitor"),
        ("postgresql://me:secret@db:5433/monitor", "postgresql://me:***@db:5433/monitor"),
    ],
)
def test_store_url_forms(given: str, expected: str) -> None:
    assert resolve_url(given).render_as_string(hide_password=True) == expected


def test_store_url_relative_path_is_a_file_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_url("monitor.sqlite").database == str(tmp_path / "monitor.sqlite")


def test_store_url_default_is_in_the_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTLINES_DB", raising=False)
    monkeypatch.setenv("FRONTLINES_DATA", str(tmp_path))
    assert resolve_url(None).database == str(tmp_path / "frontlines.sqlite")
    monkeypatch.setenv("FRONTLINES_DB", "sqlite:////elsewhere/x.sqlite")
    assert resolve_url(None).database == "/elsewhere/x.sqlite"


@pytest.mark.parametrize("url", ["mysql://me@db/monitor", "nonsense://", "http://example.org/db"])
def test_store_url_unknown_scheme_is_E601(url: str) -> None:
    with pytest.raises(StoreError, match=r"^\[E601\] Unknown store URL"):
        open_store(url)


def test_store_unreachable_is_E602(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match=r"^\[E602\] Cannot open the store"):
        open_store(f"sqlite:///{blocker / 'store.sqlite'}")
    with pytest.raises(StoreError, match=r"^\[E602\] Cannot open the store postgresql://nobody@127.0.0.1:9/x"):
        open_store("postgresql://nobody@127.0.0.1:9/x?connect_timeout=2")


def test_store_sqlite_is_wal_with_foreign_keys(tmp_path: Path, seed: Extraction) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with open_store(url) as store:
        store.add(seed)
    engine, _ = engine_for(resolve_url(url))
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            with pytest.raises(sa.exc.IntegrityError):
                conn.exec_driver_sql(
                    "INSERT INTO event_sources (event_id, report_id, article_id) VALUES ('x', 'y', 'z')"
                )
    finally:
        engine.dispose()
