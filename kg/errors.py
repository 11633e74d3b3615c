"""Errors raised by the library. The CLI catches `BeritaKGError` once and prints its message.

Every message says what happened and how to fix it, in the style of spaCy's errors.py.
"""

from __future__ import annotations

__all__ = ["BeritaKGError", "InputError", "ResourceError", "DataError", "OutputError", "QueryError", "ConfigError"]


class BeritaKGError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(BeritaKGError):
    """An input file or record cannot be read as an article.

    `source` names the file (and line, for JSONL) so that reports can list it.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ResourceError(BeritaKGError):
    """A file shipped with the package (data, ontology, model) is missing or cannot be used."""


class DataError(ResourceError):
    """A data file of the package breaks its schema: names the file, the line and the key."""

    def __init__(self, file: str, line: int | None, key: str, problem: str) -> None:
        where = f"{file} line {line}" if line is not None else file
        super().__init__(f"{where}, key {key!r}: {problem}. Fix the file (its schema is in kg/schemas.py).")
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem


class OutputError(BeritaKGError):
    """An output file or folder cannot be written."""


class QueryError(BeritaKGError):
    """A SPARQL query is refused, malformed or failed."""


class ConfigError(BeritaKGError):
    """A setting given to the library is not one it knows (an engine, a recognizer, a number of workers)."""
