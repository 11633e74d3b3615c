"""SHACL validation of a built graph against the project's shapes (ontology/shapes.ttl).

The shapes say what the graph contract promises queries (every entity a fact names or an article
mentions has a type and a label, every entity is mentioned by an article, every statement has
its parts and a source, dates typed by granularity, articles with a headline). `validate` runs
pyshacl and returns the violations as plain records, sorted, so that report.json stays
deterministic; `kg validate OUTDIR` and every build call it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources

from rdflib import BNode, Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from ..errors import ResourceError

__all__ = ["Violation", "ontology_text", "ontology_graph", "shapes_graph", "validate"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong."""

    focus: str
    path: str
    message: str
    severity: str
    value: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def ontology_text(name: str) -> str:
    """A file of the ontology folder as installed with the package (berita-kg.ttl, shapes.ttl)."""
    try:
        return resources.files("kg").joinpath("rdf", "ontology").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"The ontology file {name} is missing from the package: reinstall berita-kg.") from exc


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The OWL ontology (ontology/berita-kg.ttl)."""
    return Graph().parse(data=ontology_text("berita-kg.ttl"), format="turtle")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes (ontology/shapes.ttl)."""
    return Graph().parse(data=ontology_text("shapes.ttl"), format="turtle")


def _short(node: object) -> str:
    if isinstance(node, Literal):
        return str(node)
    text = str(node) if node is not None else ""
    for prefix, ns in (
        ("bkr:", "https://w3id.org/berita-kg/id/"),
        ("bk:", "https://w3id.org/berita-kg/ontology#"),
        ("schema:", "https://schema.org/"),
        ("rdf:", str(RDF)),
        ("rdfs:", str(RDFS)),
        ("skos:", str(SKOS)),
        ("prov:", str(PROV)),
        ("sh:", str(SH)),
    ):
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return text


def _path(results: Graph, path: Node | None) -> str:
    """A result's property path as text: `schema:mentions`, or `^schema:mentions` for an inverse
    path (a blank node, whose own name would change from run to run)."""
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + _short(inverse)
    return _short(path)


def validate(graph: Graph) -> list[Violation]:
    """Every SHACL violation of `graph` (empty when it conforms), in a stable order."""
    from pyshacl import validate as shacl

    _, results, _ = shacl(
        graph, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True, meta_shacl=False
    )
    out = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        out.add(
            Violation(
                focus=_short(results.value(result, SH.focusNode)),
                path=_path(results, results.value(result, SH.resultPath)),
                message=str(message)
                if message is not None
                else _short(results.value(result, SH.sourceConstraintComponent)),
                severity=_short(results.value(result, SH.resultSeverity)).removeprefix("sh:"),
                value=_short(results.value(result, SH.value)),
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path, v.message, v.value))
