"""The input formats: one parser per kind of file, in the `READERS` registry (file suffix → reader).

Formats: scraped-page `.txt` (headline, date line, body, page noise), `.jsonl` (one article a
line, only `text` required) and saved `.html`/`.htm` pages (main text by trafilatura, headline
and date from the page's meta data). A parser takes the decoded text and the source's name and
gives `RawArticle` records (or `Skipped` ones for bad JSONL lines); `kg.ingest.files` walks the
inputs and calls them. Adding a format is one function and one row of `READERS`.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import InputError
from ..model import RawArticle, Skipped
from ..nlp.dates import parse_published
from ..resources import load_json, load_jsonl
from .clean import MAX_FIELD_CHARS, noise_rules, normalize, repair_surrogates

__all__ = [
    "Reader",
    "READERS",
    "suffixes",
    "decode",
    "parse_txt",
    "parse_jsonl",
    "parse_html",
    "detect_outlet",
    "strip_dateline",
    "detokenize",
    "tokenized_text",
    "is_date_line",
    "is_sentence",
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


# what may head a story's first line before its dash: "Jakarta, CNN Indonesia - -", "Wamena (ANTARA
# News) -", "Suara.com -", "GOLD COAST, JUARA.net -", "SPANYOL –" (pre-tokenized corpora space "--")
_LEAD = re.compile(r"^(?P<head>(?:[^\s!?]|\.(?!\s)| (?!-|—|–)){1,60}?)\s+(?:-\s?-|-|—|–)\s+(?=\S)")


_WEB = re.compile(r"\w\.(?:com|co|net|id|co\.id)\b", re.I)


def strip_dateline(line: str) -> str:
    """`line` without the dateline that heads a story ("Jakarta, CNN Indonesia -- Presiden …" →
    "Presiden …"), for a headline made from the first sentence. A head counts as a dateline when
    it is one web address ("blokTuban.com -"), or when every word of it before an outlet in
    parentheses is capitalised (or a number) and it names an outlet, has a place-outlet comma or
    parenthesis, or is a place in capitals; otherwise ("Go - Jek", a sentence with a dash) it
    stays."""
    m = _LEAD.match(line)
    if not m:
        return line
    head = m["head"].strip()
    if " " not in head and _WEB.search(head):  # "KABARWAJO.com -", not "Go - Jek" nor "Mercedes - Benz"
        return line[m.end() :]
    place = head.split("(", 1)[0]  # "JAKARTA (Pos kota)": the outlet in parentheses may be in any case
    words = re.sub(r"[(),/]", " ", place).split()
    if not words or len(words) > 8 or not all(w[0].isupper() or w[0].isdigit() for w in words):
        return line
    if (
        detect_outlet(head)  # "Rimanews -"
        or "," in head
        or "(" in head
        or (head.upper() == head and len(head) >= 3)
    ):
        return line[m.end() :]
    return line


#: Byte-order marks of the UTF-16 and UTF-32 texts read, UTF-32 first (its little-endian mark
#: starts with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def decode(data: bytes, source: str) -> tuple[str, str | None]:
    """Bytes to text: UTF-16 or UTF-32 with a byte-order mark (Windows editors save "Unicode"
    so; its NUL bytes would look binary), else UTF-8, else a fallback that is said in a note."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), None
            except UnicodeDecodeError as exc:
                text = data.decode(codec, errors="replace")
                return text, f"not valid {name} ({exc.reason} at byte {exc.start:,}): bad bytes replaced by U+FFFD"
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


# a sentence's last word and full stop ("Selasa.", "(3/7).", "kata dia.\""), not an ellipsis
_SENTENCE_END = re.compile(r"(?<![.\s])\.[\"'”’)\]]*$")
# the words of a date line that are not a name: labels around the date and time
_DATE_LABELS = frozenset(
    "diperbarui diperbaharui dipublikasikan diterbitkan terbit update updated published posted dibuat oleh by "
    "pukul pkl jam penulis reporter editor".split()
)
# short Indonesian function words: a line with one is running text, not initials in a byline ("rds")
_FUNCTION_WORDS = frozenset("di ke ia dan ini itu ada pun tak yg dgn kan lah pada".split())
_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
#: A date line is the date and at most this many other words (a byline name: "Amastya 31 Dec 2024").
MAX_DATE_LINE_NAME_WORDS = 3


@lru_cache(maxsize=1)
def _date_vocabulary() -> re.Pattern[str]:
    """Numbers, times and the calendar's month, weekday and time-zone names (kg/data/calendar.json)."""
    cal = load_json("calendar.json")
    names = sorted({*cal["months"], *cal["days"], *(z.lower() for z in cal["timezones"])}, key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(rf"\d[\d/:.-]*|(?<![\w'])(?:{alt})\.?(?![\w'])", re.IGNORECASE)


def is_sentence(line: str) -> bool:
    """Whether a line reads as running text: it ends with a full stop and has at least three
    words, one of them in lower case. A headline, date line or byline is not one (headlines are
    title case and have no full stop), so such a line belongs to the story."""
    if not _SENTENCE_END.search(line):
        return False
    words = line.split()
    return len(words) >= 3 and any(w[0].islower() for w in words)


def is_date_line(line: str) -> str | None:
    """The publication date of a date line ("Rabu, 14 Juni 2023 - 13:25 WIB", "14/06/2023
    13:25", "Amastya 31 Dec 2024, 19:45", "Sandi | CNN Indonesia - Kamis, 7 Maret 2024"), or
    None when the line is not one, however many dates it holds.

    Taking out the date and time words (numbers, month, weekday and zone names), labels
    ("Diperbarui", "pukul", "oleh") and outlet names leaves a date line's name at most: three
    words, none a lower-case word of running text. "Presiden Jokowi tiba di Tokyo pada 3 Juli
    2023" leaves six words, some lower case: a sentence, whose fact must stay in the story."""
    if len(line.split()) > 12 or is_sentence(line):
        return None
    published = parse_published(line)
    if not published:
        return None
    rest = line
    for pattern, _name in _outlets():
        rest = pattern.sub(" ", rest)
    rest = _date_vocabulary().sub(" ", rest)
    names = [w for w in _WORD.findall(rest) if w.lower().strip(".") not in _DATE_LABELS]
    if len(names) > MAX_DATE_LINE_NAME_WORDS:
        return None
    if any(w.islower() and "." not in w and (len(w) > 3 or w in _FUNCTION_WORDS) for w in names):
        return None  # a lower-case word of running text ("tiba", "di"); not initials ("rds") nor a domain
    if names and line.rstrip().endswith("."):
        return None
    return published


def parse_txt(text: str, source: str) -> RawArticle:
    """A scraped page: headline, date line, optional byline and dateline, body, noise.

    The header is read from the first lines until the story starts: a line that reads as a
    sentence (`is_sentence`) or is longer than any headline starts it, so a short lede is never
    taken for the headline or the date line and lost."""
    rules = noise_rules()
    lines = normalize(text).split("\n")
    headline = published = publisher = None
    body_start = 0
    taken: set[int] = set()  # header lines met after the story started, left out of it
    story = False
    header_seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        header_seen += 1
        if header_seen > MAX_HEADER_LINES:
            break
        if not story and (is_sentence(line) or len(line) > MAX_FIELD_CHARS) and not rules.is_noise_line(line):
            story = True  # the story starts here; a date line or byline after it is still read
        if story:
            found = is_date_line(line) if published is None else None
            byline = _BYLINE.match(line) if len(line.split()) <= 8 else None
            if found or byline:
                published = published or found
                if byline:
                    publisher = publisher or detect_outlet(byline["outlet"]) or byline["outlet"].strip()
                taken.add(i)
            continue
        if headline is None:
            if rules.is_noise_line(line) or len(line.split()) < 3:
                body_start = i + 1
                continue
            headline, body_start = line, i + 1
            continue
        if published is None and (found := is_date_line(line)):
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
    body = [line for j, line in enumerate(lines[body_start:], start=body_start) if j not in taken]
    notes: list[str] = []
    if not any(body) and headline:  # a page of one line: that line is the story, not only its headline
        body = [headline]
        notes.append("no text under the headline: the headline is taken as the text")
    elif not any(body):  # only lines too short for a headline ("Presiden tiba."): they are the text
        body = [line for j, line in enumerate(lines) if j not in taken]
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


def _joins(left: str, right: str) -> bool:
    """Whether a "-" token between these two was a hyphen inside a word, as tokenized corpora split
    "anak-anak", "e-KTP", "Bangsa-Bangsa", "al-Issa", "Jakarta-Cikampek" (on IndoSum nearly all
    such dashes are): not between numbers ("skor 3 - 0"), nor after a dateline's capitals
    ("TOKYO - Pasangan")."""
    if not (left.isalnum() and right.isalnum()) or left.isdigit() or right.isdigit():
        return False
    return not (left.isupper() and len(left) > 1 and right[:1].isupper() and not right.isupper())


def detokenize(tokens: list[str]) -> str:
    """Tokens joined back into running text: no space before closing punctuation or after opening,
    none around a hyphen inside a word (`_joins`)."""
    words: list[str] = []
    for i, token in enumerate(tokens):
        dateline = i == 2 and token[:1].isupper()  # "Rimanews - Ketua …": an outlet's dateline
        if len(words) >= 2 and words[-1] == "-" and not dateline and _joins(words[-2].rsplit("-", 1)[-1], token):
            words[-2:] = [f"{words[-2]}-{token}"]
        else:
            words.append(token)
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", " ".join(words)))


def tokenized_text(paragraphs: object) -> str | None:
    """The text of a pre-tokenized record (IndoSum's `paragraphs`: paragraphs of sentences of
    tokens), or None if `paragraphs` has not that shape."""
    if not isinstance(paragraphs, list) or not all(
        isinstance(p, list) and all(isinstance(s, list) and all(isinstance(t, str) for t in s) for s in p)
        for p in paragraphs
    ):
        return None
    return "\n\n".join(" ".join(detokenize(sentence) for sentence in p) for p in paragraphs if p)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of `text`, numbered from 1, split at line feeds only, one at a time (a list of a
    million lines would double the memory of a big file)."""
    start, number = 0, 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        number += 1
        yield number, text[start:end]
        start = end + 1


def parse_jsonl(text: str, source: str) -> Iterator[RawArticle | Skipped]:
    """One article a JSON line; a broken line is a `Skipped` with its line number.

    The text is the `text` field or, for pre-tokenized corpora such as IndoSum, `paragraphs`
    joined back into running text; without a `date`, a date in the `url` or `source_url` path
    (/2016/08/31/) is the publication date. Lines are split at line feeds only: a JSON string
    may hold U+2028 or U+0085, which `str.splitlines` would cut. Lines are read one at a time."""
    for number, line in _lines(text):
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
        notes: list[str] = []
        if date_text and len(date_text) > MAX_FIELD_CHARS:
            notes.append(f"the date ({len(date_text):,} characters) is over {MAX_FIELD_CHARS:,}: cut")
            date_text = date_text[:MAX_FIELD_CHARS]
        if not date_text and url and (m := _URL_DATE.search(url)):
            date_text = "-".join(m.groups())
        published = parse_published(date_text) if date_text else None
        if date_text and not published:
            notes.append(f"date {repair_surrogates(date_text)[0]!r} not understood")
        yield RawArticle(
            source=where,
            body=body,
            headline=opt("title"),
            published=published,
            publisher=opt("source"),
            url=url,
            notes=tuple(notes),
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
