"""Daily situation reports from a real store: the seed's day in Aleppo, and reports we wrote."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.pipeline import extract_many
from frontlines.reports import daily_report, render_html, render_markdown
from frontlines.sources import read_articles
from frontlines.store import SqlStore, open_store
from frontlines.types import Article

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "aleppo-2016-12-13.txt"
SETS = ROOT / "tests" / "data" / "fusion" / "report_sets.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SqlStore:
    url = f"sqlite:///{tmp_path_factory.mktemp('reports') / 'store.sqlite'}"
    articles = [a for a in read_articles([str(SEED)], published=dt.date(2016, 12, 13), publisher="Reuters")]
    articles += [a for a in read_articles([str(SETS)])]
    opened = open_store(url)
    for extraction in extract_many(a for a in articles if isinstance(a, Article)):
        opened.add(extraction)
    return opened


def test_reports_seed_day_in_aleppo(store: SqlStore) -> None:
    report = daily_report(store, day=dt.date(2016, 12, 13), area="Aleppo")
    text = render_markdown(report)
    # the territory change, with its source
    assert any(h.held_by == "Military Forces of Syria" and h.claimed_by == "a Syrian military source"
               for h in report.control)
    assert "Military Forces of Syria holds all the Aleppo districts abandoned by rebels" in text
    # the 8,000 displaced: more than, per the Russian reconciliation centre
    (displaced,) = [f for f in report.figures if f.kind == "displaced" and f.best == 8000]
    assert displaced.words == "more than 8,000" and "reconciliation centre" in displaced.claimant
    assert "displaced: more than 8,000 (24 hours), according to A daily bulletin" in text
    # the contested claims side by side
    (pair,) = report.contested
    assert "fleeing" in pair.claim_a + pair.claim_b and "new frontline" in pair.claim_a + pair.claim_b
    assert {e.event_date for e in report.events} == {dt.date(2016, 12, 13)}
    assert report.sources[0].publisher == "Reuters"


def test_reports_area_narrows_and_renders_html(store: SqlStore) -> None:
    everywhere = daily_report(store, day=dt.date(2020, 5, 10))
    basra = daily_report(store, day=dt.date(2020, 5, 10), area="Basrah")
    assert len(basra.events) == 1 < len(everywhere.events)
    page = render_html(everywhere)
    assert page.startswith("<!doctype html>") and "<h2>Events by area and type</h2>" in page
    assert "Tahrir Square" in page and page.count("<li>") >= len(everywhere.events)


def test_reports_a_fused_event_counts_its_sources(store: SqlStore) -> None:
    report = daily_report(store, day=dt.date(2020, 1, 15), area="Syria")
    (strike,) = [e for e in report.events if e.sub_event_type == "Air/drone strike"]
    assert strike.sources == 4 and strike.contested
    assert "4 sources" in render_markdown(report) and "CONTESTED" in render_markdown(report)


def test_reports_cli_formats_and_bad_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(SEED), "--published", "2016-12-13", "--publisher", "Reuters",
                               "--db", url]).exit_code == 0
    md = runner.invoke(app, ["report", "--date", "2016-12-13", "--area", "Aleppo", "--db", url])
    assert md.exit_code == 0 and md.stdout.startswith("# Situation report: Aleppo, 2016-12-13")
    record = json.loads(runner.invoke(app, ["report", "--date", "2016-12-13", "--db", url, "--format", "json"]).stdout)
    assert record["day"] == "2016-12-13" and record["contested"]
    bad = runner.invoke(app, ["report", "--date", "13/12/2016", "--db", url])
    assert bad.exit_code == 2 and "[E202] Cannot read the date '13/12/2016'" in bad.output
    empty = runner.invoke(app, ["report", "--date", "2001-01-01", "--db", url])
    assert empty.exit_code == 0 and "note: the store holds nothing" in empty.stderr
