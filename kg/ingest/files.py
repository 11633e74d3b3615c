"""Reading the inputs: walking files and folders, one reader per file (`kg.ingest.readers.READERS`),
long texts cut into parts. The only stage that touches the input disk.

Bad input never raises out of `read_inputs`: each problem becomes a `Skipped` record naming the
file and the reason, and the rest goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..model import RawArticle, Skipped
from .readers import READERS, decode, suffixes

__all__ = ["ReadResult", "read_inputs", "read_file", "iter_files", "cut_text", "split_long", "MAX_ARTICLE_CHARS"]

#: A longer text is analysed in parts of at most this many characters (25 times a long news
#: article; the recognizers need about 0.25 GB for 100,000 characters at once).
MAX_ARTICLE_CHARS = 50_000


@dataclass
class ReadResult:
    """What reading the inputs gave: articles in a stable order, skipped records, warnings."""

    articles: list[RawArticle] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    records_read: int = 0


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Skipped]:
    """Files under the given paths, folders walked recursively in sorted order.

    Hidden files and folders (".git", ".DS_Store") are not articles and are passed over; a path
    that does not exist, a folder that cannot be listed and a symlink back to a folder already
    walked (a loop) are each a `Skipped`.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            seen: set[tuple[int, int]] = set()
            unlisted: list[Skipped] = []

            def cannot_list(exc: OSError, unlisted: list[Skipped] = unlisted, path: Path = path) -> None:
                unlisted.append(Skipped(str(exc.filename or path), f"folder cannot be read ({exc.strerror or exc})"))

            for root, dirs, files in os.walk(path, onerror=cannot_list, followlinks=True):
                yield from unlisted
                unlisted.clear()
                try:
                    st = os.stat(root)
                except OSError as exc:
                    yield Skipped(root, f"folder cannot be read ({exc.strerror or exc})")
                    dirs[:] = []
                    continue
                if (st.st_dev, st.st_ino) in seen:
                    yield Skipped(root, "a link back to a folder already read (a symlink loop): not read twice")
                    dirs[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
            yield from unlisted
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield Skipped(str(path), "no such file or folder")


def cut_text(text: str, limit: int = MAX_ARTICLE_CHARS) -> list[str]:
    """`text` in consecutive parts of at most `limit` characters, cut after a paragraph, a line, a
    sentence or a word where one ends in the second half of a part; joined, they are `text`."""
    parts, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = limit
        for sep in ("\n\n", "\n", ". ", " "):
            k = window.rfind(sep)
            if k >= limit // 2:
                cut = k + len(sep)
                break
        parts.append(text[start : start + cut])
        start += cut
    parts.append(text[start:])
    return parts


def split_long(raw: RawArticle, limit: int = MAX_ARTICLE_CHARS) -> list[RawArticle]:
    """A record whose text is over `limit` characters as several records, `SOURCE#partN`, so
    that a huge file is analysed whole, part by part, instead of being refused."""
    if len(raw.body) <= limit:
        return [raw]
    parts = cut_text(raw.body, limit)
    n = len(parts)
    note = f"the text ({len(raw.body):,} characters) is over {limit:,}: analysed in {n} parts"
    return [
        replace(
            raw,
            source=f"{raw.source}#part{i}",
            body=part,
            notes=(*raw.notes, note),
            headline=f"{raw.headline} (bagian {i}/{n})" if raw.headline else None,
        )
        for i, part in enumerate(parts, start=1)
    ]


def read_file(path: Path) -> tuple[list[RawArticle | Skipped], list[str]]:
    """The records of one file, and notes for the report (decoding fallbacks)."""
    source = str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return [Skipped(source, f"unknown extension {path.suffix or '(none)'!r}: use {suffixes()}")], []
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Skipped(source, f"cannot be read ({exc.strerror or exc})")], []
    if not data.strip():
        return [Skipped(source, "empty file")], []
    try:
        text, note = decode(data, source)
        notes = [f"{source}: {note}"] if note else []
        records = list(reader.parse(text, source))
    except InputError as exc:
        return [Skipped(exc.source, exc.reason)], []
    except (ImportError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a parser failing on one hostile file must not stop the build
        return [Skipped(source, f"could not be parsed ({type(exc).__name__}: {exc})")], []
    if note and reader.one_article:
        records = [replace(r, notes=(*r.notes, note)) if isinstance(r, RawArticle) else r for r in records]
    return [part for rec in records for part in (split_long(rec) if isinstance(rec, RawArticle) else (rec,))], notes


def read_inputs(paths: Iterable[str | os.PathLike[str]]) -> ReadResult:
    """Every record under `paths`: articles, skipped records and warnings, in a stable order."""
    result = ReadResult()
    for item in iter_files(paths):
        if isinstance(item, Skipped):
            result.records_read += 1
            result.skipped.append(item)
            continue
        records, notes = read_file(item)
        result.warnings.extend(notes)
        for rec in records:
            result.records_read += 1
            if isinstance(rec, Skipped):
                result.skipped.append(rec)
            else:
                result.articles.append(rec)
    return result
