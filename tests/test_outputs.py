"""Tests for outputs.py: each format over an Extraction built by hand (invented text)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

import pytest

from frontlines.errors import FrontlinesError
from frontlines.outputs import (
    ACLED_COLUMNS,
    CSV_COLUMNS,
    EXTRA_COLUMNS,
    FORMATS,
    event_record,
    write,
)
from frontlines.types import (
    Actor,
    Article,
    Attribution,
    Claim,
    ControlChange,
    Event,
    Evidence,
    Extraction,
    Figure,
    Place,
    TimeRef,
)

TEXT = (
    "DORVAL, Freedonia (Wire) - Government troops retook the town of Dorval from the Liberation Front "
    "on Monday, killing at least 12 fighters, a military spokesman said. "
    "The Front denied losing the town."
)
SENT1 = TEXT[: TEXT.index(" The Front")]
SENT2 = TEXT[TEXT.index("The Front") :]

ARTICLE = Article(
    text=TEXT,
    title="Troops retake Dorval",
    published=dt.date(2022, 5, 10),
    publisher="Wire",
    id="wire-1",
    dateline_place="DORVAL, Freedonia",
)
SPOKESMAN = Attribution(text="a military spokesman", kind="state military")
EVIDENCE1 = Evidence(sentence=1, start=0, end=len(SENT1), text=SENT1)
EVIDENCE2 = Evidence(sentence=2, start=TEXT.index(SENT2), end=len(TEXT), text=SENT2)
ARMY = Actor(text="Government troops", canonical="Military Forces of Freedonia", inter=1, country="FRE")
FRONT = Actor(text="the Liberation Front", canonical="Liberation Front", inter=2, country="FRE")
MILITIA = Actor(text="local militia", canonical="Dorval Militia", inter=3)
FIGURE = Figure(
    kind="killed",
    best=12,
    low=12,
    high=None,
    qualifier="at least",
    text="at least 12 fighters",
    claimed_by=SPOKESMAN,
    evidence=EVIDENCE1,
)
EVENT = Event(
    event_type="Battles",
    sub_event_type="Government regains territory",
    plover_event="ASSAULT",
    plover_mode="",
    cameo_root="19",
    trigger="retook",
    actor1=ARMY,
    actor2=FRONT,
    assoc_actor_1=(MILITIA, Actor(text="volunteers", canonical="", inter=3)),
    assoc_actor_2=(),
    date=TimeRef(date=dt.date(2022, 5, 9), precision=1, text="on Monday"),
    place=Place(text="Dorval", country="Freedonia", start=60, end=66),
    country="Freedonia",
    fatalities=12,
    fatalities_flag="",
    figures=(FIGURE,),
    claimed_by=SPOKESMAN,
    evidence=EVIDENCE1,
    confidence=0.8,
)
BARE_EVENT = Event(
    event_type="Violence against civilians",
    sub_event_type="Attack",
    plover_event="ASSAULT",
    plover_mode="beat",
    cameo_root="",
    trigger="attacked",
    actor1=None,
    actor2=None,
    assoc_actor_1=(),
    assoc_actor_2=(),
    date=None,
    place=None,
    country="",
    fatalities=3,
    fatalities_flag="unknown, default 3",
    figures=(),
    claimed_by=Attribution(text="Wire", kind="publisher"),
    evidence=EVIDENCE2,
    confidence=0.4,
)
CLAIM = Claim(
    speaker="The Front", speaker_kind="non-state armed group", content="losing the town", evidence=EVIDENCE2
)
CONTROL = ControlChange(
    place="Dorval",
    held_by="Military Forces of Freedonia",
    previous_holder="Liberation Front",
    date=dt.date(2022, 5, 9),
    claimed_by=SPOKESMAN,
    evidence=EVIDENCE1,
)
EXTRACTION = Extraction(
    id="wire-1",
    events=(EVENT, BARE_EVENT),
    claims=(CLAIM,),
    figures=(FIGURE,),
    control=(CONTROL,),
    article=ARTICLE,
)
EMPTY = Extraction(
    id="quiet-2",
    events=(),
    claims=(),
    figures=(),
    control=(),
    article=Article(text="Nothing happened today.", id="quiet-2"),
)


def render(name: str, extractions: Sequence[Extraction]) -> str:
    out = io.StringIO()
    write(extractions, out, format=name)
    return out.getvalue()


# --- the event record --------------------------------------------------------------------


def test_outputs_event_record_has_acled_and_extra_columns_in_order() -> None:
    assert tuple(event_record(EVENT, ARTICLE)) == ACLED_COLUMNS + EXTRA_COLUMNS


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("event_date", "2022-05-09"),
        ("time_precision", 1),
        ("event_type", "Battles"),
        ("sub_event_type", "Government regains territory"),
        ("actor1", "Military Forces of Freedonia"),
        ("assoc_actor_1", "Dorval Militia; volunteers"),
        ("inter1", 1),
        ("actor2", "Liberation Front"),
        ("assoc_actor_2", ""),
        ("inter2", 2),
        ("interaction", 12),
        ("country", "Freedonia"),
        ("admin1", None),
        ("location", "Dorval"),
        ("latitude", None),
        ("longitude", None),
        ("geo_precision", None),
        ("fatalities", 12),
        ("notes", SENT1),
        ("source", "Wire"),
        ("plover_event", "ASSAULT"),
        ("plover_mode", ""),
        ("cameo_root", "19"),
        ("confidence", 0.8),
        ("claimed_by", {"text": "a military spokesman", "kind": "state military"}),
        ("evidence", {"sentence": 1, "start": 0, "end": len(SENT1)}),
        ("fatalities_flag", ""),
    ],
)
def test_outputs_event_record_column(column: str, value: Any) -> None:
    assert event_record(EVENT, ARTICLE)[column] == value


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("event_date", None),
        ("time_precision", None),
        ("actor1", ""),
        ("inter1", None),
        ("actor2", ""),
        ("inter2", None),
        ("interaction", 0),
        ("location", ""),
        ("fatalities_flag", "unknown, default 3"),
        ("claimed_by", {"text": "Wire", "kind": "publisher"}),
    ],
)
def test_outputs_event_record_missing_parts_are_empty(column: str, value: Any) -> None:
    assert event_record(BARE_EVENT, ARTICLE)[column] == value


def test_outputs_event_id_is_stable_and_distinct() -> None:
    first = event_record(EVENT, ARTICLE)["event_id"]
    assert first == event_record(EVENT, ARTICLE)["event_id"]
    assert first.startswith("wire-1-")
    assert first != event_record(BARE_EVENT, ARTICLE)["event_id"]


# --- json and jsonl ------------------------------------------------------------------------


def test_outputs_json_one_input_is_one_object() -> None:
    record = json.loads(render("json", [EXTRACTION]))
    assert list(record) == ["id", "events", "claims", "figures", "control"]
    assert record["id"] == "wire-1"
    assert [event["sub_event_type"] for event in record["events"]] == ["Government regains territory", "Attack"]
    assert record["events"][0] == event_record(EVENT, ARTICLE)


def test_outputs_json_claims_figures_control() -> None:
    record = json.loads(render("json", [EXTRACTION]))
    assert record["claims"] == [
        {
            "speaker": "The Front",
            "speaker_kind": "non-state armed group",
            "content": "losing the town",
            "date": None,
            "origin": None,
            "evidence": {"sentence": 2, "start": EVIDENCE2.start, "end": EVIDENCE2.end},
        }
    ]
    figure = record["figures"][0]
    assert (figure["kind"], figure["best"], figure["low"], figure["high"], figure["qualifier"]) == (
        "killed",
        12,
        12,
        None,
        "at least",
    )
    assert figure["claimed_by"] == {"text": "a military spokesman", "kind": "state military"}
    assert record["control"][0]["held_by"] == "Military Forces of Freedonia"
    assert record["control"][0]["date"] == "2022-05-09"


@pytest.mark.parametrize(("extractions", "ids"), [([], []), ([EXTRACTION, EMPTY], ["wire-1", "quiet-2"])])
def test_outputs_json_several_or_no_inputs_is_a_list(extractions: list[Extraction], ids: list[str]) -> None:
    records = json.loads(render("json", extractions))
    assert [record["id"] for record in records] == ids


def test_outputs_jsonl_one_line_per_input() -> None:
    lines = render("jsonl", [EXTRACTION, EMPTY]).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["wire-1", "quiet-2"]
    assert json.loads(lines[0]) == json.loads(render("json", [EXTRACTION]))


def test_outputs_acled_jsonl_one_line_per_input_with_events() -> None:
    lines = render("acled-jsonl", [EXTRACTION, EMPTY]).splitlines()
    first, second = (json.loads(line) for line in lines)
    assert list(first) == ["id", "events"]
    assert first["events"] == [event_record(EVENT, ARTICLE), event_record(BARE_EVENT, ARTICLE)]
    assert second == {"id": "quiet-2", "events": []}


# --- acled-csv ---------------------------------------------------------------------------------


def test_outputs_acled_csv_round_trips_through_dictreader() -> None:
    rows = list(csv.DictReader(io.StringIO(render("acled-csv", [EXTRACTION, EMPTY]))))
    assert len(rows) == 2
    first, second = rows
    assert tuple(first) == CSV_COLUMNS
    assert first["article_id"] == "wire-1"
    assert first["event_date"] == "2022-05-09"
    assert first["interaction"] == "12"
    assert first["notes"] == SENT1
    assert first["latitude"] == ""
    assert json.loads(first["claimed_by"]) == {"text": "a military spokesman", "kind": "state military"}
    assert json.loads(first["evidence"]) == {"sentence": 1, "start": 0, "end": len(SENT1)}
    assert (second["event_date"], second["inter1"], second["fatalities"]) == ("", "", "3")


def test_outputs_acled_csv_without_events_is_header_only() -> None:
    assert render("acled-csv", [EMPTY]).splitlines() == [",".join(CSV_COLUMNS)]


def test_outputs_acled_csv_quotes_commas_and_newlines() -> None:
    sentence = 'Shells fell on "the old market",\nofficials said.'
    event = _with_evidence(EVENT, Evidence(sentence=1, start=0, end=len(sentence), text=sentence))
    extraction = Extraction(id="q", events=(event,), claims=(), figures=(), control=(), article=ARTICLE)
    (row,) = csv.DictReader(io.StringIO(render("acled-csv", [extraction])))
    assert row["notes"] == sentence


def _with_evidence(event: Event, evidence: Evidence) -> Event:
    import dataclasses

    return dataclasses.replace(event, evidence=evidence)


# --- table ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expected",
    [
        "wire-1",
        "Troops retake Dorval",
        "2022-05-09",
        "Military Forces of Freedonia → Liberation Front",
        "Dorval, Freedonia",
        "a military spokesman",
        "Figures",
        "at least 12 fighters",
        "Claims",
        "losing the town",
        "Control",
        "no events found",
    ],
)
def test_outputs_table_shows(expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # no wrapping inside cells
    assert expected in render("table", [EXTRACTION, EMPTY])


# --- registry ------------------------------------------------------------------------------------


def test_outputs_formats_registered_by_name() -> None:
    assert list(FORMATS) == ["json", "jsonl", "acled-jsonl", "acled-csv", "table"]


def test_outputs_unknown_format_is_e201() -> None:
    with pytest.raises(FrontlinesError, match=r"\[E201\] Unknown output format 'xml'; choose one of: json, jsonl"):
        render("xml", [EXTRACTION])


@pytest.mark.parametrize("name", ["json", "jsonl", "acled-jsonl", "acled-csv", "table"])
def test_outputs_every_format_accepts_a_generator(name: str) -> None:
    out = io.StringIO()
    write((extraction for extraction in [EXTRACTION, EMPTY]), out, format=name)
    assert out.getvalue().endswith("\n")
