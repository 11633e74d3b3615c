from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from kg.vocab import BK

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
