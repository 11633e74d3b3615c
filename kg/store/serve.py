"""`kg serve`: the SPARQL 1.1 Protocol over a build's store, read-only, on loopback by default.

GET /sparql?query=… and POST /sparql (form `query=…` or an `application/sparql-query` body).
Results by the Accept header in the SPARQL 1.1 result formats, written by pyoxigraph (see
`kg.store.results`): JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE give Turtle. `/`
is a small page to type queries, with the canned ones one click away. Standard library only
(http.server).

What a client cannot do, each found by an attack on loopback:
- change the store (Update, LOAD included, is refused: 403) or reach the network from a query
  (SERVICE is refused before the query runs, 400: Oxigraph would POST to any host and port);
- spend more than a query's budget: a time limit (503), a row limit (the result is cut and says
  so in `X-Berita-KG-Truncated`, for CONSTRUCT and DESCRIBE triples too), a byte limit on the
  serialized result and a size limit on any one value (500), counted as the result is produced;
  where `os.fork` exists each query runs in a process of its own, forked for it, with a memory
  limit, and killed at its deadline: a runaway query cannot keep a slot, a core or memory;
- hold a connection: the request (line, headers, body) must arrive within one deadline, and the
  answer must be taken within another;
- use a browser against it: a Host header other than the server's own names is refused (DNS
  rebinding), so is a request from another origin, and the answers cannot be framed or sniffed.
"""

from __future__ import annotations

import html
import io
import ipaddress
import math
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

try:
    import resource  # POSIX; where it is missing, so is os.fork and queries run in threads
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

from ..errors import ConfigError, QueryError
from .limits import CLIENT_TIMEOUT, MAX_BODY, MAX_BYTES, MAX_CONNECTIONS, MAX_MEMORY, MAX_RUNNING, MAX_TERM, _Limits
from .query import canned_queries, is_update, refuse_network
from .results import _choose, _media
from .runners import _CHUNK, _ProcessRunner, _ThreadRunner

__all__ = ["make_server", "BoundedServer"]

_SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
    "style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


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


class _DeadlineReader(io.RawIOBase):
    """A connection's input that ends at a deadline, however slowly the bytes come: each read may
    wait only for the time left (a per-read timeout lets one byte every few seconds go on forever)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.deadline = math.inf

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took longer than the server waits for one")
        self.sock.settimeout(left)
        return self.sock.recv_into(buffer)


def _host_name(value: str) -> str | None:
    """The name in a Host header (`name`, `name:port`, `[v6]` or `[v6]:port`), normalized; None
    if it is malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        name, sep, rest = value[1:].partition("]")
        if not sep:
            return None
    else:
        name, _, rest = value.partition(":")
        rest = ":" + rest if rest or value.endswith(":") else ""
    if rest and not (rest.startswith(":") and rest[1:].isdigit()):
        return None
    return _name(name) or None


def _name(address: str) -> str:
    """A host name or address as Host headers are compared: lower case, an IP address in its
    short form (`::1`), no brackets or final dot."""
    address = address.strip().lower().removeprefix("[").removesuffix("]")
    try:
        return ipaddress.ip_address(address).compressed
    except ValueError:
        return address.rstrip(".")


class BoundedServer(ThreadingHTTPServer):
    """`ThreadingHTTPServer` with at most `MAX_CONNECTIONS` handler threads at a time: a flood
    of connections waits in the listen queue instead of starting a thread each. IPv6 when the
    address is one (`::1`)."""

    daemon_threads = True
    request_queue_size = 256
    runner: _ProcessRunner | _ThreadRunner | None = None

    def __init__(self, address: tuple[str, int], handler: Any, *, family: socket.AddressFamily | None = None) -> None:
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.address_family = family or (socket.AF_INET6 if ":" in address[0] else socket.AF_INET)
        super().__init__(address, handler)

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

    def server_close(self) -> None:
        super().server_close()
        if self.runner is not None:
            self.runner.close()
            self.runner = None


def make_server(
    store: ox.Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    max_bytes: int = MAX_BYTES,
    max_term: int = MAX_TERM,
    max_memory: int = MAX_MEMORY,
    client_timeout: float = CLIENT_TIMEOUT,
    allow_hosts: Iterable[str] = (),
    isolate: bool | None = None,
    log: Callable[[str], None] | None = None,
) -> BoundedServer:
    """An HTTP server answering SPARQL queries over `store` (call `serve_forever()` on it, and
    `server_close()` at the end: it also ends the query processes).

    Read-only, and no query reaches the network (SERVICE and LOAD are refused). A query runs at
    most `timeout` seconds (then 503), its result is cut at `max_rows` rows or triples (said in
    `X-Berita-KG-Truncated`) and stopped (500) past `max_bytes` bytes or at a value over
    `max_term` characters. With `isolate` (the default where `os.fork` exists) each query runs in
    a process of its own, killed at its deadline, that may take `max_memory` bytes (on Linux,
    where /proc tells the size to start from); without,
    in a thread that gives its slot back at the deadline (see `_ThreadRunner`). A client has
    `client_timeout` seconds to send its request and as long to take the answer; a body over
    `MAX_BODY` bytes is refused (413). Only requests naming the server by its address,
    `localhost` or one of `allow_hosts` in their Host header are served (403: DNS rebinding), and
    none from a page of another origin. Bad settings raise `ConfigError`."""
    for name, value, kind in (
        ("timeout", timeout, int | float),
        ("client_timeout", client_timeout, int | float),
        ("max_rows", max_rows, int),
        ("max_bytes", max_bytes, int),
        ("max_term", max_term, int),
        ("max_memory", max_memory, int),
    ):
        if isinstance(value, bool) or not isinstance(value, kind) or not 0 < value < math.inf:
            what = "a whole number" if kind is int else "a number of seconds"
            raise ConfigError(f"{name} must be {what} above 0, not {value!r}")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ConfigError(f"port must be a whole number from 0 to 65535, not {port!r}")
    if isolate is None:
        isolate = hasattr(os, "fork")
    elif isolate and not hasattr(os, "fork"):
        raise ConfigError("isolate=True needs os.fork, which this system lacks")
    limits = _Limits(float(timeout), int(max_rows), int(max_bytes), int(max_term), int(max_memory))
    page = _page().encode("utf-8")
    refused_update = "SPARQL Update is refused: this endpoint is read-only."

    class Handler(BaseHTTPRequestHandler):
        server_version = "BeritaKG"
        protocol_version = "HTTP/1.0"
        server: BoundedServer

        def setup(self) -> None:
            super().setup()
            self.rfile.close()  # the file StreamRequestHandler made: ours reads with a deadline
            self.reader = _DeadlineReader(self.connection)
            self.rfile = io.BufferedReader(self.reader)

        def handle_one_request(self) -> None:
            self.reader.deadline = time.monotonic() + client_timeout
            super().handle_one_request()

        def log_message(self, format: str, *args: object) -> None:
            if log is not None:
                log(format % args)

        def _send(self, status: int, body: str | bytes, mime: str, extra: dict[str, str] | None = None) -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.connection.settimeout(client_timeout)  # sendall: at most this long for each write
            self.send_response(status)
            self.send_header("Content-Type", f"{mime}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for k, v in {**_SAFE_HEADERS, **(extra or {})}.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _discard(self, length: int) -> None:
            """Read and drop up to `length` bytes for a second or two: closing a connection with
            unread bytes resets it, and the client would not see the answer just sent."""
            self.reader.deadline = min(self.reader.deadline, time.monotonic() + 2.0)
            try:
                while length > 0 and (chunk := self.rfile.read1(min(length, _CHUNK))):
                    length -= len(chunk)
            except OSError:
                pass

        def _allowed(self) -> bool:
            """Whether the Host header names this server and the Origin, if any, is its own
            (else 403 is sent): a page elsewhere cannot reach it, even through DNS rebinding."""
            given = self.headers.get("Host")
            if given is None:
                if self.request_version == "HTTP/1.0":
                    return True  # no browser sends that
                self._send(400, "A Host header is needed.", "text/plain")
                return False
            if _host_name(given) not in allowed_hosts:
                self._send(
                    403,
                    f"Host {given!r} is not this server's name; start it with --allow-host NAME to serve it.",
                    "text/plain",
                )
                return False
            origin = self.headers.get("Origin")
            if origin is not None and origin.strip().lower() != f"http://{given.strip().lower()}":
                self._send(403, "A request from another site's page is refused.", "text/plain")
                return False
            return True

        def do_GET(self) -> None:
            if not self._allowed():
                return
            url = urlparse(self.path)
            if url.path in ("/", "/index.html"):
                self._send(200, page, "text/html")
            elif url.path == "/sparql":
                params = parse_qs(url.query)
                if "update" in params:
                    self._send(403, refused_update, "text/plain")
                elif "query" not in params:
                    self._send(400, "Give a query: /sparql?query=…", "text/plain")
                else:
                    self._answer(params["query"][0])
            else:
                self._send(404, "Not found: the endpoint is /sparql, the query page is /.", "text/plain")

        def do_POST(self) -> None:
            if not self._allowed():
                return
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
                self._discard(min(length, 4 * MAX_BODY))
                return
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            kind = _media(self.headers.get("Content-Type"))
            if kind == "application/sparql-update":
                self._send(403, refused_update, "text/plain")
            elif kind == "application/sparql-query":
                self._answer(body)
            else:
                params = parse_qs(body)
                if "update" in params:
                    self._send(403, refused_update, "text/plain")
                elif "query" in params:
                    self._answer(params["query"][0])
                else:
                    self._send(
                        400, "Give a query: a form field 'query' or an application/sparql-query body.", "text/plain"
                    )

        def _answer(self, text: str) -> None:
            if is_update(text):
                self._send(403, refused_update, "text/plain")
                return
            try:
                refuse_network(text)
            except QueryError as exc:
                self._send(400, f"{exc}.", "text/plain")
                return
            runner = self.server.runner
            if runner is None or not runner.acquire(limits.timeout):
                self._send(
                    503, f"Busy: {MAX_RUNNING} queries are running; try again.", "text/plain", {"Retry-After": "5"}
                )
                return
            answer = runner.run(text, _choose(self.headers.get("Accept", "")))
            extra = {"X-Berita-KG-Truncated": answer.note} if answer.note else {}
            self._send(answer.status, answer.body, answer.mime, extra)

    server = BoundedServer((host, port), Handler)
    bound = _name(str(server.server_address[0]))
    allowed_hosts = {"localhost", bound, _name(host)} | {_name(h) for h in allow_hosts}
    if bound in ("0.0.0.0", "::"):  # every address: loopback's names at least
        allowed_hosts |= {"127.0.0.1", "::1"}
    allowed_hosts.discard("")
    try:
        server.runner = _ProcessRunner(store, limits) if isolate else _ThreadRunner(store, limits)
    except BaseException:
        server.server_close()
        raise
    return server
