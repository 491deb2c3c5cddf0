"""Extraction <-> rows: the store keeps every field of the types, nested places included.

A new field in `frontlines.types` fails the first test until `store/rows.py` (and the
schema, through a migration) keep it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from frontlines.store import SqlStore
from frontlines.store.rows import article_rows, place_from_json, place_json
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

KEPT: dict[type, set[str]] = {
    Article: {"text", "title", "published", "publisher", "url", "id", "dateline_place"},
    Actor: {"text", "canonical", "inter", "sector", "country", "start", "end"},
    Attribution: {"text", "kind", "canonical", "origin"},
    Claim: {"speaker", "speaker_kind", "content", "evidence", "date", "origin"},
    ControlChange: {"place", "held_by", "previous_holder", "date", "claimed_by", "evidence", "area", "location"},
    Event: {
        "event_type", "sub_event_type", "plover_event", "plover_mode", "cameo_root", "trigger", "actor1", "actor2",
        "assoc_actor_1", "assoc_actor_2", "date", "place", "country", "fatalities", "fatalities_flag", "figures",
        "claimed_by", "evidence", "confidence", "trigger_start", "area",
    },
    Evidence: {"sentence", "start", "end", "text"},
    Extraction: {"id", "events", "claims", "figures", "control", "article"},
    Figure: {"kind", "best", "low", "high", "qualifier", "text", "claimed_by", "evidence", "of_which", "period", "vague"},
    TimeRef: {"date", "precision", "text"},
}
"""The fields the store keeps, per type (Place is kept whole, as JSON, by `place_json`)."""


@pytest.mark.parametrize("kind", list(KEPT), ids=lambda kind: kind.__name__)
def test_store_rows_keep_every_field_of_the_types(kind: type) -> None:
    fields = {field.name for field in dataclasses.fields(kind)}
    assert fields == KEPT[kind], f"store/rows.py does not keep {kind.__name__}.{sorted(fields - KEPT[kind])}"


HMEIMIM = Place(
    text="Hmeimim airbase", country="SYR", start=40, end=55, name="Hmeimim airbase", admin1="Lattakia",
    latitude=35.4011, longitude=35.9487, geo_precision=2, geonameid="supplement:sy-hmeimim", feature="airbase",
)
RIVER = Place(text="Queiq River", country="SYR", relation="to", start=120, end=131, feature="river", note="not in the index")
ALEPPO = Place(
    text="east Aleppo", country="SYR", relation="part of", start=60, end=71, name="Aleppo", admin1="Aleppo",
    admin2="Jabal Saman", latitude=36.2, longitude=37.16, geo_precision=2, geonameid="170063", fallback=True,
    note="a part of the town", within="Aleppo", feature="city", also=(RIVER, dataclasses.replace(RIVER, also=(HMEIMIM,))),
)


def _every_field_set() -> Extraction:
    """An extraction with every field away from its default, nested places included."""
    article = Article(
        text="ALEPPO, Syria (Wire) - " + "x" * 200, title="Title", published=dt.date(2016, 12, 13),
        publisher="Wire", url="https://example.org/a", id="src-1", dateline_place="ALEPPO, Syria",
    )
    speaker = Attribution(text="a military source", kind="state military", canonical="Military Forces of Syria",
                          origin=HMEIMIM)
    evidence = Evidence(sentence=2, start=30, end=90, text="The sentence.")
    figure = Figure(kind="displaced", best=8000, low=8000, high=9000, qualifier="more than", text="8,000 people",
                    claimed_by=speaker, evidence=evidence, of_which={"children": "more than half"}, period="24 hours",
                    vague=True)
    army = Actor(text="the army", canonical="Military Forces of Syria", inter=1, sector="MIL", country="SYR", start=3,
                 end=11)
    rebels = Actor(text="rebels", canonical="", inter=2, sector="REB", country="SYR", start=20, end=26)
    allies = (Actor(text="allies", canonical="Hezbollah", inter=8, sector="MIL", country="LBN"),)
    event = Event(
        event_type="Battles", sub_event_type="Government regains territory", plover_event="ASSAULT",
        plover_mode="seize", cameo_root="19", trigger="taken", actor1=army, actor2=rebels, assoc_actor_1=allies,
        assoc_actor_2=(rebels,), date=TimeRef(date=dt.date(2016, 12, 12), precision=2, text="last week"),
        place=ALEPPO, country="SYR", fatalities=10, fatalities_flag="unknown toll coded as 10 (ACLED rule)",
        figures=(figure,), claimed_by=speaker, evidence=evidence, confidence=0.85, trigger_start=44,
        area="all the districts abandoned by rebels",
    )
    bare = dataclasses.replace(event, actor1=None, actor2=None, assoc_actor_1=(), assoc_actor_2=(), date=None,
                               place=None, figures=(), area="")
    claim = Claim(speaker="a military source", speaker_kind="state military", content="they took it",
                  evidence=evidence, date=dt.date(2016, 12, 13), origin=HMEIMIM)
    change = ControlChange(place="Aleppo", held_by="Military Forces of Syria", previous_holder="Rebels (Syria)",
                           date=dt.date(2016, 12, 12), claimed_by=speaker, evidence=evidence,
                           area="all the districts abandoned by rebels", location=ALEPPO)
    return Extraction(id=article.key, events=(event, bare), claims=(claim,), figures=(figure,), control=(change,),
                      article=article)


def test_store_rows_every_field_round_trips(store: SqlStore) -> None:
    extraction = _every_field_set()
    assert store.add(extraction)
    assert store.extraction(extraction.article.content_hash) == extraction


def test_store_rows_place_json_round_trips_nested_places() -> None:
    assert place_from_json(place_json(ALEPPO)) == ALEPPO
    assert place_from_json({**place_json(HMEIMIM), "a field of a later version": 1}) == HMEIMIM


def test_store_rows_links_event_figures_control_and_evidence() -> None:
    extraction = _every_field_set()
    rows = article_rows(extraction)
    article_id = extraction.article.content_hash
    assert [r["id"] for r in rows.reports] == [f"{article_id}:0", f"{article_id}:1"]
    assert [(r["id"], r["report_id"], r["report_n"], r["listed"]) for r in rows.figures] == [
        (f"{article_id}:f0", f"{article_id}:0", 0, True)
    ]
    assert [(r["report_id"], r["place_id"]) for r in rows.control] == [(f"{article_id}:0", "170063")]
    assert [r["id"] for r in rows.evidence] == [f"{article_id}:s2"]
    assert [r["name"] for r in rows.actors] == ["Military Forces of Syria", "Hezbollah"]  # "" is not an actor name
    assert [r["id"] for r in rows.places] == ["170063"]
    assert rows.reports[0]["assoc_actor_1"] == "Hezbollah" and rows.reports[0]["assoc_actor_2"] == "rebels"


def test_store_rows_event_figure_missing_from_the_list_is_kept_apart() -> None:
    extraction = _every_field_set()
    alone = dataclasses.replace(extraction, figures=())
    rows = article_rows(alone)
    assert [(r["listed"], r["report_id"]) for r in rows.figures] == [(False, f"{alone.article.content_hash}:0")]
