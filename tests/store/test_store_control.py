"""Who held a place on a day: the control timeline, on the seed and on reports we wrote."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.pipeline import extract_many
from frontlines.store import SqlStore, open_store
from frontlines.types import Article, Extraction


def test_store_control_seed_aleppo_on_13_december(store: SqlStore, seed: Extraction) -> None:
    store.add(seed)
    answer = store.control("Aleppo", on=dt.date(2016, 12, 13))
    army = [h for h in answer.holdings if h.held_by == "Military Forces of Syria"]
    assert any("districts abandoned by rebels" in h.area and h.claimed_by == "a Syrian military source" for h in army)
    rebels = [h for h in answer.holdings if "rebel" in h.held_by.lower()]
    assert any("west bank of the Queiq River" in h.area for h in rebels), answer.holdings
    claims = [(c.claimant_a, c.claimant_b) for c in answer.contested_claims]
    assert any("military official" in " ".join(pair).lower() and "Jabha Shamiya" in " ".join(pair) for pair in claims)


def _store_of(tmp_path: Path, articles: list[Article]) -> SqlStore:
    store = open_store(f"sqlite:///{tmp_path / 'control.sqlite'}")
    for extraction in extract_many(articles):
        store.add(extraction)
    return store


def _article(text: str, day: str, publisher: str) -> Article:
    return Article(text=text, published=dt.date.fromisoformat(day), publisher=publisher)


def test_store_control_the_latest_record_on_a_day_wins(tmp_path: Path) -> None:
    with _store_of(tmp_path, [
        _article("Islamic State fighters captured the town of Hajin on Monday, a monitor said.", "2018-11-05", "A"),
        _article("Syrian Democratic Forces recaptured the town of Hajin on Friday, a spokesman said.", "2018-11-09", "B"),
    ]) as store:
        early = store.control("Hajin", on=dt.date(2018, 11, 6))
        late = store.control("Hajin", on=dt.date(2018, 11, 10))
        assert [h.held_by for h in early.holdings] == ["Islamic State (Syria)"]
        assert [h.held_by for h in late.holdings] == ["QSD: Syrian Democratic Forces"]
        assert [h.held_by for h in late.timeline] == ["Islamic State (Syria)", "QSD: Syrian Democratic Forces"]
        assert store.control("Hajin", on=dt.date(2018, 11, 1)).holdings == ()


def test_store_control_two_sources_naming_different_holders_are_disputed(tmp_path: Path) -> None:
    with _store_of(tmp_path, [
        _article("Houthi fighters captured the town of Qaniyah on Monday, the group's spokesman said.", "2020-05-04", "A"),
        _article("Government forces took control of the town of Qaniyah on Monday, the army said.", "2020-05-04", "B"),
    ]) as store:
        answer = store.control("Qaniyah", on=dt.date(2020, 5, 4))
        assert len(answer.disputed) == 1
        a, b = answer.disputed[0]
        assert {a.held_by, b.held_by} >= {"Military Forces of Yemen"} and a.claimed_by != b.claimed_by


def test_store_control_cli_names_holders_with_sources(tmp_path: Path, seed: Extraction) -> None:
    url = f"sqlite:///{tmp_path / 'seed.sqlite'}"
    with open_store(url) as store:
        store.add(seed)
    result = CliRunner().invoke(app, ["control", "Aleppo", "--on", "2016-12-13", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert any(h["held_by"] == "Military Forces of Syria" and h["claimed_by"] == "a Syrian military source"
               for h in answer["holdings"])
    # each claim shown carries its claimant's track record
    assert all(h["claimed_by_record"]["records"] >= 1 for h in answer["holdings"])
    missing = CliRunner().invoke(app, ["control", "Nowhere", "--db", url])
    assert missing.exit_code == 1 and "no control records for 'Nowhere'" in missing.stderr
