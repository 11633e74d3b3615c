"""`kg query` and `kg serve`: SPARQL over a build folder's store."""

from __future__ import annotations

import click

from .common import outdir_option

__all__ = ["query", "serve"]


QUERY_EPILOG = """\b
Examples:
  kg query --list
  kg query --name treaties
  kg query --name entity --bind entity=person/kim-jong-un
  kg query --name timeline --bind a=person/vladimir-putin --bind b=person/kim-jong-un
  kg query 'SELECT ?who ?where WHERE { ?who <https://w3id.org/berita-kg/ontology#visited> ?where }'
  kg query my-question.rq --format csv -d /tmp/kg > answer.csv
"""


@click.command(epilog=QUERY_EPILOG)
@click.argument("query", required=False)
@click.option("-n", "--name", help="Run a canned query by name (see --list).")
@click.option("--list", "list_", is_flag=True, help="List the canned queries, one line each.")
@outdir_option("The build folder whose store (or graph.trig) to query.")
@click.option(
    "-f",
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "csv", "tsv", "json"]),
    help="How to print a SELECT result.",
)
@click.option(
    "-b",
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a variable: an entity key (person/kim-jong-un), an IRI, or a string. Repeatable.",
)
def query(query: str | None, name: str | None, list_: bool, outdir: str, fmt: str, binds: tuple[str, ...]) -> None:
    """Run SPARQL over a build: QUERY is the query text or a .rq file.

    Queries see the union of the articles' named graphs. SELECT and ASK print in --format;
    CONSTRUCT and DESCRIBE print Turtle. The store is read-only: SPARQL Update is refused, and
    so is SERVICE (no query reaches the network).
    """
    from pathlib import Path

    from ..store.query import canned_queries, format_result
    from ..store.query import query as run_sparql

    canned = canned_queries()
    if list_:
        width = max(len(n) for n in canned)
        for n, q in canned.items():
            click.echo(f"{n.ljust(width)}  {q.description}")
        return
    if (query is None) == (name is None):
        raise click.UsageError("give a QUERY (text or .rq file) or --name NAME (see --list), not both.")
    if name is not None:
        if name not in canned:
            raise click.BadParameter(f"no canned query {name!r}; known: {', '.join(canned)}", param_hint="--name")
        text = canned[name].text
    else:
        assert query is not None
        path = Path(query)
        text = path.read_text(encoding="utf-8") if query.endswith(".rq") and path.is_file() else query
    bindings = {}
    for item in binds:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--bind")
        bindings[key.strip().lstrip("?")] = value.strip()
    answer = run_sparql(outdir, text, bindings)
    click.echo(answer if isinstance(answer, str) else format_result(answer, fmt), nl=False)


SERVE_EPILOG = """\b
Examples:
  kg serve                          # outputs/, http://127.0.0.1:7878/
  kg serve -d /tmp/kg --port 8890
  curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%205'
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

    GET or POST /sparql; results as SPARQL JSON, CSV, TSV or XML by the Accept header, Turtle for
    CONSTRUCT and DESCRIBE. SPARQL Update, SERVICE and LOAD are refused; each query has a time,
    row, byte and memory budget. Only requests that name this server (its address, localhost or
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
