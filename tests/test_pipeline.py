"""End to end on the users' sample articles, when ../shared/seeds is there."""

import json

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDF, SKOS

from kg.vocab import BK, BKR, SCHEMA
from tests.conftest import SEEDS, build_into

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    return build_into([SEEDS], tmp_path_factory.mktemp("seeds-out"))


def test_graph_files_parse(seeds_out):
    _, out = seeds_out
    assert len(Graph().parse(out / "graph.ttl", format="turtle")) > 100
    assert len(Dataset().parse(out / "graph.trig", format="trig")) > 100


def test_kim_jong_un_is_one_node(seeds_out):
    _, out = seeds_out
    g = Graph().parse(out / "graph.ttl", format="turtle")
    kims = {s for s in g.subjects(RDF.type, SCHEMA.Person) if "kim" in str(s).lower()}
    assert kims == {BKR["person/kim-jong-un"]}
    assert {str(o) for o in g.objects(BKR["person/kim-jong-un"], SKOS.altLabel)} >= {"Kim"}


def test_near_duplicate_pair_is_marked(seeds_out):
    _result, out = seeds_out
    report = json.loads((out / "report.json").read_text())
    pairs = {
        (d["source"].rsplit("/", 1)[-1][:3], d["duplicate_of"].rsplit("/", 1)[-1][:3]) for d in report["duplicates"]
    }
    assert pairs == {("000", "001")}
    g = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(list(g.subject_objects(BK.duplicateOf))) == 1


def test_report_counts_add_up(seeds_out):
    _, out = seeds_out
    r = json.loads((out / "report.json").read_text())
    assert r["articles_read"] == 5
    assert r["articles_read"] == r["articles_built"] + len(r["duplicates"]) + r["skipped_count"]


def test_first_facts_are_there(seeds_out):
    _, out = seeds_out
    g = Graph().parse(out / "graph.ttl", format="turtle")
    kim, putin = BKR["person/kim-jong-un"], BKR["person/vladimir-putin"]
    assert (kim, BK.visited, BKR["city/vladivostok"]) in g
    assert (kim, BK.metWith, putin) in g and (putin, BK.metWith, kim) in g
    assert (putin, BK.sentMessageTo, kim) in g and (kim, BK.sentMessageTo, putin) in g
    assert (putin, BK.leaderOf, BKR["country/rusia"]) in g


def test_page_noise_makes_no_entity(seeds_out):
    _, out = seeds_out
    g = Graph().parse(out / "graph.ttl", format="turtle")
    labels = {str(o) for o in g.objects(None, SKOS.prefLabel)} | {str(o) for o in g.objects(None, SKOS.altLabel)}
    assert not any("Foto" in label or "SINDOnews" in label for label in labels)
