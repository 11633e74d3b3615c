"""What the commands share: standard input as text, the progress bar, the library's log on
stderr (`log_to_stderr`)."""

from __future__ import annotations

import codecs
import io
import logging
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO, TextIO, TypeVar

import click

__all__ = ["stdin", "stdout_bytes", "progress", "outdir_option", "log_to_stderr", "verbose_option"]

T = TypeVar("T")


def stdin() -> TextIO:
    """Standard input as UTF-8 text, whatever the locale (click 8.5 deprecates its own helper)."""
    stream = sys.stdin
    if isinstance(stream, io.TextIOWrapper) and codecs.lookup(stream.encoding).name != "utf-8":
        stream.reconfigure(encoding="utf-8")
    return stream


def stdout_bytes() -> BinaryIO:
    """Standard output for bytes, after what was written to it as text."""
    sys.stdout.flush()
    return sys.stdout.buffer


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


def verbose_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """`-v/--verbose`: every stage on its own line, with the seconds it took."""
    return click.option(
        "-v", "--verbose", is_flag=True, help="Say what each stage does and how long it takes, one line each."
    )(f)


class _StderrHandler(logging.Handler):
    """The `kg` log on stderr. `live` (a terminal, no --verbose): each stage replaces the last on
    one status line, cleared at the end; otherwise one line a record, with the seconds since the
    start."""

    def __init__(self, stream: TextIO, *, live: bool) -> None:
        super().__init__()
        self.stream, self.live, self.start, self.pending = stream, live, time.perf_counter(), False

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if self.live and record.levelno < logging.WARNING:
                width = max(20, shutil.get_terminal_size().columns - 1)
                self.stream.write(f"\r\x1b[K{message[:width]}")
                self.pending = True
            else:
                self.clear()
                self.stream.write(f"[{time.perf_counter() - self.start:7.1f} s] {message}\n")
            self.stream.flush()
        except Exception:  # a closed terminal must not stop the build
            self.handleError(record)

    def clear(self) -> None:
        """Clear the status line, if one is shown."""
        if self.pending:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.pending = False


@contextmanager
def log_to_stderr(*, verbose: bool, quiet: bool, live: bool) -> Iterator[None]:
    """Show the library's log (the `kg` logger, standard `logging`) on stderr while the block
    runs: with `verbose` every record down to DEBUG on its own line; else on a terminal (`live`)
    the stages as one status line; else only warnings; with `quiet` only errors."""
    logger = logging.getLogger("kg")
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.INFO if live else logging.WARNING
    handler = _StderrHandler(sys.stderr, live=live and not verbose)
    handler.setLevel(level)
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(min(level, old) if old else level)
    try:
        yield
    finally:
        handler.clear()
        logger.removeHandler(handler)
        logger.setLevel(old)
