"""Benchmark: the near-duplicate detector alone, on 1x, 4x or 16x the real corpus.

    python benchmarks/bench_dedup.py --scale 16

Prints seconds and the memory the detector adds to the process (peak RSS after minus RSS before)
for `kg.ingest.dedup.find_duplicates` over the unique indosum-dev articles, copied as
bench_build.py copies them (capitalised words renamed, paragraphs reversed: no copy is a
duplicate of another, so the index holds every article), and how many duplicates it found.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import copy_of, load_corpus


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, default=1, help="copies of the corpus (1, 4, 16)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N unique articles")
    args = ap.parse_args(argv)

    from kg.ingest.clean import clean_text
    from kg.ingest.dedup import find_duplicates

    base = load_corpus(args.limit)
    items = [(f"{r['id']}-{n}", clean_text(copy_of(r["text"], n))) for n in range(args.scale) for r in base]
    before = _status_mb("VmRSS")
    t0 = time.perf_counter()
    found = find_duplicates(items)
    seconds = time.perf_counter() - t0
    peak = _status_mb("VmHWM")
    print(
        f"{len(items):,} articles ({len(base):,} x {args.scale}): {seconds:.1f} s, "
        f"{len(items) / seconds:,.0f} articles/s; memory added {peak - before:,.0f} MB "
        f"(RSS before {before:,.0f} MB, peak {peak:,.0f} MB); {len(found)} duplicates"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
