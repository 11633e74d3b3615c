"""SPARQL results as the endpoint writes them: JSON, CSV, TSV and XML, row by row, so that a
result can be counted and cut while it is produced (`kg.store.serve`)."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pyoxigraph as ox

try:
    import resource  # POSIX; where it is missing, so is os.fork and queries run in threads
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

from .query import spreadsheet_safe

TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
}


_XML_UNSAFE = str.maketrans(
    {i: "\ufffd" for i in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF, *range(0xD800, 0xE000))}
)


def _media(value: str | None) -> str:
    """A media type without its parameters, lower case (media types are case-insensitive)."""
    return (value or "").split(";")[0].strip().lower()


def _choose(accept: str) -> str:
    for part in (_media(p) for p in (accept or "").split(",")):
        for key, mime in TYPES.items():
            if part == mime or (key == "json" and part == "application/json"):
                return key
    return "json"


def _xml(text: str) -> str:
    """`text` escaped for XML 1.0 text or an attribute value; the characters XML 1.0 cannot hold
    at all, even escaped (most C0 controls), become U+FFFD, and CR is kept as a reference."""
    return xml_escape(text.translate(_XML_UNSAFE), {'"': "&quot;", "\r": "&#13;"})


def _term_json(term: object) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: _term_json(v) for k, v in parts.items()}}
    assert isinstance(term, ox.Literal)
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _term_xml(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_term_xml(term.subject)}</subject><predicate>{_term_xml(term.predicate)}"
            f"</predicate><object>{_term_xml(term.object)}</object></triple>"
        )
    assert isinstance(term, ox.Literal)
    attr = (
        f' xml:lang="{_xml(term.language)}"'
        if term.language
        else ("" if term.datatype.value.endswith("#string") else f' datatype="{_xml(term.datatype.value)}"')
    )
    return f"<literal{attr}>{_xml(term.value)}</literal>"


def _csv_cell(term: object | None) -> str:
    text = spreadsheet_safe("" if term is None else str(getattr(term, "value", term)))
    return '"' + text.replace('"', '""') + '"' if any(ch in text for ch in ',"\n\r') else text


class _RowWriter:
    """SELECT results in one of the SPARQL 1.1 result formats, a piece at a time: `head()`, then
    `row()` for each solution, then `tail()`. CSV and TSV cells a spreadsheet would run as a
    formula get a leading `'` (see `spreadsheet_safe`)."""

    def __init__(self, columns: list[str], fmt: str) -> None:
        self.columns, self.fmt, self.rows = columns, fmt, 0

    def head(self) -> str:
        if self.fmt == "json":
            return '{"head":{"vars":' + json.dumps(self.columns) + '},"results":{"bindings":['
        if self.fmt == "csv":
            return ",".join(self.columns) + "\r\n"
        if self.fmt == "tsv":
            return "\t".join("?" + c for c in self.columns) + "\n"
        head = "".join(f'<variable name="{_xml(c)}"/>' for c in self.columns)
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>"
        )

    def row(self, values: list[object | None]) -> str:
        self.rows += 1
        pairs = [(c, v) for c, v in zip(self.columns, values, strict=True) if v is not None]
        if self.fmt == "json":
            return ("," if self.rows > 1 else "") + json.dumps({c: _term_json(v) for c, v in pairs}, ensure_ascii=False)
        if self.fmt == "csv":
            return ",".join(_csv_cell(v) for v in values) + "\r\n"
        if self.fmt == "tsv":  # RDF term syntax (N-Triples), which escapes tabs and line breaks
            return "\t".join(spreadsheet_safe("" if v is None else str(v)) for v in values) + "\n"
        return (
            "<result>" + "".join(f'<binding name="{_xml(c)}">{_term_xml(v)}</binding>' for c, v in pairs) + "</result>"
        )

    def tail(self) -> str:
        if self.fmt == "json":
            return "]}}"
        if self.fmt == "xml":
            return "</results></sparql>\n"
        return ""


def _boolean(value: bool, fmt: str) -> str:
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{str(value).lower()}</boolean></sparql>\n"
        )
    if fmt in ("csv", "tsv"):
        return f"{str(value).lower()}\n"
    return json.dumps({"head": {}, "boolean": value})
