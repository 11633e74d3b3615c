"""Which entities graph.html and graph.graphml draw: `kg build --draw facts` (the default) or `--draw all`.

An entity takes part in a fact when it is the subject or the object of a statement whose truthy
triple is in the graph: an asserted fact, drawn as an edge (or a treaty's date, in its tooltip).
Most entities an article names take part in none; drawn, they would bury the facts under a cloud
of lone dots, so by default they are left out, and the page and report.json say how many. Articles
and their `schema:mentions` links are never drawn; the RDF files always hold everything.

What an agent said (bk:said, contract version 2) has no entity at its other end: it draws no edge
and does not by itself draw its speaker (a lone dot again); a drawn speaker carries how many
quotes it has (`said_counts`: in graph.html's detail box, graph.graphml's `quotes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..errors import ConfigError
from ..types import CLASSES
from ..vocab import BK

__all__ = [
    "Draw",
    "DRAW_CHOICES",
    "DEFAULT_DRAW",
    "Drawing",
    "check_draw",
    "entity_types",
    "said_counts",
    "select_entities",
]

Draw = Literal["facts", "all"]
#: The values of `kg build --draw`: only the entities in a fact, or every entity.
DRAW_CHOICES: tuple[Draw, ...] = ("facts", "all")
DEFAULT_DRAW: Draw = "facts"


def check_draw(draw: str) -> Draw:
    """`draw` if it is one of `DRAW_CHOICES` (checked before a build analyses anything)."""
    if draw not in DRAW_CHOICES:
        raise ConfigError(f"unknown drawing {draw!r}: choose one of {', '.join(DRAW_CHOICES)}")
    return draw


@dataclass(frozen=True)
class Drawing:
    """The entities a drawing shows (IRI → type name, in IRI order) and how many it leaves out."""

    draw: Draw
    nodes: dict[URIRef, str]
    left_out: int

    def summary(self) -> dict[str, object]:
        """What report.json says about the drawing."""
        return {"draw": self.draw, "entities_drawn": len(self.nodes), "entities_not_drawn": self.left_out}


def entity_types(g: Graph) -> dict[URIRef, str]:
    """Every entity of the graph (an IRI with one of the contract's types) → its type name; an
    entity with two types keeps the last in `CLASSES` order, as the drawings always did."""
    types: dict[URIRef, str] = {}
    for name, cls in CLASSES.items():
        for node in g.subjects(RDF.type, cls):
            if isinstance(node, URIRef):
                types[node] = name
    return types


def _in_facts(g: Graph, types: dict[URIRef, str]) -> set[URIRef]:
    """The entities that are the subject or the object of an asserted fact (a statement whose
    truthy triple is in the graph), a quote (bk:said) excepted: it has no other end to draw."""
    found: set[URIRef] = set()
    for st in g.subjects(RDF.type, RDF.Statement):
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        if s is None or p is None or o is None or p == BK.said or (s, p, o) not in g:
            continue
        found.update(node for node in (s, o) if isinstance(node, URIRef) and node in types)
    return found


def said_counts(g: Graph) -> dict[URIRef, int]:
    """How many asserted quotes (bk:said statements with their truthy triple) each speaker has."""
    counts: dict[URIRef, int] = {}
    for st in g.subjects(RDF.predicate, BK.said):
        s, o = g.value(st, RDF.subject), g.value(st, RDF.object)
        if isinstance(s, URIRef) and o is not None and (s, BK.said, o) in g:
            counts[s] = counts.get(s, 0) + 1
    return counts


def select_entities(g: Graph, draw: str = DEFAULT_DRAW) -> Drawing:
    """The entities of `g` that a drawing with `draw` shows (see the module's docstring)."""
    mode = check_draw(draw)
    types = entity_types(g)
    keep = set(types) if mode == "all" else _in_facts(g, types)
    return Drawing(mode, {node: types[node] for node in sorted(keep)}, len(types) - len(keep))
