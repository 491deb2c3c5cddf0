"""Fusion on report sets we wrote ourselves (tests/data/fusion/report_sets.jsonl): real
extraction, real embeddings, no stand-ins."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from frontlines.evaluate import pair_scores, report_label, report_sets
from frontlines.fusion import FusedEvent, Report, contested_fields, field_support, fuse

SETS = Path(__file__).parent / "data" / "fusion" / "report_sets.jsonl"


@cache
def _sets() -> tuple[tuple[dict[str, object], tuple[Report, ...]], ...]:
    return tuple(report_sets(SETS))


def _reports(set_name: str, *, publishers: tuple[str, ...] = ()) -> list[Report]:
    return [
        rep
        for row, reps in _sets()
        if row["set"] == set_name and (not publishers or row["publisher"] in publishers)
        for rep in reps
    ]


def test_fusion_same_event_told_by_three_outlets_is_one_event_with_three_sources() -> None:
    reports = _reports("idlib-airstrike", publishers=("Levant Wire", "Daily Orient", "Conflict Monitor Weekly"))
    events = fuse(reports)
    assert len(events) == 1, [[r.location for r in e.reports] for e in events]
    assert events[0].sources == 3 and len(events[0].articles) == 3


def test_fusion_two_clashes_on_one_day_in_one_province_stay_two() -> None:
    events = fuse(_reports("marib-clashes", publishers=("Gulf Dispatch", "Aden Times")))
    assert len(events) == 2
    assert {e.reports[0].location for e in events} == {"Sirwah", "Raghwan"}


def test_fusion_two_events_of_one_article_never_merge() -> None:
    one = Report(id="a:0", article_id="a", source="X", event_type="Battles", sub_event_type="Armed clash",
                 date=dt.date(2020, 5, 9), time_precision=1, country="YEM", latitude=15.4, longitude=45.0,
                 geo_precision=1, text="Clashes erupted near the town.")
    two = replace(one, id="a:1")
    assert len(fuse([one, two])) == 2
    assert len(fuse([one, replace(two, id="b:0", article_id="b", source="Y")])) == 1


def test_fusion_an_outlet_counts_once_among_independent_sources() -> None:
    first = Report(id="a:0", article_id="a", source="Wire", event_type="Protests", sub_event_type="Peaceful protest",
                   date=dt.date(2020, 5, 10), time_precision=1, country="IRQ", latitude=33.3, longitude=44.4,
                   geo_precision=1, text="Hundreds protested in Baghdad.")
    event = FusedEvent(id="a:0", reports=(first, replace(first, id="b:0", article_id="b")))
    assert event.sources == 1 and len(event.articles) == 2


def test_fusion_disagreeing_tolls_are_kept_side_by_side() -> None:
    events = fuse(_reports("idlib-airstrike"))
    assert len(events) == 1
    tolls = {fv.value: len(fv.reports) for fv in field_support(events[0])["fatalities"]}
    assert tolls == {12: 3, 15: 1}
    assert "fatalities" in contested_fields(events[0])


def test_fusion_is_the_same_for_the_same_reports_in_the_same_order() -> None:
    reports = [rep for _, reps in _sets() for rep in reps]
    first = [(e.id, tuple(r.id for r in e.reports)) for e in fuse(reports)]
    again = [(e.id, tuple(r.id for r in e.reports)) for e in fuse(reports)]
    assert first == again


def test_fusion_adds_new_reports_to_stored_events() -> None:
    reports = [r for r in _reports("donbas-shelling") if r.location == "Avdiivka"]
    stored = fuse(reports[:1])
    events = fuse(reports[1:], events=stored)
    assert events[0].id == stored[0].id and len(events[0].reports) >= 2


@pytest.mark.parametrize(("least_precision", "least_recall"), [(0.8, 0.9)])
def test_fusion_pairwise_scores_on_the_report_sets(least_precision: float, least_recall: float) -> None:
    reports = [rep for _, reps in _sets() for rep in reps]
    labels = {rep.id: label for row, reps in _sets() for rep in reps if (label := report_label(row, rep)) is not None}
    clusters = {rep.id: event.id for event in fuse(reports) for rep in event.reports}
    scores = pair_scores(clusters, labels)
    assert scores.precision >= least_precision and scores.recall >= least_recall, scores
