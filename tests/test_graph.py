import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from kg.extract.link import LinkedEntity, link_entities
from kg.model import Article, DateValue, Entity, Extraction, Fact, Mention
from kg.rdf.graph import article_iri, build_dataset, entity_iri, mention_pairs, statement_iri, union_graph
from kg.vocab import SCHEMA

PUTIN = Entity("person/vladimir-putin", "Person", "Vladimir Putin", qid="Q7747")
PYONGYANG = Entity("city/pyongyang", "City", "Pyongyang", qid="Q18808")
MOSKOW = Entity("city/moskow", "City", "Moskow")  # named by the second article only, in no fact
A1 = Article(
    id="a1",
    text="t1",
    source="satu.txt",
    headline="Putin ke Pyongyang",
    published="2024-06-20T10:30:00+07:00",
    publisher="Contoh",
    content_hash="h1",
)
A2 = Article(id="a2", text="t2", source="dua.txt", headline="Lawatan Putin", content_hash="h2")
DATE = DateValue("2024-06-19", "date", "Rabu (19/6)")


def visit(article: str, evidence: str) -> Fact:
    return Fact(
        "person/vladimir-putin", "visited", "city/pyongyang", article, evidence, "rule:visit.mengunjungi", 0.85, DATE
    )


EXPECTED = """
@prefix bk: <https://w3id.org/berita-kg/ontology#> .
@prefix bkr: <https://w3id.org/berita-kg/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/berita-kg/id/article/a1> a schema:NewsArticle ;
    schema:headline "Putin ke Pyongyang"@id ;
    schema:datePublished "2024-06-20T10:30:00+07:00"^^xsd:dateTime ;
    schema:publisher "Contoh" ;
    bk:sourceFile "satu.txt" ; bk:contentHash "h1" ;
    schema:mentions <https://w3id.org/berita-kg/id/person/vladimir-putin>, <https://w3id.org/berita-kg/id/city/pyongyang> .
<https://w3id.org/berita-kg/id/article/a2> a schema:NewsArticle ;
    schema:headline "Lawatan Putin"@id ;
    bk:sourceFile "dua.txt" ; bk:contentHash "h2" ;
    schema:mentions <https://w3id.org/berita-kg/id/person/vladimir-putin>, <https://w3id.org/berita-kg/id/city/pyongyang>,
        <https://w3id.org/berita-kg/id/city/moskow> .
<https://w3id.org/berita-kg/id/city/moskow> a schema:City ;
    rdfs:label "Moskow"@id ; skos:prefLabel "Moskow"@id .
<https://w3id.org/berita-kg/id/person/vladimir-putin> a schema:Person ;
    rdfs:label "Vladimir Putin"@id ; skos:prefLabel "Vladimir Putin"@id ;
    skos:altLabel "Putin"@id ; owl:sameAs <http://www.wikidata.org/entity/Q7747> ;
    bk:visited <https://w3id.org/berita-kg/id/city/pyongyang> .
<https://w3id.org/berita-kg/id/city/pyongyang> a schema:City ;
    rdfs:label "Pyongyang"@id ; skos:prefLabel "Pyongyang"@id ;
    owl:sameAs <http://www.wikidata.org/entity/Q18808> .
<https://w3id.org/berita-kg/id/statement/STMT> a rdf:Statement ;
    rdf:subject <https://w3id.org/berita-kg/id/person/vladimir-putin> ;
    rdf:predicate bk:visited ;
    rdf:object <https://w3id.org/berita-kg/id/city/pyongyang> ;
    bk:date "2024-06-19"^^xsd:date ;
    bk:dateText "Rabu (19/6)"@id ;
    prov:wasDerivedFrom <https://w3id.org/berita-kg/id/article/a1>, <https://w3id.org/berita-kg/id/article/a2> ;
    bk:evidence "Putin mengunjungi Pyongyang pada Rabu (19/6)."@id, "Putin tiba di Pyongyang Rabu (19/6)."@id ;
    bk:extractor "rule:visit.mengunjungi" ;
    bk:sourceCount 2 ;
    bk:confidence "0.85"^^xsd:decimal .
"""


def _extractions() -> list[Extraction]:
    return [
        Extraction(
            A1,
            (Mention(PUTIN, "Vladimir Putin", 0, 14), Mention(PYONGYANG, "Pyongyang", 30, 39)),
            (visit("a1", "Putin mengunjungi Pyongyang pada Rabu (19/6)."),),
        ),
        Extraction(
            A2,
            (
                Mention(PUTIN, "Putin", 0, 5),
                Mention(PYONGYANG, "Pyongyang", 10, 19),
                Mention(MOSKOW, "Moskow", 40, 46),
                Mention(PUTIN, "Putin", 50, 55),  # named twice: still one triple
            ),
            (visit("a2", "Putin tiba di Pyongyang Rabu (19/6)."),),
        ),
    ]


def _dataset() -> Dataset:
    extractions = _extractions()
    entities = link_entities(extractions)
    facts = [f for ex in extractions for f in ex.facts]
    return build_dataset([A1, A2], facts, entities, mentions=mention_pairs(extractions))


def test_same_fact_from_two_articles_is_one_statement_with_two_sources():
    stmt = statement_iri(visit("a1", "x")).rsplit("/", 1)[1]
    expected = Graph().parse(data=EXPECTED.replace("STMT", stmt), format="turtle")
    assert isomorphic(union_graph(_dataset()), expected)


@pytest.mark.parametrize(
    ("article", "entity", "mentioned"),
    [
        ("a1", PUTIN, True),
        ("a1", PYONGYANG, True),
        ("a1", MOSKOW, False),
        ("a2", PUTIN, True),
        ("a2", PYONGYANG, True),
        ("a2", MOSKOW, True),
    ],
)
def test_each_article_mentions_the_entities_it_names_in_its_own_graph(article, entity, mentioned):
    ds = _dataset()
    triple = (article_iri(article), SCHEMA.mentions, entity_iri(entity.key))
    assert (triple in ds.graph(article_iri(article))) is mentioned
    assert triple not in ds.default_graph
    other = article_iri("a2" if article == "a1" else "a1")
    assert triple not in ds.graph(other)


def test_one_mentions_triple_per_article_and_entity():
    pairs = mention_pairs(_extractions())
    assert pairs == sorted(set(pairs)) and len(pairs) == 5
    mentions = list(union_graph(_dataset()).triples((None, SCHEMA.mentions, None)))
    assert len(mentions) == len(pairs)


def test_named_graph_per_article_holds_what_that_article_states():
    ds = _dataset()
    g1 = ds.graph(article_iri("a1"))
    assert (None, None, Literal("Putin tiba di Pyongyang Rabu (19/6).", lang="id")) not in g1
    assert (None, None, Literal("Putin mengunjungi Pyongyang pada Rabu (19/6).", lang="id")) in g1


def test_statement_iri_depends_on_content_not_on_article():
    assert statement_iri(visit("a1", "x")) == statement_iri(visit("a2", "y"))
    undated = Fact("person/vladimir-putin", "visited", "city/pyongyang", "a1", "x", "r", 0.5)
    assert statement_iri(undated) != statement_iri(visit("a1", "x"))


def test_alleged_fact_has_statement_but_no_truthy_triple():
    alleged = Fact(
        "country/korea-utara", "sentTroopsTo", "country/rusia", "a1", "AS menuduh ...", "r", 0.6, modality="alleged"
    )
    entities = {k: LinkedEntity(Entity(k, "Country", k), (), 1) for k in ("country/korea-utara", "country/rusia")}
    g = union_graph(build_dataset([A1], [alleged], entities))
    from kg.vocab import BK, BKR

    assert (BKR["country/korea-utara"], BK.sentTroopsTo, BKR["country/rusia"]) not in g
    assert (statement_iri(alleged), BK.modality, Literal("alleged")) in g


def test_link_collects_surface_forms_as_alt_labels():
    ex = Extraction(
        A1, (Mention(PUTIN, "Putin", 0, 5), Mention(PUTIN, "Vladimir  Putin", 9, 24), Mention(PUTIN, "Putin", 30, 35))
    )
    linked = link_entities([ex])
    assert linked["person/vladimir-putin"].alt_labels == ("Putin",)
    assert linked["person/vladimir-putin"].mentions == 3


def test_the_date_of_a_report_is_reported_on_not_date():
    reported = DateValue("2024-12-27", "date", "Jumat (27 Desember)")
    fact = Fact("person/vladimir-putin", "sentMessageTo", "city/pyongyang", "a1", "…", "r", 0.8, reported=reported)
    entities = {PUTIN.key: LinkedEntity(PUTIN, (), 1), PYONGYANG.key: LinkedEntity(PYONGYANG, (), 1)}
    g = union_graph(build_dataset([A1], [fact], entities))
    from kg.vocab import BK

    st = statement_iri(fact)
    assert g.value(st, BK.reportedOn) == Literal("2024-12-27", datatype=XSD.date)
    assert g.value(st, BK.date) is None
