"""Fusion and contradictions inside the store: articles added one by one, on report sets
we wrote (tests/data/fusion/report_sets.jsonl) and on invented reports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from frontlines.pipeline import extract_many
from frontlines.store import SqlStore, open_store
from frontlines.types import Article, Extraction

SETS = Path(__file__).resolve().parents[1] / "data" / "fusion" / "report_sets.jsonl"


def _articles(set_name: str, publishers: tuple[str, ...] = ()) -> list[Article]:
    rows = [json.loads(line) for line in SETS.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    return [
        Article(text=r["text"], title=r["title"], publisher=r["publisher"], published=dt.date.fromisoformat(r["published"]))
        for r in rows
        if r["set"] == set_name and (not publishers or r["publisher"] in publishers)
    ]


def _add(store: SqlStore, articles: list[Article]) -> list[Extraction]:
    extractions = list(extract_many(articles))
    for extraction in extractions:
        assert store.add(extraction)
    return extractions


def test_store_fusion_one_event_told_by_three_outlets(store: SqlStore) -> None:
    _add(store, _articles("idlib-airstrike", ("Levant Wire", "Daily Orient", "Conflict Monitor Weekly")))
    (event,) = store.events()
    assert event.sources == 3 and event.independent_sources == 3 and len(event.articles) == 3
    assert event.location == "Maarat al-Numan" and event.fatalities == 12 and not event.contested
    assert event.support is not None and [v["value"] for v in event.support["fatalities"]] == [12]


def test_store_fusion_two_clashes_in_one_province_stay_two(store: SqlStore) -> None:
    _add(store, _articles("marib-clashes", ("Gulf Dispatch", "Aden Times")))
    assert sorted(e.location or "" for e in store.events()) == ["Raghwan", "Sirwah"]


def test_store_fusion_a_different_toll_is_contested_and_linked(store: SqlStore) -> None:
    extractions = _add(store, _articles("idlib-airstrike"))
    (event,) = store.events()
    assert event.contested and event.sources == 4
    tolls = {v["value"]: v["reports"] for v in (event.support or {})["fatalities"]}
    assert set(tolls) == {12, 15} and len(tolls[12]) == 3
    assert event.fatalities == 12  # the most supported toll
    links = [c for c in store.contradictions() if c.kind == "figure"]
    fifteen = extractions[-1].article.content_hash
    assert links and all(fifteen in (c.a.rsplit(":", 1)[0], c.b.rsplit(":", 1)[0]) for c in links)


def test_store_fusion_seed_claims_are_linked_as_contested(store: SqlStore, seed: Extraction) -> None:
    store.add(seed)
    article_id = seed.article.content_hash
    claims = {f"{article_id}:c{n}": c for n, c in enumerate(seed.claims)}
    linked = [(claims[c.a].speaker, claims[c.b].speaker) for c in store.contradictions() if c.kind == "claim"]
    assert any("military official" in a.lower() and "Jabha Shamiya" in b or "military official" in b.lower()
               and "Jabha Shamiya" in a for a, b in linked), linked


def test_store_fusion_is_the_same_whatever_the_batch(tmp_path: Path) -> None:
    articles = _articles("idlib-airstrike") + _articles("iraq-protests")
    with open_store(f"sqlite:///{tmp_path / 'once.sqlite'}") as once, \
            open_store(f"sqlite:///{tmp_path / 'twice.sqlite'}") as twice:
        _add(once, articles)
        _add(twice, articles[:2])
        _add(twice, articles[2:])
        for table in ("events", "event_sources", "contradictions"):
            assert once.rows(table) == twice.rows(table), table
