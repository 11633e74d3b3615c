"""The `kg` command line: a thin shell over the library.

Library errors become one-line messages; warnings about input go to stderr, one line each.
Exit status: 0 when at least one article was built, 1 when none was, 2 for usage errors.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO, TypeVar

import click

from . import __version__
from .errors import BeritaKGError
from .export.writers import OUTPUT_FILES
from .ingest.readers import READERS
from .nlp import DEFAULT_RECOGNIZER, RECOGNIZERS

T = TypeVar("T")

BUILD_EPILOG = """\b
Examples:
  kg build examples/                 # the bundled example articles into outputs/
  kg build news/ extra.jsonl -o out  # folders are read recursively
  kg build page.html -o /tmp/kg      # a saved news page
  kg build news/ --workers 2         # two processes analyse articles
  kg build news/ --engine dask --scheduler tcp://10.0.0.5:8786
"""


class _Group(click.Group):
    """The command group, and the one place where library errors become messages: a
    `BeritaKGError` from any command prints as one `Error:` line with exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BeritaKGError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n  kg build examples/ -o outputs/\n  kg entities sentences.txt\n  kg facts sentences.txt\n"
    "  kg build --help",
)
@click.version_option(__version__, "-V", "--version", prog_name="kg")
def cli() -> None:
    """Berita KG: knowledge graphs from Indonesian news.

    Reads articles (.txt scraped pages, .jsonl, .html), finds people, places, organisations
    and dates, extracts the facts between them and writes an RDF graph with sources.
    """


def _stdin() -> TextIO:
    """Standard input as UTF-8 text (click's stream; click 8.5's stubs type the function as `object`)."""
    stream: TextIO = click.get_text_stream("stdin", encoding="utf-8")  # type: ignore[operator,unused-ignore]
    return stream


def _progress(enabled: bool) -> Callable[[Iterable[T], int], Iterable[T]]:
    def wrap(items: Iterable[T], total: int) -> Iterable[T]:
        if not enabled:
            return items
        from tqdm import tqdm

        return tqdm(items, total=total, desc="extracting", unit="article", file=sys.stderr, leave=False)

    return wrap


BUILD_HELP = f"""Build the knowledge graph from news files and folders.

PATHS are files ({", ".join(READERS)}) or folders, read recursively. Files that cannot
be read are skipped, listed in report.json with the reason, and warned about on stderr.

Builds are incremental: the articles of earlier builds into the same folder stay (an input
from the same file replaces its article; `kg remove` drops one), and an article whose text
has not changed is not analysed again.
"""


@cli.command(epilog=BUILD_EPILOG, help=BUILD_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "-o",
    "--output",
    "outdir",
    default="outputs",
    show_default=True,
    type=click.Path(path_type=str),
    help=f"Folder to write {', '.join(OUTPUT_FILES)} and the SPARQL store (store/) into.",
)
@click.option("-q", "--quiet", is_flag=True, help="No warnings and no summary on stderr.")
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: only when stderr is a terminal)."
)
@click.option(
    "--validate/--no-validate",
    "check",
    default=True,
    show_default=True,
    help="Check the graph against the SHACL shapes (ontology/shapes.ttl); violations go to report.json.",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Forget the folder's earlier builds: only PATHS make the graph, and every article is analysed again.",
)
@click.option(
    "-w",
    "--workers",
    default=None,
    type=click.IntRange(min=1),
    help="Processes that analyse articles in parallel (each loads the models: about 0.3 GB). "
    "Default: one per core (at most 4) from 64 articles to analyse, one below that.",
)
@click.option(
    "--engine",
    default="local",
    show_default=True,
    type=click.Choice(["local", "dask"]),
    help="Where the analysis runs: local processes, or a Dask cluster.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="With --engine dask: the scheduler (tcp://host:8786); without it, a local cluster of --workers.",
)
@click.option(
    "--recognizer",
    type=click.Choice(RECOGNIZERS),
    default=DEFAULT_RECOGNIZER,
    help="committee: five models vote (default, best F1); single: the primary model alone, extraction about 2x faster (F1 0.80 instead of 0.86).",
)
def build(
    paths: tuple[str, ...],
    outdir: str,
    quiet: bool,
    progress: bool | None,
    check: bool,
    fresh: bool,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    recognizer: str,
) -> None:
    """Build the knowledge graph (help: `BUILD_HELP`)."""
    from .cache import clear_cache, load_cache, save_cache
    from .engines import make_mapper
    from .export.files import write_outputs
    from .pipeline import build as run_build

    show = sys.stderr.isatty() if progress is None else progress
    if fresh:
        clear_cache(outdir)
    previous, cached = load_cache(outdir, recognizer)
    bar = _progress(show and not quiet)
    mapper = make_mapper(engine, workers, scheduler, bar, recognizer=recognizer)
    result = run_build(
        paths, progress=bar, check=check, previous=previous, cached=cached, mapper=mapper, recognizer=recognizer
    )
    if result.built:
        write_outputs(result, outdir)
        save_cache(outdir, result.articles, result.per_article, recognizer)
    report = result.report
    if not quiet:
        for item in report["skipped"]:
            click.echo(f"warning: skipped {item['source']}: {item['reason']}", err=True)
        for warning in report["warnings"]:
            click.echo(f"warning: {warning}", err=True)
        if report.get("shacl", {}).get("violation_count"):
            click.echo(
                f"warning: the graph breaks {report['shacl']['violation_count']} SHACL constraint(s); "
                f"see report.json or run `kg validate {outdir}`",
                err=True,
            )
    if not result.built:
        click.echo(
            f"error: no article could be built from {len(report['skipped'])} input record(s); nothing was written.",
            err=True,
        )
        sys.exit(1)
    if not quiet:
        facts = sum(report["facts"].values())
        ents = sum(report["entities"].values())
        inc = report.get("incremental", {})
        kept = f", {inc['carried_over']} kept from earlier builds" if inc.get("carried_over") else ""
        click.echo(
            f"built {report['articles_built']} article(s) ({len(report['duplicates'])} duplicate(s), "
            f"{len(report['skipped'])} skipped{kept}; {inc.get('extracted', 0)} analysed): "
            f"{ents} entities, {facts} facts -> {outdir.rstrip('/')}/",
            err=True,
        )


ENTITIES_EPILOG = """\b
Examples:
  echo "Presiden Joko Widodo tiba di Tokyo." | kg entities
  kg entities sentences.txt > entities.jsonl
  kg entities --all sentences.txt     # country modifiers and actors too
"""


@cli.command(epilog=ENTITIES_EPILOG)
@click.argument("file", required=False, type=click.File("r", encoding="utf-8"))
@click.option(
    "--all",
    "all_mentions",
    is_flag=True,
    help="Every entity the graph uses, also countries as modifiers or actors ('warga Palestina').",
)
@click.option("--no-dates", is_flag=True, help="Leave Date entities out.")
def entities(file: TextIO | None, all_mentions: bool, no_dates: bool) -> None:
    """Recognize entities in plain text, one document a line (stdin when no FILE).

    Prints one JSON object a line, in input order: {"text": ..., "entities": [{"start", "end",
    "label", "text", "id"}]}, offsets in characters into that line. Labels: Person, Country,
    City, Place, Organization, Treaty, Date; "id" is the entity's key (a Date's is its value).
    """
    from .nlp.recognize import recognize

    stream = file if file is not None else _stdin()
    lines = (line.rstrip("\r\n") for line in stream)
    for record in recognize(lines, all_mentions=all_mentions, dates=not no_dates):
        click.echo(json.dumps(record, ensure_ascii=False))


VALIDATE_EPILOG = """\b
Examples:
  kg validate                 # outputs/graph.ttl
  kg validate /tmp/kg         # another build's folder
  kg validate graph.ttl       # any Turtle file
"""


@cli.command(epilog=VALIDATE_EPILOG)
@click.argument("target", required=False, default="outputs", type=click.Path(exists=True, path_type=str))
def validate(target: str) -> None:
    """Check a built graph against the SHACL shapes of the ontology.

    TARGET is an output folder (its graph.ttl is read) or a Turtle file. Prints one line per
    violation (focus node, property, message) and exits 1 if there is any, 0 if the graph conforms.
    """
    from pathlib import Path

    from rdflib import Graph

    from .rdf.validate import validate as run_validate

    path = Path(target)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        raise click.ClickException(f"{path} does not exist: build first (`kg build … -o {target}`).")
    try:
        graph = Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many kinds of parser errors
        raise click.ClickException(f"{path} is not valid Turtle: {exc}") from exc
    violations = run_validate(graph)
    for v in violations:
        click.echo(f"{v.severity}: {v.focus} {v.path}: {v.message}" + (f" (value: {v.value})" if v.value else ""))
    if violations:
        click.echo(f"{path}: {len(violations)} violation(s)", err=True)
        sys.exit(1)
    click.echo(f"{path}: conforms ({len(graph)} triples)", err=True)


REMOVE_EPILOG = """\b
Examples:
  kg remove 3f3121d51d1570a0              # from outputs/
  kg remove 3f3121d51d1570a0 -d /tmp/kg
"""


@cli.command(epilog=REMOVE_EPILOG)
@click.argument("article_ids", nargs=-1, required=True)
@click.option(
    "-d",
    "--dir",
    "outdir",
    default="outputs",
    show_default=True,
    type=click.Path(path_type=str),
    help="The build folder to remove the articles from.",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def remove(article_ids: tuple[str, ...], outdir: str, quiet: bool) -> None:
    """Remove articles from a build by id (see report.json) and rewrite every output.

    Nothing is analysed again: the graph is rebuilt from the other articles' cached extractions.
    """
    from .cache import load_cache, save_cache
    from .export.files import write_outputs
    from .pipeline import build_articles

    previous, cached = load_cache(outdir)
    known = {a.id for a in previous}
    missing = [i for i in article_ids if i not in known]
    if missing:
        raise click.ClickException(f"no article {', '.join(missing)} in {outdir}; the ids are in its report.json")
    keep = [a for a in previous if a.id not in set(article_ids)]
    if not keep:
        raise click.ClickException(
            f"that would leave {outdir} with no article; build afresh instead (`kg build --fresh`)"
        )
    result = build_articles([], previous=keep, cached=cached)
    write_outputs(result, outdir)
    save_cache(outdir, result.articles, result.per_article)
    if not quiet:
        click.echo(
            f"removed {len(article_ids)} article(s); {result.report['articles_built']} left in {outdir}/", err=True
        )


QUERY_EPILOG = """\b
Examples:
  kg query --list
  kg query --name treaties
  kg query --name entity --bind entity=person/kim-jong-un
  kg query --name timeline --bind a=person/vladimir-putin --bind b=person/kim-jong-un
  kg query 'SELECT ?who ?where WHERE { ?who <https://w3id.org/berita-kg/ontology#visited> ?where }'
  kg query my-question.rq --format csv -d /tmp/kg > answer.csv
"""


@cli.command(epilog=QUERY_EPILOG)
@click.argument("query", required=False)
@click.option("-n", "--name", help="Run a canned query by name (see --list).")
@click.option("--list", "list_", is_flag=True, help="List the canned queries, one line each.")
@click.option(
    "-d",
    "--dir",
    "outdir",
    default="outputs",
    show_default=True,
    type=click.Path(path_type=str),
    help="The build folder whose store (or graph.trig) to query.",
)
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
    CONSTRUCT and DESCRIBE print Turtle. The store is read-only: SPARQL Update is refused.
    """
    from pathlib import Path

    from .store.query import canned_queries, format_result
    from .store.query import query as run_sparql

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


@cli.command(epilog=SERVE_EPILOG)
@click.option(
    "-d",
    "--dir",
    "outdir",
    default="outputs",
    show_default=True,
    type=click.Path(path_type=str),
    help="The build folder whose store to serve.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless told).")
@click.option("--port", default=7878, show_default=True, type=int, help="Port to listen on (0: any free port).")
@click.option("--timeout", default=10.0, show_default=True, type=float, help="Seconds a query may run.")
@click.option("--max-rows", default=10_000, show_default=True, type=int, help="Rows a result may have.")
@click.option(
    "--in-memory",
    is_flag=True,
    help="Serve a copy of the store in memory: queries over many statements run about 3x faster; "
    "about 0.5 GB and 20 s to load per million quads.",
)
def serve(outdir: str, host: str, port: int, timeout: float, max_rows: int, in_memory: bool) -> None:
    """Serve the SPARQL 1.1 Protocol over a build, read-only, with a query page at /.

    GET or POST /sparql; results as SPARQL JSON, CSV, TSV or XML by the Accept header, Turtle for
    CONSTRUCT and DESCRIBE. SPARQL Update is refused. Stop with Ctrl-C.
    """
    from .store.query import open_store
    from .store.serve import make_server

    store = open_store(outdir, in_memory=in_memory)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can query the graph", err=True)
    try:
        server = make_server(store, host, port, timeout=timeout, max_rows=max_rows)
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); try another --port"
        ) from exc
    bound_host, bound_port = (str(part) for part in server.server_address[:2])
    click.echo(
        f"serving {outdir} at http://{bound_host}:{bound_port}/ (SPARQL endpoint /sparql); Ctrl-C stops", err=True
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


FACTS_EPILOG = """\b
Examples:
  echo "Presiden Joko Widodo berkunjung ke Tokyo pada Senin (3/7)." | kg facts --date 2023-07-05
  kg facts sentences.txt > facts.jsonl
"""


@cli.command(epilog=FACTS_EPILOG)
@click.argument("file", required=False, type=click.File("r", encoding="utf-8"))
@click.option(
    "--date",
    "published",
    default=None,
    help="Publication date of every line (ISO 8601 or a dateline such as '14 Juni 2023'): "
    "relative dates ('Senin (15/8)', 'Juli lalu') resolve against it.",
)
def facts(file: TextIO | None, published: str | None) -> None:
    """Extract facts from plain text, one document a line (stdin when no FILE).

    Prints one JSON object a line, in input order: {"text": ..., "facts": [{"subject",
    "predicate", "object", "date", "date_text", "modality", "confidence", "rule", "evidence"}]}.
    Subjects and objects are entity keys; the object of signedOn/enteredIntoForceOn is a date.
    """
    from .nlp.dates import parse_published
    from .pipeline import extract_text, fact_record

    when = parse_published(published) if published else None
    if published and when is None:
        raise click.BadParameter(
            f"{published!r} is not a date; give e.g. 2024-06-19 or '19 Juni 2024'.", param_hint="--date"
        )
    stream = file if file is not None else _stdin()
    for n, line in enumerate(stream, 1):
        text = line.rstrip("\r\n")
        found = extract_text(text, when, source=f"line {n}") if text.strip() else []
        click.echo(json.dumps({"text": text, "facts": [fact_record(f) for f in found]}, ensure_ascii=False))


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
