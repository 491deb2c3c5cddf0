"""Schema versions, and the upgrades from each to the next.

A store records its version in `schema_migrations` (one row per upgrade applied).
`upgrade()` runs on every `open_store()`: a new store goes through every migration from
version 0, an older one through those it lacks, all in one transaction, so a store is
never left between two versions; a store newer than this code is refused (E603).

Each migration states the DDL of its own version and never reads `schema.py`, which
describes the latest version only: a later change to a table is a new migration (and an
edit of `schema.py`), never an edit of an old one. `tests/store/test_store_schema.py`
checks that the migrations, run from 0, give exactly the tables of `schema.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .backends import Backend

_V1_JSON = sa.JSON(none_as_null=True)

Apply = Callable[[Connection, Backend], None]


@dataclass(frozen=True)
class Migration:
    """One step: from `version - 1` to `version`."""

    version: int
    name: str
    apply: Apply


def _v1_evidence() -> list[sa.Column[object]]:
    return [
        sa.Column("evidence_sentence", sa.Integer, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_text", sa.Text, nullable=False),
    ]


def _v1_claimed_by() -> list[sa.Column[object]]:
    return [
        sa.Column("claimed_by_text", sa.Text, nullable=False),
        sa.Column("claimed_by_kind", sa.Text, nullable=False),
        sa.Column("claimed_by_canonical", sa.Text, nullable=False),
        sa.Column("claimed_by_origin", _V1_JSON),
    ]


def _m1_initial(conn: Connection, backend: Backend) -> None:
    """Articles, reports and their actors, figures, claims, control changes, the actor and
    place registries, fused events with their sources, and the runs."""
    md = sa.MetaData()
    sa.Table(
        "articles",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("source_id", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("publisher", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("dateline_place", sa.Text, nullable=False),
        sa.Index("articles_published", "published"),
        sa.Index("articles_source_id", "source_id"),
    )
    sa.Table(
        "actors",
        md,
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("inter", sa.Integer, nullable=False),
        sa.Column("sector", sa.Text, nullable=False),
        sa.Column("country", sa.Text, nullable=False),
    )
    sa.Table(
        "places",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("country", sa.Text, nullable=False),
        sa.Column("admin1", sa.Text, nullable=False),
        sa.Column("admin2", sa.Text, nullable=False),
        sa.Column("latitude", sa.Double),
        sa.Column("longitude", sa.Double),
        sa.Column("feature", sa.Text, nullable=False),
    )
    sa.Table(
        "reports",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("sub_event_type", sa.Text, nullable=False),
        sa.Column("plover_event", sa.Text, nullable=False),
        sa.Column("plover_mode", sa.Text, nullable=False),
        sa.Column("cameo_root", sa.Text, nullable=False),
        sa.Column("trigger_text", sa.Text, nullable=False),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("area", sa.Text, nullable=False),
        sa.Column("event_date", sa.Date),
        sa.Column("time_precision", sa.Integer),
        sa.Column("date_text", sa.Text),
        sa.Column("actor1", sa.Text),
        sa.Column("assoc_actor_1", sa.Text, nullable=False),
        sa.Column("inter1", sa.Integer),
        sa.Column("actor2", sa.Text),
        sa.Column("assoc_actor_2", sa.Text, nullable=False),
        sa.Column("inter2", sa.Integer),
        sa.Column("interaction", sa.Integer, nullable=False),
        sa.Column("country", sa.Text, nullable=False),
        sa.Column("place_id", sa.Text, sa.ForeignKey("places.id")),
        sa.Column("place_name", sa.Text),
        sa.Column("admin1", sa.Text),
        sa.Column("admin2", sa.Text),
        sa.Column("latitude", sa.Double),
        sa.Column("longitude", sa.Double),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("place_text", sa.Text),
        sa.Column("place_country", sa.Text),
        sa.Column("place_relation", sa.Text),
        sa.Column("place_start", sa.Integer),
        sa.Column("place_end", sa.Integer),
        sa.Column("geonameid", sa.Text),
        sa.Column("place_fallback", sa.Boolean),
        sa.Column("place_note", sa.Text),
        sa.Column("place_within", sa.Text),
        sa.Column("place_feature", sa.Text),
        sa.Column("place_also", _V1_JSON),
        sa.Column("fatalities", sa.Integer, nullable=False),
        sa.Column("fatalities_flag", sa.Text, nullable=False),
        *_v1_claimed_by(),
        *_v1_evidence(),
        sa.Column("confidence", sa.Double, nullable=False),
        sa.Index("reports_article", "article_id"),
        sa.Index("reports_date", "event_date"),
    )
    sa.Table(
        "report_actors",
        md,
        sa.Column("report_id", sa.Text, sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("role", sa.Text, primary_key=True),
        sa.Column("n", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, sa.ForeignKey("actors.name")),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("inter", sa.Integer, nullable=False),
        sa.Column("sector", sa.Text, nullable=False),
        sa.Column("country", sa.Text, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Index("report_actors_name", "name"),
    )
    sa.Table(
        "figures",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("listed", sa.Boolean, nullable=False),
        sa.Column("report_id", sa.Text, sa.ForeignKey("reports.id")),
        sa.Column("report_n", sa.Integer),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("best", sa.Integer, nullable=False),
        sa.Column("low", sa.Integer),
        sa.Column("high", sa.Integer),
        sa.Column("qualifier", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("of_which", _V1_JSON, nullable=False),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("vague", sa.Boolean, nullable=False),
        *_v1_claimed_by(),
        *_v1_evidence(),
        sa.Index("figures_article", "article_id"),
        sa.Index("figures_report", "report_id"),
    )
    sa.Table(
        "claims",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("speaker", sa.Text, nullable=False),
        sa.Column("speaker_kind", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("claim_date", sa.Date),
        sa.Column("origin", _V1_JSON),
        *_v1_evidence(),
        sa.Index("claims_article", "article_id"),
    )
    sa.Table(
        "control",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("report_id", sa.Text, sa.ForeignKey("reports.id")),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("area", sa.Text, nullable=False),
        sa.Column("place_id", sa.Text),
        sa.Column("location", _V1_JSON),
        sa.Column("held_by", sa.Text, nullable=False),
        sa.Column("previous_holder", sa.Text, nullable=False),
        sa.Column("control_date", sa.Date),
        *_v1_claimed_by(),
        *_v1_evidence(),
        sa.Index("control_article", "article_id"),
        sa.Index("control_place", "place"),
    )
    sa.Table(
        "events",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("event_date", sa.Date),
        sa.Column("time_precision", sa.Integer),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("sub_event_type", sa.Text, nullable=False),
        sa.Column("plover_event", sa.Text, nullable=False),
        sa.Column("plover_mode", sa.Text, nullable=False),
        sa.Column("cameo_root", sa.Text, nullable=False),
        sa.Column("actor1", sa.Text),
        sa.Column("assoc_actor_1", sa.Text, nullable=False),
        sa.Column("inter1", sa.Integer),
        sa.Column("actor2", sa.Text),
        sa.Column("assoc_actor_2", sa.Text, nullable=False),
        sa.Column("inter2", sa.Integer),
        sa.Column("interaction", sa.Integer, nullable=False),
        sa.Column("country", sa.Text, nullable=False),
        sa.Column("admin1", sa.Text),
        sa.Column("admin2", sa.Text),
        sa.Column("location", sa.Text),
        sa.Column("latitude", sa.Double),
        sa.Column("longitude", sa.Double),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("place_id", sa.Text, sa.ForeignKey("places.id")),
        sa.Column("fatalities", sa.Integer, nullable=False),
        sa.Column("fatalities_flag", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("claimed_by", sa.Text, nullable=False),
        sa.Column("confidence", sa.Double, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("contested", sa.Boolean, nullable=False),
        sa.Index("events_date", "event_date"),
        sa.Index("events_where", "country", "admin1"),
        sa.Index("events_type", "sub_event_type"),
    )
    sa.Table(
        "event_sources",
        md,
        sa.Column("event_id", sa.Text, sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("report_id", sa.Text, sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id"), nullable=False),
        sa.Index("event_sources_report", "report_id", unique=True),
        sa.Index("event_sources_article", "article_id"),
    )
    sa.Table(
        "runs",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True)),
        sa.Column("command", sa.Text, nullable=False),
        sa.Column("inputs", _V1_JSON, nullable=False),
        sa.Column("version", sa.Text, nullable=False),
        sa.Column("counts", _V1_JSON),
    )
    md.create_all(conn)


def _m2_evidence_search(conn: Connection, backend: Backend) -> None:
    """The sentences that records cite, in their own table, indexed for full-text search;
    filled from the records already stored."""
    md = sa.MetaData()
    evidence = sa.Table(
        "evidence",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Index("evidence_article", "article_id"),
    )
    sa.Table("articles", md, sa.Column("id", sa.Text, primary_key=True))  # for the foreign key
    evidence.create(conn)
    cited = sa.union(
        *(
            sa.select(
                sa.column("article_id"), sa.column("evidence_sentence"), sa.column("evidence_text")
            ).select_from(sa.table(name))
            for name in ("reports", "claims", "figures", "control")
        )
    ).subquery()
    rows = conn.execute(
        sa.select(cited).order_by(cited.c.article_id, cited.c.evidence_sentence, cited.c.evidence_text)
    )
    seen: set[str] = set()
    batch: list[dict[str, object]] = []
    for article_id, sentence, text in rows:
        key = f"{article_id}:s{sentence}"
        if key not in seen:
            seen.add(key)
            batch.append({"id": key, "article_id": article_id, "sentence": sentence, "text": text})
    if batch:
        conn.execute(evidence.insert(), batch)
    if backend.name == "sqlite":  # FTS5 keeps its own copy of each row, found by `id`
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE evidence_fts USING fts5("
            "id UNINDEXED, text, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN "
            "INSERT INTO evidence_fts (id, text) VALUES (new.id, new.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN "
            "DELETE FROM evidence_fts WHERE id = old.id; END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER evidence_fts_update AFTER UPDATE OF text ON evidence BEGIN "
            "UPDATE evidence_fts SET text = new.text WHERE id = old.id; END"
        )
        conn.exec_driver_sql("INSERT INTO evidence_fts (id, text) SELECT id, text FROM evidence ORDER BY id")
    else:
        conn.exec_driver_sql("CREATE INDEX evidence_search ON evidence USING gin (to_tsvector('english', text))")


def _m3_fusion(conn: Connection, backend: Backend) -> None:
    """Fused events say which reports support each field (`support`) and how many
    independent outlets told them; contradictions between claims and between figures."""
    json_type = _V1_JSON.compile(dialect=conn.dialect)
    conn.execute(sa.text(f"ALTER TABLE events ADD COLUMN support {json_type}"))
    conn.execute(sa.text("ALTER TABLE events ADD COLUMN independent_sources INTEGER NOT NULL DEFAULT 1"))
    md = sa.MetaData()
    sa.Table(
        "contradictions",
        md,
        sa.Column("a_id", sa.Text, primary_key=True),
        sa.Column("b_id", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Index("contradictions_b", "b_id"),
    )
    md.create_all(conn)


def _m4_query_indexes(conn: Connection, backend: Backend) -> None:
    """Indexes for the event filters and sorts of `store/query.py`: the bounding box
    (latitude, then longitude), contested events only, the event type (with `events_type`
    over the sub-event type, `type = X` is one index lookup per column), and the deadliest first."""
    events = sa.Table(
        "events",
        sa.MetaData(),
        sa.Column("latitude", sa.Double),
        sa.Column("longitude", sa.Double),
        sa.Column("contested", sa.Boolean),
        sa.Column("event_type", sa.Text),
        sa.Column("fatalities", sa.Integer),
    )
    for index in (
        sa.Index("events_point", events.c.latitude, events.c.longitude),
        sa.Index("events_contested", events.c.contested),
        sa.Index("events_event_type", events.c.event_type),
        sa.Index("events_fatalities", events.c.fatalities),
    ):
        index.create(conn)


def _m5_sorted_filters(conn: Connection, backend: Backend) -> None:
    """Each equality filter of `store/query.py` with the date after it (country, event type,
    sub-event type, contested), so a filtered page in date order is read in index order and
    ends at its last row, instead of sorting every match; sorting by sources the same way.
    They replace the indexes of the type and contested filters alone."""
    events = sa.Table(
        "events",
        sa.MetaData(),
        sa.Column("country", sa.Text),
        sa.Column("event_type", sa.Text),
        sa.Column("sub_event_type", sa.Text),
        sa.Column("contested", sa.Boolean),
        sa.Column("sources", sa.Integer),
        sa.Column("event_date", sa.Date),
    )
    for name in ("events_type", "events_event_type", "events_contested"):
        conn.execute(sa.text(f"DROP INDEX {name}"))
    for index in (
        sa.Index("events_country_date", events.c.country, events.c.event_date),
        sa.Index("events_event_type_date", events.c.event_type, events.c.event_date),
        sa.Index("events_sub_event_type_date", events.c.sub_event_type, events.c.event_date),
        sa.Index("events_contested_date", events.c.contested, events.c.event_date),
        sa.Index("events_sources_date", events.c.sources, events.c.event_date),
    ):
        index.create(conn)


def _m6_evidence_keys(conn: Connection, backend: Backend) -> None:
    """Evidence rows get an integer key (`rows.evidence_key`, a hash of the id) and SQLite's
    full-text index refers to them by it instead of keeping a copy of each row: a filter on
    a common word then reads the matching keys straight from the index (an FTS5 table over
    `evidence` as external content, kept in step by triggers). The table is rebuilt; the
    PostgreSQL GIN index is made again over the new table."""
    from .rows import evidence_key

    if backend.name == "sqlite":
        for name in ("evidence_fts_insert", "evidence_fts_delete", "evidence_fts_update"):
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        conn.exec_driver_sql("DROP TABLE evidence_fts")
    conn.exec_driver_sql("ALTER TABLE evidence RENAME TO evidence_v5")
    if backend.name == "sqlite":  # SQLite renames the index with the table, not its name
        conn.exec_driver_sql("DROP INDEX evidence_article")
    else:
        conn.exec_driver_sql("DROP INDEX evidence_search")
        conn.exec_driver_sql("ALTER INDEX evidence_article RENAME TO evidence_v5_article")
        conn.exec_driver_sql("ALTER TABLE evidence_v5 RENAME CONSTRAINT evidence_pkey TO evidence_v5_pkey")
    md = sa.MetaData()
    sa.Table("articles", md, sa.Column("id", sa.Text, primary_key=True))  # for the foreign key
    evidence = sa.Table(
        "evidence",
        md,
        sa.Column("key", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=False),
        sa.Column("id", sa.Text, nullable=False, unique=True),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Index("evidence_article", "article_id"),
    )
    evidence.create(conn)
    old = sa.table("evidence_v5", sa.column("id"), sa.column("article_id"), sa.column("sentence"), sa.column("text"))
    rows = conn.execute(sa.select(old).order_by(old.c.id).execution_options(yield_per=10_000)).mappings()
    for chunk in rows.partitions(10_000):
        conn.execute(evidence.insert(), [{**row, "key": evidence_key(row["id"])} for row in chunk])
    conn.exec_driver_sql("DROP TABLE evidence_v5")
    if backend.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE evidence_fts USING fts5(text, content = 'evidence', content_rowid = 'key', "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN "
            "INSERT INTO evidence_fts (rowid, text) VALUES (new.key, new.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN "
            "INSERT INTO evidence_fts (evidence_fts, rowid, text) VALUES ('delete', old.key, old.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER evidence_fts_update AFTER UPDATE OF text ON evidence BEGIN "
            "INSERT INTO evidence_fts (evidence_fts, rowid, text) VALUES ('delete', old.key, old.text); "
            "INSERT INTO evidence_fts (rowid, text) VALUES (new.key, new.text); END"
        )
        conn.exec_driver_sql("INSERT INTO evidence_fts (evidence_fts) VALUES ('rebuild')")
    else:
        conn.exec_driver_sql("CREATE INDEX evidence_search ON evidence USING gin (to_tsvector('english', text))")


def _m7_country_type(conn: Connection, backend: Backend) -> None:
    """Country and event type together ("Battles in Syria"), the date after them, so such a
    page is read in date order from the rows of both; `contested` last, so "contested
    battles in Syria" is decided in the index, without reading each event's row."""
    events = sa.Table(
        "events",
        sa.MetaData(),
        sa.Column("country", sa.Text),
        sa.Column("event_type", sa.Text),
        sa.Column("event_date", sa.Date),
        sa.Column("contested", sa.Boolean),
    )
    columns = (events.c.country, events.c.event_type, events.c.event_date, events.c.contested)
    sa.Index("events_country_type_date", *columns).create(conn)


def _m8_sources_cite(conn: Connection, backend: Backend) -> None:
    """Each row of `event_sources` holds the key of the sentence its report cites, so a text
    filter checks an event's reports in the index (event_id, evidence_key) without reading
    the reports. Nullable: SQLite adds no NOT NULL column to rows already there."""
    from .rows import evidence_id, evidence_key

    conn.execute(sa.text(f"ALTER TABLE event_sources ADD COLUMN evidence_key {sa.BigInteger().compile(dialect=conn.dialect)}"))
    sources = sa.table("event_sources", sa.column("report_id"), sa.column("evidence_key"))
    reports = sa.table("reports", sa.column("id"), sa.column("article_id"), sa.column("evidence_sentence"))
    cited = sa.select(reports.c.id, reports.c.article_id, reports.c.evidence_sentence).order_by(reports.c.id)
    update = sources.update().where(sources.c.report_id == sa.bindparam("report")).values(evidence_key=sa.bindparam("key"))
    for chunk in conn.execute(cited.execution_options(yield_per=10_000)).partitions(10_000):
        keys = [{"report": rid, "key": evidence_key(evidence_id(article, sentence))} for rid, article, sentence in chunk]
        conn.execute(update, keys)
    events = sa.Table(
        "event_sources", sa.MetaData(), sa.Column("event_id", sa.Text), sa.Column("evidence_key", sa.BigInteger)
    )
    sa.Index("event_sources_cited", events.c.event_id, events.c.evidence_key).create(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, reports, figures, claims, control, events", _m1_initial),
    Migration(2, "evidence sentences with full-text search", _m2_evidence_search),
    Migration(3, "fused events' field support and independent sources; contradictions", _m3_fusion),
    Migration(4, "indexes for the event filters and sorts", _m4_query_indexes),
    Migration(5, "indexes for filtered pages in date order", _m5_sorted_filters),
    Migration(6, "evidence keyed by integers the full-text index refers to", _m6_evidence_keys),
    Migration(7, "index for country and event type together", _m7_country_type),
    Migration(8, "event sources hold the key of the sentence their report cites", _m8_sources_cite),
)
"""Every migration, in order; the last one's version is the current schema version."""

HEAD = MIGRATIONS[-1].version

_versions = sa.Table(
    "schema_migrations",
    sa.MetaData(),
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
)


def current_version(conn: Connection) -> int:
    """The store's schema version: 0 for an empty database."""
    if not sa.inspect(conn).has_table("schema_migrations"):
        return 0
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(_versions.c.version), 0))).scalar_one())


def pending(found: int, *, target: int = HEAD) -> list[Migration]:
    """The migrations that take a store at version `found` to `target`."""
    return [m for m in MIGRATIONS if found < m.version <= target]


def apply(conn: Connection, backend: Backend, migrations: list[Migration]) -> None:
    """Run `migrations` in the caller's transaction, recording each."""
    if migrations and not sa.inspect(conn).has_table("schema_migrations"):
        _versions.create(conn)
    for migration in migrations:
        migration.apply(conn, backend)
        conn.execute(_versions.insert().values(version=migration.version, name=migration.name))
