"""SPARQL over a build: the embedded store, canned queries, their binds, and result formats.

The store is an Oxigraph database in the output folder (`OUTDIR/store`), written by every build
(chosen by measurement, see the README: on a 749-article graph it loads 7x and answers 70x
faster than rdflib). It holds the articles' named graphs and, as its default graph, their union
as a set, so a query written against graph.ttl gives the same answers. Canned queries ship as
`.rq` files in kg/store/queries; their first comment lines say what they answer, and `# bind`
lines declare the variables a caller may or must give (see `Bind`). `--bind name=value` adds a
`VALUES` block, so one canned query serves any entity ("everything about one entity"); an entity
may be given by key, IRI or name (`kg.store.entities`). Results come out as a text table or in
the SPARQL 1.1 result formats, written by pyoxigraph (`kg.store.results`). No query reaches the
network: one that names SERVICE (Oxigraph would send it to any host and port) is refused before
it runs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, QueryError
from ..vocab import BKR
from .results import RESULT_FORMATS, serialize_answer, spreadsheet_safe

__all__ = [
    "QueryError",
    "BindingError",
    "Bind",
    "CannedQuery",
    "Result",
    "canned_queries",
    "declared_binds",
    "is_update",
    "refuse_network",
    "spreadsheet_safe",
    "open_store",
    "load_store",
    "execute",
    "run_query",
    "query",
    "query_results",
    "bind_query",
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
#: `kg query --format`: a text table for the terminal, or a SPARQL 1.1 result format.
FORMATS = ("table", *RESULT_FORMATS)

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
# `# bind entity (required): …` or `# bind a, b (optional, together): …` in a query's header
_BIND_LINE = re.compile(r"#\s*bind\s+(?P<names>[^(:]+?)\s*\((?P<flags>[^)]*)\)\s*:?\s*(?P<doc>.*)$", re.I)
_TERMINAL_UNSAFE = str.maketrans({i: " " for i in (*range(0x20), *range(0x7F, 0xA0))})
_BIND_FLAGS = {"required", "optional", "together", "entity", "text"}


class BindingError(QueryError):
    """The binds given do not fit what the query declares: one it needs is missing, one it does
    not take was given, or one of a pair that goes together came alone (a usage error)."""


@dataclass(frozen=True)
class Bind:
    """A variable a query declares in its header, e.g. `# bind entity (required): the entity`.

    `required`: the query is meaningless without it (`kg query` refuses to run it unbound).
    `together`: the names on one line are given all or none. `entity` (the default, else
    `text`): the value names an entity, by key, IRI or name, and is resolved in the store."""

    name: str
    required: bool
    entity: bool = True
    together: tuple[str, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class CannedQuery:
    name: str
    description: str
    text: str
    binds: tuple[Bind, ...] = ()


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


def _header(text: str) -> list[str]:
    """The comment lines a query starts with."""
    head = []
    for line in text.lstrip("\ufeff").splitlines():
        if not line.startswith("#"):
            break
        head.append(line)
    return head


def declared_binds(text: str) -> tuple[Bind, ...] | None:
    """The binds a query's header declares (`# bind NAME[, NAME…] (FLAGS): what it is`, FLAGS
    `required` or `optional`, and `together`, `entity` or `text`), or None if it declares none. A
    malformed line is a `QueryError` naming it."""
    binds: list[Bind] = []
    for line in _header(text):
        if not re.match(r"#\s*bind\s", line, re.I):
            continue
        m = _BIND_LINE.match(line)
        flags = {f.strip().lower() for f in m.group("flags").split(",")} if m else set()
        names = tuple(n.strip().lstrip("?$") for n in m.group("names").split(",")) if m else ()
        if (
            m is None
            or not flags <= _BIND_FLAGS
            or len(flags & {"required", "optional"}) != 1
            or {"entity", "text"} <= flags
            or not all(_VARIABLE.fullmatch(n) for n in names)
        ):
            raise QueryError(
                f"bad bind declaration {line.strip()!r}: write `# bind NAME[, NAME…] (required|optional"
                "[, together][, text]): what it is`"
            )
        together = names if "together" in flags and len(names) > 1 else ()
        for name in names:
            binds.append(Bind(name, "required" in flags, "text" not in flags, together, m.group("doc").strip()))
    return tuple(binds) if binds else None


def canned_queries() -> dict[str, CannedQuery]:
    """The queries shipped in kg/store/queries, by name (file name without .rq): what each answers
    (its header's comment lines, but for `# bind` lines) and the binds it declares."""
    out = {}
    for item in sorted(resources.files("kg").joinpath("store", "queries").iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".rq"):
            continue
        text = item.read_text(encoding="utf-8")
        head = [line.lstrip("# ").rstrip() for line in _header(text) if not re.match(r"#\s*bind\s", line, re.I)]
        name = item.name[:-3]
        out[name] = CannedQuery(name, " ".join(head).strip(), text, declared_binds(text) or ())
    return out


#: Quads per bulk-load call (see `load_store`): 50,000 keep the load under 100 MB and as fast as
#: one call (graph.trig of the whole corpus, 487,843 quads: 4.2 s; one call: 4.1 s and 600 MB).
LOAD_CHUNK = 50_000


def load_store(trig: str | Path, path: str | Path | None = None) -> ox.Store:
    """A store holding a TriG file (on disk at `path`, else in memory): its named graphs, and in
    the default graph their union as a set (what graph.ttl holds), so that a query gives the same
    answers here as over graph.ttl; `GRAPH ?article { … }` still reaches one article."""
    store = ox.Store(str(path)) if path is not None else ox.Store()
    # one streamed pass: each quad and its copy in the default graph go in as they are parsed (the
    # same blank nodes in both), a chunk at a time: Oxigraph's bulk loader holds a whole call's
    # quads in memory (about 2 KB each), so one call for the whole file grew with the corpus
    quads = _with_union(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    while chunk := list(islice(quads, LOAD_CHUNK)):
        store.bulk_extend(chunk)
    if path is not None:
        # one compaction merges the chunks' files: without it a look-up checks each of them, and
        # the whole-graph queries ran 30% slower (on the whole corpus: 0.9 s, and as fast as one call)
        store.optimize()
    return store


def _with_union(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad, then, if it is in a named graph, its copy in the default graph."""
    default = ox.DefaultGraph()
    for q in quads:
        yield q
        if not isinstance(q.graph_name, ox.DefaultGraph):
            yield ox.Quad(q.subject, q.predicate, q.object, default)


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


#: Where a canned query wants its VALUES block (see `with_bindings`): a comment line of its own.
_BINDS_HERE = re.compile(r"^([ \t]*)# \(binds\)[ \t]*$", re.M)


def with_bindings(text: str, bindings: dict[str, str]) -> str:
    """The query with a `VALUES (?a ?b) { (x y) }` block for the bindings (each an entity key, an
    IRI, or a plain string): at every `# (binds)` line of the query, else first in its WHERE
    pattern. (Oxigraph joins a VALUES block first in WHERE with a UNION only after evaluating the
    union whole; one inside each branch starts each from the bound entity: offices.rq, 10 ms
    instead of 100 on 16 copies of the corpus.) A name that is not a SPARQL variable name or a
    value that cannot be written safely (see `_term`) is a `QueryError` naming the binding."""
    if not bindings:
        return text
    names = sorted(bindings)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"binding {name!r}: not a SPARQL variable name (letters, digits and _ , as in ?entity)")
    values = " ".join(_term(n, bindings[n]) for n in names)
    clause = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({values}) }}"
    if _BINDS_HERE.search(text):
        return _BINDS_HERE.sub(lambda m: m.group(1) + clause, text)
    where = re.search(r"\bWHERE\s*\{", text, re.I)
    if where:  # inside the pattern, first: every engine takes that (Virtuoso refuses a trailing VALUES here)
        return text[: where.end()] + f"\n  {clause}" + text[where.end() :]
    return text.rstrip() + f"\n{clause}\n"


def execute(store: ox.Store, text: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run `text` and give Oxigraph's answer. Updates are refused, and so is a query that would
    reach the network (SERVICE, see `refuse_network`), before it runs; a query that does not parse
    or fails is a `QueryError` with Oxigraph's message (a syntax error with its line and column)."""
    if is_update(text):
        raise QueryError("SPARQL Update is refused: the store is read-only; rebuild with `kg build` to change it")
    refuse_network(text)
    try:
        return store.query(text)
    except SyntaxError as exc:
        raise QueryError(f"the query does not parse: {exc}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc


def run_query(store: ox.Store, text: str) -> Result | str:
    """SELECT/ASK → `Result` (each value as a plain string); CONSTRUCT/DESCRIBE → Turtle text.
    Refused or failing queries raise `QueryError` (see `execute`)."""
    answer = execute(store, text)
    try:
        if isinstance(answer, ox.QueryBoolean):
            return Result(("ask",), ((str(bool(answer)).lower(),),), boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            columns = tuple(v.value for v in answer.variables)
            rows = tuple(tuple("" if s[c] is None else s[c].value for c in columns) for s in answer)
            return Result(columns, rows)
        buf = io.BytesIO()
        ox.serialize(answer, buf, ox.RdfFormat.TURTLE)
        return buf.getvalue().decode("utf-8")
    except (OSError, ValueError, RuntimeError) as exc:  # raised while the solutions are computed
        raise QueryError(f"the query failed: {exc}") from exc


def bind_query(store: ox.Store, query: CannedQuery | str, bindings: dict[str, str] | None = None) -> str:
    """The query's text with `bindings` in a `VALUES` block (see `with_bindings`).

    A query that declares its binds (a canned query, or a text with `# bind` lines, see
    `declared_binds`) is held to them: a required one missing, an undeclared one given or half of
    a pair that goes together is a `BindingError`, and each entity bind is resolved in `store`
    from a key (`kim-jong-un`, `person/kim-jong-un`), an IRI or a name (`resolve_entity`: nothing
    found or several found is an `EntityError` that says so). A query declaring nothing takes any
    bind, its value as `with_bindings` reads it (an IRI, an entity key with a `/`, else a string)."""
    bindings = dict(bindings or {})
    if isinstance(query, CannedQuery):
        text, binds, what = query.text, query.binds, f"canned query {query.name!r}"
    else:
        found = declared_binds(query)
        if found is None:
            return with_bindings(query, bindings)
        text, binds, what = query, found, "this query"
    declared = {b.name: b for b in binds}
    unknown = sorted(set(bindings) - set(declared))
    if unknown:
        takes = ", ".join(f"--bind {n}=…" for n in declared) if declared else "no --bind"
        raise BindingError(f"{what} has no variable {', '.join(map(repr, unknown))} to bind: it takes {takes}")
    missing = [b.name for b in binds if b.required and b.name not in bindings]
    if missing:
        doc = declared[missing[0]].doc
        raise BindingError(
            f"{what} needs {' and '.join(f'--bind {n}=…' for n in missing)}" + (f" ({doc})" if doc else "")
        )
    for b in binds:
        given = [n for n in b.together if n in bindings]
        if given and len(given) < len(b.together):
            raise BindingError(
                f"{what} takes {' and '.join(f'--bind {n}=…' for n in b.together)} together: "
                f"{', '.join(n for n in b.together if n not in bindings)} is missing"
            )
    if any(declared[n].entity for n in bindings):
        from .entities import resolve_entity

        for name, value in bindings.items():
            if declared[name].entity:
                bindings[name] = resolve_entity(store, value, what=f"--bind {name}")
    return with_bindings(text, bindings)


def _store(source: ox.Store | str | Path) -> ox.Store:
    return source if isinstance(source, ox.Store) else open_store(source)


def query(
    source: ox.Store | str | Path, text: CannedQuery | str, bindings: dict[str, str] | None = None
) -> Result | str:
    """Run `text` (with `bindings`, see `bind_query`) over a store or a build folder's store: what
    `kg query` does. SELECT/ASK give a `Result`, CONSTRUCT/DESCRIBE Turtle text."""
    store = _store(source)
    return run_query(store, bind_query(store, text, bindings))


def query_results(
    source: ox.Store | str | Path, text: CannedQuery | str, fmt: str, bindings: dict[str, str] | None = None
) -> tuple[bytes, str]:
    """Run `text` as `query` does and give (the answer, its media type): SELECT and ASK in the
    SPARQL 1.1 result format `fmt` (json, xml, csv or tsv), written by pyoxigraph; CONSTRUCT and
    DESCRIBE as Turtle. What `kg query --format json|xml|csv|tsv` prints."""
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}: use one of {', '.join(RESULT_FORMATS)}")
    store = _store(source)
    answer = execute(store, bind_query(store, text, bindings))
    try:
        return serialize_answer(answer, fmt)
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc


def format_result(result: Result, fmt: str = "table") -> str:
    """A result as an aligned text table for the terminal (long values cut at 60 characters, line
    breaks and other control characters as spaces, a row count at the end). The SPARQL result formats come from `query_results`."""
    if fmt != "table":
        raise QueryError(f"format_result writes a table; for {fmt!r} use query_results (SPARQL result formats)")
    widths = [min(60, max([len(c), *(len(r[i]) for r in result.rows)])) for i, c in enumerate(result.columns)]

    def line(cells: tuple[str, ...]) -> str:
        cells = tuple(c.translate(_TERMINAL_UNSAFE) for c in cells)
        return "  ".join(
            (c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    out = [line(result.columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in result.rows]
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"
