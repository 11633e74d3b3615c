"""The analysis graph (kg.export.network) and the exports beside the contract's files: nq, graphml, csv."""

import csv
import io
import json
import shutil
import subprocess

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from kg.errors import ConfigError
from kg.export.network import to_graphml, to_networkx
from kg.extract.link import LinkedEntity
from kg.model import Article, DateValue, Entity, Fact
from kg.rdf.graph import article_iri, build_dataset, entity_iri, union_graph
from kg.rdf.validate import validate

ARTICLE = Article(id="d1", text="…", source="satu.txt", headline="Uji gambar", content_hash="0" * 64)
#: entity key → whether `--draw facts` draws it: the ends of an asserted fact, a treaty with a date
#: fact, but not an entity only in an alleged statement nor one the article only names
DRAWN_BY_DEFAULT = {
    "person/ada": True,
    "city/bandung": True,
    "treaty/pakta-uji": True,
    "person/cici": False,
    "city/dili": False,
}


def lone_entity_graph() -> Graph:
    """A one-article build: every entity above is mentioned, some take part in facts."""
    facts = [
        Fact("person/ada", "visited", "city/bandung", "d1", "Ada ke Bandung.", "rule:test", 0.9),
        Fact("person/cici", "accused", "person/ada", "d1", "Cici diduga…", "rule:test", 0.6, modality="alleged"),
        Fact("treaty/pakta-uji", "signedOn", "", "d1", "Pakta 2024.", "r", 0.9, value=DateValue("2024", "gYear", "")),
    ]
    kinds = {"person": "Person", "city": "City", "treaty": "Treaty"}
    entities = {
        key: LinkedEntity(Entity(key, kinds[key.split("/")[0]], key.split("/")[1].title()), (), 1)
        for key in DRAWN_BY_DEFAULT
    }
    return union_graph(build_dataset([ARTICLE], facts, entities, mentions=[("d1", key) for key in DRAWN_BY_DEFAULT]))


@pytest.fixture(scope="module")
def net(examples_build):
    return to_networkx(Graph().parse(examples_build[1] / "graph.ttl"))


def test_nodes_carry_type_and_labels(net):
    putin = net.nodes["https://w3id.org/berita-kg/id/person/vladimir-putin"]
    assert putin["type"] == "Person" and putin["label"] == "Vladimir Putin" and putin["qid"] == "Q7747"
    assert {d["type"] for _, d in net.nodes(data=True)} >= {"Person", "Country", "City", "Treaty"}


def test_edges_are_truthy_facts_keyed_by_property_with_dates(net):
    kim, putin = ("https://w3id.org/berita-kg/id/person/" + n for n in ("kim-jong-un", "vladimir-putin"))
    met = net.get_edge_data(kim, putin)["metWith"]
    assert met["property"] == "metWith" and met["source_count"] >= 1 and met["dates"]
    # the alleged sending of troops has a statement but no truthy triple: no edge
    nk, ru = ("https://w3id.org/berita-kg/id/country/" + n for n in ("korea-utara", "rusia"))
    assert "sentTroopsTo" not in (net.get_edge_data(nk, ru) or {})


def test_graphml_opens_with_the_same_nodes_and_edges(examples_build, net):
    """graph.graphml draws (by default) the entities in a fact, with every edge of the analysis graph."""
    result, out = examples_build
    drawn = to_networkx(Graph().parse(out / "graph.ttl"), "facts")
    back = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert back.number_of_nodes() == drawn.number_of_nodes() and back.number_of_edges() == net.number_of_edges()
    assert back.nodes["https://w3id.org/berita-kg/id/person/vladimir-putin"]["label"] == "Vladimir Putin"
    assert not [n for n in back if back.degree(n) == 0 and back.nodes[n]["type"] != "Treaty"]  # no lone dot
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["drawing"] == {
        "draw": "facts",
        "entities_drawn": back.number_of_nodes(),
        "entities_not_drawn": net.number_of_nodes() - back.number_of_nodes(),
    }
    assert net.number_of_nodes() == len(result.entities) > back.number_of_nodes()  # the examples have lone ones


@pytest.mark.parametrize("draw", ["facts", "all"])
@pytest.mark.parametrize(("key", "by_default"), sorted(DRAWN_BY_DEFAULT.items()))
def test_graphml_draws_an_entity_in_no_fact_only_when_asked(key, by_default, draw):
    text = to_graphml(lone_entity_graph()) if draw == "facts" else to_graphml(lone_entity_graph(), draw)
    back = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    assert (str(entity_iri(key)) in back) is (by_default or draw == "all")
    assert str(article_iri("d1")) not in back  # articles and their mentions are never drawn
    assert [(s, o) for s, o, _ in back.edges(keys=True)] == [
        (str(entity_iri("person/ada")), str(entity_iri("city/bandung")))
    ]


def test_the_analysis_graph_keeps_every_entity_unless_told():
    g = lone_entity_graph()
    assert validate(g) == []  # a lone entity conforms: its article mentions it
    assert set(to_networkx(g)) == {str(entity_iri(k)) for k in DRAWN_BY_DEFAULT}
    assert set(to_networkx(g, "facts")) == {str(entity_iri(k)) for k, drawn in DRAWN_BY_DEFAULT.items() if drawn}


def test_an_unknown_drawing_is_refused():
    with pytest.raises(ConfigError, match="facts, all"):
        to_graphml(lone_entity_graph(), "some")


def test_facts_csv_has_a_row_per_statement(examples_build):
    _, out = examples_build
    rows = list(csv.DictReader(io.StringIO((out / "facts.csv").read_text(encoding="utf-8"))))
    statements = set(Graph().parse(out / "graph.ttl").subjects(RDF.type, RDF.Statement))
    assert len(rows) == len(statements)
    assert {r["modality"] for r in rows} == {"asserted", "alleged", "denied"}
    signed = [r for r in rows if r["predicate"] == "signedOn"]
    assert signed and signed[0]["object"] == "2024-06" and signed[0]["sources"]
    assert all(r["evidence"] and int(r["source_count"]) >= 1 for r in rows)


def test_nquads_hold_every_quad_of_the_trig(examples_build):
    _, out = examples_build
    nq, trig = Dataset(), Dataset()
    nq.parse(out / "graph.nq", format="nquads")
    trig.parse(out / "graph.trig", format="trig")
    assert len(list(nq.quads())) == len(list(trig.quads())) > 0


@pytest.mark.skipif(
    shutil.which("rapper") is None, reason="raptor's rapper is not installed (apt install raptor2-utils)"
)
@pytest.mark.parametrize(("name", "syntax"), [("graph.ttl", "turtle"), ("graph.trig", "trig"), ("graph.nq", "nquads")])
def test_an_independent_parser_reads_every_rdf_export(examples_build, name, syntax):
    _, out = examples_build
    proc = subprocess.run(["rapper", "-i", syntax, "-c", str(out / name)], capture_output=True, text=True)
    assert proc.returncode == 0 and "error" not in proc.stderr.lower(), proc.stderr
    assert int(proc.stderr.rsplit("returned", 1)[1].split()[0]) > 100


def test_an_independent_parser_reads_the_jsonld(examples_build):
    """rapper has no JSON-LD parser; PyLD (the JSON-LD reference algorithms) is independent of rdflib."""
    import json

    from pyld import jsonld

    _, out = examples_build
    nquads = jsonld.to_rdf(
        json.loads((out / "graph.jsonld").read_text(encoding="utf-8")), {"format": "application/n-quads"}
    )
    assert len({line for line in nquads.splitlines() if line.strip()}) == len(Graph().parse(out / "graph.ttl"))


# --- contract version 2: a quote has no entity at its other end --------------------------------


@pytest.fixture(scope="module")
def v2_graph() -> Graph:
    from tests.test_graph import v2_dataset

    return union_graph(v2_dataset())


def _quote_only_graph() -> Graph:
    """PPATK only speaks (an asserted quote); Ada visits Bandung."""
    facts = [
        Fact("person/ada", "visited", "city/bandung", "d1", "Ada ke Bandung.", "rule:test", 0.9),
        Fact("organization/ppatk", "said", "", "d1", "…", "rule:said", 0.7, quote="Dana itu mencurigakan"),
    ]
    kinds = {"person/ada": "Person", "city/bandung": "City", "organization/ppatk": "Organization"}
    entities = {key: LinkedEntity(Entity(key, kind, key.split("/")[1].title()), (), 1) for key, kind in kinds.items()}
    return union_graph(build_dataset([ARTICLE], facts, entities, mentions=[("d1", key) for key in kinds]))


@pytest.mark.parametrize(
    ("key", "quotes", "out_edges"),
    [
        ("person/joko-widodo", 2, {"appointed", "dismissed", "attended"}),  # two quotes, no said edge
        ("person/budi-santoso", 0, {"affiliatedWith", "elected", "resignedFrom", "relatedTo"}),  # leaderOf: former
        ("organization/kpk", 0, {"namedSuspect", "arrested", "charged", "cooperatedWith"}),
        ("organization/pn-jakarta-pusat", 0, {"sentenced"}),
    ],
)
def test_version_2_facts_are_edges_and_quotes_a_count_on_the_speaker(v2_graph, key, quotes, out_edges):
    net = to_networkx(v2_graph)
    node = str(entity_iri(key))
    assert net.nodes[node]["quotes"] == quotes
    assert {k for _, _, k in net.out_edges(node, keys=True)} == out_edges
    assert all(v in net for _, v in net.edges())  # every edge between two entities: none to a quote


def test_cooperation_is_drawn_both_ways(v2_graph):
    net = to_networkx(v2_graph)
    kpk, ppatk = str(entity_iri("organization/kpk")), str(entity_iri("organization/ppatk"))
    assert net.has_edge(kpk, ppatk, "cooperatedWith") and net.has_edge(ppatk, kpk, "cooperatedWith")


def test_the_graphml_of_version_2_opens_with_quotes_on_the_speaker(v2_graph):
    back = nx.read_graphml(io.StringIO(to_graphml(v2_graph, "all")))
    assert back.nodes[str(entity_iri("person/joko-widodo"))]["quotes"] == 2
    assert "said" not in {d.get("property") for _, _, d in back.edges(data=True)}


@pytest.mark.parametrize(("draw", "drawn"), [("facts", False), ("all", True)])
def test_a_speaker_who_only_speaks_is_no_lone_dot_by_default(draw, drawn):
    net = to_networkx(_quote_only_graph(), draw)
    assert (str(entity_iri("organization/ppatk")) in net) is drawn
    assert net.number_of_edges() == 1
