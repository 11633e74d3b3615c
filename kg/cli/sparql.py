"""`kg query`, `kg find` and `kg serve`: SPARQL over a build folder's store, and its entities by name."""

from __future__ import annotations

import click

from .common import outdir_option, stdout_bytes

__all__ = ["query", "serve", "find"]


QUERY_EPILOG = """\b
Examples:
  kg query --list
  kg query --name treaties
  kg query --name entity --bind entity=person/kim-jong-un
  kg query --name entity --bind entity=kim-jong-un          # a key alone, when one type has it
  kg query --name entity --bind 'entity=Kim Jong Un'        # or a name (any label, any case)
  kg query --name timeline --bind a=vladimir-putin --bind b=kim-jong-un --format csv
  kg query 'SELECT ?who ?where WHERE { ?who <https://w3id.org/berita-kg/ontology#visited> ?where }'
  kg query my-question.rq --format json -d /tmp/kg > answer.srj

\b
Formats: table (for the terminal: long values cut, a row count) or a SPARQL 1.1 result format,
written by pyoxigraph: json (application/sparql-results+json), xml, csv, tsv. In csv a cell a
spreadsheet would run as a formula gets a leading '. CONSTRUCT and DESCRIBE print Turtle.
"""


def _binds_line(binds: tuple[object, ...]) -> str:
    from ..store.query import Bind

    parts = []
    for b in binds:
        assert isinstance(b, Bind)
        parts.append(f"--bind {b.name}=… ({'required' if b.required else 'optional'})")
    return f" [{', '.join(parts)}]" if parts else ""


@click.command(epilog=QUERY_EPILOG)
@click.argument("query", required=False)
@click.option("-n", "--name", help="Run a canned query by name (see --list).")
@click.option("--list", "list_", is_flag=True, help="List the canned queries, one line each, with the binds they take.")
@outdir_option("The build folder whose store (or graph.trig) to query.")
@click.option(
    "-f",
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "json", "xml", "csv", "tsv"]),
    help="How to print a SELECT or ASK result: a text table, or a SPARQL 1.1 result format (json, xml, csv, tsv).",
)
@click.option(
    "-b",
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a variable. For a canned query's entity (see --list): a key (person/kim-jong-un, or "
    "kim-jong-un), an IRI or a name; otherwise an IRI, an entity key with a / or a string. Repeatable.",
)
def query(query: str | None, name: str | None, list_: bool, outdir: str, fmt: str, binds: tuple[str, ...]) -> None:
    """Run SPARQL over a build: QUERY is the query text or a .rq file.

    Queries see the union of the articles' named graphs. SELECT and ASK print in --format;
    CONSTRUCT and DESCRIBE print Turtle. A canned query declares the variables it takes (--list):
    one it needs but is not given, or one it does not take, is a usage error; an entity given by
    name or key that fits none or several entities is an error that says which (`kg find` lists
    them). The store is read-only: SPARQL Update is refused, and so is SERVICE (no query reaches
    the network).
    """
    from pathlib import Path

    from ..store.query import BindingError, CannedQuery, canned_queries, format_result, query_results
    from ..store.query import query as run_sparql

    canned = canned_queries()
    if list_:
        width = max(len(n) for n in canned)
        for n, q in canned.items():
            click.echo(f"{n.ljust(width)}  {q.description}{_binds_line(q.binds)}")
        return
    if (query is None) == (name is None):
        raise click.UsageError("give a QUERY (text or .rq file) or --name NAME (see --list), not both.")
    chosen: CannedQuery | str
    if name is not None:
        if name not in canned:
            raise click.BadParameter(f"no canned query {name!r}; known: {', '.join(canned)}", param_hint="--name")
        chosen = canned[name]
    else:
        assert query is not None
        path = Path(query)
        chosen = path.read_text(encoding="utf-8") if query.endswith(".rq") and path.is_file() else query
    bindings = {}
    for item in binds:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--bind")
        bindings[key.strip().lstrip("?")] = value.strip()
    try:
        if fmt == "table":
            answer = run_sparql(outdir, chosen, bindings)
            click.echo(answer if isinstance(answer, str) else format_result(answer), nl=False)
            return
        data, _ = query_results(outdir, chosen, fmt, bindings)
    except BindingError as exc:
        raise click.UsageError(str(exc)) from exc
    out = stdout_bytes()
    out.write(data if data.endswith(b"\n") else data + b"\n")
    out.flush()


FIND_EPILOG = """\b
Examples:
  kg find putin
  kg find 'kim jong'            # case, accents and punctuation aside: also "Kim Jong-un"
  kg find korea -d /tmp/kg --limit 10
"""


@click.command(epilog=FIND_EPILOG)
@click.argument("name")
@outdir_option("The build folder whose store (or graph.trig) to search.")
@click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(min=1), help="Show at most this many entities."
)
def find(name: str, outdir: str, limit: int) -> None:
    """List the entities one of whose names holds NAME: their keys (for --bind), types and names.

    Every name counts (rdfs:label, skos:prefLabel, skos:altLabel, in any language) and the key
    too; case, accents and punctuation are set aside. Whole names come first, then names that
    start with NAME, then the rest. Finding nothing is no error: it says so on stderr, exit 0.
    """
    from ..store.entities import find_entities
    from ..store.query import Result, format_result, open_store

    found = find_entities(open_store(outdir), name, limit=limit + 1)
    if not found:
        click.echo(f"no entity matches {name!r} (by any name or key; case and accents aside)", err=True)
        return
    rows = tuple(
        (e.key, ", ".join(e.types), " | ".join(f"{text} ({lang})" if lang else text for text, lang in e.labels))
        for e in found[:limit]
    )
    table = format_result(Result(("key", "types", "names"), rows)).splitlines()
    table[-1] = f"({len(rows)} {'entity' if len(rows) == 1 else 'entities'})"
    click.echo("\n".join(table))
    if len(found) > limit:
        click.echo(f"more entities match: raise --limit (now {limit}) or give more of the name", err=True)


SERVE_EPILOG = """\b
Examples:
  kg serve                          # outputs/, http://127.0.0.1:7878/
  kg serve -d /tmp/kg --port 8890
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/sparql
  curl -H 'Accept: application/sparql-results+json' 'http://127.0.0.1:7878/sparql?query=ASK%7B%7D'

\b
Results (by the Accept header; written by pyoxigraph, as `kg query --format` writes them):
  application/sparql-results+json (the default), application/sparql-results+xml, text/csv,
  text/tab-separated-values; text/turtle for CONSTRUCT and DESCRIBE. A result cut at --max-rows
  says so in the X-Berita-KG-Truncated header. In CSV a cell a spreadsheet would run as a formula
  gets a leading '.
"""


@click.command(epilog=SERVE_EPILOG)
@outdir_option("The build folder whose store to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless told).")
@click.option(
    "--port",
    default=7878,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0, 3600, min_open=True),
    help="Seconds a query may run; then it is stopped (503).",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows (or CONSTRUCT/DESCRIBE triples) a result may have; the rest is cut, and the answer says so.",
)
@click.option(
    "--max-bytes",
    default=16_000_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Bytes a serialized result may have; a query whose result grows past it is stopped (500).",
)
@click.option(
    "--max-memory",
    default=512,
    show_default=True,
    type=click.IntRange(min=16),
    metavar="MB",
    help="Megabytes of memory a query may take (each query runs in a process of its own; past it, 500).",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also serve requests whose Host header names NAME (by default only the address listened on "
    "and localhost: this stops DNS rebinding). Repeatable.",
)
@click.option(
    "--in-memory",
    is_flag=True,
    help="Serve a copy of the store in memory: queries over many statements run about 3x faster; "
    "about 0.5 GB and 20 s to load per million quads.",
)
def serve(
    outdir: str,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_bytes: int,
    max_memory: int,
    allow_hosts: tuple[str, ...],
    in_memory: bool,
) -> None:
    """Serve the SPARQL 1.1 Protocol over a build, read-only, with a query page at /.

    GET or POST /sparql; results in the SPARQL 1.1 formats (JSON, XML, CSV, TSV, written by
    pyoxigraph) by the Accept header, Turtle for CONSTRUCT and DESCRIBE. The canned queries are on
    the page at /, unbound: add a VALUES block for an entity (`kg find NAME` gives its key).
    SPARQL Update, SERVICE and LOAD are refused; each query has a time, row, byte and memory
    budget. Only requests that name this server (its address, localhost or
    an --allow-host NAME) and come from no other site's page are served. Stop with Ctrl-C.
    """
    from ..store.query import open_store
    from ..store.serve import make_server

    store = open_store(outdir, in_memory=in_memory)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can query the graph", err=True)
    try:
        server = make_server(
            store,
            host,
            port,
            timeout=timeout,
            max_rows=max_rows,
            max_bytes=max_bytes,
            max_memory=max_memory * 1_000_000,
            allow_hosts=allow_hosts,
        )
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); try another --port"
        ) from exc
    bound_host, bound_port = (str(part) for part in server.server_address[:2])
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(f"serving {outdir} at http://{shown}:{bound_port}/ (SPARQL endpoint /sparql); Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
