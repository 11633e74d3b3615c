"""SPARQL over a build: the store, canned queries, bindings, formats, errors (kg.store.query, `kg query`)."""

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli
from kg.store.query import QueryError, canned_queries, format_result, open_store, run_query, with_bindings

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
    assert {"visits-by-leader-year", "messages", "treaties", "multi-source", "conflicts", "entity", "timeline"} <= set(
        canned
    )
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
