"""Tests for evaluate.py: gold reading, matching, the score arithmetic and the report.

The gold files here are written by the tests themselves (invented texts), in the line
format of gold/README.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest

from frontlines.errors import FrontlinesError
from frontlines.evaluate import (
    GoldEvent,
    GoldRecord,
    distance_km,
    evaluate,
    match_events,
    read_gold,
    render_report,
    score,
)
from frontlines.types import Actor, Attribution, Event, Evidence, Place, TimeRef

TYPE_OF = {
    "Peaceful protest": "Protests",
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Attack": "Violence against civilians",
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Mob violence": "Riots",
}


@dataclasses.dataclass(frozen=True)
class GeoPlace(Place):
    """What `Place` will look like once geocoded: the scorer reads these by name."""

    latitude: float | None = None
    longitude: float | None = None
    admin1: str = ""


def actor(inter: int) -> Actor:
    return Actor(text=f"group {inter}", canonical=f"Group {inter}", inter=inter)


def make_event(
    sub_type: str,
    *,
    date: str | None = None,
    inter: tuple[int, ...] = (),
    fatalities: int = 0,
    place: Place | None = None,
) -> Event:
    actors = [actor(i) for i in inter] + [None, None]
    return Event(
        event_type=TYPE_OF[sub_type],
        sub_event_type=sub_type,
        plover_event="",
        plover_mode="",
        cameo_root="",
        trigger="",
        actor1=actors[0],
        actor2=actors[1],
        assoc_actor_1=(),
        assoc_actor_2=(),
        date=TimeRef(date=dt.date.fromisoformat(date), precision=1) if date else None,
        place=place,
        country="",
        fatalities=fatalities,
        fatalities_flag="",
        figures=(),
        claimed_by=Attribution(text="", kind="publisher"),
        evidence=Evidence(sentence=1, start=0, end=0, text=""),
        confidence=1.0,
    )


def gold(sub_type: str, **fields: Any) -> GoldEvent:
    return GoldEvent(event_type=TYPE_OF[sub_type], sub_event_type=sub_type, **fields)


def record(*events: GoldEvent, text: str = "An invented report.") -> GoldRecord:
    return GoldRecord(id="", text=text, events=events)


def gold_line(text: str, *events: dict[str, str], id: str = "") -> str:
    return json.dumps({"id": id, "text": text, "n_events": len(events), "events": list(events)})


def gold_event_json(sub_type: str, **fields: str) -> dict[str, str]:
    base = {
        "event_type": TYPE_OF[sub_type],
        "sub_event_type": sub_type,
        "inter1": "",
        "inter2": "",
        "fatalities": "",
        "latitude": "",
        "longitude": "",
        "admin1": "",
        "event_date": "",
    }
    return base | fields


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    lines = [
        gold_line(
            "On 3 March 2021, about fifty teachers marched peacefully in Northtown over unpaid wages.",
            gold_event_json("Peaceful protest", inter1="6", inter2="0", fatalities="0", event_date="2021-03-03",
                            latitude="10.5", longitude="20.25", admin1="North"),
            id="T1",
        ),
        "",
        gold_line(
            "On 5 March 2021, soldiers and an armed group fought near Hill 12 and in Riverside; three died.",
            gold_event_json("Armed clash", inter1="1", inter2="2", fatalities="2", event_date="2021-03-05"),
            gold_event_json("Armed clash", inter1="1", inter2="2", fatalities="1", event_date="2021-03-05"),
            id="T2",
        ),
        gold_line(
            "On 6 March 2021, a crowd beat a man accused of theft in Eastfield market.",
            gold_event_json("Mob violence", inter1="5", inter2="7", fatalities="0", event_date="2021-03-06"),
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- reading gold ---------------------------------------------------------------------


def test_evaluate_read_gold_parses_string_fields(gold_file: Path) -> None:
    records = list(read_gold(gold_file))
    assert [r.id for r in records] == ["T1", "T2", ""]
    assert [len(r.events) for r in records] == [1, 2, 1]
    first = records[0].events[0]
    assert (first.inter1, first.inter2, first.fatalities) == (6, 0, 0)
    assert (first.latitude, first.longitude, first.admin1) == (10.5, 20.25, "North")
    second = records[1].events[0]
    assert (second.latitude, second.longitude) == (None, None)


@pytest.mark.parametrize(("limit", "expected"), [(None, 3), (0, 0), (1, 1), (2, 2), (10, 3)])
def test_evaluate_read_gold_limit_counts_records(gold_file: Path, limit: int | None, expected: int) -> None:
    assert len(list(read_gold(gold_file, limit=limit))) == expected


GOOD = gold_line("On 1 May 2021, a patrol was ambushed.", gold_event_json("Armed clash"))


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("{not json", "malformed JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({"text": "", "events": []}), "'text'"),
        (json.dumps({"text": "Some words.", "events": {}}), "'events' list"),
        (json.dumps({"text": "Some words.", "events": ["x"]}), "events[0] is not an object"),
        (json.dumps({"text": "Some words.", "events": [{"event_type": "Battles"}]}), "sub_event_type"),
        (gold_line("Some words.", gold_event_json("Armed clash", fatalities="many")), "'fatalities'"),
        (gold_line("Some words.", gold_event_json("Armed clash", latitude="north")), "'latitude'"),
    ],
)
def test_evaluate_bad_gold_line_raises_e401_with_file_and_line(tmp_path: Path, bad_line: str, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{GOOD}\n{bad_line}\n{GOOD}\n", encoding="utf-8")
    with pytest.raises(FrontlinesError) as info:
        list(read_gold(path))
    message = str(info.value)
    assert message.startswith("[E401]")
    assert f"{path}:2:" in message
    assert reason in message


def test_evaluate_read_gold_collects_errors_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{GOOD}\n{{oops\n{GOOD}\n", encoding="utf-8")
    errors: list[FrontlinesError] = []
    assert len(list(read_gold(path, errors=errors))) == 2
    assert len(errors) == 1 and f"{path}:2:" in str(errors[0])


def test_evaluate_fails_before_extracting_on_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{GOOD}\n{{oops\n", encoding="utf-8")
    with pytest.raises(FrontlinesError, match=r"E401.*:2:"):
        evaluate(path)
    report = evaluate(path, skip_invalid=True)
    assert (report.texts, report.skipped) == (1, 1)


# --- matching -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold_subs", "pred_subs", "pairs"),
    [
        (["Armed clash"], ["Armed clash"], [(0, 0)]),
        (["Armed clash"], ["Government regains territory"], [(0, 0)]),  # same event type
        (["Armed clash"], ["Attack"], []),  # different event type: unmatched
        (["Armed clash"], [], []),
        # The exact sub-type wins over an earlier same-type prediction.
        (["Armed clash"], ["Government regains territory", "Armed clash"], [(0, 1)]),
        # One prediction serves one gold event only.
        (["Armed clash", "Armed clash"], ["Armed clash"], [(0, 0)]),
        (
            ["Air/drone strike", "Shelling/artillery/missile attack"],
            ["Shelling/artillery/missile attack", "Air/drone strike"],
            [(0, 1), (1, 0)],
        ),
    ],
)
def test_evaluate_match_events(gold_subs: list[str], pred_subs: list[str], pairs: list[tuple[int, int]]) -> None:
    assert match_events([gold(s) for s in gold_subs], [make_event(s) for s in pred_subs]) == pairs


def test_evaluate_match_prefers_nearest_place() -> None:
    golds = [gold("Armed clash", latitude=10.0, longitude=20.0), gold("Armed clash", latitude=11.0, longitude=20.0)]
    preds = [
        make_event("Armed clash", place=GeoPlace(text="B", latitude=11.01, longitude=20.0)),
        make_event("Armed clash", place=GeoPlace(text="A", latitude=10.02, longitude=20.0)),
    ]
    assert match_events(golds, preds) == [(0, 1), (1, 0)]


def test_evaluate_distance_km_one_degree_of_latitude() -> None:
    assert distance_km((0.0, 0.0), (1.0, 0.0)) == pytest.approx(111.2, abs=0.1)
    assert distance_km((35.0, 36.0), (35.0, 36.0)) == 0.0


# --- score arithmetic -------------------------------------------------------------------


@pytest.fixture
def mixed() -> tuple[list[GoldRecord], list[list[Event]]]:
    records = [
        # A: all right.
        record(gold("Peaceful protest", event_date="2021-03-03", inter1=6, inter2=0, fatalities=0)),
        # B: wrong event type: nothing matches.
        record(gold("Armed clash", event_date="2021-03-05", inter1=1, inter2=2, fatalities=3)),
        # C: one of two sub-types found, with the wrong date and actors; no gold fatalities.
        record(
            gold("Air/drone strike", event_date="2021-03-04", inter1=1, inter2=0),
            gold("Shelling/artillery/missile attack", event_date="2021-03-04", inter1=1, inter2=0),
        ),
        # D: nothing predicted.
        record(gold("Mob violence", event_date="2021-03-06", inter1=5, inter2=7, fatalities=0)),
    ]
    predictions = [
        [make_event("Peaceful protest", date="2021-03-03", inter=(6,), fatalities=0)],
        [make_event("Attack", date="2021-03-05", inter=(2, 7), fatalities=3)],
        [make_event("Shelling/artillery/missile attack", date="2021-03-02", inter=(2,), fatalities=4)],
        [],
    ]
    return records, predictions


def test_evaluate_score_type_and_sub_type(mixed: tuple[list[GoldRecord], list[list[Event]]]) -> None:
    report = score(*mixed)
    # type: A tp, B fp+fn, C tp, D fn.
    assert (report.event_type.tp, report.event_type.fp, report.event_type.fn) == (2, 1, 2)
    assert report.event_type.p == pytest.approx(2 / 3)
    assert report.event_type.r == pytest.approx(1 / 2)
    assert report.event_type.f1 == pytest.approx(4 / 7)
    # sub-type: A tp; B fp+fn; C tp+fn; D fn.
    assert (report.sub_event_type.tp, report.sub_event_type.fp, report.sub_event_type.fn) == (2, 1, 3)
    assert report.sub_event_type.f1 == pytest.approx(0.5)
    # Macro over the 5 gold sub-types (Attack is predicted only): two at F1 1, three at 0.
    assert report.sub_type_macro_f1 == pytest.approx(2 / 5)


def test_evaluate_score_matched_fields(mixed: tuple[list[GoldRecord], list[list[Event]]]) -> None:
    report = score(*mixed)
    assert (report.texts, report.gold_events, report.predicted_events, report.matched) == (4, 5, 3, 2)
    assert report.coverage == pytest.approx(3 / 4)
    assert (report.date_exact.hits, report.date_exact.total) == (1, 2)
    # A: (0, 6) == {6, 0}; C: {2, 0} != {1, 0}.
    assert (report.actors_inter_pair.hits, report.actors_inter_pair.total) == (1, 2)
    # C has no gold fatalities, so only A counts.
    assert (report.fatalities_exact.hits, report.fatalities_exact.total) == (1, 1)
    assert report.place.with_coordinates == 0
    assert report.place.median_km is None
    assert report.texts_per_second is None


def test_evaluate_score_confusion(mixed: tuple[list[GoldRecord], list[list[Event]]]) -> None:
    confusion = {(g, p): n for g, p, n in score(*mixed).confusion}
    assert confusion == {
        ("Peaceful protest", "Peaceful protest"): 1,
        ("Armed clash", "(none)"): 1,
        ("(none)", "Attack"): 1,
        ("Air/drone strike", "(none)"): 1,
        ("Shelling/artillery/missile attack", "Shelling/artillery/missile attack"): 1,
        ("Mob violence", "(none)"): 1,
    }


def test_evaluate_score_same_type_match_shows_in_confusion() -> None:
    report = score([record(gold("Armed clash"))], [[make_event("Government regains territory")]])
    assert report.matched == 1
    assert report.confusion == (("Armed clash", "Government regains territory", 1),)
    assert report.event_type.f1 == 1.0
    assert report.sub_event_type.f1 == 0.0


def test_evaluate_score_place_figures_once_places_have_coordinates() -> None:
    lat, lon = 36.0, 37.0
    records = [
        record(gold("Armed clash", latitude=lat, longitude=lon, admin1="Upland")),
        record(gold("Armed clash", latitude=lat, longitude=lon, admin1="Upland")),
        record(gold("Armed clash", latitude=lat, longitude=lon, admin1="Upland")),
        record(gold("Armed clash", latitude=lat, longitude=lon, admin1="Upland")),
    ]
    km = 1 / 111.2  # about one kilometre of latitude, in degrees
    predictions = [
        [make_event("Armed clash", place=GeoPlace(text="a", latitude=lat + 5 * km, longitude=lon, admin1="upland"))],
        [make_event("Armed clash", place=GeoPlace(text="b", latitude=lat + 30 * km, longitude=lon, admin1="Lowland"))],
        [make_event("Armed clash", place=GeoPlace(text="c", latitude=lat + 100 * km, longitude=lon))],
        [make_event("Armed clash", place=Place(text="no coordinates yet"))],
    ]
    place = score(records, predictions).place
    assert place.with_coordinates == 3
    assert (place.within_10km.hits, place.within_10km.total) == (1, 3)
    assert (place.within_50km.hits, place.within_50km.total) == (2, 3)
    assert (place.same_admin1.hits, place.same_admin1.total) == (1, 2)
    assert place.median_km == pytest.approx(30, abs=0.1)


def test_evaluate_score_empty_input_is_all_zero_or_none() -> None:
    report = score([], [])
    assert (report.texts, report.coverage, report.event_type.f1, report.sub_type_macro_f1) == (0, 0.0, 0.0, 0.0)
    assert report.date_exact.value is None


def test_evaluate_score_needs_one_prediction_list_per_record() -> None:
    with pytest.raises(ValueError):
        score([record(gold("Armed clash"))], [])


# --- report ---------------------------------------------------------------------------------


def test_evaluate_to_dict_is_json_with_the_documented_keys(mixed: tuple[list[GoldRecord], list[list[Event]]]) -> None:
    data = json.loads(json.dumps(score(*mixed, file="g.jsonl", seconds=2.0).to_dict()))
    assert set(data) >= {
        "file", "texts", "gold_events", "predicted_events", "type", "sub_type", "confusion", "date_exact",
        "actors_inter_pair", "fatalities_exact", "place", "coverage", "texts_per_second", "matched",
    }  # fmt: skip
    assert set(data["type"]) == {"p", "r", "f1"}
    assert set(data["sub_type"]) == {"p", "r", "f1", "macro_f1"}
    assert ["Armed clash", "(none)", 1] in data["confusion"]
    assert data["texts_per_second"] == 2.0
    assert data["date_exact"] == 0.5
    assert data["place"]["within_10km"] is None


def test_evaluate_render_report_shows_headline_figures(mixed: tuple[list[GoldRecord], list[list[Event]]]) -> None:
    text = render_report(score(*mixed, file="g.jsonl", seconds=2.0))
    assert "g.jsonl" in text
    assert "2 / 5 gold events" in text
    assert "75.0%" in text  # coverage
    assert "2.0 texts/s" in text
    assert "0.667" in text and "0.571" in text  # type P, F1
    assert "0.400" in text  # sub-type macro F1
    assert "50.0% (1 / 2)" in text  # date exact
    assert "n/a (0 with coordinates)" in text
    rows = {line.split()[0]: line for line in text.splitlines() if line.startswith("  Armed")}
    assert "(none) 1" in rows["Armed"]


def test_evaluate_render_report_lines_up_confusion_columns(mixed: tuple[list[GoldRecord], list[list[Event]]]) -> None:
    lines = render_report(score(*mixed)).splitlines()
    start = next(i for i, line in enumerate(lines) if "top confusions" in line)
    table = lines[start:]
    # The "correct" column ends at the same place on every row.
    ends = {line.index("correct") + len("correct") for line in table[:1]}
    assert all(line[: max(ends)].rstrip()[-1].isdigit() for line in table[1:])


def test_evaluate_end_to_end_runs_the_pipeline(gold_file: Path) -> None:
    report = evaluate(gold_file, limit=2)
    assert (report.texts, report.gold_events) == (2, 3)
    assert report.texts_per_second is not None and report.texts_per_second > 0
    assert 0.0 <= report.coverage <= 1.0
    assert not math.isnan(report.event_type.f1)
