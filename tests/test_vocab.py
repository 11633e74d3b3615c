from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.vocab import BK, SCHEMA

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "berita-kg.ttl"
CONTRACT_PROPERTIES = [
    "visited",
    "metWith",
    "sentMessageTo",
    "signed",
    "signedOn",
    "enteredIntoForceOn",
    "leaderOf",
    "supports",
    "recognized",
    "invaded",
    "accused",
    "invited",
    "thanked",
    "sentTroopsTo",
    "opposedSanctionsOn",
    "locatedIn",
    "affiliatedWith",
]


def _ontology_terms() -> set[str]:
    g = Graph().parse(ONTOLOGY)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s) for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(BK))}


def test_vocabulary_module_and_ontology_agree():
    module_terms = {str(BK[name]) for name in BK.__annotations__}
    assert module_terms == _ontology_terms()


def test_contract_properties_present():
    terms = _ontology_terms()
    assert all(str(BK[p]) in terms for p in CONTRACT_PROPERTIES)


def test_met_with_is_symmetric():
    g = Graph().parse(ONTOLOGY)
    assert (BK.metWith, RDF.type, OWL.SymmetricProperty) in g


# --- contract version 2 ---------------------------------------------------------------------

PLOVER = Namespace("https://github.com/openeventdata/PLOVER#")
#: The 16 event types of PLOVER 2.0 (PLOVER_MANUAL.tex, chapter "Event Categories").
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
#: Each property of contract version 2 → its closest PLOVER event type (None: PLOVER has none).
V2_PLOVER = {
    "said": None,
    "arrested": "COERCE",
    "namedSuspect": "ACCUSE",
    "charged": "ACCUSE",
    "sentenced": "SANCTION",
    "appointed": None,
    "elected": None,
    "resignedFrom": "RETREAT",
    "dismissed": "SANCTION",
    "criticized": "ACCUSE",
    "praised": "SUPPORT",
    "requested": "REQUEST",
    "rejected": "REJECT",
    "threatened": "THREATEN",
    "protestedAgainst": "PROTEST",
    "sanctioned": "SANCTION",
    "gaveAidTo": "AID",
    "attacked": "ASSAULT",
    "cooperatedWith": "COOPERATE",
    "attended": "CONSULT",
    "relatedTo": None,
}
AGENT = {SCHEMA.Person, SCHEMA.Country, SCHEMA.Organization}


def _classes(g: Graph, node) -> set:
    """A domain or range as a set of classes: the class itself, or the members of its union."""
    members = g.value(node, OWL.unionOf)
    return set(Collection(g, members)) if members is not None else {node}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY)


def test_contract_version_2_terms_present():
    terms = _ontology_terms()
    assert all(str(BK[p]) in terms for p in [*V2_PLOVER, "quoteType", "about", "penalty", "verb"])
    assert all(str(BK[p]) in terms for p in CONTRACT_PROPERTIES)  # version 1 names stay


@pytest.mark.parametrize(("prop", "plover"), sorted(V2_PLOVER.items()))
def test_each_version_2_property_names_its_closest_plover_event_type(onto, prop, plover):
    matches = set(onto.objects(BK[prop], SKOS.closeMatch))
    assert matches == ({PLOVER[plover]} if plover else set())
    assert all(str(m).removeprefix(str(PLOVER)) in PLOVER_TYPES for m in matches)


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        ("said", AGENT, {RDF.langString}),
        ("arrested", AGENT, {SCHEMA.Person}),
        ("sentenced", AGENT, {SCHEMA.Person}),
        ("elected", {SCHEMA.Person}, {SCHEMA.Organization, SCHEMA.Place}),
        ("resignedFrom", {SCHEMA.Person}, {SCHEMA.Organization}),
        ("criticized", AGENT, AGENT),
        ("attacked", AGENT, AGENT | {SCHEMA.Place}),
        ("attended", AGENT, {BK.Event}),
        ("relatedTo", AGENT, AGENT),
        ("penalty", {RDF.Statement}, {RDF.langString}),
        ("verb", {RDF.Statement}, {RDF.langString}),
        ("about", {RDF.Statement}, {*AGENT, SCHEMA.City, SCHEMA.Place, BK.Treaty, BK.Event}),
    ],
)
def test_version_2_domains_and_ranges(onto, prop, domain, range_):
    assert _classes(onto, onto.value(BK[prop], RDFS.domain)) == domain
    assert _classes(onto, onto.value(BK[prop], RDFS.range)) == range_


@pytest.mark.parametrize(("prop", "symmetric"), [("metWith", True), ("cooperatedWith", True), ("criticized", False)])
def test_symmetric_properties(onto, prop, symmetric):
    assert ((BK[prop], RDF.type, OWL.SymmetricProperty) in onto) is symmetric


def test_the_ontology_version_says_contract_version_2(onto):
    [ontology] = onto.subjects(RDF.type, OWL.Ontology)
    assert str(onto.value(ontology, OWL.versionInfo)) == "0.3.0"
    assert any("contract version 2" in str(note) for note in onto.objects(ontology, SKOS.note))


def test_one_version_for_the_package_and_its_ontology(onto):
    """kg.__version__ is the ontology's owl:versionInfo and the end of its owl:versionIRI, the
    installed package's version (pyproject reads it), and CHANGELOG.md has a section for it."""
    from importlib.metadata import version
    from pathlib import Path

    import kg

    [ontology] = onto.subjects(RDF.type, OWL.Ontology)
    assert str(onto.value(ontology, OWL.versionInfo)) == kg.__version__
    assert str(onto.value(ontology, OWL.versionIRI)).endswith("/" + kg.__version__)
    assert version("berita-kg") == kg.__version__
    changelog = (Path(__file__).parent.parent / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {kg.__version__} " in changelog
