"""`kg serve`: the SPARQL 1.1 Protocol over real HTTP (kg.store.serve)."""

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph

from kg.store.query import open_store
from kg.store.serve import make_server

TREATIES = "SELECT ?t WHERE { ?t a <https://w3id.org/berita-kg/ontology#Treaty> }"
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def endpoint(examples_build):
    server = make_server(open_store(examples_build[1]), "127.0.0.1", 0, timeout=5, max_rows=50)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


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
    import http.client

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
    import os

    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


def test_200_concurrent_queries_are_all_answered_without_a_leak(endpoint):
    """A bounded load test on loopback: 200 clients at once, each a real connection."""
    from concurrent.futures import ThreadPoolExecutor

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
    import time

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
