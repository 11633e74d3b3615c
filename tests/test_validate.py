"""SHACL validation (kg.rdf.validate, `kg validate`) and the ontology shipped with the package."""

import subprocess
import sys
import zipfile

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg.cli import cli
from kg.rdf.graph import article_iri, entity_iri, union_graph, union_view
from kg.rdf.validate import ontology_graph, shapes_graph, validate
from kg.vocab import BK, BKR, SCHEMA
from tests.conftest import ROOT, SEEDS, build_into

# not `XSD` at module level: pytest looks for fixtures in every module global, and rdflib's XSD
# namespace warns on the attribute pytest asks it for (`_mock_name`)
XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")


def test_examples_conform(examples_build):
    result, out = examples_build
    assert result.report["shacl"] == {"conforms": True, "violation_count": 0, "violations": []}
    assert validate(Graph().parse(out / "graph.ttl")) == []


def test_every_entity_of_the_examples_is_mentioned_by_the_articles_that_name_it(examples_build):
    """One `schema:mentions` per (article, entity) pair of the extractions, in the article's named graph."""
    result, out = examples_build
    trig = Dataset().parse(out / "graph.trig", format="trig")
    found = {(g, s, o) for s, _, o, g in trig.quads((None, SCHEMA.mentions, None, None))}
    expected = {
        (article_iri(ex.article.id), article_iri(ex.article.id), entity_iri(m.entity.key))
        for ex in result.extractions
        for m in ex.mentions
    }
    assert found == expected and {o for *_, o in found} == {entity_iri(k) for k in result.entities}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")
def test_seeds_conform(tmp_path):
    result, _ = build_into([SEEDS], tmp_path)
    assert result.report["shacl"]["conforms"], result.report["shacl"]["violations"]


def _broken(examples_graph: Graph, change) -> Graph:
    g = Graph()
    for t in examples_graph:
        g.add(t)
    change(g)
    return g


def _first(g, cls):
    return sorted(g.subjects(RDF.type, cls))[0]


@pytest.fixture(scope="module")
def example_graph(examples_build):
    return Graph().parse(examples_build[1] / "graph.ttl")


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        # an entity a fact names lost its label
        (lambda g: g.remove((BKR["person/vladimir-putin"], RDFS.label, None)), "rdfs:label", "rdfs:label"),
        # a statement without a source
        (lambda g: g.remove((_first(g, RDF.Statement), PROV.wasDerivedFrom, None)), "prov:wasDerivedFrom", "source"),
        # a date typed as a plain string
        (lambda g: g.add((_first(g, RDF.Statement), BK.date, Literal("April 2019"))), "bk:date", "bk:date"),
        # an entity no article mentions: it would stand alone
        (lambda g: g.remove((None, SCHEMA.mentions, BKR["person/vladimir-putin"])), "^schema:mentions", "mentioned"),
        # an article mentions something that is no entity
        (
            lambda g: g.add((_first(g, SCHEMA.NewsArticle), SCHEMA.mentions, BKR["person/tak-dikenal"])),
            "rdf:type",
            "contract's types",
        ),
        # an article without a headline
        (lambda g: g.remove((_first(g, SCHEMA.NewsArticle), SCHEMA.headline, None)), "schema:headline", "headline"),
        # a publication time with no time zone
        (
            lambda g: (
                g.remove((_first(g, SCHEMA.NewsArticle), SCHEMA.datePublished, None)),
                g.add(
                    (
                        _first(g, SCHEMA.NewsArticle),
                        SCHEMA.datePublished,
                        Literal("2024-06-19T10:00:00", datatype=XSD_DATETIME),
                    )
                ),
            ),
            "schema:datePublished",
            "time zone",
        ),
    ],
)
def test_violations_name_the_node_and_the_rule(example_graph, change, path, words):
    violations = validate(_broken(example_graph, change))
    assert violations and all(v.severity == "Violation" for v in violations)
    assert any(words in v.message and v.path == path for v in violations), violations


def test_cli_validate_exit_codes(examples_build, example_graph, tmp_path):
    _, out = examples_build
    ok = CliRunner().invoke(cli, ["validate", str(out)])
    assert ok.exit_code == 0, ok.output
    broken = _broken(example_graph, lambda g: g.remove((BKR["person/vladimir-putin"], RDFS.label, None)))
    bad = tmp_path / "bad.ttl"
    broken.serialize(bad, format="turtle")
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1 and "bkr:person/vladimir-putin rdfs:label" in result.output


def test_ontology_describes_every_term_in_both_languages():
    g = ontology_graph()
    terms = {
        s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith((str(BK), str(SCHEMA)))
    }
    assert terms
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in g.objects(term, prop)}
            assert {"en", "id"} <= langs, (term, prop)
    for prop in g.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#ObjectProperty")):
        assert g.value(prop, RDFS.domain) is not None and g.value(prop, RDFS.range) is not None, prop
    assert len(shapes_graph()) > 0


def test_the_wheel_ships_the_ontology_and_the_shapes(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("berita_kg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"kg/rdf/ontology/berita-kg.ttl", "kg/rdf/ontology/shapes.ttl", "kg/py.typed"} <= set(names)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import kg.rdf.validate as v, sys; g = v.ontology_graph(); "
        "assert v.__file__.startswith(sys.argv[1]); print(len(g))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 100


# --- contract version 2: said, quoteType, about, penalty, verb (a hand-built graph: no NLP) -------


def _v2(change=None) -> Graph:
    from tests.test_graph import v2_dataset

    g = union_graph(v2_dataset())
    if change:
        change(g)
    return g


def _said_statement(g: Graph):
    return sorted(g.subjects(RDF.predicate, BK.said))[0]


def test_the_statements_of_contract_version_2_conform():
    assert validate(_v2()) == []


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        # a quote type that is neither direct nor indirect
        (
            lambda g: (
                g.remove((_said_statement(g), BK.quoteType, None)),
                g.add((_said_statement(g), BK.quoteType, Literal("langsung"))),
            ),
            "bk:quoteType",
            "direct",
        ),
        # two quote types for one statement
        (lambda g: g.add((_said_statement(g), BK.quoteType, Literal("indirect"))), "bk:quoteType", "direct"),
        # what was said is about a literal, not an entity
        (lambda g: g.add((_said_statement(g), BK.about, Literal("KPK"))), "bk:about", "IRI"),
        # what was said is about a node that is no entity
        (lambda g: g.add((_said_statement(g), BK.about, BKR["person/tak-dikenal"])), "rdf:type", "contract's types"),
        # a penalty as a number
        (lambda g: g.add((_said_statement(g), BK.penalty, Literal(5))), "bk:penalty", "text"),
        # a verb as an IRI
        (lambda g: g.add((_said_statement(g), BK.verb, BK.accused)), "bk:verb", "text"),
        # said with an entity as its object, in the statement and the truthy triple
        (
            lambda g: (
                g.remove((_said_statement(g), RDF.object, None)),
                g.add((_said_statement(g), RDF.object, BKR["person/budi-santoso"])),
            ),
            "",
            "bk:said statement",
        ),
        (lambda g: g.add((BKR["person/joko-widodo"], BK.said, BKR["person/budi-santoso"])), "bk:said", "literal"),
    ],
)
def test_version_2_violations_name_the_rule(change, path, words):
    violations = validate(_v2(change))
    assert violations and any(words in v.message and v.path == path for v in violations), violations


def test_the_union_view_gives_the_violations_of_the_union_copy():
    """A build validates a view of its dataset; a broken triple in one article's graph is found
    there as in a copy of the union."""
    from tests.test_graph import V2_ARTICLE, v2_dataset

    ds = v2_dataset()
    ds.graph(article_iri(V2_ARTICLE.id)).add((BKR["person/joko-widodo"], BK.said, BKR["person/budi-santoso"]))
    found = validate(union_view(ds))
    assert found and found == validate(union_graph(ds))
