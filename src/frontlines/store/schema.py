"""The store's tables as they are at the latest schema version (what queries use).

Content tables (everything `frontlines ingest` writes about what articles say) hold no
wall-clock value and no counter: every id is made from the article's content hash and a
position, so two stores fed the same articles in the same order are equal row for row.
Run bookkeeping (when, how many) lives apart in `runs`; `schema_migrations` records the
schema version. The tables are created and upgraded by `migrations.py`, never from here;
a test checks that the two agree.

    articles        one row per article; id = Article.content_hash
    reports         one event as one article told it (every field of types.Event);
                    id = "{article_id}:{n}", n its position in the extraction
    report_actors   the actors of a report: role actor1/actor2/assoc1/assoc2, position
    figures         counts of people (best/low/high) with claimant; report_id when an
                    event holds the figure; id = "{article_id}:f{n}"
    claims          who says what; id = "{article_id}:c{n}"
    control         who holds a place from when, according to whom; report_id when the
                    change comes from a territory event; id = "{article_id}:k{n}"
    actors, places  registries of canonical actors and gazetteer places (the first
                    report to name one fixes its row)
    events          the fused record: one real-world event, `sources` reports of it,
                    `contested` when they disagree; id = its first report's id
    event_sources   which reports (and articles) make each event, and the evidence key
                    of the sentence each report cites
    evidence        the sentences records cite, id = "{article_id}:s{sentence}", indexed
                    for full-text search (FTS5 on SQLite, a GIN index on PostgreSQL);
                    key = a 63-bit hash of the id, which the FTS5 index refers to
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

Json = sa.JSON(none_as_null=True)


def _evidence() -> list[sa.Column[object]]:
    return [
        sa.Column("evidence_sentence", sa.Integer, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_text", sa.Text, nullable=False),
    ]


def _claimed_by() -> list[sa.Column[object]]:
    return [
        sa.Column("claimed_by_text", sa.Text, nullable=False),
        sa.Column("claimed_by_kind", sa.Text, nullable=False),
        sa.Column("claimed_by_canonical", sa.Text, nullable=False),
        sa.Column("claimed_by_origin", Json),
    ]


articles = sa.Table(
    "articles",
    metadata,
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

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("inter", sa.Integer, nullable=False),
    sa.Column("sector", sa.Text, nullable=False),
    sa.Column("country", sa.Text, nullable=False),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("country", sa.Text, nullable=False),
    sa.Column("admin1", sa.Text, nullable=False),
    sa.Column("admin2", sa.Text, nullable=False),
    sa.Column("latitude", sa.Double),
    sa.Column("longitude", sa.Double),
    sa.Column("feature", sa.Text, nullable=False),
)

reports = sa.Table(
    "reports",
    metadata,
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
    sa.Column("place_also", Json),
    sa.Column("fatalities", sa.Integer, nullable=False),
    sa.Column("fatalities_flag", sa.Text, nullable=False),
    *_claimed_by(),
    *_evidence(),
    sa.Column("confidence", sa.Double, nullable=False),
    sa.Index("reports_article", "article_id"),
    sa.Index("reports_date", "event_date"),
)

report_actors = sa.Table(
    "report_actors",
    metadata,
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

figures = sa.Table(
    "figures",
    metadata,
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
    sa.Column("of_which", Json, nullable=False),
    sa.Column("period", sa.Text, nullable=False),
    sa.Column("vague", sa.Boolean, nullable=False),
    *_claimed_by(),
    *_evidence(),
    sa.Index("figures_article", "article_id"),
    sa.Index("figures_report", "report_id"),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("speaker", sa.Text, nullable=False),
    sa.Column("speaker_kind", sa.Text, nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("claim_date", sa.Date),
    sa.Column("origin", Json),
    *_evidence(),
    sa.Index("claims_article", "article_id"),
)

control = sa.Table(
    "control",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("report_id", sa.Text, sa.ForeignKey("reports.id")),
    sa.Column("place", sa.Text, nullable=False),
    sa.Column("area", sa.Text, nullable=False),
    sa.Column("place_id", sa.Text),
    sa.Column("location", Json),
    sa.Column("held_by", sa.Text, nullable=False),
    sa.Column("previous_holder", sa.Text, nullable=False),
    sa.Column("control_date", sa.Date),
    *_claimed_by(),
    *_evidence(),
    sa.Index("control_article", "article_id"),
    sa.Index("control_place", "place"),
)

events = sa.Table(
    "events",
    metadata,
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
    sa.Column("support", Json),  # field -> [{"value": ..., "reports": [ids]}], most supported first
    sa.Column("independent_sources", sa.Integer, nullable=False, server_default="1"),
    sa.Index("events_date", "event_date"),
    sa.Index("events_where", "country", "admin1"),
    sa.Index("events_point", "latitude", "longitude"),
    sa.Index("events_fatalities", "fatalities"),
    sa.Index("events_country_date", "country", "event_date"),
    sa.Index("events_country_type_date", "country", "event_type", "event_date", "contested"),
    sa.Index("events_event_type_date", "event_type", "event_date"),
    sa.Index("events_sub_event_type_date", "sub_event_type", "event_date"),
    sa.Index("events_contested_date", "contested", "event_date"),
    sa.Index("events_sources_date", "sources", "event_date"),
)

event_sources = sa.Table(
    "event_sources",
    metadata,
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("report_id", sa.Text, sa.ForeignKey("reports.id"), primary_key=True),
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("evidence_key", sa.BigInteger),  # the report's sentence (evidence.key); NULL never written
    sa.Index("event_sources_report", "report_id", unique=True),
    sa.Index("event_sources_article", "article_id"),
    sa.Index("event_sources_cited", "event_id", "evidence_key"),
)

contradictions = sa.Table(
    "contradictions",
    metadata,
    sa.Column("a_id", sa.Text, primary_key=True),  # claim or figure ids, a < b
    sa.Column("b_id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),  # "claim" or "figure"
    sa.Column("reason", sa.Text, nullable=False),
    sa.Index("contradictions_b", "b_id"),
)

EvidenceKey = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
"""SQLite: INTEGER PRIMARY KEY, so the key is the rowid (which VACUUM then keeps)."""

evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("key", EvidenceKey, primary_key=True, autoincrement=False),
    sa.Column("id", sa.Text, nullable=False, unique=True),
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Index("evidence_article", "article_id"),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished", sa.DateTime(timezone=True)),
    sa.Column("command", sa.Text, nullable=False),
    sa.Column("inputs", Json, nullable=False),
    sa.Column("version", sa.Text, nullable=False),
    sa.Column("counts", Json),
)

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
)

CONTENT_TABLES: tuple[str, ...] = (
    "articles",
    "actors",
    "places",
    "reports",
    "report_actors",
    "figures",
    "claims",
    "control",
    "events",
    "event_sources",
    "contradictions",
    "evidence",
)
"""Tables whose rows say what the articles say: equal in two stores fed the same articles
in the same order, however the runs were cut."""

BOOKKEEPING_TABLES: tuple[str, ...] = ("runs", "schema_migrations")
"""Tables about the store itself (times of runs, the schema version)."""
