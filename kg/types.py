"""The entity types: one row each, the single place every table of types derives from.

A type's row gives its name (the label on `doc.ents` and the first part of an entity's key,
"person/…"), the coarse label of the statistical recognizers (PER, LOC, ORG; none for types they
do not learn), its RDF class, its colour in graph.html and its rank when one unknown name was
typed two ways (the lower wins). Adding a type is adding a row here and its class to the ontology.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from .vocab import BK, SCHEMA

__all__ = ["EntityType", "TYPES", "LABELS", "CLASSES", "COARSE_OF", "FINE_OF", "COLORS", "TYPE_ORDER", "COARSE_LABELS"]


@dataclass(frozen=True)
class EntityType:
    """One entity type (see the module's docstring)."""

    name: str
    coarse: str | None  # the recognizers' label (PER, LOC, ORG), None when they have none
    rdf_class: URIRef
    color: str  # graph.html's node colour
    rank: int  # tie-break between two readings of one unknown name: the more specific, lower
    generic: bool = False  # the type a bare recognizer label (`coarse`) gives before rules refine it


#: In the order of graph.html's legend and of type look-ups in a graph.
TYPES: tuple[EntityType, ...] = (
    EntityType("Person", "PER", SCHEMA.Person, "#e4572e", rank=0, generic=True),
    EntityType("Country", "LOC", SCHEMA.Country, "#29335c", rank=2),
    EntityType("City", "LOC", SCHEMA.City, "#669bbc", rank=3),
    EntityType("Place", "LOC", SCHEMA.Place, "#a8c686", rank=4, generic=True),
    EntityType("Organization", "ORG", SCHEMA.Organization, "#f3a712", rank=1, generic=True),
    EntityType("Treaty", None, BK.Treaty, "#8e44ad", rank=5),
    EntityType("Event", None, BK.Event, "#7f8c8d", rank=6),
)

#: Type names, in `TYPES` order.
LABELS: tuple[str, ...] = tuple(t.name for t in TYPES)
#: Type name → RDF class.
CLASSES: dict[str, URIRef] = {t.name: t.rdf_class for t in TYPES}
#: Type name → the recognizers' coarse label (types the recognizers learn).
COARSE_OF: dict[str, str] = {t.name: t.coarse for t in TYPES if t.coarse}
#: Coarse label → the type it gives on its own ("LOC" → Place until a rule or the gazetteer says more).
FINE_OF: dict[str, str] = {t.coarse: t.name for t in TYPES if t.coarse and t.generic}
#: The recognizers' labels, sorted.
COARSE_LABELS: tuple[str, ...] = tuple(sorted(set(COARSE_OF.values())))
#: Type name → graph.html colour.
COLORS: dict[str, str] = {t.name: t.color for t in TYPES}
#: Type names from the most to the least specific reading.
TYPE_ORDER: tuple[str, ...] = tuple(t.name for t in sorted(TYPES, key=lambda t: t.rank))
