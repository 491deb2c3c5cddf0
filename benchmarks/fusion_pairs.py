"""Pairwise precision and recall of fusion on the report sets we wrote
(tests/data/fusion/report_sets.jsonl), with the pairs it got wrong.

    .venv/bin/python benchmarks/fusion_pairs.py [REPORT_SETS.jsonl]
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from frontlines.evaluate import pair_scores
from frontlines.fusion import fuse, reports_of
from frontlines.pipeline import extract_many
from frontlines.types import Article

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "data" / "fusion" / "report_sets.jsonl"


def main(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    articles = [
        Article(text=r["text"], title=r["title"], publisher=r["publisher"], published=dt.date.fromisoformat(r["published"]))
        for r in rows
    ]
    reports, labels = [], {}
    for row, extraction in zip(rows, extract_many(articles), strict=True):
        for report in reports_of(extraction):
            reports.append(report)
            events = row["events"]
            label = events.get("*") or next((v for k, v in events.items() if k in report.location), None)
            if label:
                labels[report.id] = label
    fused = fuse(reports)
    clusters = {r.id: e.id for e in fused for r in e.reports}
    scores = pair_scores(clusters, labels)
    print(f"{len(rows)} articles, {len(reports)} reports ({len(labels)} labelled), {len(fused)} fused events")
    print(f"pairwise precision {scores.precision:.3f}  recall {scores.recall:.3f}  "
          f"(pairs right {scores.true_pairs}, merged wrongly {scores.false_pairs}, split wrongly {scores.missed_pairs})")
    by_id = {r.id: r for r in reports}
    ids = sorted(labels)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            together, belong = clusters[a] == clusters[b], labels[a] == labels[b]
            if together != belong:
                what = "merged" if together else "split"
                print(f"  {what}: {labels[a]} ({by_id[a].location}) / {labels[b]} ({by_id[b].location})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
