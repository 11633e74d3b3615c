"""`kg serve`: the SPARQL 1.1 Protocol over a build's store, read-only, on loopback by default.

GET /sparql?query=… and POST /sparql (form `query=…` or an `application/sparql-query` body).
Results by the Accept header: SPARQL JSON (default), CSV, TSV or XML; CONSTRUCT and DESCRIBE
give Turtle. SPARQL Update is refused (403). Each query has a time limit (503 when over) and a
row limit (the result is cut and the response says so in `X-Berita-KG-Truncated`). `/` is a small
page to type queries, with the canned ones one click away. Standard library only (http.server).
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape as xml_escape

import pyoxigraph as ox

from .query import canned_queries, is_update

__all__ = ["make_server", "serialize_solutions"]

TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
}


def _choose(accept: str) -> str:
    for part in (p.split(";")[0].strip() for p in (accept or "").split(",")):
        for key, mime in TYPES.items():
            if part == mime or (key == "json" and part == "application/json"):
                return key
    return "json"


def _term_json(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    assert isinstance(term, ox.Literal)
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _term_xml(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    assert isinstance(term, ox.Literal)
    attr = (
        f' xml:lang="{term.language}"'
        if term.language
        else ("" if term.datatype.value.endswith("#string") else f' datatype="{xml_escape(term.datatype.value)}"')
    )
    return f"<literal{attr}>{xml_escape(term.value)}</literal>"


def serialize_solutions(columns: list[str], rows: list[list[object | None]], fmt: str) -> str:
    """SELECT results in one of the SPARQL 1.1 result formats."""
    if fmt == "json":
        bindings = [{c: _term_json(v) for c, v in zip(columns, row, strict=True) if v is not None} for row in rows]
        return json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}}, ensure_ascii=False)
    if fmt == "csv":

        def cell(v: object | None) -> str:
            text = "" if v is None else v.value  # type: ignore[attr-defined]
            return '"' + text.replace('"', '""') + '"' if any(ch in text for ch in ',"\n\r') else text

        return "\r\n".join([",".join(columns), *(",".join(cell(v) for v in row) for row in rows)]) + "\r\n"
    if fmt == "tsv":
        return (
            "\n".join(
                [
                    "\t".join("?" + c for c in columns),
                    *("\t".join("" if v is None else str(v) for v in row) for row in rows),
                ]
            )
            + "\n"
        )
    body = "".join(
        "<result>"
        + "".join(
            f'<binding name="{c}">{_term_xml(v)}</binding>' for c, v in zip(columns, row, strict=True) if v is not None
        )
        + "</result>"
        for row in rows
    )
    head = "".join(f'<variable name="{c}"/>' for c in columns)
    return (
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f"<head>{head}</head><results>{body}</results></sparql>\n"
    )


def _boolean(value: bool, fmt: str) -> str:
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{str(value).lower()}</boolean></sparql>\n"
        )
    if fmt in ("csv", "tsv"):
        return f"{str(value).lower()}\n"
    return json.dumps({"head": {}, "boolean": value})


def _page() -> str:
    canned = canned_queries()
    buttons = "".join(
        f'<button type="button" title="{html.escape(q.description)}" data-q="{html.escape(q.text)}">'
        f"{html.escape(n)}</button> "
        for n, q in canned.items()
    )
    first = html.escape(next(iter(canned.values())).text) if canned else ""
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Berita KG · SPARQL</title></head>
<body style="font-family:sans-serif;margin:1em">
<h1 style="font-size:1.2em">Berita KG · SPARQL</h1>
<p>Canned queries: {buttons}</p>
<form id="f"><textarea id="q" rows="14" style="width:100%;font-family:monospace">{first}</textarea>
<p><button type="submit">Run</button> <span id="status"></span></p></form>
<table id="out" border="1" style="border-collapse:collapse;font-size:13px"></table>
<script>
document.querySelectorAll("button[data-q]").forEach(function (b) {{
  b.addEventListener("click", function () {{ document.getElementById("q").value = b.dataset.q; }});
}});
document.getElementById("f").addEventListener("submit", function (e) {{
  e.preventDefault();
  var status = document.getElementById("status"), out = document.getElementById("out");
  status.textContent = "…"; out.innerHTML = "";
  fetch("sparql", {{method: "POST", headers: {{"Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json"}}, body: document.getElementById("q").value}})
    .then(function (r) {{ return r.text().then(function (t) {{ return [r, t]; }}); }})
    .then(function (rt) {{
      var r = rt[0], t = rt[1];
      if (!r.ok) {{ status.textContent = t; return; }}
      var data; try {{ data = JSON.parse(t); }} catch (err) {{ out.textContent = t; status.textContent = ""; return; }}
      if ("boolean" in data) {{ status.textContent = String(data.boolean); return; }}
      var vars = data.head.vars, rows = data.results.bindings;
      var tr = out.insertRow(); vars.forEach(function (v) {{ var th = document.createElement("th"); th.textContent = v; tr.appendChild(th); }});
      rows.forEach(function (b) {{ var row = out.insertRow(); vars.forEach(function (v) {{ row.insertCell().textContent = b[v] ? b[v].value : ""; }}); }});
      status.textContent = rows.length + " rows" + (r.headers.get("X-Berita-KG-Truncated") ? " (cut at the row limit)" : "");
    }});
}});
</script></body></html>"""


#: A request body (a POSTed query) over this many bytes is refused with 413 unread.
MAX_BODY = 1_000_000
#: Queries that run at once; others wait for a slot, up to the time limit, then get 503.
MAX_RUNNING = 8
#: Connections served at once; further ones wait in the listen queue (the OS's backlog).
MAX_CONNECTIONS = 64
#: Seconds a client may take to send its request (a slow client cannot hold a thread).
CLIENT_TIMEOUT = 30.0
_SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
    "style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'",
}


class BoundedServer(ThreadingHTTPServer):
    """`ThreadingHTTPServer` with at most `MAX_CONNECTIONS` handler threads at a time: a flood
    of connections waits in the listen queue instead of starting a thread each."""

    daemon_threads = True
    request_queue_size = 256

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type,unused-ignore]

    def process_request(self, request: Any, client_address: Any) -> None:
        self.slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def make_server(
    store: ox.Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    log: Callable[[str], None] | None = None,
) -> ThreadingHTTPServer:
    """An HTTP server answering SPARQL queries over `store` (call `serve_forever()` on it).

    Read-only; a query runs at most `timeout` seconds (then 503: Oxigraph cannot stop it, so it
    keeps its slot until it ends, and at most `MAX_RUNNING` run at once), a result is cut at
    `max_rows`, a body over `MAX_BODY` bytes is refused (413), and every answer carries headers
    that keep a browser from running what it holds (nosniff, a content security policy)."""
    page = _page().encode("utf-8")
    running = threading.BoundedSemaphore(MAX_RUNNING)

    class Handler(BaseHTTPRequestHandler):
        server_version = "BeritaKG"
        timeout = CLIENT_TIMEOUT  # socket timeout while reading the request

        def log_message(self, format: str, *args: object) -> None:
            if log is not None:
                log(format % args)

        def _send(self, status: int, body: str | bytes, mime: str, extra: dict[str, str] | None = None) -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", f"{mime}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for k, v in {**_SAFE_HEADERS, **(extra or {})}.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path in ("/", "/index.html"):
                self._send(200, page, "text/html")
            elif url.path == "/sparql":
                params = parse_qs(url.query)
                if "update" in params:
                    self._send(403, "SPARQL Update is refused: this endpoint is read-only.", "text/plain")
                elif "query" not in params:
                    self._send(400, "Give a query: /sparql?query=…", "text/plain")
                else:
                    self._answer(params["query"][0])
            else:
                self._send(404, "Not found: the endpoint is /sparql, the query page is /.", "text/plain")

        def do_POST(self) -> None:
            if urlparse(self.path).path != "/sparql":
                self._send(404, "Not found: the endpoint is /sparql.", "text/plain")
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0:
                self._send(400, "Bad Content-Length.", "text/plain")
                return
            if length > MAX_BODY:
                self.close_connection = True
                self._send(413, f"The request body is {length:,} bytes; at most {MAX_BODY:,} are read.", "text/plain")
                return
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if kind == "application/sparql-update":
                self._send(403, "SPARQL Update is refused: this endpoint is read-only.", "text/plain")
            elif kind == "application/sparql-query":
                self._answer(body)
            else:
                params = parse_qs(body)
                if "update" in params:
                    self._send(403, "SPARQL Update is refused: this endpoint is read-only.", "text/plain")
                elif "query" in params:
                    self._answer(params["query"][0])
                else:
                    self._send(
                        400, "Give a query: a form field 'query' or an application/sparql-query body.", "text/plain"
                    )

        def _answer(self, text: str) -> None:
            if is_update(text):
                self._send(403, "SPARQL Update is refused: this endpoint is read-only.", "text/plain")
                return
            fmt = _choose(self.headers.get("Accept", ""))
            outcome: dict[str, object] = {}

            deadline = time.monotonic() + timeout

            def work() -> None:
                if not running.acquire(timeout=max(0.0, deadline - time.monotonic())):
                    outcome["busy"] = True
                    return
                try:
                    answer = store.query(text)
                    if isinstance(answer, ox.QuerySolutions):
                        columns = [v.value for v in answer.variables]
                        rows: list[list[object | None]] = []
                        for solution in answer:
                            if len(rows) == max_rows:
                                outcome["truncated"] = True
                                break
                            rows.append([solution[c] for c in columns])
                        outcome["body"] = serialize_solutions(columns, rows, fmt)
                        outcome["mime"] = TYPES[fmt]
                    elif isinstance(answer, ox.QueryBoolean):
                        outcome["body"], outcome["mime"] = _boolean(bool(answer), fmt), TYPES[fmt]
                    else:
                        outcome["body"] = ox.serialize(answer, format=ox.RdfFormat.TURTLE)
                        outcome["mime"] = "text/turtle"
                except SyntaxError as exc:
                    outcome["error"] = f"The query does not parse: {exc}"
                except (OSError, ValueError, RuntimeError) as exc:
                    outcome["error"] = f"The query failed: {exc}"
                finally:
                    running.release()

            worker = threading.Thread(target=work, daemon=True)
            worker.start()
            worker.join(max(0.0, deadline - time.monotonic()) + 0.05)
            if outcome.get("busy"):
                self._send(
                    503, f"Busy: {MAX_RUNNING} queries are running; try again.", "text/plain", {"Retry-After": "5"}
                )
            elif worker.is_alive():
                self._send(503, f"The query took longer than {timeout:g} s; narrow it or add a LIMIT.", "text/plain")
            elif "error" in outcome:
                self._send(400, str(outcome["error"]), "text/plain")
            else:
                extra = {"X-Berita-KG-Truncated": f"rows cut at {max_rows}"} if outcome.get("truncated") else {}
                self._send(200, outcome["body"], str(outcome["mime"]), extra)  # type: ignore[arg-type]

    return BoundedServer((host, port), Handler)
