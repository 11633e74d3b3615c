"""Benchmark: canned SPARQL queries on a large store, without building a large corpus.

    python benchmarks/bench_query.py OUTDIR --copies 10     # OUTDIR from a `kg build`

Loads OUTDIR/graph.trig N times into one Oxigraph store, each copy with its own IRIs (every
`https://w3id.org/berita-kg/id/…` IRI gets a copy suffix), so the store has N times the quads
with the same shape as a real build, then prints p50 per canned query (`kg query --name`).
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
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=11)
    ap.add_argument("--in-memory", action="store_true", help="also time an in-memory copy (kg serve --in-memory)")
    args = ap.parse_args(argv)

    from kg.store.query import Result, canned_queries, run_query, with_bindings

    source = ox.Store()
    source.bulk_load(path=str(args.outdir / "graph.trig"), format=ox.RdfFormat.TRIG)
    quads = list(source)

    def rename(term, n):
        if isinstance(term, ox.NamedNode) and term.value.startswith(ID) and n:
            return ox.NamedNode(f"{term.value}-c{n}")
        return term

    store = ox.Store(tempfile.mkdtemp(prefix="bench-store-"))
    t0 = time.perf_counter()
    for n in range(args.copies):
        batch = []
        for q in quads:
            g = q.graph_name if isinstance(q.graph_name, ox.DefaultGraph) else rename(q.graph_name, n)
            s, p, o = rename(q.subject, n), q.predicate, rename(q.object, n)
            batch.append(ox.Quad(s, p, o, g))
            if not isinstance(q.graph_name, ox.DefaultGraph):
                batch.append(ox.Quad(s, p, o, ox.DefaultGraph()))  # the union, as `kg build` stores it
        store.bulk_extend(batch)
    print(
        f"store: {len(store):,} quads from {args.copies} copies of {args.outdir / 'graph.trig'} "
        f"({time.perf_counter() - t0:.1f} s to load)"
    )
    stores = {"on disk": store}
    if args.in_memory:
        t0 = time.perf_counter()
        memory = ox.Store()
        memory.bulk_extend(store)
        stores["in memory"] = memory
        print(f"in-memory copy (kg serve --in-memory): {time.perf_counter() - t0:.1f} s to load")
    binds = {
        "entity": {"entity": "person/joko-widodo"},
        "timeline": {"a": "person/joko-widodo", "b": "person/prabowo-subianto"},
    }
    for label, target in stores.items():
        print(f"p50 of {args.repeat} runs, {label}:")
        for name, q in canned_queries().items():
            text = with_bindings(q.text, binds.get(name, {}))
            runs, rows = [], 0
            for _ in range(args.repeat):
                t = time.perf_counter()
                answer = run_query(target, text)
                runs.append(time.perf_counter() - t)
                assert isinstance(answer, Result), name
                rows = len(answer.rows)
            print(f"  {name:22} p50 {statistics.median(runs) * 1000:9.1f} ms  ({rows} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
