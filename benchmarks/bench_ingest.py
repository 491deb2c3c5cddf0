"""Ingest throughput into SQLite (articles/s, events/s) against extraction alone, in one run.

    .venv/bin/python benchmarks/bench_ingest.py ../shared/corpus/news-2535.jsonl [--limit N] [--workers N] [--json]

The first N records of the corpus (default 400) are copied to a JSONL file, and five phases
run over it one after another, each in its own spawned child process:

  extract    baseline: `sources.read_articles` + `pipeline.extract_many`, nothing stored
  write      `store.add` alone: the articles extracted first (not timed), then written to a
             new SQLite store, one transaction each
  ingest     `frontlines.ingest(..., workers=1)` into a new SQLite store: reading, the skip
             check, extraction and writing, in one process
  workers    the same with `--workers` processes (default 2); the workers' start (spawn,
             model load) is inside the timed run, as a user sees it
  rerun      `frontlines.ingest` again over the store of `ingest`: every article is skipped

Each phase that extracts in its own process loads the model and warms it on one short text
before the clock starts. The figures that matter are the ratios (same run, same machine):
ingest / extract says what storing costs on top of extraction, write / extract how fast the
store is against the extractor, workers / ingest what extra processes buy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

PHASES: dict[str, str] = {
    "extract": "extract only (baseline)",
    "write": "store.add only",
    "ingest": "ingest, 1 process",
    "workers": "ingest, N workers",
    "rerun": "ingest again (all skipped)",
}
WARM_UP = "On Monday, government forces shelled the northern town, killing three people, a monitor said."


def copy_slice(corpus: Path, limit: int, folder: Path) -> Path:
    """The first `limit` non-blank lines of the corpus, as a JSONL file of its own."""
    target = folder / "slice.jsonl"
    kept = 0
    with corpus.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for line in lines:
            if kept >= limit:
                break
            if line.strip():
                out.write(line if line.endswith("\n") else line + "\n")
                kept += 1
    return target


def _warm() -> float:
    from frontlines.pipeline import extract_many
    from frontlines.types import Article

    start = time.perf_counter()
    for _ in extract_many([Article(text=WARM_UP, published=dt.date(2020, 5, 5))]):
        pass
    return time.perf_counter() - start


def _articles(path: Path) -> list[Any]:
    from frontlines.sources import read_articles
    from frontlines.types import Article

    return [item for item in read_articles([str(path)]) if isinstance(item, Article)]


def _timed(run: Any) -> dict[str, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    extra = run()
    return {"seconds": time.perf_counter() - wall, "cpu_seconds": time.process_time() - cpu, **extra}


def _size(url: str) -> int:
    path = Path(url.removeprefix("sqlite:///"))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def run_phase(phase: str, source: str, folder: str, workers: int) -> dict[str, Any]:
    """One phase, meant to run alone in a fresh child process."""
    path = Path(source)
    url = f"sqlite:///{Path(folder) / ('store-' + phase + '.sqlite')}"
    load = 0.0
    if phase == "extract":
        load = _warm()

        def run() -> dict[str, Any]:
            from frontlines.pipeline import extract_many

            articles = events = 0
            for extraction in extract_many(_articles(path)):
                articles += 1
                events += len(extraction.events)
            return {"articles": articles, "events": events}

    elif phase == "write":
        from frontlines.pipeline import extract_many
        from frontlines.store import open_store

        load = _warm()
        extractions = list(extract_many(_articles(path)))  # not timed

        def run() -> dict[str, Any]:
            with open_store(url) as store:
                added = sum(store.add(extraction) for extraction in extractions)
            return {"articles": added, "events": sum(len(e.events) for e in extractions)}

    else:
        from frontlines import ingest

        if phase == "rerun":
            url = f"sqlite:///{Path(folder) / 'store-ingest.sqlite'}"  # the store `ingest` filled
        if phase in ("ingest", "rerun"):
            load = _warm()

        def run() -> dict[str, Any]:
            tally = ingest([str(path)], db=url, workers=workers if phase == "workers" else 1)
            return {"articles": tally.read, "added": tally.added, "skipped": tally.skipped, "events": tally.events}

    result = _timed(run)
    seconds = result["seconds"]
    return {
        "phase": phase,
        "load_seconds": load,
        "articles_per_second": result["articles"] / seconds if seconds else None,
        "events_per_second": result["events"] / seconds if seconds else None,
        "store_bytes": _size(url) if phase != "extract" else None,
        # ru_maxrss is in KiB on Linux: this process's own peak (workers are not counted)
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **result,
    }


def run_all(corpus: Path, *, limit: int, workers: int, phases: list[str]) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder:
        source = copy_slice(corpus, limit, Path(folder))
        for phase in phases:
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                results[phase] = pool.submit(run_phase, phase, str(source), folder, workers).result()
    return {"corpus": str(corpus), "limit": limit, "workers": workers, "phases": results, "ratios": _ratios(results)}


def _ratios(results: dict[str, Any]) -> dict[str, float | None]:
    def ratio(a: str, b: str) -> float | None:
        if a not in results or b not in results:
            return None
        x, y = results[a]["articles_per_second"], results[b]["articles_per_second"]
        return x / y if x and y else None

    return {
        "ingest_vs_extract": ratio("ingest", "extract"),
        "write_vs_extract": ratio("write", "extract"),
        "workers_vs_ingest": ratio("workers", "ingest"),
        "rerun_vs_ingest": ratio("rerun", "ingest"),
    }


def render(summary: dict[str, Any]) -> str:
    lines = [
        f"corpus {summary['corpus']}: first {summary['limit']:,} records; workers phase: {summary['workers']} processes",
        "",
        f"{'phase':<29}{'articles/s':>12}{'events/s':>10}{'wall s':>9}{'CPU s':>8}{'load s':>8}"
        f"{'store MB':>10}{'peak RSS MB':>13}",
    ]
    for phase, r in summary["phases"].items():
        label = PHASES[phase].replace("N workers", f"{summary['workers']} workers")
        store = "" if r["store_bytes"] is None else f"{r['store_bytes'] / 1e6:,.1f}"
        lines.append(
            f"{label:<29}{_num(r['articles_per_second'], ',.1f'):>12}{_num(r['events_per_second'], ',.1f'):>10}"
            f"{r['seconds']:>9.2f}{r['cpu_seconds']:>8.2f}{r['load_seconds']:>8.2f}{store:>10}{r['peak_rss_mb']:>13,.0f}"
        )
    lines += ["", "ratios of articles/s (same run)"]
    labels = {
        "ingest_vs_extract": "ingest / extract only",
        "write_vs_extract": "store.add only / extract only",
        "workers_vs_ingest": "N workers / 1 process",
        "rerun_vs_ingest": "rerun (skips) / first ingest",
    }
    for key, label in labels.items():
        value = summary["ratios"][key]
        label = label.replace("N workers", f"{summary['workers']} workers")
        lines.append(f"  {label:<34}{'n/a' if value is None else f'{value:.2f}x':>9}")
    events = {phase: r.get("events") for phase, r in summary["phases"].items()}
    lines += ["", f"events per phase: {events}"]
    return "\n".join(lines) + "\n"


def _num(value: float | None, fmt: str) -> str:
    return "n/a" if value is None else format(value, fmt)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path, help="JSONL articles: text, optional title, date, id")
    parser.add_argument("--limit", type=int, default=400, help="the first N records (default 400)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="processes of the workers phase")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--phase", action="append", choices=list(PHASES), help="run only these phases (repeatable; default all)"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        parser.error(f"{args.corpus}: file not found")
    phases = args.phase or list(PHASES)
    if "rerun" in phases and "ingest" not in phases:
        parser.error("the rerun phase needs the ingest phase")
    summary = run_all(args.corpus, limit=args.limit, workers=args.workers, phases=phases)
    sys.stdout.write(json.dumps(summary, indent=2) + "\n" if args.json else render(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
