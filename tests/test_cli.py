"""Tests for cli.py through Typer's runner, and one real `python -m frontlines` call.

The texts are invented for these tests.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from frontlines.cli import app

GOOD_TEXT = "DORVAL (Wire) - Gunmen fired on a bus near the bridge on Friday, police said."


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def stderr_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(f"Bus attacked\n\n{GOOD_TEXT}\n", encoding="utf-8")
    return path


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    path = tmp_path / "batch.jsonl"
    records = [
        json.dumps({"id": "r1", "text": "Clashes broke out in the hills."}),
        "{not json",
        json.dumps({"id": "r3", "text": "Shelling hit the port.", "date": "someday"}),
    ]
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


# --- extract ------------------------------------------------------------------------------


def test_cli_extract_bad_inputs_on_stderr_good_ones_on_stdout(tmp_path: Path, good: Path, batch: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run("extract", str(good), str(batch), str(missing), "--format", "json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert [record["id"] for record in records][1:] == ["r1", "r3"]
    assert stderr_lines(result) == [
        f"error: [E106] {batch}:2: malformed JSON (Expecting property name enclosed in double quotes: column 2); "
        "the record was skipped.",
        f"warning: [W101] {batch}:3: cannot read date 'someday'; processed without a date.",
        f"error: [E101] {missing}: file not found.",
    ]


def test_cli_extract_nothing_processed_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    result = run("extract", str(empty), str(tmp_path / "missing.csv"), str(folder))
    assert result.exit_code == 1
    assert [line.split("]")[0] for line in stderr_lines(result)] == ["error: [E102", "error: [E101", "error: [E114"]
    assert "Traceback" not in result.output


def test_cli_extract_empty_stdin_exits_1() -> None:
    result = run("extract", "-", input="")
    assert result.exit_code == 1
    assert stderr_lines(result) == ["error: [E102] <stdin>: empty input, nothing to extract."]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published", "2020-02-30"], "[E202] Cannot read the date '2020-02-30'; use YYYY-MM-DD."),
        (["--published", "13/12/2016"], "[E202] Cannot read the date '13/12/2016'"),
        (["--format", "xml"], "[E201] Unknown output format 'xml'; choose one of: json, jsonl, acled-jsonl"),
        (["--colour"], "No such option: --colour"),
    ],
)
def test_cli_extract_bad_option_exits_2(good: Path, args: list[str], message: str) -> None:
    result = run("extract", str(good), *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())
    assert result.stdout == ""


def test_cli_extract_without_paths_exits_2() -> None:
    assert run("extract").exit_code == 2


def test_cli_extract_default_format_is_json_when_piped(good: Path) -> None:
    result = run("extract", str(good))
    assert result.exit_code == 0
    assert set(json.loads(result.stdout)) == {"id", "events", "claims", "figures", "control"}


def parse_json(text: str) -> list[str]:
    record = json.loads(text)
    return [item["id"] for item in record] if isinstance(record, list) else [record["id"]]


def parse_lines(text: str) -> list[str]:
    return [json.loads(line)["id"] for line in text.splitlines()]


def parse_csv(text: str) -> list[str]:
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames is not None and reader.fieldnames[:3] == ["article_id", "event_id", "event_date"]
    return sorted({row["article_id"] for row in reader})


@pytest.mark.parametrize(
    ("name", "parse"),
    [
        ("json", parse_json),
        ("jsonl", parse_lines),
        ("acled-jsonl", parse_lines),
        ("acled-csv", parse_csv),
    ],
)
def test_cli_extract_format_choice(batch: Path, name: str, parse: object) -> None:
    result = run("extract", str(batch), "-f", name)
    assert result.exit_code == 0
    ids = parse(result.stdout)  # type: ignore[operator]
    assert set(ids) <= {"r1", "r3"}
    if name != "acled-csv":  # one CSV row per event, and there may be none yet
        assert ids == ["r1", "r3"]


def test_cli_extract_table_shows_defaults_from_options(good: Path) -> None:
    result = run("extract", str(good), "--format", "table", "--published", "2020-01-03", "--publisher", "Desk")
    assert result.exit_code == 0
    assert "Bus attacked  (Desk, 2020-01-03)" in result.stdout


@pytest.mark.parametrize(
    ("data", "count"),
    [
        ("Rebels shelled the airport on Sunday.\n", 1),
        ('{"id": "s1", "text": "Rebels shelled the airport."}\n{"id": "s2", "text": "Troops withdrew."}\n', 2),
        ('[{"id": "s1", "text": "Rebels shelled the airport."}]', 1),
    ],
)
def test_cli_extract_stdin(data: str, count: int) -> None:
    result = run("extract", "-", "--format", "jsonl", input=data)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == count
    assert result.stderr == ""


def test_cli_extract_stdin_with_files(good: Path) -> None:
    result = run("extract", str(good), "-", "--format", "jsonl", input="Troops withdrew from the pass.")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2


# --- ingest ---------------------------------------------------------------------------------


def test_cli_ingest_summary_then_second_run_skips(tmp_path: Path, good: Path, batch: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    first = run("ingest", str(good), str(batch), "--db", db)
    assert first.exit_code == 0, first.output
    assert stderr_lines(first) == [
        f"error: [E106] {batch}:2: malformed JSON (Expecting property name enclosed in double quotes: column 2); "
        "the record was skipped.",
        f"warning: [W101] {batch}:3: cannot read date 'someday'; processed without a date.",
    ]
    lines = first.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["store", "added", "skipped", "failed", "took", "holds"]
    assert lines[0] == f"store    {db}"
    assert lines[1].startswith("added    3 articles: ")
    assert lines[3] == "failed   0 articles; 1 bad input, 1 warning"
    second = run("ingest", str(good), str(batch), "--db", db)
    assert second.exit_code == 0
    assert second.stdout.splitlines()[1:3] == [
        "added    0 articles: 0 events, 0 claims, 0 figures, 0 control changes",
        "skipped  3 articles already stored",
    ]
    assert second.stdout.splitlines()[5] == lines[5]  # the store holds the same


def test_cli_ingest_nothing_readable_exits_1(tmp_path: Path) -> None:
    result = run("ingest", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "store.sqlite"))
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"error: [E101] {tmp_path / 'missing.jsonl'}: file not found."]
    assert "added    0 articles" in result.stdout


def test_cli_ingest_bad_store_url_exits_1(good: Path) -> None:
    result = run("ingest", str(good), "--db", "mysql://me@db/monitor")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        "error: [E601] Unknown store URL 'mysql://me@db/monitor'; use sqlite:///PATH, a file path, "
        "or postgresql://USER@HOST/DB."
    ]
    assert result.stdout == ""


def test_cli_ingest_store_from_environment(tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINES_DB", f"sqlite:///{tmp_path / 'env.sqlite'}")
    result = run("ingest", str(good))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"store    sqlite:///{tmp_path / 'env.sqlite'}"
    assert (tmp_path / "env.sqlite").is_file()


# --- eval -----------------------------------------------------------------------------------


def test_cli_eval_missing_gold_exits_1(tmp_path: Path) -> None:
    result = run("eval", str(tmp_path / "gold.jsonl"))
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"error: [E101] {tmp_path / 'gold.jsonl'}: file not found."]


def test_cli_eval_bad_limit_exits_2(tmp_path: Path) -> None:
    assert run("eval", str(tmp_path / "gold.jsonl"), "--limit", "0").exit_code == 2


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    event = {"event_type": "Battles", "sub_event_type": "Armed clash", "event_date": "2021-06-01", "fatalities": "2"}
    lines = [
        {"id": "g1", "text": "On 1 June 2021, soldiers clashed with rebels near Dorval.", "events": [event]},
        {"id": "g2", "text": "On 1 June 2021, rebels clashed with soldiers near Vell.", "events": [event]},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_cli_eval_json_report(gold: Path) -> None:
    pytest.importorskip("frontlines.evaluate")
    result = run("eval", str(gold), "--json", "--limit", "1")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), dict)


def test_cli_eval_bad_gold_line_is_one_error_line(tmp_path: Path) -> None:
    pytest.importorskip("frontlines.evaluate")
    path = tmp_path / "bad-gold.jsonl"
    path.write_text("{oops\n", encoding="utf-8")
    result = run("eval", str(path))
    assert result.exit_code == 1
    (line,) = stderr_lines(result)
    assert line.startswith("error: [E401]")


# --- a real process ---------------------------------------------------------------------------


def test_cli_python_m_frontlines_real_process(tmp_path: Path, good: Path) -> None:
    missing = tmp_path / "missing.txt"
    done = subprocess.run(
        [sys.executable, "-m", "frontlines", "extract", str(good), str(missing), "-", "--format", "jsonl"],
        input="Troops withdrew from the pass.",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2
    assert done.stderr.splitlines() == [f"error: [E101] {missing}: file not found."]


def test_cli_console_script_help() -> None:
    script = Path(sys.executable).with_name("frontlines")
    if not script.exists():
        pytest.skip("console script not installed")
    done = subprocess.run([str(script), "extract", "--help"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0
    assert "--published" in done.stdout and "acled-csv" in done.stdout
