"""Reading the inputs: walking files and folders, one reader per file (`kg.ingest.readers.READERS`),
long texts cut into parts. The only stage that touches the input disk.

Bad input never raises out of `read_inputs`: each problem becomes a `Skipped` record naming the
file and the reason, and the rest goes on. Only regular files are opened (a FIFO would block,
/dev/zero never ends), none over `MAX_FILE_BYTES`, and every string handed on encodes as UTF-8.

An article's `source` is its file's absolute path with symlinks resolved (`source_name`), plus
":LINE" for a JSONL record and "#partN" for a part: the same file has the same source however
its path was spelled, so a rebuild replaces its article instead of keeping a stale copy.
Outputs show its `name` instead: the path relative to the folder that holds the input given
(`kg build news/` shows "news/2024/a.txt", `kg build news/a.jsonl` shows "a.jsonl"), so no
output holds an absolute path of the user's machine.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import RawArticle, Skipped
from .clean import bound_fields, repair_surrogates
from .readers import READERS, decode, suffixes

__all__ = [
    "ReadResult",
    "read_inputs",
    "read_file",
    "iter_files",
    "source_name",
    "source_file_of",
    "input_base",
    "relative_to",
    "cut_text",
    "split_long",
    "MAX_ARTICLE_CHARS",
    "MAX_FILE_BYTES",
    "MAX_SAME_REASON",
]

#: A longer text is analysed in parts of at most this many characters (25 times a long news
#: article; the recognizers need about 0.25 GB for 100,000 characters at once).
MAX_ARTICLE_CHARS = 50_000
#: A bigger file is not read (`kg build --max-file-size`): 200 MB is some 40,000 news articles.
MAX_FILE_BYTES = 200_000_000
#: Records of one file skipped for the same reason are listed this many times; the rest are
#: counted in one summary record (a million empty JSONL lines are not a million report entries).
MAX_SAME_REASON = 20


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
        path = Path(os.fsdecode(raw))  # bytes too: a name that is not UTF-8 given as bytes
        if path.is_dir():
            seen: set[tuple[int, int]] = set()
            unlisted: list[Skipped] = []

            def cannot_list(exc: OSError, unlisted: list[Skipped] = unlisted, path: Path = path) -> None:
                where = _shown(os.path.abspath(os.fsdecode(exc.filename or path)))
                unlisted.append(Skipped(where, f"folder cannot be read ({exc.strerror or exc})"))

            for root, dirs, files in os.walk(path, onerror=cannot_list, followlinks=True):
                yield from unlisted
                unlisted.clear()
                try:
                    st = os.stat(root)
                except OSError as exc:
                    yield Skipped(_shown(os.path.abspath(root)), f"folder cannot be read ({exc.strerror or exc})")
                    dirs[:] = []
                    continue
                if (st.st_dev, st.st_ino) in seen:
                    yield Skipped(
                        _shown(os.path.abspath(root)),
                        "a link back to a folder already read (a symlink loop): not read twice",
                    )
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
            yield Skipped(source_name(path)[0], "no such file or folder")


def _shown(name: str) -> str:
    """A path as text that encodes as UTF-8: a byte that is not UTF-8 in a file name (which
    Python holds as a lone surrogate) written as \\xNN, so two such names stay apart."""
    fixed, n = repair_surrogates(name)
    if not n:
        return name
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeError:  # a surrogate that no file name gives (a str made in Python): U+FFFD
        return fixed


def input_base(given: str | os.PathLike[str]) -> tuple[str, ...]:
    """The folders a source under the input `given` is named relative to: the folder holding it
    with symlinks resolved, and as spelled."""
    parent = os.path.dirname(os.path.abspath(os.fsdecode(given))) or os.sep
    try:
        resolved = str(Path(parent).resolve())
    except (OSError, RuntimeError, ValueError):
        resolved = parent
    return tuple(dict.fromkeys((resolved, parent)))


def relative_to(source: str, base: tuple[str, ...], given: str | os.PathLike[str] = "") -> str:
    """`source` (an absolute path, maybe with ":LINE" or "#partN") relative to the first folder
    of `base` it lies under; else the input as `given` (a link out of the folder), else unchanged."""
    for folder in base:
        prefix = folder.rstrip(os.sep) + os.sep
        if source.startswith(prefix) and len(source) > len(prefix):
            return source[len(prefix) :]
    if given:
        return _shown(os.path.basename(os.path.normpath(os.fsdecode(given))) + source[len(source_file_of(source)) :])
    return source


def source_file_of(source: str) -> str:
    """A source without its JSONL line (`:12`) or part (`#part2`)."""
    return _RECORD.sub("", source)


_RECORD = re.compile(r"(?:#part\d+)?(?::\d+)?(?:#part\d+)?$")


def source_name(path: Path) -> tuple[str, str | None]:
    """The `source` of a file: its absolute path, symlinks resolved, the same however the path
    was spelled; and a note when its name is not UTF-8 (then written with \\xNN for the bytes)."""
    try:
        name = str(path.resolve())
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a name the system refuses
        name = os.path.abspath(path)
    shown = _shown(name)
    if shown == name:
        return name, None
    return shown, "the file name is not valid UTF-8: its undecodable bytes are written \\xNN"


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


_KINDS = (
    (stat.S_ISFIFO, "a FIFO, which would wait for a writer"),
    (stat.S_ISCHR, "a character device, such as /dev/zero"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _size(n: int) -> str:
    """A byte count for messages: "200 MB", "1.5 GB", "300 bytes"."""
    for unit, name in ((10**9, "GB"), (10**6, "MB"), (10**3, "kB")):
        if n >= unit:
            return f"{n / unit:,.1f}".removesuffix(".0") + f" {name}"
    return f"{n:,} bytes"


def _too_big(size: int, max_bytes: int) -> str:
    limit, have = _size(max_bytes), _size(size)
    if limit == have:  # 200,000,001 bytes is "200 MB" too: then in bytes
        limit, have = f"{max_bytes:,} bytes", f"{size:,} bytes"
    return f"over the size limit of {limit}: {have}; raise it with --max-file-size"


def _not_regular(mode: int, path: Path) -> str | None:
    """Why a file of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((what for test, what in _KINDS if test(mode)), "not a file")
    link = f", reached through the symlink {_shown(os.path.abspath(path))}" if path.is_symlink() else ""
    return f"not a regular file ({kind}){link}: not read"


def _read_bytes(path: Path, max_bytes: int) -> bytes | str:
    """The bytes of a regular file, or why it is not read. The type is checked before the file is
    opened (non-blocking, so a FIFO put in its place meanwhile does not wait) and again on the
    open file; at most `max_bytes` + 1 bytes are read, so a file growing meanwhile is refused."""
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        return "a symlink to a missing file" if path.is_symlink() else f"cannot be read ({exc.strerror or exc})"
    except (OSError, ValueError) as exc:
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if why := _not_regular(st.st_mode, path):
        return why
    if st.st_size > max_bytes:
        return _too_big(st.st_size, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    try:
        with open(fd, "rb", closefd=True) as f:
            st = os.fstat(f.fileno())
            if why := _not_regular(st.st_mode, path):
                return why
            if st.st_size > max_bytes:
                return _too_big(st.st_size, max_bytes)
            data = _read_at_most(f, max_bytes + 1, st.st_size)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if len(data) > max_bytes:
        return _too_big(len(data), max_bytes) + " (it grew while being read)"
    return data


def _read_at_most(f: BinaryIO, limit: int, size: int) -> bytes:
    """At most `limit` bytes of `f`, whose size was `size` when looked at: read by that size,
    not by the limit (`read(200 MB)` sets 200 MB aside for a 3 kB file)."""
    chunks, total = [], 0
    while total < limit:
        chunk = f.read(min(limit - total, max(size + 1 - total, 1 << 20)))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _read_text(path: Path, source: str, max_bytes: int) -> tuple[str, str | None] | Skipped:
    """The decoded text of a file and a decoding note, or why it is not read (the bytes are
    let go before parsing)."""
    data = _read_bytes(path, max_bytes)
    if isinstance(data, str):
        return Skipped(source, data)
    if not data or data.isspace():
        return Skipped(source, "empty file")
    try:
        text, note = decode(data, source)
    except InputError as exc:
        return Skipped(exc.source, exc.reason)
    if not text or text.isspace():
        return Skipped(source, "empty file")
    return text, note


_NUMBERS = re.compile(r"\d[\d,.]*")


@lru_cache(maxsize=4096)
def _kind(reason: str) -> str:
    """A reason with its numbers as N: "at column 7" and "at column 9" are the same reason."""
    return _NUMBERS.sub("N", reason)


def _line_of(source: str) -> int | None:
    """The line number of a "path:LINE" source, or None."""
    tail = source.rpartition(":")[2]
    return int(tail) if tail.isdigit() else None


@dataclass
class _Counted:
    """Skipped records of one reason past the listed ones: how many, first and last line."""

    count: int = 0
    first: int | None = None
    last: int | None = None


def _collapse(records: Iterable[RawArticle | Skipped], source: str) -> Iterator[RawArticle | Skipped]:
    """`records` with at most `MAX_SAME_REASON` skipped ones listed for each reason (numbers in
    it aside: "at column 7"); the others of that reason are counted in one `Skipped` whose
    `count` is their number, so that the counts still add up to the records read."""
    listed: dict[str, int] = {}
    counted: dict[str, _Counted] = {}
    for rec in records:
        if not isinstance(rec, Skipped):
            yield rec
            continue
        kind = _kind(rec.reason)
        if listed.get(kind, 0) < MAX_SAME_REASON:
            listed[kind] = listed.get(kind, 0) + 1
            yield rec
            continue
        line = _line_of(rec.source)
        entry = counted.get(kind) or counted.setdefault(kind, _Counted(first=line))
        entry.count += rec.count
        entry.last = line
    for kind, c in counted.items():
        where = f" (lines {c.first:,} to {c.last:,})" if c.first is not None and c.last is not None else ""
        yield Skipped(source, f"…and {c.count:,} more records skipped for the same reason ({kind}){where}", c.count)


def read_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[list[RawArticle | Skipped], list[str]]:
    """The records of one file, and notes for the report (decoding fallbacks, a file name that is
    not UTF-8). Only a regular file of at most `max_bytes` is read."""
    source, name_note = source_name(path)
    warnings = [f"{source}: {name_note}"] if name_note else []
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        suffix = repair_surrogates(path.suffix)[0] or "(none)"
        return [Skipped(source, f"unknown extension {suffix!r}: use {suffixes()}")], warnings
    read = _read_text(path, source, max_bytes)
    if isinstance(read, Skipped):
        return [read], warnings
    text, note = read
    del read
    if note:
        warnings.append(f"{source}: {note}")
    try:
        records = list(_collapse(reader.parse(text, source), source))
    except InputError as exc:
        return [Skipped(exc.source, repair_surrogates(exc.reason)[0])], warnings
    except (ImportError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a parser failing on one hostile file must not stop the build
        why = repair_surrogates(f"could not be parsed ({type(exc).__name__}: {exc})"[:2000])[0]
        return [Skipped(source, why)], warnings
    del text
    added = tuple(n for n in (note if reader.one_article else None, name_note) if n)
    out: list[RawArticle | Skipped] = []
    for rec in records:
        if isinstance(rec, Skipped):
            out.append(replace(rec, source=repair_surrogates(rec.source)[0], reason=repair_surrogates(rec.reason)[0]))
            continue
        rec = bound_fields(replace(rec, notes=(*rec.notes, *added)) if added else rec)
        out.extend(split_long(rec))
    return out, warnings


def read_inputs(paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = MAX_FILE_BYTES) -> ReadResult:
    """Every record under `paths`: articles, skipped records and warnings, in a stable order.
    A file over `max_bytes` is skipped unread. `records_read` is the articles plus the skipped
    records' `count`s (a summary of many skipped lines counts them all)."""
    result = ReadResult()
    for given in paths:
        base = input_base(given)
        alone = not os.path.isdir(os.fsdecode(given))  # a file named: a link to elsewhere keeps its name
        for item in iter_files([given]):
            records, notes = ([item], []) if isinstance(item, Skipped) else read_file(item, max_bytes=max_bytes)
            result.warnings.extend(relative_to(note, base) for note in notes)  # "SOURCE: …"
            for rec in records:
                rec = replace(rec, name=relative_to(rec.source, base, given if alone else ""))
                if isinstance(rec, Skipped):
                    result.records_read += rec.count
                    result.skipped.append(rec)
                else:
                    result.records_read += 1
                    result.articles.append(rec)
    return result
