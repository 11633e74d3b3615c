"""SPARQL over a build: the embedded store, canned queries, and result formats.

The store is an Oxigraph database in the output folder (`OUTDIR/store`), written by every build
(chosen by measurement, see the README: on a 749-article graph it loads 7x and answers 70x
faster than rdflib). It holds the articles' named graphs and, as its default graph, their union
as a set, so a query written against graph.ttl gives the same answers. Canned queries ship as `.rq` files in kg/queries; their first
comment lines say what they answer. `--bind name=value` adds a `VALUES` block, so one canned
query serves any entity ("everything about one entity").
"""

from __future__ import annotations

import csv
import io
import json
import re
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
        try:
            disk = ox.Store.read_only(str(out / STORE_DIR))
            if not in_memory:
                return disk
            memory = ox.Store()
            memory.bulk_extend(disk)
            return memory
        except OSError as exc:
            raise InputError(str(out / STORE_DIR), f"cannot open the store ({exc}); rebuild with `kg build`") from exc
    if (out / "graph.trig").is_file():
        return load_store(out / "graph.trig")
    raise InputError(str(out), "no store and no graph.trig here: build first (`kg build … -o FOLDER`)")


def _term(value: str) -> str:
    if value.startswith(("http://", "https://")):
        return f"<{value}>"
    if "/" in value and " " not in value:
        return f"<{BKR[value]}>"  # an entity key: person/vladimir-putin
    return json.dumps(value, ensure_ascii=False)


def with_bindings(text: str, bindings: dict[str, str]) -> str:
    """The query with a `VALUES (?a ?b) { (x y) }` block for the bindings (each an entity key, an
    IRI, or a plain string), first in its WHERE pattern."""
    if not bindings:
        return text
    names = sorted(bindings)
    values = " ".join(_term(bindings[n]) for n in names)
    clause = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({values}) }}"
    where = re.search(r"\bWHERE\s*\{", text, re.I)
    if where:  # inside the pattern, first: every engine takes that (Virtuoso refuses a trailing VALUES here)
        return text[: where.end()] + f"\n  {clause}" + text[where.end() :]
    return text.rstrip() + f"\n{clause}\n"


def run_query(store: ox.Store, text: str) -> Result | str:
    """SELECT/ASK → `Result`; CONSTRUCT/DESCRIBE → Turtle text. Updates are refused."""
    if is_update(text):
        raise QueryError("SPARQL Update is refused: the store is read-only; rebuild with `kg build` to change it")
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
    """A result as an aligned text table, CSV, TSV or SPARQL-JSON-like JSON."""
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
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buf.getvalue()
    widths = [min(60, max([len(c), *(len(r[i]) for r in result.rows)])) for i, c in enumerate(result.columns)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            (c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    out = [line(result.columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in result.rows]
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"
