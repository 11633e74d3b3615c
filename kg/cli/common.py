"""What the commands share: standard input as text, the progress bar."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO, TypeVar

import click

__all__ = ["stdin", "progress", "outdir_option"]

T = TypeVar("T")


def stdin() -> TextIO:
    """Standard input as UTF-8 text (click's stream; click 8.5's stubs type the function as `object`)."""
    stream: TextIO = click.get_text_stream("stdin", encoding="utf-8")  # type: ignore[operator,unused-ignore]
    return stream


def progress(enabled: bool) -> Callable[[Iterable[T], int], Iterable[T]]:
    """A progress bar on stderr over the items (or the items alone when not `enabled`)."""

    def wrap(items: Iterable[T], total: int) -> Iterable[T]:
        if not enabled:
            return items
        from tqdm import tqdm

        return tqdm(items, total=total, desc="extracting", unit="article", file=sys.stderr, leave=False)

    return wrap


def outdir_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`-d/--dir OUTDIR` (default outputs/): the build folder a command reads."""
    return click.option(
        "-d", "--dir", "outdir", default="outputs", show_default=True, type=click.Path(path_type=str), help=help
    )
