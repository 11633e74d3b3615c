"""The input formats: one parser per kind of file, in the `READERS` registry (file suffix → reader).

Formats: scraped-page `.txt` (headline, date line, body, page noise), `.jsonl` (one article a
line, only `text` required) and saved `.html`/`.htm` pages (main text by trafilatura, headline
and date from the page's meta data). A parser takes the decoded text and the source's name and
gives `RawArticle` records (or `Skipped` ones for bad JSONL lines); `kg.ingest.files` walks the
inputs and calls them. Adding a format is one function and one row of `READERS`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import InputError
from ..model import RawArticle, Skipped
from ..nlp.dates import parse_published
from ..resources import load_jsonl
from .clean import noise_rules, normalize

__all__ = [
    "Reader",
    "READERS",
    "suffixes",
    "decode",
    "parse_txt",
    "parse_jsonl",
    "parse_html",
    "detect_outlet",
    "detokenize",
    "tokenized_text",
]

MAX_HEADER_LINES = 8
# "Jakarta, CNN Indonesia --" and "MOSKOW -" / "RIAU24.COM -" at the start of the story
_DATELINE_LINE = re.compile(r"^(?P<place>[A-Z][\w .'-]{1,40}),\s*(?P<outlet>[\w .'-]{2,40}?)\s*(?:--|—|–)\s*$")
_DATELINE_PREFIX = re.compile(
    r"^(?P<head>[A-Z0-9][A-Z0-9 .,'/-]{1,40}?(?:,\s*[\w .'-]{2,40}?)?)\s+(?:-|--|—|–)\s+(?=\S)"
)
_BYLINE = re.compile(r"^[\w .'/-]{1,40}\s\|\s(?P<outlet>[\w .'-]{2,40})$")


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


def decode(data: bytes, source: str) -> tuple[str, str | None]:
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
            rest = [line[p.end() :], *body[j + 1 :]]
        else:
            continue
        dropped = sum(1 for b in body[:j] if b)
        if dropped:
            notes.append(f"{dropped} line(s) before the dateline dropped as captions")
        body = rest
        break
    if publisher is None:
        publisher = detect_outlet("\n".join(lines[-15:])[-3000:])  # the page footer, not a 5 MB line
    return RawArticle(
        source=source,
        body="\n".join(body),
        headline=headline,
        published=published,
        publisher=publisher,
        notes=tuple(notes),
    )


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
        for p in paragraphs
    ):
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

        def opt(key: str, rec: dict[str, Any] = rec) -> str | None:
            val = rec.get(key)
            return str(val).strip() or None if val is not None else None

        url = opt("url") or opt("source_url")
        date_text = opt("date")
        if not date_text and url and (m := _URL_DATE.search(url)):
            date_text = "-".join(m.groups())
        published = parse_published(date_text) if date_text else None
        notes = (f"date {date_text!r} not understood",) if date_text and not published else ()
        yield RawArticle(
            source=where,
            body=body,
            headline=opt("title"),
            published=published,
            publisher=opt("source"),
            url=url,
            notes=notes,
        )


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
    published = parse_published(
        _meta(tree, "article:published_time", "og:published_time", "datePublished", "pubdate", "publishdate", "date")
        or ""
    )
    if published is None and meta is not None and meta.date:
        published = parse_published(meta.date)
    publisher = _meta(tree, "og:site_name", "publisher") or (meta.sitename if meta else None)
    publisher = (detect_outlet(publisher) or publisher) if publisher else detect_outlet(body[:300])
    url = _meta(tree, "og:url") or (meta.url if meta else None)
    return RawArticle(source=source, body=body, headline=headline, published=published, publisher=publisher, url=url)


@dataclass(frozen=True)
class Reader:
    """One input format: its parser and what it holds."""

    parse: Callable[[str, str], Iterable[RawArticle | Skipped]]  # (text, source) -> records
    description: str
    one_article: bool = True  # the whole file is one article: notes about the file (its decoding) go on it


#: File suffix (lower case) → its reader. `kg build --help` and the unknown-extension message list these.
READERS: dict[str, Reader] = {
    ".txt": Reader(lambda text, source: [parse_txt(text, source)], "a scraped news page"),
    ".jsonl": Reader(parse_jsonl, "one article a line, JSON", one_article=False),
    ".html": Reader(lambda text, source: [parse_html(text, source)], "a saved web page"),
    ".htm": Reader(lambda text, source: [parse_html(text, source)], "a saved web page"),
}


def suffixes() -> str:
    """The suffixes `READERS` knows, for messages: ".txt, .jsonl, .html or .htm"."""
    names = list(READERS)
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
