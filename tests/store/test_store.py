"""The store on every backend: round trip, identity, events, search, determinism.

Each test runs on SQLite and on PostgreSQL (see conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.outputs import event_id
from frontlines.store import SqlStore, open_store, schema
from frontlines.store.schema import CONTENT_TABLES
from frontlines.types import Extraction


def test_store_round_trip_of_the_seed_article(store: SqlStore, seed: Extraction) -> None:
    assert store.add(seed) is True
    assert store.extraction(seed.article.content_hash) == seed
    assert store.article(seed.article.content_hash) == seed.article


def test_store_round_trip_of_invented_articles(store: SqlStore, extractions: list[Extraction]) -> None:
    for extraction in extractions:
        store.add(extraction)
    for extraction in extractions:
        back = store.extraction(extraction.article.content_hash)
        assert back is not None
        assert (back.id, back.article, back.claims, back.figures, back.control) == (
            extraction.id, extraction.article, extraction.claims, extraction.figures, extraction.control
        )
        # an event's figures come back as the article lists them (with the speaker's origin)
        assert [[(f.kind, f.best, f.evidence) for f in e.figures] for e in back.events] == [
            [(f.kind, f.best, f.evidence) for f in e.figures] for e in extraction.events
        ]
    assert sorted(store.article_ids()) == sorted(e.article.content_hash for e in extractions)


def test_store_event_figures_are_linked_to_their_report(store: SqlStore, extractions: list[Extraction]) -> None:
    kunduz = extractions[1]
    assert any(event.figures for event in kunduz.events), "the invented Kunduz report holds a figure"
    store.add(kunduz)
    back = store.extraction(kunduz.article.content_hash)
    assert back is not None
    held = [(f.kind, f.best) for e in back.events for f in e.figures]
    assert ("killed", 5) in held


def test_store_same_article_twice_changes_nothing(store: SqlStore, seed: Extraction) -> None:
    assert store.add(seed) is True
    before = {table: store.rows(table) for table in CONTENT_TABLES}
    assert store.add(seed) is False
    assert {table: store.rows(table) for table in CONTENT_TABLES} == before


def test_store_unknown_article_is_none(store: SqlStore) -> None:
    assert store.extraction("0000000000000000") is None
    assert store.article("0000000000000000") is None
    assert store.has("0000000000000000") is False


def test_store_events_of_one_article_stay_apart_with_one_source_each(store: SqlStore, seed: Extraction) -> None:
    store.add(seed)
    events = store.events()
    assert len(events) == len(seed.events) == store.counts()["reports"]
    article_id = seed.article.content_hash
    assert {e.reports for e in events} == {(f"{article_id}:{n}",) for n in range(len(seed.events))}
    assert all(e.sources == 1 and e.independent_sources == 1 and e.articles == (article_id,) for e in events)
    # the military official's "fleeing" and the Jabha Shamiya official's "new frontline"
    # (sentence 9) contradict each other: the event told there is contested, no other
    told_in_9 = {f"{article_id}:{n}" for n, e in enumerate(seed.events) if e.evidence.sentence == 9}
    assert told_in_9 and {e.reports[0] for e in events if e.contested} == told_in_9
    # an event's columns are its report's, as `frontlines extract` gives them
    first = next(e for e in events if e.reports == (f"{article_id}:0",))
    assert first.sub_event_type == seed.events[0].sub_event_type
    assert first.location == "Aleppo" and first.admin1 == "Aleppo" and first.geo_precision == 2
    assert store.counts()["event_sources"] == len(events)
    dates = [e.event_date for e in events]
    assert dates == sorted(dates, key=lambda d: (d is None, d))


def test_store_report_keeps_the_event_id_of_extract(store: SqlStore, seed: Extraction) -> None:
    store.add(seed)
    column = [c.name for c in schema.reports.columns].index("record_id")
    record_ids = [row[column] for row in store.rows("reports")]
    assert sorted(record_ids) == sorted(event_id(event, seed.article) for event in seed.events)


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("frontline river", 9),  # "established a new frontline along the river"
        ("fleeing panic", 9),
        ("shelled", 6),  # stemmed: finds "shelling"
        ("Hmeimin airbase", 12),
    ],
)
def test_store_search_finds_evidence_sentences(store: SqlStore, seed: Extraction, query: str, sentence: int) -> None:
    store.add(seed)
    hits = store.search(query)
    assert sentence in [hit.sentence for hit in hits]
    hit = next(hit for hit in hits if hit.sentence == sentence)
    assert hit.article_id == seed.article.content_hash
    assert hit.records, "a hit names the records that cite the sentence"


def test_store_search_names_citing_claims(store: SqlStore, seed: Extraction) -> None:
    store.add(seed)
    (hit,) = [h for h in store.search("Jabha Shamiya frontline") if h.sentence == 9]
    article_id = seed.article.content_hash
    claims = [f"{article_id}:c{n}" for n, c in enumerate(seed.claims) if c.evidence.sentence == 9]
    assert set(claims) <= set(hit.records)


@pytest.mark.parametrize("query", ["", "   ", "zzyzxq", '"'])
def test_store_search_without_match_is_empty(store: SqlStore, seed: Extraction, query: str) -> None:
    store.add(seed)
    assert store.search(query) == []


def test_store_is_the_same_row_for_row_on_every_backend(
    store: SqlStore, extractions: list[Extraction], tmp_path: Path
) -> None:
    with open_store(f"sqlite:///{tmp_path / 'reference.sqlite'}") as reference:
        for extraction in extractions:
            assert store.add(extraction)
            reference.add(extraction)
        for table in CONTENT_TABLES:
            assert store.rows(table) == reference.rows(table), table


def test_store_runs_are_bookkeeping_apart(store: SqlStore, seed: Extraction) -> None:
    run = store.begin_run(command="ingest", inputs=["a.jsonl"], version="test")
    store.add(seed)
    store.end_run(run, {"added": 1})
    assert run >= 1
    assert "runs" not in CONTENT_TABLES
    assert store.counts()["articles"] == 1
