"""Reading input files into `RawArticle` records: the only stage that touches the input disk.

Formats: scraped-page `.txt` (headline, date line, body, page noise), `.jsonl` (one article a
line, only `text` required) and saved `.html`/`.htm` pages (main text by trafilatura, headline
and date from the page's meta data). Bad input never raises out of `read_inputs`: each problem
becomes a `Skipped` record naming the file and the reason, and the rest goes on.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .clean import normalize, noise_rules
from .dates import parse_published
from .errors import InputError
from .model import RawArticle, Skipped
from .resources import load_jsonl

__all__ = ["ReadResult", "read_inputs", "read_file", "parse_txt", "parse_jsonl", "parse_html", "detect_outlet",
           "detokenize", "tokenized_text", "cut_text", "split_long", "MAX_ARTICLE_CHARS"]

SUFFIXES = {".txt": "txt", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}
#: A longer text is analysed in parts of at most this many characters (25 times a long news
#: article; the recognizers need about 0.25 GB for 100,000 characters at once).
MAX_ARTICLE_CHARS = 50_000
MAX_HEADER_LINES = 8
# "Jakarta, CNN Indonesia --" and "MOSKOW -" / "RIAU24.COM -" at the start of the story
_DATELINE_LINE = re.compile(r"^(?P<place>[A-Z][\w .'-]{1,40}),\s*(?P<outlet>[\w .'-]{2,40}?)\s*(?:--|—|–)\s*$")
_DATELINE_PREFIX = re.compile(r"^(?P<head>[A-Z0-9][A-Z0-9 .,'/-]{1,40}?(?:,\s*[\w .'-]{2,40}?)?)\s+(?:-|--|—|–)\s+(?=\S)")
_BYLINE = re.compile(r"^[\w .'/-]{1,40}\s\|\s(?P<outlet>[\w .'-]{2,40})$")


@dataclass
class ReadResult:
    """What reading the inputs gave: articles in a stable order, skipped records, warnings."""

    articles: list[RawArticle] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    records_read: int = 0


@lru_cache(maxsize=1)
def _outlets() -> tuple[tuple[re.Pattern[str], str], ...]:
    pats = []
    for row in load_jsonl("outlets.jsonl"):
        for pattern in row["patterns"]:
            pats.append((re.compile(rf"(?<![\w.]){re.escape(pattern)}(?![\w])"), row["name"]))
    return tuple(sorted(pats, key=lambda p: -len(p[0].pattern)))


def detect_outlet(text: str) -> str | None:
    """The outlet named in `text` (a dateline, byline or footer), from kg/data/outlets.jsonl."""
    for pattern, name in _outlets():
        if pattern.search(text):
            return name
    return None


def _decode(data: bytes, source: str) -> tuple[str, str | None]:
    """Bytes to text: UTF-8, else a fallback that is said in a note."""
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.1:
        raise InputError(source, "binary file, not text: give a .txt, .jsonl or .html file")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not valid UTF-8: decoded as Windows-1252, check the characters"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not valid UTF-8: decoded as Latin-1, check the characters"


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(data)


def parse_txt(text: str, source: str) -> RawArticle:
    """A scraped page: headline, date line, optional byline and dateline, body, noise."""
    rules = noise_rules()
    lines = normalize(text).split("\n")
    headline = published = publisher = None
    body_start = 0
    header_seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        header_seen += 1
        if header_seen > MAX_HEADER_LINES:
            break
        if headline is None:
            if rules.is_noise_line(line) or len(line.split()) < 3:
                body_start = i + 1
                continue
            headline, body_start = line, i + 1
            continue
        if published is None and len(line.split()) <= 12 and (found := parse_published(line)):
            published, body_start = found, i + 1
            byline = _BYLINE.match(line)
            if byline:
                publisher = detect_outlet(byline["outlet"]) or byline["outlet"].strip()
            continue
        byline = _BYLINE.match(line)
        if byline and len(line.split()) <= 8:
            publisher = publisher or detect_outlet(byline["outlet"]) or byline["outlet"].strip()
            body_start = i + 1
            continue
    body = lines[body_start:]
    notes: list[str] = []
    # the dateline starts the story: what stands before it (captions) is not the story
    for j, line in enumerate(body[:12]):
        m = _DATELINE_LINE.match(line)
        p = _DATELINE_PREFIX.match(line)
        if m and (outlet := detect_outlet(m["outlet"])):
            publisher = publisher or outlet
            rest = body[j + 1 :]
        elif p and p["head"].upper() == p["head"] and len(line.split()) > 8:
            publisher = publisher or detect_outlet(p["head"])
            rest = [line[p.end() :]] + body[j + 1 :]
        else:
            continue
        dropped = sum(1 for b in body[:j] if b)
        if dropped:
            notes.append(f"{dropped} line(s) before the dateline dropped as captions")
        body = rest
        break
    if publisher is None:
        publisher = detect_outlet("\n".join(lines[-15:])[-3000:])  # the page footer, not a 5 MB line
    return RawArticle(source=source, body="\n".join(body), headline=headline, published=published,
                      publisher=publisher, notes=tuple(notes))


_SPACE_BEFORE = re.compile(r" ([.,;:!?)\]”’%])")
_SPACE_AFTER = re.compile(r"([(\[“‘]) ")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/")


def detokenize(tokens: list[str]) -> str:
    """Tokens joined back into running text: no space before closing punctuation or after opening."""
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", " ".join(tokens)))


def tokenized_text(paragraphs: object) -> str | None:
    """The text of a pre-tokenized record (IndoSum's `paragraphs`: paragraphs of sentences of
    tokens), or None if `paragraphs` has not that shape."""
    if not isinstance(paragraphs, list) or not all(
            isinstance(p, list) and all(isinstance(s, list) and all(isinstance(t, str) for t in s) for s in p)
            for p in paragraphs):
        return None
    return "\n\n".join(" ".join(detokenize(sentence) for sentence in p) for p in paragraphs if p)


def parse_jsonl(text: str, source: str) -> Iterator[RawArticle | Skipped]:
    """One article a JSON line; a broken line is a `Skipped` with its line number.

    The text is the `text` field or, for pre-tokenized corpora such as IndoSum, `paragraphs`
    joined back into running text; without a `date`, a date in the `url` or `source_url` path
    (/2016/08/31/) is the publication date. Lines are split at line feeds only: a JSON string
    may hold U+2028 or U+0085, which `str.splitlines` would cut."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"broken JSON line ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield Skipped(where, "broken JSON line (nested too deeply)")
            continue
        body = rec.get("text") if isinstance(rec, dict) else None
        if isinstance(rec, dict) and body is None:
            body = tokenized_text(rec.get("paragraphs"))
        if not isinstance(body, str) or not body.strip():
            yield Skipped(where, 'no "text" field with the article\'s text (nor "paragraphs" of tokens)')
            continue
        def opt(key: str) -> str | None:
            val = rec.get(key)
            return str(val).strip() or None if val is not None else None
        url = opt("url") or opt("source_url")
        date_text = opt("date")
        if not date_text and url and (m := _URL_DATE.search(url)):
            date_text = "-".join(m.groups())
        published = parse_published(date_text) if date_text else None
        notes = (f"date {date_text!r} not understood",) if date_text and not published else ()
        yield RawArticle(source=where, body=body, headline=opt("title"), published=published,
                         publisher=opt("source"), url=url, notes=notes)


def _meta(tree, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = tree.xpath(f'//meta[@{attr}="{name}"]/@content')
            if found and found[0].strip():
                return found[0].strip()
    return None


def parse_html(text: str, source: str) -> RawArticle:
    """A saved news page: main text by trafilatura, headline and date from the meta data."""
    import trafilatura  # heavy import, only when an HTML file is read
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(text)
    except (ValueError, Exception) as exc:  # lxml raises several types on garbage
        raise InputError(source, f"HTML could not be parsed ({exc})") from exc
    # no deduplicate=True: trafilatura's cache is process-wide, so a page read twice would lose
    # text the second time; kg.clean drops repeated paragraphs itself
    body = trafilatura.extract(text, include_comments=False, include_tables=False, favor_precision=True) or ""
    if not body.strip():
        raise InputError(source, "no article text found in the HTML page")
    meta = trafilatura.extract_metadata(text)
    headline = _meta(tree, "og:title", "twitter:title", "headline") or (meta.title if meta else None)
    published = parse_published(_meta(tree, "article:published_time", "og:published_time", "datePublished",
                                      "pubdate", "publishdate", "date") or "")
    if published is None and meta is not None and meta.date:
        published = parse_published(meta.date)
    publisher = _meta(tree, "og:site_name", "publisher") or (meta.sitename if meta else None)
    publisher = (detect_outlet(publisher) or publisher) if publisher else detect_outlet(body[:300])
    url = _meta(tree, "og:url") or (meta.url if meta else None)
    return RawArticle(source=source, body=body, headline=headline, published=published,
                      publisher=publisher, url=url)


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

            def cannot_list(exc: OSError) -> None:
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
    return [replace(raw, source=f"{raw.source}#part{i}", body=part, notes=(*raw.notes, note),
                    headline=f"{raw.headline} (bagian {i}/{n})" if raw.headline else None)
            for i, part in enumerate(parts, start=1)]


def read_file(path: Path) -> tuple[list[RawArticle | Skipped], list[str]]:
    """The records of one file, and notes for the report (decoding fallbacks)."""
    source = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return [Skipped(source, f"unknown extension {path.suffix or '(none)'!r}: use .txt, .jsonl, .html or .htm")], []
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Skipped(source, f"cannot be read ({exc.strerror or exc})")], []
    if not data.strip():
        return [Skipped(source, "empty file")], []
    try:
        text, note = _decode(data, source)
        notes = [f"{source}: {note}"] if note else []
        if kind == "jsonl":
            return [part for rec in parse_jsonl(text, source)
                    for part in (split_long(rec) if isinstance(rec, RawArticle) else (rec,))], notes
        parsed = parse_txt(text, source) if kind == "txt" else parse_html(text, source)
    except InputError as exc:
        return [Skipped(exc.source, exc.reason)], []
    except (ImportError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a parser failing on one hostile file must not stop the build
        return [Skipped(source, f"could not be parsed ({type(exc).__name__}: {exc})")], []
    if note:
        parsed = RawArticle(**{**parsed.__dict__, "notes": parsed.notes + (note,)})
    return list(split_long(parsed)), notes


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
            (result.skipped if isinstance(rec, Skipped) else result.articles).append(rec)
    return result
