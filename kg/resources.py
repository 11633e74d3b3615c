"""Loading the data files shipped inside the package (gazetteers, patterns, noise lists).

Every loader is cached: data is read once per process, and adding an entry never needs code.
Every file is checked against its schema in kg/schemas.py as it is loaded, so that a misspelt or
missing key, or a value of the wrong type, is a `DataError` naming the file, line and key rather
than a key silently ignored. The loaders return the parsed JSON itself, not the models.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .errors import DataError, ResourceError

if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic_core import ErrorDetails

__all__ = ["load_json", "load_jsonl", "locate", "parse_json", "parse_jsonl"]


def _text(name: str) -> str:
    try:
        return resources.files("kg").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"Package data file kg/data/{name} is missing: reinstall berita-kg.") from exc


@cache
def load_json(name: str) -> Any:
    """A JSON file from kg/data, validated."""
    return parse_json(name, _text(name))


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """A JSON Lines file from kg/data: one object a line, blank lines ignored; validated."""
    return parse_jsonl(name, _text(name))


def parse_json(name: str, text: str) -> Any:
    """`text` read as the JSON data file `name` and checked against its schema."""
    schema = _schema(name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResourceError(f"kg/data/{name} is not valid JSON ({exc}): fix the file.") from exc
    _validate(schema, data, name, text, None)
    return data


def parse_jsonl(name: str, text: str) -> tuple[dict[str, Any], ...]:
    """`text` read as the JSON Lines data file `name`, every line checked against its schema."""
    schema = _schema(name)
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResourceError(f"kg/data/{name} line {number} is not valid JSON ({exc}): fix the line.") from exc
        _validate(schema, row, name, line, number)
        rows.append(row)
    return tuple(rows)


def _schema(name: str) -> type[BaseModel]:
    from .schemas import SCHEMAS  # imported on first load: pydantic costs a CLI start ~0.2 s

    try:
        return SCHEMAS[name]
    except KeyError:
        raise ResourceError(f"kg/data/{name} has no schema: add its model to SCHEMAS in kg/schemas.py.") from None


def _validate(schema: type[BaseModel], data: object, name: str, text: str, line: int | None) -> None:
    """Raise a `DataError` for the problem that comes first in `text` (the whole file, or the
    line numbered `line` of a JSON Lines file)."""
    from pydantic import ValidationError

    try:
        schema.model_validate(data)
    except ValidationError as exc:
        offset, error = min(((locate(text, e["loc"]), e) for e in exc.errors()), key=lambda pair: pair[0])
        where = line if line is not None else text.count("\n", 0, offset) + 1
        key = ".".join(str(step) for step in error["loc"]) or "(root)"
        raise DataError(f"kg/data/{name}", where, key, _problem(error)) from exc


# -- where a key stands in the text ------------------------------------------------------------

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _members(text: str, pos: int) -> Iterator[tuple[str | int, int, int]]:
    """(key or index, offset of the key or element, offset of its value) of each member of the
    object or array that starts at `pos`."""
    close = "}" if text[pos] == "{" else "]"
    i, index = _skip(text, pos + 1), 0
    while i < len(text) and text[i] != close:
        if close == "}":
            key, end = _DECODER.raw_decode(text, i)  # the key, a JSON string
            value = _skip(text, _skip(text, end) + 1)  # past the colon
            yield key, i, value
        else:
            value = i
            yield index, i, value
            index += 1
        i = _skip(text, _DECODER.raw_decode(text, value)[1])
        if i < len(text) and text[i] == ",":
            i = _skip(text, i + 1)


def locate(text: str, path: Sequence[str | int]) -> int:
    """The offset in the JSON `text` of the member at `path` (keys and list indices): of its key
    for a key of an object; where the path leaves the text (a missing key), of the innermost
    object or array on the path that is there."""
    pos = _skip(text, 0)
    for depth, step in enumerate(path):
        if pos >= len(text) or text[pos] not in "{[":
            return pos
        found = next(((at, value) for key, at, value in _members(text, pos) if key == step), None)
        if found is None:
            return pos
        if depth == len(path) - 1:
            return found[0]
        pos = found[1]
    return pos


# -- what is wrong, in words --------------------------------------------------------------------

_EXPECTED = {
    "int_type": "an integer",
    "float_type": "a number",
    "string_type": "a string",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
}


def _kind(value: object) -> str:
    """A JSON value's type in words (true, false and null as themselves)."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    for kind, name in (
        (int, "an integer"),
        (float, "a number"),
        (str, "a string"),
        (list, "a list"),
        (dict, "an object"),
    ):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _problem(error: ErrorDetails) -> str:
    """A pydantic error as a short reason: "unknown key", "missing", "expected an integer, got a string"."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "missing"
    got = error.get("input")
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {_kind(got)}"
    if kind == "literal_error":
        return f"expected {error.get('ctx', {}).get('expected', 'another value')}, got {json.dumps(got)}"
    reason = error["msg"].removeprefix("Value error, ").replace("Input should", "should")
    return f"{reason[:1].lower()}{reason[1:]}, got {json.dumps(got, ensure_ascii=False)}"
