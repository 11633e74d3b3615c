"""Benchmark: canned SPARQL queries on a large store, without building a large corpus.

    python benchmarks/bench_query.py OUTDIR --copies 10     # OUTDIR from a `kg build`

Loads OUTDIR/graph.trig N times into one Oxigraph store, each copy with its own IRIs (every
`https://w3id.org/berita-kg/id/…` IRI gets a copy suffix), so the store has N times the quads
with the same shape as a real build, then prints p50 per canned query (`kg query --name`). A
query about an entity runs as a user runs it, about one (an entity of the corpus with rows, see
`BINDS`); `--unbound` also times the optional binds left out: the whole graph's dump, whose time
grows with the rows it returns.

    python benchmarks/bench_query.py OUTDIR --copies 16 --keep /tmp/store16   # load once ...
    python benchmarks/bench_query.py --store /tmp/store16                     # ... query again
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ID = "https://w3id.org/berita-kg/id/"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path, nargs="?")
    ap.add_argument("--store", type=Path, help="query this store (made with --keep) instead of loading OUTDIR")
    ap.add_argument("--keep", type=Path, help="make the store in this (new) folder and keep it")
    ap.add_argument("--unbound", action="store_true", help="also time the queries with their optional binds left out")
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=11)
    ap.add_argument("--in-memory", action="store_true", help="also time an in-memory copy (kg serve --in-memory)")
    args = ap.parse_args(argv)

    from kg.store.query import canned_queries, with_bindings

    if args.store:
        store = ox.Store.read_only(str(args.store))
        print(f"store: {len(store):,} quads in {args.store}")
    elif args.outdir:
        store = _copies(args.outdir, args.copies, args.keep)
    else:
        ap.error("give OUTDIR (a build to copy) or --store")
    stores = {"on disk": store}
    if args.in_memory:
        t0 = time.perf_counter()
        memory = ox.Store()
        memory.bulk_extend(store)
        stores["in memory"] = memory
        print(f"in-memory copy (kg serve --in-memory): {time.perf_counter() - t0:.1f} s to load")
    forms = {"bound": BINDS} | ({"unbound": {k: v for k, v in BINDS.items() if k in REQUIRED}} if args.unbound else {})
    for label, target in stores.items():
        for form, binds in forms.items():
            print(f"p50 of {args.repeat} runs, {label}, {form}:")
            for name, q in canned_queries().items():
                ms, rows = p50_ms(target, with_bindings(q.text, binds.get(name, {})), args.repeat)
                shown = ", ".join(f"{k}={v}" for k, v in binds.get(name, {}).items())
                print(f"  {name:22} p50 {ms:9.1f} ms  ({rows} rows) {shown}")
    return 0


def p50_ms(store: ox.Store, text: str, repeat: int) -> tuple[float, int]:
    """The median of `repeat` runs of the SELECT `text` on `store`, in ms, and its row count."""
    from kg.store.query import Result, run_query

    runs, rows = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        answer = run_query(store, text)
        runs.append(time.perf_counter() - t)
        assert isinstance(answer, Result), text[:80]
        rows = len(answer.rows)
    return statistics.median(runs) * 1000, rows


#: The binds a user gives each query about entities (copy 0 keeps the build's own IRIs).
BINDS = {
    "entity": {"entity": "person/joko-widodo"},
    "legal-process": {"person": "person/setya-novanto"},
    "messages": {"a": "person/antonio-guterres", "b": "person/ja-song-nam"},
    "offices": {"person": "person/joko-widodo"},
    "said-about": {"entity": "person/joko-widodo"},
    "timeline": {"a": "person/aryani-soenarto", "b": "person/mario-teguh"},
}
REQUIRED = {"entity", "timeline"}


def _copies(outdir: Path, copies: int, keep: Path | None) -> ox.Store:
    """A store of `copies` copies of OUTDIR/graph.trig, each with its own IRIs, its default graph
    the union as `kg build` stores it."""
    source = ox.Store()
    source.bulk_load(path=str(outdir / "graph.trig"), format=ox.RdfFormat.TRIG)
    quads = list(source)

    def rename(term, n):
        if isinstance(term, ox.NamedNode) and term.value.startswith(ID) and n:
            return ox.NamedNode(f"{term.value}-c{n}")
        return term

    store = ox.Store(str(keep) if keep else tempfile.mkdtemp(prefix="bench-store-"))
    t0 = time.perf_counter()
    for n in range(copies):
        batch = []
        for q in quads:
            g = q.graph_name if isinstance(q.graph_name, ox.DefaultGraph) else rename(q.graph_name, n)
            s, p, o = rename(q.subject, n), q.predicate, rename(q.object, n)
            batch.append(ox.Quad(s, p, o, g))
            if not isinstance(q.graph_name, ox.DefaultGraph):
                batch.append(ox.Quad(s, p, o, ox.DefaultGraph()))  # the union, as `kg build` stores it
        store.bulk_extend(batch)
    loaded = time.perf_counter() - t0
    store.optimize()  # one compaction, as kg.store.query.load_store ends
    store.flush()
    print(
        f"store: {len(store):,} quads from {copies} copies of {outdir / 'graph.trig'} "
        f"({loaded:.1f} s to load, {time.perf_counter() - t0 - loaded:.1f} s to compact)"
    )
    return store


if __name__ == "__main__":
    sys.exit(main())
