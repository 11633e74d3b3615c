"""Benchmark: the full build against a plain spaCy NER pipeline and the tokenizer floor, on real
articles (indosum-dev).

    python benchmarks/bench_build.py                      # 1x the corpus, default settings
    python benchmarks/bench_build.py --scale 4            # 4 copies, each with its own ids and names
    python benchmarks/bench_build.py --limit 300 --workers 2

Prints, for one run on the same texts: (a) spaCy's tokenizer alone (the floor), (p) a plain spaCy
NER pipeline in one process (`spacy.blank("id")` and spaCy's default `ner`, its own tok2vec inside:
what a user would run instead of Berita KG, plus glue), (b) the full build (ingest, extraction,
linking, graph, validation, every export and the store; its worker processes by default); words/s
and articles/s of each, the ratios full/plain (issue 21's goal: at least 1.0) and full/tokenizer,
peak RSS, seconds per stage, and p50 per canned query on the store built. Words are the tokens of
the project's tokenizer.
The corpus is ../shared/corpora/indosum-dev (unique ids, tokens joined back into running text).
Copies for --scale rename every capitalised word and reverse the paragraphs, so the duplicate
detector has real work and finds nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "indosum-dev"


def load_corpus(limit: int | None) -> list[dict]:
    """The unique articles of the corpus (first record of each id), joined back into running
    text as `kg build` reads them (`kg.ingest.readers.tokenized_text`)."""
    from kg.ingest.readers import tokenized_text

    seen, rows = set(), []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["id"] in seen:
                continue
            seen.add(record["id"])
            rows.append(
                {"id": record["id"], "text": tokenized_text(record["paragraphs"]), "source": record.get("source")}
            )
            if limit and len(rows) == limit:
                return rows
    return rows


def copy_of(text: str, n: int) -> str:
    """Copy number n: capitalised words renamed (Jakarta -> Jakartaq), paragraphs reversed."""
    if n == 0:
        return text
    suffix = "".join("qxzvkjwbfm"[int(d)] for d in str(n))  # a different suffix for every copy
    renamed = re.sub(r"\b([A-Z][a-z]{2,})\b", lambda m: m.group(1) + suffix, text)
    return "\n\n".join(reversed(renamed.split("\n\n")))


def plain_ner_seconds(texts: list[str]) -> float:
    """Seconds for a plain spaCy NER pipeline over `texts` in this process: `spacy.blank("id")`
    with spaCy's default `ner` (three labels, weights initialised: a trained model costs the same).
    The texts are tokenized by the same pipeline, as a plain user's would be."""
    import spacy

    nlp = spacy.blank("id")
    ner = nlp.add_pipe("ner")
    for label in ("PER", "LOC", "ORG"):
        ner.add_label(label)  # type: ignore[attr-defined]
    nlp.initialize()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - t0


def peak_rss_mb() -> float:
    """Peak RSS of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class StageTimings(dict):
    """Seconds per stage (what `build_articles(timings=…)` fills), noting this process's peak RSS
    at the end of each stage."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.rss: dict[str, float] = {}

    def __setitem__(self, stage: str, seconds: float) -> None:
        super().__setitem__(stage, seconds)
        self.rss[stage] = peak_rss_mb()


class ChildPeaks(threading.Thread):
    """Peak memory of each child process, read from /proc twice a second: for the extraction
    workers (spawned: their command line runs spawn_main) the peak RSS (VmHWM); for the tail's
    forked children the memory of their own (private pages, from smaps_rollup), since their RSS
    also counts the parent's pages they share. RUSAGE_CHILDREN would count the parent's pages a
    child holds between fork and exec."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.workers: dict[int, int] = {}
        self.forked: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.5):
            for task in Path(f"/proc/{me}/task").glob("*/children"):
                for pid in task.read_text().split():
                    keys: tuple[str, ...]
                    try:
                        spawned = b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
                        if spawned:
                            text, keys = Path(f"/proc/{pid}/status").read_text(), ("VmHWM:",)
                        else:
                            text, keys = (
                                Path(f"/proc/{pid}/smaps_rollup").read_text(),
                                ("Private_Clean:", "Private_Dirty:"),
                            )
                    except OSError:
                        continue
                    kb = sum(int(line.split()[1]) for line in text.splitlines() if line.startswith(keys))
                    into = self.workers if spawned else self.forked
                    into[int(pid)] = max(into.get(int(pid), 0), kb)

    def largest_mb(self) -> float:
        return max(self.workers.values(), default=0) / 1024

    def largest_forked_mb(self) -> float:
        return max(self.forked.values(), default=0) / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N unique articles")
    ap.add_argument("--scale", type=int, default=1, help="copies of the corpus (1, 4, 16)")
    ap.add_argument("--workers", type=int, default=None, help="default: kg build's (one per core, at most 4)")
    ap.add_argument("--engine", default="local", choices=["local", "dask"])
    ap.add_argument("--repeat", type=int, default=11, help="runs per canned query for the p50")
    ap.add_argument("--recognizer", choices=["committee", "single"], default="committee")
    args = ap.parse_args(argv)

    from spacy.tokenizer import Tokenizer

    from kg.engines import MIN_PARALLEL_BATCHES, auto_workers, batches, make_mapper
    from kg.export.files import write_outputs
    from kg.model import RawArticle
    from kg.nlp.loading import load_pipeline
    from kg.nlp.tokenizer import blank
    from kg.pipeline import build_articles
    from kg.store.query import canned_queries, open_store, with_bindings

    if not CORPUS.is_dir():
        print(f"{CORPUS} is not there: the benchmark needs ../shared beside the repository", file=sys.stderr)
        return 2
    base = load_corpus(args.limit)
    texts = [copy_of(r["text"], n) for n in range(args.scale) for r in base]
    words = sum(len(t.split()) for t in texts)
    workers = args.workers or auto_workers()
    parallel = args.engine == "dask" or (workers > 1 and len(batches(texts)) >= MIN_PARALLEL_BATCHES)
    print(
        f"corpus: {len(base)} unique indosum-dev articles x {args.scale} = {len(texts)} articles, {words:,} words; "
        f"recognizer {args.recognizer}, engine {args.engine}, workers {workers if parallel else 1}"
    )

    tokenizer = blank().tokenizer
    assert isinstance(tokenizer, Tokenizer)
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in tokenizer.pipe(texts, batch_size=256))
    floor = time.perf_counter() - t0
    print(f"(a) tokenizer alone: {floor:.1f} s, {tokens / floor:,.0f} words/s, {len(texts) / floor:,.1f} articles/s")
    plain = plain_ner_seconds(texts)
    print(
        f"(p) plain spaCy NER pipeline, one process: {plain:.1f} s, {tokens / plain:,.0f} words/s, "
        f"{len(texts) / plain:,.1f} articles/s"
    )

    t0 = time.perf_counter()
    if not parallel:  # worker processes load their own
        load_pipeline(args.recognizer)
    load = time.perf_counter() - t0
    raws = [
        RawArticle(source=f"indosum/{r['id']}-{n}", body=copy_of(r["text"], n), publisher=r["source"])
        for n in range(args.scale)
        for r in base
    ]
    timings = StageTimings({"load models": load})
    mapper = make_mapper(args.engine, args.workers, recognizer=args.recognizer)
    children = ChildPeaks()
    children.start()
    t0 = time.perf_counter()
    # as `kg build` does: the validation runs beside the serializations, in forked processes
    result = build_articles(raws, mapper=mapper, timings=timings, recognizer=args.recognizer, check=False)
    out = Path(tempfile.mkdtemp(prefix="bench-"))
    write_outputs(result, out, check=True, timings=timings)
    full = time.perf_counter() - t0 + load
    report = result.report
    print(
        f"(b) full build: {full:.1f} s, {tokens / full:,.0f} words/s, {len(texts) / full:,.2f} articles/s "
        f"({report['articles_built']} built, {len(report['duplicates'])} duplicates, {len(report['skipped'])} skipped; "
        f"{sum(report['entities'].values())} entities, {sum(report['facts'].values())} facts)"
    )
    print(f"ratio full/plain NER (throughput): {plain / full:.3f} (goal: at least 1.0)")
    print(f"ratio full/tokenizer (throughput): {floor / full:.4f}")
    own, child = peak_rss_mb(), children.largest_mb()
    children.stop.set()
    if parallel and args.engine == "local":
        print(
            f"peak RSS: {own:,.0f} MB main process, {child:,.0f} MB the largest of {workers} workers "
            f"(at most {own + workers * child:,.0f} MB together)"
        )
    else:
        print(f"peak RSS: {own:,.0f} MB")
    if children.forked:
        print(
            f"the tail's {len(children.forked)} forked children (serializations, validation): at most "
            f"{children.largest_forked_mb():,.0f} MB of their own each (the rest of their RSS is the main process's pages)"
        )
    print("seconds per stage (and the main process's peak RSS at its end):")
    for stage, secs in timings.items():
        rss = f"{timings.rss[stage]:6.0f} MB" if stage in timings.rss else ""
        print(f"  {stage:22} {secs:8.2f}  {rss}")

    store = open_store(out)
    from bench_query import BINDS, p50_ms  # beside this script: the binds a user gives, the p50

    print(f"canned queries on the store ({len(result.dataset)} quads), p50 of {args.repeat} runs:")
    for name, q in canned_queries().items():
        ms, count = p50_ms(store, with_bindings(q.text, BINDS.get(name, {})), args.repeat)
        print(f"  {name:22} {ms:8.1f} ms  ({count} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
