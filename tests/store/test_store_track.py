"""Source track records on reports we wrote: one test per case (corroborated, contradicted,
alone, one outlet twice, unnamed speakers, figures against the others')."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.pipeline import extract_many
from frontlines.store import SqlStore, open_store
from frontlines.store.track import TrackRecord
from frontlines.types import Article, Extraction

SOHR = "Syrian Observatory for Human Rights"


def _article(text: str, publisher: str, day: int = 15) -> Article:
    return Article(text=text, published=dt.date(2020, 1, day), publisher=publisher)


STRIKE = "struck a market in Maarat al-Numan on Wednesday"
OBSERVATORY = _article(f"Syrian government warplanes {STRIKE}, killing 12 civilians, the {SOHR} said.", "Wire One")
CIVIL_DEFENCE = _article(f"Regime aircraft {STRIKE}, killing 12 people, the Syrian Civil Defence said.", "Wire Two")
MEDICS = _article(f"Government aircraft {STRIKE}, killing 30 people, local medics said.", "Wire Three", 16)
ARREST = _article("Police arrested five protesters in Sidon on Friday, the Lebanese army said.", "Wire One", 17)


def _records(tmp_path: Path, articles: list[Article]) -> dict[str, TrackRecord]:
    with open_store(f"sqlite:///{tmp_path / 'track.sqlite'}") as store:
        for extraction in extract_many(articles):
            store.add(extraction)
        return {r.claimant: r for r in store.track_records()}


def test_track_an_event_told_by_another_outlet_and_source_is_corroborated(tmp_path: Path) -> None:
    records = _records(tmp_path, [OBSERVATORY, CIVIL_DEFENCE])
    observatory, defence = records[SOHR], records["the Syrian Civil Defence"]
    # its report of the strike and its toll of 12: both borne out by the Civil Defence
    assert (observatory.reports, observatory.figures) == (1, 1)
    assert observatory.corroborated == 2 and observatory.contradicted == 0
    assert defence.kind == "named source" and defence.corroborated == 2
    assert observatory.figure_ratio == 1.0


def test_track_a_toll_that_does_not_meet_the_others_is_contradicted(tmp_path: Path) -> None:
    records = _records(tmp_path, [OBSERVATORY, CIVIL_DEFENCE, MEDICS])
    medics = records["local medics"]
    assert medics.contradicted >= 1 and medics.figures == 1
    assert medics.figure_ratio == 2.5  # 30 against the others' 12
    assert records[SOHR].contradicted >= 1 and records[SOHR].figure_ratio is not None
    assert records[SOHR].figure_ratio < 1


def test_track_what_nobody_else_tells_stands_alone(tmp_path: Path) -> None:
    records = _records(tmp_path, [OBSERVATORY, ARREST])
    army = records["the Lebanese army"]
    assert army.corroborated == 0 and army.contradicted == 0 and army.alone == army.records > 0


def test_track_an_outlet_does_not_corroborate_itself(tmp_path: Path) -> None:
    again = _article(f"Syrian government warplanes {STRIKE}, killing 12 civilians, the {SOHR} said.", "Wire One", 16)
    again = Article(text=again.text + " Rescue teams searched the rubble.", published=again.published,
                    publisher="Wire One")
    records = _records(tmp_path, [OBSERVATORY, again])
    assert records[SOHR].corroborated == 0 and records[SOHR].reports == 2


def test_track_unnamed_speakers_have_no_record(tmp_path: Path) -> None:
    records = _records(tmp_path, [_article(f"Government aircraft {STRIKE}, killing 12 people, he said.", "Wire Four")])
    assert "he" not in records


def test_track_seed_claims_that_contradict_each_other(store: SqlStore, seed: Extraction) -> None:
    store.add(seed)
    records = {r.claimant: r for r in store.track_records()}
    official = next(r for name, r in records.items() if "military official" in name.lower())
    rebels = next(r for name, r in records.items() if "Jabha Shamiya" in name)
    assert official.contradicted == 1 and rebels.contradicted == 1


def test_track_sources_command_lists_the_records(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    with open_store(url) as store:
        for extraction in extract_many([OBSERVATORY, CIVIL_DEFENCE, MEDICS]):
            store.add(extraction)
    result = CliRunner().invoke(app, ["sources", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    assert "local medics" in result.stdout and '"contradicted"' in result.stdout
    none = CliRunner().invoke(app, ["sources", "Nobody", "--db", url])
    assert none.exit_code == 1 and "no claimants in the store named Nobody" in none.stderr


@pytest.mark.parametrize("text", ["he", "a source", "the source"])
def test_track_unnamed_speaker_kind(text: str) -> None:
    from frontlines.mentions.attribution import UNNAMED, speaker_kind

    assert speaker_kind(text) == UNNAMED


def test_track_events_show_each_claimant_with_its_record(tmp_path: Path) -> None:
    import json

    url = f"sqlite:///{tmp_path / 'events.sqlite'}"
    with open_store(url) as store:
        for extraction in extract_many([OBSERVATORY, CIVIL_DEFENCE, MEDICS]):
            store.add(extraction)
    result = CliRunner().invoke(app, ["events", "--db", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    (event,) = json.loads(result.stdout)
    medics = next(r["claimed_by"] for r in event["reports"] if r["claimed_by"]["text"] == "local medics")
    assert medics["record"]["contradicted"] >= 1 and medics["record"]["figure_ratio"] == 2.5
