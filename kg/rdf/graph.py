"""The RDF graph: entities, facts, statements with time, source and evidence, and articles.

Builds an rdflib `Dataset` following ../shared/spec/graph-contract.md: one named graph per
article (the graph name is the article's IRI) holding the article's metadata, a `schema:mentions`
link to every entity it names (so that no entity stands alone), the truthy facts it states and
its statements' evidence; the default graph holds what belongs to no single article (entity
names and types, `bk:sourceCount`, the best confidence of each statement).
Every IRI is derived from content (keys, hashes), never from run order.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.paths import Path

from ..model import Article, DateValue, Extraction, Fact
from ..types import CLASSES
from ..vocab import BK, BKR, PREFIXES, SCHEMA, WD

if TYPE_CHECKING:
    from ..extract.conflicts import Conflict
    from ..extract.link import LinkedEntity

__all__ = [
    "CLASSES",
    "as_union",
    "article_iri",
    "entity_iri",
    "statement_iri",
    "fact_object",
    "build_dataset",
    "mention_pairs",
    "union_graph",
    "union_view",
    "UnionView",
    "bind_prefixes",
]

DATATYPES = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear, "gMonth": XSD.gMonth}


def article_iri(article_id: str) -> URIRef:
    return BKR[f"article/{article_id}"]


def entity_iri(key: str) -> URIRef:
    return BKR[key]


def _date_key(date: DateValue | None) -> str:
    if date is None:
        return ""
    return f"{date.value}^^{date.datatype}" + (f"/{date.end}" if date.end else "")


def _object_key(fact: Fact) -> str:
    """The object's part of a statement's identity: a date value, what was said (bk:said, whose
    `object` is empty: two quotes of one speaker are two statements), else the entity key."""
    if fact.value:
        return f"value:{_date_key(fact.value)}"
    if fact.predicate == "said":
        return f"quote:{fact.quote}"
    return fact.object


def statement_iri(fact: Fact) -> URIRef:
    """One statement per distinct (subject, predicate, object, date[, modality]); a bk:said
    statement's object is its quote, a bk:relatedTo statement's identity includes its verb
    ("melaporkan" and "menggugat" between one pair are two links). Facts of every other property
    hash exactly as before contract version 2, so their IRIs do not change."""
    parts = [fact.subject, fact.predicate, _object_key(fact), _date_key(fact.date)]
    if fact.predicate == "relatedTo" and fact.verb:
        parts.append(f"verb:{fact.verb}")
    if fact.modality != "asserted":
        parts.append(fact.modality)
    if fact.former:
        parts.append("former")
    return BKR[f"statement/{hashlib.sha256('|'.join(parts).encode()).hexdigest()[:16]}"]


def date_literal(date: DateValue) -> Literal:
    return Literal(date.value, datatype=DATATYPES[date.datatype])


_ZONE = re.compile(r"(Z|[+-]\d{2}:\d{2})$")


def _published_literal(value: str) -> Literal:
    """A dateTime with its time zone; without one the time is ambiguous, so only the day."""
    if "T" in value and _ZONE.search(value):
        return Literal(value, datatype=XSD.dateTime)
    return Literal(value[:10], datatype=XSD.date)


GraphT = TypeVar("GraphT", bound=Graph)


def bind_prefixes(graph: GraphT) -> GraphT:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def _add_article(g: Graph, article: Article, duplicate_of: str | None) -> None:
    a = article_iri(article.id)
    g.add((a, RDF.type, SCHEMA.NewsArticle))
    if article.headline:
        g.add((a, SCHEMA.headline, Literal(article.headline, lang="id")))
    if article.published:
        g.add((a, SCHEMA.datePublished, _published_literal(article.published)))
    if article.publisher:
        g.add((a, SCHEMA.publisher, Literal(article.publisher)))
    if article.url:
        g.add((a, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    g.add((a, BK.sourceFile, Literal(article.shown)))
    g.add((a, BK.contentHash, Literal(article.content_hash)))
    if duplicate_of:
        g.add((a, BK.duplicateOf, article_iri(duplicate_of)))


def _add_entity(g: Graph, linked: LinkedEntity) -> None:
    e = linked.entity
    node = entity_iri(e.key)
    g.add((node, RDF.type, CLASSES[e.type]))
    g.add((node, RDFS.label, Literal(e.label, lang="id")))
    g.add((node, SKOS.prefLabel, Literal(e.label, lang="id")))
    if e.label_en:
        g.add((node, SKOS.prefLabel, Literal(e.label_en, lang="en")))
        g.add((node, RDFS.label, Literal(e.label_en, lang="en")))
    for alt in linked.alt_labels:
        g.add((node, SKOS.altLabel, Literal(alt, lang="id")))
    if e.qid:
        g.add((node, OWL.sameAs, WD[e.qid]))


def fact_object(fact: Fact) -> URIRef | Literal:
    """A fact's object in RDF: a date literal (bk:signedOn …), what was said as an @id literal
    (bk:said), else the entity's IRI."""
    if fact.value:
        return date_literal(fact.value)
    if fact.predicate == "said":
        return Literal(fact.quote, lang="id")
    return entity_iri(fact.object)


def _add_details(g: Graph, st: URIRef, fact: Fact) -> None:
    """The statement properties of contract version 2 that the fact carries: bk:quoteType and one
    bk:about per entity (bk:said), bk:penalty (bk:sentenced), bk:verb (bk:relatedTo)."""
    if fact.quote_type:
        g.add((st, BK.quoteType, Literal(fact.quote_type)))
    for key in fact.about:
        g.add((st, BK.about, entity_iri(key)))
    if fact.penalty:
        g.add((st, BK.penalty, Literal(fact.penalty, lang="id")))
    if fact.verb:
        g.add((st, BK.verb, Literal(fact.verb, lang="id")))


def _add_fact(g: Graph, fact: Fact) -> URIRef:
    s, p = entity_iri(fact.subject), BK[fact.predicate]
    o = fact_object(fact)
    st = statement_iri(fact)
    if fact.modality == "asserted" and not fact.former:
        g.add((s, p, o))
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    if fact.date:
        g.add((st, BK.date, date_literal(fact.date)))
        g.add((st, BK.dateText, Literal(fact.date.text, lang="id")))
        if fact.date.end:
            g.add((st, BK.endDate, Literal(fact.date.end, datatype=XSD.date)))
    if fact.reported and not fact.date:
        g.add((st, BK.reportedOn, date_literal(fact.reported)))
    if fact.modality != "asserted":
        g.add((st, BK.modality, Literal(fact.modality)))
    if fact.role:
        g.add((st, BK.roleTitle, Literal(fact.role, lang="id")))
    if fact.former:
        g.add((st, BK.former, Literal(True)))
    _add_details(g, st, fact)
    g.add((st, PROV.wasDerivedFrom, article_iri(fact.article_id)))
    g.add((st, BK.evidence, Literal(fact.evidence, lang="id")))
    g.add((st, BK.extractor, Literal(fact.extractor)))
    return st


def mention_pairs(extractions: Iterable[Extraction]) -> list[tuple[str, str]]:
    """(article id, entity key) for every entity each extraction names, once a pair, sorted."""
    return sorted({(ex.article.id, m.entity.key) for ex in extractions for m in ex.mentions})


def build_dataset(
    articles: Iterable[Article],
    facts: Iterable[Fact],
    entities: Mapping[str, LinkedEntity],
    duplicates: Mapping[str, str] | None = None,
    conflicts: Iterable[Conflict] = (),
    mentions: Iterable[tuple[str, str]] = (),
) -> Dataset:
    """The whole build as a Dataset: a named graph per article plus the shared default graph.
    `mentions` are (article id, entity key) pairs: each is one `schema:mentions` triple in the
    article's graph. Conflicting statements are linked both ways with `bk:conflictsWith`."""
    duplicates = duplicates or {}
    ds = bind_prefixes(Dataset())
    default = ds.default_graph
    for article in articles:
        _add_article(ds.graph(article_iri(article.id)), article, duplicates.get(article.id))
    for article_id, key in mentions:
        ds.graph(article_iri(article_id)).add((article_iri(article_id), SCHEMA.mentions, entity_iri(key)))
    sources: dict[URIRef, set[str]] = defaultdict(set)
    confidence: dict[URIRef, float] = {}
    for fact in facts:
        st = _add_fact(ds.graph(article_iri(fact.article_id)), fact)
        sources[st].add(fact.article_id)
        confidence[st] = max(confidence.get(st, 0.0), fact.confidence)
    for linked in entities.values():
        _add_entity(default, linked)
    for c in conflicts:
        a, b = (URIRef(x) for x in c.statements)
        default.add((a, BK.conflictsWith, b))
        default.add((b, BK.conflictsWith, a))
    for st, ids in sources.items():
        default.add((st, BK.sourceCount, Literal(len(ids))))
        default.add((st, BK.confidence, Literal(f"{confidence[st]:.2f}", datatype=XSD.decimal)))
    return ds


def union_graph(ds: Dataset) -> Graph:
    """Every triple of every graph of the dataset in one graph (what graph.ttl holds)."""
    g = bind_prefixes(Graph())
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


class UnionView(Graph):
    """Every triple of every graph of a dataset, read through the dataset's own store: a view,
    not a copy. rdflib's in-memory store indexes each triple once, with the set of graphs that
    hold it, so asking it with no graph gives the union, each triple once; at 55k articles the
    copy `union_graph` makes cost 490 MB. Read-only: add to the dataset instead."""

    def __init__(self, ds: Dataset) -> None:
        super().__init__(store=ds.store, namespace_manager=bind_prefixes(Graph()).namespace_manager)

    def triples(self, triple: Any, /) -> Iterator[Any]:  # type: ignore[override]
        s, p, o = triple
        if isinstance(p, Path):
            yield from super().triples(triple)  # property paths walk back through this method
            return
        for t, _ in self.store.triples((s, p, o), context=None):
            yield t

    def triples_choices(self, triple: Any, context: Any = None) -> Iterator[Any]:  # type: ignore[override]
        for t, _ in self.store.triples_choices(triple, context=None):
            yield t

    def __len__(self) -> int:
        return self.store.__len__(context=None)  # type: ignore[call-arg]

    def add(self, triple: Any) -> Any:
        raise TypeError("a union view is read-only: add the triple to one of the dataset's graphs")

    def addN(self, quads: Any) -> Any:
        raise TypeError("a union view is read-only: add the quads to the dataset")

    def remove(self, triple: Any) -> Any:
        raise TypeError("a union view is read-only: remove the triple from the dataset's graphs")


def union_view(ds: Dataset) -> Graph:
    """The union of the dataset's graphs as a read-only view (see `UnionView`)."""
    return UnionView(ds)


def as_union(data: Dataset | Graph) -> Graph:
    """`data` itself if it is a plain graph (a build's union, made once), else its union."""
    return union_view(data) if isinstance(data, Dataset) else data
