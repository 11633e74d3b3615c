"""Cleaning scraped news text: remove page noise, keep every sentence of the story.

Pure functions over strings. What counts as noise (share prompts, "Baca Juga", photo credits,
menus, video embeds) is data in kg/data/noise.json; this module holds the rules that use it:

1. lines that are noise by themselves (exact phrases and patterns) go;
2. image captions (a line ending in a photo credit) and credits go;
3. a block of three or more short lines without sentence punctuation is a menu and goes, and so
   does the tail of short lines after the story;
4. a paragraph repeated verbatim is kept once;
5. sentences glued by a scraper ("Putin.Kantor berita") get their space back, and a footnote
   digit glued to a name ("Fadli Zon6 mengatakan") is cut when the text shows it is one.

`normalize` first repairs the encoding (`repair_text`: mojibake, HTML entities, by ftfy).
`bound_fields` repairs what no writer could write (lone surrogates, a 5 MB headline) and the
encoding of the headline and publisher, which do not pass through `normalize`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any

import ftfy

from ..model import RawArticle
from ..resources import load_json

__all__ = [
    "normalize",
    "repair_text",
    "strip_footnote_digits",
    "clean_lines",
    "clean_text",
    "content_hash",
    "article_id",
    "NoiseRules",
    "repair_surrogates",
    "bound_fields",
    "MAX_FIELD_CHARS",
]

#: A headline, publisher, URL or date text longer than this is cut (a 5 MB `og:title` would
#: otherwise be copied into every output): no real one comes near it.
MAX_FIELD_CHARS = 1000

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_GLUED = re.compile(r"(?<=[a-z\)\"”]{2})([.!?])(?=[A-Z][a-z])")
_END_PUNCT = re.compile(r"[.!?\"”’:;)]\s*$")


def _any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One regular expression that matches where any of `patterns` does: one search of a line
    instead of one per pattern, a sixth of the time for patterns anchored with ^ (the line
    patterns, over the IndoSum corpus)."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class NoiseRules:
    """Compiled noise rules from kg/data/noise.json."""

    lines: frozenset[str]
    line_patterns: tuple[re.Pattern[str], ...]
    caption_patterns: tuple[re.Pattern[str], ...]
    inline_patterns: tuple[re.Pattern[str], ...]

    @cached_property
    def _line_any(self) -> re.Pattern[str]:
        return _any_of(self.line_patterns)

    def is_noise_line(self, line: str) -> bool:
        low = line.lower().strip(" .:!-–—|»›>")
        if low in self.lines:
            return True
        return self._line_any.search(line) is not None

    def is_caption(self, line: str) -> bool:
        return any(p.search(line) for p in self.caption_patterns)

    def strip_inline(self, line: str) -> str:
        """`line` without the inline patterns' matches, in their order; the spaces are made one
        after each cut, so that a pattern anchored after ". " sees what the previous one left."""
        for p in self.inline_patterns:
            line, cuts = p.subn(" ", line)
            if cuts:
                line = _SPACES.sub(" ", line).strip()
        return line


@lru_cache(maxsize=1)
def noise_rules() -> NoiseRules:
    data = load_json("noise.json")
    comp = lambda key: tuple(re.compile(p, re.IGNORECASE) for p in data[key])  # noqa: E731
    return NoiseRules(
        lines=frozenset(s.lower() for s in data["lines"]),
        line_patterns=comp("line_patterns"),
        caption_patterns=comp("caption_patterns"),
        inline_patterns=comp("inline_patterns"),
    )


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _drop_controls(text: str) -> str:
    """Every control, format or unassigned character (Unicode category C) but tab and newline as
    a space. ASCII by one regex; only the rare non-ASCII runs are looked up one by one (a
    character-by-character pass took 44 s over a 50 MB file)."""
    text = _ASCII_CONTROL.sub(" ", text)
    return _NON_ASCII.sub(
        lambda m: "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in m.group()), text
    )


#: ftfy's repairs for text that is already plain (an HTML page has been through trafilatura):
#: - unescape_html=True: "&amp;", "&quot;", "&#39;", "&nbsp;" left in text are replaced; not
#:   "auto", which leaves them in any line that holds a "<" ("nilai < 5 &amp; naik");
#: - uncurl_quotes=False: “ ” ‘ ’ stay as written (the sentence and quote rules read them, and
#:   evidence must be the text as published);
#: - remove_control_chars=False: `_drop_controls` makes a control a space, ftfy would delete it and
#:   glue the words around it;
#: - the rest ftfy's defaults: mojibake decoded ("franÃ§ois" → "françois", "â€œ" → "“"), Latin
#:   ligatures as letters ("ﬁ" → "fi"), fullwidth letters and digits as ASCII, line separators as
#:   newlines, NFC (not NFKC, which would rewrite "²", "½" and "…").
_FTFY = ftfy.TextFixerConfig(unescape_html=True, uncurl_quotes=False, remove_control_chars=False, explain=False)
# "”" as UTF-8 read as Windows-1252 whose last byte (0x9D, no character there) was lost: left to
# ftfy, it becomes a dagger that swallows the next space ("Memasak†dengan")
_LOST_CLOSING_QUOTE = re.compile(r"â€(?=[\s.,;:!?)\]]|$)")
# what ftfy may change: "&", ESC and characters beyond ASCII but “ ” ‘ ’ – — … (UTF-8 read in any
# single-byte code page gives a lead byte that is none of these, or continuation bytes that are none)
_MAY_NEED_REPAIR = re.compile("[^\x00-\x1a\x1c-\x25\x27-\x7f“”‘’–—…]")


def repair_text(text: str) -> str:
    """`text` with mis-encoded UTF-8 ("franÃ§ois hollande", "â€œ") decoded and HTML entities
    ("&amp;", "&quot;", "&#39;", "&nbsp;") replaced, by ftfy (`_FTFY` says which repairs and why).
    ftfy reads a text line by line; a line of ASCII and typographic punctuation only, without "&"
    or an escape, has nothing it would change and is passed as it is (most lines of news are)."""
    if not _MAY_NEED_REPAIR.search(text):
        return text
    text = _LOST_CLOSING_QUOTE.sub("”", text)
    return "\n".join(ftfy.fix_text(line, _FTFY) if _MAY_NEED_REPAIR.search(line) else line for line in text.split("\n"))


def normalize(text: str) -> str:
    """Encoding repaired (`repair_text`), NFC, no zero-width characters, one kind of newline and
    space. The repair comes first: mojibake holds the soft hyphen, no-break space and C1
    controls that the later steps remove ("í" read as Windows-1252 is "Ã" and a soft hyphen)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", repair_text(text)).translate(_ZERO_WIDTH)
    text = _drop_controls(text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _is_short(line: str, words: int = 4) -> bool:
    return len(line.split()) <= words and not _END_PUNCT.search(line)


def _drop_menus(lines: list[str]) -> list[str]:
    """Drop runs of 3+ short unpunctuated lines (menus, section lists) and the short-line tail."""
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_short(lines[j], 3):
            j += 1
        if j - i >= 3:
            keep[i:j] = [False] * (j - i)
        i = max(j, i + 1)
    # the tail after the last real paragraph: short lines with no sentence in them
    k = len(lines)
    while k > 0 and _is_short(lines[k - 1], 6):
        k -= 1
    if k > 0:
        keep[k:] = [False] * (len(lines) - k)
    return [line for line, ok in zip(lines, keep, strict=True) if ok]


# a footnote mark glued to the last word of a name of two capitalised words ("Fadli Zon6"): the
# word ends in two lower-case letters, the mark is one or two digits and ends the token; a handle
# or hashtag ("@Tech3Racing", "#May17") is not one
_FOOTNOTE = re.compile(
    r"(?P<name>[A-Z](?<![\w@#/-].)[a-z]+ [A-Z][a-z]*[a-z]{2})(?P<digits>\d{1,2})(?=[\s,;:!?)\"”’]|\.(?!\d)|$)"
)


def strip_footnote_digits(text: str) -> str:
    """`text` without the footnote digits a scraper glued to a name ("Fadli Zon6 mengatakan").

    On real news nearly every capitalised word with digits is a name of its own ("Moto2",
    "Tech3", "Galaxy Note7", "Telkom1"), so the digits go only when the text itself says they are
    no part of the name: the glued form occurs once, and the same two-word name stands elsewhere
    in the text, never followed by a number."""

    def cut(m: re.Match[str]) -> str:
        glued, name = m.group(), m["name"]
        if len(re.findall(rf"(?<!\w){re.escape(glued)}(?!\w)", text)) != 1:
            return glued
        after = re.findall(rf"(?<!\w){re.escape(name)}(?!\w)(\s?-?\s?\d)?", text)
        return name if after and not any(after) else glued

    return _FOOTNOTE.sub(cut, text)


def clean_lines(lines: list[str], rules: NoiseRules | None = None) -> list[str]:
    """The story's paragraphs from raw page lines, in order, each once."""
    rules = rules or noise_rules()
    out: list[str] = []
    for raw in lines:
        line = _SPACES.sub(" ", raw).strip()
        if not line or rules.is_noise_line(line) or rules.is_caption(line):
            continue
        line = rules.strip_inline(line)
        if line and not rules.is_noise_line(line):
            out.append(_GLUED.sub(r"\1 ", line))
    out = _drop_menus(out)
    seen: set[str] = set()
    unique = []
    for para in out:
        key = para.casefold()
        if key in seen:
            continue
        seen.add(key)
        unique.append(para)
    text = "\n".join(unique)
    fixed = strip_footnote_digits(text)
    return unique if fixed == text else fixed.split("\n")


def clean_text(text: str, rules: NoiseRules | None = None) -> str:
    """Clean a whole text: paragraphs separated by one blank line."""
    return "\n\n".join(clean_lines(normalize(text).split("\n"), rules))


def content_hash(text: str) -> str:
    """SHA-256 of the cleaned text: the identity of an article's content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id(text: str) -> str:
    """A short stable article id: the first 16 hex digits of the content hash."""
    return content_hash(text)[:16]


_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(text: str) -> tuple[str, int]:
    """`text` with every lone UTF-16 surrogate (JSON's "\\ud800", a file name's undecodable
    byte) as U+FFFD, and how many there were: no UTF-8 writer can encode one."""
    if text.isascii():
        return text, 0
    return _SURROGATE.subn("\ufffd", text)


def _cut_headline(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    """`text` cut at a word to at most `limit` characters, an ellipsis saying so."""
    cut = text[: limit - 1]
    k = cut.rfind(" ")
    return (cut[:k] if k >= limit // 2 else cut).rstrip(" ,;:") + "…"


def bound_fields(raw: RawArticle) -> RawArticle:
    """`raw` with every string encodable as UTF-8 (lone surrogates as U+FFFD) and its headline,
    publisher and URL at most `MAX_FIELD_CHARS` long (the headline cut at a word), each change
    said in a note: a 5 MB `og:title` is not copied into every output. The headline's and
    publisher's encoding is repaired as the text's is (`repair_text`: "Ã©", "&amp;")."""
    notes = list(raw.notes)
    fields: dict[str, Any] = {}
    repaired = []
    for name in ("source", "body", "headline", "publisher", "url", "published"):
        value = getattr(raw, name)
        if value is None:
            continue
        fixed, n = repair_surrogates(value)
        if n:
            repaired.append(name)
        if name not in ("source", "body") and len(fixed) > MAX_FIELD_CHARS:
            notes.append(f"the {name} ({len(fixed):,} characters) is over {MAX_FIELD_CHARS:,}: cut")
            fixed = _cut_headline(fixed) if name == "headline" else fixed[:MAX_FIELD_CHARS]
        if name in ("headline", "publisher"):
            fixed = repair_text(fixed)
        if fixed != value:
            fields[name] = fixed
    if repaired:
        notes.append(f"lone UTF-16 surrogates (not characters) in the {', '.join(repaired)} replaced by U+FFFD")
    fields["notes"] = tuple(repair_surrogates(n)[0] for n in notes)
    return replace(raw, **fields) if fields["notes"] != raw.notes or len(fields) > 1 else raw
