"""`GET /events` latency (p50/p95) with filters, on a store of a million synthetic events.

    .venv/bin/python benchmarks/bench_api.py                       # 1,000,000 events, 200 requests a case
    .venv/bin/python benchmarks/bench_api.py --events 100000 --requests 50 --json
    .venv/bin/python benchmarks/bench_api.py --rebuild             # build the store again

The store is built once and cached under /tmp (`--store`): synthetic events written straight
into `articles`, `reports`, `events`, `event_sources` and `evidence` (full-text indexed) with
SQLAlchemy Core in bulk, over a store made by `open_store` (so the schema, indexes and
full-text triggers are the real ones). Plausible values, from a fixed seed: dates over five
years, 40 countries with eight provinces each and points around them, ACLED's types and
sub-types from the typing table, per-country actors, claimants, 1 to 4 reports per event
(reports of one event never share an article), 4 % of events contested, and an evidence
sentence per report built from a small vocabulary.

Then `frontlines serve` runs in a process of its own on a loopback port (a real uvicorn), and
this process sends the requests one at a time with httpx: per case a few untimed warm-up
requests, then `--requests` timed ones, each with parameters drawn afresh (another country,
another box, another window) from a fixed seed. The first request starts the computation
of the claimants' track records over the whole store (`TrackRecords`, on a thread of the
server) and waits for it at most 5 s; the cases start once the records are ready (both
times are printed). Printed per case: p50 and p95 in ms, both as ratios to the no-filter
case of the same run (the baseline), and whether p95 meets the goal of 100 ms. Absolute times depend on the machine; see README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from frontlines.events import typing_table
from frontlines.store import open_store, schema
from frontlines.store.rows import evidence_id, evidence_key

GOAL_MS = 100.0
DEFAULT_EVENTS = 1_000_000
CHUNK = 20_000
FIRST_DAY = dt.date(2019, 1, 1)
DAYS = 5 * 365

# 40 countries (ISO3, name, latitude, longitude of a point inside), as ACLED names them.
COUNTRIES: list[tuple[str, str, float, float]] = [
    ("SYR", "Syria", 35.0, 38.5), ("IRQ", "Iraq", 33.2, 43.7), ("YEM", "Yemen", 15.5, 47.5),
    ("AFG", "Afghanistan", 34.5, 66.0), ("UKR", "Ukraine", 48.5, 32.0), ("SOM", "Somalia", 5.2, 46.2),
    ("SDN", "Sudan", 15.5, 30.0), ("SSD", "South Sudan", 7.5, 30.5), ("LBY", "Libya", 27.0, 17.0),
    ("MLI", "Mali", 17.0, -2.0), ("NGA", "Nigeria", 9.1, 8.7), ("COD", "Democratic Republic of Congo", -2.9, 23.7),
    ("CAF", "Central African Republic", 6.6, 20.9), ("ETH", "Ethiopia", 9.1, 40.5), ("MMR", "Myanmar", 21.0, 96.0),
    ("PAK", "Pakistan", 30.4, 69.3), ("IND", "India", 22.0, 79.0), ("BFA", "Burkina Faso", 12.2, -1.6),
    ("NER", "Niger", 17.6, 8.1), ("CMR", "Cameroon", 5.7, 12.4), ("MOZ", "Mozambique", -18.7, 35.5),
    ("COL", "Colombia", 4.6, -74.3), ("MEX", "Mexico", 23.6, -102.5), ("LBN", "Lebanon", 33.9, 35.9),
    ("ISR", "Israel", 31.0, 34.9), ("PSE", "Palestine", 31.9, 35.2), ("TUR", "Turkey", 39.0, 35.2),
    ("IRN", "Iran", 32.4, 53.7), ("EGY", "Egypt", 26.8, 30.8), ("TCD", "Chad", 15.5, 18.7),
    ("KEN", "Kenya", 0.0, 37.9), ("UGA", "Uganda", 1.4, 32.3), ("BDI", "Burundi", -3.4, 29.9),
    ("PHL", "Philippines", 12.9, 121.8), ("VEN", "Venezuela", 6.4, -66.6), ("HTI", "Haiti", 18.9, -72.3),
    ("ARM", "Armenia", 40.1, 45.0), ("AZE", "Azerbaijan", 40.1, 47.6), ("GEO", "Georgia", 42.3, 43.4),
    ("RUS", "Russia", 55.0, 40.0),
]
ACTORS = ("Military Forces of {}", "Rebels ({})", "Police Forces of {}", "Protesters ({})", "Civilians ({})",
          "Unidentified Armed Group ({})", "Rioters ({})")
CLAIMANTS = [("the Syrian Observatory for Human Rights", "war monitor"), ("a military spokesman", "state military"),
             ("local officials", "government official"), ("witnesses", "witness"), ("rescue workers", "humanitarian"),
             ("the United Nations", "humanitarian organisation"), ("a rebel commander", "rebel group"),
             ("police", "police"), ("medics", "medical source"), ("residents", "witness")]
PUBLISHERS = ["Reuters", "AFP", "AP", "Al Jazeera", "BBC", "Levant Wire", "Daily Orient", "Sahel Post", "Kyiv Desk",
              "Andes Report", "Horn Monitor", "Gulf Dispatch"]
PLACES = ["market", "checkpoint", "village", "school", "hospital", "bridge", "base", "camp", "convoy", "mosque", "border crossing"]
VERBS = {"Battles": "clashed with", "Explosions/Remote violence": "shelled", "Violence against civilians": "attacked",
         "Protests": "marched against", "Riots": "rioted against", "Strategic developments": "moved against"}

CASES: list[tuple[str, Callable[[random.Random], dict[str, str]]]] = [
    ("none", lambda rng: {}),
    ("country", lambda rng: {"country": rng.choice(COUNTRIES)[0]}),
    ("country + date range", lambda rng: {"country": rng.choice(COUNTRIES)[0], **_window(rng, 90)}),
    ("date range", lambda rng: _window(rng, 30)),
    ("bbox", lambda rng: {"bbox": _box(rng)}),
    ("type", lambda rng: {"type": rng.choice(sorted({r.sub_event_type for r in typing_table()} | {r.event_type for r in typing_table()}))}),
    ("actor", lambda rng: {"actor": rng.choice(["rebels", "military forces", "police", "protesters", "unidentified"])}),
    ("actor (rare)", lambda rng: {"actor": rng.choice(COUNTRIES)[1].lower()}),
    ("claimant", lambda rng: {"claimant": rng.choice(["observatory", "spokesman", "medics"])}),
    ("contested", lambda rng: {"contested": "true"}),
    ("text, common word", lambda rng: {"text": rng.choice(PLACES)}),
    ("text, two words", lambda rng: {"text": f"{rng.choice(PLACES)} {rng.choice(['shelled', 'clashed', 'attacked', 'marched'])}"}),
    ("text, rare words", lambda rng: {"text": f"{rng.choice(COUNTRIES)[1].split()[0]} {rng.choice(PLACES)}"}),
    ("country + type + contested", lambda rng: {"country": rng.choice(COUNTRIES)[0], "type": "Battles", "contested": "true"}),
    ("sort -fatalities", lambda rng: {"sort": "-fatalities"}),
    ("offset 10,000", lambda rng: {"offset": str(rng.randrange(10_000, 10_050))}),
    ("limit 500", lambda rng: {"limit": "500"}),
    ("country, exact total", lambda rng: {"country": rng.choice(COUNTRIES)[0], "exact_total": "true"}),
]


def _window(rng: random.Random, days: int) -> dict[str, str]:
    start = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - days))
    return {"since": start.isoformat(), "until": (start + dt.timedelta(days=days)).isoformat()}


def _box(rng: random.Random) -> str:
    _, _, lat, lon = rng.choice(COUNTRIES)
    lat, lon = lat + rng.uniform(-1.5, 1.5), lon + rng.uniform(-1.5, 1.5)
    return f"{lon - 1:.3f},{lat - 1:.3f},{lon + 1:.3f},{lat + 1:.3f}"


# --- the store --------------------------------------------------------------------------------


def build(url: str, events: int, *, seed: int = 5) -> dict[str, Any]:
    """Write `events` synthetic events (and their reports, articles, evidence) into a new store."""
    started = time.perf_counter()
    rng = random.Random(seed)
    types = [(r.event_type, r.sub_event_type, r.plover_event, r.plover_mode, r.cameo_root) for r in typing_table()]
    types = sorted(set(types))
    written = {"articles": 0, "reports": 0, "events": 0}
    with open_store(url) as store:
        engine = sa.create_engine(sa.make_url(url))
        with engine.begin() as conn:
            actors = [{"name": a.format(name), "inter": 1 + i, "sector": "", "country": iso3}
                      for iso3, name, _, _ in COUNTRIES for i, a in enumerate(ACTORS)]
            conn.execute(schema.actors.insert(), actors)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA synchronous = OFF")
            conn.commit()
            batch: dict[str, list[dict[str, Any]]] = {name: [] for name in ("articles", "reports", "events", "event_sources", "evidence")}
            for n in range(events):
                _event(rng, n, types, batch)
                if len(batch["events"]) >= CHUNK or n == events - 1:
                    with conn.begin():
                        for name in ("articles", "reports", "events", "event_sources", "evidence"):
                            conn.execute(schema.metadata.tables[name].insert(), batch[name])
                    for name in written:
                        written[name] += len(batch[name])
                    for rows in batch.values():
                        rows.clear()
                    print(f"\r  {n + 1:,} events written ({time.perf_counter() - started:.0f} s)", end="", file=sys.stderr)
            conn.exec_driver_sql("PRAGMA optimize")
            conn.commit()
        engine.dispose()
    print(file=sys.stderr)
    return {**written, "seconds": round(time.perf_counter() - started, 1)}


def _event(rng: random.Random, n: int, types: list[tuple[str, str, str, str, str]], batch: dict[str, list[dict[str, Any]]]) -> None:
    iso3, name, lat0, lon0 = COUNTRIES[min(int(rng.paretovariate(1.2)) - 1, len(COUNTRIES) - 1) if rng.random() < 0.6 else rng.randrange(len(COUNTRIES))]
    event_type, sub_type, plover, mode, cameo = rng.choice(types)
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    province = rng.randrange(8)
    lat, lon = lat0 + rng.uniform(-2, 2), lon0 + rng.uniform(-2, 2)
    a1 = rng.randrange(len(ACTORS))
    a2 = rng.choice([None, *(i for i in range(len(ACTORS)) if i != a1)])
    actor1, actor2 = ACTORS[a1].format(name), (ACTORS[a2].format(name) if a2 is not None else None)
    fatalities = 0 if rng.random() < 0.55 else int(rng.paretovariate(1.3))
    place = rng.choice(PLACES)
    location = f"{name} town {rng.randrange(40)}"
    sources = 1 if rng.random() < 0.8 else rng.choice((2, 2, 3, 4))
    contested = sources > 1 and rng.random() < 0.2
    reports = []
    for k in range(sources):
        claimant, kind = rng.choice(CLAIMANTS)
        article = f"{n:09x}a{k:06x}"  # 16 hex-ish characters, unique
        report_id = f"{article}:0"
        told = fatalities + (k if contested else 0)
        text = (f"{actor1} {VERBS[event_type]} {actor2 or 'positions'} near a {place} in {location}, "
                f"{province + 1} km from the front, on {day:%A}, killing {told}, {claimant} said.")
        publisher = PUBLISHERS[(n + k) % len(PUBLISHERS)]
        batch["articles"].append({"id": article, "source_id": "", "title": f"{event_type} in {name}", "text": text,
                                  "published": day + dt.timedelta(days=k), "publisher": publisher, "url": "",
                                  "dateline_place": ""})
        batch["reports"].append({
            "id": report_id, "article_id": article, "n": 0, "record_id": f"{article}-{n}", "event_type": event_type,
            "sub_event_type": sub_type, "plover_event": plover, "plover_mode": mode, "cameo_root": cameo,
            "trigger_text": VERBS[event_type].split()[0], "trigger_start": len(actor1) + 1, "area": "",
            "event_date": day, "time_precision": 1, "date_text": day.strftime("%A"), "actor1": actor1,
            "assoc_actor_1": "", "inter1": a1 + 1, "actor2": actor2, "assoc_actor_2": "",
            "inter2": a2 + 1 if a2 is not None else None, "interaction": 10 * (a1 + 1) + (a2 + 1 if a2 is not None else 0),
            "country": iso3, "place_id": None, "place_name": location, "admin1": f"{name} Province {province + 1}",
            "admin2": None, "latitude": round(lat, 5), "longitude": round(lon, 5), "geo_precision": 1,
            "place_text": location, "place_country": iso3, "place_relation": "", "place_start": 0, "place_end": 0,
            "geonameid": None, "place_fallback": False, "place_note": "", "place_within": "", "place_feature": "",
            "place_also": None, "fatalities": told, "fatalities_flag": "", "claimed_by_text": claimant,
            "claimed_by_kind": kind, "claimed_by_canonical": "", "claimed_by_origin": None,
            "evidence_sentence": 1, "evidence_start": 0, "evidence_end": len(text), "evidence_text": text,
            "confidence": round(rng.uniform(0.5, 0.95), 2),
        })
        cited = evidence_id(article, 1)
        batch["evidence"].append({"key": evidence_key(cited), "id": cited, "article_id": article, "sentence": 1, "text": text})
        reports.append((report_id, article, claimant))
    event_id = reports[0][0]
    lead = batch["reports"][-sources]
    batch["events"].append({
        "id": event_id, "event_date": day, "time_precision": 1, "event_type": event_type, "sub_event_type": sub_type,
        "plover_event": plover, "plover_mode": mode, "cameo_root": cameo, "actor1": actor1, "assoc_actor_1": "",
        "inter1": lead["inter1"], "actor2": actor2, "assoc_actor_2": "", "inter2": lead["inter2"],
        "interaction": lead["interaction"], "country": iso3, "admin1": lead["admin1"], "admin2": None,
        "location": location, "latitude": lead["latitude"], "longitude": lead["longitude"], "geo_precision": 1,
        "place_id": None, "fatalities": fatalities, "fatalities_flag": "", "notes": lead["evidence_text"],
        "claimed_by": reports[0][2], "confidence": lead["confidence"], "sources": sources, "contested": contested,
        "support": {"fatalities": [{"value": fatalities + k, "reports": [reports[k][0]]} for k in range(sources)]}
        if contested else None,
        "independent_sources": sources,
    })
    batch["event_sources"].extend(
        {"event_id": event_id, "report_id": r, "article_id": a, "evidence_key": evidence_key(evidence_id(a, 1))}
        for r, a, _ in reports
    )


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(url: str, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`frontlines serve` over the store, in a process of its own, until the block ends."""
    env = {**os.environ}
    env.pop("FRONTLINES_API_TOKEN", None)
    command = [sys.executable, "-m", "frontlines", "serve", "--db", url, "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start within 120 s")
        yield server
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def measure(
    base: str, requests: int, *, warm_up: int = 5, only: list[str] | None = None
) -> tuple[float, float, list[dict[str, Any]]]:
    """(seconds of the first request, seconds until the track records are ready, per case:
    p50, p95, mean, matches). The cases run once the records are ready, so their computation
    (on a thread of the server) does not share the CPU with the timed requests."""
    rows = []
    with httpx.Client(base_url=base, timeout=300) as client:
        started = time.perf_counter()
        client.get("/events", params={"limit": "1"}).raise_for_status()
        first_seconds = time.perf_counter() - started
        while True:
            item = client.get("/events", params={"limit": "1"}).json()["items"][0]
            if any(report["claimed_by"]["record"] for report in item["reports"]):
                break
            if time.perf_counter() - started > 600:
                raise RuntimeError("no track records after 600 s")
            time.sleep(0.5)
        ready_seconds = time.perf_counter() - started
        for name, params in CASES:
            if only and name not in only:
                continue
            rng = random.Random(name)
            for _ in range(warm_up):
                client.get("/events", params=params(rng)).raise_for_status()
            times, totals = [], []
            for _ in range(requests):
                query = params(rng)
                started = time.perf_counter()
                response = client.get("/events", params=query)
                times.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
                totals.append(response.json()["total"])
            times.sort()
            rows.append({
                "case": name,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
                "mean_ms": round(statistics.fmean(times), 1),
                "median_total": int(statistics.median(totals)),
            })
    return first_seconds, ready_seconds, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS, help="synthetic events (default %(default)s)")
    parser.add_argument("--store", help="the store's file (default /tmp/frontlines-bench-api-N.sqlite)")
    parser.add_argument("--rebuild", action="store_true", help="build the store again even when cached")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per case (default %(default)s)")
    parser.add_argument("--case", action="append", help="only this case (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    options = parser.parse_args(argv)
    path = Path(options.store or f"/tmp/frontlines-bench-api-{options.events}.sqlite")
    url = f"sqlite:///{path}"
    built: dict[str, Any] | None = None
    if options.rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        print(f"building {options.events:,} events into {path}", file=sys.stderr)
        built = build(url, options.events)
    size = sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists())
    port = free_port()
    with serve(url, port):
        first, ready, rows = measure(f"http://127.0.0.1:{port}", options.requests, only=options.case)
    base = next((r for r in rows if r["case"] == "none"), rows[0])
    for row in rows:
        row["p50_ratio"] = round(row["p50_ms"] / base["p50_ms"], 2)
        row["p95_ratio"] = round(row["p95_ms"] / base["p95_ms"], 2)
        row["meets_goal"] = row["p95_ms"] <= GOAL_MS
    result = {"events": options.events, "store": str(path), "store_mb": round(size / 1e6, 1), "built": built,
              "first_request_s": round(first, 2), "records_ready_s": round(ready, 1), "requests_per_case": options.requests, "goal_p95_ms": GOAL_MS,
              "cases": rows}
    if options.json:
        print(json.dumps(result, indent=2))
        return 0
    if built:
        print(f"store built in {built['seconds']} s: {built['events']:,} events, {built['reports']:,} reports, "
              f"{built['articles']:,} articles")
    print(f"store {path} ({size / 1e6:,.0f} MB); first request {first:.2f} s, track records ready after {ready:.1f} s")
    print(f"GET /events, {options.requests} requests a case, ms (ratio to no filter); goal p95 <= {GOAL_MS:.0f} ms")
    print(f"{'case':<28}{'p50':>9}{'':>8}{'p95':>9}{'':>8}{'matches':>10}  goal")
    for row in rows:
        print(f"{row['case']:<28}{row['p50_ms']:>9.1f}{'(' + format(row['p50_ratio'], '.2f') + 'x)':>8}"
              f"{row['p95_ms']:>9.1f}{'(' + format(row['p95_ratio'], '.2f') + 'x)':>8}{row['median_total']:>10,}  "
              f"{'ok' if row['meets_goal'] else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
