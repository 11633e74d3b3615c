"""Benchmark: graph.html on a synthetic graph of many entities, in headless Chromium.

    python benchmarks/bench_html.py                          # 20,000 entities, --draw all
    python benchmarks/bench_html.py --entities 5000 --draw facts --shots /tmp/shots

Makes a seeded synthetic graph (`synthetic_graph`: entities of every type with Indonesian and
foreign names, some accented, aliases, and facts between a preferential-attachment share of them,
each fact a statement with a date, an article and evidence), writes its graph.html, then loads it
in headless Chromium at 1366×768 and prints: seconds to write the page, its size, seconds from
navigation to the first picture (`data-rendered`), seconds for a search to focus an entity, and
the console errors (there should be none). With --shots it saves screenshots of the first picture
and of the focused search. Needs Chromium (apt install chromium).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent

_SYLLABLES = "ba bu di ka ko la ma na ni ra ri sa si su ta ti wa ya ha jo".split()
_FOREIGN = ("José", "Müller", "Erdoğan", "Renée", "Zoë", "Nuñez", "Çelik", "Søren")
_TYPES = (  # type, RDF class (local name), share of the entities
    ("person", "Person", 0.42),
    ("organization", "Organization", 0.24),
    ("place", "Place", 0.14),
    ("city", "City", 0.08),
    ("country", "Country", 0.04),
    ("event", "Event", 0.06),
    ("treaty", "Treaty", 0.02),
)
_PROPERTIES = ("metWith", "visited", "criticized", "supports", "accused", "signed", "appointed", "leaderOf")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def synthetic_graph(entities: int = 20_000, seed: int = 7, in_facts: float = 0.25) -> Graph:
    """`entities` entities, about `in_facts` of them in at least one fact (hubs and a long tail, as
    news have), the rest only named. Entity i's name is "<Word> <Word> <i>" (so a test can search
    for one), every 50th has a foreign accented part, every 5th an English label, every 7th an
    alternative label "alias-<i>" and every 11th a schema:name "Nama Resmi <i>"."""
    from kg.vocab import BK, BKR, SCHEMA

    rng = random.Random(seed)
    g = Graph()
    iris = []
    kinds = [kind for kind, _, share in _TYPES for _ in range(round(share * 100))]
    classes = {kind: (BK[cls] if cls in ("Event", "Treaty") else SCHEMA[cls]) for kind, cls, _ in _TYPES}
    for i in range(entities):
        kind = kinds[rng.randrange(len(kinds))]
        node = BKR[f"{kind}/e{i}"]
        iris.append(node)
        name = f"{_word(rng)} {_FOREIGN[i // 50 % len(_FOREIGN)] if i % 50 == 0 else _word(rng)} {i}"
        g.add((node, RDF.type, classes[kind]))
        g.add((node, RDFS.label, Literal(name, lang="id")))
        g.add((node, SKOS.prefLabel, Literal(name, lang="id")))
        if i % 5 == 0:
            g.add((node, RDFS.label, Literal(f"{name} (en)", lang="en")))
        if i % 7 == 0:
            g.add((node, SKOS.altLabel, Literal(f"alias-{i}", lang="id")))
        if i % 11 == 0:
            g.add((node, SCHEMA.name, Literal(f"Nama Resmi {i}")))
    articles = [BKR[f"article/a{j}"] for j in range(max(1, entities // 10))]
    for j, art in enumerate(articles):
        g.add((art, RDF.type, SCHEMA.NewsArticle))
        g.add((art, SCHEMA.headline, Literal(f"Berita {j}: {_word(rng)} {_word(rng)}", lang="id")))
        g.add((art, SCHEMA.publisher, Literal(rng.choice(("Antara", "Kompas", "Tempo", "Detik")))))
        g.add((art, SCHEMA.datePublished, Literal(f"202{j % 5}-0{1 + j % 9}-1{j % 10}", datatype=XSD.date)))
    # facts: preferential attachment inside the share of entities that take part in facts
    pool = list(range(entities))
    rng.shuffle(pool)
    active = pool[: max(2, int(entities * in_facts))]
    ends = [active[0], active[1]]
    for f in range(int(len(active) * 0.9)):
        s = active[f % len(active)] if f < len(active) else rng.choice(ends)
        o = rng.choice(ends) if rng.random() < 0.7 else rng.choice(active)
        if s == o:
            continue
        ends += [s, o]
        p: URIRef = BK[rng.choice(_PROPERTIES)]
        subj, obj, st = iris[s], iris[o], BKR[f"statement/s{f}"]
        g.add((subj, p, obj))
        for prop, value in ((RDF.type, RDF.Statement), (RDF.subject, subj), (RDF.predicate, p), (RDF.object, obj)):
            g.add((st, prop, value))
        g.add((st, BK.date, Literal(f"202{f % 5}-0{1 + f % 9}-{10 + f % 18}", datatype=XSD.date)))
        g.add((st, PROV.wasDerivedFrom, rng.choice(articles)))
        g.add((st, BK.evidence, Literal(f"Kalimat bukti nomor {f} tentang {_word(rng)}.", lang="id")))
    return g


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entities", type=int, default=20_000)
    ap.add_argument("--draw", choices=("facts", "all"), default="all")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--search", default="alias-1001", help="what to type in the search box")
    ap.add_argument("--shots", type=Path, help="a folder for the screenshots")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from kg.export.drawing import select_entities
    from kg.export.html import to_html
    from tests.browser import CHROMIUM, Chromium

    t0 = time.perf_counter()
    g = synthetic_graph(args.entities, args.seed)
    drawing = select_entities(g, "facts")
    print(
        f"graph: {args.entities:,} entities, {len(drawing.nodes):,} in facts, {len(g):,} triples "
        f"({time.perf_counter() - t0:.1f} s to make)"
    )
    work = Path(tempfile.mkdtemp(prefix="bench-html-"))
    page = work / "graph.html"
    t0 = time.perf_counter()
    page.write_text(to_html(g, draw=args.draw), encoding="utf-8")
    print(f"to_html --draw {args.draw}: {time.perf_counter() - t0:.1f} s, {page.stat().st_size / 1e6:.1f} MB")
    if CHROMIUM is None:
        print("no Chromium: nothing rendered")
        return 0
    with Chromium(CHROMIUM, work) as browser:
        t0 = time.perf_counter()
        browser.open(page.as_uri())
        browser.wait_for("document.body.dataset.rendered", timeout=120, poll=0.02)
        rendered = time.perf_counter() - t0
        drawn, total = browser.evaluate("[nodes.length, Number(document.body.dataset.total)]")
        print(
            f"first picture: {rendered:.2f} s ({drawn:,} of {total:,} entities drawn, {browser.evaluate('edges.length'):,} edges)"
        )
        if args.shots:
            args.shots.mkdir(parents=True, exist_ok=True)
            browser.screenshot(args.shots / "first.png")
        browser.evaluate("document.getElementById('bk-search').focus()")
        t0 = time.perf_counter()
        browser.type(args.search)
        browser.press("Enter", 13)
        focused = browser.wait_for("document.body.dataset.focused", timeout=60, poll=0.02)
        print(f"search {args.search!r}: focused {focused} in {time.perf_counter() - t0:.2f} s")
        if args.shots:
            browser.screenshot(args.shots / "search.png")
        t0 = time.perf_counter()
        browser.evaluate("document.getElementById('bk-more').click()")
        browser.wait_for(f"nodes.length > {drawn} && document.body.dataset.drawn == nodes.length", timeout=60)
        print(f"show more: {browser.evaluate('nodes.length'):,} drawn in {time.perf_counter() - t0:.2f} s")
        if args.shots:
            browser.screenshot(args.shots / "more.png")
        print(f"console errors: {browser.errors() or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
