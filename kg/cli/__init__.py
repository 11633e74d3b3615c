"""The `kg` command line: a thin shell over the library.

Library errors become one-line messages (`app._Group`); warnings about input go to stderr, one
line each. Exit status: 0 when at least one article was built, 1 when none was, 2 for usage errors.
Commands live by family: `build` (build, remove, validate), `sparql` (query, serve), `text`
(entities, facts).
"""

from __future__ import annotations

from .app import cli, main

__all__ = ["cli", "main"]
