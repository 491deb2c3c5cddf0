"""The place index: build time, and lookups per second cold (SQLite) and warm (cached).

    .venv/bin/python benchmarks/bench_gazetteer.py [--names FILE] [--rounds N] [--skip-build]

The index is built into a temporary data directory (FRONTLINES_DATA), so the user's own
index is left alone. Names come from FILE (one a line) or a built-in list of spellings
from conflict reporting. "Cold" clears the lookup caches before each round (every lookup
goes to SQLite); "warm" repeats the same names with the caches full. The ratio warm/cold
is the figure to compare across machines; the goal is >= 50,000 warm lookups/s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

NAMES = [
    "Aleppo", "east Aleppo", "Idlib", "Idleb", "Idlib province", "Deir ez-Zor", "Deir al-Zour", "Dayr az Zawr",
    "Hasakeh", "Al-Hasakah", "Raqqa", "Rakka", "Homs", "Hama governorate", "Damascus", "Rif Dimashq", "Daraa",
    "Kobani", "Ayn al Arab", "Manbij", "Afrin", "Mosul", "Baghdad", "Anbar province", "Fallujah", "Ramadi",
    "Kirkuk", "Tikrit", "Basra", "Sanaa", "Aden", "Taiz", "Hodeidah", "Marib", "Tripoli", "Benghazi", "Misrata",
    "Sirte", "Al Khums", "Beirut", "Gaza", "Rafah", "Khan Younis", "Kabul", "Kandahar", "Helmand province",
    "Mogadishu", "Kismayo", "Maiduguri", "Gao", "Timbuktu", "Kharkiv", "Bakhmut", "Donetsk", "countryside of Aleppo",
    "Qzxvw", "Nowhereville", "Khan Shaykhun", "Maarat al-Numan", "Saraqeb",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=Path, help="a file of place names, one a line")
    parser.add_argument("--rounds", type=int, default=200, help="warm rounds over the names (default 200)")
    parser.add_argument("--data", type=Path, help="use this data directory (default: a temporary one)")
    parser.add_argument("--skip-build", action="store_true", help="use the index already in --data")
    args = parser.parse_args()
    names = [n.strip() for n in args.names.read_text(encoding="utf-8").splitlines() if n.strip()] if args.names else NAMES
    folder = args.data or Path(tempfile.mkdtemp(prefix="bench-gazetteer-"))
    os.environ["FRONTLINES_DATA"] = str(folder)

    from frontlines import gazetteer

    if not args.skip_build:
        started = time.perf_counter()
        path = gazetteer.build()
        print(f"build: {time.perf_counter() - started:.1f} s -> {path} ({path.stat().st_size / 1e6:.1f} MB)")
    facts = gazetteer.info()
    print(f"index: {facts.places:,} places, {facts.names:,} name keys; per source {facts.per_source}")

    started = time.perf_counter()
    gazetteer.reset()
    gazetteer.connection()
    print(f"open: {(time.perf_counter() - started) * 1000:.1f} ms (version check + connect)")

    cold_rounds = 5
    started = time.perf_counter()
    for _ in range(cold_rounds):
        gazetteer._candidates.cache_clear()
        gazetteer._lookup.cache_clear()
        for name in names:
            gazetteer.candidates(name)
    cold = cold_rounds * len(names) / (time.perf_counter() - started)

    started = time.perf_counter()
    for _ in range(args.rounds):
        for name in names:
            gazetteer.candidates(name)
    warm = args.rounds * len(names) / (time.perf_counter() - started)
    found = sum(bool(gazetteer.candidates(n)) for n in names)
    print(f"names: {len(names)} ({found} found)")
    print(f"cold lookups/s (SQLite each time): {cold:,.0f}")
    print(f"warm lookups/s (cached):           {warm:,.0f}   goal >= 50,000: {'met' if warm >= 50_000 else 'NOT met'}")
    print(f"warm / cold: {warm / cold:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
