"""The analysis graph (kg.export.network) and the exports beside the contract's files: nq, graphml, csv."""

import csv
import io
import shutil
import subprocess

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from kg.export.network import to_networkx


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
    back = nx.read_graphml(examples_build[1] / "graph.graphml", force_multigraph=True)
    assert back.number_of_nodes() == net.number_of_nodes() and back.number_of_edges() == net.number_of_edges()
    assert back.nodes["https://w3id.org/berita-kg/id/person/vladimir-putin"]["label"] == "Vladimir Putin"


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
