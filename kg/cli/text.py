"""`kg entities` and `kg facts`: the analysis of plain text, one document a line, as JSON lines."""

from __future__ import annotations

import json
from typing import TextIO

import click

from .common import stdin as _stdin

__all__ = ["entities", "facts"]


ENTITIES_EPILOG = """\b
Examples:
  echo "Presiden Joko Widodo tiba di Tokyo." | kg entities
  kg entities sentences.txt > entities.jsonl
  kg entities --all sentences.txt     # country modifiers and actors too
"""


@click.command(epilog=ENTITIES_EPILOG)
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
    City, Place, Organization, Treaty, Date, and with --all Event; "id" is the entity's key (a
    Date's is its value).
    """
    from ..nlp.recognize import recognize

    stream = file if file is not None else _stdin()
    lines = (line.rstrip("\r\n") for line in stream)
    for record in recognize(lines, all_mentions=all_mentions, dates=not no_dates):
        click.echo(json.dumps(record, ensure_ascii=False))


FACTS_EPILOG = """\b
Examples:
  echo "Presiden Joko Widodo berkunjung ke Tokyo pada Senin (3/7)." | kg facts --date 2023-07-05
  kg facts sentences.txt > facts.jsonl
"""


@click.command(epilog=FACTS_EPILOG)
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
    "predicate", "object", "modality", "confidence", "rule", "evidence"}]}, with, when they apply:
    "date" and "date_text" (a dated fact), "end_date" (a range), "role" and "former" (an office),
    "reported_on" (the date of a saying), "quote", "quote_type" and "about" (what was said),
    "penalty" (a sentence), "verb" (relatedTo). Subjects, objects and "about" are entity keys;
    the object of signedOn/enteredIntoForceOn is a date, the object of said is empty.
    """
    from ..nlp.dates import parse_published
    from ..pipeline import extract_text, fact_record

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
