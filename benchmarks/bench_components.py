"""Benchmark: milliseconds per article for each component of the spaCy pipeline, one process.

    python benchmarks/bench_components.py --limit 150 [--recognizer single]

Runs the project's pipeline component by component over batches of 16 real articles (as
`kg.nlp.loading.make_docs` batches them) and prints each component's share, then the extraction
after the pipeline (`kg.pipeline.extract_many`, which runs the pipeline again: its time minus the
pipeline's is the frames, quotes and clauses). Where to look first when the build is slow.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import load_corpus


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=150, help="the first N unique articles")
    ap.add_argument("--recognizer", choices=["committee", "single"], default="committee")
    args = ap.parse_args(argv)

    from kg.model import Article, RawArticle
    from kg.nlp.loading import BATCH_SIZE, load_pipeline
    from kg.pipeline import extract_many, prepare

    prepared = [
        prepare(RawArticle(source=f"indosum/{r['id']}", body=r["text"], publisher=r["source"]))
        for r in load_corpus(args.limit)
    ]
    articles = [a for a in prepared if isinstance(a, Article)]
    nlp = load_pipeline(args.recognizer)
    docs = [nlp.make_doc(a.text) for a in articles]
    spent: dict[str, float] = defaultdict(float)
    for i in range(0, len(docs), BATCH_SIZE):
        batch = docs[i : i + BATCH_SIZE]
        for name, component in nlp.pipeline:
            t = time.perf_counter()
            batch = list(component.pipe(batch)) if hasattr(component, "pipe") else [component(d) for d in batch]
            spent[name] += time.perf_counter() - t
    n = len(docs)
    print(f"{n} articles, recognizer {args.recognizer}, ms per article:")
    for name, seconds in spent.items():
        print(f"  {name:16} {seconds * 1000 / n:7.1f}")
    pipeline = sum(spent.values()) * 1000 / n
    print(f"  {'pipeline':16} {pipeline:7.1f}")
    t = time.perf_counter()
    for _ in extract_many(articles, recognizer=args.recognizer):
        pass
    whole = (time.perf_counter() - t) * 1000 / n
    print(f"  {'extraction':16} {whole:7.1f}  (pipeline and extraction after it: about {whole - pipeline:.1f} after)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
