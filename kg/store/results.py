"""SPARQL results in the standard formats, written by pyoxigraph's serializers: SPARQL 1.1 Query
Results JSON, XML, CSV and TSV for SELECT and ASK, Turtle for CONSTRUCT and DESCRIBE. Used by
`kg query` (whole results) and by the endpoint (`kg.store.limits`: results cut at a row limit).

Two guards sit on pyoxigraph's output (0.5.13): in CSV a cell a spreadsheet would run as a
formula gets a leading `'` (OWASP's rule: CSV is opened in spreadsheets, and the graph holds text
from scraped pages); in XML the characters XML 1.0 cannot hold, even escaped (most C0 controls,
U+FFFE, U+FFFF), become U+FFFD, and a carriage return is kept as `&#13;` (pyoxigraph writes them
as they are, which no XML parser reads back). JSON and TSV are pyoxigraph's as they are: a TSV
cell is an RDF term (`"text"`, `<iri>`, a bare number), never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import IO, cast

import pyoxigraph as ox

__all__ = [
    "RESULT_FORMATS",
    "TYPES",
    "spreadsheet_safe",
    "serialize_answer",
    "reformat_tsv",
    "TsvCut",
    "ByteSink",
]

#: The SPARQL 1.1 result formats by the names `kg query --format` and the endpoint use.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: Their media types (the endpoint's Content-Type and Accept).
TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
}
TURTLE = "text/turtle"

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XML_UNSAFE = str.maketrans(
    {i: "\ufffd" for i in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF, *range(0xD800, 0xE000))}
)


def spreadsheet_safe(cell: str) -> str:
    """`cell` with a `'` before it if a spreadsheet would run it as a formula: if it starts with
    `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's rule against CSV injection). Applied
    to every cell alike, so a negative number comes out as `'-5`."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _media(value: str | None) -> str:
    """A media type without its parameters, lower case (media types are case-insensitive)."""
    return (value or "").split(";")[0].strip().lower()


def _choose(accept: str) -> str:
    """The result format an Accept header asks for (SPARQL JSON unless it names another)."""
    for part in (_media(p) for p in (accept or "").split(",")):
        for key, mime in TYPES.items():
            if part == mime or (key == "json" and part == "application/json"):
                return key
    return "json"


def _csv_guard(data: bytes) -> bytes:
    """pyoxigraph's CSV with every data cell `spreadsheet_safe` (the header holds variable names).
    Cells are read and written by the `csv` module (RFC 4180, CRLF), so quoting stays right."""
    if not data:
        return data
    rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for number, row in enumerate(rows):
        writer.writerow(row if number == 0 else [spreadsheet_safe(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def _xml_guard(data: bytes) -> bytes:
    """pyoxigraph's XML made well-formed whatever the literals hold (see the module's doc): the
    characters only ever stand in text or attribute values there, where `&#13;` is allowed."""
    text = data.decode("utf-8", errors="surrogatepass")
    return text.translate(_XML_UNSAFE).replace("\r", "&#13;").encode("utf-8")


def _guard(data: bytes, fmt: str) -> bytes:
    if fmt == "csv":
        return _csv_guard(data)
    if fmt == "xml":
        return _xml_guard(data)
    return data


def serialize_answer(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str) -> tuple[bytes, str]:
    """A query's whole answer as (bytes, media type): SELECT and ASK in `fmt` (json, xml, csv or
    tsv, see `RESULT_FORMATS`), CONSTRUCT and DESCRIBE as Turtle whatever `fmt` says."""
    if isinstance(answer, (ox.QuerySolutions, ox.QueryBoolean)):
        return _guard(answer.serialize(format=RESULT_FORMATS[fmt]) or b"", fmt), TYPES[fmt]
    buf = io.BytesIO()
    ox.serialize(answer, buf, ox.RdfFormat.TURTLE)
    return buf.getvalue(), TURTLE


def reformat_tsv(tsv: bytes, fmt: str, write: Callable[[bytes], object]) -> None:
    """SELECT results in pyoxigraph's TSV (such as a `TsvCut` kept) written in `fmt` by pyoxigraph,
    guarded as `serialize_answer` does. TSV goes through as it is."""
    if fmt == "tsv":
        write(tsv)
        return
    parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    if fmt in ("csv", "xml"):  # the guards need the whole text (bounded: the TSV is)
        write(_guard(parsed.serialize(format=RESULT_FORMATS[fmt]) or b"", fmt))
    else:
        parsed.serialize(cast(IO[bytes], ByteSink(write)), RESULT_FORMATS[fmt])


class ByteSink:
    """A binary file for pyoxigraph's serializers (results and Turtle) that hands each piece on."""

    def __init__(self, write: Callable[[bytes], object]) -> None:
        self._write = write

    def write(self, data: bytes) -> int:
        self._write(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


class TsvCut:
    """A binary file that keeps pyoxigraph's TSV of a SELECT result up to `max_rows` solutions.

    A TSV result is a header line and then exactly one line per solution (line breaks in values
    are escaped), so the cut is a count of line ends. Past the cut, `write` raises `TsvCut.Full`
    (pyoxigraph passes it on and stops the query); `cut` then says rows were left out. `check`
    sees each whole line as it arrives (the endpoint checks its deadline and value sizes there);
    `max_bytes` bounds what is kept (`TsvCut.TooBig`)."""

    class Full(Exception):
        """More rows came than `max_rows`."""

    class TooBig(Exception):
        """More bytes came than `max_bytes`."""

    def __init__(self, max_rows: int, max_bytes: int, check: Callable[[bytes, bytes], None] | None = None) -> None:
        self.max_rows, self.max_bytes, self.check = max_rows, max_bytes, check
        self.lines = -1  # whole lines kept, not counting the header
        self.header = b""
        self.kept = bytearray()
        self.partial = bytearray()  # a line begun, not yet ended
        self.cut = False

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        start = 0
        while start < len(chunk):
            if self.lines >= self.max_rows:
                self.cut = True
                raise TsvCut.Full()
            end = chunk.find(b"\n", start)
            if end < 0:
                self.partial += chunk[start:]
                self._bound()
                break
            self.partial += chunk[start : end + 1]
            self._bound()
            line = bytes(self.partial)
            self.partial.clear()
            if self.lines < 0:
                self.header = line
            elif self.check is not None:
                self.check(self.header, line)
            self.kept += line
            self.lines += 1
            start = end + 1
        return len(data)

    def _bound(self) -> None:
        if len(self.kept) + len(self.partial) > self.max_bytes:
            raise TsvCut.TooBig()

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        """The TSV kept: the header and at most `max_rows` lines."""
        return bytes(self.kept + self.partial)
