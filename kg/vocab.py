"""The project's RDF vocabulary: one place for every term the graphs use.

`BK` mirrors ontology/berita-kg.ttl (a test checks that the two agree), so a typo in a
property name fails at import time instead of producing a silently wrong graph.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = ["BK", "BKR", "SCHEMA", "WD", "PROV", "RDF", "RDFS", "SKOS", "XSD", "OWL", "PREFIXES"]


class BK(DefinedNamespace):
    """Berita KG ontology terms (https://w3id.org/berita-kg/ontology#)."""

    _NS = Namespace("https://w3id.org/berita-kg/ontology#")
    _fail = True

    # classes
    Treaty: URIRef
    Event: URIRef

    # facts between entities (the graph contract's required properties)
    visited: URIRef
    metWith: URIRef
    sentMessageTo: URIRef
    signed: URIRef
    signedOn: URIRef
    enteredIntoForceOn: URIRef
    leaderOf: URIRef
    supports: URIRef
    recognized: URIRef
    invaded: URIRef
    accused: URIRef
    invited: URIRef
    thanked: URIRef
    sentTroopsTo: URIRef
    opposedSanctionsOn: URIRef
    locatedIn: URIRef
    affiliatedWith: URIRef

    # facts of contract version 2 (everyday Indonesian news)
    said: URIRef
    arrested: URIRef
    namedSuspect: URIRef
    charged: URIRef
    sentenced: URIRef
    appointed: URIRef
    elected: URIRef
    resignedFrom: URIRef
    dismissed: URIRef
    criticized: URIRef
    praised: URIRef
    requested: URIRef
    rejected: URIRef
    threatened: URIRef
    protestedAgainst: URIRef
    sanctioned: URIRef
    gaveAidTo: URIRef
    attacked: URIRef
    cooperatedWith: URIRef
    attended: URIRef
    relatedTo: URIRef

    # statements
    date: URIRef
    endDate: URIRef
    dateText: URIRef
    reportedOn: URIRef
    evidence: URIRef
    confidence: URIRef
    extractor: URIRef
    modality: URIRef
    roleTitle: URIRef
    former: URIRef
    sourceCount: URIRef
    conflictsWith: URIRef
    quoteType: URIRef
    about: URIRef
    penalty: URIRef
    verb: URIRef

    # articles
    sourceFile: URIRef
    contentHash: URIRef
    duplicateOf: URIRef


BKR = Namespace("https://w3id.org/berita-kg/id/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

#: Prefixes bound in every serialized graph, in a fixed order.
PREFIXES: dict[str, Namespace | type[DefinedNamespace] | str] = {
    "bk": str(BK),
    "bkr": BKR,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "wd": WD,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}
