"""The reads behind the API's detail views (`store/browse.py`), a count that gives up when it
takes too long, and the backends' time limit, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from frontlines.pipeline import extract_many
from frontlines.store import SqlStore, open_store, parse_filter
from frontlines.store.browse import HISTORY_INGEST, HISTORY_PUBLISHED, ClaimFilter, FigureFilter
from frontlines.types import Article, Extraction

SETS = Path(__file__).resolve().parents[1] / "data" / "fusion" / "report_sets.jsonl"


def _strike(store: SqlStore) -> list[Extraction]:
    """The four reports of one air strike (one counts 15 dead, the others 12), in file order."""
    rows = [json.loads(line) for line in SETS.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    articles = [
        Article(text=r["text"], title=r["title"], publisher=r["publisher"], published=dt.date.fromisoformat(r["published"]))
        for r in rows
        if r["set"] == "idlib-airstrike"
    ]
    extractions = list(extract_many(articles))
    for extraction in extractions:
        assert store.add(extraction)
    return extractions


def test_store_browse_event_detail_reports_in_the_order_they_joined(store: SqlStore) -> None:
    extractions = _strike(store)
    (event,) = store.events()
    detail = store.event_detail(event.id)
    assert detail is not None and detail.event == event
    told = [e.article.content_hash for e in extractions]
    joined = [r.article_id for r in detail.reports]
    if detail.history_order == HISTORY_INGEST:
        assert store.backend.name == "sqlite" and joined == told
    else:
        assert detail.history_order == HISTORY_PUBLISHED
        dates = [r.published for r in detail.reports]
        assert dates == sorted(dates, key=lambda d: d or dt.date.max) and set(joined) == set(told)
    assert [s.report_id for s in detail.sources] == sorted(r.report_id for r in detail.reports)
    killed = [f for f in detail.figures if f.kind == "killed"]
    assert {f.best for f in killed} == {12, 15} and all(f.event_id == event.id for f in killed if f.report_id)
    assert {c.kind for c in detail.contradictions} == {"figure"}


def test_store_browse_unknown_event_is_none(store: SqlStore) -> None:
    assert store.event_detail("nope:0") is None


def test_store_browse_claims_contested_with_the_claims_they_contradict(store: SqlStore, seed: Extraction) -> None:
    store.add(seed)
    page = store.claims(ClaimFilter(contested=True), limit=10)
    assert page.total == len(page.claims) == 2
    for claim in page.claims:
        ((other, reason),) = page.opposed[claim.id]
        assert other.speaker != claim.speaker and reason
    every = store.claims(limit=100)
    assert every.total == len(seed.claims) and len(every.claims) == every.total
    assert [c.id for c in store.claims(limit=3, offset=2).claims] == [c.id for c in every.claims[2:5]]
    assert all("military" in c.speaker.lower() for c in store.claims(ClaimFilter(claimant="MILITARY"), limit=50).claims)


def test_store_browse_figures_by_kind_contested_and_event(store: SqlStore) -> None:
    _strike(store)
    (event,) = store.events()
    killed = store.figures(FigureFilter(kind="killed"), limit=50)
    assert killed.total == len(killed.figures) and all(f.kind == "killed" for f in killed.figures)
    contested = store.figures(FigureFilter(contested=True), limit=50)
    assert contested.figures and all(contested.opposed[f.id] for f in contested.figures)
    assert {f.event_id for f in store.figures(FigureFilter(event=event.id), limit=50).figures} == {event.id}
    assert store.figures(FigureFilter(claimant="nobody at all"), limit=50).total == 0


def test_store_browse_article_events(store: SqlStore) -> None:
    extractions = _strike(store)
    (event,) = store.events()
    assert all(store.article_events(e.article.content_hash) == [event.id] for e in extractions)
    assert store.article_events("unknown") == []


def test_store_count_events_within_counts_up_to_the_cap(store: SqlStore, seed: Extraction) -> None:
    store.add(seed)
    everything = store.count_events()
    assert store.count_events_within(cap=100, seconds=5) == everything == 7
    assert store.count_events_within(cap=3, seconds=5) == 3
    syria = parse_filter(country="SYR", claimant="observatory")
    assert store.count_events_within(syria, cap=100, seconds=5) == store.count_events(syria)


def test_store_time_limit_stops_a_long_statement(store: SqlStore) -> None:
    slow = {
        "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) "
        "SELECT count(*) FROM c",
        "postgresql": "SELECT pg_sleep(5)",
    }[store.backend.name]
    with store.connect() as conn:
        with pytest.raises(TimeoutError):
            with store.backend.time_limit(conn, 0.05):
                conn.execute(sa.text(slow))
    with store.connect() as conn:
        with store.backend.time_limit(conn, 5):
            assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1


@pytest.mark.parametrize("words", ["frontline river", "Aleppo", "rebels", "nothing-like-this"])
def test_store_text_filter_same_events_read_either_way(store: SqlStore, seed: Extraction, words: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from frontlines.store import query

    store.add(seed)
    filters = parse_filter(text=words)
    from_matches = ([e.id for e in store.query_events(filters, sort="-date")], store.count_events(filters))
    monkeypatch.setattr(query, "SPARSE_TEXT", 0)  # as if the words were common: events read in order
    in_order = ([e.id for e in store.query_events(filters, sort="-date")], store.count_events(filters))
    assert from_matches == in_order
    assert bool(in_order[0]) == (words != "nothing-like-this")


def test_store_text_filter_survives_vacuum(tmp_path: Path, seed: Extraction) -> None:
    # the full-text index refers to evidence rows by key; VACUUM renumbers rowids unless
    # they are the table's INTEGER PRIMARY KEY
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with open_store(url) as store:
        store.add(seed)
        filters = parse_filter(text="frontline river")
        before = [e.id for e in store.query_events(filters)], [hit.id for hit in store.search("frontline river")]
    with sqlite3.connect(tmp_path / "store.sqlite") as raw:
        raw.execute("VACUUM")
    with open_store(url) as store:
        after = [e.id for e in store.query_events(filters)], [hit.id for hit in store.search("frontline river")]
    assert before == after
    assert before[0] and before[1]
