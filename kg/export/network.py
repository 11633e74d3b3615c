"""The graph for analysis: a networkx MultiDiGraph of entities and the facts between them.

Nodes are entities (their IRIs), with `type`, `label`, `label_en`, `qid` and `quotes` (how many
asserted bk:said statements the entity is the speaker of); edges are the truthy facts between two
entities, one per (subject, property, object), keyed by the property, with the dates the statements
give, how many articles state it, and the statements' IRIs. Denied and alleged statements have
no truthy triple and so no edge; a quote (bk:said) has a text, not an entity, at its other end,
so it is no edge but its speaker's `quotes`, and keeps the GraphML a graph of entities. `to_graphml` writes it for Gephi and Cytoscape. With
`draw="facts"` only the entities in at least one fact are nodes (`kg.export.drawing`): graph.graphml's
default; `to_networkx` keeps every entity unless told otherwise, so that analyses see them all.
"""

from __future__ import annotations

import io
from collections import defaultdict

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS
from rdflib.term import Node

from ..rdf.graph import as_union
from ..vocab import BK
from .drawing import DEFAULT_DRAW, said_counts, select_entities

__all__ = ["to_networkx", "to_graphml"]


def _label(g: Graph, node: URIRef, lang: str) -> str:
    values = sorted(str(o) for o in g.objects(node, RDFS.label) if isinstance(o, Literal) and o.language == lang)
    return values[0] if values else ""


def to_networkx(data: Dataset | Graph, draw: str = "all") -> nx.MultiDiGraph:
    """Entities and facts as a MultiDiGraph (see the module's docstring for the attributes);
    `draw="facts"` leaves out the entities in no fact."""
    g = as_union(data)
    net = nx.MultiDiGraph()
    types = select_entities(g, draw).nodes
    quotes = said_counts(g)
    for node in types:
        qid = next((str(o).rsplit("/", 1)[-1] for o in g.objects(node, OWL.sameAs)), "")
        net.add_node(
            str(node),
            type=types[node],
            label=_label(g, node, "id") or str(node),
            label_en=_label(g, node, "en"),
            qid=qid,
            quotes=quotes.get(node, 0),
        )
    edges: dict[tuple[Node, Node, Node], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for st in g.subjects(RDF.type, RDF.Statement):
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        if s not in types or o not in types or p is None or (s, p, o) not in g:
            continue
        info = edges[(s, p, o)]
        info["statements"].add(str(st))
        info["dates"].update(str(d) for d in g.objects(st, BK.date))
        info["sources"].update(str(a) for a in g.objects(st, PROV.wasDerivedFrom))
    for (s, p, o), info in sorted(edges.items()):
        prop = str(p).rsplit("#", 1)[-1]
        net.add_edge(
            str(s),
            str(o),
            key=prop,
            property=prop,
            dates=sorted(info["dates"]),
            source_count=len(info["sources"]),
            statements=sorted(info["statements"]),
        )
    return net


def to_graphml(data: Dataset | Graph, draw: str = DEFAULT_DRAW) -> str:
    """GraphML of `to_networkx` with `draw` (lists joined with "; ", as GraphML holds only scalars)."""
    net = to_networkx(data, draw)
    flat = nx.MultiDiGraph()
    for node, attrs in net.nodes(data=True):
        flat.add_node(node, **attrs)
    for s, o, key, attrs in net.edges(keys=True, data=True):
        flat.add_edge(s, o, key=key, **{k: "; ".join(v) if isinstance(v, list) else v for k, v in attrs.items()})
    buf = io.BytesIO()
    nx.write_graphml(flat, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")
