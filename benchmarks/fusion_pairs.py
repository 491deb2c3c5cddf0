"""Pairwise precision and recall of fusion on the report sets we wrote
(tests/data/fusion/report_sets.jsonl), with the pairs it got wrong.

    .venv/bin/python benchmarks/fusion_pairs.py [REPORT_SETS.jsonl]
"""

from __future__ import annotations

import sys
from pathlib import Path

from frontlines.evaluate import pair_scores, report_label, report_sets
from frontlines.fusion import fuse

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "data" / "fusion" / "report_sets.jsonl"


def main(path: Path) -> None:
    sets = report_sets(path)
    reports = [report for _, told in sets for report in told]
    labels = {report.id: label for row, told in sets for report in told if (label := report_label(row, report))}
    fused = fuse(reports)
    clusters = {r.id: e.id for e in fused for r in e.reports}
    scores = pair_scores(clusters, labels)
    print(f"{len(sets)} articles, {len(reports)} reports ({len(labels)} labelled), {len(fused)} fused events")
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
