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


def test_an_in_memory_copy_answers_as_the_store_does(examples_build, store):
    memory = open_store(examples_build[1], in_memory=True)
    assert len(memory) == len(store) > 0
    for name, query in canned_queries().items():
        assert run_query(memory, query.text).rows == run_query(store, query.text).rows, name


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
    result = run_query(store, VISITS)
    table = format_result(result, "table").splitlines()
    assert table[0].split() == ["who", "where"] and table[-1] == f"({len(result.rows)} rows)"
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows[0] == ["who", "where"] and len(rows) == len(result.rows) + 1
    assert format_result(result, "tsv").splitlines()[1].count("\t") == 1
    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == ["who", "where"] and len(data["results"]["bindings"]) == len(result.rows)


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
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_cells_are_not_formulas(cell, written, fmt):
    from kg.store.query import Result

    out = format_result(Result(("x", "y"), ((cell, "safe"),)), fmt)
    rows = list(csv.reader(io.StringIO(out, newline=""), delimiter="," if fmt == "csv" else "\t"))
    assert rows == [["x", "y"], [written, "safe"]]


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
            [(KPK_NAME, JOKOWI_NAME, QUOTE_1, "direct", "2024-05-02", "asserted", HEADLINE, V2_ARTICLE_IRI)],
        ),
        (
            "said-about",
            {"entity": "person/budi-santoso"},
            [
                (BUDI_NAME, JOKOWI_NAME, QUOTE_1, "direct", "2024-05-02", "asserted", HEADLINE, V2_ARTICLE_IRI),
                (BUDI_NAME, JOKOWI_NAME, QUOTE_2, "indirect", "2024-05-03", "asserted", HEADLINE, V2_ARTICLE_IRI),
            ],
        ),
        ("said-about", {"entity": "person/joko-widodo"}, []),  # the speaker is no quote's subject matter
        (
            "legal-process",
            {"person": "person/budi-santoso"},
            [
                (BUDI_NAME, "namedSuspect", KPK_NAME, "2024-04-20", "", "asserted", HEADLINE),
                (BUDI_NAME, "arrested", KPK_NAME, "2024-05-01", "", "asserted", HEADLINE),
                (BUDI_NAME, "charged", KPK_NAME, "2024-07-01", "", "asserted", HEADLINE),
                (
                    BUDI_NAME,
                    "sentenced",
                    "Pengadilan Negeri Jakarta Pusat",
                    "2024-09-10",
                    "5 tahun penjara",
                    "asserted",
                    HEADLINE,
                ),
            ],
        ),
        ("legal-process", {"person": "person/joko-widodo"}, []),
        (
            "offices",
            {"person": "person/budi-santoso"},
            [
                (
                    BUDI_NAME,
                    "affiliatedWith",
                    "Anggota Dewan Pembina",
                    "Partai Nusantara",
                    "",
                    "false",
                    "",
                    "asserted",
                    HEADLINE,
                ),
                (BUDI_NAME, "leaderOf", "Ketua Umum", "Partai Nusantara", "", "true", "", "asserted", HEADLINE),
                (
                    BUDI_NAME,
                    "elected",
                    "Anggota DPR",
                    "Dewan Perwakilan Rakyat",
                    "",
                    "false",
                    "2019",
                    "asserted",
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
                    HEADLINE,
                ),
                (BUDI_NAME, "resignedFrom", "", "Partai Nusantara", "", "false", "2024-05", "asserted", HEADLINE),
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
