"""Every data file of kg/data is checked against its schema (kg/schemas.py) when it is loaded.

The broken copies are made from the real files by one textual edit each, and the loaders'
parsing functions read them from a string, so the installed files are never touched.
"""

from __future__ import annotations

import inspect
import json
import re
from dataclasses import dataclass
from importlib import resources

import pytest
from pydantic import BaseModel

from kg import schemas
from kg.errors import DataError, ResourceError
from kg.resources import load_json, load_jsonl, locate, parse_json, parse_jsonl
from kg.schemas import SCHEMAS

DATA = resources.files("kg").joinpath("data")
FILES = sorted(p.name for p in DATA.iterdir() if p.is_file())


def _real(name: str) -> str:
    return DATA.joinpath(name).read_text(encoding="utf-8")


def _parse(name: str, text: str) -> object:
    return parse_jsonl(name, text) if name.endswith(".jsonl") else parse_json(name, text)


def _plain(name: str, text: str) -> object:
    """The file read by plain json, as the loaders read it before they validated."""
    if name.endswith(".jsonl"):
        return tuple(json.loads(line) for line in text.splitlines() if line.strip())
    return json.loads(text)


# -- (a) the shipped files ----------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_every_shipped_file_validates_and_loads_as_plain_json(name: str) -> None:
    loaded = load_jsonl(name) if name.endswith(".jsonl") else load_json(name)
    assert loaded == _plain(name, _real(name))
    rows = loaded if isinstance(loaded, tuple) else (loaded,)
    assert all(type(row) is dict for row in rows)  # the JSON itself, not the models


# -- (c) the registry ---------------------------------------------------------------------------


def test_the_registry_covers_every_data_file_and_nothing_else() -> None:
    assert len(FILES) == 18
    assert sorted(SCHEMAS) == FILES


def test_every_model_is_strict_and_forbids_unknown_keys() -> None:
    models = [
        m
        for _, m in inspect.getmembers(schemas, inspect.isclass)
        if issubclass(m, BaseModel) and m.__module__ == schemas.__name__
    ]
    assert set(SCHEMAS.values()) <= set(models)
    for model in models:
        assert model.model_config.get("extra") == "forbid", model
        assert model.model_config.get("strict") is True, model


def test_a_file_without_a_schema_is_refused() -> None:
    with pytest.raises(ResourceError, match=r"kg/data/extra\.json has no schema"):
        parse_json("extra.json", "{}")


# -- (b) broken copies of every file ------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """One edit of a real data file and the error it must give.

    `find` is a regular expression whose group "v" is replaced by `new`: its first match in a
    .json file, in a .jsonl file its match on the last line where it matches (the error names that
    line). In a .json file the error names the line of group "v", or of the first match of `at`
    (group "v" if it has one) where given: the enclosing object, for a missing key."""

    file: str
    find: str
    new: str
    key: str
    problem: str
    at: str = ""


UNKNOWN, MISSING = "unknown key", "missing"
INT_GOT_STR, STR_GOT_INT = "expected an integer, got a string", "expected a string, got an integer"
STR_GOT_LIST, LIST_GOT_STR = "expected a string, got a list", "expected a list, got a string"
TOP = r"(?P<v>\{)"  # a missing key of the file's top-level object

BREAKS = [
    Break("calendar.json", r'(?P<v>)"months":', '"weeks": {}, ', "weeks", UNKNOWN),
    Break("calendar.json", r'(?P<v>,\s*"timezones": \{[^}]*\})', "", "timezones", MISSING, TOP),
    Break("calendar.json", r'"senin": (?P<v>\d+)', '"0"', "days.senin", INT_GOT_STR),
    Break(
        "calendar.json",
        r'"desember": (?P<v>\d+)',
        "13",
        "months.desember",
        "should be less than or equal to 12, got 13",
    ),
    Break("clauses.json", r'(?P<v>)"prepositions":', '"preposition": [], ', "preposition", UNKNOWN),
    Break("clauses.json", r'(?P<v>"skip_after": \[[^\]]*\],\s*)', "", "skip_after", MISSING, TOP),
    Break("clauses.json", r'"prepositions": \[(?P<v>"[^"]*")', "0", "prepositions.0", STR_GOT_INT),
    Break(
        "clauses.json",
        r'"subject_types": \[(?P<v>"[^"]*")',
        '"Agent"',
        "subject_types.0",
        'not an entity type: use one of Person, Country, City, Place, Organization, Treaty, Event, got "Agent"',
    ),
    Break("coref.json", r'(?P<v>)"window":', '"windw": 3, ', "windw", UNKNOWN),
    Break("coref.json", r'"members": \{\s*(?P<v>)', '"plurl": [], ', "members.plurl", UNKNOWN),
    Break("coref.json", r'(?P<v>"window": \d+,\s*)', "", "window", MISSING, TOP),
    Break(
        "coref.json",
        r'"demonstratives": \{\s*(?P<v>"heads": \{[^}]*\},\s*)',
        "",
        "demonstratives.heads",
        MISSING,
        r'"demonstratives": (?P<v>\{)',
    ),
    Break("coref.json", r'"window": (?P<v>\d+)', '"3"', "window", INT_GOT_STR),
    Break("coref.json", r'"pronouns": \{\s*"dia": (?P<v>"[^"]*")', '["Person"]', "pronouns.dia", STR_GOT_LIST),
    Break("countries.jsonl", r'(?P<v>)"iso":', '"isoo": "XX", ', "isoo", UNKNOWN),
    Break("countries.jsonl", r'(?P<v>"label": "[^"]*", )', "", "label", MISSING),
    Break("countries.jsonl", r'"aliases": (?P<v>\[[^\]]*\])', '"Rusia"', "aliases", LIST_GOT_STR),
    Break("countries.jsonl", r'"qid": (?P<v>"[^"]*")', "15180", "qid", STR_GOT_INT),
    Break("entity_rules.json", r'(?P<v>)"title_label":', '"title_lable": "PER", ', "title_lable", UNKNOWN),
    Break("entity_rules.json", r'"patterns": \[\s*\{\s*(?P<v>)', '"lable": "ORG", ', "patterns.0.lable", UNKNOWN),
    Break("entity_rules.json", r'(?s)(?P<v>"patterns": \[.*?\n \],\s*)', "", "patterns", MISSING, TOP),
    Break(
        "entity_rules.json",
        r'"patterns": \[\s*\{\s*(?P<v>"label": "[A-Z]+",\s*)',
        "",
        "patterns.0.label",
        MISSING,
        r'"patterns": \[\s*(?P<v>\{)',
    ),
    Break("entity_rules.json", r'"patterns": \[\s*\{\s*"label": (?P<v>"[A-Z]+")', "1", "patterns.0.label", STR_GOT_INT),
    Break("entity_rules.json", r'"title_label": (?P<v>"[^"]*")', "null", "title_label", "expected a string, got null"),
    Break(
        "entity_rules.json",
        r'"credit_patterns": \[\s*(?P<v>)',
        '"(foto", ',
        "credit_patterns.0",
        'not a regular expression (missing ), unterminated subpattern at position 0), got "(foto"',
    ),
    Break("modality.json", r'(?P<v>)"after_window":', '"after_windw": 8, ', "after_windw", UNKNOWN),
    Break("modality.json", r'(?P<v>"window": \d+,\s*)', "", "window", MISSING, TOP),
    Break("modality.json", r'"allege_window": (?P<v>\d+)', "8.5", "allege_window", "expected an integer, got a number"),
    Break(
        "modality.json",
        r'"block_before": \[\s*(?P<v>"[^"]*")',
        "false",
        "block_before.0",
        "expected a string, got false",
    ),
    Break("common_words.json", r'(?P<v>)"words":', '"word": [], ', "word", UNKNOWN),
    Break("common_words.json", r'(?P<v>,\s*"words": \[[^\]]*\])', "", "words", MISSING, TOP),
    Break("common_words.json", r'"words": \[(?P<v>"[^"]*")', "0", "words.0", STR_GOT_INT),
    Break("names.json", r'(?P<v>)"honorifics":', '"honorific": [], ', "honorific", UNKNOWN),
    Break("names.json", r'(?P<v>"outlet_suffixes": \[[^\]]*\],\s*)', "", "outlet_suffixes", MISSING, TOP),
    Break("names.json", r'"honorifics": \[\s*(?P<v>"[^"]*")', "0", "honorifics.0", STR_GOT_INT),
    Break("noise.json", r'(?P<v>)"lines":', '"line": [], ', "line", UNKNOWN),
    Break("noise.json", r'(?P<v>"lines": \[[^\]]*\],\s*)', "", "lines", MISSING, TOP),
    Break("noise.json", r'"lines": \[\s*(?P<v>"[^"]*")', "0", "lines.0", STR_GOT_INT),
    Break("noise.json", r'"iklan", (?P<v>"[^"]*")', "{}", "lines.2", "expected a string, got an object"),
    Break(
        "noise.json",
        r'"line_patterns": \[\s*(?P<v>)',
        '"^(baca$", ',
        "line_patterns.0",
        'not a regular expression (missing ), unterminated subpattern at position 1), got "^(baca$"',
    ),
    Break("organizations.jsonl", r'(?P<v>)"label":', '"lable": "x", ', "lable", UNKNOWN),
    Break("organizations.jsonl", r'(?P<v>"key": "[^"]*", )', "", "key", MISSING),
    Break("organizations.jsonl", r'"short_forms": (?P<v>\[[^\]]*\])', '"PBB"', "short_forms", LIST_GOT_STR),
    Break("outlets.jsonl", r'(?P<v>)"patterns":', '"pattern": [], ', "pattern", UNKNOWN),
    Break("outlets.jsonl", r'(?P<v>, "patterns": \[[^\]]*\])', "", "patterns", MISSING),
    Break("outlets.jsonl", r'"patterns": \[(?P<v>"[^"]*")', "1", "patterns.0", STR_GOT_INT),
    Break("people.jsonl", r'"offices": \[\{(?P<v>)', '"rol": "x", ', "offices.0.rol", UNKNOWN),
    Break("people.jsonl", r'"offices": \[\{(?P<v>"of": "[^"]*", )', "", "offices.0.of", MISSING),
    Break("people.jsonl", r'(?P<v>, "type": "[^"]*")', "", "type", MISSING),
    Break("people.jsonl", r'"offices": (?P<v>\[[^\]]*\])', "{}", "offices", "expected a list, got an object"),
    Break("places.json", r'(?P<v>)"units":', '"unit": [], ', "unit", UNKNOWN),
    Break("places.json", r'(?P<v>"small": \[[^\]]*\],\s*)', "", "small", MISSING, TOP),
    Break("places.json", r'"units": \[\s*(?P<v>"[^"]*")', "0", "units.0", STR_GOT_INT),
    Break(
        "places.jsonl",
        r'"type": "(?P<v>[^"]*)"',
        "Town",
        "type",
        'not an entity type: use one of Person, Country, City, Place, Organization, Treaty, Event, got "Town"',
    ),
    Break("places.jsonl", r'(?P<v>)"located_in":', '"locatedin": "x", ', "locatedin", UNKNOWN),
    Break("places.jsonl", r'(?P<v>, "type": "[^"]*")', "", "type", MISSING),
    Break("places.jsonl", r'"capital_of": (?P<v>"[^"]*")', '["country/x"]', "capital_of", STR_GOT_LIST),
    Break("quotes.json", r'(?P<v>)"after_verbs":', '"after_verb": [], ', "after_verb", UNKNOWN),
    Break("quotes.json", r'(?P<v>"stops": \[[^\]]*\],\s*)', "", "stops", MISSING, TOP),
    Break("quotes.json", r'"min_words": (?P<v>\d+)', '"3"', "min_words", INT_GOT_STR),
    Break("relations.jsonl", r'"object": \{(?P<v>)', '"max_gpa": 2, ', "object.max_gpa", UNKNOWN),
    Break("relations.jsonl", r'(?P<v>)"confidence":', '"confidance": 0.9, ', "confidance", UNKNOWN),
    Break("relations.jsonl", r'(?P<v>"trigger": \[[^\]]*\], )', "", "trigger", MISSING),
    Break("relations.jsonl", r'"subject": \{(?P<v>"side": "[a-z]+", )', "", "subject.side", MISSING),
    Break("relations.jsonl", r'"confidence": (?P<v>[\d.]+)', '"high"', "confidence", "expected a number, got a string"),
    Break("relations.jsonl", r'"object": \{[^{}]*"max_gap": (?P<v>\d+)', '"2"', "object.max_gap", INT_GOT_STR),
    Break(
        "relations.jsonl",
        r'"subject": \{"side": (?P<v>"[a-z]+")',
        '"lft"',
        "subject.side",
        "expected 'left', 'right', 'date' or 'previous', got \"lft\"",
    ),
    Break(
        "relations.jsonl", r'"symmetric": (?P<v>true)', '"true"', "symmetric", "expected true or false, got a string"
    ),
    Break("roles.jsonl", r'(?P<v>)"property":', '"propery": "x", ', "propery", UNKNOWN),
    Break("roles.jsonl", r'(?P<v>, "property": "[^"]*")', "", "property", MISSING),
    Break("roles.jsonl", r'"role": (?P<v>"[^"]*")', '["Presiden"]', "role", STR_GOT_LIST),
    Break("treaties.json", r'(?P<v>)"cue_window":', '"cue_windows": 6, ', "cue_windows", UNKNOWN),
    Break("treaties.json", r'"kinds": \[\s*\{\s*(?P<v>)', '"kin": "x", ', "kinds.0.kin", UNKNOWN),
    Break("treaties.json", r'(?P<v>"max_modifiers": \d+,\s*)', "", "max_modifiers", MISSING, TOP),
    Break(
        "treaties.json",
        r'"kinds": \[\s*\{\s*"kind": "[^"]*",\s*(?P<v>"label": "[^"]*",\s*)',
        "",
        "kinds.0.label",
        MISSING,
        r'"kinds": \[\s*(?P<v>\{)',
    ),
    Break(
        "treaties.json",
        r'"kinds": \[\s*\{\s*"kind": (?P<v>"[^"]*")',
        "true",
        "kinds.0.kind",
        "expected a string, got true",
    ),
    Break("treaties.json", r'"max_modifiers": (?P<v>\d+)', '"4"', "max_modifiers", INT_GOT_STR),
]


def _line_of(text: str, match: re.Match[str]) -> int:
    start = match.start("v") if "v" in match.re.groupindex else match.start()
    return text.count("\n", 0, start) + 1


def _broken(case: Break) -> tuple[str, int]:
    """The broken copy of `case.file` and the line its error must name."""
    text = _real(case.file)
    if case.file.endswith(".jsonl"):
        lines = text.split("\n")
        hits = [i for i, line in enumerate(lines) if re.search(case.find, line)]
        assert hits, f"{case.find!r} no longer matches kg/data/{case.file}: update the case"
        line = lines[hits[-1]]
        m = re.search(case.find, line)
        assert m is not None
        lines[hits[-1]] = line[: m.start("v")] + case.new + line[m.end("v") :]
        return "\n".join(lines), hits[-1] + 1
    m = re.search(case.find, text)
    assert m is not None, f"{case.find!r} no longer matches kg/data/{case.file}: update the case"
    anchor = re.search(case.at, text) if case.at else m
    assert anchor is not None
    return text[: m.start("v")] + case.new + text[m.end("v") :], _line_of(text, anchor)


def test_every_file_has_every_kind_of_break() -> None:
    kinds = {(c.file, c.problem if c.problem in (UNKNOWN, MISSING) else "type") for c in BREAKS}
    assert kinds == {(f, k) for f in FILES for k in (UNKNOWN, MISSING, "type")}


@pytest.mark.parametrize("case", BREAKS, ids=[f"{c.file}:{c.key}:{c.problem[:20]}" for c in BREAKS])
def test_a_broken_copy_names_file_line_and_key(case: Break) -> None:
    broken, line = _broken(case)
    assert broken != _real(case.file)
    _plain(case.file, broken)  # still valid JSON: the schema, not the parser, must refuse it
    with pytest.raises(DataError) as caught:
        _parse(case.file, broken)
    error = caught.value
    assert (error.file, error.line, error.key, error.problem) == (f"kg/data/{case.file}", line, case.key, case.problem)
    assert str(error).startswith(f"kg/data/{case.file} line {line}, key {case.key!r}: {case.problem}.")


ACCEPTED = [  # edits the schemas must let through: what the code reading the file accepts too
    ("relations.jsonl", r'"confidence": (?P<v>[\d.]+)', "1"),  # an integer where a number is expected
    ("countries.jsonl", r'"label_en": (?P<v>"[^"]*")', "null"),  # scripts/make_gazetteer.py may write null
    ("relations.jsonl", r'"subject": \{"side": "left", (?P<v>)', '"max_gap": 0, "starts": ["Universitas"], '),
]


@pytest.mark.parametrize(("name", "find", "new"), ACCEPTED)
def test_a_valid_edit_is_accepted(name: str, find: str, new: str) -> None:
    broken, _ = _broken(Break(name, find, new, "", ""))
    assert _parse(name, broken) == _plain(name, broken)


def test_the_first_problem_in_the_file_is_reported() -> None:
    text = _real("coref.json")
    text = re.sub(r'"window": \d+', '"window": "3"', text, count=1)  # pydantic reports this first…
    text = text.replace('"comment":', '"coment": "", "comment":', 1)  # …but this stands first in the file
    with pytest.raises(DataError) as caught:
        parse_json("coref.json", text)
    assert (caught.value.key, caught.value.line) == ("coment", 2)


# -- invalid JSON, and the locating helper ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "roles.jsonl",
            '{"role": "Presiden", "property": "leaderOf"}\n{"role": ',
            r"kg/data/roles\.jsonl line 2 is not valid",
        ),
        ("coref.json", '{"window": 3,\n}', r"kg/data/coref\.json is not valid JSON .*line 2"),
    ],
)
def test_invalid_json_names_the_file_and_line(name: str, text: str, message: str) -> None:
    with pytest.raises(ResourceError, match=message):
        _parse(name, text)


SAMPLE = '{\n "a": 1,\n "b": {"c": [10,\n   {"d": true}]},\n "e": []\n}'


@pytest.mark.parametrize(
    ("path", "line", "char"),
    [
        (("a",), 2, '"'),
        (("b", "c"), 3, '"'),
        (("b", "c", 1), 4, "{"),
        (("b", "c", 1, "d"), 4, '"'),
        (("b", "c", 1, "x"), 4, "{"),  # a missing key: where its object starts
        (("b", "x"), 3, "{"),
        (("e", 0), 5, "["),  # past the end of a list: the list
        (("z",), 1, "{"),
        ((), 1, "{"),
    ],
)
def test_locate_finds_the_key_of_a_path(path: tuple[str | int, ...], line: int, char: str) -> None:
    offset = locate(SAMPLE, path)
    assert SAMPLE.count("\n", 0, offset) + 1 == line
    assert SAMPLE[offset] == char
