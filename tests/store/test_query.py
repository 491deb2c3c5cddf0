"""Event queries on every backend: each filter narrows to exactly the events it should (and
can match nothing), pagination, sort, streamed pages, and the exports read back.

The expected events are worked out in Python from `store.events()` and the stored
extractions, then compared with what the SQL gives. The store holds the seed article,
the invented articles of conftest.py and three more invented here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator

import pyarrow.parquet as pq
import pytest
from sqlalchemy.dialects import sqlite

from frontlines.errors import QueryError
from frontlines.exports import EXPORTERS, export
from frontlines.pipeline import extract_many
from frontlines.store import SqlStore, StoredEvent, open_store, schema
from frontlines.store.query import SORTS, BBox, EventFilter, parse_filter, parse_sort
from frontlines.types import Article, Extraction

# Invented reports (not from any corpus): an air strike a monitor reports, an attack in Iraq,
# an abduction the text puts nowhere more precise than a country (no point).
OWN = [
    Article(
        title="Air strikes on Maarat al-Numan",
        text="Air strikes killed 12 civilians in the town of Maarat al-Numan in Idlib province on Tuesday, "
        "the Syrian Observatory for Human Rights said.",
        published=dt.date(2019, 8, 21),
        publisher="Monitor Wire",
        id="own-1",
    ),
    Article(
        title="Checkpoint attacked near Tal Afar",
        text="Islamic State militants attacked an army checkpoint near Tal Afar on Sunday, killing three soldiers, "
        "an Iraqi military spokesman said.",
        published=dt.date(2018, 3, 5),
        publisher="Desk",
        id="own-2",
    ),
    Article(
        title="Aid workers abducted",
        text="Gunmen abducted two aid workers in Yemen on Friday, the United Nations said.",
        published=dt.date(2021, 6, 12),
        publisher="Desk",
        id="own-3",
    ),
]


@pytest.fixture(scope="module")
def own(extractions: list[Extraction]) -> list[Extraction]:
    return list(extract_many(OWN))


@pytest.fixture
def filled(store: SqlStore, extractions: list[Extraction], own: list[Extraction]) -> SqlStore:
    """The store with every article, and one event marked contested (whatever fusion says)."""
    for extraction in [*extractions, *own]:
        store.add(extraction)
    first = store.events()[0].id
    with store._writer.begin() as conn:
        conn.execute(schema.events.update().where(schema.events.c.id == first).values(contested=True))
    return store


def _url_of(store: SqlStore) -> str:
    return store._engine.url.render_as_string(hide_password=False)


def reports_told(store: SqlStore) -> dict[str, tuple[str, str]]:
    """Report id -> (evidence sentence, claimant), from the stored extractions."""
    told: dict[str, tuple[str, str]] = {}
    for article_id in store.article_ids():
        extraction = store.extraction(article_id)
        assert extraction is not None
        for n, event in enumerate(extraction.events):
            told[f"{article_id}:{n}"] = (event.evidence.text, event.claimed_by.text)
    return told


def ids(events: list[StoredEvent]) -> list[str]:
    return [event.id for event in events]


def expected(store: SqlStore, keep: Callable[[StoredEvent], bool]) -> list[str]:
    return [event.id for event in store.events() if keep(event)]


ALEPPO_BOX = BBox(min_lon=37.0, min_lat=36.1, max_lon=37.3, max_lat=36.3)


def in_box(event: StoredEvent, box: BBox) -> bool:
    return (
        event.latitude is not None
        and event.longitude is not None
        and box.min_lat <= event.latitude <= box.max_lat
        and box.min_lon <= event.longitude <= box.max_lon
    )


def _cases(store: SqlStore) -> Iterator[tuple[str, EventFilter, Callable[[StoredEvent], bool]]]:
    told = reports_told(store)

    def says(event: StoredEvent, index: int, part: str) -> bool:
        return any(part in told[report][index].lower() for report in event.reports)

    yield "since", EventFilter(since=dt.date(2019, 1, 1)), lambda e: e.event_date is not None and e.event_date >= dt.date(2019, 1, 1)
    yield "until", EventFilter(until=dt.date(2016, 12, 12)), lambda e: e.event_date is not None and e.event_date <= dt.date(2016, 12, 12)
    yield "country", parse_filter(country="Syria"), lambda e: e.country == "SYR"
    yield "admin1", parse_filter(admin1="IDLEB"), lambda e: (e.admin1 or "").lower() == "idleb"
    yield "bbox", EventFilter(bbox=ALEPPO_BOX), lambda e: in_box(e, ALEPPO_BOX)
    yield "event type", parse_filter(type="battles"), lambda e: e.event_type == "Battles"
    yield "sub-event type", parse_filter(type="air/drone strike"), lambda e: e.sub_event_type == "Air/drone strike"
    yield "actor", EventFilter(actor="taliban"), lambda e: "taliban" in f"{e.actor1} {e.actor2} {e.assoc_actor_1} {e.assoc_actor_2}".lower()
    yield "claimant", EventFilter(claimant="Observatory"), lambda e: says(e, 1, "observatory")
    yield "text", EventFilter(text="Queiq"), lambda e: says(e, 0, "queiq")
    yield "contested", EventFilter(contested=True), lambda e: e.contested
    yield "country and dates", parse_filter(country="SYR", since="2016-12-13", until="2016-12-13"), (
        lambda e: e.country == "SYR" and e.event_date == dt.date(2016, 12, 13)
    )


def test_query_each_filter_narrows_to_exactly_its_events(filled: SqlStore) -> None:
    everything = ids(filled.events())
    assert len(everything) >= 10
    for name, filters, keep in _cases(filled):
        want = expected(filled, keep)
        assert want, f"{name}: the test data hold no event for this filter"
        assert len(want) < len(everything), f"{name}: the filter does not narrow"
        assert ids(filled.query_events(filters)) == want, name
        assert filled.count_events(filters) == len(want), name


@pytest.mark.parametrize(
    "filters",
    [
        EventFilter(since=dt.date(2030, 1, 1)),
        EventFilter(until=dt.date(2000, 1, 1)),
        EventFilter(country="NGA"),
        EventFilter(admin1="Nowhere"),
        EventFilter(bbox=BBox(min_lon=-30.0, min_lat=-10.0, max_lon=-20.0, max_lat=0.0)),  # the Atlantic
        EventFilter(type="Peaceful protest"),
        EventFilter(actor="100%_"),  # LIKE's wildcards are matched as themselves
        EventFilter(claimant="nobody at all"),
        EventFilter(text="penguins"),
        EventFilter(text='"'),  # no word to search for
        EventFilter(country="SYR", admin1="Kunduz"),
    ],
    ids=lambda f: ",".join(f"{k}={v}" for k, v in vars(f).items() if v not in (None, False)),
)
def test_query_filter_can_match_nothing(filled: SqlStore, filters: EventFilter) -> None:
    assert filled.query_events(filters) == []
    assert filled.count_events(filters) == 0


def test_query_bbox_across_the_antimeridian(filled: SqlStore) -> None:
    # from 170°E eastwards round to 37.3°E: everything between 37.3°E and 170°E is outside
    box = BBox(min_lon=170.0, min_lat=-90.0, max_lon=37.3, max_lat=90.0)
    want = expected(filled, lambda e: e.longitude is not None and (e.longitude >= 170 or e.longitude <= 37.3))
    assert want and len(want) < len(filled.events())
    assert ids(filled.query_events(EventFilter(bbox=box))) == want


def test_query_pages_add_up_to_the_whole(filled: SqlStore) -> None:
    whole = ids(filled.query_events(sort="-date"))
    assert filled.count_events() == len(whole)
    pages = [ids(filled.query_events(limit=3, offset=start, sort="-date")) for start in range(0, len(whole), 3)]
    assert all(len(page) == 3 for page in pages[:-1])
    assert [event for page in pages for event in page] == whole
    assert filled.query_events(limit=3, offset=len(whole)) == []
    assert filled.query_events(limit=0) == []


@pytest.mark.parametrize("sort", SORTS)
def test_query_sort_orders(filled: SqlStore, sort: str) -> None:
    found = filled.query_events(sort=sort)
    assert sorted(ids(found)) == sorted(ids(filled.events()))
    key = sort.removeprefix("-")
    descending = sort.startswith("-")

    def value(event: StoredEvent) -> object:
        return {"date": event.event_date, "fatalities": event.fatalities, "sources": event.sources}[key]

    dated = [value(e) for e in found if value(e) is not None]
    assert dated == sorted(dated, reverse=descending)  # type: ignore[type-var]
    if key == "date":  # undated events come last either way
        flags = [e.event_date is None for e in found]
        assert flags == sorted(flags)


def test_query_default_order_is_the_order_of_events(filled: SqlStore) -> None:
    assert ids(filled.query_events()) == ids(filled.events())
    assert filled.query_events(limit=2) == filled.events(limit=2)


def test_query_event_pages_stream_every_event_with_its_sources(filled: SqlStore) -> None:
    filters = parse_filter(country="Syria")
    pages = list(filled.event_pages(filters, sort="-date", size=2))
    assert [len(page) for page in pages[:-1]] == [2] * (len(pages) - 1)
    streamed = [item for page in pages for item in page]
    assert [item.event.id for item in streamed] == ids(filled.query_events(filters, sort="-date"))
    articles = {a.content_hash: a for a in OWN}
    for item in streamed:
        assert tuple(source.report_id for source in item.sources) == item.event.reports
        assert all(source.publisher for source in item.sources)
        for source in item.sources:
            if source.article_id in articles:
                assert source.publisher == articles[source.article_id].publisher
    named = [item for item in streamed if item.event.actor1]
    assert named and all(item.actor(item.event.actor1) is not None for item in named)
    assert all(item.actor(item.event.actor1).country == "SYR" for item in named if "Syria" in (item.event.actor1 or ""))  # type: ignore[union-attr]


def test_query_event_pages_closed_early_release_the_store(filled: SqlStore) -> None:
    pages = filled.event_pages(size=1)
    assert len(next(pages)) == 1
    pages.close()
    assert filled.count_events() > 1  # the store still answers


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_query_every_export_reads_back_the_same_events(filled: SqlStore, name: str) -> None:
    filters = parse_filter(country="Syria")
    want = ids(filled.query_events(filters))
    out = io.BytesIO()
    tally = export(filled, name, out, filters=filters)
    data = out.getvalue()
    if name == "acled-csv":
        got = [row["event_id"] for row in csv.DictReader(io.StringIO(data.decode("utf-8")))]
    elif name == "plover-jsonl":
        got = [json.loads(line)["id"] for line in data.decode("utf-8").splitlines()]
    elif name == "geojson":
        got = [feature["id"] for feature in json.loads(data)["features"]]
        want = [e.id for e in filled.query_events(filters) if e.latitude is not None]
    else:
        got = pq.read_table(io.BytesIO(data)).column("event_id").to_pylist()
    assert got == want
    assert tally.events == len(want)


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"since": "13/12/2016"}, "E701"),
        ({"until": "2016-02-30"}, "E701"),
        ({"since": "2017-01-01", "until": "2016-01-01"}, "E702"),
        ({"country": "Narnia"}, "E703"),
        ({"country": "XYZ"}, "E703"),
        ({"bbox": "1,2,3"}, "E704"),
        ({"bbox": "a,b,c,d"}, "E704"),
        ({"bbox": "0,10,1,5"}, "E704"),
        ({"bbox": "0,0,200,1"}, "E704"),
        ({"bbox": "nan,0,1,1"}, "E704"),
        ({"type": "Bombing"}, "E705"),
        ({"actor": "  "}, "E707"),
        ({"text": ""}, "E707"),
    ],
)
def test_query_parse_filter_refuses_bad_values(options: dict[str, str], code: str) -> None:
    with pytest.raises(QueryError, match=rf"^\[{code}\] "):
        parse_filter(**options)  # type: ignore[arg-type]


def test_query_parse_filter_canonical_values() -> None:
    found = parse_filter(
        since=" 2016-12-01 ", country="syria", type="AIR/DRONE STRIKE", bbox="36.9, 36.0, 37.4, 36.4", admin1=" Aleppo "
    )
    assert found == EventFilter(
        since=dt.date(2016, 12, 1),
        country="SYR",
        type="Air/drone strike",
        bbox=BBox(min_lon=36.9, min_lat=36.0, max_lon=37.4, max_lat=36.4),
        admin1="Aleppo",
    )
    assert parse_filter(country="sYr").country == "SYR"
    assert parse_filter() == EventFilter()


def test_query_parse_filter_names_options_for_urls_too() -> None:
    with pytest.raises(QueryError, match="Cannot read since 'soon'"):
        parse_filter(since="soon", prefix="")


@pytest.mark.parametrize("sort", ["newest", "date,fatalities", "--date"])
def test_query_bad_sort(filled: SqlStore, sort: str) -> None:
    with pytest.raises(QueryError, match=r"^\[E706\] "):
        parse_sort(sort)
    with pytest.raises(QueryError, match=r"^\[E706\] "):
        filled.query_events(sort=sort)


def test_query_bad_page(filled: SqlStore) -> None:
    with pytest.raises(QueryError, match=r"^\[E708\] "):
        filled.query_events(limit=-1)
    with pytest.raises(QueryError, match=r"^\[E708\] "):
        filled.query_events(offset=-5)


def test_query_values_are_parameters_not_sql(filled: SqlStore) -> None:
    hostile = "x' OR '1'='1"
    for filters in (EventFilter(actor=hostile), EventFilter(claimant=hostile), EventFilter(admin1=hostile),
                    EventFilter(text=hostile), EventFilter(country=hostile)):
        assert filled.query_events(filters) == []
    # the statement holds placeholders only
    from frontlines.store.query import select_events

    statement = select_events(EventFilter(actor=hostile, claimant=hostile), filled.backend)
    assert hostile not in str(statement.compile(dialect=sqlite.dialect()))


def test_query_store_protocol_reopens(filled: SqlStore) -> None:
    # a second connection sees the same answer (nothing is cached in the store object)
    with open_store(_url_of(filled)) as again:
        assert ids(again.query_events(EventFilter(country="SYR"))) == ids(filled.query_events(EventFilter(country="SYR")))
