"""What `kg build` writes, one function per output file: the `WRITERS` registry.

Adding an output is one row of `WRITERS` (a file name and a function of the `BuildResult`);
`OUTPUT_FILES`, the CLI's help and `kg.export.files.write_outputs` follow it. The RDF writers
read the build's union graph, made once (`BuildResult.union`). Serializations are deterministic:
the same build gives byte-identical files (rdflib sorts Turtle and TriG; JSON-LD, CSV and the
HTML are sorted here). graph.html and graph.graphml draw what the build's `draw` says
(`kg.export.drawing`); report.json says how many entities they leave out (`drawing`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.term import Node

from ..rdf.graph import as_union
from ..vocab import BK, PREFIXES, SCHEMA
from .drawing import select_entities
from .html import to_html
from .network import to_graphml

if TYPE_CHECKING:
    from ..pipeline import BuildResult

__all__ = [
    "WRITERS",
    "OUTPUT_FILES",
    "CSV_COLUMNS",
    "MULTI",
    "to_turtle",
    "to_trig",
    "to_jsonld",
    "to_nquads",
    "to_facts_csv",
    "to_html",
    "to_graphml",
    "to_report",
]

CSV_COLUMNS = (
    "statement",
    "subject",
    "subject_label",
    "predicate",
    "object",
    "object_label",
    "date",
    "date_text",
    "modality",
    "source_count",
    "sources",
    "evidence",
    "confidence",
    "extractor",
    "end_date",
    "role_title",
    "former",
    # contract version 2 (appended: the columns before keep their places)
    "quote",
    "quote_type",
    "about",
    "penalty",
    "verb",
)
#: Joins the entity keys of the `about` column (and every other cell of several values).
MULTI = " | "


def to_turtle(data: Dataset | Graph) -> str:
    """Turtle of the union graph."""
    return as_union(data).serialize(format="turtle")


class _SortedTrigSerializer(TrigSerializer):
    """rdflib's TriG serializer with the graphs in IRI order (rdflib keeps them in hash order)."""

    def __init__(self, store: Dataset) -> None:
        super().__init__(store)
        self.contexts.sort(key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier)))


def to_trig(ds: Dataset) -> str:
    buf = io.BytesIO()
    _SortedTrigSerializer(ds).serialize(buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def to_nquads(ds: Dataset) -> str:
    """N-Quads of every named graph and the default graph, one quad a line, sorted."""
    lines = ds.serialize(format="nquads").split("\n")  # not splitlines(): a literal may hold \x1e or \x85
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def to_facts_csv(data: Dataset | Graph) -> str:
    """A row per statement (subject, predicate, object, date, modality, sources, evidence…), for a
    spreadsheet. Sources are the articles' headlines; several values are joined with " | " (`MULTI`),
    the entity keys a quote is about too (`about`: "person/a | country/b", sorted; a key holds no
    space). A bk:said row's object (and object label) is what was said, as in `quote`. A cell
    that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
    return: news text can) gets a leading `'`, in every column alike (OWASP's CSV injection rule)."""
    from ..store.query import spreadsheet_safe

    g = as_union(data)

    def label(node: object) -> str:
        if not isinstance(node, URIRef):
            return str(node)
        values = sorted(str(o) for o in g.objects(node, RDFS.label) if getattr(o, "language", None) == "id")
        return values[0] if values else ""

    def short(node: object) -> str:
        text = str(node)
        return text.rsplit("#", 1)[-1] if "#" in text else text.removeprefix("https://w3id.org/berita-kg/id/")

    rows = []
    for st in set(g.subjects(RDF.type, RDF.Statement)):
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        arts = sorted(g.objects(st, PROV.wasDerivedFrom), key=str)
        rows.append(
            {
                "statement": short(st),
                "subject": short(s),
                "subject_label": label(s),
                "predicate": short(p),
                "object": short(o),
                "object_label": label(o),
                "date": " | ".join(sorted(str(d) for d in g.objects(st, BK.date))),
                "date_text": " | ".join(sorted(str(d) for d in g.objects(st, BK.dateText))),
                "modality": str(g.value(st, BK.modality) or "asserted"),
                "source_count": str(g.value(st, BK.sourceCount) or len(arts)),
                "sources": " | ".join(sorted(str(g.value(a, SCHEMA.headline) or short(a)) for a in arts)),
                "evidence": " | ".join(sorted(str(e) for e in g.objects(st, BK.evidence))),
                "confidence": str(g.value(st, BK.confidence) or ""),
                "extractor": " | ".join(sorted(str(e) for e in g.objects(st, BK.extractor))),
                "end_date": " | ".join(sorted(str(d) for d in g.objects(st, BK.endDate))),
                "role_title": " | ".join(sorted(str(r) for r in g.objects(st, BK.roleTitle))),
                "former": "true" if g.value(st, BK.former) is not None else "",
                **_details(g, st, short),
            }
        )
    rows.sort(key=lambda r: (r["subject"], r["predicate"], r["object"], r["date"], r["modality"], r["statement"]))
    buf = io.StringIO()
    plain = csv.writer(buf, lineterminator="\n")
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)  # csv leaves a CR bare: a new row
    for line in (CSV_COLUMNS, *([r[c] for c in CSV_COLUMNS] for r in rows)):
        cells = [spreadsheet_safe(cell) for cell in line]
        (quoted if any("\r" in cell for cell in cells) else plain).writerow(cells)
    return buf.getvalue()


def _details(g: Graph, st: Node, short: Callable[[object], str]) -> dict[str, str]:
    """The cells of the columns of contract version 2: what was said and how (bk:said), what
    about (entity keys), the penalty (bk:sentenced), the verb (bk:relatedTo)."""

    def texts(prop: URIRef) -> str:
        return MULTI.join(sorted(str(v) for v in g.objects(st, prop)))

    quote = g.value(st, RDF.object) if g.value(st, RDF.predicate) == BK.said else None
    return {
        "quote": str(quote) if quote is not None else "",
        "quote_type": texts(BK.quoteType),
        "about": MULTI.join(sorted(short(a) for a in g.objects(st, BK.about))),
        "penalty": texts(BK.penalty),
        "verb": texts(BK.verb),
    }


def _sort_jsonld(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sort_jsonld(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sort_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def to_jsonld(data: Dataset | Graph) -> str:
    """JSON-LD of the union graph, with a context of the contract's prefixes, in a stable order."""
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    tree = json.loads(as_union(data).serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(_sort_jsonld(tree), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def to_report(result: BuildResult) -> str:
    """The build's report, and under `drawing` what graph.html and graph.graphml draw: the
    `--draw` choice, how many entities they show and how many they leave out."""
    report = {**result.report, "drawing": select_entities(result.union, result.draw).summary()}
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


#: Output file name → the function that writes it from a build, in the order they are written.
WRITERS: dict[str, Callable[[BuildResult], str]] = {
    "graph.ttl": lambda r: to_turtle(r.union),
    "graph.trig": lambda r: to_trig(r.dataset),
    "graph.jsonld": lambda r: to_jsonld(r.union),
    "graph.nq": lambda r: to_nquads(r.dataset),
    "graph.graphml": lambda r: to_graphml(r.union, r.draw),
    "facts.csv": lambda r: to_facts_csv(r.union),
    "graph.html": lambda r: to_html(r.union, draw=r.draw),
    "report.json": to_report,
}
#: Every file a build writes (besides the `store` folder).
OUTPUT_FILES: tuple[str, ...] = tuple(WRITERS)
