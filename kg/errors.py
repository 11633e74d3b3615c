"""Errors raised by the library. The CLI turns them into one-line messages.

Every message says what happened and how to fix it, in the style of spaCy's errors.py.
"""

from __future__ import annotations


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
    """A data file shipped with the package (gazetteer, patterns) is missing or malformed."""


class OutputError(BeritaKGError):
    """An output file or folder cannot be written."""
