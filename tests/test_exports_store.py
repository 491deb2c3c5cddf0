"""`frontlines events` and `frontlines export` through Typer's runner, on a real SQLite store
filled by `frontlines ingest` from the seed article and reports invented here.

Each filter narrows the events (every event shown meets it); each export format parses back
(csv, json, GeoJSON, pyarrow) with the right columns and types; a bad value is one numbered
error line and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from spacy.language import Language
from typer.testing import CliRunner, Result

from frontlines.cli import app
from frontlines.exports import COLUMNS, EXPORTERS
from frontlines.exports.plover_jsonl import quad_code
from frontlines.outputs import ACLED_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "aleppo-2016-12-13.txt"

# Invented reports (not from any corpus).
INVENTED = [
    {
        "id": "inv-kunduz",
        "published": "2020-05-05",
        "publisher": "Wire",
        "title": "Checkpoint attacked in Kunduz",
        "text": "Taliban fighters attacked a police checkpoint in Kunduz on Monday, killing five officers, "
        "a provincial spokesman said.",
    },
    {
        "id": "inv-talafar",
        "published": "2018-03-05",
        "publisher": "Desk",
        "title": "Checkpoint attacked near Tal Afar",
        "text": "Islamic State militants attacked an army checkpoint near Tal Afar on Sunday, killing three soldiers, "
        "an Iraqi military spokesman said.",
    },
    {
        "id": "inv-maarat",
        "published": "2019-08-21",
        "publisher": "Monitor Wire",
        "title": "Air strikes on Maarat al-Numan",
        "text": "Air strikes killed 12 civilians in the town of Maarat al-Numan in Idlib province on Tuesday, "
        "the Syrian Observatory for Human Rights said.",
    },
    {
        "id": "inv-yemen",
        "published": "2021-06-12",
        "publisher": "Desk",
        "title": "Aid workers abducted",
        "text": "Gunmen abducted two aid workers in Yemen on Friday, the United Nations said.",
    },
]


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> str:
    """A store holding the seed article and the invented reports."""
    folder = tmp_path_factory.mktemp("exports")
    invented = folder / "invented.jsonl"
    invented.write_text("".join(json.dumps(record) + "\n" for record in INVENTED), encoding="utf-8")
    url = f"sqlite:///{folder / 'store.sqlite'}"
    for args in (
        [str(SEED), "--published", "2016-12-13", "--publisher", "Reuters"],
        [str(invented)],
    ):
        result = run("ingest", *args, "--db", url)
        assert result.exit_code == 0, result.output
    return url


def events(db: str, *args: str) -> list[dict[str, Any]]:
    result = run("events", "--db", db, "--format", "json", "--limit", "1000", *args)
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def in_box(record: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    lat, lon = record["latitude"], record["longitude"]
    return lat is not None and box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def said(record: dict[str, Any], part: str) -> bool:
    return any(part in report["claimed_by"]["text"].lower() for report in record["reports"])


FILTERS: list[tuple[list[str], Any]] = [
    (["--since", "2019-01-01"], lambda r: r["event_date"] >= "2019-01-01"),
    (["--until", "2018-12-31"], lambda r: r["event_date"] is not None and r["event_date"] <= "2018-12-31"),
    (["--country", "Iraq"], lambda r: r["iso3"] == "IRQ"),
    (["--country", "syr"], lambda r: r["iso3"] == "SYR"),
    (["--admin1", "aleppo"], lambda r: r["admin1"] == "Aleppo"),
    (["--bbox", "36.0,35.0,37.0,36.0"], lambda r: in_box(r, (36.0, 35.0, 37.0, 36.0))),
    (["--type", "Battles"], lambda r: r["event_type"] == "Battles"),
    (["--type", "abduction/forced disappearance"], lambda r: r["sub_event_type"] == "Abduction/forced disappearance"),
    (["--actor", "TALIBAN"], lambda r: "Taliban" in (r["actor1"], r["actor2"])),
    (["--claimant", "spokesman"], lambda r: said(r, "spokesman")),
    (["--text", "checkpoint"], lambda r: "checkpoint" in r["notes"]),
    (["--country", "Syria", "--since", "2016-12-13", "--until", "2016-12-13"],
     lambda r: r["iso3"] == "SYR" and r["event_date"] == "2016-12-13"),
]


@pytest.mark.parametrize(("args", "keep"), FILTERS, ids=lambda x: " ".join(x) if isinstance(x, list) else "")
def test_cli_events_filter_narrows(db: str, args: list[str], keep: Any) -> None:
    everything = events(db)
    found = events(db, *args)
    assert found, "the filter matches some event"
    assert len(found) < len(everything), "and not all of them"
    assert all(keep(record) for record in found)
    assert [r["event_id"] for r in found] == [r["event_id"] for r in everything if keep(r)]


def test_cli_events_contested_only(db: str) -> None:
    found = events(db, "--contested")
    assert all(record["contested"] for record in found)
    assert len(found) == sum(record["contested"] for record in events(db))


def test_cli_events_filter_matching_nothing_is_not_an_error(db: str) -> None:
    result = run("events", "--db", db, "--format", "json", "--country", "Nigeria")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_cli_events_pages_and_sort(db: str) -> None:
    everything = events(db, "--sort", "-date")
    dates = [r["event_date"] for r in everything if r["event_date"]]
    assert dates == sorted(dates, reverse=True)
    page = events(db, "--sort", "-date", "--limit", "2", "--offset", "2")
    assert page == everything[2:4]
    deadliest = events(db, "--sort", "-fatalities", "--limit", "1")
    assert deadliest[0]["fatalities"] == max(r["fatalities"] for r in everything)


def test_cli_events_record_keeps_acled_columns_first(db: str) -> None:
    record = events(db, "--limit", "1")[0]
    assert list(record)[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert list(record)[: len(COLUMNS)] == list(COLUMNS)
    assert record["reports"][0]["article_id"] in record["source_articles"]


def test_cli_events_jsonl_and_table(db: str) -> None:
    everything = events(db)
    lines = run("events", "--db", db, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["event_id"] for line in lines] == [r["event_id"] for r in everything]
    result = run("events", "--db", db, "--format", "table", "--limit", "3")
    assert result.exit_code == 0
    assert everything[0]["event_id"] in result.stdout
    assert f"events 1–3 of {len(everything)}, by date; --offset 3 for more" in result.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--since", "yesterday"], "E701"),
        (["--since", "2020-01-02", "--until", "2020-01-01"], "E702"),
        (["--country", "Atlantis"], "E703"),
        (["--bbox", "1,2,3"], "E704"),
        (["--bbox", "west,south,east,north"], "E704"),
        (["--type", "Skirmish"], "E705"),
        (["--sort", "newest"], "E706"),
        (["--actor", ""], "E707"),
        (["--limit", "-3"], "E708"),
        (["--offset", "-1"], "E708"),
        (["--format", "xml"], "E201"),
    ],
)
def test_cli_events_bad_value_is_one_numbered_line(db: str, args: list[str], code: str) -> None:
    result = run("events", "--db", db, *args)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: [{code}] "), result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_cli_events_missing_store_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.sqlite"
    result = run("events", "--db", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: [E711] No store at ")
    assert not path.exists()


# --- export ---------------------------------------------------------------------------------


def exported(db: str, tmp_path: Path, name: str, *args: str) -> tuple[Path, Result]:
    path = tmp_path / f"events{EXPORTERS[name].suffix}"
    result = run("export", "--db", db, "--format", name, "--output", str(path), *args)
    assert result.exit_code == 0, result.output
    assert not path.with_name(path.name + ".part").exists()
    return path, result


def test_cli_export_acled_csv(db: str, tmp_path: Path) -> None:
    path, result = exported(db, tmp_path, "acled-csv")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == COLUMNS
    assert tuple(COLUMNS[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    everything = events(db)
    assert [row["event_id"] for row in rows] == [r["event_id"] for r in everything]
    for row, record in zip(rows, everything):
        assert row["event_date"] == (record["event_date"] or "")
        assert row["latitude"] == ("" if record["latitude"] is None else str(record["latitude"]))
        assert int(row["fatalities"]) == record["fatalities"]
        assert row["contested"] in ("true", "false")
        assert row["source_articles"].split("; ") == record["source_articles"]
        assert row["source"] == "; ".join(dict.fromkeys(r["publisher"] for r in record["reports"] if r["publisher"]))
        assert row["sources"] == str(record["sources"])
    assert "Reuters" in {row["source"] for row in rows}
    assert result.stderr == f"exported {len(rows)} events (acled-csv) to {path}\n"


def test_cli_export_plover_jsonl(db: str, tmp_path: Path) -> None:
    path, _ = exported(db, tmp_path, "plover-jsonl", "--country", "Iraq")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [r["event_id"] for r in events(db, "--country", "Iraq")]
    record = records[0]
    assert set(record) >= {"id", "date", "event_type", "mode", "context", "actor", "recipient", "location",
                           "provenance", "acled", "quad_code"}
    assert record["event_type"].isupper() and record["event_type"] == record["event_type"].strip()
    assert record["acled"]["event_type"] == "Battles" and record["quad_code"] == 4  # CAMEO 19: material conflict
    assert record["location"]["iso3"] == "IRQ" and isinstance(record["location"]["lat"], float)
    assert record["actor"]["name"] and record["actor"]["sector"]
    assert record["provenance"]["reports"][0]["publisher"] == "Desk"
    assert record["provenance"]["claimants"] == ["an Iraqi military spokesman"]
    assert dt.date.fromisoformat(record["date"]) == dt.date(2018, 3, 4)


def test_plover_quad_code_from_cameo_root() -> None:
    assert [quad_code(code) for code in ("01", "05", "06", "08", "09", "13", "14", "19", "20", "", "21")] == [
        1, 1, 2, 2, 3, 3, 4, 4, 4, None, None
    ]


def test_cli_export_geojson_leaves_out_events_without_a_point(db: str, tmp_path: Path) -> None:
    path, result = exported(db, tmp_path, "geojson")
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    everything = events(db)
    located = [r for r in everything if r["latitude"] is not None]
    unlocated = len(everything) - len(located)
    assert unlocated >= 1  # the abduction in Yemen has no point
    assert [f["id"] for f in collection["features"]] == [r["event_id"] for r in located]
    for feature, record in zip(collection["features"], located):
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]}
        assert feature["properties"]["event_id"] == record["event_id"]
    assert result.stderr.splitlines()[0] == f"note: left out {unlocated} events without a point (geojson)"


def test_cli_export_parquet_types(db: str, tmp_path: Path) -> None:
    path, _ = exported(db, tmp_path, "parquet")
    table = pq.read_table(path)
    assert table.column_names == list(COLUMNS)
    types = {field.name: field.type for field in table.schema}
    assert types["event_date"] == pa.date32()
    assert types["fatalities"] == pa.int32() and types["inter1"] == pa.int32()
    assert types["latitude"] == pa.float64() and types["confidence"] == pa.float64()
    assert types["contested"] == pa.bool_()
    assert types["source_articles"] == pa.list_(pa.string())
    assert types["notes"] == pa.string()
    everything = events(db)
    rows = table.to_pylist()
    assert [row["event_id"] for row in rows] == [r["event_id"] for r in everything]
    assert rows[0]["event_date"] == dt.date.fromisoformat(everything[0]["event_date"])
    assert rows[0]["source_articles"] == everything[0]["source_articles"]


def test_cli_export_to_stdout(db: str) -> None:
    result = run("export", "--db", db, "--format", "acled-csv", "--type", "Battles")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(row["event_type"] == "Battles" for row in rows)
    assert result.stderr == ""
    binary = run("export", "--db", db, "--format", "parquet")
    assert binary.exit_code == 0
    assert pq.read_table(io.BytesIO(binary.stdout_bytes)).num_rows == len(events(db))


@pytest.mark.parametrize(
    ("args", "code", "exit_code"),
    [
        (["--format", "kml"], "E201", 2),
        (["--country", "Atlantis"], "E703", 2),
        (["--bbox", "200,0,201,1"], "E704", 2),
        (["--output", "/nonexistent-folder/out.csv"], "E710", 2),
    ],
)
def test_cli_export_bad_value_is_one_numbered_line(db: str, args: list[str], code: str, exit_code: int) -> None:
    result = run("export", "--db", db, *args)
    assert result.exit_code == exit_code
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: [{code}] "), result.stderr
    assert "Traceback" not in result.output
