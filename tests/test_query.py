"""SPARQL over a build: the store, canned queries, bindings, formats, errors (kg.store.query, `kg query`)."""

import contextlib
import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli
from kg.store.query import (
    QueryError,
    canned_queries,
    format_result,
    open_store,
    query_results,
    refuse_network,
    run_query,
    with_bindings,
)

VISITS = "SELECT ?who ?where WHERE { ?who <https://w3id.org/berita-kg/ontology#visited> ?where } ORDER BY ?who ?where"


@pytest.fixture(scope="module")
def store(examples_build):
    return open_store(examples_build[1])


def test_the_store_answers_as_the_turtle_does(examples_build, store):
    """The union of the named graphs is graph.ttl: the same query, the same answers."""
    expected = sorted((str(r.who), str(r.where)) for r in Graph().parse(examples_build[1] / "graph.ttl").query(VISITS))
    assert sorted(run_query(store, VISITS).rows) == expected and expected


def lists_sorted(rows):
    """Rows with each " | " list (GROUP_CONCAT of a canned query: in no set order) sorted."""
    return [tuple(" | ".join(sorted(cell.split(" | "))) for cell in row) for row in rows]


def test_an_in_memory_copy_answers_as_the_store_does(examples_build, store):
    memory = open_store(examples_build[1], in_memory=True)
    assert len(memory) == len(store) > 0
    for name, query in canned_queries().items():
        assert lists_sorted(run_query(memory, query.text).rows) == lists_sorted(run_query(store, query.text).rows), name


def test_every_canned_query_runs_and_says_what_it_answers(store):
    canned = canned_queries()
    assert {
        "visits-by-leader-year",
        "messages",
        "treaties",
        "multi-source",
        "conflicts",
        "entity",
        "timeline",
        "said-about",
        "legal-process",
        "offices",
    } <= set(canned)
    for q in canned.values():
        assert q.description and len(q.description) > 20
        run_query(store, q.text)


@pytest.mark.parametrize(
    ("name", "bindings", "check"),
    [
        ("treaties", {}, lambda r: ("2024-06", "2024-12") in {(row[1], row[2]) for row in r.rows}),
        (
            "entity",
            {"entity": "person/kim-jong-un"},
            lambda r: r.rows and all("Kim Jong Un" in (row[0], row[2]) for row in r.rows),
        ),
        (
            "timeline",
            {"a": "person/vladimir-putin", "b": "person/kim-jong-un"},
            lambda r: r.rows and [row[0] for row in r.rows] == sorted(row[0] for row in r.rows),
        ),
        (
            "visits-by-leader-year",
            {},
            lambda r: ("Vladimir Putin", "Pyongyang", "2024") in {(row[0], row[2], row[3]) for row in r.rows},
        ),
    ],
)
def test_canned_queries_answer(store, name, bindings, check):
    result = run_query(store, with_bindings(canned_queries()[name].text, bindings))
    assert check(result), result


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("SELECT ?x WHERE { ?x ?y }", "error at 1:"),  # the parser's position
        ("PREFIX a: <http://a/>\nINSERT DATA { a:b a:c a:d }", "Update is refused"),
        ("# a comment\nDELETE WHERE { ?s ?p ?o }", "Update is refused"),
    ],
)
def test_bad_queries_say_why(store, text, words):
    with pytest.raises(QueryError, match=words):
        run_query(store, text)


def test_formats(store):
    """The table for the terminal, and the four SPARQL 1.1 result formats, each read back by a
    reader of that format: the same rows everywhere."""
    import xml.etree.ElementTree as ET

    result = run_query(store, VISITS)
    table = format_result(result, "table").splitlines()
    assert table[0].split() == ["who", "where"] and table[-1] == f"({len(result.rows)} rows)"
    data, mime = query_results(store, VISITS, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert mime == "text/csv" and data.endswith(b"\r\n")  # RFC 4180 line ends
    assert rows[0] == ["who", "where"] and [tuple(r) for r in rows[1:]] == list(result.rows)
    data, mime = query_results(store, VISITS, "tsv")
    lines = data.decode("utf-8").splitlines()
    assert mime == "text/tab-separated-values" and lines[0] == "?who\t?where"
    assert [tuple(cell.strip("<>") for cell in line.split("\t")) for line in lines[1:]] == list(result.rows)
    data, mime = query_results(store, VISITS, "json")
    answer = json.loads(data)
    assert mime == "application/sparql-results+json" and answer["head"]["vars"] == ["who", "where"]
    assert [(b["who"]["value"], b["where"]["value"]) for b in answer["results"]["bindings"]] == list(result.rows)
    data, mime = query_results(store, VISITS, "xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(data)
    assert mime == "application/sparql-results+xml"
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["who", "where"]
    assert len(root.findall("r:results/r:result", ns)) == len(result.rows)
    with pytest.raises(QueryError, match="table"):
        format_result(result, "json")
    with pytest.raises(QueryError, match="unknown result format"):
        query_results(store, VISITS, "table")


def test_construct_gives_turtle(store):
    text = run_query(
        store,
        "CONSTRUCT { ?t a <https://w3id.org/berita-kg/ontology#Treaty> } WHERE "
        "{ ?t a <https://w3id.org/berita-kg/ontology#Treaty> }",
    )
    assert len(Graph().parse(data=text, format="turtle")) >= 1


def test_cli_query(examples_build):
    out = str(examples_build[1])
    listed = CliRunner().invoke(cli, ["query", "--list"])
    assert listed.exit_code == 0 and all(name in listed.output for name in canned_queries())
    result = CliRunner().invoke(
        cli, ["query", "-d", out, "--name", "entity", "-b", "entity=person/kim-jong-un", "-f", "csv"]
    )
    assert result.exit_code == 0 and result.output.startswith("subject,property,object")
    bad = CliRunner().invoke(cli, ["query", "-d", out, "SELECT ?x WHERE { ?x ?y }"])
    assert bad.exit_code == 1 and "error at 1:" in bad.output and "Traceback" not in bad.output
    both = CliRunner().invoke(cli, ["query", "-d", out, "--name", "treaties", VISITS])
    assert both.exit_code == 2


def test_a_folder_without_a_build_is_named(tmp_path):
    result = CliRunner().invoke(cli, ["query", "-d", str(tmp_path), "--name", "treaties"])
    assert result.exit_code == 1 and str(tmp_path) in result.output and "kg build" in result.output


def test_named_graphs_still_hold_one_article_each(store, examples_build):
    result = run_query(
        store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a <https://schema.org/NewsArticle> } }"
    )
    assert int(result.rows[0][0]) == examples_build[0].report["articles_built"]


# --- SERVICE, bindings and spreadsheets: what an attack on loopback found ---------------------


@pytest.fixture
def listener():
    from tests.test_serve import Listener

    lst = Listener()
    yield lst
    lst.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
        "select * {service silent<{url}>{?s ?p ?o}}",
        "SELECT * WHERE { { ?a ?b ?c } UNION { OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } } }",
        "PREFIX : <{url}> CONSTRUCT WHERE { SERVICE:x { ?s ?p ?o } }",
        "SELECT * WHERE { SeRvIcE\r\n<{url}> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_before_the_query_runs(examples_build, store, listener, template):
    text = template.replace("{url}", f"http://127.0.0.1:{listener.port}/sparql")
    with pytest.raises(QueryError, match="SERVICE is refused"):
        run_query(store, text)
    result = CliRunner().invoke(cli, ["query", "-d", str(examples_build[1]), text])
    assert result.exit_code == 1 and "SERVICE is refused" in result.output
    listener.close()
    assert listener.connections == 0


# A value that must come back exactly, or a QueryError naming the binding.
HOSTILE_BINDINGS = [
    ("x", "plain text", "plain text"),
    ("x", 'a"b', 'a"b'),
    ("x", "a\\b", "a\\b"),
    ("x", "\\u0022 } ; DROP ALL", "\\u0022 } ; DROP ALL"),  # a \u escape is text, not a quote
    ("x", "end\\", "end\\"),
    ("x", "line\nbreak\r\ttab\b\f", "line\nbreak\r\ttab\b\f"),
    ("x", "\x00\x01\x1f\x7f", "\x00\x01\x1f\x7f"),
    ("x", "'''\"\"\"", "'''\"\"\""),
    ("x", "# not a comment", "# not a comment"),
    ("x", "\u2028\ufeff😀", "\u2028\ufeff😀"),
    ("x", "} } SELECT * { ?s ?p ?o", "} } SELECT * { ?s ?p ?o"),
    ("x", "http://example.org/a?b=c#d", "http://example.org/a?b=c#d"),
    ("x", "person/kim-jong-un", "https://w3id.org/berita-kg/id/person/kim-jong-un"),
    ("_x1", "v", "v"),
    ("1x", "v", "v"),
    ("entité", "v", "v"),
    ("x", "http://a/> } INSERT DATA { <http://a/b> <http://a/c> <http://a/d> } #", QueryError),
    ("x", "http://a/b c", QueryError),
    ("x", "http://a/\tb", QueryError),
    ("x", 'http://a/"b', QueryError),
    ("x", "https://a/{b}", QueryError),
    ("x", "http://a/b|c^d`e", QueryError),
    ("x", "http://a/\\u003E", QueryError),
    ("x", "http://a/\x00", QueryError),
    ("x", "http://a/\u00a0", QueryError),
    ("x", "person/x>", QueryError),
    ("x", "http://", "http://"),
    ("x", "http://a/%3E%20ok", "http://a/%3E%20ok"),  # percent-encoded: fine as it is
    ("x", "bad \udc80 byte", QueryError),
    ("x y", "v", QueryError),
    ("x)", "v", QueryError),
    ("x}", "v", QueryError),
    ("x-y", "v", QueryError),
    ("", "v", QueryError),
    ("?x", "v", QueryError),
]


@pytest.mark.parametrize(("name", "value", "expected"), HOSTILE_BINDINGS)
def test_bindings_bind_exactly_the_value_or_are_refused(name, value, expected):
    import pyoxigraph as ox

    text = "SELECT * WHERE { }"
    if expected is QueryError:
        with pytest.raises(QueryError, match=re.escape(repr(name))):
            with_bindings(text, {name: value})
        return
    result = run_query(ox.Store(), with_bindings(text, {name: value}))
    assert result.columns == (name,) and result.rows == ((expected,),)


BRANCHES = """SELECT ?x ?side WHERE {
  {
    # (binds)
    ?x <urn:p> <urn:o> . BIND ("left" AS ?side)
  } UNION {
    # (binds)
    <urn:o> <urn:p> ?x . BIND ("right" AS ?side)
  }
}"""


@pytest.mark.parametrize(
    ("text", "blocks", "sides"),
    [
        ('SELECT ?x ?side WHERE { ?x <urn:p> <urn:o> . BIND ("left" AS ?side) }', 1, ["left"]),  # first in WHERE
        (BRANCHES, 2, ["left", "right"]),  # at each marker: in each branch of the union
    ],
)
def test_binds_go_where_the_query_marks_them(text, blocks, sides):
    import pyoxigraph as ox

    a, o, p = (ox.NamedNode(f"https://example.org/{n}") for n in "aop")
    text = text.replace("urn:o", o.value).replace("urn:p", p.value)
    bound = with_bindings(text, {"x": a.value})
    assert "# (binds)" not in bound and bound.count("VALUES (?x)") == blocks
    store = ox.Store()
    for s, o_ in [
        (a, o),
        (o, a),
        (ox.NamedNode("https://example.org/b"), o),
        (o, ox.NamedNode("https://example.org/b")),
    ]:
        store.add(ox.Quad(s, p, o_))
    rows = run_query(store, bound).rows
    assert sorted(rows) == [(a.value, side) for side in sides]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("", ""),
    ],
)
def test_csv_cells_are_not_formulas_and_tsv_cells_are_rdf_terms(cell, written):
    """pyoxigraph's CSV with OWASP's guard (a `'` before a cell a spreadsheet would run); its TSV
    writes each value as an RDF term (a string in quotes), which no spreadsheet runs."""
    import pyoxigraph as ox

    escaped = cell.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    text = f'SELECT ?x ?y WHERE {{ BIND("{escaped}" AS ?x) BIND("safe" AS ?y) }}'
    data, _ = query_results(ox.Store(), text, "csv")
    assert list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""))) == [["x", "y"], [written, "safe"]]
    data, _ = query_results(ox.Store(), text, "tsv")
    assert data.decode("utf-8").split("\n")[1].split("\t")[0].startswith('"')


# Lexical corners where a checker and Oxigraph could read a query differently: each query ends
# with a SERVICE the checker must see, unless Oxigraph itself refuses the query.
LEXICAL_TRICKS = [
    *(
        "SELECT * WHERE { { " + iri + " ?p ?o } UNION { SERVICE <{url}> { ?s ?p ?o } } }"
        for iri in (
            "<http://a/\\x#>",
            "<http://a/ #>",
            "<http://a/{#}>",
            '<http://a/"#>',
            "<http://a/|#>",
            "<http://a/\\\\#>",
            "<http://a/\x7f#>",
            "<http://a/\u00a0#>",
            "<http://a/\\u003E#>",
            "<http://a/\t#>",
        )
    ),
    "PREFIX e: <http://a/> SELECT * WHERE { { e:a\\#b ?p ?o } UNION { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { BIND('\\'#' AS ?x) } UNION { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { BIND('''#''' AS ?x) } UNION { SERVICE <{url}> { ?s ?p ?o } } }",
    'SELECT * WHERE { { BIND("\\u0022#" AS ?x) } UNION { SERVICE <{url}> { ?s ?p ?o } } }',
    "SELECT * WHERE { { ?s ?p ?o } # \x0c\n UNION { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { ?s ?p ?o } # \r UNION { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { ?x\u00b7#y ?p ?o } UNION { SERVICE <{url}> { ?s ?p ?o } } }",
]


@pytest.mark.parametrize("template", LEXICAL_TRICKS)
def test_no_lexical_trick_hides_service(listener, template):
    import pyoxigraph as ox

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p"), ox.Literal("o"), ox.DefaultGraph()))
    text = template.replace("{url}", f"http://127.0.0.1:{listener.port}/sparql")
    try:
        refuse_network(text)
    except QueryError:
        return  # refused: nothing ran
    with contextlib.suppress(SyntaxError, OSError, RuntimeError):  # what Oxigraph refuses, it does not run
        list(store.query(text))
    listener.close()
    assert listener.connections == 0, "the checker let through a SERVICE that Oxigraph ran"


def test_a_store_swapped_while_it_opens_is_opened_again(examples_build, tmp_path, monkeypatch):
    """open_store opens the folder the link names, not the link; if the build swapping in a new
    store deleted that folder meanwhile, it opens the new one instead of failing or mixing files."""
    import shutil

    import pyoxigraph as ox

    from kg.export.files import write_store

    _, built = examples_build
    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    before = (out / "store").resolve()
    real = ox.Store.read_only
    calls: list[str] = []

    def swapped_meanwhile(path: str) -> ox.Store:
        calls.append(path)
        if len(calls) == 1:  # a build swaps in its new store (and deletes this one) as we open it
            write_store(out / "graph.trig", out)
            raise OSError(f"IO error: No such file or directory: {path}/CURRENT")
        return real(path)

    monkeypatch.setattr(ox.Store, "read_only", staticmethod(swapped_meanwhile))
    store = open_store(out)
    assert calls[0] == str(before) and calls[1] == str((out / "store").resolve()) != str(before)
    assert int(run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]) > 0


def test_queries_during_a_rebuild_always_see_a_whole_store(examples_build, tmp_path):
    import shutil
    import subprocess
    import sys
    import time

    _, built = examples_build
    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    extra = tmp_path / "baru.txt"
    extra.write_text(
        "Judul\n\nMenteri Retno Marsudi bertemu Wang Yi di Beijing pada Selasa (4/6/2024).\n", encoding="utf-8"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "-q", str(extra), "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    answers, deadline = [], time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        answers.append(int(run_query(open_store(out), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]))
    assert proc.wait(timeout=60) == 0, proc.stderr.read().decode() if proc.stderr else ""
    after = int(run_query(open_store(out), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])
    assert answers and set(answers) <= {answers[0], after}  # the old store or the new, never a mix


# --- the canned queries of contract version 2, on a hand-built graph (no NLP) -------------------

BUDI_NAME, KPK_NAME, JOKOWI_NAME = "Budi Santoso", "Komisi Pemberantasan Korupsi", "Joko Widodo"
HEADLINE, V2_ARTICLE_IRI = "KPK menahan Budi Santoso", "https://w3id.org/berita-kg/id/article/v2"
QUOTE_1, QUOTE_2 = "KPK harus menuntaskan kasus Budi Santoso", "Kasus itu harus tuntas"


@pytest.fixture(scope="module")
def v2_store(tmp_path_factory):
    from kg.export.writers import to_trig
    from kg.store.query import load_store
    from tests.test_graph import v2_dataset

    trig = tmp_path_factory.mktemp("v2") / "graph.trig"
    trig.write_text(to_trig(v2_dataset()), encoding="utf-8")
    return load_store(trig)


@pytest.mark.parametrize(
    ("name", "bindings", "expected"),
    [
        (
            "said-about",
            {"entity": "organization/kpk"},
            [(KPK_NAME, JOKOWI_NAME, QUOTE_1, "direct", "2024-05-02", "asserted", "1", HEADLINE, V2_ARTICLE_IRI)],
        ),
        (
            "said-about",
            {"entity": "person/budi-santoso"},
            [
                (BUDI_NAME, JOKOWI_NAME, QUOTE_1, "direct", "2024-05-02", "asserted", "1", HEADLINE, V2_ARTICLE_IRI),
                (BUDI_NAME, JOKOWI_NAME, QUOTE_2, "indirect", "2024-05-03", "asserted", "1", HEADLINE, V2_ARTICLE_IRI),
            ],
        ),
        ("said-about", {"entity": "person/joko-widodo"}, []),  # the speaker is no quote's subject matter
        (
            "legal-process",
            {"person": "person/budi-santoso"},
            [
                (BUDI_NAME, "namedSuspect", KPK_NAME, "2024-04-20", "", "asserted", "1", HEADLINE),
                (BUDI_NAME, "arrested", KPK_NAME, "2024-05-01", "", "asserted", "1", HEADLINE),
                (BUDI_NAME, "charged", KPK_NAME, "2024-07-01", "", "asserted", "1", HEADLINE),
                (
                    BUDI_NAME,
                    "sentenced",
                    "Pengadilan Negeri Jakarta Pusat",
                    "2024-09-10",
                    "5 tahun penjara",
                    "asserted",
                    "1",
                    HEADLINE,
                ),
            ],
        ),
        ("legal-process", {"person": "person/joko-widodo"}, []),
        (
            "offices",
            {"person": "person/budi-santoso"},
            [  # in date order (2019 < 2023-06-15 < 2024-04-30 < 2024-05), the undated last
                (
                    BUDI_NAME,
                    "elected",
                    "Anggota DPR",
                    "Dewan Perwakilan Rakyat",
                    "",
                    "false",
                    "2019",
                    "asserted",
                    "1",
                    HEADLINE,
                ),
                (
                    BUDI_NAME,
                    "appointed",
                    "Menteri Perdagangan",
                    "",
                    JOKOWI_NAME,
                    "false",
                    "2023-06-15",
                    "asserted",
                    "1",
                    HEADLINE,
                ),
                (
                    BUDI_NAME,
                    "dismissed",
                    "Menteri Perdagangan",
                    "",
                    JOKOWI_NAME,
                    "false",
                    "2024-04-30",
                    "asserted",
                    "1",
                    HEADLINE,
                ),
                (BUDI_NAME, "resignedFrom", "", "Partai Nusantara", "", "false", "2024-05", "asserted", "1", HEADLINE),
                (
                    BUDI_NAME,
                    "affiliatedWith",
                    "Anggota Dewan Pembina",
                    "Partai Nusantara",
                    "",
                    "false",
                    "",
                    "asserted",
                    "1",
                    HEADLINE,
                ),
                (BUDI_NAME, "leaderOf", "Ketua Umum", "Partai Nusantara", "", "true", "", "asserted", "1", HEADLINE),
            ],
        ),
        ("offices", {"person": "person/joko-widodo"}, []),  # he appointed, was not appointed
    ],
)
def test_canned_queries_of_contract_version_2(v2_store, name, bindings, expected):
    result = run_query(v2_store, with_bindings(canned_queries()[name].text, bindings))
    assert list(result.rows) == expected


@pytest.mark.parametrize("name", ["said-about", "legal-process", "offices"])
def test_the_version_2_queries_say_what_they_answer_and_run_unbound(v2_store, name):
    query = canned_queries()[name]
    assert len(query.description) > 20
    assert run_query(v2_store, query.text).rows


# --- issue 20: SPARQL results, one row per fact, dates as dates, one label, binds, kg find -----

ID = "https://w3id.org/berita-kg/id/"
ANI, KOREA, BUDI, LAB, NONAME = (
    ID + "person/ani-wijaya",
    ID + "country/korea-utara",
    ID + "person/budi-santoso",
    ID + "organization/lab-seoul",
    ID + "person/tanpa-nama",
)
H1, H2, H3 = "Ani menyurati Pyongyang", "Surat Ani dibalas", "Ani dan Korea Utara"
EV1, EV2 = "Ani mengirim surat kepada Korea Utara.", "Surat Ani sampai di Pyongyang."
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def _facts_trig() -> str:
    """A small graph as a build writes it (statements in article graphs, entities and source
    counts in the default graph) with what the canned queries must fold: one fact reported by
    three articles with two evidence sentences, dates of every kind the graph holds, entities
    named in Indonesian and English, in English only, in Korean only, or not at all, and names
    and keys that fit two entities."""
    p = {
        "bk": "https://w3id.org/berita-kg/ontology#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "prov": "http://www.w3.org/ns/prov#",
        "schema": "https://schema.org/",
        "owl": "http://www.w3.org/2002/07/owl#",
    }
    head = "".join(f"@prefix {k}: <{v}> .\n" for k, v in p.items())
    default = [
        f'<{ANI}> a schema:Person ; rdfs:label "Ani Wijaya"@id, "Ani W."@en ; skos:altLabel "Ani"@id .',
        f'<{KOREA}> a schema:Country ; rdfs:label "Korea Utara"@id, "North Korea"@en ; skos:altLabel "Pyongyang"@id ;'
        " owl:sameAs <http://www.wikidata.org/entity/Q423> .",
        f'<{ID}city/pyongyang> a schema:City ; rdfs:label "Pyongyang"@id .',
        f'<{BUDI}> a schema:Person ; rdfs:label "Budi Santoso"@en .',
        f'<{LAB}> a schema:Organization ; rdfs:label "서울연구소"@ko .',
        f"<{NONAME}> a schema:Person .",
        f'<{ID}person/sekou-toure> a schema:Person ; rdfs:label "Sékou Touré"@id .',
        f'<{ID}person/mira> a schema:Person ; rdfs:label "Mira Lestari"@id ; skos:altLabel "Mira"@id .',
        f'<{ID}organization/mira> a schema:Organization ; rdfs:label "Mira"@id .',
        f'<{ID}person/dewi> a schema:Person ; rdfs:label "Dewi"@id .',
        f'<{ID}organization/dewi-grup> a schema:Organization ; rdfs:label "Dewi"@id .',
    ]
    # (statement, predicate, object, date, datatype, articles)
    facts = [
        ("m1", "sentMessageTo", KOREA, "2019-09", "gYearMonth", ("a1", "a2", "a3")),
        ("f2", "metWith", BUDI, "2019", "gYear", ("a1",)),
        ("f3", "visited", KOREA, "2020", "gYear", ("a2",)),
        ("f4", "metWith", LAB, "2019-09-15", "date", ("a1",)),
        ("m5", "sentMessageTo", BUDI, "--09", "gMonth", ("a3",)),
        ("f6", "metWith", NONAME, None, None, ("a1",)),
    ]
    evidence = {("m1", "a1"): EV1, ("m1", "a2"): EV2, ("m1", "a3"): EV1}
    graphs: dict[str, list[str]] = {"a1": [], "a2": [], "a3": []}
    for st, pred, obj, date, dtype, articles in facts:
        default.append(f"<{ID}statement/{st}> bk:sourceCount {len(articles)} .")
        for art in articles:
            lines = graphs[art]
            lines.append(
                f"<{ID}statement/{st}> a rdf:Statement ; rdf:subject <{ANI}> ; rdf:predicate bk:{pred} ;"
                f" rdf:object <{obj}> ; prov:wasDerivedFrom <{ID}article/{art}> ;"
                f' bk:evidence "{evidence.get((st, art), "Ani " + pred)}"@id .'
            )
            if date:
                lines.append(f'<{ID}statement/{st}> bk:date "{date}"^^<{XSD_NS}{dtype}> .')
    headlines = {"a1": H1, "a2": H2, "a3": H3}
    named = "".join(
        f'<{ID}article/{art}> {{\n  <{ID}article/{art}> a schema:NewsArticle ; schema:headline "{headlines[art]}"@id .\n  '
        + "\n  ".join(lines)
        + "\n}\n"
        for art, lines in graphs.items()
    )
    return head + "\n".join(default) + "\n" + named


@pytest.fixture(scope="module")
def facts_dir(tmp_path_factory):
    """A build folder holding only graph.trig (a query then loads it: no store needed)."""
    folder = tmp_path_factory.mktemp("facts")
    (folder / "graph.trig").write_text(_facts_trig(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def facts(facts_dir):
    return open_store(facts_dir)


TYPES_QUERY = (
    'SELECT ?iri ?tagged ?typed ?plain ?blank ?unbound WHERE { BIND(<http://a/b> AS ?iri) BIND("kata"@id AS ?tagged)'
    ' BIND(42 AS ?typed) BIND("teks" AS ?plain) BIND(BNODE() AS ?blank) OPTIONAL { BIND(1 AS ?nothing) } }'
)


#: Each variable of TYPES_QUERY and what SPARQL JSON says of it (`kg query` and `kg serve` alike).
TYPED_VALUES = [
    ("iri", {"type": "uri", "value": "http://a/b"}),
    ("tagged", {"type": "literal", "value": "kata", "xml:lang": "id"}),
    ("typed", {"type": "literal", "value": "42", "datatype": XSD_NS + "integer"}),
    ("plain", {"type": "literal", "value": "teks"}),
    ("blank", {"type": "bnode"}),
    ("unbound", None),
]


@pytest.mark.parametrize(("var", "expected"), TYPED_VALUES)
def test_kg_query_json_is_sparql_results_json(facts_dir, var, expected):
    """`kg query -f json`: SPARQL 1.1 Query Results JSON, every value typed (not plain strings)."""
    result = CliRunner().invoke(cli, ["query", "-d", str(facts_dir), "-f", "json", TYPES_QUERY])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["head"]["vars"] == ["iri", "tagged", "typed", "plain", "blank", "unbound"]
    (binding,) = data["results"]["bindings"]
    if expected is None:
        assert var not in binding
    else:
        assert {k: binding[var][k] for k in expected if k in binding[var]} == expected
        assert set(binding[var]) <= {"type", "value", "xml:lang", "datatype"} and "value" in binding[var]


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("json", lambda out: json.loads(out) == {"head": {}, "boolean": True}),
        ("xml", lambda out: out.rstrip().endswith("<boolean>true</boolean></sparql>")),
        ("csv", lambda out: out.strip() == "true"),
        ("tsv", lambda out: out.strip() == "true"),
    ],
)
def test_kg_query_ask_in_each_format(facts_dir, fmt, check):
    result = CliRunner().invoke(cli, ["query", "-d", str(facts_dir), "-f", fmt, "ASK { ?s ?p ?o }"])
    assert result.exit_code == 0 and check(result.output), result.output


def test_every_canned_query_gives_sparql_json_with_typed_values(facts, examples_build):
    """Each canned query's JSON parses, names its variables, and types every value."""
    store = open_store(examples_build[1])
    binds = {"entity": {"entity": "kim-jong-un"}, "timeline": {"a": "vladimir-putin", "b": "kim-jong-un"}}
    for name, canned in canned_queries().items():
        data = json.loads(query_results(store, canned, "json", binds.get(name))[0])
        assert data["head"]["vars"] and data["results"]["bindings"], name
        for binding in data["results"]["bindings"]:
            assert set(binding) <= set(data["head"]["vars"]), name
            assert all(term["type"] in ("uri", "literal", "bnode") for term in binding.values()), name


def _rows(store, name, bindings=None):
    from kg.store.query import query

    result = query(store, canned_queries()[name], bindings)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def test_one_row_per_fact_whatever_its_sources_and_evidence(facts):
    """The message reported by three articles, with two evidence sentences between them, is one
    row (it was one per article and sentence: 6), its sources and evidence joined."""
    rows = [r for r in _rows(facts, "messages") if r["to"] == "Korea Utara"]
    assert len(rows) == 1
    (row,) = rows
    assert row["sources"] == "3" and row["date"] == "2019-09"
    assert set(row["headlines"].split(" | ")) == {H1, H2, H3}
    assert set(row["evidence"].split(" | ")) == {EV1, EV2}


@pytest.mark.parametrize(
    ("name", "bindings", "key"),
    [
        ("messages", None, lambda r: (r["from"], r["to"], r["date"])),
        ("entity", {"entity": "person/ani-wijaya"}, lambda r: (r["property"], r["object"], r["date"])),
        ("timeline", {"a": "ani-wijaya", "b": "korea-utara"}, lambda r: (r["property"], r["object"], r["date"])),
        ("multi-source", None, lambda r: (r["subject"], r["property"], r["object"], r["date"])),
    ],
)
def test_no_canned_query_repeats_a_fact(facts, name, bindings, key):
    rows = _rows(facts, name, bindings)
    assert rows and len({key(r) for r in rows}) == len(rows)


def test_the_examples_messages_are_one_row_each(examples_build):
    """On the examples: Kim Jong Un's message to Putin, reported by two articles with two
    sentences each, was 4 rows of 5; now 2 rows, one per message."""
    rows = _rows(open_store(examples_build[1]), "messages")
    assert sorted((r["from"], r["to"], r["sources"]) for r in rows) == [
        ("Kim Jong Un", "Vladimir Putin", "2"),
        ("Vladimir Putin", "Kim Jong Un", "1"),
    ]


@pytest.mark.parametrize(
    ("name", "bindings", "column", "expected"),
    [
        # a year before its months, a month before its days, a month without a year last, then undated
        ("entity", {"entity": "ani-wijaya"}, "date", ["2019", "2019-09", "2019-09-15", "2020", "--09", ""]),
        ("timeline", {"a": "ani-wijaya", "b": "korea-utara"}, "date", ["2019-09", "2020"]),
        ("timeline", {"a": "ani-wijaya", "b": "budi-santoso"}, "date", ["2019", "--09"]),
        ("messages", None, "date", ["2019-09", "--09"]),
    ],
)
def test_dates_sort_as_dates(facts, name, bindings, column, expected):
    assert [r[column] for r in _rows(facts, name, bindings)] == expected


@pytest.mark.parametrize(
    ("object_iri", "label"),
    [
        (KOREA, "Korea Utara"),  # Indonesian before English (and before the alternative name)
        (BUDI, "Budi Santoso"),  # English when there is no Indonesian name
        (LAB, "서울연구소"),  # any language when there is neither
        (NONAME, NONAME),  # no name at all: the IRI
    ],
)
def test_one_label_per_entity_indonesian_first(facts, object_iri, label):
    rows = _rows(facts, "entity", {"entity": "ani-wijaya"})
    assert {r["subject"] for r in rows} == {"Ani Wijaya"}
    assert label in [r["object"] for r in rows]
    naive = run_query(facts, f"SELECT ?l WHERE {{ <{KOREA}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")
    assert len(naive.rows) == 2  # what the canned queries fold: two names of one country


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("person/ani-wijaya", ANI),  # a key
        ("ani-wijaya", ANI),  # a key without its type
        ("  ani-wijaya ", ANI),
        (ANI, ANI),  # an IRI
        ("http://www.wikidata.org/entity/Q423", KOREA),  # an IRI the entity is owl:sameAs
        ("Ani Wijaya", ANI),  # a name
        ("ani wijaya", ANI),  # any case
        ("ANI W.", ANI),  # an English name
        ("Ani", ANI),  # an alternative name
        ("sekou toure", ID + "person/sekou-toure"),  # accents aside
        ("Pyongyang", ID + "city/pyongyang"),  # a primary name beats another entity's alternative one
        ("Mira", ID + "organization/mira"),
        ("Dewi", ("person/dewi", "organization/dewi-grup")),  # one name, two entities: both named
        ("mira", ("person/mira", "organization/mira")),  # one key, two types
        ("wijaya", ("person/ani-wijaya",)),  # nothing whole: names that hold it are suggested
        ("person/nobody", ()),
        ("http://example.org/nobody", ()),
        ("Nobody At All", ()),
    ],
)
def test_an_entity_bind_is_a_key_an_iri_or_a_name(facts, value, expected):
    from kg.store.entities import AmbiguousEntity, UnknownEntity, resolve_entity

    if isinstance(expected, str):
        assert resolve_entity(facts, value) == expected
        return
    error = UnknownEntity if not expected or value == "wijaya" else AmbiguousEntity
    with pytest.raises(error) as caught:
        resolve_entity(facts, value, what="--bind entity")
    message = str(caught.value)
    assert message.startswith("--bind entity:") and repr(value.strip()) in message
    assert [e.key for e in caught.value.candidates] == list(expected) or sorted(
        e.key for e in caught.value.candidates
    ) == sorted(expected)
    assert all(key in message for key in expected)
    if error is UnknownEntity:
        assert "kg find" in message


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["-n", "entity"], 2, ["--bind entity="]),  # needs its entity: a usage error, not every fact
        (["-n", "timeline", "-b", "a=ani-wijaya"], 2, ["--bind b="]),
        (["-n", "messages", "-b", "a=ani-wijaya"], 2, ["together", "b is missing"]),
        (["-n", "treaties", "-b", "x=1"], 2, ["'x'", "no --bind"]),
        (["-n", "offices", "-b", "entity=ani"], 2, ["'entity'", "--bind person="]),
        (["-n", "entity", "-b", "entity=kim-jong-un"], 1, ["'kim-jong-un'", "kg find"]),
        (["-n", "entity", "-b", "entity=Dewi"], 1, ["person/dewi", "organization/dewi-grup"]),
        (["-n", "entity", "-b", "entity=ani-wijaya"], 0, ["Korea Utara"]),
        (["-n", "entity", "-b", "entity=Ani Wijaya", "-f", "csv"], 0, ["subject,property,object"]),
        (["-n", "said-about"], 0, []),  # an optional bind: without it, every quote
    ],
)
def test_cli_binds(facts_dir, args, code, words):
    result = CliRunner().invoke(cli, ["query", "-d", str(facts_dir), *args])
    assert result.exit_code == code, result.output
    assert all(w in result.output for w in words), result.output
    assert "Traceback" not in result.output
    if code == 2:
        assert "Usage:" in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# bind entity (required): the entity\nSELECT * {}", [("entity", True, True, ())]),
        (
            "# bind ?a, ?b (optional, together): two\nSELECT * {}",
            [("a", False, True, ("a", "b")), ("b", False, True, ("a", "b"))],
        ),
        ("# bind q (optional, text): a word\nSELECT * {}", [("q", False, False, ())]),
        ("# A query.\n#   BIND x (REQUIRED)\nSELECT * {}", [("x", True, True, ())]),
        ("SELECT * {}", None),
        ("# just words about bind\nSELECT * {}", None),
        ("SELECT * {}\n# bind x (required)", None),  # only the header counts
        ("# bind x (maybe): no\nSELECT * {}", QueryError),
        ("# bind x (required, optional)\nSELECT * {}", QueryError),
        ("# bind x y (required)\nSELECT * {}", QueryError),
        ("# bind x\nSELECT * {}", QueryError),
    ],
)
def test_bind_declarations(text, expected):
    from kg.store.query import declared_binds

    if expected is QueryError:
        with pytest.raises(QueryError, match="bad bind declaration"):
            declared_binds(text)
        return
    binds = declared_binds(text)
    assert (None if binds is None else [(b.name, b.required, b.entity, b.together) for b in binds]) == expected


def test_every_canned_query_that_needs_a_bind_says_so():
    needs = {name: [b.name for b in q.binds if b.required] for name, q in canned_queries().items()}
    assert {name: names for name, names in needs.items() if names} == {"entity": ["entity"], "timeline": ["a", "b"]}
    takes = {name: sorted(b.name for b in q.binds) for name, q in canned_queries().items() if q.binds}
    assert takes == {
        "entity": ["entity"],
        "legal-process": ["person"],
        "messages": ["a", "b"],
        "offices": ["person"],
        "said-about": ["entity"],
        "timeline": ["a", "b"],
    }
    for q in canned_queries().values():
        assert "bind" not in q.description.lower().split()[:1]  # the declarations are not the description


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("korea", ["country/korea-utara"]),
        ("KOREA utara", ["country/korea-utara"]),
        ("pyongyang", ["city/pyongyang", "country/korea-utara"]),  # the whole name first, by key
        ("sekou", ["person/sekou-toure"]),  # accents aside
        ("Touré", ["person/sekou-toure"]),
        ("dewi", ["organization/dewi-grup", "person/dewi"]),
        ("mira", ["organization/mira", "person/mira"]),  # a whole name (and key) before a name that starts with it
        ("서울", ["organization/lab-seoul"]),
        ("lab-seoul", ["organization/lab-seoul"]),  # the key counts too
    ],
)
def test_kg_find(facts_dir, name, keys):
    result = CliRunner().invoke(cli, ["find", "-d", str(facts_dir), name])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        lines[0].split() == ["key", "types", "names"]
        and lines[-1] == f"({len(keys)} entit{'y' if len(keys) == 1 else 'ies'})"
    )
    assert [line.split()[0] for line in lines[2:-1]] == keys


def test_kg_find_shows_types_and_every_name(facts_dir):
    result = CliRunner().invoke(cli, ["find", "-d", str(facts_dir), "ani wijaya"])
    (row,) = result.output.splitlines()[2:-1]
    assert row.split()[:2] == ["person/ani-wijaya", "Person"]
    assert "Ani Wijaya (id) | Ani W. (en) | Ani (id)" in row


def test_kg_find_nothing_says_so_and_exits_0(facts_dir):
    result = CliRunner().invoke(cli, ["find", "-d", str(facts_dir), "zzz"])
    assert result.exit_code == 0 and "no entity matches 'zzz'" in result.output
    assert CliRunner().invoke(cli, ["find", "-d", str(facts_dir), "zzz"]).stdout_bytes in (b"",)


def test_kg_find_limit(facts_dir):
    result = CliRunner().invoke(cli, ["find", "-d", str(facts_dir), "", "--limit", "2"])
    assert result.exit_code == 0 and "raise --limit" in result.output
    assert len(result.output.splitlines()) == 2 + 2 + 1 + 1  # header, rule, 2 rows, count, the note


def test_find_entities_is_library_code(facts):
    from kg.store.entities import find_entities

    (found,) = find_entities(facts, "budi")
    assert (found.key, found.types, found.label) == ("person/budi-santoso", ("Person",), "Budi Santoso")


@pytest.mark.parametrize(
    ("trig", "named", "default"),
    [
        # one triple in two articles' graphs: twice among the named graphs, once in the default graph
        ("<http://a/g1> { <http://a/s> <http://a/p> 'o' } <http://a/g2> { <http://a/s> <http://a/p> 'o' }", 2, 1),
        # a triple of the default graph stays there once; a blank node is the same node in both copies
        (
            "<http://a/s> <http://a/p> 'o' . <http://a/g1> { <http://a/s> <http://a/p> 'o' . _:b <http://a/p> 'x' }",
            2,
            2,
        ),
        ("", 0, 0),
    ],
)
@pytest.mark.parametrize("chunk", [1, 3, 50_000])
@pytest.mark.parametrize("on_disk", [False, True])
def test_load_store_puts_the_union_of_the_named_graphs_in_the_default_graph(
    tmp_path, monkeypatch, trig, named, default, chunk, on_disk
):
    """Loaded in chunks of any size (the bulk loader's memory is a chunk's), in memory or on disk."""
    import pyoxigraph as ox

    from kg.store import query
    from kg.store.query import load_store

    monkeypatch.setattr(query, "LOAD_CHUNK", chunk)
    path = tmp_path / "graph.trig"
    path.write_text(trig, encoding="utf-8")
    store = load_store(path, tmp_path / "store" if on_disk else None)
    in_named = [q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)]
    in_default = {(q.subject, q.predicate, q.object) for q in store if isinstance(q.graph_name, ox.DefaultGraph)}
    assert (len(in_named), len(in_default)) == (named, default)
    assert {(q.subject, q.predicate, q.object) for q in in_named} <= in_default
