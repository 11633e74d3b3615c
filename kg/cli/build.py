"""`kg build`, `kg remove` and `kg validate`: making a build folder and checking it."""

from __future__ import annotations

import sys

import click

from ..export.drawing import DEFAULT_DRAW, DRAW_CHOICES
from ..export.writers import OUTPUT_FILES
from ..ingest.files import MAX_FILE_BYTES
from ..ingest.readers import READERS
from ..nlp import DEFAULT_RECOGNIZER, RECOGNIZERS
from .common import log_to_stderr, outdir_option, verbose_option
from .common import progress as _progress

__all__ = ["build", "remove", "validate"]

BUILD_EPILOG = """\b
Examples:
  kg build examples/                 # the bundled example articles into outputs/
  kg build news/ extra.jsonl -o out  # folders are read recursively
  kg build page.html -o /tmp/kg      # a saved news page
  kg build news/ --workers 2         # two processes analyse articles
  kg build news/ --draw all          # graph.html and graph.graphml with every entity
  kg build news/ --engine dask --scheduler tcp://10.0.0.5:8786
"""


BUILD_HELP = f"""Build the knowledge graph from news files and folders.

PATHS are files ({", ".join(READERS)}) or folders, read recursively. Files that cannot
be read are skipped, listed in report.json with the reason, and warned about on stderr.

Builds are incremental: the articles of earlier builds into the same folder stay (an input
from the same file replaces its article; `kg remove` drops one), and an article whose text
has not changed is not analysed again.
"""


@click.command(epilog=BUILD_EPILOG, help=BUILD_HELP)
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
@verbose_option
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar and the stage under way (default: only when stderr is a terminal).",
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
    help="Processes that analyse articles in parallel (each loads the models: about 0.35 GB). "
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
    help="committee: five models vote (default, best F1); single: the primary model alone, the whole build "
    "about 1.5x faster on 2 cores (F1 0.833 instead of 0.859 on idner-news-2k dev; BENCHMARKS.md).",
)
@click.option(
    "--draw",
    type=click.Choice(DRAW_CHOICES),
    default=DEFAULT_DRAW,
    show_default=True,
    help="What graph.html and graph.graphml draw: facts, only the entities in at least one fact (report.json "
    "and the page say how many others there are); all, every entity, also those only mentioned. The RDF files "
    "hold every entity either way; changing it re-analyses nothing.",
)
@click.option(
    "--max-file-size",
    "max_mb",
    default=MAX_FILE_BYTES // 1_000_000,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="MB",
    help="A file larger than this many megabytes is reported as skipped and not read.",
)
def build(
    paths: tuple[str, ...],
    outdir: str,
    quiet: bool,
    verbose: bool,
    progress: bool | None,
    check: bool,
    fresh: bool,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    recognizer: str,
    draw: str,
    max_mb: int,
) -> None:
    """Build the knowledge graph (help: `BUILD_HELP`)."""
    from ..cache import load_cache, save_cache
    from ..engines import make_mapper
    from ..export.files import build_lock, write_outputs
    from ..pipeline import build as run_build

    show = sys.stderr.isatty() if progress is None else progress
    with (
        log_to_stderr(verbose=verbose, quiet=quiet, live=show),
        build_lock(outdir),
    ):  # checked before any analysis: no second build into the folder, -o a folder
        # --fresh forgets the earlier builds only when this one lands: save_cache keeps exactly its articles
        previous, cached = load_cache(outdir, recognizer) if not fresh else ([], {})
        bar = _progress(show and not quiet)
        mapper = make_mapper(engine, workers, scheduler, bar, recognizer=recognizer)
        result = run_build(
            paths,
            progress=bar,
            check=False,  # write_outputs validates, beside the writers
            previous=previous,
            cached=cached,
            mapper=mapper,
            recognizer=recognizer,
            max_file_bytes=max_mb * 1_000_000,
            draw=draw,
        )
        if result.built:
            write_outputs(
                result,
                outdir,
                before_swap=lambda: save_cache(outdir, result.articles, result.per_article, recognizer, draw=draw),
                check=check,
            )
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
            f"error: no article could be built from {report['skipped_count']} input record(s); nothing was written.",
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
            f"{report['skipped_count']} skipped{kept}; {inc.get('extracted', 0)} analysed): "
            f"{ents} entities, {facts} facts -> {outdir.rstrip('/')}/",
            err=True,
        )


VALIDATE_EPILOG = """\b
Examples:
  kg validate                 # outputs/graph.ttl
  kg validate /tmp/kg         # another build's folder
  kg validate graph.ttl       # any Turtle file
"""


@click.command(epilog=VALIDATE_EPILOG)
@click.argument("target", required=False, default="outputs", type=click.Path(exists=True, path_type=str))
def validate(target: str) -> None:
    """Check a built graph against the SHACL shapes of the ontology.

    TARGET is an output folder (its graph.ttl is read) or a Turtle file. Prints one line per
    violation (focus node, property, message) and exits 1 if there is any, 0 if the graph conforms.
    """
    from pathlib import Path

    from rdflib import Graph

    from ..rdf.validate import validate as run_validate

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


@click.command(epilog=REMOVE_EPILOG)
@click.argument("article_ids", nargs=-1, required=True)
@outdir_option("The build folder to remove the articles from.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
@verbose_option
def remove(article_ids: tuple[str, ...], outdir: str, quiet: bool, verbose: bool) -> None:
    """Remove articles from a build by id (see report.json) and rewrite every output.

    Nothing is analysed again: the graph is rebuilt from the other articles' cached extractions,
    and drawn as the folder's last build drew it (its --draw).
    """
    from ..cache import built_with, drawn_with, load_cache, save_cache
    from ..export.files import build_lock, write_outputs
    from ..pipeline import build_articles

    with log_to_stderr(verbose=verbose, quiet=quiet, live=sys.stderr.isatty()), build_lock(outdir):
        recognizer = built_with(outdir)  # the folder's own: its cached analyses stay valid
        draw = drawn_with(outdir)
        previous, cached = load_cache(outdir, recognizer)
        known = {a.id for a in previous}
        missing = [i for i in article_ids if i not in known]
        if missing:
            raise click.ClickException(f"no article {', '.join(missing)} in {outdir}; the ids are in its report.json")
        keep = [a for a in previous if a.id not in set(article_ids)]
        if not keep:
            raise click.ClickException(
                f"that would leave {outdir} with no article; build afresh instead (`kg build --fresh`)"
            )
        result = build_articles([], previous=keep, cached=cached, recognizer=recognizer, draw=draw, check=False)
        write_outputs(  # validates beside the writers, as kg build does
            result,
            outdir,
            before_swap=lambda: save_cache(outdir, result.articles, result.per_article, recognizer, draw=draw),
            check=True,
        )
    if not quiet:
        click.echo(
            f"removed {len(article_ids)} article(s); {result.report['articles_built']} left in {outdir}/", err=True
        )
