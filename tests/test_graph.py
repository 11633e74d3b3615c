from dataclasses import replace

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from kg.extract.link import LinkedEntity, link_entities
from kg.model import Article, DateValue, Entity, Extraction, Fact, Mention
from kg.rdf.graph import (
    article_iri,
    build_dataset,
    entity_iri,
    mention_pairs,
    statement_iri,
    union_graph,
    union_view,
)
from kg.vocab import BKR, SCHEMA

# not `XSD` at module level: pytest looks for fixtures in every module global, and rdflib's XSD
# namespace warns on the attribute pytest asks it for (`_mock_name`)
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

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
    assert g.value(st, BK.reportedOn) == Literal("2024-12-27", datatype=XSD_DATE)
    assert g.value(st, BK.date) is None


# --- contract version 2: said, its quote and what it is about; penalty; verb -------------------

JOKOWI, KPK, BUDI, PN = "person/joko-widodo", "organization/kpk", "person/budi-santoso", "organization/pn-jakarta-pusat"
QUOTE = "KPK harus menuntaskan kasus Budi Santoso"
SAID = Fact(
    JOKOWI,
    "said",
    "",
    "a1",
    f'"{QUOTE}," kata Jokowi, Kamis (2/5).',
    "rule:said.kata",
    0.7,
    DateValue("2024-05-02", "date", "Kamis (2/5)"),
    quote=QUOTE,
    quote_type="direct",
    about=(KPK, BUDI),
)
HEAD = """
@prefix bk: <https://w3id.org/berita-kg/ontology#> .
@prefix bkr: <https://w3id.org/berita-kg/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
V2_CASES = {
    "said: the quote is the object, with its type and one bk:about per entity": (
        SAID,
        """
<https://w3id.org/berita-kg/id/person/joko-widodo> bk:said "KPK harus menuntaskan kasus Budi Santoso"@id .
<STMT> a rdf:Statement ;
    rdf:subject <https://w3id.org/berita-kg/id/person/joko-widodo> ; rdf:predicate bk:said ;
    rdf:object "KPK harus menuntaskan kasus Budi Santoso"@id ;
    bk:quoteType "direct" ;
    bk:about <https://w3id.org/berita-kg/id/organization/kpk>, <https://w3id.org/berita-kg/id/person/budi-santoso> ;
    bk:date "2024-05-02"^^xsd:date ; bk:dateText "Kamis (2/5)"@id ;
    prov:wasDerivedFrom <https://w3id.org/berita-kg/id/article/a1> ;
    bk:evidence "\\"KPK harus menuntaskan kasus Budi Santoso,\\" kata Jokowi, Kamis (2/5)."@id ;
    bk:extractor "rule:said.kata" ; bk:sourceCount 1 ; bk:confidence "0.70"^^xsd:decimal .
""",
    ),
    "said, alleged and indirect, about nothing named: a statement and no truthy triple": (
        Fact(
            JOKOWI,
            "said",
            "",
            "a1",
            "e",
            "rule:said.menurut",
            0.6,
            modality="alleged",
            quote="x",
            quote_type="indirect",
        ),
        """
<STMT> a rdf:Statement ;
    rdf:subject <https://w3id.org/berita-kg/id/person/joko-widodo> ; rdf:predicate bk:said ; rdf:object "x"@id ;
    bk:quoteType "indirect" ; bk:modality "alleged" ;
    prov:wasDerivedFrom <https://w3id.org/berita-kg/id/article/a1> ;
    bk:evidence "e"@id ; bk:extractor "rule:said.menurut" ; bk:sourceCount 1 ; bk:confidence "0.60"^^xsd:decimal .
""",
    ),
    "sentenced: the penalty on the statement": (
        Fact(PN, "sentenced", BUDI, "a1", "e", "rule:sentenced.memvonis", 0.8, penalty="5 tahun penjara"),
        """
<https://w3id.org/berita-kg/id/organization/pn-jakarta-pusat> bk:sentenced <https://w3id.org/berita-kg/id/person/budi-santoso> .
<STMT> a rdf:Statement ;
    rdf:subject <https://w3id.org/berita-kg/id/organization/pn-jakarta-pusat> ; rdf:predicate bk:sentenced ;
    rdf:object <https://w3id.org/berita-kg/id/person/budi-santoso> ;
    bk:penalty "5 tahun penjara"@id ;
    prov:wasDerivedFrom <https://w3id.org/berita-kg/id/article/a1> ;
    bk:evidence "e"@id ; bk:extractor "rule:sentenced.memvonis" ; bk:sourceCount 1 ; bk:confidence "0.80"^^xsd:decimal .
""",
    ),
    "relatedTo: a truthy triple like any fact, and the verb on the statement": (
        Fact(BUDI, "relatedTo", KPK, "a1", "e", "rule:related", 0.4, verb="melaporkan"),
        """
<https://w3id.org/berita-kg/id/person/budi-santoso> bk:relatedTo <https://w3id.org/berita-kg/id/organization/kpk> .
<STMT> a rdf:Statement ;
    rdf:subject <https://w3id.org/berita-kg/id/person/budi-santoso> ; rdf:predicate bk:relatedTo ;
    rdf:object <https://w3id.org/berita-kg/id/organization/kpk> ;
    bk:verb "melaporkan"@id ;
    prov:wasDerivedFrom <https://w3id.org/berita-kg/id/article/a1> ;
    bk:evidence "e"@id ; bk:extractor "rule:related" ; bk:sourceCount 1 ; bk:confidence "0.40"^^xsd:decimal .
""",
    ),
    "appointed: the office given as bk:roleTitle": (
        Fact(JOKOWI, "appointed", BUDI, "a1", "e", "rule:appointed.melantik", 0.8, role="Menteri Perdagangan"),
        """
<https://w3id.org/berita-kg/id/person/joko-widodo> bk:appointed <https://w3id.org/berita-kg/id/person/budi-santoso> .
<STMT> a rdf:Statement ;
    rdf:subject <https://w3id.org/berita-kg/id/person/joko-widodo> ; rdf:predicate bk:appointed ;
    rdf:object <https://w3id.org/berita-kg/id/person/budi-santoso> ;
    bk:roleTitle "Menteri Perdagangan"@id ;
    prov:wasDerivedFrom <https://w3id.org/berita-kg/id/article/a1> ;
    bk:evidence "e"@id ; bk:extractor "rule:appointed.melantik" ; bk:sourceCount 1 ; bk:confidence "0.80"^^xsd:decimal .
""",
    ),
}


def _fact_triples(fact: Fact) -> Graph:
    """What a fact adds to the graph: its statement's triples and its truthy triple, if any."""
    g = union_graph(build_dataset([A1], [fact], {}))
    st = statement_iri(fact)
    out = Graph()
    for t in (*g.triples((st, None, None)), *g.triples((entity_iri(fact.subject), None, None))):
        out.add(t)
    return out


@pytest.mark.parametrize(("fact", "expected"), list(V2_CASES.values()), ids=list(V2_CASES))
def test_the_statements_of_contract_version_2(fact, expected):
    want = Graph().parse(data=HEAD + expected.replace("STMT", str(statement_iri(fact))), format="turtle")
    assert isomorphic(_fact_triples(fact), want)


@pytest.mark.parametrize(
    ("fact", "iri"),
    [
        (visit("a1", "x"), "93f1dac04ca23348"),
        (Fact("person/vladimir-putin", "visited", "city/pyongyang", "a1", "x", "r", 0.85), "d1f6459d6b7b60e2"),
        (
            Fact("country/korea-utara", "sentTroopsTo", "country/rusia", "a", "x", "r", 0.6, modality="alleged"),
            "f56788b57af53750",
        ),
        (
            Fact(
                "person/sri-mulyani",
                "leaderOf",
                "organization/kementerian-keuangan",
                "a",
                "x",
                "r",
                0.8,
                role="Menteri Keuangan",
                former=True,
            ),
            "2e4c7af6b1e25ace",
        ),
        (
            Fact("treaty/x", "signedOn", "", "a", "x", "r", 0.8, value=DateValue("2024-06", "gYearMonth", "Juni 2024")),
            "303d3103d86a4a23",
        ),
        # a version 2 property other than said and relatedTo hashes as version 1 did: the penalty is no part of it
        (Fact(PN, "sentenced", BUDI, "a", "x", "r", 0.8, DATE, penalty="5 tahun penjara"), "790588c0475fa5bc"),
    ],
)
def test_statement_iris_of_other_facts_are_what_they_were_before_contract_version_2(fact, iri):
    """Hashes computed with the code before said's quote entered the hash (the same input must
    keep giving the same IRIs)."""
    assert statement_iri(fact) == BKR[f"statement/{iri}"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (SAID, replace(SAID, quote="Kasus itu sudah selesai"), False),  # two things one person said
        (SAID, replace(SAID, article_id="a2", evidence="other"), True),  # one quote in two articles
        (SAID, replace(SAID, about=(KPK,), quote_type="indirect"), True),  # the quote is the object: not its type
        (
            Fact(BUDI, "relatedTo", KPK, "a1", "e", "r", 0.4, verb="melaporkan"),
            Fact(BUDI, "relatedTo", KPK, "a1", "e", "r", 0.4, verb="menggugat"),
            False,
        ),  # two links between one pair
        (
            Fact(PN, "sentenced", BUDI, "a1", "e", "r", 0.8, penalty="5 tahun penjara"),
            Fact(PN, "sentenced", BUDI, "a2", "e", "r", 0.8, penalty="lima tahun penjara"),
            True,
        ),  # one sentence, its penalty written two ways
    ],
)
def test_which_statements_are_one(a, b, same):
    assert (statement_iri(a) == statement_iri(b)) is same


# --- a small build of contract version 2 facts, shared by the validation, export and query tests

PARTAI, DPR, G20, PPATK, BOGOR = (
    "organization/partai-nusantara",
    "organization/dpr",
    "event/ktt-g20",
    "organization/ppatk",
    "city/bogor",
)
V2_ENTITIES = (
    Entity(JOKOWI, "Person", "Joko Widodo"),
    Entity(KPK, "Organization", "Komisi Pemberantasan Korupsi"),
    Entity(BUDI, "Person", "Budi Santoso"),
    Entity(PN, "Organization", "Pengadilan Negeri Jakarta Pusat"),
    Entity(PARTAI, "Organization", "Partai Nusantara"),
    Entity(DPR, "Organization", "Dewan Perwakilan Rakyat"),
    Entity(G20, "Event", "KTT G20"),
    Entity(PPATK, "Organization", "PPATK"),
    Entity(BOGOR, "City", "Bogor"),  # named, in no fact
)
V2_ARTICLE = Article(
    id="v2",
    text="(the text)",
    source="v2.txt",
    headline="KPK menahan Budi Santoso",
    published="2024-05-02T10:00:00+07:00",
    content_hash="0" * 64,
)


def _date(value: str) -> DateValue:
    return DateValue(value, {10: "date", 7: "gYearMonth", 4: "gYear"}[len(value)], value)


def v2_facts(aid: str = "v2") -> list[Fact]:
    """One of each kind of contract version 2 fact (and two roles of version 1), from article `aid`."""

    def f(s: str, p: str, o: str, date: str = "", **kw: object) -> Fact:
        return Fact(s, p, o, aid, f"{s} {p} {o}", f"rule:{p}", 0.8, _date(date) if date else None, **kw)

    return [
        replace(SAID, article_id=aid),
        f(JOKOWI, "said", "", "2024-05-03", quote="Kasus itu harus tuntas", quote_type="indirect", about=(BUDI,)),
        f(KPK, "namedSuspect", BUDI, "2024-04-20"),
        f(KPK, "arrested", BUDI, "2024-05-01"),
        f(KPK, "charged", BUDI, "2024-07-01"),
        f(PN, "sentenced", BUDI, "2024-09-10", penalty="5 tahun penjara"),
        f(JOKOWI, "appointed", BUDI, "2023-06-15", role="Menteri Perdagangan"),
        f(JOKOWI, "dismissed", BUDI, "2024-04-30", role="Menteri Perdagangan"),
        f(BUDI, "leaderOf", PARTAI, role="Ketua Umum", former=True),
        f(BUDI, "affiliatedWith", PARTAI, role="Anggota Dewan Pembina"),
        f(BUDI, "elected", DPR, "2019", role="Anggota DPR"),
        f(BUDI, "resignedFrom", PARTAI, "2024-05"),
        f(BUDI, "relatedTo", KPK, verb="melaporkan"),
        f(JOKOWI, "attended", G20),
        f(KPK, "cooperatedWith", PPATK),
        f(PPATK, "cooperatedWith", KPK),
    ]


def v2_mentions() -> tuple[Mention, ...]:
    return tuple(Mention(e, e.label, i * 10, i * 10 + 5) for i, e in enumerate(V2_ENTITIES))


def v2_dataset() -> Dataset:
    """The graph of `v2_facts` in one article, as a build makes it."""
    ex = Extraction(V2_ARTICLE, v2_mentions(), tuple(v2_facts()))
    return build_dataset([V2_ARTICLE], ex.facts, link_entities([ex]), mentions=mention_pairs([ex]))


def test_the_version_2_build_has_a_statement_per_fact_and_no_entity_object_for_said():
    g = union_graph(v2_dataset())
    from kg.vocab import BK

    assert len(set(g.subjects(RDF.type, RDF.Statement))) == len(v2_facts())
    assert sorted(str(o) for o in g.objects(entity_iri(JOKOWI), BK.said)) == [
        "KPK harus menuntaskan kasus Budi Santoso",
        "Kasus itu harus tuntas",
    ]
    assert not list(g.triples((None, None, BKR[""])))  # no IRI made of an empty key


# --- the union as a view of the dataset (no copy) -------------------------------------------------


@pytest.mark.parametrize("make", [_dataset, v2_dataset], ids=["two-articles", "contract-v2"])
def test_the_union_view_holds_what_the_union_copy_holds(make):
    ds = make()
    view, copy = union_view(ds), union_graph(ds)
    assert len(view) == len(copy) == len(set(view))
    assert set(view) == set(copy)
    assert isomorphic(view, copy)
    # the ways rdflib and the writers read a graph: patterns, choices, SPARQL with a path
    assert set(view.triples((None, RDF.type, None))) == set(copy.triples((None, RDF.type, None)))
    choices = (None, [RDF.type, RDFS.label], None)
    assert set(view.triples_choices(choices)) == set(copy.triples_choices(choices))
    q = "SELECT ?s ?o WHERE { ?s (rdf:subject|rdf:object)/rdfs:label ?o }"
    assert set(view.query(q)) == set(copy.query(q))
    assert view.serialize(format="turtle") == copy.serialize(format="turtle")


def test_the_union_view_is_read_only_and_follows_the_dataset():
    ds = _dataset()
    view = union_view(ds)
    triple = (entity_iri("person/budi-santoso"), RDF.type, SCHEMA.Person)
    with pytest.raises(TypeError, match="read-only"):
        view.add(triple)
    ds.graph(article_iri("a1")).add(triple)
    assert triple in view
