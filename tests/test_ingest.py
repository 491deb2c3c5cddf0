"""Batch ingest into a real SQLite store: inputs of every kind, identity, bad records,
worker processes, and a run killed with SIGKILL then finished by running it again.

Every article is invented here (a template over places, actors and figures).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from spacy.language import Language

from frontlines import ingest
from frontlines.errors import IngestError, InputError
from frontlines.ingest import Added, Outcome, Skipped
from frontlines.sources import InputWarning
from frontlines.store import open_store
from frontlines.store.schema import CONTENT_TABLES, metadata

ROOT = Path(__file__).resolve().parent.parent

PLACES = [
    ("IDLIB", "Syria", "Ariha"),
    ("MOSUL", "Iraq", "Tal Afar"),
    ("TAIZ", "Yemen", "al-Mokha"),
    ("KABUL", "Afghanistan", "Ghazni"),
    ("MAIDUGURI", "Nigeria", "Konduga"),
    ("GOMA", "Democratic Republic of Congo", "Rutshuru"),
    ("ALEPPO", "Syria", "al-Bab"),
]
ATTACKERS = ["Government forces", "Rebel fighters", "Gunmen", "Militants", "Soldiers"]
ACTS = [
    "shelled the town of {town}",
    "attacked a checkpoint near {town}",
    "clashed with fighters outside {town}",
    "launched air strikes on villages around {town}",
]
SPEAKERS = ["a local official said", "a war monitor said", "residents said", "the army said in a statement"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def invented(n: int) -> dict[str, str]:
    """The n-th invented report: a dateline, an event with a toll, a claim, a displacement."""
    dateline, country, town = PLACES[n % len(PLACES)]
    attacker = ATTACKERS[n % len(ATTACKERS)]
    act = ACTS[n % len(ACTS)].format(town=town)
    speaker = SPEAKERS[n % len(SPEAKERS)]
    day = WEEKDAYS[n % len(WEEKDAYS)]
    killed = 2 + n % 9
    published = dt.date(2020, 1, 1) + dt.timedelta(days=n * 3)
    text = (
        f"{dateline}, {country} (Wire) - {attacker} {act} on {day}, killing {killed} people, {speaker}. "
        f"The fighting lasted several hours and damaged a school and a market, witnesses said. "
        f"More than {100 + 10 * n} families fled to camps near {town}, an aid group said. "
        f"Report number {n} of the invented batch."
    )
    return {"id": f"wire-{n}", "title": f"{attacker} strike near {town} ({n})", "text": text,
            "date": published.isoformat(), "publisher": "Wire"}


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def content(url: str) -> dict[str, list[tuple[object, ...]]]:
    with open_store(url) as store:
        return {table: store.rows(table) for table in CONTENT_TABLES}


class Outcomes(list[Outcome]):
    def lines(self) -> list[str]:
        return [str(o) for o in self if isinstance(o, (InputError, InputWarning, IngestError))]


# --- inputs and identity --------------------------------------------------------------------


def test_ingest_jsonl_then_again_adds_nothing(nlp: Language, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "batch.jsonl", [invented(n) for n in range(4)])
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    tally = ingest([str(source)], db=url)
    assert (tally.read, tally.added, tally.skipped, tally.failed, tally.errors) == (4, 4, 0, 0, 0)
    assert tally.events >= 4 and tally.claims >= 4
    first = content(url)
    assert len(first["articles"]) == 4
    again = ingest([str(source)], db=url)
    assert (again.read, again.added, again.skipped, again.events) == (4, 0, 4, 0)
    assert content(url) == first


def test_ingest_same_article_twice_in_one_input_is_stored_once(nlp: Language, tmp_path: Path) -> None:
    record = invented(1)
    copy = {**record, "id": "another-id-same-text"}
    source = write_jsonl(tmp_path / "batch.jsonl", [record, copy])
    outcomes = Outcomes()
    tally = ingest([str(source)], db=f"sqlite:///{tmp_path / 'store.sqlite'}", on_outcome=outcomes.append)
    assert (tally.added, tally.skipped) == (1, 1)
    skipped = [o for o in outcomes if isinstance(o, Skipped)]
    assert [(s.where, s.reason) for s in skipped] == [(f"{source}:2", "already read in this run")]


def test_ingest_html_page_and_feeds(nlp: Language, tmp_path: Path) -> None:
    from test_sources import ATOM, PAGE, RSS

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "ariha.html").write_text(PAGE, encoding="utf-8")
    (folder / "sahel.rss").write_text(RSS, encoding="utf-8")
    (folder / "horn.atom").write_text(ATOM, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    outcomes = Outcomes()
    tally = ingest([str(folder)], db=url, on_outcome=outcomes.append)
    # ariha.html (1), horn.atom (1 of 2 entries: one has no text), sahel.rss (2)
    assert (tally.added, tally.errors) == (4, 1)
    assert [o.where for o in outcomes if isinstance(o, Added)] == [
        str(folder / "ariha.html"), f"{folder / 'horn.atom'}:entry 1", f"{folder / 'sahel.rss'}:entry 1",
        f"{folder / 'sahel.rss'}:entry 2",
    ]
    with open_store(url) as store:
        titles = {store.article(key).title for key in store.article_ids()}  # type: ignore[union-attr]
        assert titles == {"Clashes near Ariha", "Clashes in Beledweyne", "Attack on convoy near Gao", "Protest in Bamako"}
        assert {e.sub_event_type for e in store.events()} >= {"Armed clash", "Peaceful protest"}
        assert any(hit.text.startswith("Gunmen attacked a supply convoy") for hit in store.search("convoy Gao"))


def test_ingest_bad_records_are_one_line_each_and_counted(nlp: Language, tmp_path: Path) -> None:
    source = tmp_path / "batch.jsonl"
    source.write_text(
        json.dumps(invented(2)) + "\n{broken\n" + json.dumps({"title": "no text"}) + "\n"
        + json.dumps({**invented(3), "date": "someday"}) + "\n",
        encoding="utf-8",
    )
    bad_feed = tmp_path / "feed.xml"
    bad_feed.write_text("<catalog/>", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    outcomes = Outcomes()
    tally = ingest([str(source), str(bad_feed), str(missing)], db=f"sqlite:///{tmp_path / 's.sqlite'}",
                   on_outcome=outcomes.append)
    assert (tally.added, tally.errors, tally.warnings) == (2, 4, 1)
    lines = outcomes.lines()
    assert [line.split("]")[0] + "]" for line in lines] == ["[E106]", "[E107]", "[W101]", "[E118]", "[E101]"]
    assert all("\n" not in line for line in lines)
    assert lines[0].startswith(f"[E106] {source}:2: malformed JSON")


def test_ingest_nothing_readable_adds_nothing(nlp: Language, tmp_path: Path) -> None:
    tally = ingest([str(tmp_path / "missing.jsonl")], db=f"sqlite:///{tmp_path / 's.sqlite'}")
    assert (tally.read, tally.added, tally.errors) == (0, 0, 1)


def test_ingest_records_each_run_apart_from_content(nlp: Language, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "batch.jsonl", [invented(5)])
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    ingest([str(source)], db=url)
    ingest([str(source)], db=url)
    with open_store(url) as store:
        runs = store.rows("runs")
    assert len(runs) == 2
    _, started, finished, command, inputs, _, counts = runs[1]
    assert (command, inputs, counts["added"], counts["skipped"]) == ("ingest", [str(source)], 0, 1)
    assert finished >= started


# --- killed, then run again -------------------------------------------------------------------

KILL_ARTICLES = 40


def _stored(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1)
    except sqlite3.Error:
        return 0
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def _frontlines_ingest(*args: str) -> list[str]:
    return [sys.executable, "-m", "frontlines", "ingest", *args]


def test_ingest_killed_halfway_then_rerun_equals_an_uninterrupted_run(nlp: Language, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "batch.jsonl", [invented(n) for n in range(KILL_ARTICLES)])
    reference = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    assert ingest([str(source)], db=reference).added == KILL_ARTICLES
    killed = tmp_path / "killed.sqlite"
    command = _frontlines_ingest(str(source), "--db", f"sqlite:///{killed}", "--workers", "2")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)  # its own process group: the workers die with it
    deadline = time.monotonic() + 120
    try:
        while _stored(killed) < KILL_ARTICLES // 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
    assert process.returncode == -signal.SIGKILL, stderr.decode()
    at_kill = _stored(killed)
    assert 0 < at_kill < KILL_ARTICLES, f"killed with {at_kill} of {KILL_ARTICLES} articles stored"

    # what the killed run left: whole articles, each exactly as the uninterrupted run stored it
    expected = content(reference)
    partial = content(f"sqlite:///{killed}")
    kept = {row[0] for row in partial["articles"]}
    for table, rows in partial.items():
        assert all(row in expected[table] for row in rows), table
    for table in ("reports", "figures", "claims", "control", "evidence"):
        article_column = list(metadata.tables[table].columns.keys()).index("article_id")
        assert partial[table] == [r for r in expected[table] if r[article_column] in kept], table

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped  {at_kill:,} article" in rerun.stdout
    assert content(f"sqlite:///{killed}") == expected


@pytest.mark.parametrize("workers", ["0", "-1", "two"])
def test_ingest_cli_rejects_bad_workers(workers: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from frontlines.cli import app

    result = CliRunner().invoke(app, ["ingest", "x.jsonl", "--db", str(tmp_path / "s.sqlite"), "--workers", workers])
    assert result.exit_code == 2
