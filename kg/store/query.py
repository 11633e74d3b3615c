"""SPARQL over a build: the embedded store, canned queries, and result formats.

The store is an Oxigraph database in the output folder (`OUTDIR/store`), written by every build
(chosen by measurement, see the README: on a 749-article graph it loads 7x and answers 70x
faster than rdflib). It holds the articles' named graphs and, as its default graph, their union
as a set, so a query written against graph.ttl gives the same answers. Canned queries ship as `.rq` files in kg/queries; their first
comment lines say what they answer. `--bind name=value` adds a `VALUES` block, so one canned
query serves any entity ("everything about one entity"). No query reaches the network: one that
names SERVICE (Oxigraph would send it to any host and port) is refused before it runs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, QueryError
from ..vocab import BKR

__all__ = [
    "QueryError",
    "CannedQuery",
    "Result",
    "canned_queries",
    "is_update",
    "refuse_network",
    "spreadsheet_safe",
    "csv_row",
    "open_store",
    "load_store",
    "run_query",
    "query",
    "with_bindings",
    "format_result",
    "FORMATS",
    "STORE_DIR",
]

STORE_DIR = "store"
_UPDATE = re.compile(
    r"^\s*(?:(?:#[^\n]*\n|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.I,
)
FORMATS = ("table", "csv", "tsv", "json")

# What a SPARQL lexer sets aside: comments, strings, IRIs (with \u escapes, as Oxigraph reads
# them) and variables. A `\` outside them goes with the next character (`ex:a\#b` is a prefixed
# name, not a comment). A comment ends at any line break: earlier than Oxigraph at worst, which
# can only refuse more.
_PN_CHARS_U = (
    "A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_VARNAME = f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_SET_ASIDE = re.compile(
    r"#[^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*"
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""'
    r"|'(?:[^'\\\n\r]|\\[\s\S])*'"
    r'|"(?:[^"\\\n\r]|\\[\s\S])*"'
    r'|<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>'
    rf"|[?$]{_VARNAME}"
    r"|\\[\s\S]"
)
_VARIABLE = re.compile(_VARNAME)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CannedQuery:
    name: str
    description: str
    text: str


@dataclass(frozen=True)
class Result:
    """A SELECT result as plain strings (a term's value; "" when unbound), or an ASK answer."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    boolean: bool | None = None


def is_update(text: str) -> bool:
    """Whether `text` is a SPARQL Update request (INSERT, DELETE, LOAD, CLEAR, DROP …)."""
    return bool(_UPDATE.match(text))


def refuse_network(text: str) -> None:
    """Raise `QueryError` if `text` names SERVICE (Oxigraph would send the query to any host and
    port, and wait for an answer without a time limit) or LOAD: in any case, spacing or group.

    Lexical, so nesting cannot hide it: strings, IRIs, comments and variables are set aside as a
    SPARQL lexer reads them, and what is left may not hold the word at all, not even inside a
    prefixed name (Oxigraph reads `SERVICE:x` as the keyword and a name): write that as an IRI."""
    rest = _SET_ASIDE.sub(" ", text)
    if re.search("service", rest, re.I):
        raise QueryError(
            "SERVICE is refused: a query may not reach other servers (a prefixed name holding "
            "the word 'service' is refused too: write it as a full <IRI>)"
        )
    if re.search(r"(?<![\w:])load(?![\w:])", rest, re.I):
        raise QueryError("LOAD is refused: the store is read-only and a query may not reach other servers")


def spreadsheet_safe(cell: str) -> str:
    """`cell` with a `'` before it if a spreadsheet would run it as a formula: if it starts with
    `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's rule against CSV injection). Applied
    to every cell alike, so a negative number comes out as `'-5`."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def csv_row(cells: Iterable[str], delimiter: str = ",") -> str:
    """One CSV (or, with a tab, TSV) line ending in \\n, every cell `spreadsheet_safe`. A row with a
    CR in a cell is quoted whole: `csv` leaves a CR bare, and a spreadsheet reads it as the start
    of a new row (whose first cell could then run)."""
    safe = [spreadsheet_safe(cell) for cell in cells]
    buf = io.StringIO()
    if any("\r" in cell for cell in safe):
        csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(safe)
    else:
        csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerow(safe)
    return buf.getvalue()


def canned_queries() -> dict[str, CannedQuery]:
    """The queries shipped in kg/store/queries, by name (file name without .rq)."""
    out = {}
    for item in sorted(resources.files("kg").joinpath("store", "queries").iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".rq"):
            continue
        text = item.read_text(encoding="utf-8")
        head = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            head.append(line.lstrip("# ").rstrip())
        out[item.name[:-3]] = CannedQuery(item.name[:-3], " ".join(head).strip(), text)
    return out


def load_store(trig: str | Path, path: str | Path | None = None) -> ox.Store:
    """A store holding a TriG file (on disk at `path`, else in memory): its named graphs, and in
    the default graph their union as a set (what graph.ttl holds), so that a query gives the same
    answers here as over graph.ttl; `GRAPH ?article { … }` still reaches one article."""
    store = ox.Store(str(path)) if path is not None else ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for q in list(store)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    )
    return store


def open_store(outdir: str | Path, *, in_memory: bool = False) -> ox.Store:
    """The store of a build folder, read-only; built from graph.trig if the folder has none.

    With `in_memory`, a copy in memory (for `kg serve --in-memory`): about 0.5 GB and 20 s to
    load per million quads, and queries that look up many statements about three times faster
    than on disk, where every index look-up is a RocksDB seek."""
    out = Path(outdir)
    if (out / STORE_DIR).is_dir():
        for attempt in (1, 2):
            # open the folder the link points to now, not the link: a build swapping in a new store
            # meanwhile cannot hand RocksDB files of two stores; if the old one was deleted while it
            # opened, the link already names the new one, so one more try
            target = (out / STORE_DIR).resolve()
            try:
                disk = ox.Store.read_only(str(target))
                break
            except OSError as exc:
                if attempt == 2 or target == (out / STORE_DIR).resolve():
                    raise InputError(
                        str(out / STORE_DIR), f"cannot open the store ({exc}); rebuild with `kg build`"
                    ) from exc
        if not in_memory:
            return disk
        memory = ox.Store()
        memory.bulk_extend(disk)
        return memory
    if (out / "graph.trig").is_file():
        return load_store(out / "graph.trig")
    raise InputError(str(out), "no store and no graph.trig here: build first (`kg build … -o FOLDER`)")


_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]|\s')
_SURROGATE = re.compile("[\ud800-\udfff]")
_STRING_ESCAPES = {
    **{i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)},
    **{ord(k): v for k, v in {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}.items()},
}


def _term(name: str, value: str) -> str:
    """`value` as SPARQL: an IRI (http:// or https://), an entity key's IRI (person/kim-jong-un) or a
    string literal. What cannot be written safely is refused, never patched: an IRI holding a
    space, a control character or one of <>"{}|^`\\ (it could close the IRI and add SPARQL)."""
    if _SURROGATE.search(value):
        raise QueryError(f"binding {name!r}: the value is not valid text (an undecodable byte?)")
    if value.startswith(("http://", "https://")) or ("/" in value and " " not in value):
        iri = value if value.startswith(("http://", "https://")) else str(BKR[value])
        if _IRI_UNSAFE.search(iri):
            raise QueryError(
                f"binding {name!r}: {value!r} cannot be an IRI: it holds a space, a control character "
                'or one of <>"{}|^`\\ (percent-encode them, e.g. %20 for a space)'
            )
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise QueryError(f"binding {name!r}: {value!r} is not a valid IRI ({exc})") from exc
        return f"<{iri}>"
    return '"' + value.translate(_STRING_ESCAPES) + '"'  # SPARQL's escapes, the rest as is


def with_bindings(text: str, bindings: dict[str, str]) -> str:
    """The query with a `VALUES (?a ?b) { (x y) }` block for the bindings (each an entity key, an
    IRI, or a plain string), first in its WHERE pattern. A name that is not a SPARQL variable name
    or a value that cannot be written safely (see `_term`) is a `QueryError` naming the binding."""
    if not bindings:
        return text
    names = sorted(bindings)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"binding {name!r}: not a SPARQL variable name (letters, digits and _ , as in ?entity)")
    values = " ".join(_term(n, bindings[n]) for n in names)
    clause = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({values}) }}"
    where = re.search(r"\bWHERE\s*\{", text, re.I)
    if where:  # inside the pattern, first: every engine takes that (Virtuoso refuses a trailing VALUES here)
        return text[: where.end()] + f"\n  {clause}" + text[where.end() :]
    return text.rstrip() + f"\n{clause}\n"


def run_query(store: ox.Store, text: str) -> Result | str:
    """SELECT/ASK → `Result`; CONSTRUCT/DESCRIBE → Turtle text. Updates are refused, and so is a
    query that would reach the network (SERVICE, see `refuse_network`), before it runs."""
    if is_update(text):
        raise QueryError("SPARQL Update is refused: the store is read-only; rebuild with `kg build` to change it")
    refuse_network(text)
    try:
        answer = store.query(text)
    except SyntaxError as exc:
        raise QueryError(f"the query does not parse: {exc}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    if isinstance(answer, ox.QueryBoolean):
        return Result(("ask",), ((str(bool(answer)).lower(),),), boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        columns = tuple(v.value for v in answer.variables)
        rows = tuple(tuple("" if s[c] is None else s[c].value for c in columns) for s in answer)
        return Result(columns, rows)
    buf = io.BytesIO()
    ox.serialize(answer, buf, ox.RdfFormat.TURTLE)
    return buf.getvalue().decode("utf-8")


def query(source: ox.Store | str | Path, text: str, bindings: dict[str, str] | None = None) -> Result | str:
    """Run `text` (with `bindings`, see `with_bindings`) over a store or a build folder's store:
    what `kg query` does. SELECT/ASK give a `Result`, CONSTRUCT/DESCRIBE Turtle text."""
    store = source if isinstance(source, ox.Store) else open_store(source)
    return run_query(store, with_bindings(text, bindings or {}))


def format_result(result: Result, fmt: str = "table") -> str:
    """A result as an aligned text table, CSV, TSV or SPARQL-JSON-like JSON. In CSV and TSV a cell
    that a spreadsheet would run as a formula gets a leading `'` (see `csv_row`)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "json":
        if result.boolean is not None:
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        bindings = [{c: v for c, v in zip(result.columns, row, strict=True) if v != ""} for row in result.rows]
        return (
            json.dumps(
                {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}},
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )
    if fmt in ("csv", "tsv"):
        delimiter = "," if fmt == "csv" else "\t"
        return "".join(csv_row(row, delimiter) for row in (result.columns, *result.rows))
    widths = [min(60, max([len(c), *(len(r[i]) for r in result.rows)])) for i, c in enumerate(result.columns)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            (c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    out = [line(result.columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in result.rows]
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"
