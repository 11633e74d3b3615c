"""The `kg` command group: its commands (one module per family) and the one place where library
errors become messages."""

from __future__ import annotations

from typing import Any

import click

from .. import __version__
from ..errors import BeritaKGError
from .build import build, remove, validate
from .sparql import find, query, serve
from .text import entities, facts

__all__ = ["cli", "main", "COMMANDS"]


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


#: Every command of `kg`.
COMMANDS: tuple[click.Command, ...] = (build, remove, validate, query, find, serve, entities, facts)
for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="kg")
