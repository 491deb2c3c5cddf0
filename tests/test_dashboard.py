"""The map dashboard (`frontlines.dashboard`): its pages through TestClient, and the real
thing through Debian's Chromium driven by Playwright.

The browser tests serve a real app (uvicorn on a free loopback port, in a thread) over a
real SQLite store filled by ingesting the seed report and the fusion report sets, and look
at it as a person would: markers on the map, a click that opens the evidence, a filter that
narrows the list and lands in the URL, the contested claims side by side, the control of
Aleppo. Screenshots go to test-artifacts/dashboard/ (FRONTLINES_TEST_ARTIFACTS overrides),
printed at the end of the run.

Chromium is Debian's (`/usr/bin/chromium`, installed by `.ci/run`); never Playwright's own
download. Without it the browser tests are skipped locally and fail in CI (CI=true).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import frontlines
from frontlines.api import create_app
from frontlines.dashboard import TYPE_COLOURS, event_types, tile_url
from frontlines.errors import FrontlinesError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "aleppo-2016-12-13.txt"
REPORT_SETS = ROOT / "tests" / "data" / "fusion" / "report_sets.jsonl"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("FRONTLINES_TEST_ARTIFACTS") or ROOT / "test-artifacts") / "dashboard"
TIMEOUT_MS = 20_000


# --- the pages, through TestClient (no browser) --------------------------------------------


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    app = create_app(db=str(tmp_path_factory.mktemp("dashboard-empty") / "store.sqlite"))
    with TestClient(app):
        yield app


@pytest.fixture()
def client(empty_app: FastAPI) -> Iterator[TestClient]:
    empty_app.state.tiles = None
    with TestClient(empty_app) as found:
        yield found
    empty_app.state.tiles = None


def page_config(text: str) -> dict[str, Any]:
    found = re.search(r'data-config="([^"]*)"', text)
    assert found, "the page has no data-config"
    config: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return config


def test_dashboard_map_page_has_map_filters_timeline_list_and_panel(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    text = answer.text
    for part in ('id="map"', 'id="filters"', 'id="timeline"', 'id="event-list"', 'id="detail"'):
        assert part in text
    for name in ("since", "until", "type", "actor", "claimant", "contested"):
        assert f'name="{name}"' in text
    assert "/static/leaflet/leaflet.js" in text and "/static/markercluster/leaflet.markercluster.js" in text
    for event_type in TYPE_COLOURS:
        assert html.escape(event_type) in text  # the legend


def test_dashboard_map_page_keeps_the_filters_of_its_url(client: TestClient) -> None:
    text = client.get("/", params={"since": "2016-12-01", "type": "battles", "actor": "army", "contested": "true"}).text
    assert 'name="since" value="2016-12-01"' in text
    assert 'value="Battles" selected' in text
    assert 'name="actor" value="army"' in text
    assert re.search(r'name="contested" value="true"\s+checked', text)


def test_dashboard_map_page_escapes_what_the_url_holds(client: TestClient) -> None:
    text = client.get("/", params={"actor": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;" in text


def test_dashboard_type_choices_come_from_the_typing_table(client: TestClient) -> None:
    text = client.get("/").text
    types = dict(event_types())
    assert "Battles" in types and "Armed clash" in types["Battles"]
    for name, subs in types.items():
        assert f'<optgroup label="{html.escape(name)}">' in text
        for sub in subs:
            assert f'<option value="{html.escape(sub)}"' in text


def test_dashboard_pages_load_nothing_from_other_hosts(client: TestClient) -> None:
    for path in ("/", "/contested", "/territory?place=Aleppo&on=2016-12-13"):
        text = client.get(path).text
        links = re.findall(r'(?:src|href)="([^"]+)"', text)
        assert links
        assert all(link.startswith(("/", "#", "data:")) for link in links), links
    assert page_config(client.get("/").text)["tiles"] is None


def test_dashboard_tile_url_reaches_the_page(client: TestClient, empty_app: FastAPI) -> None:
    empty_app.state.tiles = "https://tiles.example.org/{z}/{x}/{y}.png"
    config = page_config(client.get("/").text)
    assert config["tiles"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert config["tilesHost"] == "tiles.example.org"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/static/leaflet/leaflet.js", "javascript"),
        ("/static/leaflet/leaflet.css", "css"),
        ("/static/leaflet/images/marker-icon.png", "image/png"),
        ("/static/markercluster/leaflet.markercluster.js", "javascript"),
        ("/static/markercluster/MarkerCluster.css", "css"),
        ("/static/dashboard/common.js", "javascript"),
        ("/static/dashboard/map.js", "javascript"),
        ("/static/dashboard/contested.js", "javascript"),
        ("/static/dashboard/territory.js", "javascript"),
        ("/static/dashboard/dashboard.css", "css"),
    ],
)
def test_dashboard_static_files_are_served(client: TestClient, path: str, kind: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert kind in answer.headers["content-type"]
    assert answer.content


def test_dashboard_static_files_stay_in_their_folder(client: TestClient) -> None:
    assert client.get("/static/dashboard/../__init__.py").status_code == 404
    assert client.get("/static/leaflet/%2e%2e/__init__.py").status_code == 404


def test_dashboard_contested_page(client: TestClient) -> None:
    answer = client.get("/contested")
    assert answer.status_code == 200
    assert 'id="pairs"' in answer.text and "contested.js" in answer.text


def test_dashboard_territory_page_names_the_place_and_day(client: TestClient) -> None:
    answer = client.get("/territory", params={"place": "Aleppo", "on": "2016-12-13"})
    assert answer.status_code == 200
    assert "Control of Aleppo" in answer.text
    assert 'id="holdings"' in answer.text and "territory.js" in answer.text
    config = page_config(answer.text)
    assert (config["place"], config["on"]) == ("Aleppo", "2016-12-13")


def test_dashboard_territory_page_without_a_place_asks_for_one(client: TestClient) -> None:
    answer = client.get("/territory")
    assert answer.status_code == 200
    assert 'name="place"' in answer.text and "territory.js" not in answer.text


def test_dashboard_pages_stay_out_of_the_openapi_spec(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and "/contested" not in paths and "/territory" not in paths


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("  ", None),
        ("https://tile.example.org/{z}/{x}/{y}.png", "https://tile.example.org/{z}/{x}/{y}.png"),
        ("http://{s}.tiles.example.org/{z}/{x}/{y}{r}.png ", "http://{s}.tiles.example.org/{z}/{x}/{y}{r}.png"),
    ],
)
def test_dashboard_tile_url_accepts_templates(value: str | None, expected: str | None) -> None:
    assert tile_url(value) == expected


@pytest.mark.parametrize(
    "value",
    ["https://tile.example.org/tiles.png", "ftp://tile.example.org/{z}/{x}/{y}.png", "{z}/{x}/{y}.png", "javascript:{z}{x}{y}"],
)
def test_dashboard_tile_url_refuses_what_is_no_template(value: str) -> None:
    with pytest.raises(FrontlinesError, match=r"\[E830\]"):
        tile_url(value)


# --- the real thing, in Chromium ----------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium and Playwright, or a skip (a failure with CI=true)."""
    missing = None
    if not CHROMIUM.is_file():
        missing = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed (scripts/setup.sh --dev)"
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the dashboard's browser tests need Chromium: {missing}")
        pytest.skip(missing)
    return CHROMIUM


class Server:
    """The app served by uvicorn on a free loopback port, in a thread of this process."""

    def __init__(self, app: FastAPI) -> None:
        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, ws="none", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self.socket.close()


@pytest.fixture(scope="module")
def served(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The seed (Reuters, 2016-12-13) and the fusion report sets in a real SQLite store."""
    url = f"sqlite:///{tmp_path_factory.mktemp('dashboard') / 'store.sqlite'}"
    frontlines.ingest([str(SEED)], db=url, published=dt.date(2016, 12, 13), publisher="Reuters")
    frontlines.ingest([str(REPORT_SETS)], db=url)
    with Server(create_app(db=url)) as server:
        yield server


def say(config: pytest.Config, text: str) -> None:
    """Print past pytest's capture (the screenshots' folder, the load time), even under -q."""
    capture = config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture is not None else contextlib.nullcontext():
        print(text)


@pytest.fixture(scope="module")
def browser(chromium: Path, pytestconfig: pytest.Config) -> Iterator[Any]:
    """A fresh Chromium profile for the module, Debian's binary, no network but loopback."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="frontlines-chromium-") as profile, sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            profile,
            executable_path=str(chromium),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()
    say(pytestconfig, f"\ndashboard screenshots in {ARTIFACTS}")


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A new tab; a JavaScript error on the page fails the test."""
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        yield tab
    finally:
        tab.close()
    assert not errors, errors


def api(server: Server, path: str) -> Any:
    import urllib.request

    with urllib.request.urlopen(f"{server.url}{path}", timeout=20) as answer:  # loopback only
        return json.load(answer)


def open_page(page: Any, url: str) -> int:
    """Go to `url` and wait for its script to draw what it loaded; returns what it loaded."""
    page.goto(url)
    page.wait_for_selector("body[data-loaded]", state="attached")
    loaded = page.evaluate("document.body.dataset.loaded")
    assert loaded != "error", page.inner_text("#status")
    return int(loaded)


def shot(page: Any, name: str, *, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


def test_dashboard_map_shows_the_events_as_markers(served: Server, page: Any, pytestconfig: pytest.Config) -> None:
    total = api(served, "/events?limit=1")["total"]
    assert total >= 10  # 7 events of the seed, and the report sets' fused events
    assert open_page(page, f"{served.url}/") == total
    assert page.inner_text("#status") == f"{total} events match."
    assert page.locator("#event-list li").count() == total
    markers = page.locator(".leaflet-marker-pane .fl-marker, .leaflet-marker-pane .fl-cluster")
    assert markers.count() > 0
    drawn = page.evaluate(
        "[...document.querySelectorAll('.leaflet-marker-pane .fl-cluster .count')]"
        ".reduce((n, e) => n + Number(e.textContent), 0)"
        " + document.querySelectorAll('.leaflet-marker-pane .fl-marker').length"
    )
    located = api(served, "/export/geojson")["features"]
    assert drawn == len(located)  # every event with a point, in a marker or a cluster
    assert page.locator("#timeline rect.bar").count() > 0
    shot(page, "map.png")
    times = [int(page.evaluate("document.body.dataset.loadedMs"))]
    for _ in range(2):
        open_page(page, f"{served.url}/")
        times.append(int(page.evaluate("document.body.dataset.loadedMs")))
    say(pytestconfig, f"\nmap page: {total} events drawn {sorted(times)[1]} ms after navigation started (3 loads: {times})")


def test_dashboard_marker_click_opens_the_evidence(served: Server, page: Any) -> None:
    open_page(page, f"{served.url}/")
    for _ in range(6):  # open clusters until a marker shows (all of Aleppo's share one point)
        if page.locator(".leaflet-marker-pane .fl-marker").count():
            break
        page.locator(".leaflet-marker-pane .fl-cluster").first.click()
        page.wait_for_timeout(700)
    marker = page.locator(".leaflet-marker-pane .fl-marker").first
    marker.click()
    event_id = marker.get_attribute("data-event-id")
    assert event_id
    panel = page.locator("#detail")
    panel.locator("h3", has_text="Evidence").wait_for()
    assert panel.is_visible()
    assert panel.locator(".evidence blockquote mark").count() >= 1
    assert panel.locator(".sources li .claimant").count() >= 1
    assert "record" in panel.locator(".sources li").first.inner_text()
    assert f"event={event_id}".replace(":", "%3A") in page.url
    shot(page, "marker-detail.png")


def test_dashboard_list_row_opens_the_seed_event_with_its_span_marked(served: Server, page: Any) -> None:
    open_page(page, f"{served.url}/")
    page.locator('#event-list li[data-event-id="02acb156da425ede:5"]').click()
    panel = page.locator("#detail")
    panel.locator("h3", has_text="Claims").wait_for()
    sources = panel.locator(".sources li")
    assert sources.count() == 1
    assert "the Observatory" in sources.first.inner_text()
    assert re.search(r"\d+ records?: \d+ corroborated, \d+ contradicted, \d+ alone", sources.first.inner_text())
    claim = panel.locator(".evidence", has=page.locator("mark")).last
    assert claim.locator("mark").first.inner_text() == (
        "Rebels and government force still fought at points around the reduced enclave"
    )
    assert page.locator('#event-list li[aria-selected="true"]').get_attribute("data-event-id") == "02acb156da425ede:5"
    page.locator(".leaflet-marker-pane .fl-marker.selected").wait_for()  # the map went to it
    shot(page, "list-detail.png")
    page.locator("#detail-close").click()
    assert not panel.is_visible()
    assert "event=" not in page.url


def test_dashboard_detail_of_a_fused_event_lists_every_source(served: Server, page: Any) -> None:
    contested = api(served, "/events?contested=true&type=Air%2Fdrone%20strike&limit=5")["items"]
    assert len(contested) == 1 and contested[0]["sources"] == 4  # one air strike, four outlets: 12 or 15 dead
    event_id = contested[0]["event_id"]
    open_page(page, f"{served.url}/?event={event_id}")
    panel = page.locator("#detail")
    panel.locator("h3", has_text="What each report says").wait_for()
    assert panel.locator(".sources li").count() == 4
    assert panel.locator(".evidence li blockquote mark").count() >= 4
    assert panel.locator("h2 .badge.contested").is_visible()
    fatalities = panel.locator('.support tr[data-field="fatalities"]').all_inner_texts()
    assert any("12" in row for row in fatalities) and any("15" in row for row in fatalities)
    page.locator(".leaflet-marker-pane .fl-marker.selected").wait_for()
    shot(page, "fused-detail.png")


def test_dashboard_filter_narrows_the_list_and_lands_in_the_url(served: Server, page: Any) -> None:
    everything = open_page(page, f"{served.url}/")
    protests = api(served, "/events?type=Protests&limit=1")["total"]
    assert 0 < protests < everything
    page.select_option('select[name="type"]', "Protests")
    page.locator('#filters button[type="submit"]').click()
    page.wait_for_url(re.compile(r"[?&]type=Protests(&|$)"))
    page.wait_for_selector("body[data-loaded]", state="attached")
    assert page.locator("#event-list li").count() == protests
    assert all("protest" in text.lower() for text in page.locator("#event-list li .what").all_inner_texts())
    shot(page, "filtered.png")
    page.reload()  # the filter lives in the URL: a reload keeps it
    page.wait_for_selector("body[data-loaded]", state="attached")
    assert page.locator("#event-list li").count() == protests
    assert page.locator('select[name="type"]').input_value() == "Protests"


def test_dashboard_contested_filter_keeps_the_contested_events(served: Server, page: Any) -> None:
    contested = api(served, "/events?contested=true&limit=1")["total"]
    assert open_page(page, f"{served.url}/?contested=true") == contested
    assert page.locator("#event-list li .badge.contested").count() == contested
    assert page.locator('input[name="contested"]').is_checked()


def test_dashboard_timeline_bar_keeps_its_dates(served: Server, page: Any) -> None:
    open_page(page, f"{served.url}/")
    bar = page.locator("#timeline rect.bar").first
    since, until = bar.get_attribute("data-since"), bar.get_attribute("data-until")
    bar.click()
    page.wait_for_url(re.compile(rf"since={since}.*until={until}|until={until}.*since={since}"))
    page.wait_for_selector("body[data-loaded]", state="attached")
    assert since is not None and until is not None
    expected = api(served, f"/events?since={since}&until={until}&limit=1")["total"]
    assert page.locator("#event-list li").count() == expected > 0


def test_dashboard_contested_view_shows_the_seed_claims_side_by_side(served: Server, page: Any) -> None:
    assert open_page(page, f"{served.url}/contested") >= 1
    pair = page.locator(".pair").filter(has_text="state of panic")
    sides = pair.locator(".claim")
    assert sides.count() == 2
    left, right = sides.nth(0), sides.nth(1)
    assert "The military official" in left.locator(".claimant").inner_text()
    assert "the rebels were fleeing in a state of panic" in left.locator("blockquote").inner_text()
    assert "Jabha Shamiya" in right.locator(".claimant").inner_text()
    assert "they had established a new frontline along the river" in right.locator("blockquote").inner_text()
    a, b = left.bounding_box(), right.bounding_box()
    assert a is not None and b is not None
    assert a["x"] + a["width"] <= b["x"] and abs(a["y"] - b["y"]) < 5  # side by side
    assert right.locator("mark").inner_text() == "they had established a new frontline along the river"
    figures = page.locator("#figure-pairs .pair").filter(has_text="Maarat al-Numan")
    assert figures.count() >= 1  # the report sets' air strike: 12 killed or 15
    counts = figures.first.locator(".claim blockquote").all_inner_texts()
    assert sorted(counts) == ["killed: 12", "killed: 15"]
    shot(page, "contested.png", full_page=True)


def test_dashboard_territory_view_shows_aleppo_over_time(served: Server, page: Any) -> None:
    answer = api(served, "/control?place=Aleppo&on=2016-12-13")
    assert open_page(page, f"{served.url}/territory?place=Aleppo&on=2016-12-13") == len(answer["holdings"]) > 0
    rows = page.locator("#holdings tbody tr")
    assert rows.count() == len(answer["holdings"])
    assert "Military Forces of Syria" in page.locator("#holdings").inner_text()
    assert page.locator("#control-timeline rect").count() == len(answer["timeline"])
    assert page.locator("#control-records li").count() == len(answer["timeline"])
    assert page.locator("#disputes .pair").count() == len(answer["disputed"]) + len(answer["contested_claims"])
    shot(page, "territory.png", full_page=True)
