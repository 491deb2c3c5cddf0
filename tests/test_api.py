"""The REST API through FastAPI's TestClient, over a real SQLite store filled by
`frontlines.ingest` from the seed article and the fusion report sets.

Every route answers what the store holds; every filter narrows; pages stay within their
bounds; every error has one JSON shape; POST /articles is refused without the operator's
token and idempotent with it; schemathesis finds no server error and no answer outside the
OpenAPI schema.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from spacy.language import Language
from typer.testing import CliRunner

import frontlines
import frontlines.api as api
from frontlines.api import MAX_BODY_BYTES, MAX_TEXT_CHARS, TOKEN_ENV, create_app
from frontlines.cli import app as cli_app
from frontlines.exports import EXPORTERS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "aleppo-2016-12-13.txt"
REPORT_SETS = ROOT / "tests" / "data" / "fusion" / "report_sets.jsonl"
TOKEN = "test-token-not-a-secret"
ERROR_SHAPE = re.compile(r"^E\d{3}$")

# An invented report (not from any corpus).
KUNDUZ = {
    "title": "Checkpoint attacked in Kunduz",
    "text": "Taliban fighters attacked a police checkpoint in Kunduz on Monday, killing five officers, "
    "a provincial spokesman said.",
    "published": "2020-05-05",
    "publisher": "Wire",
    "url": "https://example.org/kunduz",
    "id": "wire-kunduz",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> str:
    """A store holding the seed article and the fusion report sets, in that order."""
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'store.sqlite'}"
    frontlines.ingest([str(SEED)], db=url, published=dt.date(2016, 12, 13), publisher="Reuters")
    frontlines.ingest([str(REPORT_SETS)], db=url)
    return url


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db=db, token=TOKEN)) as opened:
        yield opened


@pytest.fixture
def empty(tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A client over an empty store of its own, with the token set."""
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with TestClient(create_app(db=f"sqlite:///{tmp_path / 'store.sqlite'}", token=TOKEN)) as opened:
        yield opened


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def everything(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = get(client, "/events", limit=500, **params)["items"]
    return found


def assert_error(response: Any, status: int, code: str) -> None:
    """The one error shape: {"error": {"code", "message"}} and nothing else."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert ERROR_SHAPE.match(body["error"]["code"])
    assert body["error"]["code"] == code, body
    assert body["error"]["message"] and not body["error"]["message"].startswith("[")


# --- GET /events ------------------------------------------------------------------------------


def test_api_events_page_holds_records_with_total(client: TestClient) -> None:
    page = get(client, "/events", limit=5)
    assert page["total"] == len(everything(client)) > 5
    assert page["total_exact"] is True
    assert (page["limit"], page["offset"], page["sort"]) == (5, 0, "date")
    assert len(page["items"]) == 5
    record = page["items"][0]
    assert list(record)[:3] == ["event_id", "event_date", "time_precision"]
    assert record["reports"] and all(r["claimed_by"]["text"] for r in record["reports"])


def test_api_events_each_claimant_carries_its_track_record(client: TestClient) -> None:
    records = [r["claimed_by"]["record"] for e in everything(client) for r in e["reports"]]
    assert any(record is not None and record["records"] >= 1 for record in records)
    military = next(
        r for e in everything(client, claimant="military source") for r in e["reports"]
        if r["claimed_by"]["text"] == "a Syrian military source"
    )
    assert set(military["claimed_by"]["record"]) == {"records", "corroborated", "contradicted", "alone", "figure_ratio"}


def in_box(record: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    lat, lon = record["latitude"], record["longitude"]
    return lat is not None and box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


FILTERS: list[tuple[dict[str, str], Any]] = [
    ({"since": "2020-01-01"}, lambda r: r["event_date"] >= "2020-01-01"),
    ({"until": "2019-12-31"}, lambda r: r["event_date"] is not None and r["event_date"] <= "2019-12-31"),
    ({"country": "Yemen"}, lambda r: r["iso3"] == "YEM"),
    ({"country": "syr"}, lambda r: r["iso3"] == "SYR"),
    ({"admin1": "aleppo"}, lambda r: r["admin1"] == "Aleppo"),
    ({"bbox": "36.0,35.0,37.5,37.0"}, lambda r: in_box(r, (36.0, 35.0, 37.5, 37.0))),
    ({"type": "battles"}, lambda r: r["event_type"] == "Battles"),
    ({"type": "Air/drone strike"}, lambda r: r["sub_event_type"] == "Air/drone strike"),
    ({"actor": "ukraine"}, lambda r: "ukraine" in (r["actor1"] + r["actor2"]).lower()),
    ({"claimant": "observatory"}, lambda r: any("observatory" in s["claimed_by"]["text"].lower() for s in r["reports"])),
    ({"text": "frontline river"}, lambda r: "frontline along the river" in r["notes"]),
    ({"contested": "true"}, lambda r: r["contested"]),
    ({"country": "Syria", "since": "2016-12-13", "until": "2016-12-13"},
     lambda r: r["iso3"] == "SYR" and r["event_date"] == "2016-12-13"),
]


@pytest.mark.parametrize(("params", "keep"), FILTERS, ids=lambda x: "&".join(f"{k}={v}" for k, v in x.items()) if isinstance(x, dict) else "")
def test_api_events_filter_narrows(client: TestClient, params: dict[str, str], keep: Any) -> None:
    every = everything(client)
    found = everything(client, **params)
    assert found, "the filter matches some event"
    assert len(found) < len(every), "and not all of them"
    assert all(keep(record) for record in found)
    assert [r["event_id"] for r in found] == [r["event_id"] for r in every if keep(r)]
    assert get(client, "/events", **params)["total"] == len(found)


def test_api_events_pages_tile_the_matches(client: TestClient) -> None:
    every = [r["event_id"] for r in everything(client, sort="-date")]
    pages = [get(client, "/events", limit=4, offset=offset, sort="-date")["items"] for offset in range(0, len(every), 4)]
    assert [r["event_id"] for page in pages for r in page] == every
    dates = [r["event_date"] for r in everything(client, sort="-date") if r["event_date"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(("params", "count"), [({"limit": 0}, 0), ({"limit": 500}, None), ({"offset": 10_000}, 0)])
def test_api_events_page_bounds_accepted(client: TestClient, params: dict[str, int], count: int | None) -> None:
    page = get(client, "/events", **params)
    assert page["total"] == len(everything(client))
    assert len(page["items"]) == (page["total"] if count is None else count)


@pytest.mark.parametrize(
    ("params", "code", "words"),
    [
        ({"limit": 501}, "E801", "limit (query): Input should be less than or equal to 500"),
        ({"limit": -1}, "E801", "limit (query)"),
        ({"offset": -1}, "E801", "offset (query)"),
        ({"limit": "many"}, "E801", "limit (query): Input should be a valid integer"),
        ({"sort": "name"}, "E801", "sort (query)"),
        ({"since": "13/12/2016"}, "E701", "since '13/12/2016'"),
        ({"since": "2017-01-01", "until": "2016-01-01"}, "E702", "swap the two dates"),
        ({"country": "Narnia"}, "E703", "Narnia"),
        ({"bbox": "1,2,3"}, "E704", "3 numbers, not 4"),
        ({"type": "picnic"}, "E705", "picnic"),
        ({"actor": " "}, "E707", "actor is empty"),
        ({"actor": "x" * 201}, "E801", "at most 200 characters"),
        ({"text": "a\x00b"}, "E801", "NUL"),
        ({"contested": "perhaps"}, "E801", "contested (query)"),
    ],
)
def test_api_events_bad_parameter_is_422(client: TestClient, params: dict[str, Any], code: str, words: str) -> None:
    response = client.get("/events", params=params)
    assert_error(response, 422, code)
    assert words in response.json()["error"]["message"]


def test_api_events_count_is_capped_unless_exact(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "COUNT_CAP", 2)
    page = get(client, "/events", limit=3)
    assert (page["total"], page["total_exact"]) == (5, False)  # counting stopped 2 past the page
    exact = get(client, "/events", limit=3, exact_total="true")
    assert exact["total_exact"] is True and exact["total"] == len(everything(client))


def test_api_events_count_gives_up_after_its_time(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[int, float]] = []

    def too_long(filters: Any, *, cap: int, seconds: float) -> None:  # as a count over a large store
        asked.append((cap, seconds))

    monkeypatch.setattr(client.app.state.store, "count_events_within", too_long)  # type: ignore[attr-defined]
    page = get(client, "/events", limit=3, offset=1, claimant="the")
    assert asked == [(1 + 3 + api.COUNT_CAP, api.COUNT_SECONDS)]
    assert (page["total"], page["total_exact"]) == (4, False)  # at least the rows up to this page's end
    partial = get(client, "/events", limit=50, claimant="the")  # a page that is not full needs no count
    assert partial["total_exact"] is True and partial["total"] == len(partial["items"])


# --- GET /events/{id} ---------------------------------------------------------------------------


def market_strike(client: TestClient) -> dict[str, Any]:
    (found,) = [e for e in everything(client, type="Air/drone strike", contested="true") if e["sources"] == 4]
    detail: dict[str, Any] = get(client, f"/events/{found['event_id']}")
    return detail


def test_api_event_detail_history_is_the_order_reports_joined(client: TestClient) -> None:
    detail = market_strike(client)
    lines = [json.loads(line) for line in REPORT_SETS.read_text(encoding="utf-8").splitlines()]
    told = [line["publisher"] for line in lines if line["set"] == "idlib-airstrike"]
    assert detail["history_order"] == "ingest"
    assert [step["publisher"] for step in detail["history"]] == told[: len(detail["history"])]
    assert [step["step"] for step in detail["history"]] == [1, 2, 3, 4]
    by_id = sorted(step["report_id"] for step in detail["history"])
    assert [step["report_id"] for step in detail["history"]] != by_id, "ingest order, not report-id order"
    assert detail["event_id"] == detail["history"][0]["report_id"], "the event takes its first report's id"


def test_api_event_detail_holds_sources_support_claims_and_figures(client: TestClient) -> None:
    detail = market_strike(client)
    assert detail["contested"] is True
    assert {v["value"] for v in detail["support"]["fatalities"]} == {12, 15}
    assert {r["publisher"] for r in detail["reports"]} == {s["publisher"] for s in detail["history"]}
    assert all(step["claimed_by"]["text"] and "record" in step["claimed_by"] for step in detail["history"])
    killed = [f for f in detail["figures"] if f["kind"] == "killed"]
    assert {f["best"] for f in killed} >= {12, 15}
    assert all(f["event_id"] == detail["event_id"] for f in killed if f["report_id"])
    fifteen = next(f for f in killed if f["best"] == 15)
    assert fifteen["contradicts"] and {o["figure"]["best"] for o in fifteen["contradicts"]} == {12}


def test_api_event_detail_evidence_spans_index_the_article(client: TestClient, db: str) -> None:
    event = everything(client, claimant="military source")[0]
    detail = get(client, f"/events/{event['event_id']}")
    with frontlines.open_store(db) as store:
        for evidence in detail["evidence"]:
            article = store.article(evidence["article_id"])
            assert article is not None
            source = article.title if evidence["sentence"] == 0 else article.text
            assert source[evidence["start"] : evidence["end"]] == evidence["text"]


def test_api_event_detail_claims_of_its_sentence_side_by_side(client: TestClient) -> None:
    (base,) = [e for e in everything(client, text="frontline river")]
    detail = get(client, f"/events/{base['event_id']}")
    speakers = {c["speaker"]: c for c in detail["claims"]}
    assert "The military official" in speakers
    opposed = speakers["The military official"]["contradicts"]
    assert [o["claim"]["content"] for o in opposed] == ["they had established a new frontline along the river"]
    assert opposed[0]["claim"]["record"]["contradicted"] >= 1


@pytest.mark.parametrize("event_id", ["nope", "02acb156da425ede:99", "x" * 200])
def test_api_event_unknown_is_404(client: TestClient, event_id: str) -> None:
    assert_error(client.get(f"/events/{event_id}"), 404, "E802")


# --- claims, figures, control ---------------------------------------------------------------------


def test_api_claims_contested_side_by_side(client: TestClient) -> None:
    page = get(client, "/claims", contested="true")
    assert page["total"] == len(page["items"]) >= 2
    for claim in page["items"]:
        assert claim["contradicts"], claim["id"]
        for other in claim["contradicts"]:
            assert other["claim"]["speaker"] != claim["speaker"] and other["reason"]
    every = get(client, "/claims", limit=500)
    assert every["total"] > page["total"]
    assert any(not c["contradicts"] for c in every["items"])


def test_api_claims_claimant_filter_and_records(client: TestClient) -> None:
    page = get(client, "/claims", claimant="military")
    assert page["items"] and all("military" in c["speaker"].lower() for c in page["items"])
    assert any(c["record"] is not None for c in page["items"])
    assert get(client, "/claims", claimant="nobody at all")["items"] == []


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"kind": "killed"}, lambda f: f["kind"] == "killed"),
        ({"kind": "displaced"}, lambda f: f["kind"] == "displaced"),
        ({"contested": "true"}, lambda f: f["contradicts"]),
        ({"claimant": "civil defence"}, lambda f: "civil defence" in f["claimed_by"]["text"].lower()),
    ],
)
def test_api_figures_filter(client: TestClient, params: dict[str, str], keep: Any) -> None:
    every = get(client, "/figures", limit=500)["items"]
    found = get(client, "/figures", limit=500, **params)["items"]
    assert found and len(found) < len(every)
    assert all(keep(f) for f in found)
    for figure in found:
        assert {"best", "low", "high", "kind", "claimed_by", "event_id"} <= set(figure)


def test_api_figures_of_one_event_and_displaced_seed_figure(client: TestClient) -> None:
    (displaced,) = [f for f in get(client, "/figures", kind="displaced")["items"] if f["best"] == 8000]
    assert (displaced["low"], displaced["high"]) == (8000, None)
    event = market_strike(client)["event_id"]
    found = get(client, "/figures", event=event)["items"]
    assert found and all(f["event_id"] == event for f in found)


def test_api_figures_bad_kind_is_422(client: TestClient) -> None:
    assert_error(client.get("/figures", params={"kind": "wounded"}), 422, "E801")


def test_api_control_who_held_aleppo(client: TestClient) -> None:
    answer = get(client, "/control", place="Aleppo", on="2016-12-13")
    assert answer["place"] == "Aleppo" and answer["on"] == "2016-12-13"
    holders = {h["held_by"] for h in answer["holdings"]}
    assert holders == {"Military Forces of Syria", "Rebels (Syria)"}
    assert any(h["claimed_by_record"] is not None for h in answer["holdings"])
    assert answer["contested_claims"]
    before = get(client, "/control", place="Aleppo", on="2016-12-01")
    assert before["holdings"] == [] and before["timeline"] == []


@pytest.mark.parametrize(("params", "words"), [({}, "place (query): Field required"), ({"place": "Aleppo", "on": "soon"}, "on (query)")])
def test_api_control_bad_request_is_422(client: TestClient, params: dict[str, str], words: str) -> None:
    response = client.get("/control", params=params)
    assert_error(response, 422, "E801")
    assert words in response.json()["error"]["message"]


# --- reports ----------------------------------------------------------------------------------------


def test_api_daily_report_in_each_format(client: TestClient) -> None:
    report = get(client, "/reports/daily", date="2016-12-13", area="Aleppo")
    assert report["day"] == "2016-12-13" and report["area"] == "Aleppo"
    assert report["events"] and any(f["kind"] == "displaced" and f["best"] == 8000 for f in report["figures"])
    for name, media in (("md", "text/markdown; charset=utf-8"), ("html", "text/html; charset=utf-8")):
        response = client.get("/reports/daily", params={"date": "2016-12-13", "area": "Aleppo", "format": name})
        assert response.status_code == 200 and response.headers["content-type"] == media
        assert "8,000" in response.text and "Aleppo" in response.text


@pytest.mark.parametrize(("params", "words"), [
    ({}, "date (query): Field required"),
    ({"date": "yesterday"}, "date (query)"),
    ({"date": "2016-12-13", "format": "pdf"}, "format (query)"),
])
def test_api_daily_report_bad_request_is_422(client: TestClient, params: dict[str, str], words: str) -> None:
    response = client.get("/reports/daily", params=params)
    assert_error(response, 422, "E801")
    assert words in response.json()["error"]["message"]


# --- export ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXPORTERS))
def test_api_export_streams_each_format(client: TestClient, name: str) -> None:
    response = client.get(f"/export/{name}", params={"country": "SYR"})
    assert response.status_code == 200, response.text
    chosen = EXPORTERS[name]
    assert response.headers["content-type"] == chosen.media_type
    assert response.headers["content-disposition"] == f'attachment; filename="frontlines-events{chosen.suffix}"'
    syrian = {r["event_id"] for r in everything(client, country="SYR")}
    if name == "acled-csv":
        ids = {row["event_id"] for row in csv.DictReader(io.StringIO(response.text))}
    elif name == "plover-jsonl":
        records = [json.loads(line) for line in response.text.splitlines()]
        assert len(records) == len(syrian) and all(r["location"]["iso3"] == "SYR" for r in records)
        return
    elif name == "geojson":
        ids = {f["properties"]["event_id"] for f in response.json()["features"]}
    else:
        ids = set(pq.read_table(io.BytesIO(response.content)).column("event_id").to_pylist())
    assert ids == syrian


def test_api_export_unknown_format_is_404(client: TestClient) -> None:
    response = client.get("/export/xlsx")
    assert_error(response, 404, "E805")
    assert "acled-csv" in response.json()["error"]["message"]


def test_api_export_bad_filter_is_422_before_streaming(client: TestClient) -> None:
    assert_error(client.get("/export/geojson", params={"country": "Narnia"}), 422, "E703")


# --- POST /articles -------------------------------------------------------------------------------


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_api_post_article_refused_without_a_configured_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with TestClient(create_app(db=f"sqlite:///{tmp_path / 's.sqlite'}")) as client:
        for headers in ({}, bearer(), bearer("")):
            assert_error(client.post("/articles", json=KUNDUZ, headers=headers), 403, "E806")
        assert get(client, "/events")["total"] == 0


def test_api_post_article_token_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "from-env")
    with TestClient(create_app(db=f"sqlite:///{tmp_path / 's.sqlite'}")) as client:
        assert_error(client.post("/articles", json={"text": ""}, headers=bearer()), 401, "E808")
        assert_error(client.post("/articles", json={"text": ""}, headers=bearer("from-env")), 422, "E801")


@pytest.mark.parametrize(
    ("headers", "code"),
    [({}, "E807"), ({"Authorization": "Basic dXNlcjpwYXNz"}, "E807"), (bearer("wrong"), "E808"), (bearer(TOKEN + "x"), "E808")],
)
def test_api_post_article_missing_or_wrong_token_is_401(empty: TestClient, headers: dict[str, str], code: str) -> None:
    response = empty.post("/articles", json=KUNDUZ, headers=headers)
    assert_error(response, 401, code)
    assert response.headers["www-authenticate"] == "Bearer"
    assert get(empty, "/events")["total"] == 0


def test_api_post_article_stores_it_once(empty: TestClient) -> None:
    first = empty.post("/articles", json=KUNDUZ, headers=bearer())
    assert first.status_code == 201, first.text
    added = first.json()
    assert added["new"] is True and len(added["article_id"]) == 16 and added["events"]
    again = empty.post("/articles", json=KUNDUZ, headers=bearer())
    assert again.status_code == 200
    assert again.json() == {**added, "new": False}
    events = everything(empty)
    assert [e["event_id"] for e in events] == added["events"]
    (event,) = events
    assert (event["actor1"], event["event_date"], event["fatalities"]) == ("Taliban", "2020-05-04", 5)
    assert event["reports"][0]["url"] == KUNDUZ["url"] and event["reports"][0]["publisher"] == "Wire"


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        ({"title": "no text"}, "E801", "text (body): Field required"),
        ({"text": ""}, "E801", "text (body): String should have at least 1 character"),
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, "E801", f"at most {MAX_TEXT_CHARS} characters"),
        ({"text": "Shelling.", "author": "me"}, "E801", "author (body): Extra inputs are not permitted"),
        ({"text": "Shelling.", "published": "someday"}, "E811", "someday"),
        ({"text": "Shelling.\x00"}, "E801", "NUL"),
        (["not", "an", "object"], "E801", "body"),
    ],
)
def test_api_post_article_bad_body_is_422(empty: TestClient, body: Any, code: str, words: str) -> None:
    response = empty.post("/articles", json=body, headers=bearer())
    assert_error(response, 422, code)
    assert words in response.json()["error"]["message"]


def test_api_post_article_body_too_large_is_413(empty: TestClient) -> None:
    big = json.dumps({"text": "x" * MAX_BODY_BYTES}).encode()
    assert_error(empty.post("/articles", content=big, headers={**bearer(), "content-type": "application/json"}), 413, "E809")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the streamed body is counted
        for _ in range(3):
            yield b"x" * (MAX_BODY_BYTES // 2)

    assert_error(empty.post("/articles", content=chunks(), headers={**bearer(), "content-type": "application/json"}), 413, "E809")


def test_api_post_article_not_json_is_415(empty: TestClient) -> None:
    response = empty.post("/articles", content=b"text=Shelling", headers={**bearer(), "content-type": "application/x-www-form-urlencoded"})
    assert_error(response, 415, "E810")


# --- the app ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/nowhere", 404, "E803"),
        ("DELETE", "/events", 405, "E804"),
        ("PUT", "/articles", 405, "E804"),
        ("GET", "/events/unknown", 404, "E802"),
        ("GET", "/events?limit=9999", 422, "E801"),
        ("GET", "/events?type=picnic", 422, "E705"),
        ("POST", "/articles", 401, "E807"),
    ],
)
def test_api_error_shape_is_one_for_every_error(client: TestClient, method: str, path: str, status: int, code: str) -> None:
    assert_error(client.request(method, path), status, code)


def test_api_error_shape_for_a_server_error(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    with TestClient(create_app(db=db), raise_server_exceptions=False) as client:
        monkeypatch.setattr(client.app.state.store, "query_events", broken)  # type: ignore[attr-defined]
        response = client.get("/events")
    assert_error(response, 500, "E814")
    assert "RuntimeError" in response.json()["error"]["message"] and "boom" not in response.text


def test_api_store_is_opened_once_per_app(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str | None] = []
    real = api.open_store

    def counting(url: str | None = None) -> Any:
        opened.append(url)
        return real(url)

    monkeypatch.setattr(api, "open_store", counting)
    with TestClient(create_app(db=db)) as client:
        for path in ("/events", "/claims", "/figures", "/events?country=SYR"):
            get(client, path)
    assert opened == [db]


def test_api_reads_are_safe_from_many_threads(client: TestClient) -> None:
    paths = ["/events?limit=3", "/claims?contested=true", "/figures", "/control?place=Aleppo", "/events?text=river"] * 6
    expected = {path: client.get(path).json() for path in set(paths)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda path: (path, client.get(path)), paths))
    for path, response in answers:
        assert response.status_code == 200 and response.json() == expected[path], path


def test_api_openapi_and_docs(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    assert {"/events", "/events/{event_id}", "/claims", "/figures", "/control", "/reports/daily", "/export/{format}",
            "/articles"} <= set(spec["paths"])
    assert "bearer" in json.dumps(spec["components"]["securitySchemes"]).lower()
    assert client.get("/docs").status_code == 200


def test_api_serve_prints_the_urls_then_runs_uvicorn(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    ran: list[tuple[Any, str, int]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: ran.append((app, host, port)))
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    result = CliRunner().invoke(cli_app, ["serve", "--db", db, "--port", "8123", "--tiles", "https://t.example/{z}/{x}/{y}.png"])
    assert result.exit_code == 0, result.output
    assert "dashboard  http://127.0.0.1:8123/" in result.output
    assert "API docs   http://127.0.0.1:8123/docs" in result.output
    assert "is off" in result.output
    ((served, host, port),) = ran
    assert (host, port) == ("127.0.0.1", 8123)
    assert served.state.tiles == "https://t.example/{z}/{x}/{y}.png"
    served.state.store.close()


def test_api_serve_bad_store_exits_1() -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--db", "mysql://nobody@nowhere/x", "--check"])
    assert result.exit_code == 1
    assert "[E601]" in result.output


# --- schemathesis -----------------------------------------------------------------------------------


OPERATIONS = [
    ("GET", "/events"),
    ("GET", "/events/{event_id}"),
    ("GET", "/claims"),
    ("GET", "/figures"),
    ("GET", "/control"),
    ("GET", "/reports/daily"),
    ("GET", "/export/{format}"),
    ("POST", "/articles"),
]


@pytest.fixture(scope="module")
def api_schema(db: str) -> Iterator[Any]:
    """The app's own OpenAPI spec, loaded by schemathesis, which calls the app in-process."""
    from schemathesis.python import asgi

    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(db=db, token=None))
    asgi.shutdown_lifespans()  # the app's lifespan ends: its store and threads are closed


def test_api_schemathesis_covers_every_operation(api_schema: Any) -> None:
    found = {(method.upper(), path) for path, item in api_schema.raw_schema["paths"].items() for method in item}
    assert found == set(OPERATIONS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_api_schemathesis_no_server_error_and_answers_conform(
    api_schema: Any, method: str, path: str, mode: GenerationMode
) -> None:
    """Requests generated from the spec, valid ones and invalid ones (a bounded number per
    operation, the same each run): no 5xx, and every answer has a documented status, media
    type and body schema."""
    operation = api_schema[path][method]

    statuses: list[int] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    def conforms(case: Any) -> None:
        response = case.call_and_validate(
            checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
        )
        statuses.append(response.status_code)

    conforms()
    assert statuses and all(status < 500 for status in statuses)


@pytest.fixture
def posting_schema(tmp_path: Path, nlp: Language) -> Iterator[Any]:
    """The app over an empty store of its own, with the token set."""
    from schemathesis.python import asgi

    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(db=f"sqlite:///{tmp_path / 's.sqlite'}", token=TOKEN))
    asgi.shutdown_lifespans()


def test_api_schemathesis_post_articles_with_the_token(posting_schema: Any) -> None:
    """Articles generated from the spec, sent with the token, are extracted and stored
    (or refused with a 4xx): never a server error."""
    operation = posting_schema["/articles"]["POST"]
    statuses: list[int] = []

    @given(case=operation.as_strategy())
    @settings(max_examples=20, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    def conforms(case: Any) -> None:
        response = case.call_and_validate(
            headers=bearer(),
            checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
        )
        statuses.append(response.status_code)

    conforms()
    assert 201 in statuses and all(status < 500 for status in statuses)
