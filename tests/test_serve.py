"""`kg serve`: the SPARQL 1.1 Protocol over real HTTP (kg.store.serve)."""

import contextlib
import csv
import http.client
import io
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph

from kg.errors import ConfigError
from kg.store.query import open_store
from kg.store.serve import make_server
from tests.test_query import TYPED_VALUES, TYPES_QUERY

TREATIES = "SELECT ?t WHERE { ?t a <https://w3id.org/berita-kg/ontology#Treaty> }"
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@contextlib.contextmanager
def _endpoint(outdir, timeout):
    server = make_server(open_store(outdir), "127.0.0.1", 0, timeout=timeout, max_rows=50)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def endpoint(examples_build):
    with _endpoint(examples_build[1], timeout=5) as url:
        yield url


def call(url, data=None, headers=None):
    req = urllib.request.Request(
        url, data=data.encode("utf-8") if isinstance(data, str) else data, headers=headers or {}
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


def test_get_json(endpoint):
    status, headers, body = call(f"{endpoint}/sparql?query={urllib.parse.quote(TREATIES)}")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    data = json.loads(body)
    assert data["head"]["vars"] == ["t"] and data["results"]["bindings"][0]["t"]["type"] == "uri"


@pytest.mark.parametrize(
    ("accept", "mime", "check"),
    [
        ("text/csv", "text/csv", lambda b: next(csv.reader(io.StringIO(b))) == ["t"]),
        ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.splitlines()[0] == "?t"),
        ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: '<variable name="t"/>' in b),
    ],
)
def test_post_in_each_result_format(endpoint, accept, mime, check):
    status, headers, body = call(
        f"{endpoint}/sparql", TREATIES, {"Content-Type": "application/sparql-query", "Accept": accept}
    )
    assert status == 200 and headers["Content-Type"].startswith(mime) and check(body), body


def test_form_post_and_construct_gives_turtle(endpoint):
    query = "CONSTRUCT { ?t a <https://w3id.org/berita-kg/ontology#Treaty> } WHERE { ?t a <https://w3id.org/berita-kg/ontology#Treaty> }"
    status, headers, body = call(
        f"{endpoint}/sparql",
        urllib.parse.urlencode({"query": query}),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) >= 1


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        ("INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }", {"Content-Type": "application/sparql-update"}),
        (urllib.parse.urlencode({"update": "DROP ALL"}), {"Content-Type": "application/x-www-form-urlencoded"}),
        ("DELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-query"}),
    ],
)
def test_updates_are_refused(endpoint, data, headers):
    status, _, body = call(f"{endpoint}/sparql", data, headers)
    assert status == 403 and "read-only" in body
    status, _, body = call(f"{endpoint}/sparql?query={urllib.parse.quote(TREATIES)}")
    assert status == 200 and json.loads(body)["results"]["bindings"]  # nothing was dropped


def test_a_bad_query_is_400_with_the_position(endpoint):
    status, _, body = call(f"{endpoint}/sparql?query={urllib.parse.quote('SELECT ?x WHERE { ?x ?y }')}")
    assert status == 400 and "error at 1:" in body


def test_rows_are_cut_at_the_limit(endpoint):
    status, headers, body = call(f"{endpoint}/sparql?query={urllib.parse.quote(ALL)}")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 50
    assert "X-Berita-KG-Truncated" in headers


def _count_rows(fmt, body):
    if fmt == "json":
        return len(json.loads(body)["results"]["bindings"])
    if fmt == "xml":
        return len(ET.fromstring(body.encode("utf-8")).findall("{http://www.w3.org/2005/sparql-results#}results/*"))
    if fmt == "csv":
        return len(list(csv.reader(io.StringIO(body, newline="")))) - 1
    return len(body.splitlines()) - 1


FORMAT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


@pytest.mark.parametrize(
    ("text", "rows", "truncated"),
    [
        (ALL, 50, "rows cut at 50"),
        (ALL + " LIMIT 51", 50, "rows cut at 50"),
        (ALL + " LIMIT 50", 50, None),  # exactly the limit: nothing was cut
        (ALL + " LIMIT 3", 3, None),
        ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY DESC(?s)", 50, "rows cut at 50"),  # computed whole, then cut
        ("SELECT * WHERE { }", 1, None),  # one solution, no variable
        ("SELECT ?x WHERE { FILTER(false) }", 0, None),
    ],
)
@pytest.mark.parametrize("fmt", sorted(FORMAT_TYPES))
def test_rows_are_cut_at_the_limit_in_every_format(endpoint, fmt, text, rows, truncated):
    """pyoxigraph writes every format; the row limit still holds in each, and says so."""
    status, headers, body = call(
        f"{endpoint}/sparql?query={urllib.parse.quote(text)}", headers={"Accept": FORMAT_TYPES[fmt]}
    )
    assert status == 200 and headers["Content-Type"].startswith(FORMAT_TYPES[fmt]), body[:300]
    assert _count_rows(fmt, body) == rows
    assert headers.get("X-Berita-KG-Truncated") == truncated


@pytest.mark.parametrize(("var", "expected"), TYPED_VALUES)
def test_json_is_sparql_results_json(endpoint, var, expected):
    status, _, body = call(f"{endpoint}/sparql?query={urllib.parse.quote(TYPES_QUERY)}")
    data = json.loads(body)
    assert status == 200 and data["head"]["vars"] == ["iri", "tagged", "typed", "plain", "blank", "unbound"]
    (binding,) = data["results"]["bindings"]
    if expected is None:
        assert var not in binding
    else:
        assert {k: binding[var][k] for k in expected} == expected


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("json", lambda b: json.loads(b) == {"head": {}, "boolean": True}),
        (
            "xml",
            lambda b: ET.fromstring(b.encode()).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true",
        ),
        ("csv", lambda b: b.strip() == "true"),
        ("tsv", lambda b: b.strip() == "true"),
    ],
)
def test_ask_in_every_format(endpoint, fmt, check):
    status, headers, body = call(
        f"{endpoint}/sparql?query={urllib.parse.quote('ASK { ?s ?p ?o }')}", headers={"Accept": FORMAT_TYPES[fmt]}
    )
    assert status == 200 and headers["Content-Type"].startswith(FORMAT_TYPES[fmt]) and check(body), body


def test_the_query_page_offers_the_canned_queries(endpoint):
    status, headers, body = call(f"{endpoint}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "treaties" in body and "visits-by-leader-year" in body and 'fetch("sparql"' in body


def test_loopback_by_default():
    import inspect

    assert inspect.signature(make_server).parameters["host"].default == "127.0.0.1"


def test_a_slow_query_is_stopped_at_the_time_limit(examples_build):
    server = make_server(open_store(examples_build[1]), "127.0.0.1", 0, timeout=0.3)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g a ?h }"  # about 2 s here
        status, _, body = call(f"http://{host}:{port}/sparql?query={urllib.parse.quote(slow)}")
        assert status == 503 and "longer than" in body
    finally:
        server.shutdown()
        server.server_close()


def test_an_oversized_or_malformed_request_is_refused_unread(endpoint):
    from kg.store.serve import MAX_BODY

    status, _, body = call(f"{endpoint}/sparql", "x" * (MAX_BODY + 1), {"Content-Type": "application/sparql-query"})
    assert status == 413 and "at most" in body
    status, _, _ = call(f"{endpoint}/sparql?query=" + "a" * 70_000)  # a request line over http.server's 64 KiB
    assert status == 414
    host, port = endpoint.rsplit("/", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.putrequest("POST", "/sparql")
    conn.putheader("Content-Length", "-5")
    conn.endheaders()
    assert conn.getresponse().status == 400


def test_every_answer_keeps_the_browser_from_running_what_it_holds(endpoint):
    for url in (f"{endpoint}/", f"{endpoint}/sparql?query={urllib.parse.quote(TREATIES)}", f"{endpoint}/nothing"):
        _, headers, _ = call(url)
        assert (
            headers["X-Content-Type-Options"] == "nosniff"
            and "default-src 'none'" in headers["Content-Security-Policy"]
        )


def _fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


@pytest.fixture
def patient_endpoint(examples_build):
    """An endpoint whose queries may wait 60 s for a slot: under a load test on 2 busy cores the
    fixture's 5 s would turn the last of 200 queued queries into 503 Busy, which is the limit
    working (test_runaway_queries_do_not_lock_good_ones_out), not a lost query."""
    with _endpoint(examples_build[1], timeout=60) as url:
        yield url


def test_200_concurrent_queries_are_all_answered_without_a_leak(patient_endpoint):
    """A bounded load test on loopback: 200 clients at once, each a real connection."""
    from concurrent.futures import ThreadPoolExecutor

    endpoint = patient_endpoint

    query = urllib.parse.quote(
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label LIMIT 20"
    )
    call(f"{endpoint}/sparql?query={query}")  # warm
    threads, fds = threading.active_count(), _fds()
    with ThreadPoolExecutor(max_workers=200) as pool:
        answers = list(
            pool.map(
                lambda _: call(
                    f"{endpoint}/sparql?query={query}", headers={"Accept": "application/sparql-results+json"}
                ),
                range(200),
            )
        )
    assert [status for status, _, _ in answers] == [200] * 200
    assert len({body for _, _, body in answers}) == 1 and len(json.loads(answers[0][2])["results"]["bindings"]) == 20
    for _ in range(50):  # handler threads end once their connection closes
        if threading.active_count() <= threads and _fds() <= fds + 2:
            break
        time.sleep(0.1)
    assert threading.active_count() <= threads, "handler or query threads were left behind"
    assert _fds() <= fds + 2, "sockets or files were left open"


@pytest.mark.parametrize(
    ("accept", "raw"),
    [("application/sparql-results+xml", "<script>"), ("application/sparql-results+json", "</script><script>")],
)
def test_text_in_results_is_escaped(endpoint, accept, raw):
    hostile = 'SELECT ?x WHERE { BIND("</script><script>alert(1)</script>&amp;" AS ?x) }'
    status, headers, body = call(f"{endpoint}/sparql?query={urllib.parse.quote(hostile)}", headers={"Accept": accept})
    assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    if "xml" in accept:
        assert raw not in body and "&lt;script&gt;" in body
    else:
        assert json.loads(body)["results"]["bindings"][0]["x"]["value"].startswith("</script>")  # data, served as JSON


# --- What an attack on loopback found, and what stops it now ---------------------------------

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g a ?h }"  # about 2 s on the examples


@contextlib.contextmanager
def serving(store, host="127.0.0.1", **options):
    """A server on a free loopback port, stopped (with its query processes) on the way out."""
    server = make_server(store, host, 0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def url_of(server):
    host, port = server.server_address[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def raw(server, method, path, body=None, headers=None, host=None):
    """One request over http.client, with every header as given (Host too): (status, headers, body)."""
    address, port = server.server_address[:2]
    conn = http.client.HTTPConnection(address, port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host if host is not None else f"{address}:{port}")
        data = body.encode("utf-8") if isinstance(body, str) else body
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        if data is not None:
            conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode("utf-8")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def store(examples_build):
    return open_store(examples_build[1])


@pytest.fixture(scope="module")
def server(store):
    with serving(store, timeout=5, max_rows=50, max_bytes=200_000, max_term=10_000) as srv:
        yield srv


class Listener:
    """A TCP listener on loopback that counts the connections made to it (and closes each)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        time.sleep(0.3)  # a connection made at the end still gets counted
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where {service<{url}>{?s ?p ?o}}",
    "SELECT * WHERE { sErViCe \t\n SILENT <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { { OPTIONAL { { ?x ?y ?z . SERVICE <{url}> { ?s ?p ?o } } } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "ASK { SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE#a comment\n<{url}> { ?s ?p ?o } }",
    "PREFIX : <{url}> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",  # Oxigraph reads SERVICE then :x
    "PREFIX e: <http://a/> SELECT * WHERE { e:a\\# e:p ?o . SERVICE <{url}> { ?s ?p ?o } }",  # \\# is no comment
    "SELECT * WHERE { <http://a/\\u0041#> ?p ?o . SERVICE <{url}> { ?s ?p ?o } }",
    "BASE <{url}> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1\\u003a{port}/sparql> { ?s ?p ?o } }",
]


def service_query(template, listener):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    return template.replace("{url}", url).replace("{port}", str(listener.port))


def test_the_service_attack_is_real(listener):
    """Oxigraph alone does connect: what the tests below stop is a real connection."""
    import pyoxigraph as ox

    with pytest.raises(OSError):
        list(ox.Store().query(service_query(SERVICE_QUERIES[0], listener)))
    time.sleep(0.2)
    assert listener.connections == 1


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_before_the_query_runs(server, listener, template):
    text = service_query(template, listener)
    status, _, body = raw(server, "POST", "/sparql", text, {"Content-Type": "application/sparql-query"})
    assert status == 400 and "SERVICE is refused" in body
    status, _, _ = raw(server, "GET", "/sparql?query=" + urllib.parse.quote(text))
    assert status == 400
    listener.close()
    assert listener.connections == 0


@pytest.mark.parametrize(
    ("text", "content_type"),
    [
        ("LOAD <{url}>", "application/sparql-query"),
        ("LOAD <{url}> INTO GRAPH <http://a/g>", "application/sparql-update"),
        ("# first a comment\nload\t<{url}>", "application/sparql-query"),
    ],
)
def test_load_is_refused(server, listener, text, content_type):
    status, _, body = raw(server, "POST", "/sparql", service_query(text, listener), {"Content-Type": content_type})
    assert status == 403 and "read-only" in body
    listener.close()
    assert listener.connections == 0


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?service WHERE { BIND("SERVICE <http://127.0.0.1:1/> { }" AS ?service) }',
        "SELECT ?x WHERE { BIND(<http://schema.org/Service> AS ?x) } # SERVICE in a comment",
        "SELECT ?download WHERE { BIND('load' AS ?download) }",
    ],
)
def test_the_word_in_a_string_an_iri_or_a_variable_is_no_service(server, text):
    status, _, body = raw(server, "GET", "/sparql?query=" + urllib.parse.quote(text))
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 1


def test_construct_triples_are_cut_at_the_row_limit(server):
    cross = "CONSTRUCT { ?a ?b ?i } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, headers, body = raw(server, "GET", "/sparql?query=" + urllib.parse.quote(cross))
    assert status == 200 and headers["x-berita-kg-truncated"] == "triples cut at 50"
    assert 0 < len(Graph().parse(data=body, format="turtle")) <= 50


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a three-way cross product, every value long: far over 200,000 bytes long before 50 rows
        (
            'SELECT ?a ?c ?g ?x WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i BIND(CONCAT(STR(?a), "'
            + "x" * 5000
            + '") AS ?x) }',
            "over 200,000 bytes",
        ),
        (
            "CONSTRUCT { ?a <http://a/p> ?x } WHERE { ?a ?b ?c . ?d ?e ?f "
            'BIND(CONCAT(STR(?c), STR(?f), "' + "x" * 9000 + '") AS ?x) }',
            "over 200,000 bytes",
        ),
        # one value over 10,000 characters, made by doubling
        (
            'SELECT ?v12 WHERE { BIND("abcdefgh" AS ?v0) '
            + " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(12))
            + " }",
            "over 10,000 characters",
        ),
    ],
)
def test_a_result_over_its_byte_or_value_budget_is_stopped(server, text, words):
    started = time.monotonic()
    status, _, body = raw(server, "POST", "/sparql", text, {"Content-Type": "application/sparql-query"})
    assert status == 500 and words in body, body[:300]
    assert time.monotonic() - started < 5


def test_a_query_over_its_memory_budget_is_stopped(store):
    """30 doublings: an 8 GB value. Its process may take 200 MB: it dies, the server answers."""
    text = (
        'SELECT ?v30 WHERE { BIND("abcdefgh" AS ?v0) '
        + " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(30))
        + " }"
    )
    with serving(store, timeout=20, max_memory=200_000_000, max_term=10**10, max_bytes=10**10) as srv:
        started = time.monotonic()
        status, _, body = raw(srv, "GET", "/sparql?query=" + urllib.parse.quote(text))
        assert status == 500 and "memory" in body
        assert time.monotonic() - started < 15
        assert raw(srv, "GET", "/sparql?query=" + urllib.parse.quote(TREATIES))[0] == 200


def _children(pid):
    path = f"/proc/{pid}/task/{pid}/children"
    try:
        with open(path) as f:
            return f.read().split()
    except OSError:
        return []


@pytest.mark.parametrize("isolate", [True, False], ids=["process", "thread"])
def test_runaway_queries_do_not_lock_good_ones_out(store, isolate):
    """Ten queries that compute for seconds before their first row, then a good one: it is
    answered within a bounded time, as the runaways lose their slots at the time limit."""
    from concurrent.futures import ThreadPoolExecutor

    with serving(store, timeout=1, isolate=isolate) as srv:
        slow = "/sparql?query=" + urllib.parse.quote(SLOW)
        with ThreadPoolExecutor(max_workers=10) as pool:
            runaways = [pool.submit(raw, srv, "GET", slow) for _ in range(10)]
            time.sleep(0.5)
            started = time.monotonic()
            status, _, body = raw(srv, "GET", "/sparql?query=" + urllib.parse.quote(TREATIES))
            waited = time.monotonic() - started
            assert status == 200 and json.loads(body)["results"]["bindings"], body
            assert waited < 4, waited
            assert {f.result()[0] for f in runaways} <= {503}
        if isolate:  # the processes of the runaways are gone, not running on
            for _ in range(40):
                if not _children(srv.runner.pid):
                    break
                time.sleep(0.1)
            assert not _children(srv.runner.pid)
        else:  # the threads of the runaways end by themselves
            for _ in range(100):
                if not srv.runner.abandoned:
                    break
                time.sleep(0.1)


@pytest.mark.parametrize("how", ["a header line every 0.5 s", "a byte every 0.2 s"])
def test_a_slow_client_is_cut_off_at_the_request_deadline(store, how):
    with serving(store, client_timeout=2) as srv:
        address, port = srv.server_address[:2]
        with socket.create_connection((address, port), timeout=5) as sock:
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            started, closed = time.monotonic(), False
            sock.settimeout(0.2 if "byte" in how else 0.5)
            while time.monotonic() - started < 8 and not closed:
                try:
                    sock.sendall(b"X" if "byte" in how else b"X-Slow: 1\r\n")
                    closed = sock.recv(1024) == b""
                except TimeoutError:
                    continue
                except OSError:  # reset: closed too
                    closed = True
            elapsed = time.monotonic() - started
        assert closed and 1.5 < elapsed < 4, elapsed
        assert raw(srv, "GET", "/sparql?query=" + urllib.parse.quote(TREATIES))[0] == 200


@pytest.mark.parametrize(
    ("host", "status"),
    [
        (None, 200),  # the bound address and port
        ("127.0.0.1", 200),
        ("localhost", 200),
        ("LocalHost:7878", 200),
        ("kg.example:80", 200),  # --allow-host
        ("evil.example", 403),
        ("evil.example:{port}", 403),
        ("127.0.0.1.evil.example", 403),
        ("localhost.evil.example", 403),
        ("[::1]", 403),  # not the address this server listens on
        ("127.0.0.1:http", 403),
        ("", 403),
    ],
)
def test_the_host_header_must_name_this_server(store, host, status):
    with serving(store, allow_hosts=["KG.example"]) as srv:
        given = None if host is None else host.replace("{port}", str(srv.server_address[1]))
        got, _, body = raw(srv, "GET", "/sparql?query=" + urllib.parse.quote(TREATIES), host=given)
        assert got == status, body
        assert raw(srv, "GET", "/", host=given)[0] == status


@pytest.mark.parametrize(
    ("method", "origin", "status"),
    [
        ("POST", None, 200),
        ("POST", "own", 200),  # the query page at / does this
        ("POST", "http://evil.example", 403),
        ("POST", "null", 403),
        ("POST", "http://127.0.0.1", 403),  # another port is another origin
        ("POST", "https://127.0.0.1:{port}", 403),
        ("GET", "http://evil.example", 403),
    ],
)
def test_a_request_from_another_origin_is_refused(server, method, origin, status):
    port = server.server_address[1]
    headers = {"Content-Type": "application/sparql-query"}
    if origin is not None:
        headers["Origin"] = f"http://127.0.0.1:{port}" if origin == "own" else origin.replace("{port}", str(port))
    if method == "POST":
        got, _, body = raw(server, "POST", "/sparql", TREATIES, headers)
    else:
        got, _, body = raw(server, "GET", "/sparql?query=" + urllib.parse.quote(TREATIES), headers=headers)
    assert got == status, body


def test_answers_cannot_be_framed(server):
    _, headers, _ = raw(server, "GET", "/")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    "options",
    [
        {"max_rows": -1},
        {"max_rows": 0},
        {"max_rows": True},
        {"max_bytes": 0},
        {"max_term": -5},
        {"max_memory": 0},
        {"timeout": 0},
        {"timeout": -1.0},
        {"timeout": float("nan")},
        {"timeout": float("inf")},
        {"client_timeout": 0},
        {"max_rows": "10"},
        {"max_rows": 0.5},
        {"max_bytes": 1e9},
    ],
)
def test_bad_limits_are_refused(store, options):
    with pytest.raises(ConfigError):
        make_server(store, "127.0.0.1", 0, **options)


@pytest.mark.parametrize(
    "args",
    [
        ["--max-rows", "-1"],
        ["--max-rows", "0"],
        ["--max-bytes", "0"],
        ["--timeout", "0"],
        ["--timeout", "-3"],
        ["--port", "70000"],
        ["--max-memory", "1"],
    ],
)
def test_the_cli_refuses_bad_limits(examples_build, args):
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, ["serve", "-d", str(examples_build[1]), *args])
    assert result.exit_code == 2 and "Invalid value" in result.output


def test_ipv6_loopback(store):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with serving(store, host="::1") as srv:
        assert srv.server_address[0] == "::1"
        status, _, body = call(f"{url_of(srv)}/sparql?query={urllib.parse.quote(TREATIES)}")
        assert status == 200 and json.loads(body)["results"]["bindings"]
        assert raw(srv, "GET", "/", host="localhost")[0] == 200
        assert raw(srv, "GET", "/", host="127.0.0.1")[0] == 403


@pytest.mark.parametrize(
    ("content_type", "accept", "status", "mime"),
    [
        ("APPLICATION/SPARQL-QUERY", "TEXT/CSV", 200, "text/csv"),
        (
            "application/sparql-query; charset=utf-8",
            "Application/Sparql-Results+XML; q=0.9",
            200,
            "application/sparql-results+xml",
        ),
        ("Application/Sparql-Query ;Charset=UTF-8", "*/*", 200, "application/sparql-results+json"),
        ("APPLICATION/SPARQL-UPDATE", "", 403, "text/plain"),
    ],
)
def test_media_types_are_case_insensitive(server, content_type, accept, status, mime):
    got, headers, body = raw(server, "POST", "/sparql", TREATIES, {"Content-Type": content_type, "Accept": accept})
    assert got == status and headers["content-type"].startswith(mime), body


def test_a_form_post_with_a_shouting_content_type(server):
    form = urllib.parse.urlencode({"query": TREATIES})
    got, _, body = raw(server, "POST", "/sparql", form, {"Content-Type": "APPLICATION/X-WWW-FORM-URLENCODED"})
    assert got == 200 and json.loads(body)["results"]["bindings"]


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("a\\u0001b", "a\ufffdb"),
        ("\\u0000", "\ufffd"),
        ("x\\u001Fy\\u000Bz\\u000C", "x\ufffdy\ufffdz\ufffd"),
        ("line\\r\\nnext\\ttab", "line\r\nnext\ttab"),  # allowed in XML: kept
        ("<&>\\\"'", "<&>\"'"),
        ("\\uFFFE", "\ufffd"),
    ],
)
def test_xml_results_are_well_formed_whatever_the_literal_holds(server, sparql, expected):
    text = f'SELECT ?x WHERE {{ BIND("{sparql}"@id AS ?x) }}'
    status, _, body = raw(
        server,
        "POST",
        "/sparql",
        text,
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+xml"},
    )
    assert status == 200
    root = ET.fromstring(body.encode("utf-8"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    literal = root.find(f"{ns}results/{ns}result/{ns}binding/{ns}literal")
    assert literal is not None and literal.text == expected
    assert literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://evil.example")'])
@pytest.mark.parametrize("accept", ["text/csv", "text/tab-separated-values"])
def test_csv_and_tsv_cells_are_not_formulas(server, cell, accept):
    escaped = cell.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    text = f'SELECT ?x ?y WHERE {{ BIND("{escaped}" AS ?x) BIND(<http://a/{urllib.parse.quote(cell)}> AS ?y) }}'
    status, _, body = raw(
        server, "POST", "/sparql", text, {"Content-Type": "application/sparql-query", "Accept": accept}
    )
    assert status == 200, body
    if accept == "text/csv":
        rows = list(csv.reader(io.StringIO(body, newline="")))
        assert rows[1][0] == "'" + cell and rows[1][1].startswith("http://a/")
    else:
        cells = body.split("\n")[1].split("\t")
        assert cells[0].startswith('"') and cells[1].startswith("<")  # RDF term syntax: never a formula


def test_closing_the_server_ends_the_queries_it_runs(store):
    """No query process runs on after the server: closing it ends the zygote and its workers."""
    with serving(store, timeout=30) as srv:
        zygote = srv.runner.pid
        threading.Thread(
            target=raw, args=(srv, "GET", "/sparql?query=" + urllib.parse.quote(SLOW)), daemon=True
        ).start()
        for _ in range(50):
            workers = _children(zygote)
            if workers:
                break
            time.sleep(0.05)
        if not workers:
            pytest.skip("this system does not list a process's children")
    for pid in [zygote, *map(int, workers)]:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_an_in_memory_store_is_served_from_the_query_processes(examples_build):
    """A forked query process sees the server's in-memory store (copy-on-write)."""
    memory = open_store(examples_build[1], in_memory=True)
    with serving(memory) as srv:
        status, _, body = raw(srv, "GET", "/sparql?query=" + urllib.parse.quote(TREATIES))
        assert status == 200 and json.loads(body)["results"]["bindings"]
