"""Dates in Indonesian news: publication datelines and the dates of facts.

Two jobs, both pure functions over strings:

- `parse_published` reads a dateline ("Rabu, 14 Juni 2023 - 13:25 WIB", "31 Dec 2024, 19:45",
  ISO 8601) into an ISO 8601 string, with the offset only when the text names a time zone.
- `find_dates` finds date expressions in a sentence and resolves the relative ones ("Senin (15/8)",
  "Februari lalu", "bulan Juni tahun ini") against the article's publication date. A year is
  never invented: without a publication date, a bare month becomes `--MM` (xsd:gMonth) and a
  bare day is left out.

Month, day and time-zone names come from kg/data/calendar.json (generated from Babel).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from ..model import DateValue
from ..resources import load_json

__all__ = ["DateMention", "parse_published", "published_date", "find_dates"]

MIN_YEAR, MAX_YEAR = 1800, 2200


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text: character offsets and its resolved value."""

    start: int
    end: int
    value: DateValue


#: Indonesian weekday names that are never anything else ("minggu" is also "week").
WEEKDAYS = "senin|selasa|rabu|kamis|jum'at|jumat|sabtu|ahad"


@lru_cache(maxsize=1)
def _calendar() -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    data = load_json("calendar.json")
    return data["months"], data["days"], data["timezones"]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    months, days, zones = _calendar()
    mon, day, tz = _alt(list(months)), _alt(list(days)), _alt(list(zones))
    flags = re.IGNORECASE
    return {
        "dateline": re.compile(
            rf"(?:\b(?:{day})\s*,?\s*)?\b(?P<d>\d{{1,2}})\s+(?P<m>{mon})\.?\s+(?P<y>\d{{4}})"
            rf"(?:\s*(?:[-,|]|pukul|pkl\.?)?\s*(?P<H>\d{{1,2}})[:.](?P<M>\d{{2}})(?:[:.](?P<S>\d{{2}}))?)?"
            rf"(?:\s*(?P<tz>\b(?:{tz})\b))?",
            flags,
        ),
        "numeric": re.compile(
            r"\b(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>\d{4})"
            rf"(?:\s*[-,|]?\s*(?P<H>\d{{1,2}})[:.](?P<M>\d{{2}}))?(?:\s*(?P<tz>\b(?:{tz})\b))?",
            flags,
        ),
        "iso": re.compile(
            r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
            r"(?:\.\d+)?(?P<off>Z|[+-]\d{2}:?\d{2})?)?"
        ),
        # facts: most specific first; each match claims its characters
        "day_paren_num": re.compile(
            rf"\b(?P<wd>{day})\s*\(\s*(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})(?:\s*/\s*(?P<y>\d{{2,4}}))?\s*\)", flags
        ),
        "day_paren_name": re.compile(rf"\b(?P<wd>{day})\s*\(\s*(?P<d>\d{{1,2}})\s+(?P<m>{mon})\.?\s*\)", flags),
        "range": re.compile(
            rf"\b(?P<d1>\d{{1,2}})\s*(?:-|–|hingga|sampai|s\.?d\.?|s/d)\s*(?P<d>\d{{1,2}})\s+(?P<m>{mon})\.?\s+(?P<y>\d{{4}})\b",
            flags,
        ),
        "full": re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{mon})\.?\s+(?P<y>\d{{4}})\b", flags),
        "month_year": re.compile(
            rf"\b(?:(?:pada|sejak|hingga|sampai|bulan|awal|akhir|pertengahan)\s+)*(?P<m>{mon})\s+(?:tahun\s+)?(?P<y>\d{{4}})\b",
            flags,
        ),
        "month_rel": re.compile(
            rf"\b(?:(?:pada|sejak|bulan)\s+)*(?P<m>{mon})\s+(?P<rel>lalu|kemarin|tahun\s+ini|tahun\s+lalu|tahun\s+depan|mendatang)\b",
            flags,
        ),
        "month_bare": re.compile(
            rf"\b(?:pada|sejak|hingga|sampai|bulan|awal|akhir|pertengahan)\s+(?:bulan\s+)?(?P<m>{mon})\b(?!\s+\d)",
            flags,
        ),
        "year": re.compile(
            r"\b(?:(?:pada|sejak|hingga|sampai|tahun|awal|akhir|pertengahan)\s+)+(?P<y>(?:1[89]|2[01])\d{2})\b(?![-–]an|[.,]\d)",
            flags,
        ),
        "rel_year": re.compile(r"\b(?:pada\s+)?tahun\s+(?P<rel>ini|lalu|depan)\b", flags),
        "rel_day": re.compile(r"\b(?P<rel>kemarin|hari\s+ini|kemarin\s+lusa)\b", flags),
        # a weekday with no number: "pada hari Kamis", "Kamis lalu", "pada Selasa" ("minggu" only
        # after "hari": alone it is "week")
        "weekday": re.compile(
            rf"\b(?:(?:pada\s+)?hari\s+(?P<d1>{WEEKDAYS}|minggu)|(?:pada|sejak)\s+(?P<d2>{WEEKDAYS})"
            rf"|(?P<d3>{WEEKDAYS})\s+(?:lalu|kemarin))\b(?!\s*\()",
            flags,
        ),
        "days_ago": re.compile(r"\b(?P<n>\d{1,2}|satu|dua|tiga|empat|lima|enam)\s+hari\s+(?:yang\s+)?lalu\b", flags),
        "rel_month": re.compile(r"\b(?:(?:pada|awal|akhir|pertengahan)\s+)*bulan\s+(?P<rel>ini|lalu|kemarin)\b", flags),
        "rel_week": re.compile(r"\b(?:pada\s+)?(?P<unit>pekan|minggu)\s+(?P<rel>lalu|kemarin|ini)\b", flags),
    }


def _week_value(monday: date, text: str) -> DateValue | None:
    """A calendar week as precisely as XSD allows: its month, else its year; a week across New
    Year has neither, and is left out rather than guessed."""
    sunday = monday + timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return DateValue(f"{monday.year:04d}-{monday.month:02d}", "gYearMonth", text)
    if monday.year == sunday.year:
        return DateValue(f"{monday.year:04d}", "gYear", text)
    return None


def _month(name: str) -> int:
    return _calendar()[0][name.lower().rstrip(".")]


def _valid_year(y: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR


def parse_published(text: str | None) -> str | None:
    """The first publication datetime in `text` as ISO 8601, or None.

    >>> parse_published("Senin, 15 Agu 2022 14:35 WIB")
    '2022-08-15T14:35:00+07:00'
    """
    if not text:
        return None
    pats = _patterns()
    zones = _calendar()[2]
    for kind in ("iso", "dateline", "numeric"):
        m = pats[kind].search(text)
        if not m:
            continue
        try:
            y = int(m["y"])
            mo = int(m["m"]) if m["m"].isdigit() else _month(m["m"])
            d = date(y, mo, int(m["d"]))
        except (ValueError, KeyError):
            continue
        if not _valid_year(y):
            continue
        if not m["H"]:
            return d.isoformat()
        try:
            sec = int(m.group("S") or 0) if "S" in m.re.groupindex else 0
            dt = datetime(d.year, d.month, d.day, int(m["H"]), int(m["M"]), sec)
        except ValueError:
            return d.isoformat()
        out = dt.isoformat()
        if kind == "iso" and m["off"]:
            off = m["off"]
            out += "+00:00" if off == "Z" else (off if ":" in off else off[:3] + ":" + off[3:])
        elif kind != "iso" and m["tz"]:
            out += zones[m["tz"].upper()]
        return out
    return None


def published_date(published: str | None) -> date | None:
    """The calendar date of an ISO publication string, used as the base of relative dates."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _on_or_before(ref: date, month: int, day: int, weekday: int | None = None) -> date | None:
    """The date with this day and month on or before `ref` (news says "Senin (15/8)" of the past).

    With the weekday the text names, the latest such date that falls on it, within six years
    ("Jumat (27 Desember)" in an August 2022 article is 27 December 2019, a Friday); without a
    match, the latest date on or before `ref`.
    """
    cands = []
    for year in range(ref.year, ref.year - 7, -1):
        try:
            cand = date(year, month, day)
        except ValueError:
            continue
        if cand <= ref + timedelta(days=1):
            cands.append(cand)
    if weekday is not None:
        for cand in cands:
            if cand.weekday() == weekday:
                return cand
    return cands[0] if cands else None


def _resolve(kind: str, m: re.Match[str], ref: date | None) -> DateValue | None:
    text = m.group(0)
    if kind in ("day_paren_num", "day_paren_name"):
        mo = int(m["m"]) if m["m"].isdigit() else _month(m["m"])
        d = int(m["d"])
        if kind == "day_paren_num" and m["y"]:
            y = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
            try:
                return DateValue(date(y, mo, d).isoformat(), "date", text)
            except ValueError:
                return None
        if ref is None or not (1 <= mo <= 12):
            return None
        found = _on_or_before(ref, mo, d, _calendar()[1].get(m["wd"].lower()))
        return DateValue(found.isoformat(), "date", text) if found else None
    if kind == "range":  # "28-29 Desember 2024", "1 hingga 3 Maret 2023": the first day, and the last
        try:
            first = date(int(m["y"]), _month(m["m"]), int(m["d1"]))
            last = date(int(m["y"]), _month(m["m"]), int(m["d"]))
        except ValueError:
            return None
        return DateValue(first.isoformat(), "date", text, last.isoformat()) if first < last else None
    if kind == "full":
        try:
            return DateValue(date(int(m["y"]), _month(m["m"]), int(m["d"])).isoformat(), "date", text)
        except ValueError:
            return None
    if kind == "month_year":
        y = int(m["y"])
        return DateValue(f"{y:04d}-{_month(m['m']):02d}", "gYearMonth", text) if _valid_year(y) else None
    if kind in ("month_rel", "month_bare"):
        mo = _month(m["m"])
        rel = " ".join(m["rel"].lower().split()) if kind == "month_rel" else ""
        if ref is None:
            return DateValue(f"--{mo:02d}", "gMonth", text)
        if rel == "tahun ini":
            y = ref.year
        elif rel == "tahun lalu":
            y = ref.year - 1
        elif rel in ("tahun depan",):
            y = ref.year + 1
        elif rel == "mendatang":
            y = ref.year if mo > ref.month else ref.year + 1
        elif rel in ("lalu", "kemarin"):
            y = ref.year if mo < ref.month else ref.year - 1
        else:  # a bare month in past-tense news: the latest such month not after the dateline
            y = ref.year if mo <= ref.month else ref.year - 1
        return DateValue(f"{y:04d}-{mo:02d}", "gYearMonth", text)
    if kind == "year":
        y = int(m["y"])
        return DateValue(f"{y:04d}", "gYear", text) if _valid_year(y) else None
    if kind == "rel_year":
        if ref is None:
            return None
        y = ref.year + {"ini": 0, "lalu": -1, "depan": 1}[m["rel"].lower()]
        return DateValue(f"{y:04d}", "gYear", text)
    if kind == "weekday":
        if ref is None:
            return None
        name = (m["d1"] or m["d2"] or m["d3"]).lower()
        wanted = _calendar()[1][name]
        back = (ref.weekday() - wanted) % 7
        if m["d3"] and back == 0:  # "Kamis lalu" on a Thursday: a week ago
            back = 7
        return DateValue((ref - timedelta(days=back)).isoformat(), "date", text)
    if kind == "rel_week":
        if ref is None:
            return None
        this_monday = ref - timedelta(days=ref.weekday())
        monday = this_monday if m["rel"].lower() == "ini" else this_monday - timedelta(days=7)
        return _week_value(monday, text)
    if kind == "days_ago":
        if ref is None:
            return None
        n = m["n"].lower()
        days = int(n) if n.isdigit() else ("satu", "dua", "tiga", "empat", "lima", "enam").index(n) + 1
        return DateValue((ref - timedelta(days=days)).isoformat(), "date", text)
    if kind == "rel_month":
        if ref is None:
            return None
        first = ref.replace(day=1)
        if m["rel"].lower() != "ini":
            first = (first - timedelta(days=1)).replace(day=1)
        return DateValue(f"{first.year:04d}-{first.month:02d}", "gYearMonth", text)
    if kind == "rel_day":
        if ref is None:
            return None
        rel = " ".join(m["rel"].lower().split())
        delta = {"kemarin": 1, "hari ini": 0, "kemarin lusa": 2}[rel]
        return DateValue((ref - timedelta(days=delta)).isoformat(), "date", text)
    return None


_FACT_KINDS = (
    "range",
    "day_paren_num",
    "day_paren_name",
    "full",
    "month_year",
    "month_rel",
    "month_bare",
    "year",
    "rel_year",
    "weekday",
    "days_ago",
    "rel_month",
    "rel_week",
    "rel_day",
)


#: a number right before a year: "UU No. 1 Tahun 2024", "Perpres Nomor 12 Tahun 2023"
_NUMBERED = re.compile(r"\b(?:no|nomor|nomer)\.?\s*\d+[a-z]?\s*$", re.IGNORECASE)


def find_dates(text: str, ref: date | None = None) -> list[DateMention]:
    """Date expressions in `text`, resolved against `ref` (the publication date), in text order.

    Overlapping matches go to the most specific kind ("15 Juni 2023" is one date, not a month
    and a year); expressions that cannot be resolved without inventing a year are left out.
    """
    pats = _patterns()
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind in _FACT_KINDS:
        for m in pats[kind].finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            try:
                value = _resolve(kind, m, ref)
            except (KeyError, ValueError, OverflowError):
                value = None
            if value is None or not (value.value.startswith("--") or _valid_year(int(value.value[:4]))):
                continue  # "tahun lalu" in an article dated 1800 would be 1799: out of range
            if kind == "year" and _NUMBERED.search(text, max(0, s - 40), s):
                continue  # "UU No. 1 Tahun 2024": the year of a law's number, not a date
            taken.append((s, e))
            found.append(DateMention(s, e, value))
    return sorted(found, key=lambda dm: dm.start)
