"""Berita KG: knowledge graphs from Indonesian news.

The public face, imported lazily (`import kg` loads nothing heavy; spaCy and rdflib come with
the first function used)::

    import kg

    result = kg.build(["examples/"])            # read, analyse, link: a BuildResult
    kg.write_outputs(result, "outputs/")        # graph.ttl, graph.trig, …, and the store
    store = kg.open_store("outputs/")
    rows = kg.query(store, "SELECT ?s WHERE { ?s a <https://schema.org/Person> }")
    facts = kg.extract_text("Presiden Joko Widodo tiba di Tokyo pada Senin (3/7).", "2023-07-05")
    net = kg.to_networkx(result.dataset)

Every error the library raises on purpose is a `kg.BeritaKGError`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: The version of the package and of its ontology (owl:versionInfo of ontology/berita-kg.ttl): one
#: number, raised together; CHANGELOG.md says what each changed.
__version__ = "0.3.0"

#: Public name → the module that defines it (and its name there, where it differs).
_PUBLIC: dict[str, tuple[str, str]] = {
    "build": ("kg.pipeline", "build"),
    "build_articles": ("kg.pipeline", "build_articles"),
    "extract_text": ("kg.pipeline", "extract_text"),
    "BuildResult": ("kg.pipeline", "BuildResult"),
    "write_outputs": ("kg.export.files", "write_outputs"),
    "open_store": ("kg.store.query", "open_store"),
    "query": ("kg.store.query", "query"),
    "to_networkx": ("kg.export.network", "to_networkx"),
    **{
        name: ("kg.errors", name)
        for name in (
            "BeritaKGError",
            "InputError",
            "ResourceError",
            "DataError",
            "OutputError",
            "QueryError",
            "ConfigError",
        )
    },
}

__all__ = ["__version__", *_PUBLIC]

if TYPE_CHECKING:  # what a type checker sees; at run time `__getattr__` imports on first use
    from .errors import (  # noqa: F401
        BeritaKGError,
        ConfigError,
        DataError,
        InputError,
        OutputError,
        QueryError,
        ResourceError,
    )
    from .export.files import write_outputs  # noqa: F401
    from .export.network import to_networkx  # noqa: F401
    from .pipeline import BuildResult, build, build_articles, extract_text  # noqa: F401
    from .store.query import open_store, query  # noqa: F401


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    module, attr = _PUBLIC[name]
    value = getattr(import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
