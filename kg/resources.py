"""Loading the data files shipped inside the package (gazetteers, patterns, noise lists).

Every loader is cached: data is read once per process, and adding an entry never needs code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import ResourceError


def _text(name: str) -> str:
    try:
        return resources.files("kg").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"Package data file kg/data/{name} is missing: reinstall berita-kg.") from exc


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """A JSON file from kg/data."""
    try:
        return json.loads(_text(name))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"kg/data/{name} is not valid JSON ({exc}): fix the file.") from exc


@lru_cache(maxsize=None)
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """A JSON Lines file from kg/data: one object a line, blank lines ignored."""
    rows = []
    for number, line in enumerate(_text(name).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ResourceError(f"kg/data/{name} line {number} is not valid JSON ({exc}): fix the line.") from exc
    return tuple(rows)
